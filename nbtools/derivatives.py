"""Lesson 1's building blocks: the profit function, the difference quotient, the derivative as a
limit, and gradient ascent. Written as the lesson derives them; later lessons import them from here.
"""

import numpy as np
import sympy


def profit(x):
    """P(x) = -2x^2 + 12x - 10: the profit from selling x units. Works on numbers, arrays and SymPy symbols."""
    return -2 * x**2 + 12 * x - 10


def profit_slope(x):
    """P'(x) = -4x + 12, the derivative of ``profit`` (derived in lesson 1)."""
    return -4 * x + 12


def difference_quotient(f, x, h):
    """The slope of the secant of ``f`` through x and x + h: (f(x + h) - f(x)) / h."""
    return (f(x + h) - f(x)) / h


def derivative_by_limit(expression, x):
    """The derivative of a SymPy ``expression`` in ``x`` from the definition: the limit of the
    difference quotient as h goes to 0."""
    h = sympy.Symbol("h")
    quotient = (expression.subs(x, x + h) - expression) / h
    return sympy.limit(sympy.simplify(quotient), h, 0)


def gradient_ascent(slope, x0, learning_rate, steps):
    """Climb a function by stepping along its derivative ``slope``: x <- x + learning_rate * slope(x).

    Returns the path as a float64 array of ``steps + 1`` positions, starting with ``x0``.
    """
    positions = [float(x0)]
    for _ in range(steps):
        x = positions[-1]
        positions.append(x + learning_rate * slope(x))
    return np.array(positions)
