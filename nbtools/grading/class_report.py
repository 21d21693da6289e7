"""The class report: what a class got right and wrong, read in a minute, so the instructor knows what to re-teach.

``report.html`` is a standalone page (inline CSS, plots as inline SVG, no scripts). It shows

* the score distribution (a histogram of totals) and, per question, the mean, median and highest score and the
  share of students with full marks;
* per question, **the misconceptions the class holds, counted** ("You transposed W: 31 of 200 students"): each
  verdict names the misconception its hint is about (``Misconception.id``, or the kind of a diagnosed mistake,
  ``shape-...``), and a student is counted once per misconception and question (``misconceptions_held``); the
  most common ones across the assignment head the page;
* the case most students fail (the first failing case of a visible check); for hidden tests only how many failed
  and the instructor's hint, never their cases;
* item analysis: each question's difficulty (the share of its points the class earned) and discrimination (the
  correlation of its score with the rest of the score, the point-biserial correlation for a question marked
  right or wrong: near 0 or negative, the question does not separate the students who know the material);
* who was not graded and why, late submissions, and files or roster students that did not become a grade.

Statistics are over the graded students; the data are also written as CSV (``report_questions.csv``,
``report_misconceptions.csv``, ``report_histogram.csv``). Everything shown is HTML-escaped.
"""

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html import escape

from .exports import csv_text
from .report import lateness, moment, number

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
h3 { font-size: 1rem; margin-bottom: .3rem; }
table { border-collapse: collapse; margin: .5rem 0; } td, th { padding: .2rem .6rem; text-align: left; }
th { border-bottom: 1px solid #999; } tr:nth-child(even) td { background: #f5f5f5; }
td.n { text-align: right; font-variant-numeric: tabular-nums; } .muted { color: #666; }
.bar { fill: #3f6fb5; } .axis { stroke: #999; } svg text { font-size: 11px; fill: #333; }
"""


@dataclass
class QuestionStatistics:
    """How the class did on one question (over the graded students)."""

    question: str
    title: str
    points: float
    scores: list
    difficulty: float | None
    discrimination: float | None
    misconceptions: list = field(default_factory=list)  # (id, label, students), most common first
    hardest_case: tuple = ("", 0)  # (the case most students fail first, how many)
    hidden_failed: int = 0
    hidden_hint: str = ""

    @property
    def full_marks(self):
        return sum(score == self.points for score in self.scores) / len(self.scores) if self.scores else None


def question_statistics(record):
    """``[QuestionStatistics]`` in question order, from the graded results of ``record``."""
    graded = [result for result in record.results if result.graded]
    totals = [result.total for result in graded]
    found = []
    for question, points in record.assignment.questions.items():
        scores = [result.points().get(question, 0) for result in graded]
        rests = [total - score for total, score in zip(totals, scores)]
        found.append(QuestionStatistics(
            question, record.assignment.titles.get(question, question), points, scores,
            statistics.fmean(scores) / points if scores and points else None, correlation(scores, rests),
            misconceptions_held(graded, question), hardest_case(graded, question), *hidden_failures(graded, question)))
    return found


def correlation(xs, ys):
    """Pearson's correlation of ``xs`` and ``ys``, or None when either does not vary (or fewer than 3 students)."""
    if len(xs) < 3 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    return statistics.correlation(xs, ys)


def misconceptions_held(graded, question):
    """``[(id, label, students)]``: each misconception the verdicts of ``question`` name, with how many students
    hold it, most common first. A student counts once per misconception; a hidden test's diagnosis counts only
    for a student whose visible checks named none (the same mistake, met again on the hidden cases, is not
    counted twice). A visible check's misconception is labelled by the hint the students saw, a hidden test's
    by its id only (its hint may hold numbers of the hidden cases)."""
    students, hints = Counter(), {}
    for result in graded:
        named = {"visible": set(), "hidden": set()}
        for outcome in result.outcomes:
            identifier = outcome.verdict.get("misconception", "")
            if outcome.cell.question != question or outcome.status != "failed" or not identifier:
                continue
            hidden = outcome.cell.role == "hidden"
            named["hidden" if hidden else "visible"].add(identifier)
            if not hidden:
                hints.setdefault(identifier, Counter())[outcome.verdict.get("hint", "")] += 1
        students.update(named["visible"] or named["hidden"])
    return [(identifier, hints[identifier].most_common(1)[0][0] if identifier in hints else readable(identifier), count)
            for identifier, count in sorted(students.items(), key=lambda item: (-item[1], item[0]))]


def readable(identifier):
    """An id as words: 'shape-your-values-are-the-answer-times' -> 'your values are the answer times …'."""
    words = identifier.removeprefix("shape-").split("-")
    if not identifier.startswith("shape-") and len(words[-1]) == 4:
        words = words[:-1]  # the hash that tells hints with the same first words apart
    return " ".join(words) + " …"


def hardest_case(graded, question):
    """``(case, students)``: the case of a visible check of ``question`` that most students fail first."""
    cases = Counter(outcome.verdict.get("case", "") for result in graded for outcome in result.outcomes
                    if outcome.cell.question == question and outcome.cell.role != "hidden"
                    and outcome.status == "failed" and outcome.verdict.get("case"))
    return cases.most_common(1)[0] if cases else ("", 0)


def hidden_failures(graded, question):
    """``(students, hint)``: how many students fail a hidden test of ``question``, and the instructor's hint."""
    def hidden(outcome):
        return outcome.cell.question == question and outcome.cell.role == "hidden"

    students = sum(any(hidden(outcome) and outcome.status != "passed" for outcome in result.outcomes)
                   for result in graded)
    hints = [outcome.cell.hint for result in graded for outcome in result.outcomes if hidden(outcome)
             and outcome.cell.hint]
    return students, hints[0] if hints else ""


def histogram(record):
    """``[(low, high, students)]``: totals of the graded students in bins of one point (ten bins above 20)."""
    maximum = sum(record.assignment.questions.values())
    totals = [result.total for result in record.results if result.graded]
    width, count = (1, int(maximum) + 1) if maximum <= 20 else (maximum / 10, 10)
    bins = [(index * width, min(maximum, (index + 1) * width)) for index in range(count)]
    counts = [0] * len(bins)
    for total in totals:
        counts[min(len(bins) - 1, int(total // width))] += 1
    return [(low, high, count) for (low, high), count in zip(bins, counts)]


# --- the page -----------------------------------------------------------------------------------------------

def report_html(record):
    """``report.html``: the class report as a standalone page."""
    stats = question_statistics(record)
    graded = [result for result in record.results if result.graded]
    totals = [result.total for result in graded]
    maximum = sum(record.assignment.questions.values())
    late = [result for result in record.results if lateness(result.submitted, record.deadline)]
    summary = (f"{len(graded)} of {len(record.results)} submissions graded"
               + (f"; mean {number(round(statistics.fmean(totals), 2))}, median {number(statistics.median(totals))} "
                  f"of {number(maximum)} points" if totals else "")
               + (f"; {len(late)} late" if record.deadline else "") + ".")
    parts = [f"<h1>{escape(record.assignment.title or 'Assignment')}: class report</h1>",
             f'<p class="muted">{escape(summary)} Written {moment(datetime.now(timezone.utc))}.</p>',
             "<h2>Most common mistakes</h2>", top_mistakes(stats, len(graded)),
             "<h2>Scores</h2>", histogram_svg(histogram(record)),
             "<h2>Questions</h2>", questions_table(stats),
             "<p class='muted'>Difficulty: the share of the question's points the class earned. Discrimination: "
             "the correlation of the question's score with the rest of the score (point-biserial for a question "
             "marked right or wrong); near 0 or below, the question does not tell apart the students who know the "
             "material. Hardest case: the input most students fail first.</p>",
             *(question_section(stat, len(graded)) for stat in stats),
             "<h2>Not graded</h2>", table(["student", "why"], [[r.student, r.reason] for r in record.results
                                                               if not r.graded], "Every submission was graded."),
             "<h2>Late</h2>", late_table(late, record.deadline), "<h2>Files and roster</h2>", intake_list(record)]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(record.assignment.title or 'Assignment')}: class report</title><style>{STYLE}</style>"
            f"</head><body>{''.join(parts)}</body></html>\n")


def top_mistakes(stats, students, limit=10):
    """The misconceptions held by the most students, over every question."""
    rows = sorted(((count, stat.title, label) for stat in stats for _, label, count in stat.misconceptions),
                  key=lambda row: -row[0])[:limit]
    return table(["students", "question", "mistake"], [[f"{count} of {students}", title, label]
                                                       for count, title, label in rows],
                 "No known mistake was made.", numeric=1)


def questions_table(stats):
    rows = [[stat.title, number(stat.points), fixed(statistics.fmean(stat.scores)) if stat.scores else "",
             number(statistics.median(stat.scores)) if stat.scores else "", number(max(stat.scores, default=0)),
             percent(stat.full_marks), fixed(stat.difficulty), fixed(stat.discrimination),
             f"{stat.hardest_case[0]} ({stat.hardest_case[1]})" if stat.hardest_case[1] else ""] for stat in stats]
    return table(["question", "points", "mean", "median", "max", "full marks", "difficulty", "discrimination",
                  "hardest case"], rows, "", numeric=8)


def question_section(stat, students):
    """One question: its misconceptions counted, and what its hidden tests say."""
    items = [f"<li>{escape(label)}: <b>{count} of {students}</b> students</li>"
             for _, label, count in stat.misconceptions]
    if stat.hidden_failed:
        hint = f" Their hint: {escape(stat.hidden_hint)}" if stat.hidden_hint else ""
        items.append(f"<li>Hidden tests failed: <b>{stat.hidden_failed} of {students}</b> students.{hint}</li>")
    body = f"<ul>{''.join(items)}</ul>" if items else '<p class="muted">No known mistake was made.</p>'
    return f"<h3>{escape(stat.title)}</h3>{body}"


def late_table(late, deadline):
    if not deadline:
        return '<p class="muted">No deadline was given (--deadline).</p>'
    return table(["student", "handed in", "late by"],
                 [[r.student, moment(r.submitted), lateness(r.submitted, deadline)] for r in late],
                 f"Nothing was handed in after {moment(deadline)}.")


def intake_list(record):
    """How many files and roster students did not become a grade, and where the details are."""
    intake = record.intake
    lines = [(len(intake.unmatched), "files matched no student of the roster"),
             (len(record.missing()), "students of the roster handed in no notebook"),
             (len(intake.superseded), "older files of a student were not graded (the newest was)"),
             (len(intake.skipped), "files were skipped (not notebooks, or archive debris)")]
    items = "".join(f"<li>{count} {escape(what)}</li>" for count, what in lines if count)
    return (f"<ul>{items}</ul><p class='muted'>Each is listed in submissions.csv.</p>" if items
            else '<p class="muted">Every file became a submission of a student.</p>')


def table(header, rows, empty, numeric=None):
    """An HTML table (every cell escaped), or the sentence ``empty`` when there are no rows."""
    if not rows:
        return f'<p class="muted">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(cell)}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f'<td{" class=n" if numeric is not None and 0 < index < numeric else ""}>'
                                    f"{escape(str(cell))}</td>" for index, cell in enumerate(row)) + "</tr>"
                   for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def histogram_svg(bins, width=640, height=200):
    """The histogram as inline SVG: a bar per bin, labelled below with its lower edge and above with its count."""
    top = max((count for _, _, count in bins), default=0) or 1
    slot = (width - 40) / max(1, len(bins))
    bars = []
    for position, (low, high, count) in enumerate(bins):
        x, bar = 30 + position * slot, (height - 40) * count / top
        bars.append(f'<rect class="bar" x="{x + 2:.1f}" y="{height - 20 - bar:.1f}" width="{slot - 4:.1f}" '
                    f'height="{bar:.1f}"><title>{number(low)}-{number(high)}: {count}</title></rect>'
                    f'<text x="{x + slot / 2:.1f}" y="{height - 6}" text-anchor="middle">{number(round(low, 1))}</text>'
                    + (f'<text x="{x + slot / 2:.1f}" y="{height - 24 - bar:.1f}" text-anchor="middle">{count}</text>'
                       if count else ""))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
            f'aria-label="histogram of total scores"><line class="axis" x1="28" y1="{height - 20}" x2="{width - 8}" '
            f'y2="{height - 20}"/>{"".join(bars)}</svg><p class="muted">Total points (lower edge of each bar) and '
            "how many students scored them.</p>")


def fixed(value):
    return "" if value is None else f"{value:.2f}"


def percent(value):
    return "" if value is None else f"{100 * value:.0f}%"


# --- its data as CSV ----------------------------------------------------------------------------------------

def questions_csv(record):
    """``report_questions.csv``: a row per question with the report's statistics."""
    rows = [["question", "title", "points", "students", "mean", "median", "max", "full_marks_share", "difficulty",
             "discrimination", "hardest_case", "hardest_case_students", "hidden_tests_failed"]]
    for stat in question_statistics(record):
        rows.append([stat.question, stat.title, number(stat.points), len(stat.scores),
                     fixed(statistics.fmean(stat.scores)) if stat.scores else "",
                     number(statistics.median(stat.scores)) if stat.scores else "", number(max(stat.scores, default=0)),
                     fixed(stat.full_marks), fixed(stat.difficulty), fixed(stat.discrimination), *stat.hardest_case,
                     stat.hidden_failed])
    return csv_text(rows)


def misconceptions_csv(record):
    """``report_misconceptions.csv``: a row per question and misconception, with how many students hold it."""
    graded = sum(result.graded for result in record.results)
    rows = [["question", "misconception", "label", "students", "of"]]
    for stat in question_statistics(record):
        rows += [[stat.question, identifier, label, count, graded] for identifier, label, count in stat.misconceptions]
    return csv_text(rows)


def histogram_csv(record):
    """``report_histogram.csv``: the histogram's bins."""
    return csv_text([["from", "to", "students"], *([number(low), number(high), count]
                                                   for low, high, count in histogram(record))])
