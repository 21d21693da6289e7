"""Checks for exercise 12, generalisation and regularisation: one function a question, registered as
``check.<name>``.

The references are ``nbtools.regularisation``'s building blocks (the L2 penalty with its ½, its gradient
term λW on the weights only, inverted dropout and its backward pass) and ``layers.forward`` for a network at
evaluation. The misconceptions are the ones lesson 12 names: L2 added to the loss but not to the gradient,
the penalty's gradient 2λw where the ½ makes it λw (and λw where there is no ½), decayed biases, dropout
scaled at evaluation instead of during training, the keep probability taken for the drop probability, and
hyperparameters chosen on the test set (or on one lucky seed).

A dropout mask is random, so the question that draws one (``dropout_mask_draw``) is judged by the mask's
properties, not against one expected mask: any correct way of drawing it passes, and a mask that is not one
independent draw a unit (shared by the rows, by a row's units, an exact count, normal numbers) is named.

The cases are chosen to separate: a case with logits in the hundreds or more for the questions that compute a
softmax (an unsafe softmax or log(0) fails), masks whose kept share is not p (one row all dropped), histories
and searches in which each wrong way of choosing an epoch or a setting picks a different one, so that the hint
names the mistake the answer made and not another that happens to give the same value. The mutation table
``tests/mutation_tables/ex12_regularisation.py`` holds a wrong answer for every misconception here (a test in
``tests/test_regularisation.py`` keeps the two in step).
"""

import math

import numpy as np
import sympy

from ..layers import forward
from ..regularisation import dropout, l2_penalty, regularised_loss_and_gradients
from . import register
from .compare import describe
from .engine import (NOT_ATTEMPTED, TEMPLATE_FUNCTION_HINT, AnswerProblem, Case, CheckResult, Misconception,
                     call_safely, check_function, check_value)

NETWORK = ["relu", "identity"]  # questions 7 and 8: one hidden layer
LOSS = "softmax_cross_entropy"

L2_NOT_IN_GRADIENT = ("You added the penalty to the loss but not to the gradient: the step never sees it, so "
                      "the weights are not decayed at all. Differentiate the penalty too, and add its gradient to "
                      "each dE/dW.")
TWICE_LAMBDA = ("Your penalty term is 2λW: that is the gradient of λ·Σw², without the ½. With the penalty "
                "(λ/2)·Σw² of this question the ½ cancels the 2 that differentiating w² brings down.")
BIASES_DECAYED = ("You decayed the biases too. The penalty is on the weights only: a bias shifts a unit's "
                  "output without making the network more sensitive to its inputs, so it is left alone "
                  "(dE/db unchanged, and no b² in the penalty).")
NOT_SCALED_IN_TRAINING = ("You dropped the units but did not divide by the keep probability. Inverted dropout "
                          "does its scaling during training, so that each output keeps its expected value and the "
                          "network is used unchanged at evaluation; scaling at evaluation instead is the other "
                          "convention, and mixing the two shrinks every output by p.")
KEEP_AS_DROP = ("You used 1 - p where p is meant: `keep_probability` is the probability of *keeping* a unit, "
                "not of dropping it.")
SCALED_AT_EVALUATION = ("You multiplied by p at evaluation (the hidden outputs, the weights or the logits). With "
                        "inverted dropout the division by p already happened during training, so at evaluation the "
                        "network is used as it is: no mask and no scaling.")
ONE_LAYER = ("You left some layers' weights out (the output layer's, or all but one layer's): the penalty sums "
             "the squared weights of every layer.")
SOME_LAYERS_DECAYED = ("Only some layers' weights got the penalty's term λW: every layer's dE/dW gets its own λW, "
                       "as every layer's weights are in the penalty.")
BACKWARD_ORDER = ("Your gradients are in the backward pass's order, the output layer first: return them in the "
                  "order of `layers`, the first layer's (dE/dW, dE/db) first.")
MASK_SHARE = ("You divided by the share of units this mask happened to keep. Inverted dropout divides by the keep "
              "probability p, the same number whatever the mask, so that the *expected* output is Z (and a row "
              "with every unit dropped does not divide 0 by 0).")


def _layers(rng, sizes):
    """Random layers with biases that are not 0 (so that a decayed bias shows)."""
    return [(rng.normal(size=(n_in, n_out)) / np.sqrt(n_in), rng.normal(size=n_out))
            for n_in, n_out in zip(sizes[:-1], sizes[1:])]


# --- Question 1: the penalty --------------------------------------------------------------------------

def _penalty_cases():
    rng = np.random.default_rng(12)
    return [Case((_layers(rng, [3, 4, 2]), 0.01), "a 3-4-2 network, weight_decay = 0.01"),
            Case((_layers(rng, [5, 3, 3, 2]), 0.3), "a 5-3-3-2 network, weight_decay = 0.3"),
            Case((_layers(rng, [2, 6]), 2e-4), "one 2-6 layer, weight_decay = 0.0002")]


@register
def l2_penalty_of_weights(answer):
    """Q1: ``l2_penalty(layers, weight_decay)``: (λ/2) Σ w² over every weight, no biases."""
    misconceptions = [
        Misconception(BIASES_DECAYED, lambda layers, lam: lam / 2 * sum(np.sum(W ** 2) + np.sum(b ** 2)
                                                                      for W, b in layers)),
        Misconception("Your penalty is twice the right one: it is (λ/2)·Σw², with the ½.",
                      lambda layers, lam: lam * sum(np.sum(W ** 2) for W, _ in layers)),
        Misconception("You added the norms ‖W‖ of the layers, not their squares: the penalty is (λ/2) times the "
                      "sum of every *squared* weight.",
                      lambda layers, lam: lam / 2 * sum(np.sqrt(np.sum(W ** 2)) for W, _ in layers)),
        Misconception("You took the mean of the squared weights; the penalty is their sum, (λ/2)·Σw².",
                      lambda layers, lam: lam / 2 * sum(np.mean(W ** 2) for W, _ in layers)),
        Misconception(ONE_LAYER, lambda layers, lam: lam / 2 * np.sum(layers[0][0] ** 2)),
        Misconception(ONE_LAYER, lambda layers, lam: lam / 2 * np.sum(layers[-1][0] ** 2)),
        Misconception(ONE_LAYER, lambda layers, lam: lam / 2 * sum(np.sum(W ** 2) for W, _ in layers[:-1])),
        Misconception("You summed the absolute values |w|: that is the L1 penalty. L2 squares each weight.",
                      lambda layers, lam: lam / 2 * sum(np.sum(np.abs(W)) for W, _ in layers)),
        Misconception("Your penalty leaves out λ (`weight_decay`): it is λ/2 times the sum of the squared weights.",
                      lambda layers, lam: sum(np.sum(W ** 2) for W, _ in layers) / 2),
        Misconception("You squared the sum of a layer's weights; the penalty sums the squares of the weights, so "
                      "that weights of opposite signs do not cancel.",
                      lambda layers, lam: lam / 2 * sum(np.sum(W) ** 2 for W, _ in layers)),
        Misconception("You squared the sum of the layers' norms; the penalty adds up each layer's *squared* norm "
                      "(the sum of its squared weights), and the squares of sums are not sums of squares.",
                      lambda layers, lam: lam / 2 * sum(np.linalg.norm(W) for W, _ in layers) ** 2),
        Misconception("`np.linalg.norm(W, 2)` of a matrix is its largest singular value (the spectral norm), not "
                      "the square root of the sum of its squared entries: that is the default norm, 'fro'.",
                      lambda layers, lam: lam / 2 * sum(np.linalg.norm(W, 2) ** 2 for W, _ in layers)),
    ]
    return check_function(answer, l2_penalty, _penalty_cases(), misconceptions)


# --- Question 2: the penalised loss and its gradients --------------------------------------------------

def _hidden_relu(layers):
    """ReLU for every hidden layer, the identity for the output."""
    return ["relu"] * (len(layers) - 1) + ["identity"]


def reference_penalised_loss_and_gradients(X, Y, layers, weight_decay):
    """(data loss + (λ/2) Σ w², [(dW + λW, db), ...]) of a ReLU network with an identity output."""
    loss, gradients, _ = regularised_loss_and_gradients(X, Y, layers, _hidden_relu(layers), LOSS, weight_decay)
    return loss, gradients


def _penalised_slip(loss_penalty=1.0, weight_term=1.0, bias_term=0.0, bias_penalty=0.0, per_sample=False,
                    decayed=None, constant_term=False):
    """The question's answer with the penalty's share of the loss and the gradient terms scaled as in a slip:
    ``per_sample`` divides λ by the batch size (Nielsen's λ/2n), ``decayed`` lists the layers whose weights get
    the term (None: all), ``constant_term`` adds λ itself instead of λW."""
    def slipped(X, Y, layers, weight_decay):
        lam = weight_decay / len(X) if per_sample else weight_decay
        data_loss, gradients, _ = regularised_loss_and_gradients(X, Y, layers, _hidden_relu(layers), LOSS)
        penalty = loss_penalty * l2_penalty(layers, lam) + bias_penalty * lam / 2 * sum(np.sum(b ** 2)
                                                                                         for _, b in layers)
        chosen = range(len(layers)) if decayed is None else [range(len(layers))[i] for i in decayed]
        return data_loss + penalty, [
            (dW + (weight_term * lam * (1.0 if constant_term else W) if l in chosen else 0.0),
             db + bias_term * lam * b)
            for l, ((dW, db), (W, b)) in enumerate(zip(gradients, layers))]
    return slipped


def _network_cases():
    rng = np.random.default_rng(13)
    cases = []
    for n, sizes, lam, scale in [(5, [4, 6, 3], 0.1, 1), (8, [3, 5, 4, 2], 0.02, 1), (1, [6, 4, 3], 0.5, 1),
                                 (4, [5, 6, 3], 0.05, 1000)]:
        X, labels = scale * rng.normal(size=(n, sizes[0])), rng.integers(0, sizes[-1], n)
        Y = np.eye(sizes[-1])[labels]
        label = f"{n} samples, a {'-'.join(map(str, sizes))} network, weight_decay = {lam}"
        if scale != 1:
            label += f", inputs of size about {scale} (logits in the hundreds or more)"
        cases.append(Case((X, Y, _layers(rng, sizes), lam), label))
    return cases


@register
def penalised_gradients(answer):
    """Q2: ``penalised_loss_and_gradients(X, Y, layers, weight_decay)``: the penalised loss and its gradients."""
    misconceptions = [
        Misconception(L2_NOT_IN_GRADIENT, _penalised_slip(weight_term=0.0)),
        Misconception(TWICE_LAMBDA, _penalised_slip(weight_term=2.0)),
        Misconception(BIASES_DECAYED, _penalised_slip(bias_term=1.0)),
        Misconception("Your gradients are right, but your loss lacks the penalty: return the data loss plus "
                      "(λ/2)·Σw², the number the gradients are the gradient of.", _penalised_slip(loss_penalty=0.0)),
        Misconception("Your penalty term has the wrong sign: the gradient of (λ/2)·Σw² is +λW, and the step "
                      "then subtracts it, pulling each weight towards 0.", _penalised_slip(weight_term=-1.0)),
        Misconception(BIASES_DECAYED, _penalised_slip(bias_penalty=1.0)),
        Misconception(BIASES_DECAYED, _penalised_slip(bias_penalty=1.0, bias_term=1.0)),
        Misconception("Your penalty is divided by the number of samples, (λ/2n)·Σw², as some texts write it. Here "
                      "λ multiplies it directly: `weight_decay` is the λ of (λ/2)·Σw², whatever the batch size.",
                      _penalised_slip(per_sample=True)),
        Misconception("You added λ to every entry of dE/dW; the penalty's gradient is λ *times each weight*, so "
                      "large weights are pulled back harder.", _penalised_slip(constant_term=True)),
        Misconception("Your loss adds λ·Σw², the penalty without the ½, while your gradient term is λW: the "
                      "question's penalty is (λ/2)·Σw², and the loss and its gradient must be of the same penalty.",
                      _penalised_slip(loss_penalty=2.0)),
        Misconception(SOME_LAYERS_DECAYED, _penalised_slip(decayed=[-1])),
        Misconception(SOME_LAYERS_DECAYED, _penalised_slip(decayed=[0])),
        Misconception(BACKWARD_ORDER, lambda *args: (lambda loss, gradients: (loss, gradients[::-1]))(
            *reference_penalised_loss_and_gradients(*args))),
    ]
    return check_function(answer, reference_penalised_loss_and_gradients, _network_cases(), misconceptions)


# --- Question 3: one step with the penalty λ(w1² + w2²), symbolically ----------------------------------

def _decay_symbols():
    return sympy.symbols("w_1 w_2 g_1 eta lambda")


@register
def decay_step_without_half(answer):
    """Q3: w_1 after one gradient step on E + λ(w_1² + w_2²): w_1 - η(g_1 + 2λw_1)."""
    w1, w2, g1, eta, lam = _decay_symbols()
    misconceptions = [
        Misconception("Your penalty term is λw_1: that is the gradient of (λ/2)·w², the convention with the ½. "
                      "Here the penalty is λ(w_1² + w_2²), without the ½: differentiating w_1² leaves a factor 2 "
                      "that nothing cancels.", w1 - eta * (g1 + lam * w1)),
        Misconception("The penalty is missing from your step: its derivative with respect to w_1 joins g_1 in the "
                      "gradient the step follows.", w1 - eta * g1),
        Misconception("The sign: a gradient descent step goes *against* the gradient, so it subtracts η times it.",
                      w1 + eta * (g1 + 2 * lam * w1)),
        Misconception("That is the change of w_1, not its new value: add it to w_1.", -eta * (g1 + 2 * lam * w1)),
        Misconception("w_2 does not belong in w_1's step: the derivative of λ(w_1² + w_2²) with respect to w_1 "
                      "does not contain w_2.", w1 - eta * (g1 + 2 * lam * (w1 + w2))),
        Misconception("w_2 does not belong in w_1's step: the derivative of λ(w_1² + w_2²) with respect to w_1 "
                      "does not contain w_2.", w1 - eta * (g1 + lam * (w1 ** 2 + w2 ** 2))),
        Misconception("You subtracted the penalty's part without the learning rate: η multiplies the whole "
                      "gradient, the data's part g_1 and the penalty's part alike.", w1 - eta * g1 - 2 * lam * w1),
        Misconception("You put the penalty itself, λw_1², into the step; a gradient step uses its *derivative* "
                      "with respect to w_1.", w1 - eta * (g1 + lam * w1 ** 2)),
        Misconception("Your penalty term has lost its w_1: the derivative of λw_1² with respect to w_1 still "
                      "contains w_1 (that is what pulls a large weight back harder).", w1 - eta * (g1 + 2 * lam)),
        Misconception("You decayed the weight after the data step, multiplying the stepped weight by the decay "
                      "factor: one step takes both gradients at the same w_1 and subtracts η times their sum.",
                      (1 - 2 * eta * lam) * (w1 - eta * g1)),
    ]
    return check_value(answer, w1 - eta * (g1 + 2 * lam * w1), misconceptions)


# --- Question 4: what is left of a weight after many decays ---------------------------------------------

@register
def weight_left_after_decay(answer):
    """Q4: the fraction of a weight left after 1000 SGD steps (η = 0.1, λ = 0.01, penalty (λ/2)Σw²) with
    zero data gradient: (1 - ηλ)^1000."""
    misconceptions = [
        Misconception("That is (1 - 2ηλ)^1000: with the penalty (λ/2)·Σw² the gradient term is λw, not 2λw, so "
                      "a step removes ηλ of the weight.", (1 - 2 * 0.1 * 0.01) ** 1000),
        Misconception("Nothing is left in your answer. The decay is not linear: each step removes a share of what "
                      "is *left*, not of the starting weight, so the steps' factors multiply. (And a step removes ηλ "
                      "of the weight: with η or λ left out, 1000 steps leave next to nothing.)",
                      1 - 1000 * 0.1 * 0.01),
        Misconception("That is e^(-1000ηλ) = e^(-1), what the steps approach as η gets small; here the 1000 steps "
                      "have the finite size η: multiply their factors.", np.exp(-1.0)),
        Misconception("The learning rate is missing: a step moves by η times the gradient, so each step removes ηλ "
                      "of the weight, not λ.", (1 - 0.01) ** 1000),
        Misconception("Give the fraction as a number between 0 and 1, not a percentage.",
                      100 * (1 - 0.1 * 0.01) ** 1000),
        Misconception("That is one step too few or too many: each of the 1,000 steps multiplies the weight by the "
                      "same factor once.", (1 - 0.1 * 0.01) ** 999),
        Misconception("That is one step too few or too many: each of the 1,000 steps multiplies the weight by the "
                      "same factor once.", (1 - 0.1 * 0.01) ** 1001),
        Misconception("That is a factor 1 - ηλ/2 a step: the ½ of the penalty (λ/2)·w² is already spent, since its "
                      "gradient is λw.", (1 - 0.1 * 0.01 / 2) ** 1000),
        Misconception("That is the fraction removed; the question asks for the fraction of the weight left.",
                      1 - (1 - 0.1 * 0.01) ** 1000),
    ]
    return check_value(answer, (1 - 0.1 * 0.01) ** 1000, misconceptions)


# --- Question 5: inverted dropout, forward ---------------------------------------------------------------

def _dropout_cases():
    rng = np.random.default_rng(15)
    cases = []
    for shape, p in [((4, 5), 0.8), ((3, 6), 0.3), ((1, 7), 0.6)]:
        Z, mask = rng.normal(size=shape), rng.random(shape) < p
        mask.flat[0], mask.flat[1] = True, False    # every case keeps one unit and drops another
        cases.append(Case((Z, mask, p), f"Z of shape {shape}, a mask keeping {mask.sum()} of {mask.size}, "
                                        f"keep_probability = {p}"))
    # A mask whose kept share is not p, row by row or overall: one row keeps every unit, one drops every unit.
    mask = np.array([[True] * 4, [False] * 4, [True, False, False, False]])
    cases.append(Case((rng.normal(size=(3, 4)), mask, 0.5),
                      "Z of shape (3, 4), a mask keeping all of row 0, none of row 1 and 1 of row 2, "
                      "keep_probability = 0.5"))
    return cases


@register
def inverted_dropout(answer):
    """Q5: ``dropout_forward(Z, mask, keep_probability)``: Z · mask / p."""
    misconceptions = [
        Misconception(NOT_SCALED_IN_TRAINING, lambda Z, mask, p: Z * mask),
        Misconception("You multiplied by the keep probability: inverted dropout *divides* by p, so that the "
                      "kept outputs make up for the dropped ones and the expected value stays Z.",
                      lambda Z, mask, p: Z * mask * p),
        Misconception(KEEP_AS_DROP, lambda Z, mask, p: Z * mask / (1 - p)),
        Misconception("You kept the units the mask drops: `mask` is True where a unit is *kept*.",
                      lambda Z, mask, p: Z * ~mask / p),
        Misconception("You scaled every output but dropped none: multiply by the mask too.",
                      lambda Z, mask, p: Z / p),
        Misconception(MASK_SHARE, lambda Z, mask, p: Z * mask / np.mean(mask)),
        Misconception(MASK_SHARE, lambda Z, mask, p: Z * mask / np.mean(mask, axis=1, keepdims=True)),
        Misconception("`Z[mask]` picks out the kept entries as a flat array: the output keeps Z's shape, with 0 "
                      "where a unit is dropped.", lambda Z, mask, p: Z[mask] / p),
    ]
    return check_function(answer, dropout, _dropout_cases(), misconceptions)


# --- Question 6: drawing a mask, judged by its properties ------------------------------------------------

MASK_CASES = [((400, 250), 0.8, 1), ((1000, 100), 0.3, 2), ((50, 2000), 0.65, 3)]
MASK_TOLERANCE = 0.01  # the kept fraction of 100,000 draws: its standard deviation is at most 0.0016

MASK_SCALED = Misconception("Your mask holds 1/p where it keeps: the mask itself is only True or False (or 1 and "
                            "0); the division by p belongs to the dropout layer.", None)
MASK_KEEP_AS_DROP = Misconception(f"{KEEP_AS_DROP} Your mask keeps about 1 - p of the units.", None)
MASK_SHARED = Misconception("Every row of your mask is the same: each sample needs its own draw, one random "
                            "number for every sample and unit.", None)
MASK_GLOBAL = Misconception("Your mask changes between two calls with the same seed: draw it from the generator "
                            "`rng` you are given, not from `np.random`'s global one, whose seed the caller does "
                            "not control.", None)
MASK_FIXED = Misconception("Your mask is the same whatever generator you are given: draw it from `rng`.", None)
MASK_PER_SAMPLE = Misconception("Each row of your mask keeps all its units or none: one draw per sample drops whole "
                                "samples. Each unit of each sample needs its own draw.", None)
MASK_NOT_UNIFORM = Misconception("Your random numbers are not uniform on [0, 1) (normally distributed ones?): a "
                                 "uniform number is below p with probability p, a normal one is not.", None)
MASK_IGNORES_P = Misconception("Your mask keeps about half the units whatever `keep_probability` is: use it as "
                               "the probability of keeping each unit.", None)
MASK_EXACT = Misconception("Your mask keeps *exactly* the same number of units every time (in every row, or "
                           "overall): each unit must be kept or dropped independently, with probability p, so "
                           "the number kept varies from draw to draw.", None)


def _standard_normal_below(p):
    """P(N(0, 1) < p): the share a mask keeps when its numbers are normal, not uniform."""
    return 0.5 * (1 + math.erf(p / math.sqrt(2)))


def _mask_problem(masks, shape, p):
    """None when ``masks`` (two draws from one seed, one from another) are right, else (problem, misconception)."""
    first, again, other = (np.asarray(mask) for mask in masks)
    if first.dtype == object or first.dtype.kind not in "biuf":
        return f"Your answer is {describe(masks[0])}; an array of True and False was expected.", None
    if first.shape != tuple(shape):
        return f"Your mask has shape {first.shape}; expected {tuple(shape)}, the shape given.", None
    values = np.unique(first)
    if not np.all((values == 0) | (values == 1)):
        if len(values) <= 2 and np.allclose(values, [0, 1 / p][2 - len(values):]):
            return "Your mask holds other values than True and False.", MASK_SCALED
        shown = ", ".join(f"{value:.6g}" for value in values[:4])
        return f"Your mask holds other values than True and False (or 1 and 0): {shown}...", None
    first = first.astype(bool)
    if np.all(first == first[:1]):
        return "Your mask drops the same units in every row.", MASK_SHARED
    if np.all(first == first[:, :1]):
        return "Your mask keeps or drops every unit of a row together.", MASK_PER_SAMPLE
    kept = float(np.mean(first))
    if abs(kept - p) > MASK_TOLERANCE:
        near = lambda share: abs(kept - share) <= MASK_TOLERANCE  # noqa: E731
        mistake = (MASK_KEEP_AS_DROP if near(1 - p) else MASK_NOT_UNIFORM if near(_standard_normal_below(p))
                   else MASK_IGNORES_P if near(0.5) else None)
        return f"Your mask keeps {kept:.3f} of the units; with keep_probability = {p} it should keep about {p}.", \
            mistake
    if not np.array_equal(np.asarray(again, dtype=bool), first):
        return "Two calls with generators of the same seed gave different masks.", MASK_GLOBAL
    other = np.asarray(other, dtype=bool)
    if np.array_equal(first, other):
        return "Generators of different seeds gave the same mask.", MASK_FIXED
    # An independent draw keeps a number that varies: the same count in every row (400 or more rows) or the same
    # overall count from two seeds, each exactly round(p · size), is all but impossible.
    if len(np.unique(first.sum(axis=1))) == 1:
        return "Every row of your mask keeps the same number of units.", MASK_EXACT
    if first.sum() == other.sum() == round(p * first.size):
        return f"Your masks keep exactly {first.sum()} of {first.size} units, from either seed.", MASK_EXACT
    return None


@register
def dropout_mask_draw(answer):
    """Q6: ``dropout_mask(shape, keep_probability, rng)``: True with probability p, from ``rng``, judged by its
    properties (its shape, its values, the fraction kept, a fresh draw per entry, reproducible from the seed)."""
    passed, failure = 0, None
    for shape, p, seed in MASK_CASES:
        label = f"shape = {shape}, keep_probability = {p}, rng = np.random.default_rng({seed})"
        try:
            masks = [call_safely(answer, (shape, p, np.random.default_rng(s)), ["shape", "keep_probability", "rng"])
                     for s in (seed, seed, seed + 100)]
        except AnswerProblem as problem:
            if problem.not_attempted:
                return CheckResult("", NOT_ATTEMPTED, 0, len(MASK_CASES), hint=TEMPLATE_FUNCTION_HINT)
            failure = failure or dict(case=label, problem=str(problem))
            if problem.fatal:
                break
            continue
        verdict = _mask_problem(masks, shape, p)
        if verdict is None:
            passed += 1
        elif failure is None:
            problem, mistake = verdict
            failure = dict(case=label, received=describe(np.asarray(masks[0])), problem=problem,
                           hint=mistake.hint if mistake else "", misconception=mistake.id if mistake else "")
    if failure is None:
        return CheckResult("", "passed", passed, len(MASK_CASES))
    return CheckResult("", "failed", passed, len(MASK_CASES), **failure)


# --- Question 7: the gradients of a network with dropout, for a given mask ---------------------------------

def reference_dropout_gradients(X, Y, layers, mask, keep_probability):
    """[(dW1, db1), (dW2, db2)] of a ReLU-identity network whose hidden outputs are dropped by ``mask``."""
    return regularised_loss_and_gradients(X, Y, layers, NETWORK, LOSS, masks=[mask],
                                          keep_probability=keep_probability)[1]


def _dropout_slip(forward_scale, backward_mask=True, backward_scale=True, output_from_undropped=False,
                  summed=False, relu_slope=True):
    """The gradients when the dropout layer is written with a slip: its forward scale ``forward_scale(p)``, a
    backward pass that may forget the mask or the scale, dE/dW2 from the outputs before dropout
    (``output_from_undropped``), or the loss summed over the samples instead of averaged (``summed``)."""
    def slipped(X, Y, layers, mask, p):
        (W1, b1), (W2, b2) = layers
        U1 = X @ W1 + b1
        A1 = np.maximum(U1, 0.0)
        Z1 = A1 * mask * forward_scale(p)
        U2 = Z1 @ W2 + b2
        P = np.exp(U2 - U2.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        delta2 = (P - Y) / (1 if summed else len(X))
        dZ1 = delta2 @ W2.T
        dA1 = dZ1 * (mask if backward_mask else 1.0) * (forward_scale(p) if backward_scale else 1.0)
        delta1 = dA1 * (U1 > 0) if relu_slope else dA1
        return [(X.T @ delta1, delta1.sum(axis=0)),
                ((A1 if output_from_undropped else Z1).T @ delta2, delta2.sum(axis=0))]
    return slipped


def _dropout_network_cases():
    rng = np.random.default_rng(17)
    cases = []
    for n, sizes, p, scale in [(6, [4, 7, 3], 0.8, 1), (5, [3, 6, 4], 0.4, 1), (1, [5, 8, 2], 0.7, 1),
                               (4, [3, 6, 3], 0.25, 1000)]:
        X = scale * rng.normal(size=(n, sizes[0]))
        Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
        mask = rng.random((n, sizes[1])) < p
        mask[0, :2] = [True, False]
        label = f"{n} samples, a {'-'.join(map(str, sizes))} network, keep_probability = {p}"
        if scale != 1:
            label += f", inputs of size about {scale} (logits in the hundreds or more)"
        cases.append(Case((X, Y, _layers(rng, sizes), mask, p), label))
    return cases


@register
def dropout_network_gradients(answer):
    """Q7: ``dropout_gradients(X, Y, layers, mask, keep_probability)``: backprop through inverted dropout."""
    misconceptions = [
        Misconception("The dropped units still pass gradients back: the mask must act in the backward pass too. "
                      "A dropped unit's output did not reach the loss, so its weights get no gradient through it.",
                      _dropout_slip(lambda p: 1 / p, backward_mask=False)),
        Misconception("You forgot the 1/p in the backward pass: the layer multiplies its input by mask/p, so "
                      "the gradient is multiplied by mask/p as well.",
                      _dropout_slip(lambda p: 1 / p, backward_scale=False)),
        Misconception(NOT_SCALED_IN_TRAINING, _dropout_slip(lambda p: 1.0)),
        Misconception(KEEP_AS_DROP, _dropout_slip(lambda p: 1 / (1 - p))),
        Misconception("These are the gradients without dropout: drop the hidden outputs with the mask (and "
                      "divide by p) in the forward pass, then in the backward pass.",
                      lambda X, Y, layers, mask, p: regularised_loss_and_gradients(X, Y, layers, NETWORK,
                                                                                   LOSS)[1]),
        Misconception("Your dE/dW2 is built from the hidden outputs *before* dropout; the output layer received "
                      "the dropped and scaled outputs, so its weight gradient uses those.",
                      _dropout_slip(lambda p: 1 / p, output_from_undropped=True)),
        Misconception("Your gradients are n times too large: the loss is the *mean* of the samples' losses, so its "
                      "gradient with respect to the logits is divided by the number of samples n.",
                      _dropout_slip(lambda p: 1 / p, summed=True)),
        Misconception(BACKWARD_ORDER, lambda *args: reference_dropout_gradients(*args)[::-1]),
        Misconception("You left out the ReLU's derivative in the hidden layer: after the dropout's mask/p, the "
                      "gradient also passes through the ReLU, which lets it through only where its input was "
                      "positive.", _dropout_slip(lambda p: 1 / p, relu_slope=False)),
    ]
    return check_function(answer, reference_dropout_gradients, _dropout_network_cases(), misconceptions)


# --- Question 8: the network at evaluation -----------------------------------------------------------------

def reference_evaluation_output(X, layers, keep_probability):
    """The output of a network trained with inverted dropout, at evaluation: the plain forward pass."""
    return forward(X, layers, NETWORK)


def _hidden_scaled(factor):
    def scaled(X, layers, p):
        (W1, b1), (W2, b2) = layers
        return factor(p) * np.maximum(X @ W1 + b1, 0.0) @ W2 + b2
    return scaled


def _first_weights_scaled(X, layers, p):
    (W1, b1), (W2, b2) = layers
    return np.maximum(X @ (p * W1) + b1, 0.0) @ W2 + b2


def _evaluation_cases():
    rng = np.random.default_rng(18)
    return [Case((rng.normal(size=(n, sizes[0])), _layers(rng, sizes), p),
                 f"{n} samples, a {'-'.join(map(str, sizes))} network, keep_probability = {p}")
            for n, sizes, p in [(4, [3, 5, 2], 0.6), (6, [4, 6, 3], 0.8), (1, [2, 4, 4], 0.25)]]


@register
def dropout_at_evaluation(answer):
    """Q8: ``evaluation_output(X, layers, keep_probability)``: the plain forward pass."""
    misconceptions = [
        Misconception(SCALED_AT_EVALUATION, _hidden_scaled(lambda p: p)),
        Misconception("You divided by p at evaluation: inverted dropout divides during training only, so that "
                      "at evaluation the network is used as it is.", _hidden_scaled(lambda p: 1 / p)),
        Misconception(f"{SCALED_AT_EVALUATION} (And `keep_probability` is the probability of keeping a unit.)",
                      _hidden_scaled(lambda p: 1 - p)),
        Misconception("Return the network's outputs themselves (its logits), as `forward` gives them, not the "
                      "softmax probabilities.", lambda X, layers, p: _softmax(forward(X, layers, NETWORK))),
        Misconception(SCALED_AT_EVALUATION, lambda X, layers, p: p * forward(X, layers, NETWORK)),
        Misconception(SCALED_AT_EVALUATION, _first_weights_scaled),
        Misconception("Return the logits themselves, a row of n_outputs numbers for each sample, not the predicted "
                      "classes.", lambda X, layers, p: np.argmax(forward(X, layers, NETWORK), axis=1)),
    ]
    return check_function(answer, reference_evaluation_output, _evaluation_cases(), misconceptions)


def _softmax(U):
    exponentials = np.exp(U - U.max(axis=1, keepdims=True))
    return exponentials / exponentials.sum(axis=1, keepdims=True)


# --- Question 9: the noise dropout adds, symbolically --------------------------------------------------------

@register
def dropout_variance(answer):
    """Q9: Var[m z / p] for m ~ Bernoulli(p): z²(1 - p)/p."""
    z, p = sympy.symbols("z p", positive=True)
    misconceptions = [
        Misconception("That is the variance of m·z, without the division by p: inverted dropout outputs m·z/p, "
                      "whose variance is 1/p² times as large.", z ** 2 * p * (1 - p)),
        Misconception(f"{KEEP_AS_DROP} m = 1, a kept unit, has probability p.",
                      z ** 2 * p / (1 - p)),
        Misconception("That is E[(m z/p)²], the mean of the square; the variance subtracts the square of the "
                      "mean (the question gives the mean).", z ** 2 / p),
        Misconception("The variance is in the units of z²: square z too.", z * (1 - p) / p),
        Misconception("Dropout's output is random, so its variance is not 0: it is 0 only for p = 1.",
                      sympy.Integer(0)),
        Misconception("That is the standard deviation, the square root of the variance: the variance itself "
                      "has no square root.", z * sympy.sqrt((1 - p) / p)),
        Misconception("You took E[(m z/p)²] as (z/p)²: that value occurs only with probability p (and 0 "
                      "otherwise), so the mean of the square carries a factor p.", z ** 2 / p ** 2 - z ** 2),
        Misconception("Your variance has no z: the output is z times a random factor, and scaling a random "
                      "variable by z scales its variance by z².", (1 - p) / p),
        Misconception("Your variance is negative: it is E[x²] minus (E[x])², not the reverse; a variance is never "
                      "negative.", z ** 2 - z ** 2 / p),
    ]
    return check_value(answer, z ** 2 * (1 - p) / p, misconceptions)


# --- Question 10: hyperparameters, chosen on the validation set over seeds ------------------------------------

SETTINGS = ("learning_rate", "weight_decay", "width")


def reference_choose_hyperparameters(runs):
    """The (learning_rate, weight_decay, width) whose runs have the lowest mean validation loss."""
    return _chosen_by(runs, lambda values: np.mean([run["validation_loss"] for run in values]))


def _chosen_by(runs, score):
    """The settings whose group of runs has the lowest ``score(group)`` (first among equals)."""
    groups = {}
    for run in runs:
        groups.setdefault(tuple(run[name] for name in SETTINGS), []).append(run)
    return min(groups, key=lambda settings: score(groups[settings]))


def _chosen_by_some(runs, kept):
    """The slip of grouping the runs by only the hyperparameters ``kept``: the setting of the first run of the group
    with the lowest mean validation loss."""
    groups = {}
    for run in runs:
        groups.setdefault(tuple(run[name] for name in kept), []).append(run)
    best = min(groups, key=lambda key: np.mean([run["validation_loss"] for run in groups[key]]))
    return tuple(groups[best][0][name] for name in SETTINGS)


def _runs(table, seeds=(0, 1, 2)):
    """Runs from rows (learning rate, weight decay, width, per seed: (train loss, validation loss, test acc))."""
    return [dict(learning_rate=lr, weight_decay=wd, width=width, seed=seed, train_loss=train,
                 validation_loss=validation, test_accuracy=test)
            for lr, wd, width, results in table for seed, (train, validation, test) in zip(seeds, results)]


HYPERPARAMETER_CASES = [
    # Eleven settings on a grid (settings share two of their three values), one with two seeds only: the mean,
    # the sum, the median, the best run, the first or the last seed, the training loss, the gap, the test accuracy
    # and groups that leave out the width each choose a different setting; the first setting listed none of them.
    Case((_runs([
        (0.1, 0.01, 64, [(0.21, 0.410, 0.902), (0.2, 0.395, 0.905), (0.22, 0.402, 0.900)]),
        (0.01, 0.001, 512, [(0.05, 0.270, 0.921), (0.05, 0.268, 0.924), (0.06, 0.272, 0.918)]),
        (0.01, 0.001, 32, [(0.06, 0.251, 0.931), (0.05, 0.252, 0.934), (0.07, 0.290, 0.925)]),
        (0.01, 0.001, 128, [(0.04, 0.262, 0.935), (0.05, 0.250, 0.931), (0.04, 0.253, 0.933)]),
        (0.1, 0.001, 128, [(0.02, 0.350, 0.962), (0.03, 0.360, 0.955), (0.02, 0.370, 0.960)]),
        (0.1, 0.0, 32, [(0.03, 0.300, 0.921), (0.02, 0.230, 0.936), (0.03, 0.290, 0.924)]),
        (0.1, 0.0, 128, [(0.001, 0.280, 0.928), (0.002, 0.290, 0.926), (0.001, 0.300, 0.923)]),
        (0.01, 0.0, 32, [(0.05, 0.240, 0.932), (0.06, 0.290, 0.922), (0.05, 0.285, 0.927)]),
        (0.01, 0.0, 128, [(0.04, 0.258, 0.930), (0.05, 0.262, 0.929)]),
        (0.1, 0.001, 32, [(0.32, 0.330, 0.901), (0.33, 0.340, 0.897), (0.34, 0.350, 0.899)]),
        (0.1, 0.0, 512, [(0.03, 0.310, 0.919), (0.02, 0.300, 0.923), (0.03, 0.235, 0.926)]),
    ]),), "eleven settings on a grid, three seeds each but one with two"),
    Case((_runs([
        (0.02, 0.0, 256, [(0.004, 0.281, 0.931), (0.003, 0.262, 0.925), (0.005, 0.301, 0.928)]),
        (0.02, 0.001, 256, [(0.012, 0.268, 0.922), (0.011, 0.270, 0.919), (0.012, 0.272, 0.925)]),
        (0.1, 0.0, 32, [(0.001, 0.310, 0.914), (0.002, 0.296, 0.909), (0.001, 0.305, 0.916)]),
        (0.1, 0.01, 32, [(0.09, 0.331, 0.947), (0.08, 0.335, 0.944), (0.09, 0.329, 0.952)]),
    ]),), "four settings, three seeds each"),
    Case((_runs([
        (0.05, 0.003, 64, [(0.02, 0.215, 0.950), (0.03, 0.192, 0.947)]),
        (0.05, 0.0, 64, [(0.002, 0.199, 0.958), (0.001, 0.205, 0.955)]),
        (0.01, 0.0, 256, [(0.0005, 0.230, 0.961), (0.0004, 0.226, 0.957)]),
    ], seeds=(3, 4)),), "three settings, two seeds each"),
    Case((_runs([
        (0.1, 0.01, 16, [(0.006, 0.31, 0.93), (0.005, 0.33, 0.925)]),
        (0.03, 0.001, 128, [(0.02, 0.30, 0.9), (0.03, 0.36, 0.905)]),
        (0.05, 0.0, 64, [(0.01, 0.335, 0.91), (0.012, 0.295, 0.915)]),
    ], seeds=(7, 8)),), "three settings, two seeds each"),
]


@register
def hyperparameter_choice(answer):
    """Q10: ``choose_hyperparameters(runs)``: the settings with the lowest mean validation loss over seeds."""
    misconceptions = [
        *[Misconception("Your groups leave out one of the hyperparameters, so runs of different settings were averaged "
                        "together. A setting is all three values: learning rate, weight decay and width.",
                        lambda runs, kept=kept: _chosen_by_some(runs, kept))
          for kept in [SETTINGS[:2], SETTINGS[1:], SETTINGS[::2]]],
        Misconception("You chose by the test accuracy. Choosing hyperparameters is a decision, and decisions are "
                      "made on the validation set: a test score that chose the settings flatters them, and no "
                      "untouched data is left for the one final report.",
                      lambda runs: _chosen_by(runs, lambda group: -np.mean([r["test_accuracy"] for r in group]))),
        Misconception("You looked at one seed only: average each setting's validation loss over all its seeds.",
                      lambda runs: _chosen_by(runs, lambda group: group[-1]["validation_loss"])),
        Misconception("You chose the single best run: one lucky seed. Average each setting's validation loss "
                      "over its seeds, then take the lowest mean.",
                      lambda runs: _chosen_by(runs, lambda group: min(r["validation_loss"] for r in group))),
        Misconception("You chose by the training loss. The lowest training loss belongs to the setting that "
                      "fits the training set best, often by overfitting it: choose by the validation loss.",
                      lambda runs: _chosen_by(runs, lambda group: np.mean([r["train_loss"] for r in group]))),
        Misconception("You looked at one seed only: average each setting's validation loss over all its seeds.",
                      lambda runs: _chosen_by([r for r in runs if r["seed"] == runs[0]["seed"]],
                                              lambda group: group[0]["validation_loss"])),
        Misconception("You added each setting's validation losses instead of averaging them: a setting run with "
                      "fewer seeds then looks better. Take the mean over its seeds.",
                      lambda runs: _chosen_by(runs, lambda group: sum(r["validation_loss"] for r in group))),
        Misconception("You took the median over the seeds; the question asks for the *mean* validation loss over "
                      "each setting's seeds.",
                      lambda runs: _chosen_by(runs, lambda group: np.median([r["validation_loss"] for r in group]))),
        Misconception("You chose the setting with the smallest gap between validation and training loss. A small "
                      "gap is not a low validation loss (a network that underfits has a small gap too): choose "
                      "the lowest mean validation loss.",
                      lambda runs: _chosen_by(runs, lambda group: np.mean([r["validation_loss"] - r["train_loss"]
                                                                           for r in group]))),
    ]
    return check_function(answer, reference_choose_hyperparameters, HYPERPARAMETER_CASES, misconceptions)


# --- Question 11: the gap early stopping leaves ---------------------------------------------------------------

def reference_generalisation_gap(history):
    """Training minus validation accuracy at the epoch of the lowest validation loss (the one kept)."""
    best = int(np.argmin(history["validation_loss"]))
    return history["train_accuracy"][best] - history["validation_accuracy"][best]


def _history(train_loss, validation_loss, train_accuracy, validation_accuracy):
    return dict(epoch=list(range(1, len(train_loss) + 1)), train_loss=train_loss, validation_loss=validation_loss,
                train_accuracy=train_accuracy, validation_accuracy=validation_accuracy)


GAP_CASES = [
    # The lowest training loss is not at the last epoch, the best validation accuracy not at the kept epoch nor the
    # one after it: each way of choosing the epoch gives its own gap.
    Case((_history([0.8, 0.3, 0.15, 0.08, 0.05, 0.04, 0.06], [0.9, 0.5, 0.42, 0.40, 0.43, 0.47, 0.55],
                   [0.7, 0.88, 0.94, 0.97, 0.985, 0.99, 0.98], [0.66, 0.84, 0.905, 0.89, 0.88, 0.875, 0.87]),),
         "7 epochs, the lowest validation loss at epoch 4"),
    Case((_history([1.2, 0.5, 0.2, 0.08, 0.03, 0.01], [1.3, 0.7, 0.45, 0.41, 0.44, 0.52],
                   [0.71, 0.88, 0.96, 0.99, 1.0, 1.0], [0.66, 0.81, 0.87, 0.89, 0.91, 0.88]),),
         "6 epochs, the lowest validation loss at epoch 4"),
    Case((_history([0.9, 0.4, 0.3, 0.25], [0.95, 0.52, 0.38, 0.36],
                   [0.8, 0.9, 0.93, 0.95], [0.76, 0.84, 0.9, 0.89]),),
         "4 epochs, the lowest validation loss at the last epoch"),
    Case((_history([0.6, 0.2, 0.05, 0.02, 0.01], [0.7, 0.3, 0.3, 0.33, 0.4],
                   [0.85, 0.96, 0.99, 1.0, 1.0], [0.8, 0.91, 0.92, 0.935, 0.9]),),
         "5 epochs, the lowest validation loss reached at epochs 2 and 3"),
    Case((_history([0.45, 0.2, 0.1], [0.5, 0.55, 0.7], [0.85, 0.95, 0.99], [0.83, 0.82, 0.8]),),
         "3 epochs, the lowest validation loss at the first epoch"),
    Case((_history([0.7], [0.75], [0.78], [0.81]),),
         "a single epoch, the validation accuracy above the training accuracy (as under dropout)"),
]


@register
def generalisation_gap(answer):
    """Q11: ``generalisation_gap(history)``: train minus validation accuracy at the lowest validation loss."""
    def at(index_of, train_key="train_accuracy", validation_key="validation_accuracy", sign=1):
        def gap(history):
            best = index_of(history)
            return sign * (history[train_key][best] - history[validation_key][best])
        return gap

    lowest = lambda history: int(np.argmin(history["validation_loss"]))  # noqa: E731
    misconceptions = [
        Misconception("You took the last epoch. Early stopping keeps the parameters of the epoch with the lowest "
                      "validation loss: measure the gap there.", at(lambda history: -1)),
        Misconception("The sign: the network does better on the data it was trained on, so the gap is the "
                      "training accuracy minus the validation accuracy.", at(lowest, sign=-1)),
        Misconception("That is the gap between the losses; the question asks for the accuracies.",
                      at(lowest, "validation_loss", "train_loss")),
        Misconception("You chose the epoch by the validation accuracy; early stopping keeps the epoch of the "
                      "lowest validation *loss*.", at(lambda history: int(np.argmax(history["validation_accuracy"])))),
        Misconception("When the lowest validation loss is reached twice, early stopping keeps the first such "
                      "epoch (a later one is no improvement).",
                      at(lambda history: len(history["validation_loss"]) - 1
                         - int(np.argmin(history["validation_loss"][::-1])))),
        Misconception("You took the epoch with the lowest *training* loss. Early stopping watches the validation "
                      "loss: the training loss keeps falling while the network overfits.",
                      at(lambda history: int(np.argmin(history["train_loss"])))),
        Misconception("You measured the gap one epoch after the kept one: the epoch numbers count from 1 while list "
                      "indices count from 0 (or your search skipped the first epoch).",
                      at(lambda history: int(np.argmin(history["validation_loss"])) + 1)),
        Misconception("You took the epoch with the *highest* validation loss: early stopping keeps the lowest "
                      "(argmin, not argmax).", at(lambda history: int(np.argmax(history["validation_loss"])))),
        Misconception("You took each accuracy at its own best epoch; the gap compares the training and validation "
                      "accuracies of the *same* network, the one of the kept epoch.",
                      lambda history: max(history["train_accuracy"]) - max(history["validation_accuracy"])),
    ]
    return check_function(answer, reference_generalisation_gap, GAP_CASES, misconceptions)
