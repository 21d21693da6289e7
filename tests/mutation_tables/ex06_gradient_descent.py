"""Exercise 06, gradient descent: wrong answers a learner writes, and right ones in other forms."""

import math

import numpy as np
import sympy

from mutations import EXAMPLE_ONLY, IGNORES_INPUT, MISCONCEPTION, UNSAFE, Right, Wrong

X_Q10 = np.array([[1.0, 2.0], [0.0, 1.0], [2.0, -1.0], [1.0, 1.0], [3.0, 0.0]])


def momentum(theta, v, g, eta, alpha):
    v = alpha * v - eta * g
    return theta + v, v


def path(gradient, theta_0, eta, alpha, steps):
    theta, v = np.array(theta_0, dtype=float), np.zeros(len(theta_0))
    out = [theta.copy()]
    for _ in range(steps):
        v = alpha * v - eta * gradient(theta)
        theta = theta + v
        out.append(theta.copy())
    return np.array(out)


def path_in_place(gradient, theta_0, eta, alpha, steps):
    theta, v = np.array(theta_0, dtype=float), np.zeros(len(theta_0))
    out = [theta]
    for _ in range(steps):
        v = alpha * v - eta * gradient(theta)
        theta += v
        out.append(theta)
    return np.array(out)


def epoch(w, X, y, batch_size, eta, rng, divide=lambda Xb, X, b: len(Xb), shuffle=True, with_slices=False):
    w = np.array(w, dtype=float)
    order = rng.permutation(len(X)) if shuffle else np.arange(len(X))
    for start in range(0, len(X), batch_size):
        idx = order[start:start + batch_size]
        Xb, yb = X[idx], y[idx]
        w = w - eta * 2 * Xb.T @ (Xb @ w - yb) / divide(Xb, X, batch_size)
    return w


def epoch_loop(w, X, y, batch_size, eta, rng):
    w = np.array(w, dtype=float)
    order = list(rng.permutation(len(X)))
    while order:
        idx, order = order[:batch_size], order[batch_size:]
        g = np.zeros_like(w)
        for i in idx:
            g += 2 * (X[i] @ w - y[i]) * X[i]
        w -= eta * g / len(idx)
    return w


def _sgd_step_in_place(theta, gradient, eta):
    theta -= eta * gradient
    return theta


def _momentum_in_place(theta, v, g, eta, alpha):
    v *= alpha
    v -= eta * g
    theta += v
    return theta, v


def _momentum_on_copies(theta, v, g, eta, alpha):
    theta, v = theta.copy(), v.copy()
    v *= alpha
    v -= eta * g
    theta += v
    return theta, v


def _path_with(gradient, theta_0, eta, alpha, steps, reset=False, old_velocity=False, stale=False, in_place=False,
               length=None):
    theta = theta_0 if in_place else np.array(theta_0, dtype=float)
    v = np.zeros(length or len(theta_0))
    out = [theta.copy()]
    for _ in range(steps):
        if reset:
            v = np.zeros(len(theta_0))
        g = gradient(theta_0 if stale else theta)
        if old_velocity:
            theta = theta + v
            v = alpha * v - eta * g
        elif in_place:
            v = alpha * v - eta * g
            theta += v
        else:
            v = alpha * v - eta * g
            theta = theta + v
        out.append(theta.copy())
    return np.array(out)


def _path_by_steps(gradient, theta_0, eta, alpha, steps):
    rows, theta, v = [theta_0], theta_0, np.zeros_like(theta_0)
    for _ in range(steps):
        theta, v = momentum(theta, v, gradient(theta), eta, alpha)
        rows.append(theta)
    return np.vstack(rows)


def _epoch_with(w, X, y, batch_size, eta, rng, drop_last=False, draw="permutation", pairs="kept", factor=2.0,
                whole=False, in_place=False):
    """One epoch as a learner writes it, with one slip switched on."""
    w = w if in_place else np.array(w, dtype=float)
    n = len(X)
    order = {"choice": lambda: rng.choice(n, size=n), "integers": lambda: rng.integers(0, n, size=n),
             "permutation": lambda: rng.permutation(n), "each batch": lambda: None,
             "choice, no replacement": lambda: rng.choice(n, size=n, replace=False)}[draw]()
    if pairs == "x only":
        X, order = X[order], np.arange(n)
    elif pairs == "separately":
        X, y, order = X[order], y[rng.permutation(n)], np.arange(n)
    for start in range(0, n, batch_size):
        idx = rng.permutation(n)[:batch_size] if order is None else order[start:start + batch_size]
        if drop_last and len(idx) < batch_size:
            break
        Xb, yb = (X, y) if whole else (X[idx], y[idx])
        step = eta * factor * Xb.T @ (Xb @ w - yb) / len(Xb)
        if in_place:
            w -= step
        else:
            w = w - step
    return w


def _even_split_epoch(w, X, y, batch_size, eta, rng):
    order = rng.permutation(len(X))
    for rows in np.array_split(order, math.ceil(len(X) / batch_size)):
        w = w - eta * 2 / len(rows) * X[rows].T @ (X[rows] @ w - y[rows])
    return w


def _minibatches_epoch(w, X, y, batch_size, eta, rng):
    from nbtools.optimisers import minibatches
    for Xb, yb in minibatches(X, y, batch_size, rng):
        w = w - eta * 2 / len(Xb) * Xb.T @ (Xb @ w - yb)
    return w


def _shuffled_index_epoch(w, X, y, batch_size, eta, rng):
    idx = np.arange(len(X))
    rng.shuffle(idx)
    for start in range(0, len(X), batch_size):
        rows = idx[start:start + batch_size]
        w = w - eta * 2 / len(rows) * X[rows].T @ (X[rows] @ w - y[rows])
    return w


TABLE = {
    "sgd_step": ([
        Wrong("ascent", lambda theta, g, eta: theta + eta * g, (MISCONCEPTION,), "gradient ascent"),
        Wrong("no learning rate", lambda theta, g, eta: theta - g, (IGNORES_INPUT, MISCONCEPTION),
              "You forgot the learning rate"),
        Wrong("the step itself", lambda theta, g, eta: -eta * g, (IGNORES_INPUT, MISCONCEPTION),
              "return the new parameters"),
        Wrong("learning rate 0.1 hard-coded", lambda theta, g, eta: theta - 0.1 * g, (EXAMPLE_ONLY,)),
        Wrong("divided by the rate", lambda theta, g, eta: theta - g / eta, ()),
        Wrong("the caller's theta updated in place", _sgd_step_in_place, ()),
        Wrong("ignores the gradient", lambda theta, g, eta: theta - eta * theta, (IGNORES_INPUT,)),
        Wrong("a multiplicative step", lambda theta, g, eta: theta * (1 - eta * g), ()),
        Wrong("flattened (vectors only)", lambda theta, g, eta: (theta - eta * g).ravel(), (EXAMPLE_ONLY,)),
    ], [
        Right("np.subtract", lambda theta, g, eta: np.subtract(theta, np.multiply(eta, g))),
        Right("a copy updated in place", lambda theta, g, eta: (lambda t: (t.__isub__(eta * g), t)[1])(theta.copy())),
        Right("loops", lambda theta, g, eta: np.array([t - eta * gi for t, gi in zip(theta.ravel(), g.ravel())]
                                                      ).reshape(theta.shape)),
    ]),
    "momentum_step": ([
        Wrong("PyTorch's form", lambda theta, v, g, eta, alpha: (theta - eta * (alpha * v + g), alpha * v + g),
              (MISCONCEPTION,), "PyTorch's form of momentum"),
        Wrong("Nesterov", lambda theta, v, g, eta, alpha: (theta + alpha * (alpha * v - eta * g) - eta * g,
                                                           alpha * v - eta * g), (MISCONCEPTION,), "Nesterov's momentum"),
        Wrong("old velocity first", lambda theta, v, g, eta, alpha: (theta + v, alpha * v - eta * g), (MISCONCEPTION,),
              "*old* velocity"),
        Wrong("ignores the velocity", lambda theta, v, g, eta, alpha: (theta - eta * g, -eta * g),
              (IGNORES_INPUT, MISCONCEPTION), "not carried"),
        Wrong("alpha 0.9 hard-coded", lambda theta, v, g, eta, alpha: momentum(theta, v, g, eta, 0.9), (EXAMPLE_ONLY,)),
        Wrong("swapped pair", lambda theta, v, g, eta, alpha: momentum(theta, v, g, eta, alpha)[::-1],
              (MISCONCEPTION,), "(new θ, new velocity)"),
        Wrong("velocity sign flipped: uphill velocity subtracted", lambda theta, v, g, eta, alpha: (
            theta - (alpha * v + eta * g), alpha * v + eta * g), (MISCONCEPTION,), "opposite sign to the question's"),
        Wrong("ascent: + eta g in the velocity", lambda theta, v, g, eta, alpha: (
            theta + alpha * v + eta * g, alpha * v + eta * g), (MISCONCEPTION,), "Check the sign of the velocity"),
        Wrong("the rate applied twice (theta + eta v)", lambda theta, v, g, eta, alpha: (
            theta + eta * (alpha * v - eta * g), alpha * v - eta * g), (MISCONCEPTION,), "learning rate twice"),
        Wrong("the rate applied twice (theta - eta v)", lambda theta, v, g, eta, alpha: (
            theta - eta * (alpha * v - eta * g), alpha * v - eta * g), (MISCONCEPTION,), "learning rate twice"),
        Wrong("the old velocity returned", lambda theta, v, g, eta, alpha: (theta + alpha * v - eta * g, v),
              (MISCONCEPTION,), "returned the velocity you were given"),
        Wrong("alpha ignored (v - eta g)", lambda theta, v, g, eta, alpha: (theta + v - eta * g, v - eta * g),
              (IGNORES_INPUT, MISCONCEPTION), "keeps *all* of the old one"),
        Wrong("theta - v", lambda theta, v, g, eta, alpha: (theta - (alpha * v - eta * g), alpha * v - eta * g),
              (MISCONCEPTION,), "subtracted the velocity"),
        Wrong("dampened (1 - alpha)", lambda theta, v, g, eta, alpha: momentum(theta, v, (1 - alpha) * g, eta, alpha),
              (MISCONCEPTION,), "'averaged' variant"),
        Wrong("the caller's arrays updated in place", _momentum_in_place, ()),
    ], [
        Right("a list", lambda theta, v, g, eta, alpha: list(momentum(theta, v, g, eta, alpha))),
        Right("theta + alpha v - eta g", lambda theta, v, g, eta, alpha: (theta + alpha * v - eta * g, alpha * v - eta * g)),
        Right("np.add", lambda theta, v, g, eta, alpha: (lambda nv: (np.add(theta, nv), nv))(np.subtract(alpha * v, eta * g))),
        Right("copies updated in place", _momentum_on_copies),
    ]),
    "momentum_path": ([
        Wrong("the same array appended", path_in_place, (MISCONCEPTION,), "one and the same object"),
        Wrong("without the start", lambda *a: path(*a)[1:], (MISCONCEPTION,), "should start with theta_0"),
        Wrong("the last position only", lambda *a: path(*a)[-1], (MISCONCEPTION,), "Return the whole path"),
        Wrong("no momentum (ignores alpha)", lambda g, t0, eta, alpha, steps: path(g, t0, eta, 0.0, steps),
              (IGNORES_INPUT,)),
        Wrong("5 steps hard-coded", lambda g, t0, eta, alpha, steps: path(g, t0, eta, alpha, 5), (EXAMPLE_ONLY,)),
        Wrong("ascent", lambda g, t0, eta, alpha, steps: path(lambda t: -g(t), t0, eta, alpha, steps),
              (MISCONCEPTION,), "Check the sign of the velocity update"),
        Wrong("velocity reset every step", lambda *a: _path_with(*a, reset=True), (MISCONCEPTION,),
              "starts again from zero at every step"),
        Wrong("moved with the old velocity", lambda *a: _path_with(*a, old_velocity=True), (MISCONCEPTION,),
              "*old* velocity"),
        Wrong("the gradient at theta_0 every step", lambda *a: _path_with(*a, stale=True),
              (IGNORES_INPUT, MISCONCEPTION), "gradient at theta_0 at every step"),
        Wrong("theta_0 updated in place", lambda *a: _path_with(*a, in_place=True), ()),
        Wrong("one step too few", lambda g, t0, eta, alpha, steps: path(g, t0, eta, alpha, steps - 1), ()),
        Wrong("velocity of length 2 hard-coded", lambda g, t0, eta, alpha, steps: _path_with(
            g, t0, eta, alpha, steps, length=2), (EXAMPLE_ONLY,)),
    ], [
        Right("a copy appended", path),
        Right("PyTorch's form at a constant rate", lambda *a: _pytorch_path(*a)),
        Right("a preallocated array", lambda *a: _prealloc_path(*a)),
        Right("with momentum_step, stacked", lambda g, t0, eta, alpha, steps: _path_by_steps(g, t0, eta, alpha, steps)),
    ]),
    "iterations_per_epoch": ([
        Wrong("floor", lambda n, b: n // b, (MISCONCEPTION,), "The last, smaller batch"),
        Wrong("a float", lambda n, b: n / b, (MISCONCEPTION,), "whole number of iterations"),
        Wrong("samples", lambda n, b: n, (IGNORES_INPUT, MISCONCEPTION), "not one sample"),
        Wrong("14 hard-coded", lambda n, b: 14, (EXAMPLE_ONLY,)),
        Wrong("floor plus one", lambda n, b: n // b + 1, (MISCONCEPTION,), "one batch too many"),
        Wrong("rounded to the nearest", lambda n, b: round(n / b), (MISCONCEPTION,), "The last, smaller batch"),
        Wrong("arguments swapped", lambda n, b: math.ceil(b / n), ()),
        Wrong("32 hard-coded", lambda n, b: math.ceil(n / 32), (IGNORES_INPUT, EXAMPLE_ONLY)),
    ], [
        Right("math.ceil", lambda n, b: math.ceil(n / b)),
        Right("negative floor division", lambda n, b: -(-n // b)),
        Right("len(range)", lambda n, b: len(range(0, n, b))),
        Right("np.ceil (a float)", lambda n, b: np.ceil(n / b)),
        Right("floor plus one if a rest", lambda n, b: n // b + (n % b > 0)),
    ]),
    "epochs_completed": ([
        Wrong("the iterations", 600, (MISCONCEPTION,), "600 is the number of iterations"),
        Wrong("iterations per epoch", 20, (MISCONCEPTION,), "*one* epoch"),
        Wrong("samples seen", 30_000, (MISCONCEPTION,), "30 000"),
        Wrong("per sample", 0.6, (MISCONCEPTION,), "treats each iteration as one sample"),
        Wrong("ignores the batch size", 1, (IGNORES_INPUT,)),
        Wrong("iterations over the batch size", 12, (MISCONCEPTION,), "Each iteration uses a batch of 50"),
        Wrong("iterations times samples over batch", 12_000, ()),
    ], [
        Right("a float", 30.0),
        Right("a computation", 600 * 50 // 1000),
        Right("numpy", np.int64(30)),
    ]),
    "sgd_epoch": ([
        Wrong("divided by len(X)", lambda *a: epoch(*a, divide=lambda Xb, X, b: len(X)), (MISCONCEPTION,),
              "by len(X)"),
        Wrong("divided by batch_size", lambda *a: epoch(*a, divide=lambda Xb, X, b: b), (MISCONCEPTION,),
              "You divided by `batch_size`"),
        Wrong("summed", lambda *a: epoch(*a, divide=lambda Xb, X, b: 1), (MISCONCEPTION,), "*sum* of squared errors"),
        Wrong("not shuffled (ignores rng)", lambda *a: epoch(*a, shuffle=False), (IGNORES_INPUT, MISCONCEPTION),
              "original order"),
        Wrong("a fresh generator of seed 0", lambda w, X, y, b, eta, rng: epoch(w, X, y, b, eta, np.random.default_rng(0)),
              (EXAMPLE_ONLY,)),
        Wrong("one full-batch step", lambda w, X, y, b, eta, rng: epoch(w, X, y, len(X), eta, rng), (MISCONCEPTION,),
              "one update for the whole epoch"),
        Wrong("ascent", lambda w, X, y, b, eta, rng: epoch(w, X, y, b, -eta, rng), (MISCONCEPTION,), "gradient ascent"),
        Wrong("the last partial batch dropped", lambda *a: _epoch_with(*a, drop_last=True), (MISCONCEPTION,),
              "skipped the last, smaller batch"),
        Wrong("batches drawn with replacement (rng.choice)", lambda *a: _epoch_with(*a, draw="choice"), (MISCONCEPTION,),
              "*with replacement*"),
        Wrong("batches drawn with replacement (rng.integers)", lambda *a: _epoch_with(*a, draw="integers"),
              (MISCONCEPTION,), "*with replacement*"),
        Wrong("a new permutation for every batch", lambda *a: _epoch_with(*a, draw="each batch"), (MISCONCEPTION,),
              "new permutation for every batch"),
        Wrong("X shuffled, y not", lambda *a: _epoch_with(*a, pairs="x only"), (MISCONCEPTION,),
              "shuffled the rows of X but not y"),
        Wrong("X and y shuffled separately", lambda *a: _epoch_with(*a, pairs="separately"), (MISCONCEPTION,),
              "two different permutations"),
        Wrong("the 2 of the square left out", lambda *a: _epoch_with(*a, factor=1.0), (MISCONCEPTION,), "no factor 2"),
        Wrong("the whole data's gradient at every step", lambda *a: _epoch_with(*a, whole=True), (MISCONCEPTION,),
              "gradient of the *whole* data set"),
        Wrong("another shuffle: rng.choice without replacement", lambda *a: _epoch_with(*a, draw="choice, no replacement"),
              (), "another random order"),
        Wrong("np.array_split into nearly equal batches", _even_split_epoch, (MISCONCEPTION,), "nearly *equal* size"),
        Wrong("the caller's w updated in place", lambda *a: _epoch_with(*a, in_place=True), ()),
        Wrong("the global np.random instead of rng", lambda w, X, y, b, eta, rng: epoch(w, X, y, b, eta, np.random),
              (IGNORES_INPUT,)),
        Wrong("batch size 32 hard-coded", lambda w, X, y, b, eta, rng: epoch(w, X, y, 32, eta, rng),
              (IGNORES_INPUT, EXAMPLE_ONLY)),
    ], [
        Right("loops", epoch_loop),
        Right("np.array_split of the permutation", lambda w, X, y, b, eta, rng: _split_epoch(w, X, y, b, eta, rng)),
        Right("mean of per-sample gradients", lambda w, X, y, b, eta, rng: _mean_epoch(w, X, y, b, eta, rng)),
        Right("minibatches from nbtools.optimisers", _minibatches_epoch),
        Right("rng.shuffle of an index array", _shuffled_index_epoch),
    ]),
    "valley_learning_rate_limit": ([
        Wrong("the flat direction", 0.5, (MISCONCEPTION,), "flat direction x"),
        Wrong("the coefficient", 0.25, (MISCONCEPTION,), "coefficient of y²"),
        Wrong("one-step landing", 1 / 16, (MISCONCEPTION,), "lands exactly on 0"),
        Wrong("the fastest rate", 0.1, (MISCONCEPTION,), "fastest"),
        Wrong("2 / (4 + 16) doubled", 0.2, ()),
        Wrong("2 / the Frobenius norm of the Hessian", 2 / np.hypot(4.0, 16.0), ()),
        Wrong("just below the limit", 0.124, ()),
    ], [
        Right("2/16", 2 / 16),
        Right("a fraction", sympy.Rational(1, 8)),
        Right("from the Hessian", 2 / np.linalg.eigvalsh(np.diag([4.0, 16.0])).max()),
    ]),
    "valley_learning_rate_choice": ([
        Wrong("the limit itself", 0.125, (EXAMPLE_ONLY,), "forever"),
        Wrong("too large", 0.2, (UNSAFE,), "The run diverges"),
        Wrong("too small", 0.01, (), "crawls"),
        Wrong("negative", -0.1, (MISCONCEPTION,), "must be positive"),
        Wrong("zero", 0, (IGNORES_INPUT,), "nothing moves"),
        Wrong("infinite", float("inf"), (UNSAFE,)),
        Wrong("far too large", 10.0, (UNSAFE,), "The run diverges"),
        Wrong("huge: the run overflows", 1e12, (UNSAFE,), "overflowed to infinity"),
    ], [
        Right("0.1", 0.1),
        Right("a fraction", sympy.Rational(1, 10)),
        Right("numpy", np.float32(0.09)),
    ]),
    "momentum_speedup": ([
        Wrong("alpha", 0.8, (MISCONCEPTION,), "share of the old velocity"),
        Wrong("1 + alpha", 1.8, (MISCONCEPTION,), "1 + α counts only"),
        Wrong("alternating", 1 / 1.8, (MISCONCEPTION,), "*alternates*"),
        Wrong("without the current", 4, (MISCONCEPTION,), "forgot the current gradient"),
        Wrong("alpha ignored", 1, (IGNORES_INPUT,)),
        Wrong("1 - alpha", 0.2, (MISCONCEPTION,), "share of the velocity lost"),
        Wrong("lesson's alpha 0.9", 10, (EXAMPLE_ONLY, MISCONCEPTION), "α = 0.9"),
        Wrong("the velocity's sign", -5, (MISCONCEPTION,), "positive multiple"),
        Wrong("squared", 25, ()),
    ], [
        Right("1 / (1 - 0.8)", 1 / (1 - 0.8)),
        Right("a fraction", sympy.Rational(5)),
        Right("a float", 5.0),
    ]),
    "least_squares_rate_limit": ([
        Wrong("eigenvalues of XᵀX", 2 / np.linalg.eigvalsh(X_Q10.T @ X_Q10).max(), (MISCONCEPTION,), "XᵀX itself"),
        Wrong("no 2 of the square", 2 / np.linalg.eigvalsh(X_Q10.T @ X_Q10 / 5).max(), (MISCONCEPTION,),
              "left out the 2"),
        Wrong("the smallest eigenvalue", 2 / np.linalg.eigvalsh(0.4 * X_Q10.T @ X_Q10).min(), (MISCONCEPTION,),
              "*smallest* eigenvalue"),
        Wrong("one over lambda_max", 1 / np.linalg.eigvalsh(0.4 * X_Q10.T @ X_Q10).max(), (MISCONCEPTION,),
              "lands on the minimum in one step"),
        Wrong("the diagonal", 2 / np.diag(0.4 * X_Q10.T @ X_Q10).max(), (MISCONCEPTION, IGNORES_INPUT),
              "largest *diagonal* entry"),
        Wrong("lesson 6's valley 2/16", 0.125, (EXAMPLE_ONLY,)),
        Wrong("one digit", 0.3, ()),
        Wrong("lambda_max itself", np.linalg.eigvalsh(0.4 * X_Q10.T @ X_Q10).max(), (MISCONCEPTION,),
              "not a learning rate"),
        Wrong("2 / trace", 2 / np.trace(0.4 * X_Q10.T @ X_Q10), (MISCONCEPTION,), "*sum* of the eigenvalues"),
        Wrong("the fastest rate", 2 / np.linalg.eigvalsh(0.4 * X_Q10.T @ X_Q10).sum(), (MISCONCEPTION,),
              "converges *fastest*"),
        Wrong("singular value not squared", 2 / (0.4 * np.linalg.svd(X_Q10, compute_uv=False)[0]), (MISCONCEPTION,),
              "without squaring it"),
        Wrong("1 / lambda_min", 1 / np.linalg.eigvalsh(0.4 * X_Q10.T @ X_Q10).min(), ()),
    ], [
        Right("eigvalsh", 2 / np.linalg.eigvalsh(0.4 * X_Q10.T @ X_Q10).max()),
        Right("3 digits", 0.331),
        Right("singular values", 5 / np.linalg.svd(X_Q10, compute_uv=False)[0] ** 2),
        Right("4 digits", 0.3311),
        Right("from X Xᵀ (same nonzero eigenvalues)", 2 / np.linalg.eigvalsh(0.4 * X_Q10 @ X_Q10.T).max()),
    ]),
    "least_squares_rate_diverges": ([
        Wrong("converges", False, (MISCONCEPTION,), "0.35 is above the limit"),
        Wrong("the string", "True", (EXAMPLE_ONLY,)),
        Wrong("a number", 1, (IGNORES_INPUT,)),
        Wrong("the rate itself", 0.35, ()),
        Wrong("None", None, ()),
        Wrong("the text 'False'", "False", ()),
    ], [
        Right("True", True),
        Right("a comparison", 0.35 > 2 / np.linalg.eigvalsh(0.4 * X_Q10.T @ X_Q10).max()),
        Right("numpy bool", np.bool_(True)),
    ]),
}


def _pytorch_path(gradient, theta_0, eta, alpha, steps):
    theta, v, out = np.array(theta_0, dtype=float), np.zeros(len(theta_0)), []
    out.append(theta)
    for _ in range(steps):
        v = alpha * v + gradient(theta)
        theta = theta - eta * v
        out.append(theta)
    return np.array(out)


def _prealloc_path(gradient, theta_0, eta, alpha, steps):
    out = np.empty((steps + 1, len(theta_0)))
    out[0], v = theta_0, np.zeros(len(theta_0))
    for t in range(steps):
        v = alpha * v - eta * gradient(out[t])
        out[t + 1] = out[t] + v
    return out


def _split_epoch(w, X, y, batch_size, eta, rng):
    order = rng.permutation(len(X))
    for idx in np.array_split(order, range(batch_size, len(X), batch_size)):
        w = w - eta * 2 / len(idx) * X[idx].T @ (X[idx] @ w - y[idx])
    return w


def _mean_epoch(w, X, y, batch_size, eta, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        idx = order[start:start + batch_size]
        w = w - eta * np.mean([2 * (X[i] @ w - y[i]) * X[i] for i in idx], axis=0)
    return w

