"""Exercise 05, backpropagation: wrong answers a learner writes, and right ones in other forms."""

import numpy as np
import sympy

from mutations import EXAMPLE_ONLY, IGNORES_INPUT, MISCONCEPTION, UNSAFE, Right, Wrong
from nbtools.activations import ACTIVATIONS

x = np.array([1.0, -0.5])
y = 0.0
W1 = np.array([[0.3, -0.6], [0.8, 0.1]])
b1 = np.array([-0.2, 0.4])
W2 = np.array([[-0.9], [0.5]])
b2 = np.array([0.3])
u_hidden = x @ W1 + b1
z_hidden = 1 / (1 + np.exp(-u_hidden))
u_out = float(z_hidden @ W2[:, 0] + b2[0])
y_hat = 1 / (1 + np.exp(-u_out))
delta_k = 2 * (y_hat - y) * y_hat * (1 - y_hat)
deltas = delta_k * W2[:, 0] * z_hidden * (1 - z_hidden)
# by hand from what the setup cell prints (6 decimals): right to the 4 digits asked
y_hat_printed, z_printed = round(float(y_hat), 6), np.round(z_hidden, 6)
delta_k_printed = 2 * (y_hat_printed - y) * y_hat_printed * (1 - y_hat_printed)
deltas_printed = delta_k_printed * W2[:, 0] * z_printed * (1 - z_printed)

w_11, w_12, w_21, w_22, b_1, b_2, w_1k, w_2k, b_k = sympy.symbols("w_11 w_12 w_21 w_22 b_1 b_2 w_1k w_2k b_k")
x_1, x_2, y_s = sympy.symbols("x_1 x_2 y")
z_1 = 1 / (1 + sympy.exp(-(x_1 * w_11 + x_2 * w_21 + b_1)))
z_2 = 1 / (1 + sympy.exp(-(x_1 * w_12 + x_2 * w_22 + b_2)))
y_hat_s = 1 / (1 + sympy.exp(-(z_1 * w_1k + z_2 * w_2k + b_k)))
E_s = (y_hat_s - y_s) ** 2


def _relative(a, b, floor):
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)


def _relative_loop(a, b, floor):
    errors = np.zeros(a.shape)
    for index in np.ndindex(a.shape):
        total = abs(a[index]) + abs(b[index])
        errors[index] = abs(a[index] - b[index]) / max(total, floor)
    return errors


def no_floor(a, b, floor):
    return np.abs(a - b) / (np.abs(a) + np.abs(b))


def smaller_of_two_ratios(a, b, floor):
    return np.minimum(np.abs(a - b) / (np.abs(a) + np.abs(b)), np.abs(a - b) / floor)


def python_max(a, b, floor):
    return abs(a - b) / max(abs(a) + abs(b), floor)


def one_side_a(a, b, floor):
    return np.abs(a - b) / np.maximum(np.abs(a), floor)


def one_side_b(a, b, floor):
    return np.abs(a - b) / np.maximum(np.abs(b), floor)


def signed_difference(a, b, floor):
    return (a - b) / np.maximum(np.abs(a) + np.abs(b), floor)


def signed_sum(a, b, floor):
    return np.abs(a - b) / np.maximum(a + b, floor)


def floor_added(a, b, floor):
    return np.abs(a - b) / (np.abs(a) + np.abs(b) + floor)


def larger_side(a, b, floor):
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def with_minimum(a, b, floor):
    return np.abs(a - b) / np.minimum(np.abs(a) + np.abs(b), floor)


def max_with_axis(a, b, floor):
    return np.abs(a - b) / np.max(np.abs(a) + np.abs(b), floor)


def from_norms(a, b, floor):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), floor)


def with_fmax(a, b, floor):
    return np.absolute(a - b) / np.fmax(np.absolute(a) + np.absolute(b), floor)


def with_clip(a, b, floor):
    return np.abs(b - a) / np.clip(np.abs(a) + np.abs(b), floor, None)


def with_where(a, b, floor):
    total = np.abs(a) + np.abs(b)
    return np.abs(a - b) / np.where(total > floor, total, floor)


def sigma(u):
    return 1 / (1 + np.exp(-u))


def layer(dE_dZ, U, Z_prev, W, slope=lambda U: sigma(U) * (1 - sigma(U)), db=lambda d: d.sum(axis=0),
          back=lambda d, W, Z_prev: d @ W.T):
    delta = dE_dZ * slope(U)
    return Z_prev.T @ delta, db(delta), back(delta, W, Z_prev)


def layer_loops(dE_dZ, U, Z_prev, W):
    dW, db, dZ = np.zeros_like(W), np.zeros(W.shape[1]), np.zeros_like(Z_prev)
    for n in range(len(U)):
        z = sigma(U[n])
        delta = dE_dZ[n] * z * (1 - z)
        dW += np.outer(Z_prev[n], delta)
        db += delta
        dZ[n] = W @ delta
    return dW, db, dZ


def backward(X, Y, layers, activations, scale_db=1.0, hidden_slope=True, as_lists=False, einsum=False):
    Z, U = [X], []
    for (W, b), name in zip(layers, activations):
        U.append(Z[-1] @ W + b)
        Z.append(ACTIVATIONS[name][0](U[-1]))
    dE_dZ = 2 * (Z[-1] - Y) / Y.size
    out = []
    for l in range(len(layers) - 1, -1, -1):
        slope = ACTIVATIONS[activations[l]][1](U[l]) if (hidden_slope or l == len(layers) - 1) else 1.0
        delta = dE_dZ * slope
        dW = np.einsum("ni,nj->ij", Z[l], delta) if einsum else Z[l].T @ delta
        pair = [dW, delta.sum(axis=0) * scale_db] if as_lists else (dW, delta.sum(axis=0) * scale_db)
        out.insert(0, pair)
        dE_dZ = delta @ layers[l][0].T
    return out


def _differences(loss, W, h, central=True):
    gradient = np.zeros(W.shape)
    for index in np.ndindex(W.shape):
        step = np.zeros(W.shape)
        step[index] = h
        gradient[index] = ((loss(W + step) - loss(W - step)) / (2 * h) if central
                           else (loss(W + step) - loss(W)) / h)
    return gradient


def _differences_in_place(loss, W, h):
    gradient = np.zeros(W.shape)
    for index in np.ndindex(W.shape):
        old = W[index]
        W[index] = old + h
        up = loss(W)
        W[index] = old - h
        down = loss(W)
        W[index] = old
        gradient[index] = (up - down) / (2 * h)
    return gradient


TABLE = {
    "output_delta": ([
        Wrong("half convention", (y_hat - y) * y_hat * (1 - y_hat), (MISCONCEPTION,), "½(ŷ - y)²"),
        Wrong("sign", 2 * (y - y_hat) * y_hat * (1 - y_hat), (MISCONCEPTION,), "sign is flipped"),
        Wrong("dE/dy_hat only", 2 * (y_hat - y), (MISCONCEPTION,), "multiply by the sigmoid's derivative"),
        Wrong("u(1-u)", 2 * (y_hat - y) * u_out * (1 - u_out), (MISCONCEPTION,), "not u_k(1 - u_k)"),
        Wrong("ignores the target (y taken as 1)", 2 * (y_hat - 1) * y_hat * (1 - y_hat), (IGNORES_INPUT,)),
        Wrong("rounded to 2 decimals", round(float(delta_k), 2), (EXAMPLE_ONLY,)),
    ], [
        Right("expanded", 2 * y_hat ** 2 * (1 - y_hat)),
        Right("from the sigmoid's derivative", 2 * y_hat * ACTIVATIONS["sigmoid"][1](np.array(u_out))),
        Right("a one-element array's item", np.array([delta_k]).item()),
        Right("by hand from the printed y_hat", delta_k_printed),
    ]),
    "hidden_deltas": ([
        Wrong("no slope", delta_k * W2[:, 0], (MISCONCEPTION,), "left out the hidden unit's activation derivative"),
        Wrong("u(1-u)", delta_k * W2[:, 0] * u_hidden * (1 - u_hidden), (MISCONCEPTION,), "not u_j(1 - u_j)"),
        Wrong("output slope", delta_k * W2[:, 0] * y_hat * (1 - y_hat), (MISCONCEPTION,), "*its own* sigmoid"),
        Wrong("sign", -deltas, (MISCONCEPTION,), "sign is flipped"),
        Wrong("the first unit only, twice", np.array([deltas[0], deltas[0]]), (IGNORES_INPUT,)),
        Wrong("W2 reversed", delta_k * W2[::-1, 0] * z_hidden * (1 - z_hidden), ()),
    ], [
        Right("np.multiply chain", np.multiply(np.multiply(delta_k, W2.ravel()), z_hidden - z_hidden ** 2)),
        Right("a loop", np.array([delta_k * W2[j, 0] * z_hidden[j] * (1 - z_hidden[j]) for j in range(2)])),
        Right("a matrix product", (np.array([[delta_k]]) @ W2.T)[0] * z_hidden * (1 - z_hidden)),
        Right("by hand from the printed values", deltas_printed),
    ]),
    "first_layer_weight_gradient": ([
        Wrong("transposed (w_ji)", np.outer(deltas, x), (MISCONCEPTION,), "transposed"),
        Wrong("z instead of x", np.outer(z_hidden, deltas), (MISCONCEPTION,), "carries the input x_i"),
        Wrong("no hidden slope", np.outer(x, delta_k * W2[:, 0]), (MISCONCEPTION,), "miss the factor z_j(1 - z_j)"),
        Wrong("ignores the input", np.outer(np.ones(2), deltas), (IGNORES_INPUT,)),
        Wrong("deltas only in the diagonal", np.diag(deltas * x), ()),
    ], [
        Right("x[:, None] * deltas", x[:, None] * deltas[None, :]),
        Right("loops into an array", np.array([[x[i] * deltas[j] for j in range(2)] for i in range(2)])),
        Right("einsum", np.einsum("i,j->ij", x, deltas)),
        Right("from the printed values, rounded",
              np.round(np.outer(x, deltas_printed), 5)),
    ]),
    "symbolic_weight_gradient": ([
        Wrong("swapped indices w_12", sympy.diff(E_s, w_12), (MISCONCEPTION,), "That is ∂E/∂w_12"),
        Wrong("half loss", sympy.diff(E_s / 2, w_21), (MISCONCEPTION,), "E = ½(ŷ - y)²"),
        Wrong("of the prediction", sympy.diff(y_hat_s, w_21), (MISCONCEPTION,), "derivative of the prediction"),
        Wrong("numbers substituted", sympy.diff(E_s, w_21).subs({x_1: 1, x_2: -0.5, y_s: 0, w_11: 0.3, w_12: -0.6,
                                                                  w_21: 0.8, w_22: 0.1, b_1: -0.2, b_2: 0.4,
                                                                  w_1k: -0.9, w_2k: 0.5, b_k: 0.3}), (EXAMPLE_ONLY,)),
        Wrong("with respect to w_11", sympy.diff(E_s, w_11), (IGNORES_INPUT,)),
        Wrong("sign", -sympy.diff(E_s, w_21), ()),
    ], [
        Right("sympy.diff", sympy.diff(E_s, w_21)),
        Right("chain rule by hand", 2 * (y_hat_s - y_s) * y_hat_s * (1 - y_hat_s) * w_1k * z_1 * (1 - z_1) * x_2),
        Right("tanh form of the sigmoid", sympy.diff(E_s, w_21).subs(
            sympy.exp(-(x_1 * w_11 + x_2 * w_21 + b_1)), sympy.exp(-(x_1 * w_11 + x_2 * w_21 + b_1)))),
    ]),
    "sigmoid_layer_backward": ([
        Wrong("no slope", lambda dE_dZ, U, Z_prev, W: layer(dE_dZ, U, Z_prev, W, slope=lambda U: 1.0), (MISCONCEPTION,),
              "left out the activation's derivative"),
        Wrong("U(1-U)", lambda dE_dZ, U, Z_prev, W: layer(dE_dZ, U, Z_prev, W, slope=lambda U: U * (1 - U)),
              (MISCONCEPTION,), "U(1 - U) uses the sums"),
        Wrong("bias only averaged", lambda dE_dZ, U, Z_prev, W: layer(dE_dZ, U, Z_prev, W, db=lambda d: d.mean(axis=0)),
              (MISCONCEPTION,), "Your bias gradient is n times too small"),
        Wrong("the lower layer's slope", lambda dE_dZ, U, Z_prev, W: layer(
            dE_dZ, U, Z_prev, W, back=lambda d, W, Z_prev: d @ W.T * Z_prev * (1 - Z_prev)), (MISCONCEPTION,),
              "the *lower* layer's slope"),
        Wrong("ignores W", lambda dE_dZ, U, Z_prev, W: layer(
            dE_dZ, U, Z_prev, W, back=lambda d, W, Z_prev: d.sum(axis=1, keepdims=True) * np.ones_like(Z_prev)),
              (IGNORES_INPUT,)),
        Wrong("db of one sample (fits a batch of 1)", lambda dE_dZ, U, Z_prev, W: layer(
            dE_dZ, U, Z_prev, W, db=lambda d: d[0]), (EXAMPLE_ONLY,)),
    ], [
        Right("loops over samples", layer_loops),
        Right("einsum", lambda dE_dZ, U, Z_prev, W: (lambda d: (np.einsum("ni,nj->ij", Z_prev, d), d.sum(0),
                                                                  np.einsum("nj,ij->ni", d, W)))(
            dE_dZ * sigma(U) * (1 - sigma(U)))),
        Right("a list, with np.tanh's sigmoid", lambda dE_dZ, U, Z_prev, W: list(layer(
            dE_dZ, U, Z_prev, W, slope=lambda U: (1 - np.tanh(U / 2) ** 2) / 4))),
    ]),
    "backward_pass": ([
        Wrong("bias only averaged again", lambda X, Y, layers, acts: [
            (dW, db / len(X)) for dW, db in backward(X, Y, layers, acts)], (MISCONCEPTION,),
              "Your bias gradient is n times too small"),
        Wrong("no hidden slope", lambda X, Y, layers, acts: backward(X, Y, layers, acts, hidden_slope=False),
              (MISCONCEPTION,), "hidden deltas miss the activation's derivative"),
        Wrong("reversed list", lambda X, Y, layers, acts: backward(X, Y, layers, acts)[::-1], (MISCONCEPTION,),
              "from the last layer to the first"),
        Wrong("sum of squared errors", lambda X, Y, layers, acts: [
            (dW * Y.size, db * Y.size) for dW, db in backward(X, Y, layers, acts)], (MISCONCEPTION,),
              "*sum* of squared errors"),
        Wrong("sigmoid everywhere, ignoring activations", lambda X, Y, layers, acts: backward(
            X, Y, layers, ["sigmoid"] * len(layers)), (IGNORES_INPUT,)),
        Wrong("two layers hard-coded", lambda X, Y, layers, acts: backward(X, Y, layers[-2:], acts[-2:]),
              (EXAMPLE_ONLY,)),
    ], [
        Right("lists instead of tuples", lambda X, Y, layers, acts: backward(X, Y, layers, acts, as_lists=True)),
        Right("einsum", lambda X, Y, layers, acts: backward(X, Y, layers, acts, einsum=True)),
        Right("tuples of the reference order", lambda X, Y, layers, acts: tuple(backward(X, Y, layers, acts))),
    ]),
    "weight_gradient_shape": ([
        Wrong("transposed", (10, 32), (MISCONCEPTION,), "That is transposed"),
        Wrong("delta's shape", (64, 10), (MISCONCEPTION,), "output layer's deltas"),
        Wrong("Z's shape", (64, 32), (MISCONCEPTION,), "hidden values Z"),
        Wrong("W1's shape", (784, 32), (MISCONCEPTION,), "shape of W1"),
        Wrong("with the batch", (64, 32, 10), (IGNORES_INPUT,)),
    ], [
        Right("a list", [32, 10]),
        Right("an array's shape", np.zeros((32, 10)).shape),
        Right("numpy ints", (np.int64(32), np.int64(10))),
    ]),
    "chain_rule_paths": ([
        Wrong("8^3", 512, (MISCONCEPTION,), "not a choice"),
        Wrong("added", 17, (MISCONCEPTION,), "Adding them counts units"),
        Wrong("8 + 8", 16, (MISCONCEPTION,), "Adding them counts units"),
        Wrong("8", 8, (MISCONCEPTION,), "one unit of *every* later layer"),
        Wrong("with the inputs", 4 * 8 * 8, (IGNORES_INPUT,)),
    ], [
        Right("8 ** 2", 8 ** 2),
        Right("a float", 64.0),
        Right("numpy", np.int64(64)),
    ]),
    "central_difference_gradient": ([
        Wrong("forward difference", lambda loss, W, h: _differences(loss, W, h, central=False), (MISCONCEPTION,),
              "That is the forward difference"),
        Wrong("divided by h", lambda loss, W, h: 2 * _differences(loss, W, h), (MISCONCEPTION,), "not 2h"),
        Wrong("all entries nudged at once", lambda loss, W, h: np.full(W.shape, (loss(W + h) - loss(W - h)) / (2 * h)),
              (MISCONCEPTION,), "every entry of W at once"),
        Wrong("h = 1e-5 hard-coded", lambda loss, W, h: _differences(loss, W, 1e-5), (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("h = 1e-15: cancellation", lambda loss, W, h: _differences(loss, W, 1e-15), (UNSAFE,)),
        Wrong("a square W assumed", lambda loss, W, h: _differences(loss, W, h)[:, :1] * np.ones(W.shape), ()),
    ], [
        Right("np.ndindex", lambda loss, W, h: _differences(loss, W, h)),
        Right("a flat index", lambda loss, W, h: np.array([
            (loss(W + h * np.eye(W.size)[k].reshape(W.shape)) - loss(W - h * np.eye(W.size)[k].reshape(W.shape)))
            / (2 * h) for k in range(W.size)]).reshape(W.shape)),
        Right("in place on a copy, restored", lambda loss, W, h: _differences_in_place(loss, W.copy(), h)),
    ]),
    "relative_error_with_floor": ([
        Wrong("no floor", no_floor, (MISCONCEPTION, UNSAFE),
              "There is no floor in your denominator"),
        Wrong("no floor, NaN turned into 0",
              lambda a, b, floor: np.nan_to_num(no_floor(a, b, floor)),
              (MISCONCEPTION,), "There is no floor in your denominator"),
        Wrong("the smaller of two ratios: right, except 0/0 = NaN",
              smaller_of_two_ratios, (UNSAFE,)),
        Wrong("floor fixed at the example's 1e-8",
              lambda a, b, floor: _relative(a, b, 1e-8),
              (IGNORES_INPUT, EXAMPLE_ONLY, MISCONCEPTION),
              "does not use its `floor` argument"),
        Wrong("Python's max: right for the example's two numbers only", python_max,
              (EXAMPLE_ONLY,)),
        Wrong("ignores b in the denominator", one_side_a,
              (MISCONCEPTION, IGNORES_INPUT), "one side only, |a|"),
        Wrong("divides by the finite difference", one_side_b, (MISCONCEPTION,),
              "one side only, |b|"),
        Wrong("no absolute value of the difference", signed_difference,
              (MISCONCEPTION,), "Some of your errors are negative"),
        Wrong("a + b", signed_sum, (MISCONCEPTION,), "a + b without absolute values"),
        Wrong("floor added", floor_added, (MISCONCEPTION,), "You added the floor"),
        Wrong("max(|a|, |b|)", larger_side, (MISCONCEPTION,),
              "the larger of |a| and |b|"),
        Wrong("np.minimum", with_minimum, (MISCONCEPTION,), "`np.minimum`"),
        Wrong("np.max(x, floor): the floor taken as an axis", max_with_axis, ()),
        Wrong("one number from norms", from_norms, (MISCONCEPTION,),
              "one number for the whole arrays"),
    ], [
        Right("np.maximum", _relative),
        Right("np.fmax and np.absolute", with_fmax),
        Right("np.clip from below", with_clip),
        Right("np.where", with_where),
        Right("a loop with Python's max", _relative_loop),
    ]),
}
