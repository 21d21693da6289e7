"""The grade book across runs (updated in place, only changed submissions graded again, a damaged state refused,
Ctrl-C leaves everything as it was), the intake of a class's files (skipped files, a roster, times, late work),
the feedback page's title, times and question titles, and the exports' formats.

Kernel-free tests come first; then ONE sequence of real runs of `nbtools grade` in one output folder (module
fixture), each run after the first grading only what changed, so the sequence costs a handful of kernels.
"""

import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest
from test_grading import ASSIGNMENT, LEARNER, MAXIMUM, SOURCE, submission

from nbtools.cli import main
from nbtools.grading.gradebook import STATE_NAME, GradeBook, StateRefused, grader_version
from nbtools.grading.intake import IntakeError, collect, parse_deadline, read_roster, read_timestamp
from nbtools.grading.report import feedback_html

FIXTURES = Path(__file__).with_name("fixtures")


def write(path, content=""):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content)
    else:
        nbformat.write(content, path)
    return path


# --- the intake: which file is whose ----------------------------------------------------------------------

def test_files_that_are_not_submissions_are_reported_as_skipped_not_dropped(tmp_path):
    for name in ["alice.ipynb", "readme.txt", "__MACOSX/._alice.ipynb", "._bob.ipynb",
                 ".ipynb_checkpoints/alice-checkpoint.ipynb", "Carol Jones_1234_assignsubmission_file_/ps1.ipynb"]:
        write(tmp_path / name, "{}")
    (tmp_path / "eve.ipynb").symlink_to("/etc/passwd")
    intake = collect([tmp_path])
    assert [(s.student, s.path.name) for s in intake.submissions] == [("Carol Jones_1234_assignsubmission_file_",
                                                                        "ps1.ipynb"), ("alice", "alice.ipynb")]
    assert sorted((str(path.relative_to(tmp_path)), why) for path, why in intake.skipped) == [
        ("._bob.ipynb", "macOS archive metadata"),
        (".ipynb_checkpoints/alice-checkpoint.ipynb", "a Jupyter autosave (checkpoint)"),
        ("__MACOSX/._alice.ipynb", "macOS archive metadata"), ("eve.ipynb", "a symbolic link (not followed)"),
        ("readme.txt", "not a notebook (.ipynb)")]


ROSTER = """\
student,name,email,lms_id,section,files
alice,Alice Smith,alice@example.org,12345,A,
bob,Bob Stone,bob@example.org,67890,B,bobs-homework.ipynb
carol,Carol Jones,carol@example.org,24680,A,
dave,Dave Smith,dave@example.org,13579,B,
"""


def test_a_roster_matches_files_by_id_name_lms_id_or_listed_name_and_reports_the_rest(tmp_path):
    roster = read_roster(write(tmp_path / "roster.csv", ROSTER))
    old, new = write(tmp_path / "in" / "alice.ipynb", "{}"), write(tmp_path / "in" / "Alice Smith_late_2.ipynb", "{}")
    os.utime(old, (1_700_000_000, 1_700_000_000))
    write(tmp_path / "in" / "bobs-homework.ipynb", "{}")
    write(tmp_path / "in" / "jonescarol_LATE_24680_555_ps1.ipynb", "{}")  # a Canvas download: the Canvas user id
    write(tmp_path / "in" / "Smith.ipynb", "{}")  # Alice Smith or Dave Smith?
    write(tmp_path / "in" / "eve.ipynb", "{}")
    intake = collect([tmp_path / "in"], roster)
    assert {s.student: s.path.name for s in intake.submissions} == {
        "alice": "Alice Smith_late_2.ipynb", "bob": "bobs-homework.ipynb", "carol": "jonescarol_LATE_24680_555_ps1.ipynb"}
    assert intake.superseded == [(old, "alice")]  # the newer file is graded
    assert {path.name: why for path, why in intake.unmatched} == {
        "Smith.ipynb": "matches no student of the roster", "eve.ipynb": "matches no student of the roster"}


@pytest.mark.parametrize("text, problem", [
    ("name\nAlice\n", "needs a header row with a 'student' column"),
    ("student\n../../etc/passwd\n", "cannot be a student id"),
    ("student\n.hidden\n", "cannot be a student id"),
    ("student\nalice\nalice\n", "the student 'alice' is listed twice"),
])
def test_a_bad_roster_is_refused_with_its_line(tmp_path, text, problem):
    with pytest.raises(IntakeError, match=problem):
        read_roster(write(tmp_path / "roster.csv", text))


def test_the_time_of_a_submission_is_nbgraders_timestamp_or_the_files(tmp_path):
    write(tmp_path / "alice" / "ps1" / "problem1.ipynb", "{}")
    write(tmp_path / "alice" / "ps1" / "timestamp.txt", "2026-03-01 23:58:00.123456 UTC\n")
    os.utime(write(tmp_path / "bob" / "ps1" / "problem1.ipynb", "{}"), (1_700_000_000, 1_700_000_000))
    alice, bob = collect([tmp_path]).submissions
    assert (alice.student, alice.submitted, alice.time_source) == (
        "alice", datetime(2026, 3, 1, 23, 58, 0, 123456, timezone.utc), "timestamp.txt")
    assert (bob.student, bob.submitted, bob.time_source) == (
        "bob", datetime.fromtimestamp(1_700_000_000, timezone.utc), "file modification time")
    assert read_timestamp("2026-03-01 23:58:00 +0100") == datetime(2026, 3, 1, 22, 58, tzinfo=timezone.utc)
    assert read_timestamp("2026-03-01 23:58:00 Europe/Berlin") == datetime(2026, 3, 1, 22, 58, tzinfo=timezone.utc)


def test_a_deadline_is_iso_8601_and_anything_else_is_refused():
    assert parse_deadline("2026-03-01T23:59Z") == datetime(2026, 3, 1, 23, 59, tzinfo=timezone.utc)
    assert parse_deadline("2026-03-01T23:59").tzinfo is not None  # the machine's local time
    with pytest.raises(IntakeError, match="is not a date and time like 2026-03-01T23:59"):
        parse_deadline("next friday")


# --- the kept state, read defensively ------------------------------------------------------------------------

def state(tmp_path):
    return json.loads((tmp_path / STATE_NAME).read_text())


def graded_book(tmp_path):
    """A grade book of one student, as the grader keeps it (no kernel: an untouched submission's verdicts)."""
    from nbtools.grading.grade import Outcome, StudentResult

    book = GradeBook(ASSIGNMENT, "a" * 64, grader_version())
    outcomes = [Outcome(cell, 0, "not attempted yet", {"name": cell.question, "status": "not attempted yet",
                                                       "passed": 0, "total": 1}) for cell in ASSIGNMENT.grading_cells]
    book.record(StudentResult("alice", outcomes, file="alice.ipynb",
                              submitted=datetime(2026, 3, 1, tzinfo=timezone.utc)), "b" * 64)
    (tmp_path / STATE_NAME).write_text(book.to_json())
    return book


def test_the_state_reads_back_what_was_written(tmp_path):
    written = graded_book(tmp_path)
    read = GradeBook.load(tmp_path, ASSIGNMENT, "a" * 64, grader_version())
    assert read.results == written.results and read.entries["alice"].submission == "b" * 64


@pytest.mark.parametrize("damage, problem", [
    (lambda data: "{not json", "it is not readable JSON"),
    (lambda data: {**data, "format": 99}, "it is not format 1"),
    (lambda data: {**data, "students": {"../../etc/passwd": data["students"]["alice"]}}, "is not a valid student id"),
    (lambda data: set_in(data, ["outcomes", 0, "earned"], 99), "earns points its status cannot"),
    (lambda data: set_in(data, ["outcomes", 0, "status"], "passed"), "earns points its status cannot"),
    (lambda data: set_in(data, ["outcomes", 0, "verdict", "script"], "<script>"), "has a bad verdict"),
    (lambda data: set_in(data, ["outcomes", 0, "verdict", "hint"], "x" * 10**6), "has a bad verdict"),
    (lambda data: set_in(data, ["outcomes"], []), "not one outcome per grading cell"),
    (lambda data: set_in(data, ["submitted"], "yesterday"), "is not an ISO 8601 time"),
    (lambda data: set_in(data, ["submission"], "../x"), "'submission' is not a hash"),
])
def test_a_damaged_or_crafted_state_refuses_the_run_and_changes_nothing(tmp_path, damage, problem):
    graded_book(tmp_path)
    damaged = damage(state(tmp_path))
    (tmp_path / STATE_NAME).write_text(damaged if isinstance(damaged, str) else json.dumps(damaged))
    with pytest.raises(StateRefused, match=problem):
        GradeBook.load(tmp_path, ASSIGNMENT, "a" * 64, grader_version())


def set_in(data, path, value):
    entry = data["students"]["alice"]
    for key in path[:-1]:
        entry = entry[key]
    entry[path[-1]] = value
    return data


def test_a_grade_book_without_its_state_is_not_replaced(tmp_path):
    (tmp_path / "grades.csv").write_text("student,total\nalice,12\n")
    with pytest.raises(StateRefused, match="has no grading-state.json beside it"):
        GradeBook.load(tmp_path, ASSIGNMENT, "a" * 64, grader_version())
    assert GradeBook.load(tmp_path, ASSIGNMENT, "a" * 64, grader_version(), start_over=True).entries == {}


def test_students_graded_against_another_source_must_be_graded_again(tmp_path):
    graded_book(tmp_path)
    book = GradeBook.load(tmp_path, ASSIGNMENT, "c" * 64, grader_version())  # the source changed since
    with pytest.raises(StateRefused, match=r"1 students of the grade book were graded against another version .* "
                                           r"\(alice\)"):
        book.refuse_stale({"bob"})
    book.refuse_stale({"alice"})  # alice is graded again in this run


# --- the feedback page ----------------------------------------------------------------------------------------

def test_feedback_names_the_assignment_the_times_and_each_question_by_its_title(tmp_path):
    book = graded_book(tmp_path)
    page = feedback_html(book.results[0], ASSIGNMENT, deadline=datetime(2026, 2, 28, 21, 30, tzinfo=timezone.utc))
    assert "<h1>Exercise 1: Derivatives: feedback for alice</h1>" in page
    assert "Handed in 2026-03-01 00:00 UTC (2 h 30 min late)" in page
    assert "Question 1: the difference quotient, numerically &mdash; 0 of 3 points" in page
    assert "Question 7: gradient ascent" in page and "<code>" not in page


# --- one output folder, graded run after run ------------------------------------------------------------------

NBTOOLS = str(Path(sys.executable).with_name("nbtools"))


def grade(inbox, out, *options):
    """Run `nbtools grade` on ``inbox`` (a list of paths), in this process; return (exit code, what it printed)."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        code = main(["grade", *map(str, inbox), "--source", str(SOURCE), "--out", str(out), "--workers", "2",
                     "--cell-timeout", "10", *map(str, options)])
    return code, printed.getvalue()


def rows(out, name="grades.csv"):
    with open(out / name, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Four runs in one output folder: the class; bob changed, graded alone; the class again (nothing changed);
    with a roster and a deadline. Returns (what each printed, a copy of the output folder after each, the
    submissions folder, the output folder)."""
    import shutil

    inbox, out = tmp_path_factory.mktemp("inbox"), tmp_path_factory.mktemp("grades") / "out"
    roster = write(tmp_path_factory.mktemp("roster") / "roster.csv", ROSTER)
    write(inbox / "alice.ipynb", submission())
    write(inbox / "bob.ipynb", nbformat.read(LEARNER, as_version=4))
    write(inbox / "carol.ipynb", b"{broken")
    write(inbox / "readme.txt", "hand-in instructions")
    snapshots, printed = {}, {}
    for step, (paths, options) in enumerate([([inbox], []), ([inbox / "bob.ipynb"], []), ([inbox], []),
                                             ([inbox], ["--roster", roster, "--deadline", "2020-01-01T00:00Z"])]):
        if step == 1:
            write(inbox / "bob.ipynb", submission({"critical_point": "critical_x = 3"}, solved=False))
        code, printed[step] = grade(paths, out, *options)
        assert code == 0, printed[step]
        snapshots[step] = tmp_path_factory.mktemp(f"after{step}") / "out"
        shutil.copytree(out, snapshots[step])
    return printed, snapshots, inbox, out


def test_the_first_run_grades_everyone_and_reports_skipped_files(runs):
    printed, snapshots, inbox, _ = runs
    assert "graded 3 submissions" in printed[0]
    assert f"1 skipped (not notebooks, or archive debris): {inbox / 'readme.txt'}" in printed[0]
    assert [(row["student"], row["total"], row["status"]) for row in rows(snapshots[0])] == [
        ("alice", str(MAXIMUM), "graded"), ("bob", "0", "graded"), ("carol", "", "not graded")]


def test_grading_one_student_updates_that_row_and_keeps_the_others(runs):
    printed, snapshots, _, _ = runs
    assert "graded 1 submissions" in printed[1] and "the grade book has 3 students" in printed[1]
    before, after = rows(snapshots[0]), rows(snapshots[1])
    assert [row["student"] for row in after] == ["alice", "bob", "carol"]
    assert after[0] == before[0] and after[2]["reason"] == before[2]["reason"]
    assert (after[1]["critical_point"], after[1]["total"]) == ("1", "1")
    assert (snapshots[1] / "feedback" / "alice.html").read_text() == (snapshots[0] / "feedback" / "alice.html").read_text()


def test_a_run_on_unchanged_files_grades_only_what_could_not_be_graded(runs):
    printed, snapshots, _, _ = runs
    assert "graded 1 submissions" in printed[2] and "2 unchanged since they were graded" in printed[2]
    whats = {row["student"]: row["what"] for row in rows(snapshots[2], "submissions.csv")}
    assert whats == {"alice": "unchanged since graded", "bob": "unchanged since graded", "carol": "not graded",
                     "": "skipped"}
    assert rows(snapshots[2]) == rows(snapshots[1])


def test_a_roster_and_a_deadline_add_names_late_work_and_students_without_a_file(runs):
    printed, snapshots, _, _ = runs
    book = {row["student"]: row for row in rows(snapshots[3])}
    assert (book["alice"]["name"], book["alice"]["lms_id"], book["alice"]["late"]) == ("Alice Smith", "12345", "yes")
    assert (book["dave"]["status"], book["dave"]["total"], book["dave"]["reason"]) == (
        "no submission", "", "no notebook of this student was found")
    assert "1 students of the roster without a notebook: dave" in printed[3]


def test_ctrl_c_while_grading_writes_nothing(runs, tmp_path):
    _, _, inbox, out = runs
    before = {path.name: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    write(tmp_path / "slow" / "alice.ipynb", submission(early=["import time\ntime.sleep(60)"]))
    process = subprocess.Popen([NBTOOLS, "grade", str(tmp_path / "slow"), "--source", str(SOURCE), "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while not any("launcher.py" in command for command in descendants(process.pid)) and time.monotonic() < deadline:
        time.sleep(0.2)  # until the kernel runs (a loaded machine takes its time)
    time.sleep(2)
    os.killpg(process.pid, signal.SIGINT)
    printed = process.communicate(timeout=60)[0]
    assert process.returncode == 1 and f"interrupted: nothing was written, {out} is as it was" in printed
    assert {path.name: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before
    assert not list(out.glob(".nbtools-grade-*"))


def descendants(pid):
    """The command lines of the processes descending from ``pid``, from /proc."""
    parents, commands = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            commands[int(stat.parent.name)] = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError, IndexError):
            continue
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += [commands[child] for child in children]
        frontier = children
    return found


def test_a_damaged_state_refuses_the_run_and_leaves_the_grade_book(runs, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(runs[1][3], out)
    (out / STATE_NAME).write_text('{"format": 1, "students": {"alice": {"submission": "x"}}}')
    book = (out / "grades.csv").read_bytes()
    code, printed = grade([runs[2] / "alice.ipynb"], out)
    assert code == 1 and "grading-state.json cannot be used (alice: 'submission' is not a hash)" in printed
    assert "--start-over" in printed and (out / "grades.csv").read_bytes() == book
    code, printed = grade([runs[2] / "carol.ipynb"], out, "--start-over")
    assert code == 0 and [row["student"] for row in rows(out)] == ["carol"]
    assert sorted(path.name for path in (out / "feedback").iterdir()) == ["carol.html"]


# --- the exports ---------------------------------------------------------------------------------------------

def test_the_long_format_has_a_row_per_student_and_grading_cell(runs):
    table = rows(runs[1][3], "grades_long.csv")
    assert list(table[0]) == ["student", "question", "cell", "role", "status", "points", "max", "misconception"]
    assert len(table) == 3 * len(ASSIGNMENT.grading_cells)  # alice, bob, carol (dave handed in nothing)
    alice = [row for row in table if row["student"] == "alice"]
    assert [(row["question"], row["role"]) for row in alice] == [(c.question, c.role) for c in ASSIGNMENT.grading_cells]
    assert {row["points"] for row in table if row["student"] == "carol"} == {""}


def test_the_canvas_export_follows_canvas_gradebook_format(runs):
    """Canvas imports what its gradebook exports (tests/fixtures/lms/canvas_gradebook_export.csv, a sample of that
    format): the same five identity columns, the 'Points Possible' row, a column per assignment."""
    sample = list(csv.reader((FIXTURES / "lms" / "canvas_gradebook_export.csv").open(encoding="utf-8")))
    ours = list(csv.reader((runs[1][3] / "grades_canvas.csv").open(encoding="utf-8")))
    assert ours[0][:5] == sample[0][:5] and ours[1][0].strip() == sample[1][0].strip() == "Points Possible"
    assert ours[0][5] == "Exercise 1: Derivatives" and ours[1][5] == str(MAXIMUM)
    by_sis = {row[2]: row for row in ours[2:]}
    assert by_sis["alice"][:2] == ["Alice Smith", "12345"] and by_sis["alice"][4] == "A"
    assert by_sis["alice"][5] == str(MAXIMUM) and by_sis["carol"][5] == ""  # not graded: left blank, not 0


def test_the_moodle_export_follows_moodles_grade_export_format(runs):
    """Moodle imports the format of its own CSV grade export (tests/fixtures/lms/moodle_grade_export.csv), matched
    by 'ID number' or 'Email address'."""
    sample = next(csv.reader((FIXTURES / "lms" / "moodle_grade_export.csv").open(encoding="utf-8")))
    ours = list(csv.DictReader((runs[1][3] / "grades_moodle.csv").open(encoding="utf-8")))
    assert list(ours[0])[:6] == sample[:6]
    alice = next(row for row in ours if row["ID number"] == "alice")
    assert (alice["First name"], alice["Last name"], alice["Email address"]) == ("Alice", "Smith", "alice@example.org")
    assert alice["Exercise 1: Derivatives"] == str(MAXIMUM)
    assert next(row for row in ours if row["ID number"] == "carol")["Exercise 1: Derivatives"] == ""
