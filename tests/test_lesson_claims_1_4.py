"""Numbers stated in the prose of lessons 1-4, asserted against the executed notebooks in lessons/.

Each test reads the stored outputs (the ones nbval compares strictly), so a sentence whose number no longer
matches its notebook's output fails here (issue 15, section 6).
"""

import re

import numpy as np
import pytest
from lesson_text import markdown, outputs


@pytest.mark.parametrize("lesson", ["01_derivatives", "02_networks", "03_losses", "04_softmax_cross_entropy"])
def test_every_question_has_a_revealable_answer(lesson):
    questions = markdown(lesson).split("## Questions")[1]
    numbered = re.findall(r"^\d+\. ", questions, flags=re.MULTILINE)
    assert len(numbered) >= 3
    assert questions.count("<details><summary>Answer</summary>") == len(numbered)
    assert questions.count("</details>") == len(numbered)


def test_lesson_1_profit_values_and_slopes():
    text = outputs("01_derivatives")
    assert "(-10, 0)" in text  # P(0) = -10, P(1) = 0
    assert "(-4, 3, 8)" in text  # P'' = -4, x = 3, P(3) = 8
    assert "[(12, -36), (0, 12), (3, 0)]" in text
    assert "h = 0.001  secant slope = 7.9980   error = -0.0020" in text


def test_lesson_1_distance_to_the_top_shrinks_by_one_minus_four_eta():
    text = outputs("01_derivatives")
    for rate, factor in [(0.01, "+0.96"), (0.1, "+0.60"), (0.45, "-0.80"), (0.5, "-1.00"), (0.55, "-1.20")]:
        assert f"learning rate {rate:<5} 1 - 4*rate = {factor}   measured ratios: {factor}00 to {factor}00" in text
    assert "learning rate 0.5    x after 15 steps:     6.0000" in text  # jumps between 0 and 6
    assert "learning rate 0.55  1 - 4*rate = -1.20   measured ratios: -1.2000 to -1.2000   |x - 3| after 15 steps: 46.22" in text


def test_lesson_4_overflow_threshold_and_unsafe_shifts():
    text = outputs("04_softmax_cross_entropy")
    assert "its log:           709.78" in text
    assert "e^709, e^710:      8.218407461554972e+307 inf" in text
    assert "[0, 0, 2000] minus its mean: [ 0.  0. nan]" in text
    assert "[0, 800] minus its min:      [ 0. nan]" in text


def test_lesson_4_clipping_changes_subnormals_too():
    text = outputs("04_softmax_cross_entropy")
    assert "tiny:            2.2250738585072014e-308" in text
    assert "after clipping:  [2.2251e-308 2.2251e-308 2.2251e-308 1.0000e-300 5.0000e-001]" in text
    assert "-log before:     [       inf 7.4444e+02 7.1380e+02" in text
    assert "-log after:      [7.0840e+02 7.0840e+02 7.0840e+02" in text


def test_lesson_4_answer_to_question_3():
    """The numbers in the model answer: one sample at 0.001, nine at 0.9."""
    bad, good = -np.log(0.001), -np.log(0.9)
    mean = (bad + 9 * good) / 10
    assert (round(bad, 3), round(good, 3), round(bad / good), round(mean, 3), round(100 * bad / (10 * mean))) == (
        6.908, 0.105, 66, 0.786, 88)
    answers = markdown("04_softmax_cross_entropy")
    for stated in ["6.908", "0.105", "about 66 times", "0.786", "88%"]:
        assert stated in answers


def test_lesson_2_transposed_products_sigmoid_slope_and_spread():
    text = outputs("02_networks")
    assert "batch of 4: Z @ W.T  refused" in text and "batch of 4: W @ Z    refused" in text
    assert "batch of 2: W @ Z    runs, shape (3, 3)" in text
    assert "([0], 1/4, 0.25, 0.0)" in text  # sigma' is largest at u = 0, where it is 1/4
    for n_in, unscaled, scaled in [(2, "1.393", "1.029"), (64, "8.062", "1.002"), (784, "28.058", "1.003")]:
        assert f"n_in = {n_in:>3}: std of u with std-1 weights {unscaled:>6}, with 1/sqrt(n_in) weights {scaled}" in text


def test_lesson_2_hidden_units_end_apart_but_not_at_every_step():
    text = outputs("02_networks")
    assert "seed 0: start 0.420, lowest 0.284 after step 32, after 2000 steps 3.088" in text
    assert "seed 3: start 3.324, lowest 3.315 after step 2" in text
    assert "Three of the five random starts learn XOR" in markdown("02_networks")


def test_lesson_2_try_it_numbers_for_x2_equal_5():
    """The 'Try it' paragraph's numbers: the lesson's 2-3-1 network at x = (1, 2) and at x = (1, 5)."""
    sigmoid = lambda u: 1 / (1 + np.exp(-u))
    W1 = np.array([[0.5, -1.0, 0.25], [-0.5, 0.5, 1.0]])
    b1 = np.array([0.0, 0.5, -1.0])
    W2 = np.array([[1.0], [-2.0], [0.5]])
    for x2, z_expected, y_expected in [(2, [0.3775, 0.6225, 0.7773], 0.4431), (5, [0.1192, 0.8808, 0.9859], 0.2892)]:
        z = sigmoid(np.array([1.0, x2]) @ W1 + b1)
        assert np.round(z, 4).tolist() == z_expected
        assert round(float(sigmoid(z @ W2 + 0.25)[0]), 4) == y_expected


def test_init_layer_docstring_spread_on_the_digits():
    from nbtools.datasets import load_digits_images
    from nbtools.layers import init_layer

    images, _ = load_digits_images()
    X = images.reshape(len(images), -1) / 16
    spreads = [np.std(X @ init_layer(64, 32, np.random.default_rng(seed))[0]) for seed in range(3)]
    assert round(float(np.sqrt(np.mean(X**2))), 2) == 0.48
    assert round(spreads[0], 2) == 0.47 and 0.455 <= min(spreads) and max(spreads) < 0.515


def test_lesson_3_sign_at_zero_and_answer_to_question_1():
    assert "array([-1.,  0.,  1.])" in outputs("03_losses")
    errors = np.array([1.0, -1.0, 2.0, -2.0])
    assert (errors.mean(), np.mean(errors**2), np.mean(np.abs(errors))) == (0.0, 2.5, 1.5)
    assert "MSE $= (1 + 1 + 4 + 4)/4 = 2.5$, MAE $= (1 + 1 + 2 + 2)/4 = 1.5$" in markdown("03_losses")


def test_lesson_2_answer_to_question_5():
    assert 784 * 32 + 32 == 25120 and 32 * 10 + 10 == 330
    assert "$25\\,450$" in markdown("02_networks")
