"""While a class is graded, the sandbox sees a copy of nbtools without what would answer the exercise.

A learner's kernel needs nbtools: the building blocks of earlier lessons, and ``check`` for the setup cell's
import. It must not have the exercise's answers: a submission that wraps, copies or re-executes nbtools' own
version of a function it was asked to write must earn nothing. So ``package_view`` writes a copy of the
package in which

* every exercise's check module is empty: they hold the references, the cases and the misconceptions, and
  the grader runs the checks in its own process, with the real package;
* each building block in ``WITHHELD`` for the assignment's check modules keeps its name and signature, but
  its body only raises ``NotAvailableWhileGrading``;

and the sandbox mounts that copy, read-only, where the package is.
"""

import ast
import shutil
from pathlib import Path
from types import SimpleNamespace  # names a block of nbtools.pytorch without importing PyTorch into the grader

from .. import derivatives, gradient_check, initialisation, layers, losses, optimisers, regularisation, training
from .. import activations as act
from .. import autograd as ag
from .. import backprop as bp
from .runner import NotAvailableWhileGrading  # noqa: F401  (the stubs raise it in the kernel)

# For each exercise's check module, the building blocks that answer one of its questions. A check module's
# own reference helpers need no entry: the whole module is withheld.
WITHHELD = {
    "nbtools.checks.derivatives": [derivatives.difference_quotient, derivatives.derivative_by_limit,
                                   derivatives.profit_slope, derivatives.gradient_ascent, optimisers.descent_path],
    "nbtools.checks.networks": [act.sigmoid, act.sigmoid_derivative, act.tanh_derivative, act.relu_derivative,
                                act.identity_derivative, layers.dense, layers.forward],
    "nbtools.checks.losses": [losses.mse, losses.mse_gradient, losses.mae, losses.mae_gradient],
    "nbtools.checks.softmax": [losses.softmax, losses.log_sum_exp, losses.log_softmax, losses.one_hot,
                               losses.cross_entropy, losses.softmax_cross_entropy,
                               losses.softmax_cross_entropy_gradient],
    "nbtools.checks.backprop": [bp.layer_backward, bp.backward, bp.loss_and_gradients,
                                gradient_check.numerical_gradient, gradient_check.relative_error,
                                gradient_check.check_gradients],
    "nbtools.checks.descent": [optimisers.SGD, optimisers.Momentum, optimisers.descent_path],
    # exercise 7's other answers live in its check module; lesson 6's optimisers stay
    "nbtools.checks.learning_loop": [training.accuracy],
    "nbtools.checks.autograd": [ag.topological_order, ag.Value, ag.Tensor, ag.unbroadcast],
    # exercise 9 is answered with PyTorch; these would answer it with the workbook's own code instead
    "nbtools.checks.pytorch": [bp.loss_and_gradients, bp.backward, ag.tensor_gradients, ag.value_gradients,
                               *(SimpleNamespace(__module__="nbtools.pytorch", __name__=name)  # not imported:
                                 for name in ("linear_from", "network_from", "gradients_of", "layers_of"))],
    "nbtools.checks.initialisation": [initialisation.init_std, initialisation.init_weights, initialisation.flow,
                                      initialisation.layer_spreads, initialisation.dead_units],
    "nbtools.checks.regularisation": [regularisation.l2_penalty, regularisation.l2_gradients,
                                      regularisation.dropout_mask, regularisation.dropout,
                                      regularisation.regularised_loss_and_gradients, regularisation.regularised],
    "nbtools.checks.optimisers_past_momentum": [optimisers.Nesterov, optimisers.RMSProp, optimisers.Adam,
                                                optimisers.AdamW, optimisers.warm_up_cosine, optimisers.cosine,
                                                optimisers.warm_up],
}
CHECK_MODULES_KEPT = {"__init__", "engine", "compare", "diagnose", "render"}  # the engine has no answers


def withheld_for(questions):
    """The building blocks withheld while grading these questions (the names of registered checks)."""
    from ..checks import _CHECKS

    modules = {_CHECKS[question].__module__ for question in questions if question in _CHECKS}
    return [block for module in sorted(modules) for block in WITHHELD.get(module, [])]


def package_view(blocks, folder):
    """Write the sandbox's copy of the nbtools package into ``folder``; return the copy's path."""
    package = Path(__file__).resolve().parents[1]
    view = Path(folder) / "nbtools"
    shutil.copytree(package, view, ignore=shutil.ignore_patterns("__pycache__"))
    for module in (view / "checks").glob("*.py"):
        if module.stem not in CHECK_MODULES_KEPT:
            module.write_text('"""Withheld while grading: the checks run in the grader\'s own process."""\n')
    by_file = {}
    for block in blocks:
        by_file.setdefault(block.__module__, []).append(block.__name__)
    for module, names in by_file.items():
        path = view.joinpath(*module.split(".")[1:]).with_suffix(".py")
        path.write_text(stubbed(path.read_text(), names, module))
    return view


def stubbed(source, names, module):
    """``source`` with each top-level function or class in ``names`` reduced to a stub that raises."""
    lines = source.split("\n")
    found = {node.name: node for node in ast.parse(source).body
             if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in names}
    missing = set(names) - set(found)
    if missing:
        raise ValueError(f"{module} defines no top-level {', '.join(sorted(missing))} to withhold")
    for node in sorted(found.values(), key=lambda node: node.lineno, reverse=True):
        first = node.body[0]
        indent = " " * first.col_offset
        message = (f"`{module}.{node.name}` answers a question of this exercise, so it is not available "
                   "while your work is graded: the answer must be your own code.")
        body = [f"{indent}from nbtools.grading.runner import NotAvailableWhileGrading",
                f"{indent}raise NotAvailableWhileGrading({message!r})"]
        if isinstance(node, ast.ClassDef):
            body = [f"{indent}def __init__(self, *args, **kwargs):", *["    " + line for line in body]]
        lines[first.lineno - 1:node.end_lineno] = body
    return "\n".join(lines)
