"""Backpropagation, gradient checking, optimisers, mini-batches and the training loop (lessons 5-7)."""

import numpy as np
import pytest

from nbtools.backprop import backward, forward_with_cache, layer_backward, loss_and_gradients
from nbtools.gradient_check import check_gradients, numerical_gradient, relative_error
from nbtools.layers import forward, init_network
from nbtools.losses import LOSSES, one_hot
from nbtools.optimisers import SGD, Momentum, descent_path, minibatches
from nbtools.training import accuracy, train

ARCHITECTURES = [
    (["sigmoid", "identity"], "mse"),
    (["tanh", "sigmoid", "identity"], "mse"),
    (["relu", "identity"], "mae"),
    (["tanh", "relu", "identity"], "softmax_cross_entropy"),
    (["sigmoid", "sigmoid"], "mse"),
]


def random_problem(activations, loss, seed, n_samples=7, n_inputs=4, n_outputs=3):
    rng = np.random.default_rng(seed)
    layers = init_network([n_inputs] + [5] * (len(activations) - 1) + [n_outputs], rng)
    X = rng.normal(size=(n_samples, n_inputs))
    if loss == "softmax_cross_entropy":
        Y = one_hot(rng.integers(0, n_outputs, n_samples), n_outputs)
    else:
        Y = rng.normal(size=(n_samples, n_outputs))
    return layers, X, Y


def loss_function(X, Y, layers, activations, loss):
    return lambda: LOSSES[loss][0](forward(X, layers, activations), Y)


@pytest.mark.parametrize("activations, loss", ARCHITECTURES, ids=lambda a: "-".join(a) if isinstance(a, list) else a)
@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("n_samples", [7, 1], ids=["batch", "one sample"])  # one sample takes the outer-product path
def test_backprop_matches_finite_differences(activations, loss, seed, n_samples):
    layers, X, Y = random_problem(activations, loss, seed, n_samples)
    _, gradients, _ = loss_and_gradients(X, Y, layers, activations, loss)
    verdict = check_gradients(loss_function(X, Y, layers, activations, loss), layers, gradients)
    assert verdict.ok, str(verdict)


def test_forward_with_cache_keeps_every_layer_and_ends_with_the_prediction():
    layers, X, _ = random_problem(["tanh", "sigmoid", "identity"], "mse", 0)
    Z, U = forward_with_cache(X, layers, ["tanh", "sigmoid", "identity"])
    assert [z.shape for z in Z] == [(7, 4), (7, 5), (7, 5), (7, 3)]
    assert [u.shape for u in U] == [(7, 5), (7, 5), (7, 3)]
    np.testing.assert_allclose(Z[-1], forward(X, layers, ["tanh", "sigmoid", "identity"]))


def test_layer_backward_deltas_by_hand_for_one_sigmoid_unit():
    """One sample, one input z = 2, one unit with w = 0.5: u = 1, dE/dz_out = 1, delta = s(1)(1 - s(1))."""
    U, Z_prev, W = np.array([[1.0]]), np.array([[2.0]]), np.array([[0.5]])
    dW, db, dZ_prev = layer_backward(np.array([[1.0]]), U, Z_prev, W, "sigmoid")
    s = 1 / (1 + np.exp(-1.0))
    delta = s * (1 - s)
    assert dW[0, 0] == pytest.approx(delta * 2.0)  # dE/dw_jk = delta_k z_j
    assert db[0] == pytest.approx(delta)           # bias gradient = delta
    assert dZ_prev[0, 0] == pytest.approx(delta * 0.5)  # passed back through w


def test_backward_gradient_shapes_match_the_parameters():
    layers, X, Y = random_problem(["relu", "identity"], "mse", 3)
    Z, U = forward_with_cache(X, layers, ["relu", "identity"])
    gradients = backward(LOSSES["mse"][1](Z[-1], Y), U, Z, layers, ["relu", "identity"])
    assert [(dW.shape, db.shape) for dW, db in gradients] == [(W.shape, b.shape) for W, b in layers]


def test_gradient_check_catches_a_missing_activation_derivative_and_names_the_worst_parameter():
    activations = ["sigmoid", "identity"]
    layers, X, Y = random_problem(activations, "mse", 4)
    Z, U = forward_with_cache(X, layers, activations)
    dE_dY = LOSSES["mse"][1](Z[-1], Y)
    dW2, db2, dE_dZ1 = layer_backward(dE_dY, U[1], Z[1], layers[1][0], "identity")
    wrong_first_layer = (Z[0].T @ dE_dZ1, dE_dZ1.sum(axis=0))  # forgot * sigmoid'(U1)
    verdict = check_gradients(loss_function(X, Y, layers, activations, "mse"), layers, [wrong_first_layer, (dW2, db2)])
    assert not verdict.ok
    assert verdict.worst.startswith(("W1[", "b1["))
    assert "DISAGREE" in str(verdict)


def test_the_default_step_agrees_on_tiny_gradients_where_a_step_of_1e_6_cries_disagree():
    """Five sigmoids in a row shrink some first-layer gradients to about 1e-5: with s = 1e-6 the rounding
    of the two losses (about 1e-16 E / s) is a visible fraction of them, with the default 1e-5 it is not."""
    activations = ["sigmoid"] * 5
    rng = np.random.default_rng(8)
    layers = init_network([3, 4, 4, 4, 4, 2], rng)
    X, Y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    _, gradients, _ = loss_and_gradients(X, Y, layers, activations, "mse")
    loss = loss_function(X, Y, layers, activations, "mse")
    too_small_a_step = check_gradients(loss, layers, gradients, step=1e-6)
    assert not too_small_a_step.ok and abs(too_small_a_step.analytic) < 1e-4, str(too_small_a_step)
    assert check_gradients(loss, layers, gradients).ok


def test_numerical_gradient_restores_the_parameter_and_is_exact_for_a_quadratic():
    w = np.array([1.0, -2.0])
    gradient = numerical_gradient(lambda: float(np.sum(w**2)), w)
    np.testing.assert_allclose(gradient, [2.0, -4.0], rtol=1e-8)
    np.testing.assert_array_equal(w, [1.0, -2.0])


def test_relative_error_is_scale_free_and_zero_for_two_zeros():
    np.testing.assert_allclose(relative_error(np.array([1e-5, 1e9, 0.0]), np.array([1.1e-5, 1.1e9, 0.0])),
                               [0.1 / 2.1, 0.1 / 2.1, 0.0])


def test_an_exactly_zero_gradient_agrees_with_a_rounding_noise_finite_difference():
    """Backprop's exact 0 against a finite difference of 3e-18 is agreement, not a relative error of 1."""
    assert relative_error(np.array([0.0]), np.array([3e-18]))[0] < 1e-6
    w, b = np.array([[1.0, 0.0]]), np.array([0.0])
    verdict = check_gradients(lambda: float(w[0, 0] ** 2 + 1e-18 * np.sin(w[0, 1])), [(w, b)],
                              [(np.array([[2.0, 0.0]]), np.array([0.0]))])
    assert verdict.ok, str(verdict)
    assert not check_gradients(lambda: float(w[0, 0] ** 2), [(w, b)], [(np.array([[2.0, 1e-4]]), np.array([0.0]))]).ok


def test_sgd_steps_against_the_gradient_in_place():
    theta = np.array([1.0, 2.0])
    SGD(0.1).step([theta], [np.array([10.0, -10.0])])
    np.testing.assert_allclose(theta, [0.0, 3.0])


def test_momentum_carries_its_velocity_between_steps():
    theta, gradient = np.array([0.0]), np.array([1.0])
    optimiser = Momentum(learning_rate=0.1, momentum=0.5)
    optimiser.step([theta], [gradient])  # v = -0.1, theta = -0.1
    optimiser.step([theta], [gradient])  # v = 0.5 * -0.1 - 0.1 = -0.15, theta = -0.25
    np.testing.assert_allclose(theta, [-0.25])
    np.testing.assert_allclose(optimiser.velocities[0], [-0.15])


def test_momentum_zero_is_plain_sgd_and_out_of_range_is_refused():
    with_momentum, plain = np.array([3.0]), np.array([3.0])
    zero, sgd = Momentum(0.2, momentum=0.0), SGD(0.2)
    for _ in range(3):
        zero.step([with_momentum], [2 * with_momentum])
        sgd.step([plain], [2 * plain])
    np.testing.assert_allclose(with_momentum, plain)
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        Momentum(0.1, momentum=1.0)


def test_descent_path_records_the_start_and_every_step_and_leaves_the_start_alone():
    start = [4.0, -2.0]
    path = descent_path(SGD(0.25), lambda theta: 2 * theta, start, steps=3)  # L = |theta|^2: each step halves theta
    np.testing.assert_allclose(path, [[4.0, -2.0], [2.0, -1.0], [1.0, -0.5], [0.5, -0.25]])
    assert start == [4.0, -2.0]


def test_minibatches_cover_every_sample_once_shuffled_and_reproducibly():
    X, Y = np.arange(10.0).reshape(10, 1), np.arange(10.0).reshape(10, 1) * 2
    batches = list(minibatches(X, Y, 4, np.random.default_rng(0)))
    assert [len(xb) for xb, _ in batches] == [4, 4, 2]
    seen = np.concatenate([xb for xb, _ in batches]).ravel()
    assert sorted(seen) == list(range(10)) and list(seen) != list(range(10))
    assert all(np.array_equal(yb, 2 * xb) for xb, yb in batches)  # rows stay paired
    again = list(minibatches(X, Y, 4, np.random.default_rng(0)))
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(batches, again))


def xor_problem():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, one_hot(np.array([0, 1, 1, 0]), 2)


def test_train_learns_xor_and_counts_iterations_and_epochs_apart():
    rng = np.random.default_rng(0)
    X, Y = xor_problem()
    layers = init_network([2, 8, 2], rng)
    history = train(layers, ["tanh", "identity"], "softmax_cross_entropy", X, Y, Momentum(0.1, 0.9),
                    epochs=300, batch_size=2, rng=rng)
    assert accuracy(forward(X, layers, ["tanh", "identity"]), Y) == 1.0
    assert history["train_loss"][-1] < history["train_loss"][0] / 10
    assert history["iterations"][-1] == 2 * history["epoch"][-1]  # 4 samples, batches of 2: 2 iterations an epoch


def test_train_stops_when_the_loss_is_acceptable():
    rng = np.random.default_rng(1)
    X, Y = xor_problem()
    history = train(init_network([2, 8, 2], rng), ["tanh", "identity"], "softmax_cross_entropy", X, Y,
                    Momentum(0.1, 0.9), epochs=1000, batch_size=4, rng=rng, target_loss=0.05)
    assert history["train_loss"][-1] <= 0.05 and history["epoch"][-1] < 1000
    assert history["stopped"].startswith("training loss reached 0.05")


def test_early_stopping_keeps_the_best_parameters_seen():
    """Noise-only targets: validation loss soon rises, training stops, and the best epoch's parameters are kept."""
    rng = np.random.default_rng(2)
    X, Y = rng.normal(size=(40, 5)), rng.normal(size=(40, 1))
    X_val, Y_val = rng.normal(size=(40, 5)), rng.normal(size=(40, 1))
    layers = init_network([5, 32, 1], rng)
    history = train(layers, ["tanh", "identity"], "mse", X, Y, Momentum(0.05, 0.9), epochs=500, batch_size=8,
                    rng=rng, validation=(X_val, Y_val), patience=5)
    assert "did not improve for 5 epochs" in history["stopped"]
    best = min(history["validation_loss"])
    assert history["validation_loss"].index(best) == len(history["validation_loss"]) - 6
    assert LOSSES["mse"][0](forward(X_val, layers, ["tanh", "identity"]), Y_val) == pytest.approx(best)


def test_on_epoch_sees_the_growing_history():
    rng = np.random.default_rng(3)
    X, Y = xor_problem()
    seen = []
    train(init_network([2, 4, 2], rng), ["tanh", "identity"], "softmax_cross_entropy", X, Y, SGD(0.5),
          epochs=3, batch_size=4, rng=rng, on_epoch=lambda history: seen.append(len(history["train_loss"])))
    assert seen == [1, 2, 3]


def test_stopping_on_the_target_keeps_the_parameters_that_reached_it_even_with_patience_set():
    rng = np.random.default_rng(1)
    X, Y = xor_problem()
    layers = init_network([2, 8, 2], rng)
    history = train(layers, ["tanh", "identity"], "softmax_cross_entropy", X, Y, Momentum(0.1, 0.9),
                    epochs=1000, batch_size=4, rng=rng, validation=(X, Y), patience=50, target_loss=0.05)
    assert history["stopped"].startswith("training loss reached 0.05")
    assert LOSSES["softmax_cross_entropy"][0](forward(X, layers, ["tanh", "identity"]), Y) <= 0.05
