"""Unit tests for nbtools.checks.engine and the ``check`` registry: every misbehaviour of a learner's
answer becomes a sentence in the result, and a check never raises into the notebook."""

import functools
import html
import inspect
import signal
import time
import warnings

import numpy as np
import pytest
import sympy

import nbtools.checks
from nbtools import check, derivatives
from nbtools.checks.render import text_to_html
from nbtools.checks import derivatives as exercise_01
from nbtools.checks.engine import NOT_ATTEMPTED, Case, CheckResult, Misconception, check_function, check_value

from misconceptions import (assert_every_misconception_tested, assert_fails_with_hint, assert_passes,
                            misconceptions_defined)

x, h = sympy.symbols("x h")
P = -2 * x**2 + 12 * x - 10
EXERCISE_01 = sorted(name for name, function in nbtools.checks._CHECKS.items()
                     if function.__module__ == exercise_01.__name__)


def assert_shows(result, text):
    """The text appears both in the plain-text and in the HTML form of the result."""
    assert text in str(result)
    assert text_to_html(text) in result._repr_html_()


def line_of(function, text):
    """The file line number of the first line of ``function`` that contains ``text``."""
    lines, first = inspect.getsourcelines(function)
    return first + next(i for i, line in enumerate(lines) if text in line)


# --- learner answers (written the way a learner would) ---------------------------------------------

def difference_quotient_template(f, x, h):
    # YOUR CODE HERE
    raise NotImplementedError


def difference_quotient_with_index_error(f, x, h):
    values = [f(x), f(x + h)]
    return (values[2] - values[0]) / h


def difference_quotient_with_numpy_error(f, x, h):
    points = np.array([x, x + h, x + 2 * h])
    return np.reshape(points, (2, 2))


def difference_quotient_endless(f, x, h):
    while h != 0:
        x = x + 0
    return (f(x + h) - f(x)) / h


def difference_quotient_endless_catching_everything(f, x, h):
    while True:
        try:
            while True:
                pass
        except Exception:
            pass


def difference_quotient_nan(f, x, h):
    return float("nan")


def difference_quotient_infinite(f, x, h):
    return float("inf")


def difference_quotient_no_return(f, x, h):
    slope = (f(x + h) - f(x)) / h  # noqa: F841


def difference_quotient_two_parameters(f, x):
    return (f(x + 0.001) - f(x)) / 0.001


def difference_quotient_text(f, x, h):
    return str((f(x + h) - f(x)) / h)


def difference_quotient_only_for_P(f, x, h):
    return (derivatives.profit(x + h) - derivatives.profit(x)) / h


def gradient_ascent_as_list(slope, x0, learning_rate, steps):
    path = [float(x0)]
    for _ in range(steps):
        path.append(path[-1] + learning_rate * slope(path[-1]))
    return path


def gradient_ascent_int_path(slope, x0, learning_rate, steps):
    path = np.zeros(steps + 1, dtype=int)
    path[0] = x0
    for i in range(steps):
        path[i + 1] = path[i] + learning_rate * slope(path[i])
    return path


def gradient_ascent_float32_path(slope, x0, learning_rate, steps):
    path = np.zeros(steps + 1, dtype=np.float32)
    path[0] = x0
    for i in range(steps):
        path[i + 1] = path[i] + learning_rate * slope(path[i])
    return path


def gradient_ascent_without_start(slope, x0, learning_rate, steps):
    path = []
    x = x0
    for _ in range(steps):
        x = x + learning_rate * slope(x)
        path.append(x)
    return np.array(path)


def gradient_ascent_overflowing(slope, x0, learning_rate, steps):
    path = np.full(steps + 1, float(x0))
    path[-1] = np.exp(1000.0)
    return path


def double_in_place(x):
    x *= 2
    return x


def double_reference(x):
    return 2 * x


DOUBLE_CASES = [Case((np.array([1.0, 2.0]),), "x = [1, 2]")]


# --- not attempted -------------------------------------------------------------------------------------

def test_untouched_function_template_is_not_attempted():
    result = check.difference_quotient(difference_quotient_template)
    assert result.status == NOT_ATTEMPTED
    assert not result.ok
    assert_shows(result, "… difference_quotient: not attempted yet.")
    assert_shows(result, "still raises the template's `NotImplementedError`")
    assert_shows(result, "run the answer cell first")


def test_untouched_value_template_is_not_attempted():
    result = check.critical_point(...)
    assert result.status == NOT_ATTEMPTED
    assert_shows(result, "… critical_point: not attempted yet.")
    assert_shows(result, "still the template's `...`")
    assert_shows(result, "run the answer cell first")


def test_ellipsis_where_function_expected_is_not_attempted():
    assert check.difference_quotient(...).status == NOT_ATTEMPTED


# --- exceptions ----------------------------------------------------------------------------------------

def test_exception_is_named_with_the_learners_line_and_source():
    result = check.difference_quotient(difference_quotient_with_index_error)
    line = line_of(difference_quotient_with_index_error, "values[2]")
    expected = (f"Your code raised IndexError at line {line} of `difference_quotient_with_index_error`: "
                "`return (values[2] - values[0]) / h`: list index out of range")
    assert result.status == "failed"
    assert result.problem == expected
    assert_shows(result, expected)


def test_exception_inside_a_library_names_the_learners_line_that_called_it():
    result = check.difference_quotient(difference_quotient_with_numpy_error)
    line = line_of(difference_quotient_with_numpy_error, "np.reshape")
    assert_shows(result, f"Your code raised ValueError at line {line} of `difference_quotient_with_numpy_error`: "
                         "`return np.reshape(points, (2, 2))`")


def test_failing_case_is_shown_with_its_input():
    result = check.difference_quotient(difference_quotient_with_index_error)
    assert result.case == "f = P, x = 2, h = 0.5"
    assert "Input: f = P, x = 2, h = 0.5" in str(result)
    assert ">Input</th>" in result._repr_html_()
    assert_shows(result, "f = P, x = 2, h = 0.5")


# --- bad values ----------------------------------------------------------------------------------------

def test_nan_returned():
    assert_shows(check.difference_quotient(difference_quotient_nan), "Your answer is NaN (not a number)")


def test_infinity_returned():
    assert_shows(check.difference_quotient(difference_quotient_infinite), "Your answer is infinite")


def test_infinity_inside_returned_array():
    assert_shows(check.gradient_ascent(gradient_ascent_overflowing), "Your array contains inf at index (5,)")


def test_none_returned():
    assert_shows(check.difference_quotient(difference_quotient_no_return), "Did you forget a `return`")


def test_wrong_shape_returned():
    result = check.gradient_ascent(gradient_ascent_without_start)
    assert_shows(result, "Your array has shape (5,); expected shape (6,).")


def test_list_returned_where_array_expected():
    assert_shows(check.gradient_ascent(gradient_ascent_as_list), "Your answer is a list; a NumPy array was expected.")


def test_text_returned_where_number_expected():
    assert_shows(check.difference_quotient(difference_quotient_text), "give the number itself, without quotes")


def test_int_dtype_returned():
    assert_shows(check.gradient_ascent(gradient_ascent_int_path), "Your array has dtype int64; expected floating point")


def test_float32_dtype_returned():
    assert_shows(check.gradient_ascent(gradient_ascent_float32_path),
                 "Your array has dtype float32; expected float64")


def test_function_failure_shows_expected_and_received():
    result = check.difference_quotient(difference_quotient_nan)
    assert result.expected == "3"  # P(2.5) - P(2) = 1.5, divided by h = 0.5
    assert result.received == "nan"


# --- mutation, time limit, signature -------------------------------------------------------------------

def test_answer_that_changes_its_input_in_place_is_named():
    result = check_function(double_in_place, double_reference, DOUBLE_CASES)
    assert result.status == "failed"
    assert_shows(result, "Your function changed its input `x` in place.")


def test_answer_that_copies_its_input_passes():
    assert check_function(lambda x: x * 2, double_reference, DOUBLE_CASES).ok


def smallest_loss(runs):
    return min(run["loss"] for run in runs)


def smallest_loss_sorting_the_callers_list(runs):
    runs.sort(key=lambda run: run["loss"])
    return runs[0]["loss"]


def smallest_loss_overwriting_a_number(runs):
    runs[0]["loss"] = min(run["loss"] for run in runs)
    return runs[0]["loss"]


def test_when_two_mistakes_give_the_first_wrong_output_the_other_cases_choose_the_hint():
    """x**2 and 2*x agree at x = 2 (the first case): the hint is the mistake that also explains x = 3, whichever
    of the two the list names first."""
    cases = [Case((2.0,), "x = 2"), Case((3.0,), "x = 3")]
    misconceptions = [Misconception("You doubled x.", lambda x: 2 * x), Misconception("You squared x.", lambda x: x**2)]
    squared = check_function(lambda x: x**2, lambda x: x + 1, cases, misconceptions)
    doubled = check_function(lambda x: 2 * x, lambda x: x + 1, cases, misconceptions)
    assert squared.case == "x = 2" and squared.hint == "You squared x."
    assert doubled.hint == "You doubled x."


@pytest.mark.parametrize("answer", [smallest_loss_sorting_the_callers_list, smallest_loss_overwriting_a_number])
def test_numbers_replaced_inside_a_list_or_dict_count_as_a_change(answer):
    cases = [Case(([{"loss": 0.3, "name": "a"}, {"loss": 0.1, "name": "b"}, {"loss": float("nan"), "name": "c"}],),
                  "three runs")]
    assert check_function(smallest_loss, smallest_loss, cases).ok  # NaN stays equal to itself
    assert_shows(check_function(answer, smallest_loss, cases), "Your function changed its input `runs` in place.")


def test_endless_loop_is_stopped_after_the_time_limit(short_time_limit):
    start = time.monotonic()
    result = check.difference_quotient(difference_quotient_endless)
    elapsed = time.monotonic() - start
    assert 0.3 <= elapsed < 5
    assert result.status == "failed"
    assert_shows(result, "Your function was still running after 0.3 seconds and was stopped.")
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert check.difference_quotient(derivatives.difference_quotient).ok


def test_time_limit_restores_the_previous_alarm_handler(short_time_limit):
    before = signal.getsignal(signal.SIGALRM)
    check.difference_quotient(difference_quotient_endless)
    assert signal.getsignal(signal.SIGALRM) is before


def test_endless_loop_that_catches_exception_is_still_stopped(short_time_limit):
    start = time.monotonic()
    result = check.difference_quotient(difference_quotient_endless_catching_everything)
    assert time.monotonic() - start < 5
    assert_shows(result, "still running after 0.3 seconds")


def test_wrong_number_of_parameters():
    result = check.difference_quotient(difference_quotient_two_parameters)
    assert_shows(result, "Your function should take 3 arguments (f, x, h); "
                         "yours is defined as difference_quotient_two_parameters(f, x).")


def test_non_callable_where_function_expected():
    assert_shows(check.difference_quotient(7.5), "Your answer is a float; a function was expected.")


def test_partial_with_wrong_parameters_is_explained_not_a_workbook_bug():
    answer = functools.partial(derivatives.difference_quotient, np.sin)
    result = check.difference_quotient(answer)
    assert "bug in the workbook" not in result.problem
    assert "should take 3 arguments" in result.problem


# --- misconceptions of exercise 01 ---------------------------------------------------------------------

def quotient_wrong_order(f, x, h):
    return (f(x) - f(x + h)) / h


def quotient_without_dividing(f, x, h):
    return f(x + h) - f(x)


def quotient_divided_by_x(f, x, h):
    return (f(x + h) - f(x)) / x


def quotient_central(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def ascent_descending(slope, x0, learning_rate, steps):
    path = [float(x0)]
    for _ in range(steps):
        path.append(path[-1] - learning_rate * slope(path[-1]))
    return np.array(path)


def ascent_last_position_only(slope, x0, learning_rate, steps):
    x = float(x0)
    for _ in range(steps):
        x = x + learning_rate * slope(x)
    return x


MISCONCEPTIONS = [
    ("difference_quotient", quotient_wrong_order, "You subtracted in the wrong order"),
    ("difference_quotient", quotient_without_dividing, "You forgot to divide by h"),
    ("difference_quotient", quotient_divided_by_x, "You divided by x"),
    ("difference_quotient", quotient_central, "That is the central difference"),
    ("difference_quotient", lambda f, x, h: (f(x) - f(x - h)) / h, "That is the backward difference"),
    ("quotient_of_P", sympy.expand(P.subs(x, x + h) - P), "This is P(x + h) - P(x); divide it by h."),
    ("quotient_of_P", P.subs(x, x + h) - P / h, "put parentheses around the difference"),
    ("quotient_of_P", 12 - 4 * x, "That is the limit of the quotient as h goes to 0"),
    ("derivative_of_P", 12 - 4 * x - 2 * h, "This is still the difference quotient"),
    ("derivative_of_P", P, "This is P itself."),
    ("derivative_of_P", 12 - 2 * x, "not -2x"),
    ("critical_point", 8, "8 is the profit P(3)"),
    ("critical_point", -3, "Check the sign: solve -4x + 12 = 0"),
    ("maximum_profit", 3, "3 is where the maximum is"),
    ("maximum_profit", 0, "not P' (which is 0 there)"),
    ("slope_at_12", 36, "A negative slope means: move left."),
    ("slope_at_12", P.subs(x, 12), "That is the profit P(12)"),
    ("gradient_ascent", ascent_descending, "that is descent, which finds a minimum"),
    ("gradient_ascent", gradient_ascent_without_start, "The path should start with x0 itself"),
    ("gradient_ascent", ascent_last_position_only, "not only the last one"),
    ("largest_stable_learning_rate", 0.25, "0.25 is the fastest rate"),
    ("largest_stable_learning_rate", 1, "so η must stay below 2/4"),
    ("chain_rule_derivative", 5 * (3 * x**2 + 1) ** 4, "You differentiated the outside only"),
    ("chain_rule_derivative", 30 * x * (3 * x**2 + 1) ** 5, "lowers the exponent by one"),
    ("chain_rule_derivative", 6 * x * (3 * x**2 + 1) ** 4, "The 5 of the power rule is missing"),
    ("chain_rule_derivative", 5 * (6 * x) ** 4, "You applied the outer power to the inner derivative"),
    ("lambdified_derivative", sympy.lambdify(x, x**2 * sympy.exp(-x)), "That is g itself"),
    ("lambdified_derivative", sympy.lambdify(x, 2 * x * sympy.exp(-x)), "You kept only u'v"),
    ("lambdified_derivative", sympy.lambdify(x, (2 * x + x**2) * sympy.exp(-x)), "not (2x + x²) e^(-x)"),
    ("second_derivative_of_q", 3 * x**2 - 3, "That is the first derivative"),
    ("second_derivative_of_q", x**3 - 3 * x, "That is q itself"),
    ("second_derivative_of_q", 3 * x, "not 3x"),
    ("kind_of_critical_point", "minimum", "so it is a maximum"),
    ("kind_of_critical_point", "Neither", "Only q'' = 0 leaves the test undecided"),
    ("kind_of_critical_point", -6, "not the value of q'' there"),
]


@pytest.mark.parametrize("name, answer, hint", MISCONCEPTIONS)
def test_misconception_gets_its_hint(name, answer, hint):
    assert_fails_with_hint(name, answer, hint)


def test_every_misconception_of_exercise_01_has_a_test(monkeypatch):
    """Catches a Misconception added to nbtools/checks/derivatives.py without an entry in MISCONCEPTIONS."""
    assert_every_misconception_tested(misconceptions_defined(monkeypatch, exercise_01, EXERCISE_01), MISCONCEPTIONS)


def test_value_check_does_not_show_the_expected_value():
    result = check.critical_point(8)
    assert result.expected == ""
    assert "Expected" not in str(result)
    assert "too large" in result.problem


def test_wrong_answer_without_a_known_misconception_has_no_hint():
    result = check.critical_point(5)
    assert result.hint == ""
    assert "Hint" not in str(result)


def test_a_nan_misconception_matches_a_nan_answer():
    nan = [Misconception("0/0 gives NaN.", float("nan"))]
    assert check_value(float("nan"), 1.0, nan).hint == "0/0 gives NaN."
    assert check_value(np.float64("nan"), 1.0, nan).hint == "0/0 gives NaN."
    assert check_function(lambda v: float("nan"), lambda v: v, [Case((2.0,), "v = 2")],
                          [Misconception("0/0 gives NaN.", lambda v: float("nan"))]).hint == "0/0 gives NaN."


def test_a_misconception_with_nan_matches_an_array_with_nan_in_the_same_places_only():
    log_of_zero = [Misconception("log(0) is -inf; 0 * -inf is NaN.", np.array([1.0, np.nan]))]
    assert check_value(np.array([1.0, np.nan]), np.array([1.0, 2.0]), log_of_zero).hint == log_of_zero[0].hint
    assert check_value(np.array([np.nan, 1.0]), np.array([1.0, 2.0]), log_of_zero).hint == ""


def test_comparisons_let_no_numpy_warning_into_the_notebook():
    """inf - inf while describing a difference would print a RuntimeWarning under the learner's check cell."""
    overflowed = np.array([np.inf, 1.0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        against_a_misconception = check_value(overflowed, np.array([1.0, 2.0]),
                                              [Misconception("overflow", np.array([np.inf, 2.0]))])
        against_the_expected = check_value(overflowed, np.array([np.inf, 2.0]))
        in_a_function_check = check_function(lambda v: overflowed, lambda v: np.array([np.inf, 2.0]),
                                             [Case((0,), "v = 0")])
    assert [str(warning.message) for warning in caught] == []
    assert not (against_a_misconception.ok or against_the_expected.ok or in_a_function_check.ok)


# --- correct answers pass ------------------------------------------------------------------------------

def learner_gradient_ascent(slope, x0, learning_rate, steps):
    path = np.zeros(steps + 1)
    path[0] = x0
    for i in range(steps):
        path[i + 1] = path[i] + learning_rate * slope(path[i])
    return path


CORRECT = [
    ("difference_quotient", derivatives.difference_quotient),
    ("difference_quotient", lambda f, x, h: (f(x + h) - f(x)) / h),
    ("quotient_of_P", sympy.simplify((P.subs(x, x + h) - P) / h)),
    ("quotient_of_P", (P.subs(x, x + h) - P) / h),
    ("derivative_of_P", sympy.limit((P.subs(x, x + h) - P) / h, h, 0)),
    ("derivative_of_P", derivatives.derivative_by_limit(derivatives.profit(x), x)),
    ("derivative_of_P", sympy.diff(P, x)),
    ("critical_point", sympy.solve(sympy.diff(P, x), x)[0]),
    ("critical_point", 3.0),
    ("maximum_profit", P.subs(x, 3)),
    ("maximum_profit", derivatives.profit(3.0)),
    ("slope_at_12", sympy.diff(P, x).subs(x, 12)),
    ("slope_at_12", derivatives.profit_slope(12)),
    ("gradient_ascent", derivatives.gradient_ascent),
    ("gradient_ascent", learner_gradient_ascent),
    ("largest_stable_learning_rate", 0.5),
    ("largest_stable_learning_rate", sympy.Rational(1, 2)),
    ("chain_rule_derivative", 30 * x * (3 * x**2 + 1) ** 4),
    ("chain_rule_derivative", sympy.expand(30 * x * (3 * x**2 + 1) ** 4)),
    ("lambdified_derivative", sympy.lambdify(x, sympy.diff(x**2 * sympy.exp(-x), x), "numpy")),
    ("lambdified_derivative", lambda v: (2 * v - v**2) * np.exp(-v)),
    ("second_derivative_of_q", 6 * x),
    ("second_derivative_of_q", sympy.diff(x**3 - 3 * x, x, 2)),
    ("kind_of_critical_point", "maximum"),
    ("kind_of_critical_point", "Maximum "),
]


@pytest.mark.parametrize("name, answer", CORRECT)
def test_correct_answer_passes(name, answer):
    assert_passes(name, answer)


def test_every_check_of_exercise_01_has_a_correct_answer_test():
    assert EXERCISE_01
    assert {name for name, _ in CORRECT} == set(EXERCISE_01)


def test_function_check_counts_passed_cases():
    result = check.difference_quotient(difference_quotient_only_for_P)
    assert result.passed == 2
    assert result.total == 4
    assert_shows(result, "✘ difference_quotient: 2 of 4 cases passed.")
    assert result.case == "f(x) = x**3, x = 2, h = -0.1"


# --- the registry --------------------------------------------------------------------------------------

def test_unknown_check_suggests_the_close_match():
    result = check.diference_quotient(derivatives.difference_quotient)
    assert result.status == "failed"
    assert_shows(result, "There is no check called `diference_quotient`. Did you mean `difference_quotient`?")


def test_unknown_check_without_a_close_match():
    result = check("zzzz", 1)
    assert result.problem == "There is no check called `zzzz`."


def test_call_by_name_equals_attribute_form():
    assert check("critical_point", 3) == check.critical_point(3)
    assert check("critical_point", 8) == check.critical_point(8)


def test_result_carries_the_check_name():
    assert check.maximum_profit(8).name == "maximum_profit"


def test_dir_lists_the_checks():
    listed = dir(check)
    assert listed == sorted(nbtools.checks._CHECKS)
    assert {"difference_quotient", "gradient_ascent", "critical_point"} <= set(listed)


def test_settings_are_shared_with_the_engine():
    assert check.settings is nbtools.checks.engine.settings


def test_dunder_lookup_is_not_a_check():
    with pytest.raises(AttributeError):
        check.__wrapped__


@pytest.fixture
def broken_check():
    @nbtools.checks.register
    def broken_check_for_tests(answer):
        raise RuntimeError("boom")

    try:
        yield "broken_check_for_tests"
    finally:
        nbtools.checks._CHECKS.pop("broken_check_for_tests", None)


def test_a_check_that_raises_is_reported_as_a_workbook_bug(broken_check):
    result = check(broken_check, 1)
    assert result.status == "failed"
    assert_shows(result, "The check itself failed (RuntimeError('boom')).")
    assert_shows(result, "This is a bug in the workbook, not in your answer")


# --- CheckResult ---------------------------------------------------------------------------------------

def test_headline_single_case_correct():
    result = CheckResult("q", "passed", 1, 1)
    assert result.headline() == "✔ q: correct."
    assert result.ok


def test_headline_single_case_wrong():
    result = CheckResult("q", "failed", 0, 1)
    assert result.headline() == "✘ q: not yet right."
    assert not result.ok


def test_headline_all_cases_passed():
    assert CheckResult("q", "passed", 4, 4).headline() == "✔ q: passed all 4 cases."


def test_headline_some_cases_passed():
    assert CheckResult("q", "failed", 1, 4).headline() == "✘ q: 1 of 4 cases passed."


def test_headline_not_attempted():
    result = CheckResult("q", NOT_ATTEMPTED, 0, 4)
    assert result.headline() == "… q: not attempted yet."
    assert not result.ok


def test_messages_start_with_the_headline_and_skip_empty_fields():
    result = CheckResult("q", "failed", 0, 1, problem="Too small.", received="2")
    assert result.messages == ["✘ q: not yet right.", "Received: 2", "Problem: Too small."]
    assert str(result) == "\n".join(result.messages)


def test_messages_keep_the_order_input_expected_received_problem_hint():
    result = CheckResult("q", "failed", 0, 2, problem="p", case="c", expected="e", received="r", hint="h")
    assert [line.split(":")[0] for line in result.messages[1:]] == ["Input", "Expected", "Received", "Problem", "Hint"]


def test_html_escapes_learner_values():
    result = check.critical_point("<b>3</b>")
    page = result._repr_html_()
    assert "&lt;b&gt;3&lt;/b&gt;" in page
    assert "<b>3" not in page


def test_html_colour_follows_the_status():
    assert "#2e7d32" in CheckResult("q", "passed", 1, 1)._repr_html_()
    assert "#c62828" in CheckResult("q", "failed", 0, 1)._repr_html_()
    assert "#757575" in CheckResult("q", NOT_ATTEMPTED, 0, 1)._repr_html_()


def test_check_value_with_misconception_directly():
    result = check_value(2.0, 3.0, [Misconception("Off by one.", 2)])
    assert result.hint == "Off by one."
    assert result.status == "failed"
