# %% [markdown]
# # Lesson 4: Softmax and cross-entropy
#
# A classifier does not answer with one number but with a *choice*: is this handwritten digit a 0, a 1, …,
# a 9? To learn, it needs two things a regressor did not: outputs that read as probabilities of the classes,
# and a loss that says how bad those probabilities are, given the true class. The **softmax** provides the
# first, the **cross-entropy** the second. Together they have a gradient so simple, $\hat{y} - y$, that we
# will derive it with SymPy to be sure it is true.
#
# **You will:**
# 1. turn a classifier's outputs into probabilities with softmax, and check its properties;
# 2. see the textbook softmax overflow to NaN, and fix it by subtracting the maximum;
# 3. encode labels as one-hot rows, and see why the loss needs them;
# 4. measure predictions with the cross-entropy, and see it grow without bound as the true class's
#    probability goes to 0;
# 5. avoid $\log 0$, and compute the loss straight from the outputs with log-sum-exp;
# 6. derive $\partial L / \partial u_k = \hat{y}_k - y_k$ with SymPy for 3 classes, and confirm it with finite
#    differences;
# 7. write the batch versions, then hand over to the ones in `nbtools`.

# %% [markdown]
# ## Setup
# NumPy for the arrays, SymPy (as `sp`) for the derivation, matplotlib for the pictures. This lesson writes
# its own softmax and losses; at the end we compare them with `nbtools.losses`, which later lessons use.
# NumPy shows arrays with 4 digits after the decimal point here (`precision=4`), to keep them readable.

# %%
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

from nbtools import losses

sp.init_printing(use_latex="mathjax")
np.set_printoptions(precision=4)

# %% [markdown]
# ## One output unit per class
# A classifier for $K$ classes has $K$ output units, one per class. Its last layer computes a weighted sum
# $u_k$ for every output unit $k$ (as in lesson 2), and these sums, called the **logits**, can be any real
# numbers. Here are the logits of a 3-class classifier for one input. The largest belongs to class 0, but
# 2.0 is not a probability: logits may be negative, and they need not add up to anything in particular.

# %%
u = np.array([2.0, 1.0, 0.1])
u

# %% [markdown]
# ## Softmax: from logits to probabilities
# The **softmax** makes every logit positive by exponentiating it, then divides by the sum so that the
# outputs add up to 1:
#
# $$\hat{y}_k = \operatorname{softmax}(\mathbf{u})_k = \frac{e^{u_k}}{\sum_{j=1}^{K} e^{u_j}}.$$
#
# Written exactly like that, for one vector of logits:

# %%
def softmax_naive(u):
    """The textbook formula e^(u_k) / sum_j e^(u_j), for one vector of logits (we will
    improve it)."""
    exponentials = np.exp(u)
    return exponentials / exponentials.sum()


y_hat = softmax_naive(u)
y_hat

# %% [markdown]
# ### Its properties
# Every $e^{u_k}$ is positive, so every $\hat{y}_k$ is positive; dividing by the sum makes them add up to 1
# (up to floating-point rounding). Positive numbers summing to 1: the outputs form a **probability
# distribution** over the classes, the model's probability that the input belongs to each.

# %%
print("all positive:", bool(np.all(y_hat > 0)), "  sum:", y_hat.sum())

# %% [markdown]
# The **predicted class** is the most probable one, the `argmax`. Because $e^u$ increases with $u$, softmax
# keeps the order of the logits: the largest logit always gets the largest probability, so the argmax of
# the probabilities is the argmax of the logits (here class 0, with probability 0.659).

# %%
np.argmax(y_hat), np.argmax(u)

# %% [markdown]
# Softmax is a *soft* argmax. Equal logits give equal probabilities, $1/K$ each. Multiplying the logits by 10
# makes their differences 10 times larger and the distribution much more peaked, yet never exactly one-hot:
# mathematically, for finite logits every probability stays strictly between 0 and 1 (floating point can
# round a tiny one to 0, as we will see).

# %%
print("equal logits   ", softmax_naive(np.array([3.0, 3.0, 3.0])))
print("logits u       ", softmax_naive(u))
print("logits 10 * u  ", softmax_naive(10 * u))

# %% [markdown]
# The same three distributions as bars, each labelled with its probability: the logits only decide how the
# probability is shared out. On the right, classes 1 and 2 still get a little, too little to see.

# %%
figure, axes = plt.subplots(1, 3, figsize=(9, 3), sharey=True)
for ax, (title, logits) in zip(
    axes,
    [
        ("equal logits [3, 3, 3]", np.array([3.0, 3.0, 3.0])),
        ("u = [2, 1, 0.1]", u),
        ("10 u = [20, 10, 1]", 10 * u),
    ],
):
    bars = ax.bar(
        ["class 0", "class 1", "class 2"], softmax_naive(logits), color="tab:blue"
    )
    ax.bar_label(bars, fmt="%.5g", fontsize=8)
    ax.set_title(title)
    ax.set_ylim(0, 1.12)
axes[0].set_ylabel("softmax probability")
figure.tight_layout()
plt.show()

# %% [markdown]
# *Figure, in words:* Three bar charts of softmax probabilities for three classes. Equal logits [3, 3, 3]:
# three equal bars of 0.33333. Logits [2, 1, 0.1]: 0.659, 0.242 and 0.0986. Ten times those logits, [20, 10,
# 1]: class 0 takes 0.99995 and the others almost nothing.

# %% [markdown]
# ### Shift-invariance
# Adding the same number $c$ to every logit changes nothing: the factor $e^{c}$ appears in the numerator and
# in every term of the denominator, and cancels,
#
# $$\frac{e^{u_k + c}}{\sum_j e^{u_j + c}} = \frac{e^{c}\, e^{u_k}}{e^{c} \sum_j e^{u_j}}
#   = \frac{e^{u_k}}{\sum_j e^{u_j}}.$$
#
# SymPy confirms it for three classes: the difference simplifies to 0.

# %%
u1, u2, u3, c = sp.symbols("u1 u2 u3 c", real=True)
softmax_1 = sp.exp(u1) / (sp.exp(u1) + sp.exp(u2) + sp.exp(u3))
softmax_1_shifted = sp.exp(u1 + c) / (sp.exp(u1 + c) + sp.exp(u2 + c) + sp.exp(u3 + c))
sp.simplify(softmax_1_shifted - softmax_1)

# %% [markdown]
# And numerically, shifting the logits up by 100 or down by 50:

# %%
np.allclose(softmax_naive(u + 100), softmax_naive(u)), np.allclose(
    softmax_naive(u - 50), softmax_naive(u)
)

# %% [markdown]
# ## When the textbook formula breaks
# A float64 holds numbers up to about $1.8 \times 10^{308}$, so $e^u$ overflows as soon as $u$ passes
# $\log(1.8 \times 10^{308}) \approx 709.78$: $e^{709}$ is still finite, $e^{710}$ is already infinite.

# %%
with np.errstate(over="ignore"):
    print("largest float64:  ", np.finfo(float).max)
    print("its log:          ", np.log(np.finfo(float).max))
    print("e^709, e^710:     ", np.exp(709.0), np.exp(710.0))

# %% [markdown]
# Logits of several hundred are not exotic: badly scaled inputs or a learning rate that is too large
# produce them. Take the logits $[1000, 1001, 1002]$: by shift-invariance their softmax is that of
# $[0, 1, 2]$, but the naive formula computes $e^{1000} = \infty$, and $\infty / \infty$ is NaN (*not a
# number*). NumPy warns about the overflow; here we silence the warning (`np.errstate`) to look at the result.

# %%
large = np.array([1000.0, 1001.0, 1002.0])
with np.errstate(over="ignore", invalid="ignore"):
    print("e^u:             ", np.exp(large))
    print("naive softmax:   ", softmax_naive(large))

# %% [markdown]
# Very negative logits fail the other way: $e^{-1000}$ *underflows* to exactly 0, and $0/0$ is NaN too.

# %%
with np.errstate(invalid="ignore"):
    print("naive softmax of -u:", softmax_naive(-large))

# %% [markdown]
# ### The fix: subtract the maximum
# Shift-invariance says we may subtract any constant from the logits. Subtract their **maximum** $m$:
#
# $$\hat{y}_k = \frac{e^{u_k - m}}{\sum_j e^{u_j - m}}, \qquad m = \max_j u_j.$$
#
# Now every exponent is $\le 0$, so no $e^{u_j - m}$ exceeds 1 and nothing overflows; and the largest is
# $e^0 = 1$, so the denominator is at least 1 and never 0. (Entries far below the maximum may still
# underflow to 0, but then their true probability is smaller than the smallest positive float64 anyway.)
#
# The stable version below also works on a whole **batch**: the logits of $n$ samples as the rows of an
# $(n, K)$ array `U`. `axis=-1` is the last axis, the one that runs over the classes: the only axis of a
# single vector, and the axis along each row of a batch. `keepdims=True` keeps a column of one maximum per
# row, so that each row's maximum is subtracted from that row.

# %%
def softmax(U):
    """Softmax of each row of U (shape (n_samples, n_classes), or one vector), stable
    for any finite logits."""
    exponentials = np.exp(U - U.max(axis=-1, keepdims=True))
    return exponentials / exponentials.sum(axis=-1, keepdims=True)


softmax(large), softmax(-large), softmax(np.array([0.0, 1.0, 2.0]))

# %% [markdown]
# No NaN, and the same probabilities as for $[0, 1, 2]$. For a batch every row gets its own maximum and its
# own denominator. Here three samples, one row each, and every row sums to 1:

# %%
U = np.array([[2.0, 1.0, 0.1],
              [1000.0, 1001.0, 1002.0],
              [-3.0, 0.0, 3.0]])
Y_hat = softmax(U)
Y_hat, Y_hat.sum(axis=1)

# %% [markdown]
# **Get it right.** Subtracting the maximum changes *nothing* mathematically (shift-invariance): it is done
# only so that the computer's exponentials stay finite. And it must be each row's own maximum: one maximum
# for the whole batch (`U.max()`) would push the row $[-3, 0, 3]$ down to exponents near $-1000$, which
# underflow to 0, and give $0/0$ again. Likewise each row, not each column, must sum to 1: a row is one
# sample, and its classes run along the row.

# %% [markdown]
# Why the *maximum*, and not another constant such as the mean or the minimum? Shift-invariance allows any,
# but only the maximum makes every exponent $\le 0$. Subtracting the mean of $[0, 0, 2000]$ (666.7) leaves
# the exponent $1333.3$, which overflows: $\infty / \infty$ is NaN. Subtracting the minimum of $[0, 800]$
# (0) changes nothing, and $e^{800}$ overflows: the first class gets $1/\infty = 0$, the second NaN.

# %%
def softmax_shifted_by(u, shift):
    """The textbook softmax of the vector u after subtracting the number shift from
    every logit."""
    return softmax_naive(u - shift)


with np.errstate(over="ignore", invalid="ignore"):
    wide = np.array([0.0, 0.0, 2000.0])
    largest_exponent = (wide - wide.mean()).max()
    print(f"mean of [0, 0, 2000]: {wide.mean():.1f}, "
          f"largest exponent after subtracting it: {largest_exponent:.1f}")
    print("[0, 0, 2000] minus its mean:", softmax_shifted_by(wide, wide.mean()))
    print("[0, 0, 2000] minus its max: ", softmax_shifted_by(wide, wide.max()))
    pair = np.array([0.0, 800.0])
    print("[0, 800] minus its min:     ", softmax_shifted_by(pair, pair.min()))
    print("[0, 800] minus its max:     ", softmax_shifted_by(pair, pair.max()))

# %% [markdown]
# ## One-hot labels
# A training set gives each input's true class as an integer label, say $2, 0, 1, 2$ for four samples of a
# 3-class problem. The prediction, though, is a *vector* of $K$ probabilities. To compare the two we write
# each label as the probability distribution it stands for: all the probability on the true class. That is
# the **one-hot** vector, 1 at the true class and 0 elsewhere. One row per sample:

# %%
def one_hot(labels, n_classes):
    """Integer labels, shape (n_samples,), as one-hot rows, shape (n_samples,
    n_classes), float64."""
    Y = np.zeros((len(labels), n_classes))
    Y[np.arange(len(labels)), labels] = 1.0
    return Y


labels = np.array([2, 0, 1, 2])
Y = one_hot(labels, 3)
Y

# %% [markdown]
# Why not use the integers directly? A label is a *name*, not an amount: class 2 is not "twice" class 1,
# and $\hat{y} - 2$ means nothing. A one-hot row has the shape of the prediction and is itself a distribution,
# so target and prediction can be compared class by class. And multiplying by a one-hot row **picks out** the
# true class's entry; this is what the loss below does:

# %%
U = np.array([[0.5, 0.2, 2.0], [1.5, 0.1, -1.0], [0.0, 1.0, 0.0], [0.3, 0.3, 0.3]])
Y_hat = softmax(U)
print(Y_hat)
print("probability of the true class:", np.sum(Y * Y_hat, axis=1))

# %% [markdown]
# ## Cross-entropy: how wrong are the probabilities?
# The **cross-entropy** between the target distribution $\mathbf{y}$ and the prediction $\hat{\mathbf{y}}$ is
#
# $$L = -\sum_{k=1}^{K} y_k \log \hat{y}_k$$
#
# (natural logarithm; the index $k$ runs over the output units, as in lesson 2). With a one-hot
# $\mathbf{y}$ every term but the true class's vanishes, so $L = -\log \hat{y}_{\text{true}}$: minus the log of
# the probability the model gave the right answer. Probabilities are at most 1, so their logs are $\le 0$;
# the minus sign makes the loss $\ge 0$. A few values:

# %%
for p in [1.0, 0.9, 0.5, 0.25, 0.01, 1e-10]:
    print(f"true class probability {p:<6g} loss {-np.log(p):8.4f}")

# %% [markdown]
# At $\hat{y}_{\text{true}} = 1$ the loss is 0 (printed $-0.0000$: floating point's *negative zero*, from
# $-\log 1 = -(0.0)$; it equals 0): a perfect, fully confident prediction. At $1/4$ it is
# $\ln 4 \approx 1.3863$. As the probability of the true class goes to 0 the loss **grows without bound**
# ($-\log p \to \infty$): a confident wrong answer costs far more than a hesitant one, and there is no cap.

# %%
p = np.linspace(0.001, 1, 500)
figure, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(p, -np.log(p), label=r"$L = -\log \hat{y}_{\mathrm{true}}$")
ax.plot(
    [0.25],
    [np.log(4)],
    "o",
    color="tab:red",
    label=r"$\hat{y}_{\mathrm{true}} = 1/4$: $L = \ln 4$",
)
ax.set_xlabel(r"probability of the true class, $\hat{y}_{\mathrm{true}}$")
ax.set_ylabel("cross-entropy")
ax.set_xlim(0, 1)
ax.set_ylim(0, 7)
ax.annotate(
    r"grows without bound as $\hat{y}_{\mathrm{true}} \to 0$",
    xy=(0.004, 6.5),
    xytext=(0.07, 5.8),
    arrowprops=dict(arrowstyle="->"),
)
ax.legend(loc="center right")
plt.show()

# %% [markdown]
# *Figure, in words:* The cross-entropy -log p against the probability p of the true class, from 0 to 1: it is
# 0 at p = 1, ln 4 ≈ 1.386 at p = 1/4 (a red dot), and grows without bound as p goes to 0 (an arrow marks it).

# %% [markdown]
# **Get it right.** The loss is *close to* 0 when the prediction matches the label, but for finite logits it
# is never exactly 0 (mathematically): softmax never outputs exactly 1. Training keeps widening the gap
# between the true class's logit and the others, with smaller and smaller gradients.

# %% [markdown]
# **Try it.** The logits $[2, 1, 0.1]$ as sliders, with class 0 the true class. Drag $u_0$ up and watch the
# cross-entropy $-\log \hat{y}_0$ fall towards 0 without reaching it; then make $u_0$ the smallest logit and
# watch it grow. The temperature $T$ divides the logits: $T = 0.1$ is the $10u$ from above, where the largest
# logit takes nearly everything, and adding the same amount to every logit changes nothing.

# %% tags=["nbval-ignore-output"]
from nbtools.explorers import softmax_explorer

softmax_explorer(logits=(2.0, 1.0, 0.1), temperature=1.0, true_class=0)

# %% [markdown]
# ### A batch: the mean over the samples
# For $n$ samples the loss is the **mean** of the per-sample losses,
#
# $$L = -\frac{1}{n} \sum_{i=1}^{n} \sum_{k=1}^{K} Y_{ik} \log \hat{Y}_{ik}:$$
#
# first the sum over the classes of each row, then the mean over the rows. A sum would grow with the batch
# size, and with it the gradient, so the learning rate would have to change whenever the batch size does
# (lesson 3 made the same point for the MSE).

# %%
def cross_entropy_naive(Y_hat, Y):
    """Mean over samples of -sum_k y_k log(y_hat_k) (without protection against log(0),
    yet)."""
    return -np.mean(np.sum(Y * np.log(Y_hat), axis=1))


cross_entropy_naive(Y_hat, Y)

# %% [markdown]
# ### log(0)
# Softmax can underflow: the logits $[0, 800]$ give the first class $e^{-800} / (1 + e^{-800})$, about
# $4 \times 10^{-348}$, below the smallest positive float64 (about $4.9 \times 10^{-324}$), so it is stored as exactly
# 0. If that class is the true one, the loss is $-\log 0 = \infty$. And even when it is *not* the true
# class, the term $y_k \log \hat{y}_k = 0 \cdot (-\infty)$ is NaN. (Again we silence NumPy's warnings to see
# the results.)

# %%
Y_hat_underflow = softmax(np.array([[0.0, 800.0]]))
print("e^-800 / (1 + e^-800) (SymPy):", sp.N(sp.exp(-800) / (1 + sp.exp(-800)), 2))
print(f"smallest positive float64:     {np.nextafter(0.0, 1.0):.1e}")
print("probabilities:", Y_hat_underflow)
with np.errstate(divide="ignore", invalid="ignore"):
    print(
        "true class 0: ",
        cross_entropy_naive(Y_hat_underflow, one_hot(np.array([0]), 2)),
    )
    print(
        "true class 1: ",
        cross_entropy_naive(Y_hat_underflow, one_hot(np.array([1]), 2)),
    )

# %% [markdown]
# One remedy is to **clip** the probabilities to at least the smallest positive normal float64,
# `np.finfo(float).tiny` $\approx 2.2 \times 10^{-308}$, before taking the log. Every probability of at least
# that size is left as it is. The exact zeros change, and their loss becomes
# $-\log(2.2 \times 10^{-308}) \approx 708.4$: large, but finite. So do the *subnormal* numbers, the positive
# float64 values below `tiny` (down to $4.9 \times 10^{-324}$, stored with fewer digits): $10^{-310}$ is raised
# to `tiny`, and its loss $-\log 10^{-310} \approx 713.8$ becomes 708.4 too. (Clipping at a larger number such
# as $10^{-12}$ would also change ordinary small probabilities.)

# %%
tiny = np.finfo(float).tiny
probabilities = np.array([0.0, 5e-324, 1e-310, 1e-300, 0.5])
print("tiny:           ", tiny)
print("before clipping:", probabilities)
print("after clipping: ", np.clip(probabilities, tiny, 1.0))
with np.errstate(divide="ignore"):
    print("-log before:    ", -np.log(probabilities))
print("-log after:     ", -np.log(np.clip(probabilities, tiny, 1.0)))

# %%
def cross_entropy(Y_hat, Y):
    """Mean over samples of -sum_k y_k log(y_hat_k), probabilities clipped to [tiny, 1]
    so log(0) never happens."""
    return -np.mean(
        np.sum(Y * np.log(np.clip(Y_hat, np.finfo(float).tiny, 1.0)), axis=1)
    )


print("true class 0:", cross_entropy(Y_hat_underflow, one_hot(np.array([0]), 2)))
print("true class 1:", cross_entropy(Y_hat_underflow, one_hot(np.array([1]), 2)))

# %% [markdown]
# Finite, but 708.4 is not the true loss. The true loss of class 0 is $-\log \hat{y}_0 = 800 + \log(1 +
# e^{-800}) \approx 800$: the information was lost the moment the probability was rounded to 0.

# %% [markdown]
# ## Straight from the logits: log-sum-exp and log-softmax
# Better: never form the probabilities at all. Take the log of the softmax *symbolically*:
#
# $$\log \hat{y}_k = \log \frac{e^{u_k}}{\sum_j e^{u_j}} = u_k - \log \sum_j e^{u_j}.$$
#
# SymPy agrees (`force=True` lets it split the log of a quotient, which is valid here because everything
# inside is positive):

# %%
sp.expand_log(sp.log(softmax_1), force=True)

# %% [markdown]
# The second term is the **log-sum-exp** of the logits, $\operatorname{LSE}(\mathbf{u}) = \log \sum_j
# e^{u_j}$. Computed as written it overflows just like the naive softmax; take the maximum $m$ out first,
#
# $$\operatorname{LSE}(\mathbf{u}) = m + \log \sum_j e^{u_j - m},$$
#
# (the sum is at least $e^0 = 1$, so its log is finite). Then the **log-softmax** is
# $\log \hat{y}_k = u_k - \operatorname{LSE}(\mathbf{u})$, and the cross-entropy with one-hot $\mathbf{y}$ is
# $L = \operatorname{LSE}(\mathbf{u}) - u_{\text{true}}$: no exponential can overflow, no log of 0 is ever taken.

# %%
def log_sum_exp(U):
    """log(sum_k e^(u_k)) of each row of U, shape (n_samples, n_classes) ->
    (n_samples,), computed stably."""
    # each row's maximum, kept as a column so it subtracts row by row
    m = U.max(axis=-1, keepdims=True)
    # m[..., 0]: one number per row again
    return m[..., 0] + np.log(np.exp(U - m).sum(axis=-1))


def log_softmax(U):
    """log(softmax(U)) of each row, as u_k - log_sum_exp(u): finite even where softmax
    underflows to 0."""
    return U - log_sum_exp(U)[..., None]


def softmax_cross_entropy(U, Y):
    """The mean cross-entropy of softmax(U) against one-hot rows Y, straight from the
    logits U."""
    return -np.mean(np.sum(Y * log_softmax(U), axis=1))


U_extreme = np.array([[0.0, 800.0]])
print("log-softmax:         ", log_softmax(U_extreme))
print(
    "loss of true class 0:", softmax_cross_entropy(U_extreme, one_hot(np.array([0]), 2))
)
print(
    "loss of true class 1:", softmax_cross_entropy(U_extreme, one_hot(np.array([1]), 2))
)

# %% [markdown]
# The loss of class 0 is 800, correct to every digit a float64 holds, where clipping gave 708.4. On
# ordinary logits both routes agree (the four samples of the one-hot section):

# %%
softmax_cross_entropy(U, Y), cross_entropy(softmax(U), Y)

# %% [markdown]
# ## The gradient, derived: $\hat{y} - y$
# To learn, the network needs the derivative of the loss with respect to its outputs, the logits $u_k$. Each
# $u_k$ reaches the loss through *every* $\hat{y}_j$ (it sits in the shared denominator), so this looks
# messy. It is not. Let SymPy derive it for 3 classes: the logits $u_1, u_2, u_3$ and a target $y_1, y_2,
# y_3$ (one-hot, so $y_1 + y_2 + y_3 = 1$).

# %%
y1, y2, y3 = sp.symbols("y1 y2 y3", real=True)
logits = [u1, u2, u3]
targets = [y1, y2, y3]
denominator = sum(sp.exp(u_k) for u_k in logits)
probabilities = [sp.exp(u_k) / denominator for u_k in logits]
L = -sum(y_k * sp.log(p_k) for y_k, p_k in zip(targets, probabilities))
L

# %% [markdown]
# **Step 1:** differentiate with respect to $u_1$. SymPy applies the chain and quotient rules; the raw result
# is long:

# %%
dL_du1 = sp.diff(L, u1)
dL_du1

# %% [markdown]
# **Step 2:** simplify. By the log-softmax, $\log \hat{y}_j = u_j - \operatorname{LSE}(\mathbf{u})$, and
# $\partial \operatorname{LSE} / \partial u_1 = e^{u_1} / \sum_i e^{u_i} = \hat{y}_1$. So $\partial \log
# \hat{y}_j / \partial u_1 = [j = 1] - \hat{y}_1$ (with $[j = 1]$ being 1 for $j = 1$ and 0 otherwise), and
#
# $$\frac{\partial L}{\partial u_1} = -\sum_j y_j \left([j = 1] - \hat{y}_1\right)
#   = \hat{y}_1\,(y_1 + y_2 + y_3) - y_1.$$
#
# SymPy confirms that its long derivative is exactly this, for *any* $y$ (the difference simplifies to 0):

# %%
sp.simplify(dL_du1 - (probabilities[0] * (y1 + y2 + y3) - y1))

# %% [markdown]
# **Step 3:** use that the target sums to 1. Substitute $y_3 = 1 - y_1 - y_2$ and simplify: every $y_2$
# cancels, and what is left is $\hat{y}_1 - y_1$ over a common denominator.

# %%
dL_du1_on_targets = sp.simplify(dL_du1.subs(y3, 1 - y1 - y2))
dL_du1_on_targets

# %% [markdown]
# $\frac{e^{u_1} - y_1 \sum_j e^{u_j}}{\sum_j e^{u_j}} = \hat{y}_1 - y_1$; SymPy agrees, and the same holds for
# $u_2$ and $u_3$:

# %%
for k in range(3):
    derivative = sp.diff(L, logits[k]).subs(y3, 1 - y1 - y2)
    print(
        f"dL/du{k + 1} - (y_hat_{k + 1} - y{k + 1}) simplifies to",
        sp.simplify(derivative - (probabilities[k] - targets[k]).subs(y3, 1 - y1 - y2)),
    )

# %% [markdown]
# $$\boxed{\frac{\partial L}{\partial u_k} = \hat{y}_k - y_k}$$
#
# The gradient is the prediction minus the target: positive for a class that got too much probability (a
# gradient step lowers its logit), negative for the true class if it got too little (a step raises it).
# All the exponentials and logs cancel. That is why softmax and cross-entropy are used together.

# %% [markdown]
# ### Confirmed numerically
# A formula derived is still worth testing. Compare $\hat{y} - y$ with **central finite differences**,
# $\frac{L(u_k + h) - L(u_k - h)}{2h}$ with $h = 10^{-6}$, for random (seeded) logits of one sample of 5 classes:

# %%
rng = np.random.default_rng(0)
u_sample = rng.normal(size=(1, 5))
y_sample = one_hot(np.array([3]), 5)
h = 1e-6
finite_differences = np.zeros_like(u_sample)
for k in range(5):
    step = np.zeros_like(u_sample)
    step[0, k] = h
    finite_differences[0, k] = (
        softmax_cross_entropy(u_sample + step, y_sample)
        - softmax_cross_entropy(u_sample - step, y_sample)
    ) / (2 * h)
print("finite differences:", finite_differences)
print("y_hat - y:         ", softmax(u_sample) - y_sample)
print(
    "agree:", np.allclose(finite_differences, softmax(u_sample) - y_sample, atol=1e-8)
)

# %% [markdown]
# ### The batch gradient: $(\hat{Y} - Y)/n$
# The batch loss is the mean of $n$ per-sample losses, and sample $i$'s logits appear only in its own term,
# with weight $\frac{1}{n}$. So row $i$ of the gradient with respect to the logits $U$ is
# $(\hat{\mathbf{y}}_i - \mathbf{y}_i)/n$:
#
# $$\frac{\partial L}{\partial U} = \frac{1}{n}\left(\operatorname{softmax}(U) - Y\right).$$
#
# Checked on a seeded batch of 4 samples and 3 classes, entry by entry:

# %%
def softmax_cross_entropy_gradient(U, Y):
    """d(softmax_cross_entropy)/dU = (softmax(U) - Y) / n_samples, shape (n_samples,
    n_classes)."""
    return (softmax(U) - Y) / U.shape[0]


U_batch = rng.normal(scale=2.0, size=(4, 3))
Y_batch = one_hot(np.array([2, 0, 1, 2]), 3)
finite_differences = np.zeros_like(U_batch)
for index in np.ndindex(U_batch.shape):
    step = np.zeros_like(U_batch)
    step[index] = h
    finite_differences[index] = (
        softmax_cross_entropy(U_batch + step, Y_batch)
        - softmax_cross_entropy(U_batch - step, Y_batch)
    ) / (2 * h)
print(
    "agree:",
    np.allclose(
        finite_differences, softmax_cross_entropy_gradient(U_batch, Y_batch), atol=1e-8
    ),
)
softmax_cross_entropy_gradient(U_batch, Y_batch)

# %% [markdown]
# Each row sums to 0 (the probabilities and the one-hot row both sum to 1), and the one negative entry of
# each row is at the true class.

# %% [markdown]
# ## Hand over to `nbtools`
# From here on we use the versions in `nbtools.losses`: `softmax`, `log_sum_exp`, `log_softmax`, `one_hot`,
# `cross_entropy`, `softmax_cross_entropy` and `softmax_cross_entropy_gradient`, written the way this lesson
# wrote them. They agree with ours on a random batch with some huge logits mixed in:

# %%
U_test = rng.normal(scale=3.0, size=(6, 4))
U_test[1] += 1000.0
U_test[4] -= 1000.0
labels_test = rng.integers(0, 4, size=6)
Y_test = one_hot(labels_test, 4)
comparisons = {
    "softmax": (softmax(U_test), losses.softmax(U_test)),
    "log_sum_exp": (log_sum_exp(U_test), losses.log_sum_exp(U_test)),
    "log_softmax": (log_softmax(U_test), losses.log_softmax(U_test)),
    "one_hot": (Y_test, losses.one_hot(labels_test, 4)),
    "cross_entropy": (
        cross_entropy(softmax(U_test), Y_test),
        losses.cross_entropy(losses.softmax(U_test), Y_test),
    ),
    "softmax_cross_entropy": (
        softmax_cross_entropy(U_test, Y_test),
        losses.softmax_cross_entropy(U_test, Y_test),
    ),
    "softmax_cross_entropy_gradient": (
        softmax_cross_entropy_gradient(U_test, Y_test),
        losses.softmax_cross_entropy_gradient(U_test, Y_test),
    ),
}
for name, (ours, theirs) in comparisons.items():
    print(f"{name:<32} agrees: {np.allclose(ours, theirs)}")

# %% [markdown]
# ## Summary
# - A classifier has one output unit per class; its weighted sums $u_k$ are the logits.
# - Softmax $\hat{y}_k = e^{u_k} / \sum_j e^{u_j}$ gives positive outputs that sum to 1, a probability
#   distribution over the classes; the predicted class is the argmax, the same for logits and probabilities.
# - Softmax is shift-invariant, so subtracting each row's maximum changes nothing mathematically and keeps
#   $e^u$ from overflowing (the naive formula gives NaN on $[1000, 1001, 1002]$).
# - Labels become one-hot rows: a distribution with the shape of the prediction, that picks out the true class.
# - Cross-entropy $L = -\sum_k y_k \log \hat{y}_k = -\log \hat{y}_{\text{true}}$ is 0 only for probability
#   1 on the true class and grows without bound as that probability goes to 0; a batch takes the mean.
# - $\log 0$ is avoided by clipping, or better by computing $\log \hat{y}_k = u_k - \operatorname{LSE}(\mathbf{u})$
#   straight from the logits with the stable log-sum-exp.
# - $\partial L / \partial u_k = \hat{y}_k - y_k$ (derived with SymPy, using $\sum_k y_k = 1$); for a batch the
#   gradient is $(\operatorname{softmax}(U) - Y)/n$.
#
# ## Questions
# 1. The logits $[3, 3, 3, 3]$: what does softmax give? And $[3, 3, 3, 1000]$?
#
# <details><summary>Answer</summary>
#
# Equal logits give equal probabilities, $[0.25, 0.25, 0.25, 0.25]$ (shift by 3: the softmax of zeros). For
# $[3, 3, 3, 1000]$ the stable softmax gives $[0, 0, 0, 1]$: the others are $e^{-997}$, which underflows to 0.
# The textbook formula gives NaN, since $e^{1000}$ overflows.
# </details>
#
# 2. Why does subtracting the *maximum* protect against overflow, while subtracting the *mean* of the logits
#    does not always?
#
# <details><summary>Answer</summary>
#
# After subtracting the maximum every exponent is $\le 0$, so every $e^{u_j - m} \le 1$, and the largest is
# $e^0 = 1$, so the denominator is at least 1. After subtracting the mean, a logit far above the others keeps
# a large positive exponent: $[0, 0, 2000]$ leaves $1333.3 > 709.78$, which overflows to NaN, as shown above.
# </details>
#
# 3. A model gives the true class probability $0.001$ on one sample and $0.9$ on nine others. Which sample
#    dominates the mean loss, and by how much?
#
# <details><summary>Answer</summary>
#
# The bad one: $-\log 0.001 = 6.908$, against $-\log 0.9 = 0.105$ for each of the others, about 66 times as
# much. The mean is $(6.908 + 9 \times 0.105)/10 = 0.786$, and the bad sample makes 88% of it.
# </details>
#
# 4. The gradient $\hat{y}_k - y_k$ never exceeds 1 in size, however wrong the prediction. Why is that, and
#    where does the loss's "no upper bound" show up instead?
#
# <details><summary>Answer</summary>
#
# Both $\hat{y}_k$ and $y_k$ lie in $[0, 1]$, so their difference lies in $[-1, 1]$. The unbounded growth is in
# the loss's *value* $-\log \hat{y}_{\text{true}}$, and in its derivative with respect to the probability,
# $-1/\hat{y}_{\text{true}}$; the softmax's own derivative, which goes to 0 as well, cancels it.
# </details>
#
# 5. Why would summing the loss over a batch of 1000 instead of averaging call for a learning rate 1000
#    times smaller?
#
# <details><summary>Answer</summary>
#
# The sum is 1000 times the mean, so its gradient is 1000 times the mean's. The same step
# $\eta \nabla L$ needs an $\eta$ 1000 times smaller; and with the sum, the right rate would change with the
# batch size.
# </details>
#
# Now practise in the exercise: [`exercises/04_softmax_cross_entropy.ipynb`](../exercises/04_softmax_cross_entropy.ipynb).
