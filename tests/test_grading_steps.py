"""The grading steps one at a time, without a kernel: release's new steps, reading a submission, building the
grading copy, judging a grading cell, reading its outcome, the report, and the command line's clear errors."""

import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from nbtools.cli import main
from nbtools.grading.assemble import (Assignment, GradingCell, Unreadable, assemble, defined_names, read_submission,
                                      without_check_calls)
from nbtools.grading.execute import CellRun, Limits
from nbtools.grading.grade import Outcome, StudentResult, read_outcome
from nbtools.grading.judge import judge_cell
from nbtools.grading.report import feedback_html
from nbtools.notebooks import (HIDDEN_NOTE, ReleaseError, graded_cells, release, remove_hidden_tests,
                               tag_graded_cells)

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "instructor" / "01_derivatives.ipynb"
HIDDEN_CODE = "from nbtools.checks.engine import Case, check_function\ncheck_function(f, abs, [Case((-3,), 'x = -3')])"


def hidden_cell(question="f", points=2, **settings):
    return new_code_cell(HIDDEN_CODE, metadata={"tags": ["hidden"],
                                                "nbtools": {"question": question, "points": points, **settings}})


def small_source():
    return new_notebook(cells=[
        new_markdown_cell("# Q1"),
        new_code_cell("def f(x):\n    ### BEGIN SOLUTION\n    return abs(x)\n    ### END SOLUTION"),
        new_code_cell("check.f(f)", metadata={"nbtools": {"points": 3}}),
        hidden_cell(), hidden_cell(points=1),
        new_code_cell("### BEGIN SOLUTION\nanswer = 3\n### END SOLUTION"),
        new_code_cell('check("critical_point", answer)'),
    ])


# --- release: the new steps --------------------------------------------------------------------------------

def test_graded_cells_reads_questions_roles_and_points():
    assert [(cell.index, cell.question, cell.role, cell.points) for cell in graded_cells(small_source())] == [
        (2, "f", "check", 3), (3, "f", "hidden", 2), (4, "f", "hidden", 1), (6, "critical_point", "check", 1)]


def test_a_hidden_cell_without_a_question_is_refused():
    notebook = new_notebook(cells=[new_code_cell("1", metadata={"tags": ["hidden"]})])
    with pytest.raises(ReleaseError, match=r"^cell 1: a hidden-test cell needs"):
        graded_cells(notebook)


def test_remove_hidden_tests_leaves_one_note_per_question_in_place():
    cells = remove_hidden_tests(small_source()).cells
    assert [cell.cell_type for cell in cells] == ["markdown", "code", "code", "markdown", "code", "code"]
    assert HIDDEN_NOTE in cells[3].source and cells[3].metadata["nbtools"]["role"] == "hidden-tests-note"
    assert "check_function" not in str(cells)


def test_tag_graded_cells_tags_answers_with_the_question_total_and_checks_with_their_own_points():
    cells = tag_graded_cells(small_source()).cells
    assert cells[1].metadata["nbtools"] == {"question": "f", "role": "answer", "points": 6}
    assert cells[2].metadata["nbtools"] == {"question": "f", "role": "check", "points": 3}
    assert cells[5].metadata["nbtools"] == {"question": "critical_point", "role": "answer", "points": 1}
    assert "nbtools" not in cells[0].metadata


def test_release_of_the_shipped_exercise_has_no_hidden_code_but_says_hidden_tests_exist():
    source = nbformat.read(SOURCE, as_version=4)
    learner = release(source)
    assert sum(HIDDEN_NOTE in cell.source for cell in learner.cells) == 2
    assert "check_function" not in "".join(cell.source for cell in learner.cells)
    assert release(learner) == learner


# --- reading a submission ----------------------------------------------------------------------------------

@pytest.mark.parametrize("content, reason", [
    (b"", "the file is empty"),
    (b'{"cells": [', "the file is not valid notebook JSON, perhaps cut off or edited by hand"),
    (b"[1, 2]", "the file is JSON but not a Jupyter notebook"),
    (b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": 3}]}',
     "the file is JSON but not a Jupyter notebook"),
])
def test_unreadable_files_say_why(tmp_path, content, reason):
    path = tmp_path / "alice.ipynb"
    path.write_bytes(content)
    with pytest.raises(Unreadable) as error:
        read_submission(path)
    assert str(error.value).startswith(reason)


# --- the grading copy ---------------------------------------------------------------------------------------

def test_grading_copy_keeps_the_learners_code_in_order_then_the_checks_then_the_hidden_tests():
    assignment = Assignment.from_source(small_source())
    learner = new_notebook(cells=[
        new_markdown_cell("my notes"),
        new_code_cell("answer = 3\ncheck('critical_point', answer)"),   # moved above, with its check call
        new_code_cell('print("passed")  # my edited check cell'),
        new_code_cell("def f(x):\n    return -x if x < 0 else x"),
        new_code_cell("check.f(f)"),
        new_code_cell("%time y = 1"),
    ])
    copy = assemble(learner, assignment)
    assert copy.cells == ["answer = 3\n\n", 'print("passed")  # my edited check cell\n',
                          "def f(x):\n    return -x if x < 0 else x\n", "get_ipython().run_line_magic('time', 'y = 1')\n"]
    assert copy.learner_numbers == {0: 2, 1: 3, 2: 4, 3: 6}
    # no visible check runs after the learner's code has seen a hidden test's inputs
    assert [(cell.question, cell.role) for cell in copy.grading] == [
        ("f", "check"), ("critical_point", "check"), ("f", "hidden"), ("f", "hidden")]
    assert "check_function" not in "".join(copy.cells)  # the hidden tests never enter the kernel


def test_a_notebook_defining_no_answer_is_another_assignment():
    assignment = Assignment.from_source(small_source())
    with pytest.raises(Unreadable, match=r"^this looks like another assignment: .* \(answer, f\)$"):
        assemble(new_notebook(cells=[new_code_cell("def relu(z):\n    return max(z, 0)")]), assignment)


def test_without_check_calls_keeps_the_rest_of_the_cell():
    source = "def f(x):\n    return x\ncheck.f(f)\ncheck(\n    'f', f)\nx = 1; check.f(x)\nprint(f(2))"
    assert without_check_calls(source) == "def f(x):\n    return x\n\n\n\nx = 1; check.f(x)\nprint(f(2))"
    assert without_check_calls("check.f(") == "check.f("  # a syntax error is the kernel's to report


def test_defined_names():
    assert defined_names("import numpy as np\ndef f(): pass\nclass C: pass\na = b = 1\nc: int = 2\nd += 1\n"
                         "def g():\n    hidden = 1") == {"f", "C", "a", "b", "c", "d", "g"}


# --- judging a grading cell (in the grader; here on answers held in a dict) --------------------------------------

class LocalKernel:
    """A stand-in for ``judge.Kernel`` that hands out the answers of a dict, with no kernel behind it."""

    def __init__(self, namespace):
        self.namespace, self.used_withheld = namespace, False

    def fetch(self, name):
        if name not in self.namespace:
            raise NameError(f"name {name!r} is not defined")
        return self.namespace[name]


def judge(namespace, question, source, answer_names=None):
    return judge_cell(GradingCell(question, "check", 1, source), answer_names or set(namespace), LocalKernel(namespace))


def test_judge_ignores_a_learners_check_and_names_a_missing_answer():
    always = type("AlwaysPasses", (), {"__getattr__": lambda self, name: lambda answer: "passed"})()
    judged = judge({"check": always, "critical_x": 8}, "critical_point", "check.critical_point(critical_x)")
    assert judged["status"] == "failed"
    missing = judge({}, "critical_point", "check.critical_point(critical_x)", {"critical_x"})
    assert missing["problem"].startswith("name 'critical_x' is not defined: the cell that defines it is missing")


def test_judge_takes_only_the_answers_from_the_learner():
    """A learner's ``abs = ...`` cannot replace the ``abs`` a hidden test passes as an input (and so the
    expected value the reference computes from it)."""
    def f(x):
        return 0

    assert judge({"f": f, "abs": lambda x: 0}, "f", HIDDEN_CODE, answer_names={"f"})["status"] == "failed"
    assert judge({"f": abs}, "f", HIDDEN_CODE, answer_names={"f"})["status"] == "passed"


def test_judge_reports_a_grading_cell_without_a_result():
    assert "did not produce a check result" in judge({}, "f", "x = 1")["problem"]


def test_every_verdict_carries_the_checks_name_hidden_tests_too():
    """A hidden cell calls check_function directly, whose result has no name: the verdict names its question."""
    judged = [judge({"f": abs}, "f", HIDDEN_CODE), judge({"answer": 3}, "critical_point", 'check("critical_point", answer)'),
              judge({}, "critical_point", "check.critical_point(answer)", {"answer"})]
    assert [(verdict["name"], verdict["status"]) for verdict in judged] == [
        ("f", "passed"), ("critical_point", "passed"), ("critical_point", "failed")]


def test_verdict_fields_are_bounded():
    judged = judge({"answer": "x" * 10**6}, "critical_point", "check.critical_point(answer)")
    assert judged["status"] == "failed" and len(judged["received"]) < 1100


# --- reading a grading cell's outcome --------------------------------------------------------------------------

CELL = GradingCell("f", "check", 2, "check.f(f)")


def verdict(**changes):
    return {"name": "f", "status": "passed", "passed": 3, "total": 3, "withheld": False, **changes}


@pytest.mark.parametrize("run, earned, reason", [
    (CellRun("ok", result=verdict()), 2, ""),
    (CellRun("ok", result=verdict(status="failed")), 0, ""),
    (CellRun("ok", result=verdict(status="not attempted yet")), 0, ""),
    (CellRun("ok", result=verdict(status="failed", withheld=True)), 0,
     "the answer calls nbtools' own version of it, which is withheld while grading"),
    (CellRun("crashed"), 0, "the kernel crashed during the check"),
    (CellRun("timeout"), 0, "the check did not finish within 60 s"),
    (CellRun("not run"), 0, "the check could not run"),
])
def test_a_cell_earns_its_points_when_its_check_passed(run, earned, reason):
    outcome = read_outcome(CELL, run, Limits())
    assert outcome.earned == earned
    assert outcome.reason.startswith(reason) and bool(outcome.reason) == bool(reason)


# --- the report ---------------------------------------------------------------------------------------------

def one_question(points):
    return Assignment([GradingCell("f", "check", points, "check.f(f)")], {"f"}, "Exercise 9", {"f": "Question 1: f"})


def test_hidden_feedback_shows_status_and_hint_only():
    hidden = GradingCell("f", "hidden", 1, HIDDEN_CODE, hint="Think about negative numbers.")
    failed = {"nonce": "n", "question": "f", "role": "hidden", "status": "failed", "hint": ""}
    result = StudentResult("bob<script>", [Outcome(hidden, 0, "failed", failed)], problems=["cell 2 raised <oops>"])
    page = feedback_html(result, one_question(1))
    assert "Hidden tests of f: failed." in page and "Think about negative numbers." in page
    assert "check_function" not in page and "x = -3" not in page
    assert "<script>" not in page and "bob&lt;script&gt;" in page and "cell 2 raised &lt;oops&gt;" in page


def test_feedback_names_each_check_as_the_learners_check_cell_does():
    visible, hidden = GradingCell("f", "check", 3, "check.f(f)"), GradingCell("f", "hidden", 1, HIDDEN_CODE)
    outcomes = [Outcome(visible, 3, "passed", {"name": "f", "status": "passed", "passed": 4, "total": 4}),
                Outcome(hidden, 0, "failed", {"name": "f", "status": "failed"})]
    page = feedback_html(StudentResult("amy", outcomes), one_question(4))
    assert "✔ f: passed all 4 cases." in page and "Hidden tests of f: failed." in page


# --- the command line ---------------------------------------------------------------------------------------

def test_grade_without_a_readable_source_fails_clearly(tmp_path, capsys):
    (tmp_path / "bad.ipynb").write_text("<<<<<<< HEAD")
    assert main(["grade", str(tmp_path), "--source", str(tmp_path / "bad.ipynb")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("nbtools grade: cannot read the source")
    assert "its JSON is broken at line 1, column 1" in error and "merge-conflict markers" in error
    assert "Traceback" not in error
    assert main(["grade", str(tmp_path), "--source", str(tmp_path / "missing.ipynb")]) == 1
    assert "no such source notebook" in capsys.readouterr().err


def test_grade_with_a_source_without_checks_or_no_submissions_fails_clearly(tmp_path, capsys):
    nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), tmp_path / "source.ipynb")
    assert main(["grade", str(tmp_path), "--source", str(tmp_path / "source.ipynb")]) == 1
    assert "has no check cells" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["grade", str(empty), "--source", str(SOURCE)]) == 1
    assert "no submissions (.ipynb files) found" in capsys.readouterr().err


def test_grade_refuses_two_submissions_with_the_same_student_id(tmp_path, capsys):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "alice.ipynb").write_text("")
    assert main(["grade", str(tmp_path / "a"), str(tmp_path / "b"), "--source", str(SOURCE)]) == 1
    assert "same student id (file name): alice" in capsys.readouterr().err


# --- what the grader takes from the kernel and the submission, bounded ----------------------------------------

def test_a_hidden_cells_error_text_never_reaches_feedback():
    hidden = GradingCell("f", "hidden", 1, HIDDEN_CODE + "\n1 / 0", hint="Think about negative numbers.")
    judged = judge_cell(hidden, {"f"}, LocalKernel({"f": abs}))
    assert judged["status"] == "failed" and "ZeroDivisionError" in judged["problem"]
    page = feedback_html(StudentResult("amy", [read_outcome(hidden, CellRun("ok", result=judged), Limits())]),
                         one_question(1))
    assert "ZeroDivisionError" not in page and "check_function" not in page and "Think about negative numbers." in page


def test_a_huge_code_cell_is_not_run_and_says_why():
    from nbtools.grading.assemble import MAX_CELL_CHARACTERS

    huge = "!true\n" * 300 + "x = 1\n" * (MAX_CELL_CHARACTERS // 6)
    copy = assemble(new_notebook(cells=[new_code_cell("answer = 3"), new_code_cell(huge)]),
                    Assignment.from_source(small_source()))
    assert copy.cells[0] == "answer = 3\n" and len(copy.learner_numbers) == 1
    assert copy.problems == [f"cell 2 was not run: it is larger than {MAX_CELL_CHARACTERS:,} characters"]


# --- which misconception a verdict names (for the class report) ------------------------------------------------

def test_a_verdict_names_the_misconception_its_hint_is_about():
    from nbtools.checks.derivatives import derivatives

    wrong_order = judge({"f": lambda g, x, h: (g(x) - g(x + h)) / h}, "difference_quotient", "check.difference_quotient(f)")
    assert wrong_order["misconception"] == "you-subtracted-in-the-wrong-order-aace"
    assert wrong_order["hint"].startswith("You subtracted in the wrong order")
    doubled = judge({"f": lambda *args: 2 * derivatives.difference_quotient(*args)}, "difference_quotient",
                    "check.difference_quotient(f)")
    assert doubled["misconception"] == "shape-your-value-is-twice-the-answer"  # no listed mistake: its shape
    assert judge({"f": derivatives.difference_quotient}, "difference_quotient",
                 "check.difference_quotient(f)")["misconception"] == ""


def test_every_misconception_of_a_check_has_an_id_of_its_own(monkeypatch):
    """Ids are derived from the hint: two misconceptions of one check share an id only when they share the hint
    (one mistake reached two ways), so the class report counts each mistake once."""
    import sys

    from misconceptions import misconceptions_defined

    from nbtools.checks import _CHECKS
    from nbtools.checks.engine import Misconception

    modules = {}
    for name, function in _CHECKS.items():
        modules.setdefault(sys.modules[function.__module__], []).append(name)
    defined = [entry for module, names in modules.items() for entry in misconceptions_defined(monkeypatch, module, names)]
    assert len(defined) > 300
    ids = {(name, hint): Misconception(hint, None).id for name, hint in set(defined)}
    for (name, hint), identifier in ids.items():
        assert re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{4}", identifier)
        clashes = [other for (check, other), i in ids.items() if check == name and i == identifier and other != hint]
        assert not clashes, f"{name}: {hint!r} and {clashes} share the id {identifier}"


def test_an_error_of_the_learners_code_is_raised_in_the_grader_as_its_own_kind():
    """For an nbgrader test's `except ValueError`; still an AnswerProblem for the checks, with the same words."""
    from nbtools.checks.engine import AnswerProblem
    from nbtools.grading.judge import learner_error

    for raised in ("ValueError", "KeyError", "NameError"):
        error = learner_error("Your code raised it: 'x'", raised)
        assert isinstance(error, AnswerProblem) and type(error).__mro__[2].__name__ == raised
        assert str(error) == "Your code raised it: 'x'"
    assert type(learner_error("p", "UnicodeDecodeError")) is AnswerProblem  # cannot be made so: a plain one
    assert type(learner_error("p", "SystemExit")) is AnswerProblem and type(learner_error("p", "os.system")) is AnswerProblem
