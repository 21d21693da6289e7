"""Everything ``nbtools grade`` writes, written so that no run can leave a half-written or hijacked output.

``output_files`` composes the files of one run from the grade book (``ClassRecord``): the grade book and its
exports (``exports.py``), the class report (``class_report.py``), a feedback page per student (``report.py``)
and the kept state (``gradebook.py``). ``publish`` writes them all into a fresh scratch folder inside the output
folder first, then moves each into place with ``os.replace`` (atomic), the state last: a crash or Ctrl-C before
that leaves every file as it was, and one during it leaves each file whole, old or new, with the old state,
so the next run grades again what it must. A target that exists and is not a regular file (a symlink, a FIFO,
a folder), or an output folder that is not a real folder, is refused before anything moves.
"""

import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import class_report, exports
from .gradebook import STATE_NAME
from .intake import Intake
from .report import feedback_html

TABLES = {"grades.csv": exports.grade_book_csv, "grades_long.csv": exports.long_csv,
          "grades_canvas.csv": exports.canvas_csv, "grades_moodle.csv": exports.moodle_csv,
          "submissions.csv": exports.submissions_csv, "report.html": class_report.report_html,
          "report_questions.csv": class_report.questions_csv,
          "report_misconceptions.csv": class_report.misconceptions_csv,
          "report_histogram.csv": class_report.histogram_csv}


class OutputRefused(ValueError):
    """A target path is not a plain file (or a folder of them) that may be replaced; the message says which."""


@dataclass
class ClassRecord:
    """What the outputs are written from: the assignment, every student's result (the whole grade book, sorted),
    the roster (or None), the deadline (or None), this run's ``Intake``, the students graded in this run, and
    the assignment's column header in the LMS exports."""

    assignment: object
    results: list
    roster: list | None = None
    deadline: object = None
    intake: Intake = field(default_factory=Intake)
    graded_now: set = field(default_factory=set)
    lms_column: str = ""

    def roster_by_id(self):
        return {student.id: student for student in self.roster or []}

    def missing(self):
        """Roster students with no result in the grade book."""
        known = {result.student for result in self.results}
        return [student for student in self.roster or [] if student.id not in known]


def output_names(students):
    """The paths (relative to the output folder) that a grade book of ``students`` is written to."""
    return [*TABLES, *(f"feedback/{student}.html" for student in students), STATE_NAME]


def output_files(record, book):
    """``{relative path: text}`` of every output, the state (``book.to_json()``) last."""
    files = {name: write(record) for name, write in TABLES.items()}
    for result in record.results:
        files[f"feedback/{result.student}.html"] = feedback_html(result, record.assignment, record.deadline)
    files[STATE_NAME] = book.to_json()
    return files


def refuse_targets(out, names):
    """``OutputRefused`` if ``out``, ``out/feedback`` or a target among ``names`` may not be written or replaced.

    The command line calls it before grading too, so that a bad output folder costs no grading time.
    """
    out = Path(out)
    for folder in (out, out / "feedback"):
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise OutputRefused(f"{folder} is not a folder (a symlink or a file): refusing to write into it")
    for name in names:
        refuse_unless_plain_file(out / name)


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


def publish(files, out, remove=()):
    """Write ``files`` (``{relative path: text}``) into ``out``: all into a scratch folder, then each moved into
    place in order; then delete the regular files ``remove`` (relative paths) that are not among them."""
    out = Path(out)
    refuse_targets(out, files)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".nbtools-grade-", dir=out))
    try:
        staged = []
        for number, (name, text) in enumerate(files.items()):
            path = scratch / str(number)
            path.write_text(text, encoding="utf-8")
            staged.append((path, out / name))
        for path, target in staged:
            os.replace(path, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for name in set(remove) - set(files):
        target = out / name
        if target.is_file() and not target.is_symlink():
            target.unlink()
