"""Small data sets for the lessons (lesson 7): real handwritten digits, a synthetic wave for regression, and two
interleaved half-moons, a 2-D classification set whose decision boundary can be drawn.

All come split three ways, each part with its own job:

* **train**: the samples the parameters are fitted to;
* **validation**: held out from the fitting, and used to decide *when to stop* (and to compare settings);
* **test**: touched once, at the very end, to report how well the finished network does on unseen data.

Shapes as everywhere in the workbook: a batch is rows, ``X`` has shape (n_samples, n_features) and ``Y``
(n_samples, n_outputs), both float64. Every split is drawn from the ``seed`` argument, so the same seed always
gives the same split.
"""

from dataclasses import dataclass

import numpy as np

from .losses import one_hot

N_DIGIT_CLASSES = 10
DIGIT_IMAGE_SHAPE = (8, 8)
DIGIT_MAX_PIXEL = 16
WAVE_RANGE = (-3.0, 3.0)
N_MOON_CLASSES = 2


@dataclass(frozen=True)
class Split:
    """The train, validation and test parts of one data set.

    ``X_*``: inputs, shape (n, n_features), float64. ``Y_*``: targets, shape (n, n_outputs), float64 (one-hot
    rows for a classifier). ``labels_*``: the integer classes, shape (n,), for a classifier; None for a regressor.
    """

    X_train: np.ndarray
    Y_train: np.ndarray
    X_validation: np.ndarray
    Y_validation: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    labels_train: np.ndarray = None
    labels_validation: np.ndarray = None
    labels_test: np.ndarray = None


def split_three_ways(n_samples, validation_fraction, test_fraction, seed, labels=None):
    """Indices (train, validation, test) of a random split of ``n_samples`` samples.

    First ``test_fraction`` of the samples is held out as the test set, then ``validation_fraction`` of the rest
    as the validation set; the remaining samples are for training. The samples are shuffled first (never "the
    last rows", which may be ordered). With integer ``labels`` (shape (n_samples,)) the split is *stratified*:
    every class keeps its share in each part, so a small test set is not short of some class by bad luck. Uses
    scikit-learn's ``train_test_split`` with ``random_state=seed``. The three index arrays are disjoint and
    together cover 0..n_samples-1.
    """
    from sklearn.model_selection import train_test_split

    indices = np.arange(n_samples)
    labels = None if labels is None else np.asarray(labels)
    rest, test = train_test_split(indices, test_size=test_fraction, random_state=seed, stratify=labels)
    train, validation = train_test_split(rest, test_size=validation_fraction, random_state=seed,
                                         stratify=None if labels is None else labels[rest])
    return train, validation, test


def load_digits_images():
    """The 1,797 handwritten digits bundled with scikit-learn (they load offline).

    Returns ``(images, labels)``: images of shape (1797, 8, 8) with integer pixel values 0..16 (float64,
    0 is white paper, 16 full ink), and labels of shape (1797,), int64, the digit 0..9 each image shows.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    return digits.images.astype(float), digits.target.astype(np.int64)


def load_digits_split(seed=0, validation_fraction=0.2, test_fraction=0.2):
    """The digits, split (stratified, by ``split_three_ways``) into train, validation and test parts.

    Each 8x8 image becomes a row of 64 pixels scaled from 0..16 to 0..1 (``X_*``, shape (n, 64)); ``Y_*`` are
    one-hot rows, shape (n, 10); ``labels_*`` the digits, shape (n,), int64. With the defaults: 1,149
    training, 288 validation and 360 test images.
    """
    images, labels = load_digits_images()
    X = images.reshape(len(images), -1) / DIGIT_MAX_PIXEL
    return split_classes(X, labels, N_DIGIT_CLASSES, seed, validation_fraction, test_fraction)


def split_classes(X, labels, n_classes, seed, validation_fraction, test_fraction):
    """A classification set ``X`` (n, n_features) with integer ``labels`` (n,), split by ``split_three_ways``
    (stratified) into a ``Split`` with one-hot ``Y_*`` rows of ``n_classes`` columns and the ``labels_*``."""
    parts = {}
    for name, indices in zip(["train", "validation", "test"],
                             split_three_ways(len(labels), validation_fraction, test_fraction, seed, labels)):
        parts[f"X_{name}"] = X[indices]
        parts[f"Y_{name}"] = one_hot(labels[indices], n_classes)
        parts[f"labels_{name}"] = labels[indices]
    return Split(**parts)


def wave(x):
    """The true function of the synthetic regression data: y = sin(1.5 x) + x/3 (elementwise on any array)."""
    return np.sin(1.5 * x) + x / 3


def make_wave(n_samples, rng, noise=0.2):
    """Synthetic regression data: x uniform on [-3, 3], y = wave(x) + Gaussian noise of standard deviation ``noise``.

    Returns ``(X, Y)``, both of shape (n_samples, 1), float64.
    """
    X = rng.uniform(*WAVE_RANGE, size=(n_samples, 1))
    return X, wave(X) + rng.normal(0.0, noise, size=(n_samples, 1))


def load_wave_split(seed=0, n_samples=200, noise=0.2, validation_fraction=0.2, test_fraction=0.2):
    """``make_wave`` data, split at random (by ``split_three_ways``) into train, validation and test parts.

    Every ``X_*`` and ``Y_*`` has shape (n, 1); ``labels_*`` are None. With the defaults: 128 training,
    32 validation and 40 test samples.
    """
    X, Y = make_wave(n_samples, np.random.default_rng(seed), noise)
    train, validation, test = split_three_ways(n_samples, validation_fraction, test_fraction, seed)
    return Split(X[train], Y[train], X[validation], Y[validation], X[test], Y[test])


def make_moons(n_samples, rng, noise=0.2):
    """Two interleaved half-moons in the plane: a 2-D classification set no straight line can separate.

    Class 0 lies on the upper half of the unit circle around (0, 0), class 1 on the lower half of the unit circle
    around (1, 0.5), which reaches up into the first moon's hollow; each point's angle is uniform along its arc,
    then Gaussian noise of standard deviation ``noise`` is added to both coordinates. The two classes have
    n_samples // 2 and the rest points, and the whole set is shifted so that it is centred near (0, 0), a good
    size for the inputs of ``init_network``.
    Returns ``(X, labels)``: X of shape (n_samples, 2), float64, and labels of shape (n_samples,), int64 (0 or 1),
    in class order (shuffle or split before use).
    """
    sizes = [n_samples // 2, n_samples - n_samples // 2]
    angles = [rng.uniform(0.0, np.pi, size) for size in sizes]
    upper = np.column_stack([np.cos(angles[0]), np.sin(angles[0])])
    lower = np.column_stack([1 - np.cos(angles[1]), 0.5 - np.sin(angles[1])])
    X = np.vstack([upper, lower]) - [0.5, 0.25] + rng.normal(0.0, noise, size=(n_samples, 2))
    return X, np.repeat(np.arange(N_MOON_CLASSES, dtype=np.int64), sizes)


def load_moons_split(seed=0, n_samples=300, noise=0.2, validation_fraction=0.2, test_fraction=0.2):
    """``make_moons`` data, split (stratified, by ``split_three_ways``) into train, validation and test parts.

    ``X_*`` have shape (n, 2), ``Y_*`` are one-hot rows of shape (n, 2) and ``labels_*`` the classes, shape (n,).
    With the defaults: 192 training, 48 validation and 60 test points, half of each class in every part.
    """
    X, labels = make_moons(n_samples, np.random.default_rng(seed), noise)
    return split_classes(X, labels, N_MOON_CLASSES, seed, validation_fraction, test_fraction)
