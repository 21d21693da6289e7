"""Initialisation and the flow of gradients (lesson 10).

A weighted sum u = sum_j w_j z_j of n_in inputs, with weights drawn independently of the inputs with
mean 0, has Var(u) = n_in Var(w) E[z^2] (E[z^2], not Var(z): the inputs need not have mean 0). Going
backwards, a delta of the layer below is a sum of n_out deltas times weights times a slope, so
Var(delta_prev) = n_out Var(w) E[f'(u)^2] Var(delta), treating slopes, weights and deltas as independent
(an approximation; lesson 10 measures it within 5%). Keeping both spreads from one layer to the next
gives the two standard scales:

* He (for ReLU): E[relu(u)^2] = Var(u)/2 for sums symmetric about 0 (symmetric weights, zero biases),
  so Var(w) = 2/n_in;
* Xavier/Glorot (for tanh, which is close to the identity near 0): Var(w) = 1/n_in forwards and
  1/n_out backwards, and the compromise Var(w) = 2/(n_in + n_out).

Shapes as everywhere in the workbook: a batch is rows, ``X`` (n_samples, n_in), ``W`` (n_in, n_out),
``b`` (n_out,); ``layers`` is a list of (W, b).
"""

import numpy as np

from .activations import SLOPES_FROM_OUTPUT
from .backprop import forward_with_cache


def init_std(activation, n_in, n_out):
    """The standard deviation of a layer's initial weights: He's sqrt(2 / n_in) for ``"relu"``, Glorot's
    sqrt(2 / (n_in + n_out)) for ``"tanh"``, ``"sigmoid"`` and ``"identity"``.

    A standard deviation, the square root of the variance the derivation gives.
    """
    if activation == "relu":
        return np.sqrt(2 / n_in)
    return np.sqrt(2 / (n_in + n_out))


def init_weights(n_in, n_out, activation, rng):
    """Weights of shape (n_in, n_out), normal with mean 0 and ``init_std``'s standard deviation, from the
    ``numpy.random.Generator`` ``rng``."""
    return rng.normal(0.0, init_std(activation, n_in, n_out), size=(n_in, n_out))


def deep_network(width, depth, gain, rng):
    """``depth`` square layers of ``width`` units, weights normal with standard deviation gain / sqrt(width)
    and zero biases: the networks whose spreads lesson 10 measures.

    With square layers Glorot's scale is gain 1 and He's gain sqrt(2).
    """
    return [(rng.normal(0.0, gain / np.sqrt(width), size=(width, width)), np.zeros(width))
            for _ in range(depth)]


def flow(X, layers, activation, G):
    """What flows through a network of ``layers`` [(W, b), ...], every layer with ``activation``.

    Forwards from the inputs ``X``; backwards from ``G``, the gradient dE/dZ arriving at the last layer's
    output (shape of that output). Returns ``(Z, deltas)``, one array a layer, first layer first: ``Z[l]``
    is layer l + 1's output f(U) and ``deltas[l]`` its delta dE/dU (lesson 5), computed as
    delta = (delta_above W_above^T) * f'(U).
    """
    Z, _ = forward_with_cache(X, layers, [activation] * len(layers))
    slope = SLOPES_FROM_OUTPUT[activation]
    deltas, dE_dZ = [], G
    for (W, _), output in zip(reversed(layers), reversed(Z[1:])):
        deltas.append(dE_dZ * slope(output))
        dE_dZ = deltas[-1] @ W.T
    return Z[1:], deltas[::-1]


def layer_spreads(X, layers, activation, G):
    """``(activation_spreads, delta_spreads)``: the standard deviation, over every sample and unit, of each
    layer's output and of each layer's delta (``flow``), as two arrays of one number a layer, first layer
    first."""
    Z, deltas = flow(X, layers, activation, G)
    return np.array([z.std() for z in Z]), np.array([delta.std() for delta in deltas])


def dead_units(X, W, b):
    """A boolean array, one entry a unit of the ReLU layer (W, b): True where the unit is dead on the data
    ``X``, its weighted sum u <= 0 for every sample. A dead unit outputs 0 and passes back a slope of 0 for
    every sample, so its weights and bias get a gradient of exactly 0: nothing brings it back."""
    return np.all(X @ W + b <= 0, axis=0)
