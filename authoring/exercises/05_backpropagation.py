# %% [markdown]
# # Exercise 5: Backpropagation
#
# The lesson it practises: [`lessons/05_backpropagation.ipynb`](../lessons/05_backpropagation.ipynb).
#
# Practise what lesson 5 derived: deltas by hand on a small network, one gradient symbolically, then the
# backward pass of one layer and of a whole network, for a batch and any depth. Each question has an
# **answer cell** (replace the `...` or the `raise NotImplementedError` with your answer) and a **check
# cell** right after it: run it and it tells you whether your answer is right, and if not, what looks wrong.
# Run the cells in order; a check never stops the notebook, so you can skip a question and come back.
#
# The conventions of the lessons hold: a batch has **one sample per row**; `W` has shape (n_in, n_out), with
# $w_{jk}$ joining unit $j$ to unit $k$; the loss is the workbook's mean squared error (lesson 3), which for
# one sample with one output is $E = (\hat y - y)^2$. The functions you write are checked on **fresh random
# networks** every time you run the check, against the workbook's reference backward pass.
#
# **Stuck?** Once a question's check has run on your answer, `check.hint("name")` (the name in its check
# cell, such as `check.hint("output_delta")`) shows the next step of a solution in words, one step more each
# time, and `check.solution("output_delta")` a worked solution with why each line is there. `check.progress()`
# shows which questions of every exercise pass, from your saved notebooks.

# %%
import numpy as np
import sympy as sp

from nbtools import check
from nbtools.activations import ACTIVATIONS, sigmoid

# %% [markdown]
# ## The network of questions 1 to 3
# A 2-2-1 network with sigmoid activations in both layers, like the lesson's but with its own numbers: one
# input $\mathbf{x} = (1, -0.5)$ with the target $y = 0$. The forward pass is done for you.

# %%
x = np.array([1.0, -0.5])                # x_i
y = 0.0                                  # the target
W1 = np.array([[0.3, -0.6],
               [0.8, 0.1]])              # w_ij: input i -> hidden j, shape (2, 2)
b1 = np.array([-0.2, 0.4])               # b_j
W2 = np.array([[-0.9],
               [0.5]])                   # w_jk: hidden j -> output k, shape (2, 1)
b2 = np.array([0.3])                     # b_k

u_hidden = x @ W1 + b1                   # u_j, shape (2,)
z_hidden = sigmoid(u_hidden)             # z_j, shape (2,)
u_out = z_hidden @ W2[:, 0] + b2[0]      # u_k, a number
y_hat = sigmoid(u_out)                   # the prediction, a number
print("u_hidden", u_hidden.round(6), " z_hidden", z_hidden.round(6))
print(f"u_out {u_out:.6f}  y_hat {y_hat:.6f}  E {(y_hat - y) ** 2:.6f}")

# %% [markdown]
# ## Question 1: the output delta
# Compute $\delta_k = \frac{\partial E}{\partial u_k}$ for this network and store the number in
# `output_delta`. (Which two local derivatives does it multiply?) Computed from the arrays above or by hand from
# the printed values, 4 significant digits are enough: the check compares to 4.

# %%
### BEGIN SOLUTION
# delta_k = dE/du_k = dE/dy_hat * dy_hat/du_k: the squared error's 2 (y_hat - y)
# times the sigmoid's slope, written with its output y_hat (1 - y_hat).
output_delta = 2 * (y_hat - y) * y_hat * (1 - y_hat)
### END SOLUTION

# %%
check.output_delta(output_delta)

# %% [markdown]
# ## Question 2: the hidden deltas
# Compute both hidden deltas $\delta_j = \frac{\partial E}{\partial u_j}$ and store them in `hidden_deltas`,
# a NumPy array of shape (2,): $(\delta_1, \delta_2)$. You may use `output_delta` and the arrays above; as in
# question 1, 4 significant digits are enough.

# %%
### BEGIN SOLUTION
# A hidden unit's delta: the output delta, passed back along the unit's own weight
# into the output, times the unit's sigmoid slope z (1 - z).
hidden_deltas = output_delta * W2[:, 0] * z_hidden * (1 - z_hidden)
### END SOLUTION

# %%
check.hidden_deltas(hidden_deltas)

# %% [markdown]
# ## Question 3: the first layer's weight gradients
# Store $\frac{\partial E}{\partial W^{(1)}}$ in `dE_dW1`: a NumPy array of the shape of `W1`, (2, 2), whose
# entry in row $i$, column $j$ is $\frac{\partial E}{\partial w_{ij}}$ (to 4 significant digits, like the
# deltas it is built from).

# %%
### BEGIN SOLUTION
# dE/dw_ij = (what enters the weight, x_i) times (the delta of the unit it feeds,
# delta_j): an outer product, with rows for inputs and columns for units, as W1.
dE_dW1 = np.outer(x, hidden_deltas)
### END SOLUTION

# %%
check.first_layer_weight_gradient(dE_dW1)

# %% [markdown]
# ## Question 4: one gradient, symbolically
# Now without deltas. The symbols below stand for the nine parameters and for the input and target (the
# output layer's weights are $w_{1k}, w_{2k}$ and its bias $b_k$, as in the lesson). Build $E$ for the 2-2-1
# sigmoid network as one SymPy expression, then store $\frac{\partial E}{\partial w_{21}}$ in
# `dE_dw21_symbolic`: an expression in these symbols, not yet with numbers put in. ($w_{21}$ joins input 2 to
# hidden unit 1.) If you like, substitute the numbers of the network above afterwards
# (`dE_dw21_symbolic.subs({...})`): you should get entry `[1, 0]` of your `dE_dW1`.

# %%
w_11, w_12, w_21, w_22, b_1, b_2, w_1k, w_2k, b_k = sp.symbols(
    "w_11 w_12 w_21 w_22 b_1 b_2 w_1k w_2k b_k"
)
x_1, x_2, y_symbol = sp.symbols("x_1 x_2 y")

# %%
### BEGIN SOLUTION
# Build the network forwards as one expression: the two hidden units...
z_1 = 1 / (1 + sp.exp(-(x_1 * w_11 + x_2 * w_21 + b_1)))
z_2 = 1 / (1 + sp.exp(-(x_1 * w_12 + x_2 * w_22 + b_2)))

# ...the output unit, fed by them...
y_hat_expression = 1 / (1 + sp.exp(-(z_1 * w_1k + z_2 * w_2k + b_k)))

# ...then the squared error, differentiated directly: SymPy applies the chain rule.
dE_dw21_symbolic = sp.diff((y_hat_expression - y_symbol) ** 2, w_21)
### END SOLUTION

# %%
check.symbolic_weight_gradient(dE_dw21_symbolic)

# %% [markdown]
# ## Question 5: one layer backwards
# Write `sigmoid_layer_backward(dE_dZ, U, Z_prev, W)` for one dense layer followed by a sigmoid, on a
# batch. It receives
# - `dE_dZ`, shape (n_samples, n_out): the derivative of the loss with respect to this layer's outputs
#   $Z = \sigma(U)$ (for the output layer, the loss's gradient; it already contains the mean's $\frac1n$);
# - `U`, shape (n_samples, n_out): the layer's weighted sums; `Z_prev`, shape (n_samples, n_in): what the
#   layer received; `W`, shape (n_in, n_out): its weights,
#
# and returns the tuple `(dE_dW, dE_db, dE_dZ_prev)`: the two gradients it stores (shapes (n_in, n_out) and
# (n_out,)) and the derivative it passes back to the layer below (shape (n_samples, n_in)). `sigmoid` is
# imported above. Do not change the arrays you receive.

# %%
def sigmoid_layer_backward(dE_dZ, U, Z_prev, W):
    ### BEGIN SOLUTION
    # The layer's outputs and its deltas: dE/dU = dE/dZ times the sigmoid's slope.
    Z = sigmoid(U)
    delta = dE_dZ * Z * (1 - Z)

    # Weights: what entered (Z_prev) times the deltas, summed over the batch by the
    # product; biases: the deltas summed over the batch; passed back: deltas times W^T.
    return Z_prev.T @ delta, delta.sum(axis=0), delta @ W.T
    ### END SOLUTION

# %%
check.sigmoid_layer_backward(sigmoid_layer_backward)

# %% [markdown]
# ## Question 6: the whole backward pass
# Write `backward_pass(X, Y, layers, activations)`: the gradients of the MSE (the mean of
# $(\hat Y - Y)^2$ over **every** entry of `Y`) for a dense network of any depth, on a batch.
# - `X`: shape (n_samples, n_inputs); `Y`: shape (n_samples, n_outputs);
# - `layers`: a list of pairs `(W, b)`, first layer first;
# - `activations`: a list of activation names, one per layer, e.g. `["tanh", "sigmoid", "identity"]`.
#   `ACTIVATIONS[name]` (imported above) is the pair `(f, f_derivative)`, both functions of `U`.
#
# Return a list with one pair `(dE_dW, dE_db)` per layer, **in the order of `layers`**. Run the forward pass
# yourself, keeping every `U` and `Z`.

# %%
def backward_pass(X, Y, layers, activations):
    ### BEGIN SOLUTION
    # Forwards, keeping every layer's weighted sums U and values Z (Z[0] is X).
    Z, U = [X], []
    for (W, b), name in zip(layers, activations):
        U.append(Z[-1] @ W + b)
        Z.append(ACTIVATIONS[name][0](U[-1]))

    # The MSE's gradient: the mean runs over every entry of Y, hence Y.size.
    dE_dZ = 2 * (Z[-1] - Y) / Y.size

    # Backwards, last layer first: the deltas, this layer's two gradients, and what is
    # passed back to the layer before (delta times W^T).
    gradients = []
    for l in reversed(range(len(layers))):
        delta = dE_dZ * ACTIVATIONS[activations[l]][1](U[l])
        gradients.append((Z[l].T @ delta, delta.sum(axis=0)))
        dE_dZ = delta @ layers[l][0].T

    # Collected last layer first: reverse to the order of the layers.
    return gradients[::-1]
    ### END SOLUTION

# %%
check.backward_pass(backward_pass)

# %% [markdown]
# ## Question 7: predict a shape
# A 784-32-10 network (784 inputs, 32 hidden units, 10 outputs) receives a batch of 64 images. Predict,
# without running anything: what is the shape of $\frac{\partial E}{\partial W^{(2)}}$, the gradient of the
# second layer's weights? Store it in `dE_dW2_shape` as a tuple `(rows, columns)`.

# %%
### BEGIN SOLUTION
# A gradient has the shape of what it differentiates: W2 joins 32 hidden units to
# 10 outputs, (32, 10), whatever the batch size (the product sums over it).
dE_dW2_shape = (32, 10)
### END SOLUTION

# %%
check.weight_gradient_shape(dE_dW2_shape)

# %% [markdown]
# ## Question 8: why backwards pays
# A 4-8-8-8-1 network: 4 inputs, three hidden layers of 8 units, one output. A weight $w_{ij}$ of the first
# layer enters unit $j$ of the first hidden layer. Computed on its own, by the chain rule written out,
# $\frac{\partial E}{\partial w_{ij}}$ is a sum with one term for every path from unit $j$ to the output
# (through one unit of each later layer). How many terms is that? Store the number in `path_count`. (The
# backward pass needs none of these sums: the delta of unit $j$ already contains all of them.)

# %%
### BEGIN SOLUTION
# From unit j, a path picks one of 8 units in the second hidden layer and one of 8
# in the third, then reaches the single output: 8 * 8 paths.
path_count = 8 * 8
### END SOLUTION

# %%
check.chain_rule_paths(path_count)

# %% [markdown]
# ## Question 9: a gradient check of your own
# Lesson 5 checks every gradient by finite differences. Write `central_difference_gradient(loss, W, h)`: `loss`
# is a function of a weight matrix `W` that returns a number; return the array, of the shape of `W`, whose entry
# $(i, j)$ is the central difference
# $$\frac{\text{loss}(W + h\,E_{ij}) - \text{loss}(W - h\,E_{ij})}{2h},$$
# where $E_{ij}$ is 1 at $(i, j)$ and 0 elsewhere: nudge one entry at a time, and leave `W` itself unchanged.
# Question 10 then compares such a gradient with backpropagation's.

# %%
def central_difference_gradient(loss, W, h):
    ### BEGIN SOLUTION
    # One entry at a time: a step of h in that entry only.
    gradient = np.zeros(W.shape)
    for index in np.ndindex(W.shape):
        step = np.zeros(W.shape)
        step[index] = h

        # W + step and W - step are new arrays: W itself is never changed.
        gradient[index] = (loss(W + step) - loss(W - step)) / (2 * h)
    return gradient
    ### END SOLUTION

# %%
check.central_difference_gradient(central_difference_gradient)

# %% [markdown]
# ## Question 10: how far apart are two gradients?
# Backpropagation gives a gradient `a`, finite differences give `b`, both arrays of the same shape. Write
# `relative_error(a, b, floor)`: for every entry, the relative error with an absolute floor,
# $$\frac{|a - b|}{\max(|a| + |b|,\ \text{floor})},$$
# returned as an array of the shape of `a`. Dividing by $|a| + |b|$ makes it scale-free: $10^{-3}$ means "agree
# to about 3 digits" for gradients of size 100 as of size $10^{-5}$. The floor is for gradients that are both
# about 0: backpropagation's exact 0 against a finite difference of $3 \times 10^{-12}$ (its rounding noise)
# would otherwise score $1$, total disagreement, and two exact zeros $0/0$. With `floor = 1e-8` that pair scores
# $3 \times 10^{-4}$. The check tries arrays of several shapes and floors, gradients of both signs, and two
# exact zeros.

# %%
def relative_error(a, b, floor):
    ### BEGIN SOLUTION
    # |a - b| over |a| + |b|, but never over less than the floor, entry by entry
    # (np.maximum, not max, which would take one number for the whole array).
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)
    ### END SOLUTION

# %%
check.relative_error_with_floor(relative_error)

# %% [markdown]
# ## Done?
# Every check above says ✔? Then you can compute deltas and gradients by hand, confirm a gradient
# symbolically, write the backward pass of any dense network, and check it against finite differences.
# From lesson 6 on, the workbook uses `nbtools.backprop` for it, and spends the gradients on learning:
# gradient descent, SGD and momentum.
