"""Exercise 08, automatic differentiation: wrong answers a learner writes, and right ones in other forms.

The engine questions are answered by the exercise's probe functions (``power_gradient``,
``sigmoid_gradient``, ``sweep_twice``) running a learner's ``Value``: here each row is such a probe
over an engine whose rule or sweep is written the way a learner might write it."""

import math
from collections import deque

import numpy as np
import sympy

from mutations import EXAMPLE_ONLY, IGNORES_INPUT, MISCONCEPTION, UNSAFE, Right, Wrong


def topological_order(root):
    order, seen = [], set()

    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for parent in node._parents:
                visit(parent)
            order.append(node)
    visit(root)
    return order


class Value:
    """The exercise's setup engine."""

    def __init__(self, data, parents=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self._parents = parents
        self._op = op
        self._backward = lambda: None

    def __add__(self, other):
        other = other if isinstance(other, Value) else type(self)(other)
        out = type(self)(self.data + other.data, (self, other), "+")

        def backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else type(self)(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = backward
        return out

    def backward(self):
        order = topological_order(self)
        self.grad = 1.0
        for node in reversed(order):
            node._backward()

    __radd__ = __add__
    __rmul__ = __mul__


# --- Question 2: power rules, right and wrong ------------------------------------------------------

def power_probe(rule):
    """The exercise's power_gradient over an engine whose ** rule is ``rule(self, k, out)``."""
    class Engine(Value):
        def __pow__(self, k):
            out = Engine(self.data ** k, (self,), f"**{k}")
            out._backward = lambda: rule(self, k, out)
            return out

    def power_gradient(x, k):
        v = Engine(x)
        f = v ** k * v + 3 * v ** k
        f.backward()
        return v.grad
    return power_gradient


def power_right(self, k, out):
    self.grad += k * self.data ** (k - 1) * out.grad


def power_mathpow(self, k, out):
    self.grad += out.grad * k * math.pow(self.data, k - 1)


def power_from_output(self, k, out):
    self.grad += k * out.data / self.data * out.grad


def power_numpy(self, k, out):
    self.grad = self.grad + np.power(self.data, k - 1) * k * out.grad


def power_equals(self, k, out):
    self.grad = k * self.data ** (k - 1) * out.grad


def power_no_upstream(self, k, out):
    self.grad += k * self.data ** (k - 1)


def power_not_lowered(self, k, out):
    self.grad += k * self.data ** k * out.grad


def power_without_k(self, k, out):
    self.grad += self.data ** (k - 1) * out.grad


def power_of_output(self, k, out):
    self.grad += k * out.data ** (k - 1) * out.grad


def power_minus(self, k, out):
    self.grad -= k * self.data ** (k - 1) * out.grad


def power_own_grad(self, k, out):
    self.grad += k * self.data ** (k - 1) * self.grad


def power_abs(self, k, out):
    self.grad += k * abs(self.data) ** (k - 1) * out.grad     # |x|: right for x > 0 only


def power_int_exponent(self, k, out):
    self.grad += k * self.data ** int(k - 1) * out.grad         # right for whole k only


def power_float_k(self, k, out):
    self.grad += out.grad * float(k) * self.data ** (float(k) - 1.0)


def power_cube_only(self, k, out):
    self.grad += 3 * self.data ** 2 * out.grad      # the first case's k = 3, hard-coded


# --- Question 3: sigmoid rules ----------------------------------------------------------------------

def sigmoid_probe(rule):
    class Engine(Value):
        def sigmoid(self):
            out = Engine(1 / (1 + math.exp(-self.data)), (self,), "sigmoid")
            out._backward = lambda: rule(self, out)
            return out

    def sigmoid_gradient(x):
        v = Engine(x)
        s = v.sigmoid()
        f = s * v + s
        f.backward()
        return v.grad
    return sigmoid_gradient


def sigmoid_right(self, out):
    self.grad += out.data * (1 - out.data) * out.grad


def sigmoid_expanded(self, out):
    self.grad += (out.data - out.data ** 2) * out.grad


def sigmoid_from_input(self, out):
    s = 1 / (1 + math.exp(-self.data))
    self.grad += s * (1 - s) * out.grad


def sigmoid_exp_form(self, out):
    e = math.exp(-self.data)
    self.grad += e / (1 + e) ** 2 * out.grad


def sigmoid_equals(self, out):
    self.grad = out.data * (1 - out.data) * out.grad


def sigmoid_no_upstream(self, out):
    self.grad += out.data * (1 - out.data)


def sigmoid_of_input(self, out):
    self.grad += self.data * (1 - self.data) * out.grad


def sigmoid_z_only(self, out):
    self.grad += out.data * out.grad


def sigmoid_one_minus_z(self, out):
    self.grad += (1 - out.data) * out.grad


def sigmoid_as_tanh(self, out):
    self.grad += (1 - out.data ** 2) * out.grad


def sigmoid_minus(self, out):
    self.grad -= out.data * (1 - out.data) * out.grad


def sigmoid_own_grad(self, out):
    self.grad += out.data * (1 - out.data) * self.grad


def sigmoid_quarter(self, out):
    self.grad += 0.25 * out.grad       # the slope at 0, right only where x = 0


def sigmoid_exp_overflow(self, out):
    e = math.exp(self.data)          # e^x / (1 + e^x)^2: the same slope, overflowing for large x
    self.grad += e / (1 + e) ** 2 * out.grad


# --- Question 4: topological orders ----------------------------------------------------------------

def sort_dfs(graph, output):
    order, seen = [], set()

    def visit(name):
        if name not in seen:
            seen.add(name)
            for parent in graph[name]:
                visit(parent)
            order.append(name)
    visit(output)
    return order


def sort_iterative(graph, output):
    order, done, stack = [], set(), [(output, False)]
    while stack:
        name, expanded = stack.pop()
        if name in done:
            continue
        if expanded:
            done.add(name)
            order.append(name)
        else:
            stack.append((name, True))
            stack.extend((parent, False) for parent in graph[name] if parent not in done)
    return tuple(order)


def sort_kahn(graph, output):
    needed, frontier = set(), [output]
    while frontier:
        name = frontier.pop()
        if name not in needed:
            needed.add(name)
            frontier.extend(graph[name])
    waiting = {name: len(set(graph[name])) for name in needed}
    users = {name: [n for n in needed if name in graph[n]] for name in needed}
    ready = sorted(name for name in needed if waiting[name] == 0)
    order = []
    while ready:
        name = ready.pop(0)
        order.append(name)
        for user in users[name]:
            waiting[user] -= 1
            if waiting[user] == 0:
                ready.append(user)
    return order


def sort_reversed(graph, output):
    return sort_dfs(graph, output)[::-1]


def sort_without_seen(graph, output):
    order = []

    def visit(name):
        for parent in graph[name]:
            visit(parent)
        order.append(name)
    visit(output)
    return order


def sort_bfs_reversed(graph, output):
    order, seen, queue = [], {output}, deque([output])
    while queue:
        name = queue.popleft()
        order.append(name)
        for parent in graph[name]:
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return order[::-1]


def sort_whole_graph(graph, output):
    order, seen = [], set()

    def visit(name):
        if name not in seen:
            seen.add(name)
            for parent in graph[name]:
                visit(parent)
            order.append(name)
    for name in graph:
        visit(name)
    return order


def sort_example_only(graph, output):
    return ["a", "b", "d", "c", "e", "f"]


def sort_one_level(graph, output):
    return list(dict.fromkeys(graph[output])) + [output]


def sort_preorder_reversed(graph, output):
    order, seen = [], set()

    def visit(name):
        if name not in seen:
            seen.add(name)
            order.append(name)                  # listed before its inputs
            for parent in graph[name]:
                visit(parent)
    visit(output)
    return order[::-1]


def sort_alphabetical(graph, output):
    return sorted(sort_dfs(graph, output))     # a, b, c, d, e, f happens to fit the exercise's graph


def sort_as_set(graph, output):
    return set(sort_dfs(graph, output))


def sort_by_input_count(graph, output):
    needed = set(sort_dfs(graph, output))
    return sorted(sorted(needed), key=lambda name: len(graph[name]))


# --- Question 5: sweeps ------------------------------------------------------------------------------

def sweep_probe(sweep):
    def sweep_twice(x, y):
        a, b = Value(x), Value(y)
        g = (a * b + a) * b
        sweep(g)
        once = (a.grad, b.grad)
        sweep(g)
        return once, (a.grad, b.grad)
    return sweep_twice


def sweep_right(root):
    order = topological_order(root)
    for node in order:
        if node._parents:
            node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def sweep_slices(root):
    order = topological_order(root)
    inner = [node for node in order if node._parents]
    for node in inner:
        node.grad *= 0
    root.grad = 1.0
    for node in order[::-1]:
        node._backward()


def sweep_leaves_set(root):
    order = topological_order(root)
    leaves = {id(node) for node in order if not node._parents}
    for node in order:
        node.grad = node.grad if id(node) in leaves else 0.0
    order[-1].grad = 1
    for i in range(len(order) - 1, -1, -1):
        order[i]._backward()


def sweep_forward_order(root):
    order = topological_order(root)
    for node in order:
        if node._parents:
            node.grad = 0.0
    root.grad = 1.0
    for node in order:
        node._backward()


def sweep_no_reset(root):
    order = topological_order(root)
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def sweep_reset_everything(root):
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def sweep_no_seed(root):
    order = topological_order(root)
    for node in order:
        if node._parents:
            node.grad = 0.0
    for node in reversed(order):
        node._backward()


def sweep_seed_then_reset(root):
    root.grad = 1.0
    order = topological_order(root)
    for node in order:
        if node._parents:
            node.grad = 0.0
    for node in reversed(order):
        node._backward()


def sweep_reset_inputs_only(root):
    order = topological_order(root)
    for node in order:
        if not node._parents:
            node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def sweep_setup_backward(root):
    root.backward()


def sweep_seed_added(root):
    order = topological_order(root)
    for node in order:
        if node._parents:
            node.grad = 0
    root.grad += 1
    for node in reversed(order):
        node._backward()


def sweep_reset_afterwards(root):
    order = topological_order(root)
    root.grad = 1.0
    for node in reversed(order):
        node._backward()
    for node in order:                 # like PyTorch, keep no gradients in between once the sweep is done
        if node._parents:
            node.grad = 0.0


def sweep_root_only(root):
    root.grad = 1.0
    root._backward()


def sweep_twice_example_only(x, y):
    return (12.0, 14.0), (24.0, 28.0)


# --- Question 6 ------------------------------------------------------------------------------------

w, x = sympy.symbols("w x")
h = 1 / (1 + sympy.exp(-w * x))


# --- Question 7 ------------------------------------------------------------------------------------

def matmul_einsum(Z, W, G):
    return np.einsum("nk,jk->nj", G, W), np.einsum("nj,nk->jk", Z, G)


def matmul_loops(Z, W, G):
    dZ, dW = np.zeros(Z.shape), np.zeros(W.shape)
    for n in range(len(Z)):
        dZ[n] = W @ G[n]
        dW += np.outer(Z[n], G[n])
    return dZ, dW


def matmul_list(Z, W, G):
    return [np.dot(G, np.transpose(W)), np.dot(np.transpose(Z), G)]


TABLE = {
    "gradients_by_hand": ([
        Wrong("b's path through d only", (-8, 12, -8), (MISCONCEPTION,), "sum over both paths"),
        Wrong("b's direct path only", (-8.0, 4.0, -8.0), (MISCONCEPTION,), "sum over both paths"),
        Wrong("= instead of += (the path through d overwrote the direct one)", (-8.0, 12.0, -8.0),
              (MISCONCEPTION,), "gradients accumulate"),
        Wrong("multiplication not swapped", (12.0, -4.0, 4.0), (MISCONCEPTION,), "*swaps* its inputs"),
        Wrong("df/dc = c", (-8.0, 16.0, 4.0), (MISCONCEPTION,), "the other input of the last multiplication"),
        Wrong("lesson 8's numbers", (-2.0, 4.0, 2.0), (EXAMPLE_ONLY,), "lesson 8's numbers"),
        Wrong("paths not multiplied by c (ignores c)", (-2.0, 4.0, -8.0), (IGNORES_INPUT,)),
        Wrong("signs flipped", (8.0, -16.0, 8.0), (MISCONCEPTION,), "signs are flipped"),
        Wrong("dd/da taken as a (only a's gate not swapped)", (12.0, 16.0, -8.0), (MISCONCEPTION,), "*swaps* its inputs"),
        Wrong("dd/db taken as b", (-8.0, -4.0, -8.0), (MISCONCEPTION,), "*swaps* its inputs"),
        Wrong("a's path without dd/da = b", (4.0, 16.0, -8.0), (MISCONCEPTION,), "*every* local derivative"),
        Wrong("b's direct path without c", (-8.0, 13.0, -8.0), (MISCONCEPTION,), "*every* local derivative"),
        Wrong("df/dc = d = ab, b's direct use forgotten", (-8.0, 16.0, -6.0), (MISCONCEPTION,),
              "the whole of the other input"),
        Wrong("a dict", {"a": -8.0, "b": 16.0, "c": -8.0}, ()),
        Wrong("(df/db, df/da, df/dc)", (16.0, -8.0, -8.0), (MISCONCEPTION,), "out of order"),
    ], [
        Right("a list", [-8.0, 16.0, -8.0]),
        Right("ints", (-8, 16, -8)),
        Right("NumPy numbers", tuple(np.array([-8.0, 16.0, -8.0]))),
        Right("SymPy numbers", tuple(sympy.diff((sympy.Symbol("a") * sympy.Symbol("b") + sympy.Symbol("b"))
                                                * sympy.Symbol("c"), s).subs({"a": 3, "b": -2, "c": 4})
                                     for s in sympy.symbols("a b c"))),
    ]),
    "power_rule": ([
        Wrong("= instead of +=", power_probe(power_equals), (MISCONCEPTION,), "instead of adding to it"),
        Wrong("forgets out.grad", power_probe(power_no_upstream), (MISCONCEPTION, IGNORES_INPUT),
              "forgets the gradient arriving"),
        Wrong("exponent not lowered", power_probe(power_not_lowered), (MISCONCEPTION,), "Lower the exponent"),
        Wrong("without k", power_probe(power_without_k), (MISCONCEPTION,), "dropped the factor k"),
        Wrong("the output as the base", power_probe(power_of_output), (MISCONCEPTION,), "uses the *input*"),
        Wrong("k = 3 hard-coded", power_probe(power_cube_only), (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("-= instead of +=", power_probe(power_minus), (MISCONCEPTION,), "*subtracts*"),
        Wrong("self.grad instead of out.grad", power_probe(power_own_grad), (MISCONCEPTION,), "own gradient"),
        Wrong("from the output, k x^k / x (divides by 0 at x = 0)", power_probe(power_from_output), (UNSAFE,)),
        Wrong("|x| as the base", power_probe(power_abs), (EXAMPLE_ONLY,)),
        Wrong("int(k - 1) as the exponent", power_probe(power_int_exponent), (EXAMPLE_ONLY,)),
    ], [
        Right("the rule", power_probe(power_right)),
        Right("math.pow", power_probe(power_mathpow)),
        Right("np.power, written self.grad = self.grad + ...", power_probe(power_numpy)),
        Right("float(k), out.grad first", power_probe(power_float_k)),
    ]),
    "sigmoid_rule": ([
        Wrong("= instead of +=", sigmoid_probe(sigmoid_equals), (MISCONCEPTION,), "instead of adding to it"),
        Wrong("forgets out.grad", sigmoid_probe(sigmoid_no_upstream), (MISCONCEPTION, IGNORES_INPUT),
              "forgets the gradient arriving"),
        Wrong("u(1 - u)", sigmoid_probe(sigmoid_of_input), (MISCONCEPTION,), "not u(1 - u)"),
        Wrong("z alone", sigmoid_probe(sigmoid_z_only), (MISCONCEPTION,), "z alone is the sigmoid"),
        Wrong("1 - z alone", sigmoid_probe(sigmoid_one_minus_z), (MISCONCEPTION,), "you kept only (1 - z)"),
        Wrong("the slope at 0, 1/4", sigmoid_probe(sigmoid_quarter), (EXAMPLE_ONLY,)),
        Wrong("1 - z^2, tanh's slope", sigmoid_probe(sigmoid_as_tanh), (MISCONCEPTION,), "slope of *tanh*"),
        Wrong("-= instead of +=", sigmoid_probe(sigmoid_minus), (MISCONCEPTION,), "*subtracts*"),
        Wrong("self.grad instead of out.grad", sigmoid_probe(sigmoid_own_grad), (MISCONCEPTION,), "own gradient"),
        Wrong("e^u / (1 + e^u)^2 (overflows for large u)", sigmoid_probe(sigmoid_exp_overflow), (UNSAFE,)),
    ], [
        Right("z(1 - z)", sigmoid_probe(sigmoid_right)),
        Right("z - z^2", sigmoid_probe(sigmoid_expanded)),
        Right("recomputed from the input", sigmoid_probe(sigmoid_from_input)),
        Right("e^-u / (1 + e^-u)^2", sigmoid_probe(sigmoid_exp_form)),
    ]),
    "topological_sort": ([
        Wrong("output first", sort_reversed, (MISCONCEPTION,), "backward sweep's order"),
        Wrong("no set of visited nodes", sort_without_seen, (MISCONCEPTION,), "must be listed once"),
        Wrong("breadth-first search, reversed", sort_bfs_reversed, (MISCONCEPTION,), "breadth-first"),
        Wrong("every node of the dictionary", sort_whole_graph, (IGNORES_INPUT,), "follow inputs only"),
        Wrong("the exercise's graph hard-coded", sort_example_only, (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("the output's direct inputs only", sort_one_level, (MISCONCEPTION,), "directly or through others"),
        Wrong("sorted by the number of inputs", sort_by_input_count, ()),
        Wrong("pre-order depth-first search, reversed", sort_preorder_reversed, (MISCONCEPTION,), "(pre-order)"),
        Wrong("alphabetical (fits the exercise's graph)", sort_alphabetical, (EXAMPLE_ONLY,), "after all of its inputs"),
        Wrong("a set", sort_as_set, ()),
    ], [
        Right("recursive depth-first search", sort_dfs),
        Right("iterative, with a stack, as a tuple", sort_iterative),
        Right("Kahn's algorithm on the output's ancestors", sort_kahn),
    ]),
    "backward_sweep": ([
        Wrong("forward order", sweep_probe(sweep_forward_order), (MISCONCEPTION,), "walk `reversed(order)`"),
        Wrong("nodes in between not reset", sweep_probe(sweep_no_reset), (MISCONCEPTION,),
              "added the first sweep's gradients"),
        Wrong("inputs reset too", sweep_probe(sweep_reset_everything), (MISCONCEPTION,),
              "reset the inputs' gradients too"),
        Wrong("no seed", sweep_probe(sweep_no_seed), (MISCONCEPTION,), "must be 1"),
        Wrong("seed, then reset (the root among them)", sweep_probe(sweep_seed_then_reset), (MISCONCEPTION,),
              "must be 1"),
        Wrong("the root's own rule only (ignores the graph below)", sweep_probe(sweep_root_only),
              (IGNORES_INPUT,)),
        Wrong("the numbers of x = 2, y = 3 hard-coded", sweep_twice_example_only, (EXAMPLE_ONLY,)),
        Wrong("the inputs reset, the nodes in between kept", sweep_probe(sweep_reset_inputs_only), (MISCONCEPTION,),
              "the wrong way round"),
        Wrong("the setup's Value.backward", sweep_probe(sweep_setup_backward), (MISCONCEPTION,),
              "added the first sweep's gradients"),
    ], [
        Right("reset to int 0, root.grad += 1", sweep_probe(sweep_seed_added)),
        Right("the nodes in between cleared after each sweep", sweep_probe(sweep_reset_afterwards)),
        Right("the sweep", sweep_probe(sweep_right)),
        Right("order[::-1], grad *= 0", sweep_probe(sweep_slices)),
        Right("a set of leaves, indices backwards", sweep_probe(sweep_leaves_set)),
    ]),
    "shared_weight_gradient": ([
        Wrong("the direct path only", h, (MISCONCEPTION,), "add the path through h"),
        Wrong("the path through h only", w * h * (1 - h) * x, (MISCONCEPTION,), "add that path"),
        Wrong("u(1 - u) for the slope", h + w * (w * x) * (1 - w * x) * x, (MISCONCEPTION,), "not u(1 - u)"),
        Wrong("forgets x in the path through h", h + w * h * (1 - h), (IGNORES_INPUT,)),
        Wrong("a number: the derivative at w = 1/2, x = 1",
              sympy.diff(w * h, w).subs({w: sympy.Rational(1, 2), x: 1}), (EXAMPLE_ONLY,)),
        Wrong("the formula as text", "h + w*h*(1 - h)*x", ()),
        Wrong("the inner derivative x forgotten", h + w * h * (1 - h), (MISCONCEPTION,), "one factor short"),
        Wrong("du/dw taken as w", h + w * h * (1 - h) * w, (MISCONCEPTION,), "the *other* factor"),
        Wrong("the paths subtracted", h - w * h * (1 - h) * x, (MISCONCEPTION,), "paths *add*"),
    ], [
        Right("with real symbols of the learner's own", (lambda wr, xr: 1 / (1 + sympy.exp(-wr * xr))
              + wr * xr * sympy.exp(-wr * xr) / (1 + sympy.exp(-wr * xr)) ** 2)(*sympy.symbols("w x", real=True))),
        Right("with e^(wx) in the numerator", sympy.exp(w * x) / (1 + sympy.exp(w * x))
              + w * x * sympy.exp(w * x) / (1 + sympy.exp(w * x)) ** 2),
        Right("sp.diff", sympy.diff(w * h, w)),
        Right("the two paths", h + w * h * (1 - h) * x),
        Right("with exp written out", 1 / (1 + sympy.exp(-w * x))
              + w * x * sympy.exp(-w * x) / (1 + sympy.exp(-w * x)) ** 2),
        Right("with the slope as 1/(4 cosh^2(wx/2))", h + w * x / (4 * sympy.cosh(w * x / 2) ** 2)),
    ]),
    "matmul_backward": ([
        Wrong("G @ W", lambda Z, W, G: (G @ W, Z.T @ G), (MISCONCEPTION,), "`G @ W` only runs"),
        Wrong("dW transposed", lambda Z, W, G: (G @ W.T, G.T @ Z), (MISCONCEPTION,), "dE/dW is transposed"),
        Wrong("dW averaged over the samples", lambda Z, W, G: (G @ W.T, Z.T @ G / len(Z)), (MISCONCEPTION,),
              "n times too small"),
        Wrong("pair swapped", lambda Z, W, G: (Z.T @ G, G @ W.T), (MISCONCEPTION,), "in the order"),
        Wrong("ignores G", lambda Z, W, G: (np.ones_like(G) @ W.T, Z.T @ np.ones_like(G)), (IGNORES_INPUT,)),
        Wrong("the first sample only (right for a batch of one)",
              lambda Z, W, G: (G @ W.T, np.outer(Z[0], G[0])), (EXAMPLE_ONLY,)),
        Wrong("dW as Z @ G (runs when Z is square)", lambda Z, W, G: (G @ W.T, Z @ G), (MISCONCEPTION,),
              "`Z @ G` or `G @ Z.T`"),
        Wrong("dW as G @ Z.T (runs when every size is equal)", lambda Z, W, G: (G @ W.T, G @ Z.T), (MISCONCEPTION,),
              "`Z @ G` or `G @ Z.T`"),
        Wrong("dZ as W @ G.T", lambda Z, W, G: (W @ G.T, Z.T @ G), (MISCONCEPTION,), "dE/dZ is transposed"),
        Wrong("dZ divided by the number of samples", lambda Z, W, G: (G @ W.T / len(Z), Z.T @ G), ()),
    ], [
        Right("(Gᵀ Z)ᵀ", lambda Z, W, G: (G @ W.T, (G.T @ Z).T)),
        Right("einsum", matmul_einsum),
        Right("loops over the samples", matmul_loops),
        Right("a list, np.dot and np.transpose", matmul_list),
    ]),
    "mode_passes": ([
        Wrong("swapped", (200, 5), (MISCONCEPTION,), "Swapped"),
        Wrong("reverse mode always one pass", (5, 1), (MISCONCEPTION, IGNORES_INPUT), "one reverse pass per output"),
        Wrong("lesson 8's numbers", (3, 1000), (EXAMPLE_ONLY,), "lesson 8's numbers"),
        Wrong("one pass each", (1, 1), (MISCONCEPTION,), "not all of it"),
        Wrong("every entry its own pass", (1000, 1000), ()),
        Wrong("one number", 200, ()),
        Wrong("forward mode one pass", (1, 200), (MISCONCEPTION,), "seeds *one* input"),
        Wrong("both the inputs", (5, 5), (MISCONCEPTION,), "do not cost the same"),
        Wrong("both the outputs", (200, 200), (MISCONCEPTION,), "do not cost the same"),
    ], [
        Right("a list", [5, 200]),
        Right("floats", (5.0, 200.0)),
        Right("NumPy ints", (np.int64(5), np.int64(200))),
    ]),
}
