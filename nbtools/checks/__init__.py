"""Auto-graded exercise checks.

In a notebook::

    from nbtools import check
    check.difference_quotient(difference_quotient)   # or: check("difference_quotient", difference_quotient)

``check`` knows every exercise's checks (one module per exercise notebook registers them with
``@register``). Tab completion on ``check.`` lists them; ``check.settings`` holds the time limit.

Help in steps, once a question's check has run on an answer (right or wrong): ``check.hint("name")`` shows
the next step of its solution in words (one more each time), ``check.solution("name")`` the worked solution
with why each line is there (both from the instructor source: ``nbtools.solutions``). ``check.progress()``
shows every exercise's questions passed, failed or not attempted yet, from the saved notebooks
(``nbtools.progress``). Like the checks, none of them ever raises into the notebook.
"""

import difflib

import traceback

from .engine import NOT_ATTEMPTED, CheckResult, KernelLost, describe_exception, is_learner_frame, settings

_CHECKS = {}


def register(function):
    """Make ``function(answer) -> CheckResult`` available as ``check.<its name>``. Names are unique."""
    if function.__name__ in _CHECKS:
        raise ValueError(f"two checks are named {function.__name__!r}: rename one")
    _CHECKS[function.__name__] = function
    return function


class Checks:
    """The ``check`` object: look a check up by name and run it without ever raising; help after an attempt."""

    settings = settings

    def __init__(self):
        self._attempted = set()  # questions whose check ran on an answer (not the untouched template)
        self._steps_shown = {}  # question -> how many steps of its solution check.hint has shown

    def __call__(self, name, answer):
        """Run the check called ``name`` on ``answer`` and return its ``CheckResult``."""
        if name not in _CHECKS:
            close = difflib.get_close_matches(name, _CHECKS, n=1)
            suggestion = f" Did you mean `{close[0]}`?" if close else ""
            return CheckResult(name, "failed", 0, 1, problem=f"There is no check called `{name}`.{suggestion}")
        try:
            result = _CHECKS[name](answer)
        except KernelLost:  # grading: the learner's kernel died under the check; the grader restarts it
            raise
        except BaseException as error:  # noqa: BLE001  nothing a check meets may break the learner's notebook
            if self._raised_by_answer(error):
                return CheckResult(name, "failed", 0, 1, problem=f"Your answer could not be checked. "
                                   f"{describe_exception(error)}")
            return CheckResult(name, "failed", 0, 1, problem=f"The check itself failed ({error!r}). "
                               "This is a bug in the workbook, not in your answer: please report it.")
        result.name = name
        if result.status != NOT_ATTEMPTED:
            self._attempted.add(name)
        return result

    def hint(self, name):
        """The next step of question ``name``'s solution, in words: one more step each call, after an attempt."""
        return self._help(name, self._next_step)

    def solution(self, name):
        """The worked solution of question ``name``, with why each line is there, after an attempt."""
        return self._help(name, self._worked_solution)

    def progress(self):
        """Every exercise's questions, passed, failed or not attempted yet, from your saved notebooks."""
        from ..progress import Report, measure

        try:
            return Report(measure())
        except Exception as error:  # noqa: BLE001  progress is help: it must not break the notebook
            return Help(f"Your progress could not be measured: {error}")

    def _help(self, name, show):
        """``show(solution)`` for a known, attempted question; otherwise a sentence saying what to do first."""
        from ..solutions import NoHelp, find_solution

        if name not in _CHECKS:
            return Help(self(name, None).problem)
        if name not in self._attempted:
            return Help(f"First try `{name}` yourself: write your answer, run its cell, then its check cell "
                        f"(`check.{name}(...)`). Hints and the solution are offered after an attempt.")
        try:
            return show(find_solution(name))
        except NoHelp as error:
            return Help(str(error))
        except Exception as error:  # noqa: BLE001  help must not break the notebook either
            return Help(f"Help could not be shown ({error!r}). This is a bug in the workbook: please report it.")

    def _next_step(self, solution):
        """The steps shown so far, one more than last time; after the last, a pointer to the solution."""
        steps = solution.steps
        if not steps:
            return Help(f"`{solution.question}` has no steps written out: `check.solution(\"{solution.question}\")` "
                        "shows its worked solution.")
        shown = min(self._steps_shown.get(solution.question, 0) + 1, len(steps))
        self._steps_shown[solution.question] = shown
        lines = [f"{number}. {step}" for number, step in enumerate(steps[:shown], start=1)]
        after = ("Try that, then run the check again; `check.hint(\"{0}\")` once more gives the next step."
                 if shown < len(steps) else "That was the last step: `check.solution(\"{0}\")` shows the worked "
                 "solution.").format(solution.question)
        return Help(f"**Step {shown} of {len(steps)}** towards `{solution.question}`:\n\n" + "\n".join(lines)
                    + f"\n\n{after}")

    def _worked_solution(self, solution):
        """The answer cell of the instructor source, comments included."""
        return Help(f"**Worked solution of `{solution.question}`** (from `{solution.source.parent.name}/"
                    f"{solution.source.name}`); the comments say why each line is there:\n\n"
                    f"```python\n{solution.code}\n```")

    @staticmethod
    def _raised_by_answer(error):
        """True when the check (an nbtools frame) called into the answer's own code (its ``__len__``, say),
        and that code raised."""
        frames = traceback.extract_tb(error.__traceback__)
        return len(frames) > 2 and is_learner_frame(frames[-1]) and not is_learner_frame(frames[1])

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return lambda answer: self(name, answer)

    def __dir__(self):
        return sorted(_CHECKS)

    def __repr__(self):
        return f"check: {len(_CHECKS)} checks, e.g. check.{next(iter(_CHECKS), 'name')}(answer)"


class Help:
    """A piece of help: Markdown in a notebook, plain text elsewhere."""

    def __init__(self, text):
        self.text = text

    def _repr_markdown_(self):
        return self.text

    def __repr__(self):
        return self.text


check = Checks()

# Importing each exercise's module registers its checks.
from . import derivatives, networks, losses, softmax, backprop, descent, learning_loop, autograd, pytorch, initialisation, regularisation, optimisers_past_momentum  # noqa: E402,F401  (exercises 01-12)
