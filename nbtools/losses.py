"""Loss functions (lessons 3 and 4): one number that says how bad the predictions are.

Shapes: predictions ``Y_hat`` and targets ``Y`` are (n_samples, n_outputs) arrays; for a classifier
``Y`` is one-hot and ``U`` are the last layer's weighted sums (logits). Every loss is a *mean* over the
batch, so its size, and the right learning rate, do not depend on the batch size.
"""

import numpy as np

from .activations import as_float


def mse(Y_hat, Y):
    """Mean squared error: the mean of (y_hat - y)^2 over every entry."""
    return np.mean((Y_hat - Y) ** 2)


def mse_gradient(Y_hat, Y):
    """d(MSE)/d(Y_hat) = 2 (Y_hat - Y) / n, with n the number of entries averaged."""
    return 2 * (Y_hat - Y) / Y.size


def mae(Y_hat, Y):
    """Mean absolute error: the mean of |y_hat - y|; less swayed by a few large errors than MSE."""
    return np.mean(np.abs(Y_hat - Y))


def mae_gradient(Y_hat, Y):
    """d(MAE)/d(Y_hat) = sign(Y_hat - Y) / n (taken as 0 where the prediction is exact)."""
    return np.sign(Y_hat - Y) / Y.size


def softmax(U):
    """Turn each row of logits into probabilities: e^(u_k) / sum_j e^(u_j), positive and summing to 1.

    The row's maximum is subtracted first. That changes nothing mathematically (the factor e^(-max)
    cancels) but keeps every exponent <= 0, so e^u cannot overflow even for logits like 1000.
    """
    U = as_float(U)
    exponentials = np.exp(U - U.max(axis=-1, keepdims=True))
    return exponentials / exponentials.sum(axis=-1, keepdims=True)


def log_sum_exp(U):
    """log(sum_k e^(u_k)) for each row, computed as m + log(sum_k e^(u_k - m)) with m the row maximum."""
    U = as_float(U)
    m = U.max(axis=-1, keepdims=True)
    return (m + np.log(np.exp(U - m).sum(axis=-1, keepdims=True)))[..., 0]


def log_softmax(U):
    """log(softmax(U)) without ever taking log(0): u_k - log_sum_exp(u)."""
    U = as_float(U)
    return U - log_sum_exp(U)[..., None]


def one_hot(labels, n_classes):
    """Integer class labels, shape (n_samples,), as one-hot rows, shape (n_samples, n_classes), float64."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be a 1-D array of integers, got dtype {labels.dtype} and shape {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}, got {labels.min()}..{labels.max()}")
    Y = np.zeros((labels.size, n_classes))
    Y[np.arange(labels.size), labels] = 1.0
    return Y


def cross_entropy(Y_hat, Y):
    """-mean over samples of sum_k y_k log(y_hat_k), from probabilities ``Y_hat`` and one-hot ``Y``.

    A probability of exactly 0 for the true class would give log(0) = -inf; it is clipped to the
    smallest positive *normal* float64 (2.2e-308), so the loss is large (about 708) but finite.
    """
    smallest = np.finfo(float).tiny
    return -np.mean(np.sum(Y * np.log(np.clip(Y_hat, smallest, 1.0)), axis=-1))


def softmax_cross_entropy(U, Y):
    """Cross-entropy of softmax(U) against one-hot ``Y``, straight from the logits via log-softmax (stable)."""
    return -np.mean(np.sum(Y * log_softmax(U), axis=-1))


def softmax_cross_entropy_gradient(U, Y):
    """d(softmax_cross_entropy)/dU = (softmax(U) - Y) / n_samples: the famous y_hat - y, averaged."""
    return (softmax(U) - Y) / U.shape[0]


LOSSES = {
    "mse": (mse, mse_gradient),
    "mae": (mae, mae_gradient),
    "softmax_cross_entropy": (softmax_cross_entropy, softmax_cross_entropy_gradient),
}
"""Each loss by name, with its gradient with respect to the network's output (the logits for softmax_cross_entropy)."""
