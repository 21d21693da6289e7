"""Self-study beyond the check cards (issue 11, section 2): help in steps after an attempt (``check.hint``,
``check.solution``), read from the instructor sources, and progress over every exercise (``check.progress()``,
``nbtools progress``), graded by ``nbtools grade``'s engine from the learner's saved notebooks."""

from pathlib import Path

import nbformat
import pytest

from nbtools import solutions
from nbtools.checks import Checks, Help
from nbtools.cli import main
from nbtools.notebooks import answer_questions, learner_copy_path
from nbtools.progress import Report, describe, measure, page
from workbooks import half_done_workbook

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "instructor").glob("0[1-7]_*.ipynb"))
WRONG_ORDER = lambda f, x, h: (f(x) - f(x + h)) / h  # noqa: E731  (a typical wrong answer to question 1)


# Help in steps ----------------------------------------------------------------------------------------

def test_help_waits_for_an_attempt_then_gives_one_step_more_each_time_then_the_solution():
    check = Checks()
    for ask in (check.hint, check.solution):
        assert "First try `difference_quotient` yourself" in repr(ask("difference_quotient"))
    check.difference_quotient(...)  # the untouched template is not an attempt
    assert "First try" in repr(check.hint("difference_quotient"))
    assert not check.difference_quotient(WRONG_ORDER).ok

    steps = solutions.find_solution("difference_quotient").steps
    shown = [repr(check.hint("difference_quotient")) for _ in range(len(steps) + 1)]
    assert shown[0].startswith(f"**Step 1 of {len(steps)}** towards `difference_quotient`")
    assert f"1. {steps[0]}" in shown[0] and "return" not in shown[0]  # words, not the code
    assert 'check.solution("difference_quotient")' in shown[-1] and shown[-1] == shown[-2]

    worked = check.solution("difference_quotient")
    assert isinstance(worked, Help) and worked._repr_markdown_() == repr(worked)
    assert "from `instructor/01_derivatives.ipynb`" in repr(worked)
    assert "```python\ndef difference_quotient(f, x, h):\n    # A secant's slope" in repr(worked)
    assert "    return (f(x + h) - f(x)) / h\n```" in repr(worked) and "SOLUTION" not in repr(worked)


def test_a_right_answer_is_an_attempt_too_and_unknown_names_get_a_suggestion():
    check = Checks()
    assert check.critical_point(3).ok
    assert "critical_x = sp.solve" in repr(check.solution("critical_point"))
    assert repr(check.hint("critical_pont")) == "There is no check called `critical_pont`. Did you mean `critical_point`?"


def test_help_says_where_solutions_come_from_when_there_are_none(tmp_path, monkeypatch):
    check = Checks()
    check.critical_point(4)
    monkeypatch.setattr(solutions, "instructor_folder", lambda: None)
    assert "which this copy of the workbook does not have" in repr(check.solution("critical_point"))
    monkeypatch.setattr(solutions, "instructor_folder", lambda: tmp_path)  # an empty folder
    assert repr(check.hint("critical_point")) == f"No instructor source in {tmp_path} has a solution for `critical_point`."


@pytest.mark.parametrize("source", SOURCES, ids=[source.stem for source in SOURCES])
def test_every_solution_says_why_and_no_learner_copy_does(source):
    """Every answer cell's solution has why-comments (the steps); releasing drops them with the solution."""
    notebook = nbformat.read(source, as_version=4)
    learner = nbformat.read(learner_copy_path(source), as_version=4)
    learner_text = "\n".join(cell.source for cell in learner.cells)
    for index, question in answer_questions(notebook).items():
        assert solutions.find_solution(question).steps, f"{question}: its solution has no comment saying why"
        comments = [line.strip() for line in notebook.cells[index].source.split("\n")
                    if line.strip().startswith("# ") and len(line.strip()) > 20]
        assert not [comment for comment in comments if comment in learner_text], question


# Progress ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    """A workbook with exercise 1 half done: question 1 right, question 2 wrong, the rest untouched."""
    return half_done_workbook(tmp_path_factory.mktemp("workbook"))


@pytest.fixture(scope="module")
def measured(workbook):
    return measure(workbook)


def test_progress_grades_the_saved_notebook_without_hidden_tests(measured):
    [exercise] = measured
    assert exercise.title == "Exercise 1: derivatives" and len(exercise.questions) == 12
    assert list(exercise.questions)[:3] == ["difference_quotient", "quotient_of_P", "derivative_of_P"]
    assert exercise.questions["difference_quotient"] == "passed"  # its hidden tests would not change that
    assert exercise.questions["quotient_of_P"] == "failed"
    assert set(list(exercise.questions.values())[2:]) == {"not attempted yet"}
    assert exercise.summary() == "1 of 12 passed, 1 failed, 10 not attempted yet"


def test_progress_is_a_picture_with_its_text_alternative_and_a_table(measured):
    text = describe(measured)
    assert text.endswith("Exercise 1: derivatives: 1 of 12 passed, 1 failed, 10 not attempted yet.")
    fragment = Report(measured)._repr_html_()
    assert '<img src="data:image/png;base64,' in fragment and f'alt="{text}"' in fragment
    assert '<td title="difference_quotient: passed"' in fragment and "Nothing is sent anywhere" in fragment
    assert repr(Report(measured)).startswith("Exercise 1: derivatives: 1 of 12 passed, 1 failed")
    assert page(measured).startswith("<!DOCTYPE html>") and "<script" not in page(measured)


def test_nbtools_progress_prints_the_table_and_writes_the_page(workbook, tmp_path, capsys):
    out = tmp_path / "progress.html"
    assert main(["progress", "--root", str(workbook), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Exercise 1: derivatives: 1 of 12 passed, 1 failed, 10 not attempted yet" in printed
    assert "1✔  2✘  3…" in printed and f"wrote {out}" in printed
    assert "Your progress" in out.read_text()
    assert main(["progress", "--root", str(tmp_path)]) == 1  # no workbook there: a clear error


def test_check_progress_in_a_notebook_finds_the_workbook_from_exercises(workbook, monkeypatch):
    monkeypatch.chdir(workbook / "exercises")  # where a notebook's kernel runs
    report = Checks().progress()
    assert isinstance(report, Report) and report.exercises[0].questions["quotient_of_P"] == "failed"
