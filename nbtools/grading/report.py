"""One feedback page per student: what grading found, for the learner to read after the fact.

The page is standalone HTML (inline CSS, no scripts, no external assets), readable offline and safe to e-mail.
It names the assignment and when the work was handed in and graded, and each question by its title in the
source (``Question 1: the difference quotient, numerically``). For a visible check it shows what the learner's
own check cell shows: the headline, and for a failure the input, expected and received values, the problem and
the hint; a hint written for someone in front of the notebook ("run the answer cell first") is reworded for a
reader of a report. An nbgrader autograder test is shown by its docstring, with the line that failed (never one
of its hidden tests). For hidden tests it shows only whether they passed and the instructor's hint: never their
code, inputs or expected values, nor any text the kernel sent. Parts of an nbgrader assignment graded by hand
are named, since this grade book does not score them.

Every string that may come from a student (the student id is a file name; the reasons quote the learner's
error messages) is HTML-escaped.
"""

import ast
from datetime import timezone
from html import escape

from ..checks.engine import TEMPLATE_FUNCTION_HINT, TEMPLATE_VALUE_HINT

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.6rem; }
.score { font-size: 1.2rem; font-weight: bold; } .when { color: #555; }
.card { border-left: 4px solid #999; padding: .4rem .8rem; margin: .5rem 0; background: #f7f7f7; }
.passed { border-color: #2e7d32; } .failed { border-color: #c62828; } .pending { border-color: #f9a825; }
.card p { margin: .2rem 0; } .label { font-weight: bold; }
.problems { background: #fff3e0; padding: .4rem .8rem; }
"""

# The engine's hints for an untouched template speak to someone at the notebook; a report's reader cannot run
# a cell any more. What the page says instead:
PAGE_HINTS = {
    TEMPLATE_FUNCTION_HINT: "When your work was graded, this function still raised the template's "
                            "`NotImplementedError`: the question was not answered.",
    TEMPLATE_VALUE_HINT: "When your work was graded, this answer was still the template's `...`: the question was "
                         "not answered.",
}


def feedback_html(result, assignment, deadline=None):
    """The feedback page of one student (a ``StudentResult``), as a string."""
    questions = assignment.questions
    title = assignment.title or "Feedback"
    score = (f"{number(result.total)} of {number(result.maximum)} points" if result.graded
             else f"Not graded (out of {number(result.maximum)} points): see below why")
    parts = [f"<h1>{escape(title)}: feedback for {escape(result.student)}</h1>",
             f'<p class="when">{escape(when_line(result, deadline))}</p>', f'<p class="score">{score}</p>']
    if assignment.manual:
        parts.append('<p class="when">Graded by hand, not in this grade book: '
                     + escape(", ".join(assignment.manual)) + ".</p>")
    if result.problems:
        parts.append('<div class="problems"><p class="label">While grading:</p><ul>'
                     + "".join(f"<li>{escape(problem)}</li>" for problem in result.problems) + "</ul></div>")
    earned = result.points()
    for question, maximum in questions.items():
        mark = f"{number(earned.get(question, 0))} of " if result.graded else "out of "
        parts.append(f"<h2>{escape(assignment.titles.get(question, question))} &mdash; {mark}{number(maximum)} "
                     f"point{'' if maximum == 1 else 's'}</h2>")
        parts.extend(card(outcome) for outcome in result.outcomes if outcome.cell.question == question)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}: {escape(result.student)}</title><style>{STYLE}</style></head>"
            f"<body>{''.join(parts)}</body></html>\n")


def when_line(result, deadline=None):
    """When the work was handed in (and whether late) and graded, in one line."""
    parts = []
    if result.submitted:
        parts.append(f"Handed in {moment(result.submitted)}")
        if deadline:
            parts[-1] += f" ({lateness(result.submitted, deadline) or 'on time'})"
    if result.graded_at:
        parts.append(f"graded {moment(result.graded_at)}")
    return "; ".join(parts) + "." if parts else ""


def lateness(submitted, deadline):
    """'' when ``submitted`` is not after ``deadline``, else how late: '1 d 2 h 5 min late'."""
    if not (submitted and deadline and submitted > deadline):
        return ""
    minutes = int((submitted - deadline).total_seconds() // 60)
    parts = [f"{value} {unit}" for value, unit in ((minutes // 1440, "d"), (minutes % 1440 // 60, "h"),
                                                   (minutes % 60, "min")) if value]
    return (" ".join(parts) or "less than a minute") + " late"


def moment(when):
    """A time as people read it, in UTC: 2026-03-01 22:58 UTC."""
    return when.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


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
    hint = verdict.get("hint", "")
    if outcome.cell.role == "test":
        mark = {"passed": "✔", "not attempted yet": "…"}.get(outcome.status, "✘")
        return box(css_class(outcome.status), f"{mark} {test_title(outcome.cell)}: {outcome.status}.",
                   [("Why", outcome.reason), ("Failed at", verdict.get("case", "")),
                    ("Problem", verdict.get("problem", "")), ("Hint", PAGE_HINTS.get(hint, hint))])
    lines = [(label, verdict.get(key, "")) for label, key in
             [("Input", "case"), ("Expected", "expected"), ("Received", "received"), ("Problem", "problem")]]
    return box(css_class(outcome.status), headline(verdict),
               [("Why", outcome.reason), *lines, ("Hint", PAGE_HINTS.get(hint, hint))])


def test_title(cell):
    """An autograder test's name for the page: its docstring (nbgrader's tests start with one), or its cell."""
    try:
        docstring = ast.get_docstring(ast.parse(cell.source))
    except SyntaxError:
        docstring = None
    return docstring.strip().splitlines()[0] if docstring else f"Test in cell {cell.number}"


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
