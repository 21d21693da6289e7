# %% [markdown]
# # Lesson 12: Generalisation and regularisation
#
# Lesson 7's digits network got 99.8% of its 1,149 training images right at its best epoch, and 97.2%
# of the validation images: it does better on the images it was fitted to than on new ones. That
# difference, the *generalisation gap*, is what this lesson is about. Give the network fewer images
# and the gap grows: it fits its training set perfectly and does much worse on new images. It
# *overfits*. The first remedy is more data. When there is no more, *regularisation*: changes to
# training meant to lower the error on new data rather than on the training set. Two standard ones
# are built here, L2 weight decay and dropout. Each of them has settings, and choosing settings is a
# decision: the last section makes it on the validation set and leaves the test set for one final
# report.
#
# **You will:**
# 1. train lesson 7's network on 100 images and watch its training and validation curves part;
# 2. measure the generalisation gap where early stopping keeps the parameters;
# 3. train the same networks on 50 to 1,149 images: capacity against data;
# 4. derive the L2 penalty's gradient term in SymPy, check it by finite differences, watch the decay
#    factor $1 - \eta\lambda$ at work, and see what it does to the weights;
# 5. build inverted dropout, derive its mean and variance, check its gradient with a fixed mask,
#    and see the network at evaluation as an ensemble of sub-networks;
# 6. choose the learning rate, the weight decay and the width on the validation set, then report
#    once on the test set.

# %% [markdown]
# ## Setup
# NumPy, SymPy and matplotlib on one BLAS thread, as in lessons 7 and 10 (every sum is then added in
# the same order on every run). From `nbtools`: lesson 7's data, network and training loop (`train`
# takes a `gradient` function: backprop's by default), lesson 5's gradient check, and this lesson's
# building blocks, `nbtools.regularisation`, which the lesson writes out again and compares with.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from threadpoolctl import threadpool_limits

from nbtools import regularisation
from nbtools.datasets import load_digits_split
from nbtools.gradient_check import check_gradients
from nbtools.layers import forward, init_network
from nbtools.losses import softmax, softmax_cross_entropy
from nbtools.optimisers import SGD, Momentum
from nbtools.regularisation import regularised, regularised_loss_and_gradients
from nbtools.training import accuracy, train

blas_threads = threadpool_limits(limits=1)
sp.init_printing(use_latex="mathjax")

# %% [markdown]
# ## Overfitting, made visible
# Lesson 7 trained on 1,149 images. Here the network gets 100 of them: `training_subset` draws them
# at random from lesson 7's training set, stratified, so each digit has 10. The validation and test
# sets stay lesson 7's. (A project with only 100 labelled images could not spare 288 for validation;
# here the large validation set keeps the curves clear.)

# %%
data = load_digits_split(seed=0)
small = regularisation.training_subset(data, 100, seed=0)
print("training images:", len(small.X_train), " of each digit:",
      np.bincount(small.labels_train))
print("validation images:", len(small.X_validation), " test images:",
      len(small.X_test))

# %% [markdown]
# Lesson 7's recipe: 64-256-10 with ReLU, Momentum(0.02, 0.9), mini-batches of 32 (four iterations
# an epoch now), and 300 epochs **without** early stopping, to see what happens after the best epoch.
# `run` trains a new network for any training set, width (0: no hidden layer), seed and
# regularisation (the regularisers come later; `regularised()` with its defaults is plain
# backprop). Three seeds, each its own start and mini-batches; the columns: the first epoch with
# 100% training accuracy, the *best epoch* (that of the lowest validation loss), and the training
# loss, the validation loss and the validation accuracy at the best epoch and at epoch 300.

# %%
ACTIVATIONS = ["relu", "identity"]
LOSS = "softmax_cross_entropy"


def run(split, width, seed, learning_rate=0.02, weight_decay=0.0,
        keep_probability=1.0, epochs=300, patience=None, optimiser=None):
    """Train a new 64-width-10 ReLU network on ``split``'s training images; return
    (history, network). ``patience`` None: no early stopping, all the epochs."""
    rng = np.random.default_rng(seed)
    sizes = [64, 10] if width == 0 else [64, width, 10]
    network = init_network(sizes, rng)
    gradient = regularised(weight_decay, keep_probability,
                           np.random.default_rng(seed + 1000))     # masks' own rng
    history = train(network, ACTIVATIONS[-len(network):], LOSS, split.X_train,
                    split.Y_train, optimiser or Momentum(learning_rate, 0.9),
                    epochs=epochs, batch_size=32, rng=rng,
                    validation=(split.X_validation, split.Y_validation),
                    patience=patience, gradient=gradient)
    return history, network


plain = {seed: run(small, 256, seed) for seed in range(3)}
print(f"{'':<5}{'first':>11}{'best':>6}{'training loss':>17}{'validation loss':>18}"
      f"{'validation acc':>17}")
print(f"{'seed':<5}{'100% train':>11}{'epoch':>6}" + f"{'best':>9}{'at 300':>8}" * 3)
for seed, (history, _) in plain.items():
    best = int(np.argmin(history["validation_loss"]))
    perfect = history["train_accuracy"].index(1.0) + 1
    print(f"{seed:<5}{perfect:>11}{best + 1:>6}"
          f"{history['train_loss'][best]:>9.4f}{history['train_loss'][-1]:>8.4f}"
          f"{history['validation_loss'][best]:>9.3f}"
          f"{history['validation_loss'][-1]:>8.3f}"
          f"{history['validation_accuracy'][best]:>9.1%}"
          f"{history['validation_accuracy'][-1]:>8.1%}")

# %% [markdown]
# Two questions the table cannot answer, since they are about every epoch: does the training accuracy
# stay at 100% once it gets there, and how high does the validation accuracy ever get? For each seed,
# the epochs after the first 100% in which some training image is missed, and the highest validation
# accuracy of all 300 epochs:

# %%
for seed, (history, _) in plain.items():
    train_accuracy = np.array(history["train_accuracy"])
    first = int(np.argmax(train_accuracy == 1.0))
    missed = np.flatnonzero(train_accuracy[first:] < 1.0) + first + 1
    most_missed = round(100 * (1 - train_accuracy[first:].min()))
    top = int(np.argmax(history["validation_accuracy"]))
    print(f"seed {seed}: 100% at epoch {first + 1}; then {len(missed)} epochs"
          f" missing at most {most_missed} image, the last epoch {missed.max()};"
          f" best validation accuracy {history['validation_accuracy'][top]:.1%}"
          f" (epoch {top + 1})")

# %% [markdown]
# The curves of seed 0, with the epoch of the lowest validation loss dotted:

# %%
def plot_curves(history, title):
    """Loss (log scale) and accuracy against the epoch, training and validation."""
    best = int(np.argmin(history["validation_loss"])) + 1
    fig, (loss_ax, accuracy_ax) = plt.subplots(1, 2, figsize=(9, 3.2),
                                               layout="constrained")
    for part, style in [("train", "-"), ("validation", "--")]:
        loss_ax.plot(history["epoch"], history[f"{part}_loss"], style, label=part)
        accuracy_ax.plot(history["epoch"],
                         100 * np.array(history[f"{part}_accuracy"]), style,
                         label=part)
    for ax in (loss_ax, accuracy_ax):
        ax.axvline(best, color="grey", linestyle=":", label=f"best epoch ({best})")
        ax.set_xlabel("epoch")
        ax.legend(fontsize="small")
    loss_ax.set(yscale="log", ylabel="cross-entropy loss (log scale)")
    accuracy_ax.set(ylabel="accuracy (%)", ylim=(50, 101))
    fig.suptitle(title)
    return fig


figure = plot_curves(plain[0][0], "64-256-10 on 100 training images (seed 0)")
plt.show()

# %% [markdown]
# *Figure, in words:* two panels against the epoch, 1 to 300, training solid and
# validation dashed, the best epoch (92) dotted. Left, the loss on a log scale: the two fall together
# for the first few epochs, then part; the training loss keeps falling, almost in a straight line,
# to about 0.005, while the validation loss flattens near 0.3 and stays there, drifting slightly
# up after the best epoch. Right, the accuracy: the training accuracy reaches 100% at epoch 23,
# drops to 99% in the next few epochs and stays at 100% from epoch 29; the validation accuracy
# flattens a little above 90%.

# %% [markdown]
# The curves part, on every seed. By epoch 22-27 the network gets all 100 training images right
# (after that it misses one of them in at most six epochs, and none after epoch 32). The validation
# loss is lowest at epochs 92 to 127 (0.258 to 0.278). After the best epoch the training loss keeps
# falling, from 0.015-0.022 to 0.005 at epoch 300, while the validation loss creeps back up, to
# 0.279-0.304; the validation accuracy is never above 92.7%, on any seed, at any epoch. What the
# network learns after its best epoch is the particulars of its 100 images, which do not carry over
# to new ones.
#
# **Get it right: 100% training accuracy means little.** The network has 19,210 parameters for 100
# images; getting every one of them right shows that it can fit them, not that it has learned to read
# digits. At their best epochs the same networks miss 8% to 9% of the validation images. Only data
# the network was not fitted to measures that.
#
# How large is the gap? The **generalisation gap** here is the training accuracy minus the validation
# accuracy, at the epoch whose parameters early stopping keeps: the first epoch with the lowest
# validation loss of the run (a later epoch with the same loss is no improvement). Not at the last
# epoch: early stopping never gets there. These runs went on for all 300 epochs, so their lowest
# validation loss is the one early stopping keeps only if its patience outlasts every plateau before
# it. `kept_epoch` replays lesson 7's rule on a history, to see what a patience of 20 would keep:

# %%
def generalisation_gap(history):
    """Training minus validation accuracy at the epoch early stopping keeps: the first
    with the lowest validation loss of the run."""
    best = int(np.argmin(history["validation_loss"]))
    return history["train_accuracy"][best] - history["validation_accuracy"][best]


def kept_epoch(history, patience):
    """The epoch (from 1) that early stopping with ``patience`` keeps on ``history``."""
    losses = history["validation_loss"]
    for epoch in range(1, len(losses) + 1):
        best = int(np.argmin(losses[:epoch]))
        if epoch - best - 1 >= patience:                   # lesson 7's stopping rule
            break
    return best + 1


for seed, (history, _) in plain.items():
    best = int(np.argmin(history["validation_loss"]))
    kept = kept_epoch(history, 20) - 1
    train_accuracy, validation_accuracy = (history["train_accuracy"],
                                           history["validation_accuracy"])
    print(f"seed {seed}: gap at the best epoch ({best + 1})"
          f" {generalisation_gap(history):.1%}, at the last"
          f" {train_accuracy[-1] - validation_accuracy[-1]:.1%};"
          f" patience 20 keeps epoch {kept + 1}, gap"
          f" {train_accuracy[kept] - validation_accuracy[kept]:.1%}")

# %% [markdown]
# 8.0 to 9.0 points at the best epoch, and as much or a little more where a patience of 20 would
# stop: two of the runs stop at an earlier dip of the validation loss, with gaps of 9.4 and 8.7.

# %% [markdown]
# ## Capacity against data
# Eight or nine points of gap on 100 images; lesson 7's 1,149 gave about three (99.8% - 97.2%).
# What does more data do, and does a smaller network overfit less? The same recipe on training sets
# of 50, 100, 200, 400, 800 and all 1,149 images, for three networks: no hidden layer (64-10,
# lesson 7's logistic regression), 32 hidden units, and lesson 7's 256. Two seeds each; a seed now
# also draws the training images (but for 1,149: all of them). Lesson 7's rule for comparing
# architectures: every run stops on its patience (here 20 epochs), inside its budget of 1,000, so
# that a result is the network's and the data's, not the budget's, and the comparison is made on
# the validation set. Each run reports its kept epoch: the validation loss (two columns: seeds 0
# and 1), the training accuracy and the validation accuracy.

# %%
WIDTHS = {"64-10": 0, "64-32-10": 32, "64-256-10": 256}
N_TRAIN = [50, 100, 200, 400, 800, 1149]
capacity = {}
for name, width in WIDTHS.items():
    for n in N_TRAIN:
        for seed in (0, 1):
            split = regularisation.training_subset(data, n, seed)
            history, _ = run(split, width, seed, epochs=1000, patience=20)
            best = int(np.argmin(history["validation_loss"]))
            capacity[name, n, seed] = dict(
                budget=history["stopped"] == "after the last epoch",
                train=history["train_accuracy"][best],
                validation=history["validation_accuracy"][best],
                loss=history["validation_loss"][best])
print("runs ended by their budget:", sum(r["budget"] for r in capacity.values()),
      "of", len(capacity))
print(f"{'':<10}" + "".join(f"{n:>14}" for n in N_TRAIN))
for name in WIDTHS:
    for key, label in [("loss", "val loss"), ("train", "train acc"),
                       ("validation", "val acc")]:
        cells = []
        for n in N_TRAIN:
            a, b = (capacity[name, n, seed][key] for seed in (0, 1))
            cells.append(f"{a:.3f} {b:.3f}" if key == "loss"
                         else f"{a:.1%} {b:.1%}")
        print(f"{name if key == 'loss' else '':<10}"
              + "".join(f"{c:>14}" for c in cells) + f"  {label}")
print("lowest validation loss, seeds 0 and 1:")
for n in N_TRAIN:
    winners = [min(WIDTHS, key=lambda name: capacity[name, n, seed]["loss"])
               for seed in (0, 1)]
    print(f"  {n:>5} images: {winners[0]:<10} {winners[1]}")

# %% [markdown]
# The validation loss and the gap, each the mean of the two seeds, against the size of the training
# set:

# %%
fig, (loss_ax, gap_ax) = plt.subplots(1, 2, figsize=(9, 3.2), layout="constrained")
for name in WIDTHS:
    mean = {key: [np.mean([capacity[name, n, s][key] for s in (0, 1)])
                  for n in N_TRAIN] for key in ("loss", "train", "validation")}
    loss_ax.plot(N_TRAIN, mean["loss"], "o-", markersize=3, label=name)
    gap_ax.plot(N_TRAIN, 100 * (np.array(mean["train"]) - mean["validation"]), "o-",
                markersize=3, label=name)
for ax in (loss_ax, gap_ax):
    ax.set_xscale("log")
    ax.set_xlabel("training images (log scale)")
    ax.legend(fontsize="small")
loss_ax.set_ylabel("best validation loss")
gap_ax.set_ylabel("train - validation accuracy (points)")
fig.suptitle("the same networks on growing training sets (mean of seeds 0 and 1)")
plt.show()

# %% [markdown]
# *Figure, in words:* two panels against the number of training images, 50 to 1,149 on a log
# scale, one line per network. Left: the best validation loss falls steadily for all three, from
# about 0.41-0.45 to about 0.14-0.15; the lines lie close together, 64-256-10's (green) lowest by a
# little. Right: the training accuracy minus the validation accuracy, in points, falls for all three
# from about 11 to about 3, levelling off between 800 and 1,149 images.

# %% [markdown]
# The right panel in numbers: each network's gap, the spread between the largest and the smallest
# gap, and which network has the lowest validation loss at each size (means of the two seeds):

# %%
gaps = {name: [100 * np.mean([capacity[name, n, s]["train"]
                              - capacity[name, n, s]["validation"] for s in (0, 1)])
               for n in N_TRAIN] for name in WIDTHS}
mean_loss = {name: [np.mean([capacity[name, n, s]["loss"] for s in (0, 1)])
                    for n in N_TRAIN] for name in WIDTHS}
print(f"{'gap':<10}" + "".join(f"{n:>11}" for n in N_TRAIN))
for name in WIDTHS:
    print(f"{name:<10}" + "".join(f"{g:>11.1f}" for g in gaps[name]))
print(f"{'spread':<10}" + "".join(
    f"{max(gaps[k][i] for k in WIDTHS) - min(gaps[k][i] for k in WIDTHS):>11.1f}"
    for i in range(len(N_TRAIN))))
print(f"{'best loss':<10}" + "".join(
    f"{min(WIDTHS, key=lambda k: mean_loss[k][i]):>11}" for i in range(len(N_TRAIN))))

# %% [markdown]
# Read the tables along their rows, then down their columns.
# - **More data helps every network, much more than anything else here.** From 50 to 1,149 images each
#   network's validation loss falls about threefold (0.370-0.497 to 0.134-0.155), its validation
#   accuracy rises from 87.8-89.2% to 96.5-97.6%, and the gap closes from 11-12 points to 2-3.
# - **Near-perfect training accuracy, again, says little:** at every size every network gets at
#   least 99.2% of its training images right, while the validation accuracy ranges from 87.8% to
#   97.6%.
# - **Capacity matters little at these sizes, and the large network does not overfit more.** Which
#   network is best depends on the seed at 50, 200 and 400 images; 64-256-10 is best on both seeds at
#   100, 800 and 1,149, where it is not best it is at most 0.006 behind, and its mean validation loss
#   is the lowest at every size. Its gap is not always the smallest, but the three gaps lie within
#   1.2 points of each other at every size, and no network has the largest gap throughout: at 100
#   images it is 64-32-10's (9.7), at 200 64-256-10's (6.4), at 800 64-10's (3.0).
#   With early stopping the large network's extra capacity costs next to nothing on small sets and
#   pays a little on the largest. Even the network without a hidden layer gets at least 99.5% of 50
#   to 400 training images right: its 650 parameters are plenty for a few hundred images.
#
# On the digits, then, more data does far more than any choice among these networks. When there is
# no more, training itself can be changed: the next two sections.

# %% [markdown]
# ## L2 weight decay
# Weight decay adds a penalty on large weights to the loss:
#
# $$E = E_\text{data} + \frac{\lambda}{2}\sum_\text{layers}\sum_{j,k} w_{jk}^2 .$$
#
# $\lambda \ge 0$ (`weight_decay`) sets its strength. Only the weights, not the biases: large weights
# make a unit's output change sharply with its inputs, which is what fitting every quirk of 100
# images takes; a bias only shifts a unit, and decaying it towards 0 would hold back its threshold
# for nothing. The $\frac12$ is a convention that keeps a factor 2 out of the gradient; with it,
# $\lambda$ is exactly the `weight_decay` of PyTorch's `SGD`. (PyTorch decays every parameter it is
# given, biases included, unless the biases go in a parameter group of their own with
# `weight_decay=0`.) For two weights and a bias, with the data loss an unknown function of all three:

# %%
w_1, w_2, b, lam, eta, g_1 = sp.symbols("w_1 w_2 b lambda eta g_1")
E_data = sp.Function("E_data")(w_1, w_2, b)
E = E_data + lam / 2 * (w_1 ** 2 + w_2 ** 2)
E

# %% [markdown]
# Its partial derivatives by $w_1$, $w_2$ and $b$ (top to bottom), by SymPy:

# %%
sp.Matrix([sp.diff(E, parameter) for parameter in (w_1, w_2, b)])

# %% [markdown]
# Each weight's gradient gains the term $\lambda w$; the bias's stays the data's:
#
# $$\frac{\partial E}{\partial w_{jk}} = \frac{\partial E_\text{data}}{\partial w_{jk}} + \lambda w_{jk},
# \qquad \frac{\partial E}{\partial b_k} = \frac{\partial E_\text{data}}{\partial b_k}.$$
#
# One step of gradient descent with learning rate $\eta$, writing $g_1$ for the data's gradient
# $\partial E_\text{data}/\partial w_1$:

# %%
step = w_1 - eta * sp.diff(E, w_1).subs(sp.Derivative(E_data, w_1), g_1)
sp.collect(sp.expand(step), w_1)

# %% [markdown]
# $$w_1 \leftarrow (1 - \eta\lambda)\,w_1 - \eta g_1 :$$
#
# before the usual step, each weight is multiplied by $1 - \eta\lambda$, a little less than 1. Hence the
# name: the weights *decay* towards 0, step after step, unless the data's gradient holds them up.
# (With momentum, the term $\lambda w$ joins the gradient and goes through the velocity as well.)
#
# **Two conventions.** Some texts and some code write the penalty without the $\frac12$,
# $\lambda\sum w^2$. Its gradient is then twice as large:

# %%
sp.diff(lam * (w_1 ** 2 + w_2 ** 2), w_1)

# %% [markdown]
# $2\lambda w$: the same idea, with a $\lambda$ that counts twice, so $\lambda = 0.01$ there is
# $\lambda = 0.02$ here. Check which convention a formula, or a library, uses before copying its
# $\lambda$.
#
# In NumPy the penalty and its gradient term are one line each. `regularised_loss_and_gradients`
# (`nbtools.regularisation`) is lesson 5's backprop with both added; here our two lines against it,
# and its gradients against finite differences of data loss + penalty (lesson 5's
# `check_gradients`), on a 5-4-3 network with biases that are not 0, 8 samples and $\lambda = 0.1$:

# %%
def l2_penalty(layers, weight_decay):
    """(λ/2) Σ w² over every layer's weights; the biases are not penalised."""
    return weight_decay / 2 * sum(np.sum(W ** 2) for W, _ in layers)


def l2_gradients(gradients, layers, weight_decay):
    """λW added to each dE/dW; each dE/db unchanged."""
    return [(dW + weight_decay * W, db) for (dW, db), (W, _) in zip(gradients, layers)]


rng = np.random.default_rng(0)
layers = [(rng.normal(size=(5, 4)) / np.sqrt(5), rng.normal(size=4)),
          (rng.normal(size=(4, 3)) / 2, rng.normal(size=3))]
X, labels = rng.normal(size=(8, 5)), rng.integers(0, 3, 8)
Y = np.eye(3)[labels]
weight_decay = 0.1
loss, gradients, _ = regularised_loss_and_gradients(X, Y, layers, ACTIVATIONS, LOSS,
                                                    weight_decay)
print("penalty:", l2_penalty(layers, weight_decay), "nbtools:",
      regularisation.l2_penalty(layers, weight_decay))


def penalised_loss():
    data_loss = softmax_cross_entropy(forward(X, layers, ACTIVATIONS), Y)
    return data_loss + l2_penalty(layers, weight_decay)


print(check_gradients(penalised_loss, layers, gradients))
_, plain_gradients, _ = regularised_loss_and_gradients(X, Y, layers, ACTIVATIONS, LOSS)
ours = l2_gradients(plain_gradients, layers, weight_decay)
print("l2_gradients equal nbtools':", all(
    np.array_equal(a, c) and np.array_equal(b_, d)
    for (a, b_), (c, d) in zip(ours, gradients)))
print("bias gradients unchanged by the penalty:", all(
    np.array_equal(db, db_plain)
    for (_, db), (_, db_plain) in zip(gradients, plain_gradients)))

# %% [markdown]
# The penalties are equal, the gradients with the term $\lambda W$ agree with the finite differences
# to about $10^{-8}$, and the biases' gradients are the data's alone.
#
# **The decay factor, seen on the digits.** Some pixels are blank on every one of the 100 training
# images, at the edges of the 8 × 8 square. A weight from such a pixel multiplies 0 for every image, so its
# data gradient is exactly 0, and only weight decay moves it: after $t$ steps of plain gradient
# descent it is $(1 - \eta\lambda)^t$ times what it was. The 64-256-10 network on the 100 images,
# trained with plain SGD, $\eta = 0.05$ and $\lambda = 0.01$, for 250 epochs of 4 iterations:

# %%
blank = np.flatnonzero(small.X_train.max(axis=0) == 0)
print("pixels blank on every one of the 100 images:", blank)
learning_rate, weight_decay, epochs = 0.05, 0.01, 250
history, decayed = run(small, 256, 0, weight_decay=weight_decay, epochs=epochs,
                       optimiser=SGD(learning_rate))
start = init_network([64, 256, 10], np.random.default_rng(0))[0][0]
steps = history["iterations"][-1]
ratio = decayed[0][0][blank] / start[blank]
print(f"{steps} steps of SGD, η = {learning_rate}, λ = {weight_decay}")
print(f"their weights now / at the start: {ratio.min():.7f} to {ratio.max():.7f}")
print(f"(1 - ηλ)^{steps} = {(1 - learning_rate * weight_decay) ** steps:.7f}")
print(f"e^(-{steps}ηλ)  = {np.exp(-steps * learning_rate * weight_decay):.7f}")
print(f"1 - {steps}ηλ   = {1 - steps * learning_rate * weight_decay:.7f}")

# %% [markdown]
# Every weight from a blank pixel is now 0.6064548 times its start: $(1 - \eta\lambda)^{1000}$, to
# the seventh digit. The decay is geometric, not linear: $1 - 1000\,\eta\lambda$ would leave 0.5.
# And $e^{-1000\eta\lambda}$, the limit of many tiny steps, is close but not equal (0.6065307).
#
# **Get it right: L2 in the loss but not in the gradient.** The training loop never steps on the
# loss's value, only on its gradient. Add the penalty to the loss and forget its term in the
# gradient, and training is the one without a penalty, whatever $\lambda$. The seed-0 run of the
# first section again, with a gradient function that makes that slip at $\lambda = 0.01$:

# %%
def penalty_in_loss_only(weight_decay):
    """The slip: the penalty joins the loss, but the gradients stay the data's."""
    def gradient(X, Y, layers, activations, loss):
        data_loss, gradients, output = regularised_loss_and_gradients(
            X, Y, layers, activations, loss)
        return data_loss + l2_penalty(layers, weight_decay), gradients, output
    return gradient


rng = np.random.default_rng(0)
slipped = init_network([64, 256, 10], rng)
train(slipped, ACTIVATIONS, LOSS, small.X_train, small.Y_train, Momentum(0.02, 0.9),
      epochs=300, batch_size=32, rng=rng, gradient=penalty_in_loss_only(0.01))
print("weights identical to training without any penalty:",
      all(np.array_equal(W, W_plain)
          for (W, _), (W_plain, _) in zip(slipped, plain[0][1])))

# %% [markdown]
# Bit for bit the weights of plain training: the penalty changed the printed loss and nothing else.
#
# **What it does to the weights.** The 100-image network of the first section again (300 epochs,
# seeds 0 and 1) with $\lambda = 0.001$ and $\lambda = 0.01$, next to its plain runs ($\lambda = 0$):
# the spread (standard deviation) and the largest size of the first layer's weights at the end, the
# lowest validation loss and the validation accuracy there, and the validation loss at epoch 300.
# The first rows: the same weights at the start, before any training.

# %%
DECAYS = [0.0, 0.001, 0.01]
decay_runs = {(0.0, seed): plain[seed] for seed in (0, 1)}
for weight_decay in DECAYS[1:]:
    for seed in (0, 1):
        decay_runs[weight_decay, seed] = run(small, 256, seed,
                                             weight_decay=weight_decay)
print(f"{'λ':<7}{'seed':>5}{'std W1':>8}{'largest |W1|':>13}{'best val loss':>14}"
      f"{'val acc':>8}{'val loss at 300':>16}")
for seed in (0, 1):
    W1 = init_network([64, 256, 10], np.random.default_rng(seed))[0][0]
    print(f"{'start':<7}{seed:>5}{W1.std():>8.3f}{np.abs(W1).max():>13.3f}")
for (weight_decay, seed), (history, network) in decay_runs.items():
    W1 = network[0][0]
    best = int(np.argmin(history["validation_loss"]))
    print(f"{weight_decay:<7}{seed:>5}{W1.std():>8.3f}{np.abs(W1).max():>13.3f}"
          f"{history['validation_loss'][best]:>14.3f}"
          f"{history['validation_accuracy'][best]:>8.1%}"
          f"{history['validation_loss'][-1]:>16.3f}")

# %% [markdown]
# The first layer's 16,384 weights of seed 0, at the start and after the 300 epochs, for each
# $\lambda$:

# %%
fig, axes = plt.subplots(1, 3, figsize=(9, 2.8), sharex=True, sharey=True,
                         layout="constrained")
bins = np.linspace(-0.8, 0.8, 65)
for ax, weight_decay in zip(axes, DECAYS):
    W1 = decay_runs[weight_decay, 0][1][0][0]
    ax.hist(start.ravel(), bins=bins, color="lightgrey", label="at the start")
    ax.hist(W1.ravel(), bins=bins, histtype="step", color="C0", label="after training")
    ax.set_title(f"λ = {weight_decay}")
    ax.set_xlabel("first-layer weight")
axes[0].set_ylabel("weights (of 16,384)")
axes[0].legend(fontsize="small")
plt.show()

# %% [markdown]
# *Figure, in words:* three panels, one for each λ (0, 0.001, 0.01), each a histogram of the
# first-layer weights from -0.8 to 0.8: in grey the start, a bell of standard deviation 1/8; as a blue
# outline, the weights after training. At λ = 0 the outline follows the grey bell, a little wider. At
# λ = 0.001 it is narrower and taller than the start. At λ = 0.01 it is a tall, narrow spike at 0,
# with a few weights out to about ±0.4.

# %% [markdown]
# The weights shrink with $\lambda$. From 0.125 at the start (the $1/\sqrt{64}$ of `init_layer`),
# the first layer's spread grows to 0.138 without decay, and falls to 0.113 at $\lambda = 0.001$ and
# to 0.048 and 0.047 at $\lambda = 0.01$, on both seeds alike. Did it help? $\lambda = 0.001$
# barely: its lowest validation loss is 0.274 on both seeds, against 0.275 and 0.278, gains smaller
# than the spread of the first section's three seeds (0.258 to 0.278); it does rise less afterwards (0.290 and 0.286 at epoch 300,
# against 0.302 and 0.304). $\lambda = 0.01$ is too much for this loss: the validation loss is
# 0.329-0.332, higher, although the validation accuracy is as good (92.4% and 92.0%, against 92.0%
# and 91.0%).
#
# Why a higher loss at the same accuracy? Small weights make small logits, and small logits make
# unsure probabilities; cross-entropy charges for doubt even when the answer is right. On the
# validation images, with the networks of epoch 300: the size of the largest logit and the
# probability given to the predicted digit (each a mean over the 288 images), and the accuracy:

# %%
for (weight_decay, seed), (history, network) in decay_runs.items():
    logits = forward(small.X_validation, network, ACTIVATIONS)
    print(f"λ = {weight_decay:<6} seed {seed}: largest logit"
          f" {logits.max(axis=1).mean():5.2f}, probability of the predicted digit"
          f" {softmax(logits).max(axis=1).mean():.3f},"
          f" accuracy {accuracy(logits, small.Y_validation):.1%}")

# %% [markdown]
# The stronger the decay, the smaller the logits and the less sure the network, on both seeds, at
# about the same accuracy. How much decay is right is a setting to choose, on the validation set: the
# last section does it.

# %% [markdown]
# ## Dropout
# Dropout (Hinton et al., 2012; Srivastava et al., 2014) makes training noisy on purpose. At every
# training step, each hidden unit's output is kept with probability $p$, the **keep probability**,
# and otherwise set to 0, with a fresh random mask for every image of every mini-batch. No unit can
# count on any other being there, which discourages fragile combinations of units that fit quirks
# of the training images (*co-adaptations*, in Srivastava et al.'s word). In the *inverted* form
# that PyTorch and Keras use, the kept outputs are divided by $p$. (PyTorch's `nn.Dropout(p)` takes
# the other probability, that of *dropping* a unit: its `p=0.2` is a keep probability of 0.8 here.)
#
# $$\tilde z = \frac{m\,z}{p}, \qquad m = \begin{cases} 1 & \text{with probability } p,\\
# 0 & \text{with probability } 1 - p.\end{cases}$$
#
# Why divide by $p$? The mean and the variance of $\tilde z$, from its two outcomes
# ($\operatorname{Var} = \mathbb E[\tilde z^2] - \mathbb E[\tilde z]^2$):

# %%
z, p = sp.symbols("z p", positive=True)
outcomes = [(p, z / p), (1 - p, 0)]     # (probability, value of m z / p)
mean = sp.simplify(sum(q * value for q, value in outcomes))
variance = sp.factor(sp.simplify(sum(q * value ** 2 for q, value in outcomes)
                                 - mean ** 2))
mean, variance

# %% [markdown]
# $$\mathbb E[\tilde z] = z, \qquad \operatorname{Var}(\tilde z) = \frac{z^2(1 - p)}{p}$$
#
# (SymPy writes the variance as $-z^2(p - 1)/p$, the same thing).
#
# On average each output is what it would be without dropout, so the next layer's sums keep their
# size, and **at evaluation the network is used as it is**: no mask, no scaling. The price is noise,
# of variance $z^2(1-p)/p$: 0 at $p = 1$, and $z^2$ at $p = \frac12$. A million draws at $z = 1.5$,
# $p = 0.8$:

# %%
rng = np.random.default_rng(0)
z_value, keep = 1.5, 0.8
draws = regularisation.dropout(np.full((1_000_000, 1), z_value),
                               regularisation.dropout_mask((1_000_000, 1), keep, rng),
                               keep)
print(f"mean {draws.mean():.4f} (formula {float(mean.subs(z, z_value)):.4f}), "
      f"variance {draws.var():.4f} "
      f"(formula {float(variance.subs({z: z_value, p: keep})):.4f})")

# %% [markdown]
# Both formulas hold, to the sampling noise of a million draws.
#
# The two pieces in NumPy: a mask of True (keep) and False (drop), drawn from the generator we are
# given, so that the caller's seed decides it; and the layer itself. A 3 × 4 batch of outputs with
# $p = \frac12$:

# %%
def dropout_mask(shape, keep_probability, rng):
    """True (keep) with probability keep_probability, independently for each entry."""
    return rng.random(shape) < keep_probability


def dropout(Z, mask, keep_probability):
    """Inverted dropout: the kept outputs divided by p, the others 0."""
    return Z * mask / keep_probability


Z = np.arange(1.0, 13.0).reshape(3, 4)
mask = dropout_mask(Z.shape, 0.5, np.random.default_rng(1))
print(mask.astype(int))
print(dropout(Z, mask, 0.5))
print("equal to nbtools':", np.array_equal(
    dropout(Z, mask, 0.5), regularisation.dropout(Z, mask, 0.5)))

# %% [markdown]
# Each kept output is doubled (divided by $\frac12$), each dropped one is 0.
#
# **Backwards.** For a fixed mask, dropout multiplies each output by a constant, $m/p$ (0 or $1/p$),
# so its backward pass multiplies the gradient arriving from above by the same constants:
# $\partial E/\partial z = (m/p)\,\partial E/\partial\tilde z$, the same function applied to the
# gradient, with the mask of the forward pass. A dropped output passes no gradient back.
# `regularised_loss_and_gradients` takes one mask per hidden layer. With the mask held fixed, the loss
# is an ordinary function of the weights, and finite differences can check its gradients: a 5-6-3
# network, 8 samples, $p = \frac12$:

# %%
rng = np.random.default_rng(0)
layers = [(rng.normal(size=(5, 6)) / np.sqrt(5), rng.normal(size=6)),
          (rng.normal(size=(6, 3)) / np.sqrt(6), rng.normal(size=3))]
X, Y = rng.normal(size=(8, 5)), np.eye(3)[rng.integers(0, 3, 8)]
keep = 0.5
mask = dropout_mask((8, 6), keep, rng)
loss, gradients, _ = regularised_loss_and_gradients(X, Y, layers, ACTIVATIONS, LOSS,
                                                    masks=[mask],
                                                    keep_probability=keep)


def dropped_loss():
    """The loss of the network with this one mask fixed."""
    (W1, b1), (W2, b2) = layers
    hidden = dropout(np.maximum(X @ W1 + b1, 0.0), mask, keep)
    return softmax_cross_entropy(hidden @ W2 + b2, Y)


print(check_gradients(dropped_loss, layers, gradients))

# %% [markdown]
# They agree, to about $10^{-9}$. (With a new mask for each evaluation, the loss would be random and
# no finite difference could check anything.)
#
# **Training with dropout.** The 100-image network again (300 epochs, seeds 0 and 1), with keep
# probabilities 0.5 and 0.8 on its hidden layer; the rows $p = 1.0$ are the first section's plain
# runs. Each run draws its masks from a generator of its own, so that its mini-batches are those of
# the plain run:

# %%
KEEPS = [0.5, 0.8]
dropout_runs = {}
for keep in KEEPS:
    for seed in (0, 1):
        dropout_runs[keep, seed] = run(small, 256, seed, keep_probability=keep)
print(f"{'keep p':<8}{'seed':>5}{'best val loss':>14}{'val acc':>8}"
      f"{'val loss at 300':>16}{'train loss at 300':>18}")
for (keep, seed), (history, _) in {**{(1.0, s): plain[s] for s in (0, 1)},
                                   **dropout_runs}.items():
    best = int(np.argmin(history["validation_loss"]))
    print(f"{keep:<8}{seed:>5}{history['validation_loss'][best]:>14.3f}"
          f"{history['validation_accuracy'][best]:>8.1%}"
          f"{history['validation_loss'][-1]:>16.3f}"
          f"{history['train_loss'][-1]:>18.4f}")

# %% [markdown]
# $p = 0.5$ lowers the lowest validation loss on both seeds (0.255 and 0.252, against 0.275 and
# 0.278) and raises the validation accuracy (92.7% and 93.4%, against 92.0% and 91.0%); $p = 0.8$
# helps less (0.272 and 0.261). The training loss, measured without dropout as the network is used,
# still ends near 0: dropout does not stop the network from fitting its 100 images; on both seeds its
# fit carries over a little better to new ones.
#
# **The ensemble view.** Each mask picks a *sub-network*: the units it keeps. With 256 hidden units
# there are $2^{256}$ of them, all sharing one set of weights. Each image of a mini-batch draws its
# own mask, so each training step trains a few of them (up to 32), each on one image. At evaluation
# the full network stands in for their average. With one hidden layer the output layer is linear in
# the hidden outputs: logit $k$ of a sub-network is $\tilde u_k = \sum_j \tilde z_j w_{jk} + b_k$, so,
# since $\mathbb E[\tilde z_j] = z_j$, the sub-networks' mean *logits* are exactly the full
# network's, and, the units' masks being independent, each logit varies around it with
#
# $$\operatorname{Var}(\tilde u_k) = \sum_j w_{jk}^2\,\operatorname{Var}(\tilde z_j)
#   = \frac{1-p}{p}\sum_j w_{jk}^2 z_j^2 .$$
#
# The $p = 0.5$ networks of seeds 0 and 1, on the validation images, against 1,000 random
# sub-networks each (a fresh mask for each image). The mean of 1,000 logits should miss the full
# network's by noise of standard error $\sqrt{\operatorname{Var}(\tilde u_k)/1000}$: more than two
# standard errors for about 4.6% of them, as for a normal variable, and no more.

# %%
def sub_networks(network, X, Y, n_masks, keep, rng):
    """Over n_masks random masks of the hidden layer: the mean logits, probabilities and
    log-probabilities, each sub-network's accuracy on (X, Y), and the standard error
    of the mean logits from the variance formula."""
    (W1, b1), (W2, b2) = network
    hidden = np.maximum(X @ W1 + b1, 0.0)
    mean_logits, mean_probabilities, mean_log_probabilities = (
        np.zeros((len(X), W2.shape[1])) for _ in range(3))
    single = []
    for _ in range(n_masks):
        mask = dropout_mask(hidden.shape, keep, rng)
        sub_logits = dropout(hidden, mask, keep) @ W2 + b2
        mean_logits += sub_logits / n_masks
        mean_probabilities += softmax(sub_logits) / n_masks
        mean_log_probabilities += np.log(softmax(sub_logits)) / n_masks
        single.append(accuracy(sub_logits, Y))
    variance = (1 - keep) / keep * (hidden ** 2 @ W2 ** 2)     # Var of each logit
    return (mean_logits, mean_probabilities, mean_log_probabilities, np.array(single),
            np.sqrt(variance / n_masks))


n_masks = 1_000
ensembles = {seed: sub_networks(dropout_runs[0.5, seed][1], small.X_validation,
                                small.Y_validation, n_masks, 0.5,
                                np.random.default_rng(0))
             for seed in (0, 1)}
print(f"a normal variable beyond 2 standard errors: {math.erfc(2 / math.sqrt(2)):.1%}")
for seed, (mean_logits, _, _, _, standard_error) in ensembles.items():
    full = forward(small.X_validation, dropout_runs[0.5, seed][1], ACTIVATIONS)
    difference = np.abs(mean_logits - full)
    print(f"seed {seed}: mean logits of {n_masks} sub-networks vs the full network:"
          f" largest difference {difference.max():.3f} (logits up to"
          f" {np.abs(full).max():.1f}); beyond 2 standard errors:"
          f" {np.mean(difference > 2 * standard_error):.1%}")

# %% [markdown]
# The sub-networks' mean logits match the full network's up to the noise of 1,000 draws: the largest
# differences, 0.194 and 0.197 in logits as large as 15.1 and 15.4, are the tails of that noise, and
# the share beyond two standard errors, 4.8% and 4.6%, is what noise alone gives. (This also confirms
# the variance formula: were the true variance twice or half the formula's, the share would be about
# 15.7% or 0.5%.)
#
# And their probabilities? The softmax is not linear, so their plain (arithmetic) mean is not the
# full network's. But their *geometric* mean, renormalised to sum to 1, is the softmax of their mean
# logits, since with $Z_m$ the softmax's denominator for mask $m$ of $M$,
#
# $$\Bigl(\prod_{m=1}^{M}\operatorname{softmax}(\tilde u^{(m)})_k\Bigr)^{1/M}
#   = \frac{e^{\bar u_k}}{\bigl(\prod_m Z_m\bigr)^{1/M}} \propto e^{\bar u_k},
#   \qquad \bar u = \frac1M\sum_m \tilde u^{(m)} ;$$
#
# over all masks, weighted by their probabilities, $\bar u$ is the full network's logits, so the
# full network's probabilities *are* the renormalised geometric mean of its sub-networks' (for one
# hidden layer; with more, it is an approximation). Both means of the 1,000 sub-networks against the
# full network, and the accuracies:

# %%
for seed, (_, mean_probabilities, log_probabilities, single, _) in ensembles.items():
    full = forward(small.X_validation, dropout_runs[0.5, seed][1], ACTIVATIONS)
    geometric = softmax(log_probabilities)                 # exp, then renormalised
    full_accuracy = accuracy(full, small.Y_validation)
    print(f"seed {seed}: probabilities, largest difference from the full network's:"
          f" geometric mean {np.abs(geometric - softmax(full)).max():.3f},"
          f" arithmetic mean {np.abs(mean_probabilities - softmax(full)).max():.3f}")
    print(f"        same digit as the full network: arithmetic mean"
          f" {np.mean(mean_probabilities.argmax(axis=1) == full.argmax(axis=1)):.1%};"
          f" validation accuracy: full network {full_accuracy:.1%}, arithmetic mean"
          f" {accuracy(mean_probabilities, small.Y_validation):.1%}")
    print(f"        one sub-network {single.mean():.1%} on average ({single.min():.1%}"
          f" to {single.max():.1%}), below the full network for"
          f" {np.mean(single < full_accuracy):.1%} of them")

# %% [markdown]
# The renormalised geometric mean is within 0.026 and 0.019 of the full network's probabilities (the
# noise of 1,000 draws again); the arithmetic mean differs by up to 0.158 and 0.187, but picks the
# same digit for 99.0% of the validation images, on both seeds, with the full network's accuracy,
# 92.0% and 91.7%. One sub-network alone gets 89.8% and 90.1% on average, and 97.5% and 92.7% of
# them do worse than the full network. One forward pass of the full network gives the (geometric)
# average of an ensemble of sub-networks, most of them worse than it.
#
# **Get it right: dropout is scaled during training, not at evaluation.** The original dropout did
# not divide by $p$ during training and multiplied the outputs by $p$ at evaluation instead: the
# same expected values, the other way round. Mixing the two (inverted dropout in training, then
# multiplying by $p$ again at evaluation) shrinks every hidden output by $p$. For the $p = 0.5$
# networks, with their hidden outputs halved at evaluation (the same as halving $W_2$):

# %%
for seed in (0, 1):
    (W1, b1), (W2, b2) = dropout_runs[0.5, seed][1]
    right = forward(small.X_validation, [(W1, b1), (W2, b2)], ACTIVATIONS)
    shrunk = forward(small.X_validation, [(W1, b1), (0.5 * W2, b2)], ACTIVATIONS)
    for label, output in [("used as it is", right), ("scaled by p again", shrunk)]:
        print(f"seed {seed}, {label:<18} validation loss "
              f"{softmax_cross_entropy(output, small.Y_validation):.3f}, "
              f"accuracy {accuracy(output, small.Y_validation):.1%}")

# %% [markdown]
# On both seeds the accuracy stays the same here (one hidden layer: halving the hidden part of
# every logit rarely changes which is largest), but the probabilities change with the logits and the
# validation loss rises, from 0.292 to 0.322 and from 0.289 to 0.312. In a deeper network every layer
# would shrink its outputs again. And no mask at evaluation either: with one, the same image would
# get a different answer on every run.

# %% [markdown]
# ## Choosing hyperparameters on the validation set
# Every section so far fixed some settings: the learning rate, the width, $\lambda$, $p$, the patience.
# These **hyperparameters** are not learned by gradient descent: they are chosen, and a choice is a
# decision, so it is made on the validation set (lesson 7). A small grid: learning rates 0.01, 0.03
# and 0.1, weight decays 0, 0.001 and 0.01, widths 32 and 256; 18 settings, each trained from two
# seeds on the 100 images, with early stopping (patience 20, a budget of 1,000 epochs). Each run
# keeps what early stopping keeps: the parameters of its best epoch, and that epoch's training and
# validation losses. The test set is not touched. (A random search, drawing each setting from a
# range, covers wide ranges better when only some hyperparameters matter, as Bergstra and Bengio
# showed in 2012; for three short lists a grid is simplest.) The table: each setting's best
# validation loss, the mean of its two seeds.

# %%
RATES, DECAYS_GRID = [0.01, 0.03, 0.1], [0.0, 0.001, 0.01]
GRID_WIDTHS, SEEDS = [32, 256], [0, 1]
runs = []
for learning_rate in RATES:
    for weight_decay in DECAYS_GRID:
        for width in GRID_WIDTHS:
            for seed in SEEDS:
                history, network = run(small, width, seed, learning_rate,
                                       weight_decay, epochs=1000, patience=20)
                best = int(np.argmin(history["validation_loss"]))
                runs.append(dict(learning_rate=learning_rate,
                                 weight_decay=weight_decay, width=width, seed=seed,
                                 train_loss=history["train_loss"][best],
                                 validation_loss=history["validation_loss"][best],
                                 budget=history["stopped"] == "after the last epoch",
                                 network=network))
print("runs:", len(runs), " ended by their budget:", sum(r["budget"] for r in runs))


def mean_over_seeds(key):
    """{(learning rate, weight decay, width): the mean of ``key`` over the seeds}."""
    groups = {}
    for r in runs:
        groups.setdefault((r["learning_rate"], r["weight_decay"], r["width"]),
                          []).append(r[key])
    return {setting: float(np.mean(values)) for setting, values in groups.items()}


validation_means = mean_over_seeds("validation_loss")
print(f"{'rate':<6}{'λ':<7}" + "".join(f"{'width ' + str(w):>11}"
                                      for w in GRID_WIDTHS))
for learning_rate in RATES:
    for weight_decay in DECAYS_GRID:
        print(f"{learning_rate:<6}{weight_decay:<7}" + "".join(
            f"{validation_means[learning_rate, weight_decay, w]:>11.3f}"
            for w in GRID_WIDTHS))

# %% [markdown]
# The same means as lines, one panel per width:

# %%
fig, axes = plt.subplots(1, 2, figsize=(8, 3), sharey=True, layout="constrained")
for ax, width in zip(axes, GRID_WIDTHS):
    for weight_decay, marker in zip(DECAYS_GRID, "o^s"):
        ax.plot(RATES, [validation_means[rate, weight_decay, width] for rate in RATES],
                marker=marker, label=f"λ = {weight_decay}")
    ax.set(xscale="log", xlabel="learning rate (log scale)", title=f"width {width}")
axes[0].set_ylabel("mean best validation loss")
axes[0].legend(fontsize="small")
plt.show()

# %% [markdown]
# *Figure, in words:* two panels, width 32 and width 256, the mean best validation loss
# against the learning rate (0.01, 0.03, 0.1, log scale), one line per weight decay. In both panels
# the λ = 0.01 line lies highest, between 0.31 and 0.34 (at width 32 the λ = 0 line climbs to meet
# it at the largest rate). The λ = 0 and λ = 0.001 lines lie near 0.28 at the two smaller rates; at
# 0.1 the λ = 0 line rises and the λ = 0.001 line dips to the lowest point of its panel.

# %% [markdown]
# The table has a shape worth reading: at the largest learning rate, $\lambda = 0.001$ cuts the
# validation loss for both widths (0.312 to 0.275 and 0.294 to 0.272), and $\lambda = 0.01$ is the
# worst weight decay at every learning rate and width. These are means over two seeds; at the
# largest rate and width 32 the $\lambda = 0.01$ and $\lambda = 0$ means differ by only 0.001.
#
# The rule: the lowest **mean** validation loss over the seeds. Not the single best run (one lucky
# seed), and not the training loss (it rewards fitting the training set). Each, the five best means,
# and the setting each seed alone would choose:

# %%
chosen = min(validation_means, key=validation_means.get)
print("chosen (lowest mean validation loss):", chosen,
      f"{validation_means[chosen]:.3f}")
lucky = min(runs, key=lambda r: r["validation_loss"])
print("the single best run:", (lucky["learning_rate"], lucky["weight_decay"],
                               lucky["width"]), f"seed {lucky['seed']}",
      f"{lucky['validation_loss']:.3f}")
train_means = mean_over_seeds("train_loss")
print("the lowest mean training loss:", min(train_means, key=train_means.get),
      f"{min(train_means.values()):.4f}")
print("the five best means:", ", ".join(
    f"{setting} {validation_means[setting]:.3f}"
    for setting in sorted(validation_means, key=validation_means.get)[:5]))
for seed in SEEDS:
    own = min((r for r in runs if r["seed"] == seed),
              key=lambda r: r["validation_loss"])
    print(f"seed {seed} alone would choose:",
          (own["learning_rate"], own["weight_decay"], own["width"]),
          f"{own['validation_loss']:.4f}")

# %% [markdown]
# The grid chooses learning rate 0.1, $\lambda = 0.001$ and width 256, at a mean validation loss of
# 0.272. The single best run belongs to another setting (width 32, seed 0, 0.268), but only just:
# seed 1's run of the chosen setting is 0.268 too (0.2677 against 0.2683). The lowest training loss
# also belongs to width 32. Be honest about the margin, too: the five best means lie within 0.006
# of each other, less than the spread of the first section's three seeds of one setting (0.258 to
# 0.278), and the two seeds alone agree on the learning rate and $\lambda$ but not on the width.
# Several settings are about equally good, and the rule picks one of them without ever looking at
# the test set.
#
# **The test set, once.** Only now, with every decision made, do the chosen setting's two networks
# (each with the parameters of its kept epoch) meet the 360 test images. Both numbers are reported;
# neither network is preferred for its test score, which would be a decision made on the test set:

# %%
n_test = len(small.X_test)
for r in runs:
    if (r["learning_rate"], r["weight_decay"], r["width"]) == chosen:
        test_accuracy = accuracy(forward(small.X_test, r["network"],
                                         ACTIVATIONS), small.Y_test)
        validation_accuracy = accuracy(forward(small.X_validation, r["network"],
                                               ACTIVATIONS), small.Y_validation)
        print(f"seed {r['seed']}: validation accuracy {validation_accuracy:.1%},"
              f" test accuracy {test_accuracy:.1%}"
              f" ({round(test_accuracy * n_test)} of {n_test})")

# %% [markdown]
# 90.8% and 90.6% (327 and 326 of 360): about 91% is what this recipe does with 100 training
# images, against lesson 7's 97.2% with 1,149. Here the test accuracy happens to lie between the two
# networks' validation accuracies (89.9% and 91.7%); in general a validation score that chose a
# setting and an epoch flatters, and the test score, which chose nothing, does not.
#
# **Get it right: hyperparameters are not chosen on the test set.** Had we trained all 18 settings
# and picked the best test accuracy, the test set would have made a decision: its number would
# flatter in the same way, and no untouched data would be left to say how good the choice really is.
# If the one report disappoints, the honest move is to report it, and to collect new test data before
# any new round of choosing.

# %% [markdown]
# ## Summary
# - A network that fits its training set perfectly can still do much worse on new data: on 100 images
#   lesson 7's network reaches 100% training accuracy by epoch 27 on every seed, and 91-92% on the
#   validation images at the epoch early stopping would keep. Training accuracy alone means little.
# - The generalisation gap is the training minus the validation accuracy at the epoch early stopping
#   keeps: 8-9 points on 100 images (8.0-9.0 at the best epoch, up to 9.4 with a patience of 20).
#   More data closed it from 11-12 points at 50 images to 2-3 at 1,149, for every network. With
#   early stopping, capacity mattered little: the three networks' gaps stayed within 1.2 points of
#   each other, and the largest had the lowest mean validation loss.
# - L2 weight decay adds $\frac\lambda2\sum w^2$ (weights, not biases) to the loss and $\lambda w$ to
#   each weight's gradient: each step of plain gradient descent multiplies a weight by
#   $1 - \eta\lambda$ before the usual step. Without the ½ the term is $2\lambda w$. A penalty in
#   the loss but not in the gradient changes nothing.
# - Inverted dropout keeps each hidden output with probability $p$ and divides it by $p$ during
#   training: mean $z$, variance $z^2(1-p)/p$. Its backward pass applies the same mask and scale. At
#   evaluation the network is used as it is, with no mask and no scaling: with one hidden layer its
#   logits are its sub-networks' mean logits, and its probabilities their renormalised geometric
#   mean.
# - Hyperparameters are chosen on the validation set, by the mean over seeds; the test set is used
#   once, for the final report.
#
# ## Questions
# 1. A network gets 100% of its training images right. What does that tell you about new images?
#
#    <details><summary>Answer</summary>
#
#    Nothing by itself. With 19,210 parameters and 100 images, fitting every image is easy; in the
#    first section the networks that did it missed 8% to 9% of the validation images. Only held-out
#    data measures how well a network does on images it was not fitted to.
#    </details>
#
# 2. A colleague adds `0.5 * lam * np.sum(W ** 2)` to the loss their training loop prints and trains.
#    Their weights come out exactly as without it. Why?
#
#    <details><summary>Answer</summary>
#
#    The loop steps on the gradient, not on the loss's value. The penalty must also add
#    $\lambda W$ to each weight's gradient; added to the loss alone, it changes only the printed
#    number (the lesson's slip gave the same weights bit for bit).
#    </details>
#
# 3. With $\eta = 0.05$, $\lambda = 0.01$ and plain gradient descent, how many steps halve a weight
#    whose data gradient is 0?
#
#    <details><summary>Answer</summary>
#
#    $(1 - 0.0005)^t = \frac12$ gives $t = \ln 2 / -\ln(0.9995) \approx 1386$ steps. (The lesson's 1,000
#    steps left 0.606 of such weights.)
#    </details>
#
# 4. A network trained with inverted dropout at $p = 0.8$ is deployed with its hidden outputs
#    multiplied by 0.8. What goes wrong, and what is right?
#
#    <details><summary>Answer</summary>
#
#    Inverted dropout already divided by $p$ during training, so the expected hidden outputs are the
#    plain ones: at evaluation the network is used as it is, with no mask and no scaling. Multiplying
#    by 0.8 again shrinks every hidden output by a fifth: less confident probabilities, a higher loss,
#    and in deeper networks a shrinking that compounds layer by layer.
#    </details>
#
# 5. In the grid, why choose by the mean validation loss over seeds rather than the single best run,
#    and why not by test accuracy?
#
#    <details><summary>Answer</summary>
#
#    A single run's validation loss moves with its seed; the single best run (width 32, seed 0)
#    belonged to a different setting from the best mean. The test set must stay out of every decision,
#    so that its one number at the end is an honest measurement; chosen on it, the test score flatters
#    and nothing untouched is left.
#    </details>
#
#
# Now practise in the exercise: [`exercises/12_regularisation.ipynb`](../exercises/12_regularisation.ipynb).
