"""Lesson 11's explorer: Rosenbrock's gradient, the raced paths, the explorer builds."""
import numpy as np
import pytest

from nbtools.optimiser_explorer import (PROBLEMS, ROSENBROCK, optimiser_explorer, race_paths,
                                        rosenbrock, rosenbrock_gradient)
from nbtools.optimisers import Adam, Momentum, Nesterov, descent_path


def test_rosenbrock_gradient_matches_central_differences_and_vanishes_at_its_minimum():
    h = 1e-6
    for x, y in [(-1.5, 2.0), (0.3, -0.7), (1.2, 1.5)]:
        numeric = [(rosenbrock(x + h, y) - rosenbrock(x - h, y)) / (2 * h),
                   (rosenbrock(x, y + h) - rosenbrock(x, y - h)) / (2 * h)]
        np.testing.assert_allclose(rosenbrock_gradient(np.array([x, y])), numeric, rtol=1e-6)
    np.testing.assert_allclose(rosenbrock_gradient(np.array([1.0, 1.0])), [0.0, 0.0])
    assert rosenbrock(1.0, 1.0) == 0.0


@pytest.mark.parametrize("name", sorted(PROBLEMS))
def test_race_paths_are_each_optimisers_own_path_from_the_problems_start(name):
    problem = PROBLEMS[name]
    paths = race_paths(problem, problem.momentum_rate, 0.9, problem.adam_rate, 0.9, 0.999)
    expected = {"momentum": Momentum(problem.momentum_rate, 0.9),
                "Nesterov": Nesterov(problem.momentum_rate, 0.9),
                "Adam": Adam(problem.adam_rate, 0.9, 0.999)}
    for key, optimiser in expected.items():
        path = np.asarray(paths[key])
        np.testing.assert_array_equal(path[0], problem.start)
        np.testing.assert_array_equal(
            path, np.asarray(descent_path(optimiser, problem.gradient, problem.start, problem.steps)))


def test_the_explorer_builds_on_both_problems():
    for name in PROBLEMS:
        optimiser_explorer(name, steps=20)
    assert ROSENBROCK.minimum == (1.0, 1.0)
