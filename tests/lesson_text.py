"""The text of an executed lesson, for the tests that assert the numbers its prose states.

Each ``test_lesson_claims_*`` file reads the stored outputs (the ones nbval compares strictly), so a sentence
whose number no longer matches its notebook's output fails there (issue 15, section 6).
"""

from pathlib import Path

import nbformat

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def outputs(lesson):
    """The text of every code cell's outputs in lessons/<lesson>.ipynb, joined, in cell order."""
    notebook = nbformat.read(LESSONS / f"{lesson}.ipynb", as_version=4)
    return "\n".join(output.get("text") or output.get("data", {}).get("text/plain", "")
                     for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", []))


def markdown(lesson):
    """The text of every markdown cell in lessons/<lesson>.ipynb, joined."""
    notebook = nbformat.read(LESSONS / f"{lesson}.ipynb", as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")

