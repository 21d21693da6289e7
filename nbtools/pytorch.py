"""The workbook's networks in PyTorch (lesson 9): the same weights, the same numbers.

PyTorch's ``torch.nn.Linear(n_in, n_out)`` stores its ``weight`` with shape (n_out, n_in) and computes
``x @ weight.T + bias``: the transpose of this workbook's ``W`` of shape (n_in, n_out) in
U = Z W + b. So loading a workbook layer means ``weight = W.T``, and reading a gradient back means
``weight.grad.T``. Everything here works in the arrays' own dtype (float64 for the workbook's).

Importing this module imports PyTorch (``pip install torch==2.13.0``; see the README).
"""

import numpy as np
import torch

MODULES = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}
"""The activation modules by the workbook's names; "identity" adds no module."""


def linear_from(W, b):
    """A ``torch.nn.Linear`` computing Z W + b: W of shape (n_in, n_out) is stored transposed."""
    W, b = np.asarray(W), np.asarray(b)
    layer = torch.nn.Linear(*W.shape, dtype=torch.from_numpy(W).dtype)
    with torch.no_grad():  # loading weights is not part of any computation to differentiate
        layer.weight.copy_(torch.from_numpy(W.T.copy()))
        layer.bias.copy_(torch.from_numpy(b))
    return layer


def network_from(layers, activations):
    """A ``torch.nn.Sequential`` with exactly the weights of ``layers`` [(W, b), ...] and the workbook's
    activation names (``identity`` adds nothing)."""
    modules = []
    for (W, b), name in zip(layers, activations):
        modules.append(linear_from(W, b))
        if name != "identity":
            modules.append(MODULES[name]())
    return torch.nn.Sequential(*modules)


def linears(model):
    """The ``nn.Linear`` layers of ``model``, first first."""
    return [module for module in model.modules() if isinstance(module, torch.nn.Linear)]


def layers_of(model):
    """The model's weights in the workbook's form [(W, b), ...], W of shape (n_in, n_out) (copies)."""
    return [(layer.weight.detach().numpy().T.copy(), layer.bias.detach().numpy().copy())
            for layer in linears(model)]


def gradients_of(model):
    """The gradients PyTorch left in ``.grad`` after ``backward()``, in ``nbtools.backprop``'s form
    [(dE/dW, dE/db), ...], dE/dW of shape (n_in, n_out)."""
    return [(layer.weight.grad.numpy().T.copy(), layer.bias.grad.numpy().copy())
            for layer in linears(model)]
