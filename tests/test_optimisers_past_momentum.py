"""Lesson 11's optimisers and schedules (``nbtools.optimisers``): each against its formula written out, a few
facts the lesson states about them, and each against PyTorch's on Rosenbrock's function (the benchmark's
comparison, benchmarks/optimisers.py, on its quicker problem)."""

import math

import numpy as np
import pytest

from nbtools.optimisers import (SGD, AdaGrad, Adam, AdamW, Nesterov, RMSProp, Scheduled, cosine,
                                descent_path, step_decay, warm_up, warm_up_cosine)

CURVATURES = np.array([1.0, 25.0])  # lesson 6's valley


def valley_gradient(theta):
    return CURVATURES * theta


def test_nesterov_is_the_look_ahead_written_in_the_look_ahead_point():
    """Stepping phi = theta + alpha v with the gradient at phi is v <- alpha v - eta grad(theta + alpha v)."""
    theta, v = np.array([-10.0, 1.0]), np.zeros(2)
    phis = descent_path(Nesterov(0.04, 0.9), valley_gradient, theta, 40)
    for phi in phis[1:]:
        v = 0.9 * v - 0.04 * valley_gradient(theta + 0.9 * v)
        theta = theta + v
        np.testing.assert_allclose(phi, theta + 0.9 * v, rtol=0, atol=1e-13)


def test_nesterov_with_no_momentum_is_sgd_and_validates_its_momentum():
    np.testing.assert_array_equal(descent_path(Nesterov(0.05, 0.0), valley_gradient, [3.0, -1.0], 10),
                                  descent_path(SGD(0.05), valley_gradient, [3.0, -1.0], 10))
    with pytest.raises(ValueError):
        Nesterov(0.1, 1.0)


def test_adagrad_and_rmsprop_keep_their_state_as_written():
    gradients = [np.array([2.0, -0.5]), np.array([1.0, 0.25]), np.array([-3.0, 1.0])]
    theta_a, theta_r = np.zeros(2), np.zeros(2)
    adagrad, rmsprop = AdaGrad(0.1, epsilon=1e-10), RMSProp(0.01, rho=0.9, epsilon=1e-8)
    s_a, s_r, expected_a, expected_r = np.zeros(2), np.zeros(2), np.zeros(2), np.zeros(2)
    for g in gradients:
        adagrad.step([theta_a], [g])
        rmsprop.step([theta_r], [g])
        s_a = s_a + g ** 2
        s_r = 0.9 * s_r + 0.1 * g ** 2
        expected_a = expected_a - 0.1 * g / (np.sqrt(s_a) + 1e-10)
        expected_r = expected_r - 0.01 * g / (np.sqrt(s_r) + 1e-8)
    np.testing.assert_allclose(theta_a, expected_a, rtol=1e-14)
    np.testing.assert_allclose(theta_r, expected_r, rtol=1e-14)
    np.testing.assert_allclose(adagrad.sums[0], s_a)
    np.testing.assert_allclose(rmsprop.averages[0], s_r)


def test_adagrads_steps_shrink_like_one_over_root_t_for_a_constant_gradient():
    theta, optimiser = np.zeros(1), AdaGrad(0.5, epsilon=0.0)
    positions = [theta.copy()]
    for _ in range(100):
        optimiser.step([theta], [np.array([3.0])])
        positions.append(theta.copy())
    steps = -np.diff(np.ravel(positions))
    np.testing.assert_allclose(steps, 0.5 / np.sqrt(np.arange(1, 101)), rtol=1e-13)


def test_adams_first_step_is_the_learning_rate_whatever_the_gradient_and_without_correction_it_is_not():
    gradient = np.array([300.0, -0.02, 1.0])
    theta = np.zeros(3)
    Adam(0.01, epsilon=0.0).step([theta], [gradient])
    np.testing.assert_allclose(theta, -0.01 * np.sign(gradient), rtol=1e-14)
    theta = np.zeros(3)
    Adam(0.01, epsilon=0.0, bias_correction=False).step([theta], [gradient])
    np.testing.assert_allclose(theta, -0.01 * 0.1 / math.sqrt(0.001) * np.sign(gradient), rtol=1e-13)


def test_adam_counts_its_steps_and_corrects_with_this_steps_t():
    theta, adam = np.array([1.0, -2.0]), Adam(0.05, beta1=0.8, beta2=0.95, epsilon=1e-8)
    m, v, expected = np.zeros(2), np.zeros(2), theta.copy()
    for t, g in enumerate([np.array([0.5, 1.0]), np.array([-1.0, 2.0]), np.array([0.25, -0.5])], start=1):
        adam.step([theta], [g])
        m, v = 0.8 * m + 0.2 * g, 0.95 * v + 0.05 * g ** 2
        expected = expected - 0.05 * (m / (1 - 0.8 ** t)) / (np.sqrt(v / (1 - 0.95 ** t)) + 1e-8)
        assert adam.t == t
    np.testing.assert_allclose(theta, expected, rtol=1e-14)


def test_l2_in_adam_is_normalised_away_while_adamws_decay_is_a_fixed_fraction():
    """With the decay the only gradient, L2 in Adam moves theta by about eta a step, the same path whatever
    lambda is (Adam divides the gradient lambda theta by its own size); AdamW multiplies theta by
    (1 - eta lambda) a step."""
    l2_paths = []
    for decay in (0.1, 10.0):
        l2, decoupled = np.array([2.0]), np.array([2.0])
        adam_l2, adamw = Adam(0.01, weight_decay=decay), AdamW(0.01, weight_decay=decay)
        for _ in range(50):
            adam_l2.step([l2], [np.zeros(1)])
            adamw.step([decoupled], [np.zeros(1)])
        l2_paths.append(l2[0])
        np.testing.assert_allclose(decoupled, 2.0 * (1 - 0.01 * decay) ** 50, rtol=1e-12)
    assert l2_paths[0] == pytest.approx(l2_paths[1], rel=1e-6)
    assert 2.0 - l2_paths[0] == pytest.approx(50 * 0.01, rel=0.05)


def test_schedules_at_their_ends_and_the_first_step():
    assert [step_decay(t, 0.1, 0.5, 3) for t in (0, 2, 3, 6)] == [0.1, 0.1, 0.05, 0.025]
    assert cosine(0, 0.1, 10) == 0.1 and cosine(10, 0.1, 10, final=0.01) == pytest.approx(0.01)
    assert cosine(5, 0.1, 10) == pytest.approx(0.05) and cosine(25, 0.1, 10) == pytest.approx(0.0)
    assert [warm_up(t, 0.4, 4) for t in range(6)] == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.4, 0.4])
    assert warm_up_cosine(0, 0.4, 4, 14) == pytest.approx(0.1)
    assert warm_up_cosine(4, 0.4, 4, 14) == pytest.approx(0.4)
    assert warm_up_cosine(9, 0.4, 4, 14) == pytest.approx(0.2)


def test_scheduled_sets_the_rate_before_each_step_from_t_0():
    rates = []

    class Recorder(SGD):
        def step(self, parameters, gradients):
            rates.append(self.learning_rate)
            super().step(parameters, gradients)
    theta = np.array([1.0])
    scheduled = Scheduled(Recorder(1.0), lambda t: warm_up(t, 0.3, 3))
    for _ in range(4):
        scheduled.step([theta], [np.array([1.0])])
    assert rates == pytest.approx([0.1, 0.2, 0.3, 0.3]) and scheduled.t == 4
    assert theta[0] == pytest.approx(1.0 - 0.9)


@pytest.mark.parametrize("index", range(9))
def test_each_optimiser_takes_pytorchs_steps_on_rosenbrock(index):
    torch = pytest.importorskip("torch")
    from benchmarks.optimisers import TARGET, largest_difference, pairs, rosenbrock_problem

    torch.set_num_threads(1)
    name, make, make_torch, make_scheduler = pairs()[index]
    assert largest_difference(rosenbrock_problem, make, make_torch, make_scheduler) < TARGET, name


def test_every_misconception_of_exercise_11_is_reached_by_a_wrong_answer_of_its_table(monkeypatch):
    from misconceptions import assert_table_expects_every_misconception, misconceptions_defined
    from mutation_tables.ex11_optimisers import TABLE

    import nbtools.checks.optimisers_past_momentum as checks

    assert_table_expects_every_misconception(misconceptions_defined(monkeypatch, checks, sorted(TABLE)), TABLE)
