# %% [markdown]
# # Exercise 6: Gradient descent, SGD and momentum
#
# The lesson it practises: [`lessons/06_gradient_descent.ipynb`](../lessons/06_gradient_descent.ipynb).
#
# Practise what lesson 6 built: the gradient descent step, the momentum step, mini-batches, iterations and
# epochs, and the learning rate's limit. Each question has an **answer cell** (replace the `...` or the
# `raise NotImplementedError` with your answer) and a **check cell** right after it: run it and it tells
# you whether your answer is right, and if not, what looks wrong. Run the cells in order; a check never
# stops the notebook, so you can skip a question and come back.
#
# **Conventions.** Parameters, velocities and gradients are float64 NumPy arrays of the same shape. Your
# functions return **new** arrays and leave the arrays they are given unchanged (write `theta - ...`, not
# `theta -= ...`): the checks call them several times with the same inputs.
#
# **Stuck?** Once a question's check has run on your answer, `check.hint("name")` (the name in its check
# cell, such as `check.hint("sgd_step")`) shows the next step of a solution in words, one step more each
# time, and `check.solution("sgd_step")` a worked solution with why each line is there. `check.progress()`
# shows which questions of every exercise pass, from your saved notebooks.

# %%
import math

import numpy as np
import sympy as sp

from nbtools import check
from nbtools.optimisers import minibatches

x, y = sp.symbols("x y")

# %% [markdown]
# ## Question 1: one gradient descent step
# Write `sgd_step(theta, gradient, learning_rate)`: the parameters after one step of gradient descent,
#
# $$\theta_\text{new} = \theta - \eta\, \nabla L(\theta),$$
#
# where `gradient` is $\nabla L(\theta)$ (already computed) and `learning_rate` is $\eta$. It should work for
# parameter arrays of any shape, for example a weight matrix.

# %%
def sgd_step(theta, gradient, learning_rate):
    ### BEGIN SOLUTION
    # Step against the gradient, which points uphill, by learning_rate times it. A new
    # array is returned: theta itself is not changed in place.
    return theta - learning_rate * gradient
    ### END SOLUTION

# %%
check.sgd_step(sgd_step)

# %% [markdown]
# ## Question 2: one momentum step
# Write `momentum_step(theta, velocity, gradient, learning_rate, alpha)`: one step of gradient descent with
# momentum $\alpha$, returning the pair `(new_theta, new_velocity)`:
#
# $$v_\text{new} = \alpha\, v - \eta\, \nabla L(\theta), \qquad \theta_\text{new} = \theta + v_\text{new}.$$
#
# The order matters: first the velocity, then the move with the *new* velocity.

# %%
def momentum_step(theta, velocity, gradient, learning_rate, alpha):
    ### BEGIN SOLUTION
    # First the velocity: the old one kept at the fraction alpha, plus the new step.
    new_velocity = alpha * velocity - learning_rate * gradient

    # Then the move, with the new velocity.
    return theta + new_velocity, new_velocity
    ### END SOLUTION

# %%
check.momentum_step(momentum_step)

# %% [markdown]
# ## Question 3: a momentum run
# Write `momentum_path(gradient, theta_0, learning_rate, alpha, steps)`. `gradient` is a Python function that
# takes a parameter array and returns the gradient there, for example, for lesson 6's valley
# $L = (x^2 + 25y^2)/2$, `lambda theta: np.array([1.0, 25.0]) * theta`. Starting at `theta_0` with velocity
# zero, take `steps` momentum steps and return **the whole path**: a NumPy array of shape
# `(steps + 1, len(theta_0))`, one row per position, starting with `theta_0`.
#
# You may use your `momentum_step`. Where does the velocity have to be created so that it is carried from one
# step to the next?

# %%
def momentum_path(gradient, theta_0, learning_rate, alpha, steps):
    ### BEGIN SOLUTION
    # Start at theta_0 (a float copy), at rest.
    theta = np.array(theta_0, dtype=float)
    velocity = np.zeros_like(theta)
    path = [theta]

    # Each step: the gradient where we are, one momentum step (question 2), and the
    # new position added to the path.
    for _ in range(steps):
        theta, velocity = momentum_step(theta, velocity, gradient(theta), learning_rate,
                                        alpha)
        path.append(theta)
    return np.array(path)
    ### END SOLUTION

# %%
check.momentum_path(momentum_path)

# %% [markdown]
# ## Question 4: iterations in an epoch
# Write `iterations_per_epoch(n_samples, batch_size)`: how many updates (iterations) one epoch of mini-batch
# SGD takes, when the `n_samples` samples are split into batches of `batch_size` rows and the last batch may
# be smaller.

# %%
def iterations_per_epoch(n_samples, batch_size):
    ### BEGIN SOLUTION
    # Full batches, plus one smaller batch for any rest: the division rounded up.
    return math.ceil(n_samples / batch_size)
    ### END SOLUTION

# %%
check.iterations_per_epoch(iterations_per_epoch)

# %% [markdown]
# ## Question 5: epochs from iterations
# A network is trained on 1000 samples in mini-batches of 50, for 600 iterations. How many epochs is that?
# Store the number in `epochs_done`.

# %%
### BEGIN SOLUTION
# 1000 samples in batches of 50 is 20 updates an epoch; 600 updates is 600 / 20.
epochs_done = 600 / math.ceil(1000 / 50)
### END SOLUTION

# %%
check.epochs_completed(epochs_done)

# %% [markdown]
# ## Question 6: one epoch of mini-batch SGD
# A linear model predicts $\hat y = X w$ from `X` of shape (n_samples, n_features) with weights `w` of shape
# (n_features,); the targets `y` have shape (n_samples,). The loss of a batch of $m$ rows $X_b, y_b$ is the
# **mean** squared error, whose gradient is
#
# $$\nabla L(w) = \frac{2}{m}\, X_b^\top (X_b w - y_b).$$
#
# Write `sgd_epoch(w, X, y, batch_size, learning_rate, rng)`: one epoch of mini-batch SGD, returning the new
# `w`. Shuffle the rows with `order = rng.permutation(len(X))`, split `order` into batches of `batch_size`
# (the last may be smaller), and take one gradient descent step per batch. `minibatches(X, y, batch_size,
# rng)` from `nbtools.optimisers` (imported above) does the shuffling and splitting exactly this way, so you
# may use it.

# %%
def sgd_epoch(w, X, y, batch_size, learning_rate, rng):
    ### BEGIN SOLUTION
    # minibatches shuffles with rng and cuts the rows into batches: one epoch.
    for X_batch, y_batch in minibatches(X, y, batch_size, rng):
        # The question's gradient, with m the size of this batch (the last may be
        # smaller), then one step of gradient descent.
        gradient = 2 / len(X_batch) * X_batch.T @ (X_batch @ w - y_batch)
        w = sgd_step(w, gradient, learning_rate)
    return w
    ### END SOLUTION

# %%
check.sgd_epoch(sgd_epoch)

# %% [markdown]
# ## Question 7: the largest stable learning rate
# Plain gradient descent on
#
# $$L(x, y) = 2x^2 + 8y^2$$
#
# converges to the minimum $(0, 0)$ from any start only if the learning rate is below a limit. What is that
# limit? Store it in `eta_limit`. (SymPy's `sp.hessian(L, (x, y))` gives the curvatures; or write one step
# for each coordinate and ask when it shrinks.)

# %%
### BEGIN SOLUTION
# The Hessian's eigenvalues are the curvatures (4 and 16). A step multiplies the
# error along each by 1 - eta * curvature; all stay below 1 in size while eta is
# under 2 / largest curvature.
eta_limit = 2 / max(sp.hessian(2 * x**2 + 8 * y**2, (x, y)).eigenvals())
### END SOLUTION

# %%
check.valley_learning_rate_limit(eta_limit)

# %% [markdown]
# ## Question 8: choose a learning rate
# Now pick a learning rate yourself. Plain gradient descent on the same $L(x, y) = 2x^2 + 8y^2$ starts at
# $(1, 1)$ and takes 30 steps. Choose $\eta$ so that after these 30 steps it is **within 0.001 of the minimum**
# $(0, 0)$. Store it in `my_learning_rate`. The check runs the 30 steps with your $\eta$ and tells you what
# happened: too small, too large, or just right. (Experiment in a cell of your own first if you like, with
# your `momentum_path` and `alpha = 0`.)

# %%
### BEGIN SOLUTION
# The factors are 1 - 4 eta along x and 1 - 16 eta along y. At eta = 0.1 they are
# 0.6 and -0.6: after 30 steps 0.6^30, about 2e-7, well within 0.001.
my_learning_rate = 0.1
### END SOLUTION

# %%
check.valley_learning_rate_choice(my_learning_rate)

# %% [markdown]
# ## Question 9: predict the speed-up
# Predict first, then compute. With momentum $\alpha = 0.8$, the gradient stays the same, $g$, step after
# step. The velocity settles to a constant multiple of the plain gradient descent step $-\eta g$. Which
# multiple? Store the number in `speedup`.

# %%
### BEGIN SOLUTION
# A steady velocity satisfies v = alpha v - eta g, so v = -eta g / (1 - alpha):
# 1 / (1 - alpha) times the plain step.
speedup = 1 / (1 - 0.8)
### END SOLUTION

# %%
check.momentum_speedup(speedup)

# %% [markdown]
# ## Question 10: the learning rate of a real loss
# Linear regression $\hat{y} = X\mathbf{w}$ on the five samples `X_q10` below, with the loss
# $L(\mathbf{w}) = \frac{1}{n}\sum_i (\mathbf{x}_i \mathbf{w} - y_i)^2$. Its Hessian does not depend on $\mathbf{w}$
# or on the targets. What is the largest learning rate for which plain gradient descent on $L$ converges?
# Store it in `rate_limit_q10`; 3 significant digits are enough (`np.linalg.eigvalsh` gives a symmetric matrix's
# eigenvalues).

# %%
X_q10 = np.array([[1.0, 2.0], [0.0, 1.0], [2.0, -1.0], [1.0, 1.0], [3.0, 0.0]])
### BEGIN SOLUTION
# The mean squared error's Hessian is (2 / n) X^T X, whatever w and the targets.
hessian = 2 / len(X_q10) * X_q10.T @ X_q10

# Descent converges while eta < 2 / its largest eigenvalue (eigvalsh: symmetric).
rate_limit_q10 = 2 / np.linalg.eigvalsh(hessian).max()
### END SOLUTION

# %%
check.least_squares_rate_limit(rate_limit_q10)

# %% [markdown]
# ## Question 11: converge or diverge?
# Predict without running it: does plain gradient descent on question 10's loss, from a typical starting point
# (one with some error along the steepest direction), diverge with the learning rate $\eta = 0.35$? Store `True`
# (it diverges) or `False` in `diverges_at_035`.

# %%
### BEGIN SOLUTION
# It diverges exactly when the rate is past question 10's limit.
diverges_at_035 = 0.35 > rate_limit_q10
### END SOLUTION

# %%
check.least_squares_rate_diverges(diverges_at_035)

# %% [markdown]
# ## Done?
# Every check above says ✔? Then you can write gradient descent and momentum steps, count iterations and
# epochs, run mini-batch SGD with a mean loss, and tell a learning rate that crawls from one that diverges.
# Next: lesson 7, where all the pieces become one training loop on real handwritten digits.
