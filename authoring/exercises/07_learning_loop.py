# %% [markdown]
# # Exercise 7: The whole learning loop
#
# The lesson it practises: [`lessons/07_learning_loop.ipynb`](../lessons/07_learning_loop.ipynb).
#
# Practise what lesson 7 put together. Each question has an **answer cell** (replace the `...` or the
# `raise NotImplementedError` with your answer) and a **check cell** right after it: run it and it tells
# you whether your answer is right, and if not, what looks wrong. Run the cells in order; a check never
# stops the notebook, so you can skip a question and come back.
#
# The building blocks of lessons 2-6 are imported for you: `init_network` and `forward` (lesson 2), the
# losses in `LOSSES` and `one_hot` (lessons 3-4), `loss_and_gradients` (lesson 5), `SGD` and `minibatches`
# (lesson 6), and the workbook's `training` module (`training.train`). Question 4 asks you to write the
# accuracy yourself, so while your work is graded `training.accuracy` (and with it `training.train` on a
# classifier) is not available: use your own.
#
# **Stuck?** Once a question's check has run on your answer, `check.hint("name")` (the name in its check
# cell, such as `check.hint("loop_loss_history")`) shows the next step of a solution in words, one step more each
# time, and `check.solution("loop_loss_history")` a worked solution with why each line is there. `check.progress()`
# shows which questions of every exercise pass, from your saved notebooks.

# %%
import numpy as np

from nbtools import check, training
from nbtools.backprop import loss_and_gradients
from nbtools.datasets import load_digits_split
from nbtools.layers import forward, init_network
from nbtools.losses import LOSSES, one_hot
from nbtools.optimisers import SGD, minibatches

# %% [markdown]
# ## Question 1: the loop
# Write `training_losses(X, Y, sizes, learning_rate, epochs, batch_size, seed)`: train a new network on
# inputs `X` (shape (n_samples, n_inputs)) with one-hot targets `Y` (shape (n_samples, n_classes)), and return
# the **training loss after each epoch** as a NumPy array of shape `(epochs,)`. Use
#
# - `activations = ["tanh", "identity"]` and the loss `"softmax_cross_entropy"`;
# - **INIT**: `rng = np.random.default_rng(seed)`, then `layers = init_network(sizes, rng)`;
# - for each epoch, for each `(X_batch, Y_batch)` of `minibatches(X, Y, batch_size, rng)` (the same `rng`):
#   **PREDICT, LOSS, GRADIENT** with `loss_and_gradients(X_batch, Y_batch, layers, activations, loss)`
#   (it returns `(loss value, gradients, output)`, the gradients as a list of `(dE/dW, dE/db)` pairs), then
#   **STEP** with plain gradient descent, $\theta \leftarrow \theta - \eta\,\nabla_\theta L$, for every
#   weight and bias (by hand, or with `SGD(learning_rate).step(parameters, gradients)` on flat lists);
# - after the epoch's updates, record the loss of the **whole** training set:
#   `LOSSES["softmax_cross_entropy"][0](forward(X, layers, activations), Y)`.
#
# Drawing the random numbers in this order (weights first, then one shuffle per epoch) makes your losses
# comparable, to the last digit, with the check's.

# %%
def training_losses(X, Y, sizes, learning_rate, epochs, batch_size, seed):
    ### BEGIN SOLUTION
    # INIT: the question's activations and loss, a seeded generator, a new network,
    # and one flat list of its parameters for the optimiser.
    activations, loss = ["tanh", "identity"], "softmax_cross_entropy"
    rng = np.random.default_rng(seed)
    layers = init_network(sizes, rng)
    parameters = [array for layer in layers for array in layer]
    optimiser = SGD(learning_rate)
    losses = []

    # Every epoch visits every mini-batch once: PREDICT, LOSS and GRADIENT in one call,
    # then STEP with the gradients in the same order as the parameters.
    for epoch in range(epochs):
        for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):
            _, gradients, _ = loss_and_gradients(X_batch, Y_batch, layers, activations,
                                                 loss)
            optimiser.step(parameters,
                           [gradient for pair in gradients for gradient in pair])

        # After the epoch: the loss on the whole training set, with the new parameters.
        losses.append(LOSSES[loss][0](forward(X, layers, activations), Y))
    return np.array(losses)
    ### END SOLUTION

# %% nbtools={"points": 3}
check.loop_loss_history(training_losses)

# %% [markdown]
# ## Question 2: iterations and epochs
# The digits' training set has 1,149 images. A network is trained for 40 epochs with mini-batches of 32 (each
# epoch shuffles the images and cuts them into batches; the last batch of an epoch may be smaller). How
# many **updates** (iterations) does training make? Compute it and store the number in `iterations`.

# %%
### BEGIN SOLUTION
# An epoch takes ceil(1149 / 32) = 36 updates (the last batch is smaller); 40 epochs.
iterations = 40 * int(np.ceil(1149 / 32))
### END SOLUTION

# %%
check.iterations_for_epochs(iterations)

# %% [markdown]
# ## Question 3: when to stop
# Write `should_stop(history, patience)`. `history` is a dictionary like the one `training.train` returns,
# with the lists `history["train_loss"]` and `history["validation_loss"]` (one value per epoch so far, at least
# one). Return `True` when the validation loss has **not improved for `patience` epochs**: when the best
# validation loss so far was reached `patience` or more epochs ago. An epoch improves only if its loss is
# strictly lower than every loss before it. For example, with validation losses `[0.9, 0.7, 0.8, 0.75]` the
# best is 2 epochs old, so `should_stop` says `True` for a patience of 2 and `False` for a patience of 3.

# %%
def should_stop(history, patience):
    ### BEGIN SOLUTION
    # How many epochs ago the best (first lowest) validation loss was reached...
    losses = history["validation_loss"]
    epochs_since_best = len(losses) - 1 - int(np.argmin(losses))

    # ...stop once that is patience epochs or more.
    return epochs_since_best >= patience
    ### END SOLUTION

# %% nbtools={"points": 2}
check.early_stopping_rule(should_stop)

# %% [markdown]
# ## Question 4: accuracy
# Write `accuracy(output, Y)`: `output` holds the network's outputs for a batch, shape (n_samples, n_classes)
# (logits or probabilities: either way the largest entry of a row is the predicted class), and `Y` the true
# classes as **one-hot** rows of the same shape. Return the fraction of rows whose predicted class is the true
# class, a number between 0 and 1.

# %%
def accuracy(output, Y):
    ### BEGIN SOLUTION
    # The predicted class is each row's largest output, the true class each row's 1;
    # the mean of "equal" (True counts 1) is the fraction right.
    return float(np.mean(np.argmax(output, axis=1) == np.argmax(Y, axis=1)))
    ### END SOLUTION

# %%
check.accuracy_one_hot(accuracy)

# %% [markdown]
# ## Question 5: the confusion matrix
# Write `confusion_matrix(true_labels, predicted_labels, n_classes)`: the labels are integer arrays of shape
# (n_samples,), with values from 0 to `n_classes - 1`. Return an **integer** array of shape
# (n_classes, n_classes) whose entry `[i, j]` counts the samples of true class `i` that were predicted as class
# `j` (rows: true classes; columns: predicted classes). Start from `np.zeros((n_classes, n_classes), dtype=int)`.

# %%
def confusion_matrix(true_labels, predicted_labels, n_classes):
    ### BEGIN SOLUTION
    # Rows for the true class, columns for the predicted one, counts start at 0...
    matrix = np.zeros((n_classes, n_classes), dtype=int)

    # ...and each sample adds 1 to its (true, predicted) cell.
    for true, predicted in zip(true_labels, predicted_labels):
        matrix[true, predicted] += 1
    return matrix
    ### END SOLUTION

# %% nbtools={"points": 2}
check.confusion_counts(confusion_matrix)

# %% tags=["hidden"] nbtools={"question": "confusion_counts", "points": 1, "hint": "Every sample adds 1 to one entry: the matrix sums to the number of samples, and its row i sums to how many samples of class i there are, whatever the labels look like."}
# Hidden tests (instructor only): removed from the learner copy, run by `nbtools grade`.
import numpy as np

from nbtools.checks.engine import Case, check_function
from nbtools.checks.learning_loop import reference_confusion_matrix

check_function(
    confusion_matrix,
    reference_confusion_matrix,
    [
        Case(
            (np.array([1, 1, 1]), np.array([1, 1, 1]), 2),
            "three samples of class 1, all right, 2 classes",
        ),
        Case(
            (np.array([0, 1]), np.array([1, 0]), 2),
            "two samples, both wrong, 2 classes",
        ),
        Case(
            (np.arange(5), np.arange(5)[::-1], 5),
            "5 classes, one sample each, predicted in reverse",
        ),
    ],
)

# %% [markdown]
# ## Question 6: the number to report
# A network `layers` (activations `["relu", "identity"]`) was trained on the digits of `data`
# (a split returned by `load_digits_split`, with the inputs `data.X_train`, `data.X_validation` and
# `data.X_test`, and the one-hot targets `data.Y_train`, `data.Y_validation` and `data.Y_test`), and its training
# was stopped early by watching the validation loss. Write `reported_accuracy(layers, data)`: the accuracy you
# would report as an honest estimate of how well the network reads digits it has never met. Compute it with
# `forward` and your `accuracy` from question 4 (if that one does not pass its check yet, compare the
# `argmax` of each row of the outputs with that of the targets, as it does).

# %%
def reported_accuracy(layers, data):
    ### BEGIN SOLUTION
    # Training data was learned and validation data chose when to stop: only the test
    # set is new to the network, so its accuracy is the honest estimate.
    return accuracy(forward(data.X_test, layers, ["relu", "identity"]), data.Y_test)
    ### END SOLUTION

# %%
check.reported_accuracy(reported_accuracy)

# %% [markdown]
# ## Question 7: restore the best parameters
# Early stopping trains `patience` epochs past the best one before it knows that the best is behind it. Write
# `best_parameters(validation_losses, snapshots)`: `validation_losses[e]` is the validation loss after epoch
# `e` and `snapshots[e]` the network's parameters (a list of `(W, b)`) saved after that epoch. Return the
# snapshot of the epoch with the lowest validation loss; when it is reached more than once, the first such epoch.

# %%
def best_parameters(validation_losses, snapshots):
    ### BEGIN SOLUTION
    # np.argmin returns the first epoch with the lowest loss: keep its snapshot.
    return snapshots[int(np.argmin(validation_losses))]
    ### END SOLUTION

# %%
check.best_parameters(best_parameters)

# %% [markdown]
# ## Question 8: the regressor
# A regressor predicts real numbers: its output layer is the identity. Write `regression_mse(layers, X, Y)`: the
# mean squared error (the mean over every entry, as in lesson 3) of the predictions of the network `layers`,
# with activations `["tanh", "identity"]`, on the inputs `X` against the targets `Y` (shape
# (n_samples, n_outputs)). Use `forward`.

# %%
def regression_mse(layers, X, Y):
    ### BEGIN SOLUTION
    # A regressor's prediction is its identity output itself; its MSE is the mean of
    # the squared errors over every entry.
    return float(np.mean((forward(X, layers, ["tanh", "identity"]) - Y) ** 2))
    ### END SOLUTION

# %%
check.regression_mse(regression_mse)

# %% [markdown]
# ## Question 9: capacity or optimisation?
# A colleague compared architectures on one data set: for each, a new network trained with
# `training.train`, the same optimiser settings, a validation set and a patience. `histories` maps each
# architecture's name (such as `"2-8-2"`) to the history of its run: the lists `history["train_loss"]`,
# `history["validation_loss"]` and so on, one entry per epoch, and `history["stopped"]`, which says why
# training stopped: `"after the last epoch"` when the epoch budget ran out, otherwise the patience rule's
# message. The colleague also measured every network on the test set, in `history["test_accuracy"]`.
#
# Write `choose_architecture(histories)` by lesson 7's rules:
#
# - if any run ended because its **epoch budget ran out**, it may still have been improving, so it measures
#   the budget rather than its architecture: return the string `"more epochs"` (rerun it before deciding);
# - otherwise return the name whose run reached the **lowest validation loss** (the epoch whose parameters
#   early stopping keeps).
#
# For example, with three runs `"2-2"`, `"2-8-2"` and `"2-32-2"` that all stopped on their patience, with
# lowest validation losses 0.39, 0.22 and 0.23, the answer is `"2-8-2"`; had the `"2-32-2"` run ended after
# the last epoch of its budget, it would be `"more epochs"`.

# %%
def choose_architecture(histories):
    ### BEGIN SOLUTION
    # A run stopped by its budget may still have been improving: decide nothing yet.
    if any(history["stopped"] == "after the last epoch"
           for history in histories.values()):
        return "more epochs"

    # Otherwise the architecture whose run reached the lowest validation loss (never
    # the test accuracy: the test set must stay unused by every decision).
    return min(histories, key=lambda name: min(histories[name]["validation_loss"]))
    ### END SOLUTION

# %% nbtools={"points": 2}
check.architecture_decision(choose_architecture)

# %% [markdown]
# ## Done?
# Every check above says ✔? Then you can write the whole learning loop from its pieces, count its iterations,
# decide when to stop it, measure the result honestly (with the right set, in the right units, and with the
# confusion matrix to show which mistakes remain), and tell a limit of the architecture from a limit of the
# optimisation. That completes the workbook's path from a derivative to a network that reads handwriting.
