"""The reference building blocks: hand-computed values, derivatives against finite differences, and
stability on extreme inputs (no overflow, no NaN)."""

import math

import numpy as np
import pytest
import sympy

from nbtools import activations, derivatives, layers, losses
from nbtools.activations import ACTIVATIONS


def central_difference(f, at, step=1e-6):
    """d f / d at[i] for every entry of the array ``at``, by (f(at + step) - f(at - step)) / 2 step."""
    gradient = np.zeros_like(at)
    for index in np.ndindex(at.shape):
        shifted = at.copy()
        shifted[index] += step
        above = f(shifted)
        shifted[index] -= 2 * step
        gradient[index] = (above - f(shifted)) / (2 * step)
    return gradient


# Lesson 1: derivatives

def test_profit_and_its_slope_at_the_worked_points():
    assert [derivatives.profit(x) for x in (0, 1, 3)] == [-10, 0, 8]
    assert [derivatives.profit_slope(x) for x in (12, 0, 3)] == [-36, 12, 0]


def test_difference_quotient_of_the_profit_is_minus_4x_minus_2h_plus_12():
    for x, h in [(1.0, 0.5), (2.0, -0.25), (7.0, 1.0)]:
        assert derivatives.difference_quotient(derivatives.profit, x, h) == pytest.approx(-4 * x - 2 * h + 12)


def test_derivative_by_limit_agrees_with_sympy_diff():
    x = sympy.Symbol("x")
    for expression in [derivatives.profit(x), x**5, sympy.sin(x**3), x**3 * sympy.exp(x)]:
        assert sympy.simplify(derivatives.derivative_by_limit(expression, x) - sympy.diff(expression, x)) == 0


def test_gradient_ascent_path_matches_the_closed_form():
    """x_n - 3 = (1 - 4 eta)^n (x0 - 3) for the profit function."""
    eta, x0 = 0.1, 0.0
    path = derivatives.gradient_ascent(derivatives.profit_slope, x0, eta, 6)
    assert path.dtype == np.float64 and path.shape == (7,)
    np.testing.assert_allclose(path, 3 + (1 - 4 * eta) ** np.arange(7) * (x0 - 3))


def test_gradient_ascent_regimes_of_the_learning_rate():
    final = {eta: derivatives.gradient_ascent(derivatives.profit_slope, 0.0, eta, 40)[-1] for eta in (0.1, 0.5, 0.55)}
    assert final[0.1] == pytest.approx(3, abs=1e-6)
    assert final[0.5] == 0.0  # 0, 6, 0, 6, ...: even steps return to the start
    assert abs(final[0.55] - 3) > 1e3


# Lesson 2: activations and layers

@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_derivatives_match_finite_differences(name):
    activation, derivative = ACTIVATIONS[name]
    u = np.array([-3.0, -0.7, 0.4, 2.5])  # away from ReLU's kink at 0
    numeric = np.array([central_difference(lambda v: activation(v)[0], np.array([value])) for value in u]).ravel()
    np.testing.assert_allclose(derivative(u), numeric, rtol=1e-6, atol=1e-9)


def test_every_activation_has_its_slope_from_the_output():
    """backprop.backward looks every activation up in SLOPES_FROM_OUTPUT."""
    assert set(activations.SLOPES_FROM_OUTPUT) == set(ACTIVATIONS)


@pytest.mark.parametrize("name", sorted(activations.SLOPES_FROM_OUTPUT))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_slopes_from_the_output_equal_the_derivatives_at_the_sums(name, dtype):
    activation, derivative = ACTIVATIONS[name]
    u = np.linspace(-30, 30, 121).astype(dtype)
    slope = activations.SLOPES_FROM_OUTPUT[name](activation(u))
    assert slope.dtype == dtype
    np.testing.assert_array_equal(slope, derivative(u))


def test_activation_values_by_hand():
    np.testing.assert_allclose(activations.sigmoid(np.array([0.0, math.log(3)])), [0.5, 0.75])
    np.testing.assert_allclose(activations.tanh(np.array([0.0])), [0.0])
    np.testing.assert_array_equal(activations.relu(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(activations.relu_derivative(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 1.0])
    assert activations.sigmoid_derivative(np.array([0.0]))[0] == 0.25


def test_sigmoid_is_stable_for_huge_inputs():
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # an overflow, 0/0 or log(0) would raise here (underflow to 0 is fine)
        z = activations.sigmoid(np.array([-1e308, -1000.0, 1000.0, 1e308]))
    np.testing.assert_array_equal(z, [0.0, 0.0, 1.0, 1.0])
    assert np.all(np.isfinite(activations.sigmoid_derivative(np.array([-1000.0, 1000.0]))))


def test_identity_returns_a_new_float_array():
    u = np.array([1, 2])
    z = activations.identity(u)
    assert z.dtype == np.float64 and z is not u


def test_dense_is_a_weighted_sum_plus_bias_per_unit():
    z = np.array([[1.0, 2.0]])
    W = np.array([[0.5, -1.0, 0.0], [0.25, 1.0, 2.0]])  # W[j, k] joins input j to unit k
    b = np.array([0.1, 0.2, 0.3])
    expected = [[1 * 0.5 + 2 * 0.25 + 0.1, 1 * -1.0 + 2 * 1.0 + 0.2, 0 + 2 * 2.0 + 0.3]]
    np.testing.assert_allclose(layers.dense(z, W, b), expected)


def test_init_network_shapes_scale_and_seed():
    network = layers.init_network([784, 32, 10], np.random.default_rng(0))
    assert [(W.shape, b.shape) for W, b in network] == [((784, 32), (32,)), ((32, 10), (10,))]
    assert network[0][0].std() == pytest.approx(1 / math.sqrt(784), rel=0.05)
    again = layers.init_network([784, 32, 10], np.random.default_rng(0))
    assert all(np.array_equal(W, W2) for (W, _), (W2, _) in zip(network, again))


def test_forward_composes_layers_and_activations():
    X = np.array([[1.0, -1.0], [0.5, 2.0]])
    network = layers.init_network([2, 3, 1], np.random.default_rng(1))
    (W1, b1), (W2, b2) = network
    by_hand = activations.sigmoid(X @ W1 + b1) @ W2 + b2
    np.testing.assert_allclose(layers.forward(X, network, ["sigmoid", "identity"]), by_hand)


def test_forward_names_a_missing_activation():
    with pytest.raises(ValueError, match="2 layers need 2 activations"):
        layers.forward(np.ones((1, 2)), layers.init_network([2, 3, 1], np.random.default_rng(0)), ["sigmoid"])


# Lessons 3 and 4: losses

def test_mse_and_mae_by_hand():
    Y_hat, Y = np.array([[1.0], [2.0], [4.0]]), np.array([[1.0], [3.0], [1.0]])
    assert losses.mse(Y_hat, Y) == pytest.approx((0 + 1 + 9) / 3)
    assert losses.mae(Y_hat, Y) == pytest.approx((0 + 1 + 3) / 3)


@pytest.mark.parametrize("loss, gradient", [(losses.mse, losses.mse_gradient), (losses.mae, losses.mae_gradient)])
def test_regression_loss_gradients_match_finite_differences(loss, gradient):
    rng = np.random.default_rng(3)
    Y_hat, Y = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
    np.testing.assert_allclose(gradient(Y_hat, Y), central_difference(lambda P: loss(P, Y), Y_hat), atol=1e-8)


def test_softmax_by_hand_and_on_huge_logits():
    np.testing.assert_allclose(losses.softmax(np.array([[0.0, math.log(3)]])), [[0.25, 0.75]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = losses.softmax(np.array([[1000.0, 1001.0, 1002.0], [-1e300, 0.0, 1e300]]))
    np.testing.assert_allclose(p[0], losses.softmax(np.array([0.0, 1.0, 2.0])))
    np.testing.assert_array_equal(p[1], [0.0, 0.0, 1.0])


def test_log_sum_exp_and_log_softmax_are_stable():
    U = np.array([[1000.0, 1000.0], [-1000.0, -1000.0]])
    np.testing.assert_allclose(losses.log_sum_exp(U), [1000 + math.log(2), -1000 + math.log(2)])
    np.testing.assert_allclose(losses.log_softmax(np.array([[0.0, -2000.0]])), [[0.0, -2000.0]])


def test_one_hot_rows_and_clear_errors():
    np.testing.assert_array_equal(losses.one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    assert losses.one_hot(np.array([1]), 2).dtype == np.float64
    with pytest.raises(ValueError, match="integers"):
        losses.one_hot(np.array([0.0, 1.0]), 2)
    with pytest.raises(ValueError, match=r"0\.\.2"):
        losses.one_hot(np.array([0, 3]), 3)


def test_cross_entropy_by_hand_and_at_probability_zero():
    Y = losses.one_hot(np.array([0, 1]), 2)
    assert losses.cross_entropy(np.array([[0.25, 0.75], [0.5, 0.5]]), Y) == pytest.approx((math.log(4) + math.log(2)) / 2)
    assert losses.cross_entropy(np.array([[1.0, 0.0], [0.0, 1.0]]), Y) == 0.0
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        worst = losses.cross_entropy(np.array([[0.0, 1.0]]), losses.one_hot(np.array([0]), 2))
    assert np.isfinite(worst) and worst > 700


def test_softmax_cross_entropy_from_logits_equals_the_two_steps_and_survives_huge_logits():
    U = np.array([[2.0, -1.0, 0.5], [0.0, 0.0, 3.0]])
    Y = losses.one_hot(np.array([0, 1]), 3)
    assert losses.softmax_cross_entropy(U, Y) == pytest.approx(losses.cross_entropy(losses.softmax(U), Y))
    assert losses.softmax_cross_entropy(np.array([[0.0, 5000.0]]), losses.one_hot(np.array([0]), 2)) == pytest.approx(5000)


def test_softmax_cross_entropy_gradient_is_yhat_minus_y_over_n_and_matches_finite_differences():
    rng = np.random.default_rng(4)
    U, Y = rng.normal(size=(4, 3)), losses.one_hot(rng.integers(0, 3, size=4), 3)
    gradient = losses.softmax_cross_entropy_gradient(U, Y)
    np.testing.assert_allclose(gradient, (losses.softmax(U) - Y) / 4)
    np.testing.assert_allclose(gradient, central_difference(lambda V: losses.softmax_cross_entropy(V, Y), U), atol=1e-8)
