"""The whole learning loop (lesson 7): INIT, PREDICT, LOSS, GRADIENT, STEP, repeat, STOP.

``train`` is the loop the lessons build, in about thirty lines: the caller does INIT (``init_network``)
and chooses the optimiser; each iteration predicts a mini-batch, measures its loss, backpropagates the
gradient and steps; after each epoch it measures the validation loss and stops when that loss has not
improved for ``patience`` epochs (keeping the best parameters seen) or when the training loss is
acceptable.
"""

import numpy as np

from .backprop import loss_and_gradients
from .layers import forward
from .losses import LOSSES
from .optimisers import minibatches


def accuracy(output, Y):
    """The fraction of rows whose largest output is at the true class (``Y`` one-hot)."""
    return float(np.mean(np.argmax(output, axis=1) == np.argmax(Y, axis=1)))


def evaluate(X, Y, layers, activations, loss):
    """The loss of the whole set, and its accuracy when ``Y`` is one-hot classes (else None)."""
    output = forward(X, layers, activations)
    loss_function, _ = LOSSES[loss]
    return loss_function(output, Y), (accuracy(output, Y) if loss == "softmax_cross_entropy" else None)


def train(layers, activations, loss, X, Y, optimiser, epochs, batch_size, rng,
          validation=None, patience=None, target_loss=None, on_epoch=None, gradient=loss_and_gradients):
    """Train ``layers`` [(W, b), ...] in place; return the history, a dict of lists per epoch.

    ``validation`` is an optional (X_val, Y_val) pair for the stopping rule; ``on_epoch(history)``
    is called after every epoch (a progress bar or a live plot). ``gradient(X_batch, Y_batch, layers,
    activations, loss)`` gives each step's (loss, gradients, output): backprop's by default, or with
    weight decay and dropout from ``regularisation.regularised`` (lesson 12). The losses recorded per
    epoch are always the data loss of the whole network, as it is used for prediction.
    """
    history = {"epoch": [], "iterations": [], "train_loss": [], "validation_loss": [],
               "train_accuracy": [], "validation_accuracy": [], "stopped": "after the last epoch"}
    parameters = [array for layer in layers for array in layer]
    best_loss, best_parameters, iterations = np.inf, None, 0
    for epoch in range(1, epochs + 1):
        for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):
            _, gradients, _ = gradient(X_batch, Y_batch, layers, activations, loss)   # PREDICT, LOSS, GRADIENT
            optimiser.step(parameters, [g for layer in gradients for g in layer])                # STEP
            iterations += 1
        _record(history, "train", *evaluate(X, Y, layers, activations, loss))
        history["epoch"].append(epoch)
        history["iterations"].append(iterations)
        if validation is not None:
            _record(history, "validation", *evaluate(*validation, layers, activations, loss))
        if on_epoch is not None:
            on_epoch(history)
        watching_validation = validation is not None and patience is not None
        if watching_validation and history["validation_loss"][-1] < best_loss:
            best_loss, best_parameters = history["validation_loss"][-1], [p.copy() for p in parameters]
        if target_loss is not None and history["train_loss"][-1] <= target_loss:                 # STOP: good enough
            history["stopped"] = f"training loss reached {target_loss} at epoch {epoch}"
            best_parameters = None  # keep the parameters that reached the target
            break
        if watching_validation and epoch - int(np.argmin(history["validation_loss"])) - 1 >= patience:
            history["stopped"] = f"validation loss did not improve for {patience} epochs (epoch {epoch})"  # STOP
            break
    if best_parameters is not None:
        for parameter, best in zip(parameters, best_parameters):
            parameter[...] = best
    return history


def _record(history, which, loss_value, accuracy_value):
    """Append one epoch's loss (and accuracy, when there is one) to the history."""
    history[f"{which}_loss"].append(float(loss_value))
    if accuracy_value is not None:
        history[f"{which}_accuracy"].append(accuracy_value)
