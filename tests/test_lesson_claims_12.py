"""Numbers stated in the prose of lesson 12, asserted against the executed notebook
``lessons/12_regularisation.ipynb``; two claims are also measured here again: that `kept_epoch`, which the lesson
uses to replay early stopping on a history, keeps what `training.train` keeps, and that the ½ convention makes λ
PyTorch's SGD ``weight_decay``."""

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
         "of the validation images", "lesson 7's 1,149 gave about three (99.8% - 97.2%)")
    assert round(99.8 - 97.2, 1) == 2.6
    text = outputs(LESSON)
    assert "training images: 100  of each digit: [10 10 10 10 10 10 10 10 10 10]" in text
    assert "validation images: 288  test images: 360" in text


def first_section_rows():
    """seed, first 100% epoch, best epoch, training loss (best, 300), validation loss (best, 300), validation
    accuracy (best, 300)."""
    text = outputs(LESSON)
    block = text.split("validation acc\nseed  100% train epoch", 1)[1]
    rows = re.findall(r"^([0-2]) +(\d+) +(\d+) +([0-9.]+) +([0-9.]+) +([0-9.]+) +([0-9.]+) +([0-9.]+)% +([0-9.]+)%$",
                      block, flags=re.MULTILINE)[:3]
    return [[float(x) for x in row] for row in rows]


def test_lesson_12_overfitting_on_100_images():
    rows = first_section_rows()
    assert len(rows) == 3
    seeds, perfect, best, train_best, train_last, best_loss, last_loss, best_acc, last_acc = zip(*rows)
    assert seeds == (0, 1, 2)
    assert (min(perfect), max(perfect)) == (22, 27) and (min(best), max(best)) == (92, 127)
    assert (min(best_loss), max(best_loss)) == (0.258, 0.278) and (min(last_loss), max(last_loss)) == (0.279, 0.304)
    assert (min(train_best), max(train_best)) == (0.0154, 0.0220)                  # "from 0.015-0.022"
    assert all(round(t, 3) == 0.005 for t in train_last)
    assert all(last < first for first, last in zip(train_best, train_last))       # "keeps falling"
    assert all(last > first for first, last in zip(best_loss, last_loss))          # "creeps back up"
    says("By epoch 22-27 the network gets all 100 training images right",
         "lowest at epochs 92 to 127 (0.258 to 0.278)",
         "the training loss keeps falling, from 0.015-0.022 to 0.005 at epoch 300, while the validation loss creeps "
         "back up, to 0.279-0.304",
         "reaches 100% training accuracy by epoch 27 on every seed, and 91-92% on the validation images")
    assert (min(best_acc), max(best_acc)) == (91.0, 92.0)
    assert 64 * 256 + 256 + 256 * 10 + 10 == 19_210 and "19,210 parameters" in prose()
    assert all(8.0 <= 100 - a <= 9.0 for a in best_acc)                            # "miss 8% to 9%"
    says("At their best epochs the same networks miss 8% to 9% of the validation images", "best epoch (92)",
         "to about 0.005")
    assert rows[0][2] == 92 and rows[0][1] == 23 and rows[0][8] == 92.0


def test_lesson_12_every_epoch_of_the_first_section():
    """After first reaching 100%, at most one training image missed, in at most six epochs, none after epoch 32;
    the validation accuracy never above 92.7%."""
    lines = re.findall(r"seed ([0-2]): 100% at epoch (\d+); then (\d+) epochs missing at most (\d+) image, the last "
                       r"epoch (\d+); best validation accuracy ([0-9.]+)% \(epoch (\d+)\)", outputs(LESSON))
    assert len(lines) == 3
    seen = {int(s): tuple(map(float, rest)) for s, *rest in lines}
    assert [seen[s][0] for s in range(3)] == [row[1] for row in first_section_rows()]
    assert max(v[1] for v in seen.values()) == 6 and max(v[2] for v in seen.values()) == 1
    assert max(v[3] for v in seen.values()) == 32 and seen[0][3] == 28                 # seed 0: 100% from epoch 29
    assert max(v[4] for v in seen.values()) == 92.7
    says("misses one of them in at most six epochs, and none after epoch 32",
         "the validation accuracy is never above 92.7%, on any seed, at any epoch",
         "the training accuracy reaches 100% at epoch 23, drops to 99% in the next few epochs and stays at 100% "
         "from epoch 29")


def test_lesson_12_generalisation_gap_and_early_stopping():
    found = re.findall(r"seed ([0-2]): gap at the best epoch \((\d+)\) ([0-9.]+)%, at the last ([0-9.]+)%; patience 20 "
                       r"keeps epoch (\d+), gap ([0-9.]+)%", outputs(LESSON))
    table = {int(s): tuple(map(float, rest)) for s, *rest in found}
    assert len(table) == 3
    assert [table[s][0] for s in range(3)] == [row[2] for row in first_section_rows()]
    assert [table[s][1] for s in range(3)] == [8.0, 9.0, 8.3]
    assert [table[s][2] for s in range(3)] == [8.0, 9.4, 8.3]
    assert [(table[s][3], table[s][4]) for s in range(3)] == [(92, 8.0), (105, 9.4), (67, 8.7)]
    says("8.0 to 9.0 points at the best epoch, and as much or a little more where a patience of 20 would stop: two "
         "of the runs stop at an earlier dip of the validation loss, with gaps of 9.4 and 8.7",
         "Eight or nine points of gap on 100 images", "8-9 points on 100 images (8.0-9.0 at the best epoch, up to 9.4 "
         "with a patience of 20)")


def test_lesson_12_kept_epoch_replays_train():
    """Seed 2 trained by `train` with patience 20 stops where the lesson's replay says, keeping epoch 67."""
    data = load_digits_split(seed=0)
    small = training_subset(data, 100, seed=0)
    rng = np.random.default_rng(2)
    network = init_network([64, 256, 10], rng)
    history = train(network, ["relu", "identity"], "softmax_cross_entropy", small.X_train, small.Y_train,
                    Momentum(0.02, 0.9), epochs=300, batch_size=32, rng=rng,
                    validation=(small.X_validation, small.Y_validation), patience=20,
                    gradient=regularised(0.0, 1.0, np.random.default_rng(1002)))
    assert history["stopped"] == "validation loss did not improve for 20 epochs (epoch 87)"
    assert int(np.argmin(history["validation_loss"])) + 1 == 67


def test_lesson_12_pytorch_weight_decay_is_lambda_with_the_half():
    """With the ½, λ is PyTorch SGD's weight_decay: a zero data gradient leaves w(1 - ηλ); biases decay too."""
    torch = pytest.importorskip("torch")
    weight = torch.nn.Parameter(torch.tensor([2.0], dtype=torch.float64))
    bias = torch.nn.Parameter(torch.tensor([3.0], dtype=torch.float64))
    optimiser = torch.optim.SGD([weight, bias], lr=0.05, weight_decay=0.01)
    (0.0 * (weight + bias)).sum().backward()
    optimiser.step()
    assert weight.item() == pytest.approx(2.0 * (1 - 0.05 * 0.01), abs=1e-15)
    assert bias.item() == pytest.approx(3.0 * (1 - 0.05 * 0.01), abs=1e-15)
    says("$\\lambda$ is exactly the `weight_decay` of PyTorch's `SGD`", "biases included")


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


def gap_table():
    text = outputs(LESSON)
    block = text.split("gap" + " " * 16 + "50", 1)[1].split("\n\n", 1)[0]
    rows = {}
    for line in block.strip("\n").split("\n")[1:]:
        words = line.rsplit(None, 6) if not line.startswith("best loss") else ["best loss"] + line.split()[2:]
        rows[words[0].strip()] = words[1:]
    return rows


def test_lesson_12_capacity_gaps_and_figure():
    table, rows = capacity_table(), gap_table()
    names = ["64-10", "64-32-10", "64-256-10"]
    gaps = {name: [float(g) for g in rows[name]] for name in names}
    for name in names:                                                  # the gap row is the table's, averaged
        train_acc, val_acc = table[name, "train acc"], table[name, "val acc"]
        for i in range(6):
            mean = np.mean([train_acc[2 * i + s] - val_acc[2 * i + s] for s in (0, 1)])
            assert abs(mean - gaps[name][i]) <= 0.11, (name, i)
        assert all(a > b for a, b in zip(gaps[name][:5], gaps[name][1:5])), name    # "falls for all three"
        assert 0 <= gaps[name][4] - gaps[name][5] <= 0.5 + 1e-9                      # "levelling off"
        assert 10.5 <= gaps[name][0] <= 12 and 2 <= gaps[name][-1] <= 3.2          # "from about 11 to about 3"
    spread = [float(x) for x in rows["spread"]]
    assert max(spread) == 1.2 and all(abs(x - (max(gaps[n][i] for n in names) - min(gaps[n][i] for n in names)))
                                      <= 0.051 for i, x in enumerate(spread))
    assert rows["best loss"] == ["64-256-10"] * 6
    for size, name, value in [(100, "64-32-10", 9.7), (200, "64-256-10", 6.4), (800, "64-10", 3.0)]:
        i = SIZES.index(size)
        assert gaps[name][i] == value and all(gaps[n][i] < value for n in names if n != name)
    for name in names:
        assert not all(gaps[name][i] >= max(gaps[n][i] for n in names) for i in range(6))
    says("the three gaps lie within 1.2 points of each other at every size, and no network has the largest gap "
         "throughout: at 100 images it is 64-32-10's (9.7), at 200 64-256-10's (6.4), at 800 64-10's (3.0)",
         "its mean validation loss is the lowest at every size",
         "the three networks' gaps stayed within 1.2 points of each other, and the largest had the lowest mean "
         "validation loss")
    mean_loss = {n: [np.mean(table[n, "val loss"][2 * i:2 * i + 2]) for i in range(6)] for n in names}
    for n in names:                                                     # the figure: "falls steadily"
        assert all(a > b for a, b in zip(mean_loss[n], mean_loss[n][1:]))
    assert 0.41 <= min(m[0] for m in mean_loss.values()) and max(m[0] for m in mean_loss.values()) <= 0.45
    assert 0.135 <= min(m[-1] for m in mean_loss.values()) and max(m[-1] for m in mean_loss.values()) <= 0.151
    says("from about 0.41-0.45 to about 0.14-0.15", "64-256-10's (green) lowest by a little",
         "falls for all three from about 11 to about 3, levelling off between 800 and 1,149 images")


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
    assert [table[0.01, s][0] for s in (0, 1)] == [0.048, 0.047]
    starts = re.findall(r"^start +([01]) +([0-9.]+) +([0-9.]+)$", text, flags=re.MULTILINE)
    assert [(int(s), float(sd)) for s, sd, _ in starts] == [(0, 0.125), (1, 0.124)]
    assert round(1 / math.sqrt(64), 3) == 0.125
    assert all(table[0.001, s][0] < 0.124 < table[0.0, s][0] for s in (0, 1))    # narrower / wider than the start
    assert [table[0.001, s][2] for s in (0, 1)] == [0.274, 0.274] and [table[0.0, s][2] for s in (0, 1)] == [0.275, 0.278]
    assert [table[0.001, s][4] for s in (0, 1)] == [0.290, 0.286] and [table[0.0, s][4] for s in (0, 1)] == [0.302, 0.304]
    assert sorted(table[0.01, s][2] for s in (0, 1)) == [0.329, 0.332]
    assert [table[0.01, s][3] for s in (0, 1)] == [92.4, 92.0]
    assert all(table[0.01, s][3] >= table[0.0, s][3] for s in (0, 1))     # "as good"
    assert max(table[0.01, s][1] for s in (0, 1)) < 0.4                     # "out to about ±0.4"
    says("From 0.125 at the start (the $1/\\sqrt{64}$ of `init_layer`), the first layer's spread grows to 0.138 "
         "without decay, and falls to 0.113 at $\\lambda = 0.001$ and to 0.048 and 0.047 at $\\lambda = 0.01$",
         "$\\lambda = 0.001$ barely: its lowest validation loss is 0.274 on both seeds, against 0.275 and 0.278",
         "(0.290 and 0.286 at epoch 300, against 0.302 and 0.304)",
         "the validation loss is 0.329-0.332", "(92.4% and 92.0%, against 92.0% and 91.0%)",
         "a bell of standard deviation 1/8")
    assert [table[0.0, s][3] for s in (0, 1)] == [92.0, 91.0]
    assert max(abs(table[0.0, s][2] - table[0.001, s][2]) for s in (0, 1)) <= 0.004 + 1e-9 < 0.278 - 0.258
    says("gains smaller than the spread of the first section's three seeds (0.258 to 0.278)")
    assert 64 * 256 == 16_384
    says("The first layer's 16,384 weights of seed 0")
    confidence = re.findall(r"λ = (0\.0|0\.001|0\.01) +seed ([01]): largest logit +([0-9.]+), probability of the "
                            r"predicted digit ([0-9.]+), accuracy ([0-9.]+)%", text)
    sure = {(float(l), int(s)): tuple(map(float, rest)) for l, s, *rest in confidence}
    assert len(sure) == 6
    for s in (0, 1):                                        # smaller logits, less sure, at about the same accuracy
        assert sure[0.0, s][0] > sure[0.001, s][0] > sure[0.01, s][0]
        assert sure[0.0, s][1] > sure[0.001, s][1] > sure[0.01, s][1]
        assert max(v[2] for k, v in sure.items() if k[1] == s) - min(v[2] for k, v in sure.items() if k[1] == s) <= 1.0
    says("The stronger the decay, the smaller the logits and the less sure the network, on both seeds, at about the "
         "same accuracy")


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
    assert "a normal variable beyond 2 standard errors: 4.6%" in text
    assert round(math.erfc(2 / math.sqrt(2)), 3) == 0.046
    # twice the variance: 2 formula standard errors are sqrt(2) true ones; half: 2 sqrt(2)
    assert round(math.erfc(math.sqrt(2) / math.sqrt(2)), 3) == 0.157 and round(math.erfc(2), 3) == 0.005
    says("the share would be about 15.7% or 0.5%")
    logits = re.findall(r"seed ([01]): mean logits of 1000 sub-networks vs the full network: largest difference "
                        r"([0-9.]+) \(logits up to ([0-9.]+)\); beyond 2 standard errors: ([0-9.]+)%", text)
    assert [tuple(map(float, row)) for row in logits] == [(0, 0.194, 15.1, 4.8), (1, 0.197, 15.4, 4.6)]
    says("the largest differences, 0.194 and 0.197 in logits as large as 15.1 and 15.4",
         "the share beyond two standard errors, 4.8% and 4.6%, is what noise alone gives", "about 4.6% of them")
    means = re.findall(r"seed ([01]): probabilities, largest difference from the full network's: geometric mean "
                       r"([0-9.]+), arithmetic mean ([0-9.]+)\n +same digit as the full network: arithmetic mean "
                       r"([0-9.]+)%; validation accuracy: full network ([0-9.]+)%, arithmetic mean ([0-9.]+)%\n +one "
                       r"sub-network ([0-9.]+)% on average \(([0-9.]+)% to ([0-9.]+)%\), below the full network for "
                       r"([0-9.]+)% of them", text)
    assert [tuple(map(float, row)) for row in means] == [
        (0, 0.026, 0.158, 99.0, 92.0, 92.0, 89.8, 86.5, 93.1, 97.5),
        (1, 0.019, 0.187, 99.0, 91.7, 91.7, 90.1, 87.2, 93.1, 92.7)]
    says("The renormalised geometric mean is within 0.026 and 0.019 of the full network's probabilities",
         "the arithmetic mean differs by up to 0.158 and 0.187, but picks the same digit for 99.0% of the validation "
         "images, on both seeds, with the full network's accuracy, 92.0% and 91.7%",
         "One sub-network alone gets 89.8% and 90.1% on average, and 97.5% and 92.7% of them do worse",
         "each training step trains a few of them (up to 32), each on one image")
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
    assert "seed 0 alone would choose: (0.1, 0.001, 32) 0.2677" in text
    assert "seed 1 alone would choose: (0.1, 0.001, 256) 0.2683" in text
    says("seed 1's run of the chosen setting is 0.268 too (0.2677 against 0.2683)",
         "the two seeds alone agree on the learning rate and $\\lambda$ but not on the width",
         "The lowest training loss also belongs to width 32")
    assert round(grid[0.1, 0.01, 32] - grid[0.1, 0.0, 32], 3) == 0.001
    says("at the largest rate and width 32 the $\\lambda = 0.01$ and $\\lambda = 0$ means differ by only 0.001")
    for width in (32, 256):                                      # the figure, in words
        for rate in (0.01, 0.03):
            assert all(0.27 <= grid[rate, d, width] <= 0.29 for d in (0.0, 0.001))
        assert grid[0.1, 0.0, width] > grid[0.03, 0.0, width]
        assert grid[0.1, 0.001, width] == min(v for k, v in grid.items() if k[2] == width)
        assert all(grid[r, 0.01, width] >= max(grid[r, 0.0, width], grid[r, 0.001, width]) for r in (0.01, 0.03, 0.1))
    says("the λ = 0.01 line lies highest, between 0.31 and 0.34", "near 0.28 at the two smaller rates",
         "dips to the lowest point of its panel")
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
