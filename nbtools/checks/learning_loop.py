"""Checks for exercise 07, the whole learning loop: one function a question, registered as ``check.<name>``.

Each check compares with the workbook's own building blocks (``nbtools.training``, ``nbtools.optimisers``,
``nbtools.backprop``) and names the mistakes learners are known to make in their hints: evaluating on the
wrong set, a transposed confusion matrix, one-hot rows compared entry by entry, stopping on the training loss,
an off-by-one patience, forgetting to shuffle, and counting epochs where iterations were asked.
"""

import functools
import math

import numpy as np

from .. import training
from ..backprop import loss_and_gradients
from ..datasets import load_digits_split
from ..layers import forward, init_network
from ..losses import LOSSES, one_hot
from ..optimisers import SGD, minibatches
from . import register
from .engine import Case, Misconception, check_function, check_value

LOOP_ACTIVATIONS = ["tanh", "identity"]
LOOP_LOSS = "softmax_cross_entropy"
DIGITS_ACTIVATIONS = ["relu", "identity"]


# --- Question 1: the training loop ------------------------------------------------------------------------

def reference_training_losses(X, Y, sizes, learning_rate, epochs, batch_size, seed, shuffle=True, sign=-1.0,
                              full_batch=False, record="after", reseed=False, order="each epoch", drop_last=False,
                              one_batch=False, even_split=False):
    """The loop of the question: the training loss on the whole set after each epoch, shape (epochs,).

    The keyword arguments reproduce the known slips (no shuffling, ascent, one update an epoch, the mean, sum or
    last of the batch losses, the loss recorded before the epoch, a generator made afresh from the seed every
    epoch; ``order``: "once" for one permutation reused every epoch, "second generator" for a shuffling
    generator of its own made from the seed, "x only" for the rows of X shuffled but Y in its stored order;
    the last, smaller batch dropped; one mini-batch an epoch) so that the check can name them.
    """
    rng = np.random.default_rng(seed)
    layers = init_network(sizes, rng)
    shuffler = np.random.default_rng(seed) if order == "second generator" else rng
    first_order = rng.permutation(len(X)) if order == "once" else None
    parameters = [array for layer in layers for array in layer]
    loss_function = LOSSES[LOOP_LOSS][0]
    losses = []
    for _ in range(epochs):
        before = loss_function(forward(X, layers, LOOP_ACTIVATIONS), Y)
        if reseed:
            rng = shuffler = np.random.default_rng(seed)
        if full_batch:
            batches = [(X, Y)]
        elif shuffle and order == "each epoch" and not drop_last and not one_batch and not even_split:
            batches = minibatches(X, Y, batch_size, rng)
        elif even_split:
            rows = rng.permutation(len(X))
            batches = [(X[chosen], Y[chosen]) for chosen in np.array_split(rows, math.ceil(len(X) / batch_size))]
        else:
            rows = (first_order if order == "once" else shuffler.permutation(len(X)) if shuffle
                    else np.arange(len(X)))
            batches = [(X[rows[start:start + batch_size]],
                        Y[start:start + batch_size] if order == "x only" else Y[rows[start:start + batch_size]])
                       for start in range(0, len(X), batch_size)
                       if not (drop_last and start + batch_size > len(X))]
            batches = batches[:1] if one_batch else batches
        batch_losses = []
        for X_batch, Y_batch in batches:
            loss, gradients, _ = loss_and_gradients(X_batch, Y_batch, layers, LOOP_ACTIVATIONS, LOOP_LOSS)
            batch_losses.append(loss)
            for parameter, gradient in zip(parameters, [g for pair in gradients for g in pair]):
                parameter += sign * learning_rate * gradient
        after = loss_function(forward(X, layers, LOOP_ACTIVATIONS), Y)
        losses.append({"after": after, "before": before, "batch_mean": np.mean(batch_losses),
                       "batch_sum": np.sum(batch_losses), "last_batch": batch_losses[-1]}[record])
    return np.array(losses)


def _blobs(seed, n_samples, n_inputs, n_classes):
    """A small classification problem: Gaussian clouds around random centres, one-hot targets."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n_samples) % n_classes
    centres = rng.normal(0.0, 2.0, size=(n_classes, n_inputs))
    return centres[labels] + rng.normal(size=(n_samples, n_inputs)), one_hot(labels, n_classes)


@register
def loop_loss_history(answer):
    """Q1: training_losses(X, Y, sizes, learning_rate, epochs, batch_size, seed) -> array of shape (epochs,)."""
    X_xor = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y_xor = one_hot(np.array([0, 1, 1, 0]), 2)
    cases = [
        Case((*_blobs(0, 30, 3, 3), [3, 6, 3], 0.3, 4, 8, 1), "30 samples in 3 classes, sizes [3, 6, 3], "
             "learning_rate = 0.3, epochs = 4, batch_size = 8, seed = 1"),
        Case((X_xor, Y_xor, [2, 4, 2], 0.5, 5, 2, 0), "XOR (4 samples), sizes [2, 4, 2], learning_rate = 0.5, "
             "epochs = 5, batch_size = 2, seed = 0"),
        Case((*_blobs(1, 25, 4, 2), [4, 5, 2], 0.1, 3, 25, 7), "25 samples in 2 classes, sizes [4, 5, 2], "
             "learning_rate = 0.1, epochs = 3, batch_size = 25 (one batch), seed = 7"),
    ]
    misconceptions = [
        Misconception("Your mini-batches are not shuffled: you took the rows in their stored order. Shuffle "
                      "every epoch (`minibatches(X, Y, batch_size, rng)` does it with the same `rng`), or the "
                      "batches are the same every epoch and follow whatever order the data was stored in.",
                      functools.partial(reference_training_losses, shuffle=False)),
        Misconception("Your losses go up: the step adds the gradient (ascent). Step against it: "
                      "parameter -= learning_rate * gradient (or `SGD(learning_rate).step(...)`).",
                      functools.partial(reference_training_losses, sign=+1.0)),
        Misconception("You made one update per epoch, on the whole training set. An epoch is one pass over "
                      "the data in mini-batches of `batch_size` rows, with one update (an iteration) per batch.",
                      functools.partial(reference_training_losses, full_batch=True)),
        Misconception("You recorded the mean of the mini-batch losses seen during the epoch. The question asks "
                      "for the loss of the whole training set *after* the epoch's updates: compute it with "
                      "`forward(X, layers, activations)` once the epoch is done.",
                      functools.partial(reference_training_losses, record="batch_mean")),
        Misconception("Your losses are one epoch behind: you recorded the loss before each epoch's updates. "
                      "Record it after the epoch, so the last entry is the loss of the trained network.",
                      functools.partial(reference_training_losses, record="before")),
        Misconception("You made a new generator from the seed every epoch (`np.random.default_rng(seed)` inside the "
                      "epoch loop), so every epoch shuffles the rows into the same order. Make the generator once, "
                      "before the loop, and let it run on: each epoch then draws a new order.",
                      functools.partial(reference_training_losses, reseed=True)),
        Misconception("You shuffled once, before the epoch loop, and reused that order in every epoch, so every "
                      "epoch sees the same mini-batches. Draw a new order at the start of each epoch (calling "
                      "`minibatches(X, Y, batch_size, rng)` inside the epoch loop does it).",
                      functools.partial(reference_training_losses, order="once")),
        Misconception("You shuffled with a second generator made from the same seed, so the shuffles repeat the "
                      "random numbers that made the weights. Use the one `rng` for both: first the weights, "
                      "then one shuffle per epoch.",
                      functools.partial(reference_training_losses, order="second generator")),
        Misconception("You shuffled the rows of X but took Y in its stored order, so each input is trained "
                      "towards another sample's label. Index X and Y with the same rows (as `minibatches` does).",
                      functools.partial(reference_training_losses, order="x only")),
        Misconception("You skipped the last, smaller mini-batch. Every sample is used once per epoch: the last "
                      "batch may be smaller than `batch_size`, and it makes an update too.",
                      functools.partial(reference_training_losses, drop_last=True)),
        Misconception("You made one update per epoch, on one mini-batch, as if an epoch were an iteration. An "
                      "epoch is a pass over *all* the data: one update for every mini-batch.",
                      functools.partial(reference_training_losses, one_batch=True)),
        Misconception("`np.array_split(rows, k)` cuts the rows into k batches of nearly *equal* size (30 rows into "
                      "8, 8, 7 and 7), not into batches of `batch_size` rows with a smaller last one (8, 8, 8 and "
                      "6), as `minibatches` does.", functools.partial(reference_training_losses, even_split=True)),
        Misconception("Your loss is the same after every epoch: your steps never reach the network's own arrays. "
                      "`W = W - learning_rate * dW` inside a loop over `layers` (or stepping copies) makes new "
                      "arrays and leaves `layers` unchanged: update in place (`W -= learning_rate * dW`), or give "
                      "`SGD(...).step` the arrays of `layers` themselves.",
                      lambda X, Y, sizes, learning_rate, *rest: reference_training_losses(X, Y, sizes, 0.0, *rest)),
        Misconception("You recorded the *sum* of the mini-batch losses of the epoch. The question asks for the "
                      "loss of the whole training set after the epoch's updates, a mean over its samples.",
                      functools.partial(reference_training_losses, record="batch_sum")),
        Misconception("You recorded the loss of the epoch's last mini-batch only. The question asks for the loss "
                      "of the *whole* training set after the epoch's updates.",
                      functools.partial(reference_training_losses, record="last_batch")),
    ]
    return check_function(answer, reference_training_losses, cases, misconceptions)


# --- Question 2: iterations and epochs -------------------------------------------------------------------

ITERATION_QUESTION = {"n_samples": 1149, "batch_size": 32, "epochs": 40}


@register
def iterations_for_epochs(answer):
    """Q2: how many updates 40 epochs of 1,149 samples in mini-batches of 32 make."""
    n, batch, epochs = ITERATION_QUESTION.values()
    misconceptions = [
        Misconception("40 is the number of epochs (passes over the data). Each epoch makes one update per "
                      "mini-batch: how many batches of 32 does it take to cover 1,149 samples?", epochs),
        Misconception("That is the number of updates in one epoch; training runs 40 epochs.", math.ceil(n / batch)),
        Misconception("The last batch of each epoch is smaller (1,149 is not a multiple of 32) but it still "
                      "makes an update: round the batches per epoch up, not down.", epochs * (n // batch)),
        Misconception("A number of updates is a whole number: the last, smaller batch of each epoch is one "
                      "whole update, so round the batches per epoch up before multiplying.", epochs * n / batch),
        Misconception("You rounded the *total* up, once. Every epoch ends with its own smaller batch, and each of "
                      "those 40 batches is a whole update: round the batches per epoch up, then multiply.",
                      math.ceil(epochs * n / batch)),
        Misconception("That is how many samples the network sees in 40 epochs; an update uses a whole batch of "
                      "them.", epochs * n),
    ]
    return check_value(answer, epochs * math.ceil(n / batch), misconceptions)


# --- Question 3: the stopping rule --------------------------------------------------------------------

def reference_should_stop(history, patience):
    """True when the best validation loss is ``patience`` or more epochs old (a tie is no improvement)."""
    return _epochs_since_best(history["validation_loss"]) >= patience


def _history(validation_loss, train_loss=None):
    """A history as ``train`` returns it: unless given, the training loss falls every epoch, whatever the validation
    loss does."""
    if train_loss is None:
        train_loss = [round(0.9**epoch, 4) for epoch in range(len(validation_loss))]
    return {"train_loss": list(train_loss), "validation_loss": list(validation_loss)}


def _epochs_since_best(losses, strictly_better=True):
    """How many epochs ago the best loss was reached (its first occurrence, or its last with strictly_better=False)."""
    losses = np.asarray(losses)
    best = np.flatnonzero(losses == losses.min())
    return len(losses) - 1 - (best[0] if strictly_better else best[-1])


def _loss_patience_epochs_ago_not_beaten(history, patience):
    """The slip of comparing the last loss with the one ``patience`` epochs ago instead of with the best."""
    losses = history["validation_loss"]
    return len(losses) > patience and losses[-1] >= losses[-1 - patience]


@register
def early_stopping_rule(answer):
    """Q3: should_stop(history, patience) -> True when the validation loss has not improved for patience epochs."""
    # Each case after the first shows at most one slip, so the first case a slip fails names that slip.
    cases = [
        Case((_history([1.1, 0.9, 0.8, 0.75, 0.74, 0.73]), 3), "validation loss still improving, patience 3"),
        Case((_history([1.0, 0.8, 0.7, 0.75]), 3), "the loss rises once, one epoch after its best, patience 3"),
        # Every slip below says "stop" here too, so an answer that never stops fails first here with no hint.
        Case((_history([1.1, 0.9, 0.8, 0.85, 0.9, 0.95, 1.0], [1.0, 0.7, 0.6, 0.6, 0.6, 0.6, 0.6]), 3),
             "best validation loss at epoch 3, then it rises for 4 epochs; the training loss stalls too, patience 3"),
        Case((_history([1.1, 0.9, 0.8, 0.85, 0.9, 0.95, 1.0]), 3), "best validation loss at epoch 3, then it "
             "rises for 4 epochs while the training loss keeps falling, patience 3"),
        Case((_history([1.1, 0.9, 0.95, 1.0, 0.85, 1.0]), 3), "a new best at epoch 5, then one worse epoch, "
             "patience 3"),
        Case((_history([1.1, 0.9, 0.8, 0.82, 0.84, 0.86, 0.88, 0.9]), 5), "best validation loss at epoch 3 of 8, "
             "patience 5"),
        Case((_history([1.0, 0.8, 0.9, 0.88, 0.86]), 5), "best validation loss at epoch 2 of 5, then 3 epochs "
             "without beating it, patience 5"),
        Case((_history([1.1, 0.9, 0.8, 0.82, 0.84, 0.86, 0.88]), 5), "best validation loss at epoch 3 of 7, "
             "patience 5"),
        Case((_history([1.1, 0.9, 0.8, 0.9, 0.85, 0.83, 0.82, 0.81]), 3), "best at epoch 3, then the loss rises "
             "and falls again without beating it, patience 3"),
        Case((_history([1.1, 0.9, 0.8, 0.9, 0.91, 0.92, 0.79]), 3), "the loss rises for 3 epochs, then reaches a "
             "new best at epoch 7, patience 3"),
        Case((_history([1.1, 0.7, 0.7, 0.7]), 2), "the best loss 0.7 is equalled, never beaten, after epoch 2, "
             "patience 2"),
        Case((_history([1.0, 1.2]), 4), "only 2 epochs so far, patience 4"),
    ]
    misconceptions = [
        Misconception("An equal loss is not an improvement: count the epochs since the *first* time the best "
                      "loss was reached (`np.argmin` returns that one), and update the best only when a loss is "
                      "strictly lower.",
                      lambda history, patience:
                          _epochs_since_best(history["validation_loss"], strictly_better=False) >= patience),
        Misconception("Off by one: with patience p, stop once the best epoch is p epochs back (epochs since the "
                      "best >= p), not only when it is more than p back.",
                      lambda history, patience: _epochs_since_best(history["validation_loss"]) > patience),
        Misconception("You compared each loss with the one just before it. The rule compares with the *best* "
                      "loss so far: a loss that wobbles down and up again without beating the best is still "
                      "no improvement.",
                      lambda history, patience: len(history["validation_loss"]) > patience and bool(np.all(
                          np.diff(history["validation_loss"][-patience - 1:]) > 0))),
        Misconception("You compared the last loss with the one `patience` epochs ago. Compare with the best loss "
                      "of all the earlier epochs: stop when none of the last `patience` epochs beat it.",
                      lambda history, patience: _loss_patience_epochs_ago_not_beaten(history, patience)),
        # after the slip above: on the case both fail first, the comparison with `patience` epochs ago is meant
        Misconception("You stop as soon as the validation loss rises once, so `patience` is never used. Patience "
                      "lets the loss wobble: stop only when none of the last `patience` epochs beat the best loss.",
                      lambda history, patience: len(history["validation_loss"]) > 1
                      and history["validation_loss"][-1] > history["validation_loss"][-2]),
        Misconception("Your rule stops after 3 epochs without improvement whatever `patience` says: read the "
                      "patience from the argument, since another run may be given another one.",
                      lambda history, patience: _epochs_since_best(history["validation_loss"]) >= 3),
        Misconception("You stopped on the training loss. It keeps falling as the network memorises the "
                      "training set; the stopping rule watches `history['validation_loss']`, the loss on data "
                      "the parameters are not fitted to.",
                      lambda history, patience: _epochs_since_best(history["train_loss"]) >= patience),
    ]
    return check_function(answer, reference_should_stop, cases, misconceptions)


# --- Question 4: accuracy from one-hot rows -----------------------------------------------------------------

def _accuracy_cases():
    rng = np.random.default_rng(70)
    output_small = np.array([[2.0, 0.5, -1.0], [0.1, 0.3, 0.2], [0.0, -2.0, 3.0], [1.5, 1.0, 0.9]])
    Y_small = one_hot(np.array([0, 1, 2, 1]), 3)
    labels = rng.integers(0, 10, size=50)
    output_digits = rng.normal(size=(50, 10))
    output_digits[np.arange(0, 50, 2), labels[::2]] += 3.0  # about half the rows predicted right
    labels_two = rng.integers(0, 4, size=12)
    # Logits in the hundreds, as a network fed raw pixel values (0 to 16) can give: exp overflows without the
    # max subtracted, every entry of every row. 80% right, and never class 0, so a row of NaNs (argmax 0) is
    # always wrong.
    labels_large = 1 + rng.integers(0, 4, size=20)
    output_large = 900.0 + 30.0 * rng.normal(size=(20, 5))
    output_large[np.arange(16), labels_large[:16]] += 400.0
    output_large[16:, 0] += 400.0  # the last 4 rows predicted class 0: wrong
    # The 50-sample case comes first: with 4 samples every accuracy is a multiple of 1/4, and unrelated slips
    # would share a value (and so a hint) with the first misconception that gives it.
    return [
        Case((output_digits, one_hot(labels, 10)), "50 samples, 10 classes"),
        Case((output_small, Y_small), "4 samples, 3 classes (3 of them predicted right)"),
        Case((rng.normal(size=(12, 4)), one_hot(labels_two, 4)), "12 samples, 4 classes, random outputs"),
        Case((output_large, one_hot(labels_large, 5)), "20 samples, 5 classes, logits in the hundreds "
             "(16 of them predicted right)"),
    ]


def _softmax_unshifted(output):
    """Softmax without the max subtracted: exp overflows to inf for logits above about 709, and inf / inf is NaN."""
    with np.errstate(all="ignore"):
        exponentials = np.exp(output)
        return exponentials / exponentials.sum(axis=1, keepdims=True)


def _softmax(output):
    exponentials = np.exp(output - output.max(axis=1, keepdims=True))
    return exponentials / exponentials.sum(axis=1, keepdims=True)


THRESHOLDED = ("You rounded the probabilities to 0 or 1 and compared them with Y, so a row whose largest "
               "probability is below 0.5 counts as no class at all. The predicted class of a row is its largest entry, however small: "
               "compare the argmax of each output row with the argmax of each row of Y.")


def _predicted_one_hot(output):
    return (output == output.max(axis=1, keepdims=True)).astype(float)


@register
def accuracy_one_hot(answer):
    """Q4: accuracy(output, Y) with one-hot rows Y -> the fraction of rows predicted right."""
    misconceptions = [
        Misconception("`np.argmax(Y)` without `axis=1` returns one index into the flattened array, not the "
                      "class of each row. Take the true classes with `np.argmax(Y, axis=1)`.",
                      lambda output, Y: float(np.mean(np.argmax(output, axis=1) == np.argmax(Y)))),
        Misconception("You compared the one-hot rows entry by entry, so every matching 0 counts as a hit (with "
                      "10 classes even a network that is always wrong would score 80%). Compare one class per "
                      "row: the argmax of the output with the argmax of Y, both along axis=1.",
                      lambda output, Y: float(np.mean(_predicted_one_hot(output) == Y))),
        Misconception("You took the argmax along axis 0, which picks the sample with the largest output for "
                      "each class. A row is a sample: take the argmax along axis=1.",
                      lambda output, Y: float(np.mean(np.argmax(output, axis=0) == np.argmax(Y, axis=0)))),
        Misconception("That is the number of rows predicted right; divide by the number of rows for the fraction.",
                      lambda output, Y: float(np.sum(np.argmax(output, axis=1) == np.argmax(Y, axis=1)))),
        Misconception("That is a percentage; the question asks for a fraction between 0 and 1.",
                      lambda output, Y: 100 * training.accuracy(output, Y)),
        Misconception("That is the error rate, the fraction of rows predicted *wrong*; the accuracy is the fraction "
                      "predicted right.", lambda output, Y: 1 - training.accuracy(output, Y)),
        Misconception("Your softmax overflows: `np.exp` of a logit above about 709 is inf, inf / inf is NaN, and "
                      "`np.argmax` of a row of NaNs is 0. Subtract each row's max before `np.exp`, or skip the "
                      "softmax: it never changes which entry of a row is largest.",
                      lambda output, Y: float(np.mean(np.argmax(_softmax_unshifted(output), axis=1)
                                                      == np.argmax(Y, axis=1)))),
        Misconception(THRESHOLDED, lambda output, Y: float(np.mean(np.all(np.round(_softmax(output)) == Y, axis=1)))),
    ]
    return check_function(answer, training.accuracy, _accuracy_cases(), misconceptions)


# --- Question 5: the confusion matrix -------------------------------------------------------------------

def reference_confusion_matrix(true_labels, predicted_labels, n_classes):
    """Counts, shape (n_classes, n_classes), int: entry [i, j] is how many samples of class i were predicted j."""
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(matrix, (true_labels, predicted_labels), 1)
    return matrix


def _confusion_fancy_index(true_labels, predicted_labels, n_classes):
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    matrix[true_labels, predicted_labels] += 1  # repeated pairs are counted once
    return matrix


@register
def confusion_counts(answer):
    """Q5: confusion_matrix(true_labels, predicted_labels, n_classes) -> int array, rows = true classes."""
    rng = np.random.default_rng(71)
    true_labels = rng.integers(0, 10, size=200)
    predicted_labels = np.where(rng.random(200) < 0.8, true_labels, rng.integers(0, 10, size=200))
    cases = [
        Case((np.array([0, 1, 2, 2]), np.array([0, 2, 1, 2]), 3), "true [0, 1, 2, 2], predicted [0, 2, 1, 2], "
             "3 classes"),
        Case((np.array([0, 0, 1, 1, 1, 2]), np.array([1, 1, 1, 1, 0, 2]), 3), "true [0, 0, 1, 1, 1, 2], "
             "predicted [1, 1, 1, 1, 0, 2], 3 classes"),
        Case((true_labels, predicted_labels, 10), "200 samples, 10 classes, about 80% right"),
        Case((np.array([0, 2, 2]), np.array([0, 2, 0]), 4), "true [0, 2, 2], predicted [0, 2, 0], 4 classes "
             "(class 3 never appears)"),
    ]
    misconceptions = [
        Misconception("Your matrix is transposed: the rows are the *true* classes and the columns the "
                      "predicted ones, so entry [i, j] counts the samples of class i that were predicted j.",
                      lambda true, predicted, n: reference_confusion_matrix(true, predicted, n).T),
        Misconception("`matrix[true, predicted] += 1` counts a repeated (true, predicted) pair only once: NumPy "
                      "applies fancy-indexed updates once per distinct index. Loop over the samples, or use "
                      "`np.add.at(matrix, (true, predicted), 1)`.", _confusion_fancy_index),
        Misconception("Size the matrix with `n_classes`, not with the largest label seen: a class that never "
                      "appears still has its row and column (of zeros).",
                      lambda true, predicted, n: reference_confusion_matrix(true, predicted,
                                                                            max(true.max(), predicted.max()) + 1)),
    ]
    return check_function(answer, reference_confusion_matrix, cases, misconceptions)


# --- Question 6: which set to report --------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _digits_and_networks():
    """The digits split (seed 0) and two networks: one trained briefly with early stopping, one untouched."""
    data = load_digits_split(0)
    rng = np.random.default_rng(7)
    trained = init_network([64, 32, 10], rng)
    training.train(trained, DIGITS_ACTIVATIONS, LOOP_LOSS, data.X_train, data.Y_train, SGD(0.5), epochs=8,
                   batch_size=32, rng=rng, validation=(data.X_validation, data.Y_validation), patience=3)
    untrained = init_network([64, 16, 10], np.random.default_rng(8))
    return data, trained, untrained


def reference_reported_accuracy(layers, data):
    """The accuracy to report: on the test set, touched once at the end."""
    return training.accuracy(forward(data.X_test, layers, DIGITS_ACTIVATIONS), data.Y_test)


@register
def reported_accuracy(answer):
    """Q6: reported_accuracy(layers, data) -> the accuracy on the test set."""
    data, trained, untrained = _digits_and_networks()
    cases = [Case((trained, data), "a 64-32-10 network trained for a few epochs on the digits"),
             Case((untrained, data), "an untrained 64-16-10 network (random weights)")]

    def on(part):
        return lambda layers, data: training.accuracy(forward(getattr(data, f"X_{part}"), layers, DIGITS_ACTIVATIONS),
                                                      getattr(data, f"Y_{part}"))

    misconceptions = [
        Misconception("That is the accuracy on the training set. The network was fitted to those very images, so "
                      "it flatters the network; report the accuracy on images it has never met.", on("train")),
        Misconception("That is the accuracy on the validation set. The validation loss chose when to stop (and "
                      "would choose the settings), so those images have been used too and the score is "
                      "optimistic. Report the test set, touched once at the end.", on("validation")),
        Misconception("That is a percentage; the question asks for a fraction between 0 and 1 (as "
                      "`accuracy` returns it).", lambda layers, data: 100 * reference_reported_accuracy(layers, data)),
        Misconception("That is the error rate on the test set, the fraction of images predicted *wrong*; report the "
                      "accuracy, the fraction predicted right.",
                      lambda layers, data: 1 - reference_reported_accuracy(layers, data)),
    ]
    return check_function(answer, reference_reported_accuracy, cases, misconceptions)


# --- Question 7: restoring the best parameters at an early stop -------------------------------------------

def reference_best_parameters(validation_losses, snapshots):
    """The snapshot of the epoch with the lowest validation loss (the first such epoch when losses tie)."""
    return snapshots[int(np.argmin(validation_losses))]


def _snapshots(n_epochs, seed):
    """One network's parameters after each epoch: a list of [(W, b)] that drift a little every epoch."""
    rng = np.random.default_rng(seed)
    layers = init_network([3, 2], rng)
    snapshots = []
    for _ in range(n_epochs):
        layers = [(W + 0.1 * rng.normal(size=W.shape), b + 0.1 * rng.normal(size=b.shape)) for W, b in layers]
        snapshots.append(layers)
    return snapshots


@register
def best_parameters(answer):
    """Q7: best_parameters(validation_losses, snapshots) -> the snapshot of the lowest validation loss."""
    cases = [
        Case(([0.9, 0.7, 0.6, 0.65, 0.7, 0.8], _snapshots(6, 1)), "validation losses [0.9, 0.7, 0.6, 0.65, 0.7, "
             "0.8]: best at the third epoch, stopped three later"),
        Case(([1.2, 0.5, 0.8, 0.5, 0.9], _snapshots(5, 2)), "validation losses [1.2, 0.5, 0.8, 0.5, 0.9]: the best "
             "0.5 reached twice"),
        Case(([0.4, 0.6, 0.7], _snapshots(3, 3)), "validation losses [0.4, 0.6, 0.7]: best at the first epoch"),
        Case((np.array([2.0, 1.5, 1.0, 0.8]), _snapshots(4, 4)), "validation losses np.array([2, 1.5, 1, 0.8]): still "
             "improving at the last epoch"),
    ]
    misconceptions = [
        Misconception("Those are the parameters of the last epoch, the one at which training stopped. Early "
                      "stopping waits `patience` epochs past the best one: restore the snapshot of the epoch "
                      "with the lowest validation loss.", lambda losses, snapshots: snapshots[-1]),
        Misconception("Off by one: you took the snapshot after the best epoch. `np.argmin(validation_losses)` is "
                      "already the index into `snapshots` (both start at epoch 1, index 0).",
                      lambda losses, snapshots: snapshots[min(int(np.argmin(losses)) + 1, len(snapshots) - 1)]),
        Misconception("You assumed the best epoch is 3 epochs before the last (a patience of 3). The snapshots end "
                      "wherever training stopped, and the best epoch need not be `patience` back: find it from the "
                      "validation losses themselves.",
                      lambda losses, snapshots: snapshots[max(len(losses) - 4, 0)]),
        Misconception("You took the epoch of the *highest* validation loss (argmax). The best epoch has the lowest.",
                      lambda losses, snapshots: snapshots[int(np.argmax(losses))]),
        Misconception("When the best loss is reached twice, keep the first: a later equal loss is no "
                      "improvement, as in the stopping rule of question 3.",
                      lambda losses, snapshots: snapshots[len(losses) - 1 - int(np.argmin(np.asarray(losses)[::-1]))]),
    ]
    return check_function(answer, reference_best_parameters, cases, misconceptions)


# --- Question 8: the regressor ----------------------------------------------------------------------------

REGRESSION_ACTIVATIONS = ["tanh", "identity"]
SQUASHED_OUTPUT = ("A regressor's output layer is the identity: it predicts any real number. With a tanh (or sigmoid) "
                   "at the output the predictions cannot leave (-1, 1) or (0, 1).")


def reference_regression_mse(layers, X, Y):
    """The MSE of a regressor with an identity output: mean over every entry of (forward(X) - Y)²."""
    return float(np.mean((forward(X, layers, REGRESSION_ACTIVATIONS) - Y) ** 2))


def _regression_case(seed, n_samples, sizes):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2.0, 2.0, size=(n_samples, sizes[0]))
    Y = np.sin(X.sum(axis=1, keepdims=True)) * np.arange(1, sizes[-1] + 1) + 0.1 * rng.normal(size=(n_samples,
                                                                                                  sizes[-1]))
    return init_network(sizes, rng), X, Y


@register
def regression_mse(answer):
    """Q8: regression_mse(layers, X, Y) -> the MSE of a tanh-identity network's predictions on (X, Y)."""
    cases = [
        Case(_regression_case(80, 20, [1, 8, 1]), "a 1-8-1 network, 20 samples, Y of shape (20, 1)"),
        Case(_regression_case(81, 7, [3, 5, 2]), "a 3-5-2 network, 7 samples, Y of shape (7, 2) (two outputs)"),
        Case(_regression_case(82, 1, [2, 4, 1]), "a 2-4-1 network, 1 sample"),
    ]

    def squared_errors(layers, X, Y, output=REGRESSION_ACTIVATIONS[-1]):
        return (forward(X, layers, [REGRESSION_ACTIVATIONS[0], output]) - Y) ** 2

    misconceptions = [
        Misconception("That is the root of the MSE (RMSE). The loss the network is trained on is the MSE itself, "
                      "without the square root.", lambda *args: float(np.sqrt(reference_regression_mse(*args)))),
        Misconception("That is half the MSE, the ½(ŷ - y)² convention. The workbook's MSE is the plain mean of the "
                      "squared errors.", lambda *args: reference_regression_mse(*args) / 2),
        Misconception("You summed the squared errors; the MSE is their mean over every entry.",
                      lambda layers, X, Y: float(np.sum(squared_errors(layers, X, Y)))),
        Misconception("You divided by the number of samples only; with several outputs the MSE averages over "
                      "every entry, samples × outputs (`np.mean` does it).",
                      lambda layers, X, Y: float(np.sum(squared_errors(layers, X, Y)) / len(X))),
        Misconception("That is the mean *absolute* error (MAE). The question asks for the mean of the *squared* "
                      "errors.", lambda layers, X, Y: float(np.mean(np.sqrt(squared_errors(layers, X, Y))))),
        Misconception("You squared the mean error: positive and negative errors cancel before the square. Square "
                      "each error first, then take the mean.",
                      lambda layers, X, Y: float(np.mean(forward(X, layers, REGRESSION_ACTIVATIONS) - Y) ** 2)),
        Misconception(SQUASHED_OUTPUT,
                      lambda layers, X, Y: float(np.mean(squared_errors(layers, X, Y, output="tanh")))),
        Misconception(SQUASHED_OUTPUT,
                      lambda layers, X, Y: float(np.mean(squared_errors(layers, X, Y, output="sigmoid")))),
    ]
    return check_function(answer, reference_regression_mse, cases, misconceptions)


# --- Question 9: capacity or optimisation? ---------------------------------------------

NOT_FINISHED = "more epochs"
BUDGET_RAN_OUT = "after the last epoch"  # what ``training.train`` records when epochs ran out
COMPARISON_PATIENCE = 3


def reference_choose_architecture(histories):
    """The name of the lowest validation loss, or "more epochs" while a run ran out of epochs."""
    if any(history["stopped"] == BUDGET_RAN_OUT for history in histories.values()):
        return NOT_FINISHED
    return min(histories, key=lambda name: min(histories[name]["validation_loss"]))


def _comparison_run(validation_loss, final_train_loss, test_accuracy, budget):
    """A history as ``training.train`` returns it with patience 3, plus a test accuracy.

    The run stops on its patience when its best validation loss is 3 epochs old at its last
    epoch, else it must have reached its ``budget``; the training loss falls every epoch, to
    ``final_train_loss``.
    """
    n = len(validation_loss)
    for epoch in range(1, n):  # the patience rule must not have stopped it earlier
        since_best = epoch - 1 - int(np.argmin(validation_loss[:epoch]))
        assert since_best < COMPARISON_PATIENCE, validation_loss
    if n - 1 - int(np.argmin(validation_loss)) >= COMPARISON_PATIENCE:
        stopped = f"validation loss did not improve for {COMPARISON_PATIENCE} epochs (epoch {n})"
    else:
        assert n == budget, validation_loss
        stopped = BUDGET_RAN_OUT
    epochs = list(range(1, n + 1))
    train_loss = [round(final_train_loss * 1.5 ** (n - epoch), 4) for epoch in epochs]
    return {"epoch": epochs, "iterations": [36 * epoch for epoch in epochs],
            "train_loss": train_loss, "validation_loss": list(validation_loss),
            "train_accuracy": [round(1 - loss / 4, 4) for loss in train_loss],
            "validation_accuracy": [round(1 - loss / 3, 4) for loss in validation_loss],
            "stopped": stopped, "test_accuracy": test_accuracy}


def _comparison_cases():
    run = _comparison_run
    moons_linear = run([0.62, 0.47, 0.41, 0.395, 0.39, 0.392, 0.393, 0.394], 0.31, 0.917, 200)
    digits_256 = run([0.45, 0.2, 0.15, 0.136, 0.134, 0.138, 0.139, 0.141], 0.03, 0.969, 200)
    return [
        Case(({"2-2": moons_linear,
               "2-8-2": run([0.6, 0.42, 0.31, 0.25, 0.22, 0.24, 0.27, 0.3], 0.06, 1.0, 200),
               "2-32-2": run([0.58, 0.4, 0.3, 0.25, 0.235, 0.23, 0.232, 0.233, 0.234], 0.07,
                             0.983, 200)},),
             "the question's example: 2-2, 2-8-2 and 2-32-2 all stopped on their patience "
             "(lowest validation losses 0.39, 0.22, 0.23; 2-8-2 rose most after its best)"),
        Case(({"64-10": run([0.6, 0.3, 0.2, 0.17, 0.16, 0.155, 0.152, 0.151, 0.1505, 0.152,
                             0.153, 0.154], 0.08, 0.961, 200),
               "64-32-10": run([0.5, 0.25, 0.17, 0.15, 0.142, 0.14, 0.143, 0.145, 0.147], 0.04,
                               0.975, 200),
               "64-256-10": digits_256},),
             "64-10, 64-32-10 and 64-256-10, all stopped on their patience (lowest validation "
             "losses 0.1505, 0.140, 0.134; test accuracies 0.961, 0.975, 0.969)"),
        Case(({"64-16-10": run([0.55, 0.26, 0.18, 0.16, 0.152, 0.15, 0.151, 0.153, 0.154], 0.06,
                               0.958, 200),
               "64-64-10": run([0.48, 0.22, 0.16, 0.14, 0.137, 0.139, 0.14, 0.141], 0.035,
                               0.972, 200),
               "64-512-10": run([0.44, 0.21, 0.155, 0.145, 0.143, 0.147, 0.151, 0.156], 0.01,
                                0.964, 200)},),
             "64-16-10, 64-64-10 and 64-512-10, all stopped on their patience (lowest validation "
             "losses 0.150, 0.137, 0.143; 64-512-10 has the lowest training loss)"),
        Case(({"64-10": run([0.6, 0.4, 0.3, 0.25, 0.22, 0.2, 0.19, 0.18, 0.175, 0.17], 0.12,
                            0.95, 10),
               "64-256-10": digits_256},),
             "64-10 ran out of its budget of 10 epochs with its best loss at the last epoch; "
             "64-256-10 stopped on its patience"),
        Case(({"2-2": moons_linear,
               "2-8-2": run([0.7, 0.6, 0.52, 0.45, 0.38, 0.32, 0.28, 0.26, 0.25, 0.24, 0.245,
                             0.243], 0.15, 0.967, 12)},),
             "2-8-2 ran out of its budget of 12 epochs two epochs after its best (patience 3); "
             "2-2 stopped on its patience"),
        Case(({"2-4-2": run([0.55, 0.38, 0.3, 0.26, 0.25, 0.255, 0.26, 0.27], 0.15, 0.95, 300),
               "2-16-2": run([0.52, 0.36, 0.29, 0.265, 0.26, 0.262, 0.27, 0.28], 0.1, 0.967,
                             300)},),
             "two runs, 2-4-2 and 2-16-2, both stopped on their patience (lowest validation "
             "losses 0.25, 0.26)"),
    ]


def _decided_by(score, budget_rule=True):
    """A choice by the smallest ``score(history)``, deferring while a run ran out of epochs
    (or, with ``budget_rule=False``, never deferring)."""
    def choose(histories):
        ran_out = any(history["stopped"] == BUDGET_RAN_OUT for history in histories.values())
        if budget_rule and ran_out:
            return NOT_FINISHED
        return min(histories, key=lambda name: score(histories[name]))
    return choose


def _unfinished_only_if_best_is_last(histories):
    """The slip of calling a run unfinished only when its best epoch is its last one."""
    if any(int(np.argmin(history["validation_loss"])) == len(history["validation_loss"]) - 1
           for history in histories.values()):
        return NOT_FINISHED
    finished = {name: dict(history, stopped="") for name, history in histories.items()}
    return reference_choose_architecture(finished)


def _parameter_count(name):
    """The weights and biases of the network an architecture's name ("64-32-10") describes."""
    sizes = [int(size) for size in name.split("-")]
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:]))


def _largest_network(histories):
    """The slip of choosing the network with the most parameters, whatever its run showed."""
    if any(history["stopped"] == BUDGET_RAN_OUT for history in histories.values()):
        return NOT_FINISHED
    return max(histories, key=_parameter_count)


@register
def architecture_decision(answer):
    """Q9: choose_architecture(histories) -> the lowest validation loss's name, or "more epochs"."""
    misconceptions = [
        Misconception("You chose by the test accuracy. Choosing an architecture is a decision, and "
                      "decisions are made on the validation set: a test score that chose the "
                      "network flatters it, and no untouched data is left for the final report. "
                      "Choose by the lowest validation loss.",
                      _decided_by(lambda history: -history["test_accuracy"])),
        Misconception("You compared the validation loss of each run's *last* epoch. Early stopping "
                      "restores the parameters of the best epoch, so compare each run's lowest "
                      "validation loss, `min(history[\"validation_loss\"])`.",
                      _decided_by(lambda history: history["validation_loss"][-1])),
        Misconception("You chose by the training loss. A larger network almost always fits the "
                      "training set better, which says nothing about data it was not fitted to: "
                      "choose by the lowest validation loss.",
                      _decided_by(lambda history: min(history["train_loss"]))),
        Misconception("You chose the largest network. More units are not better by themselves: a "
                      "larger network fits the training set more easily, and only its validation "
                      "loss says whether that carried over to new data. Choose by the lowest "
                      "validation loss.", _largest_network),
        Misconception("A run that ran out of its epoch budget is unfinished even when its best "
                      "epoch came a few epochs before the end: its patience had not run out, so it "
                      "might still improve. Read `history[\"stopped\"]`: \"after the last epoch\" "
                      "means the budget ended the run.", _unfinished_only_if_best_is_last),
        Misconception("A run that ended because its epoch budget ran out (`history[\"stopped\"] == "
                      "\"after the last epoch\"`) may still have been improving: its loss measures "
                      "the budget, not what its architecture can do. Return \"more epochs\" until "
                      "every run has stopped on its patience.",
                      _decided_by(lambda history: min(history["validation_loss"]),
                                  budget_rule=False)),
    ]
    return check_function(answer, reference_choose_architecture, _comparison_cases(),
                          misconceptions)
