"""Checks for exercise 06, gradient descent, SGD and momentum: one function a question, registered as
``check.<name>``.

The references are the optimisers of ``nbtools.optimisers`` (applied to copies, since they update in
place), so a learner's function is compared with exactly what lesson 6 hands over. The hints name the
mistakes learners are known to make: ascent instead of descent, a velocity not carried from step to step,
the momentum update done in the wrong order, iterations confused with epochs, a sum instead of a mean over
the batch, and a learning rate that makes the run diverge.
"""

import math

import numpy as np

from .. import optimisers
from . import register
from .compare import compare, describe, why_not_a_number
from .engine import NOT_ATTEMPTED, TEMPLATE_VALUE_HINT, Case, CheckResult, Misconception, check_function, check_value

# --- the hints, shared by several checks (and by the tests) ---------------------------------------------

ASCENT = ("You stepped *up* the gradient (θ + η·gradient): that is gradient ascent, which climbs the loss. "
          "Descent steps against the gradient: θ - η·gradient.")
MOMENTUM_ASCENT = ("Check the sign of the velocity update: v ← αv - η·gradient. With + η·gradient the "
                   "velocity points uphill and the run climbs the loss.")
NOT_CARRIED = ("Your velocity is not carried from step to step: your step ignores the velocity it was given, "
               "so it is plain SGD. The new velocity keeps a share α of the old one: v ← αv - η·gradient.")
RESET_EACH_STEP = ("Your path is plain gradient descent: nothing of one step is carried into the next. Either your "
                   "velocity starts again from zero at every step (create it once, before the loop, and keep "
                   "updating that same velocity), or α is left out of v ← αv - η·gradient.")
ORDER_SLIP = ("You moved θ with the *old* velocity and updated the velocity afterwards. Update the velocity "
              "first, then move with the new one: v ← αv - η·gradient, then θ ← θ + v.")
DAMPENED = ("That is the 'averaged' variant v ← αv - (1 - α)·η·gradient. This workbook's momentum has no "
            "(1 - α): v ← αv - η·gradient.")
PYTORCH_MOMENTUM = ("That is PyTorch's form of momentum, v ← αv + gradient and θ ← θ - η·v: its velocity is a sum of "
                    "gradients, not of steps. This workbook (lesson 6) keeps the step in the velocity: "
                    "v ← αv - η·gradient, then θ ← θ + v. The two give the same path only while η never changes, "
                    "and their velocities differ by the factor -η.")
NESTEROV = ("That is Nesterov's momentum (θ moves by αv_new - η·gradient, a look-ahead step). The question asks "
            "for plain (heavy-ball) momentum: v ← αv - η·gradient, then θ ← θ + v.")
SAME_ARRAY_APPENDED = ("Every row of your path is the last position: you appended the array θ and then kept updating "
                       "that same array in place (`theta -= ...` or `theta += velocity`), so every entry of the list "
                       "is one and the same object. Append a copy (`path.append(theta.copy())`), or write "
                       "`theta = theta + velocity`, which makes a new array.")
ALL_SAMPLES_DIVISOR = ("You divided each mini-batch's summed gradient by len(X), the number of samples in the whole "
                       "data set. The loss of one step is the mean over *its* batch: divide by the batch's own "
                       "length, `len(X_batch)`.")
BATCH_SIZE_DIVISOR = ("You divided by `batch_size` in every step, but the last batch of an epoch can be smaller "
                      "(10 samples in batches of 4 leave a last batch of 2). Divide by the batch's own length, "
                      "`len(X_batch)`.")
SWAPPED = "Return the pair in the order (new θ, new velocity)."
ITERATIONS_NOT_EPOCHS = ("You took one update for the whole epoch: that is full-batch gradient descent. SGD takes "
                         "one update (iteration) per mini-batch, so one epoch is ceil(n / batch_size) iterations.")
SUM_NOT_MEAN = ("Your step uses the gradient of the *sum* of squared errors over the batch (no division by the "
                "batch size m), so every step is m times too large, and the last, smaller batch gets a "
                "relatively smaller one. Average over the batch: (2 / m)·X_bᵀ(X_b w - y_b).")
NOT_SHUFFLED = ("Your mini-batches follow the original order of the rows. Shuffle first with "
                "`order = rng.permutation(len(X))` (or use `minibatches` from `nbtools.optimisers`).")
LAST_BATCH_DROPPED = ("You skipped the last, smaller batch. Every sample is used once in an epoch: 10 samples "
                      "in batches of 4 are batches of 4, 4 and 2.")
UPHILL_VELOCITY = ("Your velocity has the opposite sign to the question's: you kept it pointing uphill "
                   "(v ← αv + η·gradient) and subtracted it from θ. The velocity you are given, and the one you "
                   "return, is the step itself, which points downhill: it is *added* to θ.")
RATE_TWICE = ("You applied the learning rate twice: η is already inside the new velocity, so θ moves by the "
              "velocity itself, not by η times it.")
OLD_VELOCITY_RETURNED = ("You returned the velocity you were given, not the new one: the next step would then start "
                         "from a stale velocity, and momentum would never build up. Return the updated velocity.")
ALPHA_IGNORED = ("Your velocity keeps *all* of the old one (v ← v - η·gradient): α is missing. The old velocity "
                 "is kept only at the share α, so that old steps fade away.")
THETA_MINUS_VELOCITY = ("You subtracted the velocity from θ. The velocity already points downhill (it holds "
                        "-η·gradient), so θ moves by *adding* it.")
STALE_GRADIENT = ("You evaluated the gradient at theta_0 at every step. The gradient changes as θ moves: call "
                  "`gradient(theta)` at the current position in every step.")
WITH_REPLACEMENT = ("Your batches are drawn *with replacement* (`rng.choice(n, n)` or `rng.integers`), so some rows "
                    "come twice in an epoch and others not at all. An epoch visits every row exactly once: take "
                    "the order from `rng.permutation(len(X))` and cut it into batches.")
NEW_PERMUTATION_EACH_BATCH = ("You drew a new permutation for every batch, so within one epoch some rows come twice "
                              "and others never. Draw one permutation per epoch and cut *it* into batches.")
X_ONLY_SHUFFLED = ("You shuffled the rows of X but not y (or y in another order): the pairs (x_i, y_i) are broken "
                   "and every input is fitted to another sample's target. Index X and y with the same `order`.")
TWO_PERMUTATIONS = ("You shuffled X and y with two different permutations, so the pairs (x_i, y_i) are broken and "
                    "every input is fitted to another sample's target. Draw *one* `order` and index both with it.")
NO_TWO = ("Your gradient has no factor 2: the derivative of the squared error (X_b w - y_b)² brings down a 2, so the "
          "mean squared error's gradient is (2 / m)·X_bᵀ(X_b w - y_b). Each of your steps is half as long.")
OTHER_SHUFFLE = ("Your epoch looks right, but your rows come in another random order: `rng.choice(n, n, "
                 "replace=False)` (or `rng.permuted`, `rng.shuffle` on X itself) draws a different order from the same "
                 "generator. Shuffle as the question says, `order = rng.permutation(len(X))`, so that your result "
                 "can be compared with the check's.")
EVEN_SPLIT = ("`np.array_split(order, k)` cuts the order into k batches of nearly *equal* size (10 rows into 4, 3 and "
              "3), not into batches of `batch_size` rows with a smaller last one (4, 4 and 2). Slice "
              "`order[start:start + batch_size]` for start in steps of batch_size.")
WHOLE_DATA_GRADIENT = ("Each of your steps uses the gradient of the *whole* data set (X and y), not of the current "
                       "mini-batch: the batches only count the steps. Compute the gradient on X_batch and y_batch.")

# --- references: the package's optimisers, applied to copies ----------------------------------------------


def reference_sgd_step(theta, gradient, learning_rate):
    """One SGD step on a copy of ``theta``: theta - learning_rate * gradient."""
    theta = np.array(theta, dtype=float)
    optimisers.SGD(learning_rate).step([theta], [gradient])
    return theta


def reference_momentum_step(theta, velocity, gradient, learning_rate, alpha):
    """One momentum step on copies: (theta + v_new, v_new) with v_new = alpha v - learning_rate gradient."""
    theta = np.array(theta, dtype=float)
    optimiser = optimisers.Momentum(learning_rate, alpha)
    optimiser.velocities = [np.array(velocity, dtype=float)]
    optimiser.step([theta], [gradient])
    return theta, optimiser.velocities[0]


def reference_momentum_path(gradient, theta_0, learning_rate, alpha, steps):
    """``steps`` momentum steps from theta_0 (velocity 0); the path, shape (steps + 1, len(theta_0))."""
    theta = np.array(theta_0, dtype=float)
    optimiser = optimisers.Momentum(learning_rate, alpha)
    path = [theta.copy()]
    for _ in range(steps):
        optimiser.step([theta], [gradient(theta)])
        path.append(theta.copy())
    return np.array(path)


def reference_sgd_epoch(w, X, y, batch_size, learning_rate, rng):
    """One epoch of mini-batch SGD on the mean squared error of y_hat = X w; returns the new w."""
    w = np.array(w, dtype=float)
    step = optimisers.SGD(learning_rate)
    for X_batch, y_batch in optimisers.minibatches(X, y, batch_size, rng):
        step.step([w], [_mean_gradient(w, X_batch, y_batch)])
    return w


def _mean_gradient(w, X_batch, y_batch):
    """The gradient of mean((X_batch w - y_batch)^2) with respect to w: (2 / m) X_batch^T (X_batch w - y_batch)."""
    return 2 / len(X_batch) * X_batch.T @ (X_batch @ w - y_batch)


# --- the mistakes, as functions of the same arguments ------------------------------------------------------

def _momentum_path_with(gradient, theta_0, learning_rate, alpha, steps, update):
    """A path whose (theta, velocity) update is ``update``: to write each slip once."""
    theta = np.array(theta_0, dtype=float)
    velocity = np.zeros_like(theta)
    path = [theta]
    for _ in range(steps):
        theta, velocity = update(theta, velocity, gradient(theta), learning_rate, alpha)
        path.append(theta)
    return np.array(path)


def _order_slip(theta, velocity, gradient, learning_rate, alpha):
    return theta + velocity, alpha * velocity - learning_rate * gradient


def _momentum_ascent(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity + learning_rate * gradient
    return theta + velocity, velocity


def _pytorch_momentum(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity + gradient
    return theta - learning_rate * velocity, velocity


def _nesterov(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity - learning_rate * gradient
    return theta + alpha * velocity - learning_rate * gradient, velocity


def _uphill_velocity(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity + learning_rate * gradient
    return theta - velocity, velocity


def _rate_twice(theta, velocity, gradient, learning_rate, alpha, sign=1.0):
    velocity = alpha * velocity - learning_rate * gradient
    return theta + sign * learning_rate * velocity, velocity


def _stale_gradient_path(gradient, theta_0, learning_rate, alpha, steps):
    start = np.array(theta_0, dtype=float)
    return reference_momentum_path(lambda theta: gradient(start), theta_0, learning_rate, alpha, steps)


def _reset_each_step(theta, velocity, gradient, learning_rate, alpha):
    return reference_momentum_step(theta, np.zeros_like(theta), gradient, learning_rate, alpha)


def _sgd_epoch_with(w, X, y, batch_size, learning_rate, rng, sum_loss=False, shuffle=True, drop_last=False,
                    sign=-1.0, divisor=None, draw="permutation", pairs="kept", factor=2.0, whole_data=False):
    """One epoch of SGD on y_hat = X w with one slip switched on (``divisor``: "all" or "batch_size" in place of
    the batch's own length; ``draw``: "replacement" or "each batch" in place of one permutation an epoch;
    ``pairs``: "x only" or "two permutations" to break the (x, y) pairs; ``factor``: the 2 of the square;
    ``whole_data``: the gradient of all of X and y at every step)."""
    w = np.array(w, dtype=float)
    n = len(X)
    if not shuffle:
        order = np.arange(n)
    elif draw == "replacement":
        order = rng.choice(n, n)
    elif draw == "each batch":
        order = None
    elif draw == "choice without replacement":
        order = rng.choice(n, n, replace=False)
    elif draw == "even split":
        order = rng.permutation(n)
        w_even = w
        for chosen in np.array_split(order, math.ceil(n / batch_size)):
            w_even = w_even + sign * learning_rate * _mean_gradient(w_even, X[chosen], y[chosen])
        return w_even
    else:
        order = rng.permutation(n)
    targets = y
    if pairs == "x only":
        X, targets, order = X[order], y, np.arange(n)
    elif pairs == "two permutations":
        X, targets, order = X[order], y[rng.permutation(n)], np.arange(n)
    for start in range(0, n, batch_size):
        chosen = rng.permutation(n)[:batch_size] if order is None else order[start:start + batch_size]
        if drop_last and len(chosen) < batch_size:
            break
        wrong_length = {None: len(chosen), "all": n, "batch_size": batch_size}[divisor]
        X_batch, y_batch = (X, targets) if whole_data else (X[chosen], targets[chosen])
        gradient = _mean_gradient(w, X_batch, y_batch) * factor / 2
        if not whole_data:
            gradient = gradient * (len(chosen) if sum_loss else len(chosen) / wrong_length)
        w = w + sign * learning_rate * gradient
    return w


def _full_batch_step(w, X, y, batch_size, learning_rate, rng):
    return np.array(w, dtype=float) - learning_rate * _mean_gradient(np.array(w, dtype=float), X, y)


# --- the data of the cases: fixed by a seed, so every learner sees the same ------------------------------

def _quadratic_gradient(curvatures):
    """The gradient of L(theta) = sum_i curvatures_i theta_i^2 / 2: curvatures * theta."""
    curvatures = np.array(curvatures, dtype=float)
    return lambda theta: curvatures * theta


VALLEY_GRADIENT = _quadratic_gradient([1.0, 25.0])   # L = (x^2 + 25 y^2) / 2, lesson 6's valley
BOWL_GRADIENT = _quadratic_gradient([4.0, 16.0])     # L = 2 x^2 + 8 y^2
THREE_D_GRADIENT = _quadratic_gradient([1.0, 4.0, 9.0])

_data = np.random.default_rng(606)
X_10, y_10 = _data.normal(size=(10, 2)), _data.normal(size=10)
X_7, y_7 = _data.normal(size=(7, 3)), _data.normal(size=7)
X_8, y_8 = _data.normal(size=(8, 1)), _data.normal(size=8)


# --- the checks ------------------------------------------------------------------------------------------

@register
def sgd_step(answer):
    """Q1: a function (theta, gradient, learning_rate) -> theta - learning_rate * gradient, a new array."""
    cases = [
        Case((np.array([1.0, -2.0]), np.array([0.5, 4.0]), 0.1), "theta = [1, -2], gradient = [0.5, 4], learning_rate = 0.1"),
        Case((np.array([3.0, 0.0, -1.0]), np.array([-2.0, 1.0, 0.0]), 0.5),
             "theta = [3, 0, -1], gradient = [-2, 1, 0], learning_rate = 0.5"),
        Case((np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), np.array([[0.1, -0.2, 0.3], [1.0, 0.0, -1.0]]), 2.0),
             "theta of shape (2, 3) (a weight matrix), gradient of shape (2, 3), learning_rate = 2"),
    ]
    misconceptions = [
        Misconception(ASCENT, lambda theta, gradient, rate: theta + rate * gradient),
        Misconception("You forgot the learning rate: the step is η times the gradient, θ - η·gradient.",
                      lambda theta, gradient, rate: theta - gradient),
        Misconception("You returned the step -η·gradient itself; return the new parameters θ - η·gradient.",
                      lambda theta, gradient, rate: -rate * gradient),
    ]
    return check_function(answer, reference_sgd_step, cases, misconceptions)


@register
def momentum_step(answer):
    """Q2: a function (theta, velocity, gradient, learning_rate, alpha) -> (new theta, new velocity)."""
    cases = [
        Case((np.array([1.0, -2.0]), np.array([0.3, -0.1]), np.array([0.5, 4.0]), 0.1, 0.9),
             "theta = [1, -2], velocity = [0.3, -0.1], gradient = [0.5, 4], learning_rate = 0.1, alpha = 0.9"),
        Case((np.array([0.0, 5.0, -1.0]), np.array([-1.0, 0.0, 2.0]), np.array([2.0, 2.0, 2.0]), 0.25, 0.5),
             "theta = [0, 5, -1], velocity = [-1, 0, 2], gradient = [2, 2, 2], learning_rate = 0.25, alpha = 0.5"),
        Case((np.array([4.0, 4.0]), np.array([1.0, -1.0]), np.array([1.0, 1.0]), 0.5, 0.0),
             "theta = [4, 4], velocity = [1, -1], gradient = [1, 1], learning_rate = 0.5, alpha = 0 (plain SGD)"),
    ]
    misconceptions = [
        Misconception(NOT_CARRIED, lambda theta, velocity, gradient, rate, alpha:
                      (theta - rate * gradient, -rate * gradient)),
        Misconception(ORDER_SLIP, lambda theta, velocity, gradient, rate, alpha:
                      _order_slip(theta, velocity, gradient, rate, alpha)),
        Misconception(MOMENTUM_ASCENT, lambda theta, velocity, gradient, rate, alpha:
                      _momentum_ascent(theta, velocity, gradient, rate, alpha)),
        Misconception(DAMPENED, lambda theta, velocity, gradient, rate, alpha:
                      reference_momentum_step(theta, velocity, (1 - alpha) * gradient, rate, alpha)),
        Misconception(PYTORCH_MOMENTUM, _pytorch_momentum),
        Misconception(NESTEROV, _nesterov),
        Misconception(UPHILL_VELOCITY, _uphill_velocity),
        Misconception(RATE_TWICE, _rate_twice),
        Misconception(RATE_TWICE, lambda *args: _rate_twice(*args, sign=-1.0)),
        Misconception(OLD_VELOCITY_RETURNED, lambda theta, velocity, gradient, rate, alpha:
                      (reference_momentum_step(theta, velocity, gradient, rate, alpha)[0], velocity)),
        Misconception(ALPHA_IGNORED, lambda theta, velocity, gradient, rate, alpha:
                      (theta + velocity - rate * gradient, velocity - rate * gradient)),
        Misconception(THETA_MINUS_VELOCITY, lambda theta, velocity, gradient, rate, alpha:
                      (theta - (alpha * velocity - rate * gradient), alpha * velocity - rate * gradient)),
        Misconception(SWAPPED, lambda theta, velocity, gradient, rate, alpha:
                      reference_momentum_step(theta, velocity, gradient, rate, alpha)[::-1]),
    ]
    return check_function(answer, reference_momentum_step, cases, misconceptions)


@register
def momentum_path(answer):
    """Q3: a function (gradient, theta_0, learning_rate, alpha, steps) -> the path, shape (steps + 1, n)."""
    cases = [
        Case((VALLEY_GRADIENT, np.array([-10.0, 1.0]), 0.04, 0.7, 5),
             "gradient of L = (x² + 25y²)/2, theta_0 = [-10, 1], learning_rate = 0.04, alpha = 0.7, steps = 5"),
        Case((BOWL_GRADIENT, np.array([1.0, 1.0]), 0.05, 0.5, 4),
             "gradient of L = 2x² + 8y², theta_0 = [1, 1], learning_rate = 0.05, alpha = 0.5, steps = 4"),
        Case((THREE_D_GRADIENT, np.array([1.0, -1.0, 2.0]), 0.1, 0.9, 6),
             "gradient of L = (x² + 4y² + 9z²)/2, theta_0 = [1, -1, 2], learning_rate = 0.1, alpha = 0.9, steps = 6"),
        Case((VALLEY_GRADIENT, np.array([2.0, -0.5]), 0.07, 0.0, 3),
             "gradient of L = (x² + 25y²)/2, theta_0 = [2, -0.5], learning_rate = 0.07, alpha = 0 (plain), steps = 3"),
    ]
    misconceptions = [
        Misconception(RESET_EACH_STEP, lambda *args: _momentum_path_with(*args, _reset_each_step)),
        Misconception(ORDER_SLIP, lambda *args: _momentum_path_with(*args, _order_slip)),
        Misconception(MOMENTUM_ASCENT, lambda *args: _momentum_path_with(*args, _momentum_ascent)),
        Misconception("Your path should start with theta_0 itself, then one position per step: steps + 1 rows.",
                      lambda *args: reference_momentum_path(*args)[1:]),
        Misconception("Return the whole path (every position, one row each), not only the last position.",
                      lambda *args: reference_momentum_path(*args)[-1]),
        Misconception(STALE_GRADIENT, _stale_gradient_path),
        Misconception(SAME_ARRAY_APPENDED, lambda *args: np.tile(reference_momentum_path(*args)[-1], (args[-1] + 1, 1))),
    ]
    return check_function(answer, reference_momentum_path, cases, misconceptions)


def reference_iterations_per_epoch(n_samples, batch_size):
    """ceil(n_samples / batch_size): the last, smaller batch is an update too."""
    return math.ceil(n_samples / batch_size)


@register
def iterations_per_epoch(answer):
    """Q4: a function (n_samples, batch_size) -> the number of updates in one epoch, ceil(n / batch_size)."""
    cases = [
        Case((442, 32), "n_samples = 442, batch_size = 32"),
        Case((1000, 50), "n_samples = 1000, batch_size = 50"),
        Case((10, 3), "n_samples = 10, batch_size = 3"),
        Case((64, 64), "n_samples = 64, batch_size = 64 (full batch)"),
        Case((5, 8), "n_samples = 5, batch_size = 8 (a batch larger than the data)"),
    ]
    misconceptions = [
        Misconception("The last, smaller batch is an iteration too: 442 samples in batches of 32 are 13 full "
                      "batches and one of 26, so 14 updates. Round up: `math.ceil(n_samples / batch_size)`.",
                      lambda n, size: n // size),
        Misconception("An epoch has a whole number of iterations (each is one update on one mini-batch): round "
                      "n_samples / batch_size *up*, with `math.ceil`.",
                      lambda n, size: n / size),
        Misconception("One iteration is one update on a whole mini-batch, not one sample: an epoch of n samples "
                      "in batches of b has ceil(n / b) iterations.",
                      lambda n, size: n),
        Misconception("`n_samples // batch_size + 1` counts one batch too many when the batch size divides the "
                      "number of samples: 1000 samples in batches of 50 are 20 full batches and nothing left over. "
                      "Add the extra batch only when there is a rest.", lambda n, size: n // size + 1),
    ]
    return check_function(answer, reference_iterations_per_epoch, cases, misconceptions)


@register
def epochs_completed(answer):
    """Q5: epochs done after 600 iterations on 1000 samples in batches of 50."""
    misconceptions = [
        Misconception("600 is the number of iterations (updates). An epoch is one pass over all 1000 samples, "
                      "which takes 1000 / 50 = 20 iterations.", 600),
        Misconception("20 is the number of iterations in *one* epoch; how many such passes do 600 iterations make?",
                      20),
        Misconception("Each iteration uses a batch of 50 samples, so first find how many iterations one pass over "
                      "the 1000 samples takes.", 12),
        Misconception("30 000 is the number of samples looked at (600 iterations × 50); an epoch looks at all 1000.",
                      30_000),
        Misconception("600 / 1000 treats each iteration as one sample; each iteration uses a batch of 50.", 0.6),
    ]
    return check_value(answer, 30, misconceptions)


@register
def sgd_epoch(answer):
    """Q6: a function (w, X, y, batch_size, learning_rate, rng) -> w after one epoch of mini-batch SGD."""
    cases = [
        Case((np.zeros(2), X_10, y_10, 4, 0.1, np.random.default_rng(0)),
             "w = [0, 0], X of shape (10, 2), y of shape (10,), batch_size = 4, learning_rate = 0.1, "
             "rng = np.random.default_rng(0)"),
        Case((np.array([1.0, -1.0, 0.5]), X_7, y_7, 3, 0.05, np.random.default_rng(1)),
             "w = [1, -1, 0.5], X of shape (7, 3), y of shape (7,), batch_size = 3, learning_rate = 0.05, "
             "rng = np.random.default_rng(1)"),
        Case((np.array([2.0]), X_8, y_8, 8, 0.2, np.random.default_rng(2)),
             "w = [2], X of shape (8, 1), y of shape (8,), batch_size = 8 (full batch), learning_rate = 0.2, "
             "rng = np.random.default_rng(2)"),
    ]
    misconceptions = [
        Misconception(SUM_NOT_MEAN, lambda *args: _sgd_epoch_with(*args, sum_loss=True)),
        Misconception(ITERATIONS_NOT_EPOCHS, _full_batch_step),
        Misconception(NOT_SHUFFLED, lambda *args: _sgd_epoch_with(*args, shuffle=False)),
        Misconception(LAST_BATCH_DROPPED, lambda *args: _sgd_epoch_with(*args, drop_last=True)),
        Misconception(ASCENT, lambda *args: _sgd_epoch_with(*args, sign=1.0)),
        Misconception(ALL_SAMPLES_DIVISOR, lambda *args: _sgd_epoch_with(*args, divisor="all")),
        Misconception(BATCH_SIZE_DIVISOR, lambda *args: _sgd_epoch_with(*args, divisor="batch_size")),
        Misconception(WITH_REPLACEMENT, lambda *args: _sgd_epoch_with(*args, draw="replacement")),
        Misconception(NEW_PERMUTATION_EACH_BATCH, lambda *args: _sgd_epoch_with(*args, draw="each batch")),
        Misconception(X_ONLY_SHUFFLED, lambda *args: _sgd_epoch_with(*args, pairs="x only")),
        Misconception(TWO_PERMUTATIONS, lambda *args: _sgd_epoch_with(*args, pairs="two permutations")),
        Misconception(NO_TWO, lambda *args: _sgd_epoch_with(*args, factor=1.0)),
        Misconception(WHOLE_DATA_GRADIENT, lambda *args: _sgd_epoch_with(*args, whole_data=True)),
        Misconception(EVEN_SPLIT, lambda *args: _sgd_epoch_with(*args, draw="even split")),
        Misconception(OTHER_SHUFFLE, lambda *args: _sgd_epoch_with(*args, draw="choice without replacement")),
    ]
    return check_function(answer, reference_sgd_epoch, cases, misconceptions)


@register
def valley_learning_rate_limit(answer):
    """Q7: the largest learning rate for which gradient descent on L = 2x^2 + 8y^2 converges: 2 / 16."""
    misconceptions = [
        Misconception("That limit, 2/4, comes from the flat direction x (curvature 4). The steep direction y has "
                      "curvature 16 and overshoots first: each step multiplies y by 1 - 16η.", 0.5),
        Misconception("8 is the coefficient of y², not its curvature: the second derivative of 8y² is 16.", 0.25),
        Misconception("1/16 is the rate at which y lands exactly on 0 in one step (1 - 16η = 0). Larger rates "
                      "still converge, with y oscillating, while |1 - 16η| < 1.", 1 / 16),
        Misconception("0.1 = 2 / (4 + 16) is the rate that converges *fastest*, balancing both directions. "
                      "Larger rates still converge, more slowly, up to the limit.", 0.1),
    ]
    return check_value(answer, 2 / 16, misconceptions)


# --- Q8: the learner picks a learning rate; the check runs it and explains what happens -----------------

CHOICE_START = np.array([1.0, 1.0])
CHOICE_CURVATURES = np.array([4.0, 16.0])   # L = 2x^2 + 8y^2
CHOICE_STEPS = 30
CHOICE_TOLERANCE = 1e-3

NOT_POSITIVE = ("A learning rate must be positive: with η < 0 every step goes *up* the gradient (ascent) and "
                "the loss grows; with η = 0 nothing moves.")
FOREVER = ("With η = 2/16 = 0.125, each step multiplies y by 1 - 16η = -1: y jumps between 1 and -1 forever, "
           "neither converging nor diverging. Take a smaller learning rate.")


def diverges_hint(rate, final):
    """The hint for a learning rate beyond the limit, with the learner's own numbers."""
    factor = 1 - 16 * rate
    after = f"y is about {final[1]:.3g}" if np.isfinite(final[1]) else "y has overflowed to infinity"
    return (f"The run diverges. With η = {rate:g}, each step multiplies y by 1 - 16η = {factor:.3g}, so |y| grows "
            f"{abs(factor):.3g}-fold every step: after {CHOICE_STEPS} steps {after}. The steep direction y "
            "(curvature 16) needs |1 - 16η| < 1.")


def crawls_hint(rate):
    """The hint for a learning rate that converges too slowly in the flat direction."""
    return (f"It converges, but too slowly: with η = {rate:g}, x shrinks only by the factor 1 - 4η = "
            f"{1 - 4 * rate:.3g} per step, so it crawls along the flat direction (curvature 4). A larger "
            "learning rate is safe as long as |1 - 16η| < 1 for the steep direction.")


def bounces_hint(rate):
    """The hint for a learning rate just below the limit: converges, but y flips sign and shrinks slowly."""
    return (f"It converges, but too slowly: with η = {rate:g}, y flips sign every step and shrinks only by "
            f"|1 - 16η| = {abs(1 - 16 * rate):.3g} per step, bouncing from wall to wall. A slightly smaller "
            "learning rate does better.")


def run_descent(rate, steps=CHOICE_STEPS):
    """Plain gradient descent on L = 2x^2 + 8y^2 from (1, 1): the position after ``steps`` steps."""
    theta = CHOICE_START.copy()
    with np.errstate(all="ignore"):
        for _ in range(steps):
            theta = theta - rate * CHOICE_CURVATURES * theta
    return theta


@register
def valley_learning_rate_choice(answer):
    """Q8: a learning rate that brings plain descent on 2x^2 + 8y^2 from (1, 1) within 0.001 of (0, 0) in 30 steps."""
    if answer is Ellipsis:
        return CheckResult("", NOT_ATTEMPTED, 0, 1, hint=TEMPLATE_VALUE_HINT)
    problem = compare(None, 0.0) if answer is None else why_not_a_number(answer)
    if problem is None:
        rate = float(np.asarray(answer).item() if isinstance(answer, np.ndarray) else answer)
        if not np.isfinite(rate):
            problem = f"Your learning rate is {rate}; choose a finite number."
    if problem:
        return CheckResult("", "failed", 0, 1, received=describe(answer), problem=problem)
    final = run_descent(rate)
    distance = float(np.linalg.norm(final))
    if distance < CHOICE_TOLERANCE:
        return CheckResult("", "passed", 1, 1)
    if rate <= 0:
        hint = NOT_POSITIVE
    elif abs(1 - 16 * rate) > 1:
        hint = diverges_hint(rate, final)
    elif abs(1 - 16 * rate) == 1:
        hint = FOREVER
    elif abs(1 - 16 * rate) > 1 - 4 * rate:
        hint = bounces_hint(rate)
    else:
        hint = crawls_hint(rate)
    where = f"at distance {distance:.3g} from" if np.isfinite(distance) else "infinitely far from"
    return CheckResult("", "failed", 0, 1, received=describe(answer), hint=hint,
                       problem=f"After {CHOICE_STEPS} steps from (1, 1) your run is {where} the minimum (0, 0); "
                               f"it should be closer than {CHOICE_TOLERANCE:g}.")


@register
def momentum_speedup(answer):
    """Q9: with alpha = 0.8 and a constant gradient, the settled momentum step is 1 / (1 - 0.8) = 5 plain steps."""
    misconceptions = [
        Misconception("α = 0.8 is the share of the old velocity kept at each step, not the speed-up. Solve "
                      "v = αv - ηg for the settled velocity v.", 0.8),
        Misconception("1 + α counts only the current gradient and the one before it; every earlier gradient "
                      "still contributes α², α³, ...: the velocity settles where v = αv - ηg.", 1.8),
        Misconception("1 / (1 + α) is the factor for a gradient that *alternates* in sign. For a constant "
                      "gradient the contributions add up: 1 + α + α² + ... = 1 / (1 - α).", 1 / 1.8),
        Misconception("You summed the past contributions α + α² + ... = 4 but forgot the current gradient, "
                      "which counts with weight 1: 1 + α + α² + ... = 1 / (1 - α).", 4),
        Misconception("0.2 = 1 - α is the share of the velocity lost at each step, not the speed-up. Solve "
                      "v = αv - ηg for the settled velocity v and compare it with the plain step -ηg.", 0.2),
        Misconception("10 = 1 / (1 - 0.9) is the speed-up for α = 0.9; this question's α is 0.8.", 10),
        Misconception("The speed-up is a positive multiple: the settled velocity and the plain step -ηg point the "
                      "same way (downhill), so the ratio of the two has no minus sign.", -5),
    ]
    return check_value(answer, 5, misconceptions)


# --- Q10: the learning rate of a real least-squares loss ------------------------------------------------

RATE_X = np.array([[1.0, 2.0], [0.0, 1.0], [2.0, -1.0], [1.0, 1.0], [3.0, 0.0]])
"""The inputs of Q10's loss L(w) = mean((X w - y)²): its Hessian is (2 / n) XᵀX whatever y is."""


@register
def least_squares_rate_limit(answer):
    """Q10: the largest stable rate 2 / lambda_max of the Hessian (2/n) XᵀX of mean((X w - y)²) for RATE_X."""
    n = len(RATE_X)
    eigenvalues = np.linalg.eigvalsh(2 / n * RATE_X.T @ RATE_X)
    misconceptions = [
        Misconception("You used the eigenvalues of XᵀX itself. The Hessian of the *mean* of squared errors is "
                      "(2 / n) XᵀX: the 2 from differentiating the square, the 1/n from the mean.",
                      2 / np.linalg.eigvalsh(RATE_X.T @ RATE_X).max()),
        Misconception("You left out the 2 of the square: the Hessian of mean((Xw - y)²) is (2 / n) XᵀX, not "
                      "(1 / n) XᵀX.", 2 / np.linalg.eigvalsh(RATE_X.T @ RATE_X / n).max()),
        Misconception("That limit comes from the *smallest* eigenvalue, the flattest direction. The steepest "
                      "direction overshoots first: η < 2 / λ_max.", 2 / eigenvalues.min()),
        Misconception("1 / λ_max is the rate that lands on the minimum in one step along the steepest direction. "
                      "Descent still converges, oscillating, up to 2 / λ_max.", 1 / eigenvalues.max()),
        Misconception("You took the largest *diagonal* entry of the Hessian. The limit uses its largest "
                      "eigenvalue (`np.linalg.eigvalsh`), which is larger when the inputs are correlated.",
                      2 / np.max(np.diag(2 / n * RATE_X.T @ RATE_X))),
        Misconception("That is λ_max, the largest eigenvalue (the steepest curvature) itself, not a learning rate. "
                      "Along that direction each step multiplies the error by 1 - η λ_max: which η keep its size "
                      "below 1?", eigenvalues.max()),
        Misconception("2 / (λ_min + λ_max) (here also 2 / trace, the *sum* of the eigenvalues) is the rate that "
                      "converges *fastest*, balancing both directions. Larger rates still converge, more slowly, "
                      "up to the limit set by the steepest direction alone.", 2 / (eigenvalues.min() + eigenvalues.max())),
        Misconception("You used the largest singular value of (2 / n)-scaled X without squaring it. The Hessian's "
                      "eigenvalues are (2 / n) times the *squares* of X's singular values.",
                      2 / (2 / n * np.linalg.svd(RATE_X, compute_uv=False)[0])),
    ]
    return check_value(answer, 2 / eigenvalues.max(), misconceptions, digits=3)


@register
def least_squares_rate_diverges(answer):
    """Q11: does plain descent on Q10's loss diverge at the learning rate 0.35? True: 0.35 > 2 / lambda_max."""
    misconceptions = [
        Misconception("0.35 is above the limit 2 / λ_max ≈ 0.331 of question 10: along the steepest direction each "
                      "step multiplies the error by 1 - 0.35 λ_max, whose size is above 1, so descent diverges.",
                      False),
    ]
    return check_value(answer, True, misconceptions)
