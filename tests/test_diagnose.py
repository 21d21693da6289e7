"""The shapes of a mistake the engine names when no misconception matched (``nbtools.checks.diagnose``), the
SymPy equivalence that accepts every equal form, and the tolerance a question asks for in digits."""

import numpy as np
import pytest
import sympy

from nbtools.checks.compare import close_enough, compare, describe_pair, digits_agreeing
from nbtools.checks.diagnose import diagnose
from nbtools.checks.engine import Case, check_function, check_value

EXPECTED = np.array([[0.25, -1.5, 3.125], [2.0, 0.75, -0.5]])  # 2 samples, 3 columns: not square, not round
X = np.arange(12.0).reshape(4, 3)


@pytest.mark.parametrize("received, phrase", [
    (-EXPECTED, "opposite sign"),
    (2 * EXPECTED, "twice the answer"),
    (EXPECTED / 2, "half the answer"),
    (4 * EXPECTED, "4 times the answer, the number of samples"),
    (EXPECTED / 4, "1/4 of the answer"),
    (3 * EXPECTED, "3 times the answer, the number of columns"),
    (1.7 * EXPECTED, "times 1.7"),
    (EXPECTED + 0.3, "plus the same constant 0.3"),
    (np.round(EXPECTED, 1), "rounded to 1 decimals"),
])
def test_an_array_mistake_is_named(received, phrase):
    assert phrase in diagnose(received, EXPECTED, (X,))


def test_values_computed_in_float32_are_named():
    expected = np.array([0.1, 1 / 3, -2 / 7])
    summed_in_float32 = expected * (1 + np.array([4e-7, -3e-7, 5e-7]))  # float32 rounding, accumulated
    assert "float32" in diagnose(summed_in_float32, expected)


def test_values_near_the_rounded_answer_but_not_round_are_not_called_rounded():
    """A wrong formula whose values happen to lie near round numbers (round starting weights, steps of
    exactly the learning rate) is not a rounding: only values that are round themselves are."""
    expected = np.array([0.99, 1.98, 2.9701])
    near_but_not_round = np.array([0.99, 1.98, 2.97000004])   # within the tolerance of round(expected, 2)
    assert "rounded" not in diagnose(near_but_not_round, expected)
    assert "rounded to 2 decimals" in diagnose(np.round(expected, 2), expected)


def test_zero_for_a_fraction_is_not_called_rounded():
    assert "rounded" not in diagnose(np.array([0.0, 0.0, 1.0]), np.array([0.43, 0.25, 0.97]))


def test_unsigned_counts_are_counts():
    counts = np.array([[3, 1], [0, 4]])
    assert compare(counts.astype(np.uint64), counts) is None
    assert "dtype float64" in compare(counts.astype(float), counts)


def test_a_transposed_square_matrix_and_another_order_are_named():
    square = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert "transpose" in diagnose(square.T, square)
    path = np.array([1.0, 0.5, 0.25, 0.125])
    assert "reverse order" in diagnose(path[::-1], path)
    assert "another order" in diagnose(np.array([0.5, 1.0, 0.125, 0.25]), path)


def test_a_path_one_element_off_is_named():
    path = np.array([1.0, 0.5, 0.25, 0.125])
    assert "missing the first element" in diagnose(path[1:], path)
    assert "missing the last element" in diagnose(path[:-1], path)
    assert "too many at the end" in diagnose(np.append(path, 0.0625), path)


def test_a_reduction_along_the_other_axis_is_named():
    assert "other axis" in diagnose(X.mean(axis=0), X.mean(axis=1), (X,))


def test_a_percentage_and_an_expression_factor_are_named():
    assert "percentage" in diagnose(97.2, 0.972)
    x = sympy.Symbol("x")
    assert "2 times the answer" in diagnose(2 * (12 - 4 * x), 12 - 4 * x)


def test_a_single_value_is_never_given_away_by_an_arbitrary_factor_or_shift():
    assert diagnose(5.0, 3.0) == ""
    assert diagnose(3.4, 3.0) == ""


def test_an_unrelated_answer_gets_no_diagnosis():
    assert diagnose(np.array([[9.0, 1.0, 4.0], [0.0, 2.0, 7.0]]), EXPECTED, (X,)) == ""


def test_the_diagnosis_reaches_the_card_of_a_function_check():
    result = check_function(lambda X: X.sum(axis=0), lambda X: X.mean(axis=0), [Case((X,), "X")])
    assert "4 times the answer" in result.hint and "sum where a mean was due" in result.hint
    result = check_function(lambda X: [X.sum(axis=0)], lambda X: [X.mean(axis=0)], [Case((X,), "X")])
    assert result.hint.startswith("In element [0]: your values are 4 times")


u = sympy.Symbol("u", real=True)
SIGMOID_SLOPE = sympy.exp(-u) / (1 + sympy.exp(-u)) ** 2


@pytest.mark.parametrize("form", [1 / (4 * sympy.cosh(u / 2) ** 2), sympy.sech(u / 2) ** 2 / 4,
                                  (1 - sympy.tanh(u / 2) ** 2) / 4,
                                  1 / (1 + sympy.exp(-u)) * (1 - 1 / (1 + sympy.exp(-u)))])
def test_every_equal_form_of_the_sigmoid_slope_passes(form):
    assert compare(form, SIGMOID_SLOPE) is None


@pytest.mark.parametrize("form", [1 / (4 * sympy.cosh(u) ** 2), sympy.exp(-u) / (1 + sympy.exp(-u)),
                                  SIGMOID_SLOPE + sympy.Rational(1, 10**9), sympy.sech(u / 2) / 4])
def test_a_wrong_form_still_fails(form):
    assert compare(form, SIGMOID_SLOPE) is not None


def test_a_rounded_value_is_told_how_many_digits_agree():
    message = compare(1.3863, np.log(4))
    assert "agrees with the answer to 5 significant digits" in message and "needs 7" in message
    assert digits_agreeing(0.9615, 0.96153846) == 4


def test_a_question_may_ask_for_fewer_digits():
    assert close_enough(0.331, 0.3306, 3) and not close_enough(0.33, 0.3306, 3)
    assert not close_enough(8.17, np.inf, 4) and not close_enough(np.inf, 8.17, 4)
    assert np.all(close_enough([0.0012, 45.0, -7.004, np.inf, np.nan], [0.00123, 45.04, -7.0041, np.inf, np.nan], 2))
    assert check_value(1.3863, np.log(4), digits=4).ok
    assert not check_value(1.3863, np.log(4)).ok
    assert not check_value(1.39, np.log(4), digits=4).ok


def test_two_different_numbers_never_look_equal():
    shown = describe_pair(-0.05846471, -0.0584647)
    assert shown[0] != shown[1]
    result = check_function(lambda v: v * (1 + 3e-7), lambda v: v, [Case((-0.0584647,), "v")])
    assert result.expected != result.received


def test_an_answer_of_another_shape_is_described_not_blamed():
    result = check_function(lambda X: float(X.sum()), lambda X: X.mean(axis=1), [Case((X,), "X")])
    assert "single number" in result.problem and result.hint == ""
    result = check_function(lambda X: X[:, :2].mean(axis=1), lambda X: X.mean(axis=1, keepdims=True), [Case((X,), "X")])
    assert "shape" in result.problem and "could not be compared" not in result.problem


def test_right_values_of_another_dtype_get_no_diagnosis():
    assert diagnose(np.array([0, 1, 1]), np.array([0.0, 1.0, 1.0])) == ""
    result = check_function(lambda U: (U > 0).astype(int), lambda U: (U > 0).astype(float), [Case((X - 5,), "U")])
    assert "dtype" in result.problem and result.hint == ""
