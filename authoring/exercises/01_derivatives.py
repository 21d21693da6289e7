# %% [markdown]
# # Exercise 1: Derivatives
#
# The lesson it practises: [`lessons/01_derivatives.ipynb`](../lessons/01_derivatives.ipynb).
#
# Practise what lesson 1 derived. Each question has an **answer cell** (replace the `...` or the
# `raise NotImplementedError` with your answer) and a **check cell** right after it: run it and it tells
# you whether your answer is right, and if not, what looks wrong. Run the cells in order; a check never
# stops the notebook, so you can skip a question and come back.
#
# **Stuck?** Once a question's check has run on your answer, `check.hint("name")` (the name in its check
# cell, such as `check.hint("difference_quotient")`) shows the next step of a solution in words, one step more each
# time, and `check.solution("difference_quotient")` a worked solution with why each line is there. `check.progress()`
# shows which questions of every exercise pass, from your saved notebooks.

# %%
import numpy as np
import sympy as sp

from nbtools import check

x, h = sp.symbols("x h")
P = -2 * x**2 + 12 * x - 10

# %% [markdown]
# ## Question 1: the difference quotient, numerically
# Write `difference_quotient(f, x, h)`: the slope of the secant of a Python function `f` through the points
# at `x` and `x + h`,
#
# $$\frac{f(x + h) - f(x)}{h}.$$
#
# It should work for any `f`, not only for $P$, and for negative `h` too.

# %%
def difference_quotient(f, x, h):
    ### BEGIN SOLUTION
    # A secant's slope is rise over run. The rise is f at the far point, x + h, minus f
    # at x (in that order, or the sign flips); the run is h. Only f, x and h are used,
    # so the function works for any f and for negative h.
    return (f(x + h) - f(x)) / h
    ### END SOLUTION

# %% nbtools={"points": 2}
check.difference_quotient(difference_quotient)

# %% tags=["hidden"] nbtools={"question": "difference_quotient", "points": 1, "hint": "Your function should use only its arguments f, x and h, and work for any function, for negative x and for negative h."}
# Hidden tests (instructor only): removed from the learner copy, run by `nbtools grade`.
import numpy as np

from nbtools import derivatives
from nbtools.checks.engine import Case, check_function

check_function(difference_quotient, derivatives.difference_quotient, [
    Case((np.exp, 1.0, 1e-3), "f = np.exp, x = 1, h = 0.001"),
    Case((lambda value: 1 / value, 2.0, 0.5), "f(x) = 1/x, x = 2, h = 0.5"),
    Case((abs, -1.0, -0.25), "f = abs, x = -1, h = -0.25"),
])

# %% [markdown]
# ## Question 2: the difference quotient of P, symbolically
# Using SymPy, build $\frac{P(x + h) - P(x)}{h}$ for the profit function and simplify it (`sp.expand` or
# `sp.simplify`). Store it in `quotient_P`: an expression in `x` and `h`.

# %%
### BEGIN SOLUTION
# Substitute x + h for x in P to get P(x + h), subtract P(x), divide by h.
# The h in every term of the difference then cancels once expanded: sp.expand
# multiplies out the products so that SymPy can cancel it.
quotient_P = sp.expand((P.subs(x, x + h) - P) / h)
### END SOLUTION

# %%
check.quotient_of_P(quotient_P)

# %% [markdown]
# ## Question 3: the derivative, as a limit
# Take the limit of your quotient as $h \to 0$ (`sp.limit(expression, h, 0)`). Store $P'(x)$ in `dP`.
# Any equivalent form is accepted.

# %%
### BEGIN SOLUTION
# The derivative is the limit of the difference quotient as the step h shrinks to 0:
# with h cancelled, SymPy's limit simply drops the terms that still contain h.
dP = sp.limit(quotient_P, h, 0)
### END SOLUTION

# %%
check.derivative_of_P(dP)

# %% [markdown]
# ## Question 4: the critical point
# At which number of units $x$ is $P'(x) = 0$? Store the number in `critical_x` (`sp.solve` returns a
# list: take its element).

# %%
### BEGIN SOLUTION
# A critical point is where the slope is zero: solve P'(x) = 0 for x.
# sp.solve returns a list of every solution; this line has one, so take element 0.
critical_x = sp.solve(sp.Eq(dP, 0), x)[0]
### END SOLUTION

# %%
check.critical_point(critical_x)

# %% [markdown]
# ## Question 5: the best profit
# The critical point is a maximum ($P'' = -4 < 0$). What is the largest profit? Store it in `best_profit`.

# %%
### BEGIN SOLUTION
# The best profit is the profit at the critical point: put x = critical_x into P.
best_profit = P.subs(x, critical_x)
### END SOLUTION

# %%
check.maximum_profit(best_profit)

# %% [markdown]
# ## Question 6: which way from 12 units?
# Predict first: at $x = 12$, is the slope of $P$ positive or negative, and which way lies the maximum?
# Then compute $P'(12)$ and store the number in `slope_12`.

# %%
### BEGIN SOLUTION
# The slope at a point is the derivative evaluated there: P'(12) = -4 * 12 + 12.
# Its sign says which way profit grows (down here), its size how steeply.
slope_12 = dP.subs(x, 12)
### END SOLUTION

# %%
check.slope_at_12(slope_12)

# %% [markdown]
# ## Question 7: gradient ascent
# Write `gradient_ascent(slope, x0, learning_rate, steps)`. Starting at `x0`, take `steps` steps
#
# $$x \leftarrow x + \eta \cdot \text{slope}(x)$$
#
# and return **the whole path** as a NumPy float array of `steps + 1` positions, starting with `x0`.
# `slope` is a Python function (for example $P'$ as a lambda).

# %%
def gradient_ascent(slope, x0, learning_rate, steps):
    ### BEGIN SOLUTION
    # Keep every position, starting with x0 (as a float, so that steps are not rounded).
    positions = [float(x0)]

    # Each step moves uphill by learning_rate times the slope at the latest position:
    # x <- x + eta * f'(x). The path has steps + 1 positions.
    for _ in range(steps):
        positions.append(positions[-1] + learning_rate * slope(positions[-1]))
    return np.array(positions)
    ### END SOLUTION

# %% nbtools={"points": 2}
check.gradient_ascent(gradient_ascent)

# %% tags=["hidden"] nbtools={"question": "gradient_ascent", "points": 1, "hint": "The path is a float array that starts with x0 itself, even when x0 is a whole number or there are no steps at all."}
# Hidden tests (instructor only): removed from the learner copy, run by `nbtools grade`.
from nbtools import derivatives
from nbtools.checks.engine import Case, check_function

check_function(
    gradient_ascent,
    derivatives.gradient_ascent,
    [
        Case(
            (lambda at: 1, 4, 1, 2),
            "slope(x) = 1, x0 = 4 (an int), learning_rate = 1, steps = 2",
        ),
        Case(
            (derivatives.profit_slope, 2.0, 0.1, 0),
            "slope = P', x0 = 2, learning_rate = 0.1, steps = 0",
        ),
        Case(
            (lambda at: -at, 1.0, 0.5, 3),
            "slope(x) = -x, x0 = 1, learning_rate = 0.5, steps = 3",
        ),
    ],
)

# %% [markdown]
# ## Question 8: how large may the learning rate be?
# For the profit function, one ascent step changes the distance to the maximum as
# $x_{\text{new}} - 3 = (1 - 4\eta)(x - 3)$. Use your `gradient_ascent` to experiment if you like. What is the
# smallest learning rate $\eta$ at which the steps **no longer converge** to 3? Store it in `eta_limit`.

# %%
### BEGIN SOLUTION
# A step multiplies the distance to the top by 1 - 4 * eta (P'' = -4). Steps stay
# bounded while |1 - 4 * eta| <= 1; at eta = 1/2 the factor is -1, past it they grow.
eta_limit = 0.5
### END SOLUTION

# %%
check.largest_stable_learning_rate(eta_limit)

# %% [markdown]
# ## Question 9: the chain rule, by hand
# Differentiate $f(x) = (3x^2 + 1)^5$ **by hand** with the chain rule (outer derivative, evaluated at the
# inside, times the inner derivative), and type the result as a SymPy expression in `x`: store it in
# `df_by_hand`. Any equivalent form is accepted. Afterwards, compare it with `sp.diff((3*x**2 + 1)**5, x)` in a
# cell of your own.

# %%
### BEGIN SOLUTION
# Chain rule on f = (3x^2 + 1)^5: the outer power's derivative, 5 (3x^2 + 1)^4,
# times the inner function's derivative, 6x.
df_by_hand = 5 * (3 * x**2 + 1) ** 4 * 6 * x
### END SOLUTION

# %%
check.chain_rule_derivative(df_by_hand)

# %% [markdown]
# ## Question 10: from a formula to a function, with `diff` and `lambdify`
# For $g(x) = x^2 e^{-x}$, let SymPy find $g'(x)$ (`sp.diff`), then turn it into a Python function with
# `sp.lambdify(x, expression, "numpy")`. Store that function in `dg`: it must accept a number or a NumPy
# array of any shape (the check tries both, and an `int`). Predict first, with the product rule: where is
# $g'(x) = 0$?

# %%
g = x**2 * sp.exp(-x)
### BEGIN SOLUTION
# Differentiate g symbolically with sp.diff, then lambdify the result into a
# NumPy function of x, so that it can be evaluated on arrays of numbers.
dg = sp.lambdify(x, sp.diff(g, x), "numpy")
### END SOLUTION

# %%
check.lambdified_derivative(dg)

# %% [markdown]
# ## Question 11: the second derivative
# The function $q(x) = x^3 - 3x$ has two critical points, $x = -1$ and $x = 1$ (where $q'(x) = 3x^2 - 3 = 0$).
# Compute its second derivative $q''(x)$ with SymPy (`sp.diff(q, x, 2)`) and store it in `d2q`.

# %%
q = x**3 - 3 * x
### BEGIN SOLUTION
# The second derivative is the derivative of the derivative: sp.diff with order 2.
d2q = sp.diff(q, x, 2)
### END SOLUTION

# %%
check.second_derivative_of_q(d2q)

# %% [markdown]
# ## Question 12: the second-derivative test
# At a critical point, $q'' < 0$ means the curve bends down (a maximum), $q'' > 0$ that it bends up (a
# minimum), and $q'' = 0$ leaves the test undecided. What does $q$ have at $x = -1$? Store the word
# `"maximum"`, `"minimum"` or `"neither"` in `kind_at_minus_1`.

# %%
### BEGIN SOLUTION
# Second-derivative test: at a critical point, q'' < 0 means the curve bends down
# (a maximum), q'' > 0 that it bends up (a minimum).
kind_at_minus_1 = "maximum" if d2q.subs(x, -1) < 0 else "minimum"
### END SOLUTION

# %%
check.kind_of_critical_point(kind_at_minus_1)

# %% [markdown]
# ## Done?
# Every check above says ✔? Then you can derive a derivative from its definition and by the rules, find and
# classify a critical point, and climb to it with gradient steps. Next: lesson 2, where a network becomes a function
# made of functions.
