"""Mutation table of exercise 3 (losses): wrong answers a learner may write, and right ones in other forms."""

import numpy as np
import sympy as sp

from mutations import EXAMPLE_ONLY, IGNORES_INPUT, MISCONCEPTION, UNSAFE, Right, Wrong

yhat1, yhat2, y1, y2 = sp.symbols("yhat1 yhat2 y1 y2")
w = sp.Symbol("w")
TWO_SAMPLE_MSE = ((yhat1 - y1) ** 2 + (yhat2 - y2) ** 2) / 2


def mse_loops(Y_hat, Y):
    total = 0.0
    for row_hat, row in zip(Y_hat, Y):
        for a, b in zip(row_hat, row):
            total += (a - b) ** 2
    return total / Y.size


def mae_loops(Y_hat, Y):
    return sum(abs(a - b) for a, b in zip(Y_hat.ravel(), Y.ravel())) / Y.size


def gradient_loops(Y_hat, Y):
    G = np.empty_like(Y_hat, dtype=float)
    for index in np.ndindex(Y.shape):
        G[index] = 2 * (Y_hat[index] - Y[index]) / Y.size
    return G


def mse_in_place(Y_hat, Y):
    Y_hat -= Y
    return np.mean(Y_hat**2)


def first_column(loss):
    return lambda Y_hat, Y: loss(Y_hat[:, 0], Y[:, 0])


TABLE = {
    "mse": ([
        Wrong("half MSE", lambda Y_hat, Y: np.mean((Y_hat - Y) ** 2) / 2, (MISCONCEPTION,), hint="You halved the loss"),
        Wrong("sum", lambda Y_hat, Y: np.sum((Y_hat - Y) ** 2), (MISCONCEPTION,), hint="You summed over the batch"),
        Wrong("RMSE", lambda Y_hat, Y: np.sqrt(np.mean((Y_hat - Y) ** 2)), (MISCONCEPTION,), hint="RMSE"),
        Wrong("mean error", lambda Y_hat, Y: np.mean(Y_hat - Y), (MISCONCEPTION,), hint="errors cancel"),
        Wrong("per sample", lambda Y_hat, Y: np.sum((Y_hat - Y) ** 2) / len(Y), (MISCONCEPTION,),
              hint="number of samples only"),
        Wrong("first column only", first_column(lambda a, b: np.mean((a - b) ** 2)), (EXAMPLE_ONLY,)),
        Wrong("changes Y_hat in place", mse_in_place, (UNSAFE,)),
        Wrong("predictions squared only", lambda Y_hat, Y: np.mean(Y_hat**2), (IGNORES_INPUT,)),
    ], [
        Right("np.mean", lambda Y_hat, Y: np.mean((Y_hat - Y) ** 2)), Right("loops", mse_loops),
        Right("einsum", lambda Y_hat, Y: np.einsum("ij,ij->", Y_hat - Y, Y_hat - Y) / Y.size),
        Right("np.square of Y - Y_hat", lambda Y_hat, Y: np.square(Y - Y_hat).mean()),
    ]),
    "mae": ([
        Wrong("abs of the mean", lambda Y_hat, Y: abs(np.mean(Y_hat - Y)), (MISCONCEPTION,),
              hint="You took the absolute value after averaging"),
        Wrong("sum", lambda Y_hat, Y: np.sum(np.abs(Y_hat - Y)), (MISCONCEPTION,), hint="You summed over the batch"),
        Wrong("squared", lambda Y_hat, Y: np.mean((Y_hat - Y) ** 2), (MISCONCEPTION,), hint="mean *squared* error"),
        Wrong("per output", lambda Y_hat, Y: np.sum(np.abs(Y_hat - Y)) / Y.shape[1], (MISCONCEPTION,),
              hint="number of outputs only"),
        Wrong("first column only", first_column(lambda a, b: np.mean(np.abs(a - b))), (EXAMPLE_ONLY,)),
        Wrong("targets ignored", lambda Y_hat, Y: np.mean(np.abs(Y_hat)), (IGNORES_INPUT,)),
        Wrong("median", lambda Y_hat, Y: np.median(np.abs(Y_hat - Y)), ()),
    ], [
        Right("np.mean", lambda Y_hat, Y: np.mean(np.abs(Y_hat - Y))), Right("loops", mae_loops),
        Right("sqrt of squares", lambda Y_hat, Y: np.mean(np.sqrt((Y_hat - Y) ** 2))),
        Right("np.absolute of Y - Y_hat", lambda Y_hat, Y: np.absolute(Y - Y_hat).sum() / Y.size),
    ]),
    "mse_gradient": ([
        Wrong("gradient of the sum", lambda Y_hat, Y: 2 * (Y_hat - Y), (MISCONCEPTION,), hint="*sum* of squared"),
        Wrong("no 2", lambda Y_hat, Y: (Y_hat - Y) / Y.size, (MISCONCEPTION,), hint="factor 2 of the power rule"),
        Wrong("sign", lambda Y_hat, Y: 2 * (Y - Y_hat) / Y.size, (MISCONCEPTION,), hint="Check the sign"),
        Wrong("per sample", lambda Y_hat, Y: 2 * (Y_hat - Y) / len(Y), (MISCONCEPTION,),
              hint="number of samples only"),
        Wrong("the loss, not its gradient", lambda Y_hat, Y: np.mean((Y_hat - Y) ** 2), ()),
        Wrong("first column's n", lambda Y_hat, Y: 2 * (Y_hat - Y) / Y.shape[0], (EXAMPLE_ONLY,),
              hint="number of samples only"),
        Wrong("predictions only", lambda Y_hat, Y: 2 * Y_hat / Y.size, (IGNORES_INPUT,)),
    ], [
        Right("formula", lambda Y_hat, Y: 2 * (Y_hat - Y) / Y.size), Right("loops", gradient_loops),
        Right("np.size", lambda Y_hat, Y: 2 / np.size(Y) * np.subtract(Y_hat, Y)),
        Right("product of the shape", lambda Y_hat, Y: 2 * (Y_hat - Y) / np.prod(Y.shape)),
    ]),
    "mse_derivative_two_samples": ([
        Wrong("derivative of the sum", 2 * (yhat1 - y1), (MISCONCEPTION,), hint="*sum* of the two squared errors"),
        Wrong("lost the 2", (yhat1 - y1) / 2, (MISCONCEPTION,), hint="The power rule brings down a 2"),
        Wrong("sign", y1 - yhat1, (MISCONCEPTION,), hint="Check the sign"),
        Wrong("the loss", TWO_SAMPLE_MSE, (MISCONCEPTION,), hint="This is the loss itself"),
        Wrong("both samples", yhat1 - y1 + yhat2 - y2, (IGNORES_INPUT,)),
        Wrong("with respect to y1", sp.diff(TWO_SAMPLE_MSE, y1), ()),
    ], [
        Right("diff", sp.diff(TWO_SAMPLE_MSE, yhat1)), Right("yhat1 - y1", yhat1 - y1),
        Right("expanded sum form", sp.expand(2 * (yhat1 - y1) / 2)), Right("-(y1 - yhat1)", -(y1 - yhat1)),
    ]),
    "mse_by_hand": ([
        Wrong("sum", 20, (MISCONCEPTION,), hint="sum of the squared errors"),
        Wrong("mean error", 0, (MISCONCEPTION,), hint="errors cancel"),
        Wrong("MAE", 2, (MISCONCEPTION,), hint="mean absolute error"),
        Wrong("RMSE", 5 ** 0.5, (MISCONCEPTION,), hint="square root of the MSE"),
        Wrong("half MSE", 2.5, ()),
        Wrong("divided by 3", 20 / 3, ()),
    ], [Right("int", 5), Right("float", 5.0), Right("NumPy", np.mean(np.array([1, -1, 3, -3]) ** 2)),
        Right("SymPy", sp.Rational(20, 4))]),
    "outlier_share_of_mse": ([
        Wrong("percentage", 100 * 100 / 104, (MISCONCEPTION,), hint="That is a percentage"),
        Wrong("rounded percentage", 96.15, (MISCONCEPTION,), hint="That is a percentage"),
        Wrong("share of the MAE", 10 / 14, (MISCONCEPTION,), hint="*absolute* errors"),
        Wrong("1/5", 0.2, (MISCONCEPTION,), hint="same weight 1/5"),
        Wrong("ratio to the others", 25, (MISCONCEPTION,), hint="how many times"),
        Wrong("the others' share", 4 / 104, ()),
        Wrong("rounded to 2 digits", 0.96, (UNSAFE,)),
    ], [
        Right("division", 100 / 104), Right("fraction", sp.Rational(25, 26)), Right("NumPy",
              np.float64(100) / np.sum(np.array([1, -1, 1, -1, 10.0]) ** 2)), Right("25/26", 25 / 26),
        Right("by hand, to the 3 digits asked", 0.962),
    ]),
    "best_slope": ([
        Wrong("with a bias (polyfit)", 2.5, (MISCONCEPTION,), hint="*with* a bias"),
        Wrong("ratio of sums", 2, (MISCONCEPTION,), hint="ratio of the sums"),
        Wrong("mean slope", sp.Rational(35, 18), (MISCONCEPTION,), hint="average of the slopes"),
        Wrong("rounded", 2.07, (UNSAFE,)),
        Wrong("the minimum loss, not w", sp.Rational(2, 21), ()),
    ], [
        Right("SymPy", sp.Rational(29, 14)), Right("float", 29 / 14),
        Right("typed to the 8 digits asked", 2.0714286),
        Right("least squares", float(np.linalg.lstsq(np.array([[1.0], [2.0], [3.0]]), np.array([2.0, 3, 7]),
                                                     rcond=None)[0][0])),
        Right("x·y / x·x", np.dot([1, 2, 3], [2, 3, 7]) / np.dot([1, 2, 3], [1, 2, 3])),
    ]),
    "learning_rate_for_sum": ([
        Wrong("unchanged", 0.03, (MISCONCEPTION,), hint="With the *mean*"),
        Wrong("grown", 3, (MISCONCEPTION,), hint="must shrink, not grow"),
        Wrong("divided by 1000", 0.00003, (MISCONCEPTION,), hint="divide by 100"),
        Wrong("divided by 10", 0.003, ()),
        Wrong("the batch ratio as 1000/10 times 0.03 inverted wrongly", 1 / (0.03 * 100), ()),
    ], [Right("float", 0.0003), Right("expression", 0.03 * 10 / 1000), Right("fraction", sp.Rational(3, 10000))]),
}
