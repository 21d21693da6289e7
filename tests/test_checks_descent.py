"""The checks of exercise 06 (gradient descent, SGD and momentum): correct answers pass in the forms a learner
may write them, each misconception fails with its own hint, and an untouched template reads "not attempted yet"."""

import math

import numpy as np
import pytest

import nbtools.checks
from nbtools import check, optimisers
from nbtools.checks import descent

from misconceptions import (assert_every_misconception_tested, assert_fails_with_hint, assert_not_attempted,
                            assert_passes, misconceptions_defined)
from mutation_tables.ex06_gradient_descent import TABLE as TABLE_6

EXERCISE_06 = sorted(name for name, function in nbtools.checks._CHECKS.items()
                     if function.__module__ == descent.__name__)
FUNCTION_CHECKS = ["sgd_step", "momentum_step", "momentum_path", "iterations_per_epoch", "sgd_epoch"]
VALUE_CHECKS = ["epochs_completed", "valley_learning_rate_limit", "valley_learning_rate_choice", "momentum_speedup",
                "least_squares_rate_limit", "least_squares_rate_diverges"]


# --- learner answers, written the way a learner would -------------------------------------------------

def template(*args):
    # YOUR CODE HERE
    raise NotImplementedError


def sgd_step_loop(theta, gradient, learning_rate):
    new = np.empty_like(theta)
    for index in np.ndindex(theta.shape):
        new[index] = theta[index] - learning_rate * gradient[index]
    return new


def sgd_step_in_place(theta, gradient, learning_rate):
    theta -= learning_rate * gradient
    return theta


def momentum_step_list(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity - learning_rate * gradient
    theta = theta + velocity
    return [theta, velocity]


def momentum_step_forgets_velocity(theta, velocity, gradient, learning_rate, alpha):
    velocity = -learning_rate * gradient
    return theta + velocity, velocity


def momentum_step_order_slip(theta, velocity, gradient, learning_rate, alpha):
    new_theta = theta + velocity
    new_velocity = alpha * velocity - learning_rate * gradient
    return new_theta, new_velocity


def momentum_step_ascent(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity + learning_rate * gradient
    return theta + velocity, velocity


def momentum_step_dampened(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity - (1 - alpha) * learning_rate * gradient
    return theta + velocity, velocity


def momentum_step_swapped(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity - learning_rate * gradient
    return velocity, theta + velocity


def path_correct(gradient, theta_0, learning_rate, alpha, steps):
    theta, velocity = theta_0.astype(float), np.zeros(len(theta_0))
    path = np.zeros((steps + 1, len(theta_0)))
    path[0] = theta
    for step in range(1, steps + 1):
        velocity = alpha * velocity - learning_rate * gradient(theta)
        theta = theta + velocity
        path[step] = theta
    return path


def path_velocity_reset(gradient, theta_0, learning_rate, alpha, steps):
    theta, path = theta_0.copy(), [theta_0.copy()]
    for _ in range(steps):
        velocity = np.zeros_like(theta)  # inside the loop: the slip
        velocity = alpha * velocity - learning_rate * gradient(theta)
        theta = theta + velocity
        path.append(theta)
    return np.array(path)


def path_order_slip(gradient, theta_0, learning_rate, alpha, steps):
    theta, velocity, path = theta_0.copy(), np.zeros_like(theta_0), [theta_0.copy()]
    for _ in range(steps):
        old_gradient = gradient(theta)
        theta = theta + velocity
        velocity = alpha * velocity - learning_rate * old_gradient
        path.append(theta)
    return np.array(path)


def path_ascent(gradient, theta_0, learning_rate, alpha, steps):
    theta, velocity, path = theta_0.copy(), np.zeros_like(theta_0), [theta_0.copy()]
    for _ in range(steps):
        velocity = alpha * velocity + learning_rate * gradient(theta)
        theta = theta + velocity
        path.append(theta)
    return np.array(path)


def path_without_start(gradient, theta_0, learning_rate, alpha, steps):
    return path_correct(gradient, theta_0, learning_rate, alpha, steps)[1:]


def path_last_only(gradient, theta_0, learning_rate, alpha, steps):
    return path_correct(gradient, theta_0, learning_rate, alpha, steps)[-1]


def momentum_step_pytorch(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity + gradient  # torch.optim.SGD(momentum=alpha)
    return theta - learning_rate * velocity, velocity


def momentum_step_nesterov(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity - learning_rate * gradient
    return theta + alpha * velocity - learning_rate * gradient, velocity


def path_same_array(gradient, theta_0, learning_rate, alpha, steps):
    theta, velocity, path = theta_0.copy(), np.zeros_like(theta_0), []
    path.append(theta)
    for _ in range(steps):
        velocity = alpha * velocity - learning_rate * gradient(theta)
        theta += velocity  # in place: every entry of path is this one array
        path.append(theta)
    return np.array(path)


def path_pytorch(gradient, theta_0, learning_rate, alpha, steps):
    theta, velocity, path = theta_0.copy(), np.zeros_like(theta_0), [theta_0.copy()]
    for _ in range(steps):
        velocity = alpha * velocity + gradient(theta)
        theta = theta - learning_rate * velocity
        path.append(theta)
    return np.array(path)


def epoch_dividing_by(divisor):
    def epoch(w, X, y, batch_size, learning_rate, rng):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            X_b, y_b = X[order[start:start + batch_size]], y[order[start:start + batch_size]]
            w = w - learning_rate * 2 * X_b.T @ (X_b @ w - y_b) / {"all": len(X), "batch_size": batch_size}[divisor]
        return w
    return epoch


def epoch_with_permutation(w, X, y, batch_size, learning_rate, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        X_b, y_b = X[batch], y[batch]
        w = w - learning_rate * 2 * X_b.T @ (X_b @ w - y_b) / len(batch)
    return w


def epoch_with_minibatches(w, X, y, batch_size, learning_rate, rng):
    for X_b, y_b in optimisers.minibatches(X, y, batch_size, rng):
        w = w - learning_rate * 2 * np.mean((X_b @ w - y_b)[:, None] * X_b, axis=0)
    return w


def epoch_sum(w, X, y, batch_size, learning_rate, rng):
    for X_b, y_b in optimisers.minibatches(X, y, batch_size, rng):
        w = w - learning_rate * 2 * X_b.T @ (X_b @ w - y_b)
    return w


def epoch_one_update(w, X, y, batch_size, learning_rate, rng):
    return w - learning_rate * 2 * X.T @ (X @ w - y) / len(X)


def epoch_unshuffled(w, X, y, batch_size, learning_rate, rng):
    for start in range(0, len(X), batch_size):
        X_b, y_b = X[start:start + batch_size], y[start:start + batch_size]
        w = w - learning_rate * 2 * X_b.T @ (X_b @ w - y_b) / len(X_b)
    return w


def epoch_drops_last(w, X, y, batch_size, learning_rate, rng):
    order = rng.permutation(len(X))
    for batch in range(len(X) // batch_size):
        chosen = order[batch * batch_size:(batch + 1) * batch_size]
        X_b, y_b = X[chosen], y[chosen]
        w = w - learning_rate * 2 * X_b.T @ (X_b @ w - y_b) / batch_size
    return w


def epoch_ascent(w, X, y, batch_size, learning_rate, rng):
    for X_b, y_b in optimisers.minibatches(X, y, batch_size, rng):
        w = w + learning_rate * 2 * X_b.T @ (X_b @ w - y_b) / len(X_b)
    return w


CORRECT = [
    ("sgd_step", lambda theta, gradient, learning_rate: theta - learning_rate * gradient),
    ("sgd_step", sgd_step_loop),
    ("sgd_step", descent.reference_sgd_step),
    ("momentum_step", lambda theta, v, g, eta, alpha: (theta + (alpha * v - eta * g), alpha * v - eta * g)),
    ("momentum_step", momentum_step_list),
    ("momentum_path", path_correct),
    ("momentum_path", path_pytorch),  # with a constant rate, PyTorch's form walks the same path
    ("momentum_path", descent.reference_momentum_path),
    ("iterations_per_epoch", lambda n, b: math.ceil(n / b)),
    ("iterations_per_epoch", lambda n, b: -(-n // b)),
    ("iterations_per_epoch", lambda n, b: len(range(0, n, b))),
    ("iterations_per_epoch", lambda n, b: int(np.ceil(n / b))),
    ("sgd_epoch", epoch_with_permutation),
    ("sgd_epoch", epoch_with_minibatches),
    ("epochs_completed", 30),
    ("epochs_completed", 30.0),
    ("epochs_completed", np.int64(30)),
    ("valley_learning_rate_limit", 0.125),
    ("valley_learning_rate_limit", 1 / 8),
    ("valley_learning_rate_choice", 0.1),
    ("valley_learning_rate_choice", 0.06),
    ("valley_learning_rate_choice", 0.11),
    ("momentum_speedup", 5),
    ("momentum_speedup", 1 / (1 - 0.8)),
    ("least_squares_rate_limit", 2 / np.linalg.eigvalsh(2 / 5 * descent.RATE_X.T @ descent.RATE_X).max()),
    ("least_squares_rate_limit", 0.331),  # the question asks for 3 significant digits
    ("least_squares_rate_diverges", True),
    ("least_squares_rate_diverges", np.bool_(True)),
    ("least_squares_rate_limit", 5 / np.linalg.svd(descent.RATE_X, compute_uv=False)[0] ** 2),
]

MISTAKES = [
    ("sgd_step", lambda theta, gradient, learning_rate: theta + learning_rate * gradient, descent.ASCENT),
    ("sgd_step", lambda theta, gradient, learning_rate: theta - gradient, "You forgot the learning rate"),
    ("sgd_step", lambda theta, gradient, learning_rate: -learning_rate * gradient, "You returned the step"),
    ("momentum_step", momentum_step_forgets_velocity, descent.NOT_CARRIED),
    ("momentum_step", momentum_step_order_slip, descent.ORDER_SLIP),
    ("momentum_step", momentum_step_ascent, descent.MOMENTUM_ASCENT),
    ("momentum_step", momentum_step_dampened, descent.DAMPENED),
    ("momentum_step", momentum_step_swapped, descent.SWAPPED),
    ("momentum_step", momentum_step_pytorch, "PyTorch's form of momentum"),
    ("momentum_step", momentum_step_nesterov, "Nesterov's momentum"),
    ("momentum_path", path_same_array, "one and the same object"),
    ("momentum_path", path_velocity_reset, descent.RESET_EACH_STEP),
    ("momentum_path", path_order_slip, descent.ORDER_SLIP),
    ("momentum_path", path_ascent, descent.MOMENTUM_ASCENT),
    ("momentum_path", path_without_start, "should start with theta_0 itself"),
    ("momentum_path", path_last_only, "Return the whole path"),
    ("iterations_per_epoch", lambda n, b: n // b, "The last, smaller batch is an iteration too"),
    ("iterations_per_epoch", lambda n, b: n / b, "An epoch has a whole number of iterations"),
    ("iterations_per_epoch", lambda n, b: n, "One iteration is one update on a whole mini-batch"),
    ("sgd_epoch", epoch_sum, descent.SUM_NOT_MEAN),
    ("sgd_epoch", epoch_one_update, descent.ITERATIONS_NOT_EPOCHS),
    ("sgd_epoch", epoch_unshuffled, descent.NOT_SHUFFLED),
    ("sgd_epoch", epoch_drops_last, descent.LAST_BATCH_DROPPED),
    ("sgd_epoch", epoch_ascent, descent.ASCENT),
    ("sgd_epoch", epoch_dividing_by("all"), "by len(X), the number of samples in the whole"),
    ("sgd_epoch", epoch_dividing_by("batch_size"), "You divided by `batch_size`"),
    ("epochs_completed", 600, "600 is the number of iterations"),
    ("epochs_completed", 20, "20 is the number of iterations in *one* epoch"),
    ("epochs_completed", 12, "first find how many iterations one pass"),
    ("epochs_completed", 30_000, "30 000 is the number of samples looked at"),
    ("epochs_completed", 0.6, "treats each iteration as one sample"),
    ("valley_learning_rate_limit", 0.5, "comes from the flat direction x"),
    ("valley_learning_rate_limit", 0.25, "8 is the coefficient of y²"),
    ("valley_learning_rate_limit", 0.0625, "1/16 is the rate at which y lands exactly on 0"),
    ("valley_learning_rate_limit", 0.1, "converges *fastest*"),
    ("valley_learning_rate_choice", 0.3, "The run diverges. With η = 0.3, each step multiplies y by 1 - 16η = -3.8"),
    ("valley_learning_rate_choice", 0.13, "The run diverges"),
    ("valley_learning_rate_choice", 1e300, "y has overflowed to infinity"),
    ("valley_learning_rate_choice", 0.125, descent.FOREVER),
    ("valley_learning_rate_choice", -0.1, descent.NOT_POSITIVE),
    ("valley_learning_rate_choice", 0.0, descent.NOT_POSITIVE),
    ("valley_learning_rate_choice", 0.01, "x shrinks only by the factor 1 - 4η = 0.96"),
    ("valley_learning_rate_choice", 0.12, "y flips sign every step"),
    ("momentum_speedup", 0.8, "is the share of the old velocity kept"),
    ("momentum_speedup", 1.8, "1 + α counts only the current gradient"),
    ("momentum_speedup", 1 / 1.8, "*alternates* in sign"),
    ("momentum_speedup", 4, "forgot the current gradient"),
    ("least_squares_rate_limit", 2 / np.linalg.eigvalsh(descent.RATE_X.T @ descent.RATE_X).max(), "XᵀX itself"),
    ("least_squares_rate_limit", 2 / np.linalg.eigvalsh(descent.RATE_X.T @ descent.RATE_X / 5).max(),
     "left out the 2 of the square"),
    ("least_squares_rate_limit", 2 / np.linalg.eigvalsh(2 / 5 * descent.RATE_X.T @ descent.RATE_X).min(),
     "*smallest* eigenvalue"),
    ("least_squares_rate_limit", 1 / np.linalg.eigvalsh(2 / 5 * descent.RATE_X.T @ descent.RATE_X).max(),
     "lands on the minimum in one step"),
    ("least_squares_rate_limit", 2 / np.max(np.diag(2 / 5 * descent.RATE_X.T @ descent.RATE_X)),
     "largest *diagonal* entry"),
    ("least_squares_rate_diverges", False, "0.35 is above the limit"),
]


def test_every_check_of_exercise_06_is_tested():
    assert EXERCISE_06 == sorted(FUNCTION_CHECKS + VALUE_CHECKS)
    tested = {name for name, *_ in CORRECT} & {name for name, *_ in MISTAKES}
    assert tested == set(EXERCISE_06)


@pytest.mark.parametrize("name, answer", CORRECT, ids=[f"{name}-{i}" for i, (name, _) in enumerate(CORRECT)])
def test_correct_answers_pass(name, answer):
    assert_passes(name, answer)


@pytest.mark.parametrize("name, answer, hint", MISTAKES, ids=[f"{name}-{i}" for i, (name, *_) in enumerate(MISTAKES)])
def test_each_misconception_fails_with_its_hint(name, answer, hint):
    assert_fails_with_hint(name, answer, hint)


@pytest.mark.parametrize("name", FUNCTION_CHECKS)
def test_untouched_function_template_is_not_attempted(name):
    assert_not_attempted(name, template)


@pytest.mark.parametrize("name", VALUE_CHECKS)
def test_untouched_value_template_is_not_attempted(name):
    assert_not_attempted(name, ...)


def test_changing_the_parameters_in_place_is_named():
    result = check.sgd_step(sgd_step_in_place)
    assert not result.ok
    assert "changed its input `theta` in place" in result.problem


@pytest.mark.parametrize("answer, problem", [("0.1", "the text '0.1'"), ([0.1], "a list with one element"),
                                             (float("nan"), "nan"), (None, "Your answer is None")])
def test_a_learning_rate_that_is_not_a_number_is_named(answer, problem):
    result = check.valley_learning_rate_choice(answer)
    assert not result.ok
    assert problem.lower() in result.problem.lower(), str(result)


def test_the_misconception_functions_reproduce_the_reference_when_no_slip_is_switched_on():
    """The slips of sgd_epoch are written as switches on one function; with every switch off it is the reference."""
    for case in [(np.zeros(2), descent.X_10, descent.y_10, 4, 0.1), (np.ones(3), descent.X_7, descent.y_7, 3, 0.05)]:
        mine = descent._sgd_epoch_with(*case, np.random.default_rng(3))
        reference = descent.reference_sgd_epoch(*case, np.random.default_rng(3))
        np.testing.assert_array_equal(mine, reference)


def test_momentum_with_alpha_zero_is_the_sgd_step():
    theta, gradient = np.array([1.0, -2.0, 0.5]), np.array([0.3, 0.1, -4.0])
    new_theta, new_velocity = descent.reference_momentum_step(theta, np.array([5.0, 5.0, 5.0]), gradient, 0.1, 0.0)
    np.testing.assert_array_equal(new_theta, descent.reference_sgd_step(theta, gradient, 0.1))
    np.testing.assert_array_equal(new_velocity, -0.1 * gradient)


def test_the_reference_learning_rate_range_for_question_8():
    """Q8's accepted learning rates: about 0.052 to 0.112 (|1 - 4η| and |1 - 16η| small enough for 30 steps)."""
    accepted = [rate for rate in np.arange(1, 200) / 1000 if check.valley_learning_rate_choice(rate).ok]
    assert (min(accepted), max(accepted)) == (0.052, 0.112)
    assert accepted == list(np.arange(52, 113) / 1000)


# --- the mutation table: every hint a check of exercise 6 defines is expected by a wrong answer, and back -----

def test_every_misconception_of_exercise_06_is_in_its_mutation_table(monkeypatch):
    """Both ways: each hint a check of exercise 6 can give is expected by a wrong answer of
    ``tests/mutation_tables/ex06_gradient_descent.py`` (which then must get it), and each hint the table expects
    is still one a check gives. Question 8 words its hints from the run, so it is left out."""
    names = [name for name in TABLE_6 if name != "valley_learning_rate_choice"]
    tested = [(name, wrong.answer, wrong.hint) for name in names for wrong in TABLE_6[name][0]
              if wrong.hint]
    assert_every_misconception_tested(misconceptions_defined(monkeypatch, descent, names), tested)
