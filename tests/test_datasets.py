"""The lessons' data sets: shapes and dtypes as documented, splits disjoint, complete and stratified, the same
seed giving the same split, and one-hot targets that agree with the labels."""

import numpy as np
import pytest

from nbtools.datasets import (DIGIT_IMAGE_SHAPE, N_DIGIT_CLASSES, N_MOON_CLASSES, WAVE_RANGE, load_digits_images,
                              load_digits_split, load_moons_split, load_wave_split, make_moons, make_wave,
                              split_three_ways, wave)

PARTS = ["train", "validation", "test"]


@pytest.fixture(scope="module")
def digits():
    return load_digits_split(seed=0)


def test_digit_images_are_8x8_with_ink_from_0_to_16():
    images, labels = load_digits_images()
    assert images.shape == (1797, *DIGIT_IMAGE_SHAPE) and images.dtype == np.float64
    assert images.min() == 0 and images.max() == 16 and np.all(images == np.round(images))
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert set(np.unique(labels)) == set(range(N_DIGIT_CLASSES))


def test_digits_split_shapes_and_dtypes(digits):
    sizes = {"train": 1149, "validation": 288, "test": 360}
    for part in PARTS:
        X, Y, labels = (getattr(digits, f"{name}_{part}") for name in ["X", "Y", "labels"])
        assert X.shape == (sizes[part], 64) and X.dtype == np.float64
        assert Y.shape == (sizes[part], N_DIGIT_CLASSES) and Y.dtype == np.float64
        assert labels.shape == (sizes[part],) and labels.dtype == np.int64
        assert 0 <= X.min() and X.max() <= 1


def test_digits_one_hot_rows_match_the_labels(digits):
    for part in PARTS:
        Y, labels = getattr(digits, f"Y_{part}"), getattr(digits, f"labels_{part}")
        assert set(np.unique(Y)) == {0.0, 1.0}
        np.testing.assert_array_equal(Y.sum(axis=1), 1.0)
        np.testing.assert_array_equal(np.argmax(Y, axis=1), labels)


def test_digits_parts_are_disjoint_and_together_are_the_whole_data_set(digits):
    images, labels = load_digits_images()
    whole = images.reshape(len(images), -1) / 16
    parts = [getattr(digits, f"X_{part}") for part in PARTS]
    rows = np.concatenate(parts)
    assert len(rows) == len(whole)
    # the same multiset of images (duplicated images in the data set make index-free comparison necessary)
    assert sorted(map(bytes, rows)) == sorted(map(bytes, whole))
    np.testing.assert_array_equal(np.sort(np.concatenate([getattr(digits, f"labels_{p}") for p in PARTS])),
                                  np.sort(labels))


@pytest.mark.parametrize("labels", [None, np.arange(100) % 4], ids=["random", "stratified"])
def test_split_indices_are_disjoint_complete_and_shuffled(labels):
    train, validation, test = split_three_ways(100, 0.2, 0.2, seed=3, labels=labels)
    assert (len(train), len(validation), len(test)) == (64, 16, 20)
    assert sorted(np.concatenate([train, validation, test])) == list(range(100))
    assert not np.array_equal(np.sort(test), np.arange(80, 100))  # not simply the last rows


def test_digits_split_is_stratified(digits):
    _, labels = load_digits_images()
    overall = np.bincount(labels) / len(labels)
    for part in PARTS:
        labels = getattr(digits, f"labels_{part}")
        share = np.bincount(labels, minlength=N_DIGIT_CLASSES) / len(labels)
        np.testing.assert_allclose(share, overall, atol=0.01)


def test_same_seed_same_split_other_seed_other_split(digits):
    again, other = load_digits_split(seed=0), load_digits_split(seed=1)
    for part in PARTS:
        np.testing.assert_array_equal(getattr(again, f"X_{part}"), getattr(digits, f"X_{part}"))
    assert not np.array_equal(other.X_test, digits.X_test)


def test_wave_data_shapes_range_and_noise():
    X, Y = make_wave(2000, np.random.default_rng(0), noise=0.2)
    assert X.shape == Y.shape == (2000, 1) and X.dtype == Y.dtype == np.float64
    assert WAVE_RANGE[0] <= X.min() and X.max() <= WAVE_RANGE[1]
    residuals = Y - wave(X)
    assert abs(residuals.mean()) < 0.02 and residuals.std() == pytest.approx(0.2, rel=0.1)
    X_exact, Y_exact = make_wave(5, np.random.default_rng(0), noise=0.0)
    np.testing.assert_array_equal(Y_exact, np.sin(1.5 * X_exact) + X_exact / 3)


def test_wave_split_shapes_disjoint_and_reproducible():
    waves = load_wave_split(seed=0)
    sizes = {"train": 128, "validation": 32, "test": 40}
    for part in PARTS:
        assert getattr(waves, f"X_{part}").shape == getattr(waves, f"Y_{part}").shape == (sizes[part], 1)
        assert getattr(waves, f"labels_{part}") is None
    xs = np.concatenate([getattr(waves, f"X_{part}") for part in PARTS]).ravel()
    assert len(np.unique(xs)) == 200  # continuous x: distinct samples, none in two parts
    again, other = load_wave_split(seed=0), load_wave_split(seed=1)
    np.testing.assert_array_equal(again.X_test, waves.X_test)
    np.testing.assert_array_equal(again.Y_train, waves.Y_train)
    assert not np.array_equal(other.X_test, waves.X_test)


def test_moons_lie_on_their_two_arcs_with_the_given_noise():
    X, labels = make_moons(4001, np.random.default_rng(0), noise=0.0)
    assert X.shape == (4001, 2) and X.dtype == np.float64 and labels.dtype == np.int64
    np.testing.assert_array_equal(np.bincount(labels), [2000, 2001])
    centres = np.where(labels[:, None] == 0, [0.0, 0.0], [1.0, 0.5]) - [0.5, 0.25]
    np.testing.assert_allclose(np.linalg.norm(X - centres, axis=1), 1.0)   # every point on its unit circle...
    assert np.all(np.where(labels == 0, X[:, 1] >= -0.25, X[:, 1] <= 0.25))  # ...on its upper or lower half
    noisy, _ = make_moons(4001, np.random.default_rng(0), noise=0.2)
    assert (noisy - X).std() == pytest.approx(0.2, rel=0.05)


def test_moons_split_shapes_one_hot_and_class_balance():
    moons = load_moons_split(seed=0)
    sizes = {"train": 192, "validation": 48, "test": 60}
    for part in PARTS:
        X, Y, labels = (getattr(moons, f"{name}_{part}") for name in ["X", "Y", "labels"])
        assert X.shape == (sizes[part], 2) and Y.shape == (sizes[part], N_MOON_CLASSES)
        assert X.dtype == Y.dtype == np.float64 and labels.shape == (sizes[part],) and labels.dtype == np.int64
        np.testing.assert_array_equal(np.argmax(Y, axis=1), labels)
        np.testing.assert_array_equal(np.bincount(labels), [sizes[part] // 2] * 2)  # half of each class
    rows = np.concatenate([getattr(moons, f"X_{part}") for part in PARTS])
    assert len(np.unique(rows, axis=0)) == 300  # disjoint parts, covering all 300 points
    assert np.all(np.abs(rows.mean(axis=0)) < 0.1)  # centred near (0, 0)


def test_moons_same_seed_same_split_other_seed_other_split():
    moons, again, other = load_moons_split(seed=0), load_moons_split(seed=0), load_moons_split(seed=1)
    for part in PARTS:
        np.testing.assert_array_equal(getattr(again, f"X_{part}"), getattr(moons, f"X_{part}"))
        np.testing.assert_array_equal(getattr(again, f"labels_{part}"), getattr(moons, f"labels_{part}"))
    assert not np.array_equal(other.X_train, moons.X_train)
