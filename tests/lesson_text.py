"""The text of an executed lesson, for the tests that assert the numbers its prose states.

Each ``test_lesson_claims_*`` file reads the stored outputs (the ones nbval compares strictly), so a sentence
whose number no longer matches its notebook's output fails there (issue 15, section 6).
"""

from pathlib import Path

import nbformat

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def outputs(lesson):
    """The text of every code cell's outputs in lessons/<lesson>.ipynb, joined, in cell order. A cell's
    consecutive stream outputs are one text, as Jupyter shows them: the kernel may split one ``print`` in two."""
    notebook = nbformat.read(LESSONS / f"{lesson}.ipynb", as_version=4)
    texts = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        previous = None
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and previous is not None and previous.output_type == "stream" \
                    and previous.name == output.name:
                texts[-1] += output.text
            else:
                texts.append(output.get("text") or output.get("data", {}).get("text/plain", ""))
            previous = output
    return "\n".join(texts)


def markdown(lesson):
    """The text of every markdown cell in lessons/<lesson>.ipynb, joined."""
    notebook = nbformat.read(LESSONS / f"{lesson}.ipynb", as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")

