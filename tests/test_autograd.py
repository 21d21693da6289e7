"""nbtools.autograd (lesson 8): each operation's rule against finite differences, random expressions
against finite differences and forward mode, and the array engine against nbtools.backprop."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nbtools import autograd, backprop
from nbtools.autograd import Dual, Tensor, Value, forward_mode_gradient, topological_order
from nbtools.layers import init_network
from nbtools.losses import one_hot

STEP = 1e-6


def central_difference(function, inputs, i, step=STEP):
    above, below = list(inputs), list(inputs)
    above[i] += step
    below[i] -= step
    return (function(*above) - function(*below)) / (2 * step)


def reverse_mode_gradient(function, inputs):
    values = [Value(v) for v in inputs]
    function(*values).backward()
    return np.array([v.grad for v in values])


def as_float(function):
    """``function`` on plain floats: Values in, the output's data out."""
    return lambda *numbers: function(*(Value(n) for n in numbers)).data


# --- each rule, by hand and against finite differences -----------------------------------------------

@pytest.mark.parametrize("name, function, point", [
    ("add", lambda a, b: a + b, (1.5, -2.0)),
    ("mul", lambda a, b: a * b, (1.5, -2.0)),
    ("sub", lambda a, b: a - b, (1.5, -2.0)),
    ("rsub", lambda a, b: 3 - a * b, (1.5, -2.0)),
    ("div", lambda a, b: a / b, (1.5, -2.0)),
    ("rdiv", lambda a, b: 2 / (a + b * b), (1.5, -2.0)),
    ("pow", lambda a, b: a ** 3 + b ** -2, (1.5, -2.0)),
    ("exp", lambda a, b: (a * b).exp(), (0.5, -0.7)),
    ("log", lambda a, b: (a * a + b).log(), (1.5, 0.3)),
    ("tanh", lambda a, b: (a - b).tanh(), (0.4, -0.2)),
    ("sigmoid", lambda a, b: (a * b).sigmoid(), (0.4, -2.5)),
    ("relu", lambda a, b: (a * b).relu() + (a + b).relu(), (1.5, -2.0)),
    ("neg", lambda a, b: -a * b, (1.5, -2.0)),
    ("numbers on the left", lambda a, b: 2 * a + 1 + b * 3, (1.5, -2.0)),
])
def test_each_rule_agrees_with_finite_differences(name, function, point):
    gradient = reverse_mode_gradient(function, point)
    numeric = [central_difference(as_float(function), point, i) for i in range(len(point))]
    np.testing.assert_allclose(gradient, numeric, rtol=1e-7, atol=1e-9)


def test_gates_by_hand_add_distributes_multiply_swaps():
    a, b = Value(2.0), Value(-3.0)
    (a * b).backward()
    assert (a.grad, b.grad) == (-3.0, 2.0)
    a, b = Value(2.0), Value(-3.0)
    (a + b).backward()
    assert (a.grad, b.grad) == (1.0, 1.0)


def test_a_value_used_twice_gets_the_sum_of_both_paths():
    """f = a * a: each factor sends a; the gradient is 2a, not a (the bug of `=` for `+=`)."""
    a = Value(3.0)
    (a * a).backward()
    assert a.grad == 6.0
    a, b, c = Value(2.0), Value(-3.0), Value(10.0)
    f = (a * b + c) * a        # df/da = (ab + c) + a b = 4 - 6 = -2
    f.backward()
    assert (f.data, a.grad, b.grad, c.grad) == (8.0, -2.0, 4.0, 2.0)


def test_backward_twice_doubles_the_leaves_gradients_and_the_order_lists_each_node_once():
    a = Value(3.0)
    b = a * a
    f = b + b * a
    order = topological_order(f)
    assert len(order) == len({id(node) for node in order}) == 4   # a, b = a*a, b*a, f
    assert order[-1] is f and order[0] is a
    position = {id(node): i for i, node in enumerate(order)}
    assert all(position[id(parent)] < position[id(node)] for node in order for parent in node._parents)
    f.backward()
    first = a.grad
    assert first == pytest.approx(2 * 3 + 3 * 9)   # f = a^2 + a^3
    f.backward()
    assert a.grad == 2 * first


def test_topological_order_handles_graphs_deeper_than_the_recursion_limit():
    total = Value(0.0)
    leaves = [Value(float(i)) for i in range(3000)]
    for leaf in leaves:
        total = total + leaf * 2
    total.backward()
    assert all(leaf.grad == 2.0 for leaf in leaves)


def test_relu_slope_at_zero_is_zero_as_in_the_libraries():
    a = Value(0.0)
    a.relu().backward()
    assert a.grad == 0.0


# --- random expressions: reverse mode = forward mode = finite differences ------------------------

UNARY = ["tanh", "sigmoid", "exp_small", "square", "log_safe", "relu"]
BINARY = ["add", "mul", "sub", "div_safe"]


def apply_unary(name, v):
    if name == "exp_small":
        return (v * 0.3).exp()
    if name == "square":
        return v ** 2
    if name == "log_safe":
        return (v * v + 1).log()
    return getattr(v, name)()


def apply_binary(name, v, w):
    if name == "div_safe":
        return v / (w * w + 1)
    return {"add": v + w, "mul": v * w, "sub": v - w}[name]


@st.composite
def expressions(draw):
    """A random program over 3 inputs: each step combines earlier values, so values are reused."""
    steps = []
    for index in range(draw(st.integers(2, 8))):
        available = 3 + index
        if draw(st.booleans()):
            steps.append(("unary", draw(st.sampled_from(UNARY)), draw(st.integers(0, available - 1))))
        else:
            steps.append(("binary", draw(st.sampled_from(BINARY)), draw(st.integers(0, available - 1)),
                          draw(st.integers(0, available - 1))))
    inputs = draw(st.lists(st.floats(-1.5, 1.5).filter(lambda v: abs(v) > 0.05), min_size=3, max_size=3))
    return steps, inputs


def run_program(steps, *inputs):
    values = list(inputs)
    for step in steps:
        if step[0] == "unary":
            values.append(apply_unary(step[1], values[step[2]]))
        else:
            values.append(apply_binary(step[1], values[step[2]], values[step[3]]))
    return values[-1] + values[-2] * 0.5      # the last two steps both reach the output


@settings(max_examples=150, deadline=None)
@given(expressions())
def test_random_expressions_reverse_mode_equals_forward_mode_and_finite_differences(program):
    steps, inputs = program
    function = lambda *v: run_program(steps, *v)   # noqa: E731
    reverse = reverse_mode_gradient(function, inputs)
    forward = forward_mode_gradient(function, inputs)
    np.testing.assert_allclose(reverse, forward, rtol=1e-12, atol=1e-12)
    if any(step[1] == "relu" for step in steps):
        return  # finite differences straddle relu's kink
    numeric = [central_difference(as_float(function), inputs, i) for i in range(3)]
    np.testing.assert_allclose(reverse, numeric, rtol=1e-5, atol=1e-6)


def test_dual_numbers_carry_one_column_of_derivatives():
    x = Dual(2.0, 1.0)
    y = Dual(-3.0)
    f = (x * y + 10) * x
    assert (f.value, f.dot) == (8.0, -2.0)
    assert Dual(0.5, 1.0).tanh().dot == pytest.approx(1 - math.tanh(0.5) ** 2)
    assert (Dual(1.0, 1.0) / 4).dot == 0.25 and (3 - Dual(1.0, 1.0)).dot == -1.0


# --- the array engine against nbtools.backprop ----------------------------------------------------

def random_network(seed, activations, loss, n_samples):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 7, size=len(activations) + 1).tolist()
    if loss == "softmax_cross_entropy":
        sizes[-1] = max(sizes[-1], 2)
    layers = init_network(sizes, rng)
    X = rng.normal(size=(n_samples, sizes[0]))
    if loss == "softmax_cross_entropy":
        Y = one_hot(rng.integers(0, sizes[-1], n_samples), sizes[-1])
    else:
        Y = rng.normal(size=(n_samples, sizes[-1]))
    return layers, X, Y


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), hidden=st.lists(st.sampled_from(["sigmoid", "tanh", "relu"]),
                                                    max_size=3),
       output=st.sampled_from(["identity", "sigmoid", "tanh"]),
       loss=st.sampled_from(["mse", "softmax_cross_entropy"]), n_samples=st.integers(1, 9))
def test_tensor_engine_equals_backprop_on_random_networks(seed, hidden, output, loss, n_samples):
    activations = hidden + ["identity" if loss == "softmax_cross_entropy" else output]
    layers, X, Y = random_network(seed, activations, loss, n_samples)
    E, gradients = autograd.tensor_gradients(X, Y, layers, activations, loss)
    E_ref, reference, _ = backprop.loss_and_gradients(X, Y, layers, activations, loss)
    assert E == pytest.approx(E_ref, rel=1e-12)
    for (dW, db), (dW_ref, db_ref) in zip(gradients, reference):
        np.testing.assert_allclose(dW, dW_ref, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(db, db_ref, rtol=1e-12, atol=1e-14)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), hidden=st.lists(st.sampled_from(["sigmoid", "tanh", "relu"]),
                                                    min_size=1, max_size=2),
       output=st.sampled_from(["identity", "sigmoid"]))
def test_scalar_engine_equals_backprop_for_one_sample(seed, hidden, output):
    activations = hidden + [output]
    layers, X, Y = random_network(seed, activations, "mse", 1)
    E, gradients = autograd.value_gradients(X[0], Y[0], layers, activations)
    E_ref, reference, _ = backprop.loss_and_gradients(X, Y, layers, activations, "mse")
    assert E == pytest.approx(E_ref, rel=1e-12)
    for (dW, db), (dW_ref, db_ref) in zip(gradients, reference):
        np.testing.assert_allclose(dW, dW_ref, rtol=1e-11, atol=1e-14)
        np.testing.assert_allclose(db, db_ref, rtol=1e-11, atol=1e-14)


def test_lesson_5_network_bit_for_bit_from_both_engines():
    W1, b1 = np.array([[0.4, -0.3], [0.2, 0.6]]), np.array([0.1, -0.1])
    W2, b2 = np.array([[0.7], [-0.5]]), np.array([0.2])
    layers, x, y = [(W1, b1), (W2, b2)], np.array([0.5, -1.0]), np.array([1.0])
    _, reference, _ = backprop.loss_and_gradients(x[None], y[None], layers, ["sigmoid"] * 2, "mse")
    for engine in (lambda: autograd.value_gradients(x, y, layers, ["sigmoid"] * 2),
                   lambda: autograd.tensor_gradients(x[None], y[None], layers, ["sigmoid"] * 2, "mse")):
        _, gradients = engine()
        for pair, pair_ref in zip(gradients, reference):
            for mine, theirs in zip(pair, pair_ref):
                assert np.array_equal(mine, theirs)
    assert reference[0][0][0, 0] == pytest.approx(-0.016593, abs=5e-7)


def test_digits_network_tensor_engine_within_1e_12_of_backprop():
    from nbtools.datasets import load_digits_split

    data = load_digits_split(seed=0)
    layers = init_network([64, 256, 10], np.random.default_rng(0))
    X, Y = data.X_train[:200], data.Y_train[:200]
    _, gradients = autograd.tensor_gradients(X, Y, layers, ["relu", "identity"], "softmax_cross_entropy")
    _, reference, _ = backprop.loss_and_gradients(X, Y, layers, ["relu", "identity"], "softmax_cross_entropy")
    largest = max(np.abs(mine - theirs).max() for pair, pair_ref in zip(gradients, reference)
                  for mine, theirs in zip(pair, pair_ref))
    assert largest <= 1e-12


def test_unbroadcast_sums_the_copies_of_a_broadcast_value():
    gradient = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(autograd.unbroadcast(gradient, (3,)), [3.0, 5.0, 7.0])
    np.testing.assert_array_equal(autograd.unbroadcast(gradient, (2, 1)), [[3.0], [12.0]])
    np.testing.assert_array_equal(autograd.unbroadcast(gradient, ()), 15.0)


def test_tensor_backward_needs_one_number_and_matmul_gradients_have_the_operands_shapes():
    Z, W = Tensor(np.ones((4, 3))), Tensor(np.ones((3, 2)))
    U = Z @ W
    with pytest.raises(ValueError, match="one number"):
        U.backward()
    (U * Tensor(np.arange(8.0).reshape(4, 2))).sum().backward()
    assert Z.grad.shape == (4, 3) and W.grad.shape == (3, 2)
    np.testing.assert_array_equal(W.grad, np.ones((3, 4)) @ np.arange(8.0).reshape(4, 2))
