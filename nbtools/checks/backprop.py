"""Checks for exercise 05, backpropagation with deltas: one function a question, registered as ``check.<name>``.

The numeric questions use the exercise's 2-2-1 sigmoid network (``EXERCISE_NETWORK``, the same numbers
as the exercise's setup cell) with the workbook's MSE, which for one sample and one output is
E = (y_hat - y)^2. The function questions are graded on **fresh random networks at every call** (a new
``numpy.random.default_rng()`` each time), against the reference backward pass ``nbtools.backprop``,
which ``tests/test_training.py`` checks against finite differences. So an answer that memorised one
output fails, while the verdict of a correct answer ("passed all N cases") is the same on every run.

Each misconception is a known slip (a missing activation derivative, a transposed product, a wrong
batch average, a sign error, ...) implemented as the wrong answer it produces.
"""

import functools

import numpy as np
import sympy

from .. import backprop
from ..activations import ACTIVATIONS, sigmoid, sigmoid_derivative
from ..layers import init_network
from . import register
from .engine import Case, CheckResult, Misconception, check_function, check_value


def _network(x, y, W1, b1, W2, b2):
    return dict(x=np.array(x), y=float(y), W1=np.array(W1), b1=np.array(b1), W2=np.array(W2), b2=np.array(b2))


EXERCISE_NETWORK = _network(x=[1.0, -0.5], y=0.0, W1=[[0.3, -0.6], [0.8, 0.1]], b1=[-0.2, 0.4],
                            W2=[[-0.9], [0.5]], b2=[0.3])
"""The exercise's 2-2-1 network: input x, target y, W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,)."""

LESSON_NETWORK = _network(x=[0.5, -1.0], y=1.0, W1=[[0.4, -0.3], [0.2, 0.6]], b1=[0.1, -0.1],
                          W2=[[0.7], [-0.5]], b2=[0.2])
"""Lesson 5's 2-2-1 network, to recognise an answer copied from the lesson."""


# --- the 2-2-1 network, by the formulas of the lesson -------------------------------------------------

def _forward_values(net):
    """(u_hidden, z_hidden, u_out, y_hat) of a 2-2-1 sigmoid network, as floats and shape (2,) arrays."""
    u_hidden = net["x"] @ net["W1"] + net["b1"]
    z_hidden = sigmoid(u_hidden)
    u_out = float(z_hidden @ net["W2"][:, 0] + net["b2"][0])
    return u_hidden, z_hidden, u_out, float(sigmoid(u_out))


def output_delta_of(net, loss_factor=2.0, sign=1.0, derivative=True, derivative_of_u=False):
    """delta_k = 2 (y_hat - y) y_hat (1 - y_hat); the keywords make the known slips."""
    _, _, u_out, y_hat = _forward_values(net)
    if derivative_of_u:
        slope = u_out * (1 - u_out)
    else:
        slope = y_hat * (1 - y_hat) if derivative else 1.0
    return loss_factor * sign * (y_hat - net["y"]) * slope


def hidden_deltas_of(net, delta_k=None, derivative="z"):
    """delta_j = delta_k w_jk z_j (1 - z_j), shape (2,). ``derivative``: "z" (right), "none", "y_hat" or "u" (slips)."""
    u_hidden, z_hidden, _, y_hat = _forward_values(net)
    delta_k = output_delta_of(net) if delta_k is None else delta_k
    slope = {"z": z_hidden * (1 - z_hidden), "none": 1.0, "y_hat": y_hat * (1 - y_hat),
             "u": u_hidden * (1 - u_hidden)}[derivative]
    return delta_k * net["W2"][:, 0] * slope


def first_layer_gradient_of(net, deltas=None, transposed=False, use_z=False):
    """dE/dW1 with entry (i, j) = delta_j x_i, shape (2, 2)."""
    deltas = hidden_deltas_of(net) if deltas is None else deltas
    incoming = _forward_values(net)[1] if use_z else net["x"]
    return np.outer(deltas, incoming) if transposed else np.outer(incoming, deltas)


HAND_DIGITS = 4
"""Questions 1-3 may be worked out from the setup cell's values, printed to 6 decimals.
From those the deltas agree with the exact ones to 5 significant digits only (hidden
deltas -0.05846467 and 0.03270303 against -0.05846472 and 0.03270305), so the questions
ask for 4 and the checks compare to 4."""

LESSON_NUMBERS = ("These are the numbers of the lesson's network. The exercise's network has its own input, "
                  "target and weights (the setup cell): run the same formulas on those.")
HALF_CONVENTION = ("This is the delta for E = ½(ŷ - y)², the textbook convention. The workbook's loss is the MSE, "
                   "here E = (ŷ - y)², so ∂E/∂ŷ = 2(ŷ - y): keep the factor 2.")
SIGN_SLIP = ("The sign is flipped: ∂E/∂ŷ of E = (ŷ - y)² is 2(ŷ - y), prediction minus target. With (y - ŷ) "
             "every gradient points uphill.")


@register
def output_delta(answer):
    """Q1: delta_k = dE/du_k of the exercise's 2-2-1 network (a number)."""
    net = EXERCISE_NETWORK
    misconceptions = [
        Misconception(HALF_CONVENTION, output_delta_of(net, loss_factor=1.0)),
        Misconception(SIGN_SLIP, output_delta_of(net, sign=-1.0)),
        Misconception("That is ∂E/∂ŷ = 2(ŷ - y) only. The delta is ∂E/∂u_k, one step further back: multiply by "
                      "the sigmoid's derivative dŷ/du_k = ŷ(1 - ŷ).", output_delta_of(net, derivative=False)),
        Misconception("The sigmoid's derivative is z(1 - z) with z its *output*: here ŷ(1 - ŷ), not u_k(1 - u_k).",
                      output_delta_of(net, derivative_of_u=True)),
        Misconception(LESSON_NUMBERS, output_delta_of(LESSON_NETWORK)),
    ]
    return check_value(answer, output_delta_of(net), misconceptions,
                       digits=HAND_DIGITS)


@register
def hidden_deltas(answer):
    """Q2: [delta_1, delta_2] of the exercise's network, a NumPy array of shape (2,)."""
    net = EXERCISE_NETWORK
    misconceptions = [
        Misconception("You left out the hidden unit's activation derivative. δ_k w_jk is ∂E/∂z_j, the derivative "
                      "with respect to the unit's output; the delta is with respect to its sum u_j, so multiply "
                      "by z_j(1 - z_j).", hidden_deltas_of(net, derivative="none")),
        Misconception("Each hidden unit uses the derivative of *its own* sigmoid, z_j(1 - z_j), not the output "
                      "unit's ŷ(1 - ŷ) (that one is already inside δ_k).", hidden_deltas_of(net, derivative="y_hat")),
        Misconception("The sigmoid's derivative is z_j(1 - z_j) with z_j its *output*, not u_j(1 - u_j) of the "
                      "weighted sum.", hidden_deltas_of(net, derivative="u")),
        Misconception(HALF_CONVENTION + " The hidden deltas inherit the factor from δ_k.",
                      hidden_deltas_of(net, delta_k=output_delta_of(net, loss_factor=1.0))),
        Misconception(SIGN_SLIP, -hidden_deltas_of(net)),
        Misconception(LESSON_NUMBERS, hidden_deltas_of(LESSON_NETWORK)),
    ]
    return check_value(answer, hidden_deltas_of(net), misconceptions,
                       digits=HAND_DIGITS)


@register
def first_layer_weight_gradient(answer):
    """Q3: dE/dW1 of the exercise's network, shape (2, 2), entry (i, j) = delta_j x_i."""
    net = EXERCISE_NETWORK
    misconceptions = [
        Misconception("Your matrix is transposed: row i, column j must hold ∂E/∂w_ij = δ_j x_i, the same place "
                      "as w_ij in W1 (row = input i, column = hidden unit j). `np.outer(x, deltas)`, not "
                      "`np.outer(deltas, x)`.", first_layer_gradient_of(net, transposed=True)),
        Misconception("A first-layer weight w_ij carries the input x_i, so ∂E/∂w_ij = δ_j x_i. The hidden values "
                      "z_j are what the *output* layer's weights carry.", first_layer_gradient_of(net, use_z=True)),
        Misconception("Your hidden deltas miss the factor z_j(1 - z_j), the sigmoid's derivative (see question 2).",
                      first_layer_gradient_of(net, deltas=hidden_deltas_of(net, derivative="none"))),
        Misconception(LESSON_NUMBERS, first_layer_gradient_of(LESSON_NETWORK)),
    ]
    return check_value(answer, first_layer_gradient_of(net), misconceptions,
                       digits=HAND_DIGITS)


# --- Question 4: one gradient, symbolically ----------------------------------------------------------

SYMBOL_NAMES = "w_11 w_12 w_21 w_22 b_1 b_2 w_1k w_2k b_k x_1 x_2 y"


@functools.lru_cache(maxsize=None)
def network_loss_expression(half=False):
    """E = (y_hat - y)^2 of the 2-2-1 sigmoid network as a SymPy expression in the symbols ``SYMBOL_NAMES``."""
    w_11, w_12, w_21, w_22, b_1, b_2, w_1k, w_2k, b_k, x_1, x_2, y = sympy.symbols(SYMBOL_NAMES)

    def sigma(t):
        return 1 / (1 + sympy.exp(-t))

    z_1 = sigma(x_1 * w_11 + x_2 * w_21 + b_1)
    z_2 = sigma(x_1 * w_12 + x_2 * w_22 + b_2)
    y_hat = sigma(z_1 * w_1k + z_2 * w_2k + b_k)
    return (y_hat - y) ** 2 / (2 if half else 1), y_hat


@functools.lru_cache(maxsize=None)
def _derivative(expression, symbol):
    """sympy.diff, computed once per expression and symbol."""
    return sympy.diff(expression, symbol)


def _symbol(name):
    return sympy.Symbol(name)


def _as_expression(answer):
    """The answer as a SymPy expression, or a sentence saying why it is not one."""
    if isinstance(answer, str):
        return None, f"Your answer is the text {answer!r}; build a SymPy expression from the symbols instead."
    try:
        expression = sympy.sympify(answer, strict=True)
    except (sympy.SympifyError, TypeError):
        return None, f"Your answer is a {type(answer).__name__}; a SymPy expression was expected."
    if not isinstance(expression, sympy.Expr):
        return None, (f"Your answer is a SymPy {type(expression).__name__}; an expression was expected "
                      "(not an equation or a set).")
    if expression.has(sympy.Derivative):
        return None, ("Your expression still contains an unevaluated derivative. Use `sp.diff(E, w_21)` "
                      "(or call `.doit()` on a `sp.Derivative`).")
    return expression, None


def _values_at(expression, points):
    """The expression's float value at each point (a dict symbol name -> number), or None if it cannot be evaluated."""
    names = SYMBOL_NAMES.split()
    try:
        function = sympy.lambdify([_symbol(name) for name in names], expression, "math")
        return np.array([float(function(*(point[name] for name in names))) for point in points])
    except Exception:  # anything the learner's expression may contain that does not evaluate to a real number
        return None


def _shorten(expression, limit=300):
    """The expression as text, cut after ``limit`` characters (a large derivative fills a screen)."""
    text = str(expression)
    return text if len(text) <= limit else text[:limit] + " …"


def _random_points(rng, count=3):
    return [{name: float(rng.normal()) for name in SYMBOL_NAMES.split()} for _ in range(count)]


@register
def symbolic_weight_gradient(answer):
    """Q4: dE/dw_21 of the 2-2-1 network as a SymPy expression in the parameters, x_1, x_2 and y.

    Equivalence is decided numerically, at fresh random values of every symbol: every equal form passes
    (whatever way the sigmoid is written), without waiting for ``simplify`` on a large expression.
    """
    loss, y_hat = network_loss_expression()
    w_12, w_21 = _symbol("w_12"), _symbol("w_21")
    expected = _derivative(loss, w_21)
    if answer is Ellipsis:
        return check_value(answer, expected)
    expression, problem = _as_expression(answer)
    if problem:
        return CheckResult("", "failed", 0, 1, problem=problem)
    expression = expression.xreplace({s: _symbol(str(s)) for s in expression.free_symbols})
    allowed = set(SYMBOL_NAMES.split())
    extra = sorted(str(s) for s in expression.free_symbols if str(s) not in allowed)
    if extra:
        return CheckResult("", "failed", 0, 1, received=_shorten(expression),
                           problem=f"Your expression uses {', '.join(extra)}, which are not symbols of the network. "
                                   f"Build E from the symbols of the setup cell: {SYMBOL_NAMES}.")
    if not expression.free_symbols:
        return CheckResult("", "failed", 0, 1, received=str(expression),
                           problem="Your answer is a number; an expression in the network's symbols was expected. "
                                   "Did you substitute the numbers too early? Differentiate first, substitute after.")
    points = _random_points(np.random.default_rng())
    mine, right = _values_at(expression, points), _values_at(expected, points)
    if mine is None:
        return CheckResult("", "failed", 0, 1, received=_shorten(expression),
                           problem="Your expression could not be evaluated to a number when values are put in "
                                   "for the symbols. Build it from the symbols and sp.exp only.")
    if np.allclose(mine, right, rtol=1e-7, atol=1e-12):
        return CheckResult("", "passed", 1, 1)
    problem = "Your expression is not equivalent to ∂E/∂w_21: at random values of the symbols it gives other numbers."
    if np.allclose(mine, -right, rtol=1e-7, atol=1e-12):
        problem = "Your expression has the opposite sign of ∂E/∂w_21."
    misconceptions = [
        Misconception("That is ∂E/∂w_12. The first index is the input, the second the hidden unit: w_21 joins "
                      "input 2 to hidden unit 1 (row 2, column 1 of W1).", _derivative(loss, w_12)),
        Misconception("That is the derivative of E = ½(ŷ - y)². The workbook's loss is E = (ŷ - y)², twice as large, "
                      "and so is its derivative.", _derivative(network_loss_expression(half=True)[0], w_21)),
        Misconception("That is the derivative of the prediction ŷ. Differentiate the loss E = (ŷ - y)².",
                      _derivative(y_hat, w_21)),
    ]
    hint = ""
    for misconception in misconceptions:
        wrong = _values_at(misconception.wrong, points)
        if wrong is not None and np.allclose(mine, wrong, rtol=1e-7, atol=1e-12):
            hint = misconception.hint
            break
    return CheckResult("", "failed", 0, 1, received=_shorten(expression), problem=problem, hint=hint)


# --- Question 5: one dense + sigmoid layer backwards ---------------------------------------------------

def reference_sigmoid_layer_backward(dE_dZ, U, Z_prev, W):
    """(dE/dW, dE/db, dE/dZ_prev) of one dense layer with a sigmoid, by ``nbtools.backprop.layer_backward``."""
    return backprop.layer_backward(dE_dZ, U, Z_prev, W, "sigmoid")


def _layer_cases(rng):
    """Fresh random layers: the first has a square W (so that a transposed product still runs and can be named)."""
    cases = []
    for n_samples, n_in, n_out in [(4, 3, 3), (5, 4, 2), (1, 3, 5), (6, 2, 1)]:
        Z_prev = rng.normal(size=(n_samples, n_in))
        W = rng.normal(size=(n_in, n_out))
        U = Z_prev @ W + rng.normal(size=n_out)
        dE_dZ = rng.normal(size=(n_samples, n_out)) / (n_samples * n_out)
        label = (f"a fresh random layer: {n_samples} sample{'s' * (n_samples > 1)}, {n_in} inputs, {n_out} units; "
                 f"dE_dZ and U of shape {(n_samples, n_out)}, Z_prev {(n_samples, n_in)}, W {(n_in, n_out)}")
        cases.append(Case((dE_dZ, U, Z_prev, W), label))
    return cases


def _layer_slip(delta_rule="right", dW_transposed=False, pass_back="right", averaged=False):
    """A wrong sigmoid_layer_backward making one known slip (``averaged``: False, True, or "bias" alone)."""
    def slipped(dE_dZ, U, Z_prev, W):
        slope = {"right": sigmoid_derivative(U), "none": 1.0, "of_u": U * (1 - U)}[delta_rule]
        delta = dE_dZ * slope
        dW = delta.T @ Z_prev if dW_transposed else Z_prev.T @ delta
        db = delta.sum(axis=0)
        if averaged:
            dW, db = (dW if averaged == "bias" else dW / len(delta)), delta.mean(axis=0)
        passed = {"right": delta @ W.T, "untransposed": delta @ W, "without_slope": dE_dZ @ W.T,
                  "with_lower_slope": (delta @ W.T) * Z_prev * (1 - Z_prev)}[pass_back]
        return dW, db, passed
    return slipped


MISSING_DERIVATIVE = ("You left out the activation's derivative: the delta is δ = dE_dZ · σ'(U) (entry by entry), "
                      "with σ'(U) = z(1 - z) and z = σ(U). dE_dZ is the derivative with respect to the layer's "
                      "output; the gradients need it with respect to the sums U.")
AVERAGED_AGAIN = ("Your gradients are n times too small: you averaged over the samples. The loss is already a mean, "
                  "so its 1/n is inside dE_dZ (and so inside δ); dE/dW = Z_prevᵀ δ and dE/db = δ summed over "
                  "the rows, without dividing again.")
BIAS_ONLY_AVERAGED = ("Your bias gradient is n times too small: you averaged δ over the samples for dE/db but summed "
                      "for dE/dW. The loss's 1/n is already inside δ, so both sum over the rows: dE/dW = Z_prevᵀ δ "
                      "and dE/db = δ summed over the rows (`delta.sum(axis=0)`), not its mean.")


@register
def sigmoid_layer_backward(answer):
    """Q5: a function (dE_dZ, U, Z_prev, W) -> (dE/dW, dE/db, dE/dZ_prev) for one dense layer with a sigmoid."""
    misconceptions = [
        Misconception(MISSING_DERIVATIVE, _layer_slip(delta_rule="none")),
        Misconception("σ'(U) is z(1 - z) with z = σ(U), the sigmoid's output; U(1 - U) uses the sums themselves.",
                      _layer_slip(delta_rule="of_u")),
        Misconception("dE/dW is transposed: it must have W's shape (n_in, n_out), entry (j, k) = Σ z_j δ_k, which is "
                      "`Z_prev.T @ delta`, not `delta.T @ Z_prev`.", _layer_slip(dW_transposed=True)),
        Misconception("The product passed back is transposed: dE/dZ_prev = δ Wᵀ (`delta @ W.T`), whose entry j is "
                      "Σ_k δ_k w_jk; `delta @ W` sums over the wrong index (and only runs when W is square).",
                      _layer_slip(pass_back="untransposed")),
        Misconception("Pass back δ Wᵀ, not dE_dZ Wᵀ: what travels on must include this layer's σ'(U), so that the "
                      "layer below receives ∂E/∂Z_prev.", _layer_slip(pass_back="without_slope")),
        Misconception(AVERAGED_AGAIN, _layer_slip(averaged=True)),
        Misconception(BIAS_ONLY_AVERAGED, _layer_slip(averaged="bias")),
        Misconception("You multiplied what you pass back by the *lower* layer's slope Z_prev(1 - Z_prev). This "
                      "layer returns dE/dZ_prev = δ Wᵀ, the derivative with respect to the lower layer's output; "
                      "that layer applies its own slope when its turn comes (and it may not be a sigmoid).",
                      _layer_slip(pass_back="with_lower_slope")),
    ]
    return check_function(answer, reference_sigmoid_layer_backward, _layer_cases(np.random.default_rng()),
                          misconceptions)


# --- Question 6: the whole backward pass, any depth -----------------------------------------------------

def reference_backward_pass(X, Y, layers, activations):
    """[(dE/dW, dE/db), ...] of the MSE, first layer first, by ``nbtools.backprop.loss_and_gradients``."""
    return backprop.loss_and_gradients(X, Y, layers, activations, "mse")[1]


ARCHITECTURES = [
    ([3, 3, 3, 3], ["tanh", "sigmoid", "sigmoid"], 4),   # square: every transposed slip still runs
    ([4, 5, 2], ["sigmoid", "identity"], 6),
    ([2, 3], ["sigmoid"], 5),
    ([5, 4, 3, 6, 2], ["relu", "tanh", "sigmoid", "identity"], 3),
    ([2, 2, 1], ["sigmoid", "sigmoid"], 1),
]
"""(layer sizes, activations, number of samples) of the networks drawn afresh for every check."""


def random_network_case(rng, sizes, activations, n_samples):
    """A Case (X, Y, layers, activations) with fresh random weights, biases, inputs and targets."""
    layers = [(W, rng.normal(scale=0.5, size=b.shape)) for W, b in init_network(sizes, rng)]
    X = rng.normal(size=(n_samples, sizes[0]))
    Y = rng.normal(size=(n_samples, sizes[-1]))
    label = (f"a fresh random {'-'.join(map(str, sizes))} network ({', '.join(activations)}), "
             f"X of shape {X.shape}, Y of shape {Y.shape}, MSE loss")
    return Case((X, Y, layers, list(activations)), label)


def _backward_cases(rng):
    return [random_network_case(rng, sizes, names, n) for sizes, names, n in ARCHITECTURES]


def _backward_slip(dE_dY_rule="mean", hidden_derivative=True, output_derivative=True, dW_transposed=False,
                   pass_back_untransposed=False, averaged_again=False, reverse=False):
    """A wrong backward_pass making one known slip (``averaged_again``: False, True, or "bias" alone)."""
    def slipped(X, Y, layers, activations):
        inputs, sums = backprop.forward_with_cache(X, layers, activations)
        Y_hat = inputs[-1]
        dE_dZ = {"mean": 2 * (Y_hat - Y) / Y.size, "sum": 2 * (Y_hat - Y), "per_sample": 2 * (Y_hat - Y) / len(Y),
                 "half": (Y_hat - Y) / Y.size, "sign": 2 * (Y - Y_hat) / Y.size}[dE_dY_rule]
        gradients = []
        for l in reversed(range(len(layers))):
            with_derivative = output_derivative if l == len(layers) - 1 else hidden_derivative
            delta = dE_dZ * ACTIVATIONS[activations[l]][1](sums[l]) if with_derivative else dE_dZ
            dW = delta.T @ inputs[l] if dW_transposed else inputs[l].T @ delta
            db = delta.sum(axis=0)
            if averaged_again:
                dW, db = (dW if averaged_again == "bias" else dW / len(X)), db / len(X)
            gradients.append((dW, db))
            W = layers[l][0]
            dE_dZ = delta @ W if pass_back_untransposed else delta @ W.T
        return gradients if reverse else gradients[::-1]
    return slipped


@register
def backward_pass(answer):
    """Q6: a function (X, Y, layers, activations) -> [(dE/dW, dE/db), ...] of the MSE, for any depth."""
    misconceptions = [
        Misconception("The hidden deltas miss the activation's derivative: δ_prev = (δ Wᵀ) · f'(U_prev), entry by "
                      "entry. δ Wᵀ alone is ∂E/∂Z_prev, with respect to the layer's output, not its sums.",
                      _backward_slip(hidden_derivative=False)),
        Misconception("Every delta misses the activation's derivative: δ = ∂E/∂Z · f'(U) at each layer, the output "
                      "layer included (f' = 1 only for the identity).",
                      _backward_slip(hidden_derivative=False, output_derivative=False)),
        Misconception("The output delta misses the activation's derivative: δ_L = ∂E/∂Ŷ · f'(U_L).",
                      _backward_slip(output_derivative=False)),
        Misconception("Transposed product: dE/dW = Z_prevᵀ δ (`Z_prev.T @ delta`), of W's shape (n_in, n_out), "
                      "not `delta.T @ Z_prev`.", _backward_slip(dW_transposed=True)),
        Misconception("Transposed product: what is passed back is δ Wᵀ (`delta @ W.T`), entry j = Σ_k δ_k w_jk; "
                      "`delta @ W` only runs when W happens to be square, and computes something else.",
                      _backward_slip(pass_back_untransposed=True)),
        Misconception("Your gradients are the gradients of the *sum* of squared errors: n times too large. The "
                      "workbook's MSE is a mean over all Y.size entries, so ∂E/∂Ŷ = 2(Ŷ - Y) / Y.size. (With a sum, "
                      "the right learning rate would change with the batch size.)", _backward_slip(dE_dY_rule="sum")),
        Misconception("You divided by the number of samples only. The workbook's MSE (lesson 3) averages over every "
                      "entry, n_samples × n_outputs: ∂E/∂Ŷ = 2(Ŷ - Y) / Y.size.",
                      _backward_slip(dE_dY_rule="per_sample")),
        Misconception("Your gradients are n times too small: you averaged over the samples again. The loss is "
                      "already a mean, so its 1/n is inside ∂E/∂Ŷ and travels down inside every δ; dE/dW = Zᵀ δ and "
                      "dE/db = δ summed over the rows, without dividing again.", _backward_slip(averaged_again=True)),
        Misconception(BIAS_ONLY_AVERAGED, _backward_slip(averaged_again="bias")),
        Misconception("Your gradients are half the right ones: the derivative of (ŷ - y)² is 2(ŷ - y), so "
                      "∂E/∂Ŷ = 2(Ŷ - Y) / Y.size.", _backward_slip(dE_dY_rule="half")),
        Misconception("Every gradient has the wrong sign: ∂E/∂Ŷ of the MSE is 2(Ŷ - Y) / Y.size, prediction minus "
                      "target. With (Y - Ŷ) every step would go uphill.", _backward_slip(dE_dY_rule="sign")),
        Misconception("Your list runs from the last layer to the first, the order the backward pass visits them. "
                      "Return it in the order of `layers` (reverse it at the end: `gradients[::-1]`).",
                      _backward_slip(reverse=True)),
    ]
    return check_function(answer, reference_backward_pass, _backward_cases(np.random.default_rng()), misconceptions)


# --- Questions 7 and 8: predictions --------------------------------------------------------------------

@register
def weight_gradient_shape(answer):
    """Q7: the shape of dE/dW2 in a 784-32-10 network on a batch of 64 samples: (32, 10)."""
    misconceptions = [
        Misconception("That is transposed. A gradient has the shape of its parameter: W2 has shape (n_in, n_out), "
                      "one row per hidden unit, one column per output unit.", (10, 32)),
        Misconception("That is the shape of the output layer's deltas δ (one row per sample). dE/dW2 = Zᵀ δ sums "
                      "over the samples: (32, 64) · (64, 10).", (64, 10)),
        Misconception("That is the shape of the hidden values Z (one row per sample). dE/dW2 = Zᵀ δ has the shape "
                      "of W2.", (64, 32)),
        Misconception("That is the shape of W1, the first layer's weights (784 inputs to 32 hidden units).", (784, 32)),
    ]
    return check_value(answer, (32, 10), misconceptions)


ADDED_PATHS = ("The choices multiply: each of the 8 units of the next layer can be followed by each of the 8 of the "
               "layer after. Adding them counts units, not paths.")


@register
def chain_rule_paths(answer):
    """Q8: in a 4-8-8-8-1 network, the number of paths from a first-hidden-layer unit to the output: 8 · 8 · 1."""
    misconceptions = [
        Misconception("A path starts at the unit j that w_ij enters, so that layer's 8 units are not a choice: count "
                      "the choices in the layers *after* it.", 8 * 8 * 8),
        Misconception(ADDED_PATHS, 8 + 8 + 1),
        Misconception(ADDED_PATHS, 8 + 8),
        Misconception("A path from unit j goes through one unit of *every* later layer: two hidden layers of 8, then "
                      "the output.", 8),
    ]
    return check_value(answer, 8 * 8 * 1, misconceptions)


# --- Question 9: a gradient check of your own ------------------------------------------------------------

def reference_central_difference_gradient(loss, W, h):
    """The central difference (loss(W + h e_ij) - loss(W - h e_ij)) / 2h for every entry of W, shape of W."""
    gradient = np.zeros_like(W, dtype=float)
    for index in np.ndindex(W.shape):
        plus, minus = W.copy(), W.copy()
        plus[index] += h
        minus[index] -= h
        gradient[index] = (loss(plus) - loss(minus)) / (2 * h)
    return gradient


def _forward_difference_gradient(loss, W, h):
    gradient = np.zeros_like(W, dtype=float)
    for index in np.ndindex(W.shape):
        plus = W.copy()
        plus[index] += h
        gradient[index] = (loss(plus) - loss(W)) / h
    return gradient


def _least_squares_loss(X, Y):
    return lambda W: float(np.mean((X @ W - Y) ** 2))


@register
def central_difference_gradient(answer):
    """Q9: a function (loss, W, h) -> the central-difference gradient of loss at W, the shape of W."""
    rng = np.random.default_rng(59)
    X, Y = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    cases = [
        Case((_least_squares_loss(X, Y), rng.normal(size=(3, 2)), 1e-5),
             "loss(W) = mean((X W - Y)²) with X of shape (6, 3), Y of shape (6, 2); W of shape (3, 2), h = 1e-5"),
        Case((lambda W: float(np.sum(np.sin(W)) + W[0, -1] ** 3), np.array([[0.5, -1.0, 2.0, 0.0]]), 1e-3),
             "loss(W) = sum(sin W) + W[0, -1]³, W = [[0.5, -1, 2, 0]] (shape (1, 4)), h = 1e-3"),
        Case((lambda W: float(np.sum(W ** 4)), np.array([[1.0], [-2.0], [0.5]]), 1e-2),
             "loss(W) = sum(W⁴), W = [[1], [-2], [0.5]] (shape (3, 1)), h = 0.01"),
    ]
    misconceptions = [
        Misconception("That is the forward difference (loss(W + h) - loss(W)) / h, accurate only to order h. The "
                      "question asks for the central difference (loss(W + h) - loss(W - h)) / (2h), accurate to "
                      "order h².", _forward_difference_gradient),
        Misconception("You divided by h, not 2h: the two points W + h and W - h are 2h apart.",
                      lambda loss, W, h: 2 * reference_central_difference_gradient(loss, W, h)),
        Misconception("You nudged every entry of W at once (W + h, W - h), which gives one number, the derivative "
                      "along the all-ones direction, in every entry. Nudge one entry at a time.",
                      lambda loss, W, h: np.full(W.shape, (loss(W + h) - loss(W - h)) / (2 * h))),
    ]
    return check_function(answer, reference_central_difference_gradient, cases, misconceptions)


# --- Question 10: the relative error, with a floor -----------------------------------

def reference_relative_error(a, b, floor):
    """|a - b| / max(|a| + |b|, floor), entry by entry, for arrays a, b of one shape."""
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)


def _grid(rows):
    return np.array(rows, dtype=float)


def _relative_error_cases():
    """(a, b, floor): backprop's gradient a against a finite difference b.

    The first case has a correct zero gradient against rounding noise (3e-12) and two
    gradients each the size of the floor, but no two exact zeros (they come third), so
    that a missing floor first shows as the 1.0 it gives a correct gradient.
    """
    return [
        Case((_grid([[0.0, 2.0, -1e-3], [5e-9, 4.0, 0.5]]),
              _grid([[3e-12, 2.000002, -1.002e-3], [-5e-9, -4.0, 0.25]]), 1e-8),
             "a = [[0, 2, -0.001], [5e-9, 4, 0.5]], "
             "b = [[3e-12, 2.000002, -0.001002], [-5e-9, -4, 0.25]], floor = 1e-8"),
        Case((_grid([1e-4, -2e-4, 0.5, 3.0]), _grid([3e-4, -2.5e-4, 0.25, 3.0]), 1e-3),
             "a = [0.0001, -0.0002, 0.5, 3], b = [0.0003, -0.00025, 0.25, 3], "
             "floor = 0.001"),
        Case((_grid([[0.0], [-7.0], [1e-9]]), _grid([[0.0], [-7.5], [0.0]]), 1e-6),
             "a = [[0], [-7], [1e-9]], b = [[0], [-7.5], [0]] "
             "(two exact zeros in the first row), floor = 1e-6"),
    ]


def _no_floor(a, b, floor):
    return np.abs(a - b) / (np.abs(a) + np.abs(b))


def _floored(numerator, denominator, floor):
    return numerator / np.maximum(denominator, floor)


ONE_SIDE = ("You divided by one side only, |{side}|. The relative error is symmetric: "
            "neither gradient is the true one, so divide by |a| + |b| (with the "
            "floor).")


@register
def relative_error_with_floor(answer):
    """Q10: a function (a, b, floor) -> |a - b| / max(|a| + |b|, floor), entrywise."""
    misconceptions = [
        Misconception(
            "Your function does not use its `floor` argument (a fixed 1e-8?). With "
            "floor = 0.001, gradients whose |a| + |b| is below 0.001 must be divided "
            "by 0.001: use the `floor` you are given.",
            lambda a, b, floor: reference_relative_error(a, b, 1e-8)),
        Misconception(
            "There is no floor in your denominator: |a - b| / (|a| + |b|). A correct "
            "gradient that is exactly 0, against a finite difference of 3e-12 "
            "(rounding noise), then scores 1.0, total disagreement; and two exact "
            "zeros give 0/0 = NaN. Divide by "
            "`np.maximum(np.abs(a) + np.abs(b), floor)`.",
            _no_floor),
        Misconception(ONE_SIDE.format(side="a"),
                      lambda a, b, floor: _floored(np.abs(a - b), np.abs(a), floor)),
        Misconception(ONE_SIDE.format(side="b"),
                      lambda a, b, floor: _floored(np.abs(a - b), np.abs(b), floor)),
        Misconception(
            "Some of your errors are negative: take the absolute value of the "
            "difference, |a - b|. An error measures how far apart the two are, "
            "whichever is larger.",
            lambda a, b, floor: _floored(a - b, np.abs(a) + np.abs(b), floor)),
        Misconception(
            "Your denominator is a + b without absolute values: where the gradients "
            "are negative (or of opposite signs) it shrinks or turns negative and the "
            "floor takes over. Use |a| + |b|.",
            lambda a, b, floor: _floored(np.abs(a - b), a + b, floor)),
        Misconception(
            "You added the floor to the denominator, |a| + |b| + floor. The floor is a "
            "least value for the denominator, not an addition: "
            "`np.maximum(np.abs(a) + np.abs(b), floor)`. (Added, it changes every "
            "error whose gradients are not much larger than the floor.)",
            lambda a, b, floor: np.abs(a - b) / (np.abs(a) + np.abs(b) + floor)),
        Misconception(
            "You divided by the larger of |a| and |b| (a common variant). This "
            "question's relative error divides by their sum, |a| + |b|, with the "
            "floor.",
            lambda a, b, floor: _floored(np.abs(a - b),
                                         np.maximum(np.abs(a), np.abs(b)), floor)),
        Misconception(
            "You took the minimum with the floor (`np.minimum`), so almost every error "
            "is divided by the floor itself. The floor is the *least* denominator: "
            "`np.maximum(..., floor)`.",
            lambda a, b, floor: np.abs(a - b)
            / np.minimum(np.abs(a) + np.abs(b), floor)),
        Misconception(
            "You returned one number for the whole arrays (norms). The question asks "
            "for the relative error of every entry, an array of the gradients' shape, "
            "so that the worst entry can be found.",
            lambda a, b, floor: np.linalg.norm(a - b)
            / max(np.linalg.norm(a) + np.linalg.norm(b), floor)),
    ]
    return check_function(answer, reference_relative_error, _relative_error_cases(),
                          misconceptions)
