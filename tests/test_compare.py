"""Unit tests for nbtools.checks.compare: each wrong answer gets the first thing that is wrong, in words."""

import numpy as np
import pytest
import sympy
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from nbtools.checks import compare as compare_module
from nbtools.checks.compare import compare, compare_expressions, compare_numbers, describe

x, y = sympy.symbols("x y")


# --- None -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("expected", [3.0, np.zeros(3), 12 - 4 * x, "text"])
def test_none_answer_asks_about_a_forgotten_return(expected):
    assert "forget a `return`" in compare(None, expected)


# --- numbers ----------------------------------------------------------------------------------------

def test_number_within_tolerance_passes():
    assert compare(0.1 + 0.2, 0.3) is None
    assert compare(3 + 1e-8, 3) is None


def test_integer_answer_for_float_expected_passes():
    assert compare(8, 8.0) is None


@pytest.mark.parametrize("received", [np.float64(0.5), np.float32(0.5), np.array(0.5)])
def test_numpy_scalars_are_accepted_as_numbers(received):
    assert compare(received, 0.5) is None


def test_numpy_integer_is_accepted_as_number():
    assert compare(np.int64(3), 3) is None


@pytest.mark.parametrize("received, expected", [
    (sympy.Integer(3), 3),
    (sympy.Rational(1, 2), 0.5),
    (sympy.sqrt(2), np.sqrt(2)),
    (sympy.Float(8.0), 8),
])
def test_sympy_numbers_are_accepted(received, expected):
    assert compare(received, expected) is None


def test_bool_is_not_a_number():
    assert "a truth value; a number was expected" in compare(True, 1.0)


def test_numpy_bool_is_not_a_number():
    assert "a number was expected" in compare(np.bool_(True), 1.0)


# --- truth values -----------------------------------------------------------------------------------

@pytest.mark.parametrize("received, expected", [(True, True), (False, False), (np.bool_(True), True),
                                                (True, np.bool_(True)), (np.bool_(False), np.bool_(False)),
                                                (np.array(True), True), (np.array([False]), np.bool_(False))])
def test_equal_truth_values_pass(received, expected):
    assert compare(received, expected) is None


@pytest.mark.parametrize("received", [1, 1.0, np.int64(1)])
def test_a_number_where_a_truth_value_is_expected_names_the_type(received):
    message = compare(received, True)
    assert "a number" in message and "a truth value (True or False) was expected" in message


def test_text_where_a_truth_value_is_expected_names_the_text():
    assert "the text 'True'" in compare("True", True)


def test_the_wrong_truth_value_fails():
    assert compare(False, True) == "Your answer is not the expected truth value."


def test_string_is_not_a_number():
    message = compare("3", 3)
    assert "the text '3'" in message
    assert "without quotes" in message


def test_sympy_expression_with_free_symbol_where_number_expected():
    message = compare(12 - 4 * x, 3)
    assert "an expression in x; a number was expected" in message
    assert "`.subs(...)`" in message


@pytest.mark.parametrize("received", [sympy.I, sympy.oo, sympy.nan])
def test_sympy_non_real_number_is_rejected(received):
    assert "is not a real number" in compare(received, 1.0)


def test_array_with_several_entries_where_number_expected():
    assert "an array of shape (2,); a single number was expected" in compare(np.array([3.0, 3.0]), 3.0)


def test_list_where_number_expected():
    assert "a list of 2 elements; a single number was expected" in compare([3, 4], 3)


def test_other_object_where_number_expected():
    assert "a dict; a number was expected" in compare({"x": 3}, 3)


def test_nan_is_named():
    assert "NaN (not a number)" in compare(float("nan"), 3.0)


def test_numpy_nan_is_named():
    assert "NaN (not a number)" in compare(np.float64("nan"), 3.0)


@pytest.mark.parametrize("received", [float("inf"), -float("inf")])
def test_infinity_is_named(received):
    assert "infinite" in compare(received, 3.0)


def test_infinity_expected_and_received_passes():
    assert compare(float("inf"), float("inf")) is None


@pytest.mark.parametrize("received", [float("nan"), np.float64("nan"), np.array(np.nan)])
def test_nan_expected_and_received_passes(received):
    """As arrays do (NaN in the same places match), so that a misconception whose wrong value is NaN matches."""
    assert compare(received, float("nan")) is None


def test_a_number_where_nan_is_expected_fails():
    assert compare(3.0, float("nan")) is not None


def test_too_large_does_not_give_the_answer_away():
    message = compare(50.0, 42.125)
    assert "too large" in message
    assert "42" not in message


def test_too_small_does_not_give_the_answer_away():
    message = compare(-7, 42.125)
    assert "too small" in message
    assert "42" not in message


def test_just_outside_tolerance_is_reported():
    assert "too large" in compare(3.00001, 3)


def test_one_element_array_where_number_expected_is_answered_not_raised():
    """E.g. a learner's critical point from np.roots(...) or np.linalg.solve(...): array([3.])."""
    assert compare(np.array([3.0]), 3.0) is None


def test_python_complex_number_gets_a_message_not_an_exception():
    """A learner's (-9) ** 0.5 is a Python complex number."""
    assert isinstance(compare((-9) ** 0.5, 3.0), str)


@pytest.mark.filterwarnings("ignore::numpy.exceptions.ComplexWarning")
def test_numpy_complex_with_right_real_part_is_not_accepted():
    assert compare(np.complex128(1 + 2j), 1.0) is not None


def test_huge_python_integer_gets_a_message_not_an_exception():
    assert isinstance(compare(10**400, 3), str)


@settings(max_examples=200)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_finite_float_matches_itself(value):
    assert compare_numbers(value, value) is None


@given(st.floats(min_value=-1e6, max_value=1e6), st.floats(min_value=1e-6, max_value=10))
def test_a_value_beyond_the_relative_tolerance_is_too_large_or_too_small(expected, fraction):
    offset = (abs(expected) + 1) * fraction
    assert compare_numbers(expected + offset, expected).startswith(("Your value is too large.", "Your value is slightly too large"))
    assert compare_numbers(expected - offset, expected).startswith(("Your value is too small.", "Your value is slightly too small"))


# --- arrays: type -> shape -> dtype -> finiteness -> values -------------------------------------------

def test_equal_arrays_pass():
    assert compare(np.array([1.0, 2.0]), np.array([1.0, 2.0])) is None


def test_arrays_within_tolerance_pass():
    assert compare(np.array([0.1 + 0.2, 1.0]), np.array([0.3, 1.0])) is None


def test_list_where_array_expected():
    message = compare([1.0, 2.0, 3.0], np.array([1.0, 2.0, 3.0]))
    assert "a list; a NumPy array was expected" in message
    assert "`np.array(...)`" in message


def test_tuple_where_array_expected():
    assert "a tuple; a NumPy array was expected" in compare((1.0, 2.0), np.array([1.0, 2.0]))


@pytest.mark.parametrize("received", [2.5, np.float64(2.5), np.array(2.5)])
def test_single_number_where_array_expected(received):
    assert "a single number; an array of shape (6,) was expected" in compare(received, np.zeros(6))


def test_other_object_where_array_expected():
    assert "a str; a NumPy array of shape (2,) was expected" in compare("1, 2", np.zeros(2))


def test_wrong_shape_names_both_shapes():
    message = compare(np.zeros(5), np.zeros(6))
    assert "Your array has shape (5,); expected shape (6,)." in message
    assert "transposed" not in message


def test_transposed_array_gets_the_transposed_hint():
    message = compare(np.zeros((3, 2)), np.zeros((2, 3)))
    assert "shape (3, 2); expected shape (2, 3)" in message
    assert "It looks transposed" in message


def test_int_dtype_where_float_expected():
    message = compare(np.array([1, 2, 3]), np.array([1.0, 2.0, 3.0]))
    assert "expected floating point (float64)" in message
    assert "Integer arithmetic loses the fractions" in message


def test_float32_where_float64_expected():
    message = compare(np.array([1.0, 2.0], dtype=np.float32), np.array([1.0, 2.0]))
    assert "dtype float32; expected float64" in message


def test_float_dtype_where_int_expected():
    assert "dtype float64; expected int64" in compare(np.array([1.0, 2.0]), np.array([1, 2], dtype=np.int64))


def test_complex_dtype_where_float_expected_names_the_dtype():
    assert "dtype complex128" in compare(np.array([1 + 0j]), np.array([1.0]))


def test_nan_in_array_is_named_with_its_index():
    message = compare(np.array([1.0, np.nan, 3.0]), np.array([1.0, 2.0, 3.0]))
    assert "contains nan at index (1,)" in message


def test_infinity_in_2d_array_is_named_with_its_index():
    received = np.array([[1.0, 2.0], [np.inf, 4.0]])
    message = compare(received, np.ones((2, 2)))
    assert "contains inf at index (1, 0)" in message
    assert "division by zero" in message


def test_value_mismatch_counts_entries_and_names_the_worst_index():
    message = compare(np.array([1.0, 2.5, 3.0, 10.0]), np.array([1.0, 2.0, 3.0, 4.0]))
    assert "2 of 4 entries differ" in message
    assert "largest difference is 6 at index 3" in message
    assert "expected 4, got 10" in message


def test_value_mismatch_in_2d_uses_a_tuple_index():
    expected = np.zeros((2, 3))
    received = expected.copy()
    received[1, 2] = 0.5
    assert "1 of 6 entries differ. The largest difference is 0.5 at index (1, 2)" in compare(received, expected)


def test_order_list_of_wrong_shape_reports_the_list_first():
    message = compare([1.0, 2.0], np.zeros(3))
    assert "a list" in message
    assert "shape" not in message


def test_order_int_array_of_wrong_shape_reports_the_shape_first():
    message = compare(np.array([1, 2]), np.zeros(3))
    assert "shape (2,); expected shape (3,)" in message
    assert "dtype" not in message


def test_order_float32_array_with_nan_reports_the_dtype_first():
    message = compare(np.array([np.nan, 1.0], dtype=np.float32), np.zeros(2))
    assert "dtype float32" in message
    assert "nan" not in message


def test_order_infinity_is_reported_before_values():
    message = compare(np.array([np.inf, 5.0]), np.array([1.0, 2.0]))
    assert "contains inf" in message
    assert "entries differ" not in message


def test_nan_expected_at_same_place_passes():
    assert compare(np.array([1.0, np.nan]), np.array([1.0, np.nan])) is None


def test_value_mismatch_ignores_nans_that_match_the_expected_nans():
    message = compare(np.array([1.0, np.nan]), np.array([2.0, np.nan]))
    assert "1 of 2 entries differ" in message
    assert "at index 0" in message


def test_nan_in_other_places_than_expected_fails():
    assert compare(np.array([np.nan, 1.0]), np.array([1.0, np.nan])) is not None


def test_zero_dimensional_array_matches_itself():
    assert compare(np.array(1.5), np.array(1.5)) is None


@settings(max_examples=200)
@given(arrays(np.float64, array_shapes(min_dims=1, max_dims=3, max_side=5),
              elements=st.floats(allow_nan=False, allow_infinity=False)))
def test_any_finite_float64_array_matches_its_copy(array):
    assert compare(array, array.copy()) is None


# --- SymPy expressions --------------------------------------------------------------------------------

EXPECTED = 12 - 4 * x


@pytest.mark.parametrize("received", [
    12 - 4 * x,
    -4 * (x - 3),
    4 * (3 - x),
    sympy.expand(-4 * (x - 3)),
    sympy.factor(12 - 4 * x),
    (24 - 8 * x) / 2,
    sympy.diff(-2 * x**2 + 12 * x - 10, x),
    12.0 - 4.0 * x,
])
def test_every_equivalent_form_passes(received):
    assert compare(received, EXPECTED) is None


def test_real_symbol_matches_plain_symbol():
    real_x = sympy.Symbol("x", real=True)
    assert compare(12 - 4 * real_x, EXPECTED) is None


def test_plain_symbol_matches_real_symbol():
    real_x = sympy.Symbol("x", real=True)
    assert compare(12 - 4 * x, 12 - 4 * real_x) is None


@pytest.mark.parametrize("received", [
    x + sympy.sin(y)**2 + sympy.cos(y)**2 - 1,
    x + (y + 1)**2 - y**2 - 2 * y - 1,
    sympy.Add(x, y, -y, evaluate=False),
])
def test_a_symbol_that_simplifies_away_is_not_extra(received):
    assert compare(received, x) is None


def test_a_symbol_that_simplifies_away_is_not_named_in_a_wrong_answer():
    message = compare(x + sympy.sin(y)**2 + sympy.cos(y)**2, x)
    assert message is not None and " y" not in message


@pytest.mark.parametrize("received, expected", [
    (sympy.Float(0.5) * x, x / 2),
    (sympy.exp(sympy.Float(0.5) * x), sympy.exp(x / 2)),
    (x**sympy.Float(0.5), sympy.sqrt(x)),
    ((0.1 + 0.2) * sympy.exp(x), sympy.Rational(3, 10) * sympy.exp(x)),
    (sympy.exp(x / 3.0), sympy.exp(x / 3)),
])
def test_a_decimal_matches_the_equal_fraction(received, expected):
    assert compare(received, expected) is None


@pytest.mark.parametrize("received, expected", [
    (sympy.exp(sympy.Float(0.333) * x), sympy.exp(x / 3)),
    (sympy.Float(0.5000001) * x, x / 2),
])
def test_a_decimal_that_only_approximates_the_fraction_fails(received, expected):
    assert compare(received, expected) is not None


def test_wrong_variable_is_named():
    message = compare(12 - 4 * y, EXPECTED)
    assert "Your expression uses y, but the answer depends on x" in message


def test_number_where_expression_expected():
    message = compare(3, EXPECTED)
    assert "the number 3; an expression in x was expected" in message
    assert "substitute a value too early" in message


def test_opposite_sign():
    assert "opposite sign" in compare(4 * x - 12, EXPECTED)


def test_differs_by_a_constant():
    assert "differs from the answer by the constant" in compare(10 - 4 * x, EXPECTED)


def test_other_wrong_expression_is_not_equivalent():
    assert "is not equivalent to the answer" in compare(12 - 2 * x, EXPECTED)


def test_one_element_list_from_solve():
    received = sympy.solve(EXPECTED, x)
    assert "a list with one element, as `sympy.solve` returns" in compare(received, sympy.Integer(3))


def test_one_element_list_of_a_number_does_not_blame_solve():
    hint = compare([0.25], 0.25)
    assert "a list with one element: give the element itself" in hint and "sympy.solve" not in hint


def test_string_where_expression_expected():
    assert "the text '12 - 4*x'; build a SymPy expression" in compare("12 - 4*x", EXPECTED)


def test_equation_where_expression_expected():
    message = compare(sympy.Eq(EXPECTED, 0), EXPECTED)
    assert "a SymPy Equality; an expression was expected (not an equation or a set)" in message


def test_object_sympy_cannot_read():
    assert "an object; a SymPy expression was expected" in compare_expressions(object(), EXPECTED)


@settings(max_examples=25, deadline=None)
@given(st.integers(-9, 9).filter(bool), st.integers(-9, 9))
def test_expanded_and_negated_linear_forms(slope, root):
    factored = slope * (x - root)
    assert compare(sympy.expand(factored), factored) is None
    assert "opposite sign" in compare(-factored, factored)


# --- describe -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, shown", [
    (3.14159265, "3.14159"),
    (2 / 3, "0.666667"),
    (1234567.0, "1.23457e+06"),
    (np.float64(0.1), "0.1"),
    (np.float32(0.1), "0.1"),
    (3, "3"),
    (True, "True"),
    ("a", "'a'"),
    (12 - 4 * x, "12 - 4*x"),
])
def test_describe_scalars(value, shown):
    assert describe(value) == shown


def test_describe_list_and_tuple():
    assert describe([1, 2.5, "a"]) == "[1, 2.5, 'a']"
    assert describe((1.5, 2 / 3)) == "(1.5, 0.666667)"


def test_describe_long_list_shows_ten_items():
    assert describe(list(range(12))) == "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...]"


def test_describe_array():
    assert describe(np.array([1.0, 2.5])) == "[1. , 2.5]"
    assert describe(np.array([1 / 3])) == "[0.333333]"


def test_describe_long_array_is_abbreviated():
    assert "..." in describe(np.arange(100.0))


def test_sequences_of_arrays_compare_element_by_element_and_name_the_first_wrong_one():
    expected = [(np.ones((2, 3)), np.zeros(3)), (np.ones((3, 1)), np.zeros(1))]
    assert compare([(a.copy(), b.copy()) for a, b in expected], expected) is None
    transposed = [expected[0], (np.ones((1, 3)), np.zeros(1))]
    assert compare(transposed, expected).startswith("Element [1][0]: Your array has shape (1, 3)")
    assert "has 1 element; expected 2" in compare(expected[:1], expected)
    assert "Your answer is a NumPy array; a list of 2 elements was expected" in compare(np.ones(3), expected)


def test_nested_sequences_name_the_element_by_its_full_index():
    assert compare([[1.0, 2.0]], [[1.0, 3.0]]) == "Element [0][1]: Your value is too small."
    assert compare([(1, [2, 5])], [(1, [2, 4])]).startswith("Element [0][1][1]: ")


# --- the public helpers other checks use ----------------------------------------------------------------

def test_why_not_a_number_is_public_and_documented():
    assert compare_module.why_not_a_number(3.0) is None
    assert "a number was expected" in compare_module.why_not_a_number({"x": 3})
    assert compare_module.why_not_a_number.__doc__
    assert not hasattr(compare_module, "_not_a_number")
