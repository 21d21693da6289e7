"""Auto-graded exercise checks.

In a notebook::

    from nbtools import check
    check.difference_quotient(difference_quotient)   # or: check("difference_quotient", difference_quotient)

``check`` knows every exercise's checks (one module per exercise notebook registers them with
``@register``). Tab completion on ``check.`` lists them; ``check.settings`` holds the time limit.
"""

import difflib

import traceback

from .engine import CheckResult, KernelLost, describe_exception, is_learner_frame, settings

_CHECKS = {}


def register(function):
    """Make ``function(answer) -> CheckResult`` available as ``check.<its name>``. Names are unique."""
    if function.__name__ in _CHECKS:
        raise ValueError(f"two checks are named {function.__name__!r}: rename one")
    _CHECKS[function.__name__] = function
    return function


class Checks:
    """The ``check`` object: look a check up by name and run it without ever raising."""

    settings = settings

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
        return result

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


check = Checks()

# Importing each exercise's module registers its checks.
from . import derivatives, networks, losses, softmax, backprop, descent, learning_loop, autograd  # noqa: E402,F401  (exercises 01-08)
