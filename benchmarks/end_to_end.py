"""Section 3: end to end. Lesson 7's digit classifier, trained by nbtools and by PyTorch until it is as good
as the lesson's.

Both start from the same initial weights and see the same mini-batches in the same order, so they follow
the same path up to rounding and reach the target in the same epoch: the difference is speed alone. After
each epoch the test accuracy is measured (as MLPerf measures time-to-accuracy, on held-out data); only
the training is timed, not these measurements. BLAS and PyTorch run on one thread each, as in lesson 7,
where one thread is the faster choice for a network this small.
"""

import contextlib
from time import perf_counter

import numpy as np
from threadpoolctl import threadpool_limits

from nbtools.backprop import loss_and_gradients
from nbtools.datasets import load_digits_split
from nbtools.layers import forward, init_network
from nbtools.optimisers import Momentum
from nbtools.training import accuracy

from .twins import torch, torch_network

TARGET_ACCURACY = 0.97
SIZES, ACTIVATIONS = [64, 256, 10], ["relu", "identity"]
LEARNING_RATE, MOMENTUM, BATCH_SIZE, MAX_EPOCHS = 0.02, 0.9, 32, 100
REPEATS = 3


def nbtools_trainer(layers, X, Y):
    """(train_epoch(order), test_accuracy(X, Y)) for the nbtools network ``layers``, trained in place."""
    optimiser = Momentum(LEARNING_RATE, MOMENTUM)
    parameters = [array for layer in layers for array in layer]

    def train_epoch(order):
        for start in range(0, len(order), BATCH_SIZE):
            chosen = order[start:start + BATCH_SIZE]
            _, gradients, _ = loss_and_gradients(X[chosen], Y[chosen], layers, ACTIVATIONS, "softmax_cross_entropy")
            optimiser.step(parameters, [g for layer in gradients for g in layer])

    def test_accuracy(X_test, Y_test):
        return accuracy(forward(X_test, layers, ACTIVATIONS), Y_test)
    return train_epoch, test_accuracy


def torch_trainer(layers, X, Y):
    """The same pair for the same network in PyTorch (torch.optim.SGD with momentum: the same steps)."""
    model = torch_network(layers, ACTIVATIONS)
    optimiser = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)
    X, labels = torch.from_numpy(X), torch.from_numpy(Y.argmax(axis=1))

    def train_epoch(order):
        order = torch.from_numpy(order)
        for start in range(0, len(order), BATCH_SIZE):
            chosen = order[start:start + BATCH_SIZE]
            optimiser.zero_grad(set_to_none=True)
            torch.nn.functional.cross_entropy(model(X[chosen]), labels[chosen]).backward()
            optimiser.step()

    def test_accuracy(X_test, Y_test):
        with torch.no_grad():
            return accuracy(model(torch.from_numpy(X_test)).numpy(), Y_test)
    return train_epoch, test_accuracy


def time_to_accuracy(make_trainer, data, dtype, seed=0):
    """Train from seed ``seed`` until the test accuracy reaches TARGET_ACCURACY.

    Returns (epochs, training seconds, test accuracy then), or (None, seconds, best accuracy) when
    MAX_EPOCHS were not enough.
    """
    rng = np.random.default_rng(seed)
    layers = [(W.astype(dtype), b.astype(dtype)) for W, b in init_network(SIZES, rng)]
    X, Y, X_test = data.X_train.astype(dtype), data.Y_train.astype(dtype), data.X_test.astype(dtype)
    train_epoch, test_accuracy = make_trainer(layers, X, Y)
    seconds, best = 0.0, 0.0
    for epoch in range(1, MAX_EPOCHS + 1):
        order = rng.permutation(len(X))
        start = perf_counter()
        train_epoch(order)
        seconds += perf_counter() - start
        best = max(best, test_accuracy(X_test, data.Y_test))
        if best >= TARGET_ACCURACY:
            return epoch, seconds, best
    return None, seconds, best


@contextlib.contextmanager
def one_thread():
    """NumPy's BLAS and PyTorch on one thread each, restored afterwards."""
    torch_threads = torch.get_num_threads() if torch else None
    with threadpool_limits(limits=1):
        if torch:
            torch.set_num_threads(1)
        try:
            yield
        finally:
            if torch:
                torch.set_num_threads(torch_threads)


def run():
    """Rows: dtype, then epochs and median seconds to the target for each side, and their ratio."""
    data = load_digits_split(seed=0)
    sides = [nbtools_trainer] + ([torch_trainer] if torch else [])
    rows = []
    with one_thread():
        for dtype in [np.float64, np.float32]:
            row = [np.dtype(dtype).name]
            seconds = []
            for make_trainer in sides:
                runs = [time_to_accuracy(make_trainer, data, dtype) for _ in range(REPEATS)]
                epochs, _, reached = runs[0]
                seconds.append(float(np.median([run_seconds for _, run_seconds, _ in runs])))
                row += [f"{epochs} ({reached:.1%})" if epochs else f"not reached ({reached:.1%})", f"{seconds[-1]:.2f}"]
            row += [f"{seconds[0] / seconds[1]:.2f}" if torch else "-"]
            rows.append(row)
    header = ["dtype", "nbtools epochs (test acc.)", "nbtools s", "PyTorch epochs (test acc.)", "PyTorch s",
              "ratio"] if torch else ["dtype", "nbtools epochs (test acc.)", "nbtools s", "ratio"]
    return header, rows
