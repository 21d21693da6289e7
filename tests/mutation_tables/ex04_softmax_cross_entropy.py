"""Exercise 04, softmax and cross-entropy: wrong answers a learner writes, and right ones in other forms."""

import numpy as np
import sympy

from mutations import EXAMPLE_ONLY, IGNORES_INPUT, MISCONCEPTION, UNSAFE, Right, Wrong

Y_HAT_Q7 = np.array([[0.1, 0.2, 0.7], [0.6, 0.3, 0.1], [0.25, 0.5, 0.25]])
LABELS_Q7 = np.array([2, 1, 0])
LOGITS_Q3 = np.array([[1.0, 3.0, 2.0], [-5.0, -2.0, -3.0], [1000.0, 999.0, 1001.0], [0.2, 0.1, 0.0]])


def _shifted(U, shift):
    e = np.exp(U - shift)
    return e / e.sum(axis=1, keepdims=True)


def softmax_loop(U):
    out = np.empty_like(U, dtype=float)
    for i, row in enumerate(U):
        e = np.exp(row - max(row))
        out[i] = e / sum(e)
    return out


def one_hot_loop(labels, n_classes):
    Y = np.zeros((len(labels), n_classes))
    for i, label in enumerate(labels):
        Y[i, label] = 1
    return Y


def cross_entropy_loop(Y_hat, Y):
    total = 0.0
    for p, y in zip(Y_hat, Y):
        total -= np.sum(y * np.log(np.maximum(p, np.finfo(float).tiny)))
    return total / len(Y_hat)


u1, u2, u3, y1, y2, y3 = sympy.symbols("u1 u2 u3 y1 y2 y3")
S = sympy.exp(u1) + sympy.exp(u2) + sympy.exp(u3)

TABLE = {
    "softmax": ([
        Wrong("the textbook formula, no shift", lambda U: np.exp(U) / np.exp(U).sum(axis=1, keepdims=True),
              (UNSAFE, MISCONCEPTION), "without subtracting each row's maximum"),
        Wrong("shift by the row minimum", lambda U: _shifted(U, U.min(axis=1, keepdims=True)),
              (UNSAFE, MISCONCEPTION), "each row's *minimum*"),
        Wrong("shift by the row mean", lambda U: _shifted(U, U.mean(axis=1, keepdims=True)),
              (UNSAFE, MISCONCEPTION), "each row's *mean*"),
        Wrong("one maximum for the whole batch", lambda U: _shifted(U, U.max()), (UNSAFE, MISCONCEPTION),
              "one maximum for the whole batch"),
        Wrong("normalised over the columns", lambda U: np.exp(U - U.max(axis=0)) / np.exp(U - U.max(axis=0)).sum(axis=0),
              (MISCONCEPTION,), "You normalised each column"),
        Wrong("shape (3,) hard-coded for the example", lambda U: _shifted(U[:, :3], U[:, :3].max(axis=1, keepdims=True)),
              (EXAMPLE_ONLY,)),
        Wrong("uniform probabilities whatever U", lambda U: np.full(U.shape, 1 / U.shape[1]), (IGNORES_INPUT,)),
    ], [
        Right("a loop over rows", softmax_loop),
        Right("log-softmax exponentiated", lambda U: np.exp(U - U.max(1, keepdims=True)
                                                            - np.log(np.exp(U - U.max(1, keepdims=True)).sum(1, keepdims=True)))),
        Right("axis=-1 and einsum for the sum", lambda U: (lambda e: e / np.einsum("ij->i", e)[:, None])(
            np.exp(U - U.max(axis=-1, keepdims=True)))),
    ]),
    "softmax_of_equal_logits": ([
        Wrong("e^0 = 1 without dividing", 1.0, (MISCONCEPTION,), "every exponential is e^0 = 1"),
        Wrong("e^7", float(np.exp(7)), (MISCONCEPTION,), "That is e^7"),
        Wrong("one over the logit", 1 / 7, (MISCONCEPTION,), "The common value 7 does not matter"),
        Wrong("one over four classes (another example)", 0.25, (EXAMPLE_ONLY,)),
        Wrong("the logit itself", 7, (IGNORES_INPUT,)),
    ], [
        Right("a fraction", sympy.Rational(1, 5)),
        Right("an int division", 1 / 5),
        Right("an array element", np.float32(0.2).item()),
    ]),
    "predicted_classes": ([
        Wrong("argmin", np.argmin(LOGITS_Q3, axis=1), (MISCONCEPTION,), "the *least* probable classes"),
        Wrong("counted from 1", np.argmax(LOGITS_Q3, axis=1) + 1, (MISCONCEPTION,), "numbered from 0"),
        Wrong("largest in size", np.argmax(np.abs(LOGITS_Q3), axis=1), (MISCONCEPTION,), "not with |u|"),
        Wrong("argmax over the samples", np.argmax(LOGITS_Q3, axis=0), (MISCONCEPTION,), "argmax of each column"),
        Wrong("the same class for every row", np.array([1, 1, 1, 1]), (IGNORES_INPUT,)),
    ], [
        Right("written out", np.array([1, 1, 2, 0])),
        Right("axis=-1", LOGITS_Q3.argmax(axis=-1)),
        Right("argmax of the softmax", np.exp(LOGITS_Q3 - LOGITS_Q3.max(1, keepdims=True)).argmax(1)),
    ]),
    "one_hot": ([
        Wrong("integers", lambda labels, n: np.eye(n, dtype=int)[labels], (MISCONCEPTION,), "hold integers"),
        Wrong("booleans", lambda labels, n: labels[:, None] == np.arange(n), (MISCONCEPTION,), "True/False"),
        Wrong("columns from the labels", lambda labels, n: np.eye(labels.max() + 1)[labels], (IGNORES_INPUT, MISCONCEPTION),
              "`labels.max() + 1` columns"),
        Wrong("three classes hard-coded", lambda labels, n: np.eye(3)[labels % 3], (EXAMPLE_ONLY,)),
        Wrong("transposed", lambda labels, n: np.eye(n)[labels].T, ()),
    ], [
        Right("a loop", one_hot_loop),
        Right("a comparison cast to float", lambda labels, n: (np.arange(n) == labels[:, None]).astype(np.float64)),
        Right("np.identity rows", lambda labels, n: np.identity(n)[list(labels)]),
    ]),
    "cross_entropy": ([
        Wrong("no clip: log(0)", lambda Y_hat, Y: -np.mean(np.sum(Y * np.log(Y_hat), axis=1)), (UNSAFE, MISCONCEPTION),
              "log(0) = -inf"),
        Wrong("epsilon 1e-7 added", lambda Y_hat, Y: -np.mean(np.sum(Y * np.log(Y_hat + 1e-7), axis=1)),
              (MISCONCEPTION,), "You protected the log with 1e-07"),
        Wrong("summed over the batch", lambda Y_hat, Y: -np.sum(Y * np.log(np.clip(Y_hat, 1e-300, 1))),
              (MISCONCEPTION,), "You summed over the batch"),
        Wrong("mean over every entry", lambda Y_hat, Y: -np.mean(Y * np.log(np.clip(Y_hat, 1e-300, 1))),
              (MISCONCEPTION,), "You averaged over every entry"),
        Wrong("ignores Y: the largest probability", lambda Y_hat, Y: -np.mean(np.log(Y_hat.max(axis=1))), (IGNORES_INPUT,)),
        Wrong("divides by 4 samples (the example's)",
              lambda Y_hat, Y: -np.sum(Y * np.log(np.clip(Y_hat, np.finfo(float).tiny, 1))) / 4, (EXAMPLE_ONLY,)),
    ], [
        Right("a loop with np.maximum", cross_entropy_loop),
        Right("the true class's probability", lambda Y_hat, Y: -np.mean(np.log(np.clip(
            Y_hat[np.arange(len(Y)), Y.argmax(1)], np.finfo(float).tiny, None)))),
        Right("einsum", lambda Y_hat, Y: -np.einsum("ij,ij->", Y, np.log(np.clip(Y_hat, np.finfo(float).tiny, 1))) / len(Y)),
    ]),
    "cross_entropy_at_one_quarter": ([
        Wrong("negative", float(np.log(0.25)), (MISCONCEPTION,), "Check the sign"),
        Wrong("log base 10", float(np.log10(4)), (MISCONCEPTION,), "not base 10"),
        Wrong("log base 2", 2.0, (MISCONCEPTION,), "not base 2"),
        Wrong("the probability", 0.25, (MISCONCEPTION,), "That is the probability itself"),
        Wrong("the other classes", float(-np.log(0.75)), (MISCONCEPTION,), "the *other* classes"),
        Wrong("log of the number of classes minus one", float(np.log(3)), (IGNORES_INPUT,)),
    ], [
        Right("2 ln 2", 2 * np.log(2)),
        Right("SymPy log(4)", sympy.log(4)),
        Right("-log(1/4)", -sympy.log(sympy.Rational(1, 4))),
        Right("as lesson 4 prints it, 4 decimals", 1.3863),
    ]),
    "batch_loss_from_labels": ([
        Wrong("ignores the labels: the row maxima", float(-np.mean(np.log(Y_HAT_Q7.max(axis=1)))),
              (IGNORES_INPUT, MISCONCEPTION), "You ignored the labels"),
        Wrong("labels multiplied in", float(-np.mean(np.sum(LABELS_Q7 * np.log(Y_HAT_Q7), axis=1))),
              (MISCONCEPTION,), "You multiplied the integer labels"),
        Wrong("whole rows", float(-np.mean(np.log(Y_HAT_Q7[LABELS_Q7]))), (MISCONCEPTION,), "whole rows or columns"),
        Wrong("summed", float(-np.sum(np.log(Y_HAT_Q7[np.arange(3), LABELS_Q7]))), (MISCONCEPTION,),
              "You summed over the batch"),
        Wrong("the old labels [2, 0, 1]", float(-np.mean(np.log([0.7, 0.6, 0.5]))), (EXAMPLE_ONLY,)),
        Wrong("the first sample only", float(-np.log(0.7)), (IGNORES_INPUT,)),
    ], [
        Right("by hand", -(np.log(0.7) + np.log(0.3) + np.log(0.25)) / 3),
        Right("logs added by hand to 4 decimals", (0.3567 + 1.2040 + 1.3863) / 3),
        Right("fancy indexing", float(-np.mean(np.log(Y_HAT_Q7[range(3), [2, 1, 0]])))),
        Right("SymPy", -(sympy.log(sympy.Rational(7, 10)) + sympy.log(sympy.Rational(3, 10))
                         + sympy.log(sympy.Rational(1, 4))) / 3),
    ]),
    "log_sum_exp": ([
        Wrong("no shift", lambda U: np.log(np.exp(U).sum(axis=1)), (UNSAFE, MISCONCEPTION),
              "You computed log(sum(e^u)) directly"),
        Wrong("min shift", lambda U: U.min(1) + np.log(np.exp(U - U.min(1, keepdims=True)).sum(1)), (UNSAFE, MISCONCEPTION),
              "each row's *minimum*"),
        Wrong("mean shift", lambda U: U.mean(1) + np.log(np.exp(U - U.mean(1, keepdims=True)).sum(1)),
              (UNSAFE, MISCONCEPTION), "each row's *mean*"),
        Wrong("max not added back", lambda U: np.log(np.exp(U - U.max(1, keepdims=True)).sum(1)), (MISCONCEPTION,),
              "did not add it back"),
        Wrong("the maximum alone (fits rows with one dominant logit)", lambda U: U.max(axis=1), (EXAMPLE_ONLY,)),
        Wrong("over the columns", lambda U: U.max(0) + np.log(np.exp(U - U.max(0)).sum(0)), (MISCONCEPTION,),
              "You summed each column"),
    ], [
        Right("np.logaddexp.reduce", lambda U: np.logaddexp.reduce(U, axis=1)),
        Right("a loop", lambda U: np.array([max(r) + np.log(sum(np.exp(r - max(r)))) for r in U])),
        Right("squeeze of keepdims", lambda U: np.squeeze(U.max(1, keepdims=True)
                                                          + np.log(np.exp(U - U.max(1, keepdims=True)).sum(1, keepdims=True)), 1)),
    ]),
    "cross_entropy_derivative_u1": ([
        Wrong("one term only", sympy.diff(-y1 * sympy.log(sympy.exp(u1) / S), u1), (MISCONCEPTION,),
              "only the term -y1·log(y_hat_1)"),
        Wrong("negated", y1 - sympy.exp(u1) / S, (MISCONCEPTION,), "Check the sign"),
        Wrong("with respect to the probability", -y1 * S / sympy.exp(u1), (MISCONCEPTION,), "That is dL/dy_hat_1"),
        Wrong("the softmax's own derivative", sympy.diff(sympy.exp(u1) / S, u1), (MISCONCEPTION,),
              "the derivative of the softmax alone"),
        Wrong("the one-hot y1 = 1 case only", sympy.exp(u1) / S - 1, (EXAMPLE_ONLY,)),
        Wrong("ignores the target", sympy.exp(u1) / S, (IGNORES_INPUT,)),
    ], [
        Right("softmax minus y1", sympy.exp(u1) / S - y1),
        Right("divided through by e^u1", 1 / (1 + sympy.exp(u2 - u1) + sympy.exp(u3 - u1)) - y1),
        Right("unsimplified diff", sympy.diff(-(y1 * sympy.log(sympy.exp(u1) / S) + y2 * sympy.log(sympy.exp(u2) / S)
                                                + y3 * sympy.log(sympy.exp(u3) / S)), u1)),
    ]),
    "softmax_cross_entropy_gradient": ([
        Wrong("no 1/n", lambda U, Y: _shifted(U, U.max(1, keepdims=True)) - Y, (MISCONCEPTION,),
              "You left out the 1/n of the mean"),
        Wrong("min-shifted softmax", lambda U, Y: (_shifted(U, U.min(1, keepdims=True)) - Y) / len(U),
              (UNSAFE, MISCONCEPTION), "each row's *minimum*"),
        Wrong("mean-shifted softmax", lambda U, Y: (_shifted(U, U.mean(1, keepdims=True)) - Y) / len(U),
              (UNSAFE, MISCONCEPTION), "each row's *mean*"),
        Wrong("logits minus Y", lambda U, Y: (U - Y) / len(U), (MISCONCEPTION,), "from the logits U themselves"),
        Wrong("divided by the 4 samples of the example", lambda U, Y: (_shifted(U, U.max(1, keepdims=True)) - Y) / 4,
              (EXAMPLE_ONLY,)),
        Wrong("ignores Y", lambda U, Y: _shifted(U, U.max(1, keepdims=True)) / len(U), (IGNORES_INPUT,)),
    ], [
        Right("a loop over samples", lambda U, Y: np.array([(softmax_loop(u[None])[0] - y) / len(U) for u, y in zip(U, Y)])),
        Right("multiplying by 1/n", lambda U, Y: (1 / U.shape[0]) * (softmax_loop(U) - Y)),
        Right("np.subtract and np.divide", lambda U, Y: np.divide(np.subtract(softmax_loop(U), Y), len(Y))),
    ]),
    "binary_cross_entropy_two_class": ([
        Wrong("the other class's term", float(-np.log(0.8)), (MISCONCEPTION,), "the loss if the true class were 1"),
        Wrong("no minus", float(np.log(0.2)), (MISCONCEPTION,), "Check the sign"),
        Wrong("log base 10", float(-np.log10(0.2)), (MISCONCEPTION,), "not base 10"),
        Wrong("the probability itself", 0.2, (MISCONCEPTION,), "the probability of the true class"),
        Wrong("ignores y: both terms", float(-np.log(0.8) - np.log(0.2)), (IGNORES_INPUT,)),
        Wrong("p = 1/4 from question 6", float(np.log(4)), (EXAMPLE_ONLY,)),
    ], [
        Right("log 5", float(np.log(5))),
        Right("4 digits", 1.609),
        Right("SymPy", -sympy.log(1 - sympy.Rational(4, 5))),
    ]),
}
