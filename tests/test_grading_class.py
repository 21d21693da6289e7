"""The class report on a generated class of 54 submissions of exercise 1 with KNOWN mistakes planted in them:
the misconceptions it counts must be exactly the planted counts; its item analysis must agree with the grade
book; who was not graded and who was late must be named. ONE batch is graded (module fixture).

Planted (a student may hold one mistake in each of the two questions):
  difference_quotient: 12 subtract in the wrong order, 7 forget to divide by h, 5 write the central difference
  (three listed misconceptions), 3 return twice the quotient (no listed misconception: diagnosed as "twice");
  critical_point: 9 answer 8 (the profit, not x), 4 answer -3 (the sign).
Two files are broken JSON (not graded) and six arrive after the deadline.
"""

import csv
import re
import statistics
from datetime import datetime, timezone

import nbformat
import pytest
from test_grading import ASSIGNMENT, SOURCE, submission

from nbtools.checks.engine import Misconception
from nbtools.cli import main

DEADLINE = datetime(2026, 3, 1, 23, 59, tzinfo=timezone.utc)
DIFFERENCE_QUOTIENT = {
    "You subtracted in the wrong order": ("def difference_quotient(f, x, h):\n    return (f(x) - f(x + h)) / h", 12),
    "You forgot to divide by h": ("def difference_quotient(f, x, h):\n    return f(x + h) - f(x)", 7),
    "That is the central difference": ("def difference_quotient(f, x, h):\n    return (f(x + h) - f(x - h)) / (2 * h)", 5),
}
TWICE = ("def difference_quotient(f, x, h):\n    return 2 * (f(x + h) - f(x)) / h", 3)
CRITICAL_POINT = {"8 is the profit P(3)": ("critical_x = 8", 9), "Check the sign": ("critical_x = -3", 4)}
STUDENTS, BROKEN, LATE = 54, 2, 6


def misconception_id(check, phrase):
    """The id of the misconception of ``check`` whose hint starts with ``phrase``, read from the check itself."""
    from misconceptions import misconceptions_defined

    import nbtools.checks.derivatives as module

    monkeypatch = pytest.MonkeyPatch()
    try:
        hints = [hint for name, hint in misconceptions_defined(monkeypatch, module, [check]) if hint.startswith(phrase)]
    finally:
        monkeypatch.undo()
    assert len(hints) == 1, (check, phrase, hints)
    return Misconception(hints[0], None).id


def planted():
    """{student: (answers, late)}: the mistakes dealt out in turn, so that they overlap across questions."""
    quotients = [code for code, count in [*DIFFERENCE_QUOTIENT.values(), TWICE] for _ in range(count)]
    points = [code for code, count in CRITICAL_POINT.values() for _ in range(count)]
    students = {}
    for number in range(STUDENTS - BROKEN):
        answers = {}
        if number < len(quotients):
            answers["difference_quotient"] = quotients[number]
        if number % 4 == 0 and points:
            answers["critical_point"] = points.pop()
        students[f"s{number:02d}"] = (answers, number % 9 == 1)
    assert not points and sum(late for _, late in students.values()) == LATE
    return students


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    import os

    inbox = tmp_path_factory.mktemp("class")
    for student, (answers, late) in planted().items():
        nbformat.write(submission(answers), inbox / f"{student}.ipynb")
        moment = (DEADLINE.timestamp() + 3600) if late else (DEADLINE.timestamp() - 3600)
        os.utime(inbox / f"{student}.ipynb", (moment, moment))
    for number in range(BROKEN):
        (inbox / f"broken{number}.ipynb").write_text('{"cells": [')
        os.utime(inbox / f"broken{number}.ipynb", (DEADLINE.timestamp(), DEADLINE.timestamp()))  # just in time
    out = tmp_path_factory.mktemp("grades")
    assert main(["grade", str(inbox), "--source", str(SOURCE), "--out", str(out), "--workers", "2",
                 "--deadline", DEADLINE.isoformat()]) == 0
    return out


def table(out, name):
    with open(out / name, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_the_report_counts_exactly_the_planted_misconceptions(report):
    counts = {(row["question"], row["misconception"]): int(row["students"]) for row in
              table(report, "report_misconceptions.csv")}
    expected = {("difference_quotient", misconception_id("difference_quotient", phrase)): count
                for phrase, (_, count) in DIFFERENCE_QUOTIENT.items()}
    expected |= {("critical_point", misconception_id("critical_point", phrase)): count
                 for phrase, (_, count) in CRITICAL_POINT.items()}
    expected[("difference_quotient", "shape-your-value-is-twice-the-answer")] = TWICE[1]
    for key, count in expected.items():
        assert counts.get(key) == count, key
    assert {int(row["of"]) for row in table(report, "report_misconceptions.csv")} == {STUDENTS - BROKEN}
    page = (report / "report.html").read_text()
    assert f"You subtracted in the wrong order: the quotient is (f(x + h) - f(x)) / h.: <b>12 of {STUDENTS - BROKEN}" \
        in page.replace("&#x27;", "'")


def test_the_case_most_students_fail_is_the_first_case_of_the_check(report):
    questions = {row["question"]: row for row in table(report, "report_questions.csv")}
    wrong = sum(count for _, count in DIFFERENCE_QUOTIENT.values()) + TWICE[1]
    assert (questions["difference_quotient"]["hardest_case"], int(questions["difference_quotient"]["hardest_case_students"])) \
        == ("f = P, x = 2, h = 0.5", wrong)
    assert int(questions["difference_quotient"]["hidden_tests_failed"]) == wrong
    assert questions["critical_point"]["hardest_case"] == ""  # a single value has no cases


def test_item_analysis_agrees_with_the_grade_book(report):
    """Difficulty is the share of the points earned; discrimination the correlation of a question's score with
    the rest of the score, over the graded students."""
    graded = [row for row in table(report, "grades.csv") if row["status"] == "graded"]
    questions = {row["question"]: row for row in table(report, "report_questions.csv")}
    for question, points in ASSIGNMENT.questions.items():
        scores = [float(row[question]) for row in graded]
        rests = [float(row["total"]) - score for row, score in zip(graded, scores)]
        row = questions[question]
        assert float(row["difficulty"]) == pytest.approx(statistics.fmean(scores) / points, abs=0.005)
        if len(set(scores)) > 1:
            assert float(row["discrimination"]) == pytest.approx(statistics.correlation(scores, rests), abs=0.005)
        else:
            assert row["discrimination"] == ""  # everyone scored the same: no discrimination to speak of
    assert float(questions["difference_quotient"]["full_marks_share"]) == pytest.approx(
        1 - (27 / (STUDENTS - BROKEN)), abs=0.005)


def test_the_report_names_who_was_not_graded_and_who_was_late(report):
    page = (report / "report.html").read_text()
    late = sorted(student for student, (_, is_late) in planted().items() if is_late)
    assert re.search(r"<h2>Not graded</h2><table>.*broken0.*the file is not valid notebook JSON.*broken1", page)
    section = page.split("<h2>Late</h2>")[1].split("<h2>")[0]
    assert re.findall(r"<tr><td>(s\d\d)</td>", section) == late and "1 h late" in section
    assert {row["student"] for row in table(report, "grades.csv") if row["late"] == "yes"} == set(late)


def test_the_report_is_a_standalone_page_with_an_inline_histogram(report):
    page = (report / "report.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "<svg" in page
    assert not re.search(r"<(script|link|img|iframe)\b|\b(src|href)=", page)
    bins = table(report, "report_histogram.csv")
    assert sum(int(row["students"]) for row in bins) == STUDENTS - BROKEN
    assert len(bins) == sum(ASSIGNMENT.questions.values()) + 1  # one bar per total, 0 to the maximum



def test_a_mistake_met_again_in_the_hidden_tests_is_not_counted_twice(report):
    """The wrong-order students also fail the hidden tests, diagnosed there as 'the opposite sign': they are
    counted under the visible check's misconception only."""
    counted = {row["misconception"] for row in table(report, "report_misconceptions.csv")
               if row["question"] == "difference_quotient"}
    assert not any("opposite-sign" in identifier for identifier in counted)
