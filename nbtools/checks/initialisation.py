"""Checks for exercise 10, initialisation and the flow of gradients: one function a question, registered as
``check.<name>``.

The references are ``nbtools.initialisation``'s building blocks and the closed forms lesson 10 derives. The
misconceptions are the curriculum's: He's scale for tanh or Glorot's for ReLU, a variance where a standard
deviation was due (the square root missing or added), n_out where n_in belongs, Var(z) for E[z^2] (ReLU's
factor 2 forgotten), and the activation's slope left out of a delta.

``init_weights`` returns random numbers, so it is judged by their properties, as a statistician would: the
shape, a mean near 0, a standard deviation within a few percent of the right one (any distribution with the
right variance passes: normal, uniform, truncated), the same weights from the same generator state and other
weights from another. Each case draws tens of thousands of weights, so a wrong scale (12% off at the
closest) lies far outside the 4% the check allows, and the right one (an error near 0.4%) far inside. The
cases' sizes keep every known wrong scale at least 8% from every other, so each names its own mistake. A
list, float32 weights, weights all equal and a weight matrix whose columns (units) are all the same fail too.

The cases of the function checks put first the input that separates the most mistakes (``dead_units``:
inputs of either sign), because the engine names the mistake of the first failing case only.
"""

import numpy as np
import sympy

from .. import initialisation
from ..activations import ACTIVATIONS, SLOPES_FROM_OUTPUT
from . import register
from .compare import describe
from .engine import (NOT_ATTEMPTED, TEMPLATE_FUNCTION_HINT, AnswerProblem, Case, CheckResult, Misconception,
                     call_safely, check_function, check_value)

HE_FOR_TANH = ("That is He's scale, √(2/n_in), for a tanh layer. He's factor 2 makes up for the half of the "
               "variance a ReLU throws away; tanh keeps all of it near 0, so its scale is Glorot's, which "
               "weighs the forward and the backward condition.")
GLOROT_FOR_RELU = ("That is Glorot's (Xavier's) scale, √(2/(n_in + n_out)), for a ReLU layer. A ReLU passes "
                   "on only half of the variance, E[relu(u)²] = Var(u)/2, so its weights need twice the "
                   "variance of the forward condition: He's scale.")
SCALES_SWAPPED = ("That is Glorot's (Xavier's) scale for a ReLU layer and He's for a tanh layer: the two are "
                  "swapped. A ReLU passes on only half of the variance, so it needs He's factor 2; tanh keeps "
                  "all of it near 0, so it takes Glorot's.")
VARIANCE_NOT_STD = ("That is the variance. The question asks for the standard deviation, its square root (the "
                    "number `rng.normal` takes as its scale).")
FAN_OUT = ("You divided by n_out. He's forward condition comes from u = Σ_j w_j z_j, a sum over the n_in "
           "inputs: n_in, not n_out, belongs in it.")
FACTOR_TWO = ("That is 1/√n_in, for a ReLU layer: you used E[z²] = Var(u) as for a unit close to the identity. "
              "A ReLU zeroes the negative half, E[relu(u)²] = Var(u)/2, so He's variance has a factor 2 "
              "to make up for it.")
FORWARD_ONLY = ("That is 1/√n_in, the forward condition alone (LeCun's scale). Glorot's scale is the compromise "
                "between Var(w) = 1/n_in (forwards) and 1/n_out (backwards), the harmonic mean of the two.")
BACKWARD_ONLY = ("That is 1/√n_out, the backward condition alone. Glorot's scale is the compromise between "
                 "Var(w) = 1/n_in (forwards) and 1/n_out (backwards), the harmonic mean of the two.")
PRECEDENCE = ("Check your brackets: `2 / n_in + n_out` divides 2 by n_in and then adds n_out. The whole sum "
              "n_in + n_out belongs under the 2: `2 / (n_in + n_out)`.")
GLOROT_WITHOUT_TWO = ("That is √(1/(n_in + n_out)): Glorot's variance averages the forward and backward "
                      "conditions, 1/n_in and 1/n_out, and their harmonic mean has a 2 on top.")
UNIFORM_BOUND = ("That is the bound a of a uniform distribution on [-a, a], √3 times the standard deviation "
                 "(a uniform's variance is a²/3). The question asks for the standard deviation itself.")
ROOT_OF_DENOMINATOR = ("You took the square root of n_in alone: the standard deviation is the square root of "
                       "the whole variance, 2 included.")


# --- Question 1: the variance of a weighted sum ------------------------------------------------------

@register
def sum_variance(answer):
    """Q1: Var(u) of a sum of 300 inputs (mean 0.5, standard deviation 0.6) times weights of standard
    deviation 0.05: n_in Var(w) E[z²] = 300 · 0.0025 · (0.36 + 0.25) = 0.4575."""
    n, weight_var, mean_square = 300, 0.05 ** 2, 0.6 ** 2 + 0.5 ** 2
    misconceptions = [
        Misconception("You used the inputs' variance, Var(z) = 0.36. The formula needs E[z²] = Var(z) + E[z]²: "
                      "the inputs' mean 0.5 does not cancel.", n * weight_var * 0.6 ** 2),
        Misconception("You used the weights' standard deviation, 0.05, where their variance belongs: "
                      "Var(w) = 0.05².", n * 0.05 * mean_square),
        Misconception("You used the inputs' standard deviation where their variance belongs: E[z²] = 0.6² + "
                      "0.5².", n * weight_var * (0.6 + 0.5 ** 2)),
        Misconception("That is the standard deviation of u, the square root. The question asks for the "
                      "variance.", np.sqrt(n * weight_var * mean_square)),
        Misconception("You forgot the number of inputs: u is a sum of 300 terms, each adding Var(w) E[z²].",
                      weight_var * mean_square),
        Misconception("You used only the inputs' mean, E[z]² = 0.25. E[z²] = Var(z) + E[z]² has both.",
                      n * weight_var * 0.5 ** 2),
        Misconception("You added the inputs' mean, 0.5, where its square belongs: E[z²] = Var(z) + E[z]², a "
                      "variance plus a squared mean.", n * weight_var * (0.6 ** 2 + 0.5)),
        Misconception("You added E[z]² outside the product: each of the 300 terms w_j z_j contributes "
                      "Var(w)·E[z_j²], so the mean's part is multiplied by n Var(w) like the variance's.",
                      n * weight_var * 0.6 ** 2 + 0.5 ** 2),
        Misconception("You multiplied standard deviations (0.05 and 0.6): Var(u) is built from variances, "
                      "Var(w) = 0.05², and from E[z²], which includes the inputs' mean.", n * 0.05 * 0.6),
        Misconception("You used the weights' standard deviation, 0.05, where their variance belongs, and "
                      "left out the inputs' mean.", n * 0.05 * 0.6 ** 2),
    ]
    return check_value(answer, n * weight_var * mean_square, misconceptions)


# --- Question 2: the standard deviation for a layer ----------------------------------------------------

def _scale(rule):
    """A function (activation, n_in, n_out) -> standard deviation from ``rule(activation, n_in, n_out)``."""
    return lambda activation, n_in, n_out: float(rule(activation, n_in, n_out))


def _he(n_in, n_out):
    return np.sqrt(2 / n_in)


def _glorot(n_in, n_out):
    return np.sqrt(2 / (n_in + n_out))


INIT_STD_CASES = [Case(args, f"activation {args[0]!r}, n_in = {args[1]}, n_out = {args[2]}") for args in [
    ("relu", 100, 400), ("tanh", 400, 100), ("relu", 784, 32), ("tanh", 64, 10), ("relu", 50, 50),
    ("tanh", 30, 30)]]


@register
def init_std(answer):
    """Q2: ``init_std(activation, n_in, n_out)``: He's √(2/n_in) for "relu", Glorot's √(2/(n_in + n_out))
    for "tanh"."""
    misconceptions = [
        Misconception(HE_FOR_TANH, _scale(lambda a, i, o: _he(i, o))),
        Misconception(GLOROT_FOR_RELU, _scale(lambda a, i, o: _glorot(i, o))),
        Misconception(SCALES_SWAPPED, _scale(lambda a, i, o: _glorot(i, o) if a == "relu" else _he(i, o))),
        Misconception(VARIANCE_NOT_STD, _scale(lambda a, i, o: initialisation.init_std(a, i, o) ** 2)),
        Misconception(FAN_OUT, _scale(lambda a, i, o: _he(o, i) if a == "relu" else _glorot(i, o))),
        Misconception(FACTOR_TWO, _scale(lambda a, i, o: 1 / np.sqrt(i) if a == "relu" else _glorot(i, o))),
        Misconception(FORWARD_ONLY, _scale(lambda a, i, o: _he(i, o) if a == "relu" else 1 / np.sqrt(i))),
        Misconception(BACKWARD_ONLY, _scale(lambda a, i, o: _he(i, o) if a == "relu" else 1 / np.sqrt(o))),
        Misconception(PRECEDENCE, _scale(lambda a, i, o: _he(i, o) if a == "relu" else np.sqrt(2 / i + o))),
        Misconception(GLOROT_WITHOUT_TWO, _scale(lambda a, i, o: _he(i, o) if a == "relu" else np.sqrt(1 / (i + o)))),
        Misconception(UNIFORM_BOUND, _scale(lambda a, i, o: np.sqrt(3) * initialisation.init_std(a, i, o))),
        Misconception("Your scale is 0: `2 // n_in` is an integer division, which rounds 2/n_in down to 0. "
                      "Use `/`.", _scale(lambda a, i, o: np.sqrt(2 // i) if a == "relu" else np.sqrt(2 // (i + o)))),
        Misconception(ROOT_OF_DENOMINATOR, _scale(lambda a, i, o: 2 / np.sqrt(i) if a == "relu"
                                                  else 2 / np.sqrt(i + o))),
    ]
    return check_function(answer, initialisation.init_std, INIT_STD_CASES, misconceptions)


# --- Question 3: drawing the weights ------------------------------------------------------------------

INIT_WEIGHTS_CASES = [(300, 120, "relu", 10), (100, 300, "tanh", 11), (200, 200, "relu", 12),
                      (400, 100, "tanh", 13)]
STD_TOLERANCE = 0.04  # relative; the sample standard deviation of 20,000+ weights is off by about 0.5%
WRONG_SCALES = [  # (hint, the standard deviation that mistake draws with, or None where it makes none)
    ("You passed the variance as `rng.normal`'s scale, so your weights' standard deviation is the variance. "
     "`rng.normal(0.0, scale)` takes the standard deviation: pass the square root of the variance.",
     lambda a, i, o: initialisation.init_std(a, i, o) ** 2),
    (HE_FOR_TANH, lambda a, i, o: _he(i, o) if a == "tanh" else None),
    (GLOROT_FOR_RELU, lambda a, i, o: _glorot(i, o) if a == "relu" else None),
    (FAN_OUT, lambda a, i, o: _he(o, i) if a == "relu" else None),
    (FACTOR_TWO, lambda a, i, o: 1 / np.sqrt(i) if a == "relu" else None),
    (FORWARD_ONLY, lambda a, i, o: 1 / np.sqrt(i) if a == "tanh" else None),
    (BACKWARD_ONLY, lambda a, i, o: 1 / np.sqrt(o) if a == "tanh" else None),
    ("You drew uniformly on [-σ, σ] with σ the standard deviation: a uniform distribution on [-a, a] has "
     "variance a²/3, so its standard deviation is a/√3. Widen the bound by √3.",
     lambda a, i, o: initialisation.init_std(a, i, o) / np.sqrt(3)),
    (UNIFORM_BOUND.replace("The question asks for the standard deviation itself.",
                           "You passed it to `rng.normal` as the standard deviation."),
     lambda a, i, o: np.sqrt(3) * initialisation.init_std(a, i, o)),
]
LOC_NOT_SCALE = ("`rng.normal(std, size=...)` takes std as the *mean* (`loc`, its first argument) and draws with "
                 "standard deviation 1. Pass the mean 0 first, or name it: `rng.normal(0.0, std, size=...)` or "
                 "`rng.normal(scale=std, size=...)`.")
SAME_GENERATOR = ("Use the generator `rng` you are given (`rng.normal(...)`): the same generator state must "
                  "give the same weights, so that a seed decides them.")
IGNORES_GENERATOR = ("Your weights are the same whatever generator you are given: draw them from `rng`, not from "
                     "a generator of your own.")


def weights_problem(draw, again, other, n_in, n_out, activation):
    """``(problem, hint)`` for weights ``draw`` meant for a layer (n_in, n_out, activation), or None when they
    look right. ``again`` came from a generator in the same state, ``other`` from another."""
    if not all(isinstance(w, np.ndarray) for w in (draw, again, other)):
        kind = type(draw).__name__
        if isinstance(draw, (list, tuple)):
            return (f"Your answer is a {kind}; a NumPy array was expected. Return the array `rng.normal(...)` "
                    "gives (no `.tolist()`).", "")
        return f"Your answer is {describe(draw)}; a NumPy array of numbers was expected.", ""
    if not all(w.dtype.kind in "fiu" for w in (draw, again, other)):
        return f"Your array has dtype {draw.dtype}; a NumPy array of numbers was expected.", ""
    if draw.dtype.kind != "f" or draw.dtype.itemsize < 8:
        return (f"Your array has dtype {draw.dtype}; expected float64 (the workbook computes in float64).",
                "Draw the weights as float64, NumPy's default: leave out `dtype=` and `.astype(...)`.")
    if draw.shape != (n_in, n_out):
        hint = "Transposed: W has shape (n_in, n_out), one row per input." if draw.shape == (n_out, n_in) else ""
        return f"Your array has shape {draw.shape}; expected ({n_in}, {n_out}).", hint
    if not np.all(np.isfinite(draw)):
        return "Your weights contain NaN or infinity.", ""
    if np.all(draw == draw.flat[0]):
        return (f"All your weights are equal ({draw.flat[0]:.4g}): their standard deviation is 0.",
                "Equal weights never break the symmetry between units. Check the scale you draw with: an "
                "integer division such as `2 // n_in` is 0.")
    if draw.ndim == 2 and min(draw.shape) > 1 and (np.all(draw == draw[:, :1]) or np.all(draw == draw[:1])):
        same = "column" if np.all(draw == draw[:, :1]) else "row"
        return (f"Every {same} of your weight matrix is the same.",
                "Draw every weight on its own (`size=(n_in, n_out)`): a repeated row or column makes weights "
                "equal that should be independent, and units whose weights are equal compute the same thing "
                "and get the same gradients, so the symmetry between them never breaks.")
    if again.shape != draw.shape or not np.array_equal(again, draw):
        return "Two calls with generators in the same state gave different weights.", SAME_GENERATOR
    if other.shape == draw.shape and np.array_equal(other, draw):
        return "Generators with different seeds gave the same weights.", IGNORES_GENERATOR
    expected = initialisation.init_std(activation, n_in, n_out)
    std, mean = draw.std(), draw.mean()
    if abs(mean) > 5 * std / np.sqrt(draw.size):  # five standard errors of the mean
        loc_not_scale = abs(mean / expected - 1) <= STD_TOLERANCE and abs(std - 1) <= STD_TOLERANCE
        hint = LOC_NOT_SCALE if loc_not_scale else "Draw from a distribution with mean 0 (`rng.normal(0.0, std, ...)`)."
        return f"Your weights' mean is {mean:.4g}: they should be centred on 0.", hint
    if abs(std / expected - 1) > STD_TOLERANCE:
        hint = next((hint for hint, wrong in WRONG_SCALES if (scale := wrong(activation, n_in, n_out))
                     and abs(std / scale - 1) <= STD_TOLERANCE), "")
        return (f"Your weights' standard deviation is {std:.4g}, {std / expected:.3g} times the right one.", hint)
    return None


@register
def init_weights(answer):
    """Q3: ``init_weights(n_in, n_out, activation, rng)``: weights with mean 0 and ``init_std``'s standard
    deviation, drawn from ``rng``. Judged by their properties, so any distribution of that variance passes."""
    passed, failure = 0, None
    for n_in, n_out, activation, seed in INIT_WEIGHTS_CASES:
        label = f"n_in = {n_in}, n_out = {n_out}, activation {activation!r}, rng = np.random.default_rng({seed})"
        try:
            draws = [call_safely(answer, (n_in, n_out, activation, np.random.default_rng(s)),
                                 ["n_in", "n_out", "activation", "rng"]) for s in (seed, seed, seed + 100)]
        except AnswerProblem as problem:
            if problem.not_attempted:
                return CheckResult("", NOT_ATTEMPTED, 0, len(INIT_WEIGHTS_CASES), hint=TEMPLATE_FUNCTION_HINT)
            failure = failure or dict(case=label, problem=str(problem))
            if problem.fatal:
                break
            continue
        verdict = weights_problem(*draws, n_in, n_out, activation)
        if verdict is None:
            passed += 1
        elif failure is None:
            problem, hint = verdict
            failure = dict(case=label, received=describe(draws[0]), problem=problem, hint=hint)
    if failure is None:
        return CheckResult("", "passed", passed, len(INIT_WEIGHTS_CASES))
    return CheckResult("", "failed", passed, len(INIT_WEIGHTS_CASES), **failure)


# --- Question 4: E[relu(u)^2], symbolically --------------------------------------------------------------

@register
def relu_mean_square(answer):
    """Q4: E[relu(u)²] for u normal with mean 0 and standard deviation σ: σ²/2."""
    sigma = sympy.Symbol("sigma", positive=True)
    mean = sigma / sympy.sqrt(2 * sympy.pi)
    misconceptions = [
        Misconception("That is E[u²] = σ², over the whole line. A ReLU outputs 0 for u < 0: integrate u² times "
                      "the density from 0 to ∞ only.", sigma ** 2),
        Misconception("That is the variance of relu(u), E[relu(u)²] - E[relu(u)]². The formula for Var(u) of "
                      "the next layer needs E[z²] itself, mean included.", sigma ** 2 / 2 - mean ** 2),
        Misconception("That is E[relu(u)], the mean, σ/√(2π). The question asks for the mean of the square.",
                      mean),
        Misconception("That is the square of the mean, E[relu(u)]². The question asks for the mean of the "
                      "square, E[relu(u)²].", mean ** 2),
        Misconception("That is σ/2: take the square of u inside the integral (the answer is a variance, in "
                      "units of σ²).", sigma / 2),
        Misconception("You halved twice: by symmetry the positive half of the line carries half of "
                      "E[u²] = σ², and that half is the whole of E[relu(u)²].", sigma ** 2 / 4),
        Misconception("That is √E[relu(u)²], a root mean square in units of σ. The question asks for the mean "
                      "of the square itself.", sigma / sympy.sqrt(2)),
        Misconception("Your density is missing its normalising factor 1/√(2πσ²): without it it does not "
                      "integrate to 1, and the mean comes out √(2π)σ times too large.",
                      sigma ** 3 * sympy.sqrt(sympy.pi / 2)),
    ]
    return check_value(answer, sigma ** 2 / 2, misconceptions)


# --- Question 5: Glorot's uniform bound ---------------------------------------------------------------

@register
def glorot_uniform_bound(answer):
    """Q5: the a of a uniform distribution on [-a, a] with variance 2/(n_in + n_out): √(6/(n_in + n_out))."""
    n_in, n_out = sympy.symbols("n_in n_out", positive=True)
    fans = n_in + n_out
    misconceptions = [
        Misconception("That is the standard deviation √(2/(n_in + n_out)), used as the bound. A uniform "
                      "distribution on [-a, a] has variance a²/3, not a²: the bound is wider than the standard "
                      "deviation.", sympy.sqrt(2 / fans)),
        Misconception("The square root is missing: you solved for a², and the question asks for a.", 6 / fans),
        Misconception("You divided by 3 where you should multiply: the variance is a²/3, so a² is three times "
                      "the variance.", sympy.sqrt(2 / (3 * fans))),
        Misconception("That is the negative root of a² = ...: `sympy.solve` gives both, and the bound a is the "
                      "positive one (declare `a` positive, or pick it).", -sympy.sqrt(6 / fans)),
        Misconception("Your square root covers only the numerator: the bound is the square root of the whole "
                      "fraction.", sympy.sqrt(6) / fans),
        Misconception("That is He's uniform bound, √(6/n_in), for ReLU. Glorot's variance is "
                      "2/(n_in + n_out).", sympy.sqrt(6 / n_in)),
        Misconception("The variance of a uniform distribution on [-a, a] is (2a)²/12 = a²/3: its width is 2a, "
                      "not a.", sympy.sqrt(24 / fans)),
        Misconception("Glorot's variance is 2/(n_in + n_out), with a 2: the average of 1/n_in and 1/n_out's "
                      "conditions, not their sum.", sympy.sqrt(3 / fans)),
    ]
    return check_value(answer, sympy.sqrt(6 / fans), misconceptions)


# --- Question 6: the spreads, layer by layer ------------------------------------------------------------

def _spreads_slip(slip):
    """``layer_spreads`` with one slip, by name."""
    def spreads(X, layers, activation, G):
        Z, U = [X], []
        f, f_derivative = ACTIVATIONS[activation]
        for W, b in layers:
            U.append(Z[-1] @ W + (0 if slip == "no bias" else b))
            Z.append(f(U[-1]))
        deltas, dE_dZ = [], G
        for l in reversed(range(len(layers))):
            if slip == "no slope":
                slope = 1.0
            elif slip == "slope of z":
                slope = f_derivative(Z[l + 1])
            else:
                slope = SLOPES_FROM_OUTPUT[activation](Z[l + 1])
            deltas.append(dE_dZ * slope)
            dE_dZ = deltas[-1] @ layers[l][0].T
        forward = U if slip == "sums" else Z[1:]
        deltas = deltas if slip == "reversed" else deltas[::-1]
        if slip == "variance":
            return np.array([z.var() for z in forward]), np.array([d.var() for d in deltas])
        if slip == "per unit":
            return np.array([z.std(axis=0).mean() for z in forward]), np.array([d.std(axis=0).mean() for d in deltas])
        if slip == "rms":
            return (np.array([np.sqrt(np.mean(z ** 2)) for z in forward]),
                    np.array([np.sqrt(np.mean(d ** 2)) for d in deltas]))
        ddof = 1 if slip == "ddof" else 0
        return np.array([z.std(ddof=ddof) for z in forward]), np.array([d.std(ddof=ddof) for d in deltas])
    return spreads


def _spreads_cases():
    rng = np.random.default_rng(16)
    cases = []
    for sizes, activation, n, gain in [([5, 4, 3, 6], "tanh", 7, 1.2), ([3, 6, 6, 2, 4], "relu", 9, 1.2),
                                       ([4, 3, 5], "sigmoid", 6, 1.2), ([2, 8, 8, 8, 8, 3], "relu", 5, 1.2),
                                       ([3, 5, 4], "sigmoid", 6, 500.0), ([4, 6, 3], "tanh", 8, 500.0)]:
        X, G = rng.standard_normal((n, sizes[0])), rng.standard_normal((n, sizes[-1]))
        layers = [(rng.normal(0, gain / np.sqrt(a), size=(a, b)), rng.normal(0, 0.5, size=b))
                  for a, b in zip(sizes[:-1], sizes[1:])]
        sums = "sums in the hundreds" if gain > 100 else "biases not 0"
        cases.append(Case((X, layers, activation, G), f"{activation} layers {'-'.join(map(str, sizes))}, "
                                                      f"{n} samples, {sums}"))
    return cases


@register
def layer_spreads(answer):
    """Q6: ``layer_spreads(X, layers, activation, G)``: each layer's standard deviation of z = f(u) and of its
    deltas dE/du, first layer first."""
    misconceptions = [
        Misconception("Your deltas leave out the activation's slope: δ = (δ_above Wᵀ) ⊙ f′(u), and f′(u) is what "
                      "makes a sigmoid's gradients vanish. Without it you measured ∂E/∂z, not ∂E/∂u.",
                      _spreads_slip("no slope")),
        Misconception("Your slope is f′ evaluated at the output z. The slope belongs at the sum u: f′(u), which "
                      "for the sigmoid is z(1 - z) written with z.", _spreads_slip("slope of z")),
        Misconception("Your first array holds the spreads of the sums u. The question asks for the "
                      "activations z = f(u), the layers' outputs.", _spreads_slip("sums")),
        Misconception("Your deltas' spreads are in the order you computed them, last layer first. Return them "
                      "first layer first, like the activations'.", _spreads_slip("reversed")),
        Misconception("Those are variances: the question asks for standard deviations (`np.std`), their "
                      "square roots.", _spreads_slip("variance")),
        Misconception("You averaged the standard deviations of the units (`axis=0`). The spread is one "
                      "standard deviation over every sample and unit of the layer: `np.std(Z)`.",
                      _spreads_slip("per unit")),
        Misconception("Your sums leave out the biases: u = z W + b.", _spreads_slip("no bias")),
        Misconception("That is the root mean square, √mean(z²), not the standard deviation: it counts the mean "
                      "too (a sigmoid's outputs have mean near 1/2). `np.std` subtracts the mean first.",
                      _spreads_slip("rms")),
        Misconception("You divided by N - 1 (`ddof=1`, the sample standard deviation). The question asks for "
                      "`np.std` of the whole array, which divides by N.", _spreads_slip("ddof")),
    ]
    return check_function(answer, initialisation.layer_spreads, _spreads_cases(), misconceptions)


# --- Question 7: the deltas of a deep ReLU network at Glorot's scale ----------------------------------------

@register
def relu_glorot_shrink(answer):
    """Q7: 16 square ReLU layers at Glorot's scale: the deltas' standard deviation at layer 1 over layer 16's,
    (1/√2)^15 = 2^(-7.5)."""
    misconceptions = [
        Misconception("That is the factor of the variance. The question asks about the standard deviation, "
                      "the square root of the variance's factor.", 0.5 ** 15),
        Misconception("From layer 16 down to layer 1 the deltas pass 15 layers, not 16: count the layers "
                      "crossed, not the layers.", 2 ** -8),
        Misconception("That is the factor of the variance over 16 layers. The question asks about the standard "
                      "deviation (a square root), and from layer 16 to layer 1 the deltas cross 15 layers.",
                      0.5 ** 16),
        Misconception("Glorot's scale keeps the spread for units whose slope is near 1. A ReLU's slope is 0 "
                      "half the time, E[f′(u)²] = 1/2, so each layer halves the deltas' variance.", 1),
        Misconception("The deltas shrink, they do not grow: each layer multiplies their variance by "
                      "n_out Var(w) E[f′(u)²] = 1 · 1/2.", 2 ** 7.5),
        Misconception("That is lesson 10's question, 20 layers (2^(-9.5)). This network has 16.", 2 ** -9.5),
        Misconception("That is one layer's factor, 1/√2. From layer 16 to layer 1 the deltas cross 15 layers, "
                      "and the factors multiply.", 1 / np.sqrt(2)),
    ]
    return check_value(answer, 2 ** -7.5, misconceptions)


# --- Question 8: a product of sigmoid slopes ------------------------------------------------------------

@register
def sigmoid_slope_product(answer):
    """Q8: the largest product of the sigmoid's slopes along a path through 8 layers: (1/4)^8."""
    misconceptions = [
        Misconception("That is a sum of eight slopes. The chain rule multiplies them.", 0.25 * 8),
        Misconception("0.5 is the sigmoid's value at 0, σ(0). Its slope there, the largest, is σ(0)(1 - σ(0)) "
                      "= 1/4.", 0.5 ** 8),
        Misconception("That is ten layers' product, lesson 10's. This path crosses eight.", 0.25 ** 10),
        Misconception("That is seven slopes' product: the path picks up one slope in each of the eight layers, "
                      "the first layer's too.", 0.25 ** 7),
        Misconception("Upside down: each slope is at most 1/4, so their product is at most a small number, not "
                      "a large one.", 4.0 ** 8),
        Misconception("The product shrinks fast but is never 0: each slope σ'(u) = σ(u)(1 - σ(u)) is positive. "
                      "The question asks for its largest value.", 0),
        Misconception("That is nine slopes' product: the path crosses eight layers, one slope each.", 0.25 ** 9),
        Misconception("A slope of 1 at 0 is tanh's. The sigmoid's slope is at most 1/4.", 1),
        Misconception("That is one slope. Along eight layers the chain rule multiplies eight of them.", 0.25),
    ]
    return check_value(answer, 0.25 ** 8, misconceptions)


# --- Question 9: dead units ------------------------------------------------------------------------------

def _dead_cases():
    rng = np.random.default_rng(18)
    X = rng.standard_normal((10, 4))                      # standardised inputs, of either sign: the case that
    W, b = rng.normal(size=(4, 6)), rng.normal(0, 0.5, size=6)  # separates most slips, so it comes first
    W[:, 0], b[0] = -np.abs(W[:, 0]), -0.1                # every weight negative, alive on negative inputs
    b[1] = -np.max(X @ W[:, 1]) - 1.0                     # dead, whatever the signs of its weights
    sums = X @ W[:, 2]                                    # positive on one sample only: its mean is negative
    b[2] = 0.5 - np.max(sums)
    b[3] = 0.2 - np.min(X @ W[:, 3])                      # negative on none...
    b[3] -= 0.4                                           # ...then on the sample or two with the smallest sums
    W[:, 4], b[4] = 0.0, 0.0                              # u = 0 on every sample: dead too
    W[:, 5], b[5] = -np.abs(W[:, 5]), 0.3                 # negative weights, a positive bias: alive
    cases = [Case((X, W, b), f"X of shape {X.shape} (standardised: entries of either sign), W {W.shape}, "
                             f"b {b.shape}")]
    for n, n_in, n_units in [(12, 4, 7), (6, 3, 9), (20, 5, 4)]:
        X = np.abs(rng.normal(size=(n, n_in)))            # non-negative, like pixels
        W, b = rng.normal(size=(n_in, n_units)), rng.normal(0, 0.5, size=n_units)
        W[:, 0], b[0] = 0.0, 0.0                          # u = 0 on every sample: dead too
        W[:, 1], b[1] = -np.abs(W[:, 1]), 0.3             # the bias alone keeps it alive on small inputs
        cases.append(Case((X, W, b), f"X of shape {X.shape} (non-negative), W {W.shape}, b {b.shape}"))
    return cases


@register
def dead_units(answer):
    """Q9: ``dead_units(X, W, b)``: True for each unit whose sum is <= 0 on every sample."""
    misconceptions = [
        Misconception("You marked units that are negative on *some* sample. A unit is dead only when u <= 0 on "
                      "every sample (`np.all`): then no sample passes a gradient back through it.",
                      lambda X, W, b: np.any(X @ W + b <= 0, axis=0)),
        Misconception("A unit whose sum is exactly 0 is dead too: ReLU's slope at 0 is 0 (the libraries' "
                      "convention), so it passes no gradient. Use u <= 0.",
                      lambda X, W, b: np.all(X @ W + b < 0, axis=0)),
        Misconception("Your sums leave out the bias: u = X W + b.", lambda X, W, b: np.all(X @ W <= 0, axis=0)),
        Misconception("You marked the units alive on every sample (u > 0 everywhere), the opposite question.",
                      lambda X, W, b: np.all(X @ W + b > 0, axis=0)),
        Misconception("You tested the *average* sum over the samples. A unit whose mean sum is negative can still "
                      "be positive on a few samples, and those pass gradients: dead means u <= 0 on every "
                      "sample.", lambda X, W, b: np.mean(X @ W + b, axis=0) <= 0),
        Misconception("You judged the units by their weights and bias alone. Whether a unit is dead depends on "
                      "the data: with inputs of either sign, negative weights can still give a positive sum. "
                      "Compute the sums u = X W + b.",
                      lambda X, W, b: np.all(W <= 0, axis=0) & (b <= 0)),
        Misconception("You judged the units by their weights alone. Whether a unit is dead depends on the data "
                      "and the bias: with inputs of either sign, negative weights can still give a positive sum. "
                      "Compute the sums u = X W + b.", lambda X, W, b: np.all(W <= 0, axis=0)),
        Misconception("You looked at the first sample only: a unit is dead when u <= 0 on *every* sample.",
                      lambda X, W, b: (X @ W + b)[0] <= 0),
    ]
    return check_function(answer, initialisation.dead_units, _dead_cases(), misconceptions)


# --- Question 10: init_layer's scale on unstandardised inputs -------------------------------------------------

@register
def first_layer_spread(answer):
    """Q10: the standard deviation of first-layer sums with Var(w) = 1/n_in, inputs of mean 0.6 and standard
    deviation 0.3: √E[x²] = √0.45."""
    misconceptions = [
        Misconception("That is the inputs' standard deviation. With Var(w) = 1/n_in, Var(u) = E[x²] = "
                      "Var(x) + E[x]²: the mean 0.6 counts too.", 0.3),
        Misconception("1/√n_in makes the sums' spread equal to the inputs' root mean square, which is 1 only "
                      "for inputs of size about 1. Compute √E[x²].", 1),
        Misconception("That is Var(u) = E[x²]. The question asks for the standard deviation, its square "
                      "root.", 0.45),
        Misconception("That is the inputs' mean. Var(u) = E[x²] = Var(x) + E[x]².", 0.6),
        Misconception("Standard deviations do not add: the variance and the squared mean do, and the spread "
                      "is a square root at the end.", 0.9),
        Misconception("You added the inputs' mean, 0.6, where its square belongs: E[x²] = Var(x) + E[x]².",
                      np.sqrt(0.3 ** 2 + 0.6)),
        Misconception("That uses He's variance, 2/n_in. `init_layer` draws with Var(w) = 1/n_in, so "
                      "Var(u) = E[x²] without a factor 2.", np.sqrt(2 * 0.45)),
        Misconception("You halved the variance as for a ReLU's outputs. The inputs here are pixels, not "
                      "ReLU outputs: all of E[x²] counts.", np.sqrt(0.45 / 2)),
        Misconception("You subtracted the squared mean: E[x²] = Var(x) + E[x]², a sum.",
                      np.sqrt(0.6 ** 2 - 0.3 ** 2)),
    ]
    return check_value(answer, np.sqrt(0.45), misconceptions)
