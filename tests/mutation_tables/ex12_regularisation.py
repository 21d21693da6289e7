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


def penalty_l1(layers, weight_decay):
    return weight_decay / 2 * sum(np.abs(W).sum() for W, _ in layers)


def penalty_without_lambda(layers, weight_decay):
    return 0.5 * sum(np.sum(W ** 2) for W, _ in layers)


def penalty_last_layer(layers, weight_decay):
    W, _ = layers[-1]
    return weight_decay / 2 * np.sum(W ** 2)


def penalty_square_of_sum(layers, weight_decay):
    return weight_decay / 2 * sum(np.sum(W) ** 2 for W, _ in layers)


def penalty_mean(layers, weight_decay):
    return weight_decay / 2 * sum(np.mean(W ** 2) for W, _ in layers)


def penalty_squares_in_place(layers, weight_decay):
    total = 0.0
    for W, _ in layers:
        W **= 2                                                    # squares the caller's weights
        total += W.sum()
    return weight_decay / 2 * total


def penalty_per_layer(layers, weight_decay):
    return [weight_decay / 2 * np.sum(W ** 2) for W, _ in layers]


def penalty_vdot(layers, weight_decay):
    return weight_decay / 2 * sum(np.vdot(W, W) for W, _ in layers)


def penalty_concatenated(layers, weight_decay):
    weights = np.concatenate([W.ravel() for W, _ in layers])
    return 0.5 * weight_decay * weights @ weights


def penalty_trace(layers, weight_decay):
    return weight_decay * sum(np.trace(W.T @ W) for W, _ in layers) / 2


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


def penalised_nielsen(X, Y, layers, weight_decay):
    n = len(X)                                                     # the lambda/2n of Nielsen's book
    return penalised(X, Y, layers, weight_decay / n)


def penalised_plus_lambda(X, Y, layers, weight_decay):
    loss, gradients, _ = loss_and_gradients(X, Y, layers, activations(layers), "softmax_cross_entropy")
    loss += weight_decay / 2 * sum(np.sum(W ** 2) for W, _ in layers)
    return loss, [(dW + weight_decay, db) for dW, db in gradients]


def penalised_last_layer_only(X, Y, layers, weight_decay):
    loss, gradients = penalised(X, Y, layers, weight_decay, in_gradient=0.0)
    gradients[-1] = (gradients[-1][0] + weight_decay * layers[-1][0], gradients[-1][1])
    return loss, gradients


def penalised_biases_in_loss(X, Y, layers, weight_decay):
    loss, gradients = penalised(X, Y, layers, weight_decay)
    return loss + weight_decay / 2 * sum(np.sum(b ** 2) for _, b in layers), gradients


def penalised_two_layer_activations(X, Y, layers, weight_decay):
    loss, gradients, _ = loss_and_gradients(X, Y, layers, ["relu", "identity"], "softmax_cross_entropy")
    loss += weight_decay / 2 * sum(np.sum(W ** 2) for W, _ in layers)
    return loss, [(dW + weight_decay * W, db) for (dW, db), (W, _) in zip(gradients, layers)]


def penalised_naive_softmax(X, Y, layers, weight_decay):
    Z = X
    for l, (W, b) in enumerate(layers):
        U = Z @ W + b
        Z = np.maximum(U, 0) if l < len(layers) - 1 else U
    P = np.exp(U) / np.exp(U).sum(axis=1, keepdims=True)         # no max subtracted, then log(P)
    loss = -np.mean(np.sum(Y * np.log(P), axis=1))
    _, gradients = penalised(X, Y, layers, weight_decay)
    return loss + weight_decay / 2 * sum(np.sum(W ** 2) for W, _ in layers), gradients


def penalised_log_of_softmax(X, Y, layers, weight_decay):
    U = forward(X, layers, activations(layers))
    loss = -np.mean(np.log(np.sum(Y * softmax(U), axis=1)))      # log(0) when the true class is far behind
    _, gradients = penalised(X, Y, layers, weight_decay)
    return loss + weight_decay / 2 * sum(np.sum(W ** 2) for W, _ in layers), gradients


def penalised_decays_in_place(X, Y, layers, weight_decay):
    loss, gradients = penalised(X, Y, layers, weight_decay)
    for W, _ in layers:
        W *= 1 - 0.1 * weight_decay                                # a step's decay, on the caller's weights
    return loss, gradients


def penalised_where_sum(X, Y, layers, weight_decay):
    loss, gradients, _ = loss_and_gradients(X, Y, layers, activations(layers), "softmax_cross_entropy")
    penalty = sum(np.einsum("ij,ij", W, W) for W, _ in layers) * weight_decay * 0.5
    return (loss + penalty, tuple((np.add(dW, np.multiply(weight_decay, W)), db.copy())
                                  for (dW, db), (W, _) in zip(gradients, layers)))


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


def dropout_times_mask_over_p(Z, mask, keep_probability):
    return Z * (mask / keep_probability)


def dropout_copy_and_zero(Z, mask, keep_probability):
    out = Z.copy()
    out[~mask] = 0.0
    return out / keep_probability


def dropout_divided_by_drop_complement(Z, mask, keep_probability):
    drop_probability = 1 - keep_probability
    return np.multiply(Z, mask) / (1 - drop_probability)


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


def mask_per_sample(shape, keep_probability, rng):
    return np.broadcast_to(rng.random((shape[0], 1)) < keep_probability, shape)


def mask_exact_per_row(shape, keep_probability, rng):
    mask = np.zeros(shape, dtype=bool)
    mask[:, :round(keep_probability * shape[1])] = True          # exactly p of each row, shuffled
    return rng.permuted(mask, axis=1)


def mask_exact_overall(shape, keep_probability, rng):
    mask = np.arange(np.prod(shape)) < round(keep_probability * np.prod(shape))
    rng.shuffle(mask)
    return mask.reshape(shape)


def mask_normal(shape, keep_probability, rng):
    return rng.standard_normal(shape) < keep_probability


def mask_coin(shape, keep_probability, rng):
    return rng.integers(0, 2, size=shape).astype(bool)


def mask_uniforms_only(shape, keep_probability, rng):
    return rng.random(shape)


def mask_unseeded(shape, keep_probability, rng):
    return np.random.default_rng().random(shape) < keep_probability


def mask_drawn_once(shape, keep_probability, rng, _cache={}):
    if shape not in _cache:                                        # reused for every later call
        _cache[shape] = rng.random(shape) < keep_probability
    return _cache[shape]


def mask_transposed(shape, keep_probability, rng):
    return rng.random(shape[::-1]) < keep_probability


def mask_generator_of_generator(shape, keep_probability, rng):
    return np.random.default_rng(rng).random(shape) < keep_probability


def mask_drawn_transposed(shape, keep_probability, rng):
    return (rng.random(shape[::-1]) < keep_probability).T


def mask_at_least(shape, keep_probability, rng):
    return rng.random(shape) >= 1 - keep_probability


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


def dropout_gradients_output_from_undropped(X, Y, layers, mask, keep_probability):
    (W1, b1), (W2, b2) = layers
    U1 = X @ W1 + b1
    A1 = np.maximum(U1, 0)
    U2 = (A1 * mask / keep_probability) @ W2 + b2
    delta2 = (softmax(U2) - Y) / len(X)
    delta1 = (delta2 @ W2.T) * mask / keep_probability * (U1 > 0)
    return [(X.T @ delta1, delta1.sum(0)), (A1.T @ delta2, delta2.sum(0))]   # A1: before dropout


def dropout_gradients_summed(X, Y, layers, mask, keep_probability):
    (W1, b1), (W2, b2) = layers
    U1 = X @ W1 + b1
    Z1 = np.maximum(U1, 0) * mask / keep_probability
    U2 = Z1 @ W2 + b2
    delta2 = softmax(U2) - Y                                        # not divided by the number of samples
    delta1 = (delta2 @ W2.T) * mask / keep_probability * (U1 > 0)
    return [(X.T @ delta1, delta1.sum(0)), (Z1.T @ delta2, delta2.sum(0))]


def dropout_gradients_naive_softmax(X, Y, layers, mask, keep_probability):
    (W1, b1), (W2, b2) = layers
    U1 = X @ W1 + b1
    Z1 = np.maximum(U1, 0) * mask / keep_probability
    U2 = Z1 @ W2 + b2
    E = np.exp(U2)                                                  # overflows for logits past 709
    delta2 = (E / E.sum(axis=1, keepdims=True) - Y) / len(X)
    delta1 = (delta2 @ W2.T) * mask / keep_probability * (U1 > 0)
    return [(X.T @ delta1, delta1.sum(0)), (Z1.T @ delta2, delta2.sum(0))]


def dropout_gradients_mask_before_relu(X, Y, layers, mask, keep_probability):
    (W1, b1), (W2, b2) = layers
    U1 = (X @ W1 + b1) * mask / keep_probability                    # relu(u m / p) = relu(u) m / p: m / p >= 0
    Z1 = np.maximum(U1, 0)
    U2 = Z1 @ W2 + b2
    delta2 = softmax_cross_entropy_gradient(U2, Y)
    delta1 = (delta2 @ W2.T) * (U1 > 0) * mask / keep_probability
    return ((X.T @ delta1, delta1.sum(0)), (Z1.T @ delta2, delta2.sum(0)))


def dropout_gradients_np_where(X, Y, layers, mask, keep_probability):
    (W1, b1), (W2, b2) = layers
    U1 = X @ W1 + b1
    Z1 = np.where(mask & (U1 > 0), U1 / keep_probability, 0.0)
    U2 = Z1 @ W2 + b2
    delta2 = softmax_cross_entropy_gradient(U2, Y)
    delta1 = np.where(mask & (U1 > 0), delta2 @ W2.T / keep_probability, 0.0)
    return [[X.T @ delta1, delta1.sum(0)], [Z1.T @ delta2, delta2.sum(0)]]


def dropout_gradients_mask_in_place(X, Y, layers, mask, keep_probability):
    (W1, b1), (W2, b2) = layers
    U1 = X @ W1 + b1
    mask &= U1 > 0                                                  # the ReLU folded into the caller's mask
    Z1 = U1 * mask / keep_probability
    U2 = Z1 @ W2 + b2
    delta2 = softmax_cross_entropy_gradient(U2, Y)
    delta1 = (delta2 @ W2.T) * mask / keep_probability
    return [(X.T @ delta1, delta1.sum(0)), (Z1.T @ delta2, delta2.sum(0))]


def dropout_gradients_slope_from_dropped(X, Y, layers, mask, keep_probability):
    (W1, b1), (W2, b2) = layers
    Z1 = np.maximum(X @ W1 + b1, 0) * mask / keep_probability
    U2 = Z1 @ W2 + b2
    delta2 = softmax_cross_entropy_gradient(U2, Y)
    delta1 = (delta2 @ W2.T) * (Z1 > 0) / keep_probability           # Z1 > 0: kept and active, the mask included
    return [(X.T @ delta1, delta1.sum(0)), (Z1.T @ delta2, delta2.sum(0))]


def dropout_gradients_no_relu_slope(X, Y, layers, mask, keep_probability):
    (W1, b1), (W2, b2) = layers
    Z1 = np.maximum(X @ W1 + b1, 0) * mask / keep_probability
    U2 = Z1 @ W2 + b2
    delta2 = softmax_cross_entropy_gradient(U2, Y)
    delta1 = (delta2 @ W2.T) * mask / keep_probability                # the ReLU's slope forgotten
    return [(X.T @ delta1, delta1.sum(0)), (Z1.T @ delta2, delta2.sum(0))]


def dropout_gradients_backward_only(X, Y, layers, mask, keep_probability):
    (W1, b1), (W2, b2) = layers
    U1 = X @ W1 + b1
    Z1 = np.maximum(U1, 0)                                          # no dropout in the forward pass
    U2 = Z1 @ W2 + b2
    delta2 = softmax_cross_entropy_gradient(U2, Y)
    delta1 = (delta2 @ W2.T) * mask / keep_probability * (U1 > 0)
    return [(X.T @ delta1, delta1.sum(0)), (Z1.T @ delta2, delta2.sum(0))]


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


def evaluation_logits_scaled(X, layers, keep_probability):
    return keep_probability * evaluation_forward(X, layers, keep_probability)


def evaluation_first_weights_scaled(X, layers, keep_probability):
    (W1, b1), (W2, b2) = layers
    return np.maximum(0, X @ (keep_probability * W1) + b1) @ W2 + b2


def evaluation_classes(X, layers, keep_probability):
    return evaluation_forward(X, layers, keep_probability).argmax(axis=1)


def evaluation_no_relu(X, layers, keep_probability):
    (W1, b1), (W2, b2) = layers
    return (X @ W1 + b1) @ W2 + b2


def evaluation_keep_everything(X, layers, keep_probability):
    (W1, b1), (W2, b2) = layers
    hidden = np.maximum(0, X @ W1 + b1)
    keep_all = np.ones(hidden.shape, dtype=bool)                    # a mask that keeps every unit, and p = 1
    return (hidden * keep_all / 1.0) @ W2 + b2


def evaluation_weights_scaled_in_place(X, layers, keep_probability):
    (W1, b1), (W2, b2) = layers
    W2 *= keep_probability                                           # the original paper's rule, on the caller's W2
    return np.maximum(0, X @ W1 + b1) @ W2 + b2


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


def choose_by_seed_count(runs, score):
    groups = {}
    for run in runs:
        groups.setdefault((run["learning_rate"], run["weight_decay"], run["width"]), []).append(run["validation_loss"])
    return min(groups, key=lambda key: score(groups[key]))


def choose_without_width(runs):
    groups = {}
    for run in runs:
        groups.setdefault((run["learning_rate"], run["weight_decay"]), []).append(run)
    best = min(groups, key=lambda key: np.mean([run["validation_loss"] for run in groups[key]]))
    return best + (groups[best][0]["width"],)


def choose_argmin(runs):
    from collections import defaultdict

    losses = defaultdict(list)
    for run in runs:
        losses[run["learning_rate"], run["weight_decay"], run["width"]].append(run["validation_loss"])
    settings = list(losses)
    return settings[int(np.argmin([np.mean(losses[setting]) for setting in settings]))]


def choose_marks_runs(runs):
    for run in runs:
        run["setting"] = (run["learning_rate"], run["weight_decay"], run["width"])   # a key added to the caller's runs
    return choose_right(runs)


def choose_after_sorting_the_callers_runs(runs):
    runs.sort(key=lambda run: run["validation_loss"])                  # reorders the caller's list
    return choose_right(runs)


def choose_first_case_answer(runs):
    return (0.01, 0.001, 128)


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


def gap_list_index(history):
    losses = history["validation_loss"]
    best = losses.index(min(losses))                               # the first occurrence of the minimum
    return history["train_accuracy"][best] - history["validation_accuracy"][best]


def gap_epoch_number_as_index(history):
    best = history["epoch"][int(np.argmin(history["validation_loss"]))]   # counts from 1
    return history["train_accuracy"][best] - history["validation_accuracy"][best]


def gap_search_from_second(history):
    losses, best = history["validation_loss"], 1
    for epoch in range(1, len(losses)):
        if losses[epoch] < losses[best]:
            best = epoch
    return history["train_accuracy"][best] - history["validation_accuracy"][best]


def gap_stores_itself(history):
    history["gap"] = gap_right(history)                              # a key added to the caller's history
    return history["gap"]


def gap_after_sorting_the_callers_losses(history):
    losses = history["validation_loss"]
    best = losses.index(min(losses))
    losses.sort()                                                    # the caller's list, sorted in place
    return history["train_accuracy"][best] - history["validation_accuracy"][best]


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
        Wrong("first layer only", penalty_first_layer, (MISCONCEPTION,), "left some layers' weights out"),
        Wrong("last layer only", penalty_last_layer, (MISCONCEPTION,), "left some layers' weights out"),
        Wrong("the output layer left out", lambda layers, weight_decay: weight_decay / 2 * sum(
            np.sum(W ** 2) for W, _ in layers[:-1]), (MISCONCEPTION,), "left some layers' weights out"),
        Wrong("L1: absolute values", penalty_l1, (MISCONCEPTION,), "L1 penalty"),
        Wrong("lambda left out", penalty_without_lambda, (MISCONCEPTION, IGNORES_INPUT), "leaves out λ"),
        Wrong("the square of each layer's sum", penalty_square_of_sum, (MISCONCEPTION,), "squared the sum"),
        Wrong("the mean of the squares", penalty_mean, (MISCONCEPTION,), "mean of the squared weights"),
        Wrong("squares the caller's weights in place", penalty_squares_in_place, ()),
        Wrong("one penalty a layer, a list", penalty_per_layer, ()),
        Wrong("the square of the sum of the layers' norms", lambda layers, weight_decay: weight_decay / 2 * sum(
            np.linalg.norm(W) for W, _ in layers) ** 2, (MISCONCEPTION,), "squared the sum of the layers' norms"),
        Wrong("np.linalg.norm(W, 2): the spectral norm", lambda layers, weight_decay: weight_decay / 2 * sum(
            np.linalg.norm(W, 2) ** 2 for W, _ in layers), (MISCONCEPTION,), "spectral norm"),
        Wrong("the first case's weight decay", penalty_fixed_lambda, (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("squares in float16", penalty_float32, (UNSAFE,)),
    ], [
        Right("loops", penalty_loop),
        Right("np.linalg.norm squared", penalty_norms),
        Right("einsum", penalty_einsum),
        Right("np.vdot", penalty_vdot),
        Right("one concatenated vector, w @ w", penalty_concatenated),
        Right("trace of W^T W", penalty_trace),
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
        Wrong("lambda / 2n, Nielsen's convention", penalised_nielsen, (MISCONCEPTION,), "number of samples"),
        Wrong("lambda added, not lambda W", penalised_plus_lambda, (MISCONCEPTION,), "added λ to every entry"),
        Wrong("only the last layer's weights decayed", penalised_last_layer_only, (MISCONCEPTION,),
              "Only some layers' weights"),
        Wrong("the biases in the loss's penalty", penalised_biases_in_loss, (MISCONCEPTION,), "decayed the biases"),
        Wrong("lambda sum w^2 in the loss, lambda W in the gradient", lambda *a: penalised(*a, in_loss=2.0),
              (MISCONCEPTION,), "without the ½"),
        Wrong("activations for two layers hard-coded", penalised_two_layer_activations, (EXAMPLE_ONLY,)),
        Wrong("softmax without the max, then log", penalised_naive_softmax, (UNSAFE,)),
        Wrong("log of the stable softmax: log(0)", penalised_log_of_softmax, (UNSAFE,)),
        Wrong("decays the caller's weights in place", penalised_decays_in_place, ()),
        Wrong("gradients in backward order", lambda *a: (lambda loss, gradients: (loss, gradients[::-1]))(
            *penalised(*a)), (MISCONCEPTION,), "backward pass's order"),
    ], [
        Right("loss_and_gradients plus the terms", penalised),
        Right("by hand, lists", penalised_by_hand),
        Right("PyTorch autograd", penalised_torch),
        Right("einsum, np.add, a tuple of pairs", penalised_where_sum),
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
        Wrong("eta on the data gradient only", w_1 - eta * g_1 - 2 * lam * w_1, (MISCONCEPTION,),
              "without the learning rate"),
        Wrong("the penalty itself in the step", w_1 - eta * (g_1 + lam * w_1 ** 2), (MISCONCEPTION,),
              "the penalty itself"),
        Wrong("2 lambda without w_1", w_1 - eta * (g_1 + 2 * lam), (MISCONCEPTION,), "lost its w_1"),
        Wrong("decayed after the data step", (1 - 2 * eta * lam) * (w_1 - eta * g_1), (MISCONCEPTION,),
              "after the data step"),
        Wrong("the whole penalty, both weights", w_1 - eta * (g_1 + lam * (w_1 ** 2 + w_2 ** 2)), (MISCONCEPTION,),
              "w_2 does not belong"),
        Wrong("a string", "w_1 - eta*(g_1 + 2*lambda*w_1)", ()),
    ], [
        Right("as written", w_1 - eta * (g_1 + 2 * lam * w_1)),
        Right("the decay factor", (1 - 2 * eta * lam) * w_1 - eta * g_1),
        Right("by sympy.diff", w_1 - eta * (g_1 + sympy.diff(lam * (w_1 ** 2 + w_2 ** 2), w_1))),
        Right("expanded", sympy.expand(w_1 - eta * (g_1 + 2 * lam * w_1))),
        Right("a decimal 2.0", w_1 - eta * (g_1 + 2.0 * lam * w_1)),
        Right("symbols with assumptions, from the data loss g_1 w_1", (lambda W, E, L, G: W - E * sympy.diff(
            G * W + L * (W ** 2 + sympy.Symbol("w_2")), W))(sympy.Symbol("w_1", real=True),
                                                             sympy.Symbol("eta", positive=True),
                                                             sympy.Symbol("lambda", positive=True),
                                                             sympy.Symbol("g_1", real=True))),
    ]),
    "weight_left_after_decay": ([
        Wrong("(1 - 2 eta lambda)^1000", 0.998 ** 1000, (MISCONCEPTION,), "(1 - 2ηλ)^1000"),
        Wrong("linear decay", 0.0, (MISCONCEPTION,), "not linear"),
        Wrong("e^-1", math.exp(-1), (MISCONCEPTION, UNSAFE), "e^(-1000ηλ)"),
        Wrong("no learning rate", 0.99 ** 1000, (MISCONCEPTION, IGNORES_INPUT), "learning rate is missing"),
        Wrong("a percentage", 36.77, (MISCONCEPTION,), "percentage"),
        Wrong("one step", 0.999, (EXAMPLE_ONLY,)),
        Wrong("999 steps", 0.999 ** 999, (MISCONCEPTION,), "one step too few or too many"),
        Wrong("1001 steps", 0.999 ** 1001, (MISCONCEPTION,), "one step too few or too many"),
        Wrong("a factor 1 - eta lambda / 2", 0.9995 ** 1000, (MISCONCEPTION,), "already spent"),
        Wrong("the fraction removed", 1 - 0.999 ** 1000, (MISCONCEPTION,), "fraction removed"),
        Wrong("no weight decay: 0.9 a step", 0.9 ** 1000, (MISCONCEPTION, IGNORES_INPUT), "η or λ left out"),
        Wrong("rounded to 4 digits", 0.3677, ()),
        Wrong("in float32", float(np.float32(0.999) ** np.float32(1000)), (UNSAFE,)),
    ], [
        Right("a power", (1 - 0.1 * 0.01) ** 1000),
        Right("exp of log1p", math.exp(1000 * math.log1p(-0.001))),
        Right("a loop", float(np.prod(np.full(1000, 0.999)))),
        Right("to the 7 digits asked", 0.3676954),
        Right("an exact SymPy rational", sympy.Rational(999, 1000) ** 1000),
        Right("a NumPy float", np.float64(0.999) ** 1000),
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
        Wrong("divided by the mask's kept share", lambda Z, mask, p: Z * mask / mask.mean(), (MISCONCEPTION,),
              "share of units this mask happened to keep"),
        Wrong("divided by each row's kept share (0/0 for a row all dropped)",
              lambda Z, mask, p: Z * mask / mask.mean(axis=1, keepdims=True), (MISCONCEPTION, UNSAFE),
              "share of units this mask happened to keep"),
        Wrong("Z[mask]: a flat array", lambda Z, mask, p: Z[mask] / p, (MISCONCEPTION,), "picks out the kept entries"),
        Wrong("float32", lambda Z, mask, p: (Z * mask / p).astype(np.float32), (UNSAFE,)),
        Wrong("a list", lambda Z, mask, p: (Z * mask / p).tolist(), ()),
        Wrong("divided by p twice", lambda Z, mask, p: Z * mask / p ** 2, ()),
        Wrong("a fresh mask of its own, the given one ignored",
              lambda Z, mask, p: Z * (np.random.default_rng(0).random(Z.shape) < p) / p, (IGNORES_INPUT,)),
    ], [
        Right("np.where", dropout_where),
        Right("a float mask", dropout_float_mask),
        Right("loops", dropout_loop),
        Right("x * (mask / p)", dropout_times_mask_over_p),
        Right("a copy with the dropped entries set to 0", dropout_copy_and_zero),
        Right("through the drop probability", dropout_divided_by_drop_complement),
    ]),
    "dropout_mask_draw": ([
        Wrong("the drop probability", mask_drop_probability, (MISCONCEPTION,), "probability of *keeping*"),
        Wrong("> instead of <", mask_greater, (MISCONCEPTION,), "probability of *keeping*"),
        Wrong("the scaled mask", mask_scaled, (MISCONCEPTION,), "1/p where it keeps"),
        Wrong("np.random, not rng", mask_global, (MISCONCEPTION, IGNORES_INPUT), "global one"),
        Wrong("one draw per unit", mask_per_unit, (MISCONCEPTION,), "Every row of your mask is the same"),
        Wrong("its own seed", mask_own_seed, (IGNORES_INPUT,), "whatever generator"),
        Wrong("keep probability 0.8 hard-coded", mask_fixed_rate, (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("one draw per sample", mask_per_sample, (MISCONCEPTION,), "keeps all its units or none"),
        Wrong("exactly p of each row", mask_exact_per_row, (MISCONCEPTION,), "*exactly* the same number"),
        Wrong("exactly p overall, shuffled", mask_exact_overall, (MISCONCEPTION,), "*exactly* the same number"),
        Wrong("normal numbers below p", mask_normal, (MISCONCEPTION,), "not uniform"),
        Wrong("a fair coin, p ignored", mask_coin, (IGNORES_INPUT,), "whatever `keep_probability` is"),
        Wrong("the uniform numbers themselves", mask_uniforms_only, ()),
        Wrong("an unseeded generator of its own", mask_unseeded, (IGNORES_INPUT,), "draw it from the generator"),
        Wrong("drawn once and reused", mask_drawn_once, (MISCONCEPTION,), "whatever generator"),
        Wrong("the shape reversed", mask_transposed, ()),
    ], [
        Right("rng.random < p", mask_right),
        Right("rng.binomial", mask_binomial),
        Right("rng.choice with probabilities", mask_choice),
        Right("floats from rng.uniform", mask_uniform_floats),
        Right("a list", mask_list),
        Right("np.random.default_rng(rng), the same generator", mask_generator_of_generator),
        Right("drawn transposed, then transposed back", mask_drawn_transposed),
        Right("random >= 1 - p", mask_at_least),
        Right("integers below 100 p", lambda shape, p, rng: rng.integers(0, 100, size=shape) < round(100 * p)),
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
        Wrong("dE/dW2 from the outputs before dropout", dropout_gradients_output_from_undropped, (MISCONCEPTION,),
              "*before* dropout"),
        Wrong("the ReLU folded into the caller's mask, in place", dropout_gradients_mask_in_place, ()),
        Wrong("dropout in the backward pass only", dropout_gradients_backward_only, ()),
        Wrong("a mask of its own, the given one ignored", lambda X, Y, layers, mask, p: dropout_gradients(
            X, Y, layers, np.random.default_rng(0).random(mask.shape) < p, p), (IGNORES_INPUT,)),
        Wrong("no ReLU derivative in the hidden delta", dropout_gradients_no_relu_slope, (MISCONCEPTION,),
              "ReLU's derivative"),
        Wrong("gradients in backward order", lambda *a: dropout_gradients(*a)[::-1], (MISCONCEPTION,),
              "backward pass's order"),
        Wrong("summed over the samples", dropout_gradients_summed, (MISCONCEPTION,), "n times too large"),
        Wrong("softmax without its max", dropout_gradients_naive_softmax, (UNSAFE,)),
        Wrong("keep probability 0.8 hard-coded", lambda *a: dropout_gradients(*a[:4], 0.8), (EXAMPLE_ONLY,
                                                                                           IGNORES_INPUT)),
    ], [
        Right("by hand", dropout_gradients),
        Right("with layer_backward", dropout_gradients_layer_backward),
        Right("PyTorch autograd", dropout_gradients_torch),
        Right("the mask applied before the ReLU (m/p >= 0 commutes with it), tuples",
              dropout_gradients_mask_before_relu),
        Right("np.where, lists", dropout_gradients_np_where),
        Right("the ReLU's slope read from the dropped outputs, Z1 > 0", dropout_gradients_slope_from_dropped),
    ]),
    "dropout_at_evaluation": ([
        Wrong("scaled by p at evaluation", lambda X, layers, p: evaluation_scaled(X, layers, p, p), (MISCONCEPTION,),
              "multiplied by p at evaluation"),
        Wrong("divided by p at evaluation", lambda X, layers, p: evaluation_scaled(X, layers, p, 1 / p),
              (MISCONCEPTION,), "divided by p at evaluation"),
        Wrong("scaled by 1 - p", lambda X, layers, p: evaluation_scaled(X, layers, p, 1 - p), (MISCONCEPTION,),
              "probability of keeping"),
        Wrong("a random mask at evaluation", evaluation_random_mask, ()),
        Wrong("softmax probabilities", lambda X, layers, p: softmax(evaluation_forward(X, layers, p)),
              (MISCONCEPTION,), "not the softmax probabilities"),
        Wrong("the biases ignored", evaluation_no_bias, (IGNORES_INPUT,)),
        Wrong("the logits scaled by p", evaluation_logits_scaled, (MISCONCEPTION,), "multiplied by p at evaluation"),
        Wrong("the first layer's weights scaled by p", evaluation_first_weights_scaled, (MISCONCEPTION,),
              "multiplied by p at evaluation"),
        Wrong("the predicted classes", evaluation_classes, (MISCONCEPTION,), "not the predicted classes"),
        Wrong("no ReLU", evaluation_no_relu, ()),
        Wrong("W2 scaled by p in place", evaluation_weights_scaled_in_place, ()),
        Wrong("float32", lambda X, layers, p: evaluation_forward(X, layers, p).astype(np.float32), (UNSAFE,)),
    ], [
        Right("forward", evaluation_forward),
        Right("by hand", evaluation_by_hand),
        Right("torch.nn.Dropout in eval mode", evaluation_torch),
        Right("a mask that keeps everything, p = 1", evaluation_keep_everything),
    ]),
    "dropout_variance": ([
        Wrong("the variance of m z", z ** 2 * p * (1 - p), (MISCONCEPTION,), "without the division by p"),
        Wrong("keep and drop confused", z ** 2 * p / (1 - p), (MISCONCEPTION,), "probability of *keeping*"),
        Wrong("the mean of the square", z ** 2 / p, (MISCONCEPTION,), "mean of the square"),
        Wrong("z not squared", z * (1 - p) / p, (MISCONCEPTION,), "square z too"),
        Wrong("zero", 0, (MISCONCEPTION,), "not 0"),
        Wrong("at p = 1/2", z ** 2, (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("the standard deviation", z * sympy.sqrt((1 - p) / p), (MISCONCEPTION,), "standard deviation"),
        Wrong("E[x^2] without its probability p", z ** 2 / p ** 2 - z ** 2, (MISCONCEPTION,), "carries a factor p"),
        Wrong("no z", (1 - p) / p, (MISCONCEPTION, IGNORES_INPUT), "has no z"),
        Wrong("E[x]^2 - E[x^2]", z ** 2 - z ** 2 / p, (MISCONCEPTION,), "never negative"),
        Wrong("at p = 0.8", z ** 2 / 4, (EXAMPLE_ONLY,)),
        Wrong("(1 - p)/p^2", z ** 2 * (1 - p) / p ** 2, ()),
    ], [
        Right("as written", z ** 2 * (1 - p) / p),
        Right("E[x^2] - E[x]^2 by hand, symbols without assumptions", p * (zr / pr) ** 2 - (p * zr / pr) ** 2),
        Right("expanded", z ** 2 / p - z ** 2),
        Right("1/p - 1, decimals", 1.0 * z ** 2 * (1 / p - 1)),
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
        Wrong("the sum over seeds", lambda runs: choose_by_seed_count(runs, sum), (MISCONCEPTION,),
              "added each setting's validation losses"),
        Wrong("the median over seeds", lambda runs: choose_by_seed_count(runs, np.median), (MISCONCEPTION,),
              "median"),
        Wrong("the smallest validation-training gap", lambda runs: choose_by(
            runs, lambda g: np.mean([r["validation_loss"] - r["train_loss"] for r in g])), (MISCONCEPTION,),
            "smallest gap"),
        Wrong("the last seed only", lambda runs: choose_by(runs, lambda g: g[-1]["validation_loss"]),
              (MISCONCEPTION,), "one seed only"),
        Wrong("grouped without the width", choose_without_width, (MISCONCEPTION, IGNORES_INPUT),
              "leave out one of the hyperparameters"),
        Wrong("the first case's answer", choose_first_case_answer, (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("with the seed", lambda runs: choose_right(runs) + (0,), ()),
        Wrong("the mean by floor division: every mean 0", lambda runs: choose_by_seed_count(
            runs, lambda losses: sum(losses) // len(losses)), (UNSAFE,)),
        Wrong("adds a key to the caller's runs", choose_marks_runs, ()),
        Wrong("sorts the caller's runs in place", choose_after_sorting_the_callers_runs, ()),
    ], [
        Right("sums and counts", choose_right),
        Right("sorted groups, a list", choose_sorted_list),
        Right("NumPy arrays", choose_numpy),
        Right("np.argmin over the means of a defaultdict", choose_argmin),
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
        Wrong("the lowest training loss", lambda h: gap_at(h, int(np.argmin(h["train_loss"]))), (MISCONCEPTION,),
              "lowest *training* loss"),
        Wrong("the epoch number used as an index", gap_epoch_number_as_index, (MISCONCEPTION,), "one epoch after"),
        Wrong("a search that skips the first epoch", gap_search_from_second, (MISCONCEPTION,), "one epoch after"),
        Wrong("argmax, not argmin", lambda h: gap_at(h, int(np.argmax(h["validation_loss"]))), (MISCONCEPTION,),
              "*highest* validation loss"),
        Wrong("each accuracy at its own best", lambda h: max(h["train_accuracy"]) - max(h["validation_accuracy"]),
              (MISCONCEPTION,), "its own best epoch"),
        Wrong("a percentage", lambda h: 100 * gap_right(h), ()),
        Wrong("adds a key to the caller's history", gap_stores_itself, ()),
        Wrong("sorts the caller's validation losses", gap_after_sorting_the_callers_losses, ()),
        Wrong("its absolute value", lambda h: abs(gap_right(h)), (), "The sign"),
        Wrong("the mean gap over epochs", lambda h: float(np.mean(np.subtract(h["train_accuracy"],
                                                                              h["validation_accuracy"]))), ()),
    ], [
        Right("argmin", gap_right),
        Right("a loop", gap_by_hand),
        Right("arrays", gap_arrays),
        Right("list.index of the minimum", gap_list_index),
        Right("min over the epochs' indices", lambda h: (lambda best: h["train_accuracy"][best]
                                                         - h["validation_accuracy"][best])(
            min(range(len(h["validation_loss"])), key=h["validation_loss"].__getitem__))),
    ]),
}
