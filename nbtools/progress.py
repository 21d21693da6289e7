"""A learner's progress: which questions of every exercise pass, fail or are not attempted yet.

``nbtools progress`` (a page and a table) and ``check.progress()`` (in a notebook) grade the learner's own
saved notebooks in ``exercises/`` with the very engine of ``nbtools grade`` (``grading.grade_all``): each
notebook's code runs in a fresh kernel, then each check of its instructor source (``instructor/``) judges the
answers. Hidden tests are left out (they are the instructor's, for grading), and so is the sandbox: it is the
learner's own code, on their own machine, and nothing is sent anywhere. A notebook is graded as last saved.

The result is a picture, one row per exercise and one square per question, coloured by its status, and the
same as text (its alternative) and as a table.
"""

import base64
import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import escape
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

STATUSES = {"passed": ("✔", "#2e7d32"), "failed": ("✘", "#c62828"), "not attempted yet": ("…", "#d9d9d9"),
            "not graded": ("?", "#f9a825")}
"""Each status a question can have, with its symbol and its colour in the picture."""
TEXT_COLOURS = {"passed": "#2e7d32", "failed": "#c62828", "not attempted yet": "#595959", "not graded": "#8a5a00"}
"""The same, dark enough to read as text on white (contrast at least 4.5:1)."""


@dataclass
class ExerciseProgress:
    """One exercise: ``{question: status}`` in the order of its questions, and what went wrong running it."""

    name: str
    questions: dict
    problems: list

    @property
    def title(self):
        """``01_derivatives`` as people say it: ``Exercise 1: derivatives``."""
        number, _, topic = self.name.partition("_")
        return f"Exercise {int(number)}: {topic.replace('_', ' ')}" if number.isdigit() else self.name

    def count(self, status):
        return sum(1 for value in self.questions.values() if value == status)

    def summary(self):
        """``5 of 12 passed, 2 failed, 5 not attempted yet`` (statuses that occur, in that order)."""
        counts = [f"{self.count(status)} {'not attempted yet' if status == 'not attempted yet' else status}"
                  for status in STATUSES if status != "passed" and self.count(status)]
        return ", ".join([f"{self.count('passed')} of {len(self.questions)} passed", *counts])


def workbook_root():
    """The workbook folder (it holds ``exercises/`` and ``instructor/``): the current folder, the one above it
    (a notebook's kernel runs in ``exercises/``), or the one this package was installed from."""
    candidates = [Path.cwd(), Path.cwd().parent, Path(__file__).resolve().parents[1]]
    for folder in candidates:
        if (folder / "exercises").is_dir() and (folder / "instructor").is_dir():
            return folder
    raise FileNotFoundError("no workbook here: run it in the folder that holds exercises/ and instructor/")


def measure(root=None, workers=None):
    """Grade every ``exercises/NN_*.ipynb`` that has an instructor source; a list of ``ExerciseProgress``."""
    from .grading.execute import Limits

    root = Path(root) if root is not None else workbook_root()
    pairs = [(notebook, root / "instructor" / notebook.name)
             for notebook in sorted((root / "exercises").glob("*.ipynb"))
             if (root / "instructor" / notebook.name).is_file()]
    limits = Limits(sandbox=False)  # the learner's own code on their own machine
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        return list(pool.map(lambda pair: _exercise_progress(*pair, limits), pairs))


def _exercise_progress(notebook, source, limits):
    """Grade one saved notebook against its source's visible checks (no hidden tests)."""
    from .grading.assemble import Assignment
    from .grading.grade import grade_all
    from .notebooks import read_notebook

    assignment = Assignment.from_source(read_notebook(source))
    visible = Assignment([cell for cell in assignment.grading_cells if cell.role != "hidden"],
                         assignment.answer_names)
    [result] = grade_all([notebook], visible, limits)
    statuses = {}
    for outcome in result.outcomes:
        statuses.setdefault(outcome.cell.question, []).append(outcome.status)
    return ExerciseProgress(notebook.stem, {question: _combined(found) for question, found in statuses.items()},
                            list(result.problems))


def _combined(statuses):
    """One question's status from those of its check cells: passed (or not attempted) only if all are."""
    for status in ("passed", "not attempted yet"):
        if all(found == status for found in statuses):
            return status
    return "not graded" if "not graded" in statuses else "failed"


def picture(exercises):
    """One row per exercise, one square per question coloured by its status: a matplotlib Figure."""
    width = max(len(exercise.questions) for exercise in exercises)
    figure = Figure(figsize=(1.2 + 0.45 * width + 2.6, 0.5 + 0.42 * len(exercises)), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    codes = {status: code for code, status in enumerate(STATUSES)}
    grid = np.full((len(exercises), width), np.nan)
    for row, exercise in enumerate(exercises):
        for column, (question, status) in enumerate(exercise.questions.items()):
            grid[row, column] = codes[status]
            axes.text(column, row, f"{column + 1}{STATUSES[status][0]}", ha="center", va="center", fontsize=8,
                      color="white" if status in ("passed", "failed") else "black")
    colours = ListedColormap([colour for _, colour in STATUSES.values()])
    axes.imshow(np.ma.masked_invalid(grid), cmap=colours, vmin=-0.5, vmax=len(STATUSES) - 0.5, aspect="auto")
    axes.set_xticks(np.arange(width) - 0.5, minor=True)
    axes.set_yticks(np.arange(len(exercises)) - 0.5, minor=True)
    axes.grid(which="minor", color="white", linewidth=3)
    axes.tick_params(which="both", length=0)
    axes.set(xticks=[], yticks=range(len(exercises)),
             yticklabels=[f"{exercise.title}  {exercise.count('passed')}/{len(exercise.questions)}"
                          for exercise in exercises])
    axes.spines[:].set_visible(False)
    axes.legend(handles=[Patch(color=colour, label=f"{symbol} {status}") for status, (symbol, colour) in STATUSES.items()],
                loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    return figure


def describe(exercises):
    """The picture in words: its text alternative."""
    return ("Progress: one row per exercise, one square per question, green passed, red failed, grey not "
            "attempted yet. " + " ".join(f"{exercise.title}: {exercise.summary()}." for exercise in exercises))


def picture_png(exercises):
    """The picture as PNG bytes, drawn at twice its size for sharp screens."""
    figure = picture(exercises)
    png = io.BytesIO()
    figure.savefig(png, format="png", dpi=200)
    return png.getvalue(), figure.bbox.size


def table(exercises):
    """The progress as plain text: one line per exercise, then one symbol per question."""
    lines = []
    for exercise in exercises:
        lines.append(f"{exercise.title}: {exercise.summary()}")
        lines.append("  " + "  ".join(f"{number}{STATUSES[status][0]}"
                                      for number, status in enumerate(exercise.questions.values(), start=1)))
        lines += [f"  problem: {problem}" for problem in exercise.problems]
    return "\n".join(lines)


HOW = ("Your saved notebooks in exercises/, each run in a fresh kernel on this machine and checked by the same "
       "engine as <code>nbtools grade</code>, without the hidden tests. Nothing is sent anywhere. Save your "
       "notebook (Ctrl+S) before you look: a notebook is checked as last saved.")


def html(exercises):
    """The picture (with its text alternative) and a table per exercise, as an HTML fragment."""
    png, (width, height) = picture_png(exercises)
    source = base64.b64encode(png).decode("ascii")
    rows = []
    for exercise in exercises:
        cells = "".join(f'<td title="{escape(question)}: {escape(status)}" style="color:{TEXT_COLOURS[status]}">'
                        f"{number} {STATUSES[status][0]}</td>"
                        for number, (question, status) in enumerate(exercise.questions.items(), start=1))
        problems = "".join(f"<br><small>{escape(problem)}</small>" for problem in exercise.problems)
        rows.append(f"<tr><th>{escape(exercise.title)}</th><td>{escape(exercise.summary())}{problems}</td>{cells}</tr>")
    return (f'<div class="nbtools-progress"><img src="data:image/png;base64,{source}" width="{width:.0f}" '
            f'height="{height:.0f}" alt="{escape(describe(exercises))}" style="max-width:100%;height:auto">'
            f'<table>{"".join(rows)}</table><p><small>{HOW}</small></p></div>')


def page(exercises):
    """A standalone page (no external files): ``nbtools progress`` writes it."""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Your progress</title>"
            "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
            "td,th{padding:.2rem .5rem;text-align:left;white-space:nowrap}</style></head>"
            f"<body><h1>Your progress</h1>{html(exercises)}</body></html>\n")


class Report:
    """What ``check.progress()`` shows: the picture and the table in a notebook, the table as text elsewhere."""

    def __init__(self, exercises):
        self.exercises = exercises

    def _repr_html_(self):
        return html(self.exercises)

    def __repr__(self):
        return table(self.exercises)
