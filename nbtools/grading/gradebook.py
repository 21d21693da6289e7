"""The grade book that grading runs update in place: every student's result, kept between runs.

``nbtools grade`` keeps what it found in the output folder (``grading-state.json``, beside ``grades.csv``): for
each student the full result (every grading cell's verdict), the hash of the submitted file, the hash of the
source it was graded against, and which version of the grader graded it. A later run

* grades only the submissions whose file, source or grader changed since (a late submission costs one kernel);
* keeps every other student's row: grading ``dave.ipynb`` alone changes dave's row and no one else's;
* refuses, before grading, when it could only lose rows: a ``grades.csv`` without its state (made by an older
  nbtools), or students graded against another version of the source who are not being graded again.
  ``--start-over`` discards the kept results instead.

The state is read defensively: it lives in a folder others may write to, and a damaged or crafted file must
neither crash the grader nor shrink the grade book. It is read whole, within a size limit, and checked field
by field against the assignment (student ids safe as file names, statuses and points that the assignment can
give, bounded texts); anything wrong refuses the run with the reason, and the grade book is left as it was.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .grade import Outcome, StudentResult
from .intake import valid_student_id

STATE_NAME = "grading-state.json"
FORMAT = 1
MAX_STATE_BYTES = 512 * 2**20
MAX_TEXT = 5_000  # characters of any text in the state (a verdict's lines are bounded to about 1,000)
MAX_ITEMS = 1_000  # problems of one student
STATUSES = ("passed", "failed", "not attempted yet", "not graded")
VERDICT_TEXTS = ("name", "status", "problem", "case", "expected", "received", "hint", "misconception")
VERDICT_COUNTS = ("passed", "total")


class StateRefused(ValueError):
    """The kept state cannot be used, or using it would lose rows; the message says why and what to do."""


@dataclass
class Entry:
    """One student's kept result, and what it was graded from: hashes of the file and the source, the grader."""

    result: StudentResult
    submission: str
    source: str
    grader: str


def grader_version():
    """A hash of every Python file of the installed nbtools: results of another version are graded again."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class GradeBook:
    """Every student's latest result for one assignment, by student id."""

    def __init__(self, assignment, source, grader, entries=None):
        self.assignment, self.source, self.grader = assignment, source, grader
        self.entries = dict(entries or {})

    @classmethod
    def load(cls, out, assignment, source, grader, start_over=False):
        """The grade book kept in ``out`` (empty with ``start_over``, or when ``out`` has none yet)."""
        path = Path(out) / STATE_NAME
        if start_over:
            return cls(assignment, source, grader)
        if not path.exists() and not path.is_symlink():
            if (Path(out) / "grades.csv").exists():
                raise StateRefused(f"{Path(out) / 'grades.csv'} has no {STATE_NAME} beside it (an older nbtools made "
                                   "it?), so its rows could not be kept: grade every submission again with "
                                   "--start-over, or choose another --out")
            return cls(assignment, source, grader)
        try:
            return cls(assignment, source, grader, read_state(path, assignment, source))
        except StateRefused as error:
            raise StateRefused(f"{path} cannot be used ({error}); nothing was graded or written. Grade every "
                               "submission again with --start-over, or restore the file") from None

    def current(self, submission, digest):
        """The kept result of ``submission`` if its file, the source and the grader are what it was graded from
        (and it was graded); else None."""
        entry = self.entries.get(submission.student)
        if entry and entry.result and entry.result.graded and (entry.submission, entry.source, entry.grader) == \
                (digest, self.source, self.grader):
            return entry.result
        return None

    def refuse_stale(self, students):
        """``StateRefused`` if students not among ``students`` (this run's) were graded against another source."""
        stale = sorted(student for student, entry in self.entries.items()
                       if entry.source != self.source and student not in students)
        if stale:
            shown = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
            raise StateRefused(f"{len(stale)} students of the grade book were graded against another version of the "
                               f"source and are not in this run ({shown}): grade their submissions too, or start "
                               "over with --start-over")

    def record(self, result, digest):
        """Keep ``result`` (graded from a file of hash ``digest``), replacing the student's earlier one."""
        self.entries[result.student] = Entry(result, digest, self.source, self.grader)

    @property
    def results(self):
        """Every student's result, sorted by student id (once ``refuse_stale`` has passed and the run's results
        are recorded, every entry has one)."""
        return [self.entries[student].result for student in sorted(self.entries)]

    def to_json(self):
        """The state file's text."""
        cells = self.assignment.grading_cells
        students = {student: {"submission": entry.submission, "source": entry.source, "grader": entry.grader,
                              **result_to_dict(entry.result, cells)}
                    for student, entry in sorted(self.entries.items())}
        return json.dumps({"format": FORMAT, "students": students}, indent=1) + "\n"


def result_to_dict(result, cells):
    """A ``StudentResult`` as plain data; each outcome names its grading cell by its position in ``cells``."""
    return {"file": result.file, "graded": result.graded, "problems": list(result.problems),
            "submitted": moment_text(result.submitted), "graded_at": moment_text(result.graded_at),
            "outcomes": [{"cell": cells.index(outcome.cell), "earned": outcome.earned, "status": outcome.status,
                          "verdict": outcome.verdict, "reason": outcome.reason} for outcome in result.outcomes]}


def moment_text(moment):
    return moment.isoformat() if moment else None


def read_state(path, assignment, source):
    """``{student: Entry}`` from the state file at ``path``; ``StateRefused`` naming the first thing wrong.

    Only entries graded against ``source`` (the source's hash) have their results read: another source's are
    checked for their id and hashes and then must be graded again (their ``result`` is None)."""
    require(not path.is_symlink() and path.is_file(), "it is not a regular file")
    require(path.stat().st_size <= MAX_STATE_BYTES, f"it is larger than {MAX_STATE_BYTES // 2**20} MB")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise StateRefused(f"it is not readable JSON: {type(error).__name__}") from None
    require(isinstance(data, dict) and data.get("format") == FORMAT, f"it is not format {FORMAT}")
    students = data.get("students")
    require(isinstance(students, dict), "it has no 'students'")
    return {student: read_entry(student, entry, assignment, source) for student, entry in students.items()}


def read_entry(student, entry, assignment, source):
    """One student's ``Entry``, every field checked."""
    require(valid_student_id(student), f"{str(student)[:50]!r} is not a valid student id")
    require(isinstance(entry, dict), f"{student}: not an object")
    for key in ("submission", "source", "grader"):
        require(is_hex(entry.get(key)), f"{student}: '{key}' is not a hash")
    result = read_result(student, entry, assignment) if entry["source"] == source else None
    return Entry(result, entry["submission"], entry["source"], entry["grader"])


def read_result(student, entry, assignment):
    """The ``StudentResult`` of a state entry graded against this assignment's source."""
    problems, graded = entry.get("problems"), entry.get("graded")
    require(isinstance(graded, bool), f"{student}: 'graded' is not true or false")
    require(isinstance(problems, list) and len(problems) <= MAX_ITEMS and all(map(is_text, problems)),
            f"{student}: 'problems' is not a list of texts")
    require(is_text(entry.get("file")), f"{student}: 'file' is not a text")
    outcomes = entry.get("outcomes")
    cells = assignment.grading_cells
    require(isinstance(outcomes, list) and len(outcomes) == len(cells), f"{student}: not one outcome per grading cell")
    return StudentResult(student, [read_outcome(student, outcome, cells, position, graded)
                                   for position, outcome in enumerate(outcomes)],
                         problems, graded, entry["file"], read_moment(student, entry.get("submitted")),
                         read_moment(student, entry.get("graded_at")))


def read_outcome(student, outcome, cells, position, graded):
    """One grading cell's ``Outcome``: its cell in place, a status it can have, the points that status earns."""
    require(isinstance(outcome, dict) and outcome.get("cell") == position, f"{student}: outcome {position} is misplaced")
    cell, status, earned = cells[position], outcome.get("status"), outcome.get("earned")
    require(status in STATUSES and (graded or status == "not graded"), f"{student}: outcome {position} has a bad status")
    require(type(earned) in (int, float) and earned == (cell.points if status == "passed" else 0),
            f"{student}: outcome {position} earns points its status cannot")
    verdict = outcome.get("verdict")
    require(isinstance(verdict, dict) and set(verdict) <= {*VERDICT_TEXTS, *VERDICT_COUNTS, "withheld"}
            and all(is_text(verdict[key]) for key in VERDICT_TEXTS if key in verdict)
            and all(type(verdict[key]) is int and 0 <= verdict[key] <= 10**6 for key in VERDICT_COUNTS if key in verdict)
            and isinstance(verdict.get("withheld", False), bool), f"{student}: outcome {position} has a bad verdict")
    require(is_text(outcome.get("reason")), f"{student}: outcome {position} has a bad reason")
    return Outcome(cell, earned, status, verdict, outcome["reason"])


def read_moment(student, text):
    """None, or an aware ``datetime`` from ISO text."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text) if is_text(text) else None
    except ValueError:
        moment = None
    require(moment is not None and moment.tzinfo is not None, f"{student}: a time is not an ISO 8601 time")
    return moment


def is_text(value):
    return isinstance(value, str) and len(value) <= MAX_TEXT


def is_hex(value):
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def require(condition, problem):
    if not condition:
        raise StateRefused(problem)
