"""Plotting helpers for the lessons. Each draws one picture and returns its matplotlib Figure."""

import matplotlib.pyplot as plt
import numpy as np


def plot_secants(f, x0, step_sizes, slope_at_x0, span=(-1.0, 7.0)):
    """Draw ``f``, its secants through x0 and x0 + h for each h in ``step_sizes``, and the tangent at x0.

    The secants' slopes approach ``slope_at_x0`` as h shrinks: the picture of the derivative's limit.
    """
    xs = np.linspace(*span, 400)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.plot(xs, f(xs), color="black", linewidth=2, label="f")
    for h in step_sizes:
        secant_slope = (f(x0 + h) - f(x0)) / h
        ax.plot(xs, f(x0) + secant_slope * (xs - x0), linestyle="--", label=f"secant, h = {h:g}: slope {secant_slope:.3f}")
        ax.plot([x0 + h], [f(x0 + h)], "o", color="grey")
    ax.plot(xs, f(x0) + slope_at_x0 * (xs - x0), color="crimson", linewidth=2, label=f"tangent: slope {slope_at_x0:g}")
    ax.plot([x0], [f(x0)], "o", color="crimson")
    values = f(xs)
    ax.set_ylim(values.min() - 2, values.max() + 4)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.legend(fontsize="small", loc="lower center")
    ax.set_title(f"Secants through x = {x0:g} turning into the tangent")
    return fig


def plot_ascent_paths(f, paths, span=(-1.0, 7.0)):
    """Two panels for gradient steps: the position after each step (left) and the path on ``f`` (right).

    ``paths`` maps a label (for example "learning rate 0.1") to the array of positions.
    """
    fig, (steps_ax, curve_ax) = plt.subplots(1, 2, figsize=(11, 4))
    xs = np.linspace(*span, 400)
    curve_ax.plot(xs, f(xs), color="black")
    for label, positions in paths.items():
        shown = positions[np.abs(positions) < 1e6]  # a diverging path leaves the picture
        steps_ax.plot(np.arange(len(shown)), shown, marker="o", markersize=3, label=label)
        curve_ax.plot(shown, f(shown), marker="o", markersize=4, alpha=0.7, label=label)
    steps_ax.set_ylim(*span)  # a diverging path leaves through the edge instead of squashing the others
    steps_ax.set_xlabel("step")
    steps_ax.set_ylabel("x")
    steps_ax.legend(fontsize="small")
    curve_ax.set_xlim(*span)
    curve_ax.set_ylim(f(xs).min() - 2, f(xs).max() + 4)
    curve_ax.set_xlabel("x")
    curve_ax.set_ylabel("f(x)")
    return fig
