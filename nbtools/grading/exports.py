"""The grade book as CSV files: for the instructor, for analysis, and for import into an LMS.

* ``grades.csv``: one row per student: points per question, total, maximum, status and the reason for anything
  odd (with a roster: name and LMS ids; with a deadline: when it was handed in and whether late). A submission
  that could not be graded has **empty** score cells, not 0, so that no import records a 0 for it;
* ``grades_long.csv``: one row per student and grading cell: question, the cell's number in the source, role,
  status, points, and the misconception the verdict names (``Misconception.id`` or a diagnosed shape);
* ``grades_canvas.csv`` and ``grades_moodle.csv``: the total, in each platform's import format (see
  ``canvas_csv`` and ``moodle_csv`` for the documentation they follow);
* ``submissions.csv``: every file this run found and every roster student, with what became of it.

Every cell that may come from a student (ids and names are file names or roster text; reasons quote error
messages) is neutralised for spreadsheets: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading apostrophe, so no spreadsheet runs it as a formula.
"""

import csv
import io

from .report import lateness, number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text):
    """``text`` as a CSV cell no spreadsheet evaluates: a leading formula character gets an apostrophe."""
    text = str(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows):
    """``rows`` (lists of cells) as CSV text, every text cell made spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) if isinstance(cell, str) else cell for cell in row])
    return buffer.getvalue()


def status(result):
    return "graded" if result.graded else "not graded"


def late(result, deadline):
    return "yes" if lateness(result.submitted, deadline) else "no"


def grade_book_csv(record):
    """``grades.csv``: one row per student of the grade book, then roster students without a submission."""
    questions = list(record.assignment.questions)
    roster = record.roster_by_id()
    identity = ["name", "lms_id", "email", "section"] if roster else []
    timing = ["submitted", "late"] if record.deadline else []
    rows = [["student", *identity, *questions, "total", "max", "status", *timing, "reason"]]
    maximum = number(sum(record.assignment.questions.values()))
    for result in record.results:
        earned = result.points()
        scores = ([number(earned.get(question, 0)) for question in questions] + [number(result.total)]
                  if result.graded else [""] * (len(questions) + 1))
        when = [result.submitted.isoformat() if result.submitted else "", late(result, record.deadline)]
        rows.append([result.student, *student_identity(roster.get(result.student), identity), *scores, maximum,
                     status(result), *(when if timing else []), result.reason])
    for student in record.missing():
        rows.append([student.id, *student_identity(student, identity), *[""] * (len(questions) + 1), maximum,
                     "no submission", *(["", ""] if timing else []), "no notebook of this student was found"])
    return csv_text(rows)


def student_identity(student, columns):
    """The roster's ``columns`` of ``student`` (blank for a student the roster lacks)."""
    return [getattr(student, column, "") if student else "" for column in columns]


def long_csv(record):
    """``grades_long.csv``: a row per student and grading cell, for analysis in a spreadsheet or pandas."""
    rows = [["student", "question", "cell", "role", "status", "points", "max", "misconception"]]
    for result in record.results:
        for outcome in result.outcomes:
            cell = outcome.cell
            rows.append([result.student, cell.question, cell.number, cell.role, outcome.status,
                         number(outcome.earned) if result.graded else "", number(cell.points),
                         outcome.verdict.get("misconception", "")])
    return csv_text(rows)


def canvas_csv(record):
    """``grades_canvas.csv``, for Canvas's Gradebook > Import.

    Canvas imports the file its Gradebook exports ("How do I import grades in the Gradebook?", Canvas Instructor
    Guide, https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807):
    the columns ``Student, ID, SIS User ID, SIS Login ID, Section`` identify the student (Canvas matches a row by ``ID``, its own user id, else by the SIS ids),
    then one column per assignment, headed by its name (``Name (id)`` updates that assignment; a new name creates
    one), and an optional second row ``Points Possible``. Here: ``Student`` is the roster's name, ``ID`` its
    ``lms_id``, ``SIS User ID`` the student id. A submission that was not graded has an empty cell, which Canvas
    leaves ungraded.
    """
    roster = record.roster_by_id()
    rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", record.lms_column],
            ["    Points Possible", "", "", "", "", number(sum(record.assignment.questions.values()))]]
    for result in record.results:
        student = roster.get(result.student)
        rows.append([student.name if student else result.student, student.lms_id if student else "",
                     result.student, "", student.section if student else "",
                     number(result.total) if result.graded else ""])
    return csv_text(rows)


def moodle_csv(record):
    """``grades_moodle.csv``, for Moodle's Grades > Import > CSV file.

    Moodle imports the format its grade export writes ("Grade import", MoodleDocs,
    https://docs.moodle.org/en/Grade_import: "The import file format is the same as the corresponding export
    format"; its CSV export has the columns ``First name, Last name, ID number, Institution, Department, Email
    address`` and then one per grade item). On import the instructor maps a column to the user ("Map from" ``ID
    number`` to ``useridnumber``, or ``Email address`` to ``useremail``) and the grade column to a grade item.
    Here ``ID number`` is the student id, the names and email come from the roster. A submission that was not
    graded has an empty cell, which Moodle skips.
    """
    roster = record.roster_by_id()
    rows = [["First name", "Last name", "ID number", "Institution", "Department", "Email address", record.lms_column]]
    for result in record.results:
        student = roster.get(result.student)
        first, _, last = (student.name if student else "").rpartition(" ")
        rows.append([first, last, result.student, "", "", student.email if student else "",
                     number(result.total) if result.graded else ""])
    return csv_text(rows)


def submissions_csv(record):
    """``submissions.csv``: every file of this run and every roster student without one, and what became of it."""
    rows = [["file", "student", "what", "submitted", "time from", "late", "reason"]]
    results = {result.student: result for result in record.results}
    intake = record.intake
    for submission in intake.submissions:
        result = results[submission.student]
        what = ("graded" if result.graded else "not graded") if submission.student in record.graded_now \
            else "unchanged since graded"
        rows.append([str(submission.path), submission.student, what,
                     submission.submitted.isoformat() if submission.submitted else "", submission.time_source,
                     late(result, record.deadline) if record.deadline else "", result.reason])
    rows += [[str(path), student, "not graded: an older file of this student", "", "", "", ""]
             for path, student in intake.superseded]
    rows += [[str(path), "", "not graded: no student", "", "", "", why] for path, why in intake.unmatched]
    rows += [[str(path), "", "skipped", "", "", "", why] for path, why in intake.skipped]
    rows += [["", student.id, "no submission", "", "", "", "no notebook of this student was found"]
             for student in record.missing()]
    return csv_text(rows)
