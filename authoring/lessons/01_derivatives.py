# %% [markdown]
# # Lesson 1: The derivative, derived
#
# A neural network learns by nudging its parameters, again and again, in the direction that makes its
# mistakes smaller. *Which* direction, and *how far*? The derivative answers both. This lesson derives it
# from its definition, with SymPy doing the algebra and you checking every step.
#
# **You will:**
# 1. compute a derivative from the limit definition, one algebra step at a time;
# 2. find the best production level of a small business with it (a maximum);
# 3. read the derivative's sign and size as a direction and a step;
# 4. check the derivative rules against the limit, then use `sympy.diff` and `lambdify`;
# 5. climb to the maximum with gradient steps, and see learning rates that crawl, converge and diverge.

# %% [markdown]
# ## Setup
# SymPy does exact algebra with symbols; `init_printing` shows its results as typeset formulas.
# `nbtools` is this workbook's helper package: from it we take the plotting helpers.

# %%
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

from nbtools.derivatives import gradient_ascent
from nbtools.plotting import plot_ascent_paths, plot_secants

sp.init_printing(use_latex="mathjax")
x, h = sp.symbols("x h")

# %% [markdown]
# ## A profit function
# A workshop sells $x$ hundred units ($x = 1$ means 100 units). Each extra hundred brings in money, but
# producing more costs more and more (diminishing returns). Its profit, in thousands, is
#
# $$P(x) = -2x^2 + 12x - 10.$$
#
# We write it as a SymPy expression, so we can do algebra with it.

# %%
P = -2 * x**2 + 12 * x - 10
P

# %% [markdown]
# Selling nothing loses money (the fixed costs): $P(0) = -10$. Selling one hundred units: $P(1) = 0$, it breaks even.

# %%
P.subs(x, 0), P.subs(x, 1)

# %% [markdown]
# The curve rises, flattens and falls. Somewhere on top is the best number of units (in hundreds) to sell. The
# question "where is the top?" is the question a network asks about its loss ("where is the bottom?").

# %%
P_numeric = sp.lambdify(x, P)
xs = np.linspace(-1, 7, 200)
figure, axes = plt.subplots(figsize=(6, 3.5))
axes.plot(xs, P_numeric(xs))
axes.axhline(0, color="grey", linewidth=0.5)
axes.set_xlabel("units sold (hundreds), x")
axes.set_ylabel("profit, P(x)")
plt.show()

# %% [markdown]
# *Figure, in words:* A parabola: the profit P(x) for x from -1 to 7. It rises from -24 at x = -1, crosses
# zero at x = 1, peaks at 8 at x = 3, crosses zero again at x = 5 and falls to -24 at x = 7.

# %% [markdown]
# ## The derivative as a limit
# The slope of a straight line is rise over run. A curve has no single slope, so we take the slope of a
# *secant*: the line through the points at $x$ and $x + h$,
#
# $$\frac{P(x + h) - P(x)}{h},$$
#
# and let $h$ shrink towards 0. What the secant slopes approach is the slope of the curve **at** $x$, the
# derivative:
#
# $$P'(x) = \lim_{h \to 0} \frac{P(x + h) - P(x)}{h}.$$
#
# It is the *instantaneous rate of change* of $P$ at the point $x$: how fast the profit (in thousands)
# changes per extra hundred units sold, right there. Let SymPy do each step of the algebra.
#
# **Step 1:** substitute $x + h$ for $x$.

# %%
P_at_x_plus_h = P.subs(x, x + h)
P_at_x_plus_h

# %% [markdown]
# **Step 2:** expand the squares.

# %%
P_at_x_plus_h_expanded = sp.expand(P_at_x_plus_h)
P_at_x_plus_h_expanded

# %% [markdown]
# **Step 3:** subtract $P(x)$. Every term without an $h$ cancels: what is left is the *rise* of the secant.

# %%
rise = sp.expand(P_at_x_plus_h_expanded - P)
rise

# %% [markdown]
# **Step 4:** divide by the run $h$ and simplify. Every term of the rise had a factor $h$, so it cancels:
#
# $$\frac{P(x + h) - P(x)}{h} = -4x - 2h + 12.$$

# %%
quotient = sp.expand(rise / h)
quotient

# %% [markdown]
# **Step 5:** let $h$ go to 0. The $-2h$ term vanishes:
#
# $$P'(x) = -4x + 12.$$

# %%
dP = sp.limit(quotient, h, 0)
dP

# %% [markdown]
# ### Secants turning into the tangent
# The limit is not magic: compute the secant slope at $x = 1$ for smaller and smaller $h$ and watch it
# approach $P'(1) = -4 + 12 = 8$. The error is exactly $-2h$, as the quotient $-4x - 2h + 12$ says.

# %%
for step in [1, 0.1, 0.01, 0.001]:
    slope = quotient.subs({x: 1, h: step})
    print(
        f"h = {step:<6} secant slope = {float(slope):.4f}   error = "
        f"{float(slope - dP.subs(x, 1)):+.4f}"
    )

# %% [markdown]
# The same in a picture: each dashed secant passes through $(1, P(1))$ and $(1 + h, P(1 + h))$; as $h$
# shrinks it swings onto the red tangent, whose slope is $P'(1) = 8$.

# %%
figure = plot_secants(P_numeric, 1.0, [3.0, 1.5, 0.5], slope_at_x0=8.0)
plt.show()

# %% [markdown]
# *Figure, in words:* The profit curve with three dashed secants through x = 1 and x = 1 + h for h = 3, 1.5
# and 0.5, whose slopes are 4, 7 and 9, and the red tangent at x = 1 with slope 8: as h shrinks, the secants
# swing onto the tangent.

# %% [markdown]
# **Try it.** Drag $h$ down towards 0.001 and watch the dashed secant swing onto the red tangent: its slope,
# the difference quotient, approaches $P'(x)$, and the readout shows the gap is exactly $-2h$. Then move
# $x$: where is the tangent flat, and where is it steepest?

# %% tags=["nbval-ignore-output"]
from nbtools.explorers import derivative_explorer

derivative_explorer(x=1.0, h=2.0)

# %% [markdown]
# ## The critical point: where the slope is zero
# At the top of the curve the tangent is flat: $P'(x) = 0$. Solve $-4x + 12 = 0$.

# %%
critical_points = sp.solve(sp.Eq(dP, 0), x)
critical_points

# %% [markdown]
# One critical point, $x = 3$. Is it a maximum or a minimum? The second derivative (the slope of the
# slope) tells: $P''(x) = -4 < 0$, the slope keeps decreasing, so the curve bends down and $x = 3$ is a
# **maximum**: sell 300 units. The best profit is $P(3) = 8$ thousand.

# %%
second_derivative = sp.diff(dP, x)
best_x = critical_points[0]
second_derivative, best_x, P.subs(x, best_x)

# %% [markdown]
# ## The derivative's sign and size: a direction and a step
# Suppose the workshop sells 1200 units ($x = 12$). Should it sell more or fewer? It does not need the whole curve, only
# the slope where it stands:
# - $P'(12) = -36$: negative, so profit *falls* as $x$ grows: move **left** (sell fewer). Large, so the top
#   is probably far away.
# - $P'(0) = 12$: positive, so profit *rises* with $x$: move **right**.
# - $P'(3) = 0$: flat, nowhere better nearby.

# %%
[(where, dP.subs(x, where)) for where in [12, 0, 3]]

# %% [markdown]
# **Get it right.** The derivative is a *rate of change at a point*, not a distance to the critical point.
# Its size only *suggests* how far to go: here $P'(x) = -4(x - 3)$ happens to be proportional to the
# distance to 3, but for most functions it is not, and that is why we take many small steps instead of one
# big jump.

# %% [markdown]
# ## The rules, checked against the limit
# Computing a limit every time would be slow. The derivative rules are shortcuts, and each one can be
# checked against the definition. `derivative_by_limit` repeats our five steps for any expression:

# %%
def derivative_by_limit(expression):
    """d(expression)/dx from the definition: the limit of the difference quotient as h
    -> 0."""
    quotient = (expression.subs(x, x + h) - expression) / h
    return sp.limit(sp.simplify(quotient), h, 0)


derivative_by_limit(P)

# %% [markdown]
# Each rule next to the limit. The power rule $\frac{d}{dx}x^n = n x^{n-1}$, the sum rule
# $(f + g)' = f' + g'$, the product rule $(fg)' = f'g + fg'$ and the chain rule
# $\frac{d}{dx} f(g(x)) = f'(g(x))\, g'(x)$, the one backpropagation is built on:

# %%
f, g = x**3, sp.sin(x)
rules = {
    "power:   x**5": (x**5, 5 * x**4),
    "sum:     x**3 + sin(x)": (f + g, 3 * x**2 + sp.cos(x)),
    "product: x**3 * sin(x)": (f * g, 3 * x**2 * sp.sin(x) + x**3 * sp.cos(x)),
    "chain:   sin(x**3)": (sp.sin(f), sp.cos(x**3) * 3 * x**2),
}
for name, (expression, by_rule) in rules.items():
    agrees = sp.simplify(derivative_by_limit(expression) - by_rule) == 0
    print(f"{name:<26} rule gives {str(by_rule):<30} agrees with the limit: {agrees}")

# %% [markdown]
# ## `sympy.diff` and `lambdify`
# Now that the rules are trusted, `sp.diff` applies them for us. And `sp.lambdify` turns a symbolic result
# into an ordinary NumPy function we can call on numbers and arrays, which is what a training loop needs.

# %%
dP_by_rules = sp.diff(P, x)
dP_by_rules, sp.simplify(dP_by_rules - dP) == 0

# %%
dP_numeric = sp.lambdify(x, dP_by_rules, "numpy")
dP_numeric(np.array([0.0, 3.0, 12.0]))

# %% [markdown]
# ## Climbing with gradient steps
# Instead of solving $P'(x) = 0$ (easy here, because $P'$ is linear; for a network, whose loss is not a
# polynomial of degree 2 in its weights, the equations are non-linear and have no closed-form solution,
# as lesson 5 will show), start anywhere and step **along** the slope, scaled by a small number $\eta$ (eta), the
# *learning rate*:
#
# $$x \leftarrow x + \eta\, P'(x).$$
#
# Where the slope is positive we move right, where it is negative we move left, and near the top, where the
# slope is small, the steps get small. (To find a *minimum*, such as a loss, we step *against* the slope:
# $x \leftarrow x - \eta\, f'(x)$, gradient *descent*.) `gradient_ascent` from `nbtools` does exactly this:

# %%
path = gradient_ascent(dP_numeric, x0=0.0, learning_rate=0.1, steps=10)
np.round(path, 4)

# %% [markdown]
# ### Too small, about right, too large
# Why does the learning rate matter so much? Substitute $P'(x) = -4(x - 3)$ into the step:
#
# $$x_{\text{new}} - 3 = (1 - 4\eta)\,(x - 3).$$
#
# Each step multiplies the distance to the top by $1 - 4\eta$. So:
# - $\eta = 0.01$: factor $0.96$, the distance shrinks by only 4% a step: it **crawls**;
# - $\eta = 0.1$: factor $0.6$: it **converges** smoothly;
# - $\eta = 0.25$: factor $0$: one step lands exactly on 3;
# - $\eta = 0.45$: factor $-0.8$: it **oscillates** around 3 but still converges;
# - $\eta = 0.5$: factor $-1$: it jumps between 0 and 6 **forever**;
# - $\eta = 0.55$: factor $-1.2$: each jump is bigger than the last: it **diverges**.
#
# Convergence needs $|1 - 4\eta| < 1$, that is $0 < \eta < 0.5$.

# %%
rates = [0.01, 0.1, 0.45, 0.5, 0.55]
paths = {
    f"learning rate {rate}": gradient_ascent(dP_numeric, 0.0, rate, steps=15)
    for rate in rates
}
for label, positions in paths.items():
    print(f"{label:<20} x after 15 steps: {positions[-1]:10.4f}")

# %% [markdown]
# Check the factor against the paths themselves: divide each distance to 3 by the one before it. The ratio
# is $1 - 4\eta$ at every step, for every learning rate (the `assert` would stop the lesson if it were not).

# %%
for rate, positions in zip(rates, paths.values()):
    distances = positions - 3
    ratios = distances[1:] / distances[:-1]
    assert np.allclose(ratios, 1 - 4 * rate)
    print(
        f"learning rate {rate:<5} 1 - 4*rate = {1 - 4 * rate:+.2f}   measured ratios: "
        f"{ratios.min():+.4f} to {ratios.max():+.4f}   |x - 3| after 15 steps: "
        f"{abs(distances[-1]):.4g}"
    )

# %% [markdown]
# On the left, the position after each step; on the right, the same steps on the curve.

# %%
figure = plot_ascent_paths(P_numeric, paths)
plt.show()

# %% [markdown]
# *Figure, in words:* Two panels of gradient ascent on P from the same start, one path per learning rate
# (0.01, 0.1, 0.45, 0.5, 0.55). Left: x after each step, against the step number: 0.01 crawls towards 3, 0.1
# converges, 0.45 oscillates towards 3, 0.5 jumps between 0 and 6 forever, 0.55 diverges out of the picture.
# Right: the same paths drawn on the curve P(x).

# %% [markdown]
# **Try it.** Start at $\eta = 0.1$, then push the learning rate past 0.5 and watch the steps fly off the
# curve; at exactly 0.5 they jump between two points forever, at 0.25 one step lands on the top, at 0.01
# they crawl. The readout gives the factor $1 - 4\eta$ of each step. Then move the start: does the
# regime change with it?

# %% tags=["nbval-ignore-output"]
from nbtools.explorers import learning_rate_explorer

learning_rate_explorer(learning_rate=0.1, start=0.0, steps=15)

# %% [markdown]
# ## Summary
# - The derivative $f'(x) = \lim_{h\to 0} \frac{f(x+h) - f(x)}{h}$ is the instantaneous rate of change at $x$.
# - For the profit $P(x) = -2x^2 + 12x - 10$: $P'(x) = -4x + 12$, the critical point is $x = 3$, a maximum
#   ($P'' = -4 < 0$) with $P(3) = 8$.
# - The sign of the derivative says which way to go; its size suggests how far.
# - Gradient steps $x \leftarrow x \pm \eta f'(x)$ find an optimum without solving $f'(x) = 0$; the learning
#   rate $\eta$ decides whether they crawl, converge, oscillate or diverge.
#
# ## Questions
# 1. Why does every term of $P(x+h) - P(x)$ contain a factor $h$? What would go wrong if one did not?
#
# <details><summary>Answer</summary>
#
# Because $P(x)$ is also in $P(x+h)$: the terms without $h$ cancel in the subtraction. If one did not, the
# quotient would contain a term divided by $h$, which grows without bound as $h \to 0$: no limit, no derivative.
# </details>
#
# 2. What is $P'(x)$ at $x = 2.9$? Which way should the workshop move, and roughly how far?
#
# <details><summary>Answer</summary>
#
# $P'(2.9) = -4(2.9) + 12 = 0.4$: positive, so sell a little more (move right). Small, so the top is near;
# here $P'(x) = -4(x - 3)$, so the distance is exactly $0.4/4 = 0.1$, ten units, but that proportionality is
# special to this parabola.
# </details>
#
# 3. For $f(x) = x^2$ and gradient *descent*, which learning rates converge?
#
# <details><summary>Answer</summary>
#
# $x \leftarrow x - \eta \cdot 2x = (1 - 2\eta)\,x$, so the distance to 0 is multiplied by $1 - 2\eta$ each step:
# it converges when $|1 - 2\eta| < 1$, that is $0 < \eta < 1$ (in one step at $\eta = 0.5$).
# </details>
#
# 4. Why can a network not simply solve "derivative = 0" for its parameters?
#
# <details><summary>Answer</summary>
#
# Not because there are many parameters: least squares for a linear model has a closed-form solution at any
# size. It is the non-linearity: a network's loss is a composition of activations, so "gradient = 0" is a
# system of non-linear equations with no formula for its solutions (and many of them). So we iterate.
# </details>
#
# Now practise in the exercise: [`exercises/01_derivatives.ipynb`](../exercises/01_derivatives.ipynb).
