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


def std_swapped(activation, n_in, n_out):
    return np.sqrt(2 / (n_in + n_out)) if activation == "relu" else np.sqrt(2 / n_in)


def std_lecun_for_tanh(activation, n_in, n_out):
    return np.sqrt(2 / n_in) if activation == "relu" else 1 / np.sqrt(n_in)


def std_fan_out_for_tanh(activation, n_in, n_out):
    return np.sqrt(2 / n_in) if activation == "relu" else 1 / np.sqrt(n_out)


def std_brackets(activation, n_in, n_out):
    return np.sqrt(2 / n_in) if activation == "relu" else np.sqrt(2 / n_in + n_out)


def std_glorot_without_two(activation, n_in, n_out):
    return np.sqrt(2 / n_in) if activation == "relu" else np.sqrt(1 / (n_in + n_out))


def std_uniform_bounds(activation, n_in, n_out):
    """Keras's uniform limits, sqrt(6/fan_in) and sqrt(6/(fan_in + fan_out)), returned as the std."""
    return np.sqrt(6 / n_in) if activation == "relu" else np.sqrt(6 / (n_in + n_out))


def std_root_of_denominator(activation, n_in, n_out):
    return 2 / np.sqrt(n_in) if activation == "relu" else 2 / np.sqrt(n_in + n_out)


def std_sympy(activation, n_in, n_out):
    fans = n_in if activation == "relu" else sympy.Rational(n_in + n_out, 2)
    return sympy.sqrt(1 / sympy.Integer(fans)) * (sympy.sqrt(2) if activation == "relu" else 1)


def std_power_and_match(activation, n_in, n_out):
    match activation:
        case "relu":
            return (2.0 / n_in) ** 0.5
        case _:
            return (2.0 / (n_in + n_out)) ** 0.5


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


def weights_uniform_bound_is_std(n_in, n_out, activation, rng):
    std = std_right(activation, n_in, n_out)
    return rng.uniform(-std, std, size=(n_in, n_out))


def weights_std_as_mean(n_in, n_out, activation, rng):
    return rng.normal(std_right(activation, n_in, n_out), size=(n_in, n_out))   # loc, not scale


def weights_integer_division(n_in, n_out, activation, rng):
    variance = 2 // n_in if activation == "relu" else 2 // (n_in + n_out)
    return rng.normal(0.0, np.sqrt(variance), size=(n_in, n_out))


def weights_list(n_in, n_out, activation, rng):
    return weights_right(n_in, n_out, activation, rng).tolist()


def weights_float32(n_in, n_out, activation, rng):
    return rng.standard_normal((n_in, n_out), dtype=np.float32) * np.float32(std_right(activation, n_in, n_out))


def weights_always_relu(n_in, n_out, activation, rng):
    return rng.normal(0.0, np.sqrt(2 / n_in), size=(n_in, n_out))


def weights_bound_as_std(n_in, n_out, activation, rng):
    return rng.normal(0.0, np.sqrt(3) * std_right(activation, n_in, n_out), size=(n_in, n_out))


def weights_one_column_repeated(n_in, n_out, activation, rng):
    column = rng.normal(0.0, std_right(activation, n_in, n_out), size=(n_in, 1))
    return column * np.ones((1, n_out))                  # every unit gets the same weights


def weights_keras_uniform(n_in, n_out, activation, rng):
    """Keras's he_uniform and glorot_uniform: the limit sqrt(6 / fan)."""
    limit = np.sqrt(6 / n_in) if activation == "relu" else np.sqrt(6 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))


def weights_scale_keyword(n_in, n_out, activation, rng):
    variance = {"relu": 2 / n_in, "tanh": 2 / (n_in + n_out)}[activation]
    return rng.normal(scale=math.sqrt(variance), size=(n_in, n_out))


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


def spreads_own_tanh(X, layers, activation, G):
    """Its own tanh, (exp(2u) - 1)/(exp(2u) + 1): inf / inf = NaN once a sum passes 355."""
    if activation != "tanh":
        return spreads(X, layers, activation, G)
    Z = [X]
    for W, b in layers:
        e = np.exp(2 * (Z[-1] @ W + b))
        Z.append((e - 1) / (e + 1))
    deltas, g = [], G
    for (W, _), z in zip(reversed(layers), reversed(Z[1:])):
        deltas.insert(0, g * (1 - z ** 2))
        g = deltas[0] @ W.T
    return np.array([z.std() for z in Z[1:]]), np.array([d.std() for d in deltas])


def spreads_layers_reversed_in_place(X, layers, activation, G):
    f, f_derivative = ACTIVATIONS[activation]
    Z, U = X, []
    forward = []
    for W, b in layers:
        U.append(Z @ W + b)
        Z = f(U[-1])
        forward.append(Z.std())
    layers.reverse()                                     # changes the caller's list
    deltas, g = [], G
    for (W, _), u in zip(layers, reversed(U)):
        deltas.insert(0, (g * f_derivative(u)).std())
        g = (g * f_derivative(u)) @ W.T
    return np.array(forward), np.array(deltas)


def spreads_G_in_place(X, layers, activation, G):
    f, f_derivative = ACTIVATIONS[activation]
    U, Z = [], X
    for W, b in layers:
        U.append(Z @ W + b)
        Z = f(U[-1])
    g, deltas = G, []
    for (W, _), u in zip(reversed(layers), reversed(U)):
        g *= f_derivative(u)                             # on the first pass, this is the caller's G
        deltas.insert(0, g.std())
        g = g @ W.T
    return np.array([f(u).std() for u in U]), np.array(deltas)


def spreads_ignores_G(X, layers, activation, G):
    return spreads(X, layers, activation, np.ones_like(G))


def spreads_stable_sigmoid(X, layers, activation, G):
    """Its own sigmoid, written the stable way for either sign, and slopes from the outputs."""
    def sigmoid(u):
        e = np.exp(-np.abs(u))
        return np.where(u >= 0, 1 / (1 + e), e / (1 + e))
    f = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": lambda u: np.maximum(u, 0)}[activation]
    slope = {"sigmoid": lambda z: z * (1 - z), "tanh": lambda z: 1 - z ** 2, "relu": lambda z: (z > 0) * 1.0}
    Z = [X]
    for W, b in layers:
        Z.append(f(Z[-1] @ W + b))
    deltas, g = [], G
    for (W, _), z in zip(layers[::-1], Z[:0:-1]):
        deltas.append(g * slope[activation](z))
        g = deltas[-1] @ W.T
    return tuple(np.array([np.std(a) for a in arrays]) for arrays in (Z[1:], deltas[::-1]))


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


def dead_mean_sum(X, W, b):
    return (X @ W + b).mean(axis=0) <= 0


def dead_weights_and_bias(X, W, b):
    return np.all(W <= 0, axis=0) & (b <= 0)      # right for non-negative pixels only


def dead_first_sample(X, W, b):
    return (X[0] @ W + b) <= 0


def dead_as_integers(X, W, b):
    return np.all(X @ W + b <= 0, axis=0).astype(int)


def dead_list(X, W, b):
    return [bool(flag) for flag in np.all(X @ W + b <= 0, axis=0)]


def dead_from_slopes(X, W, b):
    return np.count_nonzero((X @ W + b) > 0, axis=0) == 0


def dead_einsum(X, W, b):
    return ~(np.einsum("ni,ik->nk", X, W) + b > 0).any(axis=0)


# --- Questions 4 and 5 ---------------------------------------------------------------------------------

sigma = sympy.Symbol("sigma", positive=True)
u = sympy.Symbol("u", real=True)
density = sympy.exp(-u ** 2 / (2 * sigma ** 2)) / sympy.sqrt(2 * sympy.pi * sigma ** 2)
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
        Wrong("the mean, not its square, added", 300 * 0.05 ** 2 * (0.6 ** 2 + 0.5), (MISCONCEPTION,),
              "where its square belongs"),
        Wrong("E[z]^2 added outside the product", 300 * 0.05 ** 2 * 0.6 ** 2 + 0.5 ** 2, (MISCONCEPTION,),
              "outside the product"),
        Wrong("standard deviations multiplied", 300 * 0.05 * 0.6, (MISCONCEPTION,), "multiplied standard deviations"),
        Wrong("only the inputs' mean", 300 * 0.05 ** 2 * 0.25, (MISCONCEPTION,), "only the inputs' mean"),
        Wrong("the weights' std, and Var(z) alone", 300 * 0.05 * 0.6 ** 2, (MISCONCEPTION,),
              "left out the inputs' mean"),
        Wrong("rounded to 4 digits", 0.4575 + 4e-5, (EXAMPLE_ONLY,)),
    ], [
        Right("computed", 300 * 0.05 ** 2 * (0.6 ** 2 + 0.5 ** 2)),
        Right("typed", 0.4575),
        Right("a fraction in SymPy", sympy.Rational(300, 400) * sympy.Rational(61, 100)),
        Right("a 0-d NumPy array", np.array(300 * 0.0025) * np.array(0.61)),
        Right("from the standard deviations with math",
              300 * math.pow(0.05, 2) * (math.pow(0.6, 2) + math.pow(0.5, 2))),
    ]),
    "init_std": ([
        Wrong("He for tanh", std_he_everywhere, (MISCONCEPTION,), "He's scale, √(2/n_in), for a tanh"),
        Wrong("Glorot for ReLU", std_glorot_everywhere, (MISCONCEPTION,), "Glorot's (Xavier's) scale"),
        Wrong("the variance (no square root)", std_variance, (MISCONCEPTION,), "That is the variance"),
        Wrong("n_out for He", std_fan_out, (MISCONCEPTION,), "divided by n_out"),
        Wrong("the factor 2 forgotten for ReLU", std_no_factor_two, (MISCONCEPTION,), "Var(u)/2"),
        Wrong("the lesson's 256-unit layer", std_lesson_layer, (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("integer division 2 // n_in", std_integer_division, (UNSAFE, MISCONCEPTION), "integer division"),
        Wrong("the scales swapped", std_swapped, (MISCONCEPTION,), "Glorot's (Xavier's) scale"),
        Wrong("LeCun's 1/sqrt(n_in) for tanh", std_lecun_for_tanh, (MISCONCEPTION,), "forward condition alone"),
        Wrong("1/sqrt(n_out) for tanh", std_fan_out_for_tanh, (MISCONCEPTION,), "backward condition alone"),
        Wrong("2 / n_in + n_out, brackets forgotten", std_brackets, (MISCONCEPTION,), "Check your brackets"),
        Wrong("Glorot without its 2", std_glorot_without_two, (MISCONCEPTION,), "harmonic mean has a 2"),
        Wrong("Keras's uniform limits as the std", std_uniform_bounds, (MISCONCEPTION,), "bound a of a uniform"),
        Wrong("the root of n_in alone, 2/sqrt(n_in)", std_root_of_denominator, (MISCONCEPTION,),
              "square root of n_in alone"),
    ], [
        Right("NumPy", std_right),
        Right("math, through the average fan", std_math),
        Right("a dict of variances", std_table),
        Right("SymPy's exact roots", std_sympy),
        Right("a match statement and ** 0.5", std_power_and_match),
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
        Wrong("uniform on [-std, std]", weights_uniform_bound_is_std, (MISCONCEPTION,), "Widen the bound by √3"),
        Wrong("the std passed as rng.normal's mean", weights_std_as_mean, (MISCONCEPTION,), "as the *mean*"),
        Wrong("integer division: every weight 0", weights_integer_division, (UNSAFE,), "integer division"),
        Wrong("a list of lists", weights_list, (), ""),
        Wrong("float32 weights", weights_float32, (), "float64"),
        Wrong("He's scale whatever the activation", weights_always_relu, (IGNORES_INPUT, MISCONCEPTION),
              "He's scale, √(2/n_in), for a tanh"),
        Wrong("the uniform limit as the normal's std", weights_bound_as_std, (MISCONCEPTION,), "bound a of a uniform"),
        Wrong("one column broadcast to every unit", weights_one_column_repeated, (MISCONCEPTION,), "symmetry"),
    ], [
        Right("normal", weights_right),
        Right("uniform with the same variance", weights_uniform),
        Right("standard normal divided by √fan", weights_standard_normal_scaled),
        Right("truncated normal, rescaled", weights_truncated),
        Right("Keras's he_uniform and glorot_uniform", weights_keras_uniform),
        Right("rng.normal(scale=...) with math.sqrt", weights_scale_keyword),
    ]),
    "relu_mean_square": ([
        Wrong("E[u^2] over the whole line", sigma ** 2, (MISCONCEPTION,), "over the whole line"),
        Wrong("the variance of relu(u)", sigma ** 2 / 2 - sigma ** 2 / (2 * sympy.pi), (MISCONCEPTION,),
              "the variance of relu(u)"),
        Wrong("the mean of relu(u)", sigma / sympy.sqrt(2 * sympy.pi), (MISCONCEPTION,), "E[relu(u)], the mean"),
        Wrong("the square of the mean", sigma ** 2 / (2 * sympy.pi), (MISCONCEPTION,), "square of the mean"),
        Wrong("halved twice", sigma ** 2 / 4, (MISCONCEPTION,), "halved twice"),
        Wrong("for sigma = 1 only", sympy.Rational(1, 2), (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("the root mean square", sigma / sympy.sqrt(2), (MISCONCEPTION,), "root mean square"),
        Wrong("sigma/2, u not squared", sigma / 2, (MISCONCEPTION,), "That is σ/2"),
        Wrong("the density without 1/sqrt(2 pi sigma^2)",
              sympy.integrate(u ** 2 * sympy.exp(-u ** 2 / (2 * sigma ** 2)), (u, 0, sympy.oo)), (MISCONCEPTION,),
              "normalising factor"),
        Wrong("a float for sigma = 2", sympy.Float(2.0), (EXAMPLE_ONLY,)),
    ], [
        Right("sigma**2/2", sigma ** 2 / 2),
        Right("a float coefficient", 0.5 * sigma ** 2),
        Right("integrated over the whole line, halved by symmetry",
              sympy.integrate(sympy.Symbol("u", real=True) ** 2
                              * sympy.exp(-sympy.Symbol("u", real=True) ** 2 / (2 * sigma ** 2))
                              / sympy.sqrt(2 * sympy.pi * sigma ** 2),
                              (sympy.Symbol("u", real=True), -sympy.oo, sympy.oo)) / 2),
        Right("integrated with a Piecewise relu",
              sympy.integrate(sympy.Piecewise((0, u < 0), (u ** 2, True)) * density, (u, -sympy.oo, sympy.oo))),
        Right("sigma without assumptions", sympy.Symbol("sigma") ** 2 / 2),
    ]),
    "glorot_uniform_bound": ([
        Wrong("the standard deviation as the bound", sympy.sqrt(2 / (n_in + n_out)), (MISCONCEPTION,),
              "used as the bound"),
        Wrong("no square root", 6 / (n_in + n_out), (MISCONCEPTION,), "The square root is missing"),
        Wrong("He's uniform bound", sympy.sqrt(6 / n_in), (MISCONCEPTION, IGNORES_INPUT), "He's uniform bound"),
        Wrong("variance a^2/12", sympy.sqrt(24 / (n_in + n_out)), (MISCONCEPTION,), "its width is 2a"),
        Wrong("1/(n_in + n_out) for the variance", sympy.sqrt(3 / (n_in + n_out)), (MISCONCEPTION,), "with a 2"),
        Wrong("the 300-100 layer's number", sympy.Float(0.1224744871), (EXAMPLE_ONLY,)),
        Wrong("divided by 3", sympy.sqrt(2 / (3 * (n_in + n_out))), (MISCONCEPTION,), "divided by 3"),
        Wrong("the negative root", -sympy.sqrt(6 / (n_in + n_out)), (MISCONCEPTION,), "negative root"),
        Wrong("the root of the numerator only", sympy.sqrt(6) / (n_in + n_out), (MISCONCEPTION,),
              "only the numerator"),
        Wrong("sympy.solve's list, not its element", [sympy.sqrt(6 / (n_in + n_out))], (), ""),
        Wrong("an equation", sympy.Eq(sympy.Symbol("a"), sympy.sqrt(6 / (n_in + n_out))), (), ""),
    ], [
        Right("sqrt(6/(n_in + n_out))", sympy.sqrt(6 / (n_in + n_out))),
        Right("sqrt(6)/sqrt(n_in + n_out)", sympy.sqrt(6) / sympy.sqrt(n_in + n_out)),
        Right("sqrt(3 * 2/(n_in + n_out)) as a power", (3 * 2 / (n_in + n_out)) ** sympy.Rational(1, 2)),
        Right("a float power 0.5", (6 / (n_in + n_out)) ** 0.5),
        Right("solved in symbols without assumptions, positive root picked",
              max(sympy.solve(sympy.Symbol("a") ** 2 / 3 - 2 / (n_in + n_out), sympy.Symbol("a")),
                  key=lambda root: root.subs({n_in: 1, n_out: 1}))),
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
        Wrong("its own tanh, (exp(2u) - 1)/(exp(2u) + 1)", spreads_own_tanh, (UNSAFE,)),
        Wrong("the root mean square", lambda *a: spreads(*a, measure=lambda v: np.sqrt(np.mean(v ** 2))),
              (MISCONCEPTION,), "root mean square"),
        Wrong("ddof=1", lambda *a: spreads(*a, measure=lambda v: np.std(v, ddof=1)), (MISCONCEPTION,), "ddof=1"),
        Wrong("layers.reverse() on the caller's list", spreads_layers_reversed_in_place, (), ""),
        Wrong("G *= slope on the caller's G", spreads_G_in_place, (), ""),
        Wrong("G ignored (ones)", spreads_ignores_G, (IGNORES_INPUT,)),
        Wrong("the inputs' spread included", lambda X, layers, activation, G: (
            np.concatenate([[X.std()], spreads(X, layers, activation, G)[0]]), spreads(X, layers, activation, G)[1]),
              (), "one element too many"),
    ], [
        Right("loops and ACTIVATIONS", spreads),
        Right("einsum, a list of arrays", spreads_one_loop_lists),
        Right("slopes from the outputs, std by hand", spreads_by_hand_slopes),
        Right("its own stable sigmoid, a tuple from a generator", spreads_stable_sigmoid),
    ]),
    "relu_glorot_shrink": ([
        Wrong("the variance's factor", 0.5 ** 15, (MISCONCEPTION,), "factor of the variance"),
        Wrong("16 layers crossed", 2 ** -8, (MISCONCEPTION,), "15 layers, not 16"),
        Wrong("Glorot keeps it", 1.0, (MISCONCEPTION,), "half the time"),
        Wrong("they grow", 2 ** 7.5, (MISCONCEPTION,), "do not grow"),
        Wrong("the lesson's 20 layers", 2 ** -9.5, (EXAMPLE_ONLY,), "This network has 16"),
        Wrong("one layer's factor", 1 / math.sqrt(2), (IGNORES_INPUT, MISCONCEPTION), "one layer's factor"),
        Wrong("the variance's factor over 16 layers", 0.5 ** 16, (MISCONCEPTION,), "over 16 layers"),
        Wrong("rounded to 0.0055", 0.0055, (EXAMPLE_ONLY,)),
    ], [
        Right("a power of 1/sqrt(2)", (1 / math.sqrt(2)) ** 15),
        Right("2 ** -7.5", 2 ** -7.5),
        Right("NumPy", float(np.sqrt(0.5 ** 15))),
        Right("SymPy's exact power", sympy.Integer(2) ** sympy.Rational(-15, 2)),
    ]),
    "sigmoid_slope_product": ([
        Wrong("a sum of slopes", 0.25 * 8, (MISCONCEPTION,), "sum of eight slopes"),
        Wrong("the sigmoid's value at 0", 0.5 ** 8, (MISCONCEPTION,), "value at 0"),
        Wrong("the lesson's ten layers", 0.25 ** 10, (EXAMPLE_ONLY,), "ten layers' product"),
        Wrong("seven slopes", 0.25 ** 7, (MISCONCEPTION,), "seven slopes"),
        Wrong("tanh's slope", 1, (MISCONCEPTION,), "tanh's"),
        Wrong("one slope", 0.25, (IGNORES_INPUT,), "one slope"),
        Wrong("upside down", 4 ** 8, (MISCONCEPTION,), "Upside down"),
        Wrong("they vanish: 0", 0.0, (MISCONCEPTION,), "never 0"),
        Wrong("nine slopes", 0.25 ** 9, (MISCONCEPTION,), "nine slopes"),
    ], [
        Right("0.25 ** 8", 0.25 ** 8),
        Right("4 ** -8", 4.0 ** -8),
        Right("SymPy's fraction", sympy.Rational(1, 4) ** 8),
        Right("1/65536", 1 / 65536),
    ]),
    "dead_units": ([
        Wrong("negative on some sample", dead_any, (MISCONCEPTION,), "*some* sample"),
        Wrong("strictly negative", dead_strict, (MISCONCEPTION,), "exactly 0 is dead too"),
        Wrong("the bias ignored", dead_no_bias, (MISCONCEPTION, IGNORES_INPUT), "leave out the bias"),
        Wrong("a count", dead_count, ()),
        Wrong("per sample", dead_per_sample, ()),
        Wrong("all weights negative (ignores X)", dead_weights_negative, (IGNORES_INPUT, EXAMPLE_ONLY, MISCONCEPTION),
              "by their weights alone"),
        Wrong("the mean sum <= 0", dead_mean_sum, (MISCONCEPTION,), "*average* sum"),
        Wrong("weights and bias <= 0 (ignores X)", dead_weights_and_bias, (MISCONCEPTION, IGNORES_INPUT, EXAMPLE_ONLY),
              "depends on the data"),
        Wrong("the first sample only", dead_first_sample, (MISCONCEPTION, EXAMPLE_ONLY), "first sample only"),
        Wrong("0 and 1 instead of booleans", dead_as_integers, ()),
        Wrong("alive on every sample", lambda X, W, b: np.all(X @ W + b > 0, axis=0), (MISCONCEPTION,),
              "the opposite question"),
        Wrong("a list of booleans", dead_list, ()),
    ], [
        Right("np.all", dead_right),
        Right("no positive ReLU output", dead_from_relu),
        Right("the largest sum", dead_by_max),
        Right("loops", dead_loops),
        Right("no positive sum counted", dead_from_slopes),
        Right("einsum, not any", dead_einsum),
    ]),
    "first_layer_spread": ([
        Wrong("the inputs' standard deviation", 0.3, (MISCONCEPTION,), "inputs' standard deviation"),
        Wrong("near 1", 1.0, (MISCONCEPTION,), "root mean square"),
        Wrong("the variance", 0.45, (MISCONCEPTION,), "That is Var(u)"),
        Wrong("the mean", 0.6, (MISCONCEPTION, IGNORES_INPUT), "the inputs' mean"),
        Wrong("standard deviations added", 0.9, (MISCONCEPTION,), "do not add"),
        Wrong("the digits' 0.484", 0.484, (EXAMPLE_ONLY,)),
        Wrong("the mean added, not its square", math.sqrt(0.3 ** 2 + 0.6), (MISCONCEPTION,),
              "where its square belongs"),
        Wrong("He's variance 2/n_in", math.sqrt(0.9), (MISCONCEPTION,), "He's variance"),
        Wrong("halved as for a ReLU", math.sqrt(0.225), (MISCONCEPTION,), "halved the variance"),
        Wrong("the squared mean subtracted", math.sqrt(0.36 - 0.09), (MISCONCEPTION,), "subtracted the squared mean"),
    ], [
        Right("np.sqrt", float(np.sqrt(0.3 ** 2 + 0.6 ** 2))),
        Right("math.hypot", math.hypot(0.3, 0.6)),
        Right("SymPy", sympy.sqrt(sympy.Rational(45, 100))),
        Right("np.linalg.norm of the two parts", float(np.linalg.norm([0.3, 0.6]))),
    ]),
}
