"""Generalisation and regularisation (lesson 12): L2 weight decay and dropout, as the lesson builds them.

Shapes as everywhere in the workbook: a batch is rows, ``X`` has shape (n_samples, n_inputs), a layer's ``W``
(n_in, n_out) and its ``b`` (n_out,); ``layers`` is a list of (W, b) and ``gradients`` a list of (dE/dW, dE/db)
in the same order.

**L2 weight decay.** The penalty is (λ/2) times the sum of every squared *weight* (biases are not penalised),
added to the data loss; its gradient adds λW to each dE/dW and nothing to dE/db. With the ½, λ is exactly
PyTorch's ``weight_decay``. A gradient step then multiplies each weight by (1 - ηλ) before the usual step:
the weights *decay* towards 0 unless the data keeps them up.

**Dropout (inverted).** During training each hidden unit's output is kept with probability ``keep_probability``
(p) and divided by p, or else set to 0; a fresh random mask for every mini-batch. Since E[mask / p] = 1, each
output keeps its expected value, so at evaluation the network is used as it is: no mask, no scaling
(``layers.forward``). The scaling happens during training, never at evaluation.
"""

import dataclasses

import numpy as np

from .activations import ACTIVATIONS, as_float
from .backprop import layer_backward
from .layers import dense
from .losses import LOSSES


def training_subset(data, n_samples, seed):
    """``data`` (a ``datasets.Split``) with only ``n_samples`` of its training samples, drawn at random from
    ``seed`` and stratified by label (each class keeps its share); validation and test parts unchanged.

    The samples are a random choice, not the first rows; a smaller subset from the same seed is not
    necessarily part of a larger one.
    """
    from sklearn.model_selection import train_test_split

    if n_samples >= len(data.X_train):
        return data
    chosen, _ = train_test_split(np.arange(len(data.X_train)), train_size=n_samples, random_state=seed,
                                 stratify=data.labels_train)
    return dataclasses.replace(data, X_train=data.X_train[chosen], Y_train=data.Y_train[chosen],
                               labels_train=data.labels_train[chosen])


def l2_penalty(layers, weight_decay):
    """(λ/2) Σ_layers Σ_jk w_jk²: the L2 penalty of the weights (not the biases), λ = ``weight_decay``."""
    return weight_decay / 2 * sum(float(np.sum(W ** 2)) for W, _ in layers)


def l2_gradients(gradients, layers, weight_decay):
    """The gradients of data loss + ``l2_penalty``: λW added to each dE/dW; dE/db unchanged.

    New arrays: the gradients passed in are not changed.
    """
    return [(dW + weight_decay * W, db) for (dW, db), (W, _) in zip(gradients, layers)]


def dropout_mask(shape, keep_probability, rng):
    """A random mask of ``shape``: True (keep) with probability ``keep_probability``, else False (drop)."""
    return rng.random(shape) < keep_probability


def dropout(Z, mask, keep_probability):
    """Inverted dropout of the outputs ``Z`` (n_samples, n_units): Z · mask / p, p = ``keep_probability``.

    The same function is its own backward pass: the layer multiplies each entry by a constant (1/p or 0), so
    dE/dZ = dropout(dE/d(output), mask, p) with the mask of the forward pass.
    """
    return Z * mask / keep_probability


def regularised_loss_and_gradients(X, Y, layers, activations, loss, weight_decay=0.0, masks=None,
                                   keep_probability=1.0):
    """The training loss (data loss + ``l2_penalty``), its gradients and the output, with dropout.

    Like ``backprop.loss_and_gradients``, with two regularisers: ``weight_decay`` λ, and ``masks``, one
    boolean mask (n_samples, n_units) for each hidden layer's output (None: no dropout), applied with
    ``dropout(..., keep_probability)``. The last layer's output is never dropped. With λ = 0 and no masks the
    result equals ``backprop.loss_and_gradients``'s, bit for bit.
    """
    loss_function, loss_gradient = LOSSES[loss]
    Z, U, A = [as_float(X)], [], []   # Z[l]: what layer l receives; A[l]: f(U[l]) before dropout
    for l, ((W, b), name) in enumerate(zip(layers, activations)):
        U.append(dense(Z[-1], W, b))
        A.append(ACTIVATIONS[name][0](U[-1]))
        hidden = l < len(layers) - 1
        Z.append(dropout(A[-1], masks[l], keep_probability) if hidden and masks is not None else A[-1])
    gradients = []
    dE_dZ = loss_gradient(Z[-1], Y)
    for l in reversed(range(len(layers))):
        if l < len(layers) - 1 and masks is not None:
            dE_dZ = dropout(dE_dZ, masks[l], keep_probability)        # back through the dropout
        dW, db, dE_dZ = layer_backward(dE_dZ, U[l], Z[l], layers[l][0], activations[l], pass_back=l > 0,
                                       Z=A[l])
        gradients.append((dW, db))
    penalised = loss_function(Z[-1], Y) + l2_penalty(layers, weight_decay)
    return penalised, l2_gradients(gradients[::-1], layers, weight_decay), Z[-1]


def regularised(weight_decay=0.0, keep_probability=1.0, rng=None):
    """A ``gradient`` function for ``training.train``: each mini-batch's loss and gradients with weight decay
    λ = ``weight_decay`` and, when ``keep_probability`` < 1, dropout on every hidden layer with a fresh mask
    drawn from ``rng`` (a ``numpy.random.Generator``; give it its own, so that the mini-batches stay the same
    with and without dropout)."""
    def gradient(X, Y, layers, activations, loss):
        masks = None
        if keep_probability < 1:
            masks = [dropout_mask((len(X), W.shape[1]), keep_probability, rng) for W, _ in layers[:-1]]
        return regularised_loss_and_gradients(X, Y, layers, activations, loss, weight_decay, masks,
                                              keep_probability)
    return gradient
