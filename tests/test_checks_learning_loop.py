"""The checks of exercise 07 (the whole learning loop): correct answers pass in the forms a learner may write
them, each misconception fails with its own hint, and an untouched template reads "not attempted yet"."""

import math

import numpy as np
import pytest

import nbtools.checks
from nbtools import check, training
from nbtools.backprop import loss_and_gradients
from nbtools.checks import learning_loop as exercise_07
from nbtools.checks.engine import check_function
from nbtools.layers import forward, init_network
from nbtools.losses import softmax_cross_entropy
from nbtools.optimisers import SGD, minibatches

from misconceptions import (assert_every_misconception_tested, assert_fails_with_hint, assert_not_attempted,
                            assert_passes, misconceptions_defined)
from mutation_tables.ex07_learning_loop import TABLE as TABLE_7

EXERCISE_07 = sorted(name for name, function in nbtools.checks._CHECKS.items()
                     if function.__module__ == exercise_07.__name__)
FUNCTION_CHECKS = ["loop_loss_history", "accuracy_one_hot", "confusion_counts", "early_stopping_rule",
                   "reported_accuracy", "best_parameters", "regression_mse", "architecture_decision"]
ACTIVATIONS = ["tanh", "identity"]


def template(*args):
    # YOUR CODE HERE
    raise NotImplementedError


# --- Question 1: the training loop, as learners write it ---------------------------------------------------

def loop_with_pieces(X, Y, sizes, learning_rate, epochs, batch_size, seed):
    rng = np.random.default_rng(seed)
    layers = init_network(sizes, rng)
    optimiser = SGD(learning_rate)
    parameters = [array for layer in layers for array in layer]
    losses = []
    for epoch in range(epochs):
        for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):
            _, gradients, _ = loss_and_gradients(X_batch, Y_batch, layers, ACTIVATIONS, "softmax_cross_entropy")
            optimiser.step(parameters, [gradient for pair in gradients for gradient in pair])
        losses.append(softmax_cross_entropy(forward(X, layers, ACTIVATIONS), Y))
    return np.array(losses)


def loop_with_train(X, Y, sizes, learning_rate, epochs, batch_size, seed):
    rng = np.random.default_rng(seed)
    layers = init_network(sizes, rng)
    history = training.train(layers, ACTIVATIONS, "softmax_cross_entropy", X, Y, SGD(learning_rate), epochs,
                              batch_size, rng)
    return np.array(history["train_loss"])


def loop_with_steps_by_hand(X, Y, sizes, learning_rate, epochs, batch_size, seed):
    rng = np.random.default_rng(seed)
    layers = init_network(sizes, rng)
    losses = []
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            rows = order[start:start + batch_size]
            _, gradients, _ = loss_and_gradients(X[rows], Y[rows], layers, ACTIVATIONS, "softmax_cross_entropy")
            for (W, b), (dW, db) in zip(layers, gradients):
                W -= learning_rate * dW
                b -= learning_rate * db
        losses.append(softmax_cross_entropy(forward(X, layers, ACTIVATIONS), Y))
    return np.array(losses)


def loop_without_shuffling(X, Y, sizes, learning_rate, epochs, batch_size, seed):
    rng = np.random.default_rng(seed)
    layers = init_network(sizes, rng)
    losses = []
    for epoch in range(epochs):
        for start in range(0, len(X), batch_size):
            _, gradients, _ = loss_and_gradients(X[start:start + batch_size], Y[start:start + batch_size], layers,
                                                 ACTIVATIONS, "softmax_cross_entropy")
            for (W, b), (dW, db) in zip(layers, gradients):
                W -= learning_rate * dW
                b -= learning_rate * db
        losses.append(softmax_cross_entropy(forward(X, layers, ACTIVATIONS), Y))
    return np.array(losses)


def loop_reseeding_every_epoch(X, Y, sizes, learning_rate, epochs, batch_size, seed):
    rng = np.random.default_rng(seed)
    layers = init_network(sizes, rng)
    losses = []
    for epoch in range(epochs):
        rng = np.random.default_rng(seed)  # the slip: the same order every epoch
        for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):
            _, gradients, _ = loss_and_gradients(X_batch, Y_batch, layers, ACTIVATIONS, "softmax_cross_entropy")
            for (W, b), (dW, db) in zip(layers, gradients):
                W -= learning_rate * dW
                b -= learning_rate * db
        losses.append(softmax_cross_entropy(forward(X, layers, ACTIVATIONS), Y))
    return np.array(losses)


def loop_with_ascent(X, Y, sizes, learning_rate, epochs, batch_size, seed):
    rng = np.random.default_rng(seed)
    layers = init_network(sizes, rng)
    losses = []
    for epoch in range(epochs):
        for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):
            _, gradients, _ = loss_and_gradients(X_batch, Y_batch, layers, ACTIVATIONS, "softmax_cross_entropy")
            for (W, b), (dW, db) in zip(layers, gradients):
                W += learning_rate * dW
                b += learning_rate * db
        losses.append(softmax_cross_entropy(forward(X, layers, ACTIVATIONS), Y))
    return np.array(losses)


def loop_one_update_an_epoch(X, Y, sizes, learning_rate, epochs, batch_size, seed):
    rng = np.random.default_rng(seed)
    layers = init_network(sizes, rng)
    losses = []
    for epoch in range(epochs):
        _, gradients, _ = loss_and_gradients(X, Y, layers, ACTIVATIONS, "softmax_cross_entropy")
        SGD(learning_rate).step([a for layer in layers for a in layer], [g for pair in gradients for g in pair])
        losses.append(softmax_cross_entropy(forward(X, layers, ACTIVATIONS), Y))
    return np.array(losses)


def loop_mean_of_batch_losses(X, Y, sizes, learning_rate, epochs, batch_size, seed):
    rng = np.random.default_rng(seed)
    layers = init_network(sizes, rng)
    optimiser = SGD(learning_rate)
    losses = []
    for epoch in range(epochs):
        batch_losses = []
        for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):
            loss, gradients, _ = loss_and_gradients(X_batch, Y_batch, layers, ACTIVATIONS, "softmax_cross_entropy")
            batch_losses.append(loss)
            optimiser.step([a for layer in layers for a in layer], [g for pair in gradients for g in pair])
        losses.append(np.mean(batch_losses))
    return np.array(losses)


def loop_recording_before(X, Y, sizes, learning_rate, epochs, batch_size, seed):
    rng = np.random.default_rng(seed)
    layers = init_network(sizes, rng)
    optimiser = SGD(learning_rate)
    losses = []
    for epoch in range(epochs):
        losses.append(softmax_cross_entropy(forward(X, layers, ACTIVATIONS), Y))
        for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):
            _, gradients, _ = loss_and_gradients(X_batch, Y_batch, layers, ACTIVATIONS, "softmax_cross_entropy")
            optimiser.step([a for layer in layers for a in layer], [g for pair in gradients for g in pair])
    return np.array(losses)


def loop_returning_a_list(X, Y, sizes, learning_rate, epochs, batch_size, seed):
    return list(loop_with_pieces(X, Y, sizes, learning_rate, epochs, batch_size, seed))


# --- Question 2: accuracy ---------------------------------------------------------------------------------

def accuracy_loop(output, Y):
    right = 0
    for row, target in zip(output, Y):
        right += int(np.argmax(row) == np.argmax(target))
    return right / len(Y)


def accuracy_flat_argmax(output, Y):
    return np.mean(np.argmax(output, axis=1) == np.argmax(Y))


def accuracy_entrywise(output, Y):
    predicted = np.zeros_like(Y)
    predicted[np.arange(len(Y)), np.argmax(output, axis=1)] = 1
    return np.mean(predicted == Y)


def accuracy_axis_0(output, Y):
    return np.mean(output.argmax(axis=0) == Y.argmax(axis=0))


def accuracy_count(output, Y):
    return np.sum(output.argmax(axis=1) == Y.argmax(axis=1))


def accuracy_percent(output, Y):
    return 100 * np.mean(output.argmax(axis=1) == Y.argmax(axis=1))


# --- Question 3: the confusion matrix --------------------------------------------------------------------

def confusion_loop(true_labels, predicted_labels, n_classes):
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    for true, predicted in zip(true_labels, predicted_labels):
        matrix[true, predicted] += 1
    return matrix


def confusion_bincount(true_labels, predicted_labels, n_classes):
    return np.bincount(true_labels * n_classes + predicted_labels, minlength=n_classes**2).reshape(n_classes, n_classes)


def confusion_transposed(true_labels, predicted_labels, n_classes):
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    for true, predicted in zip(true_labels, predicted_labels):
        matrix[predicted, true] += 1
    return matrix


def confusion_fancy_index(true_labels, predicted_labels, n_classes):
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    matrix[true_labels, predicted_labels] += 1
    return matrix


def confusion_sized_by_labels(true_labels, predicted_labels, n_classes):
    size = max(true_labels.max(), predicted_labels.max()) + 1
    matrix = np.zeros((size, size), dtype=int)
    for true, predicted in zip(true_labels, predicted_labels):
        matrix[true, predicted] += 1
    return matrix


def confusion_float(true_labels, predicted_labels, n_classes):
    return confusion_loop(true_labels, predicted_labels, n_classes).astype(float)


# --- Question 4: the stopping rule -------------------------------------------------------------------------

def should_stop_argmin(history, patience):
    losses = history["validation_loss"]
    return len(losses) - 1 - np.argmin(losses) >= patience


def should_stop_counting(history, patience):
    best, epochs_without_improvement = float("inf"), 0
    for loss in history["validation_loss"]:
        if loss < best:
            best, epochs_without_improvement = loss, 0
        else:
            epochs_without_improvement += 1
    return epochs_without_improvement >= patience


def should_stop_ties_improve(history, patience):
    best, epochs_without_improvement = float("inf"), 0
    for loss in history["validation_loss"]:
        if loss <= best:
            best, epochs_without_improvement = loss, 0
        else:
            epochs_without_improvement += 1
    return epochs_without_improvement >= patience


def should_stop_on_training_loss(history, patience):
    losses = history["train_loss"]
    return len(losses) - 1 - np.argmin(losses) >= patience


def should_stop_off_by_one(history, patience):
    best, epochs_without_improvement = float("inf"), 0
    for loss in history["validation_loss"]:
        if loss < best:
            best, epochs_without_improvement = loss, 0
        else:
            epochs_without_improvement += 1
    return epochs_without_improvement > patience


def should_stop_on_rises(history, patience):
    losses = history["validation_loss"]
    if len(losses) <= patience:
        return False
    return all(later > earlier for earlier, later in zip(losses[-patience - 1:], losses[-patience:]))


def should_stop_patience_ago(history, patience):
    losses = history["validation_loss"]
    return len(losses) > patience and losses[-1] >= losses[-1 - patience]


# --- Question 6: which set to report ---------------------------------------------------------------------

def best_by_loop(losses, snapshots):
    best = 0
    for epoch, loss in enumerate(losses):
        if loss < losses[best]:
            best = epoch
    return snapshots[best]


def best_last_tie(losses, snapshots):
    best = 0
    for epoch, loss in enumerate(losses):
        if loss <= losses[best]:
            best = epoch
    return snapshots[best]


def regression_mse_by_hand(layers, X, Y):
    Z = X
    for (W, b), name in zip(layers, ACTIVATIONS):
        U = Z @ W + b
        Z = np.tanh(U) if name == "tanh" else U
    return float(((Z - Y) ** 2).sum() / Y.size)


def choose_architecture(histories):
    if any(history["stopped"] == "after the last epoch" for history in histories.values()):
        return "more epochs"
    return min(histories, key=lambda name: min(histories[name]["validation_loss"]))


def choose_architecture_by_loop(histories):
    for history in histories.values():
        if "did not improve" not in history["stopped"]:
            return "more epochs"
    best = {name: np.min(history["validation_loss"]) for name, history in histories.items()}
    return sorted(best, key=best.get)[0]


def deferring(choose):
    """A learner's choice that defers to "more epochs" while a run ended by its budget, then calls ``choose``."""
    def answer(histories):
        if any(history["stopped"] == "after the last epoch" for history in histories.values()):
            return "more epochs"
        return choose(histories)
    return answer


def choose_by_best_epoch_only(histories):
    for history in histories.values():
        losses = history["validation_loss"]
        if np.argmin(losses) == len(losses) - 1:
            return "more epochs"
    return min(histories, key=lambda name: min(histories[name]["validation_loss"]))


def accuracy_on(part):
    def reported(layers, data):
        output = forward(getattr(data, f"X_{part}"), layers, ["relu", "identity"])
        return training.accuracy(output, getattr(data, f"Y_{part}"))
    return reported


CORRECT = [
    ("loop_loss_history", loop_with_pieces),
    ("loop_loss_history", loop_with_train),
    ("loop_loss_history", loop_with_steps_by_hand),
    ("accuracy_one_hot", training.accuracy),
    ("accuracy_one_hot", accuracy_loop),
    ("accuracy_one_hot", lambda output, Y: (output.argmax(axis=1) == Y.argmax(axis=1)).mean()),
    ("confusion_counts", confusion_loop),
    ("confusion_counts", confusion_bincount),
    ("early_stopping_rule", should_stop_argmin),
    ("early_stopping_rule", should_stop_counting),
    ("iterations_for_epochs", 1440),
    ("iterations_for_epochs", 40 * math.ceil(1149 / 32)),
    ("iterations_for_epochs", np.int64(1440)),
    ("reported_accuracy", accuracy_on("test")),
    ("best_parameters", lambda losses, snapshots: snapshots[int(np.argmin(losses))]),
    ("best_parameters", best_by_loop),
    ("regression_mse", lambda layers, X, Y: np.mean((forward(X, layers, ["tanh", "identity"]) - Y) ** 2)),
    ("regression_mse", regression_mse_by_hand),
    ("architecture_decision", choose_architecture),
    ("architecture_decision", choose_architecture_by_loop),
]

MISCONCEPTIONS = [
    ("loop_loss_history", loop_without_shuffling, "Your mini-batches are not shuffled"),
    ("loop_loss_history", loop_with_ascent, "the step adds the gradient (ascent)"),
    ("loop_loss_history", loop_one_update_an_epoch, "You made one update per epoch"),
    ("loop_loss_history", loop_mean_of_batch_losses, "the mean of the mini-batch losses"),
    ("loop_loss_history", loop_recording_before, "one epoch behind"),
    ("loop_loss_history", loop_reseeding_every_epoch, "a new generator from the seed every epoch"),
    ("accuracy_one_hot", accuracy_flat_argmax, "without `axis=1`"),
    ("accuracy_one_hot", accuracy_entrywise, "entry by entry"),
    ("accuracy_one_hot", accuracy_axis_0, "along axis 0"),
    ("accuracy_one_hot", accuracy_count, "the number of rows predicted right"),
    ("accuracy_one_hot", accuracy_percent, "That is a percentage"),
    ("confusion_counts", confusion_transposed, "Your matrix is transposed"),
    ("confusion_counts", confusion_fancy_index, "counts a repeated (true, predicted) pair only once"),
    ("confusion_counts", confusion_sized_by_labels, "Size the matrix with `n_classes`"),
    ("early_stopping_rule", should_stop_on_training_loss, "You stopped on the training loss"),
    ("early_stopping_rule", should_stop_ties_improve, "An equal loss is not an improvement"),
    ("early_stopping_rule", should_stop_off_by_one, "Off by one"),
    ("early_stopping_rule", should_stop_on_rises, "with the one just before it"),
    ("early_stopping_rule", should_stop_patience_ago, "`patience` epochs ago"),
    ("iterations_for_epochs", 40, "40 is the number of epochs"),
    ("iterations_for_epochs", 36, "the number of updates in one epoch"),
    ("iterations_for_epochs", 1400, "round the batches per epoch up, not down"),
    ("iterations_for_epochs", 40 * 1149 / 32, "A number of updates is a whole number"),
    ("iterations_for_epochs", 45960, "how many samples the network sees"),
    ("reported_accuracy", accuracy_on("train"), "the accuracy on the training set"),
    ("reported_accuracy", accuracy_on("validation"), "the accuracy on the validation set"),
    ("reported_accuracy", lambda layers, data: 100 * accuracy_on("test")(layers, data), "That is a percentage"),
    ("best_parameters", lambda losses, snapshots: snapshots[-1], "parameters of the last epoch"),
    ("best_parameters", lambda losses, snapshots: snapshots[min(int(np.argmin(losses)) + 1, len(losses) - 1)],
     "Off by one"),
    ("best_parameters", lambda losses, snapshots: snapshots[int(np.argmax(losses))], "*highest* validation loss"),
    ("best_parameters", best_last_tie, "keep the first"),
    ("regression_mse", lambda *args: np.sqrt(regression_mse_by_hand(*args)), "RMSE"),
    ("regression_mse", lambda *args: regression_mse_by_hand(*args) / 2, "half the MSE"),
    ("regression_mse", lambda layers, X, Y: np.sum((forward(X, layers, ACTIVATIONS) - Y) ** 2), "You summed"),
    ("regression_mse", lambda layers, X, Y: np.sum((forward(X, layers, ACTIVATIONS) - Y) ** 2) / len(X),
     "number of samples only"),
    ("regression_mse", lambda layers, X, Y: np.mean((forward(X, layers, ["tanh", "tanh"]) - Y) ** 2),
     "output layer is the identity"),
    ("regression_mse", lambda layers, X, Y: np.mean((forward(X, layers, ["tanh", "sigmoid"]) - Y) ** 2),
     "output layer is the identity"),
    ("architecture_decision", deferring(lambda hs: max(hs, key=lambda n: hs[n]["test_accuracy"])),
     "You chose by the test accuracy"),
    ("architecture_decision", deferring(lambda hs: min(hs, key=lambda n: hs[n]["validation_loss"][-1])),
     "*last* epoch"),
    ("architecture_decision", deferring(lambda hs: min(hs, key=lambda n: hs[n]["train_loss"][-1])),
     "You chose by the training loss"),
    ("architecture_decision", choose_by_best_epoch_only, "even when its best epoch came a few epochs before the end"),
    ("architecture_decision", lambda hs: min(hs, key=lambda n: min(hs[n]["validation_loss"])),
     "may still have been improving"),
]


@pytest.mark.parametrize("name, answer", CORRECT, ids=lambda a: getattr(a, "__name__", None))
def test_correct_answer_passes(name, answer):
    assert_passes(name, answer)


def test_every_check_of_exercise_07_has_a_correct_answer_test():
    assert len(EXERCISE_07) >= 5
    assert {name for name, _ in CORRECT} == set(EXERCISE_07)


@pytest.mark.parametrize("name, answer, hint", MISCONCEPTIONS, ids=lambda a: getattr(a, "__name__", None))
def test_misconception_gets_its_hint(name, answer, hint):
    assert_fails_with_hint(name, answer, hint)


@pytest.mark.parametrize("name", EXERCISE_07)
def test_untouched_template_is_not_attempted(name):
    answer = template if name in FUNCTION_CHECKS else ...
    assert_not_attempted(name, answer)


def test_the_reference_loop_is_the_workbooks_train():
    """The check's reference and nbtools.training.train give the same losses, so the lesson's loop passes."""
    X, Y = exercise_07._blobs(3, 40, 3, 4)
    np.testing.assert_array_equal(exercise_07.reference_training_losses(X, Y, [3, 8, 4], 0.2, 6, 16, 5),
                                  loop_with_train(X, Y, [3, 8, 4], 0.2, 6, 16, 5))


def test_the_reference_loop_reduces_the_loss_on_every_case():
    """A loop whose loss does not fall would make a poor example: every case learns something."""
    for case in exercise_07_cases("loop_loss_history"):
        losses = exercise_07.reference_training_losses(*case.args)
        assert losses[-1] < losses[0], case.label


def exercise_07_cases(name):
    """The cases a function check runs, recorded by calling it with the reference."""
    seen = []
    real = exercise_07.check_function

    def recording(answer, reference, cases, misconceptions=()):
        seen.extend(cases)
        return real(answer, reference, cases, misconceptions)

    exercise_07.check_function = recording
    try:
        check(name, template)
    finally:
        exercise_07.check_function = real
    return seen


def test_a_list_of_losses_is_told_to_become_an_array():
    result = check.loop_loss_history(loop_returning_a_list)
    assert result.status == "failed"
    assert "Wrap it with `np.array(...)`" in result.problem


def test_a_float_confusion_matrix_is_told_to_count_in_integers():
    result = check.confusion_counts(confusion_float)
    assert result.status == "failed"
    assert "dtype float64; expected int64" in result.problem


def test_stopping_rule_accepts_numpy_and_python_truth_values():
    assert check.early_stopping_rule(lambda history, patience: bool(should_stop_argmin(history, patience))).ok
    assert check.early_stopping_rule(lambda history, patience: np.bool_(should_stop_counting(history, patience))).ok


def test_stopping_rule_that_always_says_stop_fails_without_a_misleading_hint():
    result = check.early_stopping_rule(lambda history, patience: True)
    assert result.status == "failed" and result.passed < result.total
    assert result.hint == ""


def test_the_reported_accuracy_cases_tell_the_three_sets_apart():
    """Otherwise a learner measuring on the wrong set could pass."""
    for case in exercise_07_cases("reported_accuracy"):
        accuracies = {accuracy_on(part)(*case.args) for part in ["train", "validation", "test"]}
        assert len(accuracies) == 3, case.label


def test_expected_value_is_not_revealed_by_the_iterations_check():
    result = check.iterations_for_epochs(1000)
    assert result.expected == "" and "1440" not in str(result)
    assert result.hint == ""


def test_the_architecture_cases_are_histories_train_could_have_written():
    """A run ends on its patience exactly when its best validation loss is 3 epochs old, else at its budget;
    and each case's answer differs from every mistake that the case is the first to expose."""
    cases = exercise_07_cases("architecture_decision")
    for case in cases:
        for history in case.args[0].values():
            losses = history["validation_loss"]
            since_best = len(losses) - 1 - int(np.argmin(losses))
            assert (since_best >= 3) == history["stopped"].startswith("validation loss did not improve for 3 epochs")
            assert history["stopped"] in ("after the last epoch", f"validation loss did not improve for 3 epochs "
                                                                   f"(epoch {len(losses)})")
            assert np.all(np.diff(history["train_loss"]) < 0)
    assert {exercise_07.reference_choose_architecture(*case.args) for case in cases} >= {"more epochs", "2-8-2"}


def test_a_choice_on_the_test_set_passes_no_case_where_the_test_disagrees_with_validation():
    result = check.architecture_decision(deferring(lambda hs: max(hs, key=lambda n: hs[n]["test_accuracy"])))
    assert result.status == "failed" and "64-32-10" in str(result)


# --- the mutation table: every hint a check of exercise 7 defines is expected by a wrong answer, and back -----

def test_every_misconception_of_exercise_07_is_in_its_mutation_table(monkeypatch):
    """Both ways: each hint a check of exercise 7 can give is expected by a wrong answer of
    ``tests/mutation_tables/ex07_learning_loop.py`` (which then must get it), and each hint the table expects is
    still one a check gives."""
    tested = [(name, wrong.answer, wrong.hint) for name, (wrongs, _) in TABLE_7.items()
              for wrong in wrongs if wrong.hint]
    assert_every_misconception_tested(misconceptions_defined(monkeypatch, exercise_07, list(TABLE_7)),
                                      tested)
