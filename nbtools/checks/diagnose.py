"""Recognise the shape of a mistake that no check listed: the answer is the expected one negated, transposed,
scaled, shifted, rounded, reordered, one element short...

A check's misconceptions name the mistakes known for its question. Many wrong answers in any question share a
few shapes, and each shape has a likely cause a learner can act on: a factor of 2 is a forgotten or extra 1/2,
a factor of the batch size is a sum where a mean was due, a path one element short lost its starting point.
``diagnose(received, expected, args)`` tries them in turn and returns the first sentence that fits, or ''.
It never states the expected value itself, and never raises: an answer it cannot read gets no diagnosis.
"""

import numbers

import numpy as np
import sympy

from .compare import ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE, compare, digits_agreeing


def diagnose(received, expected, args=()):
    """A sentence naming the shape of the mistake when ``received`` is a recognisable transformation of
    ``expected`` (``args``: the inputs of a function check, to name a factor such as the batch size), else ''."""
    try:
        return _diagnose(received, expected, args)
    except Exception:  # noqa: BLE001  an answer of a kind no shape fits (its own methods may raise) gets none
        return ""


def _diagnose(received, expected, args):
    """``diagnose`` itself."""
    if isinstance(expected, (list, tuple)) and isinstance(received, (list, tuple)):
        return _first_element_diagnosis(received, expected, args)
    if isinstance(expected, sympy.Expr):
        return _expression_diagnosis(received, expected)
    if isinstance(expected, (bool, np.bool_)) or not _is_numeric(expected) or not _is_numeric(received):
        return ""
    received, expected = np.asarray(received, dtype=float), np.asarray(expected, dtype=float)
    if not (np.all(np.isfinite(received)) and np.all(np.isfinite(expected))) or _close(received, expected):
        return ""  # not a number, or the right values (the problem is then the type or dtype, said elsewhere)
    for shape_of_mistake in (_other_axis, _one_element_off, _transposed, _reordered, _scaled, _shifted, _rounded):
        sentence = shape_of_mistake(received, expected, args)
        if sentence:
            return sentence
    return ""


def _is_numeric(value):
    return isinstance(value, (numbers.Number, np.ndarray, np.generic)) and not isinstance(value, (bool, np.bool_)) \
        and np.asarray(value).dtype.kind in "iuf"


def _close(a, b):
    return a.shape == b.shape and np.allclose(a, b, rtol=RELATIVE_TOLERANCE, atol=ABSOLUTE_TOLERANCE)


def _first_element_diagnosis(received, expected, args):
    """Diagnose the first element of a list or tuple that differs, naming which element it is."""
    if len(received) != len(expected):
        return ""
    for index, (mine, theirs) in enumerate(zip(received, expected)):
        if compare(mine, theirs) is not None:
            sentence = diagnose(mine, theirs, args)
            return f"In element [{index}]: {sentence[0].lower()}{sentence[1:]}" if sentence else ""
    return ""


def _expression_diagnosis(received, expected):
    """A SymPy answer that is a constant multiple of the expected expression (the opposite sign is named elsewhere)."""
    try:
        ratio = sympy.simplify(sympy.sympify(received) / expected)
    except (sympy.SympifyError, TypeError, ZeroDivisionError):
        return ""
    if ratio.free_symbols or not ratio.is_number or ratio in (0, 1, -1) or not ratio.is_finite:
        return ""
    return (f"Your expression is {ratio} times the answer: look for a constant factor that is missing or extra "
            "(a coefficient, a power's exponent brought down, a 1/2 or a 1/n).")


def _other_axis(received, expected, args):
    """The right kind of reduction, done over the other axis of a 2-D input (the shape shows it)."""
    if received.shape == expected.shape:
        return ""
    for array in _arrays(args):
        if array.ndim == 2 and array.shape[0] != array.shape[1] and expected.ndim == 1 and received.ndim == 1 \
                and {received.shape[0], expected.shape[0]} == set(array.shape):
            return (f"Your result has one entry per {'row' if received.shape[0] == array.shape[0] else 'column'} "
                    f"of the input of shape {array.shape}; the answer has one per "
                    f"{'row' if expected.shape[0] == array.shape[0] else 'column'}: you reduced along the other axis.")
    return ""


def _one_element_off(received, expected, args):
    """A sequence one element short or long at either end (a path without its starting point)."""
    if received.ndim != 1 or expected.ndim != 1 or abs(received.size - expected.size) != 1:
        return ""
    if received.size < expected.size:
        if _close(received, expected[1:]):
            return "Your array is missing the first element: keep the starting value at the front."
        if _close(received, expected[:-1]):
            return "Your array is missing the last element: the loop stops one step too early."
    else:
        if _close(received[1:], expected):
            return "Your array has one element too many at the front."
        if _close(received[:-1], expected):
            return "Your array has one element too many at the end: the loop runs one step too long."
    return ""


def _transposed(received, expected, args):
    if expected.ndim == 2 and expected.shape[0] == expected.shape[1] and not _close(expected, expected.T) \
            and _close(received, expected.T):
        return ("Your matrix is the transpose of the answer: rows and columns are swapped "
                "(rows are samples, or W[j, k] connects unit j to unit k).")
    return ""


def _reordered(received, expected, args):
    """The right values in reverse or in another order."""
    if expected.ndim == 0 or expected.size < 2 or received.shape != expected.shape or _close(received, expected):
        return ""
    if _close(received, expected[::-1]) and not _close(expected, expected[::-1]):
        return "Your values are right but in reverse order."
    if _close(np.sort(received, axis=None), np.sort(expected, axis=None)):
        return "Your values are the right ones but in another order: check the order of the loop or of the axes."
    return ""


def _scaled(received, expected, args):
    """Every entry the same multiple of the expected one; named when the factor has a likely cause."""
    if received.shape != expected.shape or not np.any(np.abs(expected) > ABSOLUTE_TOLERANCE):
        return ""
    nonzero = np.abs(expected) > ABSOLUTE_TOLERANCE
    if not _close(received[~nonzero], np.zeros_like(received[~nonzero])):
        return ""
    ratio = float(np.median(received[nonzero] / expected[nonzero]))
    if not _close(received, ratio * expected) or np.isclose(ratio, 1.0) or np.isclose(ratio, 0.0):
        return ""
    return _factor_sentence(ratio, args, whole_array=expected.ndim > 0)


def _factor_sentence(ratio, args, whole_array):
    """The likely cause of a constant factor ``ratio`` between the answer and the expected value.

    For one number, only a factor with a likely cause is named: any wrong number is some multiple of the
    answer, and naming that multiple would give the answer away.
    """
    yours = "Your values are" if whole_array else "Your value is"
    if np.isclose(ratio, -1.0):
        return f"{yours} the answer with the opposite sign: check the order of a subtraction, or a lost minus sign."
    if np.isclose(ratio, 100.0):
        return f"{yours} 100 times the answer: a percentage? Give the fraction (0.97, not 97)."
    if np.isclose(ratio, 0.01):
        return f"{yours} a hundredth of the answer: give the percentage as the question asks, or check a factor of 100."
    for name, size in _sizes(args):
        if size > 2 and np.isclose(ratio, size):
            return (f"{yours} {size} times the answer, the {name}: a sum where a mean was due? "
                    "Divide by it (or use np.mean).")
        if size > 2 and np.isclose(ratio, 1 / size):
            return (f"{yours} 1/{size} of the answer, 1 over the {name}: a mean where a sum was due, "
                    "or a division by it once too often.")
    for factor, words in ((2.0, "twice"), (0.5, "half"), (-2.0, "-2 times"), (-0.5, "-1/2 times")):
        if np.isclose(ratio, factor):
            return f"{yours} {words} the answer: look for a factor of 2 or 1/2 that is missing or extra."
    return f"{yours} the answer times {ratio:.4g}: a constant factor is missing or extra." if whole_array else ""


def _shifted(received, expected, args):
    """Every entry off by the same constant: for arrays only (for one number this would give the answer away)."""
    if expected.ndim == 0 or expected.size < 2 or received.shape != expected.shape:
        return ""
    shift = float(np.median(received - expected))
    if _close(expected + shift, expected) or not _close(received, expected + shift):
        return ""
    return (f"Every one of your values is the answer plus the same constant {shift:.4g}: "
            "a term added or left out once (a bias, a shift, a +1).")


def _rounded(received, expected, args):
    """Values rounded to k decimals (they are round themselves, not a wrong formula's values that happen to
    lie near the rounded answer), or computed in float32 (about 7 significant digits)."""
    if received.shape != expected.shape:
        return ""
    for decimals in range(0, 9):
        if decimals == 0 and np.all(np.abs(expected) < 1):
            continue  # to 0 decimals every value would be 0 or ±1: a wrong value, not a rounded one
        is_round = np.allclose(received, np.round(received, decimals), rtol=1e-12, atol=1e-12)  # not by chance
        if is_round and _close(received, np.round(expected, decimals)) \
                and not _close(expected, np.round(expected, decimals)):
            return (f"Your values are the answer rounded to {decimals} decimals: keep the full precision of the "
                    "computed values (do not round, and do not copy printed numbers).")
    if received.ndim == 0:
        agreeing = digits_agreeing(float(received), float(expected))
        if agreeing >= 3:
            return (f"Your value is right to {agreeing} significant digits: compute it with full precision "
                    "(float64, not a rounded or printed value).")
    elif np.allclose(received, expected.astype(np.float32), rtol=1e-6, atol=1e-30):
        return "Your values are right to about 7 digits, as float32 gives: compute in float64."
    return ""


def _arrays(args):
    return [np.asarray(a) for a in args or () if isinstance(a, np.ndarray)]


def _sizes(args):
    """(name, size) of the dimensions of the inputs that a factor may come from: samples first, then classes."""
    sizes = []
    for array in _arrays(args):
        if array.ndim >= 1:
            sizes.append(("number of samples (the batch size)", array.shape[0]))
        if array.ndim == 2:
            sizes.append(("number of columns (classes or units)", array.shape[1]))
    return sizes
