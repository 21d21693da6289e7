"""The checks of exercise 03 (loss functions): correct answers pass in every form a learner may write them,
each misconception fails with its own hint, and an untouched template reads "not attempted yet"."""


import numpy as np
import pytest
import sympy

import nbtools.checks
from nbtools import check, losses
from nbtools.checks import losses as exercise_03

from misconceptions import (assert_every_misconception_tested, assert_fails_with_hint, assert_not_attempted,
                            assert_passes, misconceptions_defined)

EXERCISE_03 = sorted(name for name, function in nbtools.checks._CHECKS.items()
                     if function.__module__ == exercise_03.__name__)
FUNCTION_CHECKS = ["mse", "mae", "mse_gradient"]
yhat1, yhat2, y1, y2 = sympy.symbols("yhat1 yhat2 y1 y2")
w = sympy.Symbol("w")


# --- learner answers, written the way a learner would -------------------------------------------------

def template(Y_hat, Y):
    # YOUR CODE HERE
    raise NotImplementedError


def mse_loop(Y_hat, Y):
    total = 0.0
    for row_hat, row in zip(Y_hat, Y):
        for value_hat, value in zip(row_hat, row):
            total += (value_hat - value) ** 2
    return total / Y.size


def mse_sum(Y_hat, Y):
    return np.sum((Y_hat - Y) ** 2)


def mse_mean_error(Y_hat, Y):
    return np.mean(Y_hat - Y)


def mse_root(Y_hat, Y):
    return np.sqrt(np.mean((Y_hat - Y) ** 2))


def mse_absolute(Y_hat, Y):
    return np.mean(np.abs(Y_hat - Y))


def mse_per_sample(Y_hat, Y):
    return np.sum((Y_hat - Y) ** 2) / len(Y)


def mse_per_output(Y_hat, Y):
    return np.sum((Y_hat - Y) ** 2) / Y.shape[1]


def mse_in_place(Y_hat, Y):
    Y_hat -= Y
    Y_hat **= 2
    return Y_hat.mean()


def mae_sum(Y_hat, Y):
    return np.abs(Y_hat - Y).sum()


def mae_abs_of_mean(Y_hat, Y):
    return abs(np.mean(Y_hat - Y))


def mae_squared(Y_hat, Y):
    return np.mean((Y_hat - Y) ** 2)


def mae_per_sample(Y_hat, Y):
    return np.abs(Y_hat - Y).sum() / Y.shape[0]


def mae_per_output(Y_hat, Y):
    return np.abs(Y_hat - Y).sum() / Y.shape[1]


def gradient_of_sum(Y_hat, Y):
    return 2 * (Y_hat - Y)


def gradient_without_2(Y_hat, Y):
    return (Y_hat - Y) / Y.size


def gradient_without_2_and_n(Y_hat, Y):
    return Y_hat - Y


def gradient_wrong_sign(Y_hat, Y):
    return 2 * (Y - Y_hat) / Y.size


def gradient_per_sample(Y_hat, Y):
    n_samples = Y.shape[0]
    return 2 * (Y_hat - Y) / n_samples


def gradient_per_output(Y_hat, Y):
    n_outputs = Y.shape[1]
    return 2 * (Y_hat - Y) / n_outputs


TWO_SAMPLE_MSE = ((yhat1 - y1) ** 2 + (yhat2 - y2) ** 2) / 2
LOSS_W = sum((w * x - y) ** 2 for x, y in zip([1, 2, 3], [2, 3, 7])) / 3

CORRECT = [
    ("mse", losses.mse),
    ("mse", mse_loop),
    ("mse", lambda Y_hat, Y: np.square(Y - Y_hat).sum() / Y.size),
    ("mae", losses.mae),
    ("mae", lambda Y_hat, Y: np.mean(np.abs(Y - Y_hat))),
    ("mse_gradient", losses.mse_gradient),
    ("mse_gradient", lambda Y_hat, Y: 2 / Y.size * (Y_hat - Y)),
    ("mse_derivative_two_samples", sympy.diff(TWO_SAMPLE_MSE, yhat1)),
    ("mse_derivative_two_samples", yhat1 - y1),
    ("mse_derivative_two_samples", sympy.Symbol("yhat1") - sympy.Symbol("y1", real=True)),
    ("mse_by_hand", 5),
    ("mse_by_hand", 5.0),
    ("mse_by_hand", np.mean(np.array([1.0, -1.0, 3.0, -3.0]) ** 2)),
    ("outlier_share_of_mse", 100 / 104),
    ("outlier_share_of_mse", sympy.Rational(25, 26)),
    ("best_slope", sympy.solve(sympy.diff(LOSS_W, w), w)[0]),
    ("best_slope", 29 / 14),
    ("learning_rate_for_sum", 0.0003),
    ("learning_rate_for_sum", 0.03 / 100),
]

MISCONCEPTIONS = [
    ("mse", mse_sum, "You summed over the batch instead of averaging"),
    ("mse", mse_mean_error, "errors cancel, so wrong predictions can average to 0. Square each error first"),
    ("mse", mse_root, "root mean squared error (RMSE)"),
    ("mse", mse_absolute, "That is the mean absolute error (MAE)"),
    ("mse", mse_per_sample, "You divided by the number of samples only"),
    ("mse", mse_per_output, "You divided by the number of outputs only"),
    ("mse", lambda Y_hat, Y: 0.5 * np.mean((Y_hat - Y) ** 2), "You halved the loss"),
    ("mse", lambda Y_hat, Y: np.sum((Y_hat - Y) ** 2) / 2, "You halved the loss"),
    ("mae", mae_sum, "You summed over the batch instead of averaging"),
    ("mae", mse_mean_error, "errors cancel, so wrong predictions can average to 0. Take the absolute value"),
    ("mae", mae_abs_of_mean, "You took the absolute value after averaging"),
    ("mae", mae_squared, "That is the mean *squared* error"),
    ("mae", mae_per_sample, "You divided by the number of samples only"),
    ("mae", mae_per_output, "You divided by the number of outputs only"),
    ("mse_gradient", gradient_of_sum, "the gradient of the *sum* of squared errors"),
    ("mse_gradient", gradient_without_2, "You lost the factor 2 of the power rule"),
    ("mse_gradient", gradient_without_2_and_n, "Both the factor 2 (power rule) and the 1/n (the mean) are missing"),
    ("mse_gradient", gradient_wrong_sign, "Check the sign"),
    ("mse_gradient", gradient_per_sample, "You divided by the number of samples only"),
    ("mse_gradient", gradient_per_output, "You divided by the number of outputs only"),
    ("mse_derivative_two_samples", 2 * (yhat1 - y1), "derivative of the *sum* of the two squared errors"),
    ("mse_derivative_two_samples", (yhat1 - y1) / 2, "The power rule brings down a 2"),
    ("mse_derivative_two_samples", y1 - yhat1, "Check the sign"),
    ("mse_derivative_two_samples", TWO_SAMPLE_MSE, "This is the loss itself."),
    ("mse_by_hand", 20, "That is the sum of the squared errors"),
    ("mse_by_hand", 0, "errors cancel, so wrong predictions can average to 0. Square each error first"),
    ("mse_by_hand", 2, "That is the mean absolute error"),
    ("mse_by_hand", np.sqrt(5), "That is the square root of the MSE (RMSE)"),
    ("outlier_share_of_mse", 10 / 14, "share of the *absolute* errors"),
    ("outlier_share_of_mse", 0.2, "Every sample has the same weight 1/5"),
    ("outlier_share_of_mse", 25, "how many times the outlier's squared error exceeds"),
    ("outlier_share_of_mse", 20, "the outlier's own term of the MSE"),
    ("outlier_share_of_mse", 100 * 100 / 104, "That is a percentage"),
    ("outlier_share_of_mse", 96.15, "That is a percentage"),
    ("outlier_share_of_mse", 96, "That is a percentage"),
    ("best_slope", 2.5, "That is the best slope of a line *with* a bias"),
    ("best_slope", 2, "That is the ratio of the sums"),
    ("best_slope", sympy.Rational(35, 18), "the average of the slopes y/x"),
    ("learning_rate_for_sum", 0.03, "With the *mean* the learning rate could stay the same"),
    ("learning_rate_for_sum", 3, "the learning rate must shrink, not grow"),
    ("learning_rate_for_sum", 0.00003, "divide by 100"),
]


@pytest.mark.parametrize("name, answer", CORRECT)
def test_correct_answer_passes(name, answer):
    assert_passes(name, answer)


def test_every_check_of_exercise_03_has_a_correct_answer_test():
    assert len(EXERCISE_03) >= 5
    assert {name for name, _ in CORRECT} == set(EXERCISE_03)


@pytest.mark.parametrize("name, answer, hint", MISCONCEPTIONS)
def test_misconception_gets_its_hint(name, answer, hint):
    assert_fails_with_hint(name, answer, hint)


def test_every_misconception_of_exercise_03_has_a_test(monkeypatch):
    """Catches a Misconception added to nbtools/checks/losses.py without an entry in MISCONCEPTIONS."""
    assert_every_misconception_tested(misconceptions_defined(monkeypatch, exercise_03, EXERCISE_03), MISCONCEPTIONS)


@pytest.mark.parametrize("name", EXERCISE_03)
def test_untouched_template_is_not_attempted(name):
    answer = template if name in FUNCTION_CHECKS else ...
    assert_not_attempted(name, answer)


def test_function_checks_start_with_a_case_of_several_samples_and_outputs():
    """A multi-column case first, so that "n_samples only" and "n_outputs only" cannot pass or hide."""
    first = exercise_03._cases()[0]
    n_samples, n_outputs = first.args[1].shape
    assert n_samples > 2 and n_outputs > 2 and n_samples != n_outputs


@pytest.mark.parametrize("name, answer", [("mse", mse_per_sample), ("mse_gradient", gradient_per_sample)])
def test_answer_that_works_for_one_column_only_fails(name, answer):
    result = check(name, answer)
    assert not result.ok
    assert 0 < result.passed < result.total


def test_answer_that_changes_its_input_in_place_is_named():
    result = check.mse(mse_in_place)
    assert result.status == "failed"
    assert "changed its input `Y_hat` in place" in result.problem


def test_expected_value_is_not_revealed_by_value_checks():
    result = check.mse_by_hand(20)
    assert result.expected == ""
    assert "Expected" not in str(result)


def test_wrong_answer_without_a_known_misconception_has_no_hint():
    result = check.mse_by_hand(7)
    assert result.status == "failed"
    assert result.hint == ""


# --- the precision each question asks for (issue 15, 3c) ------------------------------

def test_the_outlier_share_accepts_3_significant_digits_as_its_question_says():
    for worked_out in [0.962, 0.9615, round(100 / 104, 6), 25 / 26]:
        assert check.outlier_share_of_mse(worked_out).ok, worked_out
    for wrong in [0.96, 0.961, 0.97, 0.714]:
        assert check.outlier_share_of_mse(wrong).status == "failed", wrong
    # 10/14 to 3 digits still gets its hint
    assert "*absolute* errors" in check.outlier_share_of_mse(0.714).hint


def test_the_best_slope_asks_for_8_significant_digits_as_its_question_says():
    assert check.best_slope(2.0714286).ok  # 29/14 to 8 digits
    assert check.best_slope(2.07142857142).ok
    for too_few in [2.071429, 2.0714, 2.07]:
        assert check.best_slope(too_few).status == "failed", too_few
