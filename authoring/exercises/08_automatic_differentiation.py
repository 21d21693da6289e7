# %% [markdown]
# # Exercise 8: Automatic differentiation
#
# The lesson it practises:
# [`lessons/08_automatic_differentiation.ipynb`](../lessons/08_automatic_differentiation.ipynb).
#
# Practise what lesson 8 built: gradients read off a graph by hand, the backward rules of new
# operations for a `Value` engine, the topological order and the backward sweep, the sum over paths
# symbolically, the rule of a matrix product, and the cost of forward and reverse mode. Each
# question has an **answer cell** (replace the `...` or the `raise NotImplementedError` with your
# answer) and a **check cell** right after it: run it and it tells you whether your answer is right,
# and if not, what looks wrong. Run the cells in order; a check never stops the notebook.
#
# The engine questions (2, 3 and 5) each end with a small function that is already written, such as
# `power_gradient(x, k)`: it builds an expression from your engine and returns its gradient as a
# number. That function is what the check calls, on several inputs.
#
# **Stuck?** Once a question's check has run on your answer, `check.hint("name")` (the name in its check
# cell, such as `check.hint("power_rule")`) shows the next step of a solution in words, one step more each
# time, and `check.solution("power_rule")` a worked solution with why each line is there. `check.progress()`
# shows which questions of every exercise pass, from your saved notebooks.

# %% [markdown]
# ## Setup: the engine of lesson 8, with addition and multiplication
# `Value` holds a number `data`, its gradient `grad`, the `_parents` it was computed from and a
# `_backward` rule that **adds** the gradient arriving at its output (`out.grad`) times the local
# derivative into each parent's `grad`. `backward()` sets the output's gradient to 1 and runs the
# rules in reverse topological order. You will add more operations.

# %%
import math

import numpy as np
import sympy as sp

from nbtools import check


def topological_order(root):
    """Every node root was computed from, and root, each after its inputs (lesson 8)."""
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
    """One number in a computation, with its gradient d(output)/d(this number)."""

    def __init__(self, data, parents=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self._parents = parents
        self._op = op
        self._backward = lambda: None

    def __repr__(self):
        return f"Value(data={self.data:g}, grad={self.grad:g})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

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

# %% [markdown]
# ## Question 1: gradients by hand
# The graph
#
# $$d = a\,b, \qquad e = d + b, \qquad f = e\,c$$
#
# at $a = 3$, $b = -2$, $c = 4$. Note that $b$ is used twice. Work out, by hand,
# $\frac{\partial f}{\partial a}$, $\frac{\partial f}{\partial b}$ and
# $\frac{\partial f}{\partial c}$, and store them in `gradients` as a tuple of three numbers, in
# that order. (Multiply the local derivatives along each path; add over paths.)

# %%
### BEGIN SOLUTION
# df/da: one path, a -> d -> e -> f: c * 1 * b (the multiplication swaps: dd/da = b).
# df/db: two paths, through d (c * 1 * a) and straight into e (c * 1); they add.
# df/dc: the other input of the last multiplication, e = a b + b.
gradients = (4 * 1 * -2, 4 * 1 * 3 + 4 * 1, 3 * -2 + -2)
### END SOLUTION

# %%
check.gradients_by_hand(gradients)

# %% [markdown]
# ## Question 2: the power rule
# Complete the backward rule of `power(self, k)`, which computes $x^k$ for a plain number $k$ (an
# int or a float): add $\frac{d\,x^k}{dx}$ times the gradient arriving at the output into
# `self.grad`. The cell then makes it `Value`'s `**`. The check calls `power_gradient(x, k)`, the
# derivative of $f = x^k \cdot x + 3x^k$ through your rule, for several $x$ and $k$ (here $x$ is
# used three times).

# %%
def power(self, k):
    """self ** k for a plain number k."""
    out = Value(self.data ** k, (self,), f"**{k}")

    def backward():
        ### BEGIN SOLUTION
        # The local derivative k x^(k-1), from the input x = self.data, times
        # the gradient arriving at the output; added (+=): x may be used elsewhere.
        self.grad += k * self.data ** (k - 1) * out.grad
        ### END SOLUTION
    out._backward = backward
    return out


Value.__pow__ = power


def power_gradient(x, k):
    """df/dx of f = x**k * x + 3 * x**k, by your engine."""
    v = Value(x)
    f = v ** k * v + 3 * v ** k
    f.backward()
    return v.grad

# %%
check.power_rule(power_gradient)

# %% [markdown]
# ## Question 3: the sigmoid's rule
# Complete the backward rule of the sigmoid $z = \sigma(u) = 1/(1 + e^{-u})$. Lesson 5 wrote its
# slope with the output, $\frac{dz}{du} = z(1 - z)$: the output is `out.data`. The check calls
# `sigmoid_gradient(x)`, the derivative of $f = \sigma(x)\,x + \sigma(x)$ through your rule.

# %%
def sigmoid(self):
    out = Value(1 / (1 + math.exp(-self.data)), (self,), "sigmoid")

    def backward():
        ### BEGIN SOLUTION
        # The slope z(1 - z) from the output z = out.data, times the arriving
        # gradient, added.
        self.grad += out.data * (1 - out.data) * out.grad
        ### END SOLUTION
    out._backward = backward
    return out


Value.sigmoid = sigmoid


def sigmoid_gradient(x):
    """df/dx of f = sigmoid(x) * x + sigmoid(x), by your engine."""
    v = Value(x)
    s = v.sigmoid()
    f = s * v + s
    f.backward()
    return v.grad

# %%
check.sigmoid_rule(sigmoid_gradient)

# %% [markdown]
# ## Question 4: a topological order
# Write `topological_sort(graph, output)` for a graph given as data: `graph` is a dictionary from
# each node's name to the list of the names of its inputs (`[]` for an input), for example the
# graph of question 1:
#
# ```python
# {"a": [], "b": [], "c": [], "d": ["a", "b"], "e": ["d", "b"], "f": ["e", "c"]}
# ```
#
# Return a list of the names of every node that `output` depends on (directly or through others),
# and `output` itself, **each once**, and each **after all of its inputs**. A graph usually has
# several such orders: any of them is right. Nodes of the dictionary that `output` does not depend
# on are left out. The check tries several graphs; do not change `graph`.

# %%
def topological_sort(graph, output):
    ### BEGIN SOLUTION
    # Depth first from the output: list a node only after all of its inputs are listed.
    order, seen = [], set()

    def visit(name):
        # A node reached along a second path is already listed: skip it.
        if name not in seen:
            seen.add(name)
            for parent in graph[name]:
                visit(parent)
            order.append(name)

    # Starting from the output leaves out the nodes it does not depend on.
    visit(output)
    return order
    ### END SOLUTION

# %%
check.topological_sort(topological_sort)

# %% [markdown]
# ## Question 5: a backward sweep that can run twice
# `Value.backward` above works once. Run it twice on the same graph and the second sweep adds to
# gradients that still hold the first sweep's values, *in between* as well as at the inputs. Write
# `backward_sweep(root)`, a sweep that can run again: the inputs (the nodes without `_parents`)
# **add** each sweep's gradient to what they hold, as PyTorch's parameters do, while every node in
# between starts each sweep from 0. Use `topological_order(root)` from the setup. The check calls
# `sweep_twice(x, y)`, which sweeps the graph of $g = (xy + x)\,y$ once and then again.

# %%
def backward_sweep(root):
    ### BEGIN SOLUTION
    # Every node, each after its inputs.
    order = topological_order(root)

    # The nodes in between start from 0; the inputs (no _parents) keep what they hold.
    for node in order:
        if node._parents:
            node.grad = 0.0

    # d root / d root = 1, set after the reset (the root has _parents too).
    root.grad = 1.0

    # Backwards: each node's rule runs after every node that uses it has sent its share.
    for node in reversed(order):
        node._backward()
    ### END SOLUTION


def sweep_twice(x, y):
    """The gradients of x and y after one sweep, then after a second one."""
    a, b = Value(x), Value(y)
    g = (a * b + a) * b
    backward_sweep(g)
    once = (a.grad, b.grad)
    backward_sweep(g)
    return once, (a.grad, b.grad)

# %%
check.backward_sweep(sweep_twice)

# %% [markdown]
# ## Question 6: a shared weight, symbolically
# A weight can be used twice, as a recurrent network uses the same weight at every step. Here one
# weight $w$ makes a hidden value and then scales it:
#
# $$h = \sigma(w\,x) = \frac{1}{1 + e^{-wx}}, \qquad y = w\,h.$$
#
# $w$ reaches $y$ along two paths. Store $\frac{d y}{d w}$ in `dy_dw` as a SymPy expression in the
# symbols `w` and `x` below: write it as the sum of the two paths' products of local derivatives
# (then, if you like, compare it with `sp.diff`).

# %%
w, x = sp.symbols("w x")

# %%
### BEGIN SOLUTION
# The hidden value, a sigmoid of w x.
h = 1 / (1 + sp.exp(-w * x))
# Path 1: w multiplies h directly (dy/dw with h fixed is h). Path 2: through h:
# dy/dh = w, dh/du = h(1 - h), du/dw = x. The two paths add.
dy_dw = h + w * h * (1 - h) * x
### END SOLUTION

# %%
check.shared_weight_gradient(dy_dw)

# %% [markdown]
# ## Question 7: the rule of a matrix product
# For $U = ZW$ with $Z$ of shape (n, n_in) and $W$ of shape (n_in, n_out), write
# `matmul_backward(Z, W, G)`: given $G = \frac{\partial E}{\partial U}$ (shape (n, n_out)), return
# the tuple $\left(\frac{\partial E}{\partial Z}, \frac{\partial E}{\partial W}\right)$, NumPy
# arrays of the shapes of `Z` and `W`. Let the shapes tell you where the transposes go.

# %%
def matmul_backward(Z, W, G):
    ### BEGIN SOLUTION
    # dE/dZ has Z's shape (n, n_in): (n, n_out)(n_out, n_in) is G W^T.
    # dE/dW has W's shape (n_in, n_out): (n_in, n)(n, n_out) is Z^T G, which
    # sums over the samples.
    return G @ W.T, Z.T @ G
    ### END SOLUTION

# %%
check.matmul_backward(matmul_backward)

# %% [markdown]
# ## Question 8: forward mode or reverse mode?
# A simulation maps 5 settings to 200 sensor readings. You want the full matrix of derivatives of
# every reading with respect to every setting (200 × 5). How many passes does forward mode need,
# and how many reverse mode? Store the tuple `(forward_passes, reverse_passes)` in `passes`.

# %%
### BEGIN SOLUTION
# Forward mode: one pass per input (5), each a column of the 200 x 5 matrix.
# Reverse mode: one pass per output (200), each a row.
passes = (5, 200)
### END SOLUTION

# %%
check.mode_passes(passes)

# %% [markdown]
# ## Done?
# Every check above says ✔? Then you can read gradients off a graph, write the backward rule of any
# operation, order a graph and sweep it, and say which mode of automatic differentiation suits a
# problem. Lesson 9 meets the same engine at scale: PyTorch.
