"""The check engine: run a learner's answer on cases, safely, and return one readable verdict.

A check never raises into the learner's notebook. Whatever the answer does (raise, loop forever,
return NaN or the wrong shape, change its inputs in place) becomes a sentence in a ``CheckResult``.

Two kinds of checks cover the exercises:

* ``check_function`` calls a learner's function on a list of ``Case`` inputs and compares each
  output with a reference function's output;
* ``check_value`` compares a learner's value (a number, an array, a SymPy expression) with the
  expected one.

Both accept ``Misconception`` objects: a known wrong answer paired with a hint that names the
mistake. When the learner's wrong answer matches a misconception, the hint names it.
"""

import copy
import inspect
import signal
import sysconfig
import threading
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .compare import compare, describe, quiet_numerics

NOT_ATTEMPTED = "not attempted yet"


@dataclass
class Settings:
    """Knobs a learner or instructor may turn, e.g. ``check.settings.time_limit_seconds = 10``."""

    time_limit_seconds: float = 3.0


settings = Settings()


@dataclass(frozen=True)
class Case:
    """One input to a learner's function: positional ``args`` and how to show them (``label``)."""

    args: tuple
    label: str


@dataclass(frozen=True)
class Misconception:
    """A known mistake: ``wrong`` is the answer it produces (a value, or a function for function
    checks) and ``hint`` names the mistake in the learner's words."""

    hint: str
    wrong: object


@dataclass
class CheckResult:
    """The verdict of one check: what grading code reads and what the notebook shows.

    ``status`` is "passed", "failed" or "not attempted yet"; ``messages`` holds every line shown.
    For a failure, ``case``, ``expected``, ``received``, ``problem`` and ``hint`` describe the first
    failing case (any of them may be empty).
    """

    name: str
    status: str
    passed: int
    total: int
    problem: str = ""
    case: str = ""
    expected: str = ""
    received: str = ""
    hint: str = ""

    @property
    def messages(self):
        """The verdict as plain lines of text, headline first."""
        lines = [self.headline()]
        for label, text in [("Input", self.case), ("Expected", self.expected), ("Received", self.received),
                            ("Problem", self.problem), ("Hint", self.hint)]:
            if text:
                lines.append(f"{label}: {text}")
        return lines

    def headline(self):
        """One line: the check's name and how it went."""
        if self.status == NOT_ATTEMPTED:
            return f"… {self.name}: {NOT_ATTEMPTED}."
        if self.total == 1:
            return f"✔ {self.name}: correct." if self.ok else f"✘ {self.name}: not yet right."
        if self.ok:
            return f"✔ {self.name}: passed all {self.total} cases."
        return f"✘ {self.name}: {self.passed} of {self.total} cases passed."

    @property
    def ok(self):
        """True when every case passed."""
        return self.status == "passed"

    def __str__(self):
        return "\n".join(self.messages)

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def _repr_html_(self):
        from .render import result_to_html

        return result_to_html(self)


class AnswerProblem(Exception):
    """Raised inside the engine when the learner's code cannot produce a value to compare.

    ``not_attempted``: the untouched template. ``fatal``: every further case would fail the same way
    (not a function, wrong parameters, too slow), so the check stops instead of repeating it.
    """

    def __init__(self, message, not_attempted=False, fatal=False):
        super().__init__(message)
        self.not_attempted = not_attempted
        self.fatal = fatal


class _TimeUp(BaseException):
    """Raised by the alarm; a BaseException so that a learner's ``except Exception`` cannot swallow it."""


@contextmanager
def time_limit(seconds):
    """Interrupt the block with ``_TimeUp`` after ``seconds`` (POSIX main thread only).

    Where there is no SIGALRM (Windows) or the check runs off the main thread, the block runs
    without a limit rather than failing.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def call_safely(function, args, parameter_names=None):
    """Call a learner's ``function(*args)`` and return its value, or raise ``AnswerProblem``.

    Turns every misbehaviour into a sentence: the template's ``NotImplementedError``, a wrong number
    of parameters, any other exception (with the learner's own line), running past the time limit,
    and changing an input in place.
    """
    if not callable(function):
        if function is Ellipsis:
            raise AnswerProblem(NOT_ATTEMPTED, not_attempted=True)
        raise AnswerProblem(f"Your answer is a {type(function).__name__}; a function was expected.", fatal=True)
    _check_signature(function, len(args), parameter_names)
    snapshots = copy.deepcopy(args)
    seconds = settings.time_limit_seconds
    try:
        with time_limit(seconds), quiet_numerics():
            value = function(*args)
    except NotImplementedError as error:
        if _raised_by_learner(error):
            raise AnswerProblem(NOT_ATTEMPTED, not_attempted=True) from None
        raise AnswerProblem(describe_exception(error)) from None
    except _TimeUp:
        raise AnswerProblem(f"Your function was still running after {seconds:g} seconds and was stopped. "
                            "Look for a loop whose condition never becomes false.", fatal=True) from None
    except Exception as error:  # the learner's code may raise anything; we explain it instead
        raise AnswerProblem(describe_exception(error)) from None
    _check_inputs_unchanged(function, args, snapshots)
    return value


def _check_signature(function, count, parameter_names):
    """Complain clearly when the function cannot take ``count`` positional arguments."""
    try:
        inspect.signature(function).bind(*range(count))
    except TypeError:
        wanted = f" ({', '.join(parameter_names)})" if parameter_names else ""
        name = getattr(function, "__name__", type(function).__name__)
        raise AnswerProblem(f"Your function should take {count} arguments{wanted}; "
                            f"yours is defined as {name}{inspect.signature(function)}.", fatal=True) from None
    except ValueError:  # builtins without a signature: let the call itself decide
        pass


def _check_inputs_unchanged(function, args, snapshots):
    """Raise ``AnswerProblem`` if the call changed one of its (mutable) arguments in place."""
    names = _parameter_names(function, len(args))
    for name, before, after in zip(names, snapshots, args):
        if not _same(before, after):
            raise AnswerProblem(f"Your function changed its input `{name}` in place. Work on a copy "
                                "(`x = x.copy()`) or build a new array (`x = x + 1` instead of `x += 1`).")


def _parameter_names(function, count):
    """The names the function gives its first ``count`` parameters (or arg1, arg2, ...)."""
    try:
        names = list(inspect.signature(function).parameters)
    except ValueError:
        names = []
    return [names[i] if i < len(names) else f"arg{i + 1}" for i in range(count)]


def _same(before, after):
    """True when ``after`` still equals the snapshot ``before`` (arrays by value, NaNs equal)."""
    if isinstance(before, np.ndarray):
        return (isinstance(after, np.ndarray) and before.shape == after.shape
                and np.array_equal(before, after, equal_nan=before.dtype.kind in "fc"))
    if isinstance(before, (list, tuple)):
        return len(before) == len(after) and all(_same(b, a) for b, a in zip(before, after))
    if isinstance(before, dict):
        return before.keys() == after.keys() and all(_same(before[k], after[k]) for k in before)
    return True  # numbers, strings, functions and SymPy expressions cannot change in place


def describe_exception(error):
    """Name an exception and the learner's own line that raised it, without a traceback wall."""
    frame = _learner_frame(traceback.extract_tb(error.__traceback__))
    where = ""
    if frame is not None:
        where = f" at line {frame.lineno} of `{frame.name}`"
        if frame.line:
            where += f": `{frame.line.strip()}`"
    return f"Your code raised {type(error).__name__}{where}: {error}"


_NOT_LEARNER_CODE = [Path(__file__).resolve().parents[1]] + [
    Path(sysconfig.get_paths()[key]).resolve() for key in ("stdlib", "purelib", "platlib")]


def _raised_by_learner(error):
    """True when the innermost frame of the traceback is the learner's code (a template's ``raise``),
    not a library that does not implement something."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and _learner_frame(frames[-1:]) is not None


def _learner_frame(frames):
    """The innermost frame that belongs to the learner (not to nbtools, the stdlib or a library)."""
    for frame in reversed(frames):
        path = Path(frame.filename).resolve()
        if not any(path.is_relative_to(folder) for folder in _NOT_LEARNER_CODE):
            return frame
    return None


def check_function(answer, reference, cases, misconceptions=()):
    """Run ``answer`` and ``reference`` on every case; pass when all outputs match.

    The verdict reports the first failing case with its input, the expected and received values,
    what is wrong, and (when the learner's output matches one) the misconception's hint.
    """
    parameter_names = _parameter_names(reference, len(cases[0].args))
    passed = 0
    first_failure = None
    for case in cases:
        with quiet_numerics():
            expected = reference(*copy.deepcopy(case.args))
        try:
            received = call_safely(answer, copy.deepcopy(case.args), parameter_names)
        except AnswerProblem as problem:
            if problem.not_attempted:
                return CheckResult("", NOT_ATTEMPTED, 0, len(cases),
                                   hint="Replace `raise NotImplementedError` with your code, then run this cell again.")
            first_failure = first_failure or dict(case=case.label, problem=str(problem))
            if problem.fatal:
                break
            continue
        message = compare(received, expected)
        if message is None:
            passed += 1
        elif first_failure is None:
            first_failure = dict(case=case.label, expected=describe(expected), received=describe(received),
                                 problem=message, hint=_matching_hint(received, misconceptions, case.args))
    return _verdict(passed, len(cases), first_failure)


def check_value(answer, expected, misconceptions=()):
    """Compare one value (number, array or SymPy expression) with ``expected``.

    The expected value is never shown, so a check does not give the answer away; the problem
    sentence and the misconception hints say what kind of mistake it is.
    """
    if answer is Ellipsis:
        return CheckResult("", NOT_ATTEMPTED, 0, 1, hint="Replace the `...` with your answer, then run this cell again.")
    message = compare(answer, expected)
    if message is None:
        return _verdict(1, 1, None)
    return _verdict(0, 1, dict(received=describe(answer), problem=message,
                               hint=_matching_hint(answer, misconceptions)))


def _matching_hint(received, misconceptions, args=None):
    """The hint of the first misconception whose wrong answer equals ``received``, else ''.

    Runs quietly: computing a wrong answer (say inf - inf) must not print a warning under the check.
    """
    for misconception in misconceptions:
        wrong = misconception.wrong
        try:
            if args is not None and callable(wrong):
                with quiet_numerics():
                    wrong = wrong(*copy.deepcopy(args))
            if compare(received, wrong) is None:
                return misconception.hint
        except Exception:  # a misconception that fails on this case, or cannot be compared, does not match
            continue
    return ""


def _verdict(passed, total, failure):
    """Build the result: passed when every case passed, else failed with the first failure's details."""
    if failure is None and passed == total:
        return CheckResult("", "passed", passed, total)
    return CheckResult("", "failed", passed, total, **failure)
