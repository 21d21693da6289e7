"""Activation functions and their derivatives (lesson 2), all elementwise on float64 arrays.

Each activation ``f`` maps a layer's weighted sums u to its outputs z = f(u); its derivative
``f_derivative(u)`` is dz/du, written next to it as micrograd does. ``ACTIVATIONS`` looks a pair up by name.
"""

import numpy as np


def as_float(values):
    """``values`` as a floating-point array: float32 and float64 arrays pass unchanged, anything else
    (integers, lists, numbers) becomes float64, the workbook's default."""
    values = np.asarray(values)
    return values if values.dtype.kind == "f" else values.astype(float)


def sigmoid(u):
    """1 / (1 + e^(-u)), squashing any number into (0, 1). Computed without overflow for large |u|."""
    u = as_float(u)
    e = np.exp(-np.abs(u))  # always <= 1, never overflows
    return np.where(u >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(u):
    """dz/du = z (1 - z) with z = sigmoid(u): at most 1/4, at u = 0."""
    z = sigmoid(u)
    return z * (1 - z)


def tanh(u):
    """(e^u - e^(-u)) / (e^u + e^(-u)), squashing into (-1, 1); a sigmoid centred on 0."""
    return np.tanh(as_float(u))


def tanh_derivative(u):
    """dz/du = 1 - z^2 with z = tanh(u)."""
    return 1 - tanh(u) ** 2


def relu(u):
    """max(0, u): passes positive sums, silences negative ones."""
    return np.maximum(as_float(u), 0)


def relu_derivative(u):
    """dz/du = 1 where u > 0, else 0 (at u = 0 we take 0, as the libraries do)."""
    u = as_float(u)
    return (u > 0).astype(u.dtype)


def identity(u):
    """u itself: the output activation of a regressor."""
    return as_float(u).copy()


def identity_derivative(u):
    """dz/du = 1 everywhere."""
    return np.ones_like(as_float(u))


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "identity": (identity, identity_derivative),
}

SLOPES_FROM_OUTPUT = {
    "sigmoid": lambda z: z * (1 - z),
    "tanh": lambda z: 1 - z**2,
    "relu": lambda z: (z > 0).astype(z.dtype),  # z > 0 exactly where u > 0
    "identity": np.ones_like,
}
"""f'(u) written with the output z = f(u) instead of u, as lesson 5 does by hand. The backward pass has z
already, so for the sigmoid and tanh it skips computing the exponentials of f(u) a second time."""
