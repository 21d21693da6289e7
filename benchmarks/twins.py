"""The same network, the same weights and the same batch, in nbtools and in PyTorch.

Everything the benchmark compares is built here once, so the two sides cannot drift apart.
"""

import time

import numpy as np

from nbtools.backprop import loss_and_gradients
from nbtools.layers import init_network
from nbtools.losses import one_hot
from nbtools.optimisers import Momentum

try:
    import torch
except ImportError:  # PyTorch is optional: the benchmark says so and runs the rest
    torch = None

LEARNING_RATE, MOMENTUM = 0.01, 0.9


def problem(sizes, activation, loss, batch_size, dtype, seed=0):
    """Random layers (nbtools' initialisation), a batch X and targets Y (one-hot for cross-entropy)."""
    rng = np.random.default_rng(seed)
    layers = [(W.astype(dtype), b.astype(dtype)) for W, b in init_network(sizes, rng)]
    activations = [activation] * (len(sizes) - 2) + ["identity"]
    X = rng.normal(size=(batch_size, sizes[0])).astype(dtype)
    if loss == "softmax_cross_entropy":
        Y = one_hot(rng.integers(0, sizes[-1], batch_size), sizes[-1]).astype(dtype)
    else:
        Y = rng.normal(size=(batch_size, sizes[-1])).astype(dtype)
    return layers, activations, X, Y


def nbtools_step(layers, activations, loss, X, Y):
    """One training step with nbtools: forward, loss, backward, momentum update (returns a closure)."""
    optimiser = Momentum(LEARNING_RATE, MOMENTUM)
    parameters = [array for layer in layers for array in layer]

    def step():
        _, gradients, _ = loss_and_gradients(X, Y, layers, activations, loss)
        optimiser.step(parameters, [g for layer in gradients for g in layer])
    return step


def torch_network(layers, activations):
    """A torch.nn.Sequential with exactly the weights of ``layers`` (Linear stores W transposed)."""
    modules = []
    for (W, b), name in zip(layers, activations):
        linear = torch.nn.Linear(*W.shape, dtype=torch.from_numpy(W).dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W.T.copy()))
            linear.bias.copy_(torch.from_numpy(b))
        modules.append(linear)
        if name != "identity":
            modules.append({"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}[name]())
    return torch.nn.Sequential(*modules)


def torch_loss(loss, output, Y):
    """The same losses as nbtools: batch means (cross-entropy from logits against class indices)."""
    if loss == "softmax_cross_entropy":
        return torch.nn.functional.cross_entropy(output, Y.argmax(dim=1))
    return torch.nn.functional.mse_loss(output, Y)


def torch_step(layers, activations, loss, X, Y):
    """One training step in PyTorch on the same network and batch (returns a closure)."""
    model = torch_network(layers, activations)
    optimiser = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)
    X, Y = torch.from_numpy(X), torch.from_numpy(Y)

    def step():
        optimiser.zero_grad(set_to_none=True)
        torch_loss(loss, model(X), Y).backward()
        optimiser.step()
    return step


def median_seconds(function, repeats, warm_up=10):
    """The median wall time of ``function()`` over ``repeats`` calls, after ``warm_up`` calls."""
    for _ in range(warm_up):
        function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return float(np.median(times))
