"""The training dashboard, driven headless by ``train(..., on_epoch=dashboard.update)``: what its bar, its
line of numbers, its curves and its decision boundary show is checked against the history ``train``
returns and against ``forward`` over the boundary's grid."""

import io

import numpy as np
import pytest
from PIL import Image

from nbtools.dashboard import TrainingDashboard
from nbtools.datasets import load_moons_split, load_wave_split
from nbtools.layers import forward, init_network
from nbtools.optimisers import Momentum
from nbtools.training import train

ACTIVATIONS = ["tanh", "identity"]


@pytest.fixture(scope="module")
def moons():
    return load_moons_split(seed=0)


def train_moons(moons, epochs, on_epoch, patience=None, learning_rate=0.02, seed=0):
    """Train a fresh 2-8-2 network on the moons; return its layers and the history."""
    rng = np.random.default_rng(seed)
    layers = init_network([2, 8, 2], rng)
    history = train(layers, ACTIVATIONS, "softmax_cross_entropy", moons.X_train, moons.Y_train,
                    Momentum(learning_rate, 0.9), epochs=epochs, batch_size=16, rng=rng,
                    validation=(moons.X_validation, moons.Y_validation), patience=patience, on_epoch=on_epoch)
    return layers, history


def moons_dashboard(moons, epochs, layers, **options):
    return TrainingDashboard(epochs, network=(layers, ACTIVATIONS), points=(moons.X_train, moons.labels_train),
                             **options)


def curve(dashboard, name):
    line = dashboard.lines[name]
    return list(line.get_xdata()), list(line.get_ydata())


def predicted_classes(dashboard, layers):
    """What the boundary must show: the argmax of the network's output at every grid point, one image row per y."""
    n = dashboard.boundary.get_array().shape[0]
    return np.argmax(forward(dashboard.grid, layers, ACTIVATIONS), axis=1).reshape(n, n)


def png_size(dashboard):
    return Image.open(io.BytesIO(dashboard.image.value)).size


def test_every_epoch_the_curves_bar_and_numbers_show_the_history_so_far(moons):
    rng = np.random.default_rng(0)
    layers = init_network([2, 8, 2], rng)
    dashboard = moons_dashboard(moons, 6, layers)
    seen = []

    def update_and_look(history):
        dashboard.update(history)
        for name in ["train_loss", "validation_loss", "train_accuracy", "validation_accuracy"]:
            assert curve(dashboard, name) == (history["epoch"], history[name])
        assert dashboard.bar.value == history["epoch"][-1] and dashboard.bar.max == 6
        seen.append(dashboard.label.value)

    history = train(layers, ACTIVATIONS, "softmax_cross_entropy", moons.X_train, moons.Y_train, Momentum(0.02, 0.9),
                    epochs=6, batch_size=16, rng=rng, validation=(moons.X_validation, moons.Y_validation),
                    on_epoch=update_and_look)
    assert len(seen) == 6
    last = history
    assert seen[-1] == (f"epoch 6 of 6 &nbsp;|&nbsp; loss: train {last['train_loss'][-1]:.4f}, validation "
                        f"{last['validation_loss'][-1]:.4f} &nbsp;|&nbsp; accuracy: train {last['train_accuracy'][-1]:.1%}, "
                        f"validation {last['validation_accuracy'][-1]:.1%}")
    assert "stopped" not in seen[-1]


def test_after_an_early_stop_the_bar_is_full_says_it_stopped_early_and_why(moons):
    """Issue 11, finding 8: the bar stayed at 43% of its budget after an early stop, as if training had hung."""
    layers = init_network([2, 8, 2], np.random.default_rng(0))
    dashboard = moons_dashboard(moons, 300, layers)
    layers, history = train_moons(moons, 300, dashboard.update, patience=5)
    dashboard.finish(history)
    epochs_run = len(history["epoch"])
    assert history["stopped"].startswith("validation loss did not improve for 5 epochs") and epochs_run < 300
    assert (dashboard.bar.value, dashboard.bar.max, dashboard.bar.bar_style) == (epochs_run, epochs_run, "success")
    assert dashboard.bar.description == "stopped early"
    assert dashboard.bar.tooltip == f"Stopped early, after {epochs_run} of 300 epochs: {history['stopped']}"
    assert dashboard.label.value.startswith(f"epoch {epochs_run} of 300")
    assert dashboard.label.value.endswith(f"stopped: {history['stopped']}")
    assert curve(dashboard, "validation_loss") == (history["epoch"], history["validation_loss"])


def test_the_boundary_is_the_argmax_of_forward_over_a_grid_covering_the_points(moons):
    rng = np.random.default_rng(0)
    layers = init_network([2, 8, 2], rng)
    dashboard = moons_dashboard(moons, 40, layers, grid=60)
    np.testing.assert_array_equal(dashboard.boundary.get_array(), predicted_classes(dashboard, layers))  # untrained
    train(layers, ACTIVATIONS, "softmax_cross_entropy", moons.X_train, moons.Y_train, Momentum(0.02, 0.9), epochs=40,
          batch_size=16, rng=rng, on_epoch=dashboard.update)
    np.testing.assert_array_equal(dashboard.boundary.get_array(), predicted_classes(dashboard, layers))
    # the grid points are the image's pixel centres, and the image covers every point with a margin
    left, right, bottom, top = dashboard.boundary.get_extent()
    centres = (np.arange(60) + 0.5) / 60
    xs, ys = left + centres * (right - left), bottom + centres * (top - bottom)
    np.testing.assert_allclose(dashboard.grid, np.column_stack([np.tile(xs, 60), np.repeat(ys, 60)]))
    assert left < moons.X_train[:, 0].min() and moons.X_train[:, 0].max() < right
    assert bottom < moons.X_train[:, 1].min() and moons.X_train[:, 1].max() < top
    np.testing.assert_array_equal(dashboard.points.get_offsets(), moons.X_train)
    # after 40 epochs the network separates the moons: both classes are predicted, most points correctly
    assert set(np.unique(dashboard.boundary.get_array())) == {0, 1}
    training_accuracy = np.mean(np.argmax(forward(moons.X_train, layers, ACTIVATIONS), axis=1) == moons.labels_train)
    assert training_accuracy > 0.85


def test_the_boundary_is_redrawn_as_the_network_learns(moons):
    layers = init_network([2, 8, 2], np.random.default_rng(0))
    dashboard = moons_dashboard(moons, 60, layers, grid=40, interval=0)  # interval 0: draw every epoch
    images, pngs = [], []

    def update_and_keep(history):
        dashboard.update(history)
        np.testing.assert_array_equal(dashboard.boundary.get_array(), predicted_classes(dashboard, layers))
        images.append(dashboard.boundary.get_array().copy())
        pngs.append(dashboard.image.value)

    rng = np.random.default_rng(0)
    train(layers, ACTIVATIONS, "softmax_cross_entropy", moons.X_train, moons.Y_train, Momentum(0.02, 0.9), epochs=60,
          batch_size=16, rng=rng, on_epoch=update_and_keep)
    assert not np.array_equal(images[0], images[-1])
    assert len(set(pngs)) > 30  # a new picture (almost) every epoch


def test_between_redraws_only_the_bar_and_numbers_move(moons):
    layers = init_network([2, 8, 2], np.random.default_rng(0))
    dashboard = moons_dashboard(moons, 5, layers, interval=3600)
    first = dashboard.image.value
    pictures = []

    def update_and_keep(history):
        dashboard.update(history)
        pictures.append((dashboard.bar.value, dashboard.image.value))

    train_moons(moons, 5, update_and_keep)
    assert [value for value, _ in pictures] == [1, 2, 3, 4, 5]
    assert [png == first for _, png in pictures] == [True, True, True, True, False]  # the last epoch is always drawn


def test_the_axes_hold_every_curve_and_the_whole_epoch_budget(moons):
    layers = init_network([2, 8, 2], np.random.default_rng(0))
    dashboard = moons_dashboard(moons, 80, layers)
    layers, history = train_moons(moons, 80, dashboard.update)
    dashboard.finish(history)
    for name in ["loss", "accuracy"]:
        bottom, top = dashboard.axes[name].get_ylim()
        values = history[f"train_{name}"] + history[f"validation_{name}"]
        assert bottom <= min(values) and max(values) <= top
        assert dashboard.axes[name].get_xlim() == (0, 80)
    assert dashboard.axes["loss"].get_yscale() == "log"


def test_the_picture_is_a_png_of_the_figure_and_the_same_on_every_run(moons):
    finals = []
    for _ in range(2):
        layers = init_network([2, 8, 2], np.random.default_rng(0))
        dashboard = moons_dashboard(moons, 20, layers)
        layers, history = train_moons(moons, 20, dashboard.update)
        dashboard.finish(history)
        finals.append(dashboard.image.value)
    assert finals[0] == finals[1]
    width, height = dashboard.figure.get_size_inches() * dashboard.figure.dpi
    assert png_size(dashboard) == (round(width), round(height)) == (2160, 640)  # drawn at 2x,
    assert dashboard.shown_size == (1080, 320) and dashboard.image.layout.width == "1080px"  # shown at 1x


def test_a_regressor_gets_only_the_loss_panel():
    waves = load_wave_split(seed=0)
    rng = np.random.default_rng(0)
    layers = init_network([1, 8, 1], rng)
    dashboard = TrainingDashboard(30, accuracy=False)
    history = train(layers, ACTIVATIONS, "mse", waves.X_train, waves.Y_train, Momentum(0.05, 0.9), epochs=30,
                    batch_size=16, rng=rng, validation=(waves.X_validation, waves.Y_validation),
                    on_epoch=dashboard.update)
    dashboard.finish(history)
    assert list(dashboard.axes) == ["loss"] and sorted(dashboard.lines) == ["train_loss", "validation_loss"]
    assert curve(dashboard, "train_loss") == (history["epoch"], history["train_loss"])
    assert "accuracy" not in dashboard.label.value
    assert dashboard.label.value.endswith("stopped: after the last epoch")
    assert png_size(dashboard) == (720, 640) and dashboard.shown_size == (360, 320)
    assert dashboard.bar.description == "" and dashboard.bar.max == 30  # it ran its whole budget
    assert dashboard.image.tooltip.startswith("1 chart: the loss after each epoch on a log scale")
    assert dashboard.image.tooltip.endswith("stopped: after the last epoch")


@pytest.mark.parametrize("options", [{"network": ([], [])}, {"points": (np.zeros((3, 2)), np.zeros(3, int))},
                                     {"network": ([], []), "points": (np.zeros((3, 64)), np.zeros(3, int))}],
                         ids=["network without points", "points without network", "points not 2-D"])
def test_a_boundary_needs_a_network_and_2d_points(options):
    with pytest.raises(ValueError, match="needs both"):
        TrainingDashboard(10, **options)


def test_the_stored_still_picture_is_the_finished_runs(moons, monkeypatch):
    """Displayed, the dashboard keeps its display's handle; ``finish`` puts the last picture in the still one
    (what the notebook stores and shows before its cell runs) instead of the empty axes it started with."""
    import IPython.display

    shown = []

    class Handle:
        def update(self, data, metadata, raw):
            shown.append(data)

    monkeypatch.setattr(IPython.display, "display", lambda data, **options: shown.append(data) or Handle())
    layers = init_network([2, 8, 2], np.random.default_rng(0))
    dashboard = moons_dashboard(moons, 5, layers)
    dashboard._ipython_display_()
    layers, history = train_moons(moons, 5, dashboard.update)
    dashboard.finish(history)
    first, last = shown
    assert first["image/png"] != last["image/png"]
    assert last["text/plain"] == f"{dashboard.image.tooltip}\n{dashboard.STILL_NOTE}"
    assert "epoch 5 of 5" in last["text/plain"] and "still picture of the finished run" in dashboard.STILL_NOTE
