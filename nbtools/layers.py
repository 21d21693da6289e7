"""Dense layers and forward propagation (lesson 2).

Shapes: a batch is rows, ``Z`` has shape (n_samples, n_in); a layer's weights ``W`` have shape
(n_in, n_out), so ``W[j, k]`` joins unit j to unit k; its bias ``b`` has shape (n_out,).
"""

import numpy as np

from .activations import ACTIVATIONS, as_float


def dense(Z, W, b):
    """The weighted sums of one layer: U = Z W + b, shape (n_samples, n_out).

    For one sample z (shape (n_in,)) this is u_k = sum_j z_j w_jk + b_k: a weighted *sum*, not an average.
    """
    return Z @ W + b


def init_layer(n_in, n_out, rng):
    """Random weights (normal, standard deviation 1/sqrt(n_in)) and zero biases for one layer.

    Random weights break the symmetry between units: units that start equal would stay equal. The
    1/sqrt(n_in) scale makes a weighted sum's standard deviation (over the random weights) equal to the
    root mean square of the unit's inputs, however many inputs it has: near 1 only for inputs of size
    about 1. On the digits (pixels 0..1, root mean square 0.48) the first layer's sums have standard
    deviation about 0.47 (seed 0; 0.46-0.51 on seeds 0-2).
    ``rng`` is a ``numpy.random.Generator``, so the caller decides the seed.
    """
    W = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_out))
    return W, np.zeros(n_out)


def init_network(sizes, rng):
    """One (W, b) pair for each consecutive pair of ``sizes``, e.g. [2, 3, 1] for 2 inputs, 3 hidden, 1 output."""
    return [init_layer(n_in, n_out, rng) for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def forward(X, layers, activations):
    """Forward propagation: alternate dense layers and activations; the last output is the prediction.

    ``X`` has shape (n_samples, n_inputs); ``layers`` is a list of (W, b); ``activations`` names one
    activation a layer (a key of ``ACTIVATIONS``), e.g. ["sigmoid", "identity"].
    """
    if len(layers) != len(activations):
        raise ValueError(f"{len(layers)} layers need {len(layers)} activations, got {len(activations)}")
    Z = as_float(X)
    for (W, b), name in zip(layers, activations):
        activation, _ = ACTIVATIONS[name]
        Z = activation(dense(Z, W, b))
    return Z
