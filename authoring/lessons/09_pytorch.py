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
# 2. get lesson 5's nine gradients and the digits network's from `loss.backward()`, equal to
#    `nbtools.backprop`'s and lesson 8's engine's to about $10^{-16}$;
# 3. read the graph PyTorch recorded (`grad_fn`) as lesson 8's nodes, and see why `requires_grad`,
#    `no_grad` and `zero_grad` exist;
# 4. compare PyTorch's form of momentum with lesson 6's: the same path at a constant learning rate,
#    another one when the rate changes;
# 5. train lesson 7's digits network in PyTorch from the same initial weights and mini-batches, and
#    get the same network, epoch by epoch.

# %% [markdown]
# ## Setup
# PyTorch is imported as `torch`. The workbook computes in float64, so we ask PyTorch for float64
# too (its default is float32), and we run both libraries on one thread, as lesson 7 did: a network
# this small trains faster that way, and every sum is added in the same order on every run.
# `nbtools.pytorch` holds this lesson's three helpers (loading layers, reading gradients back),
# written the way the lesson writes them.

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
print("PyTorch", torch.__version__)

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
# Weights are changed under `torch.no_grad()`, so that PyTorch does not record the loading as part
# of a computation to differentiate:

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
# `nbtools.pytorch.linear_from(W, b)` does exactly this. With a non-square $W$, forgetting the
# transpose fails loudly (`copy_` refuses a (64, 32) array for a (32, 64) weight). With a square
# one it runs and computes something else. Lesson 5's first layer is 2 by 2:

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
# gives $x W_1^\top + b_1$, another pair, with no error.

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
# Every gradient agrees to the last digit or two of float64: differences of 0 or below
# $10^{-17}$, where the values are about $10^{-2}$ to $10^{-1}$. (Not always exactly 0: PyTorch computes the
# sigmoid's slope and the products in its own order, so the last bit can round differently.)
#
# The same comparison on lesson 7's digits network (64-256-10, ReLU, softmax cross-entropy), from
# its seed-0 initial weights, on all 1,149 training images. PyTorch's
# `nn.functional.cross_entropy` takes the logits and the **integer** labels and applies the
# softmax itself, like the workbook's `softmax_cross_entropy`:

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
# Differences below $10^{-16}$ on gradients of size $10^{-2}$ to $10^{-1}$: a relative agreement of
# about $10^{-15}$, the rounding of float64. (The workbook's benchmark, `python -m benchmarks`,
# makes the same comparison on twelve networks of up to 784-256-128-10.)

# %% [markdown]
# ## What PyTorch recorded: `grad_fn`
# Like lesson 8's `Value`, every tensor PyTorch computes from a tensor that `requires_grad`
# remembers the operation that made it, in `grad_fn`, and that operation's inputs, in
# `grad_fn.next_functions`. Walking them from the loss is walking lesson 8's `_parents`:

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
# | `MseLossBackward0` | `(y_hat - y) ** 2`, then the mean | $2(\hat Y - Y)/n$ |
# | `SigmoidBackward0` | `Value.sigmoid` | times $z(1 - z)$, from the output |
# | `AddmmBackward0` | `Z @ W + b` in one node ("add" + "matrix multiply") | $G W^\top$ for $Z$, $Z^\top G$ for $W$, the row sum for $\mathbf b$ |
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
# gradient of the first `backward()`; a second forward and backward pass adds the same gradient
# again:

# %%
first = model[0].weight.grad.clone()
loss.backward()                          # the loss computed above: a second backward
print("after a second backward: grad / first grad =",
      (model[0].weight.grad / first).unique().tolist())
optimiser = torch.optim.SGD(model.parameters(), lr=0.1)
optimiser.zero_grad()
print("after zero_grad: weight.grad is", model[0].weight.grad)

# %% [markdown]
# Doubled. This is what lets a model sum gradients over several small batches before one step; in
# an ordinary loop it is a bug, and the loop clears the gradients before each backward pass:
# `optimiser.zero_grad()` (which, since PyTorch 2.0, sets them to `None` rather than to zero).
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
# keeps a running sum of *gradients* and multiplies by the learning rate when it steps:
#
# $$\text{workbook: } v \leftarrow \alpha v - \eta g,\;\; \theta \leftarrow \theta + v, \qquad
#   \text{PyTorch: } u \leftarrow \alpha u + g,\;\; \theta \leftarrow \theta - \eta u.$$
#
# With a constant $\eta$, $v = -\eta u$ at every step (both start at 0, and each update multiplies
# the old one by $\alpha$ and adds $-\eta g$ or $g$), so the paths are **equal**. When $\eta$
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
# constant rate, the crosses sit on the dots all the way. On the right, after the rate drops at
# step 11, PyTorch's steps shrink tenfold at once, while the workbook's path runs on with the speed it
# built up, losing it by the factor α = 0.9 a step.

# %% [markdown]
# At a constant rate the two paths are the same to rounding (the largest difference above). After
# the drop, PyTorch's next step is ten times smaller at once; the workbook's keeps the speed it had
# built at 0.04 and loses it only at the rate $\alpha$: the paths are 0.19 apart after step 11, and
# up to 1.3 apart later.
# Neither is wrong; they are two optimisers. A learning-rate schedule tuned for one is not the same
# schedule for the other, and a velocity copied from one to the other must be converted, $u = -v/\eta$.

# %% [markdown]
# ## Lesson 7's digits network, trained in PyTorch
# Lesson 7 trained 64-256-10 (ReLU, softmax cross-entropy) with `Momentum(0.02, 0.9)` on
# mini-batches of 32. Here both sides start from the same initial weights (`init_network` from
# seed 0) and see the same mini-batches in the same order: the workbook's `train`, and a PyTorch
# loop written out, its steps named as lesson 7 named them. Twenty epochs each; after each one, the
# test accuracy.

# %%
epochs, activations = 20, ["relu", "identity"]
rng_numpy = np.random.default_rng(0)
numpy_network = init_network([64, 256, 10], rng_numpy)             # INIT (workbook)
rng_torch = np.random.default_rng(0)
torch_layers = init_network([64, 256, 10], rng_torch)    # INIT (PyTorch): the same
torch_model = workbook_torch.network_from(torch_layers, activations)
torch_optimiser = torch.optim.SGD(torch_model.parameters(), lr=0.02, momentum=0.9)
X_train = torch.from_numpy(data.X_train)
labels_train = torch.from_numpy(data.labels_train)


def torch_epoch():
    order = torch.from_numpy(rng_torch.permutation(len(X_train)))   # the same shuffle
    for start in range(0, len(order), 32):
        batch = order[start:start + 32]
        torch_optimiser.zero_grad()
        loss = torch.nn.functional.cross_entropy(torch_model(X_train[batch]),
                                                 labels_train[batch])   # PREDICT, LOSS
        loss.backward()                                                  # GRADIENT
        torch_optimiser.step()                                           # STEP


numpy_seconds, torch_seconds, rows = 0.0, 0.0, []
numpy_optimiser = Momentum(0.02, 0.9)
for epoch in range(1, epochs + 1):
    started = time.perf_counter()
    train(numpy_network, activations, "softmax_cross_entropy", data.X_train,
          data.Y_train, numpy_optimiser, epochs=1, batch_size=32, rng=rng_numpy)
    numpy_seconds += time.perf_counter() - started
    started = time.perf_counter()
    torch_epoch()
    torch_seconds += time.perf_counter() - started
    with torch.no_grad():
        torch_output = torch_model(torch.from_numpy(data.X_test)).numpy()
    weights_apart = max(np.abs(mine - theirs).max() for pair, pair_torch in
                        zip(numpy_network, workbook_torch.layers_of(torch_model))
                        for mine, theirs in zip(pair, pair_torch))
    numpy_output = forward(data.X_test, numpy_network, activations)
    rows.append((epoch, accuracy(numpy_output, data.Y_test),
                 accuracy(torch_output, data.Y_test), weights_apart))
print(f"{'epoch':>5}{'workbook test acc.':>20}{'PyTorch test acc.':>19}"
      f"{'largest |weight difference|':>29}")
for epoch, numpy_accuracy, torch_accuracy, apart in rows:
    if epoch in (1, 2, 3, 5, 10, 15, 20):
        print(f"{epoch:>5}{numpy_accuracy:>20.1%}{torch_accuracy:>19.1%}{apart:>29.1e}")
print("same test accuracy after every one of the", epochs, "epochs:",
      all(a == b for _, a, b, _ in rows))

# %% [markdown]
# The same accuracy after every epoch, because it is the same network: after twenty epochs, 720
# steps, the weights differ by less than $10^{-15}$, the rounding of float64 compounded over every
# step. (The workbook's `train` keeps its momentum's velocity between calls, which is why one call
# per epoch with the same `Momentum` object is the same as one call for all twenty.)
#
# And the time each took, on this machine (it changes from run to run, so it is not compared when
# the notebook is tested):

# %% tags=["nbval-ignore-output"]
print(f"training time for {epochs} epochs: workbook {numpy_seconds:.2f} s,"
      f" PyTorch {torch_seconds:.2f} s")

# %% [markdown]
# On a network this small the two take the same order of time (the README's benchmark, repeated
# three times on a quiet machine, median, measured 0.16 s for the workbook and 0.25 s for PyTorch over ten
# epochs): each step is a few dozen small operations, and PyTorch spends more on bookkeeping per
# operation (recording the graph, dispatching to its kernels). PyTorch's advantages lie elsewhere: any
# architecture without a derivation, GPUs, and large networks, where its multi-threaded kernels pay
# off. The README's performance section measures both over a range of sizes.

# %% [markdown]
# **Get it right: the same engine, not magic.** `loss.backward()` does what lesson 8's `backward()`
# did: a topological order of the recorded graph, one sweep in reverse, each node's rule adding into
# its inputs' gradients. The differences are conventions, and each one changes numbers when it is
# missed: the weight stored transposed, the loss's reduction (`"mean"` by default, as here), the
# softmax inside `cross_entropy` (give it logits, not probabilities), gradients that accumulate until
# `zero_grad`, and the momentum form.

# %% [markdown]
# ## Installing PyTorch
# The workbook installs PyTorch 2.13.0 with everything else (README command 1). On this project's
# machines `pip install torch==2.13.0` installs the CPU build from a local file; elsewhere, a plain
# `pip install torch` may download a much larger build for NVIDIA GPUs. The CPU build comes from
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
# - `loss.backward()` gives lesson 5's gradients and lesson 8's, to about $10^{-16}$, on the 2-2-1
#   network and on the digits network.
# - `grad_fn` and `next_functions` are lesson 8's graph; `AccumulateGrad` is a leaf's `+=`. Inputs
#   do not `require_grad`; `no_grad` records nothing; `zero_grad` exists because gradients add up.
# - PyTorch's momentum $u \leftarrow \alpha u + g$, $\theta \leftarrow \theta - \eta u$ equals lesson
#   6's $v \leftarrow \alpha v - \eta g$, $\theta \leftarrow \theta + v$ at a constant rate
#   ($v = -\eta u$), not when the rate changes.
# - From the same initial weights and mini-batches, PyTorch trains the same digits network, with the
#   same test accuracy after every epoch.
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
# 2. You forget `optimiser.zero_grad()` in a training loop. What gradient does the $t$-th step use?
#
#    <details><summary>Answer</summary>
#
#    The sum of the gradients of all $t$ mini-batches so far, since each `backward()` adds into
#    `.grad`. The steps grow ever larger and point in an average direction of the whole history.
#    </details>
#
# 3. Why does the input `x` have no `AccumulateGrad` node in the recorded graph?
#
#    <details><summary>Answer</summary>
#
#    It does not require a gradient (tensors made from data have `requires_grad=False`), so PyTorch
#    records no path to it: no one needs $\partial E / \partial x$ to train, and computing it would
#    cost a product per layer. Lesson 5's `pass_back=False` at the first layer is the same saving.
#    </details>
#
# 4. With the workbook's momentum, the velocity after some steps at $\eta = 0.05$ is
#    $v = (0.02, -0.01)$. What is PyTorch's momentum buffer $u$ for the same path?
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
#    softmax(softmax(U)): probabilities between 0 and 1 squashed again, nearly uniform, a loss that
#    can never get near 0 and gradients that are far too small. Give it the logits.
#    </details>
#
#
# Now practise in the exercise: [`exercises/09_pytorch.ipynb`](../exercises/09_pytorch.ipynb).
