"""Help in steps, after a check: the next step of a question's solution, then the worked solution.

A question's help is read from its instructor source (``instructor/NN_topic.ipynb``), so it is written once,
next to the solution it explains: the comments inside the solution markers say why each line is there, and
a block of consecutive comment lines is one *step*::

    ### BEGIN SOLUTION
    # A secant's slope is rise over run: f(x + h) - f(x) over h.     <- step 1
    return (f(x + h) - f(x)) / h
    ### END SOLUTION

``find_solution(question)`` gives a question's ``Solution``: its steps, each the comments alone (no code), a
hint that names the next step, and its code, the whole answer cell with its comments, without the markers.
The learner copies contain neither (``nbtools release`` drops the solutions with their comments), and the
check object offers them only after an attempt: ``check.hint`` one step more each time, then
``check.solution``.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .notebooks import BEGIN, END, answer_questions, read_notebook


class NoHelp(LookupError):
    """No instructor source holds this question's solution; the message says why, for the learner."""


@dataclass(frozen=True)
class Solution:
    """One question's answer cell: its source without the markers, its steps, and where it comes from."""

    question: str
    code: str
    steps: tuple
    source: Path


def instructor_folder():
    """The ``instructor/`` folder beside the notebook's folder (the kernel runs in ``exercises/``), in the
    current folder, or in the workbook this package was installed from; None when there is none."""
    candidates = [Path.cwd().parent, Path.cwd(), Path(__file__).resolve().parents[1]]
    return next((folder / "instructor" for folder in candidates if (folder / "instructor").is_dir()), None)


def find_solution(question):
    """The ``Solution`` of ``question``, or ``NoHelp`` saying why there is none."""
    folder = instructor_folder()
    if folder is None:
        raise NoHelp("The worked solutions come from the instructor sources (the folder instructor/), "
                     "which this copy of the workbook does not have.")
    solutions = _solutions(folder)
    if question not in solutions:
        raise NoHelp(f"No instructor source in {folder} has a solution for `{question}`.")
    return solutions[question]


@cache
def _solutions(folder):
    """``{question: Solution}`` over every instructor source in ``folder`` (read once per kernel)."""
    solutions = {}
    for path in sorted(Path(folder).glob("*.ipynb")):
        notebook = read_notebook(path)
        for index, question in answer_questions(notebook).items():
            source = notebook.cells[index].source
            solutions[question] = Solution(question, _without_markers(source), _steps(source), path)
    return solutions


def _without_markers(source):
    """The cell's source with the solution marker lines taken out."""
    return "\n".join(line for line in source.split("\n") if line.strip() not in (BEGIN, END)).strip("\n")


def _steps(source):
    """The comment blocks inside the solution markers, each as one line of text without its ``#``."""
    steps, block, inside = [], [], False
    for line in source.split("\n"):
        stripped = line.strip()
        if stripped in (BEGIN, END):
            inside = stripped == BEGIN
        elif inside and stripped.startswith("#"):
            block.append(stripped.lstrip("#").strip())
            continue
        if block:
            steps.append(" ".join(block))
            block = []
    return tuple(steps)
