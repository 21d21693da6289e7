"""Numbers stated in the prose of lesson 7, asserted against the executed notebook ``lessons/07_learning_loop.ipynb``.

Each test reads a number from the stored outputs and the sentence that states it from the markdown, so
the two cannot drift apart (issue 15, section 6).
"""

import math
import re

import nbformat
from lesson_text import LESSONS, markdown, outputs

LESSON = "07_learning_loop"
RUN = re.compile(r"^(\S+)\s+seed (\d): +(\d+) epochs, ended by its (\w+) *; best epoch +(\d+): validation loss "
                 r"([\d.]+), +(\d+) of (\d+) right; training accuracy ([\d.]+)%$", flags=re.MULTILINE)


def prose():
    """The lesson's markdown with every run of whitespace made one space."""
    return " ".join(markdown(LESSON).split())


def runs(n_validation):
    """The architecture section's runs on a validation set of ``n_validation``, in printed order."""
    return [dict(name=name, seed=int(seed), epochs=int(epochs), ended_by=ended_by, best=int(best),
                 loss=float(loss), right=int(right), train_accuracy=float(train))
            for name, seed, epochs, ended_by, best, loss, right, n, train in RUN.findall(outputs(LESSON))
            if int(n) == n_validation]


def test_lesson_7_the_digits_split_sizes_shares_and_counts():
    text, said = outputs(LESSON), prose()
    sizes = [int(n) for n in re.findall(r"^\w+ +X: \((\d+), 64\)", text, flags=re.MULTILINE)]
    assert sizes == [1149, 288, 360] and sum(sizes) == 1797
    assert [round(100 * n / 1797) for n in sizes] == [64, 16, 20]
    assert "1,797 small images" in said and "(64% of the images)" in said
    assert "The **validation set** (16%)" in said and "The **test set** (20%)" in said
    test_counts = [int(n) for n in re.search(r"^test +\[([\d ]+)\]", text, flags=re.MULTILINE).group(1).split()]
    assert sum(test_counts) == 360 and (min(test_counts), max(test_counts)) == (35, 37)
    assert "the 360 test images hold between 35 and 37 of each digit" in said


def test_lesson_7_the_raw_digits_are_8x8_counts_from_0_to_16():
    from sklearn.datasets import load_digits

    images = load_digits().images
    assert images.shape == (1797, 8, 8) and images.min() == 0 and images.max() == 16
    assert "each pixel is a whole number from 0 (no ink) to 16 (full ink)" in prose()


def test_lesson_7_the_loop_is_about_fifteen_lines_and_five_epochs_cut_the_loss_to_a_tenth():
    notebook = nbformat.read(LESSONS / f"{LESSON}.ipynb", as_version=4)
    fit = next(cell.source for cell in notebook.cells if cell.source.startswith("def fit("))
    body = [line for line in fit.splitlines()[2:] if line.strip()]
    assert 12 <= len(body) <= 18
    assert "write the whole loop yourself in about fifteen lines" in prose()
    text = outputs(LESSON)
    assert "epoch 5: training loss 0.2524" in text
    assert 0.08 < 0.2524 / math.log(10) < 0.14
    assert "after five epochs the loss is about a tenth of that" in prose()


def test_lesson_7_an_epoch_of_the_digits_is_36_iterations():
    assert "iterations: [36, 72, 108, 144, 180]" in outputs(LESSON)
    assert math.ceil(1149 / 32) == 36 and 1149 - 35 * 32 == 29
    assert r"$\lceil 1149 / 32 \rceil = 36$ iterations (the last batch has only 29 images)" in prose()
    assert "the digits run made 36 iterations per epoch" in prose()


def test_lesson_7_the_digits_run_its_size_its_stop_and_its_validation_curve():
    text, said = outputs(LESSON), prose()
    assert "19,210 parameters" in text and "about 19,000 parameters" in said
    stop = int(re.search(r"did not improve for 15 epochs \(epoch (\d+)\)\. Parameters kept from epoch 28", text).group(1))
    assert stop == 43 and "the bar stops well before 100 epochs" in said
    assert "At epoch 28: loss train 0.0325, validation 0.1342; accuracy train 99.8%, validation 97.2%" in text
    assert ("validation loss after epochs 1, 5, 10, 15: 0.9170, 0.2161, 0.1525, 0.1447; "
            "at the last epoch (43): 0.1437") in text
    assert "(99.8% at the best epoch)" in said
    assert "(0.92 after epoch 1, 0.15 after epoch 10)" in said
    assert "from epoch 15 to the best epoch, 28, it drops only from 0.145 to 0.134, and by epoch 43 it is back at 0.144" in said


def test_lesson_7_the_test_accuracy_and_the_baseline():
    text, said = outputs(LESSON), prose()
    assert "test accuracy: 97.2% (350 of 360 images right)" in text
    assert "logistic regression, training images:               96.4%" in text
    assert "train a digit classifier (97.2% test accuracy on seed 0)" in said
    assert "97.2% test accuracy on the digits (350 of 360 images) on seed 0, logistic regression" in said
    assert "96.4%" in said and round(100 / 360, 2) == 0.28
    assert "by up to 4 on the six seeds below" in said and 350 - 346 == 4


def test_lesson_7_the_logistic_regression_with_and_without_its_l2_penalty():
    text = outputs(LESSON)
    assert "the same without the L2 penalty:                  96.1%" in text  # 346 of 360


def test_lesson_7_the_spread_over_six_seeds_is_what_the_prose_and_summary_say():
    text = outputs(LESSON)
    assert "network, seeds 0-5: [350, 350, 350, 346, 348, 347] of 360 right; logistic regression: 347" in text
    assert "network beats logistic regression on 4 of 6 seeds, ties on 1" in text
    said = prose()
    assert "between 346 and 350 of the 360 images right (96.1% to 97.2%)" in said
    assert "seeds gave 346 to 350 images right, and two of them no more than logistic regression's 347" in said
    assert round(346 / 360, 3) == 0.961 and round(350 / 360, 3) == 0.972


def test_lesson_7_the_confusion_matrix_diagonal_is_in_the_thirties_and_some_mistakes_are_confident():
    text = outputs(LESSON)
    rows = re.findall(r"^ ?\[+([\d ]+)\]+$", text, flags=re.MULTILINE)
    matrix = [[int(n) for n in row.split()] for row in rows if len(row.split()) == 10]
    assert len(matrix) == 10
    assert all(30 <= matrix[i][i] <= 39 for i in range(10))
    assert "next to the diagonal's counts in the thirties" in prose()
    wrong = [float(p) for p in re.search(r"probability given to each wrong prediction: \[([\d. ]+)\]", text)
             .group(1).split()]
    assert len(wrong) == 10 and max(wrong) > 0.9 and min(wrong) < 0.5
    assert "some mistakes come with a probability above 0.9" in prose()
    assert "predicted: 7, with probability 1.00" in text


def test_lesson_7_the_regressor_data_and_its_fit_inside_and_outside_the_range():
    text, said = outputs(LESSON), prose()
    assert "train (128, 1)  validation (32, 1)  test (40, 1)" in text and 128 + 32 + 40 == 200
    assert "128 training, 32 validation and 40 test points" in said
    assert "an epoch is only 8 iterations" in said and 128 // 16 == 8
    assert "largest gap between network and true function: 0.15 inside the training range, 2.80 outside it" in text
    assert "never more than 0.15 away, less than the noise's standard deviation of 0.2" in said
    assert "by up to 2.80 on the grid" in said and "is 2.80, against 0.15 inside" in said
    network, line, truth = (float(re.search(rf"test MSE, {name}: +([\d.]+)", text).group(1))
                            for name in ["network 1-32-1", "straight line", "true function"])
    assert 0.04 < truth < 0.06  # "the true function itself scores a little more" than 0.04
    assert truth < network < 0.07 < line  # close to the noise level, far below the straight line


def test_lesson_7_a_smaller_regression_step_shrinks_the_jumps_not_the_best_loss():
    pattern = (r"eta ([\d.]+), seed (\d): median jump (\d+)%; +(\d+) epochs; best validation loss ([\d.]+) "
               r"at epoch +(\d+), ([\d.]+) at the last")
    found = re.findall(pattern, outputs(LESSON))
    rows = {(float(eta), int(seed)): dict(jump=int(jump), epochs=int(epochs), best_loss=float(best_loss),
                                           best=int(best), last=float(last))
            for eta, seed, jump, epochs, best_loss, best, last in found}
    assert len(rows) == 6
    large = [rows[0.05, seed]["jump"] for seed in range(3)]
    small = [rows[0.01, seed]["jump"] for seed in range(3)]
    assert (min(large), max(large), min(small), max(small)) == (29, 36, 6, 11)
    assert all(3 <= big / little <= 6 for big, little in zip(large, small))
    assert all(0.0605 <= row["best_loss"] < 0.0635 for row in rows.values())
    assert rows[0.01, 0]["best"] == 265 and rows[0.01, 0]["epochs"] == 300
    assert rows[0.01, 0]["last"] > rows[0.01, 0]["best_loss"]
    assert rows[0.01, 1]["epochs"] == 190 and rows[0.01, 2]["best"] == 279
    said = prose()
    assert "by a factor of 3 to 6, from 29-36% of the loss to 6-11%" in said
    assert "the best validation loss is 0.061-0.063 at either rate" in said
    assert ("seed 0 is best at epoch 265 and has drifted up by epoch 300, seed 1 stops on its patience at "
            "epoch 190, and seed 2 is best at epoch 279") in said


def test_lesson_7_the_moons_split_and_results():
    text, said = outputs(LESSON), prose()
    assert "train (192, 2)  validation (48, 2)  test (60, 2)" in text and 192 + 48 + 60 == 300
    assert "makes 300 points" in said and "192 training, 48 validation and 60 test points" in said
    assert "training accuracy first reached 90% at epoch 38" in text and "(on this seed until epoch 38;" in said
    assert "test accuracy, network 2-8-2:        100.0%" in text
    assert "test accuracy, logistic regression:  91.7%" in text
    assert "(100%, against 91.7% for logistic regression)" in said


def test_lesson_7_on_the_moons_capacity_binds_and_the_choice_is_made_on_validation():
    moons = runs(48)
    assert len(moons) == 12 and all(run["ended_by"] == "patience" and run["epochs"] < 2000 for run in moons)
    by = {name: [run for run in moons if run["name"] == name] for name in ["2-2", "2-2-2", "2-8-2", "2-32-2"]}
    assert all(round(run["loss"], 3) == 0.394 and run["right"] == 38 and run["train_accuracy"] == 85.4
               for run in by["2-2"])
    assert all(0.37 <= run["loss"] < 0.39 and run["right"] == 38 for run in by["2-2-2"])
    assert all(0.218 <= run["loss"] < 0.2275 and 44 <= run["right"] <= 46 for run in by["2-8-2"])
    assert {run["right"] for run in by["2-8-2"]} == {44, 46}
    assert all(0.20 <= run["loss"] < 0.23 for run in by["2-32-2"]) and {r["right"] for r in by["2-32-2"]} == {45, 46}
    assert all(eight["loss"] - many["loss"] < 0.02 for eight, many in zip(by["2-8-2"], by["2-32-2"]))
    assert "logistic regression without penalty: training accuracy 86.5%, 38 of 48 validation right" in outputs(LESSON)
    said = prose()
    assert "the three seeds end at the same validation loss, 0.394, with 85.4% of the training points right" in said
    assert "gets 86.5% of the training points and the same 38 of 48 validation points" in said
    assert "(validation loss 0.37-0.39, still 38 of 48)" in said
    assert "eight cut it to 0.218-0.227 on every seed and get 44-46 of 48 right" in said
    assert "32 do about as well as eight (0.20-0.23, 45-46 of 48)" in said
    assert "8 comes within 0.02 of 32 on every seed" in said


def test_lesson_7_on_the_digits_the_budget_not_capacity_held_the_network_without_a_hidden_layer_back():
    digits = runs(288)
    assert len(digits) == 12
    capped, uncapped, hidden, slow = digits[0:3], digits[3:6], digits[6:9], digits[9:12]
    assert all(run["name"] == "64-10" for run in capped + uncapped)
    assert all(run["name"] == "64-256-10" for run in hidden + slow)
    assert all(run["ended_by"] == "budget" and run["best"] >= 99 for run in capped)
    assert all(run["ended_by"] == "patience" for run in uncapped + hidden)
    assert (min(r["epochs"] for r in uncapped), max(r["epochs"] for r in uncapped)) == (213, 292)
    assert all(0.1465 <= run["loss"] < 0.1485 for run in uncapped)
    assert (min(r["right"] for r in uncapped), max(r["right"] for r in uncapped)) == (277, 279)
    assert (round(min(r["loss"] for r in hidden), 3), round(max(r["loss"] for r in hidden), 3)) == (0.133, 0.138)
    assert {r["right"] for r in hidden} == {280, 281}
    assert {big["right"] - small["right"] for small, big in zip(uncapped, hidden)} == {2, 3}
    assert all(big["loss"] < small["loss"] for small, big in zip(uncapped, hidden))
    assert all(run["ended_by"] == "budget" and run["best"] == 20 for run in slow)
    assert (round(min(r["loss"] for r in slow), 2), round(max(r["loss"] for r in slow), 2)) == (1.73, 1.85)
    said = prose()
    assert "runs out of budget with its best epoch at 99 or 100" in said
    assert "stops on its patience after 213 to 292 epochs at a validation loss of 0.147-0.148, against 0.133-0.138" in said
    assert "gets 277-279 of the 288 validation images right against 280-281: 2 or 3 images behind on each seed" in said
    assert "(the lower validation loss on every seed)" in said
    assert "at a validation loss of 1.73-1.85, still falling" in said
    assert "0.394 to about 0.22" in said and "only 2 or 3 of 288 validation images behind" in said


def test_lesson_7_loose_statements_are_tightened():
    said = prose()
    assert "can approximate any continuous function on a bounded region as closely as we like" in said
    assert "it is no longer unseen once it has made them" in said
    assert "no improvement on unseen data" not in said


def test_lesson_7_every_question_has_a_revealable_answer():
    questions = markdown(LESSON).split("## Questions")[1]
    numbered = re.findall(r"^\d+\. ", questions, flags=re.MULTILINE)
    assert len(numbered) == 6
    assert questions.count("<details><summary>Answer</summary>") == questions.count("</details>") == len(numbered)
    answers = " ".join(questions.split())
    assert r"$40 \times 36 = 1440$" in answers and "40 in all" in answers and 40 * math.ceil(1149 / 32) == 1440
    assert "2 or 3 of 288 validation images behind" in answers
