"""While a class is graded, the sandbox's nbtools has no checks and none of the exercise's answers
(``nbtools.grading.withheld``), and yet every exercise, solved, earns full marks in it."""

import inspect
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import nbtools.checks
from nbtools.grading.assemble import Assignment
from nbtools.grading.execute import Limits
from nbtools.grading.grade import grade_all
from nbtools.grading.withheld import WITHHELD, NotAvailableWhileGrading, package_view, stubbed, withheld_for
from nbtools.notebooks import remove_hidden_tests

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "instructor").glob("*.ipynb"))


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.stem)
def test_every_exercise_solved_earns_full_marks_in_the_sandbox(source, tmp_path):
    """The solutions use earlier lessons' building blocks (ACTIVATIONS, minibatches, training.accuracy...):
    withholding this exercise's answers must leave them working, and every check must run in the grader."""
    notebook = nbformat.read(source, as_version=4)
    nbformat.write(remove_hidden_tests(notebook), tmp_path / "solved.ipynb")
    assignment = Assignment.from_source(notebook)
    (result,) = grade_all([tmp_path / "solved.ipynb"], assignment, Limits(cell_seconds=120, notebook_seconds=600))
    assert (result.total, result.reason) == (result.maximum, "")


def test_every_building_block_a_check_compares_with_is_withheld_for_its_exercise(monkeypatch):
    """Each check's reference, when it is a building block (not the check module's own helper, which is
    withheld whole), is in WITHHELD for that check's module: else wrapping it would earn the points."""
    import nbtools.checks.engine as engine

    references = []

    def record(answer, reference, *args, **kwargs):
        references.append(reference)
        return engine.CheckResult("", "failed", 0, 1)

    for check in nbtools.checks._CHECKS.values():
        module = sys.modules[check.__module__]
        if hasattr(module, "check_function"):
            monkeypatch.setattr(module, "check_function", record)
        references.clear()
        check(lambda *args: None)
        blocks = [inspect.unwrap(getattr(reference, "func", reference)) for reference in references]
        outside = [block for block in blocks if not block.__module__.startswith("nbtools.checks")]
        missing = [block.__qualname__ for block in outside if block not in WITHHELD[check.__module__]]
        assert not missing, f"{check.__name__} compares with {missing}, which the sandbox would still have"


def test_withheld_for_gathers_the_blocks_of_the_questions_check_modules():
    from nbtools import derivatives, losses

    blocks = withheld_for(["difference_quotient", "softmax", "not_a_check"])
    assert derivatives.gradient_ascent in blocks and losses.log_sum_exp in blocks
    assert all(block in WITHHELD["nbtools.checks.derivatives"] + WITHHELD["nbtools.checks.softmax"]
               for block in blocks)


def test_the_view_has_no_checks_and_stubs_the_withheld_blocks(tmp_path):
    view = package_view(withheld_for(["difference_quotient"]), tmp_path)
    assert (view / "checks" / "derivatives.py").read_text().startswith('"""Withheld while grading')
    assert (view / "checks" / "engine.py").read_text() == (ROOT / "nbtools" / "checks" / "engine.py").read_text()
    assert (view / "losses.py").read_text() == (ROOT / "nbtools" / "losses.py").read_text()  # another exercise's
    probe = ("from nbtools import derivatives, check\n"
             "try:\n    derivatives.difference_quotient(abs, 1.0, 0.5)\nexcept Exception as error:\n"
             "    print(type(error).__name__, error)\n"
             "print(derivatives.profit(3.0), derivatives.__file__)\nprint(check)")
    output = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                            check=True, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin"}).stdout
    assert output.splitlines() == [
        "NotAvailableWhileGrading `nbtools.derivatives.difference_quotient` answers a question of this exercise, "
        "so it is not available while your work is graded: the answer must be your own code.",
        f"8.0 {view / 'derivatives.py'}", "check: 0 checks, e.g. check.name(answer)"]
    assert "(f(x + h) - f(x)) / h" not in (view / "derivatives.py").read_text()


def test_stubbed_keeps_the_rest_of_the_module_and_refuses_a_name_it_does_not_define():
    source = 'import math\n\n\ndef kept(x):\n    return x\n\n\ndef gone(x):\n    """Doc."""\n    return x\n\n\n' \
             'class Gone:\n    def step(self):\n        return 1\n'
    result = stubbed(source, ["gone", "Gone"], "nbtools.example")
    namespace = {}
    exec(result, namespace)  # noqa: S102
    assert namespace["kept"](2) == 2
    for call in (lambda: namespace["gone"](1), lambda: namespace["Gone"]()):
        with pytest.raises(NotAvailableWhileGrading, match="`nbtools.example.[gG]one` answers a question"):
            call()
    with pytest.raises(ValueError, match="defines no top-level missing"):
        stubbed(source, ["missing"], "nbtools.example")
