"""A workbook in a temporary folder, for tests of what a learner's own notebooks show (progress, grading)."""

import shutil
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
HALF_DONE_ANSWERS = {"difference_quotient": "def difference_quotient(f, x, h):\n    return (f(x + h) - f(x)) / h",
                     "quotient_of_P": "quotient_P = x + h"}
"""Exercise 1 half done: question 1 right, question 2 wrong, the rest untouched."""


def half_done_workbook(root):
    """Make ``root`` a workbook holding only exercise 1 (its instructor source and a learner copy answered
    with ``HALF_DONE_ANSWERS``); return ``root``."""
    (root / "instructor").mkdir()
    (root / "exercises").mkdir()
    shutil.copy(ROOT / "instructor" / "01_derivatives.ipynb", root / "instructor")
    notebook = nbformat.read(ROOT / "exercises" / "01_derivatives.ipynb", as_version=4)
    for cell in notebook.cells:
        settings = cell.metadata.get("nbtools", {})
        if settings.get("role") == "answer" and settings["question"] in HALF_DONE_ANSWERS:
            cell.source = HALF_DONE_ANSWERS[settings["question"]]
    nbformat.write(notebook, root / "exercises" / "01_derivatives.ipynb")
    return root
