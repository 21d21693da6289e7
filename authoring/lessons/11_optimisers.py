# %% [markdown]
# # Lesson 11: Optimisers past momentum
#
# Lesson 6 ended with momentum crossing a narrow valley that plain gradient descent zig-zags
# through. The optimisers a deep-learning library offers by default start there, and each exists
# because the one before it leaves a problem: momentum overshoots, one learning rate does not fit
# every direction, a fixed rate keeps the noise of mini-batches alive, a per-parameter rate that
# only shrinks stalls, averages that start at zero are too small at first, and weight decay put
# into the gradient gets divided away. This lesson derives each fix from the problem it solves,
# builds it in a few lines of NumPy, checks each derivation with numbers, and then races them all
# from the same start, on the same batches.
#
# **You will:**
# 1. recall momentum's stability limit $2(1+\alpha)/\lambda_{\max}$ (lesson 6), and derive
#    Nesterov's look-ahead, its practical form and its own, lower, limit;
# 2. write three learning-rate schedules (step decay, cosine, warm-up) and see what they do on the
#    valley with noisy gradients and on the digits;
# 3. derive AdaGrad, then RMSProp, then Adam, each from the problem the previous one leaves;
# 4. derive Adam's bias correction, $E[m_t] = (1 - \beta_1^t)\,E[g]$, and watch it at the first steps;
# 5. see why weight decay put into Adam's gradient (L2) is not AdamW's decoupled decay;
# 6. race six optimisers on the valley, on Rosenbrock's function and on the digits, and read the
#    result honestly;
# 7. set each optimiser's hyperparameters in an explorer and watch the paths.

# %% [markdown]
# ## Setup
# NumPy, SymPy and matplotlib as before. From `nbtools`: lesson 7's digits, network and training
# loop, lesson 6's `SGD`, `Momentum` and `descent_path`, and this lesson's optimisers and schedules
# (used once we have built our own). BLAS runs on one thread, as in lesson 7, so that every sum is
# added in the same order on every run.

# %%
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from threadpoolctl import threadpool_limits

from nbtools import optimisers
from nbtools.datasets import load_digits_split
from nbtools.layers import forward, init_network
from nbtools.optimiser_explorer import (optimiser_explorer, rosenbrock,
                                        rosenbrock_gradient)
from nbtools.optimisers import SGD, Momentum, Scheduled, descent_path
from nbtools.training import accuracy, train

blas_threads = threadpool_limits(limits=1)
sp.init_printing(use_latex="mathjax")
CURVATURES = np.array([1.0, 25.0])


def valley_gradient(theta):
    """The gradient (x, 25 y) of lesson 6's valley L = (x^2 + 25 y^2) / 2."""
    return CURVATURES * theta


def valley_loss(theta):
    """L = (x^2 + 25 y^2) / 2 at theta = (x, y) (or at each row of an array of them)."""
    return 0.5 * np.sum(CURVATURES * np.asarray(theta) ** 2, axis=-1)


def steps_to_reach(path, minimum=(0.0, 0.0), tolerance=1e-3):
    """The first step at which ``path`` is within ``tolerance`` of ``minimum``
    (inf if never)."""
    close = np.linalg.norm(path - np.array(minimum), axis=1) < tolerance
    return int(np.argmax(close)) if close.any() else np.inf


def crossings(path):
    """How often x changes sign before ``path`` reaches the minimum: overshoots."""
    x = path[:steps_to_reach(path) + 1, 0]
    return int(np.sum(np.sign(x[1:]) != np.sign(x[:-1])))

# %% [markdown]
# ## Where lesson 6 left off
# On the valley $L = (x^2 + 25y^2)/2$ (curvatures 1 and 25), plain descent converges only for
# $\eta < 2/\lambda_{\max} = 0.08$, and lesson 6 derived and confirmed momentum's own limit,
# $\eta < 2(1 + \alpha)/\lambda_{\max}$: $0.136$ for $\alpha = 0.7$. Momentum also reached the
# minimum in 44 steps where plain descent needed at least 116. But more momentum was not better:
# with $\alpha = 0.9$ the velocity carries the path past the minimum again and again. Lesson 6's
# numbers again, with `nbtools.optimisers`, and a count of the overshoots: how often $x$ changes
# sign on the way (the path starts at $x = -10$, the minimum is at $x = 0$):

# %%
start = [-10.0, 1.0]
for alpha in (0.7, 0.9):
    path = descent_path(Momentum(0.04, alpha), valley_gradient, start, 2000)
    print(f"momentum, eta = 0.04, alpha = {alpha}: {steps_to_reach(path)} steps "
          f"to within 0.001 of the minimum; sign changes of x: {crossings(path)}")

# %% [markdown]
# ## Nesterov's look-ahead
# With $\alpha = 0.9$ the path crossed $x = 0$ eight times before it settled; with $\alpha = 0.7$,
# once. Momentum computes the gradient where it *stands*, then adds it to a velocity that will carry it
# somewhere else. Nesterov's idea: the velocity will move us by about $\alpha v$ anyway, so take the
# gradient *there*, where we are about to be, and correct the course before the overshoot:
#
# $$v \leftarrow \alpha v - \eta\, \nabla L(\theta + \alpha v), \qquad \theta \leftarrow \theta + v.$$
#
# Written as it is defined:

# %%
def nesterov_path(gradient, theta_0, learning_rate, alpha, steps):
    """Nesterov's momentum from theta_0 (v = 0): the gradient at the look-ahead point
    theta + alpha v. Returns the paths of theta and of v, (steps + 1) rows each."""
    theta = np.array(theta_0, dtype=float)
    velocity = np.zeros_like(theta)
    thetas, velocities = [theta], [velocity]
    for _ in range(steps):
        velocity = alpha * velocity - learning_rate * gradient(theta + alpha * velocity)
        theta = theta + velocity
        thetas.append(theta)
        velocities.append(velocity)
    return np.array(thetas), np.array(velocities)


nesterov_thetas, nesterov_velocities = nesterov_path(valley_gradient, start, 0.04, 0.9,
                                                     2000)
momentum_path = descent_path(Momentum(0.04, 0.9), valley_gradient, start, 2000)
for name, path in (("momentum", momentum_path), ("Nesterov", nesterov_thetas)):
    print(f"eta = 0.04, alpha = 0.9, {name}: {steps_to_reach(path)} steps; "
          f"sign changes of x: {crossings(path)}")

# %% [markdown]
# With the same $\eta$ and $\alpha$, Nesterov needs 74 steps, about half of momentum's 135, and
# overshoots the minimum 4 times instead of 8: where the path is about to overshoot, the
# gradient at the look-ahead point already points back, and the velocity is braked one step
# early.
#
# **The form libraries use.** An optimiser's `step(parameters, gradients)` is handed the gradient
# at the parameters it holds, not at a point of its choosing. So libraries hold the look-ahead
# point itself, $\varphi = \theta + \alpha v$. SymPy rewrites one step in $\varphi$ (one
# coordinate, with $g = \nabla L(\varphi)$ the gradient at the look-ahead point):

# %%
theta_s, v_s, g_s, eta_s, alpha_s = sp.symbols("theta v g eta alpha")
v_new = alpha_s * v_s - eta_s * g_s                  # the gradient is taken at phi
theta_new = theta_s + v_new
phi, phi_new = theta_s + alpha_s * v_s, theta_new + alpha_s * v_new
practical = phi + alpha_s * v_new - eta_s * g_s      # phi <- phi + alpha v_new - eta g
sp.simplify(phi_new - practical)

# %% [markdown]
# Zero: in $\varphi$, a step is $v \leftarrow \alpha v - \eta g$, then
# $\varphi \leftarrow \varphi + \alpha v - \eta g$ with the new $v$. It is momentum's step plus one
# more $\alpha v$: the look-ahead. `nbtools.optimisers.Nesterov` is written this way. PyTorch's
# `SGD(nesterov=True)` is too, in lesson 9's convention: its buffer $b \leftarrow \alpha b + g$
# holds $-v/\eta$, and its step $\varphi \leftarrow \varphi - \eta\,(g + \alpha b)$ is the same
# step while $\eta$ stays constant. The class's path is our $\theta + \alpha v$:

# %%
nesterov_phi = descent_path(optimisers.Nesterov(0.04, 0.9), valley_gradient, start,
                            2000)
print("largest |phi - (theta + alpha v)| over 2000 steps:",
      np.abs(nesterov_phi - (nesterov_thetas + 0.9 * nesterov_velocities)).max())

# %% [markdown]
# **Its limit.** On one direction of curvature $\lambda$, one step maps $(v, \varphi)$ linearly,
# as lesson 6 did for momentum: $v \leftarrow \alpha v - \eta\lambda\varphi$,
# $\varphi \leftarrow \varphi + \alpha v_\text{new} - \eta\lambda\varphi
# = \alpha^2 v + (1 - (1 + \alpha)\eta\lambda)\varphi$. As $\eta$ grows, it diverges once an
# eigenvalue of that matrix crosses $-1$ (the cell after next shows that no other way out is
# open):

# %%
eta, lam, alpha, mu = sp.symbols("eta lambda alpha mu", positive=True)
nesterov_matrix = sp.Matrix([[alpha, -eta * lam],
                             [alpha**2, 1 - (1 + alpha) * eta * lam]])
nesterov_limit = sp.solve((nesterov_matrix + sp.eye(2)).det(), eta)[0]   # eigenvalue -1
momentum_limit = 2 * (1 + alpha) / lam                                    # lesson 6
at_valley = {alpha: sp.Rational(7, 10), lam: 25}
(nesterov_limit, sp.N(nesterov_limit.subs(at_valley), 3),
 sp.N(momentum_limit.subs(at_valley), 3))

# %% [markdown]
# $\eta < \dfrac{2(1 + \alpha)}{(1 + 2\alpha)\lambda_{\max}}$: the look-ahead brakes, and the price
# is a lower limit, $1 + 2\alpha$ times below momentum's ($0.0567$ against $0.136$ for
# $\alpha = 0.7$ on the valley). Confirmed just below and just above it:

# %%
for rate in (0.056, 0.058):
    final = descent_path(optimisers.Nesterov(rate, 0.7), valley_gradient, start, 500)
    print(f"Nesterov, alpha = 0.7, eta = {rate}: distance to the minimum after 500 "
          f"steps {np.linalg.norm(final[-1]):.1e}")

# %% [markdown]
# Why $-1$ is the only way out: the two eigenvalues $\mu_1, \mu_2$ multiply to $\det M$, and
# $\det(M - I) = (\mu_1 - 1)(\mu_2 - 1)$. SymPy:

# %%
sp.factor(nesterov_matrix.det()), sp.factor((nesterov_matrix - sp.eye(2)).det())

# %% [markdown]
# $\det M = \alpha(1 - \eta\lambda)$: when the eigenvalues are a complex pair, each has modulus
# $\sqrt{\alpha(1 - \eta\lambda)} < 1$, so a pair never leaves the unit circle. And
# $\det(M - I) = \eta\lambda > 0$: no eigenvalue is ever $+1$. A real eigenvalue passing $-1$ is
# what ends convergence, as it was for momentum in lesson 6.
#
# **Get it right.** Nesterov is not simply "better momentum". At the same $(\eta, \alpha)$ it
# overshoots less, but its largest stable rate is lower. Which wins depends on the rates each is
# given; the race at the end gives each its best.
#
# ## Learning-rate schedules
# A single learning rate serves two phases badly. Far from the minimum, large steps make progress.
# Close to it, with **mini-batch** gradients, the steps never stop: each batch's gradient is a noisy
# estimate of the full one and does not vanish at the minimum, so SGD keeps jittering around it
# (lesson 6), by an amount that grows with $\eta$. A **schedule** changes $\eta$ as training goes,
# as a function of the step $t = 0, 1, 2, \dots$ (the first step is $t = 0$):
#
# - **step decay**: $\eta_t = \eta_0\,\gamma^{\lfloor t / k \rfloor}$, the rate multiplied by
#   $\gamma$ (say 0.1) every $k$ steps;
# - **cosine**: $\eta_t = \tfrac12 \eta_0 \left(1 + \cos\frac{\pi t}{T}\right)$ for a run of $T$
#   steps, from $\eta_0$ at $t = 0$ smoothly down towards 0, which it would reach at $t = T$, one
#   step after the run's last, $t = T - 1$ (PyTorch's `CosineAnnealingLR` with `T_max` $= T$ is
#   the same curve);
# - **warm-up**: $\eta_t = \eta_0 \frac{t + 1}{W}$ for the first $W$ steps (so the first step has
#   $\eta_0 / W$, not 0), then on to another schedule, usually the cosine over the remaining
#   $T - W$ steps.
#
# Warm-up does the opposite of decay: small steps first, while the weights are random and, for
# Adam below, while its averages rest on a handful of gradients. Each is one line:

# %%
def step_decay(t, initial, factor, every):
    """initial * factor ** (t // every)."""
    return initial * factor ** (t // every)


def cosine(t, initial, total):
    """From initial at t = 0 to 0 at t = total, along half a cosine."""
    return initial * (1 + np.cos(np.pi * min(t, total) / total)) / 2


def warm_up_cosine(t, peak, warm_up_steps, total):
    """peak * (t + 1) / warm_up_steps during the warm-up, then a cosine to 0."""
    if t < warm_up_steps:
        return peak * (t + 1) / warm_up_steps
    return cosine(t - warm_up_steps, peak, total - warm_up_steps)


STEPS = 300
schedules = {
    "constant": lambda t, peak: peak,
    "step decay (×0.1 every 100)": lambda t, peak: step_decay(t, peak, 0.1, 100),
    "cosine": lambda t, peak: cosine(t, peak, STEPS),
    "warm-up (30) + cosine": lambda t, peak: warm_up_cosine(t, peak, 30, STEPS),
}
print("rates at t = 0, 1, 29, 30, 100, 150, 299 (peak 1):")
for name, schedule in schedules.items():
    rates = [schedule(t, 1.0) for t in (0, 1, 29, 30, 100, 150, 299)]
    print(f"  {name:<28}", " ".join(f"{rate:.4f}" for rate in rates))

# %% [markdown]
# The cosine is at $\frac12$ of its peak halfway ($t = 150$) and at $2.7 \times 10^{-5}$ of it at
# the last step, $t = 299$ (printed as 0.0000); the warm-up's first step has a thirtieth of the
# peak, its 30th ($t = 29$) the peak. `nbtools.optimisers` has the same functions (and
# `Scheduled(optimiser, schedule)`, which sets an optimiser's `learning_rate` to `schedule(t)`
# before each step). The largest difference from ours over the 300 steps, zero up to rounding:

# %%
max(abs(optimisers.warm_up_cosine(t, 0.06, 30, STEPS)
        - warm_up_cosine(t, 0.06, 30, STEPS))
    + abs(optimisers.step_decay(t, 0.06, 0.1, 100) - step_decay(t, 0.06, 0.1, 100))
    for t in range(STEPS))

# %% [markdown]
# ### On the valley, with noisy gradients
# The valley's gradient plus noise (each coordinate plus a normal number of standard deviation 2, a
# stand-in for a mini-batch's error) and plain SGD with a peak rate of $0.06$, below the limit
# $0.08$. Five seeds of noise for each schedule; the same five for every schedule.

# %%
def noisy_valley_losses(schedule, peak, seed, steps=STEPS, noise=2.0):
    """SGD on the valley from (-10, 1), noisy gradients; the loss after each step."""
    rng = np.random.default_rng(seed)
    theta = np.array(start)
    optimiser = Scheduled(SGD(peak), lambda t: schedule(t, peak))
    losses = []
    for _ in range(steps):
        optimiser.step([theta], [valley_gradient(theta) + noise * rng.normal(size=2)])
        losses.append(valley_loss(theta))
    return np.array(losses)


noisy = {name: np.array([noisy_valley_losses(schedule, 0.06, seed)
                         for seed in range(5)])
         for name, schedule in schedules.items()}
for name, losses in noisy.items():
    finals = " ".join(f"{x:.4f}" for x in losses[:, -1])
    mean = losses[:, -1].mean()
    print(f"{name:<28} final loss, seeds 0-4: {finals}   mean {mean:.4f}")

# %% [markdown]
# The whole run, the loss after each step averaged over the five seeds:

# %%
figure, axes = plt.subplots(figsize=(8, 4))
for name, losses in noisy.items():
    axes.plot(losses.mean(axis=0), label=name, linewidth=1)
axes.set(yscale="log", xlabel="step", ylabel="loss (mean of 5 seeds, log scale)",
         title="SGD on the valley with noisy gradients, peak rate 0.06")
axes.legend(fontsize="small")
plt.show()

# %% [markdown]
# *Figure, in words:* The valley's loss against the step, averaged over five seeds of gradient
# noise, on a log scale, for four schedules. All four fall alike at first (the warm-up a little
# later); then the constant rate stays on a noisy plateau between about 0.1 and 1, step decay drops
# by a factor of about 10 at step 100 and a little more at step 200, and the cosine and the warm-up
# with cosine glide down to the lowest losses by the end.

# %% [markdown]
# On every seed each decaying schedule ends below the constant rate: the constant rate's final
# losses lie between 0.15 and 1.1, the cosine's between 0.0004 and 0.014 (about a hundred times
# lower on average), step decay's between 0.0049 and 0.040. A step is
# $-\eta\,(\nabla L + \text{noise})$, so the noise's share of each step is proportional to
# $\eta$, and a smaller rate at the end means less jitter. The warm-up makes no steady difference
# here: below the cosine alone on three seeds, above it on two, a mean of 0.0052 against the
# cosine's 0.0054. The valley is a quadratic, where a step of a given rate is just as stable at
# the start as at the end, so there is nothing for a warm-up to protect.
#
# ### On the digits
# Lesson 7's network (64-256-10, ReLU, softmax cross-entropy), trained with momentum
# ($\alpha = 0.9$) at a peak rate of 0.2, ten times lesson 7's, in mini-batches of 32 (36 steps per
# epoch) for 15 epochs, with each schedule counted in steps. Each seed fixes the initial weights and
# the order of the batches, the same for every schedule.

# %%
data = load_digits_split(seed=0)
ACTIVATIONS = ["relu", "identity"]


def train_digits(optimiser, seed, epochs):
    """Lesson 7's 64-256-10 network, trained from seed's weights and batches;
    returns (history, test accuracy)."""
    rng = np.random.default_rng(seed)
    layers = init_network([64, 256, 10], rng)
    history = train(layers, ACTIVATIONS, "softmax_cross_entropy", data.X_train,
                    data.Y_train, optimiser, epochs, 32, rng,
                    validation=(data.X_validation, data.Y_validation))
    return history, accuracy(forward(data.X_test, layers, ACTIVATIONS), data.Y_test)


EPOCHS, PER_EPOCH = 15, 36
digit_schedules = {
    "constant": lambda t: 0.2,
    "step decay (×0.1 at epoch 10)": lambda t: step_decay(t, 0.2, 0.1, 10 * PER_EPOCH),
    "cosine": lambda t: cosine(t, 0.2, EPOCHS * PER_EPOCH),
    "warm-up (1 epoch) + cosine":
        lambda t: warm_up_cosine(t, 0.2, PER_EPOCH, EPOCHS * PER_EPOCH),
}
scheduled_runs = {
    name: [train_digits(Scheduled(Momentum(0.2, 0.9), schedule), seed, EPOCHS)
           for seed in range(3)]
    for name, schedule in digit_schedules.items()}
print(f"{'':<30}{'final validation loss, seeds 0 1 2':>36}{'test accuracy':>22}")
for name, runs in scheduled_runs.items():
    losses = " ".join(f"{history['validation_loss'][-1]:.4f}" for history, _ in runs)
    accuracies = " ".join(f"{test:.1%}" for _, test in runs)
    print(f"{name:<30}{losses:>36}{accuracies:>22}")

# %% [markdown]
# On each of the three seeds the cosine ends with a lower validation loss than the constant
# rate, and so does step decay; the test accuracies (96.9% to 97.8%) differ by at most 3 of the 360
# images, in no steady order. A high constant rate keeps bouncing the weights around at the end;
# decaying it lets them settle. The warm-up's effect is within the spread between seeds: below the
# cosine alone on seeds 1 and 2, above it on seed 0. This small, shallow network does not need
# one: started at the full rate 0.2, it ends its first epoch with a lower validation loss than
# with the warm-up, on each of the three seeds (the figure below shows seed 0). Warm-up is meant
# for deep networks and large batches, where the first steps from random weights are the
# unstable ones. The curves of seed 0:

# %%
figure, axes = plt.subplots(figsize=(8, 4))
for name, runs in scheduled_runs.items():
    history = runs[0][0]
    axes.plot(history["epoch"], history["validation_loss"], marker="o", markersize=3,
              label=name)
axes.set(xlabel="epoch", ylabel="validation loss",
         title="Momentum at peak rate 0.2 on the digits, seed 0")
axes.legend(fontsize="small")
plt.show()

# %% [markdown]
# *Figure, in words:* The validation loss of the digits network after each of 15 epochs, seed 0,
# for four schedules of momentum's rate. The constant rate and step decay share one bumpy curve
# until epoch 10 (the same rate until then); after it the constant rate climbs back to about 0.16
# while step decay settles near 0.146. The cosine is the smoothest and lowest from epoch 7 on; the
# warm-up with cosine starts highest and bumpiest and ends just above the cosine.

# %% [markdown]
# ## AdaGrad: a learning rate per parameter
# Schedules change the rate over *time*; the valley's problem is across *directions*. Its
# curvatures are 1 and 25, so a rate that suits $y$ crawls along $x$. Gradients are large where
# the loss is steep, so divide each parameter's step by the size of the gradients that parameter has
# seen. **AdaGrad** keeps the sum of squared gradients, per parameter:
#
# $$s \leftarrow s + g^2, \qquad \theta \leftarrow \theta - \eta\,\frac{g}{\sqrt{s} + \epsilon},$$
#
# every operation element by element, with a tiny $\epsilon$ (say $10^{-10}$) against a division by
# zero. On a single step:

# %%
def adagrad_step(theta, gradient, s, learning_rate, epsilon=1e-10):
    """One AdaGrad step; returns the new (theta, s)."""
    s = s + gradient**2
    return theta - learning_rate * gradient / (np.sqrt(s) + epsilon), s


theta_0 = np.array(start)
first, _ = adagrad_step(theta_0, valley_gradient(theta_0), np.zeros(2), 0.5)
print("gradient at the start:", valley_gradient(theta_0),
      " first step:", first - theta_0)

# %% [markdown]
# The first step is $\eta$ against the sign of the gradient in *both* coordinates: the gradients
# $-10$ and $25$ were each divided by their own size. That is the good news: the first step no
# longer depends on the curvature, nor on the gradient's scale. The bad news is in the sum. SymPy,
# for a gradient that stays $g$ at every step:

# %%
t, i = sp.symbols("t i", positive=True, integer=True)
g = sp.Symbol("g", positive=True)
s_t = sp.summation(g**2, (i, 1, t))
adagrad_step_size = sp.simplify(eta * g / sp.sqrt(s_t))
s_t, adagrad_step_size

# %% [markdown]
# $\eta/\sqrt{t}$: the step shrinks forever, however far the minimum still is, because $s$ only
# grows. After 100 steps it is a tenth of the first, after 10,000 a hundredth. Measured, with a
# gradient that stays 3:

# %%
theta, s, lengths = np.zeros(1), np.zeros(1), []
for _ in range(10_000):
    new_theta, s = adagrad_step(theta, np.array([3.0]), s, 0.01)
    lengths.append(abs(new_theta - theta)[0] / 0.01)
    theta = new_theta
print("AdaGrad, constant gradient 3; step / eta at steps 1, 100, 10000:",
      " ".join(f"{lengths[k - 1]:.4f}" for k in (1, 100, 10_000)))

# %% [markdown]
# On a loss that needs many steps (a network, or the long bend of Rosenbrock's valley) AdaGrad
# slows to a crawl. Its steps on the valley, where the gradient shrinks too, so the steps shrink
# faster still:

# %%
theta, s = np.array(start), np.zeros(2)
step_sizes = []
for _ in range(200):
    new_theta, s = adagrad_step(theta, valley_gradient(theta), s, 0.5)
    step_sizes.append(np.linalg.norm(new_theta - theta))
    theta = new_theta
print("AdaGrad (eta = 0.5) step length at steps 1, 10, 100, 200:",
      " ".join(f"{step_sizes[k - 1]:.4f}" for k in (1, 10, 100, 200)))
print("distance to the minimum after 200 steps:", f"{np.linalg.norm(theta):.3f}")

# %% [markdown]
# The first step is $0.5\sqrt2 \approx 0.71$ (0.5 in each coordinate); by step 200 the steps are
# 0.0099, five times below the $0.71/\sqrt{200} \approx 0.05$ of a steady gradient, and the path
# is still 1.1 from the minimum after 200 steps. (At a much larger rate AdaGrad does well on this
# valley; the race below shows why.)

# %% [markdown]
# ## RMSProp: forget the old gradients
# Replace the sum by a moving average, which forgets old gradients at the rate $1 - \rho$:
#
# $$s \leftarrow \rho\,s + (1 - \rho)\,g^2, \qquad \theta \leftarrow \theta - \eta\,\frac{g}{\sqrt{s} + \epsilon}.$$
#
# For a gradient that stays $g$, from $s_0 = 0$, SymPy unrolls the average:

# %%
rho = sp.Symbol("rho", positive=True)
s_rms = sp.simplify(sp.summation((1 - rho) * rho ** (t - i) * g**2, (i, 1, t)))
rms_step_size = sp.simplify(eta * g / sp.sqrt(s_rms))
s_rms, rms_step_size, rms_step_size.subs(t, 1)

# %% [markdown]
# $s_t = (1 - \rho^t)\,g^2$, which tends to $g^2$, so the step tends to $\eta$: no more decay.
# But look at the first steps: $s_1 = (1 - \rho)\,g^2$ is far below $g^2$, and the first step is
# $\eta/\sqrt{1 - \rho}$, ten times $\eta$ for $\rho = 0.99$. The average started at zero and needs
# about $1/(1 - \rho)$ steps to forget it. Measured:

# %%
def rmsprop_step(theta, gradient, s, learning_rate, rho, epsilon=1e-8):
    """One RMSProp step; returns the new (theta, s)."""
    s = rho * s + (1 - rho) * gradient**2
    return theta - learning_rate * gradient / (np.sqrt(s) + epsilon), s


theta, s, lengths = np.zeros(1), np.zeros(1), []
for _ in range(300):
    new_theta, s = rmsprop_step(theta, np.array([3.0]), s, 0.01, 0.99)
    lengths.append(abs(new_theta - theta)[0] / 0.01)
    theta = new_theta
print("RMSProp (rho = 0.99), constant gradient;",
      "step / eta at steps 1, 2, 10, 100, 300:")
print(" ".join(f"{lengths[k - 1]:.3f}" for k in (1, 2, 10, 100, 300)))

# %% [markdown]
# Ten times $\eta$ at first, still 1.26 times after 100 steps. RMSProp leaves two problems: these
# over-long first steps, and no momentum (each step follows one gradient, noise and all).
#
# ## Adam: momentum, RMSProp and a correction for starting at zero
# **Adam** keeps two moving averages: $m$, of the gradients (a momentum that averages), and $v$, of
# their squares (RMSProp's $s$), and steps with their ratio:
#
# $$m \leftarrow \beta_1 m + (1 - \beta_1)\,g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2)\,g^2,$$
# $$\theta \leftarrow \theta - \eta\,\frac{\hat m}{\sqrt{\hat v} + \epsilon}, \qquad
#   \hat m = \frac{m}{1 - \beta_1^t}, \quad \hat v = \frac{v}{1 - \beta_2^t},$$
#
# at step $t = 1, 2, \dots$ (here $t$ counts from 1: it is the number of gradients averaged so far),
# with the usual $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\epsilon = 10^{-8}$. The hats are the **bias
# correction**; here is where they come from.
#
# ### The bias correction, derived
# From $m_0 = 0$, the average after $t$ steps is a weighted sum of the gradients,
# $m_t = (1 - \beta_1) \sum_{i=1}^{t} \beta_1^{t-i} g_i$. If the gradients are random but
# *stationary* (each with the same mean $E[g]$), the expectation goes inside the sum:

# %%
beta = sp.Symbol("beta_1", positive=True)
mean_g = sp.Symbol("E[g]")
expected_m = sp.simplify(sp.summation((1 - beta) * beta ** (t - i) * mean_g, (i, 1, t)))
expected_m, sp.factor(expected_m / mean_g)

# %% [markdown]
# $E[m_t] = (1 - \beta_1^t)\,E[g]$: the average is biased towards its starting zero by the factor
# $1 - \beta_1^t$, which is $0.1$ at $t = 1$ for $\beta_1 = 0.9$ and tends to 1. Dividing by it
# makes $\hat m_t$ an unbiased estimate of $E[g]$ at *every* step; the same sum with $g^2$ gives
# $E[v_t] = (1 - \beta_2^t)\,E[g^2]$, a factor $0.001$ at $t = 1$ for $\beta_2 = 0.999$.
#
# Numerically: 20,000 runs of random gradients with mean 0.5 and standard deviation 1 (so
# $E[g^2] = 0.5^2 + 1 = 1.25$), the average of $m_t$ and of $\hat m_t$ over the runs at the first
# steps, and the average of $v_t$ divided by the predicted $(1 - 0.999^t) \cdot 1.25$:

# %%
rng = np.random.default_rng(0)
gradients = 0.5 + rng.normal(size=(20_000, 10))       # 20,000 runs of 10 steps
m, v = np.zeros(20_000), np.zeros(20_000)
print(f"{'t':>3}{'mean of m_t':>14}{'(1 - 0.9^t) 0.5':>18}{'mean of m_hat_t':>18}"
      f"{'mean v_t / prediction':>24}")
for step in range(1, 11):
    m = 0.9 * m + 0.1 * gradients[:, step - 1]
    v = 0.999 * v + 0.001 * gradients[:, step - 1] ** 2
    if step in (1, 2, 3, 5, 10):
        print(f"{step:>3}{m.mean():>14.4f}{(1 - 0.9**step) * 0.5:>18.4f}"
              f"{(m / (1 - 0.9**step)).mean():>18.4f}"
              f"{v.mean() / ((1 - 0.999**step) * 1.25):>24.4f}")

# %% [markdown]
# The mean of $m_t$ follows $(1 - 0.9^t) \cdot 0.5$ (0.05 at the first step, a tenth of the mean
# gradient), within the noise of 20,000 runs; $\hat m_t$ is about 0.5 from the first step on. The
# mean of $v_t$ is its prediction $(1 - 0.999^t)\,E[g^2]$ to within 1%, as small as $0.00125$ at
# the first step.
#
# What the correction does to the steps: Adam written out, with the correction as a switch:

# %%
def adam_step(theta, gradient, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999,
              epsilon=1e-8, corrected=True):
    """Adam's step number t (1 for the first); returns the new (theta, m, v)."""
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient**2
    m_hat = m / (1 - beta1**t) if corrected else m
    v_hat = v / (1 - beta2**t) if corrected else v
    return theta - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_step_lengths(corrected, steps=1000, gradient=3.0, learning_rate=0.01):
    """|step| / learning_rate of Adam's first ``steps`` steps on a constant gradient."""
    theta, m, v, lengths = np.zeros(1), np.zeros(1), np.zeros(1), []
    for step in range(1, steps + 1):
        new_theta, m, v = adam_step(theta, np.array([gradient]), m, v, step,
                                    learning_rate, corrected=corrected)
        lengths.append(abs(new_theta - theta)[0] / learning_rate)
        theta = new_theta
    return np.array(lengths)


corrected, uncorrected = adam_step_lengths(True), adam_step_lengths(False)
print(f"{'t':>4}{'step / eta, corrected':>24}{'step / eta, uncorrected':>26}")
for step in (1, 2, 10, 100, 1000):
    print(f"{step:>4}{corrected[step - 1]:>24.4f}{uncorrected[step - 1]:>26.4f}")
print(f"uncorrected: longest step {uncorrected.max():.2f} eta, at step "
      f"{uncorrected.argmax() + 1}")

# %% [markdown]
# For a constant gradient the corrected step is exactly $\eta$ from the first step (to the
# $\epsilon$), whatever the gradient's size. Uncorrected, the first step is
# $\eta\,(1 - \beta_1)/\sqrt{1 - \beta_2} \approx 3.16\,\eta$; it grows to 6.57 times
# $\eta$ at step 12 (the numerator's bias, $1 - 0.9^t$, fades faster than the denominator's,
# $\sqrt{1 - 0.999^t}$) and is still 3.24 times $\eta$ after 100 steps and 1.26 times after 1000:
# the longest steps come at the start, when the averages rest on the fewest gradients.
#
# **Get it right.** The correction does not make Adam's first steps larger. Each average alone is
# too small at first, so each correction enlarges it; but $v$ is too small by more
# ($1 - \beta_2^t$ is 0.001 at $t = 1$, against $1 - \beta_1^t = 0.1$ for $m$), so *without* the
# correction the steps are too long, and with it they shrink to $\eta$. Nor is the correction a
# warm-up: it does not depend on $\eta$, and it fades by itself (both factors within about 1% of
# 1 once $\beta_2^t < 0.01$, after about 4,600 steps).
#
# With the correction, the step's size is set by $\eta$ and not by the gradient's scale, and a
# noisy gradient gives shorter steps than a steady one, since $|\hat m|$ averages the noise out
# while $\sqrt{\hat v}$ does not. The first step for constant gradients of very different sizes,
# and the mean and the longest of the first 100 steps on noisy gradients (mean 0.5, standard
# deviation 1), three seeds:

# %%
for size in (0.001, 3.0, 1000.0):
    first, _, _ = adam_step(np.zeros(1), np.array([size]), np.zeros(1), np.zeros(1), 1,
                            0.01)
    print(f"constant gradient {size:>7g}: first step / eta {abs(first[0]) / 0.01:.5f}")
for seed in range(3):
    rng, theta, m, v, lengths = np.random.default_rng(seed), 0.0, 0.0, 0.0, []
    for step in range(1, 101):
        new_theta, m, v = adam_step(theta, 0.5 + rng.normal(), m, v, step, 0.01)
        lengths.append(abs(new_theta - theta) / 0.01)
        theta = new_theta
    print(f"noisy gradient, seed {seed}: step / eta over the first 100 steps, "
          f"mean {np.mean(lengths):.2f}, longest {np.max(lengths):.2f}")

# %% [markdown]
# The same $\eta$ for a gradient of 0.001 and of 1000 (the $\epsilon$ shows only in the fifth
# decimal, for the smallest); about half of $\eta$ on average when the gradient is mostly noise,
# and never much more than $\eta$. So $\eta$ is roughly the largest distance a parameter moves in
# one step, a length you can choose without knowing the gradients' scale.
#
# ## AdamW: weight decay, decoupled
# Lesson 12 adds **L2 regularisation** to a loss, $\frac{\lambda}{2}\lVert\theta\rVert^2$, whose
# gradient $\lambda\theta$ pulls every weight towards 0. With SGD, adding $\lambda\theta$ to the
# gradient shrinks each weight by the same fraction $\eta\lambda$ a step: *weight decay*. In Adam it
# does not, because Adam divides the whole gradient, $\lambda\theta$ included, by $\sqrt{\hat v}$:
# a weight with large gradients is barely decayed, one with small gradients a lot. **AdamW**
# (Loshchilov and Hutter) takes the decay out of the gradient and applies it directly:
#
# $$\text{L2 in Adam: } g \leftarrow g + \lambda\theta, \text{ then Adam;} \qquad
#   \text{AdamW: } \theta \leftarrow \theta - \eta\lambda\theta, \text{ then Adam on } g.$$
#
# The plainest case: a loss with no gradient at all, only the decay, from $\theta = 2$, with
# $\eta = 0.01$ and two decay strengths:

# %%
def adamw_step(theta, gradient, m, v, t, learning_rate, weight_decay):
    """AdamW's step t: decay theta by learning_rate * weight_decay, then Adam's step."""
    theta = theta - learning_rate * weight_decay * theta
    return adam_step(theta, gradient, m, v, t, learning_rate)


for decay in (0.1, 10.0):
    l2 = adamw = np.array([2.0])
    m_l2 = v_l2 = m_w = v_w = np.zeros(1)
    for step in range(1, 101):
        l2, m_l2, v_l2 = adam_step(l2, decay * l2, m_l2, v_l2, step, 0.01)  # L2 in g
        adamw, m_w, v_w = adamw_step(adamw, np.zeros(1), m_w, v_w, step, 0.01, decay)
    print(f"lambda = {decay:>4}: after 100 steps, L2 in Adam {l2[0]:.4f}, "
          f" AdamW {adamw[0]:.5g}"
          f"  (2 (1 - 0.01 lambda)^100 = {2 * (1 - 0.01 * decay) ** 100:.5g})")

# %% [markdown]
# With L2 in Adam, $\lambda$ does not matter at all: the gradient $\lambda\theta$ is divided by
# the root of its own average square, so the steps (about $\eta$ each) do not depend on it, and
# 100 steps move $\theta$ from 2 to the same 1.0984 for $\lambda = 0.1$ and for $\lambda = 10$.
# AdamW multiplies $\theta$ by $1 - \eta\lambda$ every step, a decay whose strength $\lambda$
# sets: $2 \cdot 0.999^{100} \approx 1.81$ and $2 \cdot 0.9^{100} \approx 5.3 \times 10^{-5}$.
#
# With a loss, the difference is *which* weights decay. 400 weights, all starting at 1, whose
# loss gradients are pure noise: 200 of them small (standard deviation 0.01), 200 large (standard
# deviation 10). $\lambda = 0.5$, $\eta = 0.01$, 300 steps, three seeds:

# %%
def decay_by_group(step_function, seed, steps=300):
    """Mean theta of the small- and of the large-gradient weights after ``steps``."""
    rng = np.random.default_rng(seed)
    scale = np.repeat([0.01, 10.0], 200)
    theta, m, v = np.ones(400), np.zeros(400), np.zeros(400)
    for step in range(1, steps + 1):
        theta, m, v = step_function(theta, scale * rng.normal(size=400), m, v, step)
    return theta[:200].mean(), theta[200:].mean()


l2_in_adam = lambda theta, g, m, v, t: adam_step(theta, g + 0.5 * theta, m, v, t, 0.01)
decoupled = lambda theta, g, m, v, t: adamw_step(theta, g, m, v, t, 0.01, 0.5)
for seed in range(3):
    small_l2, large_l2 = decay_by_group(l2_in_adam, seed)
    small_w, large_w = decay_by_group(decoupled, seed)
    print(f"seed {seed}: mean weight, small / large gradients: "
          f"L2 in Adam {small_l2:.3f} / {large_l2:.3f}, "
          f" AdamW {small_w:.3f} / {large_w:.3f}")
print(f"(1 - 0.01 * 0.5)^300 = {(1 - 0.005) ** 300:.3f}")

# %% [markdown]
# With L2 in Adam the weights with small gradients are pulled all the way to 0 (below 0.0005 on
# every seed) while those with large gradients stay above 0.84: $\lambda\theta$ is divided by
# $\sqrt{\hat v}$, about the size of the weight's own gradient. With AdamW both groups end between
# 0.21 and 0.24, near $0.995^{300} \approx 0.222$: every weight decays by the same fraction, which is
# what "weight decay" promises.
#
# **Get it right.** `Adam(weight_decay=...)` in PyTorch is L2 in Adam, and `AdamW` is the
# decoupled one: not two spellings of one thing. And "decoupled" has two conventions. PyTorch's
# `AdamW`, like ours, multiplies the decay by the learning rate, $\theta \leftarrow
# \theta(1 - \eta\lambda)$. In Loshchilov and Hutter's paper the decay is decoupled from the
# learning rate too: $\theta \leftarrow \theta - \eta_t\,(\alpha\,\hat m/(\sqrt{\hat v} +
# \epsilon) + \lambda\theta)$, where $\alpha$ is Adam's rate and $\eta_t$ only the schedule's
# multiplier (1 without a schedule). So a $\lambda$ from the paper is PyTorch's `weight_decay`
# times the learning rate: the same method, different numbers.
#
# ## The race
# `nbtools.optimisers` has each of these as a class with the `step(parameters, gradients)` of
# lesson 6 (`Nesterov`, `AdaGrad`, `RMSProp`, `Adam`, `AdamW`), each tested against PyTorch's
# step by step to $10^{-12}$ in float64 by the workbook's benchmarks (`python -m benchmarks`). First,
# the same steps as ours:

# %%
theta_class, theta_ours = np.array(start), np.array(start)
adam, m, v = optimisers.Adam(0.1), np.zeros(2), np.zeros(2)
adagrad, s = optimisers.AdaGrad(0.5), np.zeros(2)
theta_adagrad, theta_adagrad_ours = np.array(start), np.array(start)
for step in range(1, 101):
    adam.step([theta_class], [valley_gradient(theta_class)])
    theta_ours, m, v = adam_step(theta_ours, valley_gradient(theta_ours), m, v, step,
                                 0.1)
    adagrad.step([theta_adagrad], [valley_gradient(theta_adagrad)])
    theta_adagrad_ours, s = adagrad_step(theta_adagrad_ours,
                                         valley_gradient(theta_adagrad_ours), s, 0.5)
print("after 100 steps, |class - ours|: Adam",
      np.abs(theta_class - theta_ours).max(), " AdaGrad",
      np.abs(theta_adagrad - theta_adagrad_ours).max())

# %% [markdown]
# A fair race gives every optimiser its own best learning rate. For each, 16 rates from
# $10^{-4}$ to $10$ (each about 2.15 times the last), the other hyperparameters at common values
# ($\alpha = 0.9$; $\rho = 0.9$, as in Hinton's lecture that introduced RMSProp, where PyTorch's
# default is 0.99; Adam's defaults); the winner of each is the rate with the
# lowest loss after the budget of steps: 100 on the valley, 1000 on Rosenbrock's function
# $(1 - x)^2 + 100(y - x^2)^2$, a curved narrow valley whose minimum 0 is at $(1, 1)$. Each from two
# starts, since one start could flatter one optimiser.

# %%
RACERS = {"SGD": SGD, "momentum": lambda rate: Momentum(rate, 0.9),
          "Nesterov": lambda rate: optimisers.Nesterov(rate, 0.9),
          "AdaGrad": optimisers.AdaGrad,
          "RMSProp": lambda rate: optimisers.RMSProp(rate, rho=0.9),
          "Adam": optimisers.Adam}
RATES = np.geomspace(1e-4, 10, 16)
RACE_STARTS = {"valley": [[-10.0, 1.0], [6.0, -1.5]],
               "Rosenbrock": [[-1.5, 2.0], [0.0, -0.5]]}


def rosenbrock_loss(theta):
    return rosenbrock(*np.moveaxis(np.asarray(theta), -1, 0))


def rate_sweep(make, gradient, loss, start, steps):
    """(loss after ``steps``, rate, path) at each rate of RATES (diverged: inf)."""
    runs = []
    with np.errstate(all="ignore"):
        for rate in RATES:
            path = descent_path(make(rate), gradient, start, steps)
            final = loss(path[-1])
            runs.append((final if np.isfinite(final) else np.inf, rate, path))
    return runs


def best_run(make, gradient, loss, start, steps):
    """(loss after ``steps``, rate, path) at the best rate of RATES."""
    return min(rate_sweep(make, gradient, loss, start, steps), key=lambda run: run[0])


RACES = {"valley": (valley_gradient, valley_loss, RACE_STARTS["valley"], 100),
         "Rosenbrock": (rosenbrock_gradient, rosenbrock_loss, RACE_STARTS["Rosenbrock"],
                        1000)}
race_sweeps, race_results = {}, {}
for problem, (gradient, loss, starts, steps) in RACES.items():
    print(f"{problem}, {steps} steps: loss at the best rate (rate), from each start")
    for name, make in RACERS.items():
        sweeps = [rate_sweep(make, gradient, loss, begin, steps) for begin in starts]
        race_sweeps[problem, name] = sweeps
        runs = [min(sweep, key=lambda run: run[0]) for sweep in sweeps]
        race_results[problem, name] = runs
        print(f"  {name:<9}" + "".join(
            f"{final:>12.2e} ({rate:.2g}) from {tuple(begin)}"
            for (final, rate, _), begin in zip(runs, starts)))

# %% [markdown]
# Read the table per row and per column, not for a champion. On the valley AdaGrad ends lowest
# from both starts, by far, at rates (10 and 4.6) at which SGD, momentum and Nesterov diverge,
# with Nesterov second; on Rosenbrock's function Adam ends lowest from both starts, with momentum
# second. Plain SGD is last or next to last in all four columns. RMSProp ranges from third to
# last: with $\rho = 0.9$ its $s$ follows the latest gradients, so near the minimum it keeps
# stepping at about $\eta$ and jitters there. Notice the best rates too: Adam's best rate on
# Rosenbrock is a thousand times SGD's, because Adam's rate is a step length, while SGD's
# multiplies the gradient, whose size at the first start is already $(-155, -50)$ and which is
# steeper still across the curved floor.
#
# A best rate found by a sweep says nothing about how hard it was to find. For each optimiser,
# how many of the 16 rates end with a loss below 0.01 (from each start, in the table's order):

# %%
print(f"{'':<10}" + "".join(f"{problem:>22}" for problem in RACES))
for name in RACERS:
    counts = [sum(final < 0.01 for final, _, _ in sweep)
              for problem in RACES for sweep in race_sweeps[problem, name]]
    print(f"{name:<10}" + "".join(f"{a:>15} and {b:>2}" for a, b in
                                   zip(counts[::2], counts[1::2])))

# %% [markdown]
# Adam has the widest range of good rates in all four columns (five to seven of the 16 rates,
# spanning at least a factor of 10), plain SGD one or none. That, more than any single best
# loss, is what makes Adam a convenient default.
#
# AdaGrad's win on the valley has a reason worth seeing: the valley's steep and flat directions
# are exactly its two parameters, $x$ and $y$, and a rate per parameter is a rate per direction.
# Turn the same valley by 45°, so that each direction mixes both parameters, and race again from
# the same two starts:

# %%
turn = np.array([[1.0, -1.0], [1.0, 1.0]]) / np.sqrt(2)
hessian_turned = turn @ np.diag(CURVATURES) @ turn.T


def turned_loss(theta):
    return 0.5 * np.einsum("...i,ij,...j->...", theta, hessian_turned, theta)


def turned_gradient(theta):
    return hessian_turned @ theta


print("the valley turned by 45°, 100 steps: loss at the best rate (rate),",
      "from each start")
for name, make in RACERS.items():
    runs = [best_run(make, turned_gradient, turned_loss, begin, 100)
            for begin in RACE_STARTS["valley"]]
    print(f"  {name:<9}" + "".join(f"{final:>12.2e} ({rate:.2g}) from {tuple(begin)}"
                                   for (final, rate, _), begin in
                                   zip(runs, RACE_STARTS["valley"])))

# %% [markdown]
# Turned, AdaGrad's advantage is gone and Nesterov leads from both starts, with a loss more than
# a hundred times below AdaGrad's: a per-parameter rate helps only as far
# as the loss's steep and flat directions line up with the parameters. The paths from the first
# starts:

# %%
grids = {"valley": np.meshgrid(np.linspace(-11, 2, 300), np.linspace(-1.6, 1.6, 200)),
         "Rosenbrock": np.meshgrid(np.linspace(-2, 2, 300), np.linspace(-1, 3, 200))}
levels = {"valley": np.geomspace(0.05, 60, 12),
          "Rosenbrock": np.geomspace(0.01, 2000, 14)}
minima = {"valley": (0, 0), "Rosenbrock": (1, 1)}
figure, all_axes = plt.subplots(2, 6, figsize=(12, 4.8), dpi=80, sharex="row",
                                sharey="row", layout="constrained")
for row, problem in zip(all_axes, RACES):
    xs, ys = grids[problem]
    contours = RACES[problem][1](np.stack([xs, ys], axis=-1))
    for axes, name in zip(row, RACERS):
        final, rate, path = race_results[problem, name][0]
        axes.contour(xs, ys, contours, levels=levels[problem], colors="lightgrey")
        axes.plot(*np.clip(path, -20, 20).T, ".-", color="C3", linewidth=0.7,
                  markersize=2)
        axes.plot(*minima[problem], "kx", markersize=8)
        axes.set(xlim=(xs.min(), xs.max()), ylim=(ys.min(), ys.max()),
                 title=f"{name}, η = {rate:.2g}\nloss {final:.1e}")
        axes.title.set_fontsize("small")
    row[0].set_ylabel(f"{problem}\ny")
for axes in all_axes[1]:
    axes.set_xlabel("x")
plt.show()

# %% [markdown]
# *Figure, in words:* Twelve small panels of contour lines, one per optimiser at its best rate,
# from the first start: the valley from (-10, 1) in the top row (100 steps), Rosenbrock's function
# from (-1.5, 2) in the bottom row (1000 steps). On the valley SGD drops to the floor in two
# steps and creeps along it; momentum swings across the valley and circles the minimum; Nesterov
# zig-zags a few times, then runs along the floor; AdaGrad (η = 10) jumps straight to x = 0 and
# bounces along y, out of the picture and back; RMSProp creeps like SGD, then jitters around the
# minimum; Adam loops across the valley and circles the minimum. On Rosenbrock SGD creeps down the
# curved floor and stops far short of (1, 1); momentum zig-zags across the valley, then reaches
# (1, 1); Nesterov follows the curved floor smoothly to (1, 1); AdaGrad jumps to the far wall and
# crawls down it, stopping short; RMSProp (η = 1) is a tangle of long jumps; Adam makes a few
# loops, then follows the floor to (1, 1).

# %% [markdown]
# ### The race on the digits
# Lesson 7's network again, 10 epochs, each optimiser with the same initial weights and the same
# batches for a given seed. The rate of each is chosen from a grid of candidates, each twice the
# last, by the **validation** loss after 10 epochs on seed 0 (lesson 7's rule: the test set is for
# the final report); then seeds 1 and 2 run at the chosen rate. Each grid is wide enough that the
# chosen rate is not at its edge, where a rate beyond the grid might have been better still.

# %%
DIGIT_RATES = {"SGD": [0.2, 0.4, 0.8, 1.6], "momentum": [0.02, 0.04, 0.08, 0.16, 0.32],
               "Nesterov": [0.02, 0.04, 0.08, 0.16, 0.32], "AdaGrad": [0.05, 0.1, 0.2],
               "RMSProp": [0.0015, 0.003, 0.006], "Adam": [0.005, 0.01, 0.02]}
digit_race = {}
print("seed 0, validation loss after 10 epochs at each candidate rate:")
for name, candidates in DIGIT_RATES.items():
    tried = {rate: train_digits(RACERS[name](rate), 0, 10) for rate in candidates}
    chosen = min(tried, key=lambda rate: tried[rate][0]["validation_loss"][-1])
    others = [train_digits(RACERS[name](chosen), seed, 10) for seed in (1, 2)]
    digit_race[name] = (chosen, [tried[chosen], *others])
    print(f"  {name:<9}" + "  ".join(f"{rate:g}: {history['validation_loss'][-1]:.4f}"
                                     for rate, (history, _) in tried.items()))
print(f"\n{'':<10}{'rate':>7}{'validation loss after 10 epochs, seeds 0 1 2':>47}"
      f"{'test accuracy':>23}")
for name, (rate, runs) in digit_race.items():
    losses = " ".join(f"{history['validation_loss'][-1]:.4f}" for history, _ in runs)
    accuracies = " ".join(f"{test:.1%}" for _, test in runs)
    print(f"{name:<10}{rate:>7g}{losses:>47}{accuracies:>23}")

# %% [markdown]
# Seed 0's validation loss after each epoch, for each optimiser at its chosen rate:

# %%
figure, axes = plt.subplots(figsize=(8, 4))
for name, (rate, runs) in digit_race.items():
    history = runs[0][0]
    axes.plot(history["epoch"], history["validation_loss"], marker="o", markersize=3,
              label=f"{name} (η = {rate:g})")
axes.set(yscale="log", xlabel="epoch", ylabel="validation loss (log scale)",
         title="Six optimisers on the digits, seed 0, each at its chosen rate")
axes.legend(fontsize="small")
plt.show()

# %% [markdown]
# *Figure, in words:* The validation loss of the digits network after each of 10 epochs, seed 0,
# on a log scale, for six optimisers at their chosen rates. Momentum and Adam are lowest after the
# first epoch, Nesterov (at 0.04, a quarter of momentum's rate) and RMSProp highest, above 0.4.
# Adam leads at epochs 2 and 3, AdaGrad from epoch 4 on. Nesterov's curve falls slowly and rises
# only once; every other curve rises at least twice on the way down. At epoch 10 all six lie
# between 0.114 and 0.143.

# %% [markdown]
# No optimiser is lowest on every seed: AdaGrad has the lowest validation loss on seeds 0 and 2
# (0.114 on both), momentum on seed 1 (0.130). Adam and RMSProp are below momentum on some seeds
# and above it on others. The candidates' losses on seed 0 are noisy themselves: momentum's are
# not in the order of its rates (0.08 is worse than both 0.04 and 0.16), and Nesterov, within
# 0.001 of momentum at 0.02 and 0.04, is behind it at the larger rates, so one runs at 0.16 and
# the other at 0.04. The test accuracies all lie between 95.6% and 97.5%, within 7 of the 360
# images, and their order changes from seed to seed; plain SGD's is the lowest on seeds 0 and 1.
# So "Adam wins" is not what these races show: it won Rosenbrock, not the valley or the digits,
# and each optimiser needed its own tuned rate. What Adam offers is the wide range of good rates
# of the sweep above: its rate is a step length, the same for every parameter whatever its
# gradients' scale. That, not a victory on every problem, is a good reason for it to be a common
# default.
#
# ## An explorer: set the hyperparameters, watch the race
# Momentum, Nesterov (the same $\eta$ and $\alpha$) and Adam on Rosenbrock's function, 1000 steps
# from $(-1.5, 2)$; the readout under the picture gives each one's loss after the last step.
# **Try it.** At $\alpha = 0.9$ push momentum's $\eta$ up from 0.001: Nesterov leaves the picture
# first (near $\eta = 0.0012$; its limit is lower), then momentum (near 0.0022). Back at
# $\eta = 0.001$, raise $\alpha$ to 0.99: momentum zig-zags across the floor all the way and ends
# with a loss ten times higher, and Nesterov leaves the picture. Switch off Adam's
# bias correction: its first step is 3.2 times longer, the next few about ten times. Lower
# $\beta_2$ to 0.9: $v$ now averages only the last ten or so squared gradients, and Adam ends
# with a loss of about 0.01 instead of below $10^{-6}$. `optimiser_explorer("valley")` races
# them on lesson 6's valley instead.

# %% tags=["nbval-ignore-output"]
optimiser_explorer("rosenbrock")

# %% [markdown]
# ## Summary
# - Momentum converges for $\eta < 2(1 + \alpha)/\lambda_{\max}$ (lesson 6). **Nesterov** takes the
#   gradient at the look-ahead point $\theta + \alpha v$; libraries hold that point,
#   $\varphi \leftarrow \varphi + \alpha v - \eta g$ after $v \leftarrow \alpha v - \eta g$. It
#   overshoots less (74 steps against 135 on the valley at $\eta = 0.04$, $\alpha = 0.9$, and 4
#   overshoots against 8), and its limit is lower, $2(1 + \alpha)/((1 + 2\alpha)\lambda_{\max})$.
# - **Schedules** change $\eta$ with the step $t$ (from 0): step decay $\eta_0\gamma^{\lfloor t/k
#   \rfloor}$, cosine $\frac12\eta_0(1 + \cos(\pi t/T))$, warm-up $\eta_0 (t + 1)/W$. Decay removes
#   the jitter of noisy gradients at the end (on the noisy valley a final loss about a hundred
#   times below the constant rate's with the cosine, about thirty times with step decay; on the
#   digits a lower validation loss on every seed with either); warm-up showed no steady gain on
#   these two.
# - **AdaGrad** divides each parameter's step by $\sqrt{\sum g^2}$: the first step no longer depends
#   on the curvature or the gradient's scale, but for a steady gradient the step shrinks like
#   $\eta/\sqrt t$ forever. **RMSProp** averages instead,
#   $s \leftarrow \rho s + (1 - \rho)g^2$: steps near $\eta$, but too long at first, since
#   $s_t = (1 - \rho^t)g^2$.
# - **Adam** = an average of gradients $m$ (momentum) over the root of an average of their squares
#   $v$ (RMSProp), each divided by $1 - \beta^t$ because $E[m_t] = (1 - \beta_1^t)E[g]$ and
#   $E[v_t] = (1 - \beta_2^t)E[g^2]$ for stationary gradients, $t$ counted from 1. Without the
#   correction the first steps are too long, not too short: 3.2 to 6.6 times $\eta$ for a
#   constant gradient with the usual $\beta$s.
# - **L2 in Adam** puts $\lambda\theta$ into the gradient, where $\sqrt{\hat v}$ divides it: weights
#   with large gradients barely decay. **AdamW** decays every weight by the fraction $\eta\lambda$ a
#   step, outside the gradient.
# - No optimiser won every race; each needs its own tuned rate, chosen on validation data. Adam's
#   strength is a wide range of good rates (the widest of the six on the valley and on
#   Rosenbrock's function), because its rate is a step length.
#
# ## Questions
# 1. Momentum with $\alpha = 0.9$ on a quadratic whose largest curvature is 50: what is the
#    largest stable rate? And for Nesterov?
#
#    <details><summary>Answer</summary>
#
#    Momentum: $2(1 + 0.9)/50 = 0.076$. Nesterov: $2(1 + 0.9)/((1 + 1.8) \cdot 50) = 3.8/140
#    \approx 0.027$, almost three times lower.
#    </details>
#
# 2. A warm-up of $W = 10$ steps to a peak of 0.01 written as $\eta_t = 0.01\,t/10$, with $t$ from 0:
#    what goes wrong?
#
#    <details><summary>Answer</summary>
#
#    The first step has rate 0: it changes nothing (though Adam's averages $m$ and $v$, and
#    PyTorch's momentum buffer, which stores gradients rather than steps, still take in its
#    gradient), and the peak is reached one step late, at $t = 10$. The schedule is off by one step:
#    $\eta_t = 0.01\,(t + 1)/10$ gives 0.001 at the first step and the peak at the 10th.
#    </details>
#
# 3. Why does AdaGrad suit a convex problem with rare features (say, words in text) better than a
#    long training run of a network?
#
#    <details><summary>Answer</summary>
#
#    A rare feature's weight gets few gradients, so its sum $s$ stays small and its steps stay
#    large when the feature does appear, while frequent features' steps shrink. On a convex problem,
#    shrinking steps are also what convergence needs. A network needs many steps over a changing
#    landscape, and $\eta/\sqrt{t}$ has become tiny long before it is done.
#    </details>
#
# 4. You implement Adam and compute the correction with $\beta_1^{t}$ where your step counter $t$
#    starts at 0. What happens at the first step?
#
#    <details><summary>Answer</summary>
#
#    $1 - \beta_1^0 = 0$ and $1 - \beta_2^0 = 0$: $\hat m = m/0$ and $\hat v = v/0$ are both
#    infinite, their ratio is NaN, and the parameters are NaN after the first step (with NumPy
#    arrays; plain Python floats raise `ZeroDivisionError` instead). The correction
#    needs the number of gradients averaged so far, which is 1 at the first step. (Counting from 0
#    and writing $t + 1$ is the same thing.)
#    </details>
#
# 5. A colleague says "I used Adam with weight_decay=0.01, so it is AdamW". Is it?
#
#    <details><summary>Answer</summary>
#
#    No: `torch.optim.Adam(weight_decay=0.01)` adds $0.01\,\theta$ to the gradient (L2), which
#    Adam then divides by $\sqrt{\hat v}$, so weights with large gradients are barely decayed.
#    AdamW (`torch.optim.AdamW`) multiplies every weight by $1 - \eta\lambda$ each step, outside the
#    gradient. The two train differently.
#    </details>
#
# Now practise in the exercise: [`exercises/11_optimisers.ipynb`](../exercises/11_optimisers.ipynb).
