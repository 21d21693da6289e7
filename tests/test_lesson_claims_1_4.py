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


# --- lesson 3: every number in the prose, printed or computed here (issue 15, section 6) -----------------

def flat(text):
    """The text with every run of whitespace (line breaks included) as one space."""
    return " ".join(text.split())


def assert_stated_and_printed(lesson, pairs):
    """Each (printed, stated): ``printed`` is in the lesson's outputs, ``stated`` in its
    markdown (compared with its line breaks as spaces)."""
    text, prose = outputs(lesson), flat(markdown(lesson))
    for printed, stated in pairs:
        assert printed in text, f"not printed: {printed!r}"
        assert flat(stated) in prose, f"not stated: {stated!r}"


def test_lesson_3_the_tiny_example_by_hand():
    assert_stated_and_printed("03_losses", [
        ("array([ 1., -2.,  0.,  1.])", "the errors $+1$, $-2$, $0$, $+1$ cancel"),
        ("np.float64(0.0)", "the average error is exactly 0"),
        ("(1.5, 1.0)", "$\\text{MSE} = 6/4 = 1.5$ and $\\text{MAE} = 4/4 = 1$"),
        ("np.float64(1.224744871391589)", "$\\sqrt{1.5} \\approx 1.22$"),
        ("(1.0416666666666667, 1.0416666666666667)",
         "$2 \\times 1.0417 \\approx 2.083$"),
        ("(2.0833333333333335, 2.0833333333333335)", "\\approx 2.083$"),
        ("(1, -1)", "Its limit from the right is $+1$ and from the left $-1$"),
        ("agree within 1e-8: True", "agree to within $10^{-8}$ in every entry"),
    ])


def test_lesson_3_the_outlier_example():
    assert_stated_and_printed("03_losses", [
        ("array([ 1., -2.,  0.,  1., 10.])", "predicted 10 too high"),
        ("MSE: 1.50 without the outlier, 21.20 with it (14.1 times larger)",
         "$(1 + 4 + 0 + 1 + 100)/5 = 21.2$, about 14 times larger"),
        ("MAE: 1.00 without the outlier, 2.80 with it",
         "$(1 + 2 + 0 + 1 + 10)/5 = 2.8$"),
        ("array([ 0.4, -0.8,  0. ,  0.4,  4. ])",
         "$2 \\cdot 10/5 = 4$, is five times the largest of the others"),
        ("array([ 0.2, -0.2,  0. ,  0.2,  0.2])", "the same weight, $\\pm 1/5$"),
    ])
    assert 100 / (1 + 4 + 0 + 1 + 100) == 100 / 106
    assert "$100/106$ of the squared errors" in markdown("03_losses")
    assert 4 / 0.8 == 5


def test_lesson_3_curvature_and_the_explorers_learning_rates():
    """README and the Try it: curvature 3.312; one step lands almost on w* at 0.30,
    oscillates from 0.31, diverges past 0.604."""
    assert_stated_and_printed("03_losses", [
        ("(1.92781948932067, 3.31185291533316)", "$w^* \\approx 1.928$"),
        ("L'' = 3.312, and 2 mean(x^2) = 3.312", "$1 - 3.312\\,\\eta$"),
        ("1/L'' = 0.302, 2/L'' = 0.604", "$1/L'' \\approx 0.302$"),
        ("2/L'' = 0.604", "past $2/L'' \\approx 0.604$"),
        ("eta = 0.30: factor 1 - L'' eta = +0.006", "(factor $+0.006$)"),
        ("eta = 0.31: factor 1 - L'' eta = -0.027", "from 0.31 (factor $-0.027$)"),
        ("eta = 0.60: factor 1 - L'' eta = -0.987", "at 0.60 (factor $-0.987$)"),
        ("eta = 0.61: factor 1 - L'' eta = -1.020", "(factor $-1.020$)"),
    ])


def test_lesson_3_an_outlier_moves_the_mse_slope_on_every_seed_the_mae_slope_hardly():
    assert_stated_and_printed("03_losses", [
        ("best w by MSE: 1.928 without the outlier, 1.310 with it",
         "from about 1.93 down to about 1.31"),
        ("best w by MAE: 1.909 without the outlier, 1.909 with it",
         "does not move at all here"),
        ("MSE's best slope moves by -0.993 to -0.617", "drops by 0.62 to 0.99"),
        ("MAE's best slope moves by -0.073 to 0.000; not at all on 6 of 10",
         "stays put on 6 of the 10 and moves by at most 0.073"),
    ])


def test_lesson_3_mean_or_sum_over_ten_draws():
    assert_stated_and_printed("03_losses", [
        ("batch of   10: dMSE/dw =   -5.036   dSSE/dw =     -50.4",
         "about tenfold for each tenfold batch"),
        ("batch of 1000: w* = 2.017   MSE, rate 0.3: w = 2.017   "
         "SSE, rate 0.03: w = -2.076e+19",
         "every batch size reaches its $w^*$"),
        ("batch of   10: MSE, rate 0.3: |w - w*| at most 1.2e-03",
         "within 0.0012 of $w^*$"),
        ("batch of  100: MSE, rate 0.3: |w - w*| at most 4.9e-05   "
         "SSE, rate 0.03: |w| at least 5.2e+07",
         "at least $5 \\times 10^7$ for 100 samples"),
        ("batch of 1000: MSE, rate 0.3: |w - w*| at most 3.5e-06   "
         "SSE, rate 0.03: |w| at least 8e+18",
         "$8 \\times 10^{18}$ for 1000"),
    ])


def test_lesson_3_answer_to_question_2():
    errors = np.array([1.0, -2.0, 0.5])
    assert np.mean((2 * errors) ** 2) == 4 * np.mean(errors**2)
    rmse = np.sqrt(np.mean(errors**2))
    assert np.sqrt(np.mean((2 * errors) ** 2)) == pytest.approx(2 * rmse)
    assert np.mean(np.abs(2 * errors)) == 2 * np.mean(np.abs(errors))
    stated = "The MSE is multiplied by 4 (squares), the RMSE by 2 and the MAE by 2."
    assert stated in markdown("03_losses")


# --- lesson 4 --------------------------------------------------------------------------------------------

def test_lesson_4_softmax_values_and_properties():
    assert_stated_and_printed("04_softmax_cross_entropy", [
        ("array([2. , 1. , 0.1])", "2.0 is not a probability"),
        ("array([0.659 , 0.2424, 0.0986])", "(here class 0, with probability 0.659)"),
        ("equal logits    [0.3333 0.3333 0.3333]",
         "Equal logits give equal probabilities, $1/K$ each"),
        ("logits 10 * u   [9.9995e-01 4.5398e-05 5.6025e-09]", "never exactly one-hot"),
        ("largest float64:   1.7976931348623157e+308", "about $1.8 \\times 10^{308}$"),
        ("its log:           709.782712893384", "\\approx 709.78$"),
    ])


def test_lesson_4_the_mean_shift_leaves_1333_3_and_the_underflow_numbers():
    assert_stated_and_printed("04_softmax_cross_entropy", [
        ("mean of [0, 0, 2000]: 666.7, largest exponent after subtracting it: 1333.3",
         "Subtracting the mean of $[0, 0, 2000]$ (666.7) leaves the exponent $1333.3$"),
        ("e^-800 / (1 + e^-800) (SymPy): 3.7e-348", "about $4 \\times 10^{-348}$"),
        ("smallest positive float64:     4.9e-324", "(about $4.9 \\times 10^{-324}$)"),
        ("tiny:            2.2250738585072014e-308",
         "$\\approx 2.2 \\times 10^{-308}$"),
        ("-log after:      [7.0840e+02",
         "$-\\log(2.2 \\times 10^{-308}) \\approx 708.4$"),
        ("-log before:     [       inf 7.4444e+02 7.1380e+02",
         "$-\\log 10^{-310} \\approx 713.8$"),
        ("true class 0: 708.3964185322641", "708.4 is not the true loss"),
        ("loss of true class 0: 800.0", "The loss of class 0 is 800"),
        ("true class probability 0.25   loss   1.3863", "$\\ln 4 \\approx 1.3863$"),
        ("true class probability 1      loss  -0.0000", "(printed $-0.0000$"),
    ])


def test_lesson_4_each_gradient_row_sums_to_0_with_its_one_negative_at_the_true_class():
    rows = np.array([[0.0231, 0.1523, -0.1754], [-0.15, 0.0325, 0.1175],
                     [0.1559, -0.2486, 0.0927], [0.0318, 0.0888, -0.1206]])
    text = outputs("04_softmax_cross_entropy")
    for row in ["[ 0.0231,  0.1523, -0.1754]", "[-0.15  ,  0.0325,  0.1175]",
                "[ 0.1559, -0.2486,  0.0927]", "[ 0.0318,  0.0888, -0.1206]"]:
        assert row in text
    assert np.allclose(rows.sum(axis=1), 0, atol=2e-4)
    assert (np.argmin(rows, axis=1) == [2, 0, 1, 2]).all()  # the labels [2, 0, 1, 2]
    assert (np.sum(rows < 0, axis=1) == 1).all()
    assert "Each row sums to 0" in markdown("04_softmax_cross_entropy")


def test_lesson_4_answers_to_questions_1_and_2():
    from nbtools import losses

    assert np.allclose(losses.softmax(np.array([3.0, 3, 3, 3])), 0.25)
    # e^-997 underflows to 0
    assert np.array_equal(losses.softmax(np.array([3.0, 3, 3, 1000])), [0, 0, 0, 1])
    assert np.exp(-997.0) == 0.0 and 2000 - 2000 / 3 > np.log(np.finfo(float).max)
    answers = flat(markdown("04_softmax_cross_entropy").split("## Questions")[1])
    for stated in ["$[0.25, 0.25, 0.25, 0.25]$",
                   "$[0, 0, 0, 1]$: the others are $e^{-997}$",
                   "$[0, 0, 2000]$ leaves $1333.3 > 709.78$"]:
        assert stated in answers
