# %% [markdown]
# # Exercise 2: Networks
#
# The lesson it practises: [`lessons/02_networks.ipynb`](../lessons/02_networks.ipynb).
#
# Practise what lesson 2 built: dense layers, activations and their derivatives, and forward propagation.
# Each question has an **answer cell** (replace the `...` or the `raise NotImplementedError` with your
# answer) and a **check cell** right after it: run it and it tells you whether your answer is right, and if
# not, what looks wrong. Run the cells in order; a check never stops the notebook, so you can skip a
# question and come back.
#
# The conventions of the lesson hold throughout: a batch has **one sample per row**, so `Z` has shape
# (n_samples, n_in); a layer's weights `W` have shape (n_in, n_out), with $w_{jk}$ (row $j$, column $k$)
# joining unit $j$ to unit $k$; its biases `b` have shape (n_out,). Use NumPy only (no `nbtools` building
# blocks: you are writing them).
#
# **Stuck?** Once a question's check has run on your answer, `check.hint("name")` (the name in its check
# cell, such as `check.hint("weight_shape")`) shows the next step of a solution in words, one step more each
# time, and `check.solution("weight_shape")` a worked solution with why each line is there. `check.progress()`
# shows which questions of every exercise pass, from your saved notebooks.

# %%
import numpy as np
import sympy as sp

from nbtools import check

u, z = sp.symbols("u z")

# %% [markdown]
# ## Question 1: the shape of a weight matrix
# A dense layer receives the values of 4 units and computes 3 weighted sums. What is the shape of its
# weight matrix $W$, in the workbook's convention? Store it in `W_shape` as a tuple `(rows, columns)`.

# %%
### BEGIN SOLUTION
# The workbook's convention: W has one row per unit it receives (n_in = 4) and one
# column per weighted sum it computes (n_out = 3), so that a row z times W works.
W_shape = (4, 3)
### END SOLUTION

# %%
check.weight_shape(W_shape)

# %% [markdown]
# ## Question 2: one weighted sum, by hand
# A layer receives $\mathbf{z} = (z_1, z_2, z_3) = (1, 2, -1)$ and has
#
# $$W = \begin{pmatrix} 0.5 & 1 & 0 \\ -1 & 0.5 & 2 \\ 2 & -1 & 1 \end{pmatrix}, \qquad
# \mathbf{b} = (0,\ 0.5,\ -1).$$
#
# Units are numbered from 1, as in the formulas. Predict first, with pencil and paper:
# $u_2 = \sum_j z_j w_{j2} + b_2$. Which entries of $W$ does it use? Then store the number in `u_2` (the
# arrays are below if you want NumPy to confirm it; mind that Python counts from 0).

# %%
z_q2 = np.array([1.0, 2.0, -1.0])
W_q2 = np.array([[0.5, 1.0, 0.0],
                 [-1.0, 0.5, 2.0],
                 [2.0, -1.0, 1.0]])
b_q2 = np.array([0.0, 0.5, -1.0])
### BEGIN SOLUTION
# Unit 2's weighted sum uses column 2 of W (index 1): each received value times its
# weight into unit 2, summed, plus unit 2's own bias.
u_2 = z_q2 @ W_q2[:, 1] + b_q2[1]
### END SOLUTION

# %%
check.weighted_sum(u_2)

# %% [markdown]
# ## Question 3: a dense layer
# Write `dense(Z, W, b)`: the weighted sums of one layer for a whole batch,
#
# $$U = Z W + \mathbf{b}, \qquad u_{nk} = \sum_j z_{nj}\, w_{jk} + b_k \text{ for every sample } n,$$
#
# with `Z` of shape (n_samples, n_in), `W` of shape (n_in, n_out) and `b` of shape (n_out,). Return `U`, of
# shape (n_samples, n_out). The check tries square and non-square `W`, and batches of one and of several rows.

# %%
def dense(Z, W, b):
    ### BEGIN SOLUTION
    # One matrix product does every sample and every unit at once: row n of Z times
    # column k of W is u_nk's sum. Adding b broadcasts the biases over every row.
    return Z @ W + b
    ### END SOLUTION

# %%
check.dense(dense)

# %% [markdown]
# ## Question 4: the sigmoid
# Write `sigmoid(u)`: $\sigma(u) = \dfrac{1}{1 + e^{-u}}$ for every entry of a NumPy array `u` of any shape
# (a vector, or a batch of rows), returning an array of the same shape. Use `np.exp`, which works on whole
# arrays. The check includes $u = \pm 1000$: your function must not return NaN there. (A warning from NumPy
# is acceptable if the value is right; the lesson shows a form that avoids the warning too.)

# %%
def sigmoid(u):
    ### BEGIN SOLUTION
    # e^(-u) overflows for large negative u. Use e^(-|u|), always between 0 and 1,
    # and the sigmoid's two equal forms: 1 / (1 + e^-u) for u >= 0, e^u / (1 + e^u)
    # below 0.
    e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1 / (1 + e), e / (1 + e))
    ### END SOLUTION

# %%
check.sigmoid(sigmoid)

# %% [markdown]
# ## Question 5: forward propagation
# Write `forward(X, layers, activations)`: the prediction of a network for a batch `X` of shape
# (n_samples, n_inputs).
# - `layers` is a list of pairs `(W, b)`, one per layer, in order from the input;
# - `activations` is a list of functions, one per layer, such as `[np.tanh, sigmoid]`.
#
# Each layer computes its weighted sums from the previous layer's output, then applies its activation; the
# last layer's output is the prediction. The check tries networks of one, two and three layers. You may call
# your `dense` from question 3 (if it is not done yet, write `Z @ W + b` directly).

# %%
def forward(X, layers, activations):
    ### BEGIN SOLUTION
    # The input is the first layer's "values": start from X.
    Z = X

    # Each layer in turn: its weighted sums (dense), then its activation; the result
    # feeds the next layer. What comes out of the last layer is the prediction.
    for (W, b), f in zip(layers, activations):
        Z = f(dense(Z, W, b))
    return Z
    ### END SOLUTION

# %%
check.forward(forward)

# %% [markdown]
# ## Question 6: the sigmoid's derivative, derived
# With SymPy, differentiate $\sigma(u) = \dfrac{1}{1 + e^{-u}}$ with respect to `u` (the symbol defined at
# the top). Store the result in `dsigma_du`: an expression in `u`. Any equivalent form is accepted, for
# example SymPy's own result or $\sigma(u)(1 - \sigma(u))$ written out.

# %%
### BEGIN SOLUTION
# Write the sigmoid as a SymPy expression in u and let sp.diff differentiate it.
dsigma_du = sp.diff(1 / (1 + sp.exp(-u)), u)
### END SOLUTION

# %%
check.sigmoid_derivative_symbolic(dsigma_du)

# %% [markdown]
# ## Question 7: tanh's derivative, in terms of its output
# Differentiate $\tanh(u)$ with SymPy (`sp.tanh(u)`), then write the result in terms of the unit's output
# $z = \tanh(u)$: replace every $\tanh(u)$ by the symbol `z` (`.subs(sp.tanh(u), z)`). Store the expression
# in `z` in `dtanh_in_z`. (Written this way, the derivative can be computed from the outputs stored on the way
# forward, which is what backpropagation will do.)

# %%
### BEGIN SOLUTION
# sp.diff gives 1 - tanh(u)^2; replacing tanh(u) by z writes it with the output only,
# which the forward pass has already computed: 1 - z^2.
dtanh_in_z = sp.diff(sp.tanh(u), u).subs(sp.tanh(u), z)
### END SOLUTION

# %%
check.tanh_derivative_in_z(dtanh_in_z)

# %% [markdown]
# ## Question 8: how many parameters?
# A network for 28×28-pixel digit images has 784 inputs, one hidden layer of 32 units and 10 output units
# (784-32-10), every layer dense with its own biases. How many parameters (weights plus biases) does it have?
# Store the number in `n_parameters`.

# %%
### BEGIN SOLUTION
# A dense layer has n_in * n_out weights and n_out biases. Count both layers:
# 784 inputs to 32 hidden units, then 32 hidden units to 10 outputs.
n_parameters = 784 * 32 + 32 + 32 * 10 + 10
### END SOLUTION

# %%
check.parameter_count(n_parameters)

# %% [markdown]
# ## Question 9: ReLU's derivative
# Write `relu_derivative(u)`: the slope of $\text{ReLU}(u) = \max(0, u)$, elementwise: 1 where $u > 0$ and 0
# where $u < 0$. At $u = 0$ exactly ReLU has no derivative; take **0** there, as the libraries do. Return a
# **float** array of the same shape as `u`, even when `u` holds integers (the check tries a vector, a batch
# and an integer array).

# %%
def relu_derivative(u):
    ### BEGIN SOLUTION
    # The slope is 1 where u > 0 and 0 elsewhere (0 at u = 0 too, by convention). The
    # comparison gives booleans; astype(float) makes them the float array asked for.
    return (np.asarray(u) > 0).astype(float)
    ### END SOLUTION

# %%
check.relu_derivative(relu_derivative)

# %% [markdown]
# ## Question 10: the identity's derivative
# A regressor's output layer uses the identity, $z = u$. Write `identity_derivative(u)`: its slope,
# elementwise, as a float array of the same shape as `u` (again for integer `u` too).

# %%
def identity_derivative(u):
    ### BEGIN SOLUTION
    # z = u has slope 1 everywhere: an array of ones of u's shape (float by default).
    return np.ones(np.shape(u))
    ### END SOLUTION

# %%
check.identity_derivative(identity_derivative)

# %% [markdown]
# ## Question 11: why start at random?
# A 2-2-1 network starts with **every** weight equal to 0.5 and every bias 0, and is trained by gradient
# descent for 1000 steps. Predict: after training, are the two hidden units' weights (the two columns of
# `W1`) still identical? Store `True` or `False` in `still_identical`. Think of what each hidden unit
# computes, and so what gradient each one receives, at the first step.

# %%
### BEGIN SOLUTION
# With equal weights, both hidden units compute the same value, so they get the same
# gradient and the same update, step after step: they stay identical forever.
still_identical = True
### END SOLUTION

# %%
check.symmetry_stays(still_identical)

# %% [markdown]
# ## Done?
# Every check above says ✔? Then you can compute a dense layer by hand and in batch form, write an activation
# that survives extreme inputs, run a network forward, and derive the derivatives that learning will need.
# Next: lesson 3, where a loss function measures how wrong the predictions are.
