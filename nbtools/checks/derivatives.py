"""Checks for exercise 01, derivatives: one function a question, registered as ``check.<name>``.

Each check compares with the reference building blocks in ``nbtools.derivatives`` and names the
mistakes learners are known to make (the misconceptions) in its hints.
"""

import numpy as np
import sympy

from .. import derivatives
from . import register
from .engine import Case, Misconception, check_function, check_value

x, h = sympy.symbols("x h")
P = derivatives.profit(x)


def cube(value):
    """f(x) = x^3, a second function so that a difference quotient written only for P fails."""
    return value**3


@register
def difference_quotient(answer):
    """Q1: a Python function (f, x, h) -> (f(x + h) - f(x)) / h."""
    cases = [
        Case((derivatives.profit, 2.0, 0.5), "f = P, x = 2, h = 0.5"),
        Case((derivatives.profit, 3.0, 0.001), "f = P, x = 3, h = 0.001"),
        Case((cube, 2.0, -0.1), "f(x) = x**3, x = 2, h = -0.1"),
        Case((np.sin, 0.0, 1e-4), "f = np.sin, x = 0, h = 0.0001"),
    ]
    misconceptions = [
        Misconception("You subtracted in the wrong order: the quotient is (f(x + h) - f(x)) / h.",
                      lambda f, at, step: (f(at) - f(at + step)) / step),
        Misconception("You forgot to divide by h: f(x + h) - f(x) is the rise, the slope is rise / run.",
                      lambda f, at, step: f(at + step) - f(at)),
        Misconception("You divided by x; the run of the secant is h, the distance between x and x + h.",
                      lambda f, at, step: (f(at + step) - f(at)) / at),
        Misconception("That is the central difference (f(x + h) - f(x - h)) / 2h; this question asks for "
                      "the forward quotient through x and x + h.",
                      lambda f, at, step: (f(at + step) - f(at - step)) / (2 * step)),
        Misconception("That is the backward difference (f(x) - f(x - h)) / h, through x - h and x; this "
                      "question asks for the forward quotient through x and x + h.",
                      lambda f, at, step: (f(at) - f(at - step)) / step),
    ]
    return check_function(answer, derivatives.difference_quotient, cases, misconceptions)


@register
def quotient_of_P(answer):
    """Q2: the simplified difference quotient of P, an expression in x and h."""
    expected = sympy.expand((P.subs(x, x + h) - P) / h)
    misconceptions = [
        Misconception("This is P(x + h) - P(x); divide it by h.", sympy.expand(P.subs(x, x + h) - P)),
        Misconception("This is P(x + h) - P(x) / h: put parentheses around the difference before dividing.",
                      P.subs(x, x + h) - P / h),
        Misconception("That is the limit of the quotient as h goes to 0, P'(x) = -4x + 12 (question 3). Here "
                      "the quotient itself is asked for, with h still in it.", -4 * x + 12),
    ]
    return check_value(answer, expected, misconceptions)


@register
def derivative_of_P(answer):
    """Q3: P'(x), as the limit of the quotient when h goes to 0."""
    misconceptions = [
        Misconception("This is still the difference quotient: take its limit as h goes to 0 (`sympy.limit`).",
                      -4 * x - 2 * h + 12),
        Misconception("This is P itself. Differentiate it: the derivative of -2x² is -4x.", P),
        Misconception("The derivative of -2x² is -4x (power rule: bring the 2 down), not -2x.", -2 * x + 12),
    ]
    return check_value(answer, derivatives.derivative_by_limit(P, x), misconceptions)


@register
def critical_point(answer):
    """Q4: the x where P'(x) = 0."""
    misconceptions = [
        Misconception("8 is the profit P(3) at the critical point; the question asks for x itself.", 8),
        Misconception("Check the sign: solve -4x + 12 = 0 for x.", -3),
    ]
    return check_value(answer, 3, misconceptions)


@register
def maximum_profit(answer):
    """Q5: the largest profit, P at the critical point."""
    misconceptions = [
        Misconception("3 is where the maximum is (x); the question asks for the profit there, P(3).", 3),
        Misconception("Evaluate P at the critical point, not P' (which is 0 there).", 0),
    ]
    return check_value(answer, 8, misconceptions)


@register
def slope_at_12(answer):
    """Q6: P'(12), whose sign says which way the maximum lies."""
    misconceptions = [
        Misconception("Check the sign: P'(12) = -4·12 + 12. A negative slope means: move left.", 36),
        Misconception("That is the profit P(12); the question asks for the slope P'(12).", derivatives.profit(12)),
    ]
    return check_value(answer, derivatives.profit_slope(12), misconceptions)


@register
def gradient_ascent(answer):
    """Q7: a function (slope, x0, learning_rate, steps) -> array of the steps + 1 positions climbed."""
    cases = [
        Case((derivatives.profit_slope, 0.0, 0.1, 5), "slope = P', x0 = 0, learning_rate = 0.1, steps = 5"),
        Case((derivatives.profit_slope, 10.0, 0.05, 4), "slope = P', x0 = 10, learning_rate = 0.05, steps = 4"),
        Case((derivatives.profit_slope, 0.0, 0.5, 4), "slope = P', x0 = 0, learning_rate = 0.5, steps = 4"),
        Case((lambda at: -2 * (at - 1), 5.0, 0.3, 3), "slope(x) = -2(x - 1), x0 = 5, learning_rate = 0.3, steps = 3"),
    ]
    misconceptions = [
        Misconception("You stepped against the slope (x - learning_rate * slope): that is descent, which "
                      "finds a minimum. To climb P, step with it: x + learning_rate * slope(x).",
                      lambda slope, x0, rate, steps: _descent(slope, x0, rate, steps)),
        Misconception("The path should start with x0 itself, then one position per step: steps + 1 in all.",
                      lambda slope, x0, rate, steps: derivatives.gradient_ascent(slope, x0, rate, steps)[1:]),
        Misconception("Return the whole path (every position), not only the last one.",
                      lambda slope, x0, rate, steps: derivatives.gradient_ascent(slope, x0, rate, steps)[-1]),
    ]
    return check_function(answer, derivatives.gradient_ascent, cases, misconceptions)


def _descent(slope, x0, learning_rate, steps):
    """The sign slip: gradient descent where ascent was asked (x - rate * slope)."""
    return derivatives.gradient_ascent(lambda at: -slope(at), x0, learning_rate, steps)


@register
def largest_stable_learning_rate(answer):
    """Q8: the learning rate at and beyond which ascent on P no longer converges."""
    misconceptions = [
        Misconception("0.25 is the fastest rate (1 - 4η = 0: one step lands on 3). Rates above it still "
                      "converge, oscillating, while |1 - 4η| < 1.", 0.25),
        Misconception("Write the step as x_new - 3 = (1 - 4η)(x - 3): the distance to 3 shrinks while "
                      "|1 - 4η| < 1, so η must stay below 2/4.", 1),
    ]
    return check_value(answer, 0.5, misconceptions)


# --- Questions 9-12: derivative rules, diff and lambdify, the second-derivative test (curriculum A) ----

INNER = 3 * x**2 + 1


@register
def chain_rule_derivative(answer):
    """Q9: d/dx (3x² + 1)^5, written by hand with the chain rule (any equivalent form)."""
    misconceptions = [
        Misconception("You differentiated the outside only: the chain rule multiplies by the derivative of the "
                      "inside, d/dx (3x² + 1) = 6x.", 5 * INNER**4),
        Misconception("The power rule lowers the exponent by one: the outer derivative of (·)^5 is 5(·)^4, "
                      "not 5(·)^5.", 30 * x * INNER**5),
        Misconception("The 5 of the power rule is missing: the outer derivative of (·)^5 is 5(·)^4.",
                      6 * x * INNER**4),
        Misconception("You applied the outer power to the inner derivative, 5(6x)^4. The chain rule evaluates "
                      "the outer derivative at the inside itself, 5(3x² + 1)^4, then multiplies by 6x.",
                      5 * (6 * x) ** 4),
    ]
    return check_value(answer, sympy.diff(INNER**5, x), misconceptions)


G = x**2 * sympy.exp(-x)


def _g_derivative(values):
    """g'(x) = (2x - x²) e^(-x), as floats, for numbers and arrays alike."""
    values = np.asarray(values, dtype=float)
    return (2 * values - values**2) * np.exp(-values)


@register
def lambdified_derivative(answer):
    """Q10: a Python function of x computing g'(x) for g(x) = x² e^(-x), for numbers and NumPy arrays."""
    cases = [
        Case((np.array([-1.0, 0.0, 0.5, 2.0, 3.5]),), "x = np.array([-1.0, 0.0, 0.5, 2.0, 3.5])"),
        Case((1.0,), "x = 1.0"),
        Case((np.array([[0.25, 4.0], [-2.0, 10.0]]),), "x = np.array([[0.25, 4.0], [-2.0, 10.0]])"),
        Case((3,), "x = 3 (an int)"),
    ]
    misconceptions = [
        Misconception("That is g itself, x² e^(-x). Differentiate first: `sp.lambdify(x, sp.diff(g, x))`.",
                      lambda values: np.asarray(values, dtype=float) ** 2 * np.exp(-np.asarray(values, dtype=float))),
        Misconception("Product rule: (uv)' = u'v + uv'. You kept only u'v = 2x e^(-x); add x² times the "
                      "derivative of e^(-x), which is -e^(-x).",
                      lambda values: 2 * np.asarray(values, dtype=float) * np.exp(-np.asarray(values, dtype=float))),
        Misconception("The derivative of e^(-x) is -e^(-x) (chain rule: the inner -x gives a factor -1), so "
                      "g'(x) = (2x - x²) e^(-x), not (2x + x²) e^(-x).",
                      lambda values: (2 * np.asarray(values, dtype=float) + np.asarray(values, dtype=float) ** 2)
                      * np.exp(-np.asarray(values, dtype=float))),
    ]
    return check_function(answer, _g_derivative, cases, misconceptions)


Q = x**3 - 3 * x


@register
def second_derivative_of_q(answer):
    """Q11: q''(x) for q(x) = x³ - 3x, a SymPy expression in x."""
    misconceptions = [
        Misconception("That is the first derivative q'(x) = 3x² - 3; differentiate once more "
                      "(`sp.diff(q, x, 2)`).", sympy.diff(Q, x)),
        Misconception("That is q itself; differentiate it twice.", Q),
        Misconception("The derivative of 3x² is 6x (bring the 2 down), not 3x.", 3 * x),
    ]
    return check_value(answer, sympy.diff(Q, x, 2), misconceptions)


@register
def kind_of_critical_point(answer):
    """Q12: what q has at x = -1 by the second-derivative test: "maximum", "minimum" or "neither"."""
    if isinstance(answer, str):
        answer = answer.strip().lower()
    misconceptions = [
        Misconception("q''(-1) = 6·(-1) = -6 < 0: the curve bends down there, like P's, so it is a maximum. "
                      "A minimum needs q'' > 0 (at x = 1).", "minimum"),
        Misconception("The test decides: q'(-1) = 0 and q''(-1) = -6 < 0, so x = -1 is a maximum. Only "
                      "q'' = 0 leaves the test undecided.", "neither"),
        Misconception("Give the kind of point as a word, \"maximum\", \"minimum\" or \"neither\", not the value "
                      "of q'' there.", -6),
    ]
    return check_value(answer, "maximum", misconceptions)
