"""The checks of exercise 09 (PyTorch): the solved exercise passes every check, every misconception a check
defines is tested with its hint (the rows of its mutation table), untouched templates read "not attempted
yet", tensors returned by a learner are compared as arrays, and the checks themselves never import PyTorch."""

import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
import torch

import nbtools.checks
from mutation_tables.ex09_pytorch import TABLE
from nbtools import check
from nbtools.checks import pytorch as exercise_09

from misconceptions import (assert_every_misconception_tested, assert_fails_with_hint, assert_not_attempted,
                            misconceptions_defined)

ROOT = Path(__file__).resolve().parents[1]
EXERCISE_09 = sorted(name for name, function in nbtools.checks._CHECKS.items()
                     if function.__module__ == exercise_09.__name__)
FUNCTION_CHECKS = ["linear_forward", "torch_gradients", "sgd_steps", "pytorch_momentum_path", "logit_gradient"]
VALUE_CHECKS = ["linear_weight_shape", "momentum_buffer", "momentum_displacement", "grad_after_two_backward"]
MISCONCEPTIONS = [(name, wrong.answer, wrong.hint) for name, (wrongs, _) in TABLE.items() for wrong in wrongs
                  if wrong.hint]


def template(*args):
    # YOUR CODE HERE
    raise NotImplementedError


def test_every_question_of_exercise_09_has_a_check_and_the_solutions_pass():
    notebook = nbformat.read(ROOT / "instructor" / "09_pytorch.ipynb", as_version=4)
    cells = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.source.startswith("check.")]
    assert sorted(cell.source.split("(")[0].removeprefix("check.") for cell in cells) == EXERCISE_09
    assert sorted(FUNCTION_CHECKS + VALUE_CHECKS) == EXERCISE_09
    for cell in cells:
        assert cell.outputs[0]["data"]["text/plain"].startswith("✔"), cell.source


@pytest.mark.parametrize("name, answer, hint", MISCONCEPTIONS,
                         ids=[f"{name}-{hint[:30]}" for name, _, hint in MISCONCEPTIONS])
def test_each_misconception_fails_with_its_hint(name, answer, hint):
    assert_fails_with_hint(name, answer, hint)


@pytest.mark.parametrize("name", EXERCISE_09)
def test_every_misconception_of_a_check_is_tested(monkeypatch, name):
    defined = misconceptions_defined(monkeypatch, exercise_09, [name])
    assert defined
    assert_every_misconception_tested(defined, [entry for entry in MISCONCEPTIONS if entry[0] == name])


@pytest.mark.parametrize("name", FUNCTION_CHECKS)
def test_the_untouched_function_template_is_not_attempted(name):
    assert_not_attempted(name, template)


@pytest.mark.parametrize("name", VALUE_CHECKS)
def test_the_untouched_value_template_is_not_attempted(name):
    assert_not_attempted(name, ...)


def test_tensors_and_parameters_are_compared_as_arrays_and_float32_is_named():
    W, b = np.eye(2), np.zeros(2)
    layer = torch.nn.Linear(2, 2, dtype=torch.float64)
    converted = exercise_09.as_arrays([layer.weight, (torch.tensor([1.0], dtype=torch.bfloat16),), 3])
    assert isinstance(converted[0], np.ndarray) and converted[0].shape == (2, 2)
    assert converted[1][0].dtype == np.float32 and converted[2] == 3
    assert check.linear_forward(lambda X, W, b: torch.from_numpy(X @ W + b)).ok
    result = check.linear_forward(lambda X, W, b: torch.from_numpy(X @ W + b).float())
    assert result.status == "failed" and "float32" in result.hint
    assert exercise_09.TensorsAsArrays(lambda: None).call_safely((), None) is None
    assert np.array_equal(W, np.eye(2)) and not b.any()


def test_the_first_linear_case_is_square_so_the_forgotten_transpose_runs_and_is_named():
    X, W, b = exercise_09._linear_cases()[0].args
    assert W.shape[0] == W.shape[1] and not np.allclose(X @ W, X @ W.T)


def test_the_momentum_cases_change_the_rate_so_the_conventions_differ():
    first = exercise_09.MOMENTUM_CASES[0].args
    assert len(set(first[2])) > 1
    pytorch, workbook = (exercise_09.momentum_path(*first, convention=c) for c in ("pytorch", "workbook"))
    assert np.abs(pytorch - workbook).max() > 0.1
    constant = exercise_09.MOMENTUM_CASES[2].args
    np.testing.assert_allclose(exercise_09.momentum_path(*constant, convention="workbook"),
                               exercise_09.momentum_path(*constant), rtol=1e-12)


def test_the_momentum_reference_is_torch_optim_sgd():
    for case in exercise_09.MOMENTUM_CASES:
        start, curvatures, rates, momentum = case.args
        theta = torch.tensor(start, requires_grad=True)
        optimiser = torch.optim.SGD([theta], lr=rates[0], momentum=momentum)
        path = [theta.detach().clone()]
        for rate in rates:
            optimiser.param_groups[0]["lr"] = rate
            optimiser.zero_grad()
            (0.5 * (torch.from_numpy(curvatures) * theta ** 2).sum()).backward()
            optimiser.step()
            path.append(theta.detach().clone())
        np.testing.assert_allclose(torch.stack(path).numpy(),
                                   exercise_09.reference_pytorch_momentum_path(*case.args), rtol=1e-12)


def test_the_checks_of_exercise_09_import_no_pytorch():
    probe = ("import sys\nimport nbtools.checks.pytorch, nbtools.checks\n"
             "from nbtools import check\nimport numpy as np\n"
             "print(check.momentum_buffer(np.array([-0.5, 0.2])).ok, 'torch' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert output.split() == ["True", "False"]


def test_every_check_of_exercise_09_has_a_mutation_table_with_right_answers_that_pass():
    assert set(TABLE) == set(EXERCISE_09)
    for name, (_, rights) in TABLE.items():
        for right in rights:
            assert check(name, right.answer).ok, (name, right.why)


# --- Every hint a check of exercise 09 can give is expected by a wrong answer of its mutation table ---------

def test_every_misconception_of_exercise_09_is_in_its_mutation_table(monkeypatch):
    """Both ways, as for exercise 12: each hint a check of exercise 9 can give is expected by a wrong answer of
    ``tests/mutation_tables/ex09_pytorch.py`` (which then must get it), and each hint the table expects is still
    one a check gives."""
    defined = misconceptions_defined(monkeypatch, exercise_09, list(TABLE))
    assert_every_misconception_tested(defined, MISCONCEPTIONS)


def test_value_answers_may_be_tensors():
    """A learner who stores ``w.grad`` (a 0-d tensor) or a tensor buffer is compared by its value."""
    w = torch.tensor(1.5, requires_grad=True)
    for _ in range(2):
        (3 * w ** 2).backward()
    assert check.grad_after_two_backward(w.grad).ok
    assert check.momentum_buffer(torch.tensor([-0.5, 0.2], dtype=torch.float64)).ok
    assert check.linear_weight_shape(torch.nn.Linear(784, 32).weight.shape).ok
    assert not check.momentum_buffer(torch.tensor([-0.5, 0.2], dtype=torch.float64) * 1.2).ok


def test_float32_is_named_wherever_a_function_returns_numbers():
    for name in ["linear_forward", "torch_gradients", "sgd_steps", "pytorch_momentum_path", "logit_gradient"]:
        wrongs, _ = TABLE[name]
        assert any("float32" in wrong.hint for wrong in wrongs), name


def test_the_gradient_and_training_cases_start_square_so_an_untransposed_load_runs_and_is_named():
    X, Y, W1, b1, W2, b2 = exercise_09._gradient_cases()[0].args
    assert W1.shape[0] == W1.shape[1] and W2.shape[0] == W2.shape[1]
    X, Y, W, b, rate, steps = exercise_09._sgd_cases()[0].args
    assert W.shape[0] == W.shape[1] and steps > 1
