"""Optimisers and mini-batches (lessons 6 and 11): how a gradient becomes a step.

An optimiser updates the parameters *in place* (as the deep-learning libraries do), one array at a
time, from the gradients of the same shapes: ``optimiser.step(parameters, gradients)`` with both lists of
arrays, e.g. ``[W1, b1, W2, b2]``. Whatever an optimiser remembers between steps (a velocity, a sum of
squares, moving averages) it keeps itself, one array per parameter, created at its first step.

Lesson 6: ``SGD``, ``Momentum``, ``minibatches``. Lesson 11: ``Nesterov``, ``AdaGrad``, ``RMSProp``, ``Adam``,
``AdamW``, and learning-rate schedules (``step_decay``, ``cosine``, ``warm_up``, ``warm_up_cosine``) applied by
``Scheduled``. ``benchmarks/optimisers.py`` checks each lesson 11 optimiser against PyTorch's, step by step.
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


class Nesterov(Momentum):
    """Nesterov's momentum: the gradient is taken where momentum is about to carry the parameters,
    v <- alpha v - learning_rate * grad L(theta + alpha v); theta <- theta + v.

    ``step`` is handed the gradient at the parameters it updates, so (as PyTorch and Sutskever et al. 2013
    do) the parameters it holds are the look-ahead point phi = theta + alpha v itself. In phi the same
    update reads v <- alpha v - learning_rate * g; phi <- phi + alpha v - learning_rate * g, with g the
    gradient at phi and v the new velocity (lesson 11 derives it).
    """

    def step(self, parameters, gradients):
        if self.velocities is None:
            self.velocities = [np.zeros_like(phi) for phi in parameters]
        for phi, gradient, velocity in zip(parameters, gradients, self.velocities):
            velocity *= self.momentum
            velocity -= self.learning_rate * gradient
            phi += self.momentum * velocity - self.learning_rate * gradient


class AdaGrad:
    """A learning rate per parameter that shrinks with the gradients it has seen:
    s <- s + gradient^2; theta <- theta - learning_rate * gradient / (sqrt(s) + epsilon).

    The sum s only grows, so the steps shrink like 1/sqrt(t) even where the gradient stays the same.
    """

    def __init__(self, learning_rate, epsilon=1e-10):
        self.learning_rate = learning_rate
        self.epsilon = epsilon
        self.sums = None

    def step(self, parameters, gradients):
        if self.sums is None:
            self.sums = [np.zeros_like(theta) for theta in parameters]
        for theta, gradient, s in zip(parameters, gradients, self.sums):
            s += gradient * gradient
            theta -= self.learning_rate * gradient / (np.sqrt(s) + self.epsilon)


class RMSProp:
    """AdaGrad with a moving average of the squared gradients instead of their sum, so the steps stop
    shrinking: s <- rho s + (1 - rho) gradient^2; theta <- theta - learning_rate * gradient / (sqrt(s) + epsilon).
    """

    def __init__(self, learning_rate, rho=0.99, epsilon=1e-8):
        self.learning_rate = learning_rate
        self.rho = rho
        self.epsilon = epsilon
        self.averages = None

    def step(self, parameters, gradients):
        if self.averages is None:
            self.averages = [np.zeros_like(theta) for theta in parameters]
        for theta, gradient, s in zip(parameters, gradients, self.averages):
            s *= self.rho
            s += (1 - self.rho) * gradient * gradient
            theta -= self.learning_rate * gradient / (np.sqrt(s) + self.epsilon)


class Adam:
    """Momentum's average of the gradients (m) and RMSProp's of their squares (v), both corrected for
    starting at zero: at step t = 1, 2, ...

        m <- beta1 m + (1 - beta1) g;  v <- beta2 v + (1 - beta2) g^2
        theta <- theta - learning_rate * m_hat / (sqrt(v_hat) + epsilon),
        m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t).

    ``weight_decay`` (lambda) is L2 regularisation put into the gradient, g = gradient + lambda theta, as
    PyTorch's ``Adam(weight_decay=...)`` does; the decay is then divided by sqrt(v_hat) like the rest of the
    gradient (``AdamW`` decouples it). ``bias_correction=False`` leaves out the division by 1 - beta^t, for
    the lesson's comparison only.
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.0,
                 bias_correction=True):
        self.learning_rate = learning_rate
        self.beta1, self.beta2 = beta1, beta2
        self.epsilon = epsilon
        self.weight_decay = weight_decay
        self.bias_correction = bias_correction
        self.t = 0
        self.m = self.v = None

    def step(self, parameters, gradients):
        if self.m is None:
            self.m = [np.zeros_like(theta) for theta in parameters]
            self.v = [np.zeros_like(theta) for theta in parameters]
        self.t += 1
        correction1 = 1 - self.beta1 ** self.t if self.bias_correction else 1.0
        correction2 = 1 - self.beta2 ** self.t if self.bias_correction else 1.0
        for theta, gradient, m, v in zip(parameters, gradients, self.m, self.v):
            if self.weight_decay:
                gradient = gradient + self.weight_decay * theta
            m *= self.beta1
            m += (1 - self.beta1) * gradient
            v *= self.beta2
            v += (1 - self.beta2) * gradient * gradient
            theta -= self.learning_rate * (m / correction1) / (np.sqrt(v / correction2) + self.epsilon)


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter): every step first shrinks the parameters,
    theta <- theta - learning_rate * weight_decay * theta, then takes Adam's step on the loss's gradient
    alone, so the decay is the same fraction for every parameter, whatever its gradients."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.01):
        super().__init__(learning_rate, beta1, beta2, epsilon)
        self.decoupled_weight_decay = weight_decay

    def step(self, parameters, gradients):
        for theta in parameters:
            theta -= self.learning_rate * self.decoupled_weight_decay * theta
        super().step(parameters, gradients)


# Learning-rate schedules: the rate of step t, counted from t = 0 for the first step. ---------------------

def step_decay(t, initial, factor, every):
    """``initial * factor ** (t // every)``: the rate drops by ``factor`` (say 0.1) every ``every`` steps."""
    return initial * factor ** (t // every)


def cosine(t, initial, total, final=0.0):
    """From ``initial`` at t = 0 down to ``final`` at t = ``total`` along half a cosine (then ``final``):
    final + (initial - final) (1 + cos(pi t / total)) / 2."""
    return final + (initial - final) * (1 + np.cos(np.pi * min(t, total) / total)) / 2


def warm_up(t, peak, steps):
    """A linear warm-up: ``peak * (t + 1) / steps`` for the first ``steps`` steps (peak / steps at the first,
    never 0), then ``peak``."""
    return peak * min(1.0, (t + 1) / steps)


def warm_up_cosine(t, peak, warm_up_steps, total):
    """``warm_up`` for the first ``warm_up_steps`` steps, then ``cosine`` from ``peak`` down to 0 at step
    ``total``."""
    if t < warm_up_steps:
        return warm_up(t, peak, warm_up_steps)
    return cosine(t - warm_up_steps, peak, total - warm_up_steps)


class Scheduled:
    """``optimiser`` with its learning rate set to ``schedule(t)`` before its t-th step (t = 0, 1, ...):
    ``Scheduled(Momentum(0.1, 0.9), lambda t: cosine(t, 0.1, 500))`` steps like any optimiser."""

    def __init__(self, optimiser, schedule):
        self.optimiser = optimiser
        self.schedule = schedule
        self.t = 0

    def step(self, parameters, gradients):
        self.optimiser.learning_rate = self.schedule(self.t)
        self.optimiser.step(parameters, gradients)
        self.t += 1


def minibatches(X, Y, batch_size, rng):
    """Shuffle the samples, then yield (X_batch, Y_batch) pairs of ``batch_size`` rows (the last may be smaller).

    One pass over all batches is one *epoch*; each batch gives one update, an *iteration*.
    """
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        chosen = order[start:start + batch_size]
        yield X[chosen], Y[chosen]


def descent_path(optimiser, gradient, start, steps):
    """The positions (steps + 1 rows) of ``optimiser`` (``SGD``, ``Momentum`` or any other) stepping down
    ``gradient``, a function of the position, from ``start``: the path to draw on a loss's contours."""
    theta = np.array(start, dtype=float)
    path = [theta.copy()]
    for _ in range(steps):
        optimiser.step([theta], [gradient(theta)])
        path.append(theta.copy())
    return np.array(path)
