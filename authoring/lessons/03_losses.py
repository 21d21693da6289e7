# %% [markdown]
# # Lesson 3: Loss functions
#
# A network cannot get better at something it cannot measure. A *loss* is that measurement: it takes the
# network's predictions and the true answers and returns one number that says how bad the predictions are.
# Learning then has a precise meaning: change the parameters so that this number goes down. This lesson
# builds the two classic losses for regression, derives their derivatives (the information a learning step
# uses), and looks at the loss of a small model as a curve whose bottom is the best parameter.
#
# **You will:**
# 1. say what a loss is and why learning means minimising it;
# 2. compute the mean squared error (MSE) and the mean absolute error (MAE) by hand and in NumPy;
# 3. derive their derivatives with SymPy and confirm them with finite differences;
# 4. see how differently MSE and MAE treat an outlier;
# 5. plot the loss of a small regression against its slope and find the minimum where the derivative is 0;
# 6. see why a loss is a *mean* over the batch, not a sum: one learning rate then fits every batch size.

# %% [markdown]
# ## Setup
# NumPy for the arrays, SymPy for the derivations, matplotlib for the plots. From `nbtools` we take the
# workbook's own versions of the losses, `nbtools.losses`, but only at the end: first we write them ourselves.

# %%
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

from nbtools import losses

sp.init_printing(use_latex="mathjax")

# %% [markdown]
# ## What a loss is
# A network with parameters $\theta$ (all its weights and biases) turns each input into a prediction
# $\hat y$. On the training set we also know the true target $y$ of every input. A **loss** $L(\hat Y, Y)$
# compares the two and returns one number: $0$ when every prediction is exact, larger when they are worse.
#
# The data are fixed; only $\theta$ can change. So **learning means minimising the loss over the
# parameters**: find the $\theta$ that make $L(\hat Y(\theta), Y)$ as small as possible.
#
# This lesson is about **regression**: predicting numbers (a price, a temperature). The last layer of a
# regressor uses the identity activation, $\hat y = u$, so a prediction can be any real number. (Predicting
# classes, with softmax and cross-entropy, is lesson 4.)
#
# A tiny example to compute with: four samples, one number to predict for each. As everywhere in the
# workbook, a batch is rows: `Y` and `Y_hat` have shape (n_samples, n_outputs), here (4, 1).

# %%
Y = np.array([[3.0], [5.0], [2.0], [6.0]])
Y_hat = np.array([[4.0], [3.0], [2.0], [7.0]])
errors = Y_hat - Y
errors.ravel()

# %% [markdown]
# ### Why not just average the errors?
# Three of the four predictions are wrong, yet the average error is exactly 0: the errors $+1$, $-2$, $0$,
# $+1$ cancel. An average of signed errors says whether the predictions are too high *on average* (a
# systematic offset), not how far off they are.

# %%
np.mean(errors)

# %% [markdown]
# So each error must count as bad whatever its sign before we average. Two ways: square it, or take its
# absolute value.

# %% [markdown]
# ## Mean squared error and mean absolute error
# For $n$ samples with predictions $\hat y_i$ and targets $y_i$:
#
# $$\text{MSE} = \frac{1}{n}\sum_{i=1}^{n} (\hat y_i - y_i)^2, \qquad
#   \text{MAE} = \frac{1}{n}\sum_{i=1}^{n} |\hat y_i - y_i|.$$
#
# By hand, for the tiny example:
#
# | sample $i$ | $\hat y_i$ | $y_i$ | $\hat y_i - y_i$ | $(\hat y_i - y_i)^2$ | $\lvert\hat y_i - y_i\rvert$ |
# |---|---|---|---|---|---|
# | 1 | 4 | 3 | $1$ | 1 | 1 |
# | 2 | 3 | 5 | $-2$ | 4 | 2 |
# | 3 | 2 | 2 | $0$ | 0 | 0 |
# | 4 | 7 | 6 | $1$ | 1 | 1 |
# | sum | | | $0$ | 6 | 4 |
#
# so $\text{MSE} = 6/4 = 1.5$ and $\text{MAE} = 4/4 = 1$. In NumPy each is one line: `np.mean` averages
# over every entry of the array.

# %%
def mse(Y_hat, Y):
    """Mean squared error: the mean of (y_hat - y)^2 over every entry of the (n_samples,
    n_outputs) arrays."""
    return np.mean((Y_hat - Y) ** 2)


def mae(Y_hat, Y):
    """Mean absolute error: the mean of |y_hat - y| over every entry of the (n_samples,
    n_outputs) arrays."""
    return np.mean(np.abs(Y_hat - Y))


mse(Y_hat, Y), mae(Y_hat, Y)

# %% [markdown]
# **Get it right.** The *root* mean squared error, $\text{RMSE} = \sqrt{\text{MSE}}$, is often reported
# because it has the units of $y$ (here $\sqrt{1.5} \approx 1.22$). It is not the MSE: its derivative is
# different, $\frac{1}{2\sqrt{\text{MSE}}}$ times the MSE's. The loss this workbook minimises and
# differentiates is the MSE itself.

# %%
np.sqrt(mse(Y_hat, Y))

# %% [markdown]
# ### Several outputs
# A network may predict $m$ numbers for each sample; then `Y` and `Y_hat` have shape $(n, m)$. The MSE is
# the mean over **every entry**, $n \cdot m$ of them:
#
# $$\text{MSE} = \frac{1}{n\,m}\sum_{i=1}^{n}\sum_{k=1}^{m} (\hat y_{ik} - y_{ik})^2 .$$
#
# That is exactly what `np.mean` computes without an `axis`, so our functions need no change. It is also the
# mean over the samples of each sample's mean over its outputs, as this batch of 3 samples with 2 outputs
# shows:

# %%
Y_two = np.array([[1.0, 0.0], [2.0, 1.0], [0.0, 3.0]])
Y_hat_two = np.array([[1.5, 0.0], [1.0, 2.0], [0.0, 1.0]])
squared_errors = (Y_hat_two - Y_two) ** 2
mse(Y_hat_two, Y_two), np.mean(np.mean(squared_errors, axis=1))

# %% [markdown]
# **Get it right.** Some texts sum over the outputs and average over the samples only, dividing by $n$
# instead of $n \cdot m$. That gives $m$ times our value (here $2 \times 1.0417 \approx 2.083$). Both have
# the same minimum, but their gradients differ by the factor $m$. This workbook, like `np.mean`, averages
# over every entry.

# %%
np.sum(squared_errors) / len(Y_two), Y_two.shape[1] * mse(Y_hat_two, Y_two)

# %% [markdown]
# ## The derivatives, derived
# To lower the loss we need to know how it changes when one prediction changes: the partial derivative
# $\partial L / \partial \hat y_i$. (The chain rule then carries it back to the parameters, lesson 5.)
# Let SymPy derive it for a batch of $n = 3$ samples first.

# %%
yhats = sp.symbols("yhat1:4")
ys = sp.symbols("y1:4")
mse_3 = sum((yhat - y) ** 2 for yhat, y in zip(yhats, ys)) / 3
mse_3

# %% [markdown]
# Differentiate with respect to the first prediction $\hat y_1$. Only one of the three terms contains
# $\hat y_1$; the others are constants and vanish. The power rule and the chain rule give
# $\frac{d}{d\hat y}(\hat y - y)^2 = 2(\hat y - y)\cdot 1$, and the $\frac13$ of the mean stays. SymPy
# writes the result expanded, $\frac{2\hat y_1}{3} - \frac{2 y_1}{3} = \frac{2(\hat y_1 - y_1)}{3}$:

# %%
sp.diff(mse_3, yhats[0])

# %% [markdown]
# The same for any batch size $n$: SymPy can differentiate a sum over $i = 1, \dots, n$ with respect to the
# $j$-th prediction. The `Piecewise` only says that $j$ must be one of the samples $1, \dots, n$; for such a
# $j$ the result is
#
# $$\frac{\partial\, \text{MSE}}{\partial \hat y_j} = \frac{2\,(\hat y_j - y_j)}{n}.$$

# %%
n = sp.Symbol("n", integer=True, positive=True)
i, j = sp.symbols("i j", integer=True, positive=True)
yhat_i, y_i = sp.IndexedBase("yhat"), sp.IndexedBase("y")
mse_n = sp.Sum((yhat_i[i] - y_i[i]) ** 2, (i, 1, n)) / n
sp.simplify(sp.diff(mse_n, yhat_i[j]))

# %% [markdown]
# ### The MAE's derivative, and its kink
# Write the error of one sample as $e = \hat y - y$; since $\frac{de}{d\hat y} = 1$, the chain rule gives
# $\frac{d}{d\hat y}|\hat y - y| = \frac{d|e|}{de}$. For the absolute value SymPy needs to know that $e$ is
# real. The answer is $\operatorname{sign}(e)$: $+1$ when the prediction is too high, $-1$ when it is too
# low. With the mean, each term is divided by $n$:
# $\frac{\partial\, \text{MAE}}{\partial \hat y_i} = \frac{\operatorname{sign}(\hat y_i - y_i)}{n}$.

# %%
e, h = sp.symbols("e h", real=True)
sp.diff(sp.Abs(e), e)

# %% [markdown]
# And where the prediction is exact, $\hat y = y$? Go back to lesson 1's definition. With the error
# $e = \hat y - y$, the difference quotient of $|e|$ at $e = 0$ is $\frac{|0 + h| - |0|}{h} = \frac{|h|}{h}$.
# Its limit from the right is $+1$ and from the left $-1$: they disagree, so **the derivative does not exist
# at 0**. The graph of $|e|$ has a corner there.

# %%
quotient_at_0 = (sp.Abs(0 + h) - sp.Abs(0)) / h
sp.limit(quotient_at_0, h, 0, dir="+"), sp.limit(quotient_at_0, h, 0, dir="-")

# %% [markdown]
# **Get it right.** At an exact prediction the MAE has no derivative. Any value between $-1/n$ and $+1/n$
# is a valid *subgradient* there (the slope of a line that touches the corner from below). This workbook
# takes 0, as NumPy's `np.sign(0) = 0` does (below); so does PyTorch's gradient of `abs` at 0. Not every
# library agrees: JAX's `grad(jnp.abs)(0.0)` is 1.0. Any choice in $[-1, 1]$ is a subgradient, so none is wrong.

# %%
np.sign(np.array([-2.0, 0.0, 3.0]))

# %% [markdown]
#
# ## The gradients in NumPy
# One partial derivative per prediction gives an array of the same shape as `Y_hat`, the **gradient**:
# $\frac{2(\hat Y - Y)}{n}$ and $\frac{\operatorname{sign}(\hat Y - Y)}{n}$, where $n$ is the number of
# entries averaged (`Y.size`, which is $n \cdot m$ with several outputs).

# %%
def mse_gradient(Y_hat, Y):
    """d(MSE)/d(Y_hat) = 2 (Y_hat - Y) / n, n the number of entries averaged; same shape
    as Y_hat."""
    return 2 * (Y_hat - Y) / Y.size


def mae_gradient(Y_hat, Y):
    """d(MAE)/d(Y_hat) = sign(Y_hat - Y) / n (0 where a prediction is exact); same shape
    as Y_hat."""
    return np.sign(Y_hat - Y) / Y.size


mse_gradient(Y_hat, Y).ravel(), mae_gradient(Y_hat, Y).ravel()

# %% [markdown]
# Read them: the second prediction is too low (error $-2$), so both gradients are negative there: raising
# that prediction lowers the loss. The third is exact: the MSE's gradient is 0 there (a small move changes the
# MSE only to second order), and the MAE's is 0 by convention, although a move either way raises the MAE.
# And the MSE's gradient is proportional to the error, while the MAE's only keeps its sign.
#
# ## Checked against finite differences
# A derivation is trusted once it agrees with the definition. Nudge one prediction up and down by a small
# $h$ and measure the change of the loss: the *central difference*
# $\frac{L(\hat y_i + h) - L(\hat y_i - h)}{2h}$, one entry at a time.

# %%
def numerical_gradient(loss, Y_hat, Y, h=1e-6):
    """Central differences (L(Y_hat + h at one entry) - L(Y_hat - h at that entry)) /
    2h, entry by entry."""
    gradient = np.zeros_like(Y_hat)
    for index in np.ndindex(Y_hat.shape):
        nudge = np.zeros_like(Y_hat)
        nudge[index] = h
        gradient[index] = (loss(Y_hat + nudge, Y) - loss(Y_hat - nudge, Y)) / (2 * h)
    return gradient

# %% [markdown]
# On random predictions and targets with 5 samples and 2 outputs, the derived gradients and the measured
# ones agree to within $10^{-8}$ in every entry, for both losses:

# %%
rng = np.random.default_rng(0)
Y_hat_random, Y_random = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
for name, loss, gradient in [("MSE", mse, mse_gradient), ("MAE", mae, mae_gradient)]:
    largest_difference = np.max(np.abs(numerical_gradient(loss, Y_hat_random, Y_random)
                                       - gradient(Y_hat_random, Y_random)))
    print(
        f"{name}: derived and numerical gradients agree within 1e-8: "
        f"{largest_difference < 1e-8}"
    )

# %% [markdown]
# ## MSE and MAE with an outlier
# For one sample with error $e = \hat y - y$ the two losses are $e^2$ and $|e|$. The square punishes
# large errors **quadratically**: an error 10 times larger costs 100 times more. And its derivative $2e$
# grows with the error, while $\operatorname{sign}(e)$ is always $\pm 1$.

# %%
error_grid = np.linspace(-3, 3, 301)
figure, (loss_axes, slope_axes) = plt.subplots(1, 2, figsize=(10, 3.5))
loss_axes.plot(error_grid, error_grid**2, label="squared error $e^2$")
loss_axes.plot(error_grid, np.abs(error_grid), label="absolute error $|e|$")
loss_axes.set_xlabel("error $e = \\hat{y} - y$")
loss_axes.set_ylabel("loss of one sample")
loss_axes.legend()
negative, positive = error_grid[error_grid < 0], error_grid[error_grid > 0]
slope_axes.plot(error_grid, 2 * error_grid, label="$2e$")
slope_axes.plot(
    negative, -np.ones_like(negative), color="C1", label="sign$(e)$ (none at $e = 0$)"
)
slope_axes.plot(positive, np.ones_like(positive), color="C1")
slope_axes.plot([0, 0], [-1, 1], "o", color="C1", markerfacecolor="white")
slope_axes.axhline(0, color="grey", linewidth=0.5)
slope_axes.set_xlabel("error $e = \\hat{y} - y$")
slope_axes.set_ylabel("its derivative with respect to $\\hat{y}$")
slope_axes.legend()
plt.show()

# %% [markdown]
# *Figure, in words:* Two panels against the error e from -3 to 3. Left: the loss of one sample, the squared
# error e² (a parabola, small near 0 and growing fast) and the absolute error |e| (a V). Right: their
# derivatives, 2e (a straight line through 0) and sign(e) (-1 for negative errors, +1 for positive ones, with
# no value at 0).

# %% [markdown]
# Now add a fifth sample to the tiny example, predicted 10 too high: an outlier (a mislabelled sample, or a
# rare event).

# %%
Y_outlier = np.vstack([Y, [[4.0]]])
Y_hat_outlier = np.vstack([Y_hat, [[14.0]]])
(Y_hat_outlier - Y_outlier).ravel()

# %% [markdown]
# The MSE jumps from $1.5$ to $(1 + 4 + 0 + 1 + 100)/5 = 21.2$, about 14 times larger; the MAE grows from
# $1$ to $(1 + 2 + 0 + 1 + 10)/5 = 2.8$. One sample now makes up $100/106$ of the squared errors.

# %%
for name, loss in [("MSE", mse), ("MAE", mae)]:
    before, after = loss(Y_hat, Y), loss(Y_hat_outlier, Y_outlier)
    print(
        f"{name}: {before:.2f} without the outlier, {after:.2f} with it "
        f"({after / before:.1f} times larger)"
    )

# %% [markdown]
# The gradients show what that does to learning. In the MSE's gradient the outlier's entry, $2 \cdot 10/5 = 4$,
# is five times the largest of the others: a learning step would mostly try to fix that one sample. In
# the MAE's gradient every wrong sample has the same weight, $\pm 1/5$.

# %%
mse_gradient(Y_hat_outlier, Y_outlier).ravel(), mae_gradient(
    Y_hat_outlier, Y_outlier
).ravel()

# %% [markdown]
# Neither loss is better in general. MSE is the usual choice, and the right one when a large error really is
# much worse than several small ones; MAE is more robust to outliers, but its gradient keeps the same size
# however close the prediction is, so it does not shrink near the minimum as the MSE's does.
#
# ## A small regression: the loss as a function of a parameter
# Now a model with parameters. The data: 20 inputs $x$ between $-2$ and $2$ with targets
# $y = 2x + 1 + \text{noise}$ (normal, standard deviation $0.5$). The model: one unit with the identity
# activation, $\hat y = w x + b$. To draw the loss as a curve, fix the bias at its true value $b = 1$ and
# vary only the weight $w$.

# %%
rng = np.random.default_rng(0)
n_samples = 20
x = rng.uniform(-2, 2, size=(n_samples, 1))
y = 2 * x + 1 + rng.normal(0, 0.5, size=(n_samples, 1))
b = 1.0


def predict(w, x):
    """The model y_hat = w x + b (identity output) with the bias fixed at b; x has shape
    (n_samples, 1)."""
    return w * x + b

# %% [markdown]
# For every $w$ on a grid, predict and compute both losses. On the left, the data with three candidate lines;
# in the middle and on the right, each loss as a function of $w$.

# %%
w_grid = np.linspace(-1, 5, 601)
mse_of_w = np.array([mse(predict(w, x), y) for w in w_grid])
mae_of_w = np.array([mae(predict(w, x), y) for w in w_grid])

figure, (data_axes, mse_axes, mae_axes) = plt.subplots(1, 3, figsize=(14, 4))
data_axes.scatter(x, y, color="black", s=15, label="data")
x_line = np.linspace(-2, 2, 2)
for w in [0.5, 2.0, 3.5]:
    data_axes.plot(x_line, predict(w, x_line), label=f"$\\hat y = {w:g}x + 1$")
data_axes.set_xlabel("x")
data_axes.set_ylabel("y")
data_axes.legend(fontsize="small")
for axes, name, colour, loss_of_w in [
    (mse_axes, "MSE", "C0", mse_of_w),
    (mae_axes, "MAE", "C1", mae_of_w),
]:
    axes.plot(w_grid, loss_of_w, color=colour)
    axes.plot(
        w_grid[np.argmin(loss_of_w)],
        loss_of_w.min(),
        "o",
        color=colour,
        label=f"lowest {name}",
    )
    axes.axvline(2, color="grey", linestyle=":", label="true slope 2")
    axes.set_xlabel("weight w (bias fixed at b = 1)")
    axes.set_ylabel(name)
    axes.legend(fontsize="small")
plt.show()

# %% [markdown]
# *Figure, in words:* Three panels. Left: the data points and three lines y = wx + 1 with slopes 0.5, 2 and
# 3.5. Middle: the MSE against the weight w from -1 to 5, a smooth parabola whose lowest point is marked near
# the true slope 2 (dotted). Right: the MAE against w, a curve of straight pieces, its lowest point also near
# 2.

# %% [markdown]
# Both curves have their bottom (the dots) near the true slope 2. The MSE curve is a parabola; the MAE curve
# is made of straight pieces, with a corner wherever one sample's error changes sign.
#
# ### The minimum is where the derivative is 0
# As in lesson 1, the bottom of a smooth curve is where its slope is 0. With $b$ fixed, SymPy can build the
# MSE from the 20 data points as a function of the symbol $w$: a quadratic, $a w^2 + c w + d$ with $a > 0$.

# %%
w_symbol = sp.Symbol("w")
mse_of_w_symbolic = sp.expand(sum((w_symbol * float(xi) + b - float(yi)) ** 2
                                  for xi, yi in zip(x.ravel(), y.ravel())) / n_samples)
mse_of_w_symbolic.evalf(4)

# %% [markdown]
# Solve $\frac{dL}{dw} = 0$. The second derivative $2a$ is positive, so this critical point is a minimum.
# It is near 2 but not exactly 2: the best slope *for these 20 noisy samples*.

# %%
dL_dw = sp.diff(mse_of_w_symbolic, w_symbol)
best_w_mse = sp.solve(dL_dw, w_symbol)[0]
best_w_mse, sp.diff(dL_dw, w_symbol)

# %% [markdown]
# For any data the same calculation gives $\frac{dL}{dw} = \frac{2}{n}\sum_i (w x_i + b - y_i)\,x_i = 0$,
# so $w^* = \frac{\sum_i x_i (y_i - b)}{\sum_i x_i^2}$. The formula and the lowest point of the grid agree:

# %%
np.sum(x * (y - b)) / np.sum(x**2), w_grid[np.argmin(mse_of_w)]

# %% [markdown]
# The MAE has no derivative at its corners, and its minimum sits **at** a corner (or along a flat piece
# between two corners): there the slope jumps from negative to positive instead of passing through 0. The
# corners are where one sample's error is 0, $w x_i + b = y_i$, so at $w = (y_i - b)/x_i$; the lowest of
# them is the minimum.

# %%
corners = ((y - b) / x).ravel()
best_w_mae = corners[np.argmin([mae(predict(w, x), y) for w in corners])]
best_w_mae

# %% [markdown]
# Here we could solve for $w$ because the prediction is *linear* in the parameters, so the MSE is a parabola
# in $w$ and $\frac{dL}{dw} = 0$ is a linear equation. That does not depend on the number of parameters:
# least squares with any number of weights has a closed form (the normal equations). What a network lacks
# is linearity: its activations make "gradient $= 0$" a system of non-linear equations with no formula for
# the solution. Instead, **gradient descent** $w \leftarrow w - \eta\,
# \frac{dL}{dw}$ walks downhill to the bottom (lesson 6). For the MAE the sign of the slope still points the
# right way on each side of the corner, so descent heads there too.
#
# ### Gradient steps on the loss
# These are lesson 1's learning-rate steps, now downhill: $w \leftarrow w - \eta\, L'(w)$. Each step
# multiplies the distance to $w^*$ by $1 - \eta L''$, and the curvature $L''$ of this MSE is the same for
# every $w$: $\frac{2}{n}\sum_i x_i^2$, twice the mean of $x^2$. So the steps start to overshoot and
# oscillate past $\eta = 1/L''$ and diverge past $2/L''$:

# %%
curvature = sp.diff(mse_of_w_symbolic, w_symbol, 2)
print(f"L'' = {float(curvature):.4g}, and 2 mean(x^2) = {2 * np.mean(x**2):.4g}")
print(f"1/L'' = {float(1 / curvature):.3f}, 2/L'' = {float(2 / curvature):.3f}")
for rate in (0.30, 0.31, 0.60, 0.61):
    print(f"eta = {rate:.2f}: factor 1 - L'' eta = {1 - float(curvature) * rate:+.3f}")

# %% [markdown]
# **Try it.** Start at $\eta = 0.1$ and drag the learning rate up, watching the readout's factor
# $1 - 3.312\,\eta$ (printed above for four rates) and the path on the right: at 0.30, just below
# $1/L'' \approx 0.302$, one step lands almost on $w^* \approx 1.928$ (factor $+0.006$); from 0.31 (factor
# $-0.027$) the steps overshoot and oscillate; at 0.60 (factor $-0.987$) they barely converge, and at 0.61,
# past $2/L'' \approx 0.604$ (factor $-1.020$), every swing is wider than the last. Lesson 6 treats
# learning rates fully.

# %% tags=["nbval-ignore-output"]
from nbtools.explorers import Curve, learning_rate_explorer

L_numeric, dL_dw_numeric = sp.lambdify(
    w_symbol, mse_of_w_symbolic, "numpy"
), sp.lambdify(w_symbol, dL_dw, "numpy")
lesson_loss = Curve(
    "L",
    "w",
    L_numeric,
    dL_dw_numeric,
    direction=-1,
    best=float(best_w_mse),
    curvature=float(curvature),
    span=(-1.0, 5.0),
)
learning_rate_explorer(
    lesson_loss, learning_rate=0.1, start=0.0, steps=15, max_learning_rate=0.7
)

# %% [markdown]
# ### With an outlier
# Add one bad sample, $(x, y) = (1.8, -8)$, far below the line, and redo both minimisations.

# %%
x_outlier = np.vstack([x, [[1.8]]])
y_outlier = np.vstack([y, [[-8.0]]])
best_w_mse_outlier = np.sum(x_outlier * (y_outlier - b)) / np.sum(x_outlier**2)
corners_outlier = ((y_outlier - b) / x_outlier).ravel()
best_w_mae_outlier = corners_outlier[
    np.argmin([mae(predict(w, x_outlier), y_outlier) for w in corners_outlier])
]
print(
    f"best w by MSE: {float(best_w_mse):.3f} without the outlier, "
    f"{best_w_mse_outlier:.3f} with it"
)
print(
    f"best w by MAE: {best_w_mae:.3f} without the outlier, {best_w_mae_outlier:.3f} "
    f"with it"
)

# %% [markdown]
# One sample in 21 drags the MSE's best slope from about 1.93 down to about 1.31, because its squared error
# dominates the loss; the MAE's best slope does not move at all here. Is that luck of this data set? The same
# outlier added to ten data sets drawn the same way (seeds 0 to 9):

# %%
def best_slopes(x, y):
    """The best w by MSE (the formula) and by MAE (the lowest corner), b fixed."""
    corners = ((y - b) / x).ravel()
    return (np.sum(x * (y - b)) / np.sum(x**2),
            corners[np.argmin([mae(predict(w, x), y) for w in corners])])


shifts = []
for seed in range(10):
    rng_seed = np.random.default_rng(seed)
    x_seed = rng_seed.uniform(-2, 2, size=(n_samples, 1))
    y_seed = 2 * x_seed + 1 + rng_seed.normal(0, 0.5, size=(n_samples, 1))
    before = best_slopes(x_seed, y_seed)
    after = best_slopes(np.vstack([x_seed, [[1.8]]]), np.vstack([y_seed, [[-8.0]]]))
    shifts.append(np.subtract(after, before))
shifts = np.array(shifts)
mse_shifts, mae_shifts = shifts[:, 0], shifts[:, 1]
unmoved = np.sum(np.abs(mae_shifts) < 1e-9)
print(f"MSE's best slope moves by {mse_shifts.min():.3f} to {mse_shifts.max():.3f}")
print(f"MAE's best slope moves by {mae_shifts.min():.3f} to {mae_shifts.max():.3f}; "
      f"not at all on {unmoved} of 10")

# %% [markdown]
# Not luck: on every data set the MSE's best slope drops by 0.62 to 0.99, while the MAE's stays put on 6 of
# the 10 and moves by at most 0.073 on the others. (Since $|w x_i + b - y_i| = |x_i|\,|w - s_i|$ with
# $s_i = (y_i - b)/x_i$, the MAE's best slope is a *weighted median* of the slopes $s_i$, with weights
# $|x_i|$: one more sample below the line moves it past a few corners at most, however far below it lies,
# while its pull on the MSE grows with its error.)
#
# On the left, the two fitted lines of our data set; in the middle and on the right, each loss without
# (solid) and with (dashed) the outlier; thin vertical lines mark where each is lowest.

# %%
mse_of_w_outlier = np.array([mse(predict(w, x_outlier), y_outlier) for w in w_grid])
mae_of_w_outlier = np.array([mae(predict(w, x_outlier), y_outlier) for w in w_grid])

figure, (data_axes, mse_axes, mae_axes) = plt.subplots(1, 3, figsize=(14, 4))
data_axes.scatter(x, y, color="black", s=15, label="data")
data_axes.scatter([1.8], [-8.0], color="crimson", s=30, label="outlier")
data_axes.plot(
    x_line,
    predict(best_w_mse_outlier, x_line),
    label=f"best by MSE: w = {best_w_mse_outlier:.2f}",
)
data_axes.plot(
    x_line,
    predict(best_w_mae_outlier, x_line),
    label=f"best by MAE: w = {best_w_mae_outlier:.2f}",
)
data_axes.set_xlabel("x")
data_axes.set_ylabel("y")
data_axes.legend(fontsize="small")
for axes, name, colour, clean, spoiled in [
    (mse_axes, "MSE", "C0", mse_of_w, mse_of_w_outlier),
    (mae_axes, "MAE", "C1", mae_of_w, mae_of_w_outlier),
]:
    axes.plot(w_grid, clean, color=colour, label="without the outlier")
    axes.plot(w_grid, spoiled, color=colour, linestyle="--", label="with the outlier")
    axes.axvline(w_grid[np.argmin(clean)], color=colour, linewidth=0.8)
    axes.axvline(
        w_grid[np.argmin(spoiled)], color=colour, linewidth=0.8, linestyle="--"
    )
    axes.set_xlabel("weight w (bias fixed at b = 1)")
    axes.set_ylabel(name)
    axes.legend(fontsize="small")
plt.show()

# %% [markdown]
# *Figure, in words:* The same three panels with one outlier added at (1.8, -8) in red. Left: the best lines
# by MSE and by MAE; the MSE's line is pulled towards the outlier, the MAE's barely moves. Middle and right:
# each loss against w without the outlier (solid) and with it (dashed), with vertical lines at each minimum:
# the MSE's minimum moves far to the left, the MAE's hardly at all.

# %% [markdown]
# ## Mean or sum over the batch?
# The *sum* of squared errors, $\text{SSE} = \sum_i (\hat y_i - y_i)^2 = n \cdot \text{MSE}$, has exactly
# the same minimum (multiplying a function by $n > 0$ does not move its bottom). So why do we average? Because
# of the size of the **gradient** that a learning step uses.
#
# By the chain rule, with $\hat y_i = w x_i + b$ and so $\frac{\partial \hat y_i}{\partial w} = x_i$,
#
# $$\frac{dL}{dw} = \sum_{i=1}^{n} \frac{\partial L}{\partial \hat y_i}\, x_i .$$
#
# Both losses get a gradient this way from their gradient with respect to the predictions:

# %%
def sse(Y_hat, Y):
    """Sum of squared errors, n times the MSE: for comparison only."""
    return np.sum((Y_hat - Y) ** 2)


def sse_gradient(Y_hat, Y):
    """d(SSE)/d(Y_hat) = 2 (Y_hat - Y): no 1/n."""
    return 2 * (Y_hat - Y)


def slope_gradient(loss_gradient, w, x, y):
    """dL/dw for y_hat = w x + b, by the chain rule: sum over samples of dL/dy_hat_i *
    x_i."""
    return np.sum(loss_gradient(predict(w, x), y) * x)

# %% [markdown]
# Draw 1000 samples from the same process and take batches of 10, 100 and all 1000 of them. At $w = 0$ the
# MSE's gradient has about the same size for every batch; the SSE's grows with the batch, about tenfold for
# each tenfold batch.

# %%
rng = np.random.default_rng(1)
x_many = rng.uniform(-2, 2, size=(1000, 1))
y_many = 2 * x_many + 1 + rng.normal(0, 0.5, size=(1000, 1))
batches = {size: (x_many[:size], y_many[:size]) for size in [10, 100, 1000]}
for size, (x_batch, y_batch) in batches.items():
    print(
        f"batch of {size:>4}: dMSE/dw = "
        f"{slope_gradient(mse_gradient, 0.0, x_batch, y_batch):8.3f}   "
        f"dSSE/dw = {slope_gradient(sse_gradient, 0.0, x_batch, y_batch):9.1f}"
    )

# %% [markdown]
# **Get it right.** With the mean, the gradient with respect to each single *prediction* shrinks like
# $1/n$ (each sample is one of $n$), but the gradient with respect to a *parameter* adds up $n$ such
# contributions: it is an average over the samples, and its size does not depend on the batch size.
# With the sum it is $n$ times that average.
#
# That decides the learning rate. Take ten gradient descent steps $w \leftarrow w - \eta \frac{dL}{dw}$ from
# $w = 0$ (a preview of lesson 6), and compare with each batch's best slope $w^*$ (the formula above).
# With the MSE and $\eta = 0.3$, every batch size reaches its $w^*$. With the SSE and $\eta = 0.03$, which
# gives exactly the same steps for the batch of 10 (there SSE $= 10 \cdot$ MSE), the batch of 10 reaches
# its $w^*$ too, but for 100 and 1000 samples the steps are about 10 and 100 times larger, overshoot further
# each time, and $w$ explodes.

# %%
def descend(loss_gradient, learning_rate, x, y, steps=10):
    """Gradient descent on w alone (b fixed), starting from w = 0; returns the final
    w."""
    w = 0.0
    for _ in range(steps):
        w = w - learning_rate * slope_gradient(loss_gradient, w, x, y)
    return w


for size, (x_batch, y_batch) in batches.items():
    best_w = np.sum(x_batch * (y_batch - b)) / np.sum(x_batch**2)
    w_mse = descend(mse_gradient, 0.3, x_batch, y_batch)
    w_sse = descend(sse_gradient, 0.03, x_batch, y_batch)
    print(
        f"batch of {size:>4}: w* = {best_w:.3f}   MSE, rate 0.3: w = {w_mse:.3f}   "
        f"SSE, rate 0.03: w = {w_sse:.4g}"
    )

# %% [markdown]
# The same ten steps on ten other draws of 1000 samples (seeds 0 to 9): the largest distance to $w^*$ that
# the MSE's steps leave, and the smallest size the SSE's $w$ reaches, for each batch size.

# %%
closest_mse = {size: 0.0 for size in batches}
smallest_sse = {size: np.inf for size in batches}
for seed in range(10):
    rng_seed = np.random.default_rng(seed)
    x_seed = rng_seed.uniform(-2, 2, size=(1000, 1))
    y_seed = 2 * x_seed + 1 + rng_seed.normal(0, 0.5, size=(1000, 1))
    for size in batches:
        x_batch, y_batch = x_seed[:size], y_seed[:size]
        best_w = np.sum(x_batch * (y_batch - b)) / np.sum(x_batch**2)
        gap = abs(descend(mse_gradient, 0.3, x_batch, y_batch) - best_w)
        closest_mse[size] = max(closest_mse[size], gap)
        w_sse = descend(sse_gradient, 0.03, x_batch, y_batch)
        smallest_sse[size] = min(smallest_sse[size], abs(w_sse))
for size in batches:
    mse_gap, sse_size = closest_mse[size], smallest_sse[size]
    print(f"batch of {size:>4}: MSE, rate 0.3: |w - w*| at most {mse_gap:.1e}   "
          f"SSE, rate 0.03: |w| at least {sse_size:.2g}")

# %% [markdown]
# On every draw the MSE's ten steps end within 0.0012 of $w^*$ for every batch size, and the SSE's $w$
# explodes to at least $5 \times 10^7$ for 100 samples and $8 \times 10^{18}$ for 1000 (for 10 samples its
# steps are the MSE's, scaled down tenfold in the rate and up tenfold in the gradient). With the sum, the
# learning rate would have to shrink like $1/n$ for every new batch size. With the mean,
# one learning rate fits any batch size. That is why every loss in this workbook is a mean over the batch.
#
# ## From here on: `nbtools.losses`
# The workbook's package has the same four functions, written the same way: `losses.mse`,
# `losses.mse_gradient`, `losses.mae` and `losses.mae_gradient`. Later lessons import them from there. They
# agree with ours on a column of targets and on a batch with several outputs:

# %%
rng = np.random.default_rng(2)
ours = {
    "mse": mse,
    "mse_gradient": mse_gradient,
    "mae": mae,
    "mae_gradient": mae_gradient,
}
for shape in [(4, 1), (5, 3)]:
    Y_hat_test, Y_test = rng.normal(size=shape), rng.normal(size=shape)
    agree = {
        name: bool(
            np.allclose(
                function(Y_hat_test, Y_test), getattr(losses, name)(Y_hat_test, Y_test)
            )
        )
        for name, function in ours.items()
    }
    print(f"shape {shape}: {agree}")

# %% [markdown]
# ## Summary
# - A loss turns predictions and targets into one number that says how bad the predictions are; learning is
#   minimising it over the parameters. The mean of the raw errors is no loss: errors of opposite signs cancel.
# - For regression (identity output): $\text{MSE} = \frac1n\sum_i(\hat y_i - y_i)^2$ and
#   $\text{MAE} = \frac1n\sum_i|\hat y_i - y_i|$, the mean over every entry of the (n_samples, n_outputs) arrays.
# - Derived with SymPy and checked with finite differences:
#   $\frac{\partial\,\text{MSE}}{\partial \hat y_i} = \frac{2(\hat y_i - y_i)}{n}$ and
#   $\frac{\partial\,\text{MAE}}{\partial \hat y_i} = \frac{\operatorname{sign}(\hat y_i - y_i)}{n}$,
#   which does not exist where $\hat y_i = y_i$ (0 is taken there).
# - MSE punishes errors quadratically, so an outlier dominates its value, its gradient and its minimum; MAE
#   is more robust to it.
# - The loss of a model is a function of its parameters; its minimum is where the derivative is 0 (or, for
#   the MAE, at a corner where the slope changes sign).
# - Averaging over the batch keeps the loss and its gradient with respect to the parameters the same size
#   for any batch size, so one learning rate fits them all; a sum needs a learning rate divided by $n$.
#
# ## Questions
# 1. Give four non-zero errors whose mean is 0. What are their MSE and MAE?
#
# <details><summary>Answer</summary>
#
# For example $1, -1, 2, -2$: MSE $= (1 + 1 + 4 + 4)/4 = 2.5$, MAE $= (1 + 1 + 2 + 2)/4 = 1.5$. Their
# mean, 0, says nothing about how bad they are.
# </details>
#
# 2. If every error doubles, how do the MSE, the RMSE and the MAE change?
#
# <details><summary>Answer</summary>
#
# The MSE is multiplied by 4 (squares), the RMSE by 2 and the MAE by 2.
# </details>
#
# 3. The SSE and the MSE have the same minimum. Why would gradient descent with one fixed learning rate still
#    behave differently on them when the batch size changes?
#
# <details><summary>Answer</summary>
#
# The SSE is $n$ times the MSE, so its gradient is $n$ times larger: with one $\eta$ the steps grow with the
# batch size, and a rate that works for 10 samples can diverge for 1000. The MSE's gradient keeps its scale
# whatever $n$ is.
# </details>
#
# 4. The MAE's gradient has the same size for an error of 0.1 as for an error of 100. What does that mean for
#    gradient descent steps close to the minimum?
#
# <details><summary>Answer</summary>
#
# The steps do not shrink as the minimum nears (the MSE's do, with the error): with a fixed $\eta$ they keep
# their size and jump back and forth across the corner. Reaching it precisely needs a learning rate that
# decreases over time.
# </details>
#
# 5. In the regression with an outlier, the outlier lies far below the line. Using the MSE's gradient
#    $\frac{2(\hat y_i - y_i)}{n}$, explain why it pulls the best slope down, and why, in the MAE's gradient
#    $\frac{\operatorname{sign}(\hat y_i - y_i)}{n}$, it pulls no harder than any other sample.
#
# <details><summary>Answer</summary>
#
# In the MSE's gradient each sample's pull is proportional to its error, and the outlier's error is by far
# the largest, so it dominates the sum: the line tilts towards it until its pull is balanced. In the MAE's
# gradient every sample contributes $\pm 1/n$, whatever the size of its error, so the outlier counts as one
# sample among $n$.
# </details>
#
# Now practise in the exercise: [`exercises/03_losses.ipynb`](../exercises/03_losses.ipynb).
