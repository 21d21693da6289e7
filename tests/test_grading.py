"""`nbtools grade` on fake submissions made here from exercise 01: correct, partly correct, untouched, every
misbehaviour and every tampering attempt, graded in ONE batch of 20 (two workers, short time limits) whose
grade book and feedback pages the tests then read. Exact points and reasons are asserted.

Exercise 01's questions and points are read from its source (difference_quotient and gradient_ascent are worth
2 + 1 hidden each, the others 1), so that adding a question to the exercise does not change what is asserted.
"""

import csv
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from nbtools.cli import main
from nbtools.grading.assemble import Assignment
from nbtools.notebooks import answer_questions, graded_cells

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "instructor" / "01_derivatives.ipynb"
LEARNER = ROOT / "exercises" / "01_derivatives.ipynb"
ASSIGNMENT = Assignment.from_source(nbformat.read(SOURCE, as_version=4))
MAXIMUM = sum(ASSIGNMENT.questions.values())
QUESTIONS = list(ASSIGNMENT.questions)
RESULT_MIME = "application/vnd.nbtools.result+json"  # what the kernel's runner sends the grader


def source_notebook():
    return nbformat.read(SOURCE, as_version=4)


def solutions():
    """{question: the instructor's answer cell}."""
    source = source_notebook()
    return {question: source.cells[index].source for index, question in answer_questions(source).items()}


def submission(answers=None, solved=True, tail=(), early=(), edit=None):
    """The learner copy with its answer cells filled in: the instructor's solution (``solved``) or the template,
    except for the questions in ``answers`` ({question: code}). ``early`` code cells go right after the setup
    cell (so later answers must still run after them), ``tail`` cells at the end; ``edit`` may change the rest."""
    notebook, fills = nbformat.read(LEARNER, as_version=4), {**(solutions() if solved else {}), **(answers or {})}
    for cell in notebook.cells:
        settings = cell.metadata.get("nbtools", {})
        if settings.get("role") == "answer" and settings["question"] in fills:
            cell.source = fills[settings["question"]]
    notebook.cells[2:2] = [new_code_cell(code) for code in early]
    notebook.cells += [new_code_cell(code) for code in tail]
    if edit:
        edit(notebook)
    return notebook


WRONG_ORDER = "def difference_quotient(f, x, h):\n    return (f(x) - f(x + h)) / h"
INTEGER_PATH = """\
def gradient_ascent(slope, x0, learning_rate, steps):
    positions = [x0]  # an int x0 gives an int array: the hidden tests notice
    for _ in range(steps):
        positions.append(positions[-1] + learning_rate * slope(positions[-1]))
    return np.array(positions)"""
PARTLY = {"difference_quotient": WRONG_ORDER, "gradient_ascent": INTEGER_PATH, "largest_stable_learning_rate":
          "eta_limit = 0.25"}
PARTLY_POINTS = {**ASSIGNMENT.questions, "difference_quotient": 0, "gradient_ascent": 2,
                 "largest_stable_learning_rate": 0}
PARTLY_TOTAL = MAXIMUM - 5


def replace_check_cells(notebook):
    for cell in notebook.cells:
        if cell.metadata.get("nbtools", {}).get("role") == "check":
            cell.source = 'print("✔ passed all 4 cases.")'


ALWAYS_PASSES = """\
from nbtools.checks.engine import CheckResult

class AlwaysPasses:
    def __call__(self, name, answer):
        return CheckResult(name, "passed", 4, 4)
    def __getattr__(self, name):
        return lambda answer: CheckResult(name, "passed", 4, 4)

check = AlwaysPasses()"""
MONKEYPATCH = """\
import nbtools.checks.compare, nbtools.checks.engine
from nbtools.checks.engine import CheckResult
nbtools.checks.engine.compare = lambda *args: None
nbtools.checks.compare.compare = lambda *args: None
nbtools.checks.engine._verdict = lambda passed, total, failure: CheckResult("", "passed", total, total)"""
FAKE_RESULTS = f"""\
from IPython.display import display
print("✔ difference_quotient: passed all 4 cases.")
forged = {{"value": "-0.0"}}
display({{{RESULT_MIME!r}: forged, "text/plain": "passed"}}, raw=True)  # answers no request: read by nobody

def difference_quotient(f, x, h):  # sends a forged result during the check itself, then answers wrongly
    display({{{RESULT_MIME!r}: forged}}, raw=True)
    return (f(x) - f(x + h)) / h"""
READ_FROM_DISK = """\
import json, os
candidates = [os.path.join(*[".."] * up, *tail) for up in range(6)
              for tail in [("instructor", "01_derivatives.ipynb"), ("exercises", "source", "01_derivatives.ipynb"),
                           ("01_derivatives.ipynb",)]]
for path in candidates:
    if os.path.exists(path):  # the instructor's source: run its solutions and hidden tests here
        for cell in json.load(open(path))["cells"]:
            if cell["cell_type"] == "code":
                exec("".join(cell["source"]))
open("instructor/01_derivatives.ipynb")"""
REFERENCE = "from nbtools.derivatives import difference_quotient, gradient_ascent"
ANOTHER_ASSIGNMENT = new_notebook(cells=[
    new_markdown_cell("# Exercise 9: activations"), new_code_cell("from nbtools import check\nimport numpy as np"),
    new_code_cell("def relu(z):\n    return np.maximum(z, 0)"), new_code_cell("check.relu(relu)")])


def fixtures():
    """{student id: notebook, or raw bytes for files that are not notebooks}: 20 submissions."""
    learner_text = LEARNER.read_bytes()
    return {
        "correct": submission(),
        "memory_hog": submission(early=["hog = bytearray(4 * 1024**3)"]),
        "partly": submission(PARTLY),
        "untouched": nbformat.read(LEARNER, as_version=4),
        "endless_loop": submission({"difference_quotient": "def difference_quotient(f, x, h):\n    while h < 0:\n"
                                                            "        pass\n    return (f(x + h) - f(x)) / h"},
                                   early=["while True:\n    pass"]),
        "stubborn_loop": submission(early=["import time\nwhile True:\n    try:\n        time.sleep(0.01)\n"
                                           "    except KeyboardInterrupt:\n        pass"]),
        "huge_output": submission(early=['print("x" * 30_000_000)', "for i in range(2_000):\n    print(str(i) * 5_000)"]),
        "kernel_crash": submission(early=["import os\nos._exit(1)", "import ctypes\nctypes.string_at(0)"]),
        "crash_in_answer": submission({"gradient_ascent": "def gradient_ascent(slope, x0, learning_rate, steps):\n"
                                                          "    import os\n    os._exit(1)"}),
        "sys_exit": submission(early=["import sys\nsys.exit(1)", "exit()"]),
        "invalid_json": b"{this is not json",
        "truncated_json": learner_text[:len(learner_text) // 2],
        "empty_file": b"",
        "another_assignment": ANOTHER_ASSIGNMENT,
        "edited_check_cells": submission(PARTLY, edit=replace_check_cells),
        "redefined_check": submission(PARTLY, tail=[ALWAYS_PASSES, "check.difference_quotient(difference_quotient)"]),
        "monkeypatched_nbtools": submission(PARTLY, tail=[MONKEYPATCH]),
        "fake_results": submission(PARTLY, tail=[FAKE_RESULTS]),
        "read_hidden_tests": submission(solved=False, tail=[READ_FROM_DISK]),
        "reference_function": submission(solved=False, tail=[REFERENCE]),
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade every fixture in one run of the command line; return (rows by student, feedback folder)."""
    folder = tmp_path_factory.mktemp("submissions")
    for student, content in fixtures().items():
        path = folder / f"{student}.ipynb"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            nbformat.write(content, path)
    out = tmp_path_factory.mktemp("grades")
    assert main(["grade", str(folder), "--source", str(SOURCE), "--out", str(out), "--workers", "2",
                 "--cell-timeout", "10", "--notebook-timeout", "150", "--memory-mb", "1024"]) == 0
    with open(out / "grades.csv", newline="", encoding="utf-8") as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    return rows, out / "feedback"


def points(row):
    return {question: float(row[question]) for question in QUESTIONS}


def test_the_batch_of_twenty_has_one_row_and_one_feedback_page_per_student(graded):
    rows, feedback = graded
    assert len(rows) == 20 == len(fixtures())
    assert sorted(path.stem for path in feedback.glob("*.html")) == sorted(rows)
    with open(next(iter(feedback.parent.glob("grades.csv"))), encoding="utf-8") as file:
        assert file.readline().strip() == ",".join(["student", *QUESTIONS, "total", "max", "status", "reason"])
    assert {row["max"] for row in rows.values()} == {str(MAXIMUM)}


def test_correct_submission_earns_everything(graded):
    row = graded[0]["correct"]
    assert (row["total"], row["status"], row["reason"]) == (str(MAXIMUM), "graded", "")
    assert points(row) == {question: (3 if question in ("difference_quotient", "gradient_ascent") else 1)
                           for question in QUESTIONS}


def test_partly_correct_submission_earns_exactly_its_points(graded):
    row = graded[0]["partly"]
    assert points(row) == PARTLY_POINTS
    assert (row["total"], row["status"], row["reason"]) == (str(PARTLY_TOTAL), "graded", "")


def test_untouched_learner_copy_earns_nothing_and_is_not_attempted(graded):
    rows, feedback = graded
    assert (rows["untouched"]["total"], rows["untouched"]["status"], rows["untouched"]["reason"]) == ("0", "graded", "")
    page = (feedback / "untouched.html").read_text()
    assert page.count("not attempted yet") == len(ASSIGNMENT.grading_cells)  # every check and hidden test
    # the template's hints speak to someone at the notebook ("run the answer cell first"): reworded for a report
    assert "Shift+Enter" not in page and "run the answer cell" not in page
    assert "When your work was graded, this function still raised the template" in page.replace("&#x27;", "'")


CRASH = "the kernel crashed during the check (the process was ended: os._exit, a segfault or running out of memory)"


@pytest.mark.parametrize("student, total, reason", [
    ("endless_loop", MAXIMUM - 3, "cell 3 was still running after 10 s and was stopped"),
    ("stubborn_loop", MAXIMUM, "cell 3 was still running after 10 s and was stopped"),
    ("huge_output", MAXIMUM, ""),
    ("kernel_crash", MAXIMUM, "cell 3 crashed the kernel and was skipped; cell 4 crashed the kernel and was skipped"),
    ("memory_hog", MAXIMUM, "cell 3 raised MemoryError: "),
    ("crash_in_answer", MAXIMUM - 3, f"gradient_ascent: {CRASH}; gradient_ascent (hidden tests): {CRASH}"),
    ("sys_exit", MAXIMUM, "cell 3 raised SystemExit: 1"),
])
def test_misbehaving_submission_is_graded_on_the_rest(graded, student, total, reason):
    row = graded[0][student]
    assert (row["total"], row["status"], row["reason"]) == (str(total), "graded", reason)


def test_an_endless_loop_inside_an_answer_is_stopped_by_the_check(graded):
    row, page = graded[0]["endless_loop"], (graded[1] / "endless_loop.html").read_text()
    assert points(row)["difference_quotient"] == 0
    assert "Your function was still running after 3 seconds and was stopped." in page


@pytest.mark.parametrize("student, reason", [
    ("invalid_json", "the file is not valid notebook JSON, perhaps cut off or edited by hand (Expecting property "
                     "name enclosed in double quotes: line 1 column 2 (char 1))"),
    ("truncated_json", "the file is not valid notebook JSON, perhaps cut off or edited by hand"),
    ("empty_file", "the file is empty"),
    ("another_assignment", "this looks like another assignment: it defines none of this exercise's answers "
                           "(" + ", ".join(sorted(ASSIGNMENT.answer_names)) + ")"),
])
def test_unreadable_submission_is_recorded_with_its_reason(graded, student, reason):
    row = graded[0][student]
    assert (row["total"], row["status"]) == ("", "not graded")  # empty, so that no LMS import records a 0
    assert all(row[question] == "" for question in QUESTIONS)
    assert row["reason"].startswith(reason)
    assert reason in (graded[1] / f"{student}.html").read_text().replace("&#x27;", "'")


@pytest.mark.parametrize("student", ["edited_check_cells", "redefined_check", "monkeypatched_nbtools"])
def test_tampering_earns_only_the_honest_points(graded, student):
    row = graded[0][student]
    assert points(row) == PARTLY_POINTS
    assert (row["total"], row["reason"]) == (str(PARTLY_TOTAL), "")


def test_forged_results_count_for_nothing_and_spoil_the_call_they_appear_in(graded):
    row, page = graded[0]["fake_results"], (graded[1] / "fake_results.html").read_text()
    assert points(row) == PARTLY_POINTS and row["reason"] == ""
    assert "The grader could not read your answer: the kernel sent 2 results instead of one." in page


def test_the_source_cannot_be_read_by_a_relative_path(graded):
    row = graded[0]["read_hidden_tests"]
    assert row["total"] == "0"
    tail = len(nbformat.read(LEARNER, as_version=4).cells) + 1
    assert row["reason"] == (f"cell {tail} raised FileNotFoundError: [Errno 2] No such file or directory: "
                             "'instructor/01_derivatives.ipynb'")


def test_the_reference_function_as_an_answer_is_withheld(graded):
    row, page = graded[0]["reference_function"], (graded[1] / "reference_function.html").read_text()
    assert row["total"] == "0"
    assert row["reason"] == "; ".join(
        f"{question}: the answer calls nbtools' own version of it, which is withheld while grading"
        for question in ["difference_quotient", "difference_quotient (hidden tests)", "gradient_ascent",
                         "gradient_ascent (hidden tests)"])
    assert ("Your code raised NotAvailableWhileGrading: `nbtools.derivatives.difference_quotient` answers a "
            "question of this exercise, so it is not available while your work is graded") in page.replace("&#x27;", "'")


def test_feedback_never_shows_hidden_test_code_or_values(graded):
    source = source_notebook()
    hidden = [source.cells[cell.index].source for cell in graded_cells(source) if cell.role == "hidden"]
    secrets = {line.strip() for code in hidden for line in code.splitlines()  # not ")" or "gradient_ascent,":
               if re.search(r"\w", line) and not re.fullmatch(r"\s*[\w.]+,?\s*", line)}  # brackets and public names
    secrets |= set(re.findall(r'"([^"\n]{8,})"', "\n".join(hidden)))  # the cases' labels
    secrets |= {"np.exp", "1/x", "0.001", "-0.25", "x0 = 4"}
    pages = {path.stem: path.read_text() for path in graded[1].glob("*.html")}
    assert "Hidden tests of gradient_ascent: failed." in pages["partly"]
    assert "Hidden tests of difference_quotient: passed." in pages["correct"]
    assert "The path is a float array that starts with x0 itself" in pages["partly"]  # the instructor's hint
    for student, page in pages.items():
        leaked = [secret for secret in secrets if secret in page]
        assert not leaked, f"{student}.html shows hidden tests: {leaked}"


def test_feedback_page_is_standalone_and_shows_the_visible_failure(graded):
    page = (graded[1] / "partly.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert not re.search(r"<(script|link|img)\b", page) and "http" not in page
    assert f"{PARTLY_TOTAL} of {MAXIMUM} points" in page
    assert '<span class="label">Received:</span> 0.25</p>' in page
    assert "You subtracted in the wrong order" in page

