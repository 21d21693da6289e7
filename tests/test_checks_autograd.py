"""The checks of exercise 08 (automatic differentiation): the solved exercise passes every check, every
misconception a check defines is tested with its hint (the rows of its mutation table), untouched templates
read "not attempted yet", and the topological-order check accepts every valid order and no invalid one."""

from pathlib import Path

import nbformat
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nbtools.checks
from mutation_tables.ex08_automatic_differentiation import TABLE
from nbtools import check
from nbtools.checks import autograd as exercise_08

from misconceptions import (assert_every_misconception_tested, assert_fails_with_hint, assert_not_attempted,
                            misconceptions_defined)

ROOT = Path(__file__).resolve().parents[1]
EXERCISE_08 = sorted(name for name, function in nbtools.checks._CHECKS.items()
                     if function.__module__ == exercise_08.__name__)
FUNCTION_CHECKS = ["power_rule", "sigmoid_rule", "topological_sort", "backward_sweep", "matmul_backward"]
VALUE_CHECKS = ["gradients_by_hand", "shared_weight_gradient", "mode_passes"]
MISCONCEPTIONS = [(name, wrong.answer, wrong.hint) for name, (wrongs, _) in TABLE.items() for wrong in wrongs
                  if wrong.hint]


def template(*args):
    # YOUR CODE HERE
    raise NotImplementedError


def test_every_question_of_exercise_08_has_a_check_and_the_solutions_pass():
    notebook = nbformat.read(ROOT / "instructor" / "08_automatic_differentiation.ipynb", as_version=4)
    cells = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.source.startswith("check.")]
    assert sorted(cell.source.split("(")[0].removeprefix("check.") for cell in cells) == EXERCISE_08
    assert sorted(FUNCTION_CHECKS + VALUE_CHECKS) == EXERCISE_08
    for cell in cells:
        assert cell.outputs[0]["data"]["text/plain"].startswith("✔"), cell.source


@pytest.mark.parametrize("name, answer, hint", MISCONCEPTIONS,
                         ids=[f"{name}-{hint[:30]}" for name, _, hint in MISCONCEPTIONS])
def test_each_misconception_fails_with_its_hint(name, answer, hint):
    assert_fails_with_hint(name, answer, hint)


@pytest.mark.parametrize("name", [name for name in EXERCISE_08 if name != "topological_sort"])
def test_every_misconception_of_a_check_is_tested(monkeypatch, name):
    defined = misconceptions_defined(monkeypatch, exercise_08, [name])
    assert defined
    assert_every_misconception_tested(defined, [entry for entry in MISCONCEPTIONS if entry[0] == name])


@pytest.mark.parametrize("name", FUNCTION_CHECKS)
def test_the_untouched_function_template_is_not_attempted(name):
    assert_not_attempted(name, template)


@pytest.mark.parametrize("name", VALUE_CHECKS)
def test_the_untouched_value_template_is_not_attempted(name):
    assert_not_attempted(name, ...)


def test_the_simulated_engine_without_a_slip_is_the_reference():
    for x, k in [(2.0, 3), (0.8, 0.5), (-1.5, 2)]:
        assert exercise_08._power_probe(exercise_08._Engine())(x, k) == \
            pytest.approx(exercise_08.reference_power_gradient(x, k), rel=1e-12)
    for x in [0.5, -2.0]:
        assert exercise_08._sigmoid_probe(exercise_08._Engine())(x) == \
            pytest.approx(exercise_08.reference_sigmoid_gradient(x), rel=1e-12)
    assert exercise_08._sweep_probe()(2.0, 3.0) == exercise_08.reference_sweep_twice(2.0, 3.0)


def test_the_equals_slip_loses_a_path_where_a_value_is_used_twice():
    """f = x^k x + 3 x^k: with `=` the last rule to run, the x^k of the product, overwrites the rest."""
    assert exercise_08._power_probe(exercise_08._Engine("equals"))(2.0, 3) == 3 * 2.0 ** 3


def test_a_sweep_without_a_seed_and_one_in_the_forward_order_get_different_hints():
    seedless = check.backward_sweep(exercise_08._sweep_probe("no seed"))
    forward = check.backward_sweep(exercise_08._sweep_probe("forward order"))
    assert "must be 1" in seedless.hint and "reversed(order)" in forward.hint


def test_a_topological_sort_that_changes_its_graph_is_named():
    def destructive(graph, output):
        order = exercise_08.reference_topological_sort(graph, output)
        graph.clear()
        return order
    result = check.topological_sort(destructive)
    assert result.status == "failed" and "changed its input `graph` in place" in result.problem


@st.composite
def graphs_and_orders(draw):
    """A random graph of 2-9 nodes (each node's inputs among the earlier ones), an output, and a random
    permutation of the output's ancestors."""
    size = draw(st.integers(2, 9))
    names = [f"n{i}" for i in range(size)]
    graph = {name: [names[j] for j in draw(st.lists(st.integers(0, max(i - 1, 0)), max_size=3)) if j < i]
             for i, name in enumerate(names)}
    output = draw(st.sampled_from(names))
    ancestors = exercise_08.reference_topological_sort(graph, output)
    return graph, output, draw(st.permutations(ancestors))


@settings(max_examples=300, deadline=None)
@given(graphs_and_orders())
def test_order_problem_accepts_exactly_the_valid_orders(case):
    graph, output, order = case
    position = {name: i for i, name in enumerate(order)}
    valid = all(position[parent] < position[name] for name in order for parent in graph[name])
    assert (exercise_08.order_problem(list(order), graph, output) is None) == valid


def test_every_check_of_exercise_08_has_a_mutation_table_with_right_answers_that_pass():
    assert set(TABLE) == set(EXERCISE_08)
    for name, (_, rights) in TABLE.items():
        for right in rights:
            assert check(name, right.answer).ok, (name, right.why)


def test_matmul_cases_start_with_a_square_product_so_untransposed_slips_run():
    Z, W, G = exercise_08._matmul_cases()[0].args
    assert Z.shape == W.shape == G.shape == (3, 3)
    assert not np.allclose(G @ W, G @ W.T)


# --- Every hint a check of exercise 08 can give is expected by a wrong answer of its mutation table ---------

def test_every_misconception_of_exercise_08_is_in_its_mutation_table(monkeypatch):
    """Both ways, as for exercise 12: each hint a check of exercise 8 can give is expected by a wrong answer of
    ``tests/mutation_tables/ex08_automatic_differentiation.py`` (which then must get it), and each hint the table
    expects is still one a check gives. Question 4 judges orders by their properties: its hints are the module's
    ``ORDER_HINTS``."""
    names = [name for name in TABLE if name != "topological_sort"]
    defined = misconceptions_defined(monkeypatch, exercise_08, names)
    defined += [("topological_sort", hint) for hint in exercise_08.ORDER_HINTS]
    assert_every_misconception_tested(defined, MISCONCEPTIONS)


def test_the_cases_separate_the_unsafe_and_the_sign_blind_rules():
    """Question 2 has x = 0 (a rule k·out/x divides by it) and a negative x; question 3 an input whose e^x
    overflows while the forward pass still works; question 7 starts square so an untransposed product runs."""
    assert any(case.args[0] == 0 for case in exercise_08.POWER_CASES)
    assert any(case.args[0] < 0 and case.args[1] == 2 for case in exercise_08.POWER_CASES)
    assert any(case.args[0] > 710 for case in exercise_08.SIGMOID_CASES)
    for case in exercise_08.POWER_CASES + exercise_08.SIGMOID_CASES:
        reference = (exercise_08.reference_power_gradient if len(case.args) == 2
                     else exercise_08.reference_sigmoid_gradient)
        assert np.isfinite(reference(*case.args))


def test_a_sweep_that_resets_the_inputs_instead_of_the_nodes_in_between_is_named():
    result = check.backward_sweep(exercise_08._sweep_probe("reset leaves only"))
    assert result.status == "failed" and "wrong way round" in result.hint
