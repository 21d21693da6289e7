# %% [markdown]
# # Exercise 10: Initialisation and the flow of gradients
#
# The lesson it practises: [`lessons/10_initialisation.ipynb`](../lessons/10_initialisation.ipynb).
#
# Practise what lesson 10 derived and measured: the variance of a weighted sum, He's and Glorot's
# scales (as standard deviations, and drawn from a generator), $\mathbb E[\operatorname{relu}(u)^2]$
# and Glorot's uniform bound in SymPy, the spreads of activations and deltas layer by layer, what
# depth does to a factor per layer, and dead ReLUs. Each question has an **answer cell** (replace
# the `...` or the `raise NotImplementedError` with your answer) and a **check cell** right after
# it: run it and it tells you whether your answer is right, and if not, what looks wrong. Run the
# cells in order; a check never stops the notebook.
#
# **Stuck?** Once a question's check has run on your answer, `check.hint("name")` (the name in its check
# cell, such as `check.hint("init_std")`) shows the next step of a solution in words, one step more each
# time, and `check.solution("init_std")` a worked solution with why each line is there. `check.progress()`
# shows which questions of every exercise pass, from your saved notebooks.

# %%
import numpy as np
import sympy as sp

from nbtools import check
from nbtools.activations import ACTIVATIONS

# %% [markdown]
# ## Question 1: the variance of a weighted sum
# A unit sums 300 inputs, $u = \sum_j w_j z_j$. Its weights are drawn independently, with mean 0 and
# **standard deviation** 0.05; its inputs are independent of the weights, with mean 0.5 and
# **standard deviation** 0.6. What is $\operatorname{Var}(u)$? Store the number in `variance_u`.

# %%
### BEGIN SOLUTION
# Var(u) = n_in Var(w) E[z^2], with variances, not standard deviations.
weight_variance = 0.05 ** 2
# E[z^2] = Var(z) + E[z]^2: the inputs' mean does not cancel.
mean_square = 0.6 ** 2 + 0.5 ** 2
variance_u = 300 * weight_variance * mean_square
### END SOLUTION

# %%
check.sum_variance(variance_u)

# %% [markdown]
# ## Question 2: the scale for a layer
# Write `init_std(activation, n_in, n_out)`: the **standard deviation** of a layer's initial weights,
# He's scale for `"relu"` and Glorot's (Xavier's) for `"tanh"`, for a layer of `n_in` inputs and
# `n_out` units.

# %%
def init_std(activation, n_in, n_out):
    ### BEGIN SOLUTION
    # ReLU passes on half of the variance, E[relu(u)^2] = Var(u)/2, and the sum is over
    # the n_in inputs: He's variance 2/n_in.
    if activation == "relu":
        variance = 2 / n_in
    # tanh is close to the identity near 0: 1/n_in keeps the spread forwards and
    # 1/n_out backwards; Glorot's compromise is 2/(n_in + n_out).
    else:
        variance = 2 / (n_in + n_out)
    # The standard deviation is the square root of the variance.
    return np.sqrt(variance)
    ### END SOLUTION

# %%
check.init_std(init_std)

# %% [markdown]
# ## Question 3: drawing the weights
# Write `init_weights(n_in, n_out, activation, rng)`: a weight matrix of shape `(n_in, n_out)` (a
# NumPy array of float64, as `rng.normal` returns) with mean 0 and the standard deviation of
# question 2 (normal, or any distribution with that variance), drawn from the NumPy generator `rng`
# you are given. Compute the standard deviation here again
# rather than calling your `init_std`, so that this question stands on its own. The check looks at
# the numbers you draw: their shape, their mean and standard deviation (from tens of thousands of
# weights), and whether the same generator state gives the same weights.

# %%
def init_weights(n_in, n_out, activation, rng):
    ### BEGIN SOLUTION
    # He's variance for ReLU, Glorot's for tanh (question 2).
    variance = 2 / n_in if activation == "relu" else 2 / (n_in + n_out)
    # rng.normal takes the standard deviation, the square root of the variance;
    # drawing from rng (not np.random) lets a seed decide the weights.
    return rng.normal(0.0, np.sqrt(variance), size=(n_in, n_out))
    ### END SOLUTION

# %%
check.init_weights(init_weights)

# %% [markdown]
# ## Question 4: what a ReLU keeps, in SymPy
# A weighted sum $u$ is normal with mean 0 and standard deviation $\sigma$. Compute
# $\mathbb E[\operatorname{relu}(u)^2]$ with SymPy (an integral against the normal density) and store
# the expression, in the symbol `sigma` below, in `relu_square_mean`.

# %%
u = sp.Symbol("u", real=True)
sigma = sp.Symbol("sigma", positive=True)
density = sp.exp(-u ** 2 / (2 * sigma ** 2)) / sp.sqrt(2 * sp.pi * sigma ** 2)

# %%
### BEGIN SOLUTION
# relu(u) = 0 for u < 0 and u for u > 0, so relu(u)^2 contributes only on (0, oo).
relu_square_mean = sp.integrate(u ** 2 * density, (u, 0, sp.oo))
### END SOLUTION

# %%
check.relu_mean_square(relu_square_mean)

# %% [markdown]
# ## Question 5: Glorot's uniform bound
# Glorot and Bengio draw weights uniformly on $[-a, a]$, with $a$ chosen so that their variance is
# $2/(n_\text{in} + n_\text{out})$. Find $a$ with SymPy (the variance of the uniform distribution is
# an integral too) and store it, in the symbols below, in `uniform_bound`.

# %%
n_in, n_out = sp.symbols("n_in n_out", positive=True)
a, x = sp.symbols("a x", positive=True)

# %%
### BEGIN SOLUTION
# The uniform density on [-a, a] is 1/(2a); its mean is 0, so its variance is E[x^2].
variance = sp.integrate(x ** 2 / (2 * a), (x, -a, a))
# a^2/3 = 2/(n_in + n_out): solve for the positive a.
uniform_bound = sp.solve(sp.Eq(variance, 2 / (n_in + n_out)), a)[0]
### END SOLUTION

# %%
check.glorot_uniform_bound(uniform_bound)

# %% [markdown]
# ## Question 6: the spreads, layer by layer
# Write `layer_spreads(X, layers, activation, G)`. `X` has shape (n_samples, n_in); `layers` is a
# list of `(W, b)` pairs (`W` of shape (n_in, n_out), as in lesson 2), every layer using the same
# `activation` (`"sigmoid"`, `"tanh"` or `"relu"`; `ACTIVATIONS[activation]` gives the function
# and its derivative, imported above); `G` is the gradient $\partial E/\partial Z$ arriving at the
# last layer's output. Run the forward pass, then lesson 5's backward pass for the deltas
# $\delta = \partial E/\partial u$ of every layer. Return a tuple of two NumPy arrays, one number a
# layer, first layer first: the standard deviation of each layer's activations $z = f(u)$, and that
# of each layer's deltas, each over every sample and unit (`np.std` of the whole array).

# %%
def layer_spreads(X, layers, activation, G):
    ### BEGIN SOLUTION
    f, f_derivative = ACTIVATIONS[activation]
    # Forwards: keep every layer's sums u (for the slopes) and outputs z.
    Z, U = X, []
    activation_spreads = []
    for W, b in layers:
        U.append(Z @ W + b)
        Z = f(U[-1])
        activation_spreads.append(np.std(Z))
    # Backwards from G: each delta is dE/dz times the slope f'(u) at its own layer;
    # dE/dz of the layer below is delta W^T.
    delta_spreads = []
    dE_dZ = G
    for (W, b), U_layer in zip(reversed(layers), reversed(U)):
        delta = dE_dZ * f_derivative(U_layer)
        delta_spreads.append(np.std(delta))
        dE_dZ = delta @ W.T
    # The deltas came last layer first: reverse them.
    return np.array(activation_spreads), np.array(delta_spreads[::-1])
    ### END SOLUTION

# %%
check.layer_spreads(layer_spreads)

# %% [markdown]
# ## Question 7: sixteen ReLU layers at Glorot's scale
# A network has 16 square ReLU layers, initialised with Glorot's scale ($\operatorname{Var}(w) =
# 1/n$ for square layers). By what factor is the **standard deviation** of the deltas at layer 1
# multiplied compared with layer 16's (on average over the random weights)? Store the number in
# `shrink`.

# %%
### BEGIN SOLUTION
# Each layer multiplies the deltas' variance by n_out Var(w) E[f'(u)^2] = 1 * 1/2,
# their standard deviation by 1/sqrt(2); from layer 16 down to layer 1 they cross 15.
shrink = (1 / np.sqrt(2)) ** 15
### END SOLUTION

# %%
check.relu_glorot_shrink(shrink)

# %% [markdown]
# ## Question 8: eight sigmoid slopes
# A path from the loss back to a weight of the first layer of an 8-layer sigmoid network picks up one
# slope $\sigma'(u)$ in each layer. What is the largest their product can be? Store the number in
# `largest_product`.

# %%
### BEGIN SOLUTION
# sigma'(u) = sigma(u)(1 - sigma(u)) is largest at u = 0, where it is 1/4;
# the chain rule multiplies the eight of them.
largest_product = 0.25 ** 8
### END SOLUTION

# %%
check.sigmoid_slope_product(largest_product)

# %% [markdown]
# ## Question 9: dead units
# Write `dead_units(X, W, b)`: for a ReLU layer `(W, b)` and the data `X` (shape (n_samples, n_in)),
# a boolean NumPy array with one entry a unit (shape (n_out,)), True where the unit is dead: its
# weighted sum $u \le 0$ for every sample (ReLU's slope at 0 is 0, as in the libraries).

# %%
def dead_units(X, W, b):
    ### BEGIN SOLUTION
    # Every sample's weighted sums, one column a unit.
    U = X @ W + b
    # Dead: no sample makes the unit positive, so no gradient ever passes through it.
    return np.all(U <= 0, axis=0)
    ### END SOLUTION

# %%
check.dead_units(dead_units)

# %% [markdown]
# ## Question 10: `init_layer` on unstandardised inputs
# Lesson 7's `init_layer` draws weights with standard deviation $1/\sqrt{n_\text{in}}$. The inputs of
# a first layer are not standardised: each has mean 0.6 and standard deviation 0.3. What is the
# standard deviation of the first layer's weighted sums (biases 0)? Store the number in
# `first_spread`.

# %%
### BEGIN SOLUTION
# Var(u) = n_in Var(w) E[x^2] = E[x^2] with Var(w) = 1/n_in,
# and E[x^2] = Var(x) + E[x]^2.
mean_square_x = 0.3 ** 2 + 0.6 ** 2
# The standard deviation is its square root: the inputs' root mean square.
first_spread = np.sqrt(mean_square_x)
### END SOLUTION

# %%
check.first_layer_spread(first_spread)

# %% [markdown]
# ## Done?
# Every check above says ✔? Then you can choose and draw a layer's initial weights for its
# activation, say why, and measure how a deep network's activations and gradients fare from there.
