"""Checks for exercise 03, loss functions for regression: one function a question, registered as ``check.<name>``.

The reference answers are the building blocks in ``nbtools.losses``: every loss is the mean over every
entry of the (n_samples, n_outputs) arrays, as ``np.mean`` computes it. The misconceptions below are the
mistakes learners are known to make with MSE and MAE (summing instead of averaging, letting errors
cancel, taking a root, dropping a factor of the gradient, dividing by the samples or the outputs only...).

The first case of each function check has 4 samples and 3 outputs: with n_samples and n_outputs both
above 2 and different, every misconception gives a different value, so the first failing case can name
the mistake (a single column hides "divided by n_outputs only", which is then the same as a sum).
"""

import numpy as np
import sympy

from .. import losses
from . import register
from .engine import Case, Misconception, check_function, check_value


def _array(rows):
    return np.array(rows, dtype=float)


def _cases():
    """The same four (Y_hat, Y) inputs for the three function checks: several shapes, (n, k) first."""
    rng = np.random.default_rng(3)
    return [
        Case((_array([[1, 2, 0], [0, -1, 3], [2, 2, 1], [1, 0, -2]]),
              _array([[0, 2, 1], [1, 1, 1], [2, 0, 0], [3, 0, -1]])),
             "4 samples, 3 outputs: Y_hat = [[1, 2, 0], [0, -1, 3], [2, 2, 1], [1, 0, -2]], "
             "Y = [[0, 2, 1], [1, 1, 1], [2, 0, 0], [3, 0, -1]]"),
        Case((_array([[4], [3], [2], [7]]), _array([[3], [5], [2], [6]])),
             "4 samples, 1 output (lesson 3's example): Y_hat = [[4], [3], [2], [7]], Y = [[3], [5], [2], [6]]"),
        Case((_array([[2.5]]), _array([[-1.0]])), "1 sample, 1 output: Y_hat = [[2.5]], Y = [[-1.0]]"),
        Case((rng.normal(size=(6, 2)), rng.normal(size=(6, 2))),
             "6 samples, 2 outputs: rng = np.random.default_rng(3); Y_hat = rng.normal(size=(6, 2)); "
             "Y = rng.normal(size=(6, 2))"),
    ]


# --- what the misconceptions compute ----------------------------------------------------------------

def _squared(Y_hat, Y):
    return (Y_hat - Y) ** 2


def _absolute(Y_hat, Y):
    return np.abs(Y_hat - Y)


SUM_LOSS = ("You summed over the batch instead of averaging: divide by the number of entries (`np.mean` "
            "does it). A sum grows with the batch size, and so does its gradient: a learning rate that works "
            "for 10 samples would be 100 times too large for 1000.")
PER_SAMPLE_ONLY = ("You divided by the number of samples only (`len(Y)` or `Y.shape[0]`). This exercise "
                   "averages over every entry, samples and outputs alike: divide by `Y.size`, or use `np.mean`.")
PER_OUTPUT_ONLY = ("You divided by the number of outputs only (`Y.shape[1]`). Average over every entry, "
                   "samples and outputs alike: divide by `Y.size`, or use `np.mean`.")
ERRORS_CANCEL = ("You averaged the raw errors y_hat - y: positive and negative errors cancel, so wrong "
                 "predictions can average to 0. {fix}")
SQUARE_FIRST = ERRORS_CANCEL.format(fix="Square each error first, then average.")
ABSOLUTE_FIRST = ERRORS_CANCEL.format(fix="Take the absolute value of each error first, then average.")


HALF_MSE = ("You halved the loss (the ½ Σ (ŷ - y)² convention of some books, chosen so that the 2 of the power "
            "rule cancels). This workbook's MSE is the plain mean of the squared errors, with no ½: `np.mean((Y_hat - Y) ** 2)`.")


@register
def mse(answer):
    """Q1: a function (Y_hat, Y) -> the mean of (y_hat - y)^2 over every entry."""
    misconceptions = [
        Misconception(SUM_LOSS, lambda Y_hat, Y: np.sum(_squared(Y_hat, Y))),
        Misconception(SQUARE_FIRST, lambda Y_hat, Y: np.mean(Y_hat - Y)),
        Misconception("That is the root mean squared error (RMSE), the square root of the MSE. RMSE is "
                      "reported because it has the units of y, but the loss we minimise is the MSE itself: "
                      "drop the `np.sqrt`.",
                      lambda Y_hat, Y: np.sqrt(np.mean(_squared(Y_hat, Y)))),
        Misconception("That is the mean absolute error (MAE). The MSE squares each error instead of taking "
                      "its absolute value.",
                      lambda Y_hat, Y: np.mean(_absolute(Y_hat, Y))),
        Misconception(PER_SAMPLE_ONLY, lambda Y_hat, Y: np.sum(_squared(Y_hat, Y)) / Y.shape[0]),
        Misconception(PER_OUTPUT_ONLY, lambda Y_hat, Y: np.sum(_squared(Y_hat, Y)) / Y.shape[1]),
        Misconception(HALF_MSE, lambda Y_hat, Y: np.mean(_squared(Y_hat, Y)) / 2),
        Misconception(HALF_MSE, lambda Y_hat, Y: np.sum(_squared(Y_hat, Y)) / 2),
    ]
    return check_function(answer, losses.mse, _cases(), misconceptions)


@register
def mae(answer):
    """Q2: a function (Y_hat, Y) -> the mean of |y_hat - y| over every entry."""
    misconceptions = [
        Misconception(SUM_LOSS, lambda Y_hat, Y: np.sum(_absolute(Y_hat, Y))),
        Misconception(ABSOLUTE_FIRST, lambda Y_hat, Y: np.mean(Y_hat - Y)),
        Misconception("You took the absolute value after averaging, |mean(y_hat - y)|: by then positive and "
                      "negative errors have already cancelled. Take the absolute value of each error first, "
                      "then average.",
                      lambda Y_hat, Y: np.abs(np.mean(Y_hat - Y))),
        Misconception("That is the mean *squared* error. The MAE takes the absolute value of each error "
                      "(`np.abs`) instead of squaring it.",
                      lambda Y_hat, Y: np.mean(_squared(Y_hat, Y))),
        Misconception(PER_SAMPLE_ONLY, lambda Y_hat, Y: np.sum(_absolute(Y_hat, Y)) / Y.shape[0]),
        Misconception(PER_OUTPUT_ONLY, lambda Y_hat, Y: np.sum(_absolute(Y_hat, Y)) / Y.shape[1]),
    ]
    return check_function(answer, losses.mae, _cases(), misconceptions)


@register
def mse_gradient(answer):
    """Q3: a function (Y_hat, Y) -> d(MSE)/d(Y_hat) = 2 (Y_hat - Y) / n, n the number of entries."""
    misconceptions = [
        Misconception("This is 2 (y_hat - y) without the 1/n: the gradient of the *sum* of squared errors. "
                      "The MSE is a mean, so every entry of its gradient is divided by n = `Y.size`. Without "
                      "it the gradient grows with the batch size, and one learning rate no longer fits every "
                      "batch size.",
                      lambda Y_hat, Y: 2 * (Y_hat - Y)),
        Misconception("You lost the factor 2 of the power rule: d/dŷ (ŷ - y)² = 2 (ŷ - y). The gradient is "
                      "2 (Y_hat - Y) / n.",
                      lambda Y_hat, Y: (Y_hat - Y) / Y.size),
        Misconception("Both the factor 2 (power rule) and the 1/n (the mean) are missing: the gradient is "
                      "2 (Y_hat - Y) / n, with n = `Y.size`.",
                      lambda Y_hat, Y: Y_hat - Y),
        Misconception("Check the sign: differentiate with respect to the prediction y_hat, and the inner "
                      "derivative of (y_hat - y) is +1. 2 (Y - Y_hat) / n is *minus* the gradient: the direction "
                      "in which a descent step moves the predictions, not the gradient itself.",
                      lambda Y_hat, Y: 2 * (Y - Y_hat) / Y.size),
        Misconception(PER_SAMPLE_ONLY, lambda Y_hat, Y: 2 * (Y_hat - Y) / Y.shape[0]),
        Misconception(PER_OUTPUT_ONLY, lambda Y_hat, Y: 2 * (Y_hat - Y) / Y.shape[1]),
    ]
    return check_function(answer, losses.mse_gradient, _cases(), misconceptions)


yhat1, yhat2, y1, y2 = sympy.symbols("yhat1 yhat2 y1 y2")
TWO_SAMPLE_MSE = ((yhat1 - y1) ** 2 + (yhat2 - y2) ** 2) / 2


@register
def mse_derivative_two_samples(answer):
    """Q4: d/d(yhat1) of the MSE of a batch of two samples, ((yhat1 - y1)^2 + (yhat2 - y2)^2) / 2."""
    misconceptions = [
        Misconception("That is the derivative of the *sum* of the two squared errors. The MSE divides the "
                      "sum by n = 2, and that 1/2 cancels the 2 of the power rule.",
                      2 * (yhat1 - y1)),
        Misconception("The power rule brings down a 2: d/dŷ₁ (ŷ₁ - y₁)² = 2 (ŷ₁ - y₁). Multiply it by the "
                      "1/2 of the mean.",
                      (yhat1 - y1) / 2),
        Misconception("Check the sign: the inner derivative of (ŷ₁ - y₁) with respect to ŷ₁ is +1. "
                      "(y₁ - ŷ₁ is the derivative with respect to y₁, not to the prediction.)",
                      y1 - yhat1),
        Misconception("This is the loss itself. Differentiate it: `sp.diff(loss, yhat1)`.", TWO_SAMPLE_MSE),
    ]
    return check_value(answer, sympy.diff(TWO_SAMPLE_MSE, yhat1), misconceptions)


# The batch of questions 5 and 6, by hand: errors y_hat - y.
HAND_ERRORS = np.array([1.0, -1.0, 3.0, -3.0])
OUTLIER_ERRORS = np.array([1.0, -1.0, 1.0, -1.0, 10.0])


@register
def mse_by_hand(answer):
    """Q5: the MSE of the four predictions whose errors are 1, -1, 3, -3."""
    misconceptions = [
        Misconception("That is the sum of the squared errors; the MSE divides it by the number of samples.",
                      np.sum(HAND_ERRORS**2)),
        Misconception(SQUARE_FIRST, np.mean(HAND_ERRORS)),
        Misconception("That is the mean absolute error; square each error instead.", np.mean(np.abs(HAND_ERRORS))),
        Misconception("That is the square root of the MSE (RMSE); leave out the root.",
                      np.sqrt(np.mean(HAND_ERRORS**2))),
    ]
    return check_value(answer, np.mean(HAND_ERRORS**2), misconceptions)


PERCENTAGE = ("That is a percentage (the share times 100). The question asks for the fraction itself, a number "
              "between 0 and 1: 50% is 0.5.")


def _percentages(fraction):
    """A fraction as a learner may give it in percent: exact, or rounded to 2, 1 or 0 decimals."""
    percent = 100 * fraction
    return [percent, round(percent, 2), round(percent, 1), round(percent)]


@register
def outlier_share_of_mse(answer):
    """Q6: the outlier's share of the MSE (errors 1, -1, 1, -1, 10): 100/104.

    To 3 significant digits, as the question says (by hand: 100/104 = 0.962).
    """
    squared = OUTLIER_ERRORS**2
    misconceptions = [
        Misconception("That is the outlier's share of the *absolute* errors (of the MAE). The MSE squares "
                      "each error first: 10 becomes 100, while 1 stays 1.",
                      np.abs(OUTLIER_ERRORS[-1]) / np.sum(np.abs(OUTLIER_ERRORS))),
        Misconception("Every sample has the same weight 1/5 in the mean, but its share of the loss depends on "
                      "the size of its squared error.", 1 / OUTLIER_ERRORS.size),
        Misconception("That is how many times the outlier's squared error exceeds the other four together; "
                      "the question asks for its fraction of the total, a number between 0 and 1.",
                      squared[-1] / np.sum(squared[:-1])),
        Misconception("That is the outlier's own term of the MSE, 10²/5; divide it by the whole MSE to get "
                      "its share.", squared[-1] / OUTLIER_ERRORS.size),
        *[Misconception(PERCENTAGE, percent) for percent in _percentages(squared[-1] / np.sum(squared))],
    ]
    return check_value(answer, squared[-1] / np.sum(squared), misconceptions, digits=3)


XS, YS = [1, 2, 3], [2, 3, 7]


@register
def best_slope(answer):
    """Q7: the w minimising the MSE of y_hat = w x on x = 1, 2, 3 and y = 2, 3, 7.

    29/14, to 8 significant digits: the question asks for SymPy's exact answer, and
    says that a decimal typed by hand needs 8.
    """
    w = sympy.Symbol("w")
    loss = sum((w * x - y) ** 2 for x, y in zip(XS, YS)) / len(XS)
    expected = sympy.solve(sympy.diff(loss, w), w)[0]
    mean_x, mean_y = np.mean(XS), np.mean(YS)
    slope_with_bias = (np.sum((np.array(XS) - mean_x) * (np.array(YS) - mean_y))
                       / np.sum((np.array(XS) - mean_x) ** 2))
    misconceptions = [
        Misconception("That is the best slope of a line *with* a bias, y_hat = w x + b (what `np.polyfit` "
                      "fits). This model has no bias: minimise the MSE of w x - y over w alone.", slope_with_bias),
        Misconception("That is the ratio of the sums, sum(y) / sum(x). It comes out when the chain rule's "
                      "inner derivative is forgotten: d/dw (w x - y)² = 2 (w x - y) · x, with the factor x.",
                      sum(YS) / sum(XS)),
        Misconception("That is the average of the slopes y/x of the three points. The MSE weighs the points "
                      "differently: set dL/dw = 0 and solve for w.",
                      np.mean(np.divide(YS, XS))),
    ]
    return check_value(answer, float(expected), misconceptions, digits=8)


@register
def learning_rate_for_sum(answer):
    """Q8: with the sum of squared errors, the learning rate for batches of 1000 that matches 0.03 at 10."""
    misconceptions = [
        Misconception("With the *mean* the learning rate could stay the same. With the sum, the gradient is "
                      "about 100 times larger for a batch 100 times larger, so the steps would be 100 times "
                      "too big.", 0.03),
        Misconception("The gradient of the sum grows with the batch, so the learning rate must shrink, not grow.",
                      3.0),
        Misconception("The batch grew 100-fold (from 10 to 1000 samples), not 1000-fold: divide by 100.", 3e-5),
    ]
    return check_value(answer, 0.03 * 10 / 1000, misconceptions)
