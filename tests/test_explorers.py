"""The explorers, driven headless: set a control as a learner would, then check what the figure shows
against numbers computed by hand (or by the building blocks the lessons teach)."""

import base64
import io
import re
import statistics
import time

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from PIL import Image

from nbtools import explorers
from nbtools.derivatives import profit
from nbtools.layers import forward, init_network
from nbtools.losses import softmax


def line(explorer, label):
    """The one line labelled ``label`` in the explorer's figure."""
    [found] = [line for axes in explorer.figure.axes for line in axes.get_lines() if line.get_label() == label]
    return found


def xy(line):
    return np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)


# 1. The derivative -----------------------------------------------------------------------------------

def test_the_secant_passes_through_x_and_x_plus_h_with_the_difference_quotient_as_slope():
    explorer = explorers.derivative_explorer()
    explorer.controls["x"].value = 1.0
    explorer.controls["h"].value = 0.5
    xs, ys = xy(line(explorer, "secant through x and x + h"))
    # P(1) = 0 and P(1.5) = -4.5 + 18 - 10 = 3.5: the secant slope is 3.5 / 0.5 = 7 = -4x - 2h + 12.
    np.testing.assert_allclose(np.diff(ys) / np.diff(xs), 7.0)
    np.testing.assert_allclose(np.interp([1.0, 1.5], xs, ys), [0.0, 3.5], atol=1e-12)
    np.testing.assert_allclose(xy(line(explorer, "points at x and x + h")), [[1.0, 1.5], [0.0, 3.5]])
    tangent_x, tangent_y = xy(line(explorer, "tangent at x"))
    np.testing.assert_allclose(np.diff(tangent_y) / np.diff(tangent_x), 8.0)
    assert "<b>7.0000</b>" in explorer.readout.value and "<b>8.0000</b>" in explorer.readout.value
    assert "−2h = -1.0000" in explorer.readout.value


def test_as_h_shrinks_the_secant_slope_approaches_the_derivative():
    explorer = explorers.derivative_explorer(x=2.0)
    explorer.controls["h"].value = 0.001
    xs, ys = xy(line(explorer, "secant through x and x + h"))
    np.testing.assert_allclose(np.diff(ys) / np.diff(xs), 4.0 - 2 * 0.001)  # P'(2) = 4, minus 2h
    assert "<b>3.9980</b>" in explorer.readout.value and "<b>4.0000</b>" in explorer.readout.value


# 2. The learning rate --------------------------------------------------------------------------------

def test_learning_rate_trajectory_equals_gradient_steps_by_hand():
    explorer = explorers.learning_rate_explorer()
    explorer.controls["start"].value = 0.0
    explorer.controls["learning_rate"].value = 0.1
    explorer.controls["steps"].value = 3
    # x <- x + 0.1 (-4x + 12): 0 -> 1.2 -> 1.92 -> 2.352
    expected = [0.0, 1.2, 1.92, 2.352]
    np.testing.assert_allclose(xy(line(explorer, "x after each step")), [[0, 1, 2, 3], expected])
    np.testing.assert_allclose(xy(line(explorer, "path")), [expected, profit(np.array(expected))])
    assert "After 3 steps: x = 2.352" in explorer.readout.value


def test_learning_rate_one_half_jumps_between_two_points_forever():
    explorer = explorers.learning_rate_explorer(start=0.0, steps=6)
    explorer.controls["learning_rate"].value = 0.5
    np.testing.assert_allclose(xy(line(explorer, "path")), [[0, 6, 0, 6, 0, 6, 0], [-10] * 7])
    assert "<b>-1.000</b>: oscillates forever between two points" in explorer.readout.value


@pytest.mark.parametrize("rate, regime", [(0.01, "crawls"), (0.1, "converges"), (0.45, "oscillates, converging"),
                                          (0.55, "diverges")])
def test_each_learning_rate_regime_is_named_and_visible(rate, regime):
    explorer = explorers.learning_rate_explorer(start=0.0, steps=20)
    explorer.controls["learning_rate"].value = rate
    assert f": {regime}." in explorer.readout.value
    positions = xy(line(explorer, "x after each step"))[1]
    distances = np.abs(positions - 3)
    assert (distances[-1] > distances[0]) == (regime == "diverges")
    assert (np.diff(np.sign(positions[1:] - 3)) != 0).any() == regime.startswith(("oscillates", "diverges"))


def test_on_the_loss_the_steps_go_downhill_against_the_slope():
    explorer = explorers.learning_rate_explorer(explorers.FIT_LOSS, start=0.0, steps=2)
    explorer.controls["learning_rate"].value = 0.1
    # L(w) = mean((w x - y)^2) on x = (1, 2, 3), y = (1.5, 2.5, 4): L'(w) = (2/3) (14 w - 18.5).
    w1 = 0.0 - 0.1 * (2 / 3) * (14 * 0.0 - 18.5)
    w2 = w1 - 0.1 * (2 / 3) * (14 * w1 - 18.5)
    path_w, path_loss = xy(line(explorer, "path"))
    np.testing.assert_allclose(path_w, [0.0, w1, w2])
    assert path_loss[0] > path_loss[1] > path_loss[2]
    # L''(w) = 28/3, so 0.3 (which converges on P) diverges here.
    explorer.controls["learning_rate"].value = 0.3
    assert "9.333 = <b>-1.800</b>: diverges" in explorer.readout.value


def test_max_learning_rate_lets_the_slider_reach_divergence_on_a_flatter_curve():
    # L(w) = 1.5 (w - 2)^2 has curvature 3: the steps diverge past 2/3, beyond the default slider's 0.6.
    flat = explorers.Curve("L", "w", lambda w: 1.5 * (w - 2) ** 2, lambda w: 3 * (w - 2), direction=-1, best=2.0,
                           curvature=3.0, span=(-1.0, 5.0))
    assert explorers.learning_rate_explorer(flat).controls["learning_rate"].max == 0.6
    explorer = explorers.learning_rate_explorer(flat, start=0.0, steps=3, max_learning_rate=0.8)
    slider = explorer.controls["learning_rate"]
    assert (slider.min, slider.max) == (0.01, 0.8)
    slider.value = 0.7  # factor 1 - 0.7 * 3 = -1.1: the distance 2 to the minimum grows to 2.2, 2.42, 2.662
    np.testing.assert_allclose(xy(line(explorer, "w after each step"))[1], [0.0, 4.2, -0.42, 4.662])
    assert "3 = <b>-1.100</b>: diverges" in explorer.readout.value


# 3. Momentum -----------------------------------------------------------------------------------------

def test_momentum_and_plain_paths_equal_the_update_rules_by_hand():
    explorer = explorers.momentum_explorer(start=(-10.0, 1.0))
    explorer.controls["learning_rate"].value = 0.05
    explorer.controls["momentum"].value = 0.5
    theta, plain, velocity = np.array([-10.0, 1.0]), np.array([-10.0, 1.0]), np.zeros(2)
    expected_momentum, expected_plain = [theta.copy()], [plain.copy()]
    for _ in range(3):  # the gradient of (x^2 + 25 y^2) / 2 is (x, 25 y)
        velocity = 0.5 * velocity - 0.05 * np.array([theta[0], 25 * theta[1]])
        theta = theta + velocity
        plain = plain - 0.05 * np.array([plain[0], 25 * plain[1]])
        expected_momentum.append(theta.copy())
        expected_plain.append(plain.copy())
    np.testing.assert_allclose(np.transpose(xy(line(explorer, "momentum")))[:4], expected_momentum)
    np.testing.assert_allclose(np.transpose(xy(line(explorer, "plain gradient descent")))[:4], expected_plain)
    assert len(line(explorer, "momentum").get_xdata()) == 61


def test_with_alpha_zero_momentum_is_plain_gradient_descent():
    explorer = explorers.momentum_explorer()
    explorer.controls["momentum"].value = 0.0
    np.testing.assert_allclose(xy(line(explorer, "momentum")), xy(line(explorer, "plain gradient descent")))


def test_momentum_readout_shows_both_final_losses():
    explorer = explorers.momentum_explorer(learning_rate=0.04, momentum=0.7)
    final = {label: np.transpose(xy(line(explorer, label)))[-1] for label in ["plain gradient descent", "momentum"]}
    losses = {label: (x**2 + 25 * y**2) / 2 for label, (x, y) in final.items()}
    assert losses["momentum"] < losses["plain gradient descent"] / 100  # plain still crawls along the valley
    assert f"plain <b>{losses['plain gradient descent']:.4g}</b>" in explorer.readout.value
    assert f"momentum <b>{losses['momentum']:.4g}</b>" in explorer.readout.value


# 4. Softmax ------------------------------------------------------------------------------------------

def bar_heights(explorer):
    return np.array([bar.get_height() for bar in explorer.figure.axes[0].patches])


def test_softmax_bars_are_the_probabilities_of_the_tempered_logits():
    explorer = explorers.softmax_explorer(logits=(2.0, 1.0, 0.1, -1.0))
    for name, value in {"u0": 3.0, "u1": 1.0, "u2": 0.5, "u3": -2.0, "temperature": 2.0}.items():
        explorer.controls[name].value = value
    heights = bar_heights(explorer)
    np.testing.assert_allclose(heights, softmax(np.array([3.0, 1.0, 0.5, -2.0]) / 2.0))
    np.testing.assert_allclose(heights.sum(), 1.0)
    labels = [text.get_text() for text in explorer.figure.axes[0].texts]
    assert labels == [f"{p:.3f}" for p in heights]


def test_equal_logits_give_equal_probabilities_and_shifting_all_logits_changes_nothing():
    explorer = explorers.softmax_explorer(logits=(0.0, 0.0, 0.0))
    np.testing.assert_allclose(bar_heights(explorer), [1 / 3] * 3)
    explorer = explorers.softmax_explorer(logits=(2.0, 1.0, 0.1))
    before = bar_heights(explorer)
    for name in ["u0", "u1", "u2"]:
        explorer.controls[name].value += 1.0
    np.testing.assert_allclose(bar_heights(explorer), before)


def test_cross_entropy_is_minus_log_of_the_true_class_probability():
    explorer = explorers.softmax_explorer(logits=(2.0, 1.0, 0.1))
    explorer.controls["true_class"].value = 2
    p = softmax(np.array([2.0, 1.0, 0.1]))
    assert f"cross-entropy for class 2: −log p = <b>{-np.log(p[2]):.4f}</b>" in explorer.readout.value
    assert [bar.get_facecolor() for bar in explorer.figure.axes[0].patches][2] != \
        explorer.figure.axes[0].patches[0].get_facecolor()  # the true class's bar stands out
    explorer.controls["temperature"].value = 0.1  # cold: class 0 takes (almost) everything
    assert bar_heights(explorer)[0] > 0.999
    assert f"<b>{-np.log(softmax(np.array([20.0, 10.0, 1.0]))[2]):.4f}</b>" in explorer.readout.value


def test_softmax_explorer_refuses_too_few_or_too_many_classes():
    with pytest.raises(ValueError, match="3 to 5 classes, got 2"):
        explorers.softmax_explorer(logits=(1.0, 2.0))
    with pytest.raises(ValueError, match="3 to 5 classes, got 6"):
        explorers.softmax_explorer(logits=(0.0,) * 6)


# 5. The network --------------------------------------------------------------------------------------

def numbers(explorer, label):
    """The numbers written in the annotation labelled ``label`` (e.g. "layer 1 unit 2")."""
    [text] = [text for text in explorer.figure.axes[0].texts if text.get_label() == label]
    return [float(number) for number in re.findall(r"-?\d+\.\d+", text.get_text())]


def sigmoid(u):
    return 1 / (1 + np.exp(-u))


def test_network_units_show_the_forward_values():
    explorer = explorers.network_explorer()
    explorer.controls["x1"].value, explorer.controls["x2"].value = 1.2, -0.7
    (W1, b1), (W2, b2) = explorers.LESSON_5_NETWORK
    X = np.array([[1.2, -0.7]])
    z_hidden = forward(X, [(W1, b1)], ["sigmoid"])[0]
    y_hat = forward(X, explorers.LESSON_5_NETWORK, ["sigmoid", "sigmoid"])[0, 0]
    assert numbers(explorer, "input 1") == [1.2] and numbers(explorer, "input 2") == [-0.7]
    for j in range(2):  # u_j = sum_i x_i w_ij + b_j, z_j = sigmoid(u_j)
        np.testing.assert_allclose(numbers(explorer, f"layer 1 unit {j + 1}"), [(X @ W1 + b1)[0, j], z_hidden[j]],
                                   atol=5e-5)
    np.testing.assert_allclose(numbers(explorer, "layer 2 unit 1"), [(z_hidden @ W2 + b2)[0], y_hat], atol=5e-5)
    assert f"squared error E = <b>{(y_hat - 1.0) ** 2:.4f}</b>" in explorer.readout.value


def test_network_deltas_are_the_chain_rule_by_hand():
    explorer = explorers.network_explorer()
    explorer.controls["show"].value = "deltas"
    explorer.controls["x1"].value, explorer.controls["y1"].value = -1.5, 0.2
    (W1, b1), (W2, b2) = explorers.LESSON_5_NETWORK
    z = sigmoid(np.array([-1.5, -1.0]) @ W1 + b1)
    y_hat = sigmoid(z @ W2[:, 0] + b2[0])
    delta_out = 2 * (y_hat - 0.2) * y_hat * (1 - y_hat)
    delta_hidden = delta_out * W2[:, 0] * z * (1 - z)
    np.testing.assert_allclose(numbers(explorer, "layer 2 unit 1"), [delta_out], atol=5e-5)
    np.testing.assert_allclose([numbers(explorer, f"layer 1 unit {j}")[0] for j in (1, 2)], delta_hidden, atol=5e-5)
    assert f"δ = ∂E/∂u = <b>{delta_out:.4f}</b>" in explorer.readout.value
    assert numbers(explorer, "input 1") == [-1.5]  # inputs have no delta: they keep showing x


def test_network_explorer_starts_with_lesson_5s_numbers_and_the_deltas_flip_with_the_target():
    explorer = explorers.network_explorer()
    np.testing.assert_allclose(numbers(explorer, "layer 2 unit 1"), [0.4178, 0.6029])
    explorer.controls["show"].value = "deltas"
    deltas = [numbers(explorer, label)[0] for label in ["layer 1 unit 1", "layer 1 unit 2", "layer 2 unit 1"]]
    assert deltas == [-0.0332, 0.0199, -0.1901]
    assert "E = <b>0.1576</b>" in explorer.readout.value
    explorer.controls["y1"].value = 0.0  # now y_hat is above its target: every delta changes sign
    flipped = [numbers(explorer, label)[0] for label in ["layer 1 unit 1", "layer 1 unit 2", "layer 2 unit 1"]]
    assert np.all(np.sign(flipped) == -np.sign(deltas))


def test_network_edges_are_coloured_by_the_weights_sign_and_as_wide_as_their_size():
    explorer = explorers.network_explorer()
    (W1, _), (W2, _) = explorers.LESSON_5_NETWORK
    weights = {f"W1[{j}, {k}]": W1[j, k] for j in range(2) for k in range(2)}
    weights |= {f"W2[{j}, 0]": W2[j, 0] for j in range(2)}
    colours = {label: to_rgba(line(explorer, label).get_color()) for label in weights}
    assert all(colours[label] == to_rgba("tab:blue" if w > 0 else "tab:orange") for label, w in weights.items())
    widths = np.array([line(explorer, label).get_linewidth() for label in weights])
    sizes = np.abs(list(weights.values()))
    np.testing.assert_allclose(widths, 0.5 + 5 * sizes / sizes.max())  # the largest |w|, 0.7, is the widest
    explorer.controls["x1"].value = 3.0  # the weights, and so the edges, do not depend on the input
    assert [line(explorer, label).get_linewidth() for label in weights] == list(widths)


def test_network_explorer_draws_any_small_network_and_backpropagates_through_it():
    layers = init_network([3, 4, 2], np.random.default_rng(1))
    explorer = explorers.network_explorer(layers, ["tanh", "identity"], x=(0.5, -1.0, 2.0), y=(0.3, -0.4))
    (W1, b1), (W2, b2) = layers
    X, Y = np.array([[0.5, -1.0, 2.0]]), np.array([0.3, -0.4])
    z = np.tanh(X[0] @ W1 + b1)
    y_hat = forward(X, layers, ["tanh", "identity"])[0]
    np.testing.assert_allclose([numbers(explorer, f"layer 1 unit {j + 1}")[1] for j in range(4)], z, atol=5e-5)
    np.testing.assert_allclose([numbers(explorer, f"layer 2 unit {k + 1}")[1] for k in range(2)], y_hat, atol=5e-5)
    explorer.controls["show"].value = "deltas"
    delta_out = 2 * (y_hat - Y) / 2  # the mean over 2 outputs; the identity's slope is 1
    delta_hidden = (W2 @ delta_out) * (1 - z**2)  # tanh' = 1 - z^2
    np.testing.assert_allclose([numbers(explorer, f"layer 2 unit {k + 1}")[0] for k in range(2)], delta_out, atol=5e-5)
    np.testing.assert_allclose([numbers(explorer, f"layer 1 unit {j + 1}")[0] for j in range(4)], delta_hidden,
                               atol=5e-5)
    assert set(explorer.controls) == {"x1", "x2", "x3", "y1", "y2", "show"}


def test_a_forward_only_network_explorer_has_no_deltas_toggle_target_or_error_and_the_same_forward_values():
    """Lesson 2's 2-3-1 network, before losses and deltas: only the inputs to drag, only ŷ in the readout."""
    layers = [(np.array([[0.5, -1.0, 0.25], [-0.5, 0.5, 1.0]]), np.array([0.0, 0.5, -1.0])),
              (np.array([[1.0], [-2.0], [0.5]]), np.array([0.25]))]
    explorer = explorers.network_explorer(layers, ["sigmoid", "sigmoid"], x=(1.0, 2.0), y=None, show_deltas=False)
    assert set(explorer.controls) == {"x1", "x2"}
    assert not any(isinstance(child, explorers.widgets.ToggleButtons) for child in explorer.children[0].children)
    assert explorer.readout.value == "ŷ = 0.4431"  # lesson 2's hand-computed prediction, and nothing else
    explorer.controls["x2"].value = 5.0  # lesson 2's Try it: z₃ saturates, ŷ falls
    (W1, b1), _ = layers
    X = np.array([[1.0, 5.0]])
    z_hidden = forward(X, layers[:1], ["sigmoid"])[0]
    y_hat = forward(X, layers, ["sigmoid", "sigmoid"])[0, 0]
    for j in range(3):
        np.testing.assert_allclose(numbers(explorer, f"layer 1 unit {j + 1}"), [(X @ W1 + b1)[0, j], z_hidden[j]],
                                   atol=5e-5)
    np.testing.assert_allclose(numbers(explorer, "layer 2 unit 1")[1], y_hat, atol=5e-5)
    assert explorer.readout.value == f"ŷ = {y_hat:.4f}" == "ŷ = 0.2892"
    assert all("δ" not in text.get_text() for text in explorer.figure.axes[0].texts)


def test_a_network_explorer_with_a_target_but_no_deltas_shows_the_error_and_no_toggle():
    explorer = explorers.network_explorer(show_deltas=False)
    assert set(explorer.controls) == {"x1", "x2", "y1"}
    assert "E = <b>0.1576</b>" in explorer.readout.value and "δ" not in explorer.readout.value


def test_network_explorer_refuses_wide_layers_and_missing_activations():
    with pytest.raises(ValueError, match="at most 4 units a layer"):
        explorers.network_explorer(init_network([2, 5, 1], np.random.default_rng(0)), ["tanh", "sigmoid"], y=(0.0,))
    with pytest.raises(ValueError, match="2 layers need 2 activations, got 1"):
        explorers.network_explorer(activations=["sigmoid"])
    with pytest.raises(ValueError, match="the deltas need a target y"):
        explorers.network_explorer(y=None)


# Every explorer: artists updated in place, figure never rebuilt, picture redrawn fast -----------------

EXPLORERS = {
    "derivative": (explorers.derivative_explorer, "x", [0.5, 1.5, 2.5, 3.5, 4.5]),
    "learning_rate": (explorers.learning_rate_explorer, "learning_rate", [0.05, 0.15, 0.25, 0.35, 0.45]),
    "momentum": (explorers.momentum_explorer, "momentum", [0.1, 0.3, 0.5, 0.7, 0.9]),
    "softmax": (explorers.softmax_explorer, "temperature", [0.5, 1.5, 2.5, 3.5, 4.5]),
    "network": (explorers.network_explorer, "x1", [-2.0, -1.0, 0.0, 1.0, 2.0]),
}


def png_size(data):
    return Image.open(io.BytesIO(data)).size


@pytest.mark.parametrize("name", EXPLORERS)
def test_a_change_updates_the_same_figure_and_artists_and_only_redraws_the_moving_ones(name, monkeypatch):
    make, control, values = EXPLORERS[name]
    explorer = make()
    figure, artists, image = explorer.figure, explorer.figure.get_children(), explorer.image.value
    moving = figure.findobj(lambda artist: artist.get_animated())
    full_draws = []
    monkeypatch.setattr(figure.canvas, "draw", lambda: full_draws.append(1))
    explorer.controls[control].value = values[0]
    assert explorer.figure is figure and figure.get_children() == artists
    assert moving and figure.findobj(lambda artist: artist.get_animated()) == moving
    assert full_draws == []  # the still background was drawn once, when the explorer was built
    assert explorer.image.value != image
    assert png_size(explorer.image.value) == tuple(int(side) for side in figure.bbox.size)


@pytest.mark.parametrize("name", EXPLORERS)
def test_a_change_costs_well_under_100_ms(name):
    """Processor time (not wall time, which other jobs on the machine inflate) of one slider change."""
    make, control, values = EXPLORERS[name]
    explorer = make()
    costs = []
    for value in values * 4:
        start = time.process_time()
        explorer.controls[control].value = value
        costs.append(time.process_time() - start)
    assert statistics.median(costs) < 0.05, f"median {1000 * statistics.median(costs):.0f} ms"


# What a person sees: sharp pictures at their size, a still picture before the cell runs, words for each picture --

@pytest.mark.parametrize("name", EXPLORERS)
def test_the_picture_is_drawn_at_twice_its_size_and_shown_at_its_size(name):
    """Issue 11, finding 3: pictures were stretched to the cell's width, blurry and taller than the window."""
    explorer = EXPLORERS[name][0]()
    width, height = explorer.shown_size
    assert png_size(explorer.image.value) == (explorers.SCALE * width, explorers.SCALE * height)
    assert (explorer.image.layout.width, explorer.image.layout.height) == (f"{width}px", "auto")
    assert explorer.image.layout.max_width == "100%"  # a narrow window shrinks it, keeping its proportions


@pytest.mark.parametrize("name", EXPLORERS)
def test_displayed_an_explorer_carries_a_still_picture_a_note_to_run_it_and_its_text_alternative(name):
    """Issue 11, finding 2: an unrun notebook showed `Explorer(children=(Box(...` under "Drag h..."."""
    explorer = EXPLORERS[name][0]()
    data, metadata = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data  # the live view, once a kernel runs the cell
    still = Image.open(io.BytesIO(base64.b64decode(data["image/png"])))
    width, height = explorer.shown_size
    assert still.width == 2 * width and still.height > 2 * height  # the picture, and the note's line under it
    assert metadata["image/png"] == {"width": width, "height": still.height / 2}
    assert data["text/plain"] == f"{explorer.image.tooltip}\n{explorer.STILL_NOTE}"
    assert "Run this cell" in explorer.STILL_NOTE and "Explorer(" not in data["text/plain"]


@pytest.mark.parametrize("name", EXPLORERS)
def test_each_picture_has_a_text_alternative_that_follows_the_controls(name):
    make, control, values = EXPLORERS[name]
    explorer = make()
    assert explorer.image.tooltip.startswith(explorer.description) and len(explorer.description) > 60
    before = explorer.image.tooltip
    explorer.controls[control].value = values[0]
    assert explorer.image.tooltip != before
    assert explorer.image.tooltip.endswith(explorers.plain_text(explorer.readout.value))
    assert "<" not in explorer.image.tooltip and "&nbsp;" not in explorer.image.tooltip


def test_encode_png_writes_the_pixels_exactly():
    pixels = np.random.default_rng(0).integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    decoded = Image.open(io.BytesIO(explorers.encode_png(pixels)))
    assert decoded.mode == "RGBA" and np.array_equal(np.asarray(decoded), pixels)


def test_the_h_slider_shows_h_as_given_and_still_reaches_a_thousandth():
    """Issue 11, finding 9: the slider showed 1.995 where the lesson's code says h = 2.0."""
    slider = explorers.derivative_explorer(h=2.0).controls["h"]
    for value in (2.0, 0.001):
        exponent = (np.log10(value) - slider.min) / slider.step
        assert exponent == pytest.approx(round(exponent), abs=1e-9), value  # on the slider's grid
    assert slider.min == -3 and 2.5 < 10**slider.max < 3.2 and slider.step == pytest.approx(0.05, abs=1e-3)


def test_the_network_explorer_has_a_legend_for_edge_colour_and_width():
    """Issue 11, finding 9: lesson 2's explorer had no legend for its edges' colour and width."""
    explorer = explorers.network_explorer()
    legend = [text.get_text() for text in explorer.figure.axes[0].get_legend().get_texts()]
    assert legend == ["weight > 0", "weight < 0", "thin: |w| near 0", "thickest: |w| = 0.7"]


def test_a_saturated_unit_says_so_and_the_target_is_said_to_move_only_the_error_and_deltas():
    """Issue 11, finding 9: push a unit into saturation and see it; lesson 5's forward values ignore y."""
    explorer = explorers.network_explorer()
    note = [text for text in explorer.figure.axes[0].texts if text.get_text().startswith("Forward values")]
    assert "not on the target y" in note[0].get_text()
    assert all("saturated" not in text.get_text() for text in explorer.figure.axes[0].texts)
    explorer.controls["x1"].value, explorer.controls["x2"].value = -5.0, 5.0  # the docstring's Try it
    z = 1 / (1 + np.exp(-(np.array([-5.0, 5.0]) @ explorers.LESSON_5_NETWORK[0][0][:, 1] - 0.1)))
    assert z * (1 - z) < 0.1 * 0.25  # hidden unit 2's slope is under a tenth of the sigmoid's largest
    assert numbers(explorer, "layer 1 unit 2")[1] == pytest.approx(z, abs=5e-5)
    [text] = [text for text in explorer.figure.axes[0].texts if text.get_label() == "layer 1 unit 2"]
    assert text.get_text().endswith("saturated")
    explorer.controls["show"].value = "deltas"
    assert note[0].get_text().startswith("δ = ∂E/∂u from a backward pass")


def test_a_note_that_changes_with_the_mode_is_drawn_into_the_picture(monkeypatch):
    explorer = explorers.network_explorer()
    before = explorer.image.value
    full_draws = []
    draw = explorer.figure.canvas.draw
    monkeypatch.setattr(explorer.figure.canvas, "draw", lambda: (full_draws.append(1), draw()))
    explorer.controls["show"].value = "deltas"
    assert full_draws == [1] and explorer.image.value != before
    explorer.controls["y1"].value = 0.5  # same mode: blitting again
    assert full_draws == [1]
