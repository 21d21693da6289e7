# %% [markdown]
# # Lesson 7: The whole learning loop
#
# Lessons 1-6 built every piece a network needs to learn: the forward pass, a loss, the gradient by
# backpropagation, and the step of gradient descent with momentum. This lesson puts them together into the
# loop that every deep-learning library runs, and uses it on real data: images of handwritten digits,
# which a network learns to read better than a linear model does. Then the same loop, with another loss,
# fits a curve. Along the way: how to know when to stop, and how to measure honestly how good the result is.
#
# **You will:**
# 1. name the seven steps of learning: INIT, PREDICT, LOSS, GRADIENT, STEP, repeat, STOP;
# 2. write the whole loop yourself in about fifteen lines, and see that `nbtools.training.train` is the same loop;
# 3. split data into training, validation and test sets, and say what each one is for;
# 4. stop training when the validation loss stops improving, keeping the best parameters;
# 5. train a digit classifier (97.2% test accuracy on seed 0), compare it with logistic regression, and see
#    how much another seed moves that number;
# 6. watch training on a live dashboard, and read loss and accuracy curves, a confusion matrix and the digits
#    the network gets wrong;
# 7. train a regressor with the same loop, and see where its predictions can and cannot be trusted;
# 8. watch a network's decision boundary bend around two-dimensional data as it learns;
# 9. tell a limit of the architecture from a limit of the optimisation, deciding on the validation set.

# %% [markdown]
# ## Setup
# NumPy and matplotlib as always. From `nbtools` we take the pieces of lessons 2-6 (`init_network`,
# `forward`, `forward_with_cache`, `backward`, the losses, `Momentum` and `minibatches`), the data sets of
# this lesson (`nbtools.datasets`), once we have written it ourselves, the training loop
# (`nbtools.training`), and a dashboard to watch it run (`nbtools.dashboard`). From scikit-learn, which also
# supplies the digits, we take a logistic regression to compare with.
#
# The matrices here are small, so the linear algebra library (BLAS) is told to use one thread: that is
# faster for small products, and it adds up every sum in the same order on every run, so the results
# are reproducible to the last digit.

# %%
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from nbtools.backprop import backward, forward_with_cache
from nbtools.dashboard import TrainingDashboard
from nbtools.datasets import (
    DIGIT_IMAGE_SHAPE,
    WAVE_RANGE,
    load_digits_split,
    load_moons_split,
    load_wave_split,
    wave,
)
from nbtools.layers import forward, init_network
from nbtools.losses import LOSSES, mse, softmax
from nbtools.optimisers import Momentum, minibatches
from nbtools.training import accuracy, train

blas_threads = threadpool_limits(limits=1)

# %% [markdown]
# ## The seven steps
# Every network in this workbook, and every network trained by a deep-learning library, learns with the
# same loop. With all weights and biases collected in $\theta$:
#
# 1. **INIT**: start $\theta$ at random (weights with standard deviation $1/\sqrt{n_\text{in}}$, biases 0).
# 2. **PREDICT**: run the forward pass on a mini-batch of inputs, $\hat Y = f(X; \theta)$.
# 3. **LOSS**: measure how wrong the predictions are, $L(\hat Y, Y)$, one number.
# 4. **GRADIENT**: backpropagate to get $\nabla_\theta L$, one number per parameter.
# 5. **STEP**: move the parameters downhill, $\theta \leftarrow \theta - \eta\, \nabla_\theta L$ (or with
#    momentum: $v \leftarrow \alpha v - \eta\, \nabla_\theta L$, then $\theta \leftarrow \theta + v$).
# 6. **Repeat** steps 2-5 for every mini-batch (one *iteration* each); one pass over all the training data is
#    an *epoch*; then start the next epoch with freshly shuffled batches.
# 7. **STOP** when the loss is good enough, or when it no longer improves on data the network does not
#    train on. Then predict on new inputs.
#
# Only steps 2-5 touch the data, and they are lessons 2-6. This lesson is about the loop around them
# (steps 1, 6 and 7) and about measuring the result.

# %% [markdown]
# ## Handwritten digits
# scikit-learn comes with 1,797 small images of handwritten digits (they load offline). Each image was a
# 32x32 black-and-white scan, reduced to 8x8 by counting the inked pixels in each 4x4 block, so each pixel
# is a whole number from 0 (no ink) to 16 (full ink). `load_digits_split` flattens each image into a row of
# 64 numbers, divides them by 16 (so the inputs lie between 0 and 1, a good size for the weights of
# `init_network`), and splits the images into three parts. The targets come twice: as digits (`labels_*`)
# and as one-hot rows (`Y_*`) for the cross-entropy loss.

# %%
data = load_digits_split(seed=0)
for part in ["train", "validation", "test"]:
    X_part, Y_part = getattr(data, f"X_{part}"), getattr(data, f"Y_{part}")
    print(
        f"{part:<10}  X: {X_part.shape}  Y: {Y_part.shape}  labels: "
        f"{getattr(data, f'labels_{part}').shape}"
    )

# %% [markdown]
# Here are the first 24 training images, each with its label. Some are easy; some (a 1 or a 7? a 5 or a
# 9?) are not, even for us.

# %%
figure, axes = plt.subplots(3, 8, figsize=(8, 3.4))
for image, label, ax in zip(data.X_train, data.labels_train, axes.ravel()):
    ax.imshow(image.reshape(DIGIT_IMAGE_SHAPE), cmap="gray_r", vmin=0, vmax=1)
    ax.set_title(str(label))
    ax.axis("off")
figure.tight_layout()
plt.show()

# %% [markdown]
# *Figure, in words:* A grid of 24 training images of handwritten digits, 8 by 8 pixels each, dark strokes on
# white, each titled with its label.

# %% [markdown]
# ## Three sets, three jobs
# Why three parts? Because every decision made by looking at some data makes that data less fit to judge
# the result.
#
# - The **training set** (64% of the images) is what the parameters are fitted to: PREDICT, LOSS, GRADIENT
#   and STEP only ever see these images. The network can become very good at exactly these images, which
#   proves little.
# - The **validation set** (16%) is never used for a step, but we look at it after every epoch to decide
#   *when to stop* (and, in a larger project, to choose the learning rate or the network's size). Because
#   those decisions were made to suit it, it is no longer unseen once it has made them, and its score
#   ends up slightly flattering.
# - The **test set** (20%) is touched **once**, at the very end, to report how well the finished network
#   does on images it has never met. Use it for any decision and it no longer tells the truth.
#
# The split is *stratified*: each digit keeps its share in every part (the 360 test images hold between 35
# and 37 of each digit), so no part is short of some digit by bad luck. The counts of digits 0 to 9 in each
# part:

# %%
for part in ["train", "validation", "test"]:
    print(f"{part:<10}", np.bincount(getattr(data, f"labels_{part}")))

# %% [markdown]
# A caveat about this data set: the digits were written by a limited group of people, and a random split
# puts each person's digits in every part. So the test set measures new *images*, not new *handwriting*.
#
# ## The loop, written out
# Here is the whole learning loop as one function, with the seven steps as comments. Every line inside the
# epochs is a piece you built in lessons 2-6: `forward_with_cache` and `backward` (lesson 5), the loss and
# its gradient (lessons 3 and 4), `minibatches` and the optimiser's `step` (lesson 6). The loss is looked up
# by name in `LOSSES`, which pairs each loss with its gradient. This first version stops in one way only:
# when the training loss is good enough (or the epochs run out).


# %%
def fit(sizes, activations, loss, X, Y, optimiser, epochs, batch_size, rng,
        target_loss=0.0):
    """Train a new network on (X, Y); return it and the loss after each epoch."""
    loss_function, loss_gradient = LOSSES[loss]
    layers = init_network(sizes, rng)                                # 1 INIT
    parameters = [array for layer in layers for array in layer]
    losses = []
    for epoch in range(epochs):                                      # 6 REPEAT
        for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):  # per batch:
            Z, U = forward_with_cache(X_batch, layers, activations)  # 2 PREDICT
            dE_dY = loss_gradient(Z[-1], Y_batch)                    # 3 LOSS (slope)
            gradients = backward(dE_dY, U, Z, layers, activations)   # 4 GRADIENT
            # 5 STEP
            optimiser.step(parameters, [g for pair in gradients for g in pair])
        losses.append(loss_function(forward(X, layers, activations), Y))  # all data
        if losses[-1] <= target_loss:                                # 7 STOP
            break
    return layers, losses


# %% [markdown]
# Inside the epoch, the loss itself is never computed: a step needs only its *gradient*. The value is
# computed once per epoch, on the whole training set, to watch the progress (and to decide when to stop).
#
# Let's run it on the digits: 64 inputs, a hidden layer of 32 ReLU units, 10 outputs. The last layer has the
# identity activation: its outputs are the *logits*, and the loss `"softmax_cross_entropy"` applies the
# softmax itself (lesson 4). Momentum with $\eta = 0.02$, $\alpha = 0.9$, mini-batches of 32, five epochs.

# %%
layers, losses = fit(
    [64, 32, 10],
    ["relu", "identity"],
    "softmax_cross_entropy",
    data.X_train,
    data.Y_train,
    Momentum(0.02, 0.9),
    epochs=5,
    batch_size=32,
    rng=np.random.default_rng(1),
)
for epoch, loss in enumerate(losses, start=1):
    print(f"epoch {epoch}: training loss {loss:.4g}")

# %% [markdown]
# The loss falls epoch after epoch. For scale: a network that knew nothing and gave every digit the
# probability $\frac{1}{10}$ would have the loss $-\log\frac{1}{10} = \log 10 \approx 2.30$; after five epochs
# the loss is about a tenth of that.
#
# ### `nbtools.training.train` is the same loop
# The workbook's package has this loop as `train` (in `nbtools.training`). It takes the layers from
# `init_network` (you do the INIT), calls `loss_and_gradients` for PREDICT, LOSS and GRADIENT in one go,
# and returns a *history*: a dictionary of lists with one entry per epoch. Given the same seed it draws the
# same random numbers in the same order, so it must produce exactly the same losses:

# %%
rng = np.random.default_rng(1)
layers_train = init_network([64, 32, 10], rng)
history = train(
    layers_train,
    ["relu", "identity"],
    "softmax_cross_entropy",
    data.X_train,
    data.Y_train,
    Momentum(0.02, 0.9),
    epochs=5,
    batch_size=32,
    rng=rng,
)
print("same losses:", np.array_equal(losses, history["train_loss"]))
print(
    "same weights:",
    all(
        np.array_equal(W, W_train) for (W, _), (W_train, _) in zip(layers, layers_train)
    ),
)
print("history keys:", list(history))

# %% [markdown]
# Besides the losses, the history records the accuracy on the training set (the fraction of images whose
# largest output is at the right digit), the same two numbers for the validation set when it is given one,
# the number of iterations so far, and why training stopped.
#
# **Get it right: an epoch is not an iteration.** An iteration is one update, on one mini-batch; an epoch
# is one pass over all the training data. With 1,149 training images and batches of 32, an epoch is
# $\lceil 1149 / 32 \rceil = 36$ iterations (the last batch has only 29 images):

# %%
print("epochs:    ", history["epoch"])
print("iterations:", history["iterations"])

# %% [markdown]
# ## When to stop
# Training longer keeps lowering the *training* loss (with some jitter), eventually by memorising the
# training images, quirks and all. What we want is a low loss on images the network has not seen, and for
# that the validation set stands in. So after each epoch we also compute the validation loss
# $L_\text{val}(t)$, and stop with **patience** $p$: at epoch $t$, with $t^*$ the epoch of the best validation
# loss so far,
#
# $$\text{stop if } t - t^* \ge p, \qquad t^* = \operatorname*{arg\,min}_{s \le t} L_\text{val}(s),$$
#
# that is, when the validation loss has not improved for $p$ epochs in a row. Then we **restore the parameters
# of epoch $t^*$**: the last $p$ epochs brought no improvement on the validation data. (A little patience is
# needed because the validation loss jitters from epoch to epoch: one worse epoch is not yet a trend.)
#
# `train` does this when given `validation=(X_val, Y_val)` and `patience=p`; it also stops when the
# training loss reaches `target_loss`, our first rule.
#
# ### Watching it learn
# Training a real network takes a while, so it should show its progress. `train` calls `on_epoch(history)`
# after every epoch, with the history so far: any function of the history can show the progress, from a
# printed line to a live plot. The workbook's `TrainingDashboard` (in `nbtools.dashboard`) shows both: a
# progress bar (the epochs run, out of the budget) with the latest losses and accuracies, above the loss
# and accuracy curves, redrawn while training runs. Its `update(history)` is the function `train` calls;
# its `finish(history)`, called when `train` returns, adds why training stopped, which `train` decides
# only after its last call.
#
# ## Training the digit classifier
# Now the real run: a hidden layer of 256 ReLU units (64-256-10, about 19,000 parameters: the cell after
# it counts them), momentum with
# $\eta = 0.02$ and $\alpha = 0.9$, mini-batches of 32, at most 100 epochs, patience 15.
#
# **Try it.** Watch the dashboard while the cell runs: the training loss falls steadily while the
# validation loss soon flattens out, and the bar stops well before 100 epochs. Then rerun the cell with
# `patience=50` and watch what the validation loss does in the extra epochs.

# %% tags=["nbval-ignore-output"]
rng = np.random.default_rng(0)
sizes, activations = [64, 256, 10], ["relu", "identity"]
network = init_network(sizes, rng)                                           # 1 INIT
dashboard = TrainingDashboard(epochs=100)
display(dashboard)
history = train(
    network,
    activations,
    "softmax_cross_entropy",
    data.X_train,
    data.Y_train,
    Momentum(0.02, 0.9),
    epochs=100,
    batch_size=32,
    rng=rng,
    validation=(data.X_validation, data.Y_validation),
    patience=15,
    on_epoch=dashboard.update,
)
dashboard.finish(history)

# %% [markdown]
# The same numbers, from the history: the network's size, why training stopped, the epoch whose parameters
# were kept (the one with the lowest validation loss, $t^*$), and the validation loss along the way.

# %%
best_epoch = int(np.argmin(history["validation_loss"])) + 1
print(f"{sum(W.size + b.size for W, b in network):,} parameters")
print(f"Stopped: {history['stopped']}. Parameters kept from epoch {best_epoch}, "
      f"after {history['iterations'][best_epoch - 1]} iterations.")
print(
    f"At epoch {best_epoch}: loss train {history['train_loss'][best_epoch - 1]:.4f}, "
    f"validation {history['validation_loss'][best_epoch - 1]:.4f}; accuracy train "
    f"{history['train_accuracy'][best_epoch - 1]:.1%}, validation "
    f"{history['validation_accuracy'][best_epoch - 1]:.1%}"
)
early = ", ".join(
    f"{history['validation_loss'][epoch - 1]:.4f}" for epoch in (1, 5, 10, 15)
)
print(
    f"validation loss after epochs 1, 5, 10, 15: {early}; "
    f"at the last epoch ({history['epoch'][-1]}): {history['validation_loss'][-1]:.4f}"
)

# %% [markdown]
# ## Loss and accuracy curves
# The dashboard drew the curves as training ran; the history holds everything needed to draw them again,
# here with the epoch whose parameters were kept marked by a dotted vertical line, and the accuracy axis
# zoomed in on 90-100%.

# %%
figure, (loss_axes, accuracy_axes) = plt.subplots(1, 2, figsize=(11, 3.8))
for part, style in [("train", "-"), ("validation", "--")]:
    loss_axes.plot(history["epoch"], history[f"{part}_loss"], style, label=part)
    accuracy_axes.plot(
        history["epoch"], 100 * np.array(history[f"{part}_accuracy"]), style, label=part
    )
for ax in (loss_axes, accuracy_axes):
    ax.axvline(
        best_epoch, color="grey", linestyle=":", label=f"best epoch ({best_epoch})"
    )
    ax.set_xlabel("epoch")
    ax.legend()
loss_axes.set_yscale("log")
loss_axes.set_ylabel("cross-entropy loss (log scale)")
accuracy_axes.set_ylabel("accuracy (%)")
accuracy_axes.set_ylim(90, 100.5)
figure.tight_layout()
plt.show()

# %% [markdown]
# *Figure, in words:* Two panels against the epoch, training solid and validation dashed, with the best epoch
# marked by a dotted line. Left: the cross-entropy loss on a log scale; both fall, and the validation loss
# flattens and starts to rise after the best epoch. Right: the accuracy in percent, between 90 and 100; both
# rise quickly and the validation accuracy levels off.

# %% [markdown]
# Read the two panels together. The training loss keeps falling towards 0: the network learns the training
# images ever more exactly and gets nearly all of them right (99.8% at the best epoch). The validation loss
# falls fast at first (0.92 after epoch 1, 0.15 after epoch 10), then levels off: from epoch 15 to the best
# epoch, 28, it drops only from 0.145 to 0.134, and by epoch 43 it is back at 0.144. From there on, what the
# network learns about the training images no
# longer helps with new ones (it begins to *overfit*: fit the training set's particulars rather than what
# digits have in common). On such a plateau, which epoch comes out best is partly chance; what matters is
# that training stopped there instead of running on for all 100 epochs. The validation accuracy (the
# axis starts at 90%) plateaus too, jumping between neighbouring values: accuracy only counts right or
# wrong, while the loss also measures how confident each answer is, so the loss is the finer signal to stop on.
#
# ## The test set, once
# Only now, with training finished and every decision made, do we measure the network on the test set:

# %%
test_output = forward(data.X_test, network, activations)
test_accuracy = accuracy(test_output, data.Y_test)
n_test = len(data.X_test)
print(
    f"test accuracy: {test_accuracy:.1%} ({round(test_accuracy * n_test)} of {n_test} "
    f"images right)"
)

# %% [markdown]
# ### Is that good? A baseline
# A number means little without a comparison. The simplest serious classifier for this task is
# **logistic regression**: a weighted sum of the 64 pixels for each digit, then the softmax, trained to
# minimise cross-entropy. That is a 64-10 network without a hidden layer. scikit-learn's version is not
# plain: by default it adds an L2 penalty on the weights (`C = 1`), which we keep; we only raise `max_iter`
# from its default of 100 to 5000 so that the solver converges. It gets the same training images; for good measure, also the training and validation
# images together, since it has no stopping rule to feed.

# %%
logistic = LogisticRegression(max_iter=5000).fit(data.X_train, data.labels_train)
logistic_accuracy = logistic.score(data.X_test, data.labels_test)
X_train_and_validation = np.vstack([data.X_train, data.X_validation])
labels_train_and_validation = np.concatenate(
    [data.labels_train, data.labels_validation]
)
logistic_more_data = LogisticRegression(max_iter=5000).fit(
    X_train_and_validation, labels_train_and_validation
)
print(f"logistic regression, training images:               {logistic_accuracy:.1%}")
print(f"logistic regression, training and validation images: "
      f"{logistic_more_data.score(data.X_test, data.labels_test):.1%}")
unregularised = LogisticRegression(C=np.inf, max_iter=5000).fit(
    data.X_train, data.labels_train
)
print(
    f"  the same without the L2 penalty:                  "
    f"{unregularised.score(data.X_test, data.labels_test):.1%}"
)
print(f"network 64-256-10, training images:                 {test_accuracy:.1%}")

# %% [markdown]
# The hidden layer pays off: the network makes fewer mistakes than logistic regression. But look at the size
# of the gap: on 360 test images one image is $1/360 \approx 0.28$ percentage points, so the difference is a
# handful of images, and another seed (another initialisation and other mini-batches) moves the network's
# score by a few images as well (by up to 4 on the six seeds below). A small test set gives a rough
# measurement; with a difference this small, repeating the experiment with several seeds is the honest next
# step. So here it is: the same recipe (64-256-10, the same optimiser, patience 15) from six seeds, each its
# own initialisation and its own mini-batches, counted on the same 360 test images.
# %%
def digits_test_correct(seed):
    """Test images right after training the lesson's digits network from ``seed``."""
    rng = np.random.default_rng(seed)
    network = init_network(sizes, rng)
    train(
        network,
        activations,
        "softmax_cross_entropy",
        data.X_train,
        data.Y_train,
        Momentum(0.02, 0.9),
        epochs=100,
        batch_size=32,
        rng=rng,
        validation=(data.X_validation, data.Y_validation),
        patience=15,
    )
    return round(
        accuracy(forward(data.X_test, network, activations), data.Y_test) * n_test
    )


correct_by_seed = [digits_test_correct(seed) for seed in range(6)]
logistic_correct = round(logistic_accuracy * n_test)
print(
    f"network, seeds 0-5: {correct_by_seed} of {n_test} right; logistic regression: "
    f"{logistic_correct}"
)
print(
    f"network beats logistic regression on "
    f"{sum(c > logistic_correct for c in correct_by_seed)} of 6 seeds, "
    f"ties on {sum(c == logistic_correct for c in correct_by_seed)}"
)

# %% [markdown]
# Seed 0's 97.2% is at the top of the range, not typical of it: across the six seeds the network gets
# between 346 and 350 of the 360 images right (96.1% to 97.2%). It beats logistic regression's 347 on four
# seeds, ties on one and is an image behind on another (seed 3). The hidden layer helps on most seeds, by a
# few images; "the network beats logistic regression" holds on this test set for most seeds, not for all.
#
# ## The confusion matrix
# Accuracy says how many images are wrong, not which. A **confusion matrix** $C$ counts, for every pair of
# digits, how often an image of digit $i$ was predicted as digit $j$: rows are the true digits, columns
# the predicted ones. The diagonal holds the right answers; everything off it is a mistake. In NumPy,
# `np.add.at` adds 1 at every (true, predicted) pair, counting a pair that occurs several times once per
# occurrence (a plain `C[true, predicted] += 1` would count it only once).

# %%
predicted = np.argmax(test_output, axis=1)
confusion = np.zeros((10, 10), dtype=int)
np.add.at(confusion, (data.labels_test, predicted), 1)
print(confusion)
print("right answers on the diagonal:", np.trace(confusion), "of", confusion.sum())
off_diagonal = np.where(np.eye(10, dtype=bool), 0, confusion)
true_digit, predicted_digit = np.unravel_index(
    np.argmax(off_diagonal), off_diagonal.shape
)
print(
    f"most frequent mistake: true digit {true_digit} predicted as {predicted_digit}, "
    f"{off_diagonal.max()} times"
)

# %% [markdown]
# Drawn as a picture, with the counts written in, the mistakes stand out: only the off-diagonal cells are
# coloured, so that a single mistake is visible next to the diagonal's counts in the thirties.

# %%
figure, ax = plt.subplots(figsize=(5.5, 5))
ax.imshow(off_diagonal, cmap="Reds", vmin=0, vmax=max(off_diagonal.max(), 1))
for true_digit in range(10):
    for predicted_digit in range(10):
        count = confusion[true_digit, predicted_digit]
        if count:
            on_diagonal = true_digit == predicted_digit
            ax.text(predicted_digit, true_digit, count, ha="center", va="center",
                    fontweight="normal" if on_diagonal else "bold", color="black")
ax.set_xticks(range(10))
ax.set_yticks(range(10))
ax.set_xlabel("predicted digit")
ax.set_ylabel("true digit")
ax.set_title("Confusion matrix (test set)")
plt.show()

# %% [markdown]
# *Figure, in words:* The confusion matrix of the test set: a 10 by 10 grid, rows the true digit and columns
# the predicted one. The diagonal holds the counts read right (about 36 each); the few mistakes, off the
# diagonal, are shaded red and printed in bold.

# %% [markdown]
# ## The digits it gets wrong
# Looking at the mistakes themselves is the quickest way to understand a classifier. Here is every test
# image the network got wrong, with the true digit, the predicted one, and the probability the softmax gave
# the prediction.

# %%
probabilities = softmax(test_output)
wrong = np.flatnonzero(predicted != data.labels_test)
columns = 5
rows = int(np.ceil(len(wrong) / columns))
figure, axes = plt.subplots(rows, columns, figsize=(8, 1.9 * rows), squeeze=False)
for ax in axes.ravel():
    ax.axis("off")
for index, ax in zip(wrong, axes.ravel()):
    ax.imshow(
        data.X_test[index].reshape(DIGIT_IMAGE_SHAPE), cmap="gray_r", vmin=0, vmax=1
    )
    ax.set_title(f"true {data.labels_test[index]}, said {predicted[index]}\n"
                 f"p = {probabilities[index, predicted[index]]:.2f}", fontsize=9)
figure.tight_layout()
plt.show()
wrong_probabilities = np.sort(probabilities[wrong, predicted[wrong]])
print("probability given to each wrong prediction:", np.round(wrong_probabilities, 2))

# %% [markdown]
# *Figure, in words:* The test images the network read wrongly, one per panel, each titled with its true
# digit, the digit it said and the probability it gave that wrong answer.

# %% [markdown]
# Several of these are hard even for a person at 8x8 pixels. A network that is wrong is not always unsure,
# though: some mistakes come with a probability above 0.9. The softmax outputs are the network's estimate,
# not a guarantee.
#
# ## Prediction on unseen inputs
# The trained network is a function: any 8x8 image in, ten probabilities out. Here is a digit it has never
# seen, because we draw it ourselves, pixel by pixel, on the 0-16 ink scale of the data set: a 7.

# %%
drawn_seven = np.array([
    [0, 2, 10, 16, 16, 16, 14, 1],
    [0, 2, 9, 8, 8, 13, 15, 1],
    [0, 0, 0, 0, 3, 15, 6, 0],
    [0, 0, 0, 1, 12, 12, 0, 0],
    [0, 0, 3, 12, 16, 13, 5, 0],
    [0, 0, 4, 15, 8, 2, 0, 0],
    [0, 0, 8, 12, 0, 0, 0, 0],
    [0, 0, 12, 6, 0, 0, 0, 0],
]) / 16
drawn_probabilities = softmax(
    forward(drawn_seven.reshape(1, 64), network, activations)
)[0]

figure, (image_axes, bar_axes) = plt.subplots(
    1, 2, figsize=(8, 2.8), gridspec_kw={"width_ratios": [1, 2.5]}
)
image_axes.imshow(drawn_seven, cmap="gray_r", vmin=0, vmax=1)
image_axes.axis("off")
bar_axes.bar(range(10), drawn_probabilities)
bar_axes.set_xticks(range(10))
bar_axes.set_xlabel("digit")
bar_axes.set_ylabel("probability")
figure.tight_layout()
plt.show()
print(
    f"predicted: {np.argmax(drawn_probabilities)}, with probability "
    f"{drawn_probabilities.max():.2f}"
)

# %% [markdown]
# *Figure, in words:* Left: a hand-drawn seven, 8 by 8 pixels. Right: the network's probabilities for the ten
# digits as bars; the bar of the predicted digit is by far the tallest (the printed line below gives it).

# %% [markdown]
# The same works for a whole batch of new images at once: stack them as rows, one `forward`, one `argmax`
# per row.
#
# ## A regressor: the same loop, another loss
# Nothing in the loop is specific to classification. To predict a *number*, give the network one output
# with the identity activation and use the mean squared error (lesson 3). Our data are clearly synthetic, so
# that we know the truth: 200 points $x$ drawn uniformly from $[-3, 3]$, with
#
# $$y = \sin(1.5x) + \frac{x}{3} + \varepsilon, \qquad \varepsilon \sim \mathcal{N}(0, 0.2^2),$$
#
# where the noise $\varepsilon$ stands for everything a real measurement gets wrong. They are split at
# random into 128 training, 32 validation and 40 test points (shapes (n, 1) each).

# %%
waves = load_wave_split(seed=0)
print(
    "train",
    waves.X_train.shape,
    " validation",
    waves.X_validation.shape,
    " test",
    waves.X_test.shape,
)

# %% [markdown]
# A 1-32-1 network with tanh hidden units, the same `train`, the loss `"mse"`. The data set is small, so an
# epoch is only 8 iterations: it gets more epochs (at most 300) and more patience (50). Its dashboard shows
# only the losses (`accuracy=False`): a regressor has no accuracy.

# %% tags=["nbval-ignore-output"]
rng = np.random.default_rng(0)
regressor, regressor_activations = init_network([1, 32, 1], rng), ["tanh", "identity"]
regression_dashboard = TrainingDashboard(epochs=300, accuracy=False)
display(regression_dashboard)
regression_history = train(
    regressor,
    regressor_activations,
    "mse",
    waves.X_train,
    waves.Y_train,
    Momentum(0.05, 0.9),
    epochs=300,
    batch_size=16,
    rng=rng,
    validation=(waves.X_validation, waves.Y_validation),
    patience=50,
    on_epoch=regression_dashboard.update,
)
regression_dashboard.finish(regression_history)

# %% [markdown]
# The losses jump up and down from one epoch to the next: for this network, steps of $\eta = 0.05$ with
# momentum are large. A patience of 50 rides out the jumps. Why it stopped, from the history:

# %%
print(f"Stopped: {regression_history['stopped']}.")

# %% [markdown]
# How much of the jumping is the step size? The same network with $\eta = 0.01$, from three seeds each.
# To measure the jumps, take the relative change of the training loss from one epoch to the next,
# $|L(t) - L(t-1)| / L(t-1)$, and its median over the run.

# %%
def regression_run(learning_rate, seed):
    """Train the 1-32-1 regressor from ``seed``; return its history."""
    rng = np.random.default_rng(seed)
    layers = init_network([1, 32, 1], rng)
    return train(layers, regressor_activations, "mse", waves.X_train, waves.Y_train,
                 Momentum(learning_rate, 0.9), epochs=300, batch_size=16, rng=rng,
                 validation=(waves.X_validation, waves.Y_validation), patience=50)


for learning_rate in [0.05, 0.01]:
    for seed in range(3):
        run = regression_run(learning_rate, seed)
        train_loss, validation_loss = (
            np.array(run["train_loss"]),
            run["validation_loss"],
        )
        jump = np.median(np.abs(np.diff(train_loss)) / train_loss[:-1])
        best = int(np.argmin(validation_loss)) + 1
        print(
            f"eta {learning_rate}, seed {seed}: median jump {jump:.0%}; "
            f"{len(train_loss):>3} epochs; "
            f"best validation loss {validation_loss[best - 1]:.4f} at epoch {best:>3}, "
            f"{validation_loss[-1]:.4f} at the last"
        )

# %% [markdown]
# On all three seeds the smaller step shrinks the typical jump by a factor of 3 to 6, from 29-36% of the loss
# to 6-11%, and it does not change where training ends up: the best validation loss is 0.061-0.063 at either
# rate. It does not make early stopping unnecessary either: with $\eta = 0.01$ the validation loss of seed 0
# is best at epoch 265 and has drifted up by epoch 300, seed 1 stops on its patience at epoch 190, and seed 2
# is best at epoch 279.
#
# ### Prediction against truth
# Two pictures. On the left, the network's prediction for every $x$ (a dense grid of unseen inputs),
# the true function and the data. On the right, each test point's prediction against its measured value:
# a perfect predictor would put every point on the diagonal. The grid runs a little past the training range
# $[-3, 3]$ (shaded outside) on purpose.

# %%
x_grid = np.linspace(-4.5, 4.5, 301).reshape(-1, 1)
y_grid = forward(x_grid, regressor, regressor_activations)
test_prediction = forward(waves.X_test, regressor, regressor_activations)

figure, (curve_axes, truth_axes) = plt.subplots(1, 2, figsize=(11, 4))
curve_axes.axvspan(
    x_grid[0, 0],
    WAVE_RANGE[0],
    color="grey",
    alpha=0.15,
    label="outside the training range",
)
curve_axes.axvspan(WAVE_RANGE[1], x_grid[-1, 0], color="grey", alpha=0.15)
curve_axes.plot(
    waves.X_train,
    waves.Y_train,
    ".",
    color="tab:blue",
    alpha=0.6,
    label="training data",
)
curve_axes.plot(x_grid, wave(x_grid), color="black", linewidth=1, label="true function")
curve_axes.plot(x_grid, y_grid, color="tab:orange", linewidth=2, label="network")
curve_axes.set_xlabel("x")
curve_axes.set_ylabel("y")
curve_axes.legend(fontsize=8, loc="upper left")
truth_axes.plot(waves.Y_test, test_prediction, "o", color="tab:orange")
limits = [
    min(waves.Y_test.min(), test_prediction.min()) - 0.2,
    max(waves.Y_test.max(), test_prediction.max()) + 0.2,
]
truth_axes.plot(
    limits, limits, color="grey", linewidth=1, label="prediction = measured value"
)
truth_axes.set_xlabel("measured y (test set)")
truth_axes.set_ylabel("predicted y")
truth_axes.set_aspect("equal")
truth_axes.legend(fontsize=8, loc="upper left")
figure.tight_layout()
plt.show()
gap = np.abs(y_grid - wave(x_grid)).ravel()
inside = (x_grid.ravel() >= WAVE_RANGE[0]) & (x_grid.ravel() <= WAVE_RANGE[1])
print(
    f"largest gap between network and true function: {gap[inside].max():.2f} inside "
    f"the training range, "
    f"{gap[~inside].max():.2f} outside it"
)

# %% [markdown]
# *Figure, in words:* Two panels. Left: the wave's training data (blue dots), the true function (black) and
# the network's curve (orange) for x from -4.5 to 4.5, with the parts outside the training range shaded:
# inside the range the network follows the wave closely, outside it goes its own way. Right: the predicted
# against the measured y of the test set, with the line where they are equal: the points lie close to it.

# %% [markdown]
# Inside the training range the network follows the true curve closely (never more than 0.15 away, less
# than the noise's standard deviation of 0.2); it has learned the function, not the noise. Outside it, the
# network just continues in some direction it was never told about, here differently from the true
# function (by up to 2.80 on the grid): a network's predictions are trustworthy only where it has seen
# data.
#
# How good is it in numbers? The test MSE, next to two references: a straight line fitted by least squares
# (the best any network *without* a hidden layer could do), and the noise itself, $0.2^2 = 0.04$, which no
# predictor can remove on average (on these 40 test points the true function itself scores a little more).

# %%
design = np.hstack([waves.X_train, np.ones_like(waves.X_train)])
slope_and_intercept, *_ = np.linalg.lstsq(design, waves.Y_train, rcond=None)
line_prediction = (
    np.hstack([waves.X_test, np.ones_like(waves.X_test)]) @ slope_and_intercept
)
print(f"test MSE, network 1-32-1:  {mse(test_prediction, waves.Y_test):.4f}")
print(f"test MSE, straight line:   {mse(line_prediction, waves.Y_test):.4f}")
print(f"test MSE, true function:   {mse(wave(waves.X_test), waves.Y_test):.4f}")

# %% [markdown]
# ## A decision boundary, drawn as it learns
# The digits live in 64 dimensions, so we cannot look at what the network does with its inputs. With two
# inputs we can. `load_moons_split` makes 300 points $x = (x_1, x_2)$ in two interleaved half-moons: class 0
# on the upper half of a circle, class 1 on the lower half of another circle that reaches into the first
# one's hollow, each point moved by Gaussian noise of standard deviation 0.2. They are split, half of each
# class in every part, into 192 training, 48 validation and 60 test points.

# %%
moons = load_moons_split(seed=0)
print(
    "train",
    moons.X_train.shape,
    " validation",
    moons.X_validation.shape,
    " test",
    moons.X_test.shape,
)
print("points of class 0 and 1 in the training set:", np.bincount(moons.labels_train))

# %% [markdown]
# A classifier predicts at every point $x$ of the plane the class with the largest output,
# $\hat k(x) = \arg\max_k \hat y_k(x)$. The line between the regions of two classes, where
# $\hat y_0(x) = \hat y_1(x)$, is the **decision boundary**. For a network without a hidden layer,
# $\hat y_0 - \hat y_1$ is a weighted sum of $x_1$ and $x_2$ plus a bias, so its boundary is a straight
# line; no straight line separates the moons. Given the network, `TrainingDashboard` adds a third panel
# that colours a 150 x 150 grid of points by the predicted class, draws the training points on top, and
# redraws it as the network learns.
#
# The network: 2-8-2 with tanh hidden units, momentum with $\eta = 0.02$ and $\alpha = 0.9$, mini-batches of
# 16, at most 300 epochs, patience 30. It is so small that its training takes a fraction of a second, so
# here the dashboard draws every epoch (`interval=0`), which stretches the run to a few seconds.
#
# **What to watch.** For the first few dozen epochs the boundary is nearly straight: the network does what
# a linear model would, and gets most, but under 90%, of the training points right (on this seed until
# epoch 38; the cell after it prints when). Then the boundary bends into an S between the moons, and the
# accuracy climbs with it.
#
# **Try it.** Rerun the cell with 2 hidden units instead of 8 (`[2, 2, 2]`): how much can two tanh units
# bend the boundary? Then try 32 units, or the learning rate 0.1 or 0.005, and compare the boundaries and
# how many epochs each needs.

# %% tags=["nbval-ignore-output"]
rng = np.random.default_rng(0)
moon_network, moon_activations = init_network([2, 8, 2], rng), ["tanh", "identity"]
moon_dashboard = TrainingDashboard(
    epochs=300,
    network=(moon_network, moon_activations),
    points=(moons.X_train, moons.labels_train),
    interval=0,
)
display(moon_dashboard)
moon_history = train(
    moon_network,
    moon_activations,
    "softmax_cross_entropy",
    moons.X_train,
    moons.Y_train,
    Momentum(0.02, 0.9),
    epochs=300,
    batch_size=16,
    rng=rng,
    validation=(moons.X_validation, moons.Y_validation),
    patience=30,
    on_epoch=moon_dashboard.update,
)
moon_dashboard.finish(moon_history)

# %% [markdown]
# The result on the 60 test points, next to logistic regression, whose boundary is a straight line:

# %%
moon_logistic = LogisticRegression().fit(moons.X_train, moons.labels_train)
print(f"Stopped: {moon_history['stopped']}.")
first_90 = next(
    epoch
    for epoch, value in zip(moon_history["epoch"], moon_history["train_accuracy"])
    if value >= 0.9
)
print(f"training accuracy first reached 90% at epoch {first_90}")
moon_test_output = forward(moons.X_test, moon_network, moon_activations)
print(
    f"test accuracy, network 2-8-2:        "
    f"{accuracy(moon_test_output, moons.Y_test):.1%}"
)
print(
    f"test accuracy, logistic regression:  "
    f"{moon_logistic.score(moons.X_test, moons.labels_test):.1%}"
)

# %% [markdown]
# ## Get it right
# **Choosing an architecture is a separate question from optimisation.** The architecture (how many layers,
# how many units, which activations) decides which functions the network *can* represent; optimisation
# (the loss, the optimiser, its learning rate, the batch size, when to stop) decides how well training
# *finds* good parameters among them. A disappointing result can come from either, and the remedies
# differ. So before blaming an architecture, rule out the optimiser: each run must end because its
# validation loss stopped improving (its patience ran out), not because the epoch budget did, and more
# than one seed must agree. And choosing an architecture is a decision, so it is made on the validation
# set; the test set stays for the single final report.
#
# Two helpers: one trains a new network with early stopping and returns its history, the other prints how
# a run ended and its best epoch. Neither looks at the test set.


# %%
def early_stopped_run(
    data, sizes, hidden, learning_rate, epochs, batch_size, patience, seed
):
    """Train a new network on ``data``, stopping early on its validation set; return the
    history."""
    rng = np.random.default_rng(seed)
    layers = init_network(sizes, rng)
    names = [hidden] * (len(sizes) - 2) + ["identity"]
    return train(
        layers,
        names,
        "softmax_cross_entropy",
        data.X_train,
        data.Y_train,
        Momentum(learning_rate, 0.9),
        epochs=epochs,
        batch_size=batch_size,
        rng=rng,
        validation=(data.X_validation, data.Y_validation),
        patience=patience,
    )


def describe(name, seed, run, n_validation):
    """Print how ``run`` ended, and its best epoch's validation loss and accuracy."""
    best = int(np.argmin(run["validation_loss"]))
    ended_by = "budget" if run["stopped"] == "after the last epoch" else "patience"
    right = round(run["validation_accuracy"][best] * n_validation)
    print(
        f"{name:<9} seed {seed}: {len(run['epoch']):>4} epochs, ended by its "
        f"{ended_by:<8}; "
        f"best epoch {best + 1:>4}: validation loss "
        f"{run['validation_loss'][best]:.4f}, "
        f"{right:>3} of {n_validation} right; training accuracy "
        f"{run['train_accuracy'][best]:.1%}"
    )

# %% [markdown]
# **Where capacity binds: the moons.** Four architectures, from none to 32 hidden tanh units, each from
# three seeds, with the optimiser of the moons section and a budget of 2,000 epochs (patience 30). Next to
# them, scikit-learn's logistic regression without its penalty, whose solver runs to convergence: the best
# straight boundary.

# %%
for sizes in [[2, 2], [2, 2, 2], [2, 8, 2], [2, 32, 2]]:
    for seed in range(3):
        run = early_stopped_run(moons, sizes, "tanh", 0.02, 2000, 16, 30, seed)
        describe("-".join(map(str, sizes)), seed, run, len(moons.X_validation))
moon_line = LogisticRegression(C=np.inf).fit(moons.X_train, moons.labels_train)
line_right = round(
    moon_line.score(moons.X_validation, moons.labels_validation)
    * len(moons.X_validation)
)
print(
    f"logistic regression without penalty: training accuracy "
    f"{moon_line.score(moons.X_train, moons.labels_train):.1%}, {line_right} of 48 "
    f"validation right"
)

# %% [markdown]
# Every run ended on its patience, far inside its budget, so no number here is the budget's. Without a hidden
# layer, the three seeds end at the same validation loss, 0.394, with 85.4% of the training points right:
# three different starts agree because training has found the best straight line there is. scikit-learn's
# solver, run to convergence, gets 86.5% of the training points and the same 38 of 48 validation points: no
# straight line does much better. That network's limit is its architecture, a straight boundary. Two tanh
# units bend it a little (validation loss 0.37-0.39, still 38 of 48); eight cut it to 0.218-0.227 on every seed
# and get 44-46 of 48 right; 32 do about as well as eight (0.20-0.23, 45-46 of 48). Here capacity binds, and a
# hidden layer of 8 units lifts the limit. Decided on the validation set: a hidden layer of 8 or 32 units, and
# 8 comes within 0.02 of 32 on every seed at a quarter of the size, so the moons section's 2-8-2 is a sound
# choice. Its test accuracy was measured once, there (100%, against 91.7% for logistic regression), and it
# is not consulted here.
#
# **Where it barely binds: the digits.** The network without a hidden layer (64-10, logistic regression
# again) with a budget of 100 epochs and with one of 2,000 it never reaches; the 64-256-10 network of
# this lesson; and that network with a learning rate 100 times too small and 20 epochs. Three seeds each,
# patience 15, 288 validation images.

# %%
digit_runs = [
    ("64-10", [64, 10], 0.02, 100),
    ("64-10", [64, 10], 0.02, 2000),
    ("64-256-10", [64, 256, 10], 0.02, 100),
    ("64-256-10", [64, 256, 10], 0.0002, 20),
]
for name, sizes, learning_rate, epochs in digit_runs:
    print(f"{name}, learning rate {learning_rate}, budget {epochs} epochs:")
    for seed in range(3):
        run = early_stopped_run(
            data, sizes, "relu", learning_rate, epochs, 32, 15, seed
        )
        describe(name, seed, run, len(data.X_validation))

# %% [markdown]
# With 100 epochs, the network without a hidden layer runs out of budget with its best epoch at 99 or 100:
# it was still improving, so those runs measure the budget, not the architecture. With a budget it never
# reaches, it stops on its patience after 213 to 292 epochs at a validation loss of 0.147-0.148, against
# 0.133-0.138 for 64-256-10, and gets 277-279 of the 288 validation images right against 280-281: 2 or 3
# images behind on each seed. On the digits, then, capacity barely binds: a linear model is nearly
# enough, and the hidden layer buys a few images. Decided on the validation set, 64-256-10 is still the
# choice (the lower validation loss on every seed), by a margin small enough that the simpler model would
# be a defensible choice too. The last runs show an optimisation limit beyond doubt: the right
# architecture with a learning rate 100 times too small runs out of its 20 epochs at a validation loss of
# 1.73-1.85, still falling; its remedy is a suitable learning rate (or far more epochs), not another
# architecture.

# %% [markdown]
# **Random initialisation breaks the symmetry.** Why not start every weight at the same value? Then every
# hidden unit computes the same sum, gets the same delta, receives the same update, and stays a copy of the
# others for ever: 256 units that act as one. The random start is what lets units become different. (The
# universal approximation theorem says that a wide enough network with one hidden layer can approximate
# any continuous function on a bounded region as closely as we like; it promises that such weights exist,
# not that training from any starting point finds them.) A quick check, starting every weight at 0.01:

# %%
rng = np.random.default_rng(0)
clones = [(np.full_like(W, 0.01), b) for W, b in init_network([64, 256, 10], rng)]
train(
    clones,
    activations,
    "softmax_cross_entropy",
    data.X_train,
    data.Y_train,
    Momentum(0.02, 0.9),
    epochs=5,
    batch_size=32,
    rng=rng,
)
W1 = clones[0][0]
print(
    "all 256 hidden units have identical weights after 5 epochs:",
    bool(np.all(W1 == W1[:, :1])),
)
print(
    f"test accuracy: "
    f"{accuracy(forward(data.X_test, clones, activations), data.Y_test):.1%}"
)

# %% [markdown]
# **An epoch is not an iteration** (seen above): the digits run made 36 iterations per epoch. "Trained for
# 50 epochs" and "trained for 50 iterations" differ by a factor of 36 here.
#
# ## Summary
# - Learning is one loop: **INIT** the parameters at random; **PREDICT** a mini-batch; measure its
#   **LOSS**; backpropagate the **GRADIENT**; **STEP** downhill; **repeat** for every mini-batch (an
#   iteration) and every pass over the data (an epoch); **STOP** when the loss is good enough or the
#   validation loss stops improving.
# - `nbtools.training.train` is that loop with both stopping rules; it returns a history of losses and
#   accuracies per epoch and calls `on_epoch(history)` after each epoch, for progress displays such as
#   `TrainingDashboard`.
# - Three sets, three jobs: the **training** set fits the parameters, the **validation** set decides when to
#   stop (and which settings to use), and is no longer unseen once it has; the **test** set is touched once
#   to report the result.
# - Early stopping with patience $p$: stop when the best validation loss is $p$ epochs old, and restore the
#   parameters of that best epoch.
# - A 64-256-10 ReLU network reached 97.2% test accuracy on the digits (350 of 360 images) on seed 0, logistic
#   regression (a network without a hidden layer) 96.4%. On 360 test images each image is 0.28 points; six
#   seeds gave 346 to 350 images right, and two of them no more than logistic regression's 347.
# - The confusion matrix (rows: true class, columns: predicted class) and the wrong images show *which*
#   mistakes a classifier makes.
# - The same loop with one identity output and the MSE is a regressor; its predictions are trustworthy inside
#   the range of its training data, not outside.
# - A classifier's decision boundary separates the regions where different classes win. Without a hidden
#   layer it is a straight line; the hidden units let it bend, as the dashboard showed on the moons.
# - The architecture decides what a network can represent; the optimisation decides whether training finds
#   it. To blame the architecture, first rule out the optimiser (runs ended by their patience, on several
#   seeds) and compare on the validation set. On the moons a hidden layer cuts the validation loss from
#   0.394 to about 0.22; on the digits, given enough epochs, the network without one is only 2 or 3 of 288
#   validation images behind. Random initialisation breaks the symmetry between units.
#
# ## Questions
# 1. Which of the seven steps use the training data, which use the validation data, and when is the test
#    data used? What goes wrong if the test set decides when to stop?
#
#    <details><summary>Answer</summary>
#
#    PREDICT, LOSS, GRADIENT and STEP use only the training data. The validation data serves STOP: after
#    each epoch its loss decides whether to go on and which epoch's parameters to keep. The test data is
#    used once, after training and every decision, to report the result. If the test set decides when to
#    stop, it has made a decision, so its score is flattering and no untouched data is left for an honest
#    report.
#    </details>
#
# 2. In the curves above, the training accuracy gets close to 100% while the validation accuracy stays
#    lower. Why is near-perfect accuracy on the training set not good news in itself?
#
#    <details><summary>Answer</summary>
#
#    The parameters were fitted to those very images, so a network can get them right by memorising their
#    particulars (99.8% of them at the best epoch, against 97.2% of the validation images). What we want is
#    accuracy on images the network has not been fitted to, which only held-out data measures.
#    </details>
#
# 3. Why does the stopping rule watch the validation *loss* rather than the validation accuracy? What would
#    a patience of 0 do with a loss that jitters?
#
#    <details><summary>Answer</summary>
#
#    The loss changes with how confident every answer is, while the accuracy only counts right or wrong: on
#    288 images it moves in steps of one image and jumps between neighbouring values on a plateau. With a
#    patience of 0, training stops at the first epoch that is not a new best, so the first upward jitter
#    ends it, usually long before the validation loss has really stopped falling.
#    </details>
#
# 4. The training set has 1,149 images. How many iterations do 40 epochs with a batch size of 32 make? With
#    a batch size of 1,149?
#
#    <details><summary>Answer</summary>
#
#    An epoch of batches of 32 is $\lceil 1149 / 32 \rceil = 36$ iterations (the last batch has 29
#    images), so 40 epochs make $40 \times 36 = 1440$. With a batch of 1,149 an epoch is one iteration:
#    40 in all.
#    </details>
#
# 5. The regressor is asked for $x = 4$. Why should you not trust its answer, even though its test MSE is
#    close to the noise level?
#
#    <details><summary>Answer</summary>
#
#    $x = 4$ lies outside the training range $[-3, 3]$. The test points come from inside that range, so
#    the test MSE says nothing about $x = 4$; there the network continues in a direction nothing told it
#    about, and the plot shows it leaving the true curve (its largest gap outside the range is 2.80, against
#    0.15 inside).
#    </details>
#
# 6. A network without a hidden layer, trained for 100 epochs, scores a little below a network with one.
#    What must you check before concluding that it lacks capacity?
#
#    <details><summary>Answer</summary>
#
#    Whether its run ended because the epoch budget ran out: if its best epoch is one of its last, it was
#    still improving, and the comparison measured the budget. Rerun it with a budget it does not reach,
#    until its patience stops it, from several seeds, and compare the validation losses (not the test
#    accuracies). On the digits that leaves it 2 or 3 of 288 validation images behind: a small capacity
#    limit, much smaller than the budget made it look.
#    </details>
#
# Now practise in the exercise: [`exercises/07_learning_loop.ipynb`](../exercises/07_learning_loop.ipynb).
