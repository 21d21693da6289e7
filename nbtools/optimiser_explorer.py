"""The race of lesson 11, live: momentum, Nesterov's momentum and Adam from the same start, on lesson 6's
valley or on Rosenbrock's function, with sliders for each optimiser's hyperparameters
(``optimiser_explorer``). Built on ``nbtools.explorers.Explorer``: a slider change recomputes the three
paths and redraws only them.
"""

from typing import Callable, NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .explorers import Explorer, _slider, valley, valley_gradient
from .optimisers import Adam, Momentum, Nesterov, descent_path


def rosenbrock(x, y):
    """Rosenbrock's function (1 - x)^2 + 100 (y - x^2)^2: a curved, narrow valley along y = x^2, with its
    minimum 0 at (1, 1)."""
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def rosenbrock_gradient(theta):
    """The gradient of ``rosenbrock`` at theta = (x, y): (-2 (1 - x) - 400 x (y - x^2), 200 (y - x^2))."""
    x, y = theta
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


class Problem(NamedTuple):
    """A loss of two parameters to race on: the loss of (x, y), its gradient at theta, where to start, the
    minimum, the window drawn, contour levels, and hyperparameters that do well on it (lesson 11's race)."""

    name: str
    loss: Callable
    gradient: Callable
    start: tuple
    minimum: tuple
    window: tuple  # (x_low, x_high, y_low, y_high)
    levels: np.ndarray
    momentum_rate: float
    adam_rate: float
    steps: int


VALLEY = Problem("lesson 6's valley (x² + 25y²)/2", valley, valley_gradient, (-10.0, 1.0), (0.0, 0.0),
                 (-11, 2, -1.6, 1.6), np.geomspace(0.05, 60, 12), 0.02, 0.5, 100)
ROSENBROCK = Problem("Rosenbrock's (1 - x)² + 100(y - x²)²", rosenbrock, rosenbrock_gradient, (-1.5, 2.0),
                     (1.0, 1.0), (-2, 2, -1, 3), np.geomspace(0.01, 2000, 14), 0.001, 0.1, 1000)
PROBLEMS = {"valley": VALLEY, "rosenbrock": ROSENBROCK}


def race_paths(problem, momentum_rate, alpha, adam_rate, beta1, beta2, bias_correction=True):
    """The paths of momentum, Nesterov (both ``momentum_rate``, ``alpha``) and Adam on ``problem``, by name."""
    optimisers = {"momentum": Momentum(momentum_rate, alpha), "Nesterov": Nesterov(momentum_rate, alpha),
                  "Adam": Adam(adam_rate, beta1, beta2, bias_correction=bias_correction)}
    with np.errstate(all="ignore"):  # a diverging path is part of the lesson: it leaves the picture
        return {name: descent_path(optimiser, problem.gradient, problem.start, problem.steps)
                for name, optimiser in optimisers.items()}


def optimiser_explorer(problem="rosenbrock", steps=None):
    """Momentum, Nesterov's momentum and Adam racing from the same start on ``problem`` ("rosenbrock" or
    "valley"), with sliders for momentum's rate η and α (shared by Nesterov) and Adam's rate, β₁ and β₂,
    and a switch for Adam's bias correction. The readout gives each one's loss after the last step.

    Try, on Rosenbrock (lesson 11 measures each of these): push momentum's η up from 0.001 and Nesterov
    leaves the picture first (near 0.0012; its limit is lower), then momentum (near 0.0022). At η = 0.001
    raise α to 0.99: momentum zig-zags along the floor and ends ten times higher, Nesterov leaves the
    picture. Switch off Adam's bias correction: its first step is (1 - β₁)/√(1 - β₂) ≈ 3.2 times η
    instead of η, the next few about ten times. Lower β₂ to 0.9: Adam ends near 0.01 instead of below 1e-6.
    """
    problem = PROBLEMS[problem]
    steps = steps or problem.steps
    problem = problem._replace(steps=steps)
    figure = Figure(figsize=(8, 4.2), dpi=100, layout="constrained")
    axes = figure.subplots()
    x_low, x_high, y_low, y_high = problem.window
    x, y = np.meshgrid(np.linspace(x_low, x_high, 300), np.linspace(y_low, y_high, 200))
    axes.contour(x, y, problem.loss(x, y), levels=problem.levels, colors="lightgrey")
    axes.plot(*problem.minimum, "x", color="black", markersize=9, label="minimum")
    axes.plot(*problem.start, "o", color="black", markersize=4, label="start")
    lines = {name: axes.plot([], [], "-", marker=".", markersize=3, linewidth=1, label=name, animated=True)[0]
             for name in ("momentum", "Nesterov", "Adam")}
    axes.set(xlim=(x_low, x_high), ylim=(y_low, y_high), xlabel="x", ylabel="y",
             title=f"{steps} steps on {problem.name}")
    axes.legend(loc="lower left", fontsize="small")

    def update(momentum_rate, alpha, adam_rate, beta1, beta2, bias_correction):
        paths = race_paths(problem, momentum_rate, alpha, adam_rate, beta1, beta2, bias_correction)
        parts = []
        for name, path in paths.items():
            lines[name].set_data(*np.clip(path, -1e6, 1e6).T)
            loss = problem.loss(*path[-1]) if np.all(np.isfinite(path[-1])) else np.inf
            parts.append(f"{name} <b>{loss:.3g}</b>" if np.isfinite(loss) else f"{name} <b>diverged</b>")
        return f"loss after {steps} steps: " + " &nbsp;|&nbsp; ".join(parts)

    def log_slider(description, value, low, high):
        return widgets.FloatLogSlider(value=value, base=10, min=np.log10(low), max=np.log10(high), step=0.05,
                                      description=description, readout_format=".2g", continuous_update=True,
                                      style={"description_width": "initial"})

    controls = {"momentum_rate": log_slider("momentum η", problem.momentum_rate, 1e-4, 1.0),
                "alpha": _slider("α", 0.9, 0.0, 0.99, 0.01),
                "adam_rate": log_slider("Adam η", problem.adam_rate, 1e-4, 3.0),
                "beta1": _slider("β₁", 0.9, 0.0, 0.99, 0.01),
                "beta2": _slider("β₂", 0.999, 0.5, 0.9999, 0.0001, ".4f"),
                "bias_correction": widgets.Checkbox(value=True, description="Adam's bias correction")}
    description = (f"The contour lines of {problem.name}, its minimum at ({problem.minimum[0]:g}, "
                   f"{problem.minimum[1]:g}), and the paths of momentum, Nesterov's momentum and Adam, {steps} "
                   f"steps each from ({problem.start[0]:g}, {problem.start[1]:g}).")
    return Explorer(figure, controls, update, description)
