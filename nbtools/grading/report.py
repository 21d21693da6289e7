"""Write what grading found: the grade book (one CSV row per student) and one feedback page per student.

The feedback page is standalone HTML (inline CSS, no scripts, no external assets), readable offline
and safe to e-mail. For a visible check it shows what the learner's own check cell shows: the
headline, and for a failure the input, expected and received values, the problem and the hint. For
hidden tests it shows only whether they passed and a hint: never their code, inputs or expected
values (the verdict that reaches the grader does not even contain them).

Every string that may come from a student (the student id is a file name; the reasons quote the learner's
error messages) is escaped in HTML and neutralised for spreadsheets in the CSV: a cell starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so no spreadsheet runs it as a
formula. ``write_outputs`` writes everything into a fresh folder first and then moves each file into place
atomically; a symlink, FIFO or folder where a file should go is refused, never followed.
"""

import csv
import os
import shutil
import stat
import tempfile
from html import escape
from pathlib import Path

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.6rem; }
.score { font-size: 1.2rem; font-weight: bold; }
.card { border-left: 4px solid #999; padding: .4rem .8rem; margin: .5rem 0; background: #f7f7f7; }
.passed { border-color: #2e7d32; } .failed { border-color: #c62828; } .pending { border-color: #f9a825; }
.card p { margin: .2rem 0; } .label { font-weight: bold; }
.problems { background: #fff3e0; padding: .4rem .8rem; }
"""


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class OutputRefused(ValueError):
    """A target path is not a plain file (or a folder of them) that may be replaced; the message says which."""


def spreadsheet_safe(text):
    """``text`` as a CSV cell no spreadsheet evaluates: a leading formula character gets an apostrophe."""
    text = str(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_outputs(results, questions, out):
    """Write ``out/grades.csv`` and ``out/feedback/<student>.html`` atomically; returns the feedback folder.

    Everything is written into a fresh temporary folder inside ``out`` first; then each file replaces its
    target with ``os.replace``. A target that exists and is not a regular file (a symlink, a FIFO, a
    folder), or an ``out`` or ``out/feedback`` that is not a real folder, is refused before anything moves.
    """
    out, feedback = Path(out), Path(out) / "feedback"
    targets = output_targets(out, [result.student for result in results])
    out.mkdir(parents=True, exist_ok=True)
    feedback.mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".nbtools-grade-", dir=out))
    try:
        write_grade_book(results, questions, scratch / "grades.csv")
        for result in results:
            write_feedback(result, questions, scratch)
        for target in targets:
            os.replace(scratch / target.name, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return feedback


def output_targets(out, students):
    """The files grading ``students`` writes into ``out``; ``OutputRefused`` if one of them may not be replaced.

    The command line calls it before grading too, so that a bad output folder costs no grading time.
    """
    out = Path(out)
    for folder in (out, out / "feedback"):
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise OutputRefused(f"{folder} is not a folder (a symlink or a file): refusing to write into it")
    targets = [out / "grades.csv"] + [out / "feedback" / f"{student}.html" for student in students]
    for target in targets:
        refuse_unless_plain_file(target)
    return targets


def refuse_unless_plain_file(target):
    """Raise ``OutputRefused`` when ``target`` exists as anything but a regular file (symlinks not followed)."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        kind = ("a symlink" if stat.S_ISLNK(mode) else "a FIFO" if stat.S_ISFIFO(mode)
                else "a folder" if stat.S_ISDIR(mode) else "not a regular file")
        raise OutputRefused(f"{target} is {kind}: refusing to replace it (remove it and grade again)")


def write_grade_book(results, questions, path):
    """One row per student: points per question, total, maximum, status and the reason for anything odd."""
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["student", *questions, "total", "max", "status", "reason"])
        for result in results:
            earned = result.points()
            writer.writerow([spreadsheet_safe(result.student),
                             *(number(earned.get(question, 0)) for question in questions),
                             number(result.total), number(result.maximum),
                             "graded" if result.graded else "not graded", spreadsheet_safe(result.reason)])


def write_feedback(result, questions, folder):
    """Write ``<student>.html`` into ``folder`` and return its path."""
    path = folder / f"{result.student}.html"
    path.write_text(feedback_html(result, questions), encoding="utf-8")
    return path


def feedback_html(result, questions):
    """The feedback page of one student, as a string."""
    parts = [f"<h1>Feedback for {escape(result.student)}</h1>",
             f'<p class="score">{number(result.total)} of {number(result.maximum)} points</p>']
    if result.problems:
        parts.append('<div class="problems"><p class="label">While grading:</p><ul>'
                     + "".join(f"<li>{escape(problem)}</li>" for problem in result.problems) + "</ul></div>")
    earned = result.points()
    for position, (question, maximum) in enumerate(questions.items(), start=1):
        parts.append(f"<h2>Question {position}: <code>{escape(question)}</code> &mdash; "
                     f"{number(earned.get(question, 0))} of {number(maximum)} point{'' if maximum == 1 else 's'}</h2>")
        parts.extend(card(outcome) for outcome in result.outcomes if outcome.cell.question == question)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Feedback: {escape(result.student)}</title><style>{STYLE}</style></head>"
            f"<body>{''.join(parts)}</body></html>\n")


def card(outcome):
    """One grading cell's result as a small coloured box."""
    hidden = outcome.cell.role == "hidden"
    if outcome.status == "not graded":
        return box("failed", "Hidden tests: not graded." if hidden else "Not graded.",
                   [("Why", outcome.reason)])
    verdict = outcome.verdict
    if hidden:
        # Only the instructor's own hint: whatever the kernel sends could quote the hidden test's code.
        hint = "" if outcome.status == "passed" else outcome.cell.hint
        return box(css_class(outcome.status), f"Hidden tests of {verdict.get('name') or outcome.cell.question}: "
                                              f"{outcome.status}.",
                   [("Why", outcome.reason), ("Hint", hint)])
    lines = [(label, verdict.get(key, "")) for label, key in
             [("Input", "case"), ("Expected", "expected"), ("Received", "received"), ("Problem", "problem"),
              ("Hint", "hint")]]
    return box(css_class(outcome.status), headline(verdict), [("Why", outcome.reason), *lines])


def headline(verdict):
    """The check's one-line verdict, as the learner's own check cell words it (``CheckResult.headline``)."""
    status, passed, total = verdict.get("status"), verdict.get("passed", 0), verdict.get("total", 1)
    name = verdict.get("name") or verdict.get("question", "")
    if status == "not attempted yet":
        return f"… {name}: not attempted yet."
    if total == 1:
        return f"✔ {name}: correct." if status == "passed" else f"✘ {name}: not yet right."
    if status == "passed":
        return f"✔ {name}: passed all {total} cases."
    return f"✘ {name}: {passed} of {total} cases passed."


def box(kind, title, lines):
    """A card: a title and labelled lines (empty ones left out), all escaped."""
    body = "".join(f'<p><span class="label">{escape(label)}:</span> {escape(str(text))}</p>'
                   for label, text in lines if text)
    return f'<div class="card {kind}"><p class="label">{escape(title)}</p>{body}</div>'


def css_class(status):
    return {"passed": "passed", "not attempted yet": "pending"}.get(status, "failed")


def number(value):
    """Points without a needless ``.0``: 3, 2.5."""
    return f"{value:g}"
