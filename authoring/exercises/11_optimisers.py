# %% [markdown]
# # Exercise 11: Optimisers past momentum
#
# The lesson it practises: [`lessons/11_optimisers.ipynb`](../lessons/11_optimisers.ipynb).
#
# Practise what lesson 11 derived: Nesterov's look-ahead step, RMSProp's and Adam's steps (with the
# bias correction), AdamW's decoupled weight decay, a warm-up followed by a cosine, momentum's
# stability limit, the size of Adam's first steps, and the bias of an average that starts at zero,
# in SymPy. Each question has an **answer cell** (replace the `...` or the `raise
# NotImplementedError` with your answer) and a **check cell** right after it: run it and it tells
# you whether your answer is right, and if not, what looks wrong. Run the cells in order; a check
# never stops the notebook.
#
# Conventions, as in the lesson: every operation on arrays is element by element; a step function
# returns **new** arrays (it does not change the ones it is given); Adam's step counter $t$ is 1 at
# the first step. `nbtools.optimisers` answers this exercise's questions, so it is not available
# while your work is graded: write the steps yourself, with NumPy.
#
# **Stuck?** Once a question's check has run on your answer, `check.hint("name")` (the name in its
# check cell, such as `check.hint("adam_step")`) shows the next step of a solution in words, one
# step more each time, and `check.solution("adam_step")` a worked solution with why each line is
# there. `check.progress()` shows which questions of every exercise pass, from your saved notebooks.

# %%
import numpy as np
import sympy as sp

from nbtools import check

# %% [markdown]
# ## Question 1: Nesterov's step
# Write `nesterov_step(theta, velocity, gradient, learning_rate, alpha)`: one step of Nesterov's
# momentum as the lesson defines it,
#
# $$v \leftarrow \alpha v - \eta\, \nabla L(\theta + \alpha v), \qquad \theta \leftarrow \theta + v,$$
#
# where `gradient` is a function that returns $\nabla L$ at any point you give it. Return the tuple
# `(new_theta, new_velocity)`.

# %%
def nesterov_step(theta, velocity, gradient, learning_rate, alpha):
    ### BEGIN SOLUTION
    # Momentum is about to carry theta to theta + alpha v: take the gradient there.
    look_ahead = theta + alpha * velocity
    # The velocity fades by alpha and turns against the look-ahead gradient.
    velocity = alpha * velocity - learning_rate * gradient(look_ahead)
    # Then theta moves by the new velocity.
    return theta + velocity, velocity
    ### END SOLUTION

# %%
check.nesterov_step(nesterov_step)

# %% [markdown]
# ## Question 2: RMSProp's step
# Write `rmsprop_step(theta, gradient, s, learning_rate, rho, epsilon)`: update the moving average
# of the squared gradients, then step,
#
# $$s \leftarrow \rho\, s + (1 - \rho)\, g^2, \qquad
#   \theta \leftarrow \theta - \eta\, \frac{g}{\sqrt{s} + \epsilon}.$$
#
# `gradient` is the gradient $g$ itself (an array, like `theta` and `s`). Return
# `(new_theta, new_s)`.

# %%
def rmsprop_step(theta, gradient, s, learning_rate, rho, epsilon):
    ### BEGIN SOLUTION
    # A moving average of the squares (not the square of an average): rho of the old
    # value, 1 - rho of this step's g^2.
    s = rho * s + (1 - rho) * gradient ** 2
    # Each entry's step is divided by the root of its own average; epsilon, outside
    # the square root, only guards against dividing by 0.
    return theta - learning_rate * gradient / (np.sqrt(s) + epsilon), s
    ### END SOLUTION

# %%
check.rmsprop_step(rmsprop_step)

# %% [markdown]
# ## Question 3: Adam's step, with the bias correction
# Write `adam_step(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon)`: Adam's step
# number `t` ($t = 1$ at the first step, when `m` and `v` are still zeros):
#
# $$m \leftarrow \beta_1 m + (1 - \beta_1)\, g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2)\, g^2,$$
# $$\hat m = \frac{m}{1 - \beta_1^t}, \quad \hat v = \frac{v}{1 - \beta_2^t}, \qquad
#   \theta \leftarrow \theta - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}.$$
#
# Return `(new_theta, new_m, new_v)`: the averages themselves, not the corrected ones, since the
# next step corrects them again.

# %%
def adam_step(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    ### BEGIN SOLUTION
    # The two moving averages: beta1 for the gradients, beta2 for their squares.
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    # Both started at 0: E[m_t] = (1 - beta1^t) E[g], E[v_t] = (1 - beta2^t) E[g^2].
    # Divide the bias out, t being the number of gradients averaged so far.
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    # The step: epsilon outside the square root; return the uncorrected averages.
    return theta - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v
    ### END SOLUTION

# %%
check.adam_step(adam_step)

# %% [markdown]
# ## Question 4: AdamW's decoupled weight decay
# Write `adamw_step(theta, gradient, m, v, t, learning_rate, weight_decay)`: AdamW's step number `t`
# as the lesson defines it, the weight decay $\lambda$ = `weight_decay` decoupled from the gradient
# and applied before Adam's step, with Adam's usual $\beta_1 = 0.9$, $\beta_2 = 0.999$,
# $\epsilon = 10^{-8}$. `gradient` is the loss's gradient alone. Return
# `(new_theta, new_m, new_v)`. You may call your `adam_step` of question 3.

# %%
def adamw_step(theta, gradient, m, v, t, learning_rate, weight_decay):
    ### BEGIN SOLUTION
    # The decay is applied to theta directly, by the same fraction for every weight,
    # learning_rate * weight_decay, outside the gradient...
    theta = theta - learning_rate * weight_decay * theta
    # ...and Adam steps on the loss's gradient alone (lambda theta in the gradient
    # would be L2 in Adam, divided by sqrt(v_hat) like the rest).
    return adam_step(theta, gradient, m, v, t, learning_rate, 0.9, 0.999, 1e-8)
    ### END SOLUTION

# %%
check.adamw_step(adamw_step)

# %% [markdown]
# ## Question 5: a warm-up, then a cosine
# Write `warm_up_cosine(t, peak, warm_up_steps, total)`: the learning rate of step `t`, counted
# from $t = 0$ for the first step. During the first $W$ = `warm_up_steps` steps the rate climbs in
# equal steps to the peak, $\eta_t = \eta_\text{peak}\,(t + 1)/W$, so the first step has
# $\eta_\text{peak}/W$ (not 0) and step $t = W - 1$ the peak. From $t = W$ it follows half a cosine
# from the peak down to 0 at $t = T$ = `total`:
# $\eta_t = \frac12\eta_\text{peak}\left(1 + \cos\frac{\pi (t - W)}{T - W}\right)$. Return a number.
# `warm_up_steps` may be 0: then there is no warm-up, and the cosine starts at $t = 0$.

# %%
def warm_up_cosine(t, peak, warm_up_steps, total):
    ### BEGIN SOLUTION
    # The warm-up: t + 1, so that the first step (t = 0) is not wasted at rate 0.
    if t < warm_up_steps:
        return peak * (t + 1) / warm_up_steps
    # The cosine counts its own steps from the end of the warm-up: t - W of T - W.
    fraction = (t - warm_up_steps) / (total - warm_up_steps)
    return peak * (1 + np.cos(np.pi * fraction)) / 2
    ### END SOLUTION

# %%
check.warm_up_cosine_rate(warm_up_cosine)

# %% [markdown]
# ## Question 6: momentum's stability limit
# Momentum with $\alpha = 0.75$ runs on the loss $L(\theta) = \frac12 \theta^\top H \theta$ with
# the Hessian below (the same matrix in every direction of the quadratic, but not diagonal). What is
# the largest learning rate for which it converges? Store the number in `largest_rate`.

# %%
H = np.array([[5.0, 3.0],
              [3.0, 13.0]])

# %%
### BEGIN SOLUTION
# The steepest direction diverges first: the largest eigenvalue of H (14), not its
# largest diagonal entry, since H is not diagonal.
largest_curvature = np.linalg.eigvalsh(H).max()
# Momentum's limit (lesson 6): 2 (1 + alpha) / lambda_max.
largest_rate = 2 * (1 + 0.75) / largest_curvature
### END SOLUTION

# %%
check.momentum_rate_limit(largest_rate)

# %% [markdown]
# ## Question 7: Adam's first steps
# Three parameters start at 0 and get the first gradients $250$, $-0.004$ and $3 \times 10^{-9}$.
# Adam takes its first step with $\eta = 0.01$ and the defaults $\beta_1 = 0.9$,
# $\beta_2 = 0.999$, $\epsilon = 10^{-8}$, with the bias correction. By how much does each
# parameter change (new value minus old, with its sign)? Work it out (on paper or in NumPy) and
# store a NumPy array of the three changes in `first_changes`; 4 significant digits are enough.

# %%
### BEGIN SOLUTION
g = np.array([250.0, -0.004, 3e-9])
# At t = 1 the corrected averages are the gradient itself: m_hat = g, v_hat = g^2.
m_hat = g
v_hat = g ** 2
# So the step is -eta g / (|g| + epsilon): about eta whatever the gradient's scale,
# except where |g| is not large next to epsilon.
first_changes = -0.01 * m_hat / (np.sqrt(v_hat) + 1e-8)
### END SOLUTION

# %%
check.adam_first_steps(first_changes)

# %% [markdown]
# ## Question 8: the bias of $v_t$, in SymPy
# Adam's second average starts at $v_0 = 0$ and follows $v_t = \beta_2 v_{t-1} + (1 - \beta_2)
# g_t^2$. The gradients are random but stationary: every $g_i^2$ has the same mean
# $\mathbb E[g^2]$ (the symbol `mean_square` below). Unroll the average into a sum over
# $i = 1, \dots, t$ and compute its expectation $\mathbb E[v_t]$ with SymPy, in the symbols below.
# Store the expression in `expected_v`.

# %%
beta2 = sp.Symbol("beta_2", positive=True)
t, i = sp.symbols("t i", positive=True, integer=True)
mean_square = sp.Symbol("E[g^2]", positive=True)

# %%
### BEGIN SOLUTION
# Unrolled: v_t = sum over i = 1..t of (1 - beta2) beta2^(t - i) g_i^2; the expectation
# goes inside the sum, each g_i^2 contributing E[g^2].
expected_v = sp.simplify(sp.summation((1 - beta2) * beta2 ** (t - i) * mean_square,
                                      (i, 1, t)))
### END SOLUTION

# %%
check.expected_second_moment(expected_v)

# %% [markdown]
# ## Question 9: Adam without the correction, in SymPy
# Adam **without** the bias correction and with $\epsilon = 0$ runs on a gradient that stays the
# same positive number $g$ at every step, from $m_0 = v_0 = 0$. Find the length of its step number
# $t$ (the amount $\theta$ changes by) as an expression in the symbols below, and store it in
# `uncorrected_step`. (Check it at $t = 1$: the lesson found $\eta\,(1 - \beta_1)/\sqrt{1 -
# \beta_2} \approx 3.16\,\eta$.)

# %%
eta, beta1 = sp.symbols("eta beta_1", positive=True)
g = sp.Symbol("g", positive=True)

# %%
### BEGIN SOLUTION
# With a constant gradient the averages are the lesson's sums: the gradient times the
# sum of the weights, m_t = (1 - beta1^t) g and v_t = (1 - beta2^t) g^2.
m_t = (1 - beta1 ** t) * g
v_t = (1 - beta2 ** t) * g ** 2
# Uncorrected, the step divides them as they are; g cancels.
uncorrected_step = sp.simplify(eta * m_t / sp.sqrt(v_t))
### END SOLUTION

# %%
check.uncorrected_step_length(uncorrected_step)

# %% [markdown]
# ## Done?
# Every check above says ✔? Then you can write each optimiser a library offers past momentum,
# say what problem each one fixes, and tell Adam's L2 from AdamW's decay.
