"""Mutation table of exercise 2 (networks): wrong answers a learner may write, and right ones in other forms."""

import math

import numpy as np
import sympy as sp

from mutations import EXAMPLE_ONLY, IGNORES_INPUT, MISCONCEPTION, UNSAFE, Right, Wrong

u, z = sp.symbols("u z")
sigma = 1 / (1 + sp.exp(-u))


def dense_loops(Z, W, b):
    U = np.zeros((Z.shape[0], W.shape[1]))
    for n in range(Z.shape[0]):
        for k in range(W.shape[1]):
            U[n, k] = sum(Z[n, j] * W[j, k] for j in range(W.shape[0])) + b[k]
    return U


def dense_one_sample(Z, W, b):
    return Z[0] @ W + b


def sigmoid_math_loop(U):
    flat = [1 / (1 + math.exp(-value)) if value > -700 else 0.0 for value in np.ravel(U)]
    return np.array(flat).reshape(np.shape(U))


def sigmoid_stable_where(U):
    e = np.exp(-np.abs(U))
    return np.where(U >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_clipped(U):
    return 1 / (1 + np.exp(-np.clip(U, -50, 50)))


def forward_loop(X, layers, activations):
    Z = X
    for (W, b), f in zip(layers, activations):
        Z = f(Z @ W + b)
    return Z


def forward_indexed(X, layers, activations):
    Z = X
    for i in range(len(layers)):
        W, b = layers[i]
        Z = activations[i](np.dot(Z, W) + b)
    return Z


def forward_recursive(X, layers, activations):
    if not layers:
        return X
    (W, b), f = layers[0], activations[0]
    return forward_recursive(f(X @ W + b), layers[1:], activations[1:])


def forward_two_layers(X, layers, activations):
    (W1, b1), (W2, b2) = layers[:2]
    return activations[1](activations[0](X @ W1 + b1) @ W2 + b2)


def forward_no_activation(X, layers, activations):
    Z = X
    for W, b in layers:
        Z = Z @ W + b
    return Z


def forward_activation_first(X, layers, activations):
    Z = X
    for (W, b), f in zip(layers, activations):
        Z = f(Z) @ W + b
    return Z


def forward_first_activation_only(X, layers, activations):
    Z = X
    for W, b in layers:
        Z = activations[0](Z @ W + b)
    return Z


def forward_sigmoid_everywhere(X, layers, activations):
    Z = X
    for W, b in layers:
        Z = 1 / (1 + np.exp(-(Z @ W + b)))
    return Z


def forward_transposed(X, layers, activations):
    Z = X
    for (W, b), f in zip(layers, activations):
        Z = f(Z @ W.T + b)
    return Z


TABLE = {
    "weight_shape": ([
        Wrong("transposed", (3, 4), (MISCONCEPTION,), hint="That is the transposed shape"),
        Wrong("the number of weights", 12, (MISCONCEPTION,), hint="12 is the number of weights"),
        Wrong("bias as a row", (5, 3), (MISCONCEPTION,), hint="The bias is not a row of W"),
        Wrong("the bias's shape", (3,), ()),
        Wrong("inputs only", (4,), (IGNORES_INPUT,)),
        Wrong("a string", "(4, 3)", ()),
    ], [
        Right("a tuple", (4, 3)), Right("a list", [4, 3]), Right("an array's shape", np.zeros((4, 3)).shape),
        Right("NumPy ints", (np.int64(4), np.int64(3))),
    ]),
    "weighted_sum": ([
        Wrong("Python row index 2", -0.5, (MISCONCEPTION,), hint="You used `W[2, :]`"),
        Wrong("row 2 (1-based) of W", -1.5, (MISCONCEPTION,), hint="You used row 2 of W"),
        Wrong("u_3: Python's index 2 for the column", 2.0, (MISCONCEPTION,), hint="That is u_3"),
        Wrong("no bias", 3.0, (MISCONCEPTION,), hint="Don't forget the bias"),
        Wrong("after the sigmoid", 1 / (1 + math.exp(-3.5)), (MISCONCEPTION,), hint="That is σ(u_2)"),
        Wrong("an average", 3.5 / 3, (MISCONCEPTION,), hint="weighted sum, not an average"),
        Wrong("rounded by hand", 3.4, (UNSAFE,)),
    ], [
        Right("a float", 3.5), Right("a fraction", sp.Rational(7, 2)),
        Right("NumPy", float(np.array([1.0, 2.0, -1.0]) @ np.array([1.0, 0.5, -1.0]) + 0.5)),
        Right("an int sum plus a half", 3 + 0.5),
    ]),
    "dense": ([
        Wrong("W @ Z", lambda Z, W, b: W @ Z + b, (MISCONCEPTION,), hint="You wrote `W @ Z`"),
        Wrong("Z @ W.T", lambda Z, W, b: Z @ W.T + b, (MISCONCEPTION,), hint="transpose of W"),
        Wrong("no bias", lambda Z, W, b: Z @ W, (MISCONCEPTION, IGNORES_INPUT), hint="Don't forget the bias"),
        Wrong("sigmoid inside", lambda Z, W, b: 1 / (1 + np.exp(-(Z @ W + b))), (MISCONCEPTION,),
              hint="You applied an activation"),
        Wrong("one sample only", dense_one_sample, (EXAMPLE_ONLY,)),
        Wrong("elementwise product summed", lambda Z, W, b: np.sum(Z * W.T[0], axis=1, keepdims=True) + b,
              (EXAMPLE_ONLY,)),
        Wrong("float32", lambda Z, W, b: (Z.astype(np.float32) @ W.astype(np.float32) + b).astype(np.float32),
              (UNSAFE,)),
    ], [
        Right("matmul", lambda Z, W, b: Z @ W + b), Right("np.dot", lambda Z, W, b: np.dot(Z, W) + b),
        Right("einsum", lambda Z, W, b: np.einsum("nj,jk->nk", Z, W) + b), Right("loops", dense_loops),
    ]),
    "sigmoid": ([
        Wrong("sign slip", lambda U: 1 / (1 + np.exp(U)), (MISCONCEPTION,), hint="Check the sign in the exponent"),
        Wrong("e^u / (1 + e^u) overflows", lambda U: np.exp(U) / (1 + np.exp(U)), (MISCONCEPTION, UNSAFE),
              hint="inf / inf is NaN"),
        Wrong("the derivative", lambda U: np.exp(-U) / (1 + np.exp(-U)) ** 2, (MISCONCEPTION,),
              hint="That is the sigmoid's derivative"),
        Wrong("tanh", np.tanh, ()),
        Wrong("a vector only (first row)", lambda U: 1 / (1 + np.exp(-np.atleast_2d(U)[0])), (EXAMPLE_ONLY,)),
        Wrong("clipped at 0.5 for u = 0 only", lambda U: np.full(np.shape(U), 0.5), (IGNORES_INPUT,)),
    ], [
        Right("plain formula", lambda U: 1 / (1 + np.exp(-U))), Right("stable where", sigmoid_stable_where),
        Right("via tanh", lambda U: (1 + np.tanh(U / 2)) / 2), Right("math.exp loop", sigmoid_math_loop),
        Right("clipped", sigmoid_clipped),
    ]),
    "forward": ([
        Wrong("no activations", forward_no_activation, (MISCONCEPTION, IGNORES_INPUT),
              hint="You never applied the activations"),
        Wrong("activation before the sum", forward_activation_first, (MISCONCEPTION,), hint="the layer's *input*"),
        Wrong("first activation everywhere", forward_first_activation_only, (MISCONCEPTION,),
              hint="Every layer should use its own activation"),
        Wrong("two layers only", forward_two_layers, (EXAMPLE_ONLY,)),
        Wrong("sigmoid hard-coded", forward_sigmoid_everywhere, (IGNORES_INPUT,)),
        Wrong("transposed weights", forward_transposed, ()),
    ], [
        Right("zip loop", forward_loop), Right("indexed loop", forward_indexed), Right("recursive", forward_recursive),
    ]),
    "sigmoid_derivative_symbolic": ([
        Wrong("sign inside", sigma * (1 + sigma), (MISCONCEPTION,), hint="not σ(u)(1 + σ(u))"),
        Wrong("no inner derivative", -(1 + sp.exp(-u)) ** -2, (MISCONCEPTION,),
              hint="multiply by the derivative of the inside"),
        Wrong("derivative of e^(-u) as e^(-u)... sign", -sp.exp(-u) / (1 + sp.exp(-u)) ** 2, (MISCONCEPTION,),
              hint="The derivative of e^(-u) is -e^(-u)"),
        Wrong("σ itself", sigma, (MISCONCEPTION,), hint="That is σ(u) itself"),
        Wrong("in z", z * (1 - z), (MISCONCEPTION,), hint="z(1 - z) is right when z = σ(u)"),
        Wrong("value at 0 only", sp.Rational(1, 4), (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("1/cosh² without the halves", 1 / (4 * sp.cosh(u) ** 2), ()),
    ], [
        Right("diff", sp.diff(sigma, u)), Right("σ(1 - σ)", sigma * (1 - sigma)),
        Right("1/(4 cosh²(u/2))", 1 / (4 * sp.cosh(u / 2) ** 2)), Right("sech²(u/2)/4", sp.sech(u / 2) ** 2 / 4),
        Right("(1 - tanh²(u/2))/4", (1 - sp.tanh(u / 2) ** 2) / 4),
        Right("e^u/(1 + e^u)²", sp.exp(u) / (1 + sp.exp(u)) ** 2),
    ]),
    "tanh_derivative_in_z": ([
        Wrong("in u", 1 - sp.tanh(u) ** 2, (MISCONCEPTION,), hint="in terms of the output z = tanh(u)"),
        Wrong("sigmoid's", z * (1 - z), (MISCONCEPTION,), hint="That is the sigmoid's z(1 - z)"),
        Wrong("no square", 1 - z, (MISCONCEPTION,), hint="Square the output"),
        Wrong("sign", 1 + z**2, (MISCONCEPTION,), hint="Check the sign"),
        Wrong("value at z = 0 only", sp.Integer(1), (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("2z (differentiated z²)", -2 * z, ()),
    ], [
        Right("1 - z²", 1 - z**2), Right("factored", (1 - z) * (1 + z)),
        Right("substituted", (1 - sp.tanh(u) ** 2).subs(sp.tanh(u), z)), Right("float coefficient", 1.0 - z**2),
    ]),
    "parameter_count": ([
        Wrong("weights only", 784 * 32 + 32 * 10, (MISCONCEPTION,), hint="You counted the weights only"),
        Wrong("units", 784 + 32 + 10, (MISCONCEPTION,), hint="That is the number of units"),
        Wrong("product of sizes", 784 * 32 * 10, (MISCONCEPTION,), hint="do not multiply all the sizes"),
        Wrong("first layer only", 784 * 32 + 32, (MISCONCEPTION, IGNORES_INPUT), hint="first layer only"),
        Wrong("biases for inputs too", 784 * 32 + 32 * 10 + 826, (MISCONCEPTION,), hint="The inputs have no biases"),
        Wrong("a 64-input network (the digits)", 64 * 32 + 32 + 32 * 10 + 10, (EXAMPLE_ONLY,)),
    ], [
        Right("an int", 25450), Right("a float", 25450.0), Right("a sum", (784 + 1) * 32 + (32 + 1) * 10),
        Right("NumPy", np.int64(25450)),
    ]),
    "relu_derivative": ([
        Wrong(">= 0", lambda U: (U >= 0).astype(float), (MISCONCEPTION,), hint="At u = 0 exactly"),
        Wrong("ReLU itself", lambda U: np.maximum(U, 0.0), (MISCONCEPTION,), hint="That is ReLU itself"),
        Wrong("reversed", lambda U: (U < 0).astype(float), (MISCONCEPTION,), hint="Check the direction"),
        Wrong("int dtype kept", lambda U: (U > 0).astype(U.dtype), (MISCONCEPTION, EXAMPLE_ONLY),
              hint="Your slopes are integers"),
        Wrong("booleans", lambda U: U > 0, ()),
        Wrong("a scalar 1", lambda U: 1.0, (IGNORES_INPUT,)),
        Wrong("a sigmoid-ish smooth step", lambda U: 1 / (1 + np.exp(-1000 * U)), (UNSAFE,)),
    ], [
        Right("astype", lambda U: (U > 0).astype(float)), Right("where", lambda U: np.where(U > 0, 1.0, 0.0)),
        Right("heaviside", lambda U: np.heaviside(U, 0.0)), Right("sign", lambda U: np.maximum(np.sign(U), 0) * 1.0),
    ]),
    "identity_derivative": ([
        Wrong("the identity itself", lambda U: U * 1.0, (MISCONCEPTION,), hint="That is the identity itself"),
        Wrong("zeros", lambda U: np.zeros(U.shape), (MISCONCEPTION,), hint="The slope of z = u is 1, not 0"),
        Wrong("ones_like on ints", np.ones_like, (MISCONCEPTION, EXAMPLE_ONLY), hint="Your slopes are integers"),
        Wrong("a scalar 1", lambda U: 1.0, (IGNORES_INPUT,)),
        Wrong("one per row only", lambda U: np.ones(len(U)), (EXAMPLE_ONLY,)),
        Wrong("u / u (0/0 at 0)", lambda U: U / U, (UNSAFE,)),
    ], [
        Right("ones of the shape", lambda U: np.ones(np.shape(U))),
        Right("ones_like float", lambda U: np.ones_like(U, dtype=float)), Right("full", lambda U: np.full(U.shape, 1.0)),
        Right("from zeros", lambda U: np.zeros(np.shape(U)) + 1),
    ]),
    "symmetry_stays": ([
        Wrong("False", False, (MISCONCEPTION,), hint="gradient descent never separates them"),
        Wrong("NumPy False", np.False_, (MISCONCEPTION,), hint="gradient descent never separates them"),
        Wrong("a word", "yes", ()),
        Wrong("the text 'True'", "True", ()),
        Wrong("an int 0", 0, ()),
    ], [Right("True", True), Right("NumPy True", np.True_), Right("a comparison", 0.5 == 0.5)]),
}
