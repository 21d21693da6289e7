"""The check engine: run a learner's answer on cases, safely, and return one readable verdict.

A check never raises into the learner's notebook. Whatever the answer does (raise, loop forever,
return NaN or the wrong shape, change its inputs in place) becomes a sentence in a ``CheckResult``.

Two kinds of checks cover the exercises:

* ``check_function`` calls a learner's function on a list of ``Case`` inputs and compares each
  output with a reference function's output;
* ``check_value`` compares a learner's value (a number, an array, a SymPy expression) with the
  expected one.

Both accept ``Misconception`` objects: a known wrong answer paired with a hint that names the
mistake. When the learner's wrong answer matches a misconception, the hint names it, and the result records
which one (``CheckResult.misconception``: its ``id``, or the kind of a diagnosed mistake), so that a class
report can count how many learners hold it.
"""

import copy
import hashlib
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass

# The checks and the grader take these from here, where the engine uses them (see nbtools.learner_code).
from ..learner_code import (NOT_ATTEMPTED, TEMPLATE_FUNCTION_HINT, TEMPLATE_VALUE_HINT, AnswerProblem,  # noqa: F401
                            KernelLost, RemoteFunction, _TimeUp, _parameter_names, call_safely, describe_exception,
                            is_learner_frame, quiet_numerics, settings, time_limit)
from .compare import compare, describe, describe_pair
from .diagnose import diagnose

MAX_MESSAGE_CHARACTERS = 1000  # every line of a card: a learner's answer may describe itself at any length


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

    @property
    def id(self):
        """A stable name for the mistake, the same in every run: the hint's first words and a short hash of the
        whole hint (``you-subtracted-in-the-wrong-order-3c1a``). Two misconceptions of a check with the same hint
        are one mistake reached two ways, and share it."""
        digest = hashlib.sha1(self.hint.encode("utf-8")).hexdigest()[:4]
        return f"{'-'.join(_words(self.hint)[:6])}-{digest}"


def _words(text):
    """The lower-case words of ``text`` (letters and digits), for ids."""
    return re.findall(r"[a-z0-9]+", text.lower())


def diagnosis_id(sentence):
    """The kind of a diagnosed mistake (``diagnose``'s sentence), as an id: the sentence's first clause with its
    numbers left out (``shape-your-values-are-the-answer-with-the-opposite-sign``), so that the same shape of
    mistake on different inputs is counted as one. '' for no diagnosis."""
    clause = re.split(r"[:;.]\s", re.sub(r"^In element \[\d+\]: ", "", sentence) + " ")[0]
    words = [word for word in _words(clause) if not word[0].isdigit()]
    return "shape-" + "-".join(words[:10]) if words else ""


@dataclass
class CheckResult:
    """The verdict of one check: what grading code reads and what the notebook shows.

    ``status`` is "passed", "failed" or "not attempted yet"; ``messages`` holds every line shown.
    For a failure, ``case``, ``expected``, ``received``, ``problem`` and ``hint`` describe the first
    failing case (any of them may be empty), and ``misconception`` names the mistake the hint is about (a
    ``Misconception.id`` or a ``diagnosis_id``; '' when none is known).
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
    misconception: str = ""

    def __post_init__(self):
        for field in ("problem", "case", "expected", "received", "hint"):
            setattr(self, field, bounded(str(getattr(self, field))))

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


def bounded(text, limit=MAX_MESSAGE_CHARACTERS):
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters not shown)"


def check_function(answer, reference, cases, misconceptions=(), digits=None):
    """Run ``answer`` and ``reference`` on every case; pass when all outputs match (to ``digits``
    significant digits; ``None``: a relative tolerance of 1e-7).

    The verdict reports the first failing case with its input, the expected and received values,
    what is wrong, and a hint: a matching misconception's, else the shape of the mistake if one fits.
    """
    parameter_names = _parameter_names(reference, len(cases[0].args))
    passed = 0
    first_failure = None
    wrong_outputs = []  # (case, received) for every case whose output was wrong
    for case in cases:
        with quiet_numerics():
            expected = reference(*copy.deepcopy(case.args))
        try:
            received = call_safely(answer, copy.deepcopy(case.args), parameter_names)
        except AnswerProblem as problem:
            if problem.not_attempted:
                return CheckResult("", NOT_ATTEMPTED, 0, len(cases), hint=TEMPLATE_FUNCTION_HINT)
            first_failure = first_failure or dict(case=case.label, problem=str(problem))
            if problem.fatal:
                break
            continue
        failure = judge(received, expected, misconceptions, case.args, digits, show_expected=True)
        if failure is None:
            passed += 1
            continue
        wrong_outputs.append((case, received))
        if first_failure is None:
            first_failure = dict(case=case.label, **failure)
    if first_failure and first_failure.get("hint"):  # a wrong output (not an error) failed first: wrong_outputs[0]
        first_failure.update(_clearest_misconception(wrong_outputs, misconceptions, digits))
    return _verdict(passed, len(cases), first_failure)


def _clearest_misconception(wrong_outputs, misconceptions, digits):
    """When several misconceptions give the first wrong output, the one that also gives the most of the other
    wrong outputs (the list's order breaks ties), as its hint and id; ``{}`` to keep the first one's.

    A case can fit two mistakes by chance (both pick the same network there): the other cases tell them apart,
    so the hint names the mistake the answer makes everywhere, not the first one listed.
    """
    (case, received), *others = wrong_outputs
    try:
        with time_limit(COMPARISON_TIME_FACTOR * settings.time_limit_seconds), shallow_recursion():
            candidates = _matching_misconceptions(received, misconceptions, case.args, digits)
            if len(candidates) < 2:
                return {}
            counts = [sum(bool(_matching_misconceptions(output, [candidate], other.args, digits))
                          for other, output in others) for candidate in candidates]
    except BaseException:  # noqa: BLE001  the answer's own methods may raise anything: keep the first hint
        return {}
    clearest = candidates[counts.index(max(counts))]
    return dict(hint=clearest.hint, misconception=clearest.id)


def check_value(answer, expected, misconceptions=(), digits=None):
    """Compare one value (number, array or SymPy expression) with ``expected``, to ``digits``
    significant digits (``None``: a relative tolerance of 1e-7).

    The expected value is never shown, so a check does not give the answer away; the problem
    sentence and the hints say what kind of mistake it is.
    """
    if answer is Ellipsis:
        return CheckResult("", NOT_ATTEMPTED, 0, 1, hint=TEMPLATE_VALUE_HINT)
    failure = judge(answer, expected, misconceptions, None, digits, show_expected=False)
    return _verdict(0 if failure else 1, 1, failure)


def judge(received, expected, misconceptions=(), args=None, digits=None, show_expected=True):
    """``None`` when ``received`` matches ``expected``, else the failure's details: problem, hint, received
    (and expected when ``show_expected``). ``args`` are a function check's inputs (``None`` for a value).

    The answer's own code may run here too (its ``__float__``, ``__eq__``, ``__len__``...), so this runs
    under the time limit and with a recursion limit the C stack can hold, and whatever the answer raises is
    blamed on the answer, not on the check.
    """
    seconds = COMPARISON_TIME_FACTOR * settings.time_limit_seconds
    try:
        with time_limit(seconds), shallow_recursion():
            problem = compare(received, expected, digits)
            if problem is None:
                return None
            matched = next(iter(_matching_misconceptions(received, misconceptions, args, digits)), None)
            hint = matched.hint if matched else diagnose(received, expected, args)
            named = dict(problem=problem, hint=hint, misconception=matched.id if matched else diagnosis_id(hint))
            if not show_expected:
                return dict(received=describe(received), **named)
            shown_expected, shown_received = describe_pair(expected, received)
            return dict(expected=shown_expected, received=shown_received, **named)
    except _TimeUp:
        return dict(problem=f"Comparing your answer with the expected one took more than {seconds:g} seconds and "
                    "was stopped: one of your answer's own methods (such as `__float__`, `__eq__` or `__len__`) "
                    "seems never to return.")
    except RecursionError:
        return dict(problem="Your answer is nested too deeply to compare (lists inside lists inside lists...): "
                    "return a NumPy array or a flat list.")
    except KeyboardInterrupt:
        return dict(problem="The check was interrupted (the stop button, or Ctrl-C) while comparing your answer.")
    except BaseException as error:  # noqa: BLE001  the answer's own methods may raise anything
        return dict(problem=f"Your answer could not be compared with the expected one. {describe_exception(error)}")


COMPARISON_TIME_FACTOR = 3  # a comparison (and its hints) may take this many times an answer's time limit:
# SymPy simplifying a wrong expression, then each misconception's, is slow but ours, not the answer's fault
COMPARISON_DEPTH = 1000  # frames a comparison may use above the check's own: well within the C stack


@contextmanager
def shallow_recursion():
    """Lower the recursion limit for the block to ``COMPARISON_DEPTH`` frames above the current depth.

    A learner who raised the limit (``sys.setrecursionlimit(10**6)``) and returned a list nested 300,000
    deep would otherwise overflow the C stack while it is compared, and the kernel would crash.
    """
    previous = sys.getrecursionlimit()
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    sys.setrecursionlimit(min(previous, depth + COMPARISON_DEPTH))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


MISCONCEPTION_DIGITS = 4  # failing an exact match, a misconception's value rounded to this many digits names it


def _matching_misconceptions(received, misconceptions, args=None, digits=None):
    """The misconceptions whose wrong answer equals ``received``, in the order they are listed.

    Equal first as the question counts equal (``digits``); failing that, to ``MISCONCEPTION_DIGITS``
    significant digits, so that a learner who rounded a wrong value still hears what the mistake is. Runs
    quietly: computing a wrong answer (say inf - inf) must not print a warning under the check.
    """
    wrongs = []
    for misconception in misconceptions:
        try:
            wrong = misconception.wrong
            if args is not None and callable(wrong):
                with quiet_numerics():
                    wrong = wrong(*copy.deepcopy(args))
            wrongs.append((misconception, wrong))
        except Exception:  # a misconception that fails on this case does not match
            continue
    matching = []
    for precision in (digits, min(digits or MISCONCEPTION_DIGITS, MISCONCEPTION_DIGITS)):
        for misconception, wrong in wrongs:
            try:
                if all(m is not misconception for m in matching) and compare(received, wrong, precision) is None:
                    matching.append(misconception)
            except Exception:  # a wrong value that cannot be compared with this answer does not match
                continue
        if matching:  # equal as the question counts equal: the looser precision is only a fallback
            return matching
    return matching


def _verdict(passed, total, failure):
    """Build the result: passed when every case passed, else failed with the first failure's details."""
    if failure is None and passed == total:
        return CheckResult("", "passed", passed, total)
    return CheckResult("", "failed", passed, total, **failure)
