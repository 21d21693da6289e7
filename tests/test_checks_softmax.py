"""The checks of exercise 04 (softmax and cross-entropy): correct answers pass in every form a learner may
write them, each misconception fails with its own hint, an untouched template reads "not attempted yet";
and property tests of the reference building blocks in ``nbtools.losses``."""

import warnings

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import nbtools.checks
from nbtools import check, losses
from nbtools.checks import softmax as exercise_04

from misconceptions import (assert_every_misconception_tested, assert_fails_with_hint, assert_not_attempted,
                            assert_passes, misconceptions_defined)

EXERCISE_04 = sorted(name for name, function in nbtools.checks._CHECKS.items()
                     if function.__module__ == exercise_04.__name__)
FUNCTION_CHECKS = {"softmax": 1, "one_hot": 2, "cross_entropy": 2, "log_sum_exp": 1,
                   "softmax_cross_entropy_gradient": 2}
TINY = np.finfo(float).tiny


# --- learner answers, written the way a learner would -------------------------------------------------

def template_1(U):
    # YOUR CODE HERE
    raise NotImplementedError


def template_2(first, second):
    # YOUR CODE HERE
    raise NotImplementedError


def softmax_loop(U):
    result = np.zeros_like(U)
    for i, row in enumerate(U):
        exponentials = np.exp(row - np.max(row))
        result[i] = exponentials / np.sum(exponentials)
    return result


def softmax_naive(U):
    return np.exp(U) / np.sum(np.exp(U), axis=1, keepdims=True)


def softmax_global_max(U):
    exponentials = np.exp(U - np.max(U))
    return exponentials / exponentials.sum(axis=1, keepdims=True)


def softmax_columns(U):
    exponentials = np.exp(U - U.max(axis=0))
    return exponentials / exponentials.sum(axis=0)


def softmax_row_max_column_sum(U):
    exponentials = np.exp(U - U.max(axis=1, keepdims=True))
    return exponentials / exponentials.sum(axis=0, keepdims=True)


def softmax_whole_batch(U):
    return np.exp(U) / np.exp(U).sum()


def softmax_row_max_whole_sum(U):
    exponentials = np.exp(U - U.max(axis=1, keepdims=True))
    return exponentials / np.sum(exponentials)


def softmax_in_place(U):
    U -= U.max(axis=1, keepdims=True)
    np.exp(U, out=U)
    U /= U.sum(axis=1, keepdims=True)
    return U


def one_hot_eye(labels, n_classes):
    return np.eye(n_classes)[labels]


def one_hot_ints(labels, n_classes):
    Y = np.zeros((len(labels), n_classes), dtype=int)
    Y[np.arange(len(labels)), labels] = 1
    return Y


def one_hot_comparison(labels, n_classes):
    return labels[:, None] == np.arange(n_classes)


def one_hot_from_max(labels, n_classes):
    return np.eye(labels.max() + 1)[labels]


def cross_entropy_clip(Y_hat, Y):
    return -np.mean(np.sum(Y * np.log(np.clip(Y_hat, TINY, 1.0)), axis=1))


def cross_entropy_true_class_only(Y_hat, Y):
    true_class_probabilities = np.sum(Y * Y_hat, axis=1)
    return -np.mean(np.log(np.maximum(true_class_probabilities, TINY)))


def cross_entropy_plus_tiny(Y_hat, Y):
    return -np.sum(Y * np.log(Y_hat + TINY)) / Y.shape[0]


def cross_entropy_naive(Y_hat, Y):
    return -np.mean(np.sum(Y * np.log(Y_hat), axis=1))


def cross_entropy_sum(Y_hat, Y):
    return -np.sum(Y * np.log(np.clip(Y_hat, TINY, 1.0)))


def cross_entropy_no_minus(Y_hat, Y):
    return np.mean(np.sum(Y * np.log(np.clip(Y_hat, TINY, 1.0)), axis=1))


def cross_entropy_entry_mean(Y_hat, Y):
    return -np.mean(Y * np.log(np.clip(Y_hat, TINY, 1.0)))


def cross_entropy_log10(Y_hat, Y):
    return -np.mean(np.sum(Y * np.log10(np.clip(Y_hat, TINY, 1.0)), axis=1))


def cross_entropy_log2(Y_hat, Y):
    return -np.mean(np.sum(Y * np.log2(np.clip(Y_hat, TINY, 1.0)), axis=1))


def cross_entropy_epsilon(epsilon, added=False):
    """A learner's cross-entropy that protects the log with its own epsilon, by clipping or by adding it."""
    def answer(Y_hat, Y):
        protected = Y_hat + epsilon if added else np.clip(Y_hat, epsilon, 1.0)
        return -np.mean(np.sum(Y * np.log(protected), axis=1))
    return answer


def cross_entropy_in_place(Y_hat, Y):
    Y_hat[Y_hat == 0] = TINY
    return -np.mean(np.sum(Y * np.log(Y_hat), axis=1))


def log_sum_exp_stable(U):
    m = np.max(U, axis=1)
    return m + np.log(np.sum(np.exp(U - m[:, None]), axis=1))


def log_sum_exp_naive(U):
    return np.log(np.sum(np.exp(U), axis=1))


def log_sum_exp_max_not_added_back(U):
    m = U.max(axis=1, keepdims=True)
    return np.log(np.exp(U - m).sum(axis=1))


def log_sum_exp_global_max(U):
    m = U.max()
    return m + np.log(np.exp(U - m).sum(axis=1))


def log_sum_exp_keepdims(U):
    m = U.max(axis=1, keepdims=True)
    return m + np.log(np.exp(U - m).sum(axis=1, keepdims=True))


def log_sum_exp_columns(U):
    m = U.max(axis=0)
    return m + np.log(np.exp(U - m).sum(axis=0))


def gradient_by_formula(U, Y):
    exponentials = np.exp(U - U.max(axis=1, keepdims=True))
    return (exponentials / exponentials.sum(axis=1, keepdims=True) - Y) / len(U)


def gradient_sum(U, Y):
    return losses.softmax(U) - Y


def gradient_wrong_sign(U, Y):
    return (Y - losses.softmax(U)) / U.shape[0]


def gradient_without_softmax(U, Y):
    return (U - Y) / U.shape[0]


def gradient_over_entries(U, Y):
    return (losses.softmax(U) - Y) / U.size


def gradient_naive_softmax(U, Y):
    return (softmax_naive(U) - Y) / U.shape[0]


def gradient_global_max(U, Y):
    return (softmax_global_max(U) - Y) / U.shape[0]


def gradient_columns(U, Y):
    return (softmax_columns(U) - Y) / U.shape[0]


def softmax_min_shift(U):
    e = np.exp(U - U.min(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_mean_shift(U):
    e = np.exp(U - np.mean(U, axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def log_sum_exp_min_shift(U):
    m = U.min(axis=1)
    return m + np.log(np.sum(np.exp(U - m[:, None]), axis=1))


def log_sum_exp_mean_shift(U):
    m = U.mean(axis=1)
    return m + np.log(np.sum(np.exp(U - m[:, None]), axis=1))


def gradient_min_shift(U, Y):
    return (softmax_min_shift(U) - Y) / len(U)


def gradient_mean_shift(U, Y):
    return (softmax_mean_shift(U) - Y) / len(U)


@pytest.mark.parametrize("name, answer", [("softmax", softmax_min_shift), ("softmax", softmax_mean_shift),
                                          ("log_sum_exp", log_sum_exp_min_shift),
                                          ("log_sum_exp", log_sum_exp_mean_shift)])
def test_a_shift_other_than_the_maximum_passes_narrow_rows_and_fails_wide_ones(name, answer):
    """Issue 15: the minimum and the mean pass rows that span about 2; the wide rows separate them."""
    result = check(name, answer)
    assert result.passed >= 3 and "spanning hundreds" in result.case


# --- the symbolic answers, with the learner's own (assumption-free) symbols ---------------------------

u1, u2, u3, y1, y2, y3 = sympy.symbols("u1 u2 u3 y1 y2 y3")
S = sympy.exp(u1) + sympy.exp(u2) + sympy.exp(u3)
Y_HAT = [sympy.exp(u1) / S, sympy.exp(u2) / S, sympy.exp(u3) / S]
LOSS = -(y1 * sympy.log(Y_HAT[0]) + y2 * sympy.log(Y_HAT[1]) + y3 * sympy.log(Y_HAT[2]))
RAW_DERIVATIVE = sympy.diff(LOSS, u1)

Y_HAT_BATCH = exercise_04.BATCH_Y_HAT
LABELS_BATCH = exercise_04.BATCH_LABELS
LOGITS_Q3 = exercise_04.PREDICTION_LOGITS

CORRECT = [
    ("softmax", losses.softmax),
    ("softmax", softmax_loop),
    ("softmax", lambda U: np.exp(U - U.max(axis=-1, keepdims=True)) / np.exp(U - U.max(axis=-1, keepdims=True)).sum(axis=-1, keepdims=True)),
    ("softmax_of_equal_logits", 0.2),
    ("softmax_of_equal_logits", sympy.Rational(1, 5)),
    ("softmax_of_equal_logits", losses.softmax(np.full(5, 7.0))[0]),
    ("predicted_classes", np.argmax(LOGITS_Q3, axis=1)),
    ("predicted_classes", np.array([1, 1, 2, 0])),
    ("predicted_classes", losses.softmax(LOGITS_Q3).argmax(axis=1)),
    ("one_hot", losses.one_hot),
    ("one_hot", one_hot_eye),
    ("one_hot", lambda labels, n_classes: (labels[:, None] == np.arange(n_classes)).astype(float)),
    ("cross_entropy", losses.cross_entropy),
    ("cross_entropy", cross_entropy_clip),
    ("cross_entropy", cross_entropy_true_class_only),
    ("cross_entropy", cross_entropy_plus_tiny),
    ("cross_entropy_at_one_quarter", np.log(4)),
    ("cross_entropy_at_one_quarter", -np.log(0.25)),
    ("cross_entropy_at_one_quarter", sympy.log(4)),
    ("cross_entropy_at_one_quarter", -sympy.log(sympy.Rational(1, 4))),
    ("batch_loss_from_labels", losses.cross_entropy(Y_HAT_BATCH, losses.one_hot(LABELS_BATCH, 3))),
    ("batch_loss_from_labels", -np.mean(np.log(Y_HAT_BATCH[np.arange(3), LABELS_BATCH]))),
    ("batch_loss_from_labels", -(np.log(0.7) + np.log(0.3) + np.log(0.25)) / 3),
    ("log_sum_exp", losses.log_sum_exp),
    ("log_sum_exp", log_sum_exp_stable),
    ("cross_entropy_derivative_u1", Y_HAT[0] - y1),
    ("cross_entropy_derivative_u1", RAW_DERIVATIVE),
    ("cross_entropy_derivative_u1", sympy.simplify(RAW_DERIVATIVE)),
    ("cross_entropy_derivative_u1", sympy.simplify(RAW_DERIVATIVE.subs(y3, 1 - y1 - y2))),
    ("cross_entropy_derivative_u1", RAW_DERIVATIVE.subs(y3, 1 - y1 - y2)),
    ("cross_entropy_derivative_u1", sympy.simplify(RAW_DERIVATIVE.subs(y1, 1 - y2 - y3))),
    ("cross_entropy_derivative_u1", 1 / (1 + sympy.exp(u2 - u1) + sympy.exp(u3 - u1)) - y1),
    ("cross_entropy_derivative_u1", (sympy.exp(u1) - y1 * S) / S),
    ("cross_entropy_derivative_u1", sympy.Symbol("y1", real=True) * (Y_HAT[0] - 1) + (y2 + y3) * Y_HAT[0]),
    ("softmax_cross_entropy_gradient", losses.softmax_cross_entropy_gradient),
    ("softmax_cross_entropy_gradient", gradient_by_formula),
    ("binary_cross_entropy_two_class", -np.log(0.2)),
    ("binary_cross_entropy_two_class", 1.609),  # the question asks for 4 significant digits
    ("binary_cross_entropy_two_class", sympy.log(5)),
]

MISCONCEPTIONS = [
    ("softmax", softmax_naive, "without subtracting each row's maximum"),
    ("softmax", softmax_global_max, "one maximum for the whole batch"),
    ("softmax", softmax_min_shift, "each row's *minimum*"),
    ("softmax", softmax_mean_shift, "each row's *mean*"),
    ("softmax", softmax_columns, "You normalised each column"),
    ("softmax", softmax_row_max_column_sum, "You normalised each column"),
    ("softmax", softmax_whole_batch, "the sum over the whole batch"),
    ("softmax", softmax_row_max_whole_sum, "the sum over the whole batch"),
    ("softmax_of_equal_logits", 1, "every exponential is e^0 = 1"),
    ("softmax_of_equal_logits", np.exp(7), "That is e^7"),
    ("softmax_of_equal_logits", 1 / 7, "The common value 7 does not matter"),
    ("predicted_classes", np.argmin(LOGITS_Q3, axis=1), "the *least* probable classes"),
    ("predicted_classes", np.argmax(LOGITS_Q3, axis=0), "argmax of each column"),
    ("predicted_classes", np.array([2, 2, 3, 1]), "numbered from 0"),
    ("predicted_classes", np.argmax(np.abs(LOGITS_Q3), axis=1), "not with |u|"),
    ("one_hot", one_hot_ints, "Your one-hot rows hold integers"),
    ("one_hot", one_hot_comparison, "True/False"),
    ("one_hot", one_hot_from_max, "`labels.max() + 1` columns"),
    ("cross_entropy", cross_entropy_sum, "You summed over the batch instead of averaging"),
    ("cross_entropy", cross_entropy_no_minus, "Check the sign"),
    ("cross_entropy", cross_entropy_entry_mean, "You averaged over every entry"),
    ("cross_entropy", cross_entropy_log10, "not base 10"),
    ("cross_entropy", cross_entropy_log2, "not base 2"),
    ("cross_entropy", cross_entropy_naive, "log(0) = -inf"),
] + [
    ("cross_entropy", cross_entropy_epsilon(epsilon, added), f"You protected the log with {epsilon:g} (")
    for epsilon in exercise_04.COMMON_EPSILONS for added in (False, True)
] + [
    ("cross_entropy_at_one_quarter", -np.log(4), "Check the sign"),
    ("cross_entropy_at_one_quarter", np.log10(4), "not base 10"),
    ("cross_entropy_at_one_quarter", 2, "not base 2"),
    ("cross_entropy_at_one_quarter", 0.25, "That is the probability itself"),
    ("cross_entropy_at_one_quarter", np.log(4 / 3), "the *other* classes"),
    ("batch_loss_from_labels", -np.mean(np.sum(LABELS_BATCH * np.log(Y_HAT_BATCH), axis=1)),
     "You multiplied the integer labels"),
    ("batch_loss_from_labels", -np.mean(np.log(Y_HAT_BATCH[LABELS_BATCH])), "whole rows or columns"),
    ("batch_loss_from_labels", -np.mean(np.log(Y_HAT_BATCH[:, LABELS_BATCH])), "whole rows or columns"),
    ("batch_loss_from_labels", -np.sum(np.log([0.7, 0.3, 0.25])), "You summed over the batch"),
    ("batch_loss_from_labels", np.mean(np.log([0.7, 0.3, 0.25])), "Check the sign"),
    ("batch_loss_from_labels", -np.mean(np.log(Y_HAT_BATCH.max(axis=1))), "You ignored the labels"),
    ("batch_loss_from_labels", -np.mean(losses.one_hot(LABELS_BATCH, 3) * np.log(Y_HAT_BATCH)),
     "You averaged over every entry"),
    ("log_sum_exp", log_sum_exp_naive, "You computed log(sum(e^u)) directly"),
    ("log_sum_exp", log_sum_exp_max_not_added_back, "did not add it back"),
    ("log_sum_exp", log_sum_exp_global_max, "one maximum for the whole batch"),
    ("log_sum_exp", log_sum_exp_min_shift, "each row's *minimum*"),
    ("log_sum_exp", log_sum_exp_mean_shift, "each row's *mean*"),
    ("log_sum_exp", log_sum_exp_keepdims, "drop `keepdims=True`"),
    ("log_sum_exp", log_sum_exp_columns, "You summed each column"),
    ("cross_entropy_derivative_u1", sympy.diff(-y1 * sympy.log(Y_HAT[0]), u1), "only the term -y1·log(y_hat_1)"),
    ("cross_entropy_derivative_u1", y1 - Y_HAT[0], "Check the sign"),
    ("cross_entropy_derivative_u1", -y1 / Y_HAT[0], "That is dL/dy_hat_1"),
    ("cross_entropy_derivative_u1", sympy.diff(Y_HAT[0], u1), "the derivative of the softmax alone"),
    ("cross_entropy_derivative_u1", LOSS, "This is the loss itself"),
    ("softmax_cross_entropy_gradient", gradient_sum, "You left out the 1/n of the mean"),
    ("softmax_cross_entropy_gradient", gradient_wrong_sign, "Check the sign"),
    ("softmax_cross_entropy_gradient", gradient_without_softmax, "from the logits U themselves"),
    ("softmax_cross_entropy_gradient", gradient_over_entries, "You divided by every entry"),
    ("softmax_cross_entropy_gradient", gradient_naive_softmax, "without subtracting each row's maximum"),
    ("softmax_cross_entropy_gradient", gradient_global_max, "one maximum for the whole batch"),
    ("softmax_cross_entropy_gradient", gradient_columns, "You normalised each column"),
    ("softmax_cross_entropy_gradient", gradient_min_shift, "each row's *minimum*"),
    ("softmax_cross_entropy_gradient", gradient_mean_shift, "each row's *mean*"),
    ("binary_cross_entropy_two_class", -np.log(0.8), "the loss if the true class were 1"),
    ("binary_cross_entropy_two_class", np.log(0.2), "Check the sign"),
    ("binary_cross_entropy_two_class", -np.log10(0.2), "not base 10"),
    ("binary_cross_entropy_two_class", 0.2, "the probability of the true class"),
]


@pytest.mark.parametrize("name, answer", CORRECT)
def test_correct_answer_passes(name, answer):
    assert_passes(name, answer)


def test_every_check_of_exercise_04_has_a_correct_answer_test():
    assert len(EXERCISE_04) >= 5
    assert {name for name, _ in CORRECT} == set(EXERCISE_04)


@pytest.mark.parametrize("name, answer, hint", MISCONCEPTIONS)
def test_misconception_gets_its_hint(name, answer, hint):
    assert_fails_with_hint(name, answer, hint)


def test_every_misconception_of_exercise_04_has_a_test(monkeypatch):
    """Catches a Misconception added to nbtools/checks/softmax.py without an entry in MISCONCEPTIONS."""
    assert_every_misconception_tested(misconceptions_defined(monkeypatch, exercise_04, EXERCISE_04), MISCONCEPTIONS)


@pytest.mark.parametrize("name", EXERCISE_04)
def test_untouched_template_is_not_attempted(name):
    answer = {1: template_1, 2: template_2}[FUNCTION_CHECKS[name]] if name in FUNCTION_CHECKS else ...
    assert_not_attempted(name, answer)


def test_function_checks_start_with_a_batch_of_several_rows_and_classes():
    """A (4, 3) batch first: normalising the wrong axis, or summing over the batch, shows at once."""
    for cases in (exercise_04._logit_cases(), exercise_04._probability_cases(), exercise_04._logit_and_label_cases()):
        n_samples, n_classes = cases[0].args[0].shape
        assert n_samples > 2 and n_classes > 2 and n_samples != n_classes


@pytest.mark.parametrize("name, answer", [("softmax", softmax_naive), ("log_sum_exp", log_sum_exp_naive),
                                          ("softmax_cross_entropy_gradient", gradient_naive_softmax),
                                          ("cross_entropy", cross_entropy_naive)])
def test_numerically_careless_answer_passes_ordinary_cases_and_fails_the_extreme_one(name, answer):
    result = check(name, answer)
    assert 0 < result.passed < result.total
    assert "large logits" in result.case or "exactly 0" in result.case


@pytest.mark.parametrize("name, answer, parameter", [("softmax", softmax_in_place, "U"),
                                                     ("cross_entropy", cross_entropy_in_place, "Y_hat")])
def test_answer_that_changes_its_input_in_place_is_named(name, answer, parameter):
    result = check(name, answer)
    assert result.status == "failed"
    assert f"changed its input `{parameter}` in place" in result.problem


@pytest.mark.parametrize("name, answer", [(name, answer) for name, answer, _ in MISCONCEPTIONS if callable(answer)])
def test_no_warning_reaches_the_learner(name, answer):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check(name, answer)
    assert [str(warning.message) for warning in caught] == []


def test_one_hot_of_integers_names_the_dtype():
    result = check.one_hot(one_hot_ints)
    assert "dtype int" in result.problem and "floating point" in result.problem


def test_derivative_check_shows_the_learners_own_expression():
    wrong = sympy.diff(-y1 * sympy.log(Y_HAT[0]), u1)
    result = check.cross_entropy_derivative_u1(wrong)
    assert result.received == str(wrong)
    assert "y3 = 1 - y1 - y2" in result.problem


def test_expected_value_is_not_revealed_by_value_checks():
    for name, answer in [("cross_entropy_at_one_quarter", 0.25), ("batch_loss_from_labels", 1.0),
                         ("softmax_of_equal_logits", 1), ("cross_entropy_derivative_u1", y1 - Y_HAT[0])]:
        result = check(name, answer)
        assert result.expected == "" and "Expected" not in str(result)


def test_wrong_answer_without_a_known_misconception_has_no_hint():
    result = check.cross_entropy_at_one_quarter(3.0)
    assert result.status == "failed"
    assert result.hint == ""


# --- property tests of the reference building blocks in nbtools.losses ------------------------------------

def logits(bound, min_classes=1):
    """Batches of finite float64 logits with every element in [-bound, bound], 1-5 rows of 1-6 classes."""
    shapes = st.tuples(st.integers(1, 5), st.integers(min_classes, 6))
    return shapes.flatmap(lambda shape: arrays(np.float64, shape, elements=st.floats(-bound, bound)))


@settings(max_examples=200, deadline=None)
@given(logits(1e300))
def test_softmax_rows_are_probability_distributions_even_for_huge_logits(U):
    P = losses.softmax(U)
    assert np.all(np.isfinite(P))
    assert np.all((P >= 0) & (P <= 1))
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-12)


@settings(max_examples=200, deadline=None)
@given(logits(100.0), st.floats(-1e3, 1e3))
def test_softmax_is_shift_invariant(U, shift):
    np.testing.assert_allclose(losses.softmax(U + shift), losses.softmax(U), rtol=1e-6, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(logits(1e300, min_classes=2))
def test_log_softmax_is_finite_where_softmax_underflows(U):
    log_P = losses.log_softmax(U)
    assert np.all(np.isfinite(log_P))
    assert np.all(log_P <= 0)
    P = losses.softmax(U)
    underflowed = P == 0
    assert np.all(log_P[underflowed] < np.log(np.finfo(float).smallest_subnormal))


def test_log_softmax_example_where_softmax_underflows():
    """A guard that the property above is not vacuous: this row's first probability is exactly 0."""
    U = np.array([[0.0, 800.0]])
    assert losses.softmax(U)[0, 0] == 0.0
    np.testing.assert_allclose(losses.log_softmax(U), [[-800.0, 0.0]])


@settings(max_examples=100, deadline=None)
@given(logits(10.0), st.data())
def test_softmax_cross_entropy_gradient_matches_central_differences(U, data):
    labels = data.draw(arrays(np.int64, U.shape[0], elements=st.integers(0, U.shape[1] - 1)))
    Y = losses.one_hot(labels, U.shape[1])
    h = 1e-6
    numeric = np.zeros_like(U)
    for index in np.ndindex(U.shape):
        step = np.zeros_like(U)
        step[index] = h
        numeric[index] = (losses.softmax_cross_entropy(U + step, Y) - losses.softmax_cross_entropy(U - step, Y)) / (2 * h)
    np.testing.assert_allclose(losses.softmax_cross_entropy_gradient(U, Y), numeric, atol=1e-7)


# --- the precision each question asks for (issue 15, 3c) ------------------------------

def test_one_quarter_accepts_the_4_digits_lesson_4_prints():
    """Lesson 4 prints -log 0.25 as 1.3863; the question says 4 significant digits."""
    for worked_out in [1.3863, 1.386, 1.38629]:
        assert check.cross_entropy_at_one_quarter(worked_out).ok, worked_out
    for wrong in [1.385, 1.39, 1.4, 0.602]:
        assert check.cross_entropy_at_one_quarter(wrong).status == "failed", wrong
    assert "not base 10" in check.cross_entropy_at_one_quarter(0.6021).hint


def test_the_batch_loss_accepts_4_digits_from_logarithms_added_by_hand():
    # -log 0.7, -log 0.3 and -log 0.25 to 4 decimals: 0.98233, against 0.98231
    by_hand = (0.3567 + 1.2040 + 1.3863) / 3
    for worked_out in [by_hand, 0.9823, 0.98231]:
        assert check.batch_loss_from_labels(worked_out).ok, worked_out
    for wrong in [0.9825, 0.98, 2.947]:
        assert check.batch_loss_from_labels(wrong).status == "failed", wrong
    assert "You summed over the batch" in check.batch_loss_from_labels(2.947).hint
