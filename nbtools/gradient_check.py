"""Gradient checking (lesson 5): compare backpropagated gradients with finite differences.

A backward pass is easy to get subtly wrong (a missing activation derivative, a transposed product, a
batch sum instead of a mean). The central difference (E(w + s) - E(w - s)) / 2s needs no calculus, so
it is the independent referee; it costs two forward passes per parameter, which is why we only use it
to *check*, never to train.

The step s trades two errors: the central difference is off by about s^2 (the curve is not straight),
and rounding the two losses costs about 1e-16 E / s. Both are smallest near s = (2.2e-16)^(1/3), about
6e-6, hence the default 1e-5. With 1e-6 the rounding part is 10 times larger, and on a deep sigmoid
network whose gradients are only about 1e-5 it alone pushes correct gradients past the 1e-6 verdict.
"""

from dataclasses import dataclass

import numpy as np

STEP = 1e-5
"""The default finite-difference step s (see above)."""

FLOOR = 1e-8
"""The smallest denominator of the relative error. A correct gradient that is exactly 0 (a dead unit, a weight
nothing depends on) meets a finite difference of, say, 3e-18: |a - b| / (|a| + |b|) would call that 1, total
disagreement. With the floor, gradients far below 1e-8 are compared absolutely (a difference under 1e-14
agrees), while the deep networks' gradients of about 1e-5 are still compared scale-free."""


def numerical_gradient(loss_of_parameters, parameter, step=STEP):
    """dE/d(parameter) entry by entry, by central differences. ``parameter`` is nudged in place and restored."""
    gradient = np.zeros_like(parameter, dtype=float)
    for index in np.ndindex(parameter.shape):
        original = parameter[index]
        parameter[index] = original + step
        above = loss_of_parameters()
        parameter[index] = original - step
        below = loss_of_parameters()
        parameter[index] = original
        gradient[index] = (above - below) / (2 * step)
    return gradient


def relative_error(a, b, floor=FLOOR):
    """|a - b| / max(|a| + |b|, floor) entrywise: scale-free, so small and huge gradients compare alike, except
    below the floor, where two near-zero gradients agree instead of dividing rounding noise by itself."""
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)


@dataclass
class GradientCheck:
    """The verdict: the largest relative error, where it is, and both gradients' values there."""

    max_relative_error: float
    worst: str
    analytic: float
    numeric: float

    @property
    def ok(self):
        """Passed: below 1e-6 (float64 central differences typically reach 1e-8 to 1e-10)."""
        return self.max_relative_error < 1e-6

    def __str__(self):
        verdict = "agree" if self.ok else "DISAGREE"
        return (f"gradients {verdict}: max relative error {self.max_relative_error:.1e} at {self.worst} "
                f"(backprop {self.analytic:.6g}, finite difference {self.numeric:.6g})")


def check_gradients(loss_of_parameters, layers, gradients, step=STEP):
    """Compare ``gradients`` [(dW, db), ...] with finite differences of ``loss_of_parameters()``,
    a function that recomputes the loss from the current ``layers`` [(W, b), ...]."""
    worst = None
    for l, (parameters, grads) in enumerate(zip(layers, gradients), start=1):
        for name, parameter, analytic in zip(("W", "b"), parameters, grads):
            numeric = numerical_gradient(loss_of_parameters, parameter, step)
            errors = relative_error(analytic, numeric)
            index = np.unravel_index(np.argmax(errors), errors.shape)
            if worst is None or errors[index] > worst.max_relative_error:
                where = f"{name}{l}[{', '.join(str(int(i)) for i in index)}]"
                worst = GradientCheck(float(errors[index]), where, float(analytic[index]), float(numeric[index]))
    return worst
