"""Numbers stated in the prose of lesson 12, asserted against the executed notebook
``lessons/12_regularisation.ipynb``; the claims about every epoch of the first section's runs (the training accuracy
after it first reaches 100%, the validation accuracy throughout) are measured here again."""

import math
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from lesson_text import markdown, outputs
from nbtools.datasets import load_digits_split
from nbtools.layers import init_network
from nbtools.optimisers import Momentum
from nbtools.regularisation import regularised, training_subset
from nbtools.training import train

LESSON = "12_regularisation"
ROOT = Path(__file__).resolve().parents[1]


def prose():
    """The lesson's markdown with line breaks as spaces, so that a phrase may wrap anywhere."""
    return re.sub(r"\s+", " ", markdown(LESSON))


def says(*phrases):
    text = prose()
    for phrase in phrases:
        assert phrase in text, phrase


def test_lesson_12_starts_from_lesson_7s_numbers():
    assert "accuracy train 99.8%, validation 97.2%" in outputs("07_learning_loop")
    says("Lesson 7's digits network got 99.8% of its 1,149 training images right at its best epoch, and 97.2% "
         "of the validation images", "lesson 7's 1,149 gave about three")
    assert round(99.8 - 97.2, 1) == 2.6
    text = outputs(LESSON)
    assert "training images: 100  of each digit: [10 10 10 10 10 10 10 10 10 10]" in text
    assert "validation images: 288  test images: 360" in text


def first_section_rows():
    text = outputs(LESSON)
    block = text.split("train loss val acc  at 300", 1)[1]
    rows = re.findall(r"^([0-2]) +(\d+) +(\d+) +([0-9.]+) +([0-9.]+) +([0-9.]+) +([0-9.]+)% +([0-9.]+)%$", block,
                      flags=re.MULTILINE)[:3]
    return [[float(x) for x in row] for row in rows]


def test_lesson_12_overfitting_on_100_images():
    rows = first_section_rows()
    assert len(rows) == 3
    seeds, perfect, best, best_loss, last_loss, train_loss, best_acc, last_acc = zip(*rows)
    assert (min(perfect), max(perfect)) == (22, 27) and (min(best), max(best)) == (92, 127)
    assert (min(best_loss), max(best_loss)) == (0.258, 0.278) and (min(last_loss), max(last_loss)) == (0.279, 0.304)
    assert all(round(t, 3) == 0.005 for t in train_loss)
    assert all(last > first for first, last in zip(best_loss, last_loss))          # "creeps back up"
    says("By epoch 22-27 the network gets all 100 training images right",
         "the training loss is 0.005", "lowest at epochs 92 to 127 (0.258 to 0.278)", "to 0.279-0.304 at epoch 300",
         "reaches 100% training accuracy by epoch 27 on every seed, and 91-92% on the validation images")
    assert (min(best_acc), max(best_acc)) == (91.0, 92.0)
    assert 64 * 256 + 256 + 256 * 10 + 10 == 19_210 and "19,210 parameters" in prose()
    assert all(8.0 <= 100 - a <= 9.0 for a in best_acc)                            # "miss 8% to 9%"
    says("The same networks miss 8% to 9% of the validation images", "best epoch (92)")
    gaps = [float(g) for g in re.findall(r"gap at the kept epoch ([0-9.]+)%", outputs(LESSON))]
    assert gaps == [8.0, 9.0, 8.3]
    says("Eight or nine points of gap on 100 images", "8-9 points on 100 images")


def test_lesson_12_every_epoch_of_the_first_section():
    """Measured again: after first reaching 100%, at most one training image missed; validation below 93%."""
    data = load_digits_split(seed=0)
    small = training_subset(data, 100, seed=0)
    for seed in range(3):
        rng = np.random.default_rng(seed)
        network = init_network([64, 256, 10], rng)
        history = train(network, ["relu", "identity"], "softmax_cross_entropy", small.X_train, small.Y_train,
                        Momentum(0.02, 0.9), epochs=300, batch_size=32, rng=rng,
                        validation=(small.X_validation, small.Y_validation),
                        gradient=regularised(0.0, 1.0, np.random.default_rng(seed + 1000)))
        first = history["train_accuracy"].index(1.0)
        assert min(history["train_accuracy"][first:]) >= 0.99
        assert max(history["validation_accuracy"]) < 0.93
        assert round(history["validation_loss"][-1], 3) == first_section_rows()[seed][4]
    says("after that it misses at most one of them now and then", "stays below 93% throughout (tested)")


def capacity_table():
    text = outputs(LESSON)
    block = text.split("runs ended by their budget: 0 of 36", 1)[1].split("lowest validation loss", 1)[0]
    table = {}
    name = None
    for line in block.strip("\n").split("\n")[1:]:
        words = line.split()
        if words[0].startswith("64-"):
            name, words = words[0], words[1:]
        kind = " ".join(words[-2:])
        values = [float(w.rstrip("%")) for w in words[:-2]]
        table[name, kind] = values                                   # 12 values: sizes x seeds
    return table


SIZES = [50, 100, 200, 400, 800, 1149]


def test_lesson_12_capacity_against_data():
    text = outputs(LESSON)
    assert "runs ended by their budget: 0 of 36" in text
    table = capacity_table()
    names = ["64-10", "64-32-10", "64-256-10"]
    assert len(table) == 9 and all(len(values) == 12 for values in table.values())
    loss = {name: table[name, "val loss"] for name in names}
    train_acc = {name: table[name, "train acc"] for name in names}
    val_acc = {name: table[name, "val acc"] for name in names}
    first, last = slice(0, 2), slice(10, 12)
    assert min(min(loss[n][first]) for n in names) == 0.370 and max(max(loss[n][first]) for n in names) == 0.497
    assert min(min(loss[n][last]) for n in names) == 0.134 and max(max(loss[n][last]) for n in names) == 0.155
    for n in names:                                                  # "falls about threefold"
        assert 2.5 < np.mean(loss[n][first]) / np.mean(loss[n][last]) < 3.5
        gap = np.array(train_acc[n]) - np.array(val_acc[n])
        assert all(10.5 < g < 12.5 for g in gap[first]) and all(2 <= g <= 3 for g in gap[last]), (n, gap)
    assert min(min(val_acc[n][first]) for n in names) == 87.8 and max(max(val_acc[n][first]) for n in names) == 89.2
    assert min(min(val_acc[n][last]) for n in names) == 96.5 and max(max(val_acc[n][last]) for n in names) == 97.6
    assert min(min(train_acc[n]) for n in names) == 99.2
    assert min(min(val_acc[n]) for n in names) == 87.8 and max(max(val_acc[n]) for n in names) == 97.6
    assert min(train_acc["64-10"][:8]) >= 99.5                      # 50 to 400 images
    assert 64 * 10 + 10 == 650
    winners = dict(re.findall(r"^ +(\d+) images: (\S+ +\S+)$", text, flags=re.MULTILINE))
    for size, index in zip(SIZES, range(6)):
        pair = winners[str(size)].split()
        both = pair == ["64-256-10", "64-256-10"]
        assert both == (size in (100, 800, 1149)), (size, pair)
        if not both:
            assert pair.count("64-256-10") == 1                       # "depends on the seed"
            for seed in (0, 1):
                behind = loss["64-256-10"][2 * index + seed] - min(loss[n][2 * index + seed] for n in names)
                assert behind <= 0.006 + 1e-9
    says("From 50 to 1,149 images each network's validation loss falls about threefold "
         "(0.370-0.497 to 0.134-0.155)",
         "rises from 87.8-89.2% to 96.5-97.6%", "the gap closes from 11-12 points to 2-3",
         "at least 99.2% of its training images right, while the validation accuracy ranges from 87.8% to 97.6%",
         "depends on the seed at 50, 200 and 400 images; 64-256-10 is best on both seeds at 100, 800 and 1,149",
         "at most 0.006 behind", "at least 99.5% of 50 to 400 training images right: its 650 parameters",
         "from 11-12 points at 50 images to 2-3 at 1,149")


def test_lesson_12_weight_decay_derived_and_confirmed():
    text = outputs(LESSON)
    assert "-η⋅g₁ + w₁⋅(-η⋅λ + 1)" in text and "2⋅λ⋅w₁" in text
    assert "λ⋅w₁ +" in text and "λ⋅w₂ +" in text                  # the gradient term, printed by SymPy
    error = float(re.search(r"gradients agree: max relative error ([0-9.e-]+) at b1", text).group(1))
    assert 1e-9 < error < 1e-7 and "l2_gradients equal nbtools': True" in text
    assert "bias gradients unchanged by the penalty: True" in text
    assert "1000 steps of SGD, η = 0.05, λ = 0.01" in text
    assert "their weights now / at the start: 0.6064548 to 0.6064548" in text
    assert f"(1 - ηλ)^1000 = {(1 - 0.05 * 0.01) ** 1000:.7f}" == "(1 - ηλ)^1000 = 0.6064548"
    assert "(1 - ηλ)^1000 = 0.6064548" in text
    assert "e^(-1000ηλ)  = 0.6065307" in text and "1 - 1000ηλ   = 0.5000000" in text
    says("is now 0.6064548 times its start", "would leave 0.5", "close but not equal (0.6065307)",
         "250 epochs of 4 iterations", "to about $10^{-8}$")
    assert "weights identical to training without any penalty: True" in text


def test_lesson_12_weight_decay_on_the_digits():
    text = outputs(LESSON)
    rows = re.findall(r"^(0\.0|0\.001|0\.01) +([01]) +([0-9.]+) +([0-9.]+) +([0-9.]+) +([0-9.]+)% +([0-9.]+)$", text,
                      flags=re.MULTILINE)
    table = {(float(l), int(s)): tuple(map(float, rest)) for l, s, *rest in rows}
    assert len(table) == 6
    assert [table[0.0, s][0] for s in (0, 1)] == [0.138, 0.138]
    assert [table[0.001, s][0] for s in (0, 1)] == [0.113, 0.113]
    assert [round(table[0.01, s][0], 2) for s in (0, 1)] == [0.05, 0.05] and table[0.01, 0][0] == 0.048
    assert [table[0.001, s][2] for s in (0, 1)] == [0.274, 0.274] and [table[0.0, s][2] for s in (0, 1)] == [0.275, 0.278]
    assert [table[0.001, s][4] for s in (0, 1)] == [0.290, 0.286] and [table[0.0, s][4] for s in (0, 1)] == [0.302, 0.304]
    assert sorted(table[0.01, s][2] for s in (0, 1)) == [0.329, 0.332]
    assert [table[0.01, s][3] for s in (0, 1)] == [92.4, 92.0]
    assert all(table[0.01, s][3] >= table[0.0, s][3] for s in (0, 1))     # "as good"
    assert max(table[0.01, s][1] for s in (0, 1)) < 0.4                     # "out to about ±0.4"
    says("falls from 0.138 to 0.113 at $\\lambda = 0.001$ and to 0.048 at $\\lambda = 0.01$, on both seeds",
         "0.274 on both seeds, against 0.275 and 0.278", "(0.290 and 0.286 at epoch 300, against 0.302 and 0.304)",
         "the validation loss is 0.329-0.332", "(92.4% and 92.0%)")


def test_lesson_12_dropout_derived_and_confirmed():
    text = outputs(LESSON)
    assert "-z ⋅(p - 1)" in text
    assert "mean 1.4997 (formula 1.5000), variance 0.5628 (formula 0.5625)" in text
    assert 1.5 ** 2 * (1 - 0.8) / 0.8 == pytest.approx(0.5625)
    assert "equal to nbtools': True" in text
    error = float(re.search(r"gradients agree: max relative error ([0-9.e-]+) at W2", text).group(1))
    assert 1e-10 < error < 1e-8
    says("to about $10^{-9}$")


def test_lesson_12_training_with_dropout_and_the_ensemble():
    text = outputs(LESSON)
    rows = re.findall(r"^(1\.0|0\.5|0\.8) +([01]) +([0-9.]+) +([0-9.]+)% +([0-9.]+) +([0-9.]+)$", text,
                      flags=re.MULTILINE)
    table = {(float(k), int(s)): tuple(map(float, rest)) for k, s, *rest in rows}
    assert len(table) == 6
    assert [table[0.5, s][0] for s in (0, 1)] == [0.255, 0.252] and [table[1.0, s][0] for s in (0, 1)] == [0.275, 0.278]
    assert [table[0.5, s][1] for s in (0, 1)] == [92.7, 93.4] and [table[1.0, s][1] for s in (0, 1)] == [92.0, 91.0]
    assert [table[0.8, s][0] for s in (0, 1)] == [0.272, 0.261]
    assert all(table[0.8, s][0] > table[0.5, s][0] and table[0.8, s][0] < table[1.0, s][0] for s in (0, 1))
    assert all(table[k, s][3] < 0.004 for k in (0.5, 0.8) for s in (0, 1))   # "still ends near 0"
    says("(0.255 and 0.252, against 0.275 and 0.278)", "(92.7% and 93.4%, against 92.0% and 91.0%)",
         "helps less (0.272 and 0.261)")
    assert "largest difference 0.194 (logits up to 15.1)" in text
    assert "same class from the averaged probabilities and the full network: 99.0%" in text
    assert ("validation accuracy: full network 92.0%, averaged sub-networks 92.0%; one sub-network 89.8% on "
            "average (86.5% to 93.1%), below the full network for 98% of them") in text
    says("(0.194, in logits as large as 15.1)", "99.0% of the validation images, with the same accuracy, 92.0%",
         "gets 89.8% on average, and 98% of them do worse")
    scaled = re.findall(r"seed ([01]), (used as it is|scaled by p again) +validation loss ([0-9.]+), accuracy "
                        r"([0-9.]+)%", text)
    values = {(int(s), label): (float(l), float(a)) for s, label, l, a in scaled}
    assert values[0, "used as it is"][0] == 0.292 and values[0, "scaled by p again"][0] == 0.322
    assert values[1, "used as it is"][0] == 0.289 and values[1, "scaled by p again"][0] == 0.312
    assert all(values[s, "used as it is"][1] == values[s, "scaled by p again"][1] for s in (0, 1))
    says("from 0.292 to 0.322 and from 0.289 to 0.312")


def test_lesson_12_hyperparameters_on_the_validation_set_and_one_test_report():
    text = outputs(LESSON)
    assert "runs: 36  ended by their budget: 0" in text
    rows = re.findall(r"^(0\.01|0\.03|0\.1) +(0\.0|0\.001|0\.01) +([0-9.]+) +([0-9.]+)$", text, flags=re.MULTILINE)
    grid = {}
    for rate, decay, w32, w256 in rows:
        grid[float(rate), float(decay), 32] = float(w32)
        grid[float(rate), float(decay), 256] = float(w256)
    assert len(grid) == 18
    assert (grid[0.1, 0.0, 32], grid[0.1, 0.001, 32]) == (0.312, 0.275)
    assert (grid[0.1, 0.0, 256], grid[0.1, 0.001, 256]) == (0.294, 0.272)
    for rate in (0.01, 0.03, 0.1):                               # lambda = 0.01 the worst everywhere
        for width in (32, 256):
            assert grid[rate, 0.01, width] > max(grid[rate, 0.0, width], grid[rate, 0.001, width])
            assert 0.31 <= grid[rate, 0.01, width] <= 0.34
    says("(0.312 to 0.275 and 0.294 to 0.272)", "is the worst weight decay at every learning rate and width")
    assert "chosen (lowest mean validation loss): (0.1, 0.001, 256) 0.272" in text
    assert min(grid, key=grid.get) == (0.1, 0.001, 256)
    assert "the single best run: (0.1, 0.001, 32) seed 0 0.268" in text
    assert "the lowest mean training loss: (0.1, 0.001, 32)" in text
    best_five = sorted(grid.values())[:5]
    assert round(best_five[-1] - best_five[0], 3) == 0.006
    says("learning rate 0.1, $\\lambda = 0.001$ and width 256, at a mean validation loss of 0.272",
         "(width 32, seed 0, 0.268)", "the five best means lie within 0.006", "(0.258 to 0.278)")
    tests = re.findall(r"seed ([01]): validation accuracy ([0-9.]+)%, test accuracy ([0-9.]+)% \((\d+) of 360\)", text)
    assert [(float(v), float(t), int(n)) for _, v, t, n in tests] == [(89.9, 90.8, 327), (91.7, 90.6, 326)]
    assert all(89.9 < float(t) < 91.7 for _, _, t, _ in tests)
    says("90.8% and 90.6% (327 and 326 of 360)", "(89.9% and 91.7%)", "against lesson 7's 97.2% with 1,149")
    assert "test accuracy: 97.2% (350 of 360 images right)" in outputs("07_learning_loop")


def test_lesson_12_questions_have_revealable_answers_and_right_numbers():
    questions = markdown(LESSON).split("## Questions")[1]
    assert len(re.findall(r"^\d+\. ", questions, flags=re.MULTILINE)) == \
        questions.count("<summary>Answer</summary>") == 5
    assert round(math.log(2) / -math.log(1 - 0.05 * 0.01)) == 1386 and "\\approx 1386$ steps" in questions
    assert round((1 - 0.05 * 0.01) ** 1000, 3) == 0.606 and "left 0.606 of such weights" in questions


def test_lesson_and_exercise_12_follow_the_notebook_conventions():
    """What tests/test_notebooks.py checks: code within 88 columns, words after every plot, no widget, small
    pictures, and links both ways."""
    lesson = nbformat.read(ROOT / "lessons" / f"{LESSON}.ipynb", as_version=4)
    long = [line for cell in lesson.cells if cell.cell_type == "code"
            for line in cell.source.split("\n") if len(line) > 88]
    assert long == []
    cells = lesson.cells
    for cell, following in zip(cells, cells[1:]):
        assert "nbval-ignore-output" not in cell.metadata.get("tags", [])
        data = [output.get("data", {}) for output in cell.get("outputs", [])]
        if any("image/png" in bundle for bundle in data):
            assert following.source.startswith("*Figure, in words:*"), cell.source[:80]
            assert all(len(bundle["image/png"]) < 150_000 * 4 / 3 for bundle in data if "image/png" in bundle)
    assert cells[-1].source.endswith(f"[`exercises/{LESSON}.ipynb`](../exercises/{LESSON}.ipynb).")
    for folder in ("exercises", "instructor"):
        first = nbformat.read(ROOT / folder / f"{LESSON}.ipynb", as_version=4).cells[0].source
        assert f"[`lessons/{LESSON}.ipynb`](../lessons/{LESSON}.ipynb)" in first
    titles = [line for cell in cells if cell.cell_type == "markdown" for line in cell.source.split("\n")
              if line.startswith("## ")]
    assert titles == ["## Setup", "## Overfitting, made visible", "## Capacity against data", "## L2 weight decay",
                      "## Dropout", "## Choosing hyperparameters on the validation set", "## Summary", "## Questions"]
