"""The vocabulary of the mutation tables (``tests/mutation_tables/``): a wrong answer that must fail, and a
correct answer in another form that must pass.

A check earns trust only when its cases *separate* the right answer from the plausible wrong ones. So every
check has a table of wrong answers, written as a learner would write them (not from the check's own code), each
tagged with the kinds of mistake it stands for, and of right answers in other valid forms.
"""

from dataclasses import dataclass

# The kinds of wrong answer a table must cover (section 4 of issue 15):
UNSAFE = "numerically unsafe"      # overflows, log(0), catastrophic cancellation... on inputs the question allows
EXAMPLE_ONLY = "fits the example"  # right on the question's own example (or a hard-coded value), wrong elsewhere
IGNORES_INPUT = "ignores an input"  # never reads one of its arguments (labels, the learning rate, a shape...)
MISCONCEPTION = "misconception"     # one of shared/CURRICULUM.md's misconceptions, or another known mistake
KINDS = {UNSAFE, EXAMPLE_ONLY, IGNORES_INPUT, MISCONCEPTION}

MINIMUM_WRONG = 5
MINIMUM_RIGHT = 3


@dataclass(frozen=True)
class Wrong:
    """A plausible wrong ``answer`` (``why``: the mistake in words). It must fail; when ``hint`` is given, the
    card's hint must contain it (every ``MISCONCEPTION`` names its mistake, so it must give one)."""

    why: str
    answer: object
    kinds: tuple = ()
    hint: str = ""

    def __post_init__(self):
        unknown = set(self.kinds) - KINDS
        if unknown:
            raise ValueError(f"{self.why}: unknown kinds {sorted(unknown)}")
        if MISCONCEPTION in self.kinds and not self.hint:
            raise ValueError(f"{self.why}: a misconception must name the hint it expects")


@dataclass(frozen=True)
class Right:
    """A correct ``answer`` in another valid form (``why``: which form). It must pass."""

    why: str
    answer: object


_VERDICTS = {}


def judged(name, answer):
    """``check(name, answer)``, judged once per test run: tests/test_mutations.py's tests and the grader parity
    test judge the same rows of the same tables (the answer is kept with its verdict, so its id stays its own)."""
    from nbtools import check

    key = (name, id(answer))
    if key not in _VERDICTS:
        _VERDICTS[key] = (answer, check(name, answer))
    return _VERDICTS[key][1]
