"""Exercise 12, generalisation and regularisation: wrong answers a learner writes, and right ones in other forms."""

import math

import numpy as np
import sympy
import torch

from mutations import EXAMPLE_ONLY, IGNORES_INPUT, MISCONCEPTION, UNSAFE, Right, Wrong
from nbtools.backprop import layer_backward, loss_and_gradients
from nbtools.layers import forward
from nbtools.losses import softmax, softmax_cross_entropy, softmax_cross_entropy_gradient


def activations(layers):
    return ["relu"] * (len(layers) - 1) + ["identity"]


# --- Question 1 ------------------------------------------------------------------------------------

def penalty_loop(layers, weight_decay):
    total = 0.0
    for W, b in layers:
        for row in W:
            for w in row:
                total += w * w
    return weight_decay / 2 * total


def penalty_norms(layers, weight_decay):
    return 0.5 * weight_decay * sum(np.linalg.norm(W) ** 2 for W, _ in layers)


def penalty_einsum(layers, weight_decay):
    return weight_decay * sum(np.einsum("ij,ij->", W, W) for W, _ in layers) / 2


def penalty_with_biases(layers, weight_decay):
    return weight_decay / 2 * sum(np.sum(W ** 2) + np.sum(b ** 2) for W, b in layers)


def penalty_no_half(layers, weight_decay):
    return weight_decay * sum(np.sum(W ** 2) for W, _ in layers)


def penalty_norm_not_squared(layers, weight_decay):
    return weight_decay / 2 * sum(np.linalg.norm(W) for W, _ in layers)


def penalty_first_layer(layers, weight_decay):
    return weight_decay / 2 * np.sum(layers[0][0] ** 2)


def penalty_fixed_lambda(layers, weight_decay):
    return 0.01 / 2 * sum(np.sum(W ** 2) for W, _ in layers)       # the first case's weight decay


def penalty_float32(layers, weight_decay):
    return np.float32(weight_decay) / 2 * sum(np.sum(W.astype(np.float16) ** 2) for W, _ in layers)


# --- Question 2 ------------------------------------------------------------------------------------

def penalised(X, Y, layers, weight_decay, in_loss=1.0, in_gradient=1.0, biases=0.0):
    loss, gradients, _ = loss_and_gradients(X, Y, layers, activations(layers), "softmax_cross_entropy")
    loss += in_loss * weight_decay / 2 * sum(np.sum(W ** 2) for W, _ in layers)
    return loss, [(dW + in_gradient * weight_decay * W, db + biases * weight_decay * b)
                  for (dW, db), (W, b) in zip(gradients, layers)]


def penalised_by_hand(X, Y, layers, weight_decay):
    Z, U = [X], []
    for l, (W, b) in enumerate(layers):
        U.append(Z[-1] @ W + b)
        Z.append(np.maximum(U[-1], 0) if l < len(layers) - 1 else U[-1])
    loss = softmax_cross_entropy(U[-1], Y) + weight_decay / 2 * sum((W * W).sum() for W, _ in layers)
    delta = softmax_cross_entropy_gradient(U[-1], Y)
    gradients = []
    for l in reversed(range(len(layers))):
        W = layers[l][0]
        gradients.insert(0, [Z[l].T @ delta + weight_decay * W, delta.sum(axis=0)])
        if l:
            delta = (delta @ W.T) * (U[l - 1] > 0)
    return [loss, gradients]


def penalised_torch(X, Y, layers, weight_decay):
    params = [(torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)) for W, b in layers]
    Z = torch.from_numpy(X)
    for l, (W, b) in enumerate(params):
        Z = Z @ W + b
        if l < len(params) - 1:
            Z = torch.relu(Z)
    loss = torch.nn.functional.cross_entropy(Z, torch.from_numpy(Y).argmax(dim=1))
    loss = loss + weight_decay / 2 * sum((W ** 2).sum() for W, _ in params)
    loss.backward()
    return loss.item(), [(W.grad.numpy(), b.grad.numpy()) for W, b in params]


def penalised_one_hidden_layer_only(X, Y, layers, weight_decay):
    return penalised(X, Y, layers[:1] + layers[-1:], weight_decay) if len(layers) == 2 else \
        penalised(X, Y, layers, 0.1)


# --- Question 5 ------------------------------------------------------------------------------------

def dropout_where(Z, mask, keep_probability):
    return np.where(mask, Z / keep_probability, 0.0)


def dropout_float_mask(Z, mask, keep_probability):
    return Z * mask.astype(float) * (1 / keep_probability)


def dropout_loop(Z, mask, keep_probability):
    out = np.zeros_like(Z)
    for i in range(Z.shape[0]):
        for j in range(Z.shape[1]):
            if mask[i, j]:
                out[i, j] = Z[i, j] / keep_probability
    return out


def dropout_in_place(Z, mask, keep_probability):
    Z *= mask
    Z /= keep_probability
    return Z


# --- Question 6 ------------------------------------------------------------------------------------

def mask_right(shape, keep_probability, rng):
    return rng.random(shape) < keep_probability


def mask_binomial(shape, keep_probability, rng):
    return rng.binomial(1, keep_probability, size=shape)


def mask_choice(shape, keep_probability, rng):
    return rng.choice([True, False], size=shape, p=[keep_probability, 1 - keep_probability])


def mask_uniform_floats(shape, keep_probability, rng):
    return (rng.uniform(0, 1, size=shape) <= keep_probability).astype(np.float64)


def mask_drop_probability(shape, keep_probability, rng):
    return rng.random(shape) < 1 - keep_probability


def mask_greater(shape, keep_probability, rng):
    return rng.random(shape) > keep_probability


def mask_scaled(shape, keep_probability, rng):
    return (rng.random(shape) < keep_probability) / keep_probability


def mask_global(shape, keep_probability, rng):
    return np.random.random(shape) < keep_probability


def mask_per_unit(shape, keep_probability, rng):
    return np.broadcast_to(rng.random(shape[1]) < keep_probability, shape)


def mask_own_seed(shape, keep_probability, rng):
    return np.random.default_rng(0).random(shape) < keep_probability


def mask_fixed_rate(shape, keep_probability, rng):
    return rng.random(shape) < 0.8                                   # the first case's keep probability


def mask_list(shape, keep_probability, rng):
    return (rng.random(shape) < keep_probability).tolist()


# --- Question 7 ------------------------------------------------------------------------------------

def dropout_gradients(X, Y, layers, mask, keep_probability, mask_back=True, scale_back=True, scale=None):
    (W1, b1), (W2, b2) = layers
    scale = 1 / keep_probability if scale is None else scale
    U1 = X @ W1 + b1
    A1 = np.maximum(U1, 0)
    Z1 = A1 * mask * scale
    U2 = Z1 @ W2 + b2
    delta2 = (softmax(U2) - Y) / len(X)
    dZ1 = delta2 @ W2.T
    dA1 = dZ1 * (mask if mask_back else 1) * (scale if scale_back else 1)
    delta1 = dA1 * (U1 > 0)
    return [(X.T @ delta1, delta1.sum(0)), (Z1.T @ delta2, delta2.sum(0))]


def dropout_gradients_layer_backward(X, Y, layers, mask, keep_probability):
    (W1, b1), (W2, b2) = layers
    U1 = X @ W1 + b1
    A1 = np.maximum(U1, 0)
    Z1 = A1 * mask / keep_probability
    U2 = Z1 @ W2 + b2
    dW2, db2, dZ1 = layer_backward(softmax_cross_entropy_gradient(U2, Y), U2, Z1, W2, "identity")
    dW1, db1, _ = layer_backward(dZ1 * mask / keep_probability, U1, X, W1, "relu", pass_back=False)
    return [(dW1, db1), (dW2, db2)]


def dropout_gradients_torch(X, Y, layers, mask, keep_probability):
    (W1, b1), (W2, b2) = [(torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True))
                          for W, b in layers]
    hidden = torch.relu(torch.from_numpy(X) @ W1 + b1) * torch.from_numpy(mask) / keep_probability
    loss = torch.nn.functional.cross_entropy(hidden @ W2 + b2, torch.from_numpy(Y))
    loss.backward()
    return [(W1.grad.numpy(), b1.grad.numpy()), (W2.grad.numpy(), b2.grad.numpy())]


def dropout_gradients_no_dropout(X, Y, layers, mask, keep_probability):
    return loss_and_gradients(X, Y, layers, ["relu", "identity"], "softmax_cross_entropy")[1]


def dropout_gradients_unsafe_softmax(X, Y, layers, mask, keep_probability):
    (W1, b1), (W2, b2) = layers
    U1 = X @ W1 + b1
    Z1 = np.maximum(U1, 0) * mask / keep_probability
    U2 = Z1 @ W2 + b2
    P = np.exp(U2) / np.exp(U2).sum(axis=1, keepdims=True)       # no max subtracted: overflows for large logits
    P = P.astype(np.float16).astype(float)                       # ...and kept in half precision
    delta2 = (P - Y) / len(X)
    delta1 = (delta2 @ W2.T) * mask / keep_probability * (U1 > 0)
    return [(X.T @ delta1, delta1.sum(0)), (Z1.T @ delta2, delta2.sum(0))]


# --- Question 8 ------------------------------------------------------------------------------------

def evaluation_forward(X, layers, keep_probability):
    return forward(X, layers, ["relu", "identity"])


def evaluation_by_hand(X, layers, keep_probability):
    (W1, b1), (W2, b2) = layers
    return np.maximum(0, X @ W1 + b1) @ W2 + b2


def evaluation_torch(X, layers, keep_probability):
    (W1, b1), (W2, b2) = (tuple(torch.from_numpy(a) for a in layer) for layer in layers)
    model = torch.nn.Dropout(1 - keep_probability)
    model.eval()                                                  # no dropping, no scaling at evaluation
    return (model(torch.relu(torch.from_numpy(X) @ W1 + b1)) @ W2 + b2).numpy()


def evaluation_scaled(X, layers, keep_probability, factor):
    (W1, b1), (W2, b2) = layers
    return factor * np.maximum(0, X @ W1 + b1) @ W2 + b2


def evaluation_random_mask(X, layers, keep_probability):
    (W1, b1), (W2, b2) = layers
    hidden = np.maximum(0, X @ W1 + b1)
    mask = np.random.default_rng(0).random(hidden.shape) < keep_probability
    return hidden * mask / keep_probability @ W2 + b2


def evaluation_no_bias(X, layers, keep_probability):
    (W1, b1), (W2, b2) = layers
    return np.maximum(0, X @ W1) @ W2


# --- Question 10 -----------------------------------------------------------------------------------

SETTINGS = ("learning_rate", "weight_decay", "width")


def choose_right(runs):
    totals, counts = {}, {}
    for run in runs:
        key = (run["learning_rate"], run["weight_decay"], run["width"])
        totals[key] = totals.get(key, 0.0) + run["validation_loss"]
        counts[key] = counts.get(key, 0) + 1
    return min(totals, key=lambda key: totals[key] / counts[key])


def choose_sorted_list(runs):
    groups = {}
    for run in runs:
        groups.setdefault(tuple(run[s] for s in SETTINGS), []).append(run["validation_loss"])
    return list(sorted(groups.items(), key=lambda item: np.mean(item[1]))[0][0])


def choose_numpy(runs):
    keys = sorted({tuple(run[s] for s in SETTINGS) for run in runs}, key=str)
    means = np.array([np.mean([r["validation_loss"] for r in runs if tuple(r[s] for s in SETTINGS) == key])
                      for key in keys])
    return tuple(np.array(keys[int(np.argmin(means))]).tolist())


def choose_by(runs, score):
    groups = {}
    for run in runs:
        groups.setdefault(tuple(run[s] for s in SETTINGS), []).append(run)
    return min(groups, key=lambda key: score(groups[key]))


def choose_first_setting(runs):
    return tuple(runs[0][s] for s in SETTINGS)


# --- Question 11 -----------------------------------------------------------------------------------

def gap_right(history):
    best = int(np.argmin(history["validation_loss"]))
    return history["train_accuracy"][best] - history["validation_accuracy"][best]


def gap_by_hand(history):
    losses = history["validation_loss"]
    best = 0
    for epoch, loss in enumerate(losses):
        if loss < losses[best]:
            best = epoch
    return float(history["train_accuracy"][best]) - float(history["validation_accuracy"][best])


def gap_arrays(history):
    train, validation = np.array(history["train_accuracy"]), np.array(history["validation_accuracy"])
    return (train - validation)[np.argmin(history["validation_loss"])]


def gap_at(history, index, key_a="train_accuracy", key_b="validation_accuracy", sign=1):
    return sign * (history[key_a][index] - history[key_b][index])


w_1, w_2, g_1, eta, lam = sympy.symbols("w_1 w_2 g_1 eta lambda")
z, p = sympy.symbols("z p", positive=True)
zr, pr = sympy.symbols("z p")                                    # without assumptions, as a learner may write
m = sympy.Symbol("m")

TABLE = {
    "l2_penalty_of_weights": ([
        Wrong("biases included", penalty_with_biases, (MISCONCEPTION,), "decayed the biases"),
        Wrong("no 1/2", penalty_no_half, (MISCONCEPTION,), "twice the right one"),
        Wrong("norms not squared", penalty_norm_not_squared, (MISCONCEPTION,), "not their squares"),
        Wrong("first layer only", penalty_first_layer, (MISCONCEPTION,), "only the first layer"),
        Wrong("the first case's weight decay", penalty_fixed_lambda, (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("squares in float16", penalty_float32, (UNSAFE,)),
    ], [
        Right("loops", penalty_loop),
        Right("np.linalg.norm squared", penalty_norms),
        Right("einsum", penalty_einsum),
    ]),
    "penalised_gradients": ([
        Wrong("L2 in the loss, not in the gradient", lambda *a: penalised(*a, in_gradient=0.0), (MISCONCEPTION,),
              "not to the gradient"),
        Wrong("2 lambda W", lambda *a: penalised(*a, in_gradient=2.0), (MISCONCEPTION,), "2λW"),
        Wrong("biases decayed", lambda *a: penalised(*a, biases=1.0), (MISCONCEPTION,), "decayed the biases"),
        Wrong("the penalty missing from the loss", lambda *a: penalised(*a, in_loss=0.0), (MISCONCEPTION,),
              "lacks the penalty"),
        Wrong("minus lambda W", lambda *a: penalised(*a, in_gradient=-1.0), (MISCONCEPTION,), "wrong sign"),
        Wrong("fits the one-hidden-layer cases only", penalised_one_hidden_layer_only, (EXAMPLE_ONLY,
                                                                                         IGNORES_INPUT)),
    ], [
        Right("loss_and_gradients plus the terms", penalised),
        Right("by hand, lists", penalised_by_hand),
        Right("PyTorch autograd", penalised_torch),
    ]),
    "decay_step_without_half": ([
        Wrong("the 1/2 convention's lambda w", w_1 - eta * (g_1 + lam * w_1), (MISCONCEPTION,), "λw_1"),
        Wrong("no penalty", w_1 - eta * g_1, (MISCONCEPTION, IGNORES_INPUT), "missing from your step"),
        Wrong("ascent", w_1 + eta * (g_1 + 2 * lam * w_1), (MISCONCEPTION,), "The sign"),
        Wrong("the change only", -eta * (g_1 + 2 * lam * w_1), (MISCONCEPTION,), "the change of w_1"),
        Wrong("both weights in the term", w_1 - eta * (g_1 + 2 * lam * (w_1 + w_2)), (MISCONCEPTION,),
              "w_2 does not belong"),
        Wrong("numbers from the lesson (eta = 0.05, lambda = 0.001)", w_1 - 0.05 * (g_1 + 0.002 * w_1),
              (EXAMPLE_ONLY,)),
    ], [
        Right("as written", w_1 - eta * (g_1 + 2 * lam * w_1)),
        Right("the decay factor", (1 - 2 * eta * lam) * w_1 - eta * g_1),
        Right("by sympy.diff", w_1 - eta * (g_1 + sympy.diff(lam * (w_1 ** 2 + w_2 ** 2), w_1))),
    ]),
    "weight_left_after_decay": ([
        Wrong("(1 - 2 eta lambda)^1000", 0.998 ** 1000, (MISCONCEPTION,), "(1 - 2ηλ)^1000"),
        Wrong("linear decay", 0.0, (MISCONCEPTION,), "not linear"),
        Wrong("e^-1", math.exp(-1), (MISCONCEPTION, UNSAFE), "e^(-1000ηλ)"),
        Wrong("no learning rate", 0.99 ** 1000, (MISCONCEPTION, IGNORES_INPUT), "learning rate is missing"),
        Wrong("a percentage", 36.77, (MISCONCEPTION,), "percentage"),
        Wrong("one step", 0.999, (EXAMPLE_ONLY,)),
    ], [
        Right("a power", (1 - 0.1 * 0.01) ** 1000),
        Right("exp of log1p", math.exp(1000 * math.log1p(-0.001))),
        Right("a loop", float(np.prod(np.full(1000, 0.999)))),
    ]),
    "inverted_dropout": ([
        Wrong("scaled at evaluation instead", lambda Z, mask, p: Z * mask, (MISCONCEPTION,),
              "did not divide by the keep probability"),
        Wrong("times p", lambda Z, mask, p: Z * mask * p, (MISCONCEPTION,), "multiplied by the keep probability"),
        Wrong("keep and drop confused", lambda Z, mask, p: Z * mask / (1 - p), (MISCONCEPTION,),
              "probability of *keeping*"),
        Wrong("the mask inverted", lambda Z, mask, p: np.where(mask, 0.0, Z / p), (MISCONCEPTION,),
              "kept the units the mask drops"),
        Wrong("the mask ignored", lambda Z, mask, p: Z / p, (IGNORES_INPUT,), "dropped none"),
        Wrong("p = 0.8 hard-coded", lambda Z, mask, p: Z * mask / 0.8, (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("changes Z in place", dropout_in_place, ()),
    ], [
        Right("np.where", dropout_where),
        Right("a float mask", dropout_float_mask),
        Right("loops", dropout_loop),
    ]),
    "dropout_mask_draw": ([
        Wrong("the drop probability", mask_drop_probability, (MISCONCEPTION,), "probability of *keeping*"),
        Wrong("> instead of <", mask_greater, (MISCONCEPTION,), "probability of *keeping*"),
        Wrong("the scaled mask", mask_scaled, (MISCONCEPTION,), "1/p where it keeps"),
        Wrong("np.random, not rng", mask_global, (MISCONCEPTION, IGNORES_INPUT), "global one"),
        Wrong("one draw per unit", mask_per_unit, (MISCONCEPTION,), "Every row of your mask is the same"),
        Wrong("its own seed", mask_own_seed, (IGNORES_INPUT,), "whatever generator"),
        Wrong("keep probability 0.8 hard-coded", mask_fixed_rate, (EXAMPLE_ONLY, IGNORES_INPUT)),
    ], [
        Right("rng.random < p", mask_right),
        Right("rng.binomial", mask_binomial),
        Right("rng.choice with probabilities", mask_choice),
        Right("floats from rng.uniform", mask_uniform_floats),
        Right("a list", mask_list),
    ]),
    "dropout_network_gradients": ([
        Wrong("no mask in the backward pass", lambda *a: dropout_gradients(*a, mask_back=False), (MISCONCEPTION,),
              "still pass gradients back"),
        Wrong("no 1/p in the backward pass", lambda *a: dropout_gradients(*a, scale_back=False), (MISCONCEPTION,),
              "forgot the 1/p"),
        Wrong("not scaled in training", lambda *a: dropout_gradients(*a, scale=1.0), (MISCONCEPTION,),
              "did not divide by the keep probability"),
        Wrong("keep and drop confused", lambda *a: dropout_gradients(*a, scale=1 / (1 - a[4])), (MISCONCEPTION,),
              "probability of *keeping*"),
        Wrong("no dropout at all", dropout_gradients_no_dropout, (IGNORES_INPUT,), "without dropout"),
        Wrong("softmax without its max, half precision", dropout_gradients_unsafe_softmax, (UNSAFE,)),
    ], [
        Right("by hand", dropout_gradients),
        Right("with layer_backward", dropout_gradients_layer_backward),
        Right("PyTorch autograd", dropout_gradients_torch),
    ]),
    "dropout_at_evaluation": ([
        Wrong("scaled by p at evaluation", lambda X, layers, p: evaluation_scaled(X, layers, p, p), (MISCONCEPTION,),
              "scaled the hidden outputs by p at evaluation"),
        Wrong("divided by p at evaluation", lambda X, layers, p: evaluation_scaled(X, layers, p, 1 / p),
              (MISCONCEPTION,), "divided by p at evaluation"),
        Wrong("scaled by 1 - p", lambda X, layers, p: evaluation_scaled(X, layers, p, 1 - p), (MISCONCEPTION,),
              "probability of keeping"),
        Wrong("a random mask at evaluation", evaluation_random_mask, ()),
        Wrong("softmax probabilities", lambda X, layers, p: softmax(evaluation_forward(X, layers, p)),
              (MISCONCEPTION,), "not the softmax probabilities"),
        Wrong("the biases ignored", evaluation_no_bias, (IGNORES_INPUT,)),
    ], [
        Right("forward", evaluation_forward),
        Right("by hand", evaluation_by_hand),
        Right("torch.nn.Dropout in eval mode", evaluation_torch),
    ]),
    "dropout_variance": ([
        Wrong("the variance of m z", z ** 2 * p * (1 - p), (MISCONCEPTION,), "without the division by p"),
        Wrong("keep and drop confused", z ** 2 * p / (1 - p), (MISCONCEPTION,), "probability of *keeping*"),
        Wrong("the mean of the square", z ** 2 / p, (MISCONCEPTION,), "mean of the square"),
        Wrong("z not squared", z * (1 - p) / p, (MISCONCEPTION,), "square z too"),
        Wrong("zero", 0, (MISCONCEPTION,), "not 0"),
        Wrong("at p = 1/2", z ** 2, (EXAMPLE_ONLY, IGNORES_INPUT)),
    ], [
        Right("as written", z ** 2 * (1 - p) / p),
        Right("E[x^2] - E[x]^2 by hand, symbols without assumptions", p * (zr / pr) ** 2 - (p * zr / pr) ** 2),
        Right("expanded", z ** 2 / p - z ** 2),
        Right("sympy.stats", sympy.simplify(__import__("sympy.stats", fromlist=["variance"]).variance(
            __import__("sympy.stats", fromlist=["Bernoulli"]).Bernoulli("m", p) * z / p))),
    ]),
    "hyperparameter_choice": ([
        Wrong("by test accuracy", lambda runs: choose_by(runs, lambda g: -np.mean([r["test_accuracy"] for r in g])),
              (MISCONCEPTION,), "test accuracy"),
        Wrong("the single best run", lambda runs: choose_by(runs, lambda g: min(r["validation_loss"] for r in g)),
              (MISCONCEPTION,), "one lucky seed"),
        Wrong("by training loss", lambda runs: choose_by(runs, lambda g: np.mean([r["train_loss"] for r in g])),
              (MISCONCEPTION,), "training loss"),
        Wrong("the first seed only", lambda runs: choose_by([r for r in runs if r["seed"] == runs[0]["seed"]],
                                                            lambda g: g[0]["validation_loss"]),
              (MISCONCEPTION,), "one seed only"),
        Wrong("the first setting listed", choose_first_setting, (IGNORES_INPUT, EXAMPLE_ONLY)),
        Wrong("the highest mean validation loss", lambda runs: choose_by(
            runs, lambda g: -np.mean([r["validation_loss"] for r in g])), ()),
    ], [
        Right("sums and counts", choose_right),
        Right("sorted groups, a list", choose_sorted_list),
        Right("NumPy arrays", choose_numpy),
    ]),
    "generalisation_gap": ([
        Wrong("the last epoch", lambda h: gap_at(h, -1), (MISCONCEPTION,), "last epoch"),
        Wrong("reversed", lambda h: -gap_right(h), (MISCONCEPTION,), "The sign"),
        Wrong("the loss gap", lambda h: gap_at(h, int(np.argmin(h["validation_loss"])), "validation_loss",
                                               "train_loss"), (MISCONCEPTION,), "between the losses"),
        Wrong("by the best validation accuracy", lambda h: gap_at(h, int(np.argmax(h["validation_accuracy"]))),
              (MISCONCEPTION,), "by the validation accuracy"),
        Wrong("the later of two equal bests", lambda h: gap_at(
            h, len(h["validation_loss"]) - 1 - int(np.argmin(h["validation_loss"][::-1]))), (MISCONCEPTION,),
            "first such epoch"),
        Wrong("epoch 4 hard-coded", lambda h: gap_at(h, 3), (EXAMPLE_ONLY, IGNORES_INPUT)),
    ], [
        Right("argmin", gap_right),
        Right("a loop", gap_by_hand),
        Right("arrays", gap_arrays),
    ]),
}
