# %% [markdown]
# # Lesson 9: The same network in PyTorch
#
# Lessons 2-8 built a network, its loss, its gradient (by deltas, then by an engine that records
# the computation and sweeps it backwards) and its training loop, all in NumPy. PyTorch is that
# engine at scale: tensors that record the operations applied to them, one `backward()` that fills
# in every gradient, optimisers that take the step. This lesson loads the workbook's own weights
# into PyTorch and shows that it computes **the same numbers**, to the last digit or two, naming
# every place where its conventions differ from this workbook's.
#
# **You will:**
# 1. load a workbook layer into `torch.nn.Linear`, which stores its weight transposed, (out, in),
#    and computes $x W^\top + b$;
# 2. get lesson 5's nine gradients and the digits network's from `loss.backward()`, within
#    $10^{-16}$ of `nbtools.backprop`'s and lesson 8's engine's;
# 3. read the graph PyTorch recorded (`grad_fn`) as lesson 8's nodes, and see why `requires_grad`,
#    `no_grad` and `zero_grad` exist;
# 4. compare PyTorch's form of momentum with lesson 6's: the same path at a constant learning rate,
#    another one when the rate changes;
# 5. train lesson 7's digits network in PyTorch from the same initial weights and mini-batches, and
#    get the same network, epoch by epoch.

# %% [markdown]
# ## Setup
# PyTorch is imported as `torch`. The workbook computes in float64, so every tensor of numbers the
# lesson computes with is float64 too (PyTorch's default is float32: see below). Both libraries run
# on one thread, as in lesson 7: the products are small, and with one thread every sum is added in
# the same order on every run, whatever the machine's number of cores. PyTorch's layers draw their
# initial weights from PyTorch's own random generator; every layer that computes anything here is
# then given the workbook's weights, so no result depends on it, but `torch.manual_seed(0)` makes
# every run draw the same ones anyway.
# `nbtools.pytorch` holds this lesson's helpers, written the way the lesson writes them:
# `linear_from` and `network_from` load workbook layers, `layers_of` and `gradients_of` read the
# weights and the gradients back.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from threadpoolctl import threadpool_limits

from nbtools import autograd, backprop
from nbtools import pytorch as workbook_torch
from nbtools.datasets import load_digits_split
from nbtools.layers import forward, init_network
from nbtools.optimisers import Momentum
from nbtools.training import accuracy, train

blas_threads = threadpool_limits(limits=1)
torch.set_num_threads(1)
torch.manual_seed(0)
print("PyTorch", torch.__version__)

# %% [markdown]
# **Get it right: PyTorch's default is float32, not float64.** `torch.tensor` of Python numbers,
# and the parameters of a layer made without `dtype=`, are float32, about 7 significant digits;
# `torch.from_numpy` (and `torch.tensor` of a NumPy array) keeps the array's own dtype, float64
# for the workbook's arrays. This lesson leaves the default alone: it passes
# `dtype=torch.float64` to every layer it makes and builds every other tensor from a float64
# array, or says `dtype=torch.float64`. A float32 layer refuses a float64 input rather than
# converting it:

# %%
print("default dtype:", torch.get_default_dtype(), "  torch.tensor([0.1]):",
      torch.tensor([0.1]).dtype)
print("torch.from_numpy(np.array([0.1])):", torch.from_numpy(np.array([0.1])).dtype,
      "  nn.Linear(2, 2).weight:", torch.nn.Linear(2, 2).weight.dtype)
try:
    torch.nn.Linear(2, 2)(torch.from_numpy(np.array([[0.5, -1.0]])))
except RuntimeError as error:
    print("a float32 layer on a float64 input:", error)

# %% [markdown]
# ## `nn.Linear` stores its weight transposed
# A PyTorch layer from 64 inputs to 32 units:

# %%
layer = torch.nn.Linear(64, 32, dtype=torch.float64)
print("weight", tuple(layer.weight.shape), " bias", tuple(layer.bias.shape))

# %% [markdown]
# Its `weight` has shape **(32, 64)**: one row per *output* unit. This workbook's $W$ has shape
# (64, 32), one row per *input*, so that a batch of rows computes $U = ZW + \mathbf b$ (lesson 2).
# PyTorch computes $U = Z\,W_\text{torch}^\top + \mathbf b$ with $W_\text{torch} = W^\top$: the same
# numbers, stored the other way round. Loading a workbook layer therefore means **transposing**.
# Weights are changed under `torch.no_grad()`: the loading is not part of any computation to
# differentiate, and outside `no_grad` PyTorch refuses to change a parameter in place (shown just
# below):

# %%
rng = np.random.default_rng(0)
W, b = init_network([64, 32], rng)[0]
Z = rng.random((5, 64))
with torch.no_grad():
    layer.weight.copy_(torch.from_numpy(W.T))
    layer.bias.copy_(torch.from_numpy(b))
U_torch = layer(torch.from_numpy(Z))
print("largest |layer(Z) - (Z W + b)|:",
      np.abs(U_torch.detach().numpy() - (Z @ W + b)).max())

# %% [markdown]
# `nbtools.pytorch.linear_from(W, b)` does exactly this. Two mistakes fail loudly: copying
# outside `no_grad`, and, with a non-square $W$, forgetting the transpose (`copy_` refuses a
# (64, 32) tensor for a (32, 64) weight):

# %%
try:
    layer.weight.copy_(torch.from_numpy(W.T))      # the right shape, outside no_grad
except RuntimeError as error:
    print("outside no_grad:", error)
try:
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(W))         # W of shape (64, 32), not W.T
except RuntimeError as error:
    print("W, not W.T:", error)

# %% [markdown]
# With a square $W$, forgetting the transpose runs and computes something else. Lesson 5's first
# layer is 2 by 2:

# %%
W1 = np.array([[0.4, -0.3], [0.2, 0.6]])
b1 = np.array([0.1, -0.1])
x = np.array([[0.5, -1.0]])
right = workbook_torch.linear_from(W1, b1)
forgot = torch.nn.Linear(2, 2, dtype=torch.float64)
with torch.no_grad():
    forgot.weight.copy_(torch.from_numpy(W1))        # no transpose: runs, silently
    forgot.bias.copy_(torch.from_numpy(b1))
print("x W1 + b1 (lesson 5):  ", (x @ W1 + b1).round(6))
print("W1.T loaded (right):   ", right(torch.from_numpy(x)).detach().numpy().round(6))
print("W1 loaded (forgot W^T):", forgot(torch.from_numpy(x)).detach().numpy().round(6))

# %% [markdown]
# The right load gives lesson 5's weighted sums $u_1 = 0.1$, $u_2 = -0.85$; the forgotten transpose
# gives $x W_1^\top + b_1 = (0.6, -0.6)$, another pair, with no error.

# %% [markdown]
# ## Lesson 5's gradients from `loss.backward()`
# Lesson 5's 2-2-1 network in PyTorch: two `Linear` layers, each followed by `nn.Sigmoid`. The
# workbook's MSE is the mean of the squared errors over every entry, which is PyTorch's
# `nn.functional.mse_loss` with its default `reduction="mean"`. One call of `backward()` fills in
# the `.grad` of every parameter:

# %%
layers_221 = [(W1, b1), (np.array([[0.7], [-0.5]]), np.array([0.2]))]
model = workbook_torch.network_from(layers_221, ["sigmoid", "sigmoid"])
print(model)
y = torch.tensor([[1.0]], dtype=torch.float64)
loss = torch.nn.functional.mse_loss(model(torch.from_numpy(x)), y)
loss.backward()
print(f"loss {loss.item():.6f}")

# %% [markdown]
# The same nine gradients from three places: PyTorch's `.grad` (transposed back to the workbook's
# shapes by `gradients_of`), lesson 5's deltas (`nbtools.backprop`) and lesson 8's scalar engine
# (`nbtools.autograd.value_gradients`):

# %%
by_torch = workbook_torch.gradients_of(model)
_, by_deltas, _ = backprop.loss_and_gradients(x, np.array([[1.0]]), layers_221,
                                              ["sigmoid", "sigmoid"], "mse")
_, by_engine = autograd.value_gradients(x[0], np.array([1.0]), layers_221,
                                        ["sigmoid", "sigmoid"])


def flat(gradients):
    return np.concatenate([g.ravel() for pair in gradients for g in pair])


names = ["w_11", "w_12", "w_21", "w_22", "b_1", "b_2", "w_1k", "w_2k", "b_k"]
print(f"{'':<6}{'PyTorch':>14}{'deltas (L5)':>14}{'engine (L8)':>14}"
      f"{'PyTorch - deltas':>18}{'PyTorch - engine':>18}")
for name, t, d, e in zip(names, flat(by_torch), flat(by_deltas), flat(by_engine)):
    print(f"{name:<6}{t:>14.9f}{d:>14.9f}{e:>14.9f}{t - d:>18.1e}{t - e:>18.1e}")

# %% [markdown]
# Every gradient agrees to within the last bit of float64: the differences are 0 or below
# $10^{-17}$, on values of about $10^{-2}$ to $10^{-1}$, and none is more than one unit in the last
# place of its gradient. (Not always exactly 0: PyTorch computes the sigmoid's slope and the products in its own
# order, so the last bit can round differently.)
#
# The same comparison on lesson 7's digits network (64-256-10, ReLU, softmax cross-entropy), from
# its seed-0 initial weights, on all 1,149 training images. PyTorch's
# `nn.functional.cross_entropy` takes the **logits** and, here, the integer labels (it also takes
# one-hot rows, as floats), applies the (log-)softmax itself and averages over the batch, like the
# workbook's `softmax_cross_entropy`:

# %%
data = load_digits_split(seed=0)
digits_layers = init_network([64, 256, 10], np.random.default_rng(0))
digits_model = workbook_torch.network_from(digits_layers, ["relu", "identity"])
logits = digits_model(torch.from_numpy(data.X_train))
labels = torch.from_numpy(data.labels_train)
torch.nn.functional.cross_entropy(logits, labels).backward()
digits_problem = (data.X_train, data.Y_train, digits_layers, ["relu", "identity"],
                  "softmax_cross_entropy")
_, digits_deltas, _ = backprop.loss_and_gradients(*digits_problem)
_, digits_engine = autograd.tensor_gradients(*digits_problem)
print(f"{'':<5}{'shape':<11}{'largest |gradient|':>19}{'|PyTorch - deltas|':>20}"
      f"{'|PyTorch - engine|':>20}")
by_torch_digits = workbook_torch.gradients_of(digits_model)
for name, t, d, e in zip(["dW1", "db1", "dW2", "db2"],
                         [g for pair in by_torch_digits for g in pair],
                         [g for pair in digits_deltas for g in pair],
                         [g for pair in digits_engine for g in pair]):
    print(f"{name:<5}{str(t.shape):<11}{np.abs(d).max():>19.2e}"
          f"{np.abs(t - d).max():>20.1e}{np.abs(t - e).max():>20.1e}")

# %% [markdown]
# Differences below $10^{-16}$ on gradients whose largest entries are $1.9\cdot10^{-2}$ to
# $9.5\cdot10^{-2}$: at most $2\cdot10^{-15}$ of the largest entry, where float64 rounds each
# operation's result by at most $1.1\cdot10^{-16}$ of its size. That is rounding, accumulated over sums of 1,149 images added
# in different orders. (The workbook's benchmark, `python -m benchmarks`, makes the same comparison
# on twelve configurations, 64-32-10 and 784-256-128-10 with three activations and two losses: the
# README reports a worst relative error of $1.2\cdot10^{-15}$.)

# %% [markdown]
# ## What PyTorch recorded: `grad_fn`
# Like lesson 8's `Value`, every tensor PyTorch computes from a tensor that `requires_grad`
# (outside `no_grad`) remembers the node that made it, in `grad_fn`: the operation's backward
# rule. The node links to the nodes of that operation's inputs in `grad_fn.next_functions`, and a
# parameter's node is an `AccumulateGrad` holding the parameter. Walking them from the loss is
# walking lesson 8's `_parents`:

# %%
parameter_names = {id(p): name for name, p in model.named_parameters()}


def show_graph(function, depth=0):
    """Print the operations PyTorch recorded, from the loss back to the parameters."""
    name = type(function).__name__
    if name == "AccumulateGrad":
        name += f"  -> {parameter_names[id(function.variable)]}.grad"
    print("    " * depth + name)
    for parent, _ in function.next_functions:
        if parent is not None:
            show_graph(parent, depth + 1)


loss = torch.nn.functional.mse_loss(model(torch.from_numpy(x)), y)
show_graph(loss.grad_fn)

# %% [markdown]
# Read from the bottom up, it is the forward pass; from the top down, the backward sweep. Each name
# is a node with its rule, as in lesson 8:
#
# | PyTorch's node | lesson 8 | its rule |
# |---|---|---|
# | `MseLossBackward0` | `(y_hat - y) ** 2`, then the mean | $2(\hat Y - Y)/n$, $n$ entries |
# | `SigmoidBackward0` | `Value.sigmoid` | times $z(1 - z)$, from the output |
# | `AddmmBackward0` | `Z @ W + b` in one node ("add" + "matrix multiply") | $G W^\top$ for $Z$, $Z^\top G$ for $W$, the sum of $G$'s rows for $\mathbf b$ |
# | `TBackward0` | the transpose of `weight` ($x\,W_\text{torch}^\top$) | transposes the gradient back |
# | `AccumulateGrad` | a leaf: `grad += ...` | **adds** into the parameter's `.grad` |
#
# The input `x` does not appear: it does not require a gradient (`x.requires_grad` is False), so
# PyTorch records no path to it. Parameters require one by default:

# %%
x_tensor = torch.from_numpy(x)
print("x.requires_grad:", x_tensor.requires_grad, "  weight.requires_grad:",
      model[0].weight.requires_grad)
print("loss.requires_grad:", loss.requires_grad,
      "  loss.grad_fn:", type(loss.grad_fn).__name__)

# %% [markdown]
# ## Gradients accumulate: why `zero_grad` exists
# `AccumulateGrad` adds, as lesson 8's leaves did with `+=`. The `.grad` above still holds the
# gradient of the first `backward()`. The loss recomputed for the graph above (a second forward
# pass), sent backwards, adds the same gradient again:

# %%
first = model[0].weight.grad.clone()
loss.backward()                          # the loss computed above: a second backward
print("after a second backward: grad / first grad =",
      (model[0].weight.grad / first).unique().tolist())
optimiser = torch.optim.SGD(model.parameters(), lr=0.1)
optimiser.zero_grad()
print("after zero_grad: weight.grad is", model[0].weight.grad)

# %% [markdown]
# Doubled. This is what lets a loop sum the gradients of several small batches before one step; in
# an ordinary loop it is a bug, and the loop clears the gradients before each backward pass:
# `optimiser.zero_grad()` (which, by default since PyTorch 2.0, sets them to `None` rather than to
# zeros; the next `backward()` then stores its gradient afresh).
#
# **`no_grad`.** When no gradient will be needed (evaluating on the test set, or changing weights
# by hand as above), `torch.no_grad()` stops the recording: nothing is remembered, which saves the
# memory that lesson 8 said reverse mode needs.

# %%
with torch.no_grad():
    evaluation = model(x_tensor)
print("under no_grad: requires_grad", evaluation.requires_grad,
      " grad_fn", evaluation.grad_fn)

# %% [markdown]
# ## Momentum, two conventions
# Lesson 6's momentum keeps the *step* in the velocity; PyTorch's `torch.optim.SGD(momentum=...)`
# (with its defaults `dampening=0`, `nesterov=False`) keeps a running sum of *gradients*, each
# older one weighted by one more factor $\alpha$, and multiplies it by the learning rate when it
# steps:
#
# $$\text{workbook: } v \leftarrow \alpha v - \eta g,\;\; \theta \leftarrow \theta + v, \qquad
#   \text{PyTorch: } u \leftarrow \alpha u + g,\;\; \theta \leftarrow \theta - \eta u.$$
#
# With a constant $\eta$, $v = -\eta u$ at every step, so the paths are **equal**: both start at 0
# (PyTorch creates its buffer at the first step as $g$ itself, which is $\alpha\cdot 0 + g$), and
# each update multiplies the old one by $\alpha$ and adds $-\eta g$ or $g$. When $\eta$
# changes they part: the workbook's velocity keeps the steps it took at the old rate, while PyTorch
# multiplies its whole running sum by the new rate at once. Both on a narrow valley
# $E = \frac12(\theta_1^2 + 20\,\theta_2^2)$, with $\alpha = 0.9$:

# %%
curvatures = np.array([1.0, 20.0])
start = np.array([-2.0, 0.5])


def workbook_path(rates, alpha=0.9):
    theta, optimiser = start.copy(), Momentum(rates[0], alpha)
    path = [theta.copy()]
    for rate in rates:
        optimiser.learning_rate = rate
        optimiser.step([theta], [curvatures * theta])
        path.append(theta.copy())
    return np.array(path)


def pytorch_path(rates, alpha=0.9):
    theta = torch.tensor(start, requires_grad=True)
    optimiser = torch.optim.SGD([theta], lr=rates[0], momentum=alpha)
    path = [theta.detach().numpy().copy()]
    for rate in rates:
        optimiser.param_groups[0]["lr"] = rate
        optimiser.zero_grad()
        (0.5 * (torch.from_numpy(curvatures) * theta ** 2).sum()).backward()
        optimiser.step()
        path.append(theta.detach().numpy().copy())
    return np.array(path)


constant = [0.04] * 30
schedule = [0.04] * 10 + [0.004] * 20          # the rate drops tenfold after 10 steps
for label, rates in [("constant rate 0.04", constant), ("0.04, then 0.004", schedule)]:
    difference = np.abs(workbook_path(rates) - pytorch_path(rates)).max(axis=1)
    print(f"{label:<20} largest |workbook - PyTorch| over the path:"
          f" {difference.max():.1e} (after step 11: {difference[11]:.1e})")

# %% [markdown]
# (The difference is the larger of the two coordinates' at each point of the path.) The two
# paths on the valley's plane:

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), sharey=True)
for ax, (label, rates) in zip(axes, [("constant rate 0.04", constant),
                                     ("rate 0.04, then 0.004 from step 11", schedule)]):
    ax.plot(*workbook_path(rates).T, "o-", markersize=3,
            label="workbook: v ← αv − ηg, θ ← θ + v")
    ax.plot(*pytorch_path(rates).T, "x--", markersize=4,
            label="PyTorch: u ← αu + g, θ ← θ − ηu")
    ax.set(title=label, xlabel="θ₁")
axes[0].set_ylabel("θ₂")
axes[0].legend(fontsize="small", loc="lower right")
plt.show()

# %% [markdown]
# *Figure, in words:* two panels of the valley's plane, θ₁ across, θ₂ up, each with the workbook's
# path (dots) and PyTorch's (crosses) from (-2, 0.5) towards the minimum at (0, 0). On the left, at a
# constant rate, the crosses sit on the dots all the way. On the right, the paths are one until the
# rate drops at step 11; then PyTorch's steps become short at once, while the workbook's path runs
# on with the speed it built up and coasts far past the minimum along θ₁ (the lengths and end
# points are printed below).

# %% [markdown]
# At a constant rate the two paths are the same to rounding (below $10^{-15}$ above). After the
# drop they part: 0.19 apart after step 11, and up to 1.3 apart later. The lengths of the steps
# around the drop, and where each path is after its 30 steps:

# %%
for name, path_of in [("workbook", workbook_path), ("PyTorch", pytorch_path)]:
    path = path_of(schedule)
    lengths = np.linalg.norm(np.diff(path, axis=0), axis=1)
    print(f"{name:<9} lengths of steps 10-14: {lengths[9:14].round(3)}")
    ratios = lengths[10:14] / lengths[9:13]
    print(f"{'':<9} each over the one before: {ratios.round(2)},"
          f" after step 30 at {path[-1].round(2)}")

# %% [markdown]
# PyTorch's step 11 is 0.14 of step 10, about a seventh rather than a tenth: it is the new rate
# times $\alpha u + g$, not times the old $u$. Its next steps lengthen a little as new gradients
# add into $u$ (by 1.45, 1.24, 1.11), still shorter than the workbook's. The workbook's steps
# shrink by about $\alpha = 0.9$ a step (0.91, 0.92, 0.91, 0.90), because the new rate's term
# $-0.004\,g$ is small next to the velocity built at 0.04; after step 30 that velocity has carried
# the workbook's path to $\theta_1 = 1.56$, and PyTorch's is at 0.31.
# Neither is wrong; they are two optimisers. A learning-rate schedule tuned for one is not the same
# schedule for the other, and a velocity copied from one to the other must be converted,
# $u = -v/\eta$ with $\eta$ the rate of the steps to come (then the next steps are the same).

# %% [markdown]
# ## Lesson 7's digits network, trained in PyTorch
# Lesson 7 trained 64-256-10 (ReLU, softmax cross-entropy) with `Momentum(0.02, 0.9)` on
# mini-batches of 32. Here both sides start from the same initial weights (`init_network`) and see
# the same mini-batches in the same order (each side has its own generator, both seeded alike, and
# draws one `permutation` per epoch, as `nbtools.optimisers.minibatches` does). First PyTorch's
# epoch, written out, its steps named as lesson 7 named them:

# %%
activations = ["relu", "identity"]
X_train = torch.from_numpy(data.X_train)
labels_train = torch.from_numpy(data.labels_train)


def torch_epoch(torch_model, torch_optimiser, rng, batch_size=32):
    order = torch.from_numpy(rng.permutation(len(X_train)))   # the workbook's shuffle
    for first in range(0, len(order), batch_size):
        batch = order[first:first + batch_size]
        torch_optimiser.zero_grad()
        loss = torch.nn.functional.cross_entropy(torch_model(X_train[batch]),
                                                 labels_train[batch])   # PREDICT, LOSS
        loss.backward()                                                  # GRADIENT
        torch_optimiser.step()                                           # STEP


# %% [markdown]
# Then both sides, epoch by epoch from one seed: the workbook's `train` for one epoch, PyTorch's
# epoch, and after each, both networks' test accuracy and the largest difference between any of
# their weights or biases. Only the training is timed. (The momentum's velocity lives in the
# `Momentum` object, and the shuffles come from `rng_numpy`, so one call of `train` per epoch takes
# the same steps as one call for all the epochs.)

# %%
def train_both(seed, epochs=20):
    rng_numpy, rng_torch = np.random.default_rng(seed), np.random.default_rng(seed)
    numpy_network = init_network([64, 256, 10], rng_numpy)          # INIT (workbook)
    torch_model = workbook_torch.network_from(init_network([64, 256, 10], rng_torch),
                                              activations)          # INIT: the same
    numpy_optimiser = Momentum(0.02, 0.9)
    torch_optimiser = torch.optim.SGD(torch_model.parameters(), lr=0.02, momentum=0.9)
    rows, seconds = [], {"workbook": 0.0, "PyTorch": 0.0}
    for epoch in range(1, epochs + 1):
        started = time.perf_counter()
        train(numpy_network, activations, "softmax_cross_entropy", data.X_train,
              data.Y_train, numpy_optimiser, epochs=1, batch_size=32, rng=rng_numpy)
        seconds["workbook"] += time.perf_counter() - started
        started = time.perf_counter()
        torch_epoch(torch_model, torch_optimiser, rng_torch)
        seconds["PyTorch"] += time.perf_counter() - started
        with torch.no_grad():
            torch_output = torch_model(torch.from_numpy(data.X_test)).numpy()
        numpy_output = forward(data.X_test, numpy_network, activations)
        apart = max(np.abs(mine - theirs).max() for pair, pair_torch in
                    zip(numpy_network, workbook_torch.layers_of(torch_model))
                    for mine, theirs in zip(pair, pair_torch))
        rows.append((epoch, accuracy(numpy_output, data.Y_test),
                     accuracy(torch_output, data.Y_test), apart))
    return rows, seconds


# %% [markdown]
# From seed 0, lesson 7's initial weights, for twenty epochs:

# %%
epochs = 20
rows, training_seconds = train_both(seed=0, epochs=epochs)
print(f"{'epoch':>5}{'workbook test acc.':>20}{'PyTorch test acc.':>19}"
      f"{'largest |weight difference|':>29}")
for epoch, numpy_accuracy, torch_accuracy, apart in rows:
    if epoch in (1, 2, 3, 5, 10, 15, 20):
        print(f"{epoch:>5}{numpy_accuracy:>20.1%}{torch_accuracy:>19.1%}{apart:>29.1e}")
print("same test accuracy after every one of the", epochs, "epochs:",
      all(a == b for _, a, b, _ in rows))
print(f"largest weight difference after any epoch: {max(row[3] for row in rows):.1e}")

# %% [markdown]
# The same accuracy after every epoch, because it is the same network: after twenty epochs, 720
# steps (36 mini-batches an epoch, the last of 29 images), the weights and biases differ by less
# than $10^{-15}$, float64's rounding, compounded over the steps. One seed could be luck; the
# same from seeds 1 and 2 (other initial weights, other shuffles):

# %%
for seed in (1, 2):
    seed_rows, _ = train_both(seed, epochs)
    print(f"seed {seed}: same test accuracy after all {epochs} epochs:",
          all(a == b for _, a, b, _ in seed_rows),
          f" final accuracy {seed_rows[-1][1]:.1%},"
          f" largest weight difference {max(row[3] for row in seed_rows):.1e}")

# %% [markdown]
# And the time each took from seed 0, on this machine (it changes from run to run, so it is not
# compared when the notebook is tested; the workbook's time includes the training loss that
# `train` records after each epoch):

# %% tags=["nbval-ignore-output"]
print(f"training time for {epochs} epochs:"
      f" workbook {training_seconds['workbook']:.2f} s,"
      f" PyTorch {training_seconds['PyTorch']:.2f} s")

# %% [markdown]
# On a network this small the two take the same order of time. The README's benchmark (the median
# of three runs on a quiet machine, training only) measured 0.16 s for the workbook and 0.25 s for
# PyTorch to reach 97% test accuracy, after ten epochs. A step of a network this small is a few
# dozen small operations (some thirty NumPy calls in the README's profile of 64-32-10), and PyTorch
# spends more per operation on bookkeeping (recording the graph, dispatching to its kernels). PyTorch's advantages lie elsewhere: any architecture without
# deriving its backward pass, GPUs, and large products. In the README's table of single training
# steps, PyTorch takes less time than the workbook only in its largest case, 784-256-128-10 in
# float64 with batches of 256.

# %% [markdown]
# **Get it right: the same engine, not magic.** `loss.backward()` does what lesson 8's `backward()`
# did: it visits the recorded graph from the loss in an order where each node comes after every
# node that uses its result (lesson 8 sorted the graph first; PyTorch counts each node's uses
# instead), one sweep, each node's rule adding into its inputs' gradients. The differences are
# conventions, and each one changes numbers when it is missed: the weight stored transposed, the
# default float32, the loss's reduction (`"mean"` by default, as here), the softmax inside
# `cross_entropy` (give it logits, not probabilities), gradients that accumulate until
# `zero_grad`, and the momentum form.

# %% [markdown]
# ## Installing PyTorch
# The workbook installs PyTorch 2.13.0 with everything else (README command 1). On this project's
# machines `pip install torch==2.13.0` installs the CPU build from a local file; elsewhere on
# Linux, a plain `pip install torch` may download a much larger build for NVIDIA GPUs (macOS and
# Windows wheels on PyPI are CPU builds already). The CPU build comes from
# PyTorch's own index:
#
# ```bash
# .venv/bin/pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
# ```
#
# Run it before `pip install -e .`, which then finds PyTorch already installed.

# %% [markdown]
# ## Summary
# - `nn.Linear(n_in, n_out)` stores `weight` as (n_out, n_in) and computes $x W^\top + b$; load a
#   workbook layer with `weight = W.T` (under `no_grad`), read a gradient back with `weight.grad.T`.
#   A square $W$ loaded without the transpose runs and is wrong.
# - PyTorch's default dtype is float32; the workbook's numbers need float64 throughout
#   (`dtype=torch.float64` for layers, `torch.from_numpy` of float64 arrays).
# - `loss.backward()` gives lesson 5's gradients and lesson 8's, within $10^{-16}$, on the 2-2-1
#   network and on the digits network.
# - `grad_fn` and `next_functions` are lesson 8's graph; `AccumulateGrad` is a leaf's `+=`. Tensors
#   made from data have `requires_grad=False`, so no path is recorded to them; `no_grad` records
#   nothing; `zero_grad` exists because gradients add up.
# - PyTorch's momentum $u \leftarrow \alpha u + g$, $\theta \leftarrow \theta - \eta u$ equals lesson
#   6's $v \leftarrow \alpha v - \eta g$, $\theta \leftarrow \theta + v$ at a constant rate
#   ($v = -\eta u$), not when the rate changes.
# - From the same initial weights and mini-batches, PyTorch trains the same digits network, with the
#   same test accuracy after every epoch, from each of three seeds.
#
# ## Questions
# 1. A workbook layer has $W$ of shape (10, 10). You copy it into `nn.Linear(10, 10).weight` without
#    transposing. Does anything fail? What does the layer compute?
#
#    <details><summary>Answer</summary>
#
#    Nothing fails: the shapes match. The layer computes $x W^\top + b$ instead of $x W + b$: each
#    output unit $k$ gets the weights of row $k$ of $W$, the weights that *leave* input $k$, instead
#    of column $k$, those that *enter* unit $k$.
#    </details>
#
# 2. You forget `optimiser.zero_grad()` in a training loop with plain SGD (no momentum). What does
#    the $t$-th step use, and what does the loop become?
#
#    <details><summary>Answer</summary>
#
#    The sum of the gradients of all $t$ mini-batches so far, each taken at the weights of its own
#    step, since each `backward()` adds into `.grad`: the $t$-th step is
#    $-\eta(g_1 + \dots + g_t)$. That is lesson 6's momentum with $\alpha = 1$: past gradients never
#    fade. On a quadratic such as the valley above it never settles: it oscillates about the minimum
#    without damping, or diverges when the rate is too large.
#    </details>
#
# 3. Why does the input `x` have no `AccumulateGrad` node in the recorded graph?
#
#    <details><summary>Answer</summary>
#
#    It does not require a gradient (tensors made from data have `requires_grad=False`), so PyTorch
#    records no path to it: no one needs $\partial E / \partial x$ to train, and computing it would
#    cost one more matrix product at the first layer, $G W_1^\top$, as large as that layer's forward
#    product. Lesson 5's `pass_back=False` at the first layer is the same saving.
#    </details>
#
# 4. With the workbook's momentum, the velocity after some steps, all at $\eta = 0.05$, is
#    $v = (0.02, -0.01)$. What is PyTorch's momentum buffer $u$ after the same steps?
#
#    <details><summary>Answer</summary>
#
#    $u = -v/\eta = (-0.4, 0.2)$: at a constant rate $v = -\eta u$ at every step.
#    </details>
#
# 5. You apply `torch.softmax` to the logits and pass the probabilities to
#    `nn.functional.cross_entropy`. What goes wrong?
#
#    <details><summary>Answer</summary>
#
#    `cross_entropy` applies the softmax itself, so the loss becomes the cross-entropy of
#    softmax(softmax(U)). Probabilities lie between 0 and 1, so the second softmax's outputs
#    differ by a factor of at most $e$: with ten classes the true class gets at most
#    $e/(e + 9) \approx 0.23$, and the loss can never go below $\ln(e + 9) - 1 \approx 1.46$,
#    even for a perfect prediction. It no longer measures how good the prediction is. Give it the
#    logits.
#    </details>
#
#
# Now practise in the exercise: [`exercises/09_pytorch.ipynb`](../exercises/09_pytorch.ipynb).
