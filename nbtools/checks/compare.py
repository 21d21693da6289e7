"""Compare a learner's answer with the expected one, and say the first thing that is wrong.

Every function here returns ``None`` when the answer is right and a short sentence when it is not. The
order of the questions follows how a person explains a difference (as PrairieLearn does for arrays):
first the kind of object, then its shape, then its dtype, and only then its values. A learner who
returned a list where an array was wanted hears about the list, not about a thousand wrong numbers.
"""

import numbers
import random

import numpy as np
import sympy

from ..learner_code import quiet_numerics

RELATIVE_TOLERANCE = 1e-7
ABSOLUTE_TOLERANCE = 1e-9
DEFAULT_DIGITS = 7  # what RELATIVE_TOLERANCE asks for, in significant digits


def close_enough(received, expected, digits=None):
    """Entry by entry: does ``received`` agree with ``expected`` (NaN with NaN)?

    ``digits=None``: within a relative tolerance of 1e-7 (and an absolute 1e-9 near 0). ``digits=k``: within
    half a unit in the k-th significant digit of the expected value, as rounding both to k digits would
    agree (0.331 and 0.3306 agree to 3 digits, 0.33 does not). A question that asks for a number worked out
    by hand from printed values says how many digits it wants, and its check passes ``digits``.
    """
    received, expected = np.asarray(received, dtype=float), np.asarray(expected, dtype=float)
    if digits is None:
        return np.isclose(received, expected, rtol=RELATIVE_TOLERANCE, atol=ABSOLUTE_TOLERANCE, equal_nan=True)
    finite_and_nonzero = np.isfinite(expected) & (expected != 0)  # an infinity is matched only by itself
    magnitude = np.floor(np.log10(np.where(finite_and_nonzero, np.abs(expected), 1.0)))
    half_unit = 0.5 * 10.0 ** (magnitude - digits + 1) * (1 + 1e-9)
    with np.errstate(invalid="ignore"):  # inf - inf for an infinite answer: not near, and no warning
        near = np.isfinite(expected) & (np.abs(received - expected) <= half_unit)
    return (received == expected) | near | (np.isnan(received) & np.isnan(expected))


def digits_agreeing(received, expected):
    """How many significant digits two numbers share when both are rounded to that many (0 to 17)."""
    if not (np.isfinite(received) and np.isfinite(expected)) or np.sign(received) != np.sign(expected):
        return 0
    agreeing = 0
    for digits in range(1, 18):
        if f"{received:.{digits - 1}e}" != f"{expected:.{digits - 1}e}":
            break
        agreeing = digits
    return agreeing


def describe_pair(expected, received):
    """``describe`` of both numbers, with as many more digits as it takes for unequal ones to look unequal."""
    shown = describe(expected), describe(received)
    if shown[0] != shown[1] or not all(isinstance(v, numbers.Real) for v in (expected, received)):
        return shown
    for digits in range(7, 18):
        shown = f"{float(expected):.{digits}g}", f"{float(received):.{digits}g}"
        if shown[0] != shown[1]:
            break
    return shown


def compare(received, expected, digits=None):
    """Return ``None`` if ``received`` matches ``expected``, otherwise what is wrong, in words.

    The kind of ``expected`` decides how to compare: a SymPy expression by symbolic equivalence, a
    NumPy array entry by entry, a truth value as True or False, a number to ``digits`` significant
    digits (``None``: a relative tolerance of 1e-7), anything else by ``==``. It runs quietly: comparing
    with NaN or infinities (say inf - inf) must not print a NumPy warning under the check.
    """
    with quiet_numerics():
        return _compare_by_kind(received, expected, digits)


def _compare_by_kind(received, expected, digits):
    """``compare`` itself, choosing the comparison by the kind of ``expected``."""
    if received is None:
        return "Your answer is None. Did you forget a `return` (or to assign the answer)?"
    if isinstance(expected, (bool, np.bool_)):
        return compare_truth_values(received, expected)
    if isinstance(expected, sympy.Basic):
        return compare_expressions(received, expected)
    if isinstance(expected, np.ndarray):
        return compare_arrays(received, expected, digits)
    if isinstance(expected, numbers.Number):
        return compare_numbers(received, expected, digits)
    if isinstance(expected, (list, tuple)):
        return compare_sequences(received, expected, digits)
    if received != expected:
        return "Your answer is not the expected one."
    return None


def describe(value):
    """A short, readable form of a value for a message: six significant digits, arrays abbreviated."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return f"{float(value):.6g}"
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=6, threshold=20, separator=", ")
    if isinstance(value, str):
        return repr(value) if len(value) <= 200 else f"{value[:200]!r}… ({len(value):,} characters)"
    if isinstance(value, (list, tuple)):
        shown = ", ".join(describe(item) for item in value[:10])
        more = ", ..." if len(value) > 10 else ""
        return f"[{shown}{more}]" if isinstance(value, list) else f"({shown}{more})"
    return str(value)


def compare_numbers(received, expected, digits=None):
    """Compare a single number to ``digits`` significant digits, naming a wrong type, NaN or infinity before
    a wrong value, and saying so when the value is right to fewer digits than the check needs.

    NaN matches NaN (as in ``compare_arrays``), so an answer of NaN can match a misconception whose wrong value is NaN.
    """
    problem = why_not_a_number(received)
    if problem:
        return problem
    try:
        received = float(np.asarray(received).item() if isinstance(received, np.ndarray) else received)
    except OverflowError:
        return "Your value is far too large: it does not even fit in a float."
    if np.isnan(received):
        if np.isnan(expected):  # as arrays match NaN in the same places; a misconception's wrong value may be NaN
            return None
        return "Your answer is NaN (not a number): somewhere a 0/0, inf - inf or log of a negative happened."
    if np.isinf(received) and not np.isinf(expected):
        return "Your answer is infinite: a division by zero, or a value that overflowed."
    if close_enough(received, expected, digits):
        return None
    size = "large" if received > expected else "small"
    agreeing = digits_agreeing(received, float(expected))
    if agreeing >= 3:
        return (f"Your value is slightly too {size}: it agrees with the answer to {agreeing} significant digits, "
                f"and this check needs {digits or DEFAULT_DIGITS}. If you rounded it or copied a printed value, "
                "use the full computed value instead.")
    return f"Your value is too {size}."


def compare_truth_values(received, expected):
    """Compare True or False. Python counts True as 1, but a learner who answers 1 should hear that a
    truth value was asked for, not that they are right."""
    if isinstance(received, np.ndarray) and received.dtype == bool and received.size == 1:
        received = received.item()  # e.g. np.all(...) on a one-element array, or np.array(True)
    if isinstance(received, str):
        return f"Your answer is the text {received!r}; give True or False without quotes."
    if not isinstance(received, (bool, np.bool_)):
        kind = "a number" if isinstance(received, numbers.Number) else _a(type(received).__name__)
        return (f"Your answer is {describe(received)}, {kind}; a truth value (True or False) was expected, "
                "e.g. the result of a comparison such as `a >= b`.")
    if bool(received) != bool(expected):
        return "Your answer is not the expected truth value."
    return None


def compare_sequences(received, expected, digits=None):
    """Compare a list or tuple element by element (e.g. a gradient per layer), naming the first wrong element."""
    if not isinstance(received, (list, tuple)):
        return f"Your answer is {_a(type(received).__name__)}; a {type(expected).__name__} of {_elements(len(expected))} was expected."
    if len(received) != len(expected):
        return f"Your {type(received).__name__} has {_elements(len(received))}; expected {len(expected)}."
    for index, (mine, theirs) in enumerate(zip(received, expected)):
        problem = compare(mine, theirs, digits)
        if problem and problem.startswith("Element ["):  # a nested sequence: one full index, "Element [1][0]: ..."
            return f"Element [{index}]{problem.removeprefix('Element ')}"
        if problem:
            return f"Element [{index}]: {problem}"
    return None


def why_not_a_number(received):
    """Say why ``received`` cannot stand for a single real number, or return ``None`` if it can.

    Checks that take a number but judge it their own way (not by ``compare``) call this first, so a
    learner hears about a text, a list, a truth value or a leftover symbol before anything else.
    """
    if isinstance(received, bool):
        return f"Your answer is {received}, a truth value; a number was expected."
    if isinstance(received, str):
        return f"Your answer is the text {received!r}; give the number itself, without quotes."
    if isinstance(received, sympy.Basic):
        if received.free_symbols:
            names = ", ".join(sorted(str(s) for s in received.free_symbols))
            return (f"Your answer is an expression in {names}; a number was expected. "
                    "Substitute a value with `.subs(...)`.")
        if not received.is_number or not received.is_real:
            return f"Your answer {received} is not a real number."
        return None
    if isinstance(received, np.ndarray) and received.size != 1:
        return f"Your answer is an array of shape {received.shape}; a single number was expected."
    if isinstance(received, (list, tuple)):
        return _one_element_hint(received) or (
            f"Your answer is a {type(received).__name__} of {_elements(len(received))}; a single number was expected.")
    if not isinstance(received, (numbers.Number, np.ndarray)):
        return f"Your answer is {_a(type(received).__name__)}; a number was expected."
    if np.iscomplexobj(received):
        return (f"Your answer {received} is a complex number; a real number was expected. "
                "A square root or power of a negative number gives one.")
    return None


def _one_element_hint(received):
    """The hint for a one-element list (``sympy.solve`` returns one for an expression), or '' for any other
    length."""
    if len(received) != 1:
        return ""
    if isinstance(received[0], sympy.Basic):
        return ("Your answer is a list with one element, as `sympy.solve` returns; "
                "take the element itself with `[0]`.")
    return "Your answer is a list with one element: give the element itself, not wrapped in a list."


def _elements(count):
    """'1 element', '2 elements'."""
    return f"{count} element{'' if count == 1 else 's'}"


def _a(noun):
    """The type name with its indefinite article, as a learner would say it: 'a list', 'an int', 'a NumPy array'."""
    if noun == "ndarray":
        return "a NumPy array"
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def compare_arrays(received, expected, digits=None):
    """Compare arrays in the order type, shape, dtype, finiteness, values (to ``digits`` significant digits)."""
    if expected.ndim == 0:
        return compare_numbers(received, expected.item(), digits)
    if isinstance(received, (list, tuple)):
        return (f"Your answer is a {type(received).__name__}; a NumPy array was expected. "
                "Wrap it with `np.array(...)`.")
    if isinstance(received, numbers.Number) or (isinstance(received, np.ndarray) and received.ndim == 0):
        return f"Your answer is a single number; an array of shape {expected.shape} was expected."
    if not isinstance(received, np.ndarray):
        return f"Your answer is {_a(type(received).__name__)}; a NumPy array of shape {expected.shape} was expected."
    if received.shape != expected.shape:
        message = f"Your array has shape {received.shape}; expected shape {expected.shape}."
        if received.ndim == 2 and received.shape == expected.shape[::-1]:
            message += " It looks transposed: check which axis is which (rows are samples)."
        return message
    problem = _dtype_problem(received.dtype, expected.dtype)
    if problem:
        return problem
    if received.dtype.kind in "fc" and not np.all(np.isfinite(received)) and np.all(np.isfinite(expected)):
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(received))[0])
        return (f"Your array contains {received[where]} at index {where}: look for a division by zero, "
                "an overflow (exp of a large number) or a log of 0.")
    agreeing = close_enough(received, expected, digits)
    if np.all(agreeing):
        return None
    return _largest_difference(received, expected, ~agreeing)


def _dtype_problem(received, expected):
    """Name a dtype that cannot hold the expected values faithfully, or return ``None``."""
    if expected.kind == "f" and received.kind == "c":
        return (f"Your array has dtype {received}, complex numbers; expected real floating point ({expected}). "
                "A square root or power of a negative number gives complex values.")
    if expected.kind == "f" and received.kind != "f":
        return (f"Your array has dtype {received}; expected floating point ({expected}). "
                "Integer arithmetic loses the fractions: start from floats, e.g. `np.zeros(n)` or `x.astype(float)`.")
    if expected.kind == "f" and received.itemsize < expected.itemsize:
        return f"Your array has dtype {received}; expected {expected} (the workbook computes in float64)."
    if expected.kind in "iu" and received.kind in "iu":
        return None  # signed or unsigned, integers hold counts alike (np.bincount gives int64, a uint8 mask uint8)
    if expected.kind in "iub" and received.kind != expected.kind:
        return f"Your array has dtype {received}; expected {expected}."
    return None


def _largest_difference(received, expected, wrong):
    """Describe how far apart two same-shaped arrays are (``wrong``: the entries that differ): how many
    entries differ and the worst one."""
    difference = np.abs(received.astype(float) - expected.astype(float))
    worst = np.unravel_index(np.argmax(np.where(wrong, np.nan_to_num(difference, nan=np.inf), -1)), expected.shape)
    index = tuple(int(i) for i in worst) if expected.ndim > 1 else int(worst[0])
    shown_expected, shown_received = describe_pair(expected[worst].item(), received[worst].item())
    return (f"{int(wrong.sum())} of {expected.size} entries differ. The largest difference is "
            f"{describe(difference[worst])} at index {index}: expected {shown_expected}, got {shown_received}.")


def compare_expressions(received, expected):
    """Compare SymPy expressions by equivalence, so every equal form passes (12 - 4*x, -4*(x - 3)).

    Symbols are matched by name, so a learner's ``Symbol('x')`` equals the checker's ``Symbol('x',
    real=True)``. A decimal counts as the fraction it writes: each Float is read as the simplest
    fraction that agrees with it to the 15 significant digits a float holds, so ``0.5*x`` equals
    ``x/2`` and ``exp(x/3.0)`` equals ``exp(x/3)``, but ``0.333*x`` is not ``x/3`` (and no decimal
    stands for an irrational such as ``sqrt(2)``). What is wrong is judged on the simplified answer,
    so ``x + sin(y)**2 + cos(y)**2 - 1`` passes for ``x``. Without revealing the answer, the message
    says what kind of difference it is.
    """
    if isinstance(received, (list, tuple)) and _one_element_hint(received):
        return _one_element_hint(received)
    if isinstance(received, str):
        return f"Your answer is the text {received!r}; build a SymPy expression from symbols instead."
    try:
        received = sympy.sympify(received, strict=True)
    except (sympy.SympifyError, TypeError):
        return f"Your answer is {_a(type(received).__name__)}; a SymPy expression was expected."
    if not isinstance(received, sympy.Expr):
        return f"Your answer is a SymPy {type(received).__name__}; an expression was expected (not an equation or a set)."
    received = _rename_symbols_like(received, expected)
    if equivalent_expressions(_exact(received), _exact(expected)):
        return None
    difference = sympy.simplify(_exact(received) - _exact(expected))
    if difference == 0:
        return None
    simplified = sympy.simplify(received)
    extra = simplified.free_symbols - expected.free_symbols
    if extra:
        names = ", ".join(sorted(str(s) for s in extra))
        wanted = ", ".join(sorted(str(s) for s in expected.free_symbols)) or "no variable"
        return f"Your expression uses {names}, but the answer depends on {wanted}. Check the variable."
    if expected.free_symbols and not simplified.free_symbols:
        wanted = ", ".join(sorted(str(s) for s in expected.free_symbols))
        number = describe(float(simplified)) if simplified.is_Float else simplified
        return (f"Your answer is the number {number}; an expression in {wanted} was expected. "
                "Did you substitute a value too early?")
    if sympy.simplify(_exact(received) + _exact(expected)) == 0:
        return "Your expression has the opposite sign of the answer."
    if not difference.free_symbols:
        return f"Your expression differs from the answer by the constant {difference}."
    return f"Your expression {received} is not equivalent to the answer."


EVALUATION_POINTS = 24  # random points at which two expressions are compared numerically
EVALUATION_DIGITS = 30


def equivalent_expressions(received, expected):
    """True when two SymPy expressions are equal, as far as numbers (and, failing them, SymPy) can tell.

    ``simplify`` alone misses equal forms such as ``1/(4*cosh(u/2)**2)`` for ``exp(-u)/(1 + exp(-u))**2``.
    So, as symbolic graders do (PrairieLearn's among them), both are evaluated at random real points with
    30 significant digits, skipping points where either is not a finite real number (a pole, a log of a
    negative): a wrong expression differs almost everywhere, so one disagreeing point settles it at once,
    and agreement at every one of at least half the points means equivalent. Where too few points can be
    evaluated, the difference rewritten in exponentials and simplified decides.
    """
    symbols = sorted(received.free_symbols | expected.free_symbols, key=str)
    rng = random.Random(0)
    agreeing = 0
    for _ in range(EVALUATION_POINTS):
        point = {symbol: sympy.Float(_random_value(rng, symbol), EVALUATION_DIGITS) for symbol in symbols}
        try:
            mine, theirs = (complex(e.evalf(EVALUATION_DIGITS, subs=point)) for e in (received, expected))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            continue
        if not all(np.isfinite(v) and abs(v.imag) <= 1e-20 * max(1.0, abs(v)) for v in (mine, theirs)):
            continue
        if abs(mine - theirs) > 1e-12 * max(1.0, abs(theirs)):
            return False
        agreeing += 1
    if agreeing >= EVALUATION_POINTS // 2:
        return True
    try:
        return sympy.simplify((received - expected).rewrite(sympy.exp)) == 0
    except (TypeError, ValueError, AttributeError):
        return False


def _random_value(rng, symbol):
    """A random real value the symbol's assumptions allow (positive symbols get positive values)."""
    value = rng.uniform(0.1, 3.0)
    if symbol.is_positive or symbol.is_nonnegative or rng.random() < 0.5:
        return value
    return -value


def _exact(expression):
    """``expression`` with each Float replaced by the simplest fraction equal to it to 15 significant digits."""
    return sympy.nsimplify(expression, rational=True) if expression.has(sympy.Float) else expression


def _rename_symbols_like(received, expected):
    """Replace symbols in ``received`` by the symbols of ``expected`` that carry the same name."""
    by_name = {str(symbol): symbol for symbol in expected.free_symbols}
    return received.xreplace({s: by_name[str(s)] for s in received.free_symbols if str(s) in by_name})
