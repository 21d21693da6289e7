"""Calling a learner's code safely: what every check and the grader's kernel do before comparing anything.

``call_safely`` calls a learner's function and turns every misbehaviour into an ``AnswerProblem``, a sentence
for the learner: the template's ``NotImplementedError``, a wrong number of parameters, an exception (named with
the learner's own line, ``describe_exception``), running past ``settings.time_limit_seconds`` (``time_limit``),
an ``exit()``, changing an input in place.

It needs NumPy and nothing of the checks: the grading kernel (``nbtools.grading.runner``) calls the learner's
functions through it without importing SymPy or a single check (0.6 s less for every submission graded).
The check engine (``nbtools.checks.engine``) builds its verdicts on it.
"""

import copy
import inspect
import numbers
import signal
import sys
import sysconfig
import threading
import traceback
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

NOT_ATTEMPTED = "not attempted yet"
# What a learner who sees "not attempted yet" may have done: written the answer but not run its cell.
TEMPLATE_FUNCTION_HINT = ("Your function still raises the template's `NotImplementedError`. Write your code in its "
                          "place; if you already have, run the answer cell first (Shift+Enter), then this check.")
TEMPLATE_VALUE_HINT = ("Your answer is still the template's `...`. Write your answer in its place; if you already "
                       "have, run the answer cell first (Shift+Enter), then this check.")
@dataclass
class Settings:
    """Knobs a learner or instructor may turn, e.g. ``check.settings.time_limit_seconds = 10``."""

    time_limit_seconds: float = 3.0


settings = Settings()


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


REPEAT_SECONDS = 0.05  # once the time is up, the alarm repeats this often until the block has ended


@contextmanager
def time_limit(seconds):
    """Interrupt the block with ``_TimeUp`` after ``seconds`` (POSIX main thread only).

    A bare ``except:`` in a learner's loop can swallow one ``_TimeUp``. So the alarm repeats, and from its
    second ring on it also traces every frame on the stack, raising ``_TimeUp`` at each line they run: even
    the line inside the ``except:`` raises, and the exception climbs out of every handler in turn. Where
    there is no SIGALRM (Windows) or the check runs off the main thread, the block runs without a limit
    rather than failing.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    rings = 0
    previous_trace = sys.gettrace()

    def raise_time_up(frame, event, argument):
        if event == "line":
            raise _TimeUp
        return raise_time_up

    def stop(signum, frame):
        nonlocal rings
        rings += 1
        if rings > 1:
            sys.settrace(raise_time_up)
            while frame is not None:
                frame.f_trace = raise_time_up
                frame = frame.f_back
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if rings > 1:
            sys.settrace(previous_trace)
            _untrace(sys._getframe())


def _untrace(frame):
    """Remove the time limit's tracer from ``frame`` and every frame that called it."""
    while frame is not None:
        frame.f_trace = None
        frame = frame.f_back


class RemoteFunction:
    """A learner's function that lives in another process: the sandboxed kernel ``nbtools grade`` runs.

    ``call_safely`` hands a call of it over to that process, where the same ``call_safely`` runs it; what
    comes back is its value, as plain data, or the ``AnswerProblem`` the call raised there (see
    ``nbtools.grading.judge``).
    """

    def call_safely(self, args, parameter_names):
        raise NotImplementedError


class KernelLost(BaseException):
    """The process a ``RemoteFunction`` lives in crashed (or, ``stuck``, stopped answering). Grading deals with it
    (it restarts the kernel), not the check: a BaseException, so that no check's ``except Exception`` takes it."""

    def __init__(self, message, stuck=False):
        super().__init__(message)
        self.stuck = stuck


def call_safely(function, args, parameter_names=None):
    """Call a learner's ``function(*args)`` and return its value, or raise ``AnswerProblem``.

    Turns every misbehaviour into a sentence: the template's ``NotImplementedError``, a wrong number
    of parameters, any other exception (with the learner's own line), running past the time limit,
    and changing an input in place.
    """
    if isinstance(function, RemoteFunction):
        return function.call_safely(args, parameter_names)
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
        if raised_by_learner(error):
            raise AnswerProblem(NOT_ATTEMPTED, not_attempted=True) from None
        raise AnswerProblem(describe_exception(error)) from None
    except _TimeUp:
        raise AnswerProblem(f"Your function was still running after {seconds:g} seconds and was stopped. "
                            "Look for a loop whose condition never becomes false.", fatal=True) from None
    except KeyboardInterrupt:
        raise AnswerProblem("Your function was interrupted (the stop button, or Ctrl-C) before it returned.",
                            fatal=True) from None
    except (SystemExit, GeneratorExit) as error:
        raise AnswerProblem(f"Your code called {_exit_call(error)}, which would end the program: a function "
                            "should `return` its value instead.", fatal=True) from None
    except BaseException as error:  # noqa: BLE001  the learner's code may raise anything; we explain it instead
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
                                "(`x = x.copy()`; for a list `sorted(x)`, not `x.sort()`) or build a new array "
                                "(`x = x + 1` instead of `x += 1`).")


def _parameter_names(function, count):
    """The names the function gives its first ``count`` parameters (or arg1, arg2, ...)."""
    try:
        names = list(inspect.signature(function).parameters)
    except ValueError:
        names = []
    return [names[i] if i < len(names) else f"arg{i + 1}" for i in range(count)]


def _same(before, after, inside=False):
    """True when ``after`` still equals the snapshot ``before`` (arrays by value, NaNs equal). A number or a
    string cannot change in place, but one inside a list or a dict can be replaced (``runs.sort()``,
    ``history["loss"][0] = 0``): there they are compared by value too."""
    if isinstance(before, np.ndarray):
        return (isinstance(after, np.ndarray) and before.shape == after.shape
                and np.array_equal(before, after, equal_nan=before.dtype.kind in "fc"))
    if isinstance(before, (list, tuple)):
        return len(before) == len(after) and all(_same(b, a, True) for b, a in zip(before, after))
    if isinstance(before, dict):
        return before.keys() == after.keys() and all(_same(before[k], after[k], True) for k in before)
    if inside and isinstance(before, (numbers.Number, str, bytes)):
        return type(before) is type(after) and (before == after or before != before and after != after)
    return True  # functions, generators and SymPy expressions: a deep copy is another object, not a change


def _exit_call(error):
    """How the learner's code asked to end the program, as they wrote it."""
    if isinstance(error, SystemExit):
        return f"`sys.exit({error.code!r})` (or `exit()`, or `raise SystemExit`)" if error.code is not None \
            else "`sys.exit()` (or `exit()`, or `raise SystemExit`)"
    return f"`raise {type(error).__name__}`"


def describe_exception(error):
    """Name an exception and the learner's own line that raised it, without a traceback wall."""
    frame = _learner_frame(traceback.extract_tb(error.__traceback__))
    where = ""
    if frame is not None:
        where = f" at line {frame.lineno} of `{frame.name}`"
        if frame.line:
            where += f": `{frame.line.strip()}`"
    return f"Your code raised {type(error).__name__}{where}: {error}"


_NOT_LEARNER_CODE = [Path(__file__).resolve().parent] + [
    Path(sysconfig.get_paths()[key]).resolve() for key in ("stdlib", "purelib", "platlib")]


def raised_by_learner(error):
    """True when the innermost frame of the traceback is the learner's code (a template's ``raise``),
    not a library that does not implement something."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and is_learner_frame(frames[-1])


def is_learner_frame(frame):
    """True when a traceback frame's file belongs to the learner (not to nbtools, the stdlib or a library)."""
    path = Path(frame.filename).resolve()
    return not any(path.is_relative_to(folder) for folder in _NOT_LEARNER_CODE)


def _learner_frame(frames):
    """The innermost frame that belongs to the learner, or ``None``."""
    return next((frame for frame in reversed(frames) if is_learner_frame(frame)), None)


@contextmanager
def quiet_numerics():
    """Silence NumPy's and Python's warnings: the check names NaN and infinity in its own words."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield
