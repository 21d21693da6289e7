"""Numbers stated in the prose of lesson 6, asserted against the executed notebook ``lessons/06_gradient_descent.ipynb``."""

import re

from lesson_text import outputs


def test_lesson_6_steepest_and_flattest_factors_at_0_24_and_0_3():
    text = outputs("06_gradient_descent")
    assert "eta = 0.24: steepest factor 1 - eta * largest = -0.93, flattest 1 - eta * smallest = 0.996" in text
    assert "eta = 0.3: steepest factor 1 - eta * largest = -1.41" in text


def test_lesson_6_momentum_limit_is_0_136_and_holds_on_the_valley():
    text = outputs("06_gradient_descent")
    assert "0.136" in text
    converged = float(re.search(r"eta = 0.13: distance to the minimum after 500 steps ([0-9.e+-]+)", text)[1])
    diverged = float(re.search(r"eta = 0.14: distance to the minimum after 500 steps ([0-9.e+-]+)", text)[1])
    assert converged < 1e-10 and diverged > 1e10
