# %% [markdown]
# # Lesson 6: Gradient descent, SGD and momentum
#
# Lesson 5 computed the gradient of a network's loss with respect to every weight and bias. A gradient on its
# own changes nothing: learning happens when we *step* the parameters with it, again and again. This lesson
# is about those steps: which way (downhill, against the gradient), how far (the learning rate), on how much
# data at a time (mini-batches), and how to keep going fast through a long narrow valley (momentum). Lesson 1
# climbed a parabola in one variable; here the loss has many variables, and the data set is real.
#
# **You will:**
# 1. derive why the negative gradient is the direction of steepest descent, and see it on a contour plot;
# 2. run full-batch gradient descent on a real regression problem, with your own loop;
# 3. see learning rates that are too small, about right and too large on that loss, and derive the limit
#    $2 / (\text{largest curvature})$;
# 4. shuffle the data into mini-batches, and count iterations and epochs separately;
# 5. see why the loss averages over the batch instead of summing;
# 6. add momentum, and watch it cross a long narrow valley that plain gradient descent zig-zags through;
# 7. hand over to `nbtools.optimisers` (`SGD`, `Momentum`, `minibatches`), which later lessons use.

# %% [markdown]
# ## Setup
# NumPy for arrays, SymPy (as `sp`) for the derivations, matplotlib for the pictures. From `nbtools` we take
# the forward pass and the backward pass of lessons 2-5 (`forward`, `loss_and_gradients`), the loss `mse`,
# and, for the comparison at the end only, the optimisers. The data set comes with scikit-learn and loads
# offline.

# %%
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from sklearn.datasets import load_diabetes

from nbtools.backprop import loss_and_gradients
from nbtools.layers import forward, init_network
from nbtools.losses import mse
from nbtools.optimisers import SGD, Momentum, minibatches

sp.init_printing(use_latex="mathjax")
x, y = sp.symbols("x y")

# %% [markdown]
# ## Downhill: $\theta \leftarrow \theta - \eta\, \nabla L(\theta)$
# Put all the parameters of a model into one long vector $\theta$. The loss $L(\theta)$ is a function of
# it, and its **gradient** $\nabla L(\theta)$ is the vector of its partial derivatives, one per parameter.
# **Gradient descent** repeats one update:
#
# $$\theta \leftarrow \theta - \eta\, \nabla L(\theta),$$
#
# with $\eta > 0$ the **learning rate**. It is lesson 1's climbing step with the sign flipped, because now we
# look for the *bottom* of the loss, not the top of a profit.
#
# To see it, take a loss of two parameters $x$ and $y$ shaped like a long narrow valley:
#
# $$L(x, y) = \frac{x^2 + 25\,y^2}{2}.$$
#
# Its gradient, by SymPy:

# %%
L_valley = (x**2 + 25 * y**2) / 2
gradient_valley = sp.Matrix([sp.diff(L_valley, x), sp.diff(L_valley, y)])
L_valley, gradient_valley

# %% [markdown]
# `lambdify` turns both into NumPy functions of a parameter vector `theta = np.array([x, y])`.

# %%
valley_loss_xy = sp.lambdify((x, y), L_valley, "numpy")
valley_gradient_xy = sp.lambdify((x, y), list(gradient_valley), "numpy")


def valley_loss(theta):
    """L(x, y) = (x^2 + 25 y^2) / 2 at theta = [x, y]."""
    return valley_loss_xy(theta[0], theta[1])


def valley_gradient(theta):
    """The gradient [x, 25 y] at theta = [x, y], as a float array of shape (2,)."""
    return np.array(valley_gradient_xy(theta[0], theta[1]), dtype=float)


valley_loss(np.array([-8.0, 0.6])), valley_gradient(np.array([-8.0, 0.6]))

# %% [markdown]
# ### Why *minus* the gradient: the direction of steepest descent
# Stand at $\theta$ and walk in a direction $\mathbf{u}$ of length 1. How fast does the loss change? That
# is the derivative of $L(\theta + t\,\mathbf{u})$ with respect to the distance $t$, at $t = 0$: the
# *directional derivative*. SymPy computes it from the definition, and it equals the dot product
# $\nabla L \cdot \mathbf{u}$:

# %%
t, u1, u2 = sp.symbols("t u1 u2")
directional_derivative = sp.diff(L_valley.subs({x: x + t * u1, y: y + t * u2}), t).subs(
    t, 0
)
gradient_dot_u = (gradient_valley.T * sp.Matrix([u1, u2]))[0]
directional_derivative, sp.simplify(directional_derivative - gradient_dot_u) == 0

# %% [markdown]
# A dot product is $\nabla L \cdot \mathbf{u} = \lVert \nabla L \rVert\, \lVert \mathbf{u} \rVert \cos\varphi
# = \lVert \nabla L \rVert \cos\varphi$, with $\varphi$ the angle between the two. It is most negative,
# $-\lVert \nabla L \rVert$, when $\cos\varphi = -1$: when $\mathbf{u}$ points exactly **against** the
# gradient. So $-\nabla L$ is the direction of *steepest descent*, and $\lVert \nabla L \rVert$ is how steep
# it is. (The same argument says $+\nabla L$ is the steepest ascent, the direction lesson 1 climbed.)
#
# Check it by brute force at $\theta = (-8, 0.6)$, where $\nabla L = (-8, 15)$ and $\lVert \nabla L \rVert =
# 17$: try 3600 directions, one every tenth of a degree, and keep the one along which the loss falls fastest.

# %%
point = np.array([-8.0, 0.6])
angles = np.linspace(0, 2 * np.pi, 3600, endpoint=False)
directions = np.column_stack([np.cos(angles), np.sin(angles)])
# the directional derivative along each direction
slopes = directions @ valley_gradient(point)
steepest = directions[np.argmin(slopes)]
against_gradient = -valley_gradient(point) / np.linalg.norm(valley_gradient(point))
print(f"steepest of 3600 directions: {np.round(steepest, 3)}, slope {slopes.min():.3f}")
print(
    f"-gradient / |gradient|:      {np.round(against_gradient, 3)}, slope "
    f"{-np.linalg.norm(valley_gradient(point)):.3f}"
)

# %% [markdown]
# The same on the map of the loss. The grey ellipses are *contours*, lines of equal loss, and the minimum is
# at the black cross $(0, 0)$. At points on the contour $L = 32$, each arrow shows the direction of
# $-\nabla L$ (all drawn with the same length). Every arrow crosses its contour at a right angle: along a
# contour the loss does not change, so the steepest way down is perpendicular to it.

# %%
xs, ys = np.meshgrid(np.linspace(-11, 11, 400), np.linspace(-2.6, 2.6, 200))
contour_levels = [0.5, 2, 8, 18, 32, 50]
where = np.linspace(0, 2 * np.pi, 16, endpoint=False)
# on L = 32: x = 8 cos s, y = 1.6 sin s
arrow_points = np.column_stack([8 * np.cos(where), 1.6 * np.sin(where)])
downhill = np.array([-valley_gradient(p) for p in arrow_points])
downhill /= np.linalg.norm(downhill, axis=1, keepdims=True)

figure, axes = plt.subplots(figsize=(11, 3.4))
axes.contour(
    xs, ys, valley_loss_xy(xs, ys), levels=contour_levels, colors="grey", linewidths=0.8
)
axes.quiver(
    arrow_points[:, 0],
    arrow_points[:, 1],
    downhill[:, 0],
    downhill[:, 1],
    color="crimson",
    angles="xy",
    scale_units="xy",
    scale=1,
    width=0.003,
)
axes.plot(arrow_points[:, 0], arrow_points[:, 1], "o", color="crimson", markersize=3)
axes.plot(0, 0, "kx", markersize=8)
axes.set_aspect("equal")
axes.set_xlabel("x")
axes.set_ylabel("y")
axes.set_title(
    r"$-\nabla L$ (direction only) on the contour $L = 32$ of $L = (x^2 + 25y^2)/2$"
)
plt.show()

# %% [markdown]
# *Figure, in words:* The elliptical contour L = 32 of the narrow valley L = (x² + 25y²)/2, much longer along
# x than across y, with red arrows pointing along -∇L from points on it: they point almost straight across the
# valley, towards its floor, not towards the minimum at (0, 0) (marked x).

# %% [markdown]
# Look at where the arrows point: downhill, but mostly *across* the valley, towards its floor $y = 0$, and
# hardly ever at the minimum. The valley's walls are 25 times steeper in $y$ than its floor is in $x$.
# Steepest descent is a *local* rule: it knows the slope where it stands, not where the bottom is. Keep this
# in mind; it is the reason for momentum later in this lesson.
#
# ### One step by hand
# From $\theta_0 = (-8, 0.6)$ with $\eta = 0.05$:
#
# $$\theta_1 = \theta_0 - \eta\,\nabla L(\theta_0) = (-8, 0.6) - 0.05\,(-8, 15) = (-7.6, -0.15).$$

# %%
learning_rate = 0.05
theta_0 = np.array([-8.0, 0.6])
theta_1 = theta_0 - learning_rate * valley_gradient(theta_0)
theta_1, valley_loss(theta_0), valley_loss(theta_1)

# %% [markdown]
# The loss fell from 36.5 to about 29.16. But look at $y$: it went from $0.6$ *past* the valley floor to
# $-0.15$. The step along $y$ was $0.05 \cdot 15 = 0.75$, more than the distance $0.6$ to the floor, because
# the gradient is large where the wall is steep. Steps that overshoot across the valley, while $x$ creeps
# forward (here by 0.4), are the first sign of the zig-zag we will meet again.
#
# ## A real problem: full-batch gradient descent
# Now a loss that comes from data. scikit-learn's *diabetes* data set has 442 patients, each described by 10
# measurements taken at a baseline visit (age, sex, body mass index, average blood pressure and six blood
# serum values), and a number that measures how far the disease progressed one year later. We predict that
# number from the 10 measurements.
#
# We standardise every column (subtract its mean, divide by its standard deviation) and the target too, so
# all numbers are of size about 1. `X` has shape (442, 10), one row per patient; `Y` has shape (442, 1).

# %%
features, target = load_diabetes(return_X_y=True)
X = (features - features.mean(axis=0)) / features.std(axis=0)
Y = ((target - target.mean()) / target.std()).reshape(-1, 1)
n_samples = len(X)
X.shape, Y.shape

# %% [markdown]
# The model is the simplest network there is: one dense layer with the identity activation,
# $\hat Y = X W + b$, with `W` of shape (10, 1) and `b` of shape (1,) (lesson 2), and the loss is the mean
# squared error (lesson 3). Its parameters start random (`init_network`), and `loss_and_gradients` from
# lesson 5 returns the loss, the gradients `[(dW, db)]` and the prediction. Before any learning the loss is
# about 1.66:

# %%
def training_loss(layers):
    """The MSE of the network on the whole training set (X, Y)."""
    return mse(forward(X, layers, ["identity"]), Y)


def fresh_network(seed=0):
    """A new 10-1 network (W of shape (10, 1), b of shape (1,)), the same for the same
    seed."""
    return init_network([10, 1], np.random.default_rng(seed))


training_loss(fresh_network())

# %% [markdown]
# A model this simple has a best possible loss that least squares computes directly (append a column of ones
# for the bias and solve). It is the floor that gradient descent should approach: about 0.482. (For a
# network with a hidden layer no such formula exists, which is why we learn by descent at all.)

# %%
X_with_ones = np.column_stack([X, np.ones(n_samples)])
best_parameters = np.linalg.lstsq(X_with_ones, Y, rcond=None)[0]
best_loss = mse(X_with_ones @ best_parameters, Y)
best_loss

# %% [markdown]
# **Full-batch gradient descent** uses all 442 samples to compute the gradient, then takes one step. The
# update changes each parameter array in place (`theta -= ...`), one array at a time, with the gradient of
# the same shape. We record the training loss after every update.

# %%
def gradient_descent(layers, learning_rate, iterations):
    """Full-batch gradient descent on (X, Y), in place. Returns the training loss before
    and after each update."""
    parameters = [array for layer in layers for array in layer]  # [W, b]
    losses = [training_loss(layers)]
    for _ in range(iterations):
        _, gradients, _ = loss_and_gradients(X, Y, layers, ["identity"], "mse")
        for theta, gradient in zip(
            parameters, [g for layer in gradients for g in layer]
        ):
            theta -= learning_rate * gradient
        losses.append(training_loss(layers))
    return np.array(losses)


full_batch_losses = gradient_descent(fresh_network(), learning_rate=0.1, iterations=140)
np.round(full_batch_losses[[0, 1, 2, 5, 10, 50, 100]], 4)

# %% [markdown]
# The loss falls fast at first (from 1.66 to about 0.51 in 10 updates), then slowly, and after 100 updates
# it is about 0.484, close to the floor 0.482.
#
# ## The learning rate: too small, about right, too large
# Run the same descent with four learning rates and plot the loss after each update. The vertical axis is
# logarithmic, so that large and small losses both show; the dashed line is the floor.

# %%
rates = {"too small: η = 0.003": 0.003, "about right: η = 0.1": 0.1,
         "just below the limit: η = 0.24": 0.24, "too large: η = 0.3": 0.3}
loss_curves = {
    label: gradient_descent(fresh_network(), rate, iterations=60)
    for label, rate in rates.items()
}
for label, losses in loss_curves.items():
    print(
        f"{label:<32} loss after 10 updates: {losses[10]:10.4g}   after 60: "
        f"{losses[60]:10.4g}"
    )

# %%
figure, axes = plt.subplots(figsize=(8, 4.5))
for label, losses in loss_curves.items():
    axes.plot(losses, marker="o", markersize=2.5, label=label)
axes.axhline(
    best_loss,
    color="black",
    linestyle="--",
    linewidth=1,
    label=f"best possible: {best_loss:.3f}",
)
axes.set_yscale("log")
# the diverging run leaves through the top instead of squashing the others
axes.set_ylim(0.4, 30)
axes.set_yticks([0.5, 1, 2, 5, 10, 20], labels=["0.5", "1", "2", "5", "10", "20"])
axes.minorticks_off()
axes.set_xlabel("update (iteration)")
axes.set_ylabel("training loss (MSE, log scale)")
axes.set_title("Full-batch gradient descent on the diabetes data")
axes.legend(fontsize="small")
plt.show()

# %% [markdown]
# *Figure, in words:* The training loss on the diabetes data, on a log scale, against the update number, for
# four learning rates: η = 0.003 creeps down slowly, η = 0.1 reaches the best possible loss (dashed line)
# quickly, η = 0.24, just below the limit, gets there too, and η = 0.3, past the limit, diverges out of the
# top of the picture.

# %% [markdown]
# - $\eta = 0.003$ **crawls**: after 60 updates the loss is still far above the floor.
# - $\eta = 0.1$ is **about right**: after 10 updates the loss is down to about 0.508, and then it closes
#   the remaining gap to the floor slowly (about 0.486 after 60).
# - $\eta = 0.24$ still converges, but from this start it is *worse* than 0.1 after 10 updates (about
#   0.669): in the steepest direction its steps overshoot and bounce from wall to wall. Later it overtakes
#   0.1 (about 0.483 after 60), because in the flat directions its larger steps go further. Steep and flat
#   directions pull the best learning rate in opposite ways; we come back to that below.
# - $\eta = 0.3$ **diverges**: every update overshoots by more than the last, and the loss explodes (to
#   almost $10^{18}$ after 60 updates).
#
# These are one random start (`fresh_network(seed=0)`). Do they hold for others? The same four runs from
# ten starts, seeds 0 to 9:

# %%
starts = range(10)
runs_by_seed = {seed: {rate: gradient_descent(fresh_network(seed), rate, iterations=60)
                       for rate in (0.003, 0.1, 0.24, 0.3)} for seed in starts}
crawls = sum(runs[0.003][60] > 0.7 for runs in runs_by_seed.values())
diverges = sum(runs[0.3][60] > 1e10 for runs in runs_by_seed.values())
behind_at_10 = sum(runs[0.24][10] > runs[0.1][10] for runs in runs_by_seed.values())
ahead_at_60 = sum(runs[0.24][60] < runs[0.1][60] for runs in runs_by_seed.values())
print(f"eta = 0.003 still above 0.7 after 60 updates: {crawls} of 10 starts")
print(f"eta = 0.3 above 1e10 after 60 updates:        {diverges} of 10 starts")
print(f"eta = 0.24 behind 0.1 after 10 updates:       {behind_at_10} of 10 starts")
print(f"eta = 0.24 ahead of 0.1 after 60 updates:     {ahead_at_60} of 10 starts")

# %% [markdown]
# Crawling at 0.003 and diverging at 0.3 hold on every start: they are properties of the loss (its
# curvatures, below), not of the start. Whether 0.24 is behind after 10 updates depends on the start: on 5
# of the 10 it is, on the other 5 it is already ahead, because how much it bounces depends on how much of
# the starting error lies along the steepest direction. After 60 updates it is ahead on 9 of 10.
#
# ### Where is the limit? The curvature
# Back to the valley, where the algebra is short. One update with learning rate $\eta$ (a symbol now) changes
# each coordinate separately:

# %%
eta = sp.Symbol("eta", positive=True)
x_new = sp.factor(x - eta * gradient_valley[0])
y_new = sp.factor(y - eta * gradient_valley[1])
x_new, y_new

# %% [markdown]
# Each update multiplies $x$ by $1 - \eta$ and $y$ by $1 - 25\eta$. A coordinate shrinks towards 0 only
# when its factor has size below 1: $|1 - \eta| < 1$ and $|1 - 25\eta| < 1$, so $0 < \eta < 2/25 = 0.08$.
# The numbers 1 and 25 are the **curvatures** of the valley (its second derivatives), the eigenvalues of its
# Hessian matrix:

# %%
hessian_valley = sp.hessian(L_valley, (x, y))
hessian_valley, sp.solve(sp.Abs(1 - 25 * eta) - 1, eta)

# %% [markdown]
# The steepest curvature sets the limit: **gradient descent converges only for $\eta < 2 / \lambda_{\max}$**,
# with $\lambda_{\max}$ the largest curvature. (Every smooth loss looks like such a bowl close to a minimum,
# so the rule holds near any minimum, with the Hessian's largest eigenvalue there.)
#
# A loss of one parameter shows every regime at once: the mean squared error of the line $y = wx$ through the
# three points $(1, 1.5)$, $(2, 2.5)$, $(3, 4)$. Its curvature, and the learning rates where one step lands
# exactly on the minimum ($1/L''$) and where descent stops converging ($2/L''$):

# %%
w = sp.Symbol("w")
L_fit = (
    (w - sp.Rational(3, 2)) ** 2 + (2 * w - sp.Rational(5, 2)) ** 2 + (3 * w - 4) ** 2
) / 3
curvature_fit = sp.diff(L_fit, w, 2)
for rate in (0.01, 0.05, 0.21, 0.22):
    factor = float(1 - curvature_fit * rate)
    print(f"eta = {rate}: factor 1 - (28/3) eta = {factor:+.3f}")
limits_fit = [1 / curvature_fit, 2 / curvature_fit]
curvature_fit, *limits_fit, *[sp.N(limit, 3) for limit in limits_fit]

# %% [markdown]
# **Try it.** Each step multiplies the distance to the best $w$ by $1 - \frac{28}{3}\eta$ (printed above
# for a few rates). Start at $\eta = 0.05$ (factor $+0.533$) and push the learning rate up: past
# $3/28 \approx 0.107$ the factor is negative and the steps overshoot and oscillate, at 0.21 (factor
# $-0.960$) they barely converge, and at 0.22, past $3/14 \approx 0.214$ (factor $-1.053$), they fly off
# the curve. At 0.01 (factor $+0.907$) they crawl.

# %% tags=["nbval-ignore-output"]
from nbtools.explorers import FIT_LOSS, learning_rate_explorer

learning_rate_explorer(FIT_LOSS, learning_rate=0.05, start=0.0, steps=15)

# %% [markdown]
# The diabetes loss is *exactly* a quadratic bowl in the 11 parameters, because the model is linear. Its
# Hessian is $\frac{2}{n} \tilde X^\top \tilde X$, with $\tilde X$ the inputs with the column of ones
# appended. Its largest eigenvalue gives the limit:

# %%
hessian_diabetes = 2 / n_samples * X_with_ones.T @ X_with_ones
curvatures = np.linalg.eigvalsh(hessian_diabetes)
print(f"largest curvature {curvatures.max():.3f}, smallest {curvatures.min():.4f}")
print(f"learning-rate limit 2 / largest = {2 / curvatures.max():.4f}")
for rate in (0.24, 0.3):
    steepest, flattest = 1 - rate * curvatures.max(), 1 - rate * curvatures.min()
    print(f"eta = {rate}: steepest factor 1 - eta * largest = {steepest:.2f}, "
          f"flattest 1 - eta * smallest = {flattest:.3f}")

# %% [markdown]
# The limit is about 0.248: 0.24 is just below it. Along the steepest direction its factor is
# $1 - 0.24 \cdot 8.048 \approx -0.93$: negative, so that part of the error changes sign at every update
# (hence the bouncing) while shrinking by only 7%. The slowest-shrinking factor, though, is the flattest
# direction's, $1 - 0.24 \cdot 0.0171 \approx 0.996$: that part keeps its sign and loses only 0.4% per update.
# At 0.3 the steepest factor is $1 - 0.3 \cdot 8.048 \approx -1.41$: that part of the error grows by 41%
# each update, alternating in sign.
#
# How narrow is this valley? The ratio of its largest to its smallest curvature, and the correlation of the
# first two blood serum measurements (columns `s1` and `s2`, the 5th and 6th):

# %%
print(f"largest / smallest curvature: {curvatures.max() / curvatures.min():.0f}")
print(f"correlation of s1 and s2:     {np.corrcoef(X[:, 4], X[:, 5])[0, 1]:.2f}")

# %% [markdown]
# About 470: this real loss is a long narrow valley too, far narrower than our $x^2 + 25y^2$ (ratio 25).
# The strongly correlated serum measurements are why: when two inputs move together, one combination of
# their weights hardly changes the predictions, and the loss is nearly flat along it. The steep directions
# cap the learning rate; the flat ones then move slowly. Momentum, below, is one answer.
#
# ## Mini-batches: stochastic gradient descent
# Each full-batch update looks at every sample. With millions of samples that is slow, and wasteful: the
# gradient of a few dozen random samples already points roughly the same way. **Stochastic gradient descent
# (SGD)** with mini-batches:
# 1. **shuffle** the samples (a fresh random order for every pass, so the batches differ each time and no
#    accidental order in the data, such as sorted labels, biases the steps);
# 2. **split** them into mini-batches of `batch_size` rows (the last one may be smaller);
# 3. take **one update per mini-batch**, with the gradient of that batch's mean loss.

# %%
def shuffled_batches(X, Y, batch_size, rng):
    """Shuffle the rows with ``rng``, then yield (X_batch, Y_batch) of batch_size rows
    (the last may be smaller)."""
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        chosen = order[start:start + batch_size]
        yield X[chosen], Y[chosen]


batch_sizes = [
    len(X_batch) for X_batch, _ in shuffled_batches(X, Y, 32, np.random.default_rng(1))
]
batch_sizes, sum(batch_sizes)

# %% [markdown]
# 442 samples in batches of 32 make 13 full batches and one of 26: **14 mini-batches**, so
# $\lceil 442 / 32 \rceil = 14$ updates for one pass over the data.
#
# **Get it right.** An **iteration** is *one update* of the parameters (one mini-batch). An **epoch** is
# *one pass* over the whole training set. They are not the same thing: here one epoch is 14 iterations; with
# full-batch gradient descent one epoch is one iteration; with batches of 1 sample it is 442. "Train for 10
# epochs" and "train for 10 iterations" differ by a factor of 14 here. The loop below counts both.

# %%
def sgd(layers, learning_rate, batch_size, epochs, rng):
    """Mini-batch SGD on (X, Y), in place. Returns the training loss after each update
    and the counts."""
    parameters = [array for layer in layers for array in layer]
    losses, iterations = [training_loss(layers)], 0
    for epoch in range(epochs):
        for X_batch, Y_batch in shuffled_batches(X, Y, batch_size, rng):
            _, gradients, _ = loss_and_gradients(
                X_batch, Y_batch, layers, ["identity"], "mse"
            )
            for theta, gradient in zip(
                parameters, [g for layer in gradients for g in layer]
            ):
                theta -= learning_rate * gradient
            iterations += 1
            losses.append(training_loss(layers))
    return np.array(losses), epoch + 1, iterations


sgd_losses, epochs_done, iterations_done = sgd(
    fresh_network(), 0.1, 32, epochs=10, rng=np.random.default_rng(1)
)
print(
    f"{epochs_done} epochs, {iterations_done} iterations "
    f"({iterations_done // epochs_done} per epoch)"
)
print(
    f"training loss after 1 epoch: {sgd_losses[14]:.4f}, after 10 epochs: "
    f"{sgd_losses[-1]:.4f}"
)
print(
    f"during the last 5 epochs it ranged from {sgd_losses[-70:].min():.4f} to "
    f"{sgd_losses[-70:].max():.4f}"
)

# %% [markdown]
# Compare with full-batch descent at the same learning rate, per **epoch** (the same amount of data looked
# at): in its first epoch SGD makes 14 updates where full-batch descent makes one. On the left, the loss
# against epochs; on the right, against iterations.

# %%
sgd_epochs_axis = np.arange(len(sgd_losses)) / 14
figure, (epoch_axes, iteration_axes) = plt.subplots(
    1, 2, figsize=(12, 4.2), sharey=True
)
epoch_axes.plot(
    sgd_epochs_axis, sgd_losses, label="SGD, batches of 32 (14 iterations per epoch)"
)
epoch_axes.plot(
    np.arange(11),
    full_batch_losses[:11],
    marker="o",
    label="full batch (1 iteration per epoch)",
)
epoch_axes.set_xlabel("epoch (passes over the 442 samples)")
iteration_axes.plot(sgd_losses, label="SGD, batches of 32")
iteration_axes.plot(full_batch_losses, label="full batch")
iteration_axes.set_xlabel("iteration (updates)")
for axes in (epoch_axes, iteration_axes):
    axes.axhline(
        best_loss,
        color="black",
        linestyle="--",
        linewidth=1,
        label=f"best possible: {best_loss:.3f}",
    )
    axes.set_yscale("log")
    axes.set_yticks(
        [0.5, 0.6, 0.8, 1.0, 1.2, 1.6],
        labels=["0.5", "0.6", "0.8", "1.0", "1.2", "1.6"],
    )
    axes.minorticks_off()
    axes.legend(fontsize="small")
epoch_axes.set_ylabel("training loss (MSE, log scale)")
plt.show()

# %% [markdown]
# *Figure, in words:* Two panels of the training loss (log scale) for SGD with batches of 32 and for full-
# batch descent, with the best possible loss dashed. Left, against epochs: SGD, with 14 updates per epoch,
# gets much lower in the same number of passes. Right, against updates: full batch is smoother and each of its
# updates does a little more, but costs a whole pass.

# %% [markdown]
# Two readings of the picture, measured: how many full-batch passes reach the loss SGD has after one pass,
# and whether SGD's loss in its last 5 epochs stays above full-batch descent's after the same 140 updates.
# The shuffle is random, so again for ten seeds (the picture is seed 1):

# %%
def full_batch_epochs_to_reach(loss):
    """The first full-batch update (= epoch) whose loss is at or below ``loss``."""
    return int(np.argmax(full_batch_losses <= loss))


print(f"full batch after 140 updates: {full_batch_losses[140]:.4f}")
for seed in range(10):
    rng_seed = np.random.default_rng(seed)
    losses_seed = sgd(fresh_network(), 0.1, 32, epochs=10, rng=rng_seed)[0]
    one_epoch, last_5 = losses_seed[14], losses_seed[-70:]
    reached = full_batch_epochs_to_reach(one_epoch)
    print(f"shuffle seed {seed}: SGD after 1 epoch {one_epoch:.4f}, "
          f"reached by full batch after {reached:>2} epochs; "
          f"last 5 epochs {last_5.min():.4f} to {last_5.max():.4f}")

# %% [markdown]
# Per epoch (left), SGD is far ahead: its loss after one pass (about 0.524 for seed 1) is one that
# full-batch descent reaches only after 8 passes (6 to 10, depending on the shuffle). Per iteration
# (right), the two are similar at first, but each SGD iteration looked at 32 samples instead of 442, so it
# cost about 14 times less. Near the floor, though, SGD's loss *jitters* and stays above full-batch
# descent's (0.4832 after 140 updates; SGD's lowest in its last 5 epochs is 0.4847 to 0.4876, on every
# seed): each mini-batch's gradient is a noisy estimate of the full gradient, and it does not vanish at the
# minimum of the full loss, so SGD keeps stepping around it.
#
# ## Mean or sum over the batch?
# Lesson 3 chose a loss that is a *mean* over the batch. Here is the consequence for SGD. The sum of squared
# errors of a batch of $m$ samples is $m$ times its mean, so its gradient is $m$ times larger. At the
# starting parameters, for a few batch sizes:

# %%
layers = fresh_network()
for size in [8, 32, 128, 442]:
    _, gradients, _ = loss_and_gradients(
        X[:size], Y[:size], layers, ["identity"], "mse"
    )
    mean_gradient = np.linalg.norm(gradients[0][0])
    print(
        f"batch of {size:>3}: |dW| of the mean loss {mean_gradient:6.3f},   of the sum "
        f"{size * mean_gradient:8.1f}"
    )

# %% [markdown]
# With the mean, the gradient has about the same size for every batch size. With the sum, it grows with the
# batch, so the learning rate would have to shrink as $1/m$. Keep $\eta = 0.1$ with the sum over batches of
# 32, and every step is 32 times the mean's step, as if the learning rate were $3.2$: far above the limit of
# about 0.248, and SGD diverges within one epoch:

# %%
def sgd_on_the_sum(layers, learning_rate, batch_size, rng):
    """One epoch of SGD on the *summed* squared error: the gradient is batch size times
    the mean's."""
    parameters = [array for layer in layers for array in layer]
    for X_batch, Y_batch in shuffled_batches(X, Y, batch_size, rng):
        _, gradients, _ = loss_and_gradients(
            X_batch, Y_batch, layers, ["identity"], "mse"
        )
        for theta, gradient in zip(
            parameters, [g for layer in gradients for g in layer]
        ):
            # d(sum)/d(theta) = m * d(mean)/d(theta)
            theta -= learning_rate * len(X_batch) * gradient
    return training_loss(layers)


print(
    f"sum,  eta = 0.1:      loss after one epoch "
    f"{sgd_on_the_sum(fresh_network(), 0.1, 32, np.random.default_rng(1)):.3g}"
)
print(
    f"sum,  eta = 0.1 / 32: loss after one epoch "
    f"{sgd_on_the_sum(fresh_network(), 0.1 / 32, 32, np.random.default_rng(1)):.4f}"
)
print(f"mean, eta = 0.1:      loss after one epoch {sgd_losses[14]:.4f}")

# %% [markdown]
# Dividing the learning rate by the batch size, $0.1 / 32$, gives back exactly the mean's steps for the full
# batches, but not for the last, smaller batch of 26 (its step is $26/32$ of what the mean would take), so
# the two runs differ slightly. With the mean, one learning rate fits every batch size, including the last
# batch; that is why every loss in this workbook is a mean.
#
# ## Momentum: building up speed
# Back to the narrow valley $L = (x^2 + 25y^2)/2$, starting at $(-10, 1)$. Plain gradient descent is caught
# between its two curvatures: $\eta$ must stay below $2/25 = 0.08$ for the steep $y$ direction, and then the
# flat $x$ direction shrinks by a factor of at least $1 - 0.08 = 0.92$ per update, so it creeps.
#
# **Momentum** gives the parameters a *velocity* $v$ that remembers the past steps:
#
# $$v \leftarrow \alpha\, v - \eta\, \nabla L(\theta), \qquad \theta \leftarrow \theta + v,$$
#
# with $v$ starting at $0$ and the **momentum** $\alpha \in [0, 1)$. The velocity is updated first, and the
# *new* velocity moves $\theta$. With $\alpha = 0$ the velocity is just $-\eta\,\nabla L$: plain gradient
# descent. The velocity is carried from each step to the next; that is the whole idea.

# %%
def descend(gradient, theta_0, learning_rate, alpha, steps):
    """Gradient descent with momentum alpha (alpha = 0: plain). Returns the path, shape
    (steps + 1, len(theta_0))."""
    theta = np.array(theta_0, dtype=float)
    velocity = np.zeros_like(theta)
    path = [theta]
    for _ in range(steps):
        velocity = alpha * velocity - learning_rate * gradient(theta)
        theta = theta + velocity
        path.append(theta)
    return np.array(path)


def steps_to_reach(path, tolerance=1e-3):
    """The first step at which the path is within ``tolerance`` of the minimum (0, 0);
    infinity if never."""
    close = np.linalg.norm(path, axis=1) < tolerance
    return int(np.argmax(close)) if close.any() else np.inf


descend(valley_gradient, [-10.0, 1.0], 0.075, 0.0, 3), descend(
    valley_gradient, [-10.0, 1.0], 0.075, 0.7, 3
)

# %% [markdown]
# The first step is the same for both (the velocity starts at 0); from the second on, the momentum run keeps
# part of its previous step. Now count the steps each needs to come within $10^{-3}$ of the minimum. For plain
# descent we also try every learning rate from 0.001 to 0.079 in steps of 0.001 and keep the best:

# %%
start = [-10.0, 1.0]
plain_best_steps, plain_best_rate = min(
    (steps_to_reach(descend(valley_gradient, start, rate, 0.0, 300)), rate)
    for rate in np.arange(1, 80) / 1000
)
runs = {"plain, η = 0.075": (0.075, 0.0),
        f"plain, best η = {plain_best_rate:.3f}": (plain_best_rate, 0.0),
        "momentum, η = 0.04, α = 0.7": (0.04, 0.7),
        "momentum, η = 0.04, α = 0.9": (0.04, 0.9)}
valley_paths = {
    label: descend(valley_gradient, start, rate, alpha, 2000)
    for label, (rate, alpha) in runs.items()
}
for label, path in valley_paths.items():
    print(f"{label:<30} steps to within 0.001 of the minimum: {steps_to_reach(path)}")

# %% [markdown]
# No learning rate on that grid lets plain descent do better than 116 steps (at $\eta = 0.077$); momentum with
# $\alpha = 0.7$ needs 44, with a smaller learning rate.
# More momentum is not always better: with $\alpha = 0.9$ the velocity carries it past the minimum again and
# again, and it needs 135. The first 60 steps of two of these runs on the contours:

# %%
xs, ys = np.meshgrid(np.linspace(-11, 2, 400), np.linspace(-1.6, 1.6, 200))
shown = ["plain, η = 0.075", "momentum, η = 0.04, α = 0.7"]
figure, all_axes = plt.subplots(2, 1, figsize=(11, 6.5))
for axes, label in zip(all_axes, shown):
    path = valley_paths[label][:61]
    axes.contour(
        xs,
        ys,
        valley_loss_xy(xs, ys),
        levels=np.geomspace(0.05, 60, 12),
        colors="grey",
        linewidths=0.6,
    )
    axes.plot(
        path[:, 0],
        path[:, 1],
        "o-",
        markersize=3,
        linewidth=1,
        color="C0" if "plain" in label else "C1",
    )
    axes.plot(0, 0, "kx", markersize=8)
    axes.set_aspect("equal")
    axes.set_ylabel("y")
    axes.set_title(
        f"{label}: {steps_to_reach(valley_paths[label])} steps to within 0.001 of the "
        f"minimum"
    )
all_axes[-1].set_xlabel("x")
plt.show()

# %% [markdown]
# *Figure, in words:* Two paths on the contours of the narrow valley, from (-10, 1) towards the minimum at (0,
# 0). Top: plain descent with η = 0.075 zig-zags from wall to wall while creeping along the floor. Bottom:
# momentum with η = 0.04 and α = 0.7 moves smoothly along the floor; the titles give how many steps each needs
# to come within 0.001 of the minimum.

# %% [markdown]
# How often does each path cross the valley floor $y = 0$ in those 60 steps?

# %%
for label in shown:
    y_path = valley_paths[label][:61, 1]
    crossings = np.sum(np.sign(y_path[1:]) != np.sign(y_path[:-1]))
    print(f"{label:<28} crosses y = 0 {crossings} times in 60 steps")

# %% [markdown]
# Plain descent (top) jumps from one wall to the other at *every* step, 60 crossings in 60 steps: the $y$
# gradient flips sign each time, and each step overshoots the floor (its $y$ factor is
# $1 - 25 \cdot 0.075 = -0.875$). Meanwhile it creeps along $x$, by a factor of $0.925$ per step. With
# momentum (bottom), the alternating $y$ pushes largely cancel in the velocity, so the path weaves gently,
# turning around every few steps (23 crossings) instead of at every step, while the steady $x$ push
# accumulates into speed along the valley floor.

# %% [markdown]
# **Momentum's own limit.** On one direction of a quadratic with curvature $\lambda$ the gradient is
# $\lambda \theta$, and one step maps $(v, \theta)$ linearly: $v \leftarrow \alpha v - \eta \lambda \theta$,
# $\theta \leftarrow \theta + v = \alpha v + (1 - \eta\lambda)\theta$. The iteration diverges once an
# eigenvalue of that $2 \times 2$ matrix leaves the unit circle; as $\eta$ grows, one crosses at $-1$. SymPy
# finds where:

# %%
alpha_s, eta_s, lam_s = sp.symbols("alpha eta lambda", positive=True)
mu_s = sp.Symbol("mu")
step_matrix = sp.Matrix([[alpha_s, -eta_s * lam_s], [alpha_s, 1 - eta_s * lam_s]])
characteristic = (step_matrix - mu_s * sp.eye(2)).det()     # zero at an eigenvalue mu
momentum_limit = sp.solve(characteristic.subs(mu_s, -1), eta_s)[0]
momentum_limit, momentum_limit.subs({alpha_s: 0.7, lam_s: 25})

# %% [markdown]
# $\eta < 2(1 + \alpha)/\lambda_\max$: with $\alpha = 0.7$ and the valley's $\lambda_\max = 25$ that is
# $0.136$, against plain descent's $0.08$ ($\alpha = 0$). Confirmed on the valley, 500 steps from $(-10, 1)$
# with $\alpha = 0.7$; and, for the explorer below, 60 steps at $\eta = 0.1$, plain and with momentum:

# %%
for rate in (0.13, 0.14):
    final = descend(valley_gradient, [-10.0, 1.0], rate, 0.7, 500)[-1]
    distance = np.linalg.norm(final)
    print(f"eta = {rate}: distance to the minimum after 500 steps {distance:.1e}")
for alpha_value in (0.0, 0.7):
    final = descend(valley_gradient, [-10.0, 1.0], 0.1, alpha_value, 60)[-1]
    print(f"eta = 0.1, alpha = {alpha_value}: distance to the minimum after 60 steps "
          f"{np.linalg.norm(final):.1e}")

# %% [markdown]
# **Try it.** Both paths from $(-10, 1)$, 60 steps each. Set $\alpha = 0$: the two paths coincide. Raise
# $\alpha$ to 0.9 and watch momentum overshoot and swing around the minimum. Then push $\eta$ past 0.08:
# plain descent's zig-zag grows until it leaves the picture (at $\eta = 0.1$ it ends about $4 \times 10^{10}$
# away), while momentum with $\alpha = 0.7$ still converges at $\eta = 0.1$, below its own limit of 0.136.

# %% tags=["nbval-ignore-output"]
from nbtools.explorers import momentum_explorer

momentum_explorer(learning_rate=0.04, momentum=0.7, start=(-10.0, 1.0), steps=60)

# %% [markdown]
# ### Why it works: the velocity
# Unroll the update, starting from $v = 0$: the velocity is a weighted sum of all past gradients,
#
# $$v_t = -\eta \left(g_t + \alpha\, g_{t-1} + \alpha^2 g_{t-2} + \dots\right),$$
#
# recent ones counting most. Two cases explain the pictures. In both, $v$ is the velocity settled at a step
# whose gradient is $g$.
# - **The gradient keeps pointing the same way** ($g$ every step, like the $x$ direction of the valley): the
#   step before had the same velocity $v$, so $v = \alpha v - \eta g$.
# - **The gradient alternates** ($+g$, $-g$, $+g$, ..., like the $y$ direction): the velocity alternates
#   too, so the step before, whose gradient was $-g$, had the velocity $-v$, and $v = \alpha(-v) - \eta g$.
#
# SymPy solves both, and divides each by the plain step $-\eta g$ to say how many plain steps it is:

# %%
alpha, g, v = sp.symbols("alpha g v")
same_direction = sp.solve(sp.Eq(v, alpha * v - eta * g), v)[0]
alternating = sp.solve(sp.Eq(v, alpha * (-v) - eta * g), v)[0]
in_plain_steps = [sp.simplify(velocity / (-eta * g))
                  for velocity in (same_direction, alternating)]
at_0_9 = [ratio.subs(alpha, sp.Rational(9, 10)) for ratio in in_plain_steps]
same_direction, alternating, in_plain_steps, at_0_9, [sp.N(r, 3) for r in at_0_9]

# %% [markdown]
# With $\alpha = 0.9$, steps in a constant direction grow to $\frac{1}{1 - \alpha} = 10$ times the plain
# step $-\eta g$, while alternating steps shrink to $\frac{1}{1 + \alpha} = \frac{10}{19} \approx 0.526$
# of it. Past steps in the same direction build speed; back-and-forth pushes cancel.
#
# **Get it right.** Both ratios are positive: the alternating velocity $-\frac{\eta g}{1 + \alpha}$ has the
# sign of the plain step $-\eta g$, so each step still points *against its own gradient*, downhill, only
# shorter. (Written as $-v = \alpha v - \eta g$, with $v$ the velocity of the step *before*, the solution
# $+\frac{\eta g}{1 + \alpha}$ looks like a step uphill; it is the previous step, taken against $-g$.) The
# step-by-step run below confirms the sign.
#
# The same numbers, step by step, with $\eta = 0.1$ and $g = 1$. On the left the gradient is constant except
# at step 30, where a single gradient points backwards with three times the size (a badly noisy
# mini-batch, say). Plain descent reverses at once; momentum slows down but keeps going downhill. On the
# right the gradient alternates, and so does the direction of every step; the panel shows the steps' sizes.
# The plain steps keep the size $0.1$; the momentum steps settle towards $0.1/1.9 \approx 0.053$.

# %%
steps = np.arange(60)
gradients_steady = np.ones(60)
gradients_steady[30] = -3.0
gradients_alternating = (-1.0) ** steps


def velocities(gradients, learning_rate, alpha):
    """The velocity after each step for a given sequence of (1-D) gradients, starting
    from v = 0."""
    velocity, history = 0.0, []
    for gradient in gradients:
        velocity = alpha * velocity - learning_rate * gradient
        history.append(velocity)
    return np.array(history)


figure, (steady_axes, alternating_axes) = plt.subplots(1, 2, figsize=(12, 4))
for alpha_value, label in [(0.0, "plain (α = 0)"), (0.9, "momentum (α = 0.9)")]:
    steady_axes.plot(
        steps,
        velocities(gradients_steady, 0.1, alpha_value),
        marker="o",
        markersize=2.5,
        label=label,
    )
    alternating_axes.plot(
        steps,
        np.abs(velocities(gradients_alternating, 0.1, alpha_value)),
        marker="o",
        markersize=2.5,
        linewidth=0.8,
        label=label,
    )
steady_axes.axhline(0, color="grey", linewidth=0.5)
steady_axes.set_title("gradient 1, except -3 at step 30")
steady_axes.set_ylabel("step taken, v (negative = downhill)")
alternating_axes.set_ylim(0, 0.11)
alternating_axes.set_title("gradient alternating +1, -1")
alternating_axes.set_ylabel("size of the step, |v|")
steady_axes.legend(fontsize="small", loc="center right")
alternating_axes.legend(fontsize="small", loc="lower right")
for axes in (steady_axes, alternating_axes):
    axes.set_xlabel("step")
plt.show()

# %% [markdown]
# *Figure, in words:* Two panels of the step v after each of 60 steps, plain (α = 0) and with momentum (α =
# 0.9). Left, a steady gradient of 1 with one bad gradient of -3 at step 30: plain steps are constant and flip
# uphill at step 30; momentum's steps grow to about ten times as large and only slow down there. Right, a
# gradient alternating +1 and -1: plain steps keep their size, momentum's settle at about half of it, 1/(1 +
# α).

# %% [markdown]
# The numbers behind the left panel: the steps just before, at and after step 30, for both; how much the
# bad gradient changed each step; and how many steps momentum needs to come back within 10% of the speed
# it would have had without it.

# %%
steady_momentum = velocities(gradients_steady, 0.1, 0.9)
steady_plain = velocities(gradients_steady, 0.1, 0.0)
undisturbed = velocities(np.ones(60), 0.1, 0.9)
gap = np.abs(steady_momentum - undisturbed)
recovered = next(step for step in range(31, 60)
                 if gap[step] < 0.1 * abs(undisturbed[step]))
print("momentum, steps 29 to 31:", np.round(steady_momentum[29:32], 3))
print("plain,    steps 29 to 31:", np.round(steady_plain[29:32], 3))
print(f"change at step 30: momentum {steady_momentum[30] - undisturbed[30]:+.2f} "
      f"(against its undisturbed step), "
      f"plain {steady_plain[30] - steady_plain[29]:+.2f}")
shrink = 1 - steady_momentum[30] / steady_momentum[29]
print(f"momentum's step shrank by {shrink:.0%} from step 29; "
      f"back within 10% of the undisturbed step at step {recovered}")

# %% [markdown]
# Before the bad gradient the momentum step has grown to about $-0.96$ (on its way to $-1$, ten times the
# plain step $-0.1$). The bad gradient changes *both* steps by the same amount, $+0.4$ ($\eta$ times the
# gradient's change from $+1$ to $-3$). To plain descent that is four times its step: it flips to $+0.3$,
# uphill. To momentum's step, almost ten times larger, it is 41%: $0.9 \cdot (-0.96) + 0.3 \approx -0.56$,
# still downhill, and the disturbance then fades by the factor $\alpha = 0.9$ per step, back within 10% of the
# undisturbed speed at step 44. So momentum keeps its *course* (the direction of its steps) through a
# single gradient that reverses plain descent, but not its *speed*: this one cost it 41% at once.
#
# The right panel's signs: at the last steps of the alternating run, each step against its gradient:

# %%
alternating_momentum = velocities(gradients_alternating, 0.1, 0.9)
for step in (57, 58, 59):
    print(f"step {step}: gradient {gradients_alternating[step]:+.0f}, "
          f"momentum step {alternating_momentum[step]:+.4f}")
print(f"0.1 / 1.9 = {0.1 / 1.9:.4f}")

# %% [markdown]
# ## From here on: `nbtools.optimisers`
# The workbook's package has the same three pieces, written the same way, and lesson 7 uses them:
# - `minibatches(X, Y, batch_size, rng)`: our `shuffled_batches`;
# - `SGD(learning_rate)` and `Momentum(learning_rate, momentum)`: objects whose `step(parameters, gradients)`
#   updates a list of parameter arrays in place, like our loops; `Momentum` keeps one velocity per array
#   between calls.
#
# They give the same numbers as our code. The same seed gives the same batches:

# %%
ours = list(shuffled_batches(X, Y, 32, np.random.default_rng(7)))
theirs = list(minibatches(X, Y, 32, np.random.default_rng(7)))
len(ours) == len(theirs) and all(
    np.array_equal(a, c) and np.array_equal(b, d)
    for (a, b), (c, d) in zip(ours, theirs)
)

# %% [markdown]
# `SGD` trains the diabetes network to the same parameters as our `sgd` (10 epochs, same seeds):

# %%
def train_with(optimiser, epochs, rng):
    """Mini-batch training of a fresh diabetes network with an nbtools optimiser;
    returns [W, b]."""
    layers = fresh_network()
    parameters = [array for layer in layers for array in layer]
    for epoch in range(epochs):
        for X_batch, Y_batch in minibatches(X, Y, 32, rng):
            _, gradients, _ = loss_and_gradients(
                X_batch, Y_batch, layers, ["identity"], "mse"
            )
            optimiser.step(parameters, [g for layer in gradients for g in layer])
    return parameters


layers_ours = fresh_network()
sgd(layers_ours, 0.1, 32, epochs=10, rng=np.random.default_rng(1))
parameters_theirs = train_with(SGD(0.1), epochs=10, rng=np.random.default_rng(1))
max(
    np.max(np.abs(mine - theirs))
    for mine, theirs in zip([layers_ours[0][0], layers_ours[0][1]], parameters_theirs)
)

# %% [markdown]
# `Momentum` takes the same path through the valley as our `descend`:

# %%
optimiser = Momentum(learning_rate=0.04, momentum=0.7)
theta = np.array([-10.0, 1.0])
path_theirs = [theta.copy()]
for _ in range(60):
    optimiser.step([theta], [valley_gradient(theta)])
    path_theirs.append(theta.copy())
np.max(np.abs(np.array(path_theirs) - valley_paths["momentum, η = 0.04, α = 0.7"][:61]))

# %% [markdown]
# And `Momentum` with $\alpha = 0$ is plain SGD, exactly:

# %%
parameters_momentum_0 = train_with(
    Momentum(0.1, momentum=0.0), epochs=10, rng=np.random.default_rng(1)
)
all(np.array_equal(a, b) for a, b in zip(parameters_momentum_0, parameters_theirs))

# %% [markdown]
# ## Summary
# - Gradient descent repeats $\theta \leftarrow \theta - \eta\,\nabla L(\theta)$. The directional derivative
#   along a unit vector $\mathbf{u}$ is $\nabla L \cdot \mathbf{u}$, most negative for $\mathbf{u}$ against
#   the gradient: $-\nabla L$ is the direction of steepest descent, perpendicular to the contours, but not
#   in general aimed at the minimum.
# - The learning rate $\eta$ decides: too small crawls, too large diverges. Near a minimum, descent converges
#   only for $\eta < 2/\lambda_{\max}$, with $\lambda_{\max}$ the largest curvature (Hessian eigenvalue):
#   $2/25 = 0.08$ for the valley, about $0.248$ for the diabetes regression.
# - SGD shuffles the data every epoch, splits it into mini-batches and takes one update per batch. An
#   iteration is one update; an epoch is one pass over the data, $\lceil n / \text{batch size} \rceil$
#   iterations.
# - A loss that averages over the batch has a gradient whose size does not depend on the batch size; with a
#   sum, the learning rate would have to shrink as 1 / batch size.
# - Momentum: $v \leftarrow \alpha v - \eta\,\nabla L$, $\theta \leftarrow \theta + v$, with $v$ carried
#   between steps and $\alpha \in [0, 1)$; $\alpha = 0$ is plain descent. Steps in a steady direction grow
#   towards $1/(1-\alpha)$ times the plain step, alternating ones shrink towards $1/(1+\alpha)$ of it; on
#   the valley, 44 steps instead of at least 116.
# - From here on: `nbtools.optimisers` (`SGD`, `Momentum`, `minibatches`), which give the same numbers.
#
# ## Questions
# 1. At a point where $\nabla L = (3, -4)$, what is the slope of the loss along the unit direction
#    $(0.6, -0.8)$? Along $(0.8, 0.6)$? Which unit direction gives the steepest descent?
#
# <details><summary>Answer</summary>
#
# The slope along a unit direction is $\nabla L \cdot \mathbf{u}$: $3 \cdot 0.6 + (-4)(-0.8) = 5$ along
# $(0.6, -0.8)$, which is the gradient's own direction, so the steepest *ascent*, at the rate
# $\lVert \nabla L \rVert = 5$; and $3 \cdot 0.8 - 4 \cdot 0.6 = 0$ along $(0.8, 0.6)$, along the contour.
# The steepest descent is $-\nabla L / \lVert \nabla L \rVert = (-0.6, 0.8)$, with slope $-5$.
# </details>
#
# 2. For $L = (x^2 + 100\,y^2)/2$, what is the largest learning rate for which gradient descent converges,
#    and by what factor does $x$ then shrink per step at best? What does that say about narrow valleys?
#
# <details><summary>Answer</summary>
#
# The curvatures are 1 and 100, so $\eta < 2/100 = 0.02$. Then $x$ is multiplied by $1 - \eta > 0.98$ per
# step: it loses less than 2% per step, and needs about 340 steps to shrink 1000-fold
# ($0.98^{342} \approx 0.001$). In a narrow valley the steep direction caps the learning rate and the flat
# direction then crawls; the narrower the valley (the larger $\lambda_{\max}/\lambda_{\min}$), the slower.
# </details>
#
# 3. A data set has 10 000 samples and the batch size is 64. How many iterations does one epoch take? A
#    paper says "we trained for 50 000 iterations": how many epochs is that?
#
# <details><summary>Answer</summary>
#
# $\lceil 10\,000 / 64 \rceil = 157$ iterations per epoch (156 full batches of 64, then one of 16). 50 000
# iterations are $50\,000 / 157 \approx 318.5$ epochs: 318 full passes and half of another.
# </details>
#
# 4. Why does SGD's loss still jitter near the minimum even with a good learning rate? What could reduce it?
#
# <details><summary>Answer</summary>
#
# Each update follows the gradient of one mini-batch, a noisy estimate of the full gradient. At the minimum
# of the full loss the full gradient is 0 but a mini-batch's is not, so the updates keep pushing the
# parameters around it. A learning rate that decreases over time, larger batches (less noise, more cost per
# update) or averaging the parameters over the last updates reduce it.
# </details>
#
# 5. With $\alpha = 0.99$, what is the largest speed-up of a steady step? Why might that be a problem near
#    the minimum?
#
# <details><summary>Answer</summary>
#
# $\frac{1}{1 - \alpha} = 100$ times the plain step. The velocity remembers about $1/(1 - \alpha) = 100$
# past gradients, so near the minimum, where the gradient changes direction, it carries the parameters far
# past it and swings around it for a long time before the old velocity fades; on the valley, $\alpha = 0.9$
# already needed 135 steps against 44 for $\alpha = 0.7$.
# </details>
#
# Now practise in the exercise: [`exercises/06_gradient_descent.ipynb`](../exercises/06_gradient_descent.ipynb).
