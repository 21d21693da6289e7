"""The notebooks stay in sync with their text twins, learner copies stay in sync with their sources, and
an untouched learner copy runs from top to bottom with every check saying "not attempted yet"."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from nbtools.authoring import read_twin, twins
from nbtools.checks.engine import NOT_ATTEMPTED
from nbtools.notebooks import learner_copy_path, release

ROOT = Path(__file__).resolve().parents[1]
PAIRS = twins(ROOT)
SOURCES = sorted((ROOT / "instructor").glob("*.ipynb"))


def _cells(notebook):
    return [(cell.cell_type, cell.source) for cell in notebook.cells]


def test_every_notebook_has_a_twin_and_every_exercise_a_learner_copy():
    built = {notebook for _, notebook in PAIRS}
    assert set((ROOT / "lessons").glob("*.ipynb")) | set(SOURCES) == built
    assert {learner_copy_path(source) for source in SOURCES} == set((ROOT / "exercises").glob("*.ipynb"))


@pytest.mark.parametrize("twin, notebook", PAIRS, ids=[twin.stem for twin, _ in PAIRS])
def test_notebook_matches_its_twin(twin, notebook):
    """Edit the twin in authoring/, then run `nbtools build` to rebuild the notebook."""
    assert notebook.exists(), f"{notebook} is missing: run `nbtools build`"
    assert _cells(nbformat.read(notebook, as_version=4)) == _cells(read_twin(twin)), \
        f"{notebook.name} is out of date with {twin.relative_to(ROOT)}: run `nbtools build --only {twin.relative_to(ROOT / 'authoring').with_suffix('').as_posix()}`"


@pytest.mark.parametrize("source", SOURCES, ids=[source.stem for source in SOURCES])
def test_learner_copy_is_released_from_its_source(source):
    learner = nbformat.read(learner_copy_path(source), as_version=4)
    assert learner == release(nbformat.read(source, as_version=4)), \
        f"{learner_copy_path(source).name} is out of date: run `nbtools release {source.relative_to(ROOT)}`"


@pytest.mark.parametrize("source", SOURCES, ids=[source.stem for source in SOURCES])
def test_untouched_learner_copy_runs_and_every_check_says_not_attempted(source):
    notebook = nbformat.read(learner_copy_path(source), as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(source.parent.parent)}}).execute()
    check_cells = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.source.startswith("check")]
    assert len(check_cells) >= 5
    for cell in check_cells:
        shown = "".join(output.get("data", {}).get("text/plain", "") for output in cell.outputs)
        assert NOT_ATTEMPTED in shown, f"{cell.source!r} showed {shown!r}"
        assert "text/html" in cell.outputs[0]["data"]


def test_build_only_can_pick_the_lesson_or_the_exercise_of_a_number(tmp_path, monkeypatch):
    """`nbtools build --only lessons/05_` must not re-execute exercise 5 (and the reverse)."""
    import nbtools.authoring as authoring

    built = []
    monkeypatch.setattr(authoring, "build_notebook", lambda twin, notebook: built.append(twin.parent.name))
    monkeypatch.setattr(authoring, "release_file", lambda source, copy: None)
    for only, expected in [("lessons/05_", ["lessons"]), ("exercises/05_", ["exercises"]),
                           ("05_", ["lessons", "exercises"])]:
        built.clear()
        authoring.build(ROOT, only, log=lambda line: None)
        assert built == expected, only
