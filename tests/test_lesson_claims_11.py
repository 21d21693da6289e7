"""Numbers stated in the prose of lesson 11, asserted against the executed notebook ``lessons/11_optimisers.ipynb``
(and, where the prose states a fact its outputs do not print, measured here again: the optimisers that diverge at
AdaGrad's rates on the valley, the cosine's last rate, the sizes of the digits' sets, and the curves its figures
describe in words)."""

import math
import re

import numpy as np

from lesson_text import markdown, outputs
from nbtools import optimisers
from nbtools.datasets import load_digits_split
from nbtools.optimisers import SGD, Momentum, descent_path

LESSON = "11_optimisers"
CURVATURES = np.array([1.0, 25.0])


def number_after(text, pattern):
    return float(re.search(pattern, text).group(1))


def rows_of(text, header, names, count):
    """{name: [numbers]} of the table printed after ``header``: each row's numbers, in order."""
    block = text.split(header, 1)[1]
    rows = {}
    for name in names:
        line = re.search(rf"^ *{re.escape(name)}  .*$", block, flags=re.MULTILINE).group(0)
        rows[name] = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e[+-]\d+)?", line[len(name) + 1:])][:count]
    return rows


def test_lesson_11_momentum_and_nesterov_on_the_valley():
    text, prose = outputs(LESSON), markdown(LESSON)
    assert "alpha = 0.7: 44 steps" in text and "alpha = 0.9: 135 steps" in text
    assert "momentum 135 steps, Nesterov 74 steps" in text
    assert 2 / CURVATURES.max() == 0.08 and math.isclose(2 * 1.7 / 25, 0.136)
    assert "$\\eta < 2/\\lambda_{\\max} = 0.08$" in prose and "$0.136$ for $\\alpha = 0.7$" in prose
    assert "minimum in 44 steps where plain descent needed at least 116" in prose
    assert "steps to within 0.001 of the minimum: 116" in outputs("06_gradient_descent")        # lesson 6's grid
    assert "Nesterov needs 74 steps, about half" in prose and 0.45 < 74 / 135 < 0.6
    assert "(74 steps against 135 on the valley" in prose                                        # the Summary


def test_lesson_11_nesterov_form_and_limit():
    text, prose = outputs(LESSON), markdown(LESSON)
    assert "\n0\n" in text                                                   # SymPy: the libraries' form, zero
    assert number_after(text, r"largest \|phi - \(theta \+ alpha v\)\| over 2000 steps: ([0-9.e+-]+)") < 1e-12
    assert "2⋅(α + 1)" in text and "λ⋅(2⋅α + 1)" in text and "0.0567, 0.136" in text
    assert math.isclose(2 * 1.7 / (2.4 * 25), 0.0567, abs_tol=5e-5)
    assert "($0.0567$ against $0.136$ for\n$\\alpha = 0.7$ on the valley)" in prose
    below = number_after(text, r"eta = 0.056: distance to the minimum after 500 steps ([0-9.e+-]+)")
    above = number_after(text, r"eta = 0.058: distance to the minimum after 500 steps ([0-9.e+-]+)")
    assert below < 1e-5 and above > 1e5 and 0.056 < 0.0567 < 0.058                 # just below, just above
    # Questions 1: 0.076 for momentum, about 0.027 (almost three times lower) for Nesterov
    assert math.isclose(2 * 1.9 / 50, 0.076) and round(3.8 / 140, 3) == 0.027 and 2.5 < 0.076 / (3.8 / 140) < 3


def test_lesson_11_schedules_rates():
    text, prose = outputs(LESSON), markdown(LESSON)
    rates = rows_of(text, "rates at t = 0, 1, 29, 30, 100, 150, 299 (peak 1):",
                    ["constant", "step decay (×0.1 every 100)", "cosine", "warm-up (30) + cosine"], 7)
    assert rates["cosine"][5] == 0.5                                                          # halfway
    last = optimisers.cosine(299, 1.0, 300)
    assert round(last, 6) == 2.7e-5 and "at $2.7 \\times 10^{-5}$ of it at the last" in prose
    assert rates["warm-up (30) + cosine"][0] == round(1 / 30, 4) and rates["warm-up (30) + cosine"][2] == 1.0
    assert rates["step decay (×0.1 every 100)"][4] == 0.1 and rates["step decay (×0.1 every 100)"][6] == 0.01
    assert abs(number_after(text, r"\n([0-9.e+-]+)\nconstant +final loss")) < 1e-15         # equal to ours


def test_lesson_11_schedules_on_the_noisy_valley():
    text, prose = outputs(LESSON), markdown(LESSON)
    finals = {name: [float(n) for n in re.search(rf"{re.escape(name)} +final loss, seeds 0-4: ([0-9. ]+?)   mean "
                                                 r"([0-9.]+)", text).group(1).split()]
              for name in ["constant", "step decay (×0.1 every 100)", "cosine", "warm-up (30) + cosine"]}
    means = {name: number_after(text, rf"{re.escape(name)} +final loss.*mean ([0-9.]+)") for name in finals}
    for name in ("step decay (×0.1 every 100)", "cosine", "warm-up (30) + cosine"):     # on every seed
        assert all(decayed < constant for decayed, constant in zip(finals[name], finals["constant"]))
    assert 0.15 <= min(finals["constant"]) and max(finals["constant"]) <= 1.1
    assert min(finals["cosine"]) == 0.0004 and max(finals["cosine"]) <= 0.014
    assert "between 0.15 and 1.1, the cosine's between 0.0004 and 0.014" in prose
    assert 70 < means["constant"] / means["cosine"] < 140                                 # "about a hundred"
    assert (means["warm-up (30) + cosine"], means["cosine"]) == (0.0052, 0.0054)
    assert "(a mean of 0.0052 against the\ncosine's 0.0054)" in prose
    assert "peak rate of $0.06$, below the limit\n$0.08$" in prose


def test_lesson_11_schedules_on_the_digits():
    text, prose = outputs(LESSON), markdown(LESSON)
    data = load_digits_split(seed=0)
    assert math.ceil(len(data.X_train) / 32) == 36 and len(data.X_test) == 360      # "36 steps per epoch", 360
    names = ["constant", "step decay (×0.1 at epoch 10)", "cosine", "warm-up (1 epoch) + cosine"]
    rows = rows_of(text, "final validation loss, seeds 0 1 2", names, 6)
    losses = {name: numbers[:3] for name, numbers in rows.items()}
    accuracies = [a for numbers in rows.values() for a in numbers[3:]]
    for name in ("cosine", "step decay (×0.1 at epoch 10)"):
        assert all(a < b for a, b in zip(losses[name], losses["constant"]))
    assert (min(accuracies), max(accuracies)) == (96.9, 97.8) and "(96.9% to 97.8%)" in prose
    assert round(97.8 * 3.6) - round(96.9 * 3.6) <= 3 and "by at most 3 of the 360" in prose
    warm, cosine = losses["warm-up (1 epoch) + cosine"], losses["cosine"]
    assert warm[0] > cosine[0] and warm[1] < cosine[1] and warm[2] < cosine[2]   # above on seed 0, below on 1, 2
    assert losses["constant"][0] == 0.1593 and losses["step decay (×0.1 at epoch 10)"][0] == 0.1464
    assert "climbs back to about 0.16" in prose and "settles near 0.146" in prose
    assert "peak rate of 0.2, ten times lesson 7's" in prose.replace("\n", " ")
    assert "Momentum with $\\eta = 0.02$" in markdown("07_learning_loop")


def test_lesson_11_adagrad_and_rmsprop():
    text, prose = outputs(LESSON), markdown(LESSON)
    assert "gradient at the start: [-10.  25.]  first step: [ 0.5 -0.5]" in text
    assert "$-10$ and $25$" in prose
    assert "──" in text and "√t⎠" in text and 1 / math.sqrt(100) == 0.1 and 1 / math.sqrt(10_000) == 0.01
    assert "step / eta at steps 1, 2, 10, 100, 300:\n10.000 7.089 3.234 1.256 1.025" in text
    assert math.isclose(1 / math.sqrt(1 - 0.99), 10)                       # "ten times η for ρ = 0.99"
    assert "Ten times $\\eta$ at first, still 1.26 times after 100 steps" in prose


def test_lesson_11_bias_correction():
    text, prose = outputs(LESSON), markdown(LESSON)
    assert "E[g]⋅⎝1 - β₁ ⎠" in text
    rows = re.findall(r"^ +(\d+) +([0-9.]+) +([0-9.]+) +([0-9.]+)$", text.split("mean of m_hat_t", 1)[1],
                      flags=re.MULTILINE)[:5]
    assert [int(r[0]) for r in rows] == [1, 2, 3, 5, 10]
    for step, mean, formula, corrected in rows:
        standard_error = math.sqrt((1 - 0.9) / (1 + 0.9) * (1 - 0.81 ** int(step))) / math.sqrt(20_000)
        assert abs(float(mean) - float(formula)) < 4 * standard_error             # within the noise
        assert abs(float(corrected) - 0.5) < 0.01                                 # about 0.5 from the first step
    assert float(rows[0][2]) == 0.05 and "(0.05 at the first step, a tenth of the mean" in prose.replace("\n", " ")
    steps = dict((int(t), (float(c), float(u))) for t, c, u in
                 re.findall(r"^ *(\d+) +([0-9.]+) +([0-9.]+)$", text.split("step / eta, uncorrected", 1)[1],
                            flags=re.MULTILINE)[:5])
    assert all(c == 1.0 for c, _ in steps.values())
    assert steps[1][1] == round(0.1 / math.sqrt(0.001), 4) == 3.1623
    assert (round(steps[100][1], 2), round(steps[1000][1], 2)) == (3.24, 1.26)
    assert "uncorrected: longest step 6.57 eta, at step 12" in text
    assert "grows to 6.57 times\n$\\eta$ at step 12" in prose
    assert "still 3.24 times $\\eta$ after 100 steps and 1.26" in prose
    assert "the first steps are 3 to 6.6 times too long" in prose.replace("\n#", "").replace("\n", " ")


def test_lesson_11_adamw_against_l2_in_adam():
    text, prose = outputs(LESSON), markdown(LESSON)
    assert "lambda =  0.1: after 100 steps, L2 in Adam 1.0984,  AdamW 1.8096" in text
    assert "lambda = 10.0: after 100 steps, L2 in Adam 1.0984,  AdamW 0.0001" in text
    assert round(2 * 0.999 ** 100, 2) == 1.81 and round(2 * 0.9 ** 100 * 1e5) == 5
    assert "the same 1.0984 for $\\lambda = 0.1$ and for $\\lambda = 10$" in prose
    groups = [tuple(map(float, match)) for match in
              re.findall(r"L2 in Adam ([0-9.]+) / ([0-9.]+),  AdamW ([0-9.]+) / ([0-9.]+)", text)]
    assert len(groups) == 3
    for small_l2, large_l2, small_w, large_w in groups:
        assert small_l2 < 0.0005 and large_l2 > 0.84 and 0.21 <= min(small_w, large_w) <= max(small_w, large_w) <= 0.24
    assert round(0.995 ** 300, 3) == 0.222 and "(1 - 0.01 * 0.5)^300 = 0.222" in text
    assert "(below 0.0005 on\nevery seed) while those with large gradients stay above 0.84" in prose
    assert "between\n0.21 and 0.24, near $0.995^{300} \\approx 0.222$" in prose


def _race(text, header):
    """{optimiser: [(loss, rate) from each start]} of the race printed after ``header``."""
    block = text.split(header, 1)[1]
    return {name: [(float(loss), float(rate)) for loss, rate in
                   re.findall(r"([0-9.]+e[+-]\d+) \(([0-9.]+)\) from", re.search(rf"^  {name} .*$", block,
                                                                               flags=re.MULTILINE).group(0))]
            for name in ["SGD", "momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"]}


def test_lesson_11_races_on_the_valley_and_rosenbrock():
    text, prose = outputs(LESSON), markdown(LESSON)
    rates = np.geomspace(1e-4, 10, 16)
    assert round(rates[1] / rates[0], 2) == 2.15
    valley, rosenbrock = _race(text, "valley, 100 steps"), _race(text, "Rosenbrock, 1000 steps")

    def ranked(race, start):
        return sorted(race, key=lambda name: race[name][start][0])

    for start in (0, 1):
        assert ranked(valley, start)[:2] == ["AdaGrad", "Nesterov"]
        assert ranked(rosenbrock, start)[:2] == ["Adam", "momentum"]
        assert valley["AdaGrad"][start][0] < 1e-50                                            # "by far"
    assert [rate for _, rate in valley["AdaGrad"]] == [10.0, 4.6] and "(10 and 4.6)" in prose
    assert "(10 and 4.6) at which SGD, momentum and Nesterov diverge" in prose.replace("\n", " ")
    diverging = {"SGD": SGD, "momentum": lambda rate: Momentum(rate, 0.9),
                 "Nesterov": lambda rate: optimisers.Nesterov(rate, 0.9)}
    with np.errstate(all="ignore"):
        for make in diverging.values():
            for rate, start in zip(rates[-2:][::-1], ([-10.0, 1.0], [6.0, -1.5])):
                end = descent_path(make(rate), lambda theta: CURVATURES * theta, start, 100)[-1]
                assert not np.isfinite(np.sum(end ** 2)) or np.linalg.norm(end) > 1e6    # diverged
    assert 500 < rosenbrock["Adam"][0][1] / rosenbrock["SGD"][0][1] < 5000                  # "a thousand times"
    assert 500 < rosenbrock["Adam"][1][1] / rosenbrock["SGD"][1][1] < 5000
    assert valley["AdaGrad"][0][1] == 10 and rosenbrock["RMSProp"][0][1] == 1            # the figure's words
    turned = dict(re.findall(r"^  (\w+) +([0-9.]+e[+-]\d+) \(", text.split("turned by 45°", 1)[1], flags=re.MULTILINE))
    assert min(turned, key=lambda name: float(turned[name])) == "Nesterov"
    assert float(turned["AdaGrad"]) > 100 * float(turned["Nesterov"])                      # its advantage gone


def test_lesson_11_race_on_the_digits():
    text, prose = outputs(LESSON), markdown(LESSON)
    names = ["SGD", "momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"]
    rows = rows_of(text, "validation loss after 10 epochs, seeds 0 1 2", names, 7)
    rates = {name: numbers[0] for name, numbers in rows.items()}
    losses = {name: numbers[1:4] for name, numbers in rows.items()}
    accuracies = {name: numbers[4:7] for name, numbers in rows.items()}
    for seed in range(3):
        assert min(names, key=lambda name: losses[name][seed]) == "AdaGrad"
        assert accuracies["SGD"][seed] == min(accuracies[name][seed] for name in names)   # lowest or tied
    assert [round(x, 3) for x in losses["AdaGrad"]] == [0.114, 0.141, 0.114]
    assert "all three seeds (0.114, 0.141, 0.114)" in prose
    for name in ("Adam", "RMSProp"):
        below = [losses[name][seed] < losses["momentum"][seed] for seed in range(3)]
        assert any(below) and not all(below)
    assert rates["momentum"] == rates["Nesterov"]
    assert max(abs(a - b) for a, b in zip(losses["momentum"], losses["Nesterov"])) < 0.002
    everything = [a for values in accuracies.values() for a in values]
    assert (min(everything), max(everything)) == (95.6, 97.5)
    assert "between 95.6% and\n97.5%, within 7 of the 360" in prose
    assert round(97.5 * 3.6) - round(95.6 * 3.6) == 7
    orders = {tuple(sorted(names, key=lambda name: -accuracies[name][seed])) for seed in range(3)}
    assert len(orders) > 1                                                            # "changes from seed to seed"
    seed_0 = [losses[name][0] for name in names]
    assert (round(min(seed_0), 3), round(max(seed_0), 3)) == (0.114, 0.143) and "between 0.114 and 0.143" in prose


def test_lesson_11_noisy_valley_curves_as_the_figure_describes():
    """The figure's words, measured again with the lesson's recipe: the constant rate's plateau between about 0.1
    and 1, step decay's drop by about 10 at step 100 and a little more at step 200."""
    def mean_losses(schedule):
        runs = []
        for seed in range(5):
            rng, theta = np.random.default_rng(seed), np.array([-10.0, 1.0])
            optimiser, losses = optimisers.Scheduled(SGD(0.06), schedule), []
            for _ in range(300):
                optimiser.step([theta], [CURVATURES * theta + 2.0 * rng.normal(size=2)])
                losses.append(0.5 * np.sum(CURVATURES * theta ** 2))
            runs.append(losses)
        return np.mean(runs, axis=0)

    constant = mean_losses(lambda t: 0.06)
    decay = mean_losses(lambda t: optimisers.step_decay(t, 0.06, 0.1, 100))
    low, high = np.percentile(constant[100:], [5, 95])                     # "between about 0.1 and 1"
    assert 0.08 < low and high < 1 and constant[100:].max() < 1.2
    assert 5 < decay[90:100].mean() / decay[110:200].mean() < 20
    assert 1 < decay[180:200].mean() / decay[220:300].mean() < 5
    prose = markdown(LESSON)
    assert "between about 0.1 and 1, step decay drops\nby a factor of about 10 at step 100" in prose


def _digits_history(optimiser, seed, epochs):
    """Lesson 11's ``train_digits``: lesson 7's 64-256-10 network from seed's weights and batches."""
    from threadpoolctl import threadpool_limits

    from nbtools.layers import init_network
    from nbtools.training import train

    data = load_digits_split(seed=0)
    rng = np.random.default_rng(seed)
    layers = init_network([64, 256, 10], rng)
    with threadpool_limits(limits=1):
        return train(layers, ["relu", "identity"], "softmax_cross_entropy", data.X_train, data.Y_train, optimiser,
                     epochs, 32, rng, validation=(data.X_validation, data.Y_validation))["validation_loss"]


def test_lesson_11_digits_curves_as_the_figures_describe():
    """Seed 0's curves, trained again: the schedules' figure and the race's figure say what they show."""
    epochs, per_epoch = 15, 36
    curves = {name: np.array(_digits_history(optimisers.Scheduled(Momentum(0.2, 0.9), schedule), 0, epochs))
              for name, schedule in {
                  "constant": lambda t: 0.2,
                  "step decay": lambda t: optimisers.step_decay(t, 0.2, 0.1, 10 * per_epoch),
                  "cosine": lambda t: optimisers.cosine(t, 0.2, epochs * per_epoch),
                  "warm-up": lambda t: optimisers.warm_up_cosine(t, 0.2, per_epoch, epochs * per_epoch)}.items()}
    text = outputs(LESSON)
    assert f"{curves['constant'][-1]:.4f}" == "0.1593" and f"{curves['cosine'][-1]:.4f}" == "0.1361"  # as printed
    assert np.array_equal(curves["constant"][:10], curves["step decay"][:10])     # one curve until epoch 10
    assert all(min(curves, key=lambda name: curves[name][epoch]) == "cosine" for epoch in range(6, epochs))
    assert max(curves, key=lambda name: curves[name][0]) == "warm-up"               # starts highest
    assert "The cosine is the smoothest and lowest from epoch 7 on" in markdown(LESSON)
    rates = {name: float(re.search(rf"^{name} +([0-9.]+) ", text, flags=re.MULTILINE).group(1))
             for name in ("SGD", "momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam")}
    makers = {"SGD": SGD, "momentum": lambda rate: Momentum(rate, 0.9),
              "Nesterov": lambda rate: optimisers.Nesterov(rate, 0.9), "AdaGrad": optimisers.AdaGrad,
              "RMSProp": lambda rate: optimisers.RMSProp(rate, rho=0.9), "Adam": optimisers.Adam}
    race = {name: np.array(_digits_history(makers[name](rates[name]), 0, 10)) for name in makers}
    assert sorted(race, key=lambda name: race[name][0])[:2] in (["Adam", "AdaGrad"], ["AdaGrad", "Adam"])
    assert all(min(race, key=lambda name: race[name][epoch]) == "AdaGrad" for epoch in range(3, 10))
    assert "Adam and AdaGrad start lowest after the\nfirst epoch; AdaGrad stays lowest from epoch 4 on" in \
        markdown(LESSON)
