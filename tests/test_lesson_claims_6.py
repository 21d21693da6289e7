"""Numbers stated in the prose of lesson 6, asserted against the executed notebook ``lessons/06_gradient_descent.ipynb``.

Each test pairs a number the prose states with the output that prints it, so that a sentence whose number no
longer matches its notebook's output fails here (issue 15, section 6).
"""

import math
import re

import numpy as np
import pytest
from lesson_text import markdown, outputs

LESSON = "06_gradient_descent"


def flat(text):
    """The text with every run of whitespace (line breaks included) as one space."""
    return " ".join(text.split())


def assert_stated_and_printed(pairs):
    """Each (printed, stated): ``printed`` is in the lesson's outputs and ``stated`` in its markdown (the
    markdown compared with its line breaks as spaces)."""
    text, prose = outputs(LESSON), flat(markdown(LESSON))
    for printed, stated in pairs:
        assert printed in text, f"not printed: {printed!r}"
        assert flat(stated) in prose, f"not stated: {stated!r}"


def test_every_question_has_a_revealable_answer():
    questions = markdown(LESSON).split("## Questions")[1]
    numbered = re.findall(r"^\d+\. ", questions, flags=re.MULTILINE)
    assert len(numbered) == 5
    assert questions.count("<details><summary>Answer</summary>") == len(numbered)
    assert questions.count("</details>") == len(numbered)


def test_steepest_descent_and_the_step_by_hand():
    assert_stated_and_printed([
        ("(np.float64(36.5), array([-8., 15.]))", "$\\nabla L = (-8, 15)$"),
        ("slope -17.000", "\\lVert \\nabla L \\rVert =\n17$"),
        ("array([-7.6 , -0.15])", "= (-7.6, -0.15)"),
        ("np.float64(29.16125)", "from 36.5 to about 29.16"),
    ])


def test_the_diabetes_loss_start_floor_and_full_batch_descent():
    assert_stated_and_printed([
        ("((442, 10), (442, 1))", "442 patients"),
        ("np.float64(1.657577841951651)", "about 1.66"),
        ("np.float64(0.4822515777796501)", "about 0.482"),
        ("array([1.6576, 0.7942, 0.6709, 0.5511, 0.5077, 0.4872, 0.4839])",
         "from 1.66 to about 0.51 in 10 updates"),
        ("0.4839])", "after 100 updates it is about 0.484"),
    ])


def test_the_four_learning_rates_on_seed_0():
    assert_stated_and_printed([
        ("about right: η = 0.1             loss after 10 updates:     0.5077   after 60:     0.4861",
         "down to about 0.508"),
        ("0.4861", "about 0.486 after 60"),
        ("just below the limit: η = 0.24   loss after 10 updates:     0.6685   after 60:     0.4833",
         "(about\n  0.669)"),
        ("0.4833", "about 0.483 after 60"),
        ("after 60:  8.596e+17", "almost $10^{18}$ after 60 updates"),
    ])


def test_the_learning_rate_claims_measured_on_ten_starts():
    assert_stated_and_printed([
        ("eta = 0.003 still above 0.7 after 60 updates: 10 of 10 starts", "hold on every start"),
        ("eta = 0.3 above 1e10 after 60 updates:        10 of 10 starts", "diverging at 0.3"),
        ("eta = 0.24 behind 0.1 after 10 updates:       5 of 10 starts", "on 5\nof the 10 it is"),
        ("eta = 0.24 ahead of 0.1 after 60 updates:     9 of 10 starts", "ahead on 9 of 10"),
    ])


def test_curvatures_and_the_fit_losses_try_it():
    assert_stated_and_printed([
        ("[2/25]", "$0 < \\eta < 2/25 = 0.08$"),
        ("(28/3, 3/28, 3/14, 0.107, 0.214)", "$3/28 \\approx 0.107$"),
        ("0.214)", "$3/14 \\approx 0.214$"),
        ("eta = 0.05: factor 1 - (28/3) eta = +0.533", "(factor $+0.533$)"),
        ("eta = 0.21: factor 1 - (28/3) eta = -0.960", "(factor\n$-0.960$)"),
        ("eta = 0.22: factor 1 - (28/3) eta = -1.053", "(factor $-1.053$)"),
        ("eta = 0.01: factor 1 - (28/3) eta = +0.907", "(factor $+0.907$)"),
    ])


def test_lesson_6_steepest_and_flattest_factors_at_0_24_and_0_3():
    text = outputs(LESSON)
    assert "eta = 0.24: steepest factor 1 - eta * largest = -0.93, flattest 1 - eta * smallest = 0.996" in text
    assert "eta = 0.3: steepest factor 1 - eta * largest = -1.41" in text
    assert_stated_and_printed([
        ("learning-rate limit 2 / largest = 0.2485", "The limit is about 0.248"),
        ("largest curvature 8.048, smallest 0.0171", "$1 - 0.24 \\cdot 8.048 \\approx -0.93$"),
        ("smallest 0.0171", "$1 - 0.24 \\cdot 0.0171 \\approx 0.996$"),
        ("-1.41", "\\approx -1.41$: that part of the error grows by 41%"),
    ])
    assert "shrinking by only 7%" in markdown(LESSON) and "loses only 0.4% per update" in markdown(LESSON)


def test_the_diabetes_valley_is_470_times_narrower_and_s1_s2_correlate_0_9():
    assert_stated_and_printed([
        ("largest / smallest curvature: 470", "About 470"),
        ("correlation of s1 and s2:     0.90", "first two blood serum measurements"),
    ])


def test_mini_batches_iterations_and_epochs():
    assert_stated_and_printed([
        ("([32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 26], 442)",
         "13 full batches and one of 26: **14 mini-batches**"),
        ("10 epochs, 140 iterations (14 per epoch)", "here one epoch is 14 iterations"),
    ])
    assert math.ceil(442 / 32) == 14 and round(442 / 32) == 14  # "about 14 times less"


def test_sgd_against_full_batch_over_ten_shuffles():
    text = outputs(LESSON)
    rows = re.findall(r"shuffle seed (\d): SGD after 1 epoch ([0-9.]+), reached by full batch after +(\d+) "
                      r"epochs; last 5 epochs ([0-9.]+) to ([0-9.]+)", text)
    assert len(rows) == 10
    reached = [int(row[2]) for row in rows]
    lowest = [float(row[3]) for row in rows]
    full_batch = float(re.search(r"full batch after 140 updates: ([0-9.]+)", text)[1])
    assert (min(reached), max(reached), reached[1]) == (6, 10, 8)
    assert rows[1][1] == "0.5236" and full_batch == 0.4832
    assert (min(lowest), max(lowest)) == (0.4847, 0.4876) and min(lowest) > full_batch
    prose = flat(markdown(LESSON))
    for stated in ["(about 0.524 for seed 1)", "only after 8 passes (6 to 10, depending on the shuffle)",
                   "(0.4832 after 140 updates; SGD's lowest in its last 5 epochs is 0.4847 to 0.4876, on every\n"
                   "seed)"]:
        assert flat(stated) in prose, stated


def test_mean_or_sum_over_the_batch():
    assert_stated_and_printed([
        ("sum,  eta = 0.1:      loss after one epoch 2.48e+38", "SGD diverges within one epoch"),
        ("sum,  eta = 0.1 / 32: loss after one epoch 0.5170", "the two runs differ slightly"),
        ("mean, eta = 0.1:      loss after one epoch 0.5236", "its step is $26/32$"),
    ])
    assert 0.1 * 32 == pytest.approx(3.2) and "as if the learning rate were $3.2$" in markdown(LESSON)


def test_momentum_on_the_valley():
    assert_stated_and_printed([
        ("plain, best η = 0.077          steps to within 0.001 of the minimum: 116", "116 steps (at $\\eta = 0.077$)"),
        ("momentum, η = 0.04, α = 0.7    steps to within 0.001 of the minimum: 44", "$\\alpha = 0.7$ needs 44"),
        ("momentum, η = 0.04, α = 0.9    steps to within 0.001 of the minimum: 135", "it needs 135"),
        ("[ -9.25      ,  -0.875     ]", "$1 - 25 \\cdot 0.075 = -0.875$"),
        ("plain, η = 0.075             crosses y = 0 60 times in 60 steps", "60 crossings in 60 steps"),
        ("momentum, η = 0.04, α = 0.7  crosses y = 0 23 times in 60 steps", "(23 crossings)"),
    ])
    assert "44 steps instead of at least 116" in markdown(LESSON)  # the Summary


def test_lesson_6_momentum_limit_is_0_136_and_holds_on_the_valley():
    text = outputs(LESSON)
    assert "0.136" in text
    converged = float(re.search(r"eta = 0.13: distance to the minimum after 500 steps ([0-9.e+-]+)", text)[1])
    diverged = float(re.search(r"eta = 0.14: distance to the minimum after 500 steps ([0-9.e+-]+)", text)[1])
    assert converged < 1e-10 and diverged > 1e10


def test_the_try_it_rate_0_1_diverges_plain_and_converges_with_momentum():
    assert_stated_and_printed([
        ("eta = 0.1, alpha = 0.0: distance to the minimum after 60 steps 3.7e+10", "about $4 \\times 10^{10}$"),
        ("eta = 0.1, alpha = 0.7: distance to the minimum after 60 steps 5.2e-05",
         "still converges at $\\eta = 0.1$"),
    ])


def test_the_velocity_ratios_and_the_sign_of_the_alternating_term():
    """Issue 15: 'the sign of the alternating term'. The settled alternating velocity is -eta g / (1 + alpha):
    the sign of the plain step, against its own gradient; confirmed step by step."""
    text = outputs(LESSON)
    assert "-η⋅g" in text and "[10.0, 0.526]" in text  # SymPy: 1/(1 - a) = 10, 1/(1 + a) = 10/19
    assert "0.14⋅g" not in text  # the symbol eta is no longer overwritten by a loop's number
    steps = re.findall(r"step (\d\d): gradient ([+-]1), momentum step ([+-][0-9.]+)", text)
    assert len(steps) == 3
    for _, gradient, step in steps:
        assert np.sign(float(step)) == -np.sign(float(gradient))  # every step against its gradient
        assert abs(abs(float(step)) - 0.1 / 1.9) < 2e-4
    assert "0.1 / 1.9 = 0.0526" in text
    prose = flat(markdown(LESSON))
    for stated in ["$\\frac{1}{1 + \\alpha} = \\frac{10}{19} \\approx 0.526$", "Both ratios are positive",
                   "$v = \\alpha(-v) - \\eta g$", "$0.1/1.9 \\approx 0.053$"]:
        assert flat(stated) in prose, stated


def test_one_bad_gradient_slows_momentum_by_41_percent_but_keeps_it_downhill():
    """Issue 15: the sentence matches the example (the old 'barely changes its course' did not)."""
    assert_stated_and_printed([
        ("momentum, steps 29 to 31: [-0.958 -0.562 -0.606]", "$0.9 \\cdot (-0.96) + 0.3 \\approx -0.56$"),
        ("plain,    steps 29 to 31: [-0.1  0.3 -0.1]", "it flips to $+0.3$"),
        ("change at step 30: momentum +0.40 (against its undisturbed step), plain +0.40",
         "by the same amount, $+0.4$"),
        ("momentum's step shrank by 41% from step 29; back within 10% of the undisturbed step at step 44",
         "it is 41%"),
        ("at step 44", "undisturbed speed at step 44"),
    ])
    assert "barely changes" not in markdown(LESSON)


def test_answers_to_the_questions():
    gradient = np.array([3.0, -4.0])
    assert gradient @ [0.6, -0.8] == pytest.approx(5) and gradient @ [0.8, 0.6] == pytest.approx(0)
    assert np.allclose(-gradient / np.linalg.norm(gradient), [-0.6, 0.8])
    assert 2 / 100 == 0.02 and 0.98**342 == pytest.approx(0.001, rel=0.01) and 0.98**340 > 0.001
    assert math.ceil(10_000 / 64) == 157 and 156 * 64 + 16 == 10_000 and round(50_000 / 157, 1) == 318.5
    assert 1 / (1 - 0.99) == pytest.approx(100)
    prose = flat(markdown(LESSON).split("## Questions")[1])
    for stated in ["$3 \\cdot 0.6 + (-4)(-0.8) = 5$", "$3 \\cdot 0.8 - 4 \\cdot 0.6 = 0$", "= (-0.6, 0.8)$, with slope $-5$",
                   "$\\eta < 2/100 = 0.02$", "$1 - \\eta > 0.98$", "$0.98^{342} \\approx 0.001$",
                   "= 157$ iterations", "one of 16", "\\approx 318.5$ epochs", "= 100$ times", "135 steps against 44"]:
        assert flat(stated) in prose, stated
