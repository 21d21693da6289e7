"""Build the notebooks from their text twins, so that one command rebuilds every notebook and its outputs.

Lessons and exercise sources are written as jupytext "percent" scripts in ``authoring/`` (easy to
edit and to review as diffs). ``build`` executes each twin in a fresh kernel and saves the
``.ipynb`` with its outputs, which is what learners open and what nbval compares; then it releases
each exercise's learner copy. A test keeps every twin and its notebook in sync.
"""

from pathlib import Path

import nbformat

from .notebooks import learner_copy_path, release_file

CELL_TIMEOUT_SECONDS = 300
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
"""The kernelspec stored in every notebook: what JupyterLab itself writes, so that opening a notebook does not
change it (a notebook that opened as "Python 3" was marked modified at once, and asked to be saved on close)."""


def twins(root):
    """Pairs (text twin, notebook it builds) under the project ``root``."""
    root = Path(root)
    pairs = [(twin, root / "lessons" / f"{twin.stem}.ipynb")
             for twin in sorted((root / "authoring" / "lessons").glob("*.py"))]
    pairs += [(twin, root / "instructor" / f"{twin.stem}.ipynb")
              for twin in sorted((root / "authoring" / "exercises").glob("*.py"))]
    return pairs


def read_twin(twin_path):
    """The notebook a twin describes, without outputs, with stable cell ids (cell-1, cell-2, ...)."""
    import jupytext

    notebook = jupytext.read(twin_path)
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"
    return notebook


def build_notebook(twin_path, notebook_path):
    """Execute a twin in a fresh kernel (working directory: the notebook's folder) and save it.

    Widget state is not stored: it is large (about 137 KB for lesson 1's two explorers), its model ids
    change on every build, and a widget needs a running kernel to do anything anyway.
    """
    from nbclient import NotebookClient

    notebook = read_twin(twin_path)
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT_SECONDS, kernel_name="python3", record_timing=False,
                            store_widget_state=False,
                            resources={"metadata": {"path": str(Path(notebook_path).parent)}})
    client.execute()
    nbformat.write(notebook, notebook_path)


def build(root, only=None, log=print):
    """Rebuild every notebook under ``root``, then release learner copies.

    ``only`` keeps the twins whose path under ``root`` contains it: ``05_`` builds lesson 5 and exercise 5,
    ``lessons/05_`` only the lesson, ``exercises/05_`` only the exercise.
    """
    for twin_path, notebook_path in twins(root):
        if only and only not in twin_path.relative_to(root).as_posix():
            continue
        log(f"executing {twin_path} -> {notebook_path}")
        build_notebook(twin_path, notebook_path)
        if notebook_path.parent.name == "instructor":
            log(f"releasing {notebook_path} -> {learner_copy_path(notebook_path)}")
            release_file(notebook_path, learner_copy_path(notebook_path))
