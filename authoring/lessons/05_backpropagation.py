# %% [markdown]
# # Lesson 5: Backpropagation with deltas
#
# Lesson 1 climbed to the top of a curve by following its derivative. A network learns the same way, going
# *down* its loss, but it needs the derivative of the loss with respect to **every** weight and bias, at
# every step. Backpropagation computes all of them in one sweep from the loss backwards, for at most about
# twice the cost of the forward pass. This lesson derives it: first on a tiny network with every number shown,
# confirmed symbolically with SymPy, then in the matrix form that works for any batch and any depth.
#
# **You will:**
# 1. see why a network's loss cannot be minimised by solving "gradient = 0", and must be iterated;
# 2. follow the chain rule through the composition that a network is;
# 3. see why the sweep goes *backwards*: shared factors are computed once, in a running product;
# 4. tell the two kinds of derivatives apart: with respect to a layer's input (passed back) and with
#    respect to its parameters (stored);
# 5. compute the deltas $\delta = \partial E / \partial u$ and every gradient of a 2-2-1 network by hand,
#    then confirm each number with SymPy and with finite differences;
# 6. write the backward pass for a batch and any depth in a few lines, and hand over to `nbtools.backprop`.

# %% [markdown]
# ## Setup
# NumPy and SymPy as before. From `nbtools` we take the pieces of lessons 2 and 3 (activations, layers,
# losses), the reference backward pass `nbtools.backprop` (only at the end, to compare with ours) and the
# gradient checker `nbtools.gradient_check`, our independent referee.

# %%
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

from nbtools import backprop, losses
from nbtools.activations import ACTIVATIONS, sigmoid
from nbtools.gradient_check import check_gradients, noise_floor
from nbtools.layers import forward, init_network

sp.init_printing(use_latex="mathjax")

# %% [markdown]
# ## Why not solve "gradient = 0"?
# In lesson 1 we found the best production level by solving $P'(x) = 0$. A network's loss $E$ depends on
# *all* its parameters $\theta_1, \theta_2, \dots$ (weights and biases), so the same idea would mean solving
#
# $$\frac{\partial E}{\partial \theta_1} = 0, \quad \frac{\partial E}{\partial \theta_2} = 0, \quad \dots$$
#
# one equation per parameter, all at once. How many is that? A dense layer from $n_\text{in}$ to
# $n_\text{out}$ units has $n_\text{in} n_\text{out}$ weights and $n_\text{out}$ biases:

# %%
def parameter_count(sizes):
    """Weights and biases of a dense network with layer sizes, e.g. [2, 2, 1]."""
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


for sizes in [[2, 2, 1], [784, 32, 10], [784, 512, 512, 10]]:
    print(f"{'-'.join(map(str, sizes)):<16} {parameter_count(sizes):>9,} parameters")

# %% [markdown]
# Tens of thousands of equations for a small digit classifier, hundreds of thousands for a modest one, and
# today's large networks have billions. Worse than the number: each equation is **non-linear**. The
# unknowns sit inside sigmoids of sums of products of other unknowns (you will see one of these equations in
# full below, for the smallest network). Such a system has, in general, no closed-form solution, and no
# formula is coming. (Only special cases such as linear regression have one.)
#
# So we do what lesson 1 did with the learning rate: start somewhere and **iterate**, taking small steps
# downhill, $\theta \leftarrow \theta - \eta\, \frac{\partial E}{\partial \theta}$. Each step needs the
# gradient: every $\frac{\partial E}{\partial \theta}$ at the current parameters, as numbers. Computing
# them quickly is what backpropagation does.

# %% [markdown]
# ## The network of this lesson: 2-2-1, sigmoid everywhere
# Two inputs $x_1, x_2$ (index $i$), two hidden units (index $j$), one output unit ($k$), with sigmoid
# activations in both layers, as in lesson 2: $W^{(1)}$ of shape $(2, 2)$ holds $w_{ij}$, $W^{(2)}$ of shape
# $(2, 1)$ holds $w_{jk}$. One training pair: the input $\mathbf{x} = (0.5, -1)$ with the target $y = 1$.
#
# **The loss.** We use the workbook's mean squared error (lesson 3, `nbtools.losses.mse`). For one sample
# with one output the mean is over a single entry, so
#
# $$E = (\hat y - y)^2.$$
#
# (Many textbooks use $E = \frac12(\hat y - y)^2$ so that the 2 of the derivative cancels. That only halves
# every gradient, the same as halving the learning rate; we keep the workbook's MSE so that every number
# here matches the package.)

# %%
x = np.array([0.5, -1.0])                # x_i, one input of two features
y = 1.0                                  # its target
W1 = np.array([[0.4, -0.3],
               [0.2, 0.6]])              # w_ij: input i -> hidden j, shape (2, 2)
b1 = np.array([0.1, -0.1])               # b_j, shape (2,)
W2 = np.array([[0.7],
               [-0.5]])                  # w_jk: hidden j -> output k, shape (2, 1)
b2 = np.array([0.2])                     # b_k, shape (1,)

# %% [markdown]
# **Forward.** Hidden sums $u_j = \sum_i x_i w_{ij} + b_j$ and values $z_j = \sigma(u_j)$, then the output
# sum $u_k = \sum_j z_j w_{jk} + b_k$, the prediction $\hat y = \sigma(u_k)$ and the loss:

# %%
u_hidden = x @ W1 + b1
z_hidden = sigmoid(u_hidden)
u_out = z_hidden @ W2[:, 0] + b2[0]
y_hat = sigmoid(u_out)
E = (y_hat - y) ** 2
for j in range(2):
    print(
        f"u_{j + 1} = ({x[0]:g})({W1[0, j]:g}) + ({x[1]:g})({W1[1, j]:g}) + "
        f"({b1[j]:g}) = {u_hidden[j]:g}"
        f"    z_{j + 1} = sigmoid(u_{j + 1}) = {z_hidden[j]:.6f}"
    )
print(
    f"u_k = ({z_hidden[0]:.6f})({W2[0, 0]:g}) + ({z_hidden[1]:.6f})({W2[1, 0]:g}) + "
    f"({b2[0]:g}) = {u_out:.6f}"
)
print(f"y_hat = sigmoid(u_k) = {y_hat:.6f}")
print(f"E = (y_hat - y)^2 = ({y_hat:.6f} - {y:g})^2 = {E:.6f}")

# %% [markdown]
# The prediction $0.6029$ is below the target 1, and the loss is $0.1576$. Which weights should change,
# and which way? That is the gradient: nine numbers, one per parameter.

# %% [markdown]
# ## The chain rule through a composition
# Written as one formula, the network is a composition (lesson 2), and $E$ depends on a first-layer weight,
# say $w_{11}$, only through a chain of intermediate values:
#
# $$w_{11} \;\to\; u_1 \;\to\; z_1 \;\to\; u_k \;\to\; \hat y \;\to\; E.$$
#
# The chain rule (lesson 1) says the derivative of a composition is the **product of the local
# derivatives** along the chain, each one the derivative of one step with respect to the step before:
#
# $$\frac{\partial E}{\partial w_{11}} =
#   \underbrace{\frac{\partial E}{\partial \hat y}}_{2(\hat y - y)}\;
#   \underbrace{\frac{\partial \hat y}{\partial u_k}}_{\hat y (1 - \hat y)}\;
#   \underbrace{\frac{\partial u_k}{\partial z_1}}_{w_{1k}}\;
#   \underbrace{\frac{\partial z_1}{\partial u_1}}_{z_1 (1 - z_1)}\;
#   \underbrace{\frac{\partial u_1}{\partial w_{11}}}_{x_1}.$$
#
# Every local derivative is simple, and every one is a number we already have from the forward pass. The
# five numbers and their product:

# %%
local_derivatives = {
    "dE/dy_hat   = 2(y_hat - y)": 2 * (y_hat - y),
    "dy_hat/du_k = y_hat(1 - y_hat)": y_hat * (1 - y_hat),
    "du_k/dz_1   = w_1k": W2[0, 0],
    "dz_1/du_1   = z_1(1 - z_1)": z_hidden[0] * (1 - z_hidden[0]),
    "du_1/dw_11  = x_1": x[0],
}
for name, value in local_derivatives.items():
    print(f"{name:<32} {value: .6f}")
print(f"{'product: dE/dw_11':<32} {np.prod(list(local_derivatives.values())): .6f}")

# %% [markdown]
# ## Why backwards: a running product, shared factors computed once
# Now write the chain for another first-layer weight, $w_{21}$ (from input 2 to hidden unit 1), and for the
# bias $b_1$ of the same hidden unit:
#
# $$\frac{\partial E}{\partial w_{21}} = \frac{\partial E}{\partial \hat y}\,\frac{\partial \hat y}{\partial u_k}\,
#   \frac{\partial u_k}{\partial z_1}\,\frac{\partial z_1}{\partial u_1}\; x_2, \qquad
#   \frac{\partial E}{\partial b_1} = \frac{\partial E}{\partial \hat y}\,\frac{\partial \hat y}{\partial u_k}\,
#   \frac{\partial u_k}{\partial z_1}\,\frac{\partial z_1}{\partial u_1}\; 1.$$
#
# The first four factors are the same for all three: they are $\frac{\partial E}{\partial u_1}$, how the
# loss changes with hidden unit 1's weighted sum. And the first two, $\frac{\partial E}{\partial u_k}$, are
# shared by **all nine** parameters. The shared part is always the end of the chain nearest the loss.
#
# So start at the loss and multiply backwards, keeping the **running product**: after each step it is the
# derivative of $E$ with respect to the value just reached. Each parameter's gradient is then the running
# product at its layer times one last local factor. Nothing is computed twice. Expanding the chain rule
# instead, gradient by gradient, into a sum of products over paths, every parameter would repeat the shared
# factors for itself; and in a wider, deeper network, where a weight influences the loss along *every path*
# through the layers above it, it would repeat them once per path.
#
# Counting the multiplications for one sample makes the difference concrete. Backwards, each layer with
# $n_\text{in}$ inputs and $n_\text{out}$ units costs $n_\text{out}$ (the deltas, next section) plus
# $n_\text{in} n_\text{out}$ (the weight gradients) plus $n_\text{in} n_\text{out}$ (the running product
# passed back, except at the first layer). Each gradient on its own instead sums, over every path from its
# unit to the output, a product of two factors per layer crossed ($w$ and $\sigma'$) plus $\partial E / \partial \hat y$,
# $\sigma'$ of its own unit and (for a weight) its input $z$.

# %%
def multiplications_backwards(sizes):
    """Multiplications of the backward pass for one sample: deltas, weight gradients,
    running product passed back."""
    total = 0
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        passed_back = n_in * n_out if layer > 0 else 0
        total += n_out + n_in * n_out + passed_back
    return total


def multiplications_each_on_its_own(sizes):
    """Multiplications when every weight's and bias's gradient is its own sum over all
    paths to the output."""
    total, depth = 0, len(sizes) - 1
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        # from one unit of this layer to the output
        paths = int(np.prod(sizes[layer + 1 :]))
        # dE/dy_hat, own sigma', then w and sigma' per layer above
        factors = 2 * (depth - layer) + 2
        # a weight also has its z
        total += paths * (n_in * n_out * factors + n_out * (factors - 1))
    return total


def multiplications_forward(sizes):
    """Multiplications of the forward pass (the weighted sums) for one sample."""
    return sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


print(
    f"{'network':<18}{'parameters':>11}{'forward':>10}"
    f"{'backwards':>11}{'each on its own':>17}"
)
for sizes in [
    [2, 2, 1],
    [2, 8, 8, 1],
    [2, 8, 8, 8, 8, 1],
    [784, 32, 10],
    [784, 32, 32, 10],
]:
    print(
        f"{'-'.join(map(str, sizes)):<18}{parameter_count(sizes):>11,}"
        f"{multiplications_forward(sizes):>10,}{multiplications_backwards(sizes):>11,}"
        f"{multiplications_each_on_its_own(sizes):>17,}"
    )

# %% [markdown]
# Even for our 2-2-1 network the backward sweep needs 11 multiplications instead of 27. Backwards costs
# between one and two forward passes: the weight gradients cost as many multiplications as the forward
# sums, and passing the running product back costs as many again, except at the first layer (which is why
# the 784-32-10 network's backward pass costs barely more than its forward pass). Gradient by gradient, the
# cost multiplies with every layer added, because the number of paths does. The picture, for networks of 8
# inputs and layers of 8 units, one output, as the number of hidden layers grows (note the logarithmic scale):

# %%
hidden_layers = np.arange(1, 9)
networks = [[8] + [8] * n + [1] for n in hidden_layers]
fig, ax = plt.subplots(figsize=(6.5, 3.8))
ax.semilogy(hidden_layers, [multiplications_each_on_its_own(s) for s in networks], "o-",
            label="each gradient on its own (all paths)")
ax.semilogy(
    hidden_layers,
    [multiplications_backwards(s) for s in networks],
    "s-",
    label="backwards (running product)",
)
ax.semilogy(
    hidden_layers,
    [multiplications_forward(s) for s in networks],
    "^--",
    color="grey",
    label="forward pass",
)
ax.set_xlabel("hidden layers of 8 units")
ax.set_ylabel("multiplications per sample")
ax.set_title("Computing the gradient of an 8-8-...-8-1 network")
ax.legend()
plt.show()

# %% [markdown]
# *Figure, in words:* Multiplications per sample, on a log scale, against the number of hidden layers of 8
# units (1 to 8): computing each gradient on its own (all paths) grows by about 8 times per layer, while the
# backward pass (a running product) grows by a constant amount per layer, about as fast as the forward pass
# (grey, dashed).

# %% [markdown]
# **Get it right: why backwards, not forwards.** The sum over paths is the naive way; the chain rule can
# also be applied *forwards* without it (forward-mode differentiation): carry, next to every value, its
# derivative with respect to one chosen parameter, layer by layer, at the cost of about one forward pass.
# That shares work just as well, but it yields the derivative of *everything* with respect to *one*
# parameter. Training needs the opposite: one scalar loss, differentiated with respect to *every*
# parameter. So forward mode needs one pass per parameter, and the backward sweep one pass for all of them:

# %%
sizes = [784, 32, 10]
n_parameters = parameter_count(sizes)
print(f"784-32-10, {n_parameters:,} parameters")
print(
    f"forward mode: {n_parameters:,} passes of about "
    f"{multiplications_forward(sizes):,} multiplications each"
    f" = {n_parameters * multiplications_forward(sizes):.1e}"
)
print(f"backwards:    1 pass of {multiplications_backwards(sizes):,} multiplications")

# %% [markdown]
# ## Two kinds of derivatives
# Each step of the chain is one of three pieces, and each piece has its own local derivatives:
#
# | piece | computes | derivative w.r.t. its **input** (passed back) | derivative w.r.t. its **parameters** (stored) |
# |---|---|---|---|
# | dense layer | $u_k = \sum_j z_j w_{jk} + b_k$ | $\dfrac{\partial u_k}{\partial z_j} = w_{jk}$ | $\dfrac{\partial u_k}{\partial w_{jk}} = z_j$, $\;\dfrac{\partial u_k}{\partial b_k} = 1$ |
# | activation | $z = \sigma(u)$ | $\dfrac{dz}{du} = z(1 - z)$ | none: it has no parameters |
# | loss | $E = (\hat y - y)^2$ | $\dfrac{\partial E}{\partial \hat y} = 2(\hat y - y)$ | none |
#
# The derivative with respect to a piece's **input** is multiplied into the running product, which then
# moves one step back: this is how the loss's sensitivity travels down the network. The derivative with
# respect to a piece's **parameters** is multiplied by the running product too, but the result is not
# passed on: it is **stored**, because it is the gradient we came for. Activations have only the first
# kind; dense layers have both.

# %% [markdown]
# ## Deltas
# The running product that arrives at a weighted sum gets a name, the **delta** of that unit:
#
# $$\delta_k = \frac{\partial E}{\partial u_k} \quad\text{(output unit)}, \qquad
#   \delta_j = \frac{\partial E}{\partial u_j} \quad\text{(hidden unit)}.$$
#
# **Gradients from deltas.** $u_k = \sum_j z_j w_{jk} + b_k$ depends on $w_{jk}$ through the single term
# $z_j w_{jk}$, so $\frac{\partial u_k}{\partial w_{jk}} = z_j$ and $\frac{\partial u_k}{\partial b_k} = 1$
# (exactly $z_j$ because $u_k$ is a weighted *sum*; were it an average over the $n$ inputs, it would be
# $z_j / n$):
#
# $$\frac{\partial E}{\partial w_{jk}} = \delta_k\, z_j, \qquad \frac{\partial E}{\partial b_k} = \delta_k.$$
#
# The gradient of a weight is the delta of the unit it *enters* times the value that *travels along it*;
# the gradient of a bias is the delta itself.
#
# **The output delta.** With $\hat y = \sigma(u_k)$ and $E = (\hat y - y)^2$, two local derivatives:
#
# $$\delta_k = \frac{\partial E}{\partial \hat y}\,\frac{d\hat y}{du_k} = 2(\hat y - y)\;\hat y(1 - \hat y).$$
#
# SymPy agrees: differentiate $E$ as a function of $u_k$ and subtract our formula.

# %%
u_k_symbol, y_symbol = sp.symbols("u_k y")
y_hat_symbolic = 1 / (1 + sp.exp(-u_k_symbol))
delta_k_by_sympy = sp.diff((y_hat_symbolic - y_symbol) ** 2, u_k_symbol)
delta_k_formula = (
    2 * (y_hat_symbolic - y_symbol) * y_hat_symbolic * (1 - y_hat_symbolic)
)
sp.simplify(delta_k_by_sympy - delta_k_formula)

# %% [markdown]
# **The hidden delta.** A hidden unit's value $z_j$ reaches the loss through *every* output unit $k$ it
# feeds, so the chain rule adds up one term per path: $\frac{\partial E}{\partial z_j} = \sum_k \delta_k
# \frac{\partial u_k}{\partial z_j} = \sum_k \delta_k w_{jk}$. One more step back, through the sigmoid:
#
# $$\delta_j = \Big(\sum_k \delta_k\, w_{jk}\Big)\; z_j (1 - z_j), \qquad
#   \frac{\partial E}{\partial w_{ij}} = \delta_j\, x_i, \qquad \frac{\partial E}{\partial b_j} = \delta_j.$$
#
# The deltas of a layer are computed from the deltas of the layer above it: that is the backward sweep.
#
# **Get it right.** The factor $z_j(1 - z_j)$ is the sigmoid's derivative $\frac{dz_j}{du_j}$ written in
# terms of its output $z_j$ (lesson 2). It is not optional: the sum $\sum_k \delta_k w_{jk}$ is
# $\frac{\partial E}{\partial z_j}$, a derivative with respect to the unit's *output*; the delta is with
# respect to its *weighted sum*, one activation earlier. Leaving the factor out is the most common
# backpropagation bug. (For another activation $f$, the factor is $f'(u_j)$: $1 - z_j^2$ for tanh.)

# %% [markdown]
# ## Every number of the 2-2-1 network
# **The output delta**, from the forward pass's numbers:

# %%
delta_k = 2 * (y_hat - y) * y_hat * (1 - y_hat)
print(
    f"delta_k = 2(y_hat - y) y_hat (1 - y_hat) = 2({y_hat:.6f} - {y:g})({y_hat:.6f})(1 "
    f"- {y_hat:.6f}) = {delta_k:.6f}"
)

# %% [markdown]
# It is negative: increasing $u_k$ would *decrease* the loss, as it should, since $\hat y$ is below its
# target. **The output layer's gradients**, $\frac{\partial E}{\partial w_{jk}} = \delta_k z_j$ and
# $\frac{\partial E}{\partial b_k} = \delta_k$:

# %%
dE_dW2 = np.zeros((2, 1))
for j in range(2):
    dE_dW2[j, 0] = delta_k * z_hidden[j]
    print(
        f"dE/dw_{j + 1}k = delta_k z_{j + 1} = ({delta_k:.6f})({z_hidden[j]:.6f}) = "
        f"{dE_dW2[j, 0]:.6f}"
    )
dE_db2 = np.array([delta_k])
print(f"dE/db_k  = delta_k = {delta_k:.6f}")

# %% [markdown]
# **The hidden deltas**, $\delta_j = \delta_k w_{jk}\, z_j(1 - z_j)$ (one output unit, so the sum over $k$
# has one term). They use the weights $w_{jk}$ as they are now, before any update: all nine gradients are
# derivatives at the same point.

# %%
delta_hidden = np.zeros(2)
for j in range(2):
    delta_hidden[j] = delta_k * W2[j, 0] * z_hidden[j] * (1 - z_hidden[j])
    print(
        f"delta_{j + 1} = delta_k w_{j + 1}k z_{j + 1}(1 - z_{j + 1}) = "
        f"({delta_k:.6f})({W2[j, 0]:g})"
        f"({z_hidden[j]:.6f})(1 - {z_hidden[j]:.6f}) = {delta_hidden[j]:.6f}"
    )

# %% [markdown]
# **The hidden layer's gradients**, $\frac{\partial E}{\partial w_{ij}} = \delta_j x_i$ and
# $\frac{\partial E}{\partial b_j} = \delta_j$:

# %%
dE_dW1 = np.zeros((2, 2))
for i in range(2):
    for j in range(2):
        dE_dW1[i, j] = delta_hidden[j] * x[i]
        print(
            f"dE/dw_{i + 1}{j + 1} = delta_{j + 1} x_{i + 1} = "
            f"({delta_hidden[j]:.6f})({x[i]:g}) = {dE_dW1[i, j]: .6f}"
        )
dE_db1 = delta_hidden.copy()
for j in range(2):
    print(f"dE/db_{j + 1}  = delta_{j + 1} = {dE_db1[j]: .6f}")

# %% [markdown]
# $\frac{\partial E}{\partial w_{11}} = -0.016593$ is the product of the five local derivatives printed
# earlier, now computed with the shared factors reused. The whole picture: the forward values (blue) and
# the deltas (red) at each unit, and each weight with its gradient.

# %%
positions = {"x1": (0, 2), "x2": (0, 0), "h1": (3, 2), "h2": (3, 0), "out": (6, 1)}
edges = [
    (f"x{i + 1}", f"h{j + 1}", f"w_{i + 1}{j + 1}", W1[i, j], dE_dW1[i, j])
    for i in range(2)
    for j in range(2)
]
edges += [(f"h{j + 1}", "out", f"w_{j + 1}k", W2[j, 0], dE_dW2[j, 0]) for j in range(2)]
# (fraction along the edge, shift up)
label_at = {
    "x1h1": (0.5, 0.3),
    "x2h2": (0.5, -0.3),
    "x1h2": (0.27, 0),
    "x2h1": (0.27, 0),
    "h1out": (0.5, 0.4),
    "h2out": (0.5, -0.4),
}
fig, ax = plt.subplots(figsize=(11, 4.6))
for start, end, name, weight, gradient in edges:
    (x0, y0), (x1, y1) = positions[start], positions[end]
    ax.plot([x0, x1], [y0, y1], color="grey", zorder=1)
    fraction, shift = label_at[start + end]
    ax.text(
        x0 + fraction * (x1 - x0),
        y0 + fraction * (y1 - y0) + shift,
        f"{name} = {weight:g}\n∂E/∂{name} = {gradient:.4f}",
        ha="center",
        va="center",
        fontsize=9,
        bbox=dict(facecolor="white", edgecolor="lightgrey", boxstyle="round"),
        zorder=3,
    )
for px, py in positions.values():
    ax.add_patch(plt.Circle((px, py), 0.25, color="lightsteelblue", zorder=2))
texts = {
    "x1": (f"x₁ = {x[0]:g}", ""),
    "x2": (f"x₂ = {x[1]:g}", ""),
    "h1": (
        f"u₁ = {u_hidden[0]:g}, z₁ = {z_hidden[0]:.4f}",
        f"δ₁ = {delta_hidden[0]:.4f}",
    ),
    "h2": (
        f"u₂ = {u_hidden[1]:g}, z₂ = {z_hidden[1]:.4f}",
        f"δ₂ = {delta_hidden[1]:.4f}",
    ),
    "out": (f"u_k = {u_out:.4f}, ŷ = {y_hat:.4f}", f"δ_k = {delta_k:.4f}"),
}
for name, (forward_text, delta_text) in texts.items():
    px, py = positions[name]
    if name.startswith("x"):  # inputs: the value to the left, no delta
        ax.text(
            px - 0.35,
            py,
            forward_text,
            ha="right",
            va="center",
            color="tab:blue",
            fontsize=10,
        )
        continue
    ax.text(
        px,
        py + 0.36,
        forward_text,
        ha="center",
        va="bottom",
        color="tab:blue",
        fontsize=10,
        bbox=dict(facecolor="white", edgecolor="none", pad=1),
    )
    ax.text(
        px, py - 0.36, delta_text, ha="center", va="top", color="tab:red", fontsize=10
    )
ax.text(6, 0.2, f"target y = {y:g}\nE = {E:.4f}", ha="center", va="top", fontsize=10)
ax.set_xlim(-1.4, 7.2)
ax.set_ylim(-0.8, 2.75)
ax.set_aspect("equal")
ax.axis("off")
ax.set_title(
    "The 2-2-1 network: forward values (blue), deltas (red), each weight with its "
    "gradient"
)
plt.show()

# %% [markdown]
# *Figure, in words:* The 2-2-1 network drawn as circles joined by edges: each unit shows its forward value in
# blue above it and its delta in red below it, and each edge its weight and that weight's gradient; the target
# y and the error E are written next to the output unit.

# %% [markdown]
# **Try it.** The same network, with sliders. Click *deltas*, then drag the target $y$ down towards
# $\hat y = 0.6029$: every delta shrinks towards 0, and past it every one changes sign ($\delta_1$ keeps the
# sign of $\delta_k$, $\delta_2$ takes the opposite one, because $w_{2k} < 0$). Then set $x_1 = -5$, $x_2 = 5$:
# $z_2$ comes close to 1, and $\delta_2$ nearly vanishes with its factor $z_2(1 - z_2)$.

# %% tags=["nbval-ignore-output"]
from nbtools.explorers import network_explorer

network_explorer([(W1, b1), (W2, b2)], ["sigmoid", "sigmoid"], x=x, y=[y])

# %% [markdown]
# ### Confirmed by finite differences
# An independent referee that needs no calculus: nudge one parameter by $\pm s$, recompute the loss, and
# take $\frac{E(\theta + s) - E(\theta - s)}{2s}$. `check_gradients` from `nbtools.gradient_check` does this
# for every parameter of a list of layers `[(W1, b1), (W2, b2)]`, compares with our gradients, and reports
# the largest *relative* error $\frac{|a - b|}{|a| + |b|}$ and where it occurs. It needs a function that
# recomputes the loss from the current parameters; the input is a batch of one row, `x[None]`, of shape (1, 2).

# %%
layers = [(W1, b1), (W2, b2)]
our_gradients = [(dE_dW1, dE_db1), (dE_dW2, dE_db2)]


def loss_of_parameters():
    return losses.mse(forward(x[None], layers, ["sigmoid", "sigmoid"]), np.array([[y]]))


print(check_gradients(loss_of_parameters, layers, our_gradients))

# %% [markdown]
# Relative errors between about $10^{-10}$ and $10^{-7}$ are what float64 finite differences typically
# reach, and `check_gradients` calls anything below $10^{-6}$ agreement. Two gradients that are both tiny
# (a correct 0 against a finite difference of $3 \times 10^{-18}$) would score 1 by this ratio, so the
# denominator is never allowed below a floor, and gradients that small are compared absolutely. The floor is
# the finite difference's own rounding noise over the verdict's $10^{-6}$: each loss is rounded to about
# $\varepsilon |E|$, so the difference carries about $2\varepsilon|E|/s$ whatever the gradient is, and no
# comparison can confirm a gradient smaller than that noise divided by $10^{-6}$ (at least $10^{-8}$):

# %%
E = loss_of_parameters()
print(f"E = {E:.4f}: floor 2 eps |E| / (s * 1e-6) = {noise_floor(E):.1e}")

# %% [markdown]
# A wrong gradient scores far above $10^{-6}$, though not always near 1. The most common bug of the
# previous section, leaving out the hidden layer's $z_j(1 - z_j)$, on this network:

# %%
forgot_the_slope = [
    (np.outer(x, delta_k * W2[:, 0]), delta_k * W2[:, 0]),
    (dE_dW2, dE_db2),
]
print(check_gradients(loss_of_parameters, layers, forgot_the_slope))

# %% [markdown]
# At the worst entry the backprop value is $-0.0951$ instead of $-0.0199$, about 4.8 times too large, because
# the missing factor is $z_2(1 - z_2) = 0.21$: a relative error of 0.65, not 1. (A sign error would score
# exactly 1; a gradient off by a few percent would score a few hundredths. Anything above $10^{-6}$ is a bug.)

# %% [markdown]
# ## The same gradient, fully symbolically
# Finite differences are approximate. SymPy can give the *exact* derivatives: make a symbol for each of the
# nine parameters (and for $x_1, x_2, y$), write $E$ as one expression, and differentiate it nine times with
# `sp.diff`, no deltas involved.

# %%
w_11, w_12, w_21, w_22 = sp.symbols("w_11 w_12 w_21 w_22")    # first layer, w_ij
b_1, b_2 = sp.symbols("b_1 b_2")                              # hidden biases, b_j
w_1k, w_2k, b_k = sp.symbols("w_1k w_2k b_k")  # output layer, w_jk and b_k
x_1, x_2 = sp.symbols("x_1 x_2")
parameters = [w_11, w_12, w_21, w_22, b_1, b_2, w_1k, w_2k, b_k]


def sigma(t):
    return 1 / (1 + sp.exp(-t))


z_1 = sigma(x_1 * w_11 + x_2 * w_21 + b_1)
z_2 = sigma(x_1 * w_12 + x_2 * w_22 + b_2)
y_hat_expression = sigma(z_1 * w_1k + z_2 * w_2k + b_k)
E_expression = (y_hat_expression - y_symbol) ** 2
E_expression

# %% [markdown]
# The derivative with respect to one first-layer weight, $w_{11}$. This is one of the nine equations
# "$\partial E / \partial \theta = 0$" of the first section, for the smallest network there is; you can
# see why nobody solves the system for millions of parameters.

# %%
gradient_expressions = [sp.diff(E_expression, parameter) for parameter in parameters]
gradient_expressions[0]

# %% [markdown]
# Substitute the numbers of our network into each exact derivative and compare it with the one from the
# deltas:

# %%
values = {
    x_1: x[0],
    x_2: x[1],
    y_symbol: y,
    w_11: W1[0, 0],
    w_12: W1[0, 1],
    w_21: W1[1, 0],
    w_22: W1[1, 1],
    b_1: b1[0],
    b_2: b1[1],
    w_1k: W2[0, 0],
    w_2k: W2[1, 0],
    b_k: b2[0],
}
from_deltas = [
    dE_dW1[0, 0],
    dE_dW1[0, 1],
    dE_dW1[1, 0],
    dE_dW1[1, 1],
    dE_db1[0],
    dE_db1[1],
    dE_dW2[0, 0],
    dE_dW2[1, 0],
    dE_db2[0],
]
print(f"{'parameter':<10}{'by SymPy':>15}{'by deltas':>15}{'difference':>13}")
for parameter, expression, by_deltas in zip(
    parameters, gradient_expressions, from_deltas
):
    exact = float(expression.subs(values))
    print(
        f"{str(parameter):<10}{exact:>15.9f}{by_deltas:>15.9f}"
        f"{abs(exact - by_deltas):>13.1e}"
    )

# %% [markdown]
# All nine agree to the last digits float64 can hold. SymPy can also show the **shared factor** of the
# previous sections exactly: divide the derivatives with respect to $w_{11}$ and $w_{21}$ by the one with
# respect to the bias $b_1$, and everything cancels except the last local factor ($x_1$, $x_2$): the rest,
# $\delta_1$, is common to all three. Likewise $\frac{\partial E/\partial w_{1k}}{\partial E/\partial b_k}$
# is $z_1$ written out.

# %%
dE = dict(zip(parameters, gradient_expressions))
sp.simplify(dE[w_11] / dE[b_1]), sp.simplify(dE[w_21] / dE[b_1]), sp.simplify(
    dE[w_1k] / dE[b_k]
)

# %% [markdown]
# ## The matrix form: a batch, any depth
# For a batch, stack the samples as rows (lesson 2): layer $l$ receives $Z^{(l-1)}$ of shape
# $(n, n_\text{in})$ (with $Z^{(0)} = X$), computes $U^{(l)} = Z^{(l-1)} W^{(l)} + \mathbf{b}^{(l)}$ and passes
# on $Z^{(l)} = f(U^{(l)})$. The deltas become a matrix $\delta^{(l)} = \frac{\partial E}{\partial U^{(l)}}$ of
# the same shape as $U^{(l)}$, $(n, n_\text{out})$: one row per sample, one column per unit. The formulas of
# the 2-2-1 network, for every sample and unit at once:
#
# $$\delta^{(L)} = \frac{\partial E}{\partial \hat Y} \odot f'\big(U^{(L)}\big), \qquad
#   \frac{\partial E}{\partial W^{(l)}} = {Z^{(l-1)}}^{\!\top} \delta^{(l)}, \qquad
#   \frac{\partial E}{\partial \mathbf{b}^{(l)}} = \sum_{\text{rows}} \delta^{(l)}, \qquad
#   \delta^{(l-1)} = \big(\delta^{(l)}\, {W^{(l)}}^{\!\top}\big) \odot f'\big(U^{(l-1)}\big),$$
#
# where $\odot$ multiplies entry by entry. The shapes say which way round each product goes:
# ${Z^{(l-1)}}^{\!\top} \delta^{(l)}$ is $(n_\text{in}, n) \cdot (n, n_\text{out}) \to (n_\text{in}, n_\text{out})$,
# the shape of $W^{(l)}$, and entry $(j, k)$ is $\sum_\text{samples} z_j \delta_k$, our $\delta_k z_j$ summed
# over the batch. $\delta^{(l)} {W^{(l)}}^{\!\top}$ is $(n, n_\text{out}) \cdot (n_\text{out}, n_\text{in}) \to
# (n, n_\text{in})$, and entry $j$ of a row is $\sum_k \delta_k w_{jk}$, the sum in the hidden delta.
#
# **Get it right.** The loss is a **mean**: the workbook's MSE averages over all $n_\text{samples} \times
# n_\text{outputs}$ entries, so $\frac{\partial E}{\partial \hat Y} = \frac{2(\hat Y - Y)}{n_\text{samples}\,
# n_\text{outputs}}$ (lesson 3). That factor $\frac1n$ enters **once**, at the top, and travels down inside
# every delta. The products $Z^\top \delta$ and the row sums then *sum* over the samples; averaging them
# again would make every gradient $n$ times too small. With $E$ a sum instead of a mean, the gradients would
# be $n$ times larger and the right learning rate would depend on the batch size.
#
# The whole backward pass, for a mean squared error and any list of layers and activation names:

# %%
def backward_pass(X, Y, layers, activations):
    """Gradients [(dE/dW, dE/db), ...] of the MSE, first layer first. X: (n, n_inputs),
    Y: (n, n_outputs)."""
    Z, U = [X], []
    for (W, b), name in zip(layers, activations):  # forward, keeping every U and Z
        U.append(Z[-1] @ W + b)
        Z.append(ACTIVATIONS[name][0](U[-1]))
    dE_dZ = 2 * (Z[-1] - Y) / Y.size  # dE/dY_hat of the mean
    gradients = []
    for l in reversed(range(len(layers))):
        # dE/dU: times f'(U), entry by entry
        delta = dE_dZ * ACTIVATIONS[activations[l]][1](U[l])
        gradients.append((Z[l].T @ delta, delta.sum(axis=0)))  # stored: dE/dW and dE/db
        dE_dZ = delta @ layers[l][0].T  # passed back: dE/dZ of the layer below
    return gradients[::-1]

# %% [markdown]
# On our 2-2-1 network, with the single sample as a batch of one row, it reproduces every number computed
# by hand:

# %%
batched = backward_pass(x[None], np.array([[y]]), layers, ["sigmoid", "sigmoid"])
for (dW_batched, db_batched), (dW_hand, db_hand) in zip(batched, our_gradients):
    print(
        "dW",
        dW_batched.ravel().round(6),
        " db",
        db_batched.round(6),
        " same as by hand:",
        np.allclose(dW_batched, dW_hand) and np.allclose(db_batched, db_hand),
    )

# %% [markdown]
# Now a deeper network on a batch: 3 inputs, hidden layers of 5 (tanh) and 4 (sigmoid) units, 2 identity
# outputs, 8 samples. Our gradients against finite differences:

# %%
rng = np.random.default_rng(5)
deep_activations = ["tanh", "sigmoid", "identity"]
deep_layers = init_network([3, 5, 4, 2], rng)
X_batch = rng.normal(size=(8, 3))
Y_batch = rng.normal(size=(8, 2))
deep_gradients = backward_pass(X_batch, Y_batch, deep_layers, deep_activations)
print("shapes:", [(dW.shape, db.shape) for dW, db in deep_gradients])
print(
    check_gradients(
        lambda: losses.mse(forward(X_batch, deep_layers, deep_activations), Y_batch),
        deep_layers,
        deep_gradients,
    )
)

# %% [markdown]
# Any depth: one to five layers of random sizes (between 2 and 6 units) and random activations, a fresh
# network for each depth. The verdict of `check_gradients` for each:

# %%
for depth in range(1, 6):
    sizes = rng.integers(2, 7, size=depth + 1).tolist()
    names = rng.choice(["sigmoid", "tanh", "identity"], size=depth).tolist()
    network = init_network(sizes, rng)
    X_random, Y_random = rng.normal(size=(5, sizes[0])), rng.normal(size=(5, sizes[-1]))
    verdict = check_gradients(
        lambda: losses.mse(forward(X_random, network, names), Y_random),
        network,
        backward_pass(X_random, Y_random, network, names),
    )
    print(f"{'-'.join(map(str, sizes)):<14} {', '.join(names):<40} {verdict}")

# %% [markdown]
# ### Which step $s$?
# The step trades two errors. The central difference is off by about $s^2$ (the curve is not straight over
# $\pm s$); and each loss is rounded to float64's precision $\epsilon = 2.2 \times 10^{-16}$, which costs
# about $\epsilon E / s$ in the quotient. Their sum $a s^2 + b\,\epsilon / s$ is smallest where
# $2 a s = b\,\epsilon / s^2$, that is for $s$ of the order of $\epsilon^{1/3} \approx 6 \times 10^{-6}$ (the
# constants $a$, $b$ depend on the loss's curvature and size, so only the order is universal). Measured:
# the largest relative error over all parameters against the step, for the 2-2-1 network and the deeper
# 3-5-4-2 one.

# %%
def largest_error_at_step(loss_function, network, gradients, step):
    """The max relative error of check_gradients with finite-difference step
    ``step``."""
    return check_gradients(
        loss_function, network, gradients, step=step
    ).max_relative_error


steps = np.logspace(-1, -10, 37)
cases = {
    "2-2-1": (loss_of_parameters, layers, our_gradients),
    "3-5-4-2": (
        lambda: losses.mse(forward(X_batch, deep_layers, deep_activations), Y_batch),
        deep_layers,
        deep_gradients,
    ),
}
fig, ax = plt.subplots(figsize=(6.5, 3.8))
for name, case in cases.items():
    errors = [largest_error_at_step(*case, step) for step in steps]
    best = int(np.argmin(errors))
    error_at = dict(zip(np.log10(steps).round(2), errors))
    print(
        f"{name:<8} best step {steps[best]:.1e} (error {errors[best]:.1e}); at s = "
        f"1e-2: {error_at[-2]:.1e},"
        f" 1e-5: {error_at[-5]:.1e}, 1e-6: {error_at[-6]:.1e}, 1e-9: {error_at[-9]:.1e}"
    )
    ax.loglog(steps, errors, "o-", markersize=3, label=name)
print(f"cube root of epsilon: {np.finfo(float).eps ** (1 / 3):.1e}")
ax.axvline(
    np.finfo(float).eps ** (1 / 3),
    color="grey",
    linestyle="--",
    label="$\\epsilon^{1/3}$",
)
ax.set_xlabel("finite-difference step s")
ax.set_ylabel("max relative error")
ax.legend()
plt.show()

# %% [markdown]
# *Figure, in words:* The largest relative error of the gradient check against the finite-difference step s,
# both on log scales, for the 2-2-1 and 3-5-4-2 networks: a V shape. Large steps are inaccurate (the
# truncation error falls as s shrinks), tiny steps are noisy (rounding error grows), and the bottom, about
# 1e-10, is near s = 3e-5, close to the cube root of epsilon (grey, dashed).

# %% [markdown]
# Both curves fall as $s^2$ (two decades of error per decade of step) from the right, rise again as
# $1/s$ on the left, and bottom out between $10^{-6}$ and $10^{-4}$, around the cube root of $\epsilon$:
# at $3.2 \times 10^{-5}$ for both, a factor of 5 from $6 \times 10^{-6}$. Hence the default $s = 10^{-5}$.
# A step of $10^{-6}$ is still fine on these two, but on a network of
# five sigmoid layers some gradients are only about $10^{-5}$, and there the rounding part alone pushes
# correct gradients past the $10^{-6}$ verdict (the workbook's tests keep such a network).

# %% [markdown]
# **Get it right.** Backpropagation computes the gradient; by itself it does not learn anything. Learning is
# the step that *uses* the gradient, $\theta \leftarrow \theta - \eta \frac{\partial E}{\partial \theta}$
# (lesson 6). And what travels backwards is a derivative, $\frac{\partial E}{\partial Z}$, not "the error":
# only at the output is it proportional to $\hat y - y$; a hidden unit has no target to be in error against.

# %% [markdown]
# ## From here on: `nbtools.backprop`
# The workbook's package has the same backward pass, split into the pieces of this lesson:
# `forward_with_cache` (the forward pass that keeps every $U$ and $Z$: it returns the lists `Z` and `U`
# of our `backward_pass`), `layer_backward` (one layer: from
# $\frac{\partial E}{\partial Z}$ to $\frac{\partial E}{\partial W}$, $\frac{\partial E}{\partial \mathbf{b}}$
# and the $\frac{\partial E}{\partial Z}$ passed back), `backward` (every layer, from the loss's gradient),
# and `loss_and_gradients` (forward, loss and backward in one call, for any loss of `nbtools.losses`). It
# gives the same gradients as ours:

# %%
loss_value, package_gradients, output = backprop.loss_and_gradients(
    X_batch, Y_batch, deep_layers, deep_activations, "mse"
)
largest = max(
    np.abs(ours - theirs).max()
    for pair_ours, pair_theirs in zip(deep_gradients, package_gradients)
    for ours, theirs in zip(pair_ours, pair_theirs)
)
print(
    f"loss {loss_value:.6f}; largest difference from our backward_pass: {largest:.1e}"
)

# %% [markdown]
# One layer at a time with `layer_backward`, on the 2-2-1 network: the output layer gets
# $\frac{\partial E}{\partial \hat y} = 2(\hat y - y)$ and returns its gradients and the
# $\frac{\partial E}{\partial z_j} = \delta_k w_{jk}$ it passes back, which the hidden layer turns into its
# own gradients. From here on, the workbook uses `nbtools.backprop`.

# %%
Z, U = backprop.forward_with_cache(x[None], layers, ["sigmoid", "sigmoid"])
dW2_package, db2_package, dE_dz_hidden = backprop.layer_backward(
    2 * (Z[-1] - y), U[1], Z[1], W2, "sigmoid"
)
dW1_package, db1_package, _ = backprop.layer_backward(
    dE_dz_hidden, U[0], Z[0], W1, "sigmoid"
)
print("dE/dz_j passed back:", dE_dz_hidden.round(6))
print(
    "dE/dW1 equals ours:",
    np.allclose(dW1_package, dE_dW1),
    " dE/dW2 equals ours:",
    np.allclose(dW2_package, dE_dW2),
)

# %% [markdown]
# ## Summary
# - A network's loss cannot be minimised by solving $\nabla E = 0$: one non-linear equation per parameter,
#   with no closed-form solution. We iterate, and every step needs the gradient.
# - The chain rule writes each gradient as a product of local derivatives along the composition. Going
#   from the loss backwards with a running product computes the shared factors once: the backward pass costs
#   one to two forward passes, while gradients computed one by one cost more with every path through the network.
# - Two kinds of derivatives: with respect to a piece's input (multiplied into the running product and passed
#   back) and with respect to its parameters (stored as the gradient). Activations have only the first kind.
# - Deltas $\delta = \partial E / \partial u$: $\frac{\partial E}{\partial w_{jk}} = \delta_k z_j$,
#   $\frac{\partial E}{\partial b_k} = \delta_k$; for $E = (\hat y - y)^2$ with a sigmoid output
#   $\delta_k = 2(\hat y - y)\,\hat y(1 - \hat y)$; hidden $\delta_j = (\sum_k \delta_k w_{jk})\, z_j(1 - z_j)$
#   and $\frac{\partial E}{\partial w_{ij}} = \delta_j x_i$.
# - Matrix form for a batch: $\frac{\partial E}{\partial W} = Z^\top \delta$, $\frac{\partial E}{\partial
#   \mathbf{b}} = \sum_\text{rows} \delta$, $\delta_\text{prev} = (\delta W^\top) \odot f'(U_\text{prev})$; the
#   mean's $\frac1n$ is already in $\frac{\partial E}{\partial \hat Y}$.
# - Every gradient was confirmed exactly with SymPy and numerically with finite differences
#   (`nbtools.gradient_check.check_gradients`).
#
# ## Questions
# 1. In the 2-2-1 network, $\frac{\partial E}{\partial w_{11}}$ and $\frac{\partial E}{\partial w_{12}}$
#    have opposite signs. Which factor of $\delta_j x_i$ decides that?
#
#    <details><summary>Answer</summary>
#
#    Both share $x_1 = 0.5$, so the sign comes from the deltas: $\delta_j = \delta_k w_{jk} z_j(1 - z_j)$,
#    and $w_{1k} = 0.7 > 0$ while $w_{2k} = -0.5 < 0$ ($\delta_k$ is shared and $z_j(1 - z_j) > 0$).
#    </details>
#
# 2. A hidden unit's sigmoid is saturated: $z_j = 0.999$. What happens to $\delta_j$, and to the gradients
#    of the weights entering that unit?
#
#    <details><summary>Answer</summary>
#
#    Its factor $z_j(1 - z_j) \approx 0.001$ makes $\delta_j$ about 250 times smaller than at $z_j = 0.5$
#    (where the factor is $1/4$), and every $\partial E / \partial w_{ij} = \delta_j x_i$ with it: the
#    unit's incoming weights barely learn.
#    </details>
#
# 3. For a layer with 32 inputs and 10 units and a batch of 64 samples, what are the shapes of $\delta$,
#    $Z^\top \delta$ and $\delta W^\top$?
#
#    <details><summary>Answer</summary>
#
#    $\delta$: (64, 10), like $U$. $Z^\top \delta$: (32, 64)(64, 10) = (32, 10), the shape of $W$.
#    $\delta W^\top$: (64, 10)(10, 32) = (64, 32), the shape of the layer's input $Z$.
#    </details>
#
# 4. If the loss were the *sum* of squared errors over the batch instead of the mean, what would change in
#    the backward pass, and what would you have to change in the learning rate when the batch size doubles?
#
#    <details><summary>Answer</summary>
#
#    Only the start: $\frac{\partial E}{\partial \hat Y} = 2(\hat Y - Y)$ without the mean's
#    $\frac{1}{n_\text{samples} n_\text{outputs}}$, so every gradient is that many times larger. Doubling
#    the batch then doubles the gradients, so the learning rate must be halved to take the same steps.
#    </details>
#
# 5. Why is finite differencing fine for *checking* a gradient but too slow for *training*? (Count the
#    forward passes it needs for a network with 25,450 parameters.)
#
#    <details><summary>Answer</summary>
#
#    Central differences need two forward passes per parameter: 50,900 for one gradient of the 784-32-10
#    network, against one forward and one backward pass. Fine once, to check; far too slow at every step.
#    (It is also only approximate, to about $10^{-10}$ relative at best.)
#    </details>
#
#
# Now practise in the exercise: [`exercises/05_backpropagation.ipynb`](../exercises/05_backpropagation.ipynb).
