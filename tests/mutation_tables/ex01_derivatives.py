"""Mutation table of exercise 1 (derivatives): wrong answers a learner may write, and right ones in other forms."""

import math

import numpy as np
import sympy as sp

from mutations import EXAMPLE_ONLY, IGNORES_INPUT, MISCONCEPTION, UNSAFE, Right, Wrong

x, h = sp.symbols("x h")
P = -2 * x**2 + 12 * x - 10


def profit(value):
    return -2 * value**2 + 12 * value - 10


def quotient_loop(f, x, h):
    points = [f(x), f(x + h)]
    return (points[1] - points[0]) / h


def ascent_list(slope, x0, learning_rate, steps):
    path = [x0]
    for _ in range(steps):
        path.append(path[-1] + learning_rate * slope(path[-1]))
    return np.array(path, dtype=float)


def ascent_preallocated(slope, x0, learning_rate, steps):
    path = np.empty(steps + 1)
    path[0] = x0
    for i in range(steps):
        path[i + 1] = path[i] + learning_rate * slope(path[i])
    return path


def ascent_recursive(slope, x0, learning_rate, steps):
    if steps == 0:
        return np.array([float(x0)])
    return np.concatenate([[x0], ascent_recursive(slope, x0 + learning_rate * slope(x0), learning_rate, steps - 1)])


def ascent_fixed_rate(slope, x0, learning_rate, steps):
    path = [float(x0)]
    for _ in range(steps):
        path.append(path[-1] + 0.1 * slope(path[-1]))
    return np.array(path)


def ascent_five_steps(slope, x0, learning_rate, steps):
    path = [float(x0)]
    for _ in range(5):
        path.append(path[-1] + learning_rate * slope(path[-1]))
    return np.array(path)


def ascent_profit_only(slope, x0, learning_rate, steps):
    path = [float(x0)]
    for _ in range(steps):
        path.append(path[-1] + learning_rate * (-4 * path[-1] + 12))
    return np.array(path)


def ascent_descending(slope, x0, learning_rate, steps):
    path = [float(x0)]
    for _ in range(steps):
        path.append(path[-1] - learning_rate * slope(path[-1]))
    return np.array(path)


def ascent_without_start(slope, x0, learning_rate, steps):
    path, position = [], float(x0)
    for _ in range(steps):
        position = position + learning_rate * slope(position)
        path.append(position)
    return np.array(path)


TABLE = {
    "difference_quotient": ([
        Wrong("backward difference", lambda f, x, h: (f(x) - f(x - h)) / h, (MISCONCEPTION,),
              hint="That is the backward difference"),
        Wrong("central difference", lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h), (MISCONCEPTION,),
              hint="That is the central difference"),
        Wrong("wrong order", lambda f, x, h: (f(x) - f(x + h)) / h, (MISCONCEPTION,),
              hint="You subtracted in the wrong order"),
        Wrong("no division", lambda f, x, h: f(x + h) - f(x), (MISCONCEPTION,), hint="You forgot to divide by h"),
        Wrong("only for P", lambda f, x, h: (profit(x + h) - profit(x)) / h, (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("a fixed step h = 0.001", lambda f, x, h: (f(x + 0.001) - f(x)) / 0.001, (IGNORES_INPUT,)),
        Wrong("the derivative of P, not a quotient", lambda f, x, h: -4 * x + 12, (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("divided by |h|, wrong for negative h", lambda f, x, h: (f(x + h) - f(x)) / abs(h), (UNSAFE,)),
    ], [
        Right("the formula", lambda f, x, h: (f(x + h) - f(x)) / h),
        Right("rise and run named", lambda f, x, h: (lambda rise, run: rise / run)(f(x + h) - f(x), h)),
        Right("a list of the two values", quotient_loop),
        Right("multiplying by 1/h", lambda f, x, h: (f(x + h) - f(x)) * (1 / h)),
    ]),
    "quotient_of_P": ([
        Wrong("the limit instead of the quotient", -4 * x + 12, (MISCONCEPTION,),
              hint="That is the limit of the quotient"),
        Wrong("the difference, not divided", sp.expand(P.subs(x, x + h) - P), (MISCONCEPTION,),
              hint="divide it by h"),
        Wrong("missing parentheses", P.subs(x, x + h) - P / h, (MISCONCEPTION,),
              hint="put parentheses around the difference"),
        Wrong("sign of 2h", -4 * x + 2 * h + 12, ()),
        Wrong("the quotient at x = 2 only", 4 - 2 * h, (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("h squared term kept wrongly", -4 * x - 2 * h**2 + 12, ()),
    ], [
        Right("expanded", -4 * x - 2 * h + 12),
        Right("unsimplified", (P.subs(x, x + h) - P) / h),
        Right("factored", -2 * (2 * x + h - 6)),
        Right("simplified", sp.simplify((P.subs(x, x + h) - P) / h)),
    ]),
    "derivative_of_P": ([
        Wrong("the quotient still", -4 * x - 2 * h + 12, (MISCONCEPTION,), hint="still the difference quotient"),
        Wrong("P itself", P, (MISCONCEPTION,), hint="This is P itself"),
        Wrong("power rule without the 2", -2 * x + 12, (MISCONCEPTION,), hint="not -2x"),
        Wrong("dropped the constant 12", -4 * x, ()),
        Wrong("the number at the maximum", sp.Integer(0), (EXAMPLE_ONLY,)),
        Wrong("a float coefficient rounded", -4 * x + 12.0001, (UNSAFE,)),
    ], [
        Right("diff", sp.diff(P, x)),
        Right("the limit", sp.limit((P.subs(x, x + h) - P) / h, h, 0)),
        Right("factored", -4 * (x - 3)),
        Right("floats", -4.0 * x + 12.0),
    ]),
    "critical_point": ([
        Wrong("the profit there", 8, (MISCONCEPTION,), hint="8 is the profit P(3)"),
        Wrong("sign slip", -3, (MISCONCEPTION,), hint="Check the sign"),
        Wrong("the whole list from solve", [3], ()),
        Wrong("12/4 read as 4/12", 1 / 3, ()),
        Wrong("where P = 0, not P'", 1, ()),
        Wrong("a rough guess", 3.1, (UNSAFE,)),
    ], [
        Right("an int", 3), Right("a float", 3.0), Right("a SymPy integer", sp.Integer(3)),
        Right("a NumPy number", np.float64(3)),
    ]),
    "maximum_profit": ([
        Wrong("where, not how much", 3, (MISCONCEPTION,), hint="3 is where the maximum is"),
        Wrong("P' at the maximum", 0, (MISCONCEPTION,), hint="not P' (which is 0 there)"),
        Wrong("P(3) without the -10", 18, ()),
        Wrong("sign slip in -2x²", 44, ()),
        Wrong("P at x = 12 (question 6's x)", profit(12), (EXAMPLE_ONLY,)),
        Wrong("rounded", 8.01, (UNSAFE,)),
    ], [
        Right("an int", 8), Right("SymPy", P.subs(x, 3)), Right("a float", 8.0), Right("NumPy", np.int64(8)),
    ]),
    "slope_at_12": ([
        Wrong("sign slip", 36, (MISCONCEPTION,), hint="A negative slope means"),
        Wrong("the profit at 12", profit(12), (MISCONCEPTION,), hint="That is the profit P(12)"),
        Wrong("the slope at 3", 0, (EXAMPLE_ONLY,)),
        Wrong("-2x derivative", -12, ()),
        Wrong("without the 12", -48, ()),
    ], [
        Right("an int", -36), Right("SymPy", sp.diff(P, x).subs(x, 12)), Right("a float", -36.0),
    ]),
    "gradient_ascent": ([
        Wrong("descent", ascent_descending, (MISCONCEPTION,), hint="that is descent"),
        Wrong("no start", ascent_without_start, (MISCONCEPTION,), hint="The path should start with x0 itself"),
        Wrong("the last position only", lambda s, x0, r, n: ascent_list(s, x0, r, n)[-1], (MISCONCEPTION,),
              hint="not only the last one"),
        Wrong("a fixed learning rate 0.1", ascent_fixed_rate, (IGNORES_INPUT, EXAMPLE_ONLY)),
        Wrong("always five steps", ascent_five_steps, (IGNORES_INPUT, EXAMPLE_ONLY)),
        Wrong("P' hard-coded", ascent_profit_only, (IGNORES_INPUT, EXAMPLE_ONLY)),
    ], [
        Right("a list, converted", ascent_list),
        Right("preallocated", ascent_preallocated),
        Right("recursive", ascent_recursive),
    ]),
    "largest_stable_learning_rate": ([
        Wrong("the fastest rate", 0.25, (MISCONCEPTION,), hint="0.25 is the fastest rate"),
        Wrong("|1 - 4η| < 1 read as η < 1", 1, (MISCONCEPTION,), hint="so η must stay below 2/4"),
        Wrong("the curvature itself", 4, ()),
        Wrong("1/4 of the curvature", 0.0625, ()),
        Wrong("an experiment's last converging rate", 0.49, (UNSAFE,)),
    ], [
        Right("a float", 0.5), Right("a fraction", sp.Rational(1, 2)), Right("2/4", 2 / 4),
        Right("from math", math.ldexp(1, -1)),
    ]),
    "chain_rule_derivative": ([
        Wrong("outside only", 5 * (3 * x**2 + 1) ** 4, (MISCONCEPTION,), hint="You differentiated the outside only"),
        Wrong("exponent kept", 30 * x * (3 * x**2 + 1) ** 5, (MISCONCEPTION,), hint="lowers the exponent by one"),
        Wrong("no 5", 6 * x * (3 * x**2 + 1) ** 4, (MISCONCEPTION,), hint="The 5 of the power rule is missing"),
        Wrong("power of the inner derivative", 5 * (6 * x) ** 4, (MISCONCEPTION,), hint="outer power to the inner"),
        Wrong("inner derivative 6 (forgot the x)", 30 * (3 * x**2 + 1) ** 4, ()),
        Wrong("value at x = 1 only", sp.Integer(7680), (EXAMPLE_ONLY, IGNORES_INPUT)),
    ], [
        Right("factored", 30 * x * (3 * x**2 + 1) ** 4), Right("diff", sp.diff((3 * x**2 + 1) ** 5, x)),
        Right("expanded", sp.expand(30 * x * (3 * x**2 + 1) ** 4)), Right("as written", 5 * (3 * x**2 + 1) ** 4 * 6 * x),
    ]),
    "lambdified_derivative": ([
        Wrong("g itself", sp.lambdify(x, x**2 * sp.exp(-x)), (MISCONCEPTION,), hint="That is g itself"),
        Wrong("half the product rule", sp.lambdify(x, 2 * x * sp.exp(-x)), (MISCONCEPTION,), hint="You kept only u'v"),
        Wrong("sign of e^(-x)'", sp.lambdify(x, (2 * x + x**2) * sp.exp(-x)), (MISCONCEPTION,),
              hint="not (2x + x²) e^(-x)"),
        Wrong("math.exp: numbers only", lambda v: (2 * v - v**2) * math.exp(-v), (EXAMPLE_ONLY,)),
        Wrong("a finite difference", lambda v: ((v + 1e-4) ** 2 * np.exp(-v - 1e-4) - v**2 * np.exp(-v)) / 1e-4,
              (UNSAFE,)),
        Wrong("ignores x: g'(1)", lambda v: np.full(np.shape(v), np.exp(-1.0)), (IGNORES_INPUT,)),
    ], [
        Right("lambdify numpy", sp.lambdify(x, sp.diff(x**2 * sp.exp(-x), x), "numpy")),
        Right("lambdify default", sp.lambdify(x, sp.diff(x**2 * sp.exp(-x), x))),
        Right("by hand in NumPy", lambda v: (2 * v - v**2) * np.exp(-v)),
        Right("x(2 - x)e^-x", lambda v: v * (2 - v) / np.exp(v)),
    ]),
    "second_derivative_of_q": ([
        Wrong("first derivative", 3 * x**2 - 3, (MISCONCEPTION,), hint="That is the first derivative"),
        Wrong("q itself", x**3 - 3 * x, (MISCONCEPTION,), hint="That is q itself"),
        Wrong("3x", 3 * x, (MISCONCEPTION,), hint="not 3x"),
        Wrong("value at -1 only", sp.Integer(-6), (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("third derivative", sp.Integer(6), ()),
        Wrong("sign slip", -6 * x, ()),
    ], [Right("6x", 6 * x), Right("diff twice", sp.diff(sp.diff(x**3 - 3 * x, x), x)), Right("float", 6.0 * x)]),
    "kind_of_critical_point": ([
        Wrong("minimum", "minimum", (MISCONCEPTION,), hint="so it is a maximum"),
        Wrong("neither", "neither", (MISCONCEPTION,), hint="leaves the test undecided"),
        Wrong("the value of q''", -6, (MISCONCEPTION,), hint="not the value of q''"),
        Wrong("P's answer reused: a boolean", True, ()),
        Wrong("the point itself", -1, (EXAMPLE_ONLY,)),
        Wrong("abbreviated", "max", ()),
    ], [Right("lower case", "maximum"), Right("capitalised", "Maximum"), Right("with spaces", " maximum ")]),
}
