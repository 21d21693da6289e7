"""The checks of exercise 02 (networks): correct answers pass in the forms a learner may write them, each
misconception fails with its own hint, and an untouched template reads "not attempted yet"."""

import numpy as np
import pytest
import sympy

import nbtools.checks
from nbtools import check, layers
from nbtools.checks import networks as exercise_02
from nbtools.checks.engine import check_function

from misconceptions import (assert_every_misconception_tested, assert_fails_with_hint, assert_not_attempted,
                            assert_passes, misconceptions_defined)

u, z = sympy.symbols("u z")
sigma = 1 / (1 + sympy.exp(-u))
EXERCISE_02 = sorted(name for name, function in nbtools.checks._CHECKS.items()
                     if function.__module__ == exercise_02.__name__)
FUNCTION_CHECKS = ["dense", "sigmoid", "forward", "relu_derivative", "identity_derivative"]
VALUE_CHECKS = ["weight_shape", "weighted_sum", "sigmoid_derivative_symbolic", "tanh_derivative_in_z",
                "parameter_count", "symmetry_stays"]


# --- learner answers, written the way a learner would -----------------------------------------------

def template_one(u):
    # YOUR CODE HERE
    raise NotImplementedError


def template_three(a, b, c):
    # YOUR CODE HERE
    raise NotImplementedError


def dense_matmul(Z, W, b):
    return Z @ W + b


def dense_dot(Z, W, b):
    return np.dot(Z, W) + b


def dense_loops(Z, W, b):
    U = np.zeros((Z.shape[0], W.shape[1]))
    for n in range(Z.shape[0]):
        for k in range(W.shape[1]):
            U[n, k] = sum(Z[n, j] * W[j, k] for j in range(W.shape[0])) + b[k]
    return U


def dense_transposed(Z, W, b):
    return Z @ W.T + b


def dense_weights_first(Z, W, b):
    return W @ Z + b


def dense_average(Z, W, b):
    return Z @ W / Z.shape[1] + b


def dense_average_with_bias(Z, W, b):
    return (Z @ W + b) / len(W)


def dense_no_bias(Z, W, b):
    return Z @ W


def dense_with_sigmoid(Z, W, b):
    return 1 / (1 + np.exp(-(Z @ W + b)))


def dense_minus_bias(Z, W, b):
    return Z @ W - b


def dense_one_sample_only(Z, W, b):
    z_row = Z[0]
    return (z_row @ W + b).reshape(1, -1)


def sigmoid_naive(u):
    return 1 / (1 + np.exp(-u))


def sigmoid_stable(u):
    e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_sign_slip(u):
    return 1 / (1 + np.exp(u))


def sigmoid_exp_over_one_plus_exp(u):
    return np.exp(u) / (1 + np.exp(u))


def sigmoid_derivative_instead(u):
    s = 1 / (1 + np.exp(-u))
    return s * (1 - s)


def sigmoid_in_place(u):
    u *= -1
    return 1 / (1 + np.exp(u))


def sigmoid_vector_only(u):
    return np.array([1 / (1 + np.exp(-float(value))) for value in u])


def sigmoid_math_exp(u):
    import math
    return 1 / (1 + math.exp(-u))


def forward_loop(X, layers, activations):
    Z = X
    for (W, b), f in zip(layers, activations):
        Z = f(Z @ W + b)
    return Z


def forward_indices(X, layers, activations):
    Z = X
    for number in range(len(layers)):
        W, b = layers[number]
        Z = activations[number](np.dot(Z, W) + b)
    return Z


def forward_no_activation(X, layers, activations):
    Z = X
    for W, b in layers:
        Z = Z @ W + b
    return Z


def forward_activation_before(X, layers, activations):
    Z = X
    for (W, b), f in zip(layers, activations):
        Z = f(Z) @ W + b
    return Z


def forward_last_activation_missing(X, layers, activations):
    Z = X
    for (W, b), f in zip(layers, activations):
        U = Z @ W + b
        Z = f(U)
    return U


def forward_first_activation_everywhere(X, layers, activations):
    Z = X
    for W, b in layers:
        Z = activations[0](Z @ W + b)
    return Z


def forward_two_layers_only(X, layers, activations):
    (W1, b1), (W2, b2) = layers[0], layers[1]
    return activations[1](activations[0](X @ W1 + b1) @ W2 + b2)


# --- correct answers pass ----------------------------------------------------------------------------

CORRECT = [
    ("weight_shape", (4, 3)),
    ("weight_shape", [4, 3]),
    ("weight_shape", np.zeros((4, 3)).shape),
    ("weight_shape", np.array([4, 3])),
    ("weighted_sum", 3.5),
    ("weighted_sum", np.float64(3.5)),
    ("weighted_sum", sympy.Rational(7, 2)),
    ("dense", dense_matmul),
    ("dense", dense_dot),
    ("dense", dense_loops),
    ("sigmoid", sigmoid_naive),
    ("sigmoid", sigmoid_stable),
    ("forward", forward_loop),
    ("forward", forward_indices),
    ("sigmoid_derivative_symbolic", sympy.diff(sigma, u)),
    ("sigmoid_derivative_symbolic", sigma * (1 - sigma)),
    ("sigmoid_derivative_symbolic", sympy.exp(u) / (1 + sympy.exp(u)) ** 2),
    ("tanh_derivative_in_z", 1 - z**2),
    ("tanh_derivative_in_z", sympy.diff(sympy.tanh(u), u).subs(sympy.tanh(u), z)),
    ("tanh_derivative_in_z", (1 - z) * (1 + z)),
    ("parameter_count", 784 * 32 + 32 + 32 * 10 + 10),
    ("parameter_count", 25450.0),
    ("relu_derivative", lambda U: (U > 0).astype(float)),
    ("relu_derivative", lambda U: np.where(U > 0, 1.0, 0.0)),
    ("relu_derivative", lambda U: np.heaviside(U, 0.0)),
    ("identity_derivative", lambda U: np.ones(np.shape(U))),
    ("identity_derivative", lambda U: np.ones_like(U, dtype=float)),
    ("identity_derivative", lambda U: np.full(U.shape, 1.0)),
    ("symmetry_stays", True),
    ("symmetry_stays", np.True_),
]


@pytest.mark.parametrize("name, answer", CORRECT, ids=[f"{name}-{i}" for i, (name, _) in enumerate(CORRECT)])
def test_correct_answers_pass(name, answer):
    assert_passes(name, answer)


# --- every misconception fails with its own hint ----------------------------------------------------

MISCONCEPTIONS = [
    ("weight_shape", (3, 4), "That is the transposed shape."),
    ("weight_shape", [3, 4], "That is the transposed shape."),
    ("weight_shape", 12, "12 is the number of weights"),
    ("weight_shape", (5, 3), "The bias is not a row of W"),
    ("weighted_sum", -1.5, "You used row 2 of W."),
    ("weighted_sum", 3 / 3 + 0.5, "weighted sum, not an average: nothing divides by n_in."),
    ("weighted_sum", 3.5 / 3, "You divided by the number of inputs. u_k is a weighted sum, not an average."),
    ("weighted_sum", 3.0, "Don't forget the bias"),
    ("weighted_sum", 1 / (1 + np.exp(-3.5)), "That is σ(u_2)"),
    ("weighted_sum", 2.0, "That is u_3."),
    ("weighted_sum", -3.5, "That is u_1"),
    ("weighted_sum", -0.5, "You used `W[2, :]`, a row, and Python's index 2"),
    ("weighted_sum", -2.0 + 0.0, "You used `W[2, :]` and `b[2]`"),
    ("dense", dense_transposed, "You multiplied by the transpose of W"),
    ("dense", dense_weights_first, "You wrote `W @ Z`"),
    ("dense", dense_average, "You divided by the number of inputs."),
    ("dense", dense_average_with_bias, "You divided by the number of inputs."),
    ("dense", dense_no_bias, "Don't forget the bias: U = Z @ W + b"),
    ("dense", dense_with_sigmoid, "You applied an activation (the sigmoid) inside `dense`."),
    ("dense", dense_minus_bias, "You subtracted the bias"),
    ("sigmoid", sigmoid_sign_slip, "Check the sign in the exponent"),
    ("sigmoid", sigmoid_exp_over_one_plus_exp, "inf / inf is NaN"),
    ("sigmoid", sigmoid_derivative_instead, "That is the sigmoid's derivative"),
    ("forward", forward_no_activation, "You never applied the activations."),
    ("forward", forward_activation_before, "You applied each activation to the layer's *input*"),
    ("forward", forward_last_activation_missing, "The last layer's activation is missing"),
    ("forward", forward_first_activation_everywhere, "Every layer should use its own activation"),
    ("sigmoid_derivative_symbolic", sigma * (1 + sigma), "not σ(u)(1 + σ(u))"),
    ("sigmoid_derivative_symbolic", -1 / (1 + sympy.exp(-u)) ** 2, "multiply by the derivative of the inside"),
    ("sigmoid_derivative_symbolic", -sympy.exp(-u) / (1 + sympy.exp(-u)) ** 2, "The derivative of e^(-u) is -e^(-u)"),
    ("sigmoid_derivative_symbolic", sigma, "That is σ(u) itself"),
    ("sigmoid_derivative_symbolic", z * (1 - z), "z(1 - z) is right when z = σ(u)"),
    ("tanh_derivative_in_z", sympy.diff(sympy.tanh(u), u), "Now write it in terms of the output z = tanh(u)"),
    ("tanh_derivative_in_z", 1 / sympy.cosh(u) ** 2, "Now write it in terms of the output z = tanh(u)"),
    ("tanh_derivative_in_z", z * (1 - z), "That is the sigmoid's z(1 - z)."),
    ("tanh_derivative_in_z", 1 - z, "Square the output"),
    ("tanh_derivative_in_z", 1 + z**2, "Check the sign: the derivative is 1 - z²"),
    ("parameter_count", 784 * 32 + 32 * 10, "You counted the weights only"),
    ("parameter_count", 784 + 32 + 10, "That is the number of units."),
    ("parameter_count", 784 * 32 * 10, "do not multiply all the sizes together"),
    ("parameter_count", 784 * 32 + 32, "That is the first layer only"),
    ("parameter_count", 784 * 32 + 32 * 10 + 784 + 32 + 10, "The inputs have no biases"),
    ("relu_derivative", lambda U: (U >= 0).astype(float), "At u = 0 exactly"),
    ("relu_derivative", lambda U: np.maximum(U, 0.0), "That is ReLU itself"),
    ("relu_derivative", lambda U: np.where(U < 0, 1.0, 0.0), "Check the direction"),
    ("relu_derivative", lambda U: (U > 0).astype(U.dtype), "Your slopes are integers"),
    ("identity_derivative", lambda U: U * 1.0, "That is the identity itself"),
    ("identity_derivative", lambda U: np.zeros(U.shape), "The slope of z = u is 1, not 0"),
    ("identity_derivative", np.ones_like, "Your slopes are integers"),
    ("symmetry_stays", False, "gradient descent never separates them"),
]


@pytest.mark.parametrize("name, answer, hint", MISCONCEPTIONS,
                         ids=[f"{name}-{i}" for i, (name, _, _) in enumerate(MISCONCEPTIONS)])
def test_each_misconception_fails_with_its_hint(name, answer, hint):
    assert_fails_with_hint(name, answer, hint)


def test_every_check_of_the_exercise_is_tested():
    assert EXERCISE_02 == sorted(FUNCTION_CHECKS + VALUE_CHECKS)
    assert {name for name, _ in CORRECT} == set(EXERCISE_02)
    assert {name for name, _, _ in MISCONCEPTIONS} == set(EXERCISE_02)


def test_every_misconception_of_exercise_02_has_a_test(monkeypatch):
    """Catches a Misconception added to nbtools/checks/networks.py without an entry in MISCONCEPTIONS."""
    assert_every_misconception_tested(misconceptions_defined(monkeypatch, exercise_02, EXERCISE_02), MISCONCEPTIONS)


def test_hints_are_distinct_per_misconception_within_a_check():
    """A misconception test above must name *its* mistake, so no two hints it expects should coincide by accident."""
    for name in EXERCISE_02:
        answers = [(answer, hint) for check_name, answer, hint in MISCONCEPTIONS if check_name == name]
        for answer, hint in answers:
            shown = check(name, answer).hint
            others = [other for _, other in answers if other != hint and other in shown]
            assert not others, f"{name}: the hint for {answer!r} also matches {others}"


# --- untouched templates -----------------------------------------------------------------------------

@pytest.mark.parametrize("name, template", [("dense", template_three), ("sigmoid", template_one),
                                            ("forward", template_three), ("relu_derivative", template_one),
                                            ("identity_derivative", template_one)])
def test_untouched_function_template_is_not_attempted(name, template):
    assert_not_attempted(name, template)


@pytest.mark.parametrize("name", VALUE_CHECKS)
def test_untouched_value_template_is_not_attempted(name):
    assert_not_attempted(name, ...)


# --- what the engine names by itself, on this exercise's cases --------------------------------------

def test_transposed_weights_with_a_non_square_W_are_named_with_the_learners_line():
    non_square = [case for case in exercise_02._dense_cases() if case.args[1].shape[0] != case.args[1].shape[1]]
    assert len(non_square) >= 2
    result = check_function(dense_transposed, layers.dense, non_square)
    assert result.status == "failed"
    assert "ValueError" in result.problem and "Z @ W.T + b" in result.problem


def test_W_at_Z_runs_on_a_case_and_gives_an_n_in_by_n_in_array():
    """Lesson 2's claim: `W @ Z` runs whenever the batch size equals n_out, giving an (n_in, n_in) array."""
    shapes = [(dense_weights_first(*case.args).shape, case.args[1].shape) for case in exercise_02._dense_cases()
              if case.args[0].shape[0] == case.args[1].shape[1]]
    assert any(shape == (n_in, n_in) and n_in != n_out for shape, (n_in, n_out) in shapes)


def test_the_first_dense_case_has_a_square_W_so_the_transposed_hint_is_shown():
    first = exercise_02._dense_cases()[0]
    W = first.args[1]
    assert W.shape[0] == W.shape[1] and not np.allclose(W, W.T)


def test_a_dense_that_only_handles_one_sample_fails_on_a_batch():
    result = check.dense(dense_one_sample_only)
    assert result.status == "failed"
    assert "shape" in result.problem


def test_a_naive_sigmoid_overflows_harmlessly_and_passes():
    """1 / (1 + e^(-u)) overflows to inf at u = -1000 with a warning, and 1 / inf = 0 is the right value."""
    with np.errstate(over="ignore"):
        assert sigmoid_naive(np.array([-1000.0]))[0] == 0.0
    assert check.sigmoid(sigmoid_naive).status == "passed"


def test_a_sigmoid_that_changes_its_input_is_named():
    result = check.sigmoid(sigmoid_in_place)
    assert result.status == "failed"
    assert "changed its input `u` in place" in result.problem


def test_a_sigmoid_for_vectors_only_fails_on_the_batch():
    result = check.sigmoid(sigmoid_vector_only)
    assert result.status == "failed"
    assert "batch" in result.case


def test_a_sigmoid_with_math_exp_is_named_with_its_line():
    result = check.sigmoid(sigmoid_math_exp)
    assert result.status == "failed"
    assert "TypeError" in result.problem and "math.exp(-u)" in result.problem


def test_a_forward_for_two_layers_only_fails_on_other_depths():
    result = check.forward(forward_two_layers_only)
    assert result.status == "failed"
    assert 0 < result.passed < result.total


def test_a_wrong_sized_array_for_the_shape_question_is_explained():
    result = check.weight_shape(np.zeros((4, 3)))
    assert result.status == "failed"
    assert "the question asks for its shape" in result.problem


def test_case_labels_show_the_inputs_and_their_shapes():
    for case in exercise_02._dense_cases() + exercise_02._sigmoid_cases() + exercise_02._forward_cases():
        assert "shape (" in case.label
