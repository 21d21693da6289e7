# %% [markdown]
# # Lesson 8: Computational graphs and automatic differentiation
#
# Lesson 5 computed every gradient of one kind of network with deltas: formulas derived by hand for
# dense layers and sigmoids. Change the architecture (share a weight between two layers, add a
# layer that multiplies two of its inputs) and the formulas must be derived again. Deep-learning
# libraries derive nothing per architecture. They record how the loss was computed, one elementary
# operation at a time, each with a backward rule written once, and run the chain rule over that
# record backwards: **reverse-mode automatic differentiation**. This lesson builds such an engine from scratch, small enough to read whole,
# and shows that it gives lesson 5's numbers to the last bit.
#
# **You will:**
# 1. see an expression as a graph of operations, each with its local derivatives;
# 2. read the chain rule off the graph: a product along each path, a **sum over paths** when a
#    value is used twice, which is why gradients are accumulated with `+=`;
# 3. build a scalar `Value` whose every operation has its backward rule next to its forward one,
#    order the graph topologically, and run one backward sweep;
# 4. rebuild lesson 5's 2-2-1 network from `Value`s and get every one of its nine gradients again;
# 5. compare forward mode with reverse mode honestly, with the numbers of a 784-32-10 network;
# 6. move from numbers to arrays: the gradient of $ZW$ derived, its transposes checked by the
#    shapes, and an array engine whose gradients equal `nbtools.backprop`'s on the digits network;
# 7. drag the inputs of an expression and watch its graph's values and gradients change.

# %% [markdown]
# ## Setup
# NumPy, SymPy and matplotlib as before. From `nbtools` we take lesson 5's backward pass and
# gradient check (to compare with), lesson 2's `init_network` and lesson 7's digits, this
# lesson's engine `nbtools.autograd` (only once we have built our own) and its graph drawings
# (`nbtools.graph_explorer`).

# %%
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

from nbtools import autograd, backprop, losses
from nbtools.datasets import load_digits_split
from nbtools.gradient_check import numerical_gradient
from nbtools.graph_explorer import draw_graph, graph_explorer
from nbtools.layers import forward, init_network

sp.init_printing(use_latex="mathjax")

# %% [markdown]
# ## An expression is a graph
# Take $f(a, b, c) = (ab + c)\,a$ at $a = 2$, $b = -3$, $c = 10$. A computer evaluates it one
# elementary operation at a time, naming each intermediate result:
#
# $$d = a\,b, \qquad e = d + c, \qquad f = e\,a.$$
#
# Drawn as a graph, each operation is a node with arrows from its inputs. The input $a$ has **two**
# arrows leaving it: it is used by the first multiplication and by the last one.

# %%
a, b, c = 2.0, -3.0, 10.0
d = a * b
e = d + c
f = e * a
print(f"d = a b = {d:g},  e = d + c = {e:g},  f = e a = {f:g}")

# %% [markdown]
# ## Local derivatives: what each gate does to a gradient
# Every node knows the derivative of its output with respect to each of its inputs, from its own
# inputs alone. Three gates show the three patterns a gradient can follow backwards (the words
# "distributes" and "routes" are those of the CS231n course notes; an activation such as the
# sigmoid is one more gate, with its own local derivative):
#
# | gate | computes | local derivatives | what it does to the gradient $g$ arriving at its output |
# |---|---|---|---|
# | add | $e = d + c$ | $\partial e/\partial d = 1$, $\partial e/\partial c = 1$ | **distributes** it: both inputs get $g$ |
# | multiply | $d = a\,b$ | $\partial d/\partial a = b$, $\partial d/\partial b = a$ | **swaps** the inputs: $a$ gets $b\,g$, $b$ gets $a\,g$ |
# | max | $m = \max(p, q)$ | 1 for the larger input, 0 for the other (none at a tie, $p = q$) | **routes** it: all of $g$ to the larger input |
#
# ReLU is a max gate with 0 as the other input. The local derivatives of our expression, as
# numbers:

# %%
local = {"dd/da = b": b, "dd/db = a": a, "de/dd = 1": 1.0, "de/dc = 1": 1.0,
         "df/de = a": a, "df/da (e held fixed) = e": e}
for name, value in local.items():
    print(f"{name:<26} {value:g}")

# %% [markdown]
# Each gate's local derivatives, checked by central differences $(g(p + s) - g(p - s))/(2s)$ with
# $s = 10^{-6}$: the add and multiply gates at $(p, q) = (-3, 2)$, the max gate at $(3, 1)$, where
# $p$ is the larger input:

# %%
def slopes(gate, p, q, s=1e-6):
    """Central differences of gate(p, q) with respect to p and to q."""
    return ((gate(p + s, q) - gate(p - s, q)) / (2 * s),
            (gate(p, q + s) - gate(p, q - s)) / (2 * s))


for name, gate, p, q in [("add", lambda p, q: p + q, -3.0, 2.0),
                         ("multiply", lambda p, q: p * q, -3.0, 2.0),
                         ("max", max, 3.0, 1.0)]:
    d_p, d_q = slopes(gate, p, q)
    print(f"{name:<9} at ({p:g}, {q:g}): d/dp = {d_p:.6f}, d/dq = {d_q:.6f}")

# %% [markdown]
# Add: 1 and 1. Multiply: the *other* input, $q = 2$ for $p$ and $p = -3$ for $q$. Max: 1 for the
# larger input, 0 for the smaller. At a tie the max gate has no derivative at all; the one-sided
# slopes with respect to $p$ at $p = q = 2$ disagree, and a central difference, blind to that,
# returns their mean:

# %%
s = 1e-6
right = (max(2.0 + s, 2.0) - max(2.0, 2.0)) / s
left = (max(2.0, 2.0) - max(2.0 - s, 2.0)) / s
central = (max(2.0 + s, 2.0) - max(2.0 - s, 2.0)) / (2 * s)
print(f"max(p, q) at p = q = 2: slope from the right {right:g}, from the left {left:g},"
      f" central difference {central:g}")

# %% [markdown]
# **Get it right: the "gradient" of a max at a tie.** $\max(p, q)$ is not differentiable where
# $p = q$ (nor is ReLU, $\max(u, 0)$, at $u = 0$): there is no gradient to compute, and "routes it
# to the larger input" says nothing when neither is larger. Any split between the one-sided
# slopes ($t\,g$ to $p$ and $(1 - t)\,g$ to $q$, $0 \le t \le 1$) is a *subgradient*, and an
# engine must pick one by convention. This lesson's array ReLU (below), like `nbtools.autograd`'s,
# sends 0 at $u = 0$; PyTorch's `relu` does too, while its `torch.maximum` splits $g$ in half at a
# tie (the lesson's claims test checks both). A tie is rare with real-valued data but does happen
# (a ReLU whose input is exactly 0), and there a finite-difference check is meaningless: the
# central difference returns 0.5 whatever the engine chose.

# %% [markdown]
# ## The chain rule: products along paths, summed over paths
# The derivative of $f$ with respect to an input is the product of the local derivatives along a
# path from that input to $f$. For $b$ there is one path, $b \to d \to e \to f$:
#
# $$\frac{\partial f}{\partial b} = \frac{\partial f}{\partial e}\,\frac{\partial e}{\partial d}\,
#   \frac{\partial d}{\partial b} = a \cdot 1 \cdot a.$$
#
# For $a$ there are **two** paths: directly into the last multiplication, and through $d$. The
# chain rule for a value used twice says the contributions of the paths **add**:
#
# $$\frac{\partial f}{\partial a} = \underbrace{e}_{\text{direct}} \;+\;
#   \underbrace{\frac{\partial f}{\partial e}\,\frac{\partial e}{\partial d}\,
#   \frac{\partial d}{\partial a}}_{\text{through } d} = e + a \cdot 1 \cdot b.$$

# %%
direct = e
through_d = a * 1.0 * b
print(f"df/da: direct path {direct:g} + path through d {through_d:g}"
      f" = {direct + through_d:g}")
print(f"df/db = a * 1 * a = {a * 1.0 * a:g},  df/dc = a * 1 = {a * 1.0:g}")

# %% [markdown]
# SymPy, differentiating the whole formula, and finite differences, knowing nothing about graphs,
# agree:

# %%
a_s, b_s, c_s = sp.symbols("a b c")
f_s = (a_s * b_s + c_s) * a_s
point = {a_s: a, b_s: b, c_s: c}
print("SymPy:", [sp.diff(f_s, s).subs(point) for s in (a_s, b_s, c_s)])
h = 1e-6
f_num = sp.lambdify((a_s, b_s, c_s), f_s)
abc = np.array([a, b, c])
print("finite differences:",
      [round(float(f_num(*(abc + nudge)) - f_num(*(abc - nudge))) / (2 * h), 6)
       for nudge in np.eye(3) * h])

# %% [markdown]
# **Get it right: gradients accumulate.** A value that is used in two places receives a
# contribution from each, and its gradient is their **sum**. An engine that works node by node
# therefore never *writes* a gradient, it *adds* to it: `a.grad += ...`, starting from 0. Writing
# `a.grad = ...` keeps only whichever path arrived last, and the result is wrong without any error
# message. We will see it happen below.

# %% [markdown]
# ## Reverse mode: one sweep from the output back
# Lesson 5's running product carries over to any graph. Give every node a gradient,
# $\partial f / \partial (\text{node})$: the output's is 1. Then visit the nodes from the output
# back, and at each one apply its gate: multiply the node's gradient by each local derivative and
# **add** the result to that input's gradient. A node may send its gradient on only when it is **complete**, when every
# node that uses it has already sent its share; so the nodes must be visited in an order where each
# comes after all of its users. Listing the nodes so that each comes after its inputs is a
# **topological order**; the backward sweep visits it in reverse.
#
# A depth-first search gives one: list a node after all its inputs are listed, and skip a node seen
# before (so that $a$, reached along two paths, is listed once).

# %%
def topological_order(root):
    """Every node root was computed from, and root, each after its inputs (_parents)."""
    order, seen = [], set()

    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for parent in node._parents:
                visit(parent)
            order.append(node)
    visit(root)
    return order

# %% [markdown]
# ## A scalar `Value`, each rule next to its operation
# Now the engine itself, in the spirit of Karpathy's micrograd. A `Value` holds a number `data`,
# its gradient `grad` (0 until a backward sweep), the `_parents` it was computed from, and a
# `_backward` function: the gate's rule, written right where the operation computes its output. It
# closes over the inputs and the output, so it can read their numbers and add to their gradients.

# %%
class Value:
    """One number in a computation, with its gradient d(output)/d(this number)."""

    def __init__(self, data, parents=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self._parents = parents
        self._op = op
        self._backward = lambda: None          # an input has nothing to pass back

    def __repr__(self):
        return f"Value(data={self.data:g}, grad={self.grad:g})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def backward():                         # add distributes
            self.grad += out.grad
            other.grad += out.grad
        out._backward = backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def backward():                         # multiply swaps
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = backward
        return out

    def backward(self):
        """Fill in the grad of every node self was computed from."""
        order = topological_order(self)
        for node in order:
            if node._parents:                   # the nodes in between start from 0
                node.grad = 0.0
        self.grad = 1.0                         # d self / d self
        for node in reversed(order):            # each node after all of its users
            node._backward()

    __radd__ = __add__
    __rmul__ = __mul__

# %% [markdown]
# The same three operations as above, now recorded. One call of `backward()` fills in all three
# gradients:

# %%
a, b, c = Value(2.0), Value(-3.0), Value(10.0)
f = (a * b + c) * a
f.backward()
print(f)
print("a:", a, " b:", b, " c:", c)

# %% [markdown]
# The order `backward()` used, from `topological_order`: every node after its inputs, $a$ listed
# once although two paths lead to it. The sweep ran it from the bottom up; each in-between node's
# `grad` is its $\partial f/\partial(\text{node})$, here $\partial f/\partial d = \partial f/\partial e
# = a = 2$:

# %%
names = {id(a): "a", id(b): "b", id(c): "c"}
for node in topological_order(f):
    label = names.get(id(node), node._op)
    print(f"{label:<3} data {node.data:>3g}   grad {node.grad:>3g}")

# %% [markdown]
# The graph the engine recorded, each node with its `data` (blue) and its `grad` (red).
# `draw_graph` from `nbtools.graph_explorer` walks the same `_parents` links:

# %%
figure = draw_graph(f, {a: "a", b: "b", c: "c"})
plt.show()

# %% [markdown]
# *Figure, in words:* four columns from left to right: the inputs a (top) and b (bottom); the
# first multiplication (data -6) with the input c (data 10) below it; the addition (data 4); the
# last multiplication (data 8, grad 1). a sends two arrows, one into each multiplication, and its
# grad is -2; b's grad is 4; c's and both in-between nodes' grads are 2, as printed above.

# %% [markdown]
# **The bug of `=`.** The same expression, with multiplications whose rule *writes* the gradient
# instead of adding to it:

# %%
def multiply_with_equals(x, y):
    """x * y whose backward rule writes = instead of += (a bug)."""
    out = Value(x.data * y.data, (x, y), "*")

    def backward():
        x.grad = y.data * out.grad
        y.grad = x.data * out.grad
    out._backward = backward
    return out


a, b, c = Value(2.0), Value(-3.0), Value(10.0)
f = multiply_with_equals(multiply_with_equals(a, b) + c, a)
f.backward()
print(f"with = : df/da = {a.grad:g} (the right value is -2), df/db = {b.grad:g}, "
      f"df/dc = {c.grad:g}")

# %% [markdown]
# The last multiplication ran first and set `a.grad` to $e = 4$; the first multiplication ran later
# and *replaced* it with $b \cdot \partial f / \partial d = -6$, its own path only. Nothing crashed;
# the other two gradients are even right, because $b$ and $c$ are used once.
#
# **The order matters as much.** Run the rules in the forward (topological) order instead, and each
# node passes back its gradient *before* its users have sent it: still 0.

# %%
a, b, c = Value(2.0), Value(-3.0), Value(10.0)
f = (a * b + c) * a
f.grad = 1.0
for node in topological_order(f):               # wrong: inputs first
    node._backward()
print(f"forward order: df/da = {a.grad:g}, df/db = {b.grad:g}, df/dc = {c.grad:g}")

# %% [markdown]
# Only the direct path into $f$ arrived ($e = 4$ for $a$); $b$ and $c$ got nothing, because the
# rules of $d$ and $e$, which feed them, ran while $d$ and $e$ still had a gradient of 0.

# %% [markdown]
# ## More operations, same pattern
# A network needs a few more operations. Each is one forward line and one rule, and the rule is the
# local derivative times `out.grad`, added into the input's `grad`. For the activations, the rule is
# written with the output, as lessons 2 and 5 did: $\tanh' = 1 - t^2$, $\sigma' = z(1 - z)$.

# %%
def power(self, k):
    """self ** k for a number k."""
    out = Value(self.data ** k, (self,), f"**{k}")

    def backward():
        self.grad += k * self.data ** (k - 1) * out.grad
    out._backward = backward
    return out


def tanh(self):
    out = Value(np.tanh(self.data), (self,), "tanh")

    def backward():
        self.grad += (1 - out.data ** 2) * out.grad
    out._backward = backward
    return out


def sigmoid(self):
    out = Value(1 / (1 + np.exp(-self.data)), (self,), "sigmoid")

    def backward():
        self.grad += out.data * (1 - out.data) * out.grad
    out._backward = backward
    return out


Value.__pow__, Value.tanh, Value.sigmoid = power, tanh, sigmoid
Value.__neg__ = lambda self: self * -1
Value.__sub__ = lambda self, other: self + (-other)

# %% [markdown]
# Subtraction is built from addition and multiplication by $-1$, so it needs no rule of its own.
# Each new rule, checked against a central difference at $x = 0.7$:

# %%
def derivative_by_engine(function, x):
    v = Value(x)
    function(v).backward()
    return v.grad


for name, function in [("x ** 3", lambda v: v ** 3), ("tanh(x)", lambda v: v.tanh()),
                       ("sigmoid(x)", lambda v: v.sigmoid()),
                       ("x * sigmoid(x) - x", lambda v: v * v.sigmoid() - v)]:
    above, below = function(Value(0.7 + 1e-6)), function(Value(0.7 - 1e-6))
    numeric = (above.data - below.data) / 2e-6
    print(f"{name:<20} engine {derivative_by_engine(function, 0.7):.10f}  "
          f"finite difference {numeric:.10f}")

# %% [markdown]
# The last one uses $x$ three times (as a factor, inside the sigmoid, and in the subtraction) and
# is still right: the accumulation adds the three paths. `nbtools.autograd.Value` is this class
# with a few more operations (`exp`, `log`, `relu`, division); the workbook's tests
# (`tests/test_autograd.py`) check each of its rules against finite differences, and randomly
# drawn expressions against finite differences and against forward mode (below).

# %% [markdown]
# ## Lesson 5's network, from `Value`s
# Lesson 5's 2-2-1 sigmoid network, input $(0.5, -1)$, target 1, loss $E = (\hat y - y)^2$. This
# time every weight and bias is a `Value`, the forward pass is written out as lesson 5 wrote it,
# and one `backward()` replaces all the deltas:

# %%
x, y = [0.5, -1.0], 1.0
W1 = [[Value(0.4), Value(-0.3)], [Value(0.2), Value(0.6)]]    # w_ij
b1 = [Value(0.1), Value(-0.1)]                                # b_j
W2 = [[Value(0.7)], [Value(-0.5)]]                            # w_jk
b2 = [Value(0.2)]                                             # b_k

z = [(x[0] * W1[0][j] + x[1] * W1[1][j] + b1[j]).sigmoid() for j in range(2)]
y_hat = (z[0] * W2[0][0] + z[1] * W2[1][0] + b2[0]).sigmoid()
E = (y_hat - y) ** 2
E.backward()
print(f"y_hat = {y_hat.data:.6f}, E = {E.data:.6f}")

# %% [markdown]
# Lesson 5's gradients come from `nbtools.backprop`, its deltas in float64 (lesson 5 printed the
# same nine numbers to six decimals); the central differences from `nbtools.gradient_check`, with
# its step $s = 10^{-5}$:

# %%
arrays = [(np.array([[w.data for w in row] for row in W]),
           np.array([v.data for v in bias])) for W, bias in [(W1, b1), (W2, b2)]]
_, by_deltas, _ = backprop.loss_and_gradients(np.array([x]), np.array([[y]]), arrays,
                                              ["sigmoid", "sigmoid"], "mse")


def loss_of_arrays():
    Y_hat = forward(np.array([x]), arrays, ["sigmoid", "sigmoid"])
    return losses.mse(Y_hat, np.array([[y]]))


names = ["w_11", "w_12", "w_21", "w_22", "b_1", "b_2", "w_1k", "w_2k", "b_k"]
engine = [W1[0][0], W1[0][1], W1[1][0], W1[1][1], b1[0], b1[1],
          W2[0][0], W2[1][0], b2[0]]
deltas = np.concatenate([by_deltas[0][0].ravel(), by_deltas[0][1],
                         by_deltas[1][0].ravel(), by_deltas[1][1]])
numeric = np.concatenate([numerical_gradient(loss_of_arrays, p).ravel()
                          for layer in arrays for p in layer])
print(f"{'':<6}{'Value engine':>15}{'deltas (L5)':>15}{'engine - deltas':>17}"
      f"{'finite diff.':>15}{'engine - f.d.':>15}")
for name, node, by_delta, by_difference in zip(names, engine, deltas, numeric):
    print(f"{name:<6}{node.grad:>15.9f}{by_delta:>15.9f}{node.grad - by_delta:>17.1e}"
          f"{by_difference:>15.9f}{node.grad - by_difference:>15.1e}")

# %% [markdown]
# The engine and the deltas give the **same nine floating-point numbers**: every difference is
# exactly 0 (`.1e` prints any nonzero float, however small, as nonzero), not merely small. That is
# possible because both multiply the same local derivatives: the sigmoid's rule multiplies by
# $z(1 - z)$ as the output delta does, and a multiplication gate sends $z_j \cdot \delta_k$ to
# $w_{jk}$ exactly as $\partial E / \partial w_{jk} = \delta_k z_j$; here they also group the
# products the same way, so they round the same way. The deltas of lesson 5 were reverse-mode
# automatic differentiation, done by hand for one architecture. (The central differences agree to
# within $10^{-11}$, as they should with this step: their error is of order $s^2$ plus rounding.)
#
# The engine even holds lesson 5's deltas: a delta is the gradient of a weighted sum, and every
# weighted sum is a node of the graph. The node `y_hat` was computed from is $u_k$, and its `grad` is
# $\delta_k$:

# %%
u_k = y_hat._parents[0]
print(f"delta_k = dE/du_k = {u_k.grad:.6f}")

# %% [markdown]
# That is lesson 5's $\delta_k = -0.190109$.

# %% [markdown]
# ## Forward mode, and why reverse mode is the one that trains networks
# The chain rule can also be run **forwards**: carry, next to every value, its derivative with respect
# to *one* chosen input, and update both at every operation with the same local derivatives. A pair
# (value, derivative) is a *dual number*; `nbtools.autograd.Dual` implements the operations above for
# it. One forward pass gives the derivative of *everything* with respect to that one input, so the
# gradient of a loss with $n$ parameters takes $n$ passes, one per parameter, each seeded with
# derivative 1 for its own parameter.
#
# Both modes on the 2-2-1 network, written once as a function of its nine parameters (it works with
# `Value`s and with dual numbers alike):

# %%
def network_loss(w11, w12, w21, w22, b1, b2, w1k, w2k, bk):
    z1 = (x[0] * w11 + x[1] * w21 + b1).sigmoid()
    z2 = (x[0] * w12 + x[1] * w22 + b2).sigmoid()
    return ((z1 * w1k + z2 * w2k + bk).sigmoid() - y) ** 2


parameters = [0.4, -0.3, 0.2, 0.6, 0.1, -0.1, 0.7, -0.5, 0.2]
forward_mode = autograd.forward_mode_gradient(network_loss, parameters)   # 9 passes
leaves = [autograd.Value(p) for p in parameters]
network_loss(*leaves).backward()                                          # 1 pass back
reverse_mode = np.array([leaf.grad for leaf in leaves])
print("forward mode:", forward_mode.round(6))
print("reverse mode:", reverse_mode.round(6))
difference = np.abs(forward_mode - reverse_mode)
ulps = (difference / np.spacing(np.abs(reverse_mode))).max()
print(f"largest difference {difference.max():.1e},"
      f" that is {ulps:g} unit(s) in the last place")

# %% [markdown]
# Same gradient, to within the last bit: no entry differs by more than one unit in the last
# place (the spacing of float64 numbers at its size); the two modes multiply the same factors,
# grouped in a different order. The cost is what differs. For lesson 5's 784-32-10 network and one sample, the
# engine's graph has this many operations, almost all of them a multiplication and an addition per
# weight (the operations do not depend on the seed, only the numbers do):

# %%
rng = np.random.default_rng(0)
layers = init_network([784, 32, 10], rng)
E_big, _ = autograd.value_loss(rng.random(784), np.eye(10)[3], layers,
                               ["sigmoid", "identity"])
nodes = [node for node in autograd.topological_order(E_big) if node._parents]
kinds = {op: sum(node._op == op for node in nodes)
         for op in ["+", "*", "sigmoid", "**2"]}
n_parameters = sum(W.size + bias.size for W, bias in layers)
print(f"784-32-10: {n_parameters:,} parameters, {len(nodes):,} operations in one"
      f" forward pass: {kinds['+']:,} additions, {kinds['*']:,} multiplications,"
      f" the rest {kinds['sigmoid']} sigmoids and {kinds['**2']} squares")

# %% [markdown]
# Forward mode needs one pass per parameter, each carrying a dual number through all of these
# operations; reverse mode needs one forward pass and one backward sweep, which runs each
# operation's rule once. To compare the two fairly, count the floating-point additions and
# multiplications each does per gate, read off the code (`nbtools.autograd.Dual` for forward mode,
# the rules of `Value` for reverse mode; a `+=` is one addition), leaving out the 42 sigmoids and
# squares:
#
# | gate | evaluate it | dual number (value and derivative) | its backward rule |
# |---|---|---|---|
# | add | 1 | 2 | 2 (two `+=`) |
# | multiply | 1 | 4 ($pq$, and $\dot p q + p \dot q$) | 4 ($q g$, $p g$, two `+=`) |

# %%
one_evaluation = kinds["+"] + kinds["*"]
one_dual_pass = 2 * kinds["+"] + 4 * kinds["*"]
one_backward_sweep = 2 * kinds["+"] + 4 * kinds["*"]
forward_cost = n_parameters * one_dual_pass
reverse_cost = one_evaluation + one_backward_sweep
print(f"forward mode: {n_parameters:,} passes x {one_dual_pass:,}"
      f" ({one_dual_pass / one_evaluation:.1f} evaluations each) = {forward_cost:.2e}")
print(f"reverse mode: 1 evaluation + 1 backward sweep = {one_evaluation:,} +"
      f" {one_backward_sweep:,} = {reverse_cost:,}"
      f" ({reverse_cost / one_evaluation:.1f} evaluations)")
print(f"ratio: about {forward_cost / reverse_cost:,.0f}"
      f" ({forward_cost / reverse_cost / n_parameters:.2f} x the parameter count)")

# %% [markdown]
# **Get it right: why reverse mode.** Both modes reuse shared factors; neither expands the chain
# rule into a sum over all paths. The difference is which way the result faces. One forward-mode
# pass gives the derivatives of every output with respect to **one input**; one reverse sweep
# gives the derivatives of **one output** with respect to every input. Each costs a small constant
# times one evaluation of the function (3.0 and 4.0 evaluations here, by the table's count), so a
# full set of derivatives costs about that constant times the number of inputs in forward mode,
# and times the number of outputs in reverse mode. A loss is one output and the parameters are many
# (25,450 here, billions in large models), so reverse mode wins by a factor proportional to the
# parameter count: about 19,000, three quarters of it, by the count above (operation counts, not
# timings: Python's overhead per operation is left out). For a function with few inputs and many
# outputs (the 1,000 pixels a renderer computes from 3 camera angles, say) forward mode would
# win. Reverse mode's price is memory: it keeps every intermediate value of the forward pass until
# the backward sweep has used it (or recomputes some of them, which libraries call checkpointing).

# %% [markdown]
# ## From numbers to arrays
# A network with one `Value` per weight is slow (Python handles each of the 50,921 operations
# above on its own). Libraries make each node an **array**, and each rule an array formula. The
# rule that matters most is the matrix product $U = ZW$, with $Z$ of shape $(n, n_\text{in})$
# and $W$ of shape $(n_\text{in}, n_\text{out})$: each $u_{nk} = \sum_j z_{nj} w_{jk}$ is a sum of
# multiplication gates. Given the gradient $G = \partial E / \partial U$ arriving at the output (shape
# $(n, n_\text{out})$), the multiply gate's swap, the add gate's distribution, and the sum over
# paths (each $w_{jk}$ is used by all $n$ rows, each $z_{nj}$ by all $n_\text{out}$ units) give
#
# $$\frac{\partial E}{\partial w_{jk}} = \sum_n z_{nj}\, g_{nk}
#   \;\Rightarrow\; \frac{\partial E}{\partial W} = Z^\top G, \qquad
#   \frac{\partial E}{\partial z_{nj}} = \sum_k g_{nk}\, w_{jk}
#   \;\Rightarrow\; \frac{\partial E}{\partial Z} = G\, W^\top.$$
#
# The shapes are a useful check: of the products of $Z$ $(n, n_\text{in})$ or its transpose with
# $G$ $(n, n_\text{out})$ or its transpose, only $Z^\top G$ has the shape of $W$
# $(n_\text{in}, n_\text{out})$, and of those of $G$ and $W$ only $G W^\top$ has the shape of $Z$,
# as long as the sizes differ. They are not a proof: for a square $W$, $(Z^\top G)^\top = G^\top Z$
# has the right shape too and is wrong. The index sums above decide. SymPy confirms both on a
# $2 \times 3$ times $3 \times 2$ product, with a loss $E = \sum_{n,k} g_{nk} u_{nk}$ whose
# $\partial E / \partial U$ is exactly $G$:

# %%
Z_s = sp.Matrix(2, 3, lambda n, j: sp.Symbol(f"z_{n + 1}{j + 1}"))
W_s = sp.Matrix(3, 2, lambda j, k: sp.Symbol(f"w_{j + 1}{k + 1}"))
G_s = sp.Matrix(2, 2, lambda n, k: sp.Symbol(f"g_{n + 1}{k + 1}"))
E_s = sum(G_s.multiply_elementwise(Z_s * W_s))
dE_dW = W_s.applyfunc(lambda w: sp.diff(E_s, w))
dE_dZ = Z_s.applyfunc(lambda z: sp.diff(E_s, z))
print(f"dE/dW - Z^T G = {sp.simplify(dE_dW - Z_s.T * G_s)}")
print(f"dE/dZ - G W^T = {sp.simplify(dE_dZ - G_s * W_s.T)}")
dE_dW

# %% [markdown]
# The bias $\mathbf b$ is added to every row of $ZW$: it is used $n$ times, once per sample, so its
# gradient is the **sum** of $G$'s rows (accumulation again, now along an axis). With these rules, an
# array engine is the scalar one with `Value` replaced by arrays. Here it is, with the operations the
# digits network needs: matrix product, adding a bias, ReLU, and softmax cross-entropy as one
# operation whose rule is lesson 4's $(\text{softmax}(U) - Y)/n$. It reuses the `backward()` sweep of
# `Value` unchanged.

# %%
class Tensor(Value):
    """A float64 array in a computation; grad has its shape."""

    def __init__(self, data, parents=(), op=""):
        super().__init__(0.0, parents, op)
        self.data = np.asarray(data, dtype=float)
        self.grad = np.zeros_like(self.data)

    def __matmul__(self, W):
        out = Tensor(self.data @ W.data, (self, W), "@")

        def backward():
            self.grad += out.grad @ W.data.T       # (n, n_out)(n_out, n_in)
            W.grad += self.data.T @ out.grad       # (n_in, n)(n, n_out)
        out._backward = backward
        return out

    def __add__(self, bias):
        out = Tensor(self.data + bias.data, (self, bias), "+")

        def backward():
            self.grad += out.grad
            bias.grad += out.grad.sum(axis=0)      # one copy per row: the rows add up
        out._backward = backward
        return out

    def relu(self):
        out = Tensor(np.maximum(self.data, 0), (self,), "relu")

        def backward():
            self.grad += (self.data > 0) * out.grad
        out._backward = backward
        return out


def cross_entropy(U, Y):
    """Mean softmax cross-entropy of logits U against one-hot Y, as one operation."""
    out = Tensor(losses.softmax_cross_entropy(U.data, Y), (U,), "cross-entropy")

    def backward():
        U.grad += out.grad * (losses.softmax(U.data) - Y) / len(Y)
    out._backward = backward
    return out

# %% [markdown]
# Lesson 7's digits network (64-256-10, ReLU, softmax cross-entropy), from its seed-0 initial
# weights, on all 1,149 training images at once. Its gradients from our array engine against
# `nbtools.backprop`'s:

# %%
data = load_digits_split(seed=0)
digits_layers = init_network([64, 256, 10], np.random.default_rng(0))
W1_t, b1_t, W2_t, b2_t = (Tensor(array) for layer in digits_layers for array in layer)
hidden = (Tensor(data.X_train) @ W1_t + b1_t).relu()
loss = cross_entropy(hidden @ W2_t + b2_t, data.Y_train)
loss.backward()
digits = (data.X_train, data.Y_train, digits_layers, ["relu", "identity"],
          "softmax_cross_entropy")
_, reference, _ = backprop.loss_and_gradients(*digits)
n_digits_parameters = sum(W.size + bias.size for W, bias in digits_layers)
print(f"{len(data.X_train):,} images, {n_digits_parameters:,} parameters,"
      f" loss {float(loss.data):.6f}")
for name, mine, theirs in zip(["dW1", "db1", "dW2", "db2"], [W1_t, b1_t, W2_t, b2_t],
                              [g for pair in reference for g in pair]):
    print(f"{name} {str(mine.grad.shape):<10} largest |engine - backprop| "
          f"{np.abs(mine.grad - theirs).max():.1e}")

# %% [markdown]
# Again the same numbers, bit for bit, for all 19,210 parameters: not merely within the
# $10^{-12}$ one would accept from two implementations that round differently. Not a lucky draw
# of weights either: from the initial weights of seeds 1, 2 and 3, the same:

# %%
def array_engine_gradients(layers):
    """The digits network's gradients from this lesson's Tensor engine."""
    tensors = [Tensor(array) for layer in layers for array in layer]
    hidden = (Tensor(data.X_train) @ tensors[0] + tensors[1]).relu()
    cross_entropy(hidden @ tensors[2] + tensors[3], data.Y_train).backward()
    return [t.grad for t in tensors]


for seed in [1, 2, 3]:
    seed_layers = init_network([64, 256, 10], np.random.default_rng(seed))
    _, seed_reference, _ = backprop.loss_and_gradients(
        data.X_train, data.Y_train, seed_layers, ["relu", "identity"],
        "softmax_cross_entropy")
    theirs_all = [g for pair in seed_reference for g in pair]
    largest = max(np.abs(mine - theirs).max() for mine, theirs in zip(
        array_engine_gradients(seed_layers), theirs_all))
    print(f"seed {seed}: largest |engine - backprop| over all four arrays"
          f" {largest:.1e}")

# %% [markdown]
# `nbtools.autograd.Tensor` is this engine with more operations (elementwise products with
# broadcasting, powers, means, sigmoid, tanh); its `tensor_gradients` takes the arguments of
# `backprop.loss_and_gradients`. On the digits network it gives the same numbers as well; the
# workbook's tests (`tests/test_autograd.py`) also compare the two on randomly drawn small
# networks, to within $10^{-12}$ (bit for bit is not guaranteed in general: another grouping of
# the same products may round differently).

# %%
_, package_gradients = autograd.tensor_gradients(*digits)
largest = max(np.abs(mine - theirs).max()
              for pair, pair_ref in zip(package_gradients, reference)
              for mine, theirs in zip(pair, pair_ref))
print("nbtools.autograd.tensor_gradients, largest difference from backprop:", largest)

# %% [markdown]
# ## Explorer: a graph you can drag
# The expression of this lesson, $f = (ab + c)\,a$, with sliders for its inputs. Every change runs
# the forward pass and one backward sweep, and writes each node's `data` and `grad` again.
#
# **Try it.** $\partial f / \partial a = 2ab + c$ is the sum of the two paths into $a$: with $a = 2$,
# drag $b$ to $-2.5$ and watch the paths cancel ($\partial f/\partial a = 0$). Then drag $a$ to 0:
# the gradients of $b$ and $c$ vanish, because every path from them ends in a multiplication by $a$,
# while $\partial f/\partial a$ becomes $c$.

# %% tags=["nbval-ignore-output"]
graph_explorer()

# %% [markdown]
# ## Summary
# - An expression is a graph of elementary operations. Each node knows its local derivatives: an add
#   gate distributes the gradient, a multiply gate swaps its inputs, a max gate routes it (at a
#   tie a max has no derivative, and the engine's choice is a convention).
# - The chain rule on a graph: a product of local derivatives along each path, **summed over paths**
#   when a value is used more than once. So gradients are accumulated, `grad += ...`; writing
#   `grad = ...` silently keeps one path.
# - Reverse mode: order the graph topologically and sweep it backwards once, each node after all of
#   its users. `Value` does it in under fifty lines, each rule next to its operation.
# - The engine reproduces lesson 5's gradients of the 2-2-1 network bit for bit: the deltas were
#   reverse mode by hand.
# - Forward mode costs one pass per input, reverse mode one sweep per output, each a small
#   constant times one evaluation; a loss has one output and many parameters (25,450 passes
#   against one sweep for 784-32-10, about 19,000 times the arithmetic).
# - For arrays, the index sums give the rules and the shapes check them: $\partial E/\partial W =
#   Z^\top G$, $\partial E/\partial Z = G W^\top$, a bias's gradient sums the rows. An array engine
#   built on them gives `nbtools.backprop`'s gradients on the digits network, bit for bit (seeds 0
#   to 3).
#
# ## Questions
# 1. In $f = (ab + c)\,a$, which gradients would be wrong if the *addition* gate's rule wrote `=`
#    instead of `+=`, and why?
#
#    <details><summary>Answer</summary>
#
#    None. The addition's inputs, $d$ and $c$, are each used once, so each receives exactly one
#    contribution, and `=` after a reset to 0 gives the same number as `+=`. The bug bites only a
#    value with two or more users, here $a$, whose contributions come from the two multiplications.
#    </details>
#
# 2. Why must the backward sweep visit a node only after every node that uses it?
#
#    <details><summary>Answer</summary>
#
#    A node's rule multiplies the node's own gradient by its local derivatives and passes the product
#    to its inputs. That gradient is a sum over the node's users; if the rule runs before all of them
#    have added their share, it passes on an incomplete sum, and nothing ever sends the rest. In the
#    forward order, $b$ and $c$ received 0.
#    </details>
#
# 3. A function maps 3 numbers to 1,000 numbers. How many passes does its full matrix of derivatives
#    (1,000 by 3) take in forward mode, and in reverse mode?
#
#    <details><summary>Answer</summary>
#
#    Forward mode: 3, one per input, each giving one column (the derivatives of all 1,000 outputs with
#    respect to that input). Reverse mode: 1,000, one per output, each giving one row. Here forward
#    mode wins; for a loss (one output) reverse mode does.
#    </details>
#
# 4. The 2-2-1 network gave the same nine numbers from deltas and from the engine, to every bit. Why
#    is bit-for-bit agreement possible at all, when the finite differences agree only to within
#    $10^{-11}$?
#
#    <details><summary>Answer</summary>
#
#    Both compute the same exact formula from the same local derivatives (the ones the delta
#    formulas use), with the products grouped the same way, so every float64 operation rounds the
#    same way. Finite differences compute something else, a difference quotient, which differs
#    from the derivative by a term of order $s^2$ ($s = 10^{-5}$ here) and carries the rounding
#    of two losses divided by $2s$.
#    </details>
#
# 5. $U = ZW + \mathbf{b}$ for a batch of 64 rows, with $W$ of shape (32, 10). What are the shapes of
#    $\partial E / \partial W$, $\partial E / \partial Z$ and $\partial E / \partial \mathbf b$, and
#    which products or sums give them from $G = \partial E / \partial U$?
#
#    <details><summary>Answer</summary>
#
#    $G$ is (64, 10). $\partial E/\partial W = Z^\top G$: (32, 64)(64, 10) = (32, 10).
#    $\partial E/\partial Z = G W^\top$: (64, 10)(10, 32) = (64, 32). $\partial E/\partial \mathbf b$
#    sums $G$'s 64 rows: shape (10,).
#    </details>
#
#
# Now practise in the exercise:
# [`exercises/08_automatic_differentiation.ipynb`](../exercises/08_automatic_differentiation.ipynb).
