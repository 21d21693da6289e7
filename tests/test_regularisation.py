"""L2 weight decay and dropout (lesson 12): the penalty and its gradient, inverted dropout, their gradients
against finite differences with a fixed mask, and the training loop's ``gradient`` option."""

import numpy as np
import pytest

from nbtools.backprop import loss_and_gradients
from nbtools.datasets import load_digits_split
from nbtools.gradient_check import check_gradients
from nbtools.layers import init_network
from nbtools.losses import one_hot
from nbtools.optimisers import SGD, Momentum
from nbtools.regularisation import (
    dropout,
    dropout_mask,
    l2_gradients,
    l2_penalty,
    regularised,
    regularised_loss_and_gradients,
    training_subset,
)
from nbtools.training import train

ACTIVATIONS = ["tanh", "sigmoid", "identity"]


def problem(seed, n_samples=6):
    rng = np.random.default_rng(seed)
    layers = init_network([4, 5, 3, 3], rng)
    for W, b in layers:
        b += rng.normal(size=b.shape)       # biases that are not 0, so that decaying them would show
    X = rng.normal(size=(n_samples, 4))
    Y = one_hot(rng.integers(0, 3, n_samples), 3)
    return layers, X, Y, rng


def test_the_penalty_counts_the_weights_only_with_the_half():
    layers = [(np.array([[1.0, -2.0]]), np.array([5.0, 5.0])), (np.array([[3.0], [0.5]]), np.array([7.0]))]
    assert l2_penalty(layers, 0.1) == pytest.approx(0.05 * (1 + 4 + 9 + 0.25))
    gradients = [(np.zeros((1, 2)), np.ones(2)), (np.ones((2, 1)), np.zeros(1))]
    decayed = l2_gradients(gradients, layers, 0.1)
    np.testing.assert_allclose(decayed[0][0], [[0.1, -0.2]])
    np.testing.assert_allclose(decayed[1][0], [[1.3], [1.05]])
    assert decayed[0][1] is gradients[0][1] and decayed[1][1] is gradients[1][1]   # biases: not decayed
    assert np.array_equal(gradients[0][0], np.zeros((1, 2)))                          # inputs unchanged


def test_without_regularisation_it_is_backprop_bit_for_bit():
    layers, X, Y, _ = problem(0)
    expected = loss_and_gradients(X, Y, layers, ACTIVATIONS, "softmax_cross_entropy")
    received = regularised_loss_and_gradients(X, Y, layers, ACTIVATIONS, "softmax_cross_entropy")
    assert received[0] == expected[0] and np.array_equal(received[2], expected[2])
    for (dW, db), (dW_expected, db_expected) in zip(received[1], expected[1]):
        assert np.array_equal(dW, dW_expected) and np.array_equal(db, db_expected)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("weight_decay, keep_probability", [(0.0, 0.5), (0.3, 1.0), (0.3, 0.8)])
def test_gradients_with_a_fixed_mask_and_weight_decay_match_finite_differences(seed, weight_decay,
                                                                                 keep_probability):
    layers, X, Y, rng = problem(seed)
    masks = None
    if keep_probability < 1:
        masks = [dropout_mask((len(X), W.shape[1]), keep_probability, rng) for W, _ in layers[:-1]]
        assert not all(mask.all() for mask in masks)    # something is dropped

    def loss():
        return regularised_loss_and_gradients(X, Y, layers, ACTIVATIONS, "softmax_cross_entropy", weight_decay,
                                              masks, keep_probability)[0]

    _, gradients, _ = regularised_loss_and_gradients(X, Y, layers, ACTIVATIONS, "softmax_cross_entropy",
                                                     weight_decay, masks, keep_probability)
    verdict = check_gradients(loss, layers, gradients)
    assert verdict.ok, str(verdict)


def test_inverted_dropout_keeps_the_mean_and_is_its_own_backward():
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(3, 4))
    mask = dropout_mask((200_000, 3, 4), 0.8, rng)
    assert abs(mask.mean() - 0.8) < 0.005                               # p is the keep probability
    np.testing.assert_allclose(dropout(Z, mask, 0.8).mean(axis=0), Z, atol=0.02)
    one = mask[0]
    np.testing.assert_array_equal(dropout(Z, one, 0.8), np.where(one, Z / 0.8, 0.0))


def test_train_is_unchanged_by_default_and_regularised_draws_masks_from_its_own_generator():
    data = training_subset(load_digits_split(seed=0), 60, seed=0)
    histories = []
    for gradient in [None, regularised(), regularised(0.0, 0.5, np.random.default_rng(5))]:
        rng = np.random.default_rng(3)
        layers = init_network([64, 16, 10], rng)
        options = {} if gradient is None else {"gradient": gradient}
        histories.append(train(layers, ["relu", "identity"], "softmax_cross_entropy", data.X_train,
                               data.Y_train, SGD(0.1), 3, 16, rng, **options))
    assert histories[0]["train_loss"] == histories[1]["train_loss"]
    assert histories[2]["train_loss"] != histories[0]["train_loss"]


def test_weight_decay_in_train_is_the_decay_factor_of_each_step():
    """With a zero data gradient (all-zero inputs reach the first layer's weights only through dW = 0), each
    SGD step multiplies the first layer's weights by 1 - eta lambda."""
    rng = np.random.default_rng(0)
    layers = init_network([3, 4, 2], rng)
    W1 = layers[0][0].copy()
    X, Y = np.zeros((5, 3)), one_hot(np.array([0, 1, 0, 1, 1]), 2)
    train(layers, ["tanh", "identity"], "softmax_cross_entropy", X, Y, Momentum(0.1, 0.0), 7, 5, rng,
          gradient=regularised(weight_decay=0.5))
    np.testing.assert_allclose(layers[0][0], W1 * (1 - 0.1 * 0.5) ** 7)


def test_training_subset_is_stratified_and_keeps_the_held_out_parts():
    data = load_digits_split(seed=0)
    small = training_subset(data, 100, seed=1)
    assert small.X_train.shape == (100, 64) and np.bincount(small.labels_train).tolist() == [10] * 10
    assert small.X_validation is data.X_validation and small.X_test is data.X_test
    assert np.array_equal(small.Y_train.argmax(axis=1), small.labels_train)
    assert training_subset(data, 5000, seed=0) is data


# --- Exercise 12's checks: every Misconception they define is in the mutation table -------------------------

def test_every_misconception_of_exercise_12_is_in_its_mutation_table(monkeypatch):
    """Both ways: each hint a check of exercise 12 can give is expected by a wrong answer of
    ``tests/mutation_tables/ex12_regularisation.py`` (which then must get it), and each hint the table expects is
    still one a check gives. Question 6 judges masks by their properties: its misconceptions are module constants."""
    from misconceptions import assert_every_misconception_tested, misconceptions_defined
    from mutation_tables.ex12_regularisation import TABLE

    from nbtools.checks import regularisation
    from nbtools.checks.engine import Misconception

    names = [name for name in TABLE if name != "dropout_mask_draw"]
    defined = misconceptions_defined(monkeypatch, regularisation, names)
    defined += [("dropout_mask_draw", value.hint) for name, value in vars(regularisation).items()
                if name.startswith("MASK_") and isinstance(value, Misconception)]
    tested = [(name, wrong.answer, wrong.hint) for name, (wrongs, _) in TABLE.items() for wrong in wrongs
              if wrong.hint]
    assert_every_misconception_tested(defined, tested)
