"""Checks for exercise 08, automatic differentiation: one function a question, registered as
``check.<name>``.

The implementation questions hand the check a small function of numbers (``power_gradient(x, k)``,
``sigmoid_gradient(x)``, ``sweep_twice(x, y)``...) that runs the learner's own ``Value`` engine inside
and returns numbers: a ``Value`` object itself cannot leave a graded notebook, numbers can. The
references are the derivatives, computed in closed form. The misconceptions are computed by
``_Engine``, a copy of the exercise's setup ``Value`` whose one rule or sweep makes the known slip
(``=`` for ``+=``, the input instead of the output in a slope, the sweep in the forward order...),
so a learner who made that slip gets exactly the number named by its hint.
"""

import math

import numpy as np
import sympy

from . import register
from .compare import compare, describe
from .engine import (NOT_ATTEMPTED, TEMPLATE_FUNCTION_HINT, AnswerProblem, Case, CheckResult,
                     Misconception, call_safely, check_function, check_value)

# --- the hints shared by several questions -----------------------------------------------------------

EQUALS = ("Your rule *writes* the gradient (`self.grad = ...`) instead of adding to it (`self.grad += "
          "...`). Here x is used in several places: each use sends its own contribution, and the "
          "gradient is their sum. With `=` only the contribution that arrives last survives.")
IGNORES_UPSTREAM = ("Your rule forgets the gradient arriving at the output: multiply the local "
                    "derivative by `out.grad`. (It is 1 only when this operation is the last one.)")
SUBTRACTS = ("Your rule *subtracts* its contribution (`self.grad -= ...`). A gradient is added, `+=`, with "
             "the sign the local derivative itself has: descent subtracts later, when the step is taken.")
OWN_GRAD = ("Your rule multiplies by the input's own gradient, `self.grad`, instead of the gradient arriving "
            "at the output, `out.grad`: the chain rule carries the output's gradient back to the input.")
LESSON_NUMBERS = ("These are lesson 8's numbers, for f = (ab + c) a at a = 2, b = -3, c = 10. The "
                  "exercise's graph is another one: work it out from its own nodes.")


class _Engine:
    """The exercise's setup ``Value`` (addition, multiplication, the backward sweep), plus power and
    sigmoid, with one slip switched on by name. Used to compute what a slip gives."""

    def __init__(self, slip=""):
        self.slip = slip

    def value(self, data, parents=(), op=""):
        return _Node(self, data, parents, op)


class _Node:
    def __init__(self, engine, data, parents=(), op=""):
        self.engine, self.data, self.grad = engine, float(data), 0.0
        self._parents, self._op = parents, op
        self._backward = lambda: None

    def _lift(self, other):
        return other if isinstance(other, _Node) else self.engine.value(other)

    def __add__(self, other):
        other = self._lift(other)
        out = self.engine.value(self.data + other.data, (self, other), "+")

        def backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = backward
        return out

    def __mul__(self, other):
        other = self._lift(other)
        out = self.engine.value(self.data * other.data, (self, other), "*")

        def backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = backward
        return out

    __radd__ = __add__
    __rmul__ = __mul__

    def _send(self, local, out):
        """Add (or, for the slips, write) ``local`` times out.grad into self.grad."""
        slip = self.engine.slip
        upstream = 1.0 if slip.endswith("no upstream") else self.grad if slip == "own grad" else out.grad
        if slip.startswith("equals"):
            self.grad = local * upstream
        elif slip == "minus":
            self.grad -= local * upstream
        else:
            self.grad += local * upstream

    def __pow__(self, k):
        out = self.engine.value(self.data ** k, (self,), f"**{k}")
        slip, x = self.engine.slip, self.data
        local = {"power not lowered": k * x ** k, "power without k": x ** (k - 1),
                 "power of output": k * out.data ** (k - 1)}.get(slip, k * x ** (k - 1))
        out._backward = lambda: self._send(local, out)
        return out

    def sigmoid(self):
        out = self.engine.value(1 / (1 + math.exp(-self.data)), (self,), "sigmoid")
        z, u, slip = out.data, self.data, self.engine.slip
        local = {"sigmoid of input": u * (1 - u), "sigmoid without 1 - z": z,
                 "sigmoid 1 - z only": 1 - z, "sigmoid as tanh": 1 - z ** 2}.get(slip, z * (1 - z))
        out._backward = lambda: self._send(local, out)
        return out


def _order(root):
    """The exercise's topological order (lesson 8's depth-first search)."""
    order, seen = [], set()

    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for parent in node._parents:
                visit(parent)
            order.append(node)
    visit(root)
    return order


def _setup_backward(root):
    """The setup's ``Value.backward``."""
    order = _order(root)
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


# --- Question 1: gradients by hand ---------------------------------------------------------------

HAND_POINT = {"a": 3.0, "b": -2.0, "c": 4.0}
"""The exercise's graph: d = a b, e = d + b, f = e c, at these inputs (b is used twice)."""


def _hand_gradients(only_path=None, swap=True):
    a, b, c = HAND_POINT["a"], HAND_POINT["b"], HAND_POINT["c"]
    e = a * b + b
    through_d, direct = c * a, c
    df_db = {"d": through_d, "direct": direct}.get(only_path, through_d + direct)
    if not swap:  # a multiplication's input got its own value instead of the other input
        return (c * a, c * b + c, c)
    return (c * b, df_db, e)


SWAP = ("A multiplication gate *swaps* its inputs: ∂(a·b)/∂a = b, the other input, not a. Each input gets "
        "the other one times the gradient arriving.")
FORGOT_LOCAL = ("A path's product needs *every* local derivative along it: you left one out (on a's path "
                "a → d → e → f, or on b's direct path b → e → f). Multiply them all.")
IN_ORDER = "Your three numbers are right but out of order: store (∂f/∂a, ∂f/∂b, ∂f/∂c), in that order."
ONE_PATH = ("b is used twice: by d = a·b and directly by e = d + b. Its gradient is the sum over both "
            "paths, ∂f/∂b = c·1·a + c·1: gradients accumulate (`+=`), and one path alone is not enough.")


@register
def gradients_by_hand(answer):
    """Q1: (df/da, df/db, df/dc) of f = (a b + b) c at a = 3, b = -2, c = 4: (-8, 16, -8)."""
    misconceptions = [
        Misconception(ONE_PATH, _hand_gradients(only_path="d")),
        Misconception(ONE_PATH, _hand_gradients(only_path="direct")),
        Misconception(SWAP, _hand_gradients(swap=False)),
        Misconception(SWAP, (12.0, 16.0, -8.0)),   # ∂d/∂a taken as a
        Misconception(SWAP, (-8.0, -4.0, -8.0)),   # ∂d/∂b taken as b
        Misconception(FORGOT_LOCAL, (4.0, 16.0, -8.0)),   # a's path without ∂d/∂a = b
        Misconception(FORGOT_LOCAL, (-8.0, 13.0, -8.0)),  # b's direct path without ∂f/∂e = c
        Misconception("∂f/∂c is e = a·b + b, the whole of the other input of f = e·c: b's direct "
                      "contribution to e is part of it, not d = a·b alone.", (-8.0, 16.0, -6.0)),
        Misconception("∂f/∂c for f = e·c is e, the other input of the last multiplication (e = a·b + b), "
                      "not c itself.", (-8.0, 16.0, 4.0)),
        Misconception("The signs are flipped: f's gradient is +∂f/∂input; no minus sign enters unless a "
                      "local derivative is negative.", (8.0, -16.0, 8.0)),
        Misconception(LESSON_NUMBERS, (-2.0, 4.0, 2.0)),
        Misconception(IN_ORDER, (16.0, -8.0, -8.0)),
        Misconception(IN_ORDER, (-8.0, -8.0, 16.0)),
    ]
    return check_value(answer, _hand_gradients(), misconceptions)


# --- Question 2: the power rule ------------------------------------------------------------------

def _power_probe(engine):
    def probe(x, k):
        v = engine.value(x)
        f = v ** k * v + 3 * v ** k
        _setup_backward(f)
        return v.grad
    return probe


def reference_power_gradient(x, k):
    """d/dx of x^k · x + 3 x^k = (k + 1) x^k + 3 k x^(k - 1)."""
    return (k + 1) * x ** k + 3 * k * x ** (k - 1)


POWER_CASES = [Case((2.0, 3), "x = 2.0, k = 3"), Case((-1.5, 2), "x = -1.5, k = 2"),
               Case((0.8, 0.5), "x = 0.8, k = 0.5"), Case((1.7, -1), "x = 1.7, k = -1"),
               Case((0.6, 4), "x = 0.6, k = 4"), Case((2.5, 1), "x = 2.5, k = 1"),
               Case((0.0, 3), "x = 0.0, k = 3 (x^3 has slope 0 at 0: a rule that divides by x fails here)")]


@register
def power_rule(answer):
    """Q2: ``power_gradient(x, k)``, d/dx of x^k x + 3 x^k through the learner's ** rule."""
    misconceptions = [
        Misconception(EQUALS, _power_probe(_Engine("equals"))),
        Misconception(IGNORES_UPSTREAM, _power_probe(_Engine("no upstream"))),
        Misconception("Lower the exponent by one: d(x^k)/dx = k·x^(k - 1), not k·x^k (k times the output).",
                      _power_probe(_Engine("power not lowered"))),
        Misconception("You dropped the factor k: d(x^k)/dx = k·x^(k - 1).",
                      _power_probe(_Engine("power without k"))),
        Misconception("The rule uses the *input*: k·x^(k - 1) with x = `self.data`, not the output "
                      "`out.data`.", _power_probe(_Engine("power of output"))),
        Misconception(SUBTRACTS, _power_probe(_Engine("minus"))),
        Misconception(OWN_GRAD, _power_probe(_Engine("own grad"))),
    ]
    return check_function(answer, reference_power_gradient, POWER_CASES, misconceptions)


# --- Question 3: the sigmoid's rule --------------------------------------------------------------

def _sigmoid_probe(engine):
    def probe(x):
        v = engine.value(x)
        s = v.sigmoid()
        f = s * v + s
        _setup_backward(f)
        return v.grad
    return probe


def reference_sigmoid_gradient(x):
    """d/dx of σ(x)·x + σ(x) = σ'(x)(x + 1) + σ(x), with σ' = σ(1 - σ)."""
    z = 1 / (1 + math.exp(-x))
    return z * (1 - z) * (x + 1) + z


SIGMOID_CASES = [Case((0.5,), "x = 0.5"), Case((-2.0,), "x = -2.0"), Case((3.0,), "x = 3.0"),
                 Case((0.0,), "x = 0.0"), Case((-0.3,), "x = -0.3"),
                 Case((720.0,), "x = 720.0 (the forward pass gives σ = 1.0; e^720 overflows a float)")]


@register
def sigmoid_rule(answer):
    """Q3: ``sigmoid_gradient(x)``, d/dx of σ(x) x + σ(x) through the learner's sigmoid rule."""
    misconceptions = [
        Misconception(EQUALS, _sigmoid_probe(_Engine("equals"))),
        Misconception(IGNORES_UPSTREAM, _sigmoid_probe(_Engine("no upstream"))),
        Misconception("σ'(u) = z(1 - z) with z the sigmoid's *output* (`out.data`), not u(1 - u) with its "
                      "input u (`self.data`).", _sigmoid_probe(_Engine("sigmoid of input"))),
        Misconception("The slope is z(1 - z), both factors: z alone is the sigmoid itself.",
                      _sigmoid_probe(_Engine("sigmoid without 1 - z"))),
        Misconception("The slope is z(1 - z), both factors: you kept only (1 - z).",
                      _sigmoid_probe(_Engine("sigmoid 1 - z only"))),
        Misconception("1 - z² is the slope of *tanh*. The sigmoid's is z(1 - z), with z its output.",
                      _sigmoid_probe(_Engine("sigmoid as tanh"))),
        Misconception(SUBTRACTS, _sigmoid_probe(_Engine("minus"))),
        Misconception(OWN_GRAD, _sigmoid_probe(_Engine("own grad"))),
    ]
    return check_function(answer, reference_sigmoid_gradient, SIGMOID_CASES, misconceptions)


# --- Question 4: a topological order -------------------------------------------------------------

SORT_CASES = [
    ({"a": [], "b": [], "c": [], "d": ["a", "b"], "e": ["d", "b"], "f": ["e", "c"]}, "f",
     "the exercise's graph, output 'f'"),
    ({"x": [], "h": ["x"], "y": ["x", "h"]}, "y",
     "x feeds y directly and through h: graph {x: [], h: [x], y: [x, h]}, output 'y'"),
    ({"w": [], "x": [], "u": ["x", "w"], "z": ["u"], "loss": ["z", "w"], "other": ["w"]}, "loss",
     "a graph with an unrelated node 'other' (it uses w, but the loss does not use it), output 'loss'"),
    ({"x": [], "square": ["x", "x"], "out": ["square", "x"]}, "out",
     "square = x·x lists x twice: {x: [], square: [x, x], out: [square, x]}, output 'out'"),
    ({"p": [], "q": ["p"], "r": ["q"], "s": ["r", "p"], "t": ["s", "q"], "u": ["t", "r"]}, "u",
     "a chain p → q → r → s → t → u with skips p → s, q → t, r → u, output 'u'"),
    ({"m": ["k"], "k": [], "n": ["m", "k"], "z": ["n"], "y": ["k"]}, "y",
     "the output 'y' = a function of k only, in a graph listed in no particular order"),
]


def reference_topological_sort(graph, output):
    """Lesson 8's depth-first search on names: every node ``output`` depends on, each after its inputs."""
    order, seen = [], set()

    def visit(name):
        if name not in seen:
            seen.add(name)
            for parent in graph[name]:
                visit(parent)
            order.append(name)
    visit(output)
    return order


def _ancestors(graph, output):
    return set(reference_topological_sort(graph, output))


ORDER_TWICE = ("A node reached along two paths must be listed once: keep a set of the nodes already visited. "
               "(Listed twice, its rule would run twice and send its gradient twice.)")
ORDER_EXTRA = ("Start from the output and follow inputs only: a node the output does not use needs no gradient, "
               "and is not part of its graph.")
ORDER_MISSING = ("Every node the output was computed from (directly or through others) must be listed, the output "
                 "itself included.")
ORDER_OUTPUT_FIRST = ("That is the backward sweep's order, output first. A topological order lists every node "
                      "*after* its inputs (the output last); the sweep then walks it in reverse.")
ORDER_BEFORE_INPUT = ("Every node must come after all of its inputs. Listing a node *before* visiting its inputs "
                      "(pre-order) and reversing, or a breadth-first search from the output reversed, fails when "
                      "one value reaches another along paths of different lengths; a depth-first search that "
                      "lists a node only after all of its inputs does not.")
ORDER_HINTS = (ORDER_TWICE, ORDER_EXTRA, ORDER_MISSING, ORDER_OUTPUT_FIRST, ORDER_BEFORE_INPUT)
"""Question 4 judges an order by its properties: these are the hints it can give, one a property."""


def order_problem(received, graph, output):
    """``None`` when ``received`` is a valid topological order of ``output``'s graph, else
    (problem, hint)."""
    if not isinstance(received, (list, tuple)):
        return compare(received, reference_topological_sort(graph, output)), ""
    if not all(isinstance(name, str) for name in received):
        return "Your list should hold the nodes' names, as strings ('a', 'b', ...).", ""
    needed = _ancestors(graph, output)
    twice = sorted({name for name in received if received.count(name) > 1})
    if twice:
        return f"`{twice[0]}` appears more than once in your list.", ORDER_TWICE
    extra = sorted(set(received) - needed)
    if extra:
        return f"Your list includes `{extra[0]}`, which the output does not depend on.", ORDER_EXTRA
    missing = sorted(needed - set(received))
    if missing:
        return f"Your list leaves out `{missing[0]}`, which the output depends on.", ORDER_MISSING
    violation = _first_violation(received, graph)
    if violation is None:
        return None
    if _first_violation(list(received)[::-1], graph) is None:
        return "Your list starts with the output.", ORDER_OUTPUT_FIRST
    name, parent = violation
    return f"`{name}` comes before its input `{parent}`.", ORDER_BEFORE_INPUT


def _first_violation(order, graph):
    """The first (node, input) of ``order`` where the node comes before its input, or None."""
    position = {name: i for i, name in enumerate(order)}
    for name in order:
        for parent in graph[name]:
            if position[parent] > position[name]:
                return name, parent
    return None


@register
def topological_sort(answer):
    """Q4: ``topological_sort(graph, output)``: the names ``output`` depends on, each after its inputs.

    Any valid order passes (a graph has many), so the order is judged by its properties."""
    passed, failure = 0, None
    for graph, output, label in SORT_CASES:
        try:
            received = call_safely(answer, ({name: list(inputs) for name, inputs in graph.items()}, output),
                                   ["graph", "output"])
        except AnswerProblem as problem:
            if problem.not_attempted:
                return CheckResult("", NOT_ATTEMPTED, 0, len(SORT_CASES), hint=TEMPLATE_FUNCTION_HINT)
            failure = failure or dict(case=label, problem=str(problem))
            if problem.fatal:
                break
            continue
        verdict = order_problem(received, graph, output)
        if verdict is None:
            passed += 1
        elif failure is None:
            problem, hint = verdict
            failure = dict(case=label, received=describe(received), problem=problem, hint=hint)
    if failure is None:
        return CheckResult("", "passed", passed, len(SORT_CASES))
    return CheckResult("", "failed", passed, len(SORT_CASES), **failure)


# --- Question 5: a sweep that can run twice ------------------------------------------------------

def _sweep(root, slip=""):
    """The backward sweep of Question 5, making one slip by name."""
    order = _order(root)
    if slip == "seed then reset":
        root.grad = 1.0
    for node in order:
        if slip == "reset leaves only":
            if not node._parents:
                node.grad = 0.0
        elif node._parents or slip == "reset leaves":
            if slip != "no reset":
                node.grad = 0.0
    if slip not in ("no seed", "seed then reset"):
        root.grad = 1.0
    for node in (order if slip == "forward order" else reversed(order)):
        node._backward()


def _sweep_probe(slip=""):
    def probe(x, y):
        engine = _Engine()
        a, b = engine.value(x), engine.value(y)
        g = (a * b + a) * b
        _sweep(g, slip)
        once = (a.grad, b.grad)
        _sweep(g, slip)
        return once, (a.grad, b.grad)
    return probe


def reference_sweep_twice(x, y):
    """g = (x y + x) y: dg/dx = y^2 + y, dg/dy = 2xy + x; twice that after two sweeps."""
    once = (y ** 2 + y, 2 * x * y + x)
    return once, (2 * once[0], 2 * once[1])


SWEEP_CASES = [Case((2.0, 3.0), "x = 2.0, y = 3.0"), Case((-1.5, 0.5), "x = -1.5, y = 0.5"),
               Case((0.3, -4.0), "x = 0.3, y = -4.0"), Case((5.0, -1.0), "x = 5.0, y = -1.0")]
FORWARD_ORDER = ("Your sweep runs the rules in the topological order itself, inputs first: each node "
                 "passes its gradient back *before* the nodes that use it have sent theirs (it is still "
                 "0). Backward comes after forward: walk `reversed(order)`.")


@register
def backward_sweep(answer):
    """Q5: ``sweep_twice(x, y)``: the inputs' gradients after one and after two sweeps of the learner's
    ``backward_sweep`` on g = (x y + x) y."""
    misconceptions = [
        Misconception(FORWARD_ORDER, _sweep_probe("forward order")),
        Misconception("The second sweep added the first sweep's gradients of the nodes in between again: "
                      "before sweeping, set `grad = 0.0` on every node that has `_parents` (the inputs keep "
                      "theirs, and add the new sweep's to it).", _sweep_probe("no reset")),
        Misconception("You reset the inputs' gradients too (the nodes without `_parents`), so the second "
                      "sweep forgot the first. In PyTorch as here, the inputs' gradients add up from sweep "
                      "to sweep (which is why PyTorch needs `zero_grad`): reset only the nodes in between.",
                      _sweep_probe("reset leaves")),
        Misconception("Your reset is the wrong way round: you set the inputs' gradients (no `_parents`) to 0 "
                      "and kept the first sweep's gradients of the nodes in between. The nodes in between "
                      "start from 0; the inputs add up.", _sweep_probe("reset leaves only")),
        Misconception("Every gradient is 0: the output's own gradient must be 1 (d root / d root) when the "
                      "sweep starts. Set `root.grad = 1.0` after resetting the nodes in between (the root is "
                      "one of them).", _sweep_probe("no seed")),
    ]
    return check_function(answer, reference_sweep_twice, SWEEP_CASES, misconceptions)


# --- Question 6: a shared weight, symbolically ---------------------------------------------------

@register
def shared_weight_gradient(answer):
    """Q6: dy/dw for h = σ(w x), y = w h: the sum of the two paths into w, h + w h (1 - h) x."""
    w, x = sympy.symbols("w x")
    h = 1 / (1 + sympy.exp(-w * x))
    misconceptions = [
        Misconception("That is only the path where w multiplies h directly (∂y/∂w with h held fixed). w is "
                      "also inside h = σ(w x): add the path through h, w·h(1 - h)·x.", h),
        Misconception("That is only the path through h. w also multiplies h in y = w h: add that path, h.",
                      w * h * (1 - h) * x),
        Misconception("The sigmoid's slope is h(1 - h) with h its *output*, not u(1 - u) of its input "
                      "u = w x.", h + w * (w * x) * (1 - w * x) * x),
        Misconception("The path through h stops one factor short: u = w x depends on w, and "
                      "∂u/∂w = x must multiply it too (the chain rule goes all the way to w).",
                      h + w * h * (1 - h)),
        Misconception("∂u/∂w for u = w x is x, the *other* factor, not w.", h + w * h * (1 - h) * w),
        Misconception("The two paths *add*: every local derivative here is taken with its own sign, and "
                      "none of them is negative for the path through h.", h - w * h * (1 - h) * x),
    ]
    return check_value(answer, sympy.diff(w * h, w), misconceptions)


# --- Question 7: the matrix product's rule -------------------------------------------------------

def reference_matmul_backward(Z, W, G):
    """(dE/dZ, dE/dW) of U = Z @ W from G = dE/dU: (G Wᵀ, Zᵀ G)."""
    return G @ W.T, Z.T @ G


def _matmul_cases():
    rng = np.random.default_rng(8)
    cases = []
    for n, n_in, n_out in [(3, 3, 3), (5, 4, 2), (1, 3, 5), (6, 2, 1)]:
        Z, W, G = rng.normal(size=(n, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=(n, n_out))
        cases.append(Case((Z, W, G), f"Z of shape {Z.shape}, W {W.shape}, G {G.shape}"))
    return cases


DW_SQUARE_ONLY = ("dE/dW must have W's shape (n_in, n_out): `Z @ G` or `G @ Z.T` run only on square shapes, "
                  "and pair the wrong indices. Entry (j, k) sums z_nj g_nk over the samples n: let the shapes "
                  "tell you which factor to transpose.")


@register
def matmul_backward(answer):
    """Q7: ``matmul_backward(Z, W, G) -> (dE/dZ, dE/dW)`` for U = Z @ W."""
    misconceptions = [
        Misconception("dE/dZ is G Wᵀ (`G @ W.T`): entry (n, j) sums g_nk w_jk over k. `G @ W` only runs when W "
                      "is square, and sums over the wrong index.", lambda Z, W, G: (G @ W, Z.T @ G)),
        Misconception("dE/dW is transposed: it has W's shape (n_in, n_out), Zᵀ G (`Z.T @ G`), not Gᵀ Z.",
                      lambda Z, W, G: (G @ W.T, G.T @ Z)),
        Misconception(DW_SQUARE_ONLY, lambda Z, W, G: (G @ W.T, Z @ G)),
        Misconception(DW_SQUARE_ONLY, lambda Z, W, G: (G @ W.T, G @ Z.T)),
        Misconception("Your dE/dZ is transposed: it must have Z's shape (n, n_in), one row per sample; "
                      "W Gᵀ has one row per input.",
                      lambda Z, W, G: (W @ G.T, Z.T @ G)),
        Misconception("Your dE/dW is n times too small: the product Zᵀ G already sums over the samples, as the "
                      "chain rule says (each sample's use of W adds its share); do not average it.",
                      lambda Z, W, G: (G @ W.T, Z.T @ G / len(Z))),
        Misconception("Return the pair in the order (dE/dZ, dE/dW).", lambda Z, W, G: (Z.T @ G, G @ W.T)),
    ]
    return check_function(answer, reference_matmul_backward, _matmul_cases(), misconceptions)


# --- Question 8: forward mode or reverse mode ----------------------------------------------------

@register
def mode_passes(answer):
    """Q8: (forward-mode passes, reverse-mode passes) for the full derivatives of a function of 5 inputs
    and 200 outputs: (5, 200)."""
    misconceptions = [
        Misconception("Swapped: forward mode costs one pass per *input* (each pass gives the derivatives of "
                      "every output with respect to one input), reverse mode one pass per *output*.", (200, 5)),
        Misconception("Reverse mode needs one pass for a loss because a loss is *one* output. This function "
                      "has 200 outputs: one reverse pass per output.", (5, 1)),
        Misconception("These are lesson 8's numbers (3 inputs, 1,000 outputs). This function has 5 inputs "
                      "and 200 outputs.", (3, 1000)),
        Misconception("One pass of either mode gives one column (forward) or one row (reverse) of the "
                      "200 × 5 matrix of derivatives, not all of it.", (1, 1)),
        Misconception("One forward pass seeds *one* input and gives the derivatives with respect to it "
                      "only: a column of the 200 × 5 matrix, not all of it.", (1, 200)),
        Misconception("The two modes do not cost the same: forward mode counts the inputs, reverse mode "
                      "the outputs.", (5, 5)),
        Misconception("The two modes do not cost the same: forward mode counts the inputs, reverse mode "
                      "the outputs.", (200, 200)),
    ]
    return check_value(answer, (5, 200), misconceptions)
