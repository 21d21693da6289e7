"""Automatic differentiation (lesson 8): the chain rule, run backwards by the computer.

Every operation records what it was computed from (its *parents*) and a rule that sends the
gradient arriving at its output back to its parents, written right next to the forward
computation. ``backward()`` puts the graph in a topological order and runs those rules once
each, from the output back to the inputs: reverse-mode automatic differentiation.

* ``Value``: one number (a scalar engine, in the spirit of micrograd). Each rule *adds* its
  contribution to a parent's ``grad`` (``+=``): a value used twice gets a gradient along each
  path, and they add up.
* ``Tensor``: the same idea for NumPy arrays, shapes as everywhere in the workbook (a batch is
  rows, ``W`` has shape (n_in, n_out)). The gradient of ``Z @ W`` is ``dU @ W.T`` for Z and
  ``Z.T @ dU`` for W: the only products whose shapes fit.
* ``Dual``: forward mode, for comparison: a number carried with its derivative with respect to
  one chosen input, so one pass gives one column of derivatives.

``value_gradients`` and ``tensor_gradients`` build lesson 5's dense networks from them and
return the gradients in ``nbtools.backprop``'s form, against which the tests compare them.
"""

import math

import numpy as np

from .activations import as_float, sigmoid as _sigmoid
from .losses import softmax, softmax_cross_entropy as _softmax_cross_entropy


def topological_order(root):
    """Every node ``root`` was computed from (and ``root`` itself), each after its parents.

    Depth first from the root: a node is listed once all its parents are (post-order), and a
    node reached along a second path is not listed again. Iterative, so a graph deeper than
    Python's recursion limit (a sum of 784 products, say) is no problem.
    """
    order, seen, stack = [], {id(root)}, [(root, iter(root._parents))]
    while stack:
        node, parents = stack[-1]
        parent = next(parents, None)
        if parent is None:
            stack.pop()
            order.append(node)
        elif id(parent) not in seen:
            seen.add(id(parent))
            stack.append((parent, iter(parent._parents)))
    return order


class Node:
    """What ``Value`` and ``Tensor`` share: parents, a backward rule, and the backward sweep."""

    def __init__(self, parents=(), op=""):
        self._parents = tuple(parents)
        self._op = op
        self._backward = lambda: None

    def backward(self):
        """Fill in ``grad`` of every node this one was computed from: d(self)/d(node).

        The output's own gradient is 1 (d self / d self); then each node's rule runs once, in
        reverse topological order, so a rule runs only after every node that uses its output
        has sent its gradient back. The leaves (inputs and parameters: nodes without parents)
        *add* this sweep's gradients to what they hold, as in PyTorch: a second sweep without
        setting them to zero in between (PyTorch's ``zero_grad``) doubles them. The nodes in
        between start every sweep from zero.
        """
        order = topological_order(self)
        for node in order:
            if node._parents:
                node.grad = node._zero()
        self.grad = self._ones()
        for node in reversed(order):
            node._backward()


class Value(Node):
    """One number ``data`` with its gradient ``grad`` (0 until ``backward`` fills it in).

    ``Value(2.0) * Value(3.0) + 1`` builds a graph; ``.backward()`` on its result gives every
    ``grad``. Numbers mix in freely (``2 * v``, ``v - 1``, ``v ** 3``).
    """

    def __init__(self, data, parents=(), op=""):
        super().__init__(parents, op)
        self.data = float(data)
        self.grad = 0.0

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _ones():
        return 1.0

    @staticmethod
    def _zero():
        return 0.0

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def backward():  # add distributes: each input gets the output's gradient
            self.grad += out.grad
            other.grad += out.grad
        out._backward = backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def backward():  # multiply swaps: each input gets the other one times the gradient
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = backward
        return out

    def __pow__(self, k):
        """``self ** k`` for a plain number k."""
        out = Value(self.data ** k, (self,), f"**{k:g}")

        def backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def backward():  # d e^u / du = e^u, the output itself
            self.grad += out.data * out.grad
        out._backward = backward
        return out

    def log(self):
        out = Value(math.log(self.data), (self,), "log")

        def backward():
            self.grad += out.grad / self.data
        out._backward = backward
        return out

    def tanh(self):
        out = Value(math.tanh(self.data), (self,), "tanh")

        def backward():  # 1 - t^2, from the output t
            self.grad += (1 - out.data ** 2) * out.grad
        out._backward = backward
        return out

    def sigmoid(self):
        out = Value(_sigmoid(self.data), (self,), "sigmoid")

        def backward():  # z (1 - z), from the output z (lesson 5)
            self.grad += out.data * (1 - out.data) * out.grad
        out._backward = backward
        return out

    def relu(self):
        out = Value(max(self.data, 0.0), (self,), "relu")

        def backward():  # 1 where the input was positive, else 0 (0 at 0, as PyTorch's relu)
            self.grad += (self.data > 0) * out.grad
        out._backward = backward
        return out

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return other + (-self)

    def __truediv__(self, other):
        return self * other ** -1

    def __rtruediv__(self, other):
        return other * self ** -1

    __radd__ = __add__
    __rmul__ = __mul__


def unbroadcast(gradient, shape):
    """``gradient`` summed down to ``shape``: where NumPy broadcast a value (a bias added to every
    row), that value was used once per copy, and the copies' gradients add up."""
    while gradient.ndim > len(shape):
        gradient = gradient.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and gradient.shape[axis] != 1:
            gradient = gradient.sum(axis=axis, keepdims=True)
    return gradient


class Tensor(Node):
    """A float64 array ``data`` with its gradient ``grad`` (an array of the same shape).

    The operations of a dense network: ``+`` and ``-`` and ``*`` (elementwise, broadcasting
    like NumPy), ``@``, ``** k``, ``sum``, ``mean`` and the activations, each with its rule.
    """

    def __init__(self, data, parents=(), op=""):
        super().__init__(parents, op)
        self.data = np.array(as_float(data), dtype=float)
        self.grad = np.zeros_like(self.data)

    def __repr__(self):
        return f"Tensor(shape={self.data.shape}, op={self._op!r})"

    def _ones(self):
        if self.data.size != 1:
            raise ValueError(f"backward() starts from one number (a loss), not shape {self.data.shape}")
        return np.ones_like(self.data)

    def _zero(self):
        return np.zeros_like(self.data)

    def __add__(self, other):
        other = other if isinstance(other, Tensor) else Tensor(other)
        out = Tensor(self.data + other.data, (self, other), "+")

        def backward():
            self.grad += unbroadcast(out.grad, self.data.shape)
            other.grad += unbroadcast(out.grad, other.data.shape)
        out._backward = backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Tensor) else Tensor(other)
        out = Tensor(self.data * other.data, (self, other), "*")

        def backward():
            self.grad += unbroadcast(other.data * out.grad, self.data.shape)
            other.grad += unbroadcast(self.data * out.grad, other.data.shape)
        out._backward = backward
        return out

    def __matmul__(self, other):
        """U = Z @ W for Z of shape (n, n_in) and W of shape (n_in, n_out)."""
        out = Tensor(self.data @ other.data, (self, other), "@")

        def backward():  # (n, n_out)(n_out, n_in) and (n_in, n)(n, n_out): the shapes decide
            self.grad += out.grad @ other.data.T
            other.grad += self.data.T @ out.grad
        out._backward = backward
        return out

    def __pow__(self, k):
        out = Tensor(self.data ** k, (self,), f"**{k:g}")

        def backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = backward
        return out

    def sum(self):
        out = Tensor(self.data.sum(), (self,), "sum")

        def backward():  # every entry counts once
            self.grad += out.grad * np.ones_like(self.data)
        out._backward = backward
        return out

    def mean(self):
        out = Tensor(self.data.mean(), (self,), "mean")

        def backward():
            self.grad += out.grad * np.ones_like(self.data) / self.data.size
        out._backward = backward
        return out

    def _elementwise(self, value, slope_from_output, op):
        out = Tensor(value, (self,), op)

        def backward():
            self.grad += out.grad * slope_from_output(out.data)
        out._backward = backward
        return out

    def sigmoid(self):
        return self._elementwise(_sigmoid(self.data), lambda z: z * (1 - z), "sigmoid")

    def tanh(self):
        return self._elementwise(np.tanh(self.data), lambda z: 1 - z ** 2, "tanh")

    def relu(self):
        return self._elementwise(np.maximum(self.data, 0), lambda z: (z > 0).astype(float),
                                 "relu")

    def identity(self):
        return self

    def exp(self):
        return self._elementwise(np.exp(self.data), lambda e: e, "exp")

    def log(self):
        out = Tensor(np.log(self.data), (self,), "log")

        def backward():
            self.grad += out.grad / self.data
        out._backward = backward
        return out

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other if isinstance(other, Tensor) else Tensor(-as_float(other)))

    __radd__ = __add__
    __rmul__ = __mul__


def softmax_cross_entropy(U, Y):
    """The mean cross-entropy of softmax(U) against one-hot ``Y`` (an array), as one operation.

    Fused, as PyTorch's ``cross_entropy`` is: its rule is lesson 4's (softmax(U) - Y) / n, which
    never divides by a probability that may be 0.
    """
    Y = as_float(Y)
    out = Tensor(_softmax_cross_entropy(U.data, Y), (U,), "cross-entropy")

    def backward():
        U.grad += out.grad * (softmax(U.data) - Y) / U.data.shape[0]
    out._backward = backward
    return out


def mse(Y_hat, Y):
    """The workbook's MSE, the mean of (Y_hat - Y)^2 over every entry, built from Tensor operations."""
    return ((Y_hat - Y) ** 2).mean()


def tensor_gradients(X, Y, layers, activations, loss):
    """(loss, [(dE/dW, dE/db), ...]) of a dense network from the ``Tensor`` engine.

    Arguments as ``nbtools.backprop.loss_and_gradients``: ``X`` (n, n_inputs), ``Y`` (n,
    n_outputs), ``layers`` [(W, b), ...] (not changed), activation names, and ``loss`` "mse" or
    "softmax_cross_entropy" (the last layer's identity output are then the logits).
    """
    parameters = [(Tensor(W), Tensor(b)) for W, b in layers]
    Z = Tensor(X)
    for (W, b), name in zip(parameters, activations):
        Z = getattr(Z @ W + b, name)()
    E = mse(Z, Y) if loss == "mse" else softmax_cross_entropy(Z, Y)
    E.backward()
    return float(E.data), [(W.grad, b.grad) for W, b in parameters]


def value_loss(x, y, layers, activations):
    """One sample's loss as a graph of ``Value``s: (E, [(W, b), ...]) with W and b nested lists
    of Values, so that ``E.backward()`` fills their ``grad``.

    E = sum_k (y_hat_k - y_k)^2 / n_out, the workbook's MSE; every weighted sum is written out as
    u_k = sum_j z_j w_jk + b_k, as lesson 5 writes it. ``x`` and ``y`` have shapes (n_inputs,)
    and (n_outputs,); ``layers`` [(W, b), ...] are arrays (copied into Values, not changed).
    """
    parameters = [([[Value(w) for w in row] for row in W], [Value(v) for v in b]) for W, b in layers]
    z = [Value(v) for v in np.ravel(x)]
    for (W, b), name in zip(parameters, activations):
        u = [sum((z_j * W[j][k] for j, z_j in enumerate(z)), start=Value(0.0)) + b[k]
             for k in range(len(b))]
        z = [u_k if name == "identity" else getattr(u_k, name)() for u_k in u]
    targets = np.ravel(y)
    E = sum(((z_k - float(y_k)) ** 2 for z_k, y_k in zip(z, targets)), start=Value(0.0))
    return (E / len(targets) if len(targets) > 1 else E), parameters


def value_gradients(x, y, layers, activations):
    """(E, [(dE/dW, dE/db), ...]) of ``value_loss``, as arrays in ``nbtools.backprop``'s form."""
    E, parameters = value_loss(x, y, layers, activations)
    E.backward()
    gradients = [(np.array([[w.grad for w in row] for row in W]), np.array([v.grad for v in b]))
                 for W, b in parameters]
    return E.data, gradients


class Dual:
    """Forward mode: a number ``value`` with its derivative ``dot`` with respect to one input.

    Start the input of interest with ``dot = 1`` and every other with 0; each operation carries
    the derivative forward with the same local rules. One pass gives d(everything)/d(that
    input): a gradient of n parameters needs n passes.
    """

    def __init__(self, value, dot=0.0):
        self.value, self.dot = float(value), float(dot)

    def __repr__(self):
        return f"Dual(value={self.value:.6g}, dot={self.dot:.6g})"

    @staticmethod
    def _lift(other):
        return other if isinstance(other, Dual) else Dual(other)

    def __add__(self, other):
        other = self._lift(other)
        return Dual(self.value + other.value, self.dot + other.dot)

    def __mul__(self, other):
        other = self._lift(other)
        return Dual(self.value * other.value, self.dot * other.value + self.value * other.dot)

    def __pow__(self, k):
        return Dual(self.value ** k, k * self.value ** (k - 1) * self.dot)

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-self._lift(other))

    def __rsub__(self, other):
        return self._lift(other) + (-self)

    def __truediv__(self, other):
        return self * self._lift(other) ** -1

    def exp(self):
        e = math.exp(self.value)
        return Dual(e, e * self.dot)

    def log(self):
        return Dual(math.log(self.value), self.dot / self.value)

    def tanh(self):
        t = math.tanh(self.value)
        return Dual(t, (1 - t ** 2) * self.dot)

    def sigmoid(self):
        z = float(_sigmoid(self.value))
        return Dual(z, z * (1 - z) * self.dot)

    def relu(self):
        return Dual(max(self.value, 0.0), (self.value > 0) * self.dot)

    __radd__ = __add__
    __rmul__ = __mul__


def forward_mode_gradient(function, inputs):
    """The gradient of ``function`` (numbers in, one number out, written with +, *, exp...) at
    ``inputs``, by forward mode: one pass per input, each seeding that input's ``dot`` with 1."""
    gradient = []
    for i in range(len(inputs)):
        seeded = [Dual(v, 1.0 if j == i else 0.0) for j, v in enumerate(inputs)]
        gradient.append(function(*seeded).dot)
    return np.array(gradient)
