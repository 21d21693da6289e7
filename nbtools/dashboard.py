"""Explorer 6, the training dashboard: watch a network learn while ``train`` runs (lesson 7).

``TrainingDashboard`` is a widget: a progress bar with a line of numbers (epoch, losses, accuracies and, at
the end, why training stopped), above a figure with the loss curves, the accuracy curves of a classifier
and, for 2-D inputs, the decision boundary: the class the network predicts at every point of the plane,
with the data on top, redrawn as it learns (the idea of TensorFlow Playground). Use it as::

    dashboard = TrainingDashboard(epochs=100)
    display(dashboard)
    history = train(..., epochs=100, on_epoch=dashboard.update)
    dashboard.finish(history)

``train`` calls ``update(history)`` after every epoch; ``finish`` is needed because ``train`` decides why it
stopped (and restores the best parameters) only after its last call. After an early stop the bar is full and
says "stopped early", its tooltip and the line of numbers say why. ``finish`` also makes the still picture the
notebook stores (what it shows before its cell runs) the finished run's.

The figure is drawn by ``nbtools.explorers.figure_png``, as the explorers' are: matplotlib's Agg renderer
draws it into a PNG shown by an ``ipywidgets.Image`` (at twice its size, shown at its size, with a text alternative:
``explorers.PictureBox``); the axes are drawn once, and each redraw puts only the curves, the
boundary image and the points back on top of them (blitting), in 20-40 ms here; the whole figure is
drawn again (about 0.2 s) only when an axis must grow, once or twice a run. Between redraws at least
``interval`` seconds pass (0.1 by default; the bar and the numbers move every epoch), so the dashboard
costs training little however short its epochs are. No timings are shown: the picture after ``finish``
is the same on every run.
"""

import time

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from .explorers import PictureBox, figure_png, plain_text
from .layers import forward

CLASS_COLOURS = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple",
                 "tab:brown", "tab:pink", "tab:gray", "tab:olive", "tab:cyan"]
PARTS = {"train": "-", "validation": "--"}


class TrainingDashboard(PictureBox):
    """A progress bar, a line of numbers and live training curves; for 2-D data, the decision boundary too.

    ``epochs`` is the epoch budget given to ``train`` (the bar's maximum). ``accuracy=False`` leaves out the
    accuracy panel (a regressor has no accuracy). Give ``network=(layers, activations)``, the very list of
    (W, b) that ``train`` changes in place, and ``points=(X, labels)`` with 2-D inputs to add the decision
    boundary: the argmax of ``forward`` over a ``grid`` x ``grid`` lattice covering the points.
    """

    STILL_NOTE = "A still picture of the finished run: run this cell to train again and watch it live."

    def __init__(self, epochs, accuracy=True, network=None, points=None, grid=150, interval=0.1):
        if (network is None) != (points is None) or (points is not None and np.shape(points[0])[1] != 2):
            raise ValueError("the decision boundary needs both network=(layers, activations) and 2-D points=(X, labels)")
        self.epochs, self.network, self.interval = epochs, network, interval
        self.bar = widgets.IntProgress(value=0, min=0, max=epochs, style={"description_width": "initial"})
        self.label = widgets.HTML()
        curves = ["loss", "accuracy"] if accuracy else ["loss"]
        panels = curves + (["boundary"] if network is not None else [])
        figure = Figure(figsize=(3.6 * len(panels), 3.2), dpi=100, layout="constrained")  # not pyplot's: never shown twice
        self.axes = dict(zip(panels, np.atleast_1d(figure.subplots(1, len(panels)))))
        self.lines = {}
        for name, legend_place in zip(curves, ["upper right", "lower right"]):
            ax = self.axes[name]
            for part, style in PARTS.items():
                self.lines[f"{part}_{name}"], = ax.plot([], [], style, label=part, animated=True)
            ax.set(xlabel="epoch", xlim=(0, epochs), title=name)
            ax.legend(loc=legend_place, fontsize="small")
        self.axes["loss"].set(yscale="log", ylim=(0.01, 10))  # until the first epoch's losses are known
        if accuracy:
            self.axes["accuracy"].set_ylim(0, 1.01)
            self.axes["accuracy"].yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        if network is not None:
            self._boundary_panel(*points, grid)
        self._moving = list(self.lines.values()) + ([self.boundary, self.points] if network is not None else [])
        self._fitted, self._background, self._next_draw = False, None, 0.0
        self.description = _description(panels)
        super().__init__(figure, [widgets.HBox([self.bar, self.label])], [])
        self._draw()

    def _boundary_panel(self, X, labels, grid):
        """The boundary image (one pixel per grid point, pixel centres on the grid) and the points on top."""
        n_classes = int(labels.max()) + 1
        low, high = X.min(axis=0), X.max(axis=0)
        low, high = low - 0.1 * (high - low), high + 0.1 * (high - low)
        xs, ys = np.linspace(low[0], high[0], grid), np.linspace(low[1], high[1], grid)
        self.grid = np.column_stack([axis.ravel() for axis in np.meshgrid(xs, ys)])  # row r is y = ys[r]
        half_x, half_y = (xs[1] - xs[0]) / 2, (ys[1] - ys[0]) / 2
        ax = self.axes["boundary"]
        self.boundary = ax.imshow(np.zeros((grid, grid)), origin="lower", interpolation="nearest", alpha=0.35,
                                  extent=(xs[0] - half_x, xs[-1] + half_x, ys[0] - half_y, ys[-1] + half_y),
                                  cmap=ListedColormap(CLASS_COLOURS[:n_classes]), vmin=-0.5,
                                  vmax=n_classes - 0.5, aspect="auto", animated=True)
        self.points = ax.scatter(X[:, 0], X[:, 1], c=[CLASS_COLOURS[k] for k in labels], s=12,
                                 edgecolors="white", linewidths=0.5, animated=True)
        ax.set(xlabel="$x_1$", ylabel="$x_2$", title="predicted class")

    def update(self, history):
        """Show the latest epoch of ``history``: the bar and numbers always, the figure at most every ``interval`` s."""
        self._show_numbers(history)
        if time.perf_counter() >= self._next_draw or history["epoch"][-1] == self.epochs:
            self._draw(history)

    def finish(self, history):
        """After ``train`` returns: the last picture (of the parameters kept) and why training stopped."""
        self._show_numbers(history)
        self.label.value += f" &nbsp;|&nbsp; stopped: {history['stopped']}"
        self.bar.bar_style = "success"
        if self.bar.value < self.epochs:  # the run is over: a full bar, saying so and why
            self.bar.max = self.bar.value
            self.bar.description = "stopped early"
            self.bar.tooltip = f"Stopped early, after {self.bar.value} of {self.epochs} epochs: {history['stopped']}"
        self._draw(history)
        self.refresh_still()

    def _show_numbers(self, history):
        """The bar, the line of numbers and the curves' data (cheap: no drawing)."""
        self.bar.value = history["epoch"][-1]
        self.label.value = _numbers(history, self.epochs)
        for name, line in self.lines.items():
            line.set_data(history["epoch"][:len(history[name])], history[name])

    def _draw(self, history=None):
        """Fit the axes to the curves if needed, recompute the boundary, and show the figure's new PNG."""
        if history is not None and self._fit_limits(history):
            self._background = None
        if self.network is not None:
            output = forward(self.grid, *self.network)
            self.boundary.set_data(np.argmax(output, axis=1).reshape(self.boundary.get_array().shape))
        self.image.value, self._background = figure_png(self.figure, self._background, self._moving)
        self.describe(f"{self.description} Now: {plain_text(self.label.value)}")
        self._next_draw = time.perf_counter() + self.interval

    def _fit_limits(self, history):
        """Make every curve fit its axes, in coarse steps: the loss axis by decades (with a decade of room
        below, since losses fall), the accuracy axis by tenths; the epoch axis is the whole budget from the
        start. Limits only ever grow, so the axes, and with them the whole figure, are drawn again only once
        or twice in a run. Return whether any limit changed."""
        losses = [loss for part in PARTS for loss in history[f"{part}_loss"]]
        decade = lambda value: 10.0 ** np.floor(np.log10(max(value, 1e-12)))
        wanted = {"loss": (min(losses), max(losses), decade(min(losses)) / 10, 10 * decade(max(losses)))}
        if "accuracy" in self.axes and history["train_accuracy"]:
            lowest = min(value for part in PARTS for value in history[f"{part}_accuracy"])
            wanted["accuracy"] = (lowest, 1.0, np.floor(lowest * 10) / 10, 1.01)
        changed = False
        for name, (low, high, bottom, top) in wanted.items():
            current_bottom, current_top = self.axes[name].get_ylim()
            if self._fitted:
                if current_bottom <= low and high <= current_top:
                    continue
                bottom, top = min(bottom, current_bottom), max(top, current_top)
            self.axes[name].set_ylim(bottom, top)
            changed = True
        self._fitted = True
        return changed

def _description(panels):
    """What the dashboard's picture shows, in words: its text alternative before the numbers."""
    shown = {"loss": "the loss after each epoch on a log scale, training solid and validation dashed",
             "accuracy": "the accuracy after each epoch, training solid and validation dashed",
             "boundary": "the class the network predicts over the plane, coloured, with the training points on top"}
    return f"{len(panels)} chart{'s' if len(panels) > 1 else ''}: " + "; ".join(shown[name] for name in panels) + "."


def _numbers(history, epochs):
    """One line with the latest epoch's losses and accuracies (those the history has)."""
    epoch = history["epoch"][-1]
    parts = [f"epoch {epoch} of {epochs}"]
    for name, shown in [("loss", "{:.4f}"), ("accuracy", "{:.1%}")]:
        values = [f"{part} {shown.format(history[f'{part}_{name}'][-1])}" for part in PARTS if history[f"{part}_{name}"]]
        if values:
            parts.append(f"{name}: {', '.join(values)}")
    return " &nbsp;|&nbsp; ".join(parts)
