"""Numbers stated in the prose of lesson 11, asserted against the executed notebook ``lessons/11_optimisers.ipynb``
(and, where the prose states a fact its outputs do not print, measured here again: the optimisers that diverge at
AdaGrad's rates on the valley, the cosine's last rate, the sizes of the digits' sets, RMSProp's steps near the
valley's minimum, what the explorer's "Try it" promises, Question 4's NaN, and the curves its figures describe in
words)."""

import math
import re

import numpy as np
import pytest

from lesson_text import markdown, outputs
from nbtools import optimisers
from nbtools.datasets import load_digits_split
from nbtools.optimisers import SGD, Momentum, descent_path

LESSON = "11_optimisers"
CURVATURES = np.array([1.0, 25.0])
OPTIMISERS = ["SGD", "momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"]


def number_after(text, pattern):
    return float(re.search(pattern, text).group(1))


def flat(prose):
    """The prose with its line breaks (and the twin's comment marks) turned into spaces."""
    return re.sub(r"\s+", " ", prose)


def rows_of(text, header, names, count):
    """{name: [numbers]} of the table printed after ``header``: each row's numbers, in order."""
    block = text.split(header, 1)[1]
    rows = {}
    for name in names:
        line = re.search(rf"^ *{re.escape(name)}  .*$", block, flags=re.MULTILINE).group(0)
        rows[name] = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e[+-]\d+)?", line[len(name) + 1:])][:count]
    return rows


def test_lesson_11_momentum_and_nesterov_on_the_valley():
    text, prose = outputs(LESSON), flat(markdown(LESSON))
    assert "alpha = 0.7: 44 steps to within 0.001 of the minimum; sign changes of x: 1" in text
    assert "alpha = 0.9: 135 steps to within 0.001 of the minimum; sign changes of x: 8" in text
    assert "alpha = 0.9, momentum: 135 steps; sign changes of x: 8" in text
    assert "alpha = 0.9, Nesterov: 74 steps; sign changes of x: 4" in text
    assert 2 / CURVATURES.max() == 0.08 and math.isclose(2 * 1.7 / 25, 0.136)
    assert "$\\eta < 2/\\lambda_{\\max} = 0.08$" in prose and "$0.136$ for $\\alpha = 0.7$" in prose
    assert "minimum in 44 steps where plain descent needed at least 116" in prose
    assert "steps to within 0.001 of the minimum: 116" in outputs("06_gradient_descent")        # lesson 6's grid
    assert "crossed $x = 0$ eight times before it settled; with $\\alpha = 0.7$, once" in prose
    assert "Nesterov needs 74 steps, about half of momentum's 135, and overshoots the minimum 4 times instead of 8" \
        in prose and 0.45 < 74 / 135 < 0.6
    assert "(74 steps against 135 on the valley" in prose and "and 4 overshoots against 8)" in prose  # the Summary


def test_lesson_11_nesterov_form_and_limit():
    text, prose = outputs(LESSON), flat(markdown(LESSON))
    assert "\n0\n" in text                                                   # SymPy: the libraries' form, zero
    assert number_after(text, r"largest \|phi - \(theta \+ alpha v\)\| over 2000 steps: ([0-9.e+-]+)") < 1e-12
    assert "2⋅(α + 1)" in text and "λ⋅(2⋅α + 1)" in text and "0.0567, 0.136" in text
    assert math.isclose(2 * 1.7 / (2.4 * 25), 0.0567, abs_tol=5e-5)
    assert "($0.0567$ against $0.136$ for $\\alpha = 0.7$ on the valley)" in prose
    below = number_after(text, r"eta = 0.056: distance to the minimum after 500 steps ([0-9.e+-]+)")
    above = number_after(text, r"eta = 0.058: distance to the minimum after 500 steps ([0-9.e+-]+)")
    assert below < 1e-5 and above > 1e5 and 0.056 < 0.0567 < 0.058                 # just below, just above
    assert "(-α⋅(η⋅λ - 1), η⋅λ)" in text                                    # det M and det(M - I)
    assert "$\\det M = \\alpha(1 - \\eta\\lambda)$" in prose and "$\\det(M - I) = \\eta\\lambda > 0$" in prose
    # the modulus of a complex pair is sqrt(det M): below 1 at every rate below the limit, on a grid
    for alpha in (0.0, 0.5, 0.7, 0.9, 0.99):
        for eta_lambda in np.linspace(1e-3, 2 * (1 + alpha) / (1 + 2 * alpha) - 1e-3, 50):
            matrix = np.array([[alpha, -eta_lambda], [alpha**2, 1 - (1 + alpha) * eta_lambda]])
            assert np.abs(np.linalg.eigvals(matrix)).max() < 1
    # PyTorch's convention: buffer b = -v / eta, step phi - eta (g + alpha b): the same phi at a constant rate
    rng, eta, alpha = np.random.default_rng(0), 0.03, 0.9
    phi_ours, phi_torch, v, b = np.zeros(3), np.zeros(3), np.zeros(3), np.zeros(3)
    for _ in range(50):
        g = rng.normal(size=3)
        v = alpha * v - eta * g
        phi_ours = phi_ours + alpha * v - eta * g
        b = alpha * b + g
        phi_torch = phi_torch - eta * (g + alpha * b)
    assert np.allclose(phi_ours, phi_torch, atol=1e-12) and np.allclose(b, -v / eta)
    assert "its buffer $b \\leftarrow \\alpha b + g$ holds $-v/\\eta$" in prose
    # Questions 1: 0.076 for momentum, about 0.027 (almost three times lower) for Nesterov
    assert math.isclose(2 * 1.9 / 50, 0.076) and round(3.8 / 140, 3) == 0.027 and 2.5 < 0.076 / (3.8 / 140) < 3


def test_lesson_11_schedules_rates():
    text, prose = outputs(LESSON), flat(markdown(LESSON))
    rates = rows_of(text, "rates at t = 0, 1, 29, 30, 100, 150, 299 (peak 1):",
                    ["constant", "step decay (×0.1 every 100)", "cosine", "warm-up (30) + cosine"], 7)
    assert rates["cosine"][5] == 0.5                                                          # halfway
    last = optimisers.cosine(299, 1.0, 300)
    assert round(last, 6) == 2.7e-5 and rates["cosine"][6] == 0.0
    assert "at $2.7 \\times 10^{-5}$ of it at the last step, $t = 299$ (printed as 0.0000)" in prose
    assert optimisers.cosine(300, 1.0, 300) == 0.0                                   # 0 at t = T, after the run
    assert rates["warm-up (30) + cosine"][0] == round(1 / 30, 4) and rates["warm-up (30) + cosine"][2] == 1.0
    assert rates["step decay (×0.1 every 100)"][4] == 0.1 and rates["step decay (×0.1 every 100)"][6] == 0.01
    assert abs(number_after(text, r"\n([0-9.e+-]+)\nconstant +final loss")) < 1e-15         # equal to ours


def test_lesson_11_schedules_on_the_noisy_valley():
    text, prose = outputs(LESSON), flat(markdown(LESSON))
    finals = {name: [float(n) for n in re.search(rf"{re.escape(name)} +final loss, seeds 0-4: ([0-9. ]+?)   mean "
                                                 r"([0-9.]+)", text).group(1).split()]
              for name in ["constant", "step decay (×0.1 every 100)", "cosine", "warm-up (30) + cosine"]}
    means = {name: number_after(text, rf"{re.escape(name)} +final loss.*mean ([0-9.]+)") for name in finals}
    for name in ("step decay (×0.1 every 100)", "cosine", "warm-up (30) + cosine"):     # on every seed
        assert all(decayed < constant for decayed, constant in zip(finals[name], finals["constant"]))
    assert 0.15 <= min(finals["constant"]) and max(finals["constant"]) <= 1.1
    assert min(finals["cosine"]) == 0.0004 and max(finals["cosine"]) <= 0.014
    decay = finals["step decay (×0.1 every 100)"]
    assert min(decay) == 0.0049 and round(max(decay), 3) == 0.040
    assert "between 0.15 and 1.1, the cosine's between 0.0004 and 0.014" in prose
    assert "step decay's between 0.0049 and 0.040" in prose
    assert 70 < means["constant"] / means["cosine"] < 140                                 # "about a hundred"
    assert 20 < means["constant"] / means["step decay (×0.1 every 100)"] < 40            # "about thirty"
    assert "about a hundred times below the constant rate's with the cosine, about thirty times with step decay" \
        in prose
    warm = finals["warm-up (30) + cosine"]
    below = [w < c for w, c in zip(warm, finals["cosine"])]
    assert sum(below) == 3 and "below the cosine alone on three seeds, above it on two" in prose
    assert (means["warm-up (30) + cosine"], means["cosine"]) == (0.0052, 0.0054)
    assert "a mean of 0.0052 against the cosine's 0.0054" in prose
    assert "peak rate of $0.06$, below the limit $0.08$" in prose


def test_lesson_11_schedules_on_the_digits():
    text, prose = outputs(LESSON), flat(markdown(LESSON))
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
    assert "peak rate of 0.2, ten times lesson 7's" in prose
    assert "Momentum with $\\eta = 0.02$" in markdown("07_learning_loop")


def test_lesson_11_adagrad_and_rmsprop():
    text, prose = outputs(LESSON), flat(markdown(LESSON))
    assert "gradient at the start: [-10.  25.]  first step: [ 0.5 -0.5]" in text
    assert "$-10$ and $25$" in prose
    assert "──" in text and "√t⎠" in text and 1 / math.sqrt(100) == 0.1 and 1 / math.sqrt(10_000) == 0.01
    assert "constant gradient 3; step / eta at steps 1, 100, 10000: 1.0000 0.1000 0.0100" in text
    steps = [float(n) for n in re.search(r"step length at steps 1, 10, 100, 200: ([0-9. ]+)\n", text).group(1).split()]
    assert steps[0] == round(0.5 * math.sqrt(2), 4) and steps[3] == 0.0099
    assert 4.5 < (steps[0] / math.sqrt(200)) / steps[3] < 5.5 and round(steps[0] / math.sqrt(200), 2) == 0.05
    assert "distance to the minimum after 200 steps: 1.108" in text
    assert "by step 200 the steps are 0.0099, five times below the $0.71/\\sqrt{200} \\approx 0.05$" in prose
    assert "still 1.1 from the minimum after 200 steps" in prose
    assert "step / eta at steps 1, 2, 10, 100, 300:\n10.000 7.089 3.234 1.256 1.025" in text
    assert math.isclose(1 / math.sqrt(1 - 0.99), 10)                       # "ten times η for ρ = 0.99"
    assert "Ten times $\\eta$ at first, still 1.26 times after 100 steps" in prose


def test_lesson_11_bias_correction():
    text, prose = outputs(LESSON), flat(markdown(LESSON))
    assert "E[g]⋅⎝1 - β₁ ⎠" in text
    rows = re.findall(r"^ +(\d+) +([0-9.]+) +([0-9.]+) +([0-9.]+) +([0-9.]+)$", text.split("mean v_t / prediction", 1)[1],
                      flags=re.MULTILINE)[:5]
    assert [int(r[0]) for r in rows] == [1, 2, 3, 5, 10]
    for step, mean, formula, corrected, second in rows:
        standard_error = math.sqrt((1 - 0.9) / (1 + 0.9) * (1 - 0.81 ** int(step))) / math.sqrt(20_000)
        assert abs(float(mean) - float(formula)) < 4 * standard_error             # within the noise
        assert abs(float(corrected) - 0.5) < 0.01                                 # about 0.5 from the first step
        assert abs(float(second) - 1) < 0.01                                      # E[v_t], to within 1%
    assert float(rows[0][2]) == 0.05 and "(0.05 at the first step, a tenth of the mean gradient)" in prose
    assert 0.5**2 + 1 == 1.25 and math.isclose((1 - 0.999) * 1.25, 0.00125)
    assert "to within 1%, as small as $0.00125$ at the first step" in prose
    steps = dict((int(t), (float(c), float(u))) for t, c, u in
                 re.findall(r"^ *(\d+) +([0-9.]+) +([0-9.]+)$", text.split("step / eta, uncorrected", 1)[1],
                            flags=re.MULTILINE)[:5])
    assert all(c == 1.0 for c, _ in steps.values())
    assert steps[1][1] == round(0.1 / math.sqrt(0.001), 4) == 3.1623
    assert (round(steps[100][1], 2), round(steps[1000][1], 2)) == (3.24, 1.26)
    assert "uncorrected: longest step 6.57 eta, at step 12" in text
    assert "grows to 6.57 times $\\eta$ at step 12" in prose
    assert "still 3.24 times $\\eta$ after 100 steps and 1.26" in prose
    assert "3.2 to 6.6 times $\\eta$ for a constant gradient" in prose                    # the Summary
    # Get it right: the correction fades by itself, both factors within about 1% of 1 after about 4,600 steps
    t = math.ceil(math.log(0.01) / math.log(0.999))
    assert 4550 < t < 4650 and 1 / (1 - 0.999**t) < 1.0102 and 1 / (1 - 0.9**t) == 1.0
    assert "after about 4,600 steps" in prose
    # the step's size is set by eta, not by the gradient's scale; noise makes it shorter
    assert "constant gradient   0.001: first step / eta 0.99999" in text
    assert "constant gradient       3: first step / eta 1.00000" in text
    assert "constant gradient    1000: first step / eta 1.00000" in text
    noisy = [tuple(map(float, m)) for m in re.findall(r"first 100 steps, mean ([0-9.]+), longest ([0-9.]+)", text)]
    assert len(noisy) == 3
    assert all(0.4 <= mean <= 0.6 and longest <= 1.1 for mean, longest in noisy)   # about half; never much more
    assert "about half of $\\eta$ on average when the gradient is mostly noise, and never much more than $\\eta$" \
        in prose


def test_lesson_11_question_4_adam_counted_from_zero_is_nan():
    """Question 4's answer: with t from 0 both corrections divide by zero and the first step is NaN."""
    theta, gradient = np.array([1.0, -2.0]), np.array([3.0, 0.5])
    m, v = 0.1 * gradient, 0.001 * gradient**2
    with np.errstate(all="ignore"):
        m_hat, v_hat = m / (1 - 0.9**0), v / (1 - 0.999**0)
        step = theta - 0.001 * m_hat / (np.sqrt(v_hat) + 1e-8)
    assert np.isinf(m_hat).all() and np.isinf(v_hat).all() and np.isnan(step).all()
    with pytest.raises(ZeroDivisionError):                                 # plain Python floats
        0.3 / (1 - 0.9**0)
    assert "plain Python floats raise `ZeroDivisionError` instead" in flat(markdown(LESSON))
    assert "are both infinite, their ratio is NaN" in flat(markdown(LESSON))


def test_lesson_11_adamw_against_l2_in_adam():
    text, prose = outputs(LESSON), flat(markdown(LESSON))
    assert "lambda =  0.1: after 100 steps, L2 in Adam 1.0984,  AdamW 1.8096  (2 (1 - 0.01 lambda)^100 = 1.8096)" \
        in text
    assert "lambda = 10.0: after 100 steps, L2 in Adam 1.0984,  AdamW 5.3123e-05  (2 (1 - 0.01 lambda)^100 = " \
        "5.3123e-05)" in text
    assert round(2 * 0.999 ** 100, 2) == 1.81 and round(2 * 0.9 ** 100 * 1e5, 1) == 5.3
    assert "$2 \\cdot 0.9^{100} \\approx 5.3 \\times 10^{-5}$" in prose
    assert "the same 1.0984 for $\\lambda = 0.1$ and for $\\lambda = 10$" in prose
    groups = [tuple(map(float, match)) for match in
              re.findall(r"L2 in Adam ([0-9.]+) / ([0-9.]+),  AdamW ([0-9.]+) / ([0-9.]+)", text)]
    assert len(groups) == 3
    for small_l2, large_l2, small_w, large_w in groups:
        assert small_l2 < 0.0005 and large_l2 > 0.84 and 0.21 <= min(small_w, large_w) <= max(small_w, large_w) <= 0.24
    assert round(0.995 ** 300, 3) == 0.222 and "(1 - 0.01 * 0.5)^300 = 0.222" in text
    assert "(below 0.0005 on every seed) while those with large gradients stay above 0.84" in prose
    assert "between 0.21 and 0.24, near $0.995^{300} \\approx 0.222$" in prose
    # Get it right: the paper's decay eta_t lambda theta (eta_t the schedule's multiplier) equals PyTorch's
    # lr * weight_decay * theta when lambda_paper = lr * weight_decay
    lr, weight_decay, theta = 0.001, 0.01, np.array([2.0, -1.0])
    assert np.allclose(theta * (1 - lr * weight_decay), theta - 1.0 * (lr * weight_decay) * theta)
    assert "a $\\lambda$ from the paper is PyTorch's `weight_decay` times the learning rate" in prose


def _race(text, header):
    """{optimiser: [(loss, rate) from each start]} of the race printed after ``header``."""
    block = text.split(header, 1)[1]
    return {name: [(float(loss), float(rate)) for loss, rate in
                   re.findall(r"([0-9.]+e[+-]\d+) \(([0-9.]+)\) from", re.search(rf"^  {name} .*$", block,
                                                                               flags=re.MULTILINE).group(0))]
            for name in OPTIMISERS}


def test_lesson_11_races_on_the_valley_and_rosenbrock():
    text, prose = outputs(LESSON), flat(markdown(LESSON))
    rates = np.geomspace(1e-4, 10, 16)
    assert round(rates[1] / rates[0], 2) == 2.15
    valley, rosenbrock = _race(text, "valley, 100 steps"), _race(text, "Rosenbrock, 1000 steps")

    def ranked(race, start):
        return sorted(race, key=lambda name: race[name][start][0])

    for start in (0, 1):
        assert ranked(valley, start)[:2] == ["AdaGrad", "Nesterov"]
        assert ranked(rosenbrock, start)[:2] == ["Adam", "momentum"]
        assert valley["AdaGrad"][start][0] < 1e-50                                            # "by far"
    columns = [ranked(race, start) for race in (valley, rosenbrock) for start in (0, 1)]
    assert all(column.index("SGD") >= 4 for column in columns)                # last or next to last, all four
    assert sorted(column.index("RMSProp") for column in columns) == [2, 3, 4, 5]   # from third to last
    assert "Plain SGD is last or next to last in all four columns. RMSProp ranges from third to last" in prose
    assert [rate for _, rate in valley["AdaGrad"]] == [10.0, 4.6] and "(10 and 4.6)" in prose
    assert "(10 and 4.6) at which SGD, momentum and Nesterov diverge" in prose
    diverging = {"SGD": SGD, "momentum": lambda rate: Momentum(rate, 0.9),
                 "Nesterov": lambda rate: optimisers.Nesterov(rate, 0.9)}
    with np.errstate(all="ignore"):
        for make in diverging.values():
            for rate, start in zip(rates[-2:][::-1], ([-10.0, 1.0], [6.0, -1.5])):
                end = descent_path(make(rate), lambda theta: CURVATURES * theta, start, 100)[-1]
                assert not np.isfinite(np.sum(end ** 2)) or np.linalg.norm(end) > 1e6    # diverged
    # RMSProp near the valley's minimum keeps stepping at about eta (its best rate, from the first start)
    rate = valley["RMSProp"][0][1]
    path = descent_path(optimisers.RMSProp(rates[10], rho=0.9), lambda theta: CURVATURES * theta, [-10.0, 1.0], 100)
    assert round(rates[10], 2) == rate
    lengths = np.linalg.norm(np.diff(path, axis=0), axis=1)[-10:] / rates[10]
    assert 0.7 < lengths.min() and lengths.max() < 1.3 and np.linalg.norm(path[-10:], axis=1).max() < 0.2
    assert 500 < rosenbrock["Adam"][0][1] / rosenbrock["SGD"][0][1] < 5000                  # "a thousand times"
    assert 500 < rosenbrock["Adam"][1][1] / rosenbrock["SGD"][1][1] < 5000
    from nbtools.optimiser_explorer import rosenbrock_gradient
    assert np.array_equal(rosenbrock_gradient(np.array([-1.5, 2.0])), [-155.0, -50.0]) and "$(-155, -50)$" in prose
    assert valley["AdaGrad"][0][1] == 10 and rosenbrock["RMSProp"][0][1] == 1            # the figure's words
    turned = _race(text, "turned by 45°")
    for start in (0, 1):
        assert ranked(turned, start)[0] == "Nesterov"
        assert turned["AdaGrad"][start][0] > 100 * turned["Nesterov"][start][0]         # its advantage gone
    assert "Nesterov leads from both starts, with a loss more than a hundred times below AdaGrad's" in prose


def test_lesson_11_range_of_good_rates():
    text, prose = outputs(LESSON), flat(markdown(LESSON))
    block = text.split("valley            Rosenbrock", 1)[1]
    counts = {name: [int(n) for n in re.search(rf"^{name} +(\d+) and +(\d+) +(\d+) and +(\d+)$", block,
                                               flags=re.MULTILINE).groups()] for name in OPTIMISERS}
    for column in range(4):
        assert max(counts, key=lambda name: counts[name][column]) == "Adam"
        assert all(counts["Adam"][column] > counts[name][column] for name in OPTIMISERS if name != "Adam")
    assert (min(counts["Adam"]), max(counts["Adam"])) == (5, 7) and max(counts["SGD"]) == 1
    assert "(five to seven of the 16 rates, spanning at least a factor of 10), plain SGD one or none" in prose
    # "spanning at least a factor of 10": Adam's good rates, measured again on each problem and start
    from nbtools.optimiser_explorer import rosenbrock, rosenbrock_gradient
    rates = np.geomspace(1e-4, 10, 16)
    problems = [(lambda theta: CURVATURES * theta, lambda theta: 0.5 * np.sum(CURVATURES * theta**2), start, 100)
                for start in ([-10.0, 1.0], [6.0, -1.5])]
    problems += [(rosenbrock_gradient, lambda theta: rosenbrock(*theta), start, 1000)
                 for start in ([-1.5, 2.0], [0.0, -0.5])]
    with np.errstate(all="ignore"):
        for gradient, loss, start, steps in problems:
            good = [rate for rate in rates
                    if loss(descent_path(optimisers.Adam(rate), gradient, start, steps)[-1]) < 0.01]
            assert max(good) / min(good) >= 10
    assert "the widest of the six on the valley and on Rosenbrock's function" in prose                # the Summary


def test_lesson_11_race_on_the_digits():
    text, prose = outputs(LESSON), flat(markdown(LESSON))
    tried = {}
    block = text.split("at each candidate rate:", 1)[1].split("test accuracy", 1)[0]
    for name in OPTIMISERS:
        line = re.search(rf"^  {name} +(.*)$", block, flags=re.MULTILINE).group(1)
        tried[name] = {float(rate): float(loss) for rate, loss in re.findall(r"([0-9.]+): ([0-9.]+)", line)}
    rows = rows_of(text, "validation loss after 10 epochs, seeds 0 1 2", OPTIMISERS, 7)
    rates = {name: numbers[0] for name, numbers in rows.items()}
    losses = {name: numbers[1:4] for name, numbers in rows.items()}
    accuracies = {name: numbers[4:7] for name, numbers in rows.items()}
    for name in OPTIMISERS:
        grid = sorted(tried[name])
        assert all(math.isclose(b / a, 2) for a, b in zip(grid, grid[1:]))              # each twice the last
        assert min(tried[name], key=tried[name].get) == rates[name]                       # chosen on seed 0
        assert grid[0] < rates[name] < grid[-1]                                            # not at the grid's edge
        assert tried[name][rates[name]] == losses[name][0]
    lowest = [min(OPTIMISERS, key=lambda name: losses[name][seed]) for seed in range(3)]
    assert lowest == ["AdaGrad", "momentum", "AdaGrad"]
    assert [round(losses["AdaGrad"][seed], 3) for seed in (0, 2)] == [0.114, 0.114]
    assert round(losses["momentum"][1], 3) == 0.130
    assert "AdaGrad has the lowest validation loss on seeds 0 and 2 (0.114 on both), momentum on seed 1 (0.130)" \
        in prose
    for name in ("Adam", "RMSProp"):
        below = [losses[name][seed] < losses["momentum"][seed] for seed in range(3)]
        assert any(below) and not all(below)
    momentum, nesterov = tried["momentum"], tried["Nesterov"]
    assert momentum[0.08] > max(momentum[0.04], momentum[0.16])                       # not in the order of its rates
    assert all(abs(momentum[rate] - nesterov[rate]) < 0.001 for rate in (0.02, 0.04))
    assert all(nesterov[rate] > momentum[rate] for rate in (0.08, 0.16, 0.32))
    assert (rates["momentum"], rates["Nesterov"]) == (0.16, 0.04)
    assert "momentum's are not in the order of its rates (0.08 is worse than both 0.04 and 0.16)" in prose
    assert "within 0.001 of momentum at 0.02 and 0.04, is behind it at the larger rates" in prose
    everything = [a for values in accuracies.values() for a in values]
    assert (min(everything), max(everything)) == (95.6, 97.5)
    assert "between 95.6% and 97.5%, within 7 of the 360" in prose
    assert round(97.5 * 3.6) - round(95.6 * 3.6) == 7
    orders = {tuple(sorted(OPTIMISERS, key=lambda name: -accuracies[name][seed])) for seed in range(3)}
    assert len(orders) > 1                                                            # "changes from seed to seed"
    for seed in (0, 1):                                                               # SGD's the lowest on 0 and 1
        assert all(accuracies["SGD"][seed] < accuracies[name][seed] for name in OPTIMISERS if name != "SGD")
    assert "plain SGD's is the lowest on seeds 0 and 1" in prose
    seed_0 = [losses[name][0] for name in OPTIMISERS]
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
    prose = flat(markdown(LESSON))
    assert "between about 0.1 and 1, step decay drops by a factor of about 10 at step 100" in prose


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
    text, prose = outputs(LESSON), flat(markdown(LESSON))
    assert f"{curves['constant'][-1]:.4f}" == "0.1593" and f"{curves['cosine'][-1]:.4f}" == "0.1361"  # as printed
    assert np.array_equal(curves["constant"][:10], curves["step decay"][:10])     # one curve until epoch 10
    assert curves["constant"][10] > curves["constant"][9] + 0.01                   # climbs back after epoch 10
    assert all(min(curves, key=lambda name: curves[name][epoch]) == "cosine" for epoch in range(6, epochs))
    assert max(curves, key=lambda name: curves[name][0]) == "warm-up"               # starts highest
    for seed in (1, 2):                          # full rate: lower after epoch 1 on every seed (0 just above)
        first = [_digits_history(optimisers.Scheduled(Momentum(0.2, 0.9), schedule), seed, 1)[0]
                 for schedule in (lambda t: 0.2, lambda t: optimisers.warm_up_cosine(t, 0.2, per_epoch,
                                                                                    epochs * per_epoch))]
        assert first[0] < first[1]
    assert curves["constant"][0] < curves["warm-up"][0]
    assert "it ends its first epoch with a lower validation loss than with the warm-up, on each of the three " \
        "seeds" in prose
    assert "The cosine is the smoothest and lowest from epoch 7 on" in prose
    table = text.split("validation loss after 10 epochs, seeds 0 1 2", 1)[1]
    rates = {name: float(re.search(rf"^{name} +([0-9.]+) ", table, flags=re.MULTILINE).group(1))
             for name in OPTIMISERS}
    makers = {"SGD": SGD, "momentum": lambda rate: Momentum(rate, 0.9),
              "Nesterov": lambda rate: optimisers.Nesterov(rate, 0.9), "AdaGrad": optimisers.AdaGrad,
              "RMSProp": lambda rate: optimisers.RMSProp(rate, rho=0.9), "Adam": optimisers.Adam}
    race = {name: np.array(_digits_history(makers[name](rates[name]), 0, 10)) for name in makers}
    by_first = sorted(race, key=lambda name: race[name][0])
    assert set(by_first[:2]) == {"momentum", "Adam"} and set(by_first[-2:]) == {"Nesterov", "RMSProp"}
    assert min(race["Nesterov"][0], race["RMSProp"][0]) > 0.4
    assert [min(race, key=lambda name: race[name][epoch]) for epoch in range(10)][1:] == ["Adam"] * 2 + ["AdaGrad"] * 7
    rises = {name: int(np.sum(np.diff(curve) > 0)) for name, curve in race.items()}
    assert rises["Nesterov"] == 1 and all(rises[name] >= 2 for name in OPTIMISERS if name != "Nesterov")
    assert "Momentum and Adam are lowest after the first epoch, Nesterov (at 0.04, a quarter of momentum's rate) " \
        "and RMSProp highest, above 0.4. Adam leads at epochs 2 and 3, AdaGrad from epoch 4 on. Nesterov's curve " \
        "falls slowly and rises only once; every other curve rises at least twice" in prose


def test_lesson_11_explorer_does_what_try_it_says():
    """The explorer's "Try it", measured with its own ``race_paths`` on Rosenbrock's function."""
    from nbtools.optimiser_explorer import ROSENBROCK, race_paths, rosenbrock

    def left(path):                                    # out of the picture (or overflowed)
        return not np.isfinite(path).all() or np.abs(path).max() > 5

    def loss(path):
        return rosenbrock(*path[-1])

    prose = flat(markdown(LESSON))
    assert ROSENBROCK.momentum_rate == 0.001 and ROSENBROCK.start == (-1.5, 2.0) and ROSENBROCK.steps == 1000
    first_left = {}
    for rate in np.geomspace(1e-3, 1e-2, 41):
        paths = race_paths(ROSENBROCK, rate, 0.9, 0.1, 0.9, 0.999)
        for name in ("momentum", "Nesterov"):
            if left(paths[name]):
                first_left.setdefault(name, rate)
    assert 0.0011 < first_left["Nesterov"] < 0.0013 and 0.0021 < first_left["momentum"] < 0.0024
    assert "Nesterov leaves the picture first (near $\\eta = 0.0012$; its limit is lower), then momentum (near " \
        "0.0022)" in prose
    usual, wide = race_paths(ROSENBROCK, 0.001, 0.9, 0.1, 0.9, 0.999), race_paths(ROSENBROCK, 0.001, 0.99, 0.1, 0.9,
                                                                                   0.999)
    assert not left(usual["Nesterov"]) and left(wide["Nesterov"]) and not left(wide["momentum"])
    assert 5 < loss(wide["momentum"]) / loss(usual["momentum"]) < 20                  # "ten times higher"
    uncorrected = race_paths(ROSENBROCK, 0.001, 0.9, 0.1, 0.9, 0.999, bias_correction=False)["Adam"]
    ratios = (np.linalg.norm(np.diff(uncorrected[:5], axis=0), axis=1)
              / np.linalg.norm(np.diff(usual["Adam"][:5], axis=0), axis=1))
    assert round(ratios[0], 1) == 3.2 and all(7 < r < 13 for r in ratios[1:3])      # 3.2, then about ten
    forgetful = race_paths(ROSENBROCK, 0.001, 0.9, 0.1, 0.9, 0.9)["Adam"]
    assert 0.005 < loss(forgetful) < 0.02 and loss(usual["Adam"]) < 1e-6
    assert "its first step is 3.2 times longer, the next few about ten times" in prose
    assert "Adam ends with a loss of about 0.01 instead of below $10^{-6}$" in prose
