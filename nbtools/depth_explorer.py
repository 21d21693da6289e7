"""The flow through depth, drawn (lesson 10): each layer's values as a histogram standing in its own
column (``histogram_columns``), and live, the spread of every layer's activations and deltas as you
change the depth, the activation and the scale of the initial weights (``depth_explorer``).

Scales are gains: a layer of n_in inputs draws its weights with standard deviation gain / sqrt(n_in),
so that with square layers gain 1 is Glorot's scale and gain sqrt(2) He's (``nbtools.initialisation``).
"""

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from threadpoolctl import threadpool_limits

from .explorers import Explorer
from .initialisation import layer_spreads

ACTIVATION_COLOURS = {"sigmoid": "tab:green", "tanh": "tab:blue", "relu": "tab:orange"}


def histogram_columns(axes, values, colour="tab:blue", bins=41, leave_out_zeros=False):
    """Draw one histogram a layer on ``axes``, side by side: layer l's values (``values[l - 1]``, an array
    of any shape) up the y-axis, its counts to the right of x = l, scaled so that its tallest bin is 0.8
    wide. One y-range serves every layer (the 0.1 and 99.9 percentiles of all the values), so a layer
    whose values shrink towards 0 shows as a spike and one whose values grow fills the column.

    ``leave_out_zeros`` drops the values that are exactly 0: a ReLU layer's, about half of its outputs
    and of its deltas, would make one bin so tall that the others could not be seen.
    """
    values = [np.ravel(v) for v in values]
    if leave_out_zeros:
        values = [v[v != 0] for v in values]
    low, high = np.percentile(np.concatenate(values), [0.1, 99.9])
    if high - low < 1e-300:  # every value equal: give the one bin some height to stand in
        low, high = low - 1, high + 1
    edges = np.linspace(low, high, bins + 1)
    for layer, layer_values in enumerate(values, start=1):
        counts, _ = np.histogram(np.clip(layer_values, low, high), edges)
        axes.stairs(layer + 0.8 * counts / max(counts.max(), 1), edges, baseline=layer, orientation="horizontal",
                    fill=True, color=colour)
    axes.set(xlim=(0.7, len(values) + 1), ylim=(low, high), xticks=range(1, len(values) + 1))


def depth_explorer(depth=10, activation="tanh", gain=1.0, width=100, n_samples=200, max_depth=20, seed=0):
    """The spread (standard deviation) of each layer's activations z = f(u) and of its deltas dE/du, in a
    network of ``depth`` square layers of ``width`` units, for ``n_samples`` standard normal inputs and a
    standard normal gradient arriving at the last layer's output.

    Every layer keeps the same random weights (drawn once from ``seed``) while you move the controls,
    only scaled by the gain: standard deviation gain / sqrt(width). Glorot's scale is gain 1, He's gain
    sqrt(2); the slider's steps land on 0.5, 1, sqrt(2), 2, 4 and 8.

    Try: ReLU at gain 1.414 (He) keeps both spreads level through 20 layers; at gain 1 (Glorot, and lesson
    7's ``init_layer``) each layer divides them by about sqrt(2), at 2 multiplies them by it. tanh at gain 1
    loses its spread slowly, at 0.5 fast; past 1.5 its deltas grow downwards. The sigmoid's deltas shrink
    at gain 1 by about 4 a layer (its slope is at most 1/4): find the gain where they stop shrinking, and
    look how spread its activations then are.
    """
    rng = np.random.default_rng(seed)
    X, G = rng.standard_normal((n_samples, width)), rng.standard_normal((n_samples, width))
    raw = [rng.standard_normal((width, width)) for _ in range(max_depth)]
    zeros = np.zeros(width)
    figure = Figure(figsize=(9.5, 3.6), dpi=100, layout="constrained")
    forward_axes, backward_axes = figure.subplots(1, 2, sharey=True)
    lines = {}
    for axes, kind, title in [(forward_axes, "activations", "activations z = f(u), forwards →"),
                              (backward_axes, "deltas", "deltas ∂E/∂u, ← backwards")]:
        axes.axhline(1.0, color="lightgrey", linewidth=1)
        lines[kind], = axes.plot([], [], "o-", markersize=4, animated=True)
        axes.set(yscale="log", ylim=(1e-10, 1e10), xlim=(0.5, max_depth + 0.5), xlabel="layer", title=title,
                 xticks=range(1, max_depth + 1, 2 if max_depth > 12 else 1))
    forward_axes.set_ylabel("standard deviation")

    def update(depth, activation, gain):
        layers = [(gain / np.sqrt(width) * R, zeros) for R in raw[:depth]]
        with threadpool_limits(limits=1):  # products this small run 3-5 times faster on one thread
            spreads = dict(zip(["activations", "deltas"], layer_spreads(X, layers, activation, G)))
        for kind, line in lines.items():
            line.set_data(np.arange(1, depth + 1), spreads[kind])
            line.set_color(ACTIVATION_COLOURS[activation])
        z, delta = spreads["activations"], spreads["deltas"]
        return (f"{activation}, gain {gain:.3f} (weights' standard deviation {gain / np.sqrt(width):.4f}) "
                f"&nbsp;|&nbsp; activations: {z[0]:.3g} at layer 1, <b>{z[-1]:.3g}</b> at layer {depth} "
                f"&nbsp;|&nbsp; deltas: {delta[-1]:.3g} at layer {depth}, <b>{delta[0]:.3g}</b> at layer 1 "
                f"(× {delta[0] / delta[-1]:.3g}) &nbsp;|&nbsp; Glorot: gain 1, He: gain 1.414")

    step = np.log10(2) / 20
    controls = {
        "depth": widgets.IntSlider(value=depth, min=2, max=max_depth, description="depth"),
        # buttons, not a drop-down: in JupyterLab a drop-down's arrow keys also move between cells
        "activation": widgets.ToggleButtons(options=list(ACTIVATION_COLOURS), value=activation,
                                            description="activation", style={"button_width": "auto"}),
        "gain": widgets.FloatLogSlider(value=gain, base=10, min=-3 * 20 * step, max=4 * 20 * step, step=step,
                                       description="gain", readout_format=".3f", continuous_update=True),
    }
    description = (f"Two line charts on a logarithmic scale, layer 1 to {max_depth} across: left, the standard "
                   "deviation of each layer's activations; right, that of each layer's deltas, the gradient "
                   "flowing back from the last layer. A grey line marks 1.")
    return Explorer(figure, controls, update, description)
