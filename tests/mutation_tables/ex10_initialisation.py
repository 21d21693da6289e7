"""Exercise 10, initialisation and the flow of gradients: wrong answers a learner writes, and right ones in other
forms."""

import math

import numpy as np
import sympy

from mutations import EXAMPLE_ONLY, IGNORES_INPUT, MISCONCEPTION, UNSAFE, Right, Wrong
from nbtools.activations import ACTIVATIONS

# --- Question 2 --------------------------------------------------------------------------------------


def std_right(activation, n_in, n_out):
    return np.sqrt(2 / n_in) if activation == "relu" else np.sqrt(2 / (n_in + n_out))


def std_math(activation, n_in, n_out):
    fan = n_in if activation == "relu" else (n_in + n_out) / 2
    return math.sqrt(1 / fan) * math.sqrt(2) if activation == "relu" else 1 / math.sqrt(fan)


def std_table(activation, n_in, n_out):
    variances = {"relu": 2 / n_in, "tanh": 2 / (n_in + n_out)}
    return variances[activation] ** 0.5


def std_he_everywhere(activation, n_in, n_out):
    return np.sqrt(2 / n_in)


def std_glorot_everywhere(activation, n_in, n_out):
    return np.sqrt(2 / (n_in + n_out))


def std_variance(activation, n_in, n_out):
    return 2 / n_in if activation == "relu" else 2 / (n_in + n_out)


def std_fan_out(activation, n_in, n_out):
    return np.sqrt(2 / n_out) if activation == "relu" else np.sqrt(2 / (n_in + n_out))


def std_no_factor_two(activation, n_in, n_out):
    return np.sqrt(1 / n_in) if activation == "relu" else np.sqrt(2 / (n_in + n_out))


def std_lesson_layer(activation, n_in, n_out):
    return np.sqrt(2 / 256)                      # the lesson's square layer of 256, whatever the sizes


def std_integer_division(activation, n_in, n_out):
    return np.sqrt(2 // n_in) if activation == "relu" else np.sqrt(2 // (n_in + n_out))


# --- Question 3 --------------------------------------------------------------------------------------

def weights_right(n_in, n_out, activation, rng):
    return rng.normal(0.0, std_right(activation, n_in, n_out), size=(n_in, n_out))


def weights_uniform(n_in, n_out, activation, rng):
    limit = np.sqrt(3) * std_right(activation, n_in, n_out)      # variance limit^2 / 3
    return rng.uniform(-limit, limit, size=(n_in, n_out))


def weights_standard_normal_scaled(n_in, n_out, activation, rng):
    fan = n_in / 2 if activation == "relu" else (n_in + n_out) / 2
    return rng.standard_normal((n_in, n_out)) / np.sqrt(fan)


def weights_truncated(n_in, n_out, activation, rng):
    """Normal, redrawn beyond two standard deviations, then rescaled to the right spread (as Keras does)."""
    W = rng.standard_normal((n_in, n_out))
    outside = np.abs(W) > 2
    while outside.any():
        W[outside] = rng.standard_normal(outside.sum())
        outside = np.abs(W) > 2
    return W / W.std() * std_right(activation, n_in, n_out)


def weights_variance_as_scale(n_in, n_out, activation, rng):
    return rng.normal(0.0, std_right(activation, n_in, n_out) ** 2, size=(n_in, n_out))


def weights_he_for_tanh(n_in, n_out, activation, rng):
    return rng.normal(0.0, np.sqrt(2 / n_in), size=(n_in, n_out))


def weights_glorot_for_relu(n_in, n_out, activation, rng):
    return rng.normal(0.0, np.sqrt(2 / (n_in + n_out)), size=(n_in, n_out))


def weights_global_generator(n_in, n_out, activation, rng):
    return np.random.normal(0.0, std_right(activation, n_in, n_out), size=(n_in, n_out))


def weights_own_generator(n_in, n_out, activation, rng):
    return np.random.default_rng(0).normal(0.0, std_right(activation, n_in, n_out), size=(n_in, n_out))


def weights_transposed(n_in, n_out, activation, rng):
    return rng.normal(0.0, std_right(activation, n_in, n_out), size=(n_out, n_in))


def weights_uniform_zero_to_one(n_in, n_out, activation, rng):
    return rng.uniform(0, 2 * np.sqrt(3) * std_right(activation, n_in, n_out), size=(n_in, n_out))


# --- Question 6 --------------------------------------------------------------------------------------

def spreads(X, layers, activation, G, slope_from="u", bias=True, order="first", measure=np.std, forward="z"):
    f, f_derivative = ACTIVATIONS[activation]
    Z, U = [X], []
    for W, b in layers:
        U.append(Z[-1] @ W + (b if bias else 0))
        Z.append(f(U[-1]))
    deltas, g = [], G
    for l in range(len(layers) - 1, -1, -1):
        slope = {"u": f_derivative(U[l]), "z": f_derivative(Z[l + 1]), "none": 1.0}[slope_from]
        deltas.append(g * slope)
        g = deltas[-1] @ layers[l][0].T
    if order == "first":
        deltas = deltas[::-1]
    shown = Z[1:] if forward == "z" else U
    return np.array([measure(z) for z in shown]), np.array([measure(d) for d in deltas])


def spreads_one_loop_lists(X, layers, activation, G):
    f, f_derivative = ACTIVATIONS[activation]
    outputs, sums = [], []
    z = X
    for W, b in layers:
        sums.append(np.einsum("ni,io->no", z, W) + b)
        z = f(sums[-1])
        outputs.append(z)
    deltas = [None] * len(layers)
    g = G
    for l in reversed(range(len(layers))):
        deltas[l] = g * f_derivative(sums[l])
        g = np.einsum("no,io->ni", deltas[l], layers[l][0])
    return [np.array([o.std() for o in outputs]), np.array([d.std() for d in deltas])]


def spreads_by_hand_slopes(X, layers, activation, G):
    slopes = {"sigmoid": lambda z: z * (1 - z), "tanh": lambda z: 1 - z ** 2, "relu": lambda z: (z > 0) * 1.0}
    f = ACTIVATIONS[activation][0]
    Zs = [X]
    for W, b in layers:
        Zs.append(f(Zs[-1] @ W + b))
    out = []
    g = G
    for (W, _), z in zip(layers[::-1], Zs[:0:-1]):
        delta = g * slopes[activation](z)
        out.insert(0, np.sqrt(np.mean((delta - delta.mean()) ** 2)))
        g = delta @ W.T
    return np.array([np.sqrt(np.mean((z - z.mean()) ** 2)) for z in Zs[1:]]), np.array(out)


def spreads_own_sigmoid(X, layers, activation, G):
    """Its own sigmoid, exp(u) / (1 + exp(u)): inf / inf = NaN once a sum passes 709."""
    if activation != "sigmoid":
        return spreads(X, layers, activation, G)
    Z = [X]
    for W, b in layers:
        Z.append(np.exp(Z[-1] @ W + b) / (1 + np.exp(Z[-1] @ W + b)))
    deltas, g = [], G
    for (W, _), z in zip(reversed(layers), reversed(Z[1:])):
        deltas.insert(0, g * z * (1 - z))
        g = deltas[0] @ W.T
    return np.array([z.std() for z in Z[1:]]), np.array([d.std() for d in deltas])


def spreads_first_two_layers(X, layers, activation, G):
    return spreads(X, layers[:2], activation, G)


def spreads_always_tanh(X, layers, activation, G):
    return spreads(X, layers, "tanh", G)


# --- Question 9 --------------------------------------------------------------------------------------

def dead_right(X, W, b):
    return np.all(X @ W + b <= 0, axis=0)


def dead_from_relu(X, W, b):
    return ~np.any(np.maximum(X @ W + b, 0) > 0, axis=0)


def dead_by_max(X, W, b):
    return (X @ W + b).max(axis=0) <= 0


def dead_loops(X, W, b):
    flags = []
    for k in range(W.shape[1]):
        flags.append(all(X[i] @ W[:, k] + b[k] <= 0 for i in range(len(X))))
    return np.array(flags)


def dead_any(X, W, b):
    return np.any(X @ W + b <= 0, axis=0)


def dead_strict(X, W, b):
    return np.all(X @ W + b < 0, axis=0)


def dead_no_bias(X, W, b):
    return np.all(X @ W <= 0, axis=0)


def dead_count(X, W, b):
    return int(np.all(X @ W + b <= 0, axis=0).sum())


def dead_per_sample(X, W, b):
    return np.all(X @ W + b <= 0, axis=1)


def dead_weights_negative(X, W, b):
    return np.all(W <= 0, axis=0)                 # ignores the data: true for pixels, not for any X


# --- Questions 4 and 5 ---------------------------------------------------------------------------------

sigma = sympy.Symbol("sigma", positive=True)
n_in, n_out = sympy.symbols("n_in n_out", positive=True)

TABLE = {
    "sum_variance": ([
        Wrong("Var(z) for E[z^2]", 300 * 0.05 ** 2 * 0.6 ** 2, (MISCONCEPTION,), "E[z²] = Var(z) + E[z]²"),
        Wrong("the weights' standard deviation", 300 * 0.05 * (0.6 ** 2 + 0.5 ** 2), (MISCONCEPTION,),
              "Var(w) = 0.05²"),
        Wrong("the standard deviation of u", math.sqrt(300 * 0.05 ** 2 * 0.61), (MISCONCEPTION,),
              "the square root"),
        Wrong("forgot n_in", 0.05 ** 2 * 0.61, (MISCONCEPTION, IGNORES_INPUT), "sum of 300 terms"),
        Wrong("inputs' standard deviation plus mean squared", 300 * 0.05 ** 2 * (0.6 + 0.25), (MISCONCEPTION,),
              "inputs' standard deviation"),
        Wrong("rounded to 0.46", 0.46, (EXAMPLE_ONLY,)),
    ], [
        Right("computed", 300 * 0.05 ** 2 * (0.6 ** 2 + 0.5 ** 2)),
        Right("typed", 0.4575),
        Right("a fraction in SymPy", sympy.Rational(300, 400) * sympy.Rational(61, 100)),
    ]),
    "init_std": ([
        Wrong("He for tanh", std_he_everywhere, (MISCONCEPTION,), "He's scale, √(2/n_in), for a tanh"),
        Wrong("Glorot for ReLU", std_glorot_everywhere, (MISCONCEPTION,), "Glorot's (Xavier's) scale"),
        Wrong("the variance (no square root)", std_variance, (MISCONCEPTION,), "That is the variance"),
        Wrong("n_out for He", std_fan_out, (MISCONCEPTION,), "divided by n_out"),
        Wrong("the factor 2 forgotten for ReLU", std_no_factor_two, (MISCONCEPTION,), "Var(u)/2"),
        Wrong("the lesson's 256-unit layer", std_lesson_layer, (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("integer division 2 // n_in", std_integer_division, (UNSAFE,)),
    ], [
        Right("NumPy", std_right),
        Right("math, through the average fan", std_math),
        Right("a dict of variances", std_table),
    ]),
    "init_weights": ([
        Wrong("the variance as rng.normal's scale", weights_variance_as_scale, (MISCONCEPTION,),
              "variance as `rng.normal`'s scale"),
        Wrong("He for tanh", weights_he_for_tanh, (MISCONCEPTION,), "He's scale, √(2/n_in), for a tanh"),
        Wrong("Glorot for ReLU", weights_glorot_for_relu, (MISCONCEPTION,), "Glorot's (Xavier's) scale"),
        Wrong("np.random instead of rng", weights_global_generator, (IGNORES_INPUT,), "Use the generator `rng`"),
        Wrong("a generator of its own, seed 0", weights_own_generator, (IGNORES_INPUT, EXAMPLE_ONLY),
              "whatever generator"),
        Wrong("transposed", weights_transposed, (), "Transposed"),
        Wrong("uniform on [0, 2√3 std]: not centred", weights_uniform_zero_to_one, (), "mean 0"),
    ], [
        Right("normal", weights_right),
        Right("uniform with the same variance", weights_uniform),
        Right("standard normal divided by √fan", weights_standard_normal_scaled),
        Right("truncated normal, rescaled", weights_truncated),
    ]),
    "relu_mean_square": ([
        Wrong("E[u^2] over the whole line", sigma ** 2, (MISCONCEPTION,), "over the whole line"),
        Wrong("the variance of relu(u)", sigma ** 2 / 2 - sigma ** 2 / (2 * sympy.pi), (MISCONCEPTION,),
              "the variance of relu(u)"),
        Wrong("the mean of relu(u)", sigma / sympy.sqrt(2 * sympy.pi), (MISCONCEPTION,), "E[relu(u)], the mean"),
        Wrong("the square of the mean", sigma ** 2 / (2 * sympy.pi), (MISCONCEPTION,), "square of the mean"),
        Wrong("halved twice", sigma ** 2 / 4, (MISCONCEPTION,), "halved twice"),
        Wrong("for sigma = 1 only", sympy.Rational(1, 2), (EXAMPLE_ONLY, IGNORES_INPUT)),
    ], [
        Right("sigma**2/2", sigma ** 2 / 2),
        Right("a float coefficient", 0.5 * sigma ** 2),
        Right("integrated over the whole line, halved by symmetry",
              sympy.integrate(sympy.Symbol("u", real=True) ** 2
                              * sympy.exp(-sympy.Symbol("u", real=True) ** 2 / (2 * sigma ** 2))
                              / sympy.sqrt(2 * sympy.pi * sigma ** 2),
                              (sympy.Symbol("u", real=True), -sympy.oo, sympy.oo)) / 2),
    ]),
    "glorot_uniform_bound": ([
        Wrong("the standard deviation as the bound", sympy.sqrt(2 / (n_in + n_out)), (MISCONCEPTION,),
              "used as the bound"),
        Wrong("no square root", 6 / (n_in + n_out), (MISCONCEPTION,), "The square root is missing"),
        Wrong("He's uniform bound", sympy.sqrt(6 / n_in), (MISCONCEPTION, IGNORES_INPUT), "He's uniform bound"),
        Wrong("variance a^2/12", sympy.sqrt(24 / (n_in + n_out)), (MISCONCEPTION,), "its width is 2a"),
        Wrong("1/(n_in + n_out) for the variance", sympy.sqrt(3 / (n_in + n_out)), (MISCONCEPTION,), "with a 2"),
        Wrong("the 300-100 layer's number", sympy.Float(0.1224744871), (EXAMPLE_ONLY,)),
    ], [
        Right("sqrt(6/(n_in + n_out))", sympy.sqrt(6 / (n_in + n_out))),
        Right("sqrt(6)/sqrt(n_in + n_out)", sympy.sqrt(6) / sympy.sqrt(n_in + n_out)),
        Right("sqrt(3 * 2/(n_in + n_out)) as a power", (3 * 2 / (n_in + n_out)) ** sympy.Rational(1, 2)),
    ]),
    "layer_spreads": ([
        Wrong("no slope in the deltas", lambda *a: spreads(*a, slope_from="none"), (MISCONCEPTION,),
              "leave out the activation's slope"),
        Wrong("the slope at z", lambda *a: spreads(*a, slope_from="z"), (MISCONCEPTION,), "evaluated at the output"),
        Wrong("the sums' spreads", lambda *a: spreads(*a, forward="u"), (MISCONCEPTION,), "spreads of the sums"),
        Wrong("deltas last layer first", lambda *a: spreads(*a, order="last"), (MISCONCEPTION,),
              "last layer first"),
        Wrong("variances", lambda *a: spreads(*a, measure=np.var), (MISCONCEPTION,), "Those are variances"),
        Wrong("per-unit standard deviations averaged", lambda *a: spreads(*a, measure=lambda v: v.std(axis=0).mean()),
              (MISCONCEPTION,), "averaged the standard deviations"),
        Wrong("biases ignored", lambda *a: spreads(*a, bias=False), (MISCONCEPTION, IGNORES_INPUT),
              "leave out the biases"),
        Wrong("the activation ignored (tanh)", spreads_always_tanh, (IGNORES_INPUT,)),
        Wrong("only two layers", spreads_first_two_layers, (EXAMPLE_ONLY,)),
        Wrong("its own sigmoid, exp(u)/(1 + exp(u))", spreads_own_sigmoid, (UNSAFE,)),
    ], [
        Right("loops and ACTIVATIONS", spreads),
        Right("einsum, a list of arrays", spreads_one_loop_lists),
        Right("slopes from the outputs, std by hand", spreads_by_hand_slopes),
    ]),
    "relu_glorot_shrink": ([
        Wrong("the variance's factor", 0.5 ** 15, (MISCONCEPTION,), "factor of the variance"),
        Wrong("16 layers crossed", 2 ** -8, (MISCONCEPTION,), "15 layers, not 16"),
        Wrong("Glorot keeps it", 1.0, (MISCONCEPTION,), "half the time"),
        Wrong("they grow", 2 ** 7.5, (MISCONCEPTION,), "do not grow"),
        Wrong("the lesson's 20 layers", 2 ** -9.5, (EXAMPLE_ONLY,), "This network has 16"),
        Wrong("one layer's factor", 1 / math.sqrt(2), (IGNORES_INPUT, MISCONCEPTION), "one layer's factor"),
    ], [
        Right("a power of 1/sqrt(2)", (1 / math.sqrt(2)) ** 15),
        Right("2 ** -7.5", 2 ** -7.5),
        Right("NumPy", float(np.sqrt(0.5 ** 15))),
    ]),
    "sigmoid_slope_product": ([
        Wrong("a sum of slopes", 0.25 * 8, (MISCONCEPTION,), "sum of eight slopes"),
        Wrong("the sigmoid's value at 0", 0.5 ** 8, (MISCONCEPTION,), "value at 0"),
        Wrong("the lesson's ten layers", 0.25 ** 10, (EXAMPLE_ONLY,), "ten layers' product"),
        Wrong("seven slopes", 0.25 ** 7, (MISCONCEPTION,), "eight slopes"),
        Wrong("tanh's slope", 1, (MISCONCEPTION,), "tanh's"),
        Wrong("one slope", 0.25, (IGNORES_INPUT,), "one slope"),
    ], [
        Right("0.25 ** 8", 0.25 ** 8),
        Right("4 ** -8", 4.0 ** -8),
        Right("SymPy's fraction", sympy.Rational(1, 4) ** 8),
    ]),
    "dead_units": ([
        Wrong("negative on some sample", dead_any, (MISCONCEPTION,), "*some* sample"),
        Wrong("strictly negative", dead_strict, (MISCONCEPTION,), "exactly 0 is dead too"),
        Wrong("the bias ignored", dead_no_bias, (MISCONCEPTION, IGNORES_INPUT), "leave out the bias"),
        Wrong("a count", dead_count, ()),
        Wrong("per sample", dead_per_sample, ()),
        Wrong("all weights negative (ignores X)", dead_weights_negative, (IGNORES_INPUT, EXAMPLE_ONLY)),
    ], [
        Right("np.all", dead_right),
        Right("no positive ReLU output", dead_from_relu),
        Right("the largest sum", dead_by_max),
        Right("loops", dead_loops),
    ]),
    "first_layer_spread": ([
        Wrong("the inputs' standard deviation", 0.3, (MISCONCEPTION,), "inputs' standard deviation"),
        Wrong("near 1", 1.0, (MISCONCEPTION,), "root mean square"),
        Wrong("the variance", 0.45, (MISCONCEPTION,), "That is Var(u)"),
        Wrong("the mean", 0.6, (MISCONCEPTION, IGNORES_INPUT), "the inputs' mean"),
        Wrong("standard deviations added", 0.9, (MISCONCEPTION,), "do not add"),
        Wrong("the digits' 0.484", 0.484, (EXAMPLE_ONLY,)),
    ], [
        Right("np.sqrt", float(np.sqrt(0.3 ** 2 + 0.6 ** 2))),
        Right("math.hypot", math.hypot(0.3, 0.6)),
        Right("SymPy", sympy.sqrt(sympy.Rational(45, 100))),
    ]),
}
