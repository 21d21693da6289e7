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

TOLERANCE = 1e-6
"""The verdict: gradients agree when their largest relative error is below this
(float64 central differences typically reach 1e-8 to 1e-10)."""

FLOOR = 1e-8
"""The least denominator of ``relative_error``: two exact zeros give 0, not 0/0."""

ROUNDING_UNITS = 2
"""The rounding of a central difference, in units of eps |E| / s (one unit in the last
place of E, over the step): each loss is rounded, through many operations, and the
two are subtracted."""


def noise_floor(loss, step=STEP, tolerance=TOLERANCE):
    """The relative error's floor for a loss E: 2 eps |E| / (step * tolerance).

    A central difference with step s carries a rounding error of about eps |E| / s,
    whatever the gradient is (as CS231n's notes say, a relative error depends on the
    loss's scale, and gradients near 1e-10 are worrying). A correct gradient that is 0
    meets a finite difference of, say, 1e-11 for E near 1: over |a| + |b| that is a
    relative error of 1, total disagreement. No comparison can confirm to ``tolerance``
    a gradient smaller than the noise over the tolerance, so below this floor the check
    compares absolutely: it forgives a difference up to ``tolerance`` times the floor,
    which is the noise itself (``ROUNDING_UNITS`` times eps |E| / s). Above it the
    comparison stays scale-free. For E near 1 and the default step the floor is about
    4e-5: a difference of 5e-11 still fails, and a wrong 1e-5 against a right 2e-5
    fails by far.

    ``step`` is the default step, not a smaller one a caller tries: the floor forgives
    the rounding of a well-chosen step only, so with too small a step tiny correct
    gradients still read DISAGREE, which says to choose the step better (lesson 5).
    ``FLOOR`` is the least it can be (a loss of 0).
    """
    eps = np.finfo(float).eps
    return max(FLOOR, ROUNDING_UNITS * eps * abs(float(loss)) / (step * tolerance))


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
    below the floor, where two near-zero gradients agree instead of dividing rounding noise by itself
    (``check_gradients`` passes the loss's
    ``noise_floor``).
    """
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
        """Passed: below ``TOLERANCE``, 1e-6."""
        return self.max_relative_error < TOLERANCE

    def __str__(self):
        verdict = "agree" if self.ok else "DISAGREE"
        return (f"gradients {verdict}: max relative error {self.max_relative_error:.1e} at {self.worst} "
                f"(backprop {self.analytic:.6g}, finite difference {self.numeric:.6g})")


def check_gradients(loss_of_parameters, layers, gradients, step=STEP):
    """Compare ``gradients`` [(dW, db), ...] with finite differences of ``loss_of_parameters()``,
    a function that recomputes the loss from the current ``layers`` [(W, b), ...].

    Relative errors use the loss's ``noise_floor``: a correct zero gradient agrees with
    its finite difference's rounding noise.
    """
    floor = noise_floor(loss_of_parameters())
    worst = None
    for l, (parameters, grads) in enumerate(zip(layers, gradients), start=1):
        for name, parameter, analytic in zip(("W", "b"), parameters, grads):
            numeric = numerical_gradient(loss_of_parameters, parameter, step)
            errors = relative_error(analytic, numeric, floor)
            index = np.unravel_index(np.argmax(errors), errors.shape)
            if worst is None or errors[index] > worst.max_relative_error:
                where = f"{name}{l}[{', '.join(str(int(i)) for i in index)}]"
                worst = GradientCheck(float(errors[index]), where, float(analytic[index]), float(numeric[index]))
    return worst
