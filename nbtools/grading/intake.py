"""Which file is whose, and when it was handed in: the submissions of a class, before any of them is graded.

``collect`` walks the folders an instructor gives (as an LMS or nbgrader's exchange lays them out) and says of
every file what becomes of it, so that nothing is dropped silently:

* a notebook is a ``Submission``: a student id, the path and the time it was handed in;
* anything else is *skipped*, with the reason: ``readme.txt`` (not a notebook), ``__MACOSX/`` and ``._x.ipynb``
  (macOS archive debris), ``.ipynb_checkpoints/`` (Jupyter's autosaves), other hidden files, symbolic links
  (an archive may carry one to a file of the grader's).

The student id is the notebook's file name (``alice.ipynb``), or, for a notebook inside a folder of the folder
given, that folder's name (Moodle's ``Alice Smith_1234_assignsubmission_file_/ps1.ipynb``, nbgrader's
``submitted/alice/ps1/problem1.ipynb``). With a **roster** (``read_roster``) each notebook is matched to one
student of it instead, by a file name the roster lists, by that id, or by the words of its path (a Canvas
download ``smithalice_LATE_12345_67890_ps1.ipynb`` holds the Canvas user id 12345; ``Alice Smith_late_2.ipynb``
holds the name): a notebook that matches no student, or several, is *unmatched*. Two notebooks of one student:
the newer is graded, the other reported.

The time of a submission is read from a ``timestamp.txt`` beside it, as nbgrader's exchange writes it
(``2026-03-01 23:58:00.123456 UTC``; an ISO 8601 time, or a numeric UTC offset or IANA zone name instead of
``UTC``, are read too), else it is the file's modification time (which an archive keeps, and a copy may not).
"""

import csv
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MAX_ROSTER_BYTES = 10 * 2**20
MAX_ID_CHARACTERS = 200
ROSTER_COLUMNS = ("student", "name", "email", "lms_id", "section", "files")
DEBRIS = {"__MACOSX": "macOS archive metadata", ".ipynb_checkpoints": "a Jupyter autosave (checkpoint)"}


class IntakeError(ValueError):
    """The submissions cannot be taken in as given (a bad roster, a bad deadline, two files for one id)."""


@dataclass(frozen=True)
class Student:
    """One row of the roster: the id the grade book uses, and what an LMS knows the student by."""

    id: str
    name: str = ""
    email: str = ""
    lms_id: str = ""
    section: str = ""
    files: tuple = ()


@dataclass
class Submission:
    """A notebook to grade: whose it is, where it is, and when it was handed in (an aware ``datetime``)."""

    student: str
    path: Path
    submitted: datetime | None = None
    time_source: str = ""

    @property
    def sha256(self):
        """The hash of the file's bytes: a submission whose hash has not changed need not be graded again."""
        digest = hashlib.sha256()
        with open(self.path, "rb") as file:
            for block in iter(lambda: file.read(2**20), b""):
                digest.update(block)
        return digest.hexdigest()


@dataclass
class Intake:
    """Everything found: the submissions, and every file or student that did not become one, with the reason."""

    submissions: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (path, why)
    unmatched: list = field(default_factory=list)  # (path, why)
    superseded: list = field(default_factory=list)  # (path, student): an older file of a student


def valid_student_id(student):
    """True for an id that is safe as a file name of its own (feedback/<id>.html): no folder, not hidden."""
    return (isinstance(student, str) and 0 < len(student) <= MAX_ID_CHARACTERS and not student.startswith(".")
            and not re.search(r"[/\\\x00-\x1f]", student))


def collect(arguments, roster=None):
    """The ``Intake`` of the files and folders ``arguments``; ``roster`` (a list of ``Student``) matches them."""
    intake, found = Intake(), []
    for argument in map(Path, arguments):
        if argument.is_dir():
            for path in sorted(p for p in argument.rglob("*") if p.is_file() or p.is_symlink()):
                relative = path.relative_to(argument)
                why = "a symbolic link (not followed)" if path.is_symlink() else skip_reason(relative)
                if why:
                    intake.skipped.append((path, why))
                else:
                    found.append((path, relative.parts[0] if len(relative.parts) > 1 else path.stem))
        elif argument.is_file():
            found.append((argument, argument.stem))
        else:
            raise FileNotFoundError(f"no such submission file or folder: {argument}")
    by_student = {}
    for path, name in found:
        student, why = (name, "") if roster is None else match(path, name, roster)
        if not valid_student_id(student):
            intake.unmatched.append((path, why or "its name cannot be a student id (it must be a file name of its "
                                               "own: no control characters, not starting with '.')"))
            continue
        by_student.setdefault(student, []).append(submission_at(student, path))
    for student, submissions in sorted(by_student.items()):
        if roster is None and len({s.path.name for s in submissions}) < len(submissions):
            raise IntakeError("two submissions have the same student id (file name): " + student)
        newest = max(submissions, key=lambda s: (s.submitted or datetime.min.replace(tzinfo=timezone.utc), str(s.path)))
        intake.submissions.append(newest)
        intake.superseded += [(s.path, student) for s in submissions if s is not newest]
    return intake


def skip_reason(relative):
    """Why a file found in a submissions folder is not graded, or '' for a notebook to grade."""
    for part in relative.parts:
        if part in DEBRIS:
            return DEBRIS[part]
        if part.startswith("._"):
            return "macOS archive metadata"
        if part.startswith("."):
            return "a hidden file"
    return "" if relative.suffix == ".ipynb" else "not a notebook (.ipynb)"


def match(path, name, roster):
    """``(student id, '')`` for the one roster student ``path`` belongs to, else ``('', why not)``."""
    for student in roster:
        if path.name in student.files or name in student.files:
            return student.id, ""
    for student in roster:
        if student.id.casefold() == name.casefold():
            return student.id, ""
    words = set(re.findall(r"[^\W_]+", str(path).casefold()))
    found = [student for student in roster
             if {student.id.casefold(), student.lms_id.casefold()} & words
             or (student.name and set(re.findall(r"[^\W_]+", student.name.casefold())) <= words)]
    if len(found) == 1:
        return found[0].id, ""
    if found:
        return "", "matches several students of the roster: " + ", ".join(student.id for student in found)
    return "", "matches no student of the roster"


def submission_at(student, path):
    """The ``Submission`` of ``path``, with its time from ``timestamp.txt`` beside it, else the file's."""
    stamp = path.parent / "timestamp.txt"
    if stamp.is_file():
        try:
            return Submission(student, path, read_timestamp(stamp.read_text(encoding="utf-8")[:200]), "timestamp.txt")
        except (ValueError, OSError):
            pass  # an unreadable stamp: the file's time, said so in time_source
    modified = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    return Submission(student, path, modified, "file modification time")


def read_timestamp(text):
    """An aware ``datetime`` from nbgrader's ``timestamp.txt`` (or ISO 8601 text); ``ValueError`` if unreadable."""
    moment, _, zone = text.strip().rpartition(" ")
    if not (moment and re.fullmatch(r"UTC|GMT|[+-]\d{4}|[A-Za-z]+(/[A-Za-z0-9_+-]+)+", zone)):
        return aware(datetime.fromisoformat(text.strip()))
    if zone in ("UTC", "GMT"):
        zone = timezone.utc
    elif zone[0] in "+-":
        zone = timezone(int(zone[0] + "1") * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:])))
    else:
        try:
            zone = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {zone!r}") from None
    return datetime.fromisoformat(moment).replace(tzinfo=zone)


def aware(moment):
    """``moment`` with a time zone: a time without one is read as the machine's local time."""
    return moment if moment.tzinfo else moment.astimezone()


def parse_deadline(text):
    """The ``--deadline`` as an aware ``datetime`` (ISO 8601: ``2026-03-01T23:59``, local time unless it says)."""
    try:
        return aware(datetime.fromisoformat(text))
    except ValueError:
        raise IntakeError(f"--deadline {text!r} is not a date and time like 2026-03-01T23:59 (ISO 8601; add +01:00 "
                          "or Z for a time zone other than this machine's)") from None


def read_roster(path):
    """The students of a roster CSV: a header row naming ``student`` (required) and any of ``name``, ``email``,
    ``lms_id``, ``section``, ``files`` (file names that are this student's, separated by ``;``)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_ROSTER_BYTES:
            raise IntakeError(f"the roster {path} is larger than {MAX_ROSTER_BYTES // 2**20} MB")
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise IntakeError(f"cannot read the roster {path}: {error}") from None
    rows = list(csv.reader(text.splitlines()))
    header = [column.strip().casefold() for column in rows[0]] if rows else []
    if "student" not in header:
        raise IntakeError(f"the roster {path} needs a header row with a 'student' column (and any of "
                          + ", ".join(ROSTER_COLUMNS[1:]) + ")")
    students, seen = [], set()
    for number, row in enumerate(rows[1:], start=2):
        values = {column: value.strip() for column, value in zip(header, row) if column in ROSTER_COLUMNS}
        if not any(values.values()):
            continue
        student = values.get("student", "")
        if not valid_student_id(student):
            raise IntakeError(f"the roster {path}, line {number}: {student!r} cannot be a student id "
                              "(it must be a file name of its own: no '/', not starting with '.')")
        if student in seen:
            raise IntakeError(f"the roster {path}, line {number}: the student {student!r} is listed twice")
        seen.add(student)
        files = tuple(name.strip() for name in values.get("files", "").split(";") if name.strip())
        students.append(Student(student, values.get("name", ""), values.get("email", ""), values.get("lms_id", ""),
                                values.get("section", ""), files))
    return students
