"""Unit tests for nbtools.notebooks (the learner's copy of an instructor source) and `nbtools release`."""

import copy
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from nbtools import check
from nbtools.cli import main
from nbtools.notebooks import (ReleaseError, clear_outputs, learner_copy_path, release, release_file,
                               template_for)

FUNCTION_SOURCE = '''\
def difference_quotient(f, x, h):
    """The slope of the secant through x and x + h."""
    ### BEGIN SOLUTION
    rise = f(x + h) - f(x)
    return rise / h
    ### END SOLUTION'''

FUNCTION_TEMPLATE = '''\
def difference_quotient(f, x, h):
    """The slope of the secant through x and x + h."""
    # YOUR CODE HERE
    raise NotImplementedError'''

VALUE_SOURCE = """\
import sympy
### BEGIN SOLUTION
critical_point = 3
maximum_profit = -2 * 3**2 + 12 * 3 - 10
### END SOLUTION
print(critical_point)"""


def notebook(*cells):
    return new_notebook(cells=list(cells))


def released_source(source):
    """The learner's source of a one-cell notebook."""
    return release(notebook(new_code_cell(source))).cells[0].source


# --- solution regions ----------------------------------------------------------------------------------

def test_indented_region_becomes_raise_not_implemented_at_the_same_indentation():
    assert released_source(FUNCTION_SOURCE) == FUNCTION_TEMPLATE


def test_released_function_raises_not_implemented_error():
    namespace = {}
    exec(released_source(FUNCTION_SOURCE), namespace)
    with pytest.raises(NotImplementedError):
        namespace["difference_quotient"](abs, 1.0, 0.5)


def test_released_function_is_not_attempted_for_the_check():
    namespace = {}
    exec(released_source(FUNCTION_SOURCE), namespace)
    assert check.difference_quotient(namespace["difference_quotient"]).status == "not attempted yet"


def test_deeper_indentation_is_kept():
    source = "class Model:\n    def forward(self, x):\n        ### BEGIN SOLUTION\n        return x\n        ### END SOLUTION"
    assert released_source(source) == (
        "class Model:\n    def forward(self, x):\n        # YOUR CODE HERE\n        raise NotImplementedError")


def test_tab_indentation_is_kept():
    source = "def f(x):\n\t### BEGIN SOLUTION\n\treturn x\n\t### END SOLUTION"
    assert released_source(source) == "def f(x):\n\t# YOUR CODE HERE\n\traise NotImplementedError"


def test_top_level_assignments_become_ellipsis_answers():
    assert released_source(VALUE_SOURCE) == (
        "import sympy\n"
        "critical_point = ...  # YOUR ANSWER HERE\n"
        "maximum_profit = ...  # YOUR ANSWER HERE\n"
        "print(critical_point)")


def test_released_value_is_not_attempted_for_the_check():
    namespace = {}
    exec(released_source("### BEGIN SOLUTION\ncritical_point = 3\n### END SOLUTION"), namespace)
    assert namespace["critical_point"] is Ellipsis
    assert check.critical_point(namespace["critical_point"]).status == "not attempted yet"


def test_multiple_targets_each_get_a_template():
    source = "### BEGIN SOLUTION\nlow = high = 3\n### END SOLUTION"
    assert released_source(source) == "low = ...  # YOUR ANSWER HERE\nhigh = ...  # YOUR ANSWER HERE"


def test_a_name_assigned_twice_gets_one_template():
    source = "### BEGIN SOLUTION\nrate = 0.1\nrate = rate * 5\n### END SOLUTION"
    assert released_source(source) == "rate = ...  # YOUR ANSWER HERE"


def test_tuple_target_is_rejected():
    with pytest.raises(ReleaseError, match=r"may only assign answers \(`name = \.\.\.`\)"):
        released_source("### BEGIN SOLUTION\nlow, high = 0, 1\n### END SOLUTION")


def test_multiline_assignment_becomes_one_template():
    source = "### BEGIN SOLUTION\nanswer = (\n    12\n    - 4\n)\n### END SOLUTION"
    assert released_source(source) == "answer = ...  # YOUR ANSWER HERE"


def test_several_regions_in_one_cell():
    source = ("a_value = 1\n### BEGIN SOLUTION\nfirst = 1\n### END SOLUTION\n"
              "def g():\n    ### BEGIN SOLUTION\n    return 2\n    ### END SOLUTION")
    assert released_source(source) == ("a_value = 1\nfirst = ...  # YOUR ANSWER HERE\n"
                                       "def g():\n    # YOUR CODE HERE\n    raise NotImplementedError")


def test_marker_with_trailing_spaces_is_recognised():
    assert released_source("### BEGIN SOLUTION   \nanswer = 3\n### END SOLUTION  ") == "answer = ...  # YOUR ANSWER HERE"


# --- errors --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("region", ["def helper():\n    return 3", "3 + 4", "for i in range(3):\n    total = i",
                                    "rate: float = 0.5", "rate += 1"])
def test_top_level_region_with_code_raises_naming_the_cell(region):
    nb = notebook(new_markdown_cell("# Q1"), new_code_cell(f"### BEGIN SOLUTION\n{region}\n### END SOLUTION"))
    with pytest.raises(ReleaseError, match=r"^cell 2: a top-level solution may only assign answers"):
        release(nb)


def test_top_level_region_that_does_not_parse():
    nb = notebook(new_code_cell("### BEGIN SOLUTION\nanswer = = 3\n### END SOLUTION"))
    with pytest.raises(ReleaseError, match=r"^cell 1: the solution does not parse"):
        release(nb)


def test_begin_without_end():
    nb = notebook(new_code_cell("x = 1"), new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 1"))
    with pytest.raises(ReleaseError, match=r"^cell 2: '### BEGIN SOLUTION' without an '### END SOLUTION'$"):
        release(nb)


def test_end_before_begin():
    nb = notebook(new_code_cell("### END SOLUTION\n### BEGIN SOLUTION\nanswer = 1\n### END SOLUTION"))
    with pytest.raises(ReleaseError, match=r"^cell 1: '### END SOLUTION' without a '### BEGIN SOLUTION'$"):
        release(nb)


def test_nested_begin():
    source = "def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION"
    with pytest.raises(ReleaseError, match=r"^cell 1: '### BEGIN SOLUTION' inside another solution region$"):
        release(notebook(new_code_cell(source)))


def test_begin_marker_with_extra_text_is_not_silently_ignored():
    source = "def f():\n    ### BEGIN SOLUTION (hard)\n    return 1\n    ### END SOLUTION"
    with pytest.raises(ReleaseError, match=r"^cell 1: line 2: '### BEGIN SOLUTION \(hard\)' looks like a solution "
                                           r"marker but is not one; write exactly '### BEGIN SOLUTION'"):
        release(notebook(new_code_cell(source)))


def test_end_without_begin_in_a_cell_without_begin():
    source = "def f():\n    ## BEGIN SOLUTION\n    return 42\n    ### END SOLUTION"
    with pytest.raises(ReleaseError, match=r"^cell 1: line 2: '## BEGIN SOLUTION' looks like a solution marker"):
        release(notebook(new_code_cell(source)))


def test_a_lone_end_marker_in_a_cell_without_begin_is_refused():
    nb = notebook(new_markdown_cell("# Q1"), new_code_cell("def f():\n    return 42\n    ### END SOLUTION"))
    with pytest.raises(ReleaseError, match=r"^cell 2: '### END SOLUTION' without a '### BEGIN SOLUTION'$"):
        release(nb)


@pytest.mark.parametrize("mistyped", ["### BEGIN SOLUTON", "### begin solution", "###BEGIN SOLUTION",
                                      "# BEGIN SOLUTION", "### BEGIN SOLUTIONS"])
def test_a_mistyped_begin_marker_is_refused_naming_cell_and_marker(mistyped):
    source = f"def f():\n    {mistyped}\n    return 42\n    ### END SOLUTION"
    nb = notebook(new_code_cell("import numpy as np"), new_code_cell(source))
    with pytest.raises(ReleaseError, match=rf"^cell 2: line 2: '{mistyped}' looks like a solution marker"):
        release(nb)


def test_a_mistyped_end_marker_is_refused_naming_it():
    source = "### BEGIN SOLUTION\nanswer = 42\n### END SOLUTON\n### END SOLUTION"
    with pytest.raises(ReleaseError, match=r"^cell 1: line 3: '### END SOLUTON' looks like a solution marker"):
        release(notebook(new_code_cell(source)))


def test_a_comment_that_merely_mentions_a_solution_is_not_a_marker():
    source = "# The solution begins below.\nx = 1  # end of the solution\n# BEGIN: setup"
    assert released_source(source) == source


def test_template_for_reports_end_without_begin():
    with pytest.raises(ReleaseError, match="without a"):
        template_for("answer = 1\n### END SOLUTION")


# --- everything else is untouched ----------------------------------------------------------------------

def test_code_outside_regions_is_unchanged():
    before = "import numpy as np\n\n# a comment\n"
    after = "\n\nprint(difference_quotient(np.sin, 0.0, 1e-4))  # keep me\n"
    assert released_source(before + FUNCTION_SOURCE + after) == before + FUNCTION_TEMPLATE + after


def test_cells_without_markers_are_unchanged():
    sources = ["import numpy as np", "x = np.linspace(0, 1)\nprint(x)", ""]
    released = release(notebook(*[new_code_cell(s) for s in sources]))
    assert [cell.source for cell in released.cells] == sources


def test_markdown_cells_are_untouched_even_with_markers():
    text = "Write it like this:\n### BEGIN SOLUTION\n$P'(x) = -4x + 12$\n### END SOLUTION"
    released = release(notebook(new_markdown_cell(text)))
    assert released.cells[0].cell_type == "markdown"
    assert released.cells[0].source == text


def test_outputs_and_execution_counts_are_cleared():
    cell = new_code_cell("print('hi')", execution_count=3, outputs=[new_output("stream", text="hi\n")])
    released = release(notebook(cell, new_code_cell(VALUE_SOURCE, execution_count=4)))
    assert [c.outputs for c in released.cells] == [[], []]
    assert [c.execution_count for c in released.cells] == [None, None]


def test_clear_outputs_leaves_markdown_alone():
    nb = clear_outputs(notebook(new_markdown_cell("text")))
    assert "outputs" not in nb.cells[0]


def test_release_does_not_change_the_source_notebook():
    nb = notebook(new_markdown_cell("# Exercise"),
                  new_code_cell(FUNCTION_SOURCE, execution_count=1, outputs=[new_output("stream", text="x")]),
                  new_code_cell(VALUE_SOURCE))
    snapshot = copy.deepcopy(nb)
    released = release(nb)
    assert nb == snapshot
    assert released != nb


def test_releasing_a_learner_copy_again_changes_nothing():
    once = release(notebook(new_code_cell(FUNCTION_SOURCE), new_code_cell(VALUE_SOURCE)))
    assert release(once) == once


def test_released_notebook_is_valid():
    nbformat.validate(release(notebook(new_markdown_cell("# Q"), new_code_cell(FUNCTION_SOURCE))))


# --- files and the command line ------------------------------------------------------------------------

def test_learner_copy_path_moves_out_of_source():
    assert learner_copy_path("instructor/01_derivatives.ipynb") == Path("exercises/01_derivatives.ipynb")
    assert learner_copy_path(Path("/w/instructor/02.ipynb")) == Path("/w/exercises/02.ipynb")


@pytest.mark.parametrize("path", ["01_derivatives.ipynb", "exercises/01_derivatives.ipynb",
                                  "/w/exercises/source/01.ipynb", "/w/instructor.ipynb"])
def test_learner_copy_path_outside_a_source_folder_is_refused(path):
    """The learner copy would be the source itself or land beside it: releasing would overwrite solutions."""
    with pytest.raises(ReleaseError, match=r"is not in a folder named instructor/.*give `--out"):
        learner_copy_path(path)


def write_source(folder, name="01_derivatives.ipynb", cells=None):
    path = folder / "instructor" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook(*(cells or [new_code_cell(FUNCTION_SOURCE, execution_count=2)])), path)
    return path


def test_release_file_writes_the_learner_copy(tmp_path):
    source = write_source(tmp_path)
    target = tmp_path / "learner.ipynb"
    release_file(source, target)
    written = nbformat.read(target, as_version=4)
    assert written.cells[0].source == FUNCTION_TEMPLATE
    assert written.cells[0].execution_count is None
    assert nbformat.read(source, as_version=4).cells[0].source == FUNCTION_SOURCE


def test_cli_release_writes_next_to_the_source_folder(tmp_path, capsys):
    source = write_source(tmp_path)
    assert main(["release", str(source)]) == 0
    target = tmp_path / "exercises" / "01_derivatives.ipynb"
    assert nbformat.read(target, as_version=4).cells[0].source == FUNCTION_TEMPLATE
    assert f"released {source} -> {target}" in capsys.readouterr().out


def test_cli_release_with_out_folder(tmp_path):
    source = write_source(tmp_path)
    out = tmp_path / "handout"  # not there yet: made, as the README's example expects
    assert main(["release", str(source), "--out", str(out)]) == 0
    assert nbformat.read(out / "01_derivatives.ipynb", as_version=4).cells[0].source == FUNCTION_TEMPLATE


def test_cli_release_defaults_to_every_source(tmp_path, monkeypatch):
    write_source(tmp_path, "01_a.ipynb")
    write_source(tmp_path, "02_b.ipynb", [new_code_cell(VALUE_SOURCE)])
    monkeypatch.chdir(tmp_path)
    assert main(["release"]) == 0
    assert sorted(p.name for p in (tmp_path / "exercises").glob("*.ipynb")) == ["01_a.ipynb", "02_b.ipynb"]


def test_cli_release_without_sources_fails_clearly(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["release"]) == 1
    assert "nbtools release: no source notebooks given and none in instructor/" in capsys.readouterr().err


def test_cli_release_with_bad_markers_fails_clearly(tmp_path, capsys):
    source = write_source(tmp_path, cells=[new_markdown_cell("# Q"), new_code_cell("### BEGIN SOLUTION\nx = 1")])
    assert main(["release", str(source)]) == 1
    err = capsys.readouterr().err
    assert "nbtools release: cell 2: '### BEGIN SOLUTION' without an '### END SOLUTION'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "exercises" / "01_derivatives.ipynb").exists()


def test_cli_release_with_a_mistyped_marker_writes_nothing(tmp_path, capsys):
    source = write_source(tmp_path, cells=[new_code_cell("def f():\n    ### BEGIN SOLUTON\n    return 42\n"
                                                         "    ### END SOLUTION")])
    assert main(["release", str(source)]) == 1
    err = capsys.readouterr().err
    assert err == "nbtools release: cell 1: line 2: '### BEGIN SOLUTON' looks like a solution marker but is not " \
                  "one; write exactly '### BEGIN SOLUTION' or '### END SOLUTION'\n"
    assert not (tmp_path / "exercises" / "01_derivatives.ipynb").exists()


def test_cli_release_outside_a_source_folder_refuses_and_leaves_the_source_alone(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    nbformat.write(notebook(new_code_cell(FUNCTION_SOURCE)), tmp_path / "01_derivatives.ipynb")
    assert main(["release", "01_derivatives.ipynb"]) == 1
    assert "is not in a folder named instructor/" in capsys.readouterr().err
    assert nbformat.read(tmp_path / "01_derivatives.ipynb", as_version=4).cells[0].source == FUNCTION_SOURCE
    assert [path.name for path in tmp_path.iterdir()] == ["01_derivatives.ipynb"]


def test_cli_release_with_missing_source_fails_clearly(tmp_path, capsys):
    assert main(["release", str(tmp_path / "missing.ipynb")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("nbtools release: ")
    assert "missing.ipynb" in err


@pytest.mark.parametrize("content, problem", [
    (b"<<<<<<< HEAD\n{}\n=======\n", "is not a notebook: its JSON is broken at line 1, column 1 (Expecting value)"),
    (b'{"cells": [], "nbformat": 4', "is not a notebook: its JSON is broken at line 1, column 28"),
    (b"", "is not a notebook: its JSON is broken at line 1, column 1"),
    (b"\xff\xfe{}", "is not a notebook: it is not UTF-8 text"),
    (b"{}", "is JSON but not a Jupyter notebook"),
    (b'{"cells": 3, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', "is JSON but not a Jupyter notebook"),
    (b'{"cells": [{"x": 1}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', "is JSON but not a Jupyter notebook"),
])
def test_cli_release_with_a_corrupt_source_fails_clearly(tmp_path, capsys, content, problem):
    source = tmp_path / "instructor" / "01.ipynb"
    source.parent.mkdir(parents=True)
    source.write_bytes(content)
    assert main(["release", str(source)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"nbtools release: {source} {problem}")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "exercises" / "01.ipynb").exists()


def test_release_file_names_a_corrupt_source(tmp_path):
    source = tmp_path / "01.ipynb"
    source.write_text("<<<<<<< HEAD\n")
    with pytest.raises(ReleaseError, match=r"01\.ipynb is not a notebook: its JSON is broken"):
        release_file(source, tmp_path / "out.ipynb")


# --- the build ------------------------------------------------------------------------------------------

def test_a_built_notebook_stores_no_widget_state(tmp_path):
    """Widget state is large and its model ids change on every build; a widget needs a kernel anyway."""
    from nbtools.authoring import build_notebook

    twin = tmp_path / "twin.py"
    twin.write_text("# %%\nimport ipywidgets\n\nipywidgets.IntSlider(value=3)\n")
    build_notebook(twin, tmp_path / "built.ipynb")
    built = nbformat.read(tmp_path / "built.ipynb", as_version=4)
    assert "application/vnd.jupyter.widget-view+json" in built.cells[0].outputs[0].data
    assert "widgets" not in built.metadata


def test_the_command_line_imports_nbformat_only_when_a_command_runs():
    """nbformat takes seconds to import here (jsonschema's format checkers): `nbtools --help` need not wait."""
    code = ("import sys\nfrom nbtools.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('nbformat imported:', 'nbformat' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.endswith("nbformat imported: False\n")


# --- nbgrader's instructor-only regions: never released ----------------------------------------------------

def autograder_test(source):
    return new_code_cell(source, metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "t",
                                                        "points": 1, "locked": True}})


HIDDEN_REGION = """\
assert squares(2) == [1, 4]
### BEGIN HIDDEN TESTS
assert squares(12)[-1] == 144
### END HIDDEN TESTS
assert squares(1) == [1]"""


def test_hidden_test_regions_are_cut_out_of_the_learner_copy():
    released = release(notebook(autograder_test(HIDDEN_REGION))).cells[0].source
    assert released == "assert squares(2) == [1, 4]\nassert squares(1) == [1]"
    assert "144" not in released and "HIDDEN" not in released


def test_a_mark_scheme_is_cut_out_of_the_learner_copy():
    task = new_markdown_cell("State the formula.\n=== BEGIN MARK SCHEME ===\n2 points for n(n+1)/2\n"
                             "=== END MARK SCHEME ===", metadata={"nbgrader": {"task": True, "points": 2}})
    assert release(notebook(task)).cells[0].source == "State the formula."


@pytest.mark.parametrize("mistyped", ["### BEGIN HIDDEN TEST", "### begin hidden tests", "## BEGIN HIDDENTESTS",
                                      "### BEGIN HIDDEN_TESTS"])
def test_a_mistyped_hidden_test_marker_is_refused(mistyped):
    source = HIDDEN_REGION.replace("### BEGIN HIDDEN TESTS", mistyped)
    with pytest.raises(ReleaseError, match=rf"^cell 1: line 2: '{mistyped}' looks like a marker but is not one"):
        release(notebook(autograder_test(source)))


@pytest.mark.parametrize("source, problem", [
    ("### BEGIN HIDDEN TESTS\nassert f(1) == 1", "'BEGIN HIDDEN TESTS' without an 'END HIDDEN TESTS'"),
    ("assert f(1) == 1\n### END HIDDEN TESTS", "'END HIDDEN TESTS' without a 'BEGIN HIDDEN TESTS'"),
    ("### BEGIN HIDDEN TESTS\n### BEGIN HIDDEN TESTS\n### END HIDDEN TESTS",
     "'BEGIN HIDDEN TESTS' inside another hidden tests region"),
])
def test_a_broken_hidden_test_region_is_refused(source, problem):
    with pytest.raises(ReleaseError, match=rf"^cell 1: {re.escape(problem)}$"):
        release(notebook(autograder_test(source)))


def test_hidden_tests_outside_an_autograder_test_cell_are_refused():
    """Grading runs an autograder test cell's hidden tests; anywhere else they would never run: refused, not
    silently dropped."""
    with pytest.raises(ReleaseError, match=r"^cell 2: hidden tests \('### BEGIN HIDDEN TESTS'\) may only stand "
                                           r"in an autograder test cell"):
        release(notebook(new_markdown_cell("# Q"), new_code_cell(HIDDEN_REGION)))


def test_cli_release_of_a_notebook_with_broken_hidden_tests_writes_nothing(tmp_path, capsys):
    source = tmp_path / "instructor" / "ps1.ipynb"
    source.parent.mkdir()
    nbformat.write(notebook(autograder_test("### BEGIN HIDDEN TESTS\nassert f(2) == 4")), source)
    assert main(["release", str(source)]) == 1
    assert "'BEGIN HIDDEN TESTS' without an 'END HIDDEN TESTS'" in capsys.readouterr().err
    assert not (tmp_path / "exercises").exists()


# --- nbgrader's solution cells, cleared as nbgrader clears them -----------------------------------------------

def nbgrader_cell(make, source, **settings):
    return make(source, metadata={"nbgrader": {"solution": True, "grade": False, "locked": False,
                                               "grade_id": "answer", **settings}})


def test_an_nbgrader_solution_cell_without_markers_becomes_nbgraders_stub():
    """nbgrader's quickstart has both: a code answer graded by hand and a written one. Neither may reach the
    learner (they did, verbatim)."""
    code = nbgrader_cell(new_code_cell, "def pyramidal_number(n):\n    return sum_of_squares(n)", grade=True,
                         points=2)
    written = nbgrader_cell(new_markdown_cell, "$\\sum_{i=1}^n i^2$", grade=True, points=1)
    cells = release(notebook(code, written)).cells
    assert [cell.source for cell in cells] == ["# YOUR CODE HERE\nraise NotImplementedError()", "YOUR ANSWER HERE"]


def test_a_written_answer_keeps_the_text_around_its_solution_region():
    written = nbgrader_cell(new_markdown_cell, "My answer:\n=== BEGIN SOLUTION ===\nIt recurses.\n=== END SOLUTION ===")
    assert release(notebook(written)).cells[0].source == "My answer:\nYOUR ANSWER HERE"


def test_top_level_code_in_an_nbgrader_solution_becomes_the_stub_not_a_refusal():
    code = nbgrader_cell(new_code_cell, "import math\n### BEGIN SOLUTION\nfor i in range(3):\n    total = i\n"
                                        "### END SOLUTION\nprint(total)")
    assert release(notebook(code)).cells[0].source == "import math\n# YOUR CODE HERE\nraise NotImplementedError()\nprint(total)"
