"""Every check against its mutation table (``tests/mutation_tables/``): each plausible wrong answer fails (with the
hint that names its mistake, where the table says which), each correct answer in another form passes, and every
registered check has a table of at least ``MINIMUM_WRONG`` wrong and ``MINIMUM_RIGHT`` right answers."""

import importlib
import pkgutil

import pytest

import mutation_tables
import nbtools.checks
from mutations import MINIMUM_RIGHT, MINIMUM_WRONG, judged
from misconceptions import assert_passes

TABLES = {}
for _module in pkgutil.iter_modules(mutation_tables.__path__):
    for _name, _entry in importlib.import_module(f"mutation_tables.{_module.name}").TABLE.items():
        assert _name not in TABLES, f"two tables for {_name}"
        TABLES[_name] = _entry

WRONG = [pytest.param(name, wrong, id=f"{name}: {wrong.why}") for name, (wrongs, _) in TABLES.items() for wrong in wrongs]
RIGHT = [pytest.param(name, right, id=f"{name}: {right.why}") for name, (_, rights) in TABLES.items() for right in rights]
HINT_GOAL = 0.6  # issue 15, 3b: at least 60% of plausible wrong answers get a hint that names the mistake


@pytest.mark.parametrize("name, wrong", WRONG)
def test_wrong_answer_fails(name, wrong):
    result = judged(name, wrong.answer)
    assert result.status == "failed", f"{wrong.why}: {result}"
    assert wrong.hint in result.hint, f"{wrong.why}: expected a hint with {wrong.hint!r}\n{result}"
    result._repr_html_()  # the card renders


IN_PLACE = [entry for entry in WRONG if "in place" in entry.values[1].why or "the caller's" in entry.values[1].why]


@pytest.mark.parametrize("name, wrong", IN_PLACE)
def test_an_answer_that_changes_its_inputs_in_place_is_told_so(name, wrong):
    """The curriculum's misconception "changing the caller's arrays": the engine names it in the problem."""
    result = judged(name, wrong.answer)
    assert "in place" in result.problem, f"{wrong.why}: {result}"


@pytest.mark.parametrize("name, right", RIGHT)
def test_right_answer_passes(name, right):
    assert_passes(name, right.answer, judge=judged)


@pytest.mark.parametrize("name", sorted(nbtools.checks._CHECKS))
def test_every_check_has_a_full_table(name):
    if name not in TABLES:
        pytest.fail(f"{name} has no mutation table")
    wrongs, rights = TABLES[name]
    assert len(wrongs) >= MINIMUM_WRONG, f"{name}: {len(wrongs)} wrong answers, at least {MINIMUM_WRONG} needed"
    assert len(rights) >= MINIMUM_RIGHT, f"{name}: {len(rights)} right answers, at least {MINIMUM_RIGHT} needed"


def test_most_wrong_answers_get_a_hint():
    """The engine names the mistake (a misconception or a diagnosed shape of mistake) for most wrong answers."""
    hinted = [bool(judged(name, wrong.answer).hint) for name, (wrongs, _) in TABLES.items() for wrong in wrongs]
    assert hinted and sum(hinted) / len(hinted) >= HINT_GOAL, f"{sum(hinted)} of {len(hinted)} wrong answers get a hint"
