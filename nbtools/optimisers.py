"""Optimisers and mini-batches (lesson 6): how a gradient becomes a step.

An optimiser updates the parameters *in place* (as the deep-learning libraries do), one array at a
time, from the gradients of the same shapes: ``optimiser.step(parameters, gradients)`` with both lists of
arrays, e.g. ``[W1, b1, W2, b2]``.
"""

import numpy as np


class SGD:
    """Plain (stochastic) gradient descent: theta <- theta - learning_rate * gradient."""

    def __init__(self, learning_rate):
        self.learning_rate = learning_rate

    def step(self, parameters, gradients):
        for theta, gradient in zip(parameters, gradients):
            theta -= self.learning_rate * gradient


class Momentum:
    """Gradient descent with momentum: v <- alpha v - learning_rate * gradient; theta <- theta + v.

    The velocity v is kept between steps (one array per parameter): steps that keep pointing the same
    way build up speed, steps that alternate cancel out. alpha = 0 is plain SGD.
    """

    def __init__(self, learning_rate, momentum=0.9):
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.velocities = None

    def step(self, parameters, gradients):
        if self.velocities is None:
            self.velocities = [np.zeros_like(theta) for theta in parameters]
        for theta, gradient, velocity in zip(parameters, gradients, self.velocities):
            velocity *= self.momentum
            velocity -= self.learning_rate * gradient
            theta += velocity


def minibatches(X, Y, batch_size, rng):
    """Shuffle the samples, then yield (X_batch, Y_batch) pairs of ``batch_size`` rows (the last may be smaller).

    One pass over all batches is one *epoch*; each batch gives one update, an *iteration*.
    """
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        chosen = order[start:start + batch_size]
        yield X[chosen], Y[chosen]


def descent_path(optimiser, gradient, start, steps):
    """The positions (steps + 1 rows) of ``optimiser`` (an ``SGD`` or ``Momentum``) stepping down
    ``gradient``, a function of the position, from ``start``: the path to draw on a loss's contours."""
    theta = np.array(start, dtype=float)
    path = [theta.copy()]
    for _ in range(steps):
        optimiser.step([theta], [gradient(theta)])
        path.append(theta.copy())
    return np.array(path)
