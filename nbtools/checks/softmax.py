"""Checks for exercise 04, softmax and cross-entropy: one function a question, registered as ``check.<name>``.

The references are the building blocks in ``nbtools.losses``. Batches are rows: logits ``U`` and
probabilities ``Y_hat`` have shape (n_samples, n_classes), one-hot targets ``Y`` the same shape, integer
``labels`` shape (n_samples,). Every loss is a mean over the samples.

The misconceptions are the mistakes learners are known to make here: the textbook softmax without
subtracting the maximum (it overflows, or underflows to 0/0, and gives NaN), one maximum for the whole
batch instead of one per row, normalising over the wrong axis, log(0) in the cross-entropy, summing
instead of averaging over the batch, a lost minus sign, and integer labels where one-hot rows belong.
The engine itself names exceptions, NaN and infinity, shapes, dtypes and inputs changed in place.

Case order matters: the first failing case is the one shown, so each function check starts with
ordinary logits or probabilities in a batch of several rows (4 samples, 3 classes: the wrong-axis and
sum-instead-of-mean mistakes show at once) and only later brings the extreme inputs (logits like 1000,
a probability of exactly 0) that only the numerically careless answers fail. For the cross-entropy, the
case whose *true* class has probability 0 comes before the one where a *wrong* class has: the unprotected
log gives inf in the first, which a misconception can match, but NaN (0·log 0) in the second, and the
engine's comparison of single numbers never matches NaN with NaN.
"""

import functools

import numpy as np
import sympy

from .. import losses
from . import register
from .engine import Case, Misconception, check_function, check_value, quiet_numerics
from .compare import describe


def _array(rows):
    return np.array(rows, dtype=float)


def _check_function(answer, reference, cases, misconceptions):
    """``check_function`` with NumPy's warnings silenced. Describing how a learner's array differs from a
    misconception's when both hold inf at the same place computes inf - inf in ``compare.py``, and its
    RuntimeWarning would otherwise be printed in the learner's notebook above the verdict."""
    with quiet_numerics():
        return check_function(answer, reference, cases, misconceptions)


# --- the logits every logit check uses ------------------------------------------------------------

ORDINARY_LOGITS = _array([[2.0, 1.0, 0.1], [-1.0, 0.5, 3.0], [0.0, 0.0, 0.0], [1.5, -2.0, 0.5]])
LARGE_LOGITS = _array([[1000.0, 1001.0, 1002.0], [1.0, 2.0, 3.0], [-1000.0, -1001.0, -1002.0]])
# Rows spanning hundreds: only the maximum is a safe shift. The row minimum leaves e^2000 and e^805 (inf), the
# row mean e^1333 (inf), so both give inf/inf = NaN here while they pass on rows that span about 2.
WIDE_LOGITS = _array([[0.0, 0.0, 2000.0], [0.0, 800.0, 1.0], [-800.0, 0.0, 5.0]])


def _logit_cases():
    """(U,) inputs: ordinary logits first, then one row, then huge and tiny logits, then random ones."""
    rng = np.random.default_rng(4)
    return [
        Case((ORDINARY_LOGITS.copy(),),
             "4 samples, 3 classes: U = [[2, 1, 0.1], [-1, 0.5, 3], [0, 0, 0], [1.5, -2, 0.5]]"),
        Case((_array([[0.5, -0.5, 2.0, 1.0]]),), "1 sample, 4 classes: U = [[0.5, -0.5, 2, 1]]"),
        Case((LARGE_LOGITS.copy(),),
             "3 samples, 3 classes, large logits: U = [[1000, 1001, 1002], [1, 2, 3], [-1000, -1001, -1002]]"),
        Case((WIDE_LOGITS.copy(),), "3 samples, 3 classes, rows spanning hundreds: "
             "U = [[0, 0, 2000], [0, 800, 1], [-800, 0, 5]]"),
        Case((rng.normal(scale=5.0, size=(5, 4)),),
             "5 samples, 4 classes: U drawn from np.random.default_rng(4).normal(scale=5, size=(5, 4))"),
    ]


# --- the shared hints ----------------------------------------------------------------------------------

NAIVE_SOFTMAX = ("You computed e^u without subtracting each row's maximum first. e^1000 overflows to inf "
                 "(and e^-1000 underflows to 0), so the division gives inf/inf or 0/0 = NaN. Subtract "
                 "`U.max(axis=1, keepdims=True)` before `np.exp`: softmax is shift-invariant, so the result "
                 "is the same, but no exponent is above 0.")
GLOBAL_MAX = ("You subtracted one maximum for the whole batch (`U.max()`). Each row needs its own "
              "(`U.max(axis=1, keepdims=True)`): here a row of logits around 1000 sits in the same batch as "
              "a row around 1, and e^(1 - 1002) underflows to 0 in every entry of that row.")
MIN_SHIFT = ("You subtracted each row's *minimum*. Softmax is shift-invariant, so any shift gives the same "
             "probabilities on paper, but only the maximum keeps every exponent at or below 0: after the minimum "
             "is taken out, a row like [0, 800] still needs e^800, which overflows to inf, and inf/inf = NaN. "
             "Subtract `U.max(axis=1, keepdims=True)`.")
MEAN_SHIFT = ("You subtracted each row's *mean*. That centres the logits but does not bound them: in a row like "
              "[0, 0, 2000] the largest is still 1333 above the mean, e^1333 overflows to inf, and inf/inf = NaN. "
              "Only the maximum keeps every exponent at or below 0: subtract `U.max(axis=1, keepdims=True)`.")
WRONG_AXIS = ("You normalised each column (over the samples, axis=0). Each row is one sample and its classes "
              "run along the row: sum with `axis=1, keepdims=True` (also for the maximum), so that every "
              "row sums to 1.")
WHOLE_BATCH = ("You divided by the sum over the whole batch, so all the entries together sum to 1. Each "
               "sample gets its own distribution: sum each row (`axis=1, keepdims=True`).")
SUM_OVER_BATCH = ("You summed over the batch instead of averaging: divide by the number of samples (or use "
                  "`np.mean` over the samples). A sum grows with the batch size, and so does its gradient: a "
                  "learning rate that works for 10 samples would be 100 times too large for 1000.")
MISSING_MINUS = ("Check the sign: the logarithm of a probability is negative or 0, so the loss "
                 "-sum_k y_k log(y_hat_k) needs its minus sign to be positive.")
ENTRY_MEAN = ("You averaged over every entry (samples × classes). A sample's loss is the *sum* over its "
              "classes, -sum_k y_k log(y_hat_k); only then average over the samples: "
              "`np.sum(..., axis=1)` followed by `np.mean`.")
OTHER_LOG = ("Cross-entropy uses the natural logarithm, `np.log` (base e), not base {base}.")


def _naive_softmax(U):
    exponentials = np.exp(U)
    return exponentials / exponentials.sum(axis=1, keepdims=True)


def _shifted_softmax(U, shift):
    exponentials = np.exp(U - shift(U, axis=1, keepdims=True))
    return exponentials / exponentials.sum(axis=1, keepdims=True)


def _min_shift_softmax(U):
    return _shifted_softmax(U, np.min)


def _mean_shift_softmax(U):
    return _shifted_softmax(U, np.mean)


def _global_max_softmax(U):
    exponentials = np.exp(U - U.max())
    return exponentials / exponentials.sum(axis=1, keepdims=True)


def _column_softmax(U):
    exponentials = np.exp(U - U.max(axis=0))
    return exponentials / exponentials.sum(axis=0)


def _row_shift_column_sum_softmax(U):
    exponentials = np.exp(U - U.max(axis=1, keepdims=True))
    return exponentials / exponentials.sum(axis=0)


def _whole_batch_softmax(U):
    exponentials = np.exp(U - U.max())
    return exponentials / exponentials.sum()


def _row_shift_whole_sum_softmax(U):
    exponentials = np.exp(U - U.max(axis=1, keepdims=True))
    return exponentials / exponentials.sum()


def _softmax_misconceptions():
    """The wrong softmaxes: in the order a learner's output is most likely to match them."""
    return [
        Misconception(NAIVE_SOFTMAX, _naive_softmax),
        Misconception(GLOBAL_MAX, _global_max_softmax),
        Misconception(MIN_SHIFT, _min_shift_softmax),
        Misconception(MEAN_SHIFT, _mean_shift_softmax),
        Misconception(WRONG_AXIS, _column_softmax),
        Misconception(WRONG_AXIS, _row_shift_column_sum_softmax),
        Misconception(WHOLE_BATCH, _whole_batch_softmax),
        Misconception(WHOLE_BATCH, _row_shift_whole_sum_softmax),
    ]


@register
def softmax(answer):
    """Q1: a function U -> the softmax of each row of U, shape (n_samples, n_classes)."""
    return _check_function(answer, losses.softmax, _logit_cases(), _softmax_misconceptions())


@register
def softmax_of_equal_logits(answer):
    """Q2: the probability softmax gives each of 5 classes whose logits are all 7."""
    misconceptions = [
        Misconception("After subtracting the maximum every exponential is e^0 = 1, but softmax then divides "
                      "each by the sum of all five.", 1),
        Misconception("That is e^7, the exponential of one logit. Softmax divides it by the sum of all five "
                      "exponentials.", float(np.exp(7.0))),
        Misconception("The common value 7 does not matter: softmax is shift-invariant, only the differences "
                      "between logits count. Equal logits mean equally likely classes.", 1 / 7),
    ]
    return check_value(answer, 0.2, misconceptions)


PREDICTION_LOGITS = _array([[1.0, 3.0, 2.0], [-5.0, -2.0, -3.0], [1000.0, 999.0, 1001.0], [0.2, 0.1, 0.0]])


@register
def predicted_classes(answer):
    """Q3: the predicted class of each row of PREDICTION_LOGITS, an integer array of shape (4,)."""
    misconceptions = [
        Misconception("Those are the *least* probable classes (argmin). The prediction is the most probable "
                      "class, the one with the largest logit: `np.argmax(U, axis=1)`.",
                      np.argmin(PREDICTION_LOGITS, axis=1)),
        Misconception("You took the argmax of each column (axis=0), over the samples. Each row is one sample: "
                      "`np.argmax(U, axis=1)` gives one class per sample.",
                      np.argmax(PREDICTION_LOGITS, axis=0)),
        Misconception("Classes are numbered from 0, as NumPy indexes: the first class is 0.",
                      np.argmax(PREDICTION_LOGITS, axis=1) + 1),
        Misconception("You picked the logit largest in size. Softmax grows with u itself, not with |u|: "
                      "-5 is the *smallest* logit of its row, so its class is the least probable.",
                      np.argmax(np.abs(PREDICTION_LOGITS), axis=1)),
    ]
    return check_value(answer, np.argmax(PREDICTION_LOGITS, axis=1), misconceptions)


@register
def one_hot(answer):
    """Q4: a function (labels, n_classes) -> one-hot rows, shape (n_samples, n_classes), float64."""
    rng = np.random.default_rng(5)
    cases = [
        Case((np.array([2, 0, 1, 2]), 3), "labels = [2, 0, 1, 2], n_classes = 3"),
        Case((np.array([0, 3, 1]), 5), "labels = [0, 3, 1], n_classes = 5 (class 4 is not in this batch)"),
        Case((np.array([1]), 2), "labels = [1], n_classes = 2"),
        Case((rng.integers(0, 4, size=8), 4),
             "labels drawn from np.random.default_rng(5).integers(0, 4, size=8), n_classes = 4"),
    ]
    misconceptions = [
        Misconception("Your one-hot rows hold integers. Make them float64 (`np.zeros((n, n_classes))` already "
                      "is): the workbook computes in floats, and Y is compared and combined with probabilities.",
                      lambda labels, n_classes: np.eye(n_classes, dtype=int)[labels]),
        Misconception("Your rows hold True/False, the result of a comparison. Convert them to numbers with "
                      "`.astype(float)`.",
                      lambda labels, n_classes: np.eye(n_classes, dtype=bool)[labels]),
        Misconception("You made `labels.max() + 1` columns. Use `n_classes`: a batch need not contain every "
                      "class, and every batch must have the same columns as the network's output.",
                      lambda labels, n_classes: losses.one_hot(labels, labels.max() + 1)),
    ]
    return _check_function(answer, losses.one_hot, cases, misconceptions)


def _probability_cases():
    """(Y_hat, Y) inputs: ordinary probabilities first, then exact zeros (true class, then a wrong class)."""
    rng = np.random.default_rng(6)
    random_probabilities = losses.softmax(rng.normal(scale=2.0, size=(5, 4)))
    return [
        Case((_array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.25, 0.5, 0.25], [0.05, 0.9, 0.05]]),
              losses.one_hot(np.array([0, 2, 1, 0]), 3)),
             "4 samples, 3 classes: Y_hat = [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.25, 0.5, 0.25], "
             "[0.05, 0.9, 0.05]], labels [0, 2, 1, 0] as one-hot rows Y"),
        Case((random_probabilities, losses.one_hot(rng.integers(0, 4, size=5), 4)),
             "5 samples, 4 classes: Y_hat = softmax of np.random.default_rng(6).normal(scale=2, size=(5, 4)), "
             "Y one-hot from rng.integers(0, 4, size=5)"),
        Case((_array([[0.0, 0.4, 0.6], [0.8, 0.1, 0.1]]), losses.one_hot(np.array([0, 0]), 3)),
             "2 samples, 3 classes, the first true class has probability exactly 0: "
             "Y_hat = [[0, 0.4, 0.6], [0.8, 0.1, 0.1]], labels [0, 0] as one-hot rows Y"),
        Case((_array([[0.0, 1.0], [0.5, 0.5], [0.9, 0.1]]), losses.one_hot(np.array([1, 0, 0]), 2)),
             "3 samples, 2 classes, a wrong class has probability exactly 0: "
             "Y_hat = [[0, 1], [0.5, 0.5], [0.9, 0.1]], labels [1, 0, 0] as one-hot rows Y"),
    ]


def _unclipped_terms(Y_hat, Y, log=np.log):
    """y_k log(y_hat_k) summed over the classes of each sample, with no protection against log(0)."""
    return np.sum(Y * log(Y_hat), axis=1)


def _clipped_terms(Y_hat, Y, smallest, log=np.log):
    return np.sum(Y * log(np.clip(Y_hat, smallest, 1.0)), axis=1)


LOG_OF_ZERO = ("A true class has probability exactly 0 here, and log(0) = -inf makes the loss infinite (and "
               "0·log(0) = NaN for a wrong class). Clip the probabilities first, "
               "`np.clip(Y_hat, np.finfo(float).tiny, 1.0)`, as the question asks.")
OTHER_EPSILON = ("You protected the log with {epsilon:g} (clipping the probabilities at it, or adding it to them). "
                 "That keeps the loss finite, but it also changes legitimate probabilities near {epsilon:g}. "
                 "Clip at the smallest positive normal float64, `np.finfo(float).tiny` (about 2.2e-308), so "
                 "that only exact zeros change.")
COMMON_EPSILONS = (1e-7, 1e-8, 1e-10, 1e-12, 1e-15)


def _cross_entropy_misconceptions():
    tiny = np.finfo(float).tiny
    return [
        Misconception(SUM_OVER_BATCH, lambda Y_hat, Y: -np.sum(_clipped_terms(Y_hat, Y, tiny))),
        Misconception(MISSING_MINUS, lambda Y_hat, Y: np.mean(_clipped_terms(Y_hat, Y, tiny))),
        Misconception(ENTRY_MEAN, lambda Y_hat, Y: -np.mean(Y * np.log(np.clip(Y_hat, tiny, 1.0)))),
        Misconception(OTHER_LOG.format(base=10), lambda Y_hat, Y: -np.mean(_clipped_terms(Y_hat, Y, tiny, np.log10))),
        Misconception(OTHER_LOG.format(base=2), lambda Y_hat, Y: -np.mean(_clipped_terms(Y_hat, Y, tiny, np.log2))),
        Misconception(LOG_OF_ZERO, lambda Y_hat, Y: -np.mean(_unclipped_terms(Y_hat, Y))),
    ] + [
        Misconception(OTHER_EPSILON.format(epsilon=epsilon), wrong)
        for epsilon in COMMON_EPSILONS
        for wrong in (lambda Y_hat, Y, epsilon=epsilon: -np.mean(_clipped_terms(Y_hat, Y, epsilon)),
                      lambda Y_hat, Y, epsilon=epsilon: -np.mean(np.sum(Y * np.log(Y_hat + epsilon), axis=1)))
    ]


@register
def cross_entropy(answer):
    """Q5: a function (Y_hat, Y) -> the mean over samples of -sum_k y_k log(y_hat_k), probabilities clipped."""
    return _check_function(answer, losses.cross_entropy, _probability_cases(), _cross_entropy_misconceptions())


@register
def cross_entropy_at_one_quarter(answer):
    """Q6: the cross-entropy of one sample whose true class gets probability 1/4: ln 4.

    To 4 significant digits, as the question says (lesson 4 prints it as 1.3863).
    """
    misconceptions = [
        Misconception(MISSING_MINUS, -np.log(4.0)),
        Misconception(OTHER_LOG.format(base=10), np.log10(4.0)),
        Misconception(OTHER_LOG.format(base=2), np.log2(4.0)),
        Misconception("That is the probability itself. The loss is -log of the true class's probability.", 0.25),
        Misconception("That is -log(3/4), from the probability 3/4 of the *other* classes. With a one-hot y only "
                      "the true class's term survives: -log(1/4).", -np.log(0.75)),
    ]
    return check_value(answer, float(np.log(4.0)), misconceptions, digits=4)


BATCH_Y_HAT = _array([[0.1, 0.2, 0.7], [0.6, 0.3, 0.1], [0.25, 0.5, 0.25]])
BATCH_LABELS = np.array([2, 1, 0])  # the true class is the row's maximum only in the first row


@register
def batch_loss_from_labels(answer):
    """Q7: the mean cross-entropy of BATCH_Y_HAT against the integer BATCH_LABELS.

    To 4 significant digits, as the question says (three logarithms added by hand).
    """
    Y = losses.one_hot(BATCH_LABELS, 3)
    true_class_logs = np.log(BATCH_Y_HAT[np.arange(3), BATCH_LABELS])
    misconceptions = [
        Misconception("You multiplied the integer labels straight into the log-probabilities. `labels` has "
                      "shape (3,), so NumPy broadcast it along every row: each row was weighted by 2, 0 and 1 "
                      "instead of picking its true class. Turn the labels into one-hot rows first "
                      "(`one_hot(labels, 3)`).",
                      -np.mean(np.sum(BATCH_LABELS * np.log(BATCH_Y_HAT), axis=1))),
        Misconception("You took the log-probabilities of whole rows or columns (`Y_hat[labels]` or "
                      "`Y_hat[:, labels]`), so every entry counted. Each sample contributes only its true "
                      "class: use one-hot rows, or `Y_hat[np.arange(3), labels]`.",
                      -np.mean(np.log(BATCH_Y_HAT))),
        Misconception("You ignored the labels: you took each row's largest probability (`Y_hat.max(axis=1)`), "
                      "the *predicted* class's. The loss uses the *true* class's probability, which here is not "
                      "the row's largest in rows 2 and 3: `Y_hat[np.arange(3), labels]`, or one-hot rows.",
                      -np.mean(np.log(BATCH_Y_HAT.max(axis=1)))),
        Misconception(SUM_OVER_BATCH, -np.sum(true_class_logs)),
        Misconception(MISSING_MINUS, np.mean(true_class_logs)),
        Misconception(ENTRY_MEAN, -np.mean(Y * np.log(BATCH_Y_HAT))),
    ]
    expected = losses.cross_entropy(BATCH_Y_HAT, Y)
    return check_value(answer, expected, misconceptions, digits=4)


@register
def log_sum_exp(answer):
    """Q8: a function U -> log(sum_k e^(u_k)) of each row, shape (n_samples,), computed stably."""
    misconceptions = [
        Misconception("You computed log(sum(e^u)) directly: e^1000 overflows to inf and e^-1000 underflows to "
                      "0, so some rows give inf or -inf. Take out each row's maximum m first: "
                      "m + log(sum(e^(u - m))).",
                      lambda U: np.log(np.exp(U).sum(axis=1))),
        Misconception("You subtracted each row's maximum m inside the exponentials but did not add it back: "
                      "log(sum(e^u)) = m + log(sum(e^(u - m))).",
                      lambda U: np.log(np.exp(U - U.max(axis=1, keepdims=True)).sum(axis=1))),
        Misconception("You subtracted one maximum for the whole batch (`U.max()`). Each row needs its own "
                      "(`U.max(axis=1, keepdims=True)`): next to a row of logits around 1000, every e^(u - 1002) "
                      "of a row around 1 underflows to 0, and log(0) = -inf.",
                      lambda U: U.max() + np.log(np.exp(U - U.max()).sum(axis=1))),
        Misconception(MIN_SHIFT.replace("inf/inf = NaN", "log(inf) = inf").replace("probabilities", "value"),
                      lambda U: U.min(axis=1) + np.log(np.exp(U - U.min(axis=1, keepdims=True)).sum(axis=1))),
        Misconception(MEAN_SHIFT.replace("inf/inf = NaN", "log(inf) = inf"),
                      lambda U: U.mean(axis=1) + np.log(np.exp(U - U.mean(axis=1, keepdims=True)).sum(axis=1))),
        Misconception("Return one number per sample, shape (n_samples,): drop `keepdims=True` from the final sum "
                      "(or index the result with `[:, 0]`).",
                      lambda U: losses.log_sum_exp(U)[:, None]),
        Misconception("You summed each column (axis=0), over the samples. A sample's classes run along its row: "
                      "use axis=1.",
                      lambda U: losses.log_sum_exp(U.T)),
    ]
    return _check_function(answer, losses.log_sum_exp, _logit_cases(), misconceptions)


# --- the symbolic derivative ---------------------------------------------------------------------------

u1, u2, u3 = sympy.symbols("u1 u2 u3", real=True)
y1, y2, y3 = sympy.symbols("y1 y2 y3", real=True)
_SYMBOLS = {str(s): s for s in (u1, u2, u3, y1, y2, y3)}
_S = sympy.exp(u1) + sympy.exp(u2) + sympy.exp(u3)
Y_HAT_SYMBOLIC = [sympy.exp(u1) / _S, sympy.exp(u2) / _S, sympy.exp(u3) / _S]
LOSS_SYMBOLIC = -(y1 * sympy.log(Y_HAT_SYMBOLIC[0]) + y2 * sympy.log(Y_HAT_SYMBOLIC[1])
                  + y3 * sympy.log(Y_HAT_SYMBOLIC[2]))


def on_the_simplex(expression):
    """``expression`` with y3 = 1 - y1 - y2 substituted and simplified, so forms equal when y1 + y2 + y3 = 1 agree.

    Symbols are matched by name (a learner's plain ``Symbol('u1')`` is our real ``u1``). A correct
    answer may keep y3, or eliminate y1 or y3, or not simplify at all: after this step each is the same
    expression in u1, u2, u3 and y1. When y2 survives only in form (its derivative simplifies to 0), it is
    removed too, so the engine's free-symbol comparison sees what the expression really depends on.
    Anything that is not a SymPy expression is returned unchanged for the engine to describe.
    """
    if not isinstance(expression, sympy.Expr):
        return expression
    renamed = expression.xreplace({s: _SYMBOLS[str(s)] for s in expression.free_symbols if str(s) in _SYMBOLS})
    result = sympy.simplify(renamed.subs(y3, 1 - y1 - y2))
    if y2 in result.free_symbols and sympy.simplify(sympy.diff(result, y2)) == 0:
        result = sympy.simplify(result.subs(y2, 0))
    return result


@functools.cache
def _derivative_misconceptions():
    """The wrong derivatives, simplified once on the simplex like the answers they are compared with."""
    misconceptions = [
        Misconception("You differentiated only the term -y1·log(y_hat_1). But u1 sits in the denominator of "
                      "every y_hat_k, so the terms of y2 and y3 depend on u1 too: differentiate the whole loss.",
                      y1 * Y_HAT_SYMBOLIC[0] - y1),
        Misconception(MISSING_MINUS + " Here the derivative of the loss is y_hat_1 minus something, not the "
                      "reverse.", y1 - Y_HAT_SYMBOLIC[0]),
        Misconception("That is dL/dy_hat_1, the derivative with respect to the probability. The question asks "
                      "for the derivative with respect to the logit u1: write y_hat_1, y_hat_2, y_hat_3 as "
                      "softmax expressions in u1, u2, u3 before differentiating.", -y1 / Y_HAT_SYMBOLIC[0]),
        Misconception("That is dy_hat_1/du1 = y_hat_1(1 - y_hat_1), the derivative of the softmax alone. The "
                      "question asks for the derivative of the loss L.", Y_HAT_SYMBOLIC[0] * (1 - Y_HAT_SYMBOLIC[0])),
        Misconception("This is the loss itself. Differentiate it with respect to u1 (`sp.diff(L, u1)`).",
                      LOSS_SYMBOLIC),
    ]
    return tuple(Misconception(m.hint, on_the_simplex(m.wrong)) for m in misconceptions)


@register
def cross_entropy_derivative_u1(answer):
    """Q9: dL/du1 of the 3-class cross-entropy of softmax(u), with y1 + y2 + y3 = 1: y_hat_1 - y1."""
    simplified = on_the_simplex(answer)
    result = check_value(simplified, on_the_simplex(Y_HAT_SYMBOLIC[0] - y1), _derivative_misconceptions())
    if result.received:  # show the learner's own expression, and say where the simplified one comes from
        result.received = describe(answer)
        result.problem = result.problem.replace(
            f"Your expression {simplified} is",
            f"Your expression (with y3 = 1 - y1 - y2 substituted and simplified: {simplified}) is")
    return result


# --- the gradient of the batch loss --------------------------------------------------------------------

def _logit_and_label_cases():
    """(U, Y) inputs: ordinary logits of a batch first, then one sample, large logits, random ones."""
    rng = np.random.default_rng(7)
    return [
        Case((ORDINARY_LOGITS.copy(), losses.one_hot(np.array([0, 2, 1, 1]), 3)),
             "4 samples, 3 classes: U = [[2, 1, 0.1], [-1, 0.5, 3], [0, 0, 0], [1.5, -2, 0.5]], "
             "labels [0, 2, 1, 1] as one-hot rows Y"),
        Case((_array([[0.5, -0.5, 2.0, 1.0]]), losses.one_hot(np.array([3]), 4)),
             "1 sample, 4 classes: U = [[0.5, -0.5, 2, 1]], label 3 as a one-hot row Y"),
        Case((LARGE_LOGITS.copy(), losses.one_hot(np.array([0, 2, 1]), 3)),
             "3 samples, 3 classes, large logits: U = [[1000, 1001, 1002], [1, 2, 3], [-1000, -1001, -1002]], "
             "labels [0, 2, 1] as one-hot rows Y"),
        Case((WIDE_LOGITS.copy(), losses.one_hot(np.array([2, 0, 1]), 3)),
             "3 samples, 3 classes, rows spanning hundreds: U = [[0, 0, 2000], [0, 800, 1], [-800, 0, 5]], "
             "labels [2, 0, 1] as one-hot rows Y"),
        Case((rng.normal(scale=5.0, size=(6, 4)), losses.one_hot(rng.integers(0, 4, size=6), 4)),
             "6 samples, 4 classes: U from np.random.default_rng(7).normal(scale=5, size=(6, 4)), "
             "Y one-hot from rng.integers(0, 4, size=6)"),
    ]


@register
def softmax_cross_entropy_gradient(answer):
    """Q10: a function (U, Y) -> d(mean cross-entropy of softmax(U))/dU = (softmax(U) - Y) / n_samples."""
    misconceptions = [
        Misconception("You left out the 1/n of the mean: that is the gradient of the *summed* loss. The loss is "
                      "the mean over the n samples, so each sample's row of the gradient is "
                      "(y_hat - y) / n, with n = `U.shape[0]`.",
                      lambda U, Y: losses.softmax(U) - Y),
        Misconception("Check the sign: the gradient is y_hat - y, positive where the predicted probability is "
                      "too large, so that a step against it lowers that logit.",
                      lambda U, Y: (Y - losses.softmax(U)) / U.shape[0]),
        Misconception("You subtracted Y from the logits U themselves. Turn the logits into probabilities first: "
                      "the gradient is (softmax(U) - Y) / n.",
                      lambda U, Y: (U - Y) / U.shape[0]),
        Misconception("You divided by every entry (`U.size`, samples × classes). The loss averages over the "
                      "samples only, so divide by n = `U.shape[0]`.",
                      lambda U, Y: (losses.softmax(U) - Y) / U.size),
        Misconception(NAIVE_SOFTMAX, lambda U, Y: (_naive_softmax(U) - Y) / U.shape[0]),
        Misconception(GLOBAL_MAX, lambda U, Y: (_global_max_softmax(U) - Y) / U.shape[0]),
        Misconception(MIN_SHIFT, lambda U, Y: (_min_shift_softmax(U) - Y) / U.shape[0]),
        Misconception(MEAN_SHIFT, lambda U, Y: (_mean_shift_softmax(U) - Y) / U.shape[0]),
        Misconception(WRONG_AXIS, lambda U, Y: (_column_softmax(U) - Y) / U.shape[0]),
    ]
    return _check_function(answer, losses.softmax_cross_entropy_gradient, _logit_and_label_cases(), misconceptions)


@register
def binary_cross_entropy_two_class(answer):
    """Q11: -[y log p + (1 - y) log(1 - p)] for y = 0 and p = P(class 1) = 0.8: -log 0.2, to 4 digits."""
    misconceptions = [
        Misconception("That is -log 0.8, the loss if the true class were 1. Here y = 0, so only the term "
                      "(1 - y) log(1 - p) survives: -log(1 - 0.8).", -np.log(0.8)),
        Misconception(MISSING_MINUS, np.log(0.2)),
        Misconception(OTHER_LOG.format(base=10), -np.log10(0.2)),
        Misconception("That is 1 - p, the probability of the true class. The loss is minus its logarithm.", 0.2),
    ]
    return check_value(answer, float(-np.log(0.2)), misconceptions, digits=4)
