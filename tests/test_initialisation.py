"""nbtools.initialisation (lesson 10's building blocks) and nbtools.depth_explorer, driven headless as a learner
would drive the explorer."""

import io
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from nbtools.backprop import backward, forward_with_cache
from nbtools.depth_explorer import depth_explorer, histogram_columns
from nbtools.initialisation import dead_units, deep_network, flow, init_std, init_weights, layer_spreads


def test_init_std_is_he_for_relu_and_glorot_otherwise():
    assert init_std("relu", 100, 400) == pytest.approx(np.sqrt(2 / 100))
    assert init_std("tanh", 100, 400) == pytest.approx(np.sqrt(2 / 500))
    assert init_std("sigmoid", 64, 10) == init_std("tanh", 64, 10)


def test_init_weights_and_deep_network_draw_with_their_standard_deviation():
    W = init_weights(300, 200, "relu", np.random.default_rng(0))
    assert W.shape == (300, 200) and W.std() == pytest.approx(np.sqrt(2 / 300), rel=0.02)
    assert np.array_equal(W, init_weights(300, 200, "relu", np.random.default_rng(0)))
    layers = deep_network(128, 3, 2.0, np.random.default_rng(1))
    assert len(layers) == 3 and all(b.shape == (128,) and not b.any() for _, b in layers)
    assert all(W.std() == pytest.approx(2 / np.sqrt(128), rel=0.03) for W, _ in layers)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_flow_deltas_give_backprops_gradients(activation):
    """dE/dW = Z_prev^T delta and dE/db = the deltas' sum: the deltas of flow are lesson 5's."""
    rng = np.random.default_rng(3)
    X, G = rng.standard_normal((7, 4)), rng.standard_normal((7, 3))
    layers = [(rng.standard_normal((4, 5)), rng.standard_normal(5)), (rng.standard_normal((5, 3)),
                                                                       rng.standard_normal(3))]
    Z, deltas = flow(X, layers, activation, G)
    Z_cache, U = forward_with_cache(X, layers, [activation] * 2)
    gradients = backward(G, U, Z_cache, layers, [activation] * 2)
    for z_prev, delta, (dW, db) in zip([X] + Z[:-1], deltas, gradients):
        np.testing.assert_allclose(z_prev.T @ delta, dW, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(delta.sum(axis=0), db, rtol=1e-12, atol=1e-15)
    for z, z_cache in zip(Z, Z_cache[1:]):
        np.testing.assert_array_equal(z, z_cache)
    activations_spread, deltas_spread = layer_spreads(X, layers, activation, G)
    np.testing.assert_array_equal(activations_spread, [z.std() for z in Z])
    np.testing.assert_array_equal(deltas_spread, [d.std() for d in deltas])


def test_variance_of_a_weighted_sum_is_n_var_w_mean_square():
    rng = np.random.default_rng(5)
    Z = 0.7 + 0.4 * rng.standard_normal((500, 100))       # mean 0.7, variance 0.16: E[z^2] = 0.65
    U = Z @ rng.normal(0, 0.1, size=(100, 10_000))        # many units: the variance is over the weights too
    assert U.var() == pytest.approx(100 * 0.01 * 0.65, rel=0.03)
    assert U.var(axis=0).mean() == pytest.approx(100 * 0.01 * 0.16, rel=0.03)   # one unit's: Var(z) only


def test_dead_units_include_a_sum_of_exactly_zero_and_get_no_gradient():
    X = np.abs(np.random.default_rng(6).standard_normal((10, 3)))
    W = np.array([[0.0, -1.0, 1.0, -1.0], [0.0, -2.0, 1.0, 1.0], [0.0, -1.0, 1.0, -1.0]])
    b = np.array([0.0, 0.1, 0.0, 0.0])
    dead = dead_units(X, W, b)
    assert dead[:3].tolist() == [True, True, False]
    layers = [(W, b), (np.ones((4, 1)), np.zeros(1))]
    Z, U = forward_with_cache(X, layers, ["relu", "identity"])
    (dW, db), _ = backward(np.ones((10, 1)), U, Z, layers, ["relu", "identity"])
    assert not dW[:, dead].any() and not db[dead].any()


def numbers(readout):
    return [float(n) for n in re.findall(r"<b>([-0-9.e+]+)</b>", readout)]


def test_explorer_shows_the_spreads_of_its_network_and_redraws_on_each_control():
    explorer = depth_explorer(depth=6, activation="relu", gain=np.sqrt(2), width=50, n_samples=80)
    rng = np.random.default_rng(0)                         # the explorer's own draws, in its order
    X, G = rng.standard_normal((80, 50)), rng.standard_normal((80, 50))
    raw = [rng.standard_normal((50, 50)) for _ in range(20)]
    z, delta = layer_spreads(X, [(np.sqrt(2 / 50) * R, np.zeros(50)) for R in raw[:6]], "relu", G)
    assert numbers(explorer.readout.value) == pytest.approx([float(f"{z[-1]:.3g}"), float(f"{delta[0]:.3g}")])
    line = explorer.figure.axes[0].lines[-1]
    np.testing.assert_allclose(line.get_ydata(), z)
    first = explorer.image.value
    explorer.controls["depth"].value = 20
    assert len(explorer.figure.axes[1].lines[-1].get_xdata()) == 20 and explorer.image.value != first
    last, first_layer = numbers(explorer.readout.value)
    assert 0.3 < last / z[0] < 3 and 0.3 < first_layer / delta[-1] < 3   # He's scale: level through 20 layers
    explorer.controls["gain"].value = 0.5 * np.sqrt(2)
    last, first_layer = numbers(explorer.readout.value)
    assert last < 1e-4 and first_layer < 1e-4                               # halved 19 times
    explorer.controls["activation"].value = "sigmoid"
    assert "sigmoid, gain 0.707" in explorer.readout.value
    assert Image.open(io.BytesIO(explorer.image.value)).size[0] > 100
    assert "standard deviation of each layer's activations" in explorer.image.tooltip


def test_the_gain_slider_lands_on_the_lessons_gains():
    slider = depth_explorer().controls["gain"]
    for gain in [0.5, 1.0, np.sqrt(2), 2.0, 4.0, 8.0]:
        slider.value = gain
        assert slider.value == pytest.approx(gain, rel=1e-9)


def test_histogram_columns_draw_one_column_a_layer_sharing_the_y_range():
    fig, ax = plt.subplots()
    values = [np.random.default_rng(7).standard_normal(500) * s for s in (1.0, 0.1, 0.0)]
    histogram_columns(ax, values, leave_out_zeros=True)
    assert len(ax.patches) == 3 and ax.get_xlim() == (0.7, 4)
    assert not ax.patches[2].get_path().vertices[:, 0].max() > 3           # the all-zero layer: nothing left
    histogram_columns(ax, [np.zeros(4), np.zeros(4)])                       # every value equal: still drawn
    plt.close(fig)


def test_every_misconception_of_exercise_10_is_reached_by_a_wrong_answer_of_its_table(monkeypatch):
    from misconceptions import assert_table_expects_every_misconception, misconceptions_defined
    from mutation_tables.ex10_initialisation import TABLE

    import nbtools.checks.initialisation as checks

    assert_table_expects_every_misconception(misconceptions_defined(monkeypatch, checks, sorted(TABLE)), TABLE)
