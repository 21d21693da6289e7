"""Section 1: nbtools' backward pass against PyTorch autograd, float64, identical weights and batches."""

import numpy as np

from nbtools.backprop import loss_and_gradients

from .twins import problem, torch, torch_loss, torch_network

SHAPES = [[64, 32, 10], [784, 256, 128, 10]]
ACTIVATIONS = ["sigmoid", "tanh", "relu"]
LOSSES = ["softmax_cross_entropy", "mse"]
TARGET = 1e-10


def relative_error(mine, reference):
    """max |mine - reference| / max |reference|: the error measured against the gradient's own scale."""
    return float(np.max(np.abs(mine - reference)) / max(np.max(np.abs(reference)), np.finfo(float).tiny))


def worst_gradient_error(sizes, activation, loss, batch_size=32):
    """The largest relative error over every dW and db of one network."""
    layers, activations, X, Y = problem(sizes, activation, loss, batch_size, np.float64)
    _, gradients, _ = loss_and_gradients(X, Y, layers, activations, loss)
    model = torch_network(layers, activations)
    torch_loss(loss, model(torch.from_numpy(X)), torch.from_numpy(Y)).backward()
    linears = [module for module in model if isinstance(module, torch.nn.Linear)]
    errors = []
    for (dW, db), linear in zip(gradients, linears):
        errors.append(relative_error(dW, linear.weight.grad.numpy().T))
        errors.append(relative_error(db, linear.bias.grad.numpy()))
    return max(errors)


def run():
    """Rows (network, activation, loss, worst relative error, verdict)."""
    rows = []
    for sizes in SHAPES:
        for activation in ACTIVATIONS:
            for loss in LOSSES:
                error = worst_gradient_error(sizes, activation, loss)
                rows.append(["-".join(map(str, sizes)), activation, loss, f"{error:.1e}",
                             "ok" if error < TARGET else "ABOVE TARGET"])
    return ["network", "activation", "loss", f"max rel. error (target < {TARGET:.0e})", ""], rows
