"""Section 5: lesson 11's optimisers against PyTorch's, step by step, in float64.

Each optimiser of ``nbtools.optimisers`` and its PyTorch counterpart start from the same parameters and are
given, at every step t, the same gradient *function* (NumPy, evaluated at each side's own parameters), so
what is compared is the update rule alone: a difference in a rule would show at once and grow step by step.
Two problems, 200 steps each: Rosenbrock's function from (-1.5, 2) (one array) and a 64-32-10 tanh network
on mini-batches of the digits (four arrays). The learning-rate schedules are compared through Adam, whose
step is proportional to its rate in both libraries (momentum's is not: lesson 9). PyTorch's cosine runs on
past its T_max (back up); ours stays at its final rate: the cosine here ends at the last step.
"""

import math

import numpy as np

from nbtools import optimisers as ours
from nbtools.backprop import loss_and_gradients
from nbtools.datasets import load_digits_split
from nbtools.layers import init_network

from .twins import torch

TARGET = 1e-12
STEPS = 200


def rosenbrock_problem():
    """(parameters, gradient(arrays, t), steps) for Rosenbrock's (1 - x)^2 + 100 (y - x^2)^2."""
    def gradient(arrays, t):
        x, y = arrays[0]
        return [np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])]
    return [np.array([-1.5, 2.0])], gradient, STEPS


def digits_problem():
    """(parameters [W1, b1, W2, b2], gradient(arrays, t) on the t-th mini-batch of 32, steps): 64-32-10 tanh."""
    data = load_digits_split(seed=0)
    rng = np.random.default_rng(0)
    parameters = [array for layer in init_network([64, 32, 10], rng) for array in layer]
    batches = [rng.choice(len(data.X_train), 32, replace=False) for _ in range(STEPS)]

    def gradient(arrays, t):
        layers = [(arrays[0], arrays[1]), (arrays[2], arrays[3])]
        _, gradients, _ = loss_and_gradients(data.X_train[batches[t]], data.Y_train[batches[t]], layers,
                                             ["tanh", "identity"], "softmax_cross_entropy")
        return [g for layer in gradients for g in layer]
    return parameters, gradient, len(batches)


def pairs():
    """(name, make ours, make PyTorch's from its parameters, make its scheduler or None): each pair compared.
    A PyTorch scheduler scales the optimiser's rate from the peak it was created with."""
    optim = torch.optim
    schedule_pairs = [
        ("Adam + step decay", lambda t: ours.step_decay(t, 0.01, 0.5, 40),
         lambda o: optim.lr_scheduler.StepLR(o, step_size=40, gamma=0.5)),
        ("Adam + cosine", lambda t: ours.cosine(t, 0.01, STEPS),
         lambda o: optim.lr_scheduler.CosineAnnealingLR(o, T_max=STEPS)),
        ("Adam + warm-up", lambda t: ours.warm_up(t, 0.01, 20),
         lambda o: optim.lr_scheduler.LinearLR(o, start_factor=1 / 20, total_iters=19)),
    ]
    plain = [
        ("Nesterov", lambda: ours.Nesterov(0.0005, 0.9),
         lambda p: optim.SGD(p, lr=0.0005, momentum=0.9, nesterov=True)),
        ("AdaGrad", lambda: ours.AdaGrad(0.1), lambda p: optim.Adagrad(p, lr=0.1)),
        ("RMSProp", lambda: ours.RMSProp(0.001, rho=0.9), lambda p: optim.RMSprop(p, lr=0.001, alpha=0.9)),
        ("Adam", lambda: ours.Adam(0.01), lambda p: optim.Adam(p, lr=0.01)),
        ("Adam, L2 0.1 in the gradient", lambda: ours.Adam(0.01, weight_decay=0.1),
         lambda p: optim.Adam(p, lr=0.01, weight_decay=0.1)),
        ("AdamW, decay 0.1", lambda: ours.AdamW(0.01, weight_decay=0.1),
         lambda p: optim.AdamW(p, lr=0.01, weight_decay=0.1)),
    ]
    rows = [(name, make, make_torch, None) for name, make, make_torch in plain]
    for name, schedule, make_scheduler in schedule_pairs:
        rows.append((name, lambda s=schedule: ours.Scheduled(ours.Adam(s(0)), s),
                     lambda p: optim.Adam(p, lr=0.01), make_scheduler))
    return rows


def largest_difference(problem, make, make_torch, make_scheduler):
    """The largest |ours - PyTorch's| over every parameter and step, relative to the parameters' largest size."""
    start, gradient, steps = problem()
    mine = [array.copy() for array in start]
    theirs = [torch.tensor(array, requires_grad=True) for array in start]
    optimiser, torch_optimiser = make(), make_torch(theirs)
    scheduler = make_scheduler(torch_optimiser) if make_scheduler else None
    worst = 0.0
    for t in range(steps):
        optimiser.step(mine, gradient(mine, t))
        for tensor, g in zip(theirs, gradient([tensor.detach().numpy() for tensor in theirs], t)):
            tensor.grad = torch.from_numpy(g)
        torch_optimiser.step()
        if scheduler:
            scheduler.step()
        scale = max(np.abs(array).max() for array in mine)
        worst = max(worst, max(np.abs(a - b.detach().numpy()).max() for a, b in zip(mine, theirs)) / scale)
    assert all(math.isfinite(float(np.abs(array).max())) for array in mine)
    return worst


def run():
    """Rows (optimiser, largest relative difference on Rosenbrock, on the digits network, verdict)."""
    rows = []
    for name, make, make_torch, make_scheduler in pairs():
        differences = [largest_difference(problem, make, make_torch, make_scheduler)
                       for problem in (rosenbrock_problem, digits_problem)]
        rows.append([name, *(f"{d:.1e}" for d in differences),
                     "ok" if max(differences) < TARGET else "ABOVE TARGET"])
    return ["optimiser", f"Rosenbrock, {STEPS} steps", f"digits 64-32-10, {STEPS} steps",
            f"max rel. difference (target < {TARGET:.0e})"], rows
