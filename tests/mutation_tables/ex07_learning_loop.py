"""Exercise 07, the learning loop: wrong answers a learner writes, and right ones in other forms."""

import math

import numpy as np

from mutations import EXAMPLE_ONLY, IGNORES_INPUT, MISCONCEPTION, UNSAFE, Right, Wrong
from nbtools import training
from nbtools.backprop import loss_and_gradients
from nbtools.layers import forward, init_network
from nbtools.losses import mse, softmax_cross_entropy
from nbtools.optimisers import SGD

ACTIVATIONS = ["tanh", "identity"]


def _mse(layers, X, Y, activations=ACTIVATIONS):
    return float(np.mean((forward(X, layers, activations) - Y) ** 2))


def losses_by_train(X, Y, sizes, learning_rate, epochs, batch_size, seed, optimiser=None, batch=None, reseed=False):
    """The loop through ``training.train``, one epoch a call, with the knobs a learner may turn wrongly."""
    rng = np.random.default_rng(seed)
    layers = init_network(sizes, rng)
    losses = []
    for _ in range(epochs):
        if reseed:
            rng = np.random.default_rng(seed)
        history = training.train(layers, ACTIVATIONS, "softmax_cross_entropy", X, Y,
                                 optimiser or SGD(learning_rate), 1, batch or batch_size, rng)
        losses.append(history["train_loss"][-1])
    return np.array(losses)


def losses_before(X, Y, sizes, learning_rate, epochs, batch_size, seed):
    rng = np.random.default_rng(seed)
    layers = init_network(sizes, rng)
    losses = []
    for _ in range(epochs):
        losses.append(softmax_cross_entropy(forward(X, layers, ACTIVATIONS), Y))
        training.train(layers, ACTIVATIONS, "softmax_cross_entropy", X, Y, SGD(learning_rate), 1, batch_size, rng)
    return np.array(losses)


def should_stop(history, patience, strict=True, on="validation_loss"):
    losses = history[on]
    best = int(np.argmin(losses)) if strict else len(losses) - 1 - int(np.argmin(losses[::-1]))
    return len(losses) - 1 - best >= patience


def should_stop_loop(history, patience):
    best, since = float("inf"), 0
    for loss in history["validation_loss"]:
        if loss < best:
            best, since = loss, 0
        else:
            since += 1
    return since >= patience


def confusion(true, predicted, n, transpose=False, size=None):
    m = np.zeros((size or n, size or n), dtype=int)
    for t, p in zip(true, predicted):
        m[t, p] += 1
    return m.T if transpose else m


def on(part, scale=1.0):
    return lambda layers, data: scale * training.accuracy(
        forward(getattr(data, f"X_{part}"), layers, ["relu", "identity"]), getattr(data, f"Y_{part}"))


def lowest_validation_loss(histories):
    return min(histories, key=lambda name: min(histories[name]["validation_loss"]))


def ran_out(histories):
    return any(history["stopped"] == "after the last epoch" for history in histories.values())


def choose_with_a_loop(histories):
    best_name, best_loss = None, float("inf")
    for name, history in histories.items():
        if history["stopped"].startswith("after"):
            return "more epochs"
        if min(history["validation_loss"]) < best_loss:
            best_name, best_loss = name, min(history["validation_loss"])
    return best_name


def choose_on(key, pick=min):
    """A learner's choice by the smallest (or largest) value of one number per run, deferring unfinished runs."""
    return lambda histories: "more epochs" if ran_out(histories) else pick(histories, key=lambda name: key(histories[name]))


def choose_biggest(histories):
    if ran_out(histories):
        return "more epochs"
    return max(histories, key=lambda name: sum(int(a) * int(b) for a, b in zip(name.split("-"), name.split("-")[1:])))


def unfinished_if_best_is_last(histories):
    if any(np.argmin(h["validation_loss"]) == len(h["validation_loss"]) - 1 for h in histories.values()):
        return "more epochs"
    return lowest_validation_loss(histories)


def loop_by_hand(X, Y, sizes, learning_rate, epochs, batch_size, seed, slip=None):
    """The loop written out, as a learner may, with one slip switched on."""
    rng = np.random.default_rng(seed)
    shuffler = np.random.default_rng(seed) if slip == "second generator" else rng
    layers = init_network(sizes, rng)
    fixed = rng.permutation(len(X)) if slip == "shuffled once" else None
    losses = []
    for _ in range(epochs):
        if slip == "not shuffled":
            order = np.arange(len(X))
        else:
            order = fixed if fixed is not None else shuffler.permutation(len(X))
        batch_losses = []
        starts = range(0, len(X), batch_size)
        pieces = (np.array_split(order, len(starts)) if slip == "even split"
                  else [order[start:start + batch_size] for start in starts])
        for start, rows in zip(starts, pieces):
            if slip == "drop last" and len(rows) < batch_size:
                break
            Y_batch = Y[start:start + batch_size] if slip == "X only" else Y[rows]
            loss, gradients, _ = loss_and_gradients(X[rows], Y_batch, layers, ACTIVATIONS, "softmax_cross_entropy")
            batch_losses.append(loss)
            for (W, b), (dW, db) in zip(layers, gradients):
                if slip == "rebinding":
                    W = W - learning_rate * dW
                    b = b - learning_rate * db
                else:
                    W -= learning_rate * dW
                    b -= learning_rate * db
            if slip == "one batch":
                break
        if slip == "batch sum":
            losses.append(sum(batch_losses))
        elif slip == "batch mean":
            losses.append(np.mean(batch_losses))
        elif slip == "last batch":
            losses.append(batch_losses[-1])
        else:
            losses.append(softmax_cross_entropy(forward(X, layers, ACTIVATIONS), Y))
    return np.array(losses)


def loop_shuffling_X_in_place(X, Y, sizes, learning_rate, epochs, batch_size, seed):
    rng = np.random.default_rng(seed)
    rng.shuffle(X)
    return losses_by_train(X, Y, sizes, learning_rate, epochs, batch_size, seed)


def _softmax(output, shift=True):
    with np.errstate(all="ignore"):
        e = np.exp(output - output.max(axis=1, keepdims=True) if shift else output)
        return e / e.sum(axis=1, keepdims=True)


def stop_when_rising_once(history, patience):
    losses = history["validation_loss"]
    return len(losses) > 1 and losses[-1] > losses[-2]


def stop_without_guard(history, patience):
    losses = history["validation_loss"]
    return min(losses[-patience:]) >= min(losses[:-patience])


def stop_after_sorting(history, patience):
    losses = history["validation_loss"]
    losses.sort()
    return should_stop(history, patience)



TABLE = {
    "loop_loss_history": ([
        Wrong("re-seeded every epoch", lambda *a: losses_by_train(*a, reseed=True), (MISCONCEPTION,),
              "a new generator from the seed every epoch"),
        Wrong("one update per epoch", lambda X, Y, *a: losses_by_train(X, Y, *a, batch=len(X)), (MISCONCEPTION,),
              "one update per epoch"),
        Wrong("recorded before the epoch", losses_before, (MISCONCEPTION,), "one epoch behind"),
        Wrong("ascent", lambda X, Y, sizes, lr, *a: losses_by_train(X, Y, sizes, lr, *a, optimiser=SGD(-lr)),
              (MISCONCEPTION,), "(ascent)"),
        Wrong("learning rate 0.3 hard-coded", lambda *a: losses_by_train(*a, optimiser=SGD(0.3)),
              (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("not shuffled", lambda *a: loop_by_hand(*a, slip="not shuffled"), (MISCONCEPTION,), "not shuffled"),
        Wrong("the same permutation every epoch", lambda *a: loop_by_hand(*a, slip="shuffled once"), (MISCONCEPTION,),
              "You shuffled once, before the epoch loop"),
        Wrong("a second generator for the shuffles", lambda *a: loop_by_hand(*a, slip="second generator"),
              (MISCONCEPTION,), "second generator made from the same seed"),
        Wrong("X shuffled without Y", lambda *a: loop_by_hand(*a, slip="X only"), (MISCONCEPTION,),
              "shuffled the rows of X but took Y"),
        Wrong("the last partial batch dropped", lambda *a: loop_by_hand(*a, slip="drop last"), (MISCONCEPTION,),
              "skipped the last, smaller mini-batch"),
        Wrong("one mini-batch per epoch (iterations for epochs)", lambda *a: loop_by_hand(*a, slip="one batch"),
              (MISCONCEPTION,), "as if an epoch were an iteration"),
        Wrong("the batch losses summed", lambda *a: loop_by_hand(*a, slip="batch sum"), (MISCONCEPTION,),
              "*sum* of the mini-batch losses"),
        Wrong("the mean of the batch losses", lambda *a: loop_by_hand(*a, slip="batch mean"), (MISCONCEPTION,),
              "mean of the mini-batch losses"),
        Wrong("the last batch's loss", lambda *a: loop_by_hand(*a, slip="last batch"), (MISCONCEPTION,),
              "last mini-batch only"),
        Wrong("np.array_split into nearly equal batches", lambda *a: loop_by_hand(*a, slip="even split"),
              (MISCONCEPTION,), "nearly *equal* size"),
        Wrong("steps on new arrays: layers never change", lambda *a: loop_by_hand(*a, slip="rebinding"),
              (MISCONCEPTION,), "never reach the network's own arrays"),
        Wrong("X shuffled in place", loop_shuffling_X_in_place, ()),
        Wrong("batch size 8 hard-coded", lambda X, Y, s, lr, e, b, seed: loop_by_hand(X, Y, s, lr, e, 8, seed),
              (EXAMPLE_ONLY, IGNORES_INPUT)),
    ], [
        Right("train one epoch a call", losses_by_train),
        Right("train all epochs at once", lambda X, Y, sizes, lr, epochs, batch_size, seed: (
            lambda rng: np.array(training.train(init_network(sizes, rng), ACTIVATIONS, "softmax_cross_entropy", X, Y,
                                                SGD(lr), epochs, batch_size, rng)["train_loss"]))(
            np.random.default_rng(seed))),
        Right("the loss as a float list turned into an array", lambda *a: np.array(list(map(float, losses_by_train(*a))))),
        Right("written out by hand", loop_by_hand),
    ]),
    "iterations_for_epochs": ([
        Wrong("the epochs", 40, (MISCONCEPTION,), "40 is the number of epochs"),
        Wrong("one epoch", 36, (MISCONCEPTION,), "updates in one epoch"),
        Wrong("floor", 40 * (1149 // 32), (MISCONCEPTION,), "still"),
        Wrong("fractional", 40 * 1149 / 32, (MISCONCEPTION,), "whole number"),
        Wrong("samples seen", 40 * 1149, (MISCONCEPTION,), "how many samples"),
        Wrong("the total rounded up", math.ceil(40 * 1149 / 32), (MISCONCEPTION,), "rounded the *total* up"),
        Wrong("one epoch too many", 41 * 36, ()),
    ], [
        Right("an int", 1440),
        Right("a float", 1440.0),
        Right("numpy", np.int64(1440)),
    ]),
    "early_stopping_rule": ([
        Wrong("a tie counts as a new best", lambda h, p: should_stop(h, p, strict=False), (MISCONCEPTION,),
              "An equal loss is not an improvement"),
        Wrong("off by one", lambda h, p: should_stop(h, p) and len(h["validation_loss"]) - 1
              - int(np.argmin(h["validation_loss"])) > p, (MISCONCEPTION,), "Off by one"),
        Wrong("on the training loss", lambda h, p: should_stop(h, p, on="train_loss"), (MISCONCEPTION,),
              "training loss"),
        Wrong("patience 3 hard-coded", lambda h, p: should_stop(h, 3), (EXAMPLE_ONLY, IGNORES_INPUT),
              "whatever `patience` says"),
        Wrong("never stops", lambda h, p: False, (IGNORES_INPUT,)),
        Wrong("stops at the first rise", stop_when_rising_once, (IGNORES_INPUT, MISCONCEPTION), "rises once"),
        Wrong("the last loss against the one patience epochs ago", lambda h, p: len(h["validation_loss"]) > p and
              h["validation_loss"][-1] >= h["validation_loss"][-1 - p], (MISCONCEPTION,),
              "the one `patience` epochs ago"),
        Wrong("each loss against the one before", lambda h, p: len(h["validation_loss"]) > p and all(
            b > a for a, b in zip(h["validation_loss"][-p - 1:], h["validation_loss"][-p:])), (MISCONCEPTION,),
              "compared each loss with the one just before it"),
        Wrong("no guard for a short history", stop_without_guard, ()),
        Wrong("the history sorted in place", stop_after_sorting, ()),
        Wrong("counts epochs, not epochs since the best", lambda h, p: len(h["validation_loss"]) >= p,
              (IGNORES_INPUT,)),
    ], [
        Right("argmin", should_stop),
        Right("a loop with a counter", should_stop_loop),
        Right("min of the last p against the earlier best", lambda h, p: len(h["validation_loss"]) > p and
              min(h["validation_loss"][-p:]) >= min(h["validation_loss"][:-p])),
        Right("the first argmin at least p epochs back", lambda h, p: np.argmin(h["validation_loss"])
              <= len(h["validation_loss"]) - 1 - p),
    ]),
    "accuracy_one_hot": ([
        Wrong("a percentage", lambda out, Y: 100 * np.mean(out.argmax(1) == Y.argmax(1)), (MISCONCEPTION,),
              "percentage"),
        Wrong("a count", lambda out, Y: np.sum(out.argmax(1) == Y.argmax(1)), (MISCONCEPTION,), "number of rows"),
        Wrong("entry by entry", lambda out, Y: np.mean((out == out.max(1, keepdims=True)) == Y), (MISCONCEPTION,),
              "entry by entry"),
        Wrong("argmax of Y flattened", lambda out, Y: np.mean(out.argmax(1) == Y.argmax()), (MISCONCEPTION,),
              "without `axis=1`"),
        Wrong("divided by 4 samples", lambda out, Y: np.sum(out.argmax(1) == Y.argmax(1)) / 4, (EXAMPLE_ONLY,)),
        Wrong("ignores Y: class 0 assumed", lambda out, Y: np.mean(out.argmax(1) == 0), (IGNORES_INPUT,)),
        Wrong("softmax without the max subtracted", lambda out, Y: np.mean(
            _softmax(out, shift=False).argmax(1) == Y.argmax(1)), (UNSAFE, MISCONCEPTION), "softmax overflows"),
        Wrong("the error rate", lambda out, Y: np.mean(out.argmax(1) != Y.argmax(1)), (MISCONCEPTION,), "error rate"),
        Wrong("rounded probabilities compared with Y", lambda out, Y: np.mean(np.all(np.round(_softmax(out)) == Y,
                                                                                      axis=1)), (MISCONCEPTION,),
              "rounded the probabilities"),
        Wrong("argmax along axis 0", lambda out, Y: np.mean(out.argmax(0) == Y.argmax(0)), (MISCONCEPTION,),
              "along axis 0"),
        Wrong("thresholded at 0.5", lambda out, Y: np.mean(np.all((out > 0.5) == (Y > 0.5), axis=1)), ()),
        Wrong("labels compared with one-hot rows", lambda out, Y: np.mean(out.argmax(1) == Y), ()),
    ], [
        Right("a loop", lambda out, Y: sum(int(np.argmax(o) == np.argmax(y)) for o, y in zip(out, Y)) / len(Y)),
        Right("np.count_nonzero", lambda out, Y: np.count_nonzero(out.argmax(-1) == Y.argmax(-1)) / Y.shape[0]),
        Right("via the labels", lambda out, Y: float(np.mean(np.argmax(out, axis=1) == np.nonzero(Y)[1]))),
        Right("Y read at the predicted class", lambda out, Y: np.mean(Y[np.arange(len(Y)), out.argmax(axis=1)])),
        Right("a stable softmax first", lambda out, Y: np.mean(_softmax(out).argmax(1) == Y.argmax(1))),
    ]),
    "confusion_counts": ([
        Wrong("transposed", lambda t, p, n: confusion(t, p, n, transpose=True), (MISCONCEPTION,), "transposed"),
        Wrong("fancy index", lambda t, p, n: (lambda m: (m.__setitem__((t, p), m[t, p] + 1), m)[1])(
            np.zeros((n, n), dtype=int)), (MISCONCEPTION,), "only once"),
        Wrong("sized by the labels", lambda t, p, n: confusion(t, p, n, size=max(t.max(), p.max()) + 1),
              (IGNORES_INPUT, MISCONCEPTION), "n_classes"),
        Wrong("3 classes hard-coded", lambda t, p, n: confusion(t % 3, p % 3, 3), (EXAMPLE_ONLY,)),
        Wrong("only the diagonal", lambda t, p, n: np.diag(np.diag(confusion(t, p, n))), ()),
        Wrong("one class too many", lambda t, p, n: confusion(t, p, n, size=n + 1), ()),
        Wrong("rows normalised to fractions", lambda t, p, n: confusion(t, p, n) / np.maximum(
            confusion(t, p, n).sum(axis=1, keepdims=True), 1), ()),
    ], [
        Right("a loop", confusion),
        Right("np.add.at", lambda t, p, n: (lambda m: (np.add.at(m, (t, p), 1), m)[1])(np.zeros((n, n), dtype=int))),
        Right("histogram2d", lambda t, p, n: np.histogram2d(t, p, bins=n, range=[[0, n], [0, n]])[0].astype(int)),
        Right("bincount", lambda t, p, n: np.bincount(t * n + p, minlength=n * n).reshape(n, n)),
    ]),
    "reported_accuracy": ([
        Wrong("the training set", on("train"), (MISCONCEPTION,), "the accuracy on the training set"),
        Wrong("the validation set", on("validation"), (MISCONCEPTION,), "the accuracy on the validation set"),
        Wrong("a percentage", on("test", 100.0), (MISCONCEPTION,), "That is a percentage"),
        Wrong("97.2% hard-coded", lambda layers, data: 0.972, (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("sigmoid hidden units instead of the network's ReLU", lambda layers, data: training.accuracy(
            forward(data.X_test, layers, ["sigmoid", "identity"]), data.Y_test), ()),
        Wrong("the error rate", lambda layers, data: 1 - on("test")(layers, data), (MISCONCEPTION,),
              "error rate on the test set"),
        Wrong("training and test sets together", lambda layers, data: training.accuracy(forward(
            np.vstack([data.X_train, data.X_test]), layers, ["relu", "identity"]), np.vstack([data.Y_train,
                                                                                               data.Y_test])), ()),
    ], [
        Right("forward then accuracy", on("test")),
        Right("argmax by hand", lambda layers, data: float(np.mean(
            forward(data.X_test, layers, ["relu", "identity"]).argmax(1) == data.Y_test.argmax(1)))),
        Right("a count over the length", lambda layers, data: np.sum(
            forward(data.X_test, layers, ["relu", "identity"]).argmax(1) == data.Y_test.argmax(1)) / len(data.X_test)),
    ]),
    "best_parameters": ([
        Wrong("the last snapshot", lambda losses, snapshots: snapshots[-1], (IGNORES_INPUT, MISCONCEPTION),
              "parameters of the last epoch"),
        Wrong("one after the best", lambda losses, snapshots: snapshots[min(int(np.argmin(losses)) + 1, len(losses) - 1)],
              (MISCONCEPTION,), "Off by one"),
        Wrong("argmax", lambda losses, snapshots: snapshots[int(np.argmax(losses))], (MISCONCEPTION,), "*highest*"),
        Wrong("the last of a tie", lambda losses, snapshots: snapshots[max(
            e for e, loss in enumerate(losses) if loss == min(losses))], (MISCONCEPTION,), "keep the first"),
        Wrong("patience 3 assumed", lambda losses, snapshots: snapshots[max(len(losses) - 4, 0)], (EXAMPLE_ONLY,),
              "3 epochs before the last"),
        Wrong("the index instead of the snapshot", lambda losses, snapshots: int(np.argmin(losses)), ()),
        Wrong("the last epoch left out of the search", lambda losses, snapshots: snapshots[int(np.argmin(losses[:-1]))],
              ()),
    ], [
        Right("argmin", lambda losses, snapshots: snapshots[int(np.argmin(losses))]),
        Right("min with a key", lambda losses, snapshots: snapshots[min(range(len(losses)), key=lambda e: losses[e])]),
        Right("list.index", lambda losses, snapshots: snapshots[list(losses).index(min(losses))]),
        Right("min over (loss, epoch) pairs", lambda losses, snapshots: snapshots[min(zip(losses, range(len(losses))))[1]]),
    ]),
    "regression_mse": ([
        Wrong("RMSE", lambda layers, X, Y: np.sqrt(_mse(layers, X, Y)), (MISCONCEPTION,), "RMSE"),
        Wrong("half MSE", lambda layers, X, Y: _mse(layers, X, Y) / 2, (MISCONCEPTION,), "half the MSE"),
        Wrong("per sample only", lambda layers, X, Y: np.sum((forward(X, layers, ACTIVATIONS) - Y) ** 2) / len(X),
              (MISCONCEPTION,), "number of samples only"),
        Wrong("a sigmoid output", lambda layers, X, Y: _mse(layers, X, Y, ["tanh", "sigmoid"]), (MISCONCEPTION,),
              "output layer is the identity"),
        Wrong("one output assumed", lambda layers, X, Y: float(np.mean(
            (forward(X, layers, ACTIVATIONS)[:, 0] - Y[:, 0]) ** 2)), (EXAMPLE_ONLY,)),
        Wrong("ignores Y: the mean of the predictions squared", lambda layers, X, Y: float(np.mean(
            forward(X, layers, ACTIVATIONS) ** 2)), (IGNORES_INPUT,)),
        Wrong("summed", lambda layers, X, Y: np.sum((forward(X, layers, ACTIVATIONS) - Y) ** 2), (MISCONCEPTION,),
              "You summed"),
        Wrong("a tanh output", lambda layers, X, Y: _mse(layers, X, Y, ["tanh", "tanh"]), (MISCONCEPTION,),
              "output layer is the identity"),
        Wrong("MAE", lambda layers, X, Y: np.mean(np.abs(forward(X, layers, ACTIVATIONS) - Y)), (MISCONCEPTION,),
              "mean *absolute* error"),
        Wrong("the mean error squared", lambda layers, X, Y: np.mean(forward(X, layers, ACTIVATIONS) - Y) ** 2,
              (MISCONCEPTION,), "squared the mean error"),
        Wrong("ReLU hidden units", lambda layers, X, Y: _mse(layers, X, Y, ["relu", "identity"]), ()),
    ], [
        Right("np.mean", lambda layers, X, Y: _mse(layers, X, Y)),
        Right("by hand", lambda layers, X, Y: float(sum(((forward(X, layers, ACTIVATIONS) - Y) ** 2).ravel()) / Y.size)),
        Right("through the workbook's mse", lambda layers, X, Y: mse(forward(X, layers, ACTIVATIONS), Y)),
        Right("(Y - prediction) squared", lambda layers, X, Y: np.mean((Y - forward(X, layers, ACTIVATIONS)) ** 2)),
    ]),
    "architecture_decision": ([
        Wrong("chosen on the test set", choose_on(lambda h: h["test_accuracy"], max), (MISCONCEPTION,),
              "You chose by the test accuracy"),
        Wrong("the last epoch's validation loss", choose_on(lambda h: h["validation_loss"][-1]), (MISCONCEPTION,),
              "*last* epoch"),
        Wrong("chosen on the training loss", choose_on(lambda h: h["train_loss"][-1]), (MISCONCEPTION,),
              "You chose by the training loss"),
        Wrong("the budget ignored", lowest_validation_loss, (MISCONCEPTION,), "may still have been improving"),
        Wrong("unfinished only when the best epoch is the last", unfinished_if_best_is_last, (MISCONCEPTION,),
              "even when its best epoch came a few epochs before the end"),
        Wrong("the example's answer", lambda histories: "2-8-2", (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("the example's three names", lambda histories: "more epochs" if ran_out(histories) else min(
            ["2-2", "2-8-2", "2-32-2"], key=lambda name: min(histories[name]["validation_loss"])), (EXAMPLE_ONLY,)),
        Wrong("the biggest network, whatever its run did", choose_biggest, (IGNORES_INPUT, MISCONCEPTION),
              "You chose the largest network"),
        Wrong("the highest validation loss", choose_on(lambda h: min(h["validation_loss"]), max), ()),
    ], [
        Right("any() then min with a key", lambda histories: "more epochs" if ran_out(histories)
              else lowest_validation_loss(histories)),
        Right("a loop", choose_with_a_loop),
        Right("NumPy argmin over the best losses", lambda histories: "more epochs" if any(
            "did not improve" not in h["stopped"] for h in histories.values()) else list(histories)[int(np.argmin(
                [np.min(h["validation_loss"]) for h in histories.values()]))]),
    ]),
}
