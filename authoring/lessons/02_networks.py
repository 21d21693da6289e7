# %% [markdown]
# # Lesson 2: A network is a function made of functions
#
# Lesson 1 found the best value of one number by following a derivative. A neural network has many numbers
# to tune, its *weights* and *biases*, and before we can tune them we need to know exactly what they do.
# This lesson builds a network from two small pieces, a weighted sum and an activation, and runs it forward
# from input to prediction: by hand for one input, every number shown, then for a whole batch at once.
#
# **You will:**
# 1. say what supervised learning asks of a network, and write its data as arrays with explicit shapes;
# 2. compute a dense layer $u_k = \sum_j z_j w_{jk} + b_k$, first unit by unit, then as $U = ZW + b$;
# 3. derive the derivatives of sigmoid, tanh, ReLU and identity with SymPy and plot them;
# 4. propagate an input forward through a 2-3-1 network by hand, then a batch through the same network;
# 5. see why the weights must start random (equal units stay equal forever) and what the universal
#    approximation theorem does and does not promise;
# 6. hand over to the versions in `nbtools`, which the later lessons use.

# %% [markdown]
# ## Setup
# NumPy for arrays, SymPy (as `sp`) for the derivations, matplotlib for the pictures. From `nbtools` we take
# nothing yet but an explorer to drag: this lesson writes its own pieces, and compares them with the
# package's at the end.

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

sp.init_printing(use_latex="mathjax")
u, z = sp.symbols("u z")

# %% [markdown]
# ## Supervised learning: learning from labelled examples
# In *supervised learning* we are given examples of inputs together with the output we want for each, the
# **labels**: pairs $(\mathbf{x}, \mathbf{y})$. The collection of pairs we learn from is the **training set**.
# The goal is *not* to reproduce the training set (a lookup table would do that) but to **generalise**: to
# give good outputs for inputs the network has never seen.
#
# A small example that this lesson comes back to: points $(x_1, x_2)$ in a square, labelled $1$ if they lie
# inside the circle of radius 1 and $0$ if not. The network is never told about circles; it sees only the
# points and their labels. The first twelve training pairs, one per row: $x_1$, $x_2$ and the label $y$.

# %%
def inside_circle(X):
    """The labels: 1.0 for the rows of X (shape (n, 2)) inside the unit circle, else
    0.0; shape (n, 1)."""
    return (np.sum(X**2, axis=1, keepdims=True) < 1).astype(float)


rng = np.random.default_rng(0)
X_train = rng.uniform(-2, 2, size=(200, 2))
Y_train = inside_circle(X_train)
np.column_stack([X_train, Y_train])[:12].round(3)

# %% [markdown]
# ### Shapes made explicit
# Every input is a **vector**: here $\mathbf{x} = (x_1, x_2)$, two numbers (two *features*). Every output is
# a vector too, here with one number. A batch of inputs is a matrix with **one sample per row**:
# `X_train` has shape (n_samples, n_features) and `Y_train` has shape (n_samples, n_outputs). The workbook
# keeps this convention everywhere. To test generalisation we keep a second set of points, drawn the same
# way, that is never used for learning: the **test set**.

# %%
X_test = rng.uniform(-2, 2, size=(100, 2))
Y_test = inside_circle(X_test)
print("X_train", X_train.shape, " Y_train", Y_train.shape)
print("X_test ", X_test.shape, " Y_test ", Y_test.shape)
print("fraction of training points inside the circle:", Y_train.mean())

# %% [markdown]
# ## A layer: weighted sums
# A network is made of *units* (neurons) arranged in layers. Each unit $k$ of a layer receives the values
# $z_1, \dots, z_{n_{\text{in}}}$ that the previous layer passes on, multiplies each by a weight, adds them up
# and adds its own bias:
#
# $$u_k = \sum_{j=1}^{n_\text{in}} z_j\, w_{jk} + b_k.$$
#
# The weight $w_{jk}$ sits on the connection **from unit $j$ to unit $k$**. Collect the weights in a matrix
# $W$ of shape $(n_\text{in}, n_\text{out})$, with $w_{jk}$ in row $j$ and column $k$, and the biases in a
# vector $\mathbf{b}$ of length $n_\text{out}$. Then all the sums of a layer are one vector-matrix product:
#
# $$\mathbf{u} = \mathbf{z} W + \mathbf{b}, \qquad \text{shapes: } (n_\text{in}) \cdot (n_\text{in}, n_\text{out}) + (n_\text{out}) \to (n_\text{out}).$$
#
# Column $k$ of $W$ holds the weights *reaching* unit $k$; row $j$ holds the weights *leaving* unit $j$.
# This layer is called *dense* (or fully connected): every unit $j$ is connected to every unit $k$.
#
# **The index convention.** The workbook always uses $i$ for input units, $j$ for hidden units and $k$ for
# output units. $x_i$ is an input, $u_j$ and $u_k$ are weighted sums, $z_j$ is the value hidden unit $j$
# passes on, $w_{ij}$ joins input $i$ to hidden unit $j$, and $w_{jk}$ joins hidden unit $j$ to output $k$.
#
# One layer from 3 units to 2, computed unit by unit with the sum exactly as written:

# %%
z_in = np.array([1.0, 2.0, -1.0])        # the values of 3 units, j = 1, 2, 3
W = np.array([[0.5, 1.0],
              [-1.0, 0.5],
              [2.0, -1.0]])              # shape (3, 2): row j, column k
b = np.array([0.5, -0.5])                # one bias per receiving unit k

for k in range(W.shape[1]):
    terms = " + ".join(f"({z_in[j]:g})({W[j, k]:g})" for j in range(W.shape[0]))
    u_k = sum(z_in[j] * W[j, k] for j in range(W.shape[0])) + b[k]
    print(f"u_{k + 1} = {terms} + ({b[k]:g}) = {u_k:g}")

# %% [markdown]
# The same two numbers as one matrix product, `z_in @ W + b`:

# %%
z_in @ W + b

# %% [markdown]
# **Get it right.** $u_k$ is a weighted **sum**, not a weighted average: nothing divides by $n_\text{in}$
# and the weights need not add up to 1; they can be large, small or negative. Here unit 1's weights add up
# to $0.5 - 1 + 2 = 1.5$, and dividing the sum by the 3 inputs would give a different number, a different
# layer. How large the sums grow with many inputs is kept in check by how the weights are *initialised*
# (below), not by averaging.

# %%
weighted_sum = z_in @ W[:, 0] + b[0]
divided_by_n_in = z_in @ W[:, 0] / len(z_in) + b[0]
weighted_sum, divided_by_n_in

# %% [markdown]
# ### A batch: one row per sample
# For a batch, stack the inputs as the rows of a matrix $Z$ of shape $(n_\text{samples}, n_\text{in})$.
# One matrix product computes every sum of every sample:
#
# $$U = Z W + \mathbf{b}, \qquad (n_\text{samples}, n_\text{in}) \cdot (n_\text{in}, n_\text{out}) \to (n_\text{samples}, n_\text{out}).$$
#
# The bias vector is added to every row (NumPy *broadcasts* it). That is the whole dense layer:

# %%
def dense(Z, W, b):
    """Weighted sums of one layer, U = Z W + b. Z: (n_samples, n_in), W: (n_in, n_out),
    b: (n_out,)."""
    return Z @ W + b


Z_batch = np.array([[1.0, 2.0, -1.0],
                    [0.0, 1.0, 0.0],
                    [3.0, -1.0, 0.5],
                    [0.0, 0.0, 0.0]])
dense(Z_batch, W, b)

# %% [markdown]
# Row 1 repeats the single sample's sums. Row 2 is a sample with a single non-zero value,
# $z_2 = 1$, so it picks out row 2 of $W$ plus the bias. Row 4 is all zeros: only the bias remains.
# Writing `Z @ W.T` or `W @ Z` instead is a classic slip. `Z @ W.T` multiplies $(n_\text{samples},
# n_\text{in})$ by $(n_\text{out}, n_\text{in})$: NumPy refuses unless $W$ is square, and then silently computes
# something else. `W @ Z` is worse: $(n_\text{in}, n_\text{out})$ by $(n_\text{samples}, n_\text{in})$ runs
# whenever the batch size happens to equal $n_\text{out}$, and returns an $(n_\text{in}, n_\text{in})$ matrix
# that means nothing. Here $W$ is $(3, 2)$: a batch of 4 fails both ways, a batch of 2 slips through `W @ Z`.

# %%
for Z_try in [Z_batch, Z_batch[:2]]:
    for name, product in [
        ("Z @ W.T", lambda: Z_try @ W.T),
        ("W @ Z", lambda: W @ Z_try),
    ]:
        try:
            shape = product().shape
            print(f"batch of {len(Z_try)}: {name:<8} runs, shape {shape}")
        except ValueError:
            print(f"batch of {len(Z_try)}: {name:<8} refused (shapes do not fit)")
print(
    f"batch of 2: Z @ W + b  gives shape {dense(Z_batch[:2], W, b).shape}, the right "
    f"one"
)

# %% [markdown]
# ## Activations, and their derivatives derived
# A weighted sum is a *linear* function (plus a constant). After it, every unit applies an **activation**
# $f$, a fixed function of one number: $z_k = f(u_k)$. Four are common:
#
# | name | $f(u)$ | range |
# |---|---|---|
# | sigmoid | $\sigma(u) = \dfrac{1}{1 + e^{-u}}$ | $(0, 1)$ |
# | tanh | $\tanh(u) = \dfrac{e^u - e^{-u}}{e^u + e^{-u}}$ | $(-1, 1)$ |
# | ReLU | $\max(0, u)$ | $[0, \infty)$ |
# | identity | $u$ | all numbers |
#
# Learning (lesson 5) needs each one's derivative $\frac{dz}{du}$. We derive them with SymPy, starting
# with the sigmoid:

# %%
sigma = 1 / (1 + sp.exp(-u))
dsigma = sp.diff(sigma, u)
dsigma

# %% [markdown]
# By the chain rule: the outer function $(\cdot)^{-1}$ gives $-(1 + e^{-u})^{-2}$, the inner one
# $1 + e^{-u}$ gives $-e^{-u}$, and the two minus signs cancel. This is the same function as
# $\sigma(u)\,(1 - \sigma(u))$: their difference simplifies to 0.

# %%
sp.simplify(dsigma - sigma * (1 - sigma))

# %% [markdown]
# So if a unit's output is $z = \sigma(u)$, its derivative is $z(1 - z)$, computed from the output alone.
# SymPy confirms it: write $e^{-u}$ in terms of $z$ (from $z = 1/(1 + e^{-u})$, $e^{-u} = 1/z - 1$) and
# simplify.

# %%
sp.simplify(dsigma.subs(sp.exp(-u), 1 / z - 1))

# %% [markdown]
# **Get it right.** The sigmoid's derivative is $\frac{dz_j}{du_j} = z_j(1 - z_j)$: the derivative of the
# output with respect to the weighted sum $u_j$, *written in terms of* the output $z_j$ (it is not a
# derivative with respect to $z_j$); and the sign inside is a minus: $z_j(1 - z_j)$, not $z_j(1 + z_j)$. Its
# largest value is $\frac14$, at $u = 0$, where $z = \frac12$. SymPy confirms it: the only zero of the
# derivative's own derivative is $u = 0$, where $\sigma'(0) = \frac14$, and on a fine grid of $u$ from $-10$
# to $10$ no value exceeds it.

# %%
critical_u = sp.solve(sp.diff(dsigma, u), u)
dsigma_numeric = sp.lambdify(u, dsigma, "numpy")
grid_u = np.linspace(-10, 10, 20001)
critical_u, dsigma.subs(u, 0), dsigma_numeric(grid_u).max(), grid_u[
    dsigma_numeric(grid_u).argmax()
]

# %% [markdown]
# The tanh's derivative comes out in the same style, in terms of its own output: $1 - \tanh^2(u)$, so
# $1 - z^2$.

# %%
sp.diff(sp.tanh(u), u)

# %% [markdown]
# ReLU has a kink at 0. Its derivative is 0 for $u < 0$ and 1 for $u > 0$, a step (SymPy's `Heaviside`);
# exactly at $u = 0$ there is no derivative and code picks a value (`nbtools` uses 0). The identity's
# derivative is 1 everywhere.

# %%
relu_symbolic = sp.Max(0, u)
sp.diff(relu_symbolic, u), sp.diff(u, u)

# %% [markdown]
# ### The same functions in NumPy
# For arrays we write each activation and its derivative (using the formulas just derived) as NumPy
# functions. They work elementwise on a NumPy array of any shape: a vector or a whole batch.
#
# The sigmoid needs one precaution. Written as `1 / (1 + np.exp(-u))`, at $u = -1000$ NumPy must compute
# $e^{1000}$, which is larger than the largest float64 (about $1.8 \times 10^{308}$): it overflows to
# infinity with a warning, and $1/\infty = 0$ happens to be the right answer. The equal form
# $\frac{e^{u}}{1 + e^{u}}$ is worse: at $u = 1000$ it computes $\infty / \infty$, which is NaN.

# %%
extreme = np.array([-1000.0, 0.0, 1000.0])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print("1 / (1 + e^-u):    ", 1 / (1 + np.exp(-extreme)))
    print("e^u / (1 + e^u):   ", np.exp(extreme) / (1 + np.exp(extreme)))
print("warnings:", sorted({str(warning.message) for warning in caught}))

# %% [markdown]
# A form that never overflows uses $e^{-|u|} \le 1$: for $u \ge 0$ it is $\frac{1}{1 + e^{-u}}$ as usual,
# and for $u < 0$ we multiply top and bottom by $e^{u}$ to get $\frac{e^{u}}{1 + e^{u}} =
# \frac{e^{-|u|}}{1 + e^{-|u|}}$, where $e^{u}$ is now small. SymPy confirms that this second branch is still
# exactly the sigmoid:

# %%
sp.simplify(sp.exp(u) / (1 + sp.exp(u)) - sigma)

# %% [markdown]
# The NumPy activations and derivatives. Each derivative sits next to its function, as a reminder that
# learning needs both.

# %%
def sigmoid(u):
    e = np.exp(-np.abs(u))                       # e <= 1: cannot overflow
    return np.where(u >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(u):
    z = sigmoid(u)
    return z * (1 - z)


def tanh(u):
    return np.tanh(u)


def tanh_derivative(u):
    return 1 - np.tanh(u) ** 2


def relu(u):
    return np.maximum(u, 0.0)


def relu_derivative(u):
    return (u > 0).astype(float)                 # 0 at the kink u = 0


def identity(u):
    return u


def identity_derivative(u):
    return np.ones_like(u)


sigmoid(extreme)

# %% [markdown]
# Are the NumPy derivatives the derivatives SymPy derived? `lambdify` turns each SymPy result into a NumPy
# function. On 801 points from $-4$ to $4$, leaving out $u = 0$ (ReLU's kink, where there is no derivative
# to compare), the largest differences are:

# %%
us = np.linspace(-4, 4, 801)
away_from_kink = us != 0
derived = {
    "sigmoid": (sp.lambdify(u, dsigma), sigmoid_derivative),
    "tanh": (sp.lambdify(u, sp.diff(sp.tanh(u), u)), tanh_derivative),
    "relu": (sp.lambdify(u, sp.diff(relu_symbolic, u)), relu_derivative),
    "identity": (sp.lambdify(u, sp.diff(u, u)), identity_derivative),
}
for name, (from_sympy, from_numpy) in derived.items():
    difference = np.abs(from_sympy(us) - from_numpy(us))[away_from_kink].max()
    print(f"{name:<9} largest difference: {difference:.1e}")

# %% [markdown]
# Each activation above its derivative. The sigmoid and tanh flatten out for large $|u|$, so their
# derivatives shrink towards 0 there (the sigmoid's is never above $\frac14$, the tanh's peaks at 1);
# ReLU's derivative is 0 or 1; the identity's is 1.

# %%
activations = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "ReLU": (relu, relu_derivative),
    "identity": (identity, identity_derivative),
}
fig, axes = plt.subplots(2, 4, figsize=(14, 5.5), sharex=True)
for column, (name, (f, f_derivative)) in enumerate(activations.items()):
    axes[0, column].plot(us, f(us), color="tab:blue")
    axes[0, column].set_title(f"{name}: z = f(u)")
    axes[0, column].set_ylim(-1.5, 2.5)
    # u = 0 is left out (a gap in the line), so ReLU's jump is not drawn as a vertical
    # line
    axes[1, column].plot(
        us, np.where(away_from_kink, f_derivative(us), np.nan), color="tab:orange"
    )
    axes[1, column].set_title(f"{name}: dz/du")
    axes[1, column].set_ylim(-0.1, 1.2)
    axes[1, column].set_xlabel("u")
for ax in axes.ravel():
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.axvline(0, color="grey", linewidth=0.5)
fig.tight_layout()
plt.show()

# %% [markdown]
# *Figure, in words:* Eight small charts in two rows, one column per activation (sigmoid, tanh, ReLU,
# identity). Top row: z = f(u) for u from -4 to 4: the sigmoid's S from 0 to 1, tanh's S from -1 to 1, ReLU
# flat at 0 then rising, the identity a straight line. Bottom row: their slopes dz/du: a bump peaking at 0.25
# (sigmoid), a bump peaking at 1 (tanh), a step from 0 to 1 (ReLU), a constant 1 (identity).

# %% [markdown]
# ## Forward propagation, by hand
# A network alternates the two pieces: dense layer, activation, dense layer, activation, ... The output of
# the last activation is the network's prediction $\hat{y}$. Computing it from the input, layer after
# layer, is **forward propagation**.
#
# Our first network has 2 inputs, 3 hidden units and 1 output (a *2-3-1* network), with sigmoid
# activations in both layers. Its parameters, written down by hand so you can follow every number:
# $W^{(1)}$ of shape $(2, 3)$ joins the inputs $i$ to the hidden units $j$, $W^{(2)}$ of shape $(3, 1)$ joins
# the hidden units $j$ to the output $k$.

# %%
W1 = np.array([[0.5, -1.0, 0.25],
               [-0.5, 0.5, 1.0]])        # w_ij: input i -> hidden j, shape (2, 3)
b1 = np.array([0.0, 0.5, -1.0])          # b_j, shape (3,)
W2 = np.array([[1.0],
               [-2.0],
               [0.5]])                   # w_jk: hidden j -> output k, shape (3, 1)
b2 = np.array([0.25])                    # b_k, shape (1,)
x = np.array([1.0, 2.0])                 # one input, x_1 = 1, x_2 = 2

# %% [markdown]
# **The hidden layer.** Each hidden unit $j$ computes $u_j = \sum_i x_i w_{ij} + b_j$ and passes on
# $z_j = \sigma(u_j)$. A loop over the units, printing every term (units numbered from 1 as in the
# formulas; Python's indices start at 0):

# %%
z_hidden = np.zeros(3)
for j in range(3):
    terms = " + ".join(f"({x[i]:g})({W1[i, j]:g})" for i in range(2))
    u_j = sum(x[i] * W1[i, j] for i in range(2)) + b1[j]
    z_hidden[j] = sigmoid(u_j)
    print(
        f"u_{j + 1} = {terms} + ({b1[j]:g}) = {u_j:g}    z_{j + 1} = sigmoid({u_j:g}) "
        f"= {z_hidden[j]:.4f}"
    )

# %% [markdown]
# **The output layer.** The output unit does the same with the hidden values $z_j$ as its inputs:
# $u_k = \sum_j z_j w_{jk} + b_k$ and $\hat{y} = z_k = \sigma(u_k)$.

# %%
terms = " + ".join(f"({z_hidden[j]:.4f})({W2[j, 0]:g})" for j in range(3))
u_out = sum(z_hidden[j] * W2[j, 0] for j in range(3)) + b2[0]
y_hat = sigmoid(u_out)
print(f"u_out = {terms} + ({b2[0]:g}) = {u_out:.4f}")
print(f"y_hat = sigmoid({u_out:.4f}) = {y_hat:.4f}")

# %% [markdown]
# **Try it.** The same 2-3-1 network, starting at our input $(1, 2)$; blue edges are positive weights, orange
# ones negative, the thicker the larger. Drag $x_2$ up from 2 to 5: $u_3$ grows by 3 (from 1.25 to 4.25) but
# $z_3$ only from 0.7773 to 0.9859, as the sigmoid saturates near 1. And $\hat y$ *falls*, from 0.4431 to
# 0.2892: $z_1$ drops (0.3775 to 0.1192), and $z_2$ rises (0.6225 to 0.8808) but reaches the output through
# the thick orange edge, $w_{21} = -2$.

# %% tags=["nbval-ignore-output"]
from nbtools.explorers import network_explorer

network_explorer(
    [(W1, b1), (W2, b2)], ["sigmoid", "sigmoid"], x=x, y=None, show_deltas=False
)

# %% [markdown]
# ### The same network, in batch form
# In matrix form the whole network is two lines, $Z = \sigma(X W^{(1)} + \mathbf{b}^{(1)})$ and
# $\hat{Y} = \sigma(Z W^{(2)} + \mathbf{b}^{(2)})$, and it runs on a batch of any number of rows. The
# first row of this batch is our input $(1, 2)$; its prediction is the number we computed by hand.

# %%
X = np.array([[1.0, 2.0],
              [0.0, 0.0],
              [-1.0, 0.5],
              [2.0, -2.0]])              # 4 samples, shape (4, 2)
Z = sigmoid(dense(X, W1, b1))            # hidden values, shape (4, 3)
Y_hat = sigmoid(dense(Z, W2, b2))        # predictions, shape (4, 1)
print("Z     shape", Z.shape, "\n", Z.round(4))
print("Y_hat shape", Y_hat.shape, "\n", Y_hat.round(4))
print("row 1 agrees with the loop:", np.isclose(Y_hat[0, 0], y_hat))

# %% [markdown]
# ## A network is a function made of functions
# Written as one formula, the 2-3-1 network is a *composition*:
#
# $$\hat{\mathbf{y}} = f^{(2)}\Big(f^{(1)}\big(\mathbf{x} W^{(1)} + \mathbf{b}^{(1)}\big)\, W^{(2)} + \mathbf{b}^{(2)}\Big).$$
#
# A deeper network is a longer chain: for each layer, a dense step and then that layer's activation.
# `forward` takes the list of layers, each a pair `(W, b)`, and the list of activation functions, one per
# layer:

# %%
def forward(X, layers, activations):
    """Forward propagation: X (n_samples, n_inputs) -> predictions (n_samples,
    n_outputs)."""
    Z = X
    for (W, b), f in zip(layers, activations):
        Z = f(dense(Z, W, b))
    return Z


forward(X, [(W1, b1), (W2, b2)], [sigmoid, sigmoid]).round(4)

# %% [markdown]
# The activations are what make the chain worth having. With the identity everywhere, two layers collapse
# into one: $(\mathbf{x} W^{(1)} + \mathbf{b}^{(1)}) W^{(2)} + \mathbf{b}^{(2)} = \mathbf{x}\,(W^{(1)} W^{(2)}) +
# (\mathbf{b}^{(1)} W^{(2)} + \mathbf{b}^{(2)})$, a single dense layer. However many layers you stack, a
# network without non-linear activations can only compute a linear function (plus a constant), which cannot
# separate the inside of a circle from the outside.

# %%
two_identity_layers = forward(X, [(W1, b1), (W2, b2)], [identity, identity])
one_layer = dense(X, W1 @ W2, b1 @ W2 + b2)
np.abs(two_identity_layers - one_layer).max()

# %% [markdown]
# ## Random initialisation: breaking the symmetry
# Before learning, the weights need values. We draw them at random, from a normal distribution with
# standard deviation $1/\sqrt{n_\text{in}}$, and start the biases at 0. When the inputs are around 1 in size,
# this scale keeps each weighted sum around 1 in size too, whatever the number of inputs: a sum of
# $n_\text{in}$ random terms grows like $\sqrt{n_\text{in}}$, and the $1/\sqrt{n_\text{in}}$ cancels that.
# `rng` is a seeded NumPy random generator, so the "random" numbers are the same on every run.

# %%
def init_layer(n_in, n_out, rng):
    """Random weights W (n_in, n_out) with standard deviation 1/sqrt(n_in), and zero
    biases b (n_out,)."""
    W = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_out))
    return W, np.zeros(n_out)


def init_network(sizes, rng):
    """One (W, b) for each consecutive pair of sizes, e.g. [2, 3, 1]."""
    return [init_layer(n_in, n_out, rng) for n_in, n_out in zip(sizes[:-1], sizes[1:])]


init_network([2, 3, 1], np.random.default_rng(0))

# %% [markdown]
# Measure it: 1000 random input vectors with entries of size about 1 (standard normal), and the weighted
# sums of 100 units, once with weights of standard deviation 1 and once with $1/\sqrt{n_\text{in}}$. The
# first spread grows like $\sqrt{n_\text{in}}$; the second stays near 1. (It is near 1 only because the
# inputs are: the scaled spread equals the inputs' root mean square, so pixels between 0 and 1 give less.)

# %%
rng_spread = np.random.default_rng(0)
for n_in in [2, 64, 784]:
    Z_random = rng_spread.normal(size=(1000, n_in))
    W_unscaled = rng_spread.normal(size=(n_in, 100))
    W_scaled, _ = init_layer(n_in, 100, rng_spread)
    print(
        f"n_in = {n_in:>3}: std of u with std-1 weights "
        f"{np.std(Z_random @ W_unscaled):6.3f},"
        f" with 1/sqrt(n_in) weights {np.std(Z_random @ W_scaled):.3f}   (sqrt(n_in) = "
        f"{np.sqrt(n_in):.2f})"
    )

# %% [markdown]
# Why random, and not simply all equal (say, all 0.5)? Because **units that start equal stay equal**.
# Take a 2-2-1 network whose two hidden units have the same incoming weights (the two columns of
# $W^{(1)}$ are equal, so are their biases) and the same outgoing weight. For every input they compute the
# same value, so they are one unit counted twice. The training set is XOR: four labelled pairs, label 1 when
# exactly one input is 1.

# %%
X_xor = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y_xor = np.array([[0.0], [1.0], [1.0], [0.0]])

symmetric_start = [(np.array([[0.5, 0.5], [-0.3, -0.3]]), np.array([0.1, 0.1])),
                   (np.array([[0.4], [0.4]]), np.array([0.0]))]
(W1_sym, b1_sym), _ = symmetric_start
tanh(dense(X_xor, W1_sym, b1_sym))

# %% [markdown]
# They also receive the same **gradient**, so learning changes them in the same way. To measure the error
# we use the mean squared error $E = \frac1n \sum (\hat{y} - y)^2$ (lesson 3 introduces losses properly). By
# the chain rule, for a hidden weight $w_{ij}$ of a network with tanh hidden units and a sigmoid output
# $\hat{y}$,
#
# $$\frac{\partial E}{\partial w_{ij}} = \frac1n \sum_{\text{samples}} \underbrace{2(\hat{y} - y)\;\hat{y}(1 - \hat{y})}_{\text{same for every } j}\; w_{jk}\; (1 - z_j^2)\; x_i .$$
#
# The only factors that depend on the hidden unit $j$ are $w_{jk}$ and $z_j$, and for our two units they are
# equal. So the two columns of the gradient are equal, and so are the steps. The function below computes
# every gradient of this small network with the chain rule (lesson 5 derives it in general); first we
# check it against finite differences, $\frac{E(w + h) - E(w - h)}{2h}$, one weight at a time.

# %%
def mean_squared_error(layers):
    W1, b1 = layers[0]
    W2, b2 = layers[1]
    Y_hat = sigmoid(dense(tanh(dense(X_xor, W1, b1)), W2, b2))
    return np.mean((Y_hat - Y_xor) ** 2)


def gradients(layers):
    """dE/dW1, dE/db1, dE/dW2, dE/db2 of the XOR error, by the chain rule."""
    (W1, b1), (W2, b2) = layers
    Z = tanh(dense(X_xor, W1, b1))
    Y_hat = sigmoid(dense(Z, W2, b2))
    dE_du_out = 2 * (Y_hat - Y_xor) / len(Y_xor) * Y_hat * (1 - Y_hat)    # shape (4, 1)
    dE_du_hidden = (dE_du_out @ W2.T) * (1 - Z**2)                        # shape (4, 2)
    return [
        (X_xor.T @ dE_du_hidden, dE_du_hidden.sum(axis=0)),
        (Z.T @ dE_du_out, dE_du_out.sum(axis=0)),
    ]


def finite_difference_gradient_W1(layers, h=1e-6):
    """dE/dW1 estimated by nudging one weight of W1 at a time."""
    W1, b1 = layers[0]
    estimate = np.zeros_like(W1)
    for i, j in np.ndindex(W1.shape):
        nudge = np.zeros_like(W1)
        nudge[i, j] = h
        plus = mean_squared_error([(W1 + nudge, b1), layers[1]])
        minus = mean_squared_error([(W1 - nudge, b1), layers[1]])
        estimate[i, j] = (plus - minus) / (2 * h)
    return estimate


dE_dW1 = gradients(symmetric_start)[0][0]
print("dE/dW1 by the chain rule:\n", dE_dW1)
print("largest difference from finite differences:",
      f"{np.abs(dE_dW1 - finite_difference_gradient_W1(symmetric_start)).max():.1e}")

# %% [markdown]
# Equal columns. Now train: repeat the gradient-descent step
# $w \leftarrow w - \eta\, \frac{\partial E}{\partial w}$ for every parameter, 2000 times, from the symmetric
# start and from random starts drawn with `init_network`.
# After every step we record how far apart the two hidden units are: the distance between their incoming
# parameters $(w_{1j}, w_{2j}, b_j)$ for $j = 1$ and $j = 2$.

# %%
def distance_between_hidden_units(layers):
    """|| (w_11, w_21, b_1) - (w_12, w_22, b_2) ||: 0 exactly when the two hidden units
    are identical."""
    W1, b1 = layers[0]
    incoming = np.vstack([W1, b1])  # column j: everything that flows into hidden unit j
    return np.linalg.norm(incoming[:, 0] - incoming[:, 1])


def train(layers, steps=2000, learning_rate=2.0):
    """Gradient descent on the XOR error; returns the trained layers and the distance
    after every step."""
    layers = [(W.copy(), b.copy()) for W, b in layers]
    distances = []
    for _ in range(steps):
        grads = gradients(layers)
        layers = [
            (W - learning_rate * dW, b - learning_rate * db)
            for (W, b), (dW, db) in zip(layers, grads)
        ]
        distances.append(distance_between_hidden_units(layers))
    return layers, np.array(distances)


trained_sym, distances_sym = train(symmetric_start)
W1_trained, b1_trained = trained_sym[0]
print("symmetric start, after 2000 steps:")
print("  W1 =\n", W1_trained.round(4))
print("  b1 =", b1_trained.round(4))
print(
    "  largest distance between the two hidden units during training:",
    distances_sym.max(),
)
print(f"  error {mean_squared_error(trained_sym):.4f}, predictions", forward(
    X_xor, trained_sym, [tanh, sigmoid]).ravel().round(2), "for labels", Y_xor.ravel())

# %% [markdown]
# The two units are still *exactly* equal after 2000 steps: the two units are still one unit counted twice.
# And one hidden unit cannot compute XOR. The prediction depends on the input only through one weighted sum
# $s = x_1 w_{11} + x_2 w_{21}$ and moves in one direction as $s$ grows. The two inputs labelled 1 have sums
# $w_{21}$ and $w_{11}$, the two labelled 0 have sums $0$ and $w_{11} + w_{21}$: the same total. So the two
# 1-inputs cannot both lie above both 0-inputs, and the error is stuck. Now random starts, five seeds:

# %%
random_runs = {}
for seed in range(5):
    start = init_network([2, 2, 1], np.random.default_rng(seed))
    trained, distances = train(start)
    random_runs[seed] = distances
    predictions = forward(X_xor, trained, [tanh, sigmoid]).ravel().round(2)
    print(
        f"seed {seed}: error {mean_squared_error(start):.4f} -> "
        f"{mean_squared_error(trained):.4f},"
        f" predictions {predictions}"
    )

# %% [markdown]
# Three of the five random starts learn XOR. Two (seeds 1 and 3) get two inputs right and stop at 0.5 for
# the other two, and ten times as many steps leave them there (after 20000 steps their error is still
# 0.1250). Random initialisation makes learning *possible*; it does not *guarantee* it.
#
# The picture: the distance between the two hidden units during training. From the symmetric start it is 0
# at every step; every random start begins with two different units and ends further apart than it began,
# but not steadily: the distance can shrink for a while first. The numbers, seed by seed:

# %%
for seed, distances in random_runs.items():
    start_distance = distance_between_hidden_units(
        init_network([2, 2, 1], np.random.default_rng(seed))
    )
    lowest = distances.argmin()
    print(
        f"seed {seed}: start {start_distance:.3f}, lowest {distances[lowest]:.3f} "
        f"after step {lowest + 1},"
        f" after 2000 steps {distances[-1]:.3f}"
    )

# %% [markdown]
# Every seed ends 3 to 8 times as far apart as it started. Seeds 0 and 3 first come *closer* (seed 0 from
# 0.420 to 0.284 by step 32, then apart); the others grow from the first step on. The plot:

# %%
fig, ax = plt.subplots(figsize=(8.5, 3.8))
for seed, distances in random_runs.items():
    ax.plot(distances, label=f"random start, seed {seed}")
ax.plot(distances_sym, color="black", linewidth=3, label="symmetric start")
ax.set_xlabel("gradient-descent step")
ax.set_ylabel("distance between hidden units 1 and 2")
ax.legend(fontsize="small", loc="center left", bbox_to_anchor=(1.01, 0.5))
plt.show()

# %% [markdown]
# *Figure, in words:* Line chart of the distance between hidden units 1 and 2 over the gradient-descent steps:
# from a symmetric start (thick black line) it stays at 0 on every step; from random starts (one line per
# seed) it is above 0 from the start and stays above 0: the units learn different things.

# %% [markdown]
# **Get it right.** Random initialisation is there to **break the symmetry** between units. Units with
# identical weights compute identical values, receive identical gradients and so remain identical: they
# would learn identical features, and a layer of a hundred such units would be no better than one.
# (The biases may start at 0: the random weights already make the units different.)

# %% [markdown]
# ## At first, the predictions are random
# Back to the circle. A freshly initialised 2-16-1 network (tanh hidden units, sigmoid output) predicts
# *something* for every point, but what it predicts is decided by the random draw, not by the data. Three
# seeds, three different pictures, none of them a circle. Counting a prediction above 0.5 as "inside", each
# gets about half of the training points right: no better than tossing a coin.

# %%
grid = np.linspace(-2, 2, 81)
G1, G2 = np.meshgrid(grid, grid)
grid_points = np.column_stack([G1.ravel(), G2.ravel()])      # shape (6561, 2)

fig, axes = plt.subplots(1, 4, figsize=(15, 3.8))
axes[0].scatter(
    X_train[:, 0],
    X_train[:, 1],
    c=Y_train.ravel(),
    cmap="coolwarm",
    vmin=0,
    vmax=1,
    s=12,
)
axes[0].set_title("training labels")
for ax, seed in zip(axes[1:], [0, 1, 2]):
    untrained = init_network([2, 16, 1], np.random.default_rng(seed))
    predictions = forward(grid_points, untrained, [tanh, sigmoid]).reshape(G1.shape)
    image = ax.contourf(
        G1, G2, predictions, levels=np.linspace(0, 1, 11), cmap="coolwarm"
    )
    correct = np.mean(
        (forward(X_train, untrained, [tanh, sigmoid]) > 0.5) == (Y_train == 1)
    )
    ax.set_title(f"seed {seed}: {correct:.0%} right")
for ax in axes:
    ax.set_aspect("equal")
    ax.add_patch(plt.Circle((0, 0), 1, fill=False, linestyle="--"))
fig.suptitle("Predictions of an untrained 2-16-1 network; dashed: the unit circle")
fig.colorbar(image, ax=axes, label="prediction", shrink=0.8)
plt.show()

# %% [markdown]
# *Figure, in words:* Four square panels over the plane from -2 to 2, each with the unit circle dashed. First:
# the training points coloured by label, one class inside the circle and the other outside. Then the
# predictions of three untrained 2-16-1 networks (seeds 0, 1, 2) as coloured regions from blue (0) to red (1):
# smooth blobs that ignore the circle, each getting only part of the points right.

# %% [markdown]
# (A rule that ignores the input and always answers "outside" would do better still: 16.5% of the training
# points are inside, so it is right for 83.5% of them. A percentage right means little without such a
# baseline.) Learning, lessons 3 to 6, is what turns these pictures into a circle.

# %% [markdown]
# ## What a network can represent: the universal approximation theorem
# How many functions can such a chain of weighted sums and activations represent? Stated precisely:
#
# > **Universal approximation theorem** (Cybenko 1989, Hornik 1991, Leshno et al. 1993). Let $f$ be a
# > continuous function on a closed, bounded region $K \subset \mathbb{R}^n$, and let $\varepsilon > 0$.
# > Let the activation be continuous and not a polynomial (sigmoid, tanh and ReLU qualify; the identity
# > does not). Then there is a network with **one** hidden layer of *enough* units and an identity output,
# > whose output $g$ satisfies $|g(\mathbf{x}) - f(\mathbf{x})| < \varepsilon$ for every $\mathbf{x}$ in $K$.
#
# We can watch it happen in one dimension, by *choosing* the weights rather than learning them. A hidden
# ReLU unit with weight 1 and bias $-t$ computes $\max(0, x - t)$: a hinge at $t$. Put hinges at
# equally spaced points $t_0 < t_1 < \dots$ and give each an outgoing weight equal to the *change of slope*
# there (for $t_0$, the slope of the first piece), with $f(t_0)$ as the output bias: the output is the broken
# line through the points $(t_m, f(t_m))$. More units, finer breaks, smaller error.

# %%
def target(x):
    return np.sin(3 * x) + 0.5 * x


def hinge_network(f, start, stop, n_hidden):
    """A 1-n_hidden-1 ReLU network (as layers) whose output joins the points (t_m,
    f(t_m)) by straight lines."""
    knots = np.linspace(start, stop, n_hidden + 1)
    slopes = np.diff(f(knots)) / np.diff(knots)  # slope of each straight piece
    slope_changes = np.diff(slopes, prepend=0.0)  # what each hinge adds to the slope
    W1, b1 = np.ones((1, n_hidden)), -knots[:-1]  # hidden unit m: max(0, x - t_m)
    W2, b2 = slope_changes.reshape(-1, 1), np.array([f(knots[0])])
    return [(W1, b1), (W2, b2)]


xs = np.linspace(0, 3, 601).reshape(-1, 1)  # the region K = [0, 3], shape (601, 1)
widths = [3, 6, 12, 48]
approximations = {
    n: forward(xs, hinge_network(target, 0, 3, n), [relu, identity]) for n in widths
}
for n, g in approximations.items():
    print(
        f"{n:>2} hidden units: largest error on [0, 3] = "
        f"{np.abs(g - target(xs)).max():.4f}"
    )

# %% [markdown]
# The error shrinks about fourfold each time the number of units doubles. In black the function, in red the
# network's output, with a dot where each straight piece begins and ends:

# %%
fig, axes = plt.subplots(1, 3, figsize=(14, 3.6), sharey=True)
for ax, n in zip(axes, widths[:3]):
    hinges = np.linspace(0, 3, n + 1)
    ax.plot(xs, target(xs), color="black", linewidth=2, label="f(x) = sin(3x) + x/2")
    ax.plot(
        xs, approximations[n], color="crimson", label=f"network, {n} hidden ReLU units"
    )
    ax.plot(hinges, target(hinges), "o", color="crimson", markersize=4)
    ax.set_title(
        f"{n} hidden units: largest error "
        f"{np.abs(approximations[n] - target(xs)).max():.2f}"
    )
    ax.set_xlabel("x")
    ax.set_ylim(-0.5, 3.2)
    ax.legend(fontsize="small", loc="upper left")
plt.show()

# %% [markdown]
# *Figure, in words:* Three panels, each the target f(x) = sin(3x) + x/2 for x from 0 to 3 (black) and a
# network with 3, 6 or 12 hidden ReLU units (red) built from straight pieces joined at hinges (red dots): the
# more units, the closer the broken line follows the curve, and the title gives the largest error.

# %% [markdown]
# **Get it right.** The theorem says a wide enough network **can represent** (approximate as closely as we
# like) any continuous function on a bounded region. It does *not* say:
# - how many units are enough (it can be astronomically many);
# - that learning will find the weights: gradient descent from a given start may get stuck, as two of our
#   five XOR starts did although 2 hidden units *can* represent XOR;
# - anything about inputs outside the region, or about generalising from a finite training set.
#
# Here we computed the weights from $f$ itself. A network in training never sees $f$, only labelled
# examples, and must find its weights by descending a loss: the rest of this workbook.

# %% [markdown]
# ## From here on: the versions in `nbtools`
# The pieces of this lesson live in the workbook's package, written the same way: `nbtools.activations`
# (`sigmoid`, `tanh`, `relu`, `identity` and their `_derivative`s, with the same overflow-free sigmoid) and
# `nbtools.layers` (`dense`, `init_layer`, `init_network`, `forward`). The later lessons import them. They
# give the same numbers as ours, on the hand-made network and on random initialisations with the same seed:

# %%
from nbtools import activations as nb_activations
from nbtools import layers as nb_layers


def all_parameters(network):
    """Every weight and bias of a network, in one flat array."""
    return np.concatenate([np.concatenate([W.ravel(), b]) for W, b in network])


ours_and_theirs = {
    "dense": (dense(X, W1, b1), nb_layers.dense(X, W1, b1)),
    "sigmoid": (sigmoid(extreme), nb_activations.sigmoid(extreme)),
    "sigmoid_derivative": (
        sigmoid_derivative(us),
        nb_activations.sigmoid_derivative(us),
    ),
    "tanh_derivative": (tanh_derivative(us), nb_activations.tanh_derivative(us)),
    "relu_derivative": (relu_derivative(us), nb_activations.relu_derivative(us)),
    "init_network": (
        all_parameters(init_network([2, 3, 1], np.random.default_rng(0))),
        all_parameters(nb_layers.init_network([2, 3, 1], np.random.default_rng(0))),
    ),
    "forward": (
        forward(X, [(W1, b1), (W2, b2)], [sigmoid, sigmoid]),
        nb_layers.forward(X, [(W1, b1), (W2, b2)], ["sigmoid", "sigmoid"]),
    ),
}
for name, (ours, theirs) in ours_and_theirs.items():
    print(f"{name:<19} identical: {np.array_equal(ours, theirs)}")

# %% [markdown]
# One difference in the interface: `nb_layers.forward` takes the activations by **name**
# (`["sigmoid", "identity"]`), looked up in `nb_activations.ACTIVATIONS`, which pairs each activation with its
# derivative. Lesson 5 runs the network backwards and needs both.

# %%
nb_activations.ACTIVATIONS["sigmoid"]

# %% [markdown]
# ## Summary
# - Supervised learning fits a function to labelled pairs $(\mathbf{x}, \mathbf{y})$, the training set, so
#   that it generalises to inputs it has not seen (measured on a separate test set).
# - A batch is a matrix with one sample per row: $X$ has shape (n_samples, n_features).
# - A dense layer computes weighted **sums** $u_k = \sum_j z_j w_{jk} + b_k$, in matrix form $U = ZW + \mathbf{b}$
#   with $W$ of shape $(n_\text{in}, n_\text{out})$: $w_{jk}$ joins unit $j$ to unit $k$. Indices: $i$ input,
#   $j$ hidden, $k$ output.
# - An activation follows each dense layer, $z = f(u)$. Derivatives, derived: $\sigma' = \sigma(1 - \sigma)$,
#   i.e. $z(1 - z)$; $\tanh' = 1 - \tanh^2$, i.e. $1 - z^2$; ReLU's is 0 or 1; the identity's is 1.
# - Forward propagation alternates dense layers and activations; the last output is the prediction. Without
#   non-linear activations, any number of layers collapses into one.
# - Weights start random (standard deviation $1/\sqrt{n_\text{in}}$) to break the symmetry: equal units get
#   equal gradients and stay equal forever. At first, the predictions are random.
# - A wide enough network *can represent* any continuous function on a bounded region (universal
#   approximation); that says nothing about whether training finds it.
#
# ## Questions
# 1. A layer has 4 inputs and 3 units. What are the shapes of $W$ and $\mathbf{b}$? Which entry of $W$ joins
#    input 2 to unit 3?
#
# <details><summary>Answer</summary>
#
# $W$ is $(4, 3)$ (inputs by units) and $\mathbf{b}$ is $(3,)$. Input 2 to unit 3 is $w_{23}$, in Python
# `W[1, 2]` (indices start at 0).
# </details>
#
# 2. In the 2-3-1 example, the weight from hidden unit 2 to the output is $w_{21} = -2$. If it were $-1$
#    instead, by how much would $u_k$ change, and would $\hat{y}$ grow or shrink? (Use the printed $z_2$.)
#
# <details><summary>Answer</summary>
#
# The term $z_2 w_{21}$ goes from $-2 z_2$ to $-z_2$, so $u_k$ grows by $z_2 = 0.6225$; the sigmoid is
# increasing, so $\hat{y}$ grows.
# </details>
#
# 3. What goes wrong if every weight starts at 0, with tanh hidden units? (Look at $\frac{\partial E}{\partial
#    w_{ij}}$ above: what is $w_{jk}$?)
#
# <details><summary>Answer</summary>
#
# Every $w_{jk} = 0$, so every $\frac{\partial E}{\partial w_{ij}}$ has the factor 0: the first layer never
# moves. The hidden values are $\tanh(0) = 0$, so the output weights' gradients ($\propto z_j$) are 0 too, and
# only the output bias learns: the network predicts one constant. (And even from equal non-zero weights the
# units would stay identical, as shown above.)
# </details>
#
# 4. Where is the sigmoid's derivative largest, and what happens to learning in a unit whose $|u|$ is large?
#
# <details><summary>Answer</summary>
#
# At $u = 0$, where it is $\frac14$ (confirmed above). For large $|u|$ the sigmoid saturates, $z(1 - z)$ is
# close to 0, and every gradient passing through the unit is multiplied by it: the unit learns very slowly.
# </details>
#
# 5. How many parameters (weights and biases) does a 784-32-10 network have?
#
# <details><summary>Answer</summary>
#
# $784 \times 32 + 32 = 25\,120$ in the first layer and $32 \times 10 + 10 = 330$ in the second: $25\,450$.
# </details>
#
# Now practise in the exercise: [`exercises/02_networks.ipynb`](../exercises/02_networks.ipynb).
