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


# What a newcomer meets in the notebooks (issue 11) -----------------------------------------------------

OURS = PAIRS
"""Every lesson and exercise."""
LESSONS = [notebook for twin, notebook in OURS if notebook.parent.name == "lessons"]
MAX_CODE_LINE = 88


def _code_lines(notebook):
    return [(number, line) for number, cell in enumerate(notebook.cells, start=1) if cell.cell_type == "code"
            for line in cell.source.split("\n")]


@pytest.mark.parametrize("twin, notebook", OURS, ids=[f"{notebook.parent.name}/{twin.stem}" for twin, notebook in OURS])
def test_notebooks_open_unmodified_with_tags_not_comments_and_code_that_fits(twin, notebook):
    """Finding 4: JupyterLab rewrote the stored kernel name and marked every notebook modified; finding 5: the
    `# NBVAL_IGNORE_OUTPUT` comment sat atop every explorer cell; finding 7: lines past 88 were clipped."""
    stored = nbformat.read(notebook, as_version=4)
    assert stored.metadata.kernelspec == {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                          "language": "python"}
    assert not any("NBVAL" in line for _, line in _code_lines(stored))
    long = [f"cell {number}: {line}" for number, line in _code_lines(stored) if len(line) > MAX_CODE_LINE]
    assert long == [], f"code lines over {MAX_CODE_LINE} characters in {twin.name}:\n" + "\n".join(long)


def test_widget_cells_carry_nbvals_tag():
    """Each explorer and dashboard cell is tagged so that nbval ignores its output; otherwise only a cell that
    prints measured times (``_seconds``), which differ from run to run."""
    for notebook_path in LESSONS:
        for cell in nbformat.read(notebook_path, as_version=4).cells:
            widget = cell.cell_type == "code" and any(
                "application/vnd.jupyter.widget-view+json" in output.get("data", {}) for output in cell.outputs)
            tagged = "nbval-ignore-output" in cell.metadata.get("tags", [])
            assert tagged == widget or (tagged and "_seconds" in cell.source), cell.source[:80]


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.stem for lesson in LESSONS])
def test_every_plot_is_described_in_words_and_every_explorer_has_a_still_picture(lesson):
    """Accessibility: JupyterLab shows a plot's PNG with no alternative text, so the cell after each plot says
    in words what it shows; an explorer's or dashboard's stored output has a still picture and its text."""
    cells = nbformat.read(lesson, as_version=4).cells
    for cell, following in zip(cells, cells[1:] + [None]):
        data = [output.get("data", {}) for output in cell.get("outputs", [])]
        if any("application/vnd.jupyter.widget-view+json" in bundle for bundle in data):
            [bundle] = data
            assert "image/png" in bundle and "Run this cell" in bundle["text/plain"] or \
                "still picture of the finished run" in bundle["text/plain"]
            assert len(bundle["text/plain"].splitlines()[0]) > 60  # the text alternative
        elif any("image/png" in bundle for bundle in data):
            assert following is not None and following.cell_type == "markdown" and \
                following.source.startswith("*Figure, in words:*"), f"a plot without words after:\n{cell.source[:200]}"


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.stem for lesson in LESSONS])
def test_each_lesson_ends_with_a_link_to_its_exercise_which_links_back(lesson):
    """Finding 1: a lesson's last cell named its exercise without a link; now each links to the other."""
    last = nbformat.read(lesson, as_version=4).cells[-1].source
    assert last.endswith(f"[`exercises/{lesson.name}`](../exercises/{lesson.name}).")
    assert (ROOT / "exercises" / lesson.name).exists()
    for exercise in (ROOT / "exercises" / lesson.name, ROOT / "instructor" / lesson.name):
        first = nbformat.read(exercise, as_version=4).cells[0].source
        assert f"[`lessons/{lesson.name}`](../lessons/{lesson.name})" in first
        assert "check.hint(" in first and "check.solution(" in first and "check.progress()" in first


def test_release_makes_the_out_folder_it_is_given(tmp_path):
    """Finding 6: `nbtools release ... --out handout/` failed when handout/ did not exist yet."""
    from nbtools.cli import main

    source = ROOT / "instructor" / "01_derivatives.ipynb"
    assert main(["release", str(source), "--out", str(tmp_path / "handout")]) == 0
    assert nbformat.read(tmp_path / "handout" / source.name, as_version=4) == \
        nbformat.read(learner_copy_path(source), as_version=4)
