"""An nbgrader course moves over as it is: nbgrader's own quickstart assignment (tests/fixtures/nbgrader_quickstart,
made by `nbgrader quickstart` and `nbgrader generate_assignment`; make_fixture.sh remakes it) is released as
nbgrader releases it, never with its hidden tests, and graded: its autograder test cells run in the grader,
against the learner's functions in the sandboxed kernel, and earn nbgrader's points.

ONE batch of submissions is graded (module fixture): solved, wrong in planted ways, untouched, and nbgrader's
own learner copy solved. The source gets a hidden-test region in its first test cell (the quickstart has none).
"""

import csv
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from nbtools.cli import main
from nbtools.notebooks import release

FIXTURE = Path(__file__).with_name("fixtures") / "nbgrader_quickstart"
HIDDEN = "### BEGIN HIDDEN TESTS\nassert squares(12)[-1] == 144, 'hidden: squares(12)'\n### END HIDDEN TESTS"
SOLUTION = {
    "squares": 'def squares(n):\n    if n < 1:\n        raise ValueError("n must be at least 1")\n'
               "    return [i ** 2 for i in range(1, n + 1)]",
    "sum_of_squares": "def sum_of_squares(n):\n    return sum(squares(n))",
}
STUDENTS = {  # what each student wrote instead of the solution, and the points they earn: squares (2), sum (1)
    "solved": ({}, 2, 1),
    "off_by_one": ({"squares": "def squares(n):\n    if n < 1:\n        raise ValueError\n"
                               "    return [i ** 2 for i in range(n)]"}, 1, 0.5),  # sums wrong, but uses squares
    "no_error": ({"squares": "def squares(n):\n    return [i ** 2 for i in range(1, n + 1)]"}, 1, 1),
    "stops_at_10": ({"squares": "def squares(n):\n    if n < 1:\n        raise ValueError\n"
                                "    return [i ** 2 for i in range(1, min(n, 11) + 1)]"}, 1, 1),  # fails the hidden test
    "own_sum": ({"sum_of_squares": "def sum_of_squares(n):\n    return sum(i * i for i in range(1, n + 1))"}, 2, 0.5),
}


def source():
    """The quickstart's problem1, with a hidden-test region in its first autograder test."""
    notebook = nbformat.read(FIXTURE / "source" / "ps1" / "problem1.ipynb", as_version=4)
    test = next(cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade_id") == "correct_squares")
    test.source += "\n" + HIDDEN
    return notebook


def filled(notebook, answers):
    """``notebook`` (a learner copy) with its answer cells replaced by the solution, except for ``answers``."""
    notebook = nbformat.from_dict(notebook)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in SOLUTION:
            cell.source = answers.get(grade_id, SOLUTION[grade_id])
    return notebook


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nbgrader")
    nbformat.write(source(), folder / "problem1.ipynb")
    learner = release(source())
    inbox = folder / "submitted"
    inbox.mkdir()
    for student, (answers, _, _) in STUDENTS.items():
        nbformat.write(filled(learner, answers), inbox / f"{student}.ipynb")
    nbformat.write(learner, inbox / "untouched.ipynb")
    theirs = nbformat.read(FIXTURE / "release" / "ps1" / "problem1.ipynb", as_version=4)
    nbformat.write(filled(theirs, {}), inbox / "nbgrader_copy.ipynb")
    out = folder / "out"
    assert main(["grade", str(inbox), "--source", str(folder / "problem1.ipynb"), "--out", str(out), "--workers", "2",
                 "--cell-timeout", "10"]) == 0
    with open(out / "grades.csv", newline="", encoding="utf-8") as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    return rows, out, learner


def test_the_learner_copy_is_nbgraders_own_without_the_hidden_tests():
    """Cell by cell, our learner copy says what nbgrader's generate_assignment wrote (after nbgrader's header
    cells; its stub `raise NotImplementedError()` inside a function is ours without the brackets)."""
    ours = release(nbformat.read(FIXTURE / "source" / "ps1" / "problem1.ipynb", as_version=4))
    theirs = nbformat.read(FIXTURE / "release" / "ps1" / "problem1.ipynb", as_version=4)
    header = len(theirs.cells) - len(ours.cells)
    assert header == 3
    for mine, nbgraders in zip(ours.cells, theirs.cells[header:]):
        assert mine.source == nbgraders.source.replace("    raise NotImplementedError()", "    raise NotImplementedError")
    hidden = release(source())
    assert "144" not in str(hidden) and "HIDDEN" not in str(hidden)


def test_nbgraders_points_are_earned_per_test_cell(graded):
    rows = graded[0]
    for student, (_, squares, sum_of_squares) in STUDENTS.items():
        assert (float(rows[student]["squares"]), float(rows[student]["sum_of_squares"])) == (squares, sum_of_squares), \
            (student, rows[student]["reason"])
    assert (rows["untouched"]["total"], rows["untouched"]["status"]) == ("0", "graded")
    assert (rows["nbgrader_copy"]["total"], rows["nbgrader_copy"]["max"]) == ("3", "3")


def test_a_test_that_deletes_an_answer_deletes_it_in_the_kernel(graded):
    """sum_of_squares_uses_squares deletes squares and expects sum_of_squares to fail with a NameError; afterwards
    squares is back for the tests that follow."""
    page = (graded[1] / "feedback" / "own_sum.html").read_text()
    assert "sum_of_squares does not use squares" in page
    assert "✔ Check that sum_of_squares returns the correct answer for various inputs" in page


def test_feedback_shows_the_failing_line_of_a_visible_test_and_nothing_of_a_hidden_one(graded):
    pages = {path.stem: path.read_text() for path in (graded[1] / "feedback").glob("*.html")}
    assert "assert squares(1) == [1]" in pages["off_by_one"]
    assert "One of the hidden tests failed." in pages["stops_at_10"]
    for student, page in pages.items():
        assert "144" not in page and "squares(12)" not in page, student


def test_parts_graded_by_hand_are_named_not_scored(graded):
    page = (graded[1] / "feedback" / "solved.html").read_text()
    assert "Graded by hand, not in this grade book: Part C (1 point), Part D (2 points), Part E (4 points)." in page
    assert "Not attempted" not in page


def test_the_fixture_is_what_nbgrader_makes(tmp_path):
    """Remakes the fixture with nbgrader in a virtual environment of its own (skipped when it cannot be
    installed) and compares each cell's source and nbgrader metadata."""
    venv = Path("/tmp/nbtools-test-nbgrader-venv")
    try:
        subprocess.run(["bash", str(FIXTURE / "make_fixture.sh"), str(tmp_path), str(venv)], check=True,
                       capture_output=True, text=True, timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        pytest.skip(f"nbgrader could not be installed or run here: {str(error)[:200]}")
    for notebook in sorted(FIXTURE.rglob("*.ipynb")):
        made = nbformat.read(tmp_path / notebook.relative_to(FIXTURE), as_version=4)
        kept = nbformat.read(notebook, as_version=4)
        assert [(cell.source, without_checksum(cell)) for cell in made.cells] == \
               [(cell.source, without_checksum(cell)) for cell in kept.cells], notebook


def without_checksum(cell):
    return {key: value for key, value in cell.metadata.get("nbgrader", {}).items() if key != "checksum"}
