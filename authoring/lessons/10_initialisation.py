# %% [markdown]
# # Lesson 10: Initialisation and the flow of gradients
#
# Lesson 7's network had one hidden layer and trained at once. Stack ten layers and, depending on
# nothing but the scale of the random numbers you start from, the same training loop learns quickly
# or not at all. The reason is arithmetic: every layer multiplies the spread of what passes through
# it, forwards and backwards, by some factor. Ten layers multiply ten factors: a factor of 1/2 becomes
# about 1/1,000, a factor of 2 about 1,000 ($2^{10} = 1{,}024$). This lesson measures those factors,
# derives them, and derives the two standard ways of making them 1.
#
# **You will:**
# 1. watch the activations and the gradients of ten layers of sigmoid, tanh and ReLU units, started
#    too small, well scaled and too large: histograms and spreads, layer by layer;
# 2. derive $\operatorname{Var}(u) = n_\text{in}\operatorname{Var}(w)\,\mathbb E[z^2]$ in SymPy and
#    confirm it numerically;
# 3. derive from it He's scale for ReLU and Glorot's (Xavier's) for tanh, and confirm both;
# 4. see what the sigmoid's slope of at most 1/4 does to a product of ten of them, and meet dead ReLUs;
# 5. understand why lesson 7's ReLU network trained, and what `init_layer`'s scale did on the digits;
# 6. train ten-layer networks on the digits from each start;
# 7. drag the depth, the activation and the scale, and watch the spreads change.

# %% [markdown]
# ## Setup
# NumPy, SymPy and matplotlib as always, on one thread (the networks here are small, and every sum is
# then added in the same order on every run). From `nbtools`: this lesson's building blocks
# (`nbtools.initialisation`) and pictures (`nbtools.depth_explorer`), and lesson 7's data, network
# and training loop.

# %%
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from threadpoolctl import threadpool_limits

from nbtools.activations import SLOPES_FROM_OUTPUT
from nbtools.backprop import loss_and_gradients
from nbtools.datasets import load_digits_split
from nbtools.depth_explorer import ACTIVATION_COLOURS, depth_explorer, histogram_columns
from nbtools.initialisation import dead_units, deep_network, flow, init_std
from nbtools.layers import init_network
from nbtools.optimisers import Momentum
from nbtools.training import train

blas_threads = threadpool_limits(limits=1)
sp.init_printing(use_latex="mathjax")

# %% [markdown]
# ## Ten layers, at the start of training
# A network of 10 layers of 256 units each, nothing but weights (the biases start at 0, as
# `init_layer`'s do), fed a batch of 500 inputs of standard normal numbers (standardised data). Going
# backwards, we send in at the top a stand-in for what a loss would send: a gradient $\partial E/\partial Z$ of
# standard normal numbers, one for each output. `nbtools.initialisation.flow` runs both passes and
# returns each layer's output $z = f(u)$ and its delta $\delta = \partial E / \partial u$ (lesson 5:
# $\delta = (\delta_\text{above} W_\text{above}^\top) \odot f'(u)$).
#
# Every weight is drawn with standard deviation $\text{gain}/\sqrt{n_\text{in}}$. The section after
# next derives the standard gains: 1 for tanh (Glorot's scale, for square layers) and $\sqrt 2$ for
# ReLU (He's). The sigmoid has no derived gain (the derivation needs a slope of 1 at 0 and outputs
# centred on 0; the sigmoid's slope is at most 1/4 and its outputs sit around 0.5); it gets 1 here, as tanh does, which is also what PyTorch's
# `calculate_gain("sigmoid")` gives (printed at the end of the lesson). Each activation gets half
# its standard gain, the standard gain, and twice it, all from the same random numbers (seed 0):

# %%
WIDTH, DEPTH, N_SAMPLES = 256, 10, 500
STANDARD_GAIN = {"sigmoid": 1.0, "tanh": 1.0, "relu": np.sqrt(2)}
FACTORS = {"too small (×½)": 0.5, "standard": 1.0, "too large (×2)": 2.0}


def run_all(seed):
    """Every activation at every scale, one seed: {(activation, scale): (Z, deltas)}."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N_SAMPLES, WIDTH))
    G = rng.standard_normal((N_SAMPLES, WIDTH))
    runs = {}
    for activation, gain in STANDARD_GAIN.items():
        for scale, factor in FACTORS.items():
            layers = deep_network(WIDTH, DEPTH, factor * gain,
                                  np.random.default_rng(seed + 1))
            runs[activation, scale] = flow(X, layers, activation, G)
    return runs


runs = run_all(seed=0)
print(f"{'':<9}{'scale':<16}{'gain':>6}{'std z, layer 1':>16}{'layer 10':>10}"
      f"{'std δ, layer 10':>17}{'layer 1':>10}")
for (activation, scale), (Z, deltas) in runs.items():
    gain = FACTORS[scale] * STANDARD_GAIN[activation]
    print(f"{activation:<9}{scale:<16}{gain:>6.3f}{Z[0].std():>16.3g}"
          f"{Z[-1].std():>10.3g}"
          f"{deltas[-1].std():>17.3g}{deltas[0].std():>10.3g}")

# %% [markdown]
# Read the rows as pairs of columns: how the spread (standard deviation) of the activations changes
# from the first layer to the tenth, and how that of the deltas changes on the way back, from the
# tenth to the first. Pictures first: each panel below stands each layer's histogram in its own
# column, layer 1 on the left, one y-range for all ten (so a histogram that shrinks to a spike is a
# spread that shrank by orders of magnitude). For ReLU the values that are exactly 0 are left out:
# about half of them (41% to 56% of a layer's, on seeds 0-2: tested), their bin would dwarf all the
# others.

# %%
def plot_histograms(runs, which, title):
    """A 3 x 3 grid, a panel an (activation, scale): each layer's histogram."""
    fig, axes = plt.subplots(3, 3, figsize=(11, 7.5), layout="constrained")
    for ax, ((activation, scale), (Z, deltas)) in zip(axes.flat, runs.items()):
        values = Z if which == "activations" else deltas
        relu = activation == "relu"
        histogram_columns(ax, values, ACTIVATION_COLOURS[activation],
                          leave_out_zeros=relu)
        gain = FACTORS[scale] * STANDARD_GAIN[activation]
        panel = f"{activation}, {scale}: gain {gain:.2f}" + ", zeros left out" * relu
        ax.set_title(panel, fontsize=10)
    for ax in axes[-1]:
        ax.set_xlabel("layer")
    fig.suptitle(title)
    return fig


figure = plot_histograms(runs, "activations", "activations z = f(u), layer by layer")
plt.show()

# %% [markdown]
# *Figure, in words:* nine panels, one row per activation (sigmoid, tanh, ReLU), one column per scale
# (half the standard gain, the standard gain, twice it); in each, ten histograms side by side, one
# per layer, of that layer's activations. Sigmoid: every histogram sits around 0.5; from layer 2 on
# they are narrower and ragged at every scale. tanh: at half the gain the histograms shrink to a
# spike at 0 within a few layers; at the standard gain they narrow slowly; at twice it they pile up
# at -1 and +1 (saturated units: about a third of layer 10's values lie beyond ±0.9 on seeds 0-2,
# tested). ReLU (its positive values): at half the gain they shrink towards 0 layer after layer,
# at the standard gain they keep their length, at twice it the last layers fill
# the panel while the first layers' look like spikes.
#
# The sigmoid's ragged histograms have a cause worth knowing: its outputs average 0.5, so every sum
# of layer 2 and above is mostly $0.5\sum_j w_j$, a number fixed by each unit's weights, plus a
# part that depends on the input. That part passes through the sigmoid's slope, at most 1/4, at
# every layer, so it shrinks layer after layer. Each layer's spread split in two: how much a unit's
# output varies from input to input (the standard deviation within each unit, averaged over the
# units), and how much the units' averages differ from each other (sigmoid, standard gain, seed 0):

# %%
Z_sigmoid, _ = runs["sigmoid", "standard"]
within = [z.std(axis=0).mean() for z in Z_sigmoid]
between = [z.mean(axis=0).std() for z in Z_sigmoid]
print("within each unit:  ", " ".join(f"{v:8.2g}" for v in within))
print("between the units: ", " ".join(f"{v:8.2g}" for v in between))
shrink_within = [after / before for before, after in zip(within, within[1:])]
print(f"within, layer to layer: × {min(shrink_within):.3f} to {max(shrink_within):.3f}")

# %% [markdown]
# The part that depends on the input shrinks by a factor of about 0.235 a layer (the gain, 1, times
# the sigmoid's slope near its middle, measured in the section on the slope below), from 0.21 at
# layer 1 to 4.5e-07 at layer 10, while the units' averages keep differing by about 0.12. By layer
# 10 each unit's output is practically the same for every input, and a histogram shows 256 units'
# constant values. The sigmoid's overall spread does not vanish; what the input contributes to it
# does. (Seeds 1 and 2 give the same factors: tested.)

# %% [markdown]
# The same for the deltas, the gradient flowing back:

# %%
figure = plot_histograms(runs, "deltas",
                         "deltas ∂E/∂u, layer by layer (they flow from right to left)")
plt.show()

# %% [markdown]
# *Figure, in words:* the same nine panels for the deltas. For the sigmoid, at every scale, the
# tenth layer's histogram is wide and the ones to its left shrink to a spike: on its way back to
# layer 1 the gradient shrinks by a factor of about 3,600 at twice the gain and of about 160 million
# at half it (the table of three seeds below). For tanh, at half the gain the same happens; at the
# standard gain the histograms narrow gently to the left; at twice it every layer's histogram is a
# tall spike at 0 (saturated units pass back almost nothing) with long thin tails, longer towards
# layer 1. For ReLU (the nonzero deltas), half the gain shrinks to a spike towards layer 1, the
# standard gain keeps the width, twice it widens leftwards until the first layers fill the panel.

# %% [markdown]
# The spreads themselves, on a logarithmic scale:

# %%
fig, axes = plt.subplots(2, 3, figsize=(11, 6), sharex=True, layout="constrained")
for column, activation in enumerate(STANDARD_GAIN):
    for scale, style in zip(FACTORS, [":", "-", "--"]):
        Z, deltas = runs[activation, scale]
        layers_axis = np.arange(1, DEPTH + 1)
        colour = ACTIVATION_COLOURS[activation]
        axes[0, column].plot(layers_axis, [z.std() for z in Z], style, marker="o",
                             markersize=3, color=colour, label=scale)
        axes[1, column].plot(layers_axis, [d.std() for d in deltas], style, marker="o",
                             markersize=3, color=colour, label=scale)
    axes[0, column].set_title(activation)
    axes[1, column].set_xlabel("layer")
    for ax in axes[:, column]:
        ax.set_yscale("log")
        ax.legend(fontsize="small")
axes[0, 0].set_ylabel("std of activations")
axes[1, 0].set_ylabel("std of deltas")
plt.show()

# %% [markdown]
# *Figure, in words:* six panels on a logarithmic scale, layer 1 to 10 across. Top row, the
# activations' spread; bottom row, the deltas'; one column per activation, three lines in each
# (dotted: half the standard gain, solid: the standard gain, dashed: twice it). Straight sloping lines
# are constant factors per layer: ReLU's dotted lines fall and its dashed lines rise at the same
# steady slope, its solid lines stay level. The sigmoid's activation lines drop from layer 1 to 2 and
# then stay level; its three delta lines all fall steeply towards layer 1. tanh's dotted lines fall
# steeply, its solid ones gently; its dashed delta line rises towards layer 1.

# %% [markdown]
# What the table says, in numbers (seed 0):
# - **ReLU at half He's gain** divides both spreads by about 2 a layer: from layer 1 to layer 10,
#   nine layers, about $2^9 = 512$ times smaller (0.411 to 0.000729), forwards and backwards. **At
#   twice He's gain** it multiplies them by about 2: 1.65 at layer 1, 765 at layer 10. **At He's
#   gain** both stay nearly level. A factor of 2 in the scale is a factor of about 500 from layer 1
#   to layer 10.
# - **tanh at half Glorot's gain** shrinks the same way: about 550 times forwards (0.415 to
#   0.000754) and 640 times backwards (1 to 0.00156). At **Glorot's gain** the spread of the
#   activations still falls from 0.63 to 0.23: tanh flattens large sums ($|\tanh u| < |u|$), so it
#   loses a little at each layer, but slowly. At **twice** the gain the units saturate (their values
#   pile up at ±1) and the deltas *grow* backwards, to 3.3 times their size at layer 10.
# - **The sigmoid's deltas shrink by a factor of thousands or more at every one of these scales**:
#   at its standard gain, layer 1's are about two millionths of layer 10's. Its activations do not
#   shrink towards 0: they average about 0.5, and their spread at layer 10, 0.06 to 0.22, is the
#   differences between units. As measured above, the part that depends on the input does shrink,
#   by the same slope factor as the deltas.
#
# One seed could be luck. The same factors from two more seeds (other inputs, other weights):

# %%
def ratios(runs):
    """Each run's (std of z at layer 10 / layer 1, std of δ at layer 1 / layer 10)."""
    return {key: (Z[-1].std() / Z[0].std(), deltas[0].std() / deltas[-1].std())
            for key, (Z, deltas) in runs.items()}


by_seed = [ratios(runs)] + [ratios(run_all(seed)) for seed in (1, 2)]
print(f"{'':<9}{'scale':<16}{'z: layer 10 / layer 1, seeds 0-2':>36}"
      f"{'δ: layer 1 / layer 10, seeds 0-2':>36}")
for key in runs:
    forward_ratios = "  ".join(f"{seed[key][0]:9.3g}" for seed in by_seed)
    backward_ratios = "  ".join(f"{seed[key][1]:9.3g}" for seed in by_seed)
    print(f"{key[0]:<9}{key[1]:<16}{forward_ratios:>36}{backward_ratios:>36}")

# %% [markdown]
# Three seeds, the same story: where a factor is far from 1, the seeds agree on its size to within a
# factor of 2. ReLU at He's gain ends between 0.88 and 1.56 times where it started: there is no
# steady factor any more, only each layer's random deviation from 1 (a layer of 256 units is a
# finite sample of weights), and nine such deviations multiplied. The rest of the lesson explains
# each of these factors.

# %% [markdown]
# ## The variance of a weighted sum
# A unit's weighted sum is $u = \sum_{j=1}^{n_\text{in}} w_j z_j$ (lesson 2, with the bias at 0).
# At initialisation the weights are random: independent of each other and of the inputs, with mean
# $\mathbb E[w] = 0$ and variance $\operatorname{Var}(w)$. Then $\mathbb E[u] = \sum_j \mathbb E[w_j]
# \mathbb E[z_j] = 0$ and
#
# $$\operatorname{Var}(u) = \mathbb E[u^2] = \sum_j \sum_k \mathbb E[w_j w_k]\,\mathbb E[z_j z_k].$$
#
# For $j \ne k$, $\mathbb E[w_j w_k] = \mathbb E[w_j]\,\mathbb E[w_k] = 0$: every cross term
# vanishes, whatever the inputs do (they may be correlated with each other; only their independence
# from the weights is used). Only the $n_\text{in}$ squares stay. SymPy can do the bookkeeping for
# four inputs: expand $u^2$, and replace each power of each variable by its expectation, its moment
# (the code treats the $z_j$ as independent too, for simplicity; every term where that matters has
# a factor $\mathbb E[w_j w_k] = 0$):

# %%
n = 4
w = sp.symbols(f"w_1:{n + 1}")
z = sp.symbols(f"z_1:{n + 1}")
var_w, mean_z, mean_square_z = sp.symbols(
    r"\operatorname{Var}(w) \mu_z \mathbb{E}[z^2]")
moments = {**{w_j: {1: 0, 2: var_w} for w_j in w},
           **{z_j: {1: mean_z, 2: mean_square_z} for z_j in z}}


def expectation(expression):
    """E[expression] for a polynomial in independent variables with the given moments:
    the expectation of a product of independent factors is the product of theirs."""
    total = 0
    for term in sp.Add.make_args(sp.expand(expression)):
        coefficient, factors = term.as_coeff_mul()
        for factor in factors:
            base, power = factor.as_base_exp()
            coefficient *= moments[base][power]
        total += coefficient
    return total


u = sum(w_j * z_j for w_j, z_j in zip(w, z))
print("terms in u²:", len(sp.Add.make_args(sp.expand(u ** 2))))
variance_u = sp.simplify(expectation(u ** 2) - expectation(u) ** 2)
variance_u

# %% [markdown]
# Ten terms in $u^2$ (four squares, six cross terms, each twice), and what survives is four times
# $\operatorname{Var}(w)\,\mathbb E[z^2]$. With $n_\text{in}$ inputs, the same argument gives
#
# $$\boxed{\operatorname{Var}(u) = n_\text{in}\operatorname{Var}(w)\,\mathbb E[z^2]}$$
#
# **Get it right: $\mathbb E[z^2]$, not $\operatorname{Var}(z)$.** The inputs' mean $\mu_z$ does not
# cancel: $\mathbb E[z^2] = \operatorname{Var}(z) + \mu_z^2$. A ReLU's outputs, a sigmoid's, and pixels
# are never centred on 0. Numerically: 256 inputs $z = \operatorname{relu}(x)$ with $x$ standard normal
# (so $\mathbb E[z^2] = 1/2$ and $\operatorname{Var}(z) = 1/2 - 1/(2\pi)$), weights of standard
# deviation 0.1, 2,000 samples and 4,096 units. The formula's variance is over the random weights
# *and* the inputs, so the measurement takes many units, each with its own weights:

# %%
rng = np.random.default_rng(0)
n_in, weight_std = 256, 0.1
Z_in = np.maximum(rng.standard_normal((2_000, n_in)), 0)
W = rng.normal(0.0, weight_std, size=(n_in, 4_096))
U_check = Z_in @ W
with_mean_square = n_in * weight_std ** 2 * 0.5
with_variance = n_in * weight_std ** 2 * (0.5 - 1 / (2 * np.pi))
print(f"E[z²] measured {np.mean(Z_in ** 2):.4f}, Var(z) measured {Z_in.var():.4f}")
print(f"Var(u) measured:                  {U_check.var():.4f}")
print(f"n_in Var(w) E[z²]  (the formula): {with_mean_square:.4f}")
print(f"n_in Var(w) Var(z) (the slip):    {with_variance:.4f}")
print(f"of which: within each unit {U_check.var(axis=0).mean():.4f},"
      f" between the units' means {U_check.mean(axis=0).var():.4f}")

# %% [markdown]
# The formula, 1.28, against the measurement, 1.27; with $\operatorname{Var}(z)$ instead, the
# prediction, 0.87, is about a third too small. The last line says where the difference lives. With its weights fixed, one unit's
# sum varies from input to input by $n_\text{in}\operatorname{Var}(w)\operatorname{Var}(z)$ (the
# slip's number), around its own mean $\mu_z\sum_j w_j$, which differs from unit to unit: the
# $\mu_z^2$ part of $\mathbb E[z^2]$. Both make a layer's sums large, and the next layer's
# activation sees both.

# %% [markdown]
# ## From the formula to He's and Glorot's scales
# **Forwards.** Layer $l+1$'s sums have $\operatorname{Var}(u^{(l+1)}) = n_\text{in}
# \operatorname{Var}(w)\,\mathbb E[(z^{(l)})^2]$, where $z^{(l)} = f(u^{(l)})$. To keep the spread
# from layer to layer, $n_\text{in}\operatorname{Var}(w)\,\mathbb E[f(u)^2]$ must equal
# $\operatorname{Var}(u)$. What $\mathbb E[f(u)^2]$ is depends on the activation. For ReLU it needs
# one assumption: the sum $u$ is **symmetric about 0**. Then $\mathbb E[\operatorname{relu}(u)^2] =
# \mathbb E[u^2\,[u > 0]] = \tfrac12\mathbb E[u^2]$, whatever its distribution. The assumption holds
# at initialisation whenever the weights are drawn from a distribution symmetric about 0 (normal or
# uniform), independently of the inputs, and the biases are 0: flipping the sign of every weight gives $-u$ and leaves the
# weights' distribution unchanged, even though ReLU's outputs $z \ge 0$ are not symmetric. SymPy,
# for a normal $u$:

# %%
u_sym = sp.Symbol("u", real=True)
sigma = sp.Symbol("sigma", positive=True)
normal_density = (sp.exp(-u_sym ** 2 / (2 * sigma ** 2))
                  / sp.sqrt(2 * sp.pi * sigma ** 2))
relu_mean_square = sp.integrate(u_sym ** 2 * normal_density, (u_sym, 0, sp.oo))
relu_mean_square

# %% [markdown]
# Numerically, $\mathbb E[\operatorname{relu}(u)^2]/\operatorname{Var}(u)$ for a million draws of
# three sums of mean 0: a normal one, a uniform one (symmetric, not normal), and an exponential one
# shifted to mean 0 (not symmetric), where the rule fails:

# %%
draws = np.random.default_rng(0)
samples = {"normal, σ = 2": draws.normal(0.0, 2.0, 1_000_000),
           "uniform on [-1, 1]": draws.uniform(-1.0, 1.0, 1_000_000),
           "exponential - 1": draws.exponential(1.0, 1_000_000) - 1.0}
for name, u_draws in samples.items():
    ratio = np.mean(np.maximum(u_draws, 0) ** 2) / u_draws.var()
    print(f"{name:<19} E[relu(u)²] / Var(u) = {ratio:.4f}")
print(f"exponential - 1, exactly: 2/e = {2 / np.e:.4f}")

# %% [markdown]
# A half for both symmetric sums (SymPy's $\sigma^2/2$ for the normal one), $2/e \approx 0.74$ for
# the lopsided one: the symmetry, not the normality, is what He's factor 2 rests on. With it,
# $\mathbb E[\operatorname{relu}(u)^2] = \operatorname{Var}(u)/2$: a ReLU passes half of the
# variance. So $\operatorname{Var}(u^{(l+1)}) = n_\text{in}\operatorname{Var}(w)
# \operatorname{Var}(u^{(l)})/2$, and the spread stays when
#
# $$\operatorname{Var}(w) = \frac{2}{n_\text{in}}, \qquad \text{standard deviation }
#   \sqrt{2/n_\text{in}} \qquad \text{(He et al., 2015).}$$
#
# For tanh, $\tanh u \approx u$ near 0, so $\mathbb E[z^2] \approx \operatorname{Var}(u)$ while
# the sums are small, and the condition is $\operatorname{Var}(w) = 1/n_\text{in}$.
#
# **Backwards.** Lesson 5's hidden delta of unit $j$ is $\delta_j = f'(u_j)\sum_k w_{jk}\delta_k$: a
# sum of $n_\text{out}$ terms, weights times the deltas above. The same argument, with one more
# assumption (Glorot's and He's too): the slope $f'(u_j)$, the weights $w_{jk}$ and the deltas above
# are treated as independent. That is an approximation, since the deltas above were computed
# through the same weights, and it is checked numerically below. It gives
#
# $$\operatorname{Var}(\delta^{(l)}) = n_\text{out}\operatorname{Var}(w)\,\mathbb E[f'(u)^2]\,
#   \operatorname{Var}(\delta^{(l+1)}).$$
#
# ReLU's slope is 1 half the time and 0 otherwise, so $\mathbb E[f'^2] = 1/2$ and the deltas keep
# their spread when $\operatorname{Var}(w) = 2/n_\text{out}$; tanh's slope is near 1 for small sums,
# so $\operatorname{Var}(w) = 1/n_\text{out}$. When $n_\text{in} \ne n_\text{out}$ the two
# conditions disagree. Glorot and Bengio (2010) take the compromise
#
# $$\operatorname{Var}(w) = \frac{2}{n_\text{in} + n_\text{out}} \qquad \text{(Glorot, or Xavier)},$$
#
# which is both conditions at once for square layers. `nbtools.initialisation.init_std` returns the
# standard deviations, the square roots:

# %%
for activation, n_in, n_out in [("relu", 256, 256), ("tanh", 256, 256),
                                ("relu", 64, 10), ("tanh", 64, 10)]:
    std = init_std(activation, n_in, n_out)
    print(f"{activation:<5} {n_in:>3} -> {n_out:<3} std {std:.4f}")

# %% [markdown]
# For a square layer of 256, $\sqrt{2/256} = 0.0884$ for ReLU and $\sqrt{1/256} = 0.0625$ for tanh.
#
# **Confirmed numerically.** In the ten-layer networks above (seed 0's inputs, a new gradient at the
# top), each layer's measured $\operatorname{Var}(u^{(l+1)})$ against $n_\text{in}\operatorname{Var}
# (w)\,\mathbb E[(z^{(l)})^2]$ with the layer's actual weights and activations; the same for the
# deltas, $\mathbb E[(\delta^{(l)})^2]$ against $n_\text{out}\operatorname{Var}(w)\,\mathbb E[f'(u^{(l)})
# ^2]\,\mathbb E[(\delta^{(l+1)})^2]$ (the deltas have mean 0, so these are their variances); and for
# ReLU the factor per layer, $\operatorname{Var}(u^{(l+1)})/\operatorname{Var}(u^{(l)})$, averaged
# over the layers, against what He's derivation predicts, $n_\text{in}\operatorname{Var}(w)/2 =
# \text{gain}^2/2$:

# %%
X_check = np.random.default_rng(0).standard_normal((N_SAMPLES, WIDTH))
G_check = np.random.default_rng(2).standard_normal((N_SAMPLES, WIDTH))
print(f"{'':<9}{'gain':>6}{'measured / formula: forwards':>31}{'backwards':>17}"
      f"{'factor per layer':>18}{'gain²/2':>9}")
for activation in STANDARD_GAIN:
    slope_of = SLOPES_FROM_OUTPUT[activation]
    for factor in FACTORS.values():
        gain = factor * STANDARD_GAIN[activation]
        layers = deep_network(WIDTH, DEPTH, gain, np.random.default_rng(1))
        Z, deltas = flow(X_check, layers, activation, G_check)
        U = [X_check @ layers[0][0]] + [z @ W for z, (W, _) in zip(Z, layers[1:])]
        formula = [WIDTH * W.var() * np.mean(z ** 2)
                   for z, (W, _) in zip(Z, layers[1:])]
        forwards = [u.var() / f for u, f in zip(U[1:], formula)]
        backwards = [np.mean(d ** 2) / (WIDTH * W_above.var()
                                         * np.mean(slope_of(z) ** 2)
                                         * np.mean(d_above ** 2))
                     for d, z, d_above, (W_above, _)
                     in zip(deltas, Z, deltas[1:], layers[1:])]
        line = (f"{activation:<9}{gain:>6.3f}{min(forwards):>17.3f}"
                f" to {max(forwards):.3f}"
                f"{min(backwards):>9.3f} to {max(backwards):.3f}")
        if activation == "relu":
            per_layer = np.mean([b.var() / a.var() for a, b in zip(U, U[1:])])
            line += f"{per_layer:>18.3f}{gain ** 2 / 2:>9.3f}"
        print(line)

# %% [markdown]
# Forwards, the formula holds to a few percent at every layer for tanh and ReLU, and to within 18%
# for the sigmoid: there most of $\mathbb E[z^2]$ is the mean's $0.5^2$, which, as above, shows as
# differences between units, and 256 units are a small sample of them. Backwards, the formula holds
# to within 5% at every layer of all nine networks: the independence it assumes costs little at
# initialisation. ReLU's factor per layer is the predicted $\text{gain}^2/2$ to within 3%: a quarter
# at half He's gain (the spread, its square root, halves), 1 at He's, 4 at twice it.
#
# Glorot's variance for a layer that is not square, from its own formula, with weights drawn
# uniformly: a uniform $w$ on $[-a, a]$ has variance

# %%
a, x_sym = sp.symbols("a x", positive=True)
n_in_sym, n_out_sym = sp.symbols("n_in n_out", positive=True)
uniform_variance = sp.integrate(x_sym ** 2 / (2 * a), (x_sym, -a, a))
bound = sp.solve(sp.Eq(uniform_variance, 2 / (n_in_sym + n_out_sym)), a)[0]
uniform_variance, bound

# %% [markdown]
# $a^2/3$, so Glorot's uniform weights are drawn from $[-a, a]$ with $a = \sqrt{6/(n_\text{in} +
# n_\text{out})}$ (the form in Glorot and Bengio's paper). Drawn for a 300-100 layer:

# %%
limit = float(bound.subs({n_in_sym: 300, n_out_sym: 100}))
W_uniform = np.random.default_rng(0).uniform(-limit, limit, size=(300, 100))
print(f"a = {limit:.4f}; variance measured {W_uniform.var():.6f},"
      f" 2/(n_in + n_out) = {2 / 400:.6f}")

# %% [markdown]
# ## The sigmoid's slope is at most 1/4
# The sigmoid's deltas shrank at every scale. Its slope, $\sigma'(u) = \sigma(u)(1 - \sigma(u))$,
# is largest where its own derivative is 0:

# %%
sigmoid_u = 1 / (1 + sp.exp(-u_sym))
slope = sp.diff(sigmoid_u, u_sym)
peak = sp.solve(sp.diff(slope, u_sym), u_sym)
print("slope is largest at u =", peak, " where it is", slope.subs(u_sym, 0))
print("ten slopes multiplied are at most (1/4)^10 =", sp.Rational(1, 4) ** 10,
      f"= {0.25 ** 10:.3g}")

# %% [markdown]
# Each delta carries a factor $\sigma'(u) \le 1/4$ from its own layer: the delta of layer 1 has passed
# through ten of them. With Glorot's weights ($n\operatorname{Var}(w) = 1$) nothing else makes up for
# it, and the backward formula predicts that the deltas' variance shrinks at least 16-fold a layer.
# Measured in the ten-layer sigmoid network at its standard gain, the root mean square of the slopes
# at each layer, and the product of the ten:

# %%
Z_sigmoid, deltas_sigmoid = runs["sigmoid", "standard"]
slopes = [np.sqrt(np.mean(SLOPES_FROM_OUTPUT["sigmoid"](z) ** 2)) for z in Z_sigmoid]
print("rms slope by layer:", np.round(slopes, 3))
print(f"product of all ten: {np.prod(slopes):.3g};"
      f" of layers 1-9: {np.prod(slopes[:-1]):.3g}")
shrink = deltas_sigmoid[0].std() / deltas_sigmoid[-1].std()
print(f"the deltas, layer 1 / layer 10: {shrink:.3g}")

# %% [markdown]
# Slopes of 0.21 to 0.24, just under 1/4 (the sums are small, so the sigmoid works near its steepest
# point), and the
# deltas of layer 1 are about two millionths of those of layer 10, as the nine factors of layers 1-9
# predict (the tenth, layer 10's own slope, is already inside its delta).
#
# A larger gain makes the weights carry more gradient back, but also makes the sums larger, pushing
# the sigmoid out of its steep middle. Trying gains up to 12:

# %%
saturation = 0.1 * 0.25   # here "saturated" means a slope under a tenth of its largest
for gain in [1.0, 4.0, 8.0, 12.0]:
    layers = deep_network(WIDTH, DEPTH, gain, np.random.default_rng(1))
    Z, deltas = flow(X_check, layers, "sigmoid", G_check)
    saturated = np.mean(SLOPES_FROM_OUTPUT["sigmoid"](Z[-1]) < saturation)
    shrink = deltas[0].std() / deltas[-1].std()
    print(f"gain {gain:>4}: deltas layer 1 / layer 10 {shrink:9.3g},"
          f"  outputs of layer 10 saturated: {saturated:.0%}")

# %% [markdown]
# The deltas stop shrinking only between gains 8 and 12, where about half to two thirds of layer
# 10's outputs are saturated (seeds 1 and 2 give the same: tested). None of these gains keeps both
# the gradients and the units in their useful range. That, with its outputs' mean of 0.5, is why
# hidden layers usually use tanh or ReLU instead. tanh is a sigmoid stretched to slope 1 and
# centred, $\tanh u = 2\sigma(2u) - 1$, which SymPy confirms (with its slope at 0):

# %%
tanh_from_sigmoid = 2 * sigmoid_u.subs(u_sym, 2 * u_sym) - 1
print("2σ(2u) - 1 - tanh(u) =",
      sp.simplify((tanh_from_sigmoid - sp.tanh(u_sym)).rewrite(sp.exp)),
      "; slope at 0:", sp.diff(tanh_from_sigmoid, u_sym).subs(u_sym, 0))

# %% [markdown]
# ## Dead ReLUs
# A ReLU unit whose sum is negative passes back a slope of 0. If its sum is $\le 0$ for **every**
# sample of the training set, the unit is *dead*: its output is always 0 and every gradient of its
# weights and bias is exactly 0, so gradient descent no longer moves them (momentum may still carry
# them a few steps on the velocity they had; weight decay, lesson 12, would shrink them). In the
# first layer, whose inputs are the data and never change, such a unit stays dead for good; in a
# deeper layer its inputs change as the layers below train, and it may come back.
# `nbtools.initialisation.dead_units(X, W, b)` marks them (a sum of exactly 0 counts as dead: the
# workbook's ReLU slope at 0 is 0). Lesson 7's digits network, 64-256-10, from `init_network`
# (seed 0), then trained for five epochs of lesson 7's Momentum (momentum 0.9) at four learning
# rates, with the largest gradient of a dead unit's weights over the whole training set:

# %%
digits = load_digits_split(seed=0)
X_digits = digits.X_train
first_layer = init_network([64, 256, 10], np.random.default_rng(0))[0]
print("dead at the start:", dead_units(X_digits, *first_layer).sum())
for learning_rate in [0.02, 0.2, 0.5, 1.0]:
    rng = np.random.default_rng(0)
    network = init_network([64, 256, 10], rng)
    history = train(network, ["relu", "identity"], "softmax_cross_entropy", X_digits,
                    digits.Y_train, Momentum(learning_rate, 0.9), epochs=5,
                    batch_size=32, rng=rng)
    dead = dead_units(X_digits, *network[0])
    _, gradients, _ = loss_and_gradients(X_digits, digits.Y_train, network,
                                         ["relu", "identity"], "softmax_cross_entropy")
    print(f"rate {learning_rate:<5} dead after 5 epochs: {dead.sum():>3} of 256,"
          f" largest |gradient| of their weights:"
          f" {np.abs(gradients[0][0][:, dead]).max():g},"
          f" training accuracy {history['train_accuracy'][-1]:.1%}")

# %% [markdown]
# Seven units are dead before training starts, and at lesson 7's rate of 0.02 the dead after five
# epochs are exactly those seven: their gradient is exactly 0. A larger rate kills more: large steps
# can push a unit's bias and weights so far negative that no image reaches it again, and at a rate
# of 1, 252 of the 256 units are dead and the training accuracy is 21.7%, against 95.8% at 0.02.
# (Seeds 1 and 2 give 12 and 4 dead at the start, the same units at 0.02, and 253 and 251 at the
# rate of 1: tested.)
#
# Why are any dead *before* training? The pixels are never negative, and 5 of the 64 are 0 in every
# training image (corners and edges: tested). A first-layer sum, with its zero bias, is then a
# weighted sum of numbers $\ge 0$: a unit whose weights happen to be negative on the pixels where
# the ink lies is negative for every image. With the pixels standardised (each shifted to mean 0
# and scaled to standard deviation 1, on the training set), every pixel that varies is negative on
# some images and positive on others, and no unit starts dead:

# %%
mean, std = X_digits.mean(axis=0), X_digits.std(axis=0)
X_standardised = (X_digits - mean) / np.where(std > 0, std, 1)  # constant pixels: 0
for seed in range(3):
    W1, b1 = init_network([64, 256, 10], np.random.default_rng(seed))[0]
    print(f"seed {seed}: dead on the pixels {dead_units(X_digits, W1, b1).sum():>2},"
          f" on the standardised pixels {dead_units(X_standardised, W1, b1).sum()}")

# %% [markdown]
# ## Why lesson 7's ReLU network trained
# Lesson 7 initialised every layer with `init_layer`: standard deviation $1/\sqrt{n_\text{in}}$, gain
# 1. For ReLU that is He's scale divided by $\sqrt 2$: each ReLU layer halves the variance. Lesson 7's
# networks had one hidden layer: one halving, harmless. Ten would divide the variance by about $2^9$
# (the table's ReLU rows at gain 0.707 show what dividing by 4 a layer does).
#
# And its inputs were not standardised: pixels from 0 to 1. By the formula, with
# $\operatorname{Var}(w) = 1/n_\text{in}$, the first layer's sums have
# $\operatorname{Var}(u) = \mathbb E[x^2]$: their spread is the pixels' **root mean square**, not
# their standard deviation, because the pixels' mean does not cancel:

# %%
print(f"pixels: mean {X_digits.mean():.3f}, standard deviation {X_digits.std():.3f},"
      f" root mean square {np.sqrt(np.mean(X_digits ** 2)):.3f}")
for seed in range(3):
    W1, _ = init_network([64, 256, 10], np.random.default_rng(seed))[0]
    print(f"seed {seed}: std of the first layer's sums {(X_digits @ W1).std():.3f},"
          f" on pixels 0-16: {(16 * X_digits @ W1).std():.2f},"
          f" tanh outputs saturated there:"
          f" {np.mean(1 - np.tanh(16 * X_digits @ W1) ** 2 < 0.1):.0%}")

# %% [markdown]
# That is what `init_layer`'s scale does on unstandardised inputs: it makes each first-layer sum as
# large as the inputs' root mean square, 0.484 here, so the sums spread about 0.47 to 0.52 (seeds
# 0-2), not 1. For a ReLU network with zero biases that only rescales every later number by the
# same factor (ReLU is positively homogeneous: $\operatorname{relu}(cu) = c\operatorname{relu}(u)$
# for $c > 0$): harmless. On the raw pixels, 0 to 16, the same scale gives sums of spread near 8,
# where four in five of a tanh layer's outputs would start saturated (a slope under 0.1): lesson 7's
# division of the pixels by 16 avoids that.

# %% [markdown]
# ## Ten layers on the digits
# Does any of this matter for training? Ten layers of 64 units between the 64 pixels and the 10
# classes, trained as lesson 7 trained (Momentum(0.02, 0.9), mini-batches of 32, ten epochs), from
# five starts, every layer's weights of standard deviation gain$/\sqrt{n_\text{in}}$ and zero
# biases: sigmoid and tanh at gain 1 (Glorot's scale for the square hidden layers), ReLU at gain
# 0.5, at `init_layer`'s gain 1 and at He's $\sqrt 2$:

# %%
def ten_layers(activation, gain, seed, epochs=10):
    """Train a 64-(64 x 9)-10 network on the digits; the loss after each epoch."""
    rng = np.random.default_rng(seed)
    sizes = [64] + [64] * 9 + [10]
    network = [(rng.normal(0.0, gain / np.sqrt(n_in), size=(n_in, n_out)),
                np.zeros(n_out)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    history = train(network, [activation] * 9 + ["identity"], "softmax_cross_entropy",
                    X_digits, digits.Y_train, Momentum(0.02, 0.9), epochs=epochs,
                    batch_size=32, rng=rng)
    return history["train_loss"]


STARTS = [("sigmoid", 1.0), ("tanh", 1.0), ("relu", 0.5), ("relu", 1.0),
          ("relu", np.sqrt(2))]
STYLES = ["o-", "o-", "x:", "s--", "o-"]     # for the plot: ReLU's three gains apart
losses = {start: ten_layers(*start, seed=0) for start in STARTS}
print(f"{'':<16}" + "".join(f"{'epoch ' + str(e):>10}" for e in (1, 2, 5, 10)))
for (activation, gain), curve in losses.items():
    print(f"{activation + ', gain ' + format(gain, '.3g'):<16}"
          + "".join(f"{curve[e - 1]:>10.3f}" for e in (1, 2, 5, 10)))
print(f"guessing (ln 10): {np.log(10):.3f}")

# %%
fig, ax = plt.subplots(figsize=(7, 3.8))
for ((activation, gain), curve), style in zip(losses.items(), STYLES):
    ax.plot(range(1, 11), curve, style, markersize=4,
            color=ACTIVATION_COLOURS[activation],
            label=f"{activation}, gain {gain:.3g}")
ax.axhline(np.log(10), color="grey", linestyle=":", label="guessing, ln 10")
ax.set(xlabel="epoch", ylabel="training loss", title="ten layers on the digits")
ax.legend(fontsize="small")
plt.show()

# %% [markdown]
# *Figure, in words:* the training loss after each of ten epochs for five ten-layer networks. Two
# lines stay flat on or just above the dotted line of guessing, ln 10: the sigmoid network (green) and the ReLU
# network at gain 0.5 (orange crosses, dotted). The ReLU network at gain 1 (orange squares, dashed)
# stays near it for the first epoch, then falls. tanh at Glorot's scale (blue) and ReLU at He's
# (orange dots, solid) fall from the first epoch.
#
# The sigmoid network and the ReLU network at gain 0.5 learn nothing in ten epochs: their training
# loss stays within 0.06 of guessing's at every epoch. Lesson 7's gain of 1 loses the first epoch
# before it starts to learn; tanh at Glorot's scale and ReLU at He's learn from the first epoch.
# (Seeds 1 and 2 tell the same story: tested.) The learning loop is the same in all five: only the
# scale of the random start differs.
#
# Why? The gradients at the start, over the whole training set: the root mean square of the
# gradient of the first layer's weights and of the last (output) layer's:

# %%
def ten_layer_start(activation, gain, seed):
    """The rms gradient of the first and the last layer's weights, before training."""
    rng = np.random.default_rng(seed)
    sizes = [64] + [64] * 9 + [10]
    network = [(rng.normal(0.0, gain / np.sqrt(n_in), size=(n_in, n_out)),
                np.zeros(n_out)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    _, gradients, _ = loss_and_gradients(X_digits, digits.Y_train, network,
                                         [activation] * 9 + ["identity"],
                                         "softmax_cross_entropy")
    return [np.sqrt(np.mean(gradients[layer][0] ** 2)) for layer in (0, -1)]


print(f"{'':<16}{'first layer':>12}{'last layer':>12}{'first / last':>14}")
for activation, gain in STARTS:
    first, last = ten_layer_start(activation, gain, seed=0)
    name = f"{activation}, gain {gain:.3g}"
    print(f"{name:<16}{first:>12.3g}{last:>12.3g}{first / last:>14.3g}")

# %% [markdown]
# Two different failures. The sigmoid's first layer gets about a millionth of the gradient of its
# last: the deltas' shrinking measured at the start of the lesson. ReLU at gain 0.5 has no such
# gap (its first and last layers get gradients of the same size) but *every* gradient is about
# 20,000 times smaller than at He's scale. A weight's gradient is its input times its unit's delta,
# $z_j\delta_k$ (lesson 5), and with ReLU and zero biases the inputs shrink forwards by the same
# factor a layer as the deltas shrink backwards, so every layer's gradient carries nine factors of
# that kind. At gain 1 the same effect is milder, gradients about 40 times smaller than He's: a slow
# first epoch. (Seeds 1 and 2 agree: between 15,000 and 30,000 times, and between 30 and 55 times,
# tested.)

# %% [markdown]
# ## PyTorch's defaults
# PyTorch (lesson 9) has each scale by name in `torch.nn.init`: `kaiming_normal_` and
# `kaiming_uniform_` (He: by default `mode="fan_in"`, from $n_\text{in}$, with the gain
# $\sqrt{2/(1 + a^2)}$ of a leaky ReLU of negative slope $a$, default $a = 0$, which is ReLU's
# $\sqrt 2$), and `xavier_normal_` and `xavier_uniform_` (Glorot, from $n_\text{in} + n_\text{out}$,
# gain 1 by default). Its `nn.Linear`, though, starts from neither. Its weights (stored as
# (out, in), lesson 9) come from `kaiming_uniform_` with $a = \sqrt 5$: a gain of $\sqrt{1/3}$ and
# a bound of gain $\cdot\sqrt{3/n_\text{in}} = 1/\sqrt{n_\text{in}}$, so uniform on
# $[-1/\sqrt{n_\text{in}}, 1/\sqrt{n_\text{in}}]$, variance $1/(3n_\text{in})$: a third of
# `init_layer`'s, a sixth of He's. Its biases are not 0: they are drawn uniformly from the same
# interval. `calculate_gain` gives each activation's recommended gain:

# %%
import torch

torch.manual_seed(0)
layer = torch.nn.Linear(256, 256)
he = torch.nn.init.kaiming_normal_(torch.empty(256, 256), nonlinearity="relu")
print(f"nn.Linear(256, 256): n_in Var(w) = {256 * layer.weight.var().item():.3f}"
      f" (1/3 = {1 / 3:.3f}), largest |w| {layer.weight.abs().max().item():.6f},"
      f" largest |b| {layer.bias.abs().max().item():.6f} (1/√256 = {1 / 16})")
print(f"kaiming_normal_:     n_in Var(w) = {256 * he.var().item():.3f} (He: 2)")
print("calculate_gain:", {name: round(torch.nn.init.calculate_gain(name), 4)
                          for name in ["sigmoid", "tanh", "relu"]})

# %% [markdown]
# `calculate_gain("relu")` is He's $\sqrt 2$, but the one for tanh is 5/3, not Glorot's 1: the
# variance argument of this lesson gives 1 (in the linear regime), so 5/3 is not its result. The
# table at the start showed why one might want more than 1: tanh loses a little spread at each layer. Our ten tanh layers of
# 256 (seed 0's inputs and weights) at gain 1 and at 5/3, with the share of layer 10's outputs
# saturated (a slope under 0.1):

# %%
rng = np.random.default_rng(0)
X_tanh, G_tanh = (rng.standard_normal((N_SAMPLES, WIDTH)) for _ in range(2))
for gain in [1.0, 5 / 3]:
    layers = deep_network(WIDTH, DEPTH, gain, np.random.default_rng(1))
    Z, deltas = flow(X_tanh, layers, "tanh", G_tanh)
    print(f"gain {gain:.3f}: z layer 10 / layer 1 {Z[-1].std() / Z[0].std():.3f},"
          f" δ layer 1 / layer 10 {deltas[0].std() / deltas[-1].std():.3f},"
          f" saturated {np.mean(1 - Z[-1] ** 2 < 0.1):.0%}")

# %% [markdown]
# At 5/3 the activations' spread stays nearer level (0.86 of layer 1's at layer 10, against 0.36 at
# gain 1), at the price of deltas that grow on the way back (by 1.8) and 9% of the outputs
# saturated: a compromise between the two directions, not a scale that keeps both. (Seeds 1 and 2
# give the same: tested.)

# %% [markdown]
# **Get it right: variance or standard deviation.** The derivations give a *variance*,
# $2/n_\text{in}$; `rng.normal(0.0, scale)` takes a *standard deviation*, so He's weights are
# `rng.normal(0.0, np.sqrt(2 / n_in), ...)`. Passing `2 / n_in` as the scale draws weights whose
# variance is $4/n_\text{in}^2$: for 256 inputs, 128 times too small a variance, so each ReLU layer
# divides the spread by $\sqrt{128} \approx 11$.
#
# **Get it right: which scale for which activation.** He's factor 2 is ReLU's
# $\mathbb E[\operatorname{relu}(u)^2] = \operatorname{Var}(u)/2$; Glorot's scale assumes a slope near 1
# at 0 and outputs centred on 0, as tanh has (the linear regime: small sums). Glorot's scale for
# ReLU halves the variance a layer; He's for tanh doubles the variance of small sums a layer, until
# the units saturate. Both set only the *start*: training moves the
# weights from there.

# %% [markdown]
# ## Explorer: depth, activation and scale
# The spread of each layer's activations (left) and deltas (right), for a network of up to 20 square
# layers of 100 units (200 standard normal inputs, a standard normal gradient at the top). The
# weights are drawn once; the gain slider only scales them, so a change of the scale is the only
# change you see. Try ReLU at 1.414 and at 1, at depth 20; tanh at 0.5, 1 and 2; then find the gain
# where the sigmoid's deltas stop shrinking.

# %% tags=["nbval-ignore-output"]
depth_explorer()

# %% [markdown]
# ## Summary
# - Each layer multiplies the spread of its activations, and going back of its deltas, by a factor;
#   depth multiplies the factors. Ten factors of 2 make about 1,000 (exploding), ten of 1/2 about
#   1/1,000 (vanishing); from layer 1 to layer 10, nine factors, about 500 (330 to 800 over three
#   seeds, for ReLU at half and twice He's gain).
# - For independent zero-mean weights, $\operatorname{Var}(u) = n_\text{in}\operatorname{Var}(w)\,
#   \mathbb E[z^2]$: $\mathbb E[z^2]$, not $\operatorname{Var}(z)$, since activations and pixels are
#   not centred. Backwards, treating slopes, weights and deltas above as independent (a good
#   approximation at the start, within 5% here), $\operatorname{Var}(\delta) = n_\text{out}
#   \operatorname{Var}(w)\,\mathbb E[f'(u)^2]\operatorname{Var}(\delta_\text{above})$.
# - ReLU keeps half the variance of a sum symmetric about 0 (as every sum is at initialisation with
#   symmetric weights and zero biases), so He: $\operatorname{Var}(w) = 2/n_\text{in}$. tanh is
#   close to the identity near 0 (small sums), so Glorot: $\operatorname{Var}(w) = 2/(n_\text{in} +
#   n_\text{out})$ (uniform: $\pm\sqrt{6/(n_\text{in} + n_\text{out})}$). These are variances: the standard deviation is
#   the square root.
# - The sigmoid's slope is at most 1/4; ten layers multiply ten such factors, and none of the gains
#   tried (up to 12) keeps its deltas from shrinking without saturating about half of its outputs.
#   What its activations carry about the input shrinks by the same factor.
# - A ReLU unit whose sum is $\le 0$ on every sample is dead: its weights' gradients are exactly 0;
#   in the first layer it stays dead. Uncentred inputs and too large a learning rate make them.
# - Lesson 7's `init_layer` (gain 1) is half He's variance: harmless in one hidden layer, a slow start
#   in ten (every gradient about 40 times smaller than He's). On unstandardised inputs it makes the
#   first sums as large as the inputs' root mean square.
# - PyTorch's `nn.Linear` uses neither scale: weights and biases uniform on
#   $\pm 1/\sqrt{n_\text{in}}$, a weight variance of $1/(3n_\text{in})$.
#
# ## Questions
# 1. A ReLU network of 20 square layers is initialised with Glorot's scale. By what factor is the
#    spread (standard deviation) of layer 20's sums multiplied compared with layer 1's?
#
#    <details><summary>Answer</summary>
#
#    Each layer multiplies the variance by $n\operatorname{Var}(w)/2 = 1/2$, so the standard
#    deviation by $1/\sqrt 2$. Nineteen layers from 1 to 20: $2^{-19/2} \approx 0.0014$.
#    </details>
#
# 2. Why does Glorot's derivation not simply give $\operatorname{Var}(w) = 1/n_\text{in}$?
#
#    <details><summary>Answer</summary>
#
#    That keeps the forward spread. Going backwards each delta is a sum over the $n_\text{out}$ units
#    above, which asks for $1/n_\text{out}$. Unless the layer is square the two differ, and
#    $2/(n_\text{in} + n_\text{out})$ is the compromise between them.
#    </details>
#
# 3. Your inputs have mean 3 and standard deviation 1, and the first layer uses $\operatorname{Var}(w)
#    = 1/n_\text{in}$. How spread are the first layer's sums, and what would you do about it?
#
#    <details><summary>Answer</summary>
#
#    $\operatorname{Var}(u) = \mathbb E[x^2] = 1 + 3^2 = 10$: a standard deviation of about 3.2, so
#    tanh or sigmoid units would start largely saturated. Standardise the inputs (subtract the mean,
#    divide by the standard deviation, computed on the training set).
#    </details>
#
# 4. A unit of a hidden ReLU layer is dead on the training set. Can training bring it back?
#
#    <details><summary>Answer</summary>
#
#    Not through its own weights and bias: their gradients are exactly 0 (momentum may move them a
#    few more steps on their old velocity, which decays). In the first layer its
#    inputs are the data, which never change, so it stays dead. In a deeper layer its inputs are the
#    layer below's outputs, which training does change, so it may come back by chance.
#    </details>
#
# 5. The deltas of a ten-layer sigmoid network are about two millionths as large at layer 1 as at
#    layer 10.
#    Why not simply use a learning rate a million times larger for the first layer?
#
#    <details><summary>Answer</summary>
#
#    The factor is not a constant: it depends on the inputs, on the weights and, as training moves
#    them, on time, and it differs from unit to unit. A per-layer rate tuned once would be wrong a
#    few steps later. (Adaptive optimisers such as Adam, lesson 11, rescale each parameter's steps
#    as they go, which helps; a good initialisation avoids the problem at the start.)
#    </details>
#
#
# Now practise in the exercise: [`exercises/10_initialisation.ipynb`](../exercises/10_initialisation.ipynb).
