"""Section 2: time per training step, nbtools against PyTorch, and against the machine's matmul ceiling.

A step is forward, loss, backward and a momentum update. Goals from the issue: nbtools/PyTorch at
most 0.5 on the small network and at most 1.0 on the large one; on the large one, the step's achieved
GFLOP/s at least 70% of a plain NumPy matrix product of the same size (the practical ceiling).
"""

import numpy as np

from .twins import median_seconds, nbtools_step, problem, torch, torch_step

NETWORKS = [([64, 32, 10], 0.5), ([784, 256, 128, 10], 1.0)]
BATCH_SIZES = [1, 32, 256]
DTYPES = [np.float32, np.float64]
SECONDS_PER_MEASUREMENT = 0.5


def step_flops(sizes, batch_size):
    """Multiply-adds x 2 of one step: forward Z W, backward Z^T delta, and delta W^T except for the first layer."""
    products = [n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    return 2 * batch_size * (3 * sum(products) - products[0])


def matmul_gflops(batch_size, n_in, n_out, dtype):
    """GFLOP/s of a plain NumPy product (batch, n_in) @ (n_in, n_out): the ceiling for a layer that size."""
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(batch_size, n_in)).astype(dtype), rng.normal(size=(n_in, n_out)).astype(dtype)
    return 2 * batch_size * n_in * n_out / timed(lambda: A @ B) / 1e9


def timed(function):
    """Median seconds per call, with as many repeats as fit in about SECONDS_PER_MEASUREMENT (at least 20)."""
    once = median_seconds(function, repeats=3, warm_up=3)
    return median_seconds(function, repeats=max(20, int(SECONDS_PER_MEASUREMENT / max(once, 1e-7))))


def run(activation="tanh", loss="softmax_cross_entropy"):
    """Rows: network, dtype, batch, both step times, the ratio against its goal, GFLOP/s against the ceiling."""
    rows = []
    for sizes, goal in NETWORKS:
        for dtype in DTYPES:
            for batch_size in BATCH_SIZES:
                twins = problem(sizes, activation, loss, batch_size, dtype)
                ours = timed(nbtools_step(*twins[:2], loss, *twins[2:]))
                theirs = timed(torch_step(*twins[:2], loss, *twins[2:])) if torch else None
                ratio = f"{ours / theirs:.2f}" + (" ok" if ours / theirs <= goal else f" > {goal}") if torch else "-"
                achieved = step_flops(sizes, batch_size) / ours / 1e9
                ceiling = matmul_gflops(batch_size, max(sizes[:-1]), sizes[1], dtype)
                rows.append(["-".join(map(str, sizes)), np.dtype(dtype).name, batch_size, f"{ours * 1e6:.0f}",
                             f"{theirs * 1e6:.0f}" if torch else "-", ratio,
                             f"{achieved:.1f} / {ceiling:.1f} = {achieved / ceiling:.0%}"])
    header = ["network", "dtype", "batch", "nbtools µs/step", "PyTorch µs/step", "ratio (goal)",
              "GFLOP/s step / matmul"]
    return header, rows
