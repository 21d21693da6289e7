"""Checks for exercise 02, networks: one function a question, registered as ``check.<name>``.

Each check compares with the reference building blocks in ``nbtools.layers`` and ``nbtools.activations``
and names the mistakes learners are known to make (the misconceptions) in its hints. Shapes follow the
workbook's convention: a batch is rows, ``Z`` is (n_samples, n_in), ``W`` is (n_in, n_out), ``b`` is (n_out,).
"""

import numpy as np
import sympy

from ..activations import ACTIVATIONS
from ..activations import sigmoid as sigmoid_reference
from ..activations import sigmoid_derivative as sigmoid_derivative_reference
from ..layers import dense as dense_reference
from . import register
from .engine import Case, CheckResult, Misconception, check_function, check_value

u, z = sympy.symbols("u z")
SIGMA = 1 / (1 + sympy.exp(-u))


def _show(name, value):
    """``name = <array>`` with the array's shape, for a case label."""
    text = np.array2string(np.asarray(value), separator=", ")
    indent = " " * (len(name) + 3)
    return f"{name} = {text.replace(chr(10), chr(10) + indent)}   (shape {np.shape(value)})"


def _fixed(*rows):
    return np.array(rows, dtype=float)


def _random(rng, shape):
    """Numbers with two decimals, so that a learner can read a case and redo it by hand."""
    return np.round(rng.uniform(-2, 2, size=shape), 2)


# --- Question 1: the shape of W ------------------------------------------------------------------

@register
def weight_shape(answer):
    """Q1: the shape of W for a dense layer from 4 units to 3 units, as a tuple."""
    if isinstance(answer, np.ndarray) and answer.ndim > 1:
        return CheckResult("", "failed", 0, 1, received=f"an array of shape {answer.shape}",
                           problem="Your answer is an array; the question asks for its shape, a tuple such as "
                                   "(2, 5) (for an array `A`, `A.shape`).")
    if isinstance(answer, (list, np.ndarray)):
        answer = tuple(answer)  # a list [4, 3] says the same thing as (4, 3)
    misconceptions = [
        Misconception("That is the transposed shape. W has one row per unit the layer receives from (j, n_in) "
                      "and one column per unit it computes (k, n_out), so that w_jk joins unit j to unit k.",
                      (3, 4)),
        Misconception("12 is the number of weights; the question asks for the shape, a tuple (rows, columns).", 12),
        Misconception("The bias is not a row of W: it is a separate vector b with one entry per unit, shape (3,).",
                      (5, 3)),
    ]
    return check_value(answer, (4, 3), misconceptions)


# --- Question 2: one weighted sum by hand ---------------------------------------------------------

Q2_Z = np.array([1.0, 2.0, -1.0])
Q2_W = np.array([[0.5, 1.0, 0.0],
                 [-1.0, 0.5, 2.0],
                 [2.0, -1.0, 1.0]])
Q2_B = np.array([0.0, 0.5, -1.0])


@register
def weighted_sum(answer):
    """Q2: u_2 (units numbered from 1) for the z, W and b given in the question."""
    k = 1  # u_2 is column 1 in Python
    misconceptions = [
        Misconception("You used row 2 of W. The weights reaching unit k are column k: u_k = Σ_j z_j w_jk + b_k, "
                      "and w_jk sits in row j, column k.", Q2_Z @ Q2_W[k, :] + Q2_B[k]),
        Misconception("You divided the sum by the number of inputs. u_k is a weighted sum, not an average: "
                      "nothing divides by n_in.", Q2_Z @ Q2_W[:, k] / 3 + Q2_B[k]),
        Misconception("You divided by the number of inputs. u_k is a weighted sum, not an average.",
                      (Q2_Z @ Q2_W[:, k] + Q2_B[k]) / 3),
        Misconception("Don't forget the bias: u_k = Σ_j z_j w_jk + b_k.", Q2_Z @ Q2_W[:, k]),
        Misconception("That is σ(u_2), the unit's output after the activation; the question asks for the "
                      "weighted sum u_2 itself.", float(sigmoid_reference(Q2_Z @ Q2_W[:, k] + Q2_B[k]))),
        Misconception("That is u_3. The units are numbered from 1 here, so u_2 is the second unit: column "
                      "`W[:, 1]` in Python, which counts from 0.", Q2_Z @ Q2_W[:, 2] + Q2_B[2]),
        Misconception("That is u_1, the first unit. u_2 is the second: column `W[:, 1]` in Python.",
                      Q2_Z @ Q2_W[:, 0] + Q2_B[0]),
        Misconception("You used `W[2, :]`, a row, and Python's index 2, which is the third. The weights "
                      "reaching u_2 are the second *column*: `W[:, 1]` (Python counts from 0).",
                      Q2_Z @ Q2_W[2, :] + Q2_B[1]),
        Misconception("You used `W[2, :]` and `b[2]`: a row instead of a column, and Python's index 2, the "
                      "third unit. The weights reaching u_2 are the second column, `W[:, 1]`, and its bias `b[1]`.",
                      Q2_Z @ Q2_W[2, :] + Q2_B[2]),
    ]
    return check_value(answer, Q2_Z @ Q2_W[:, k] + Q2_B[k], misconceptions)


# --- Question 3: dense ---------------------------------------------------------------------------

def _dense_cases():
    rng = np.random.default_rng(2)
    # (n_samples, n_in, n_out). First a square W with as many samples as units, where both `Z @ W.T` and
    # `W @ Z` run and give a (3, 3) array, so that their hints can show; then (1, 3, 1), where `W @ Z + b`
    # runs and gives an (n_in, n_in) array instead of (1, 1).
    shapes = [(3, 3, 3), (5, 2, 3), (1, 3, 2), (3, 4, 1), (1, 3, 1)]
    cases = []
    for n_samples, n_in, n_out in shapes:
        Z, W, b = _random(rng, (n_samples, n_in)), _random(rng, (n_in, n_out)), _random(rng, n_out)
        kind = "square W" if n_in == n_out else f"{n_in} inputs -> {n_out} units"
        label = "\n".join([f"a batch of {n_samples} sample{'s' * (n_samples > 1)}, {kind}",
                           _show("Z", Z), _show("W", W), _show("b", b)])
        cases.append(Case((Z, W, b), label))
    return cases


DENSE_TRANSPOSED = ("You multiplied by the transpose of W (`Z @ W.T`): each sum used a row of W instead of a "
                    "column. W has shape (n_in, n_out) and w_jk joins unit j to unit k, so U = Z @ W + b. "
                    "With a square W both run; with any other shape only the right one fits.")
DENSE_AVERAGE = ("You divided by the number of inputs. u_k = Σ_j z_j w_jk + b_k is a weighted sum, "
                 "not an average: `Z @ W + b`, with no division.")


@register
def dense(answer):
    """Q3: a function (Z, W, b) -> U = Z W + b, for a batch Z of shape (n_samples, n_in)."""
    misconceptions = [
        Misconception(DENSE_TRANSPOSED, lambda Z, W, b: Z @ W.T + b),
        Misconception("You wrote `W @ Z`: the batch is on the left, `Z @ W`. `W @ Z` runs only when the batch "
                      "size happens to equal n_out, and then gives an (n_in, n_in) array of mixed-up products "
                      "instead of one row of sums per sample, (n_samples, n_out).", lambda Z, W, b: W @ Z + b),
        Misconception(DENSE_AVERAGE, lambda Z, W, b: Z @ W / W.shape[0] + b),
        Misconception(DENSE_AVERAGE, lambda Z, W, b: (Z @ W + b) / W.shape[0]),
        Misconception("Don't forget the bias: U = Z @ W + b (NumPy adds b to every row).", lambda Z, W, b: Z @ W),
        Misconception("You applied an activation (the sigmoid) inside `dense`. The dense layer returns the "
                      "weighted sums U only; the activation is a separate step, z = f(u).",
                      lambda Z, W, b: sigmoid_reference(Z @ W + b)),
        Misconception("You subtracted the bias: U = Z @ W + b.", lambda Z, W, b: Z @ W - b),
    ]
    return check_function(answer, dense_reference, _dense_cases(), misconceptions)


# --- Question 4: sigmoid -------------------------------------------------------------------------

def _sigmoid_cases():
    rng = np.random.default_rng(4)
    everyday = _fixed(-2.0, -0.5, 0.0, 0.5, 2.0)
    batch = _random(rng, (3, 4)) * 3
    extreme = _fixed(-1000.0, -40.0, 0.0, 40.0, 1000.0)
    return [Case((everyday,), "a vector of 5 sums\n" + _show("u", everyday)),
            Case((batch,), "a batch of 3 samples with 4 units each\n" + _show("u", batch)),
            Case((extreme,), "very large sums, positive and negative\n" + _show("u", extreme))]


@register
def sigmoid(answer):
    """Q4: the sigmoid 1 / (1 + e^(-u)), elementwise on an array of any shape, without NaN for large |u|."""
    misconceptions = [
        Misconception("Check the sign in the exponent: σ(u) = 1 / (1 + e^(-u)), so σ(0) = 0.5 and large "
                      "positive u give values near 1. Yours computes σ(-u).",
                      lambda values: 1 / (1 + np.exp(values))),
        Misconception("e^u / (1 + e^u) is the sigmoid on paper, but at u = 1000 e^u overflows to inf and "
                      "inf / inf is NaN. Write it as 1 / (1 + np.exp(-u)) (for u = -1000 that overflows to "
                      "1 / inf = 0, the right value), or use e^(-|u|) as the lesson does.",
                      lambda values: np.exp(values) / (1 + np.exp(values))),
        Misconception("That is the sigmoid's derivative σ(u)(1 - σ(u)); the question asks for σ(u) itself.",
                      sigmoid_derivative_reference),
    ]
    return check_function(answer, sigmoid_reference, _sigmoid_cases(), misconceptions)


# --- Question 5: forward propagation -------------------------------------------------------------

def _forward_reference(X, layers, activations):
    """Forward propagation with the activations given as functions: Z = f(Z W + b), layer after layer."""
    Z = X
    for (W, b), f in zip(layers, activations):
        Z = f(dense_reference(Z, W, b))
    return Z


def _forward_cases():
    rng = np.random.default_rng(5)
    lesson_network = [(_fixed([0.5, -1.0, 0.25], [-0.5, 0.5, 1.0]), _fixed(0.0, 0.5, -1.0)),
                      (_fixed([1.0], [-2.0], [0.5]), _fixed(0.25))]
    specs = [
        ("the lesson's 2-3-1 network on one input (a batch of 1 row)", _fixed([1.0, 2.0]), lesson_network,
         ["sigmoid", "identity"]),
        ("a 2-3-1 network on a batch of 4 rows", _random(rng, (4, 2)), None, ["tanh", "sigmoid"], [2, 3, 1]),
        ("a 3-4-2-2 network (three layers) on a batch of 5 rows", _random(rng, (5, 3)), None,
         ["relu", "tanh", "sigmoid"], [3, 4, 2, 2]),
        ("a single layer, 2 inputs -> 2 units, on a batch of 3 rows", _random(rng, (3, 2)), None, ["sigmoid"],
         [2, 2]),
    ]
    cases = []
    for spec in specs:
        description, X, network, names = spec[:4]
        if network is None:
            network = [(_random(rng, (n_in, n_out)), _random(rng, n_out))
                       for n_in, n_out in zip(spec[4][:-1], spec[4][1:])]
        functions = [ACTIVATIONS[name][0] for name in names]
        lines = [description, _show("X", X)]
        for number, (W, b) in enumerate(network, start=1):
            lines += [_show(f"W{number}", W), _show(f"b{number}", b)]
        lines.append(f"layers = [{', '.join(f'(W{n}, b{n})' for n in range(1, len(network) + 1))}], "
                     f"activations = [{', '.join(names)}]")
        cases.append(Case((X, network, functions), "\n".join(lines)))
    return cases


@register
def forward(answer):
    """Q5: a function (X, layers, activations) -> the prediction, alternating dense layers and activations."""
    misconceptions = [
        Misconception("You never applied the activations. Each layer is two steps: the weighted sums "
                      "U = Z @ W + b, then the activation Z = f(U), and that Z feeds the next layer.",
                      lambda X, network, functions: _forward_reference(X, network, [lambda v: v] * len(network))),
        Misconception("You applied each activation to the layer's *input*, before the weighted sum. It belongs "
                      "after it: Z = f(Z @ W + b).",
                      lambda X, network, functions: _activation_before(X, network, functions)),
        Misconception("The last layer's activation is missing: the prediction is f(U) of the last layer, "
                      "not its weighted sums U.",
                      lambda X, network, functions: _last_activation_missing(X, network, functions)),
        Misconception("Every layer should use its own activation (activations[0] for layer 1, activations[1] "
                      "for layer 2, ...); yours used the first one everywhere. `zip(layers, activations)` "
                      "pairs them.",
                      lambda X, network, functions: _forward_reference(X, network, [functions[0]] * len(network))),
    ]
    return check_function(answer, _forward_reference, _forward_cases(), misconceptions)


def _activation_before(X, network, functions):
    Z = X
    for (W, b), f in zip(network, functions):
        Z = dense_reference(f(Z), W, b)
    return Z


def _last_activation_missing(X, network, functions):
    Z = X
    for (W, b), f in zip(network[:-1], functions[:-1]):
        Z = f(dense_reference(Z, W, b))
    W, b = network[-1]
    return dense_reference(Z, W, b)


# --- Question 6: the sigmoid's derivative, symbolically ------------------------------------------

@register
def sigmoid_derivative_symbolic(answer):
    """Q6: dσ/du as a SymPy expression in u (any equivalent form)."""
    misconceptions = [
        Misconception("Check the sign inside: the derivative is σ(u)(1 - σ(u)), not σ(u)(1 + σ(u)).",
                      SIGMA * (1 + SIGMA)),
        Misconception("Chain rule: after differentiating the outside, (1 + e^(-u))^(-1) -> -(1 + e^(-u))^(-2), "
                      "multiply by the derivative of the inside, 1 + e^(-u), which is -e^(-u).",
                      -(1 + sympy.exp(-u)) ** -2),
        Misconception("The derivative of e^(-u) is -e^(-u) (chain rule: the inner -u contributes a factor -1), "
                      "and it cancels the minus sign from the outer power.",
                      -sympy.exp(-u) / (1 + sympy.exp(-u)) ** 2),
        Misconception("That is σ(u) itself; differentiate it: `sp.diff(sigma, u)`.", SIGMA),
        Misconception("z(1 - z) is right when z = σ(u), but here the answer must be in terms of u: use "
                      "`sp.diff` on σ(u), or write σ(u) * (1 - σ(u)).", z * (1 - z)),
    ]
    return check_value(answer, sympy.diff(SIGMA, u), misconceptions)


# --- Question 7: tanh's derivative in terms of its output ----------------------------------------

@register
def tanh_derivative_in_z(answer):
    """Q7: d tanh(u)/du written in terms of the output z = tanh(u)."""
    misconceptions = [
        Misconception("That is the derivative as a function of u, and it is right. Now write it in terms of the "
                      "output z = tanh(u): replace tanh(u) by z with `.subs(sp.tanh(u), z)`.",
                      1 - sympy.tanh(u) ** 2),
        Misconception("That is the sigmoid's z(1 - z). The tanh's derivative is 1 - tanh²(u), i.e. 1 - z².",
                      z * (1 - z)),
        Misconception("Square the output: the derivative is 1 - tanh²(u) = 1 - z².", 1 - z),
        Misconception("Check the sign: the derivative is 1 - z², at most 1 (at z = 0) and near 0 when |z| is "
                      "close to 1.", 1 + z**2),
    ]
    return check_value(answer, 1 - z**2, misconceptions)


# --- Question 8: counting parameters -------------------------------------------------------------

@register
def parameter_count(answer):
    """Q8: the number of weights and biases of a 784-32-10 network."""
    weights = 784 * 32 + 32 * 10
    misconceptions = [
        Misconception("You counted the weights only; every unit of the hidden and output layers also has a "
                      "bias (32 + 10 of them).", weights),
        Misconception("That is the number of units. Count the parameters: each layer has n_in × n_out weights "
                      "and n_out biases.", 784 + 32 + 10),
        Misconception("Each layer has its own W: 784 × 32 for the first, 32 × 10 for the second. Add the "
                      "layers' counts; do not multiply all the sizes together.", 784 * 32 * 10),
        Misconception("That is the first layer only (784 × 32 + 32). Add the second layer, 32 × 10 + 10.",
                      784 * 32 + 32),
        Misconception("The inputs have no biases: only the 32 hidden and 10 output units do.", weights + 784 + 32 + 10),
    ]
    return check_value(answer, weights + 32 + 10, misconceptions)


# --- Questions 9 and 10: the derivatives of ReLU and of the identity (curriculum B) ----------------

def _slope_cases():
    """Sums with exact zeros (where ReLU's convention shows), a batch, and integer sums a learner may pass."""
    vector = _fixed(-2.0, -0.5, 0.0, 0.5, 3.0)
    batch = _fixed([0.0, -1.25, 2.5], [1e-9, -1e-9, 0.0])
    integers = np.array([[-3, 0, 2, 5]])
    return [Case((vector,), "a vector of 5 sums, one of them exactly 0\n" + _show("u", vector)),
            Case((batch,), "a batch of 2 samples with 3 units, tiny sums either side of 0\n" + _show("u", batch)),
            Case((integers,), "integer sums (dtype int): the slopes must still be floats\n" + _show("u", integers))]


INTEGER_SLOPES = ("Your slopes are integers because the sums were: `np.ones_like(u)` and `.astype(u.dtype)` keep u's "
                  "dtype. Ask for floats, e.g. `np.ones(np.shape(u))` or `(u > 0).astype(float)`: later layers "
                  "multiply these slopes by fractions.")


@register
def relu_derivative(answer):
    """Q9: dz/du of ReLU elementwise: 1.0 where u > 0, else 0.0 (0 at u = 0), a float array of u's shape."""
    misconceptions = [
        Misconception("At u = 0 exactly, the workbook (like the libraries) takes the slope 0: use `u > 0`, "
                      "not `u >= 0`.", lambda U: (np.asarray(U) >= 0).astype(float)),
        Misconception("That is ReLU itself, max(0, u). Its derivative is the slope: 1 where u > 0, 0 elsewhere.",
                      lambda U: np.maximum(np.asarray(U, dtype=float), 0)),
        Misconception("Check the direction: the slope is 1 where u is *positive* (ReLU passes u) and 0 where u "
                      "is negative (ReLU is flat there).", lambda U: (np.asarray(U) < 0).astype(float)),
        Misconception(INTEGER_SLOPES, lambda U: (np.asarray(U) > 0).astype(np.asarray(U).dtype)),
    ]
    return check_function(answer, ACTIVATIONS["relu"][1], _slope_cases(), misconceptions)


@register
def identity_derivative(answer):
    """Q10: dz/du of the identity z = u elementwise: a float array of ones of u's shape."""
    misconceptions = [
        Misconception("That is the identity itself, z = u. Its derivative is the slope of the line z = u: 1 "
                      "everywhere, an array of ones shaped like u.", lambda U: np.asarray(U, dtype=float)),
        Misconception("The slope of z = u is 1, not 0: the output moves exactly as much as the sum.",
                      lambda U: np.zeros(np.shape(U))),
        Misconception(INTEGER_SLOPES, lambda U: np.ones_like(U)),
    ]
    return check_function(answer, ACTIVATIONS["identity"][1], _slope_cases(), misconceptions)


# --- Question 11: symmetry and random initialisation (curriculum B) --------------------------------

@register
def symmetry_stays(answer):
    """Q11: with identical initial weights, are the two hidden units still identical after training? (True)"""
    misconceptions = [
        Misconception("Two hidden units that start with the same weights compute the same output, get the same "
                      "delta and so the same gradient, at every step: gradient descent never separates them. "
                      "Only a random start breaks the symmetry.", False),
    ]
    return check_value(answer, True, misconceptions)
