# %% [markdown]
# # Exercise 3: Loss functions
#
# The lesson it practises: [`lessons/03_losses.ipynb`](../lessons/03_losses.ipynb).
#
# Practise what lesson 3 derived: the mean squared error (MSE), the mean absolute error (MAE) and the
# MSE's gradient. Each question has an **answer cell** (replace the `...` or the `raise NotImplementedError`
# with your answer) and a **check cell** right after it: run it and it tells you whether your answer is
# right, and if not, what looks wrong. Run the cells in order; a check never stops the notebook, so you can
# skip a question and come back.
#
# **Conventions.** `Y_hat` (the predictions) and `Y` (the targets) are float64 arrays of shape
# (n_samples, n_outputs): one row per sample. A loss is the **mean over every entry** of these arrays, samples
# and outputs alike, which is what `np.mean` computes without an `axis`: for 4 samples with 3 outputs, it
# divides by 12.
#
# **Stuck?** Once a question's check has run on your answer, `check.hint("name")` (the name in its check
# cell, such as `check.hint("mse")`) shows the next step of a solution in words, one step more each
# time, and `check.solution("mse")` a worked solution with why each line is there. `check.progress()`
# shows which questions of every exercise pass, from your saved notebooks.

# %%
import numpy as np
import sympy as sp

from nbtools import check

yhat1, yhat2, y1, y2 = sp.symbols("yhat1 yhat2 y1 y2")
w = sp.Symbol("w")

# %% [markdown]
# ## Question 1: the mean squared error
# Write `mse(Y_hat, Y)`: the mean of $(\hat y - y)^2$ over every entry of the two arrays, as one number.
#
# $$\text{MSE} = \frac{1}{n}\sum_{\text{entries}} (\hat y - y)^2, \qquad n = n_\text{samples} \times n_\text{outputs}.$$
#
# The check tries a column of targets, shape (4, 1), and batches with several outputs, such as (4, 3). Do
# not change the arrays you are given.

# %%
def mse(Y_hat, Y):
    ### BEGIN SOLUTION
    # Square every error (prediction minus target), then average over every entry.
    return np.mean((Y_hat - Y) ** 2)
    ### END SOLUTION

# %%
check.mse(mse)

# %% [markdown]
# ## Question 2: the mean absolute error
# Write `mae(Y_hat, Y)`: the mean of $|\hat y - y|$ over every entry, as one number.

# %%
def mae(Y_hat, Y):
    ### BEGIN SOLUTION
    # The absolute error of every entry, averaged over every entry.
    return np.mean(np.abs(Y_hat - Y))
    ### END SOLUTION

# %%
check.mae(mae)

# %% [markdown]
# ## Question 3: the gradient of the MSE
# Write `mse_gradient(Y_hat, Y)`: the array of partial derivatives $\frac{\partial\, \text{MSE}}{\partial
# \hat y}$, one for each entry of `Y_hat`, so an array of the same shape as `Y_hat`. The MSE is the one of
# Question 1, the mean over every entry. Unsure about a factor? Compare your result with a finite difference
# of your `mse` in a cell of your own.

# %%
def mse_gradient(Y_hat, Y):
    ### BEGIN SOLUTION
    # d/dy_hat of (y_hat - y)^2 is 2 (y_hat - y); the mean divides every term by the
    # number of entries, Y.size, and so does its derivative.
    return 2 * (Y_hat - Y) / Y.size
    ### END SOLUTION

# %%
check.mse_gradient(mse_gradient)

# %% [markdown]
# ## Question 4: the derivative for a batch of two, in SymPy
# For a batch of two samples with one output each, the MSE is
#
# $$L = \frac{(\hat y_1 - y_1)^2 + (\hat y_2 - y_2)^2}{2}.$$
#
# Build it from the symbols `yhat1`, `yhat2`, `y1`, `y2` (defined in the setup cell) and store it in
# `two_sample_mse`. Then differentiate it with respect to the first prediction with `sp.diff` and store
# $\frac{\partial L}{\partial \hat y_1}$ in `dL_dyhat1`. Predict first: what happens to the 2 that the power
# rule brings down?

# %%
### BEGIN SOLUTION
# Build the loss exactly as the formula writes it, a mean over the two samples...
two_sample_mse = ((yhat1 - y1) ** 2 + (yhat2 - y2) ** 2) / 2

# ...then differentiate it with respect to the first prediction only.
dL_dyhat1 = sp.diff(two_sample_mse, yhat1)
### END SOLUTION

# %%
check.mse_derivative_two_samples(dL_dyhat1)

# %% [markdown]
# ## Question 5: an MSE by hand
# Four samples with one output: the targets are $y = 2, 0, 1, 4$ and the predictions $\hat y = 3, -1, 4, 1$.
# Work out their MSE with pencil and paper (first the errors $\hat y - y$, then their squares, then the mean)
# and store the number in `mse_by_hand`. You can confirm it with your `mse` in a cell of your own.

# %%
### BEGIN SOLUTION
# The errors y_hat - y are 1, -1, 3, -3; their squares 1, 1, 9, 9; the mean of those.
mse_by_hand = (1**2 + (-1) ** 2 + 3**2 + (-3) ** 2) / 4
### END SOLUTION

# %%
check.mse_by_hand(mse_by_hand)

# %% [markdown]
# ## Question 6: the weight of an outlier
# A batch of five samples has the errors $\hat y - y = 1, -1, 1, -1, 10$: four good predictions and one
# outlier. Which fraction of the MSE comes from the outlier, that is, its squared error divided by the sum of
# all five squared errors? Store the fraction, a number between 0 and 1, in `outlier_share_of_mse`: as a
# fraction such as `100 / 104`, or as a decimal to 3 significant digits (the check compares to 3).
# Then compare it, in your head, with the outlier's share of the MAE: which loss does the outlier hurt more?

# %%
### BEGIN SOLUTION
# The outlier's squared error over the sum of all five: the mean's 1/5 cancels.
outlier_share_of_mse = 10**2 / (1**2 + 1**2 + 1**2 + 1**2 + 10**2)
### END SOLUTION

# %%
check.outlier_share_of_mse(outlier_share_of_mse)

# %% [markdown]
# ## Question 7: the best weight
# A model with one weight and **no bias**, $\hat y = w x$, is fitted to three samples: $x = 1, 2, 3$ with
# targets $y = 2, 3, 7$. Build its MSE as a SymPy expression in the symbol `w` (defined in the setup cell) and
# store it in `loss_of_w`. Then find the $w$ where $\frac{dL}{dw} = 0$ (`sp.diff`, then `sp.solve`, which
# returns a list) and store that number in `best_w`. Keep SymPy's exact answer: a decimal typed by hand needs
# 8 significant digits to pass (the check compares to 8).

# %%
### BEGIN SOLUTION
# The MSE of the line y_hat = w x on the three samples, as an expression in w.
loss_of_w = ((w * 1 - 2) ** 2 + (w * 2 - 3) ** 2 + (w * 3 - 7) ** 2) / 3

# Its minimum is where dL/dw = 0; sp.solve returns a list, with one solution here.
best_w = sp.solve(sp.diff(loss_of_w, w), w)[0]
### END SOLUTION

# %%
check.best_slope(best_w)

# %% [markdown]
# ## Question 8: sum instead of mean
# Someone trains a regressor with the *sum* of squared errors instead of their mean. On batches of 10
# samples, the learning rate 0.03 works well. Now they switch to batches of 1000 samples from the same data.
# Which learning rate would give steps of about the same size as before? Store it in `learning_rate_1000`.
# (With the mean, what would the answer be?)

# %%
### BEGIN SOLUTION
# A sum over 1000 samples is 100 times a sum over 10, and so is its gradient. Divide
# the learning rate by 100 to keep the steps the same size (with the mean: 0.03).
learning_rate_1000 = 0.03 * 10 / 1000
### END SOLUTION

# %%
check.learning_rate_for_sum(learning_rate_1000)

# %% [markdown]
# ## Done?
# Every check above says ✔? Then you can compute and differentiate the two regression losses, say why they
# are means and not sums, and predict how an outlier weighs on each. Note that the sum and the mean of the
# squared errors have the same best weight in Question 7: only the size of the gradient differs. Next:
# lesson 4, where a classifier's outputs become probabilities (softmax) and its loss the cross-entropy.
