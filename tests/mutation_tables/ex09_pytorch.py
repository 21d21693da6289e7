"""Exercise 09, the same network in PyTorch: wrong answers a learner writes, and right ones in other forms.
Written with PyTorch, as a learner would; several return tensors (a Parameter, a tensor that requires a
gradient, a stacked path), which the checks convert to arrays."""

import numpy as np
import sympy
import torch

from mutations import EXAMPLE_ONLY, IGNORES_INPUT, MISCONCEPTION, UNSAFE, Right, Wrong

F = torch.nn.functional
# PyTorch's first optimiser takes seconds to set up; as the exercise's setup cell does, do it before any check
WARM_UP = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)


def loaded(W, b, dtype=torch.float64, transpose=True):
    layer = torch.nn.Linear(*W.shape, dtype=dtype)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(W.T if transpose else W, dtype=dtype))
        layer.bias.copy_(torch.tensor(b, dtype=dtype))
    return layer


# --- Question 2 --------------------------------------------------------------------------------------

def forward_right(X, W, b):
    return loaded(W, b)(torch.from_numpy(X))


def forward_functional(X, W, b):
    return F.linear(torch.from_numpy(X), torch.from_numpy(W).T, torch.from_numpy(b)).detach().numpy()


def forward_parameter_assignment(X, W, b):
    layer = torch.nn.Linear(W.shape[0], W.shape[1]).double()
    layer.weight = torch.nn.Parameter(torch.tensor(W).t().contiguous())
    layer.bias = torch.nn.Parameter(torch.tensor(b))
    with torch.no_grad():
        return layer(torch.tensor(X))


def forward_untransposed(X, W, b):
    layer = torch.nn.Linear(W.shape[1], W.shape[0], dtype=torch.float64)   # built to fit W as it is
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(W))
        layer.bias.copy_(torch.from_numpy(b))
    return layer(torch.from_numpy(X)) if W.shape[0] == W.shape[1] else X @ W.T + b


def forward_float32(X, W, b):
    return loaded(W, b, dtype=torch.float32)(torch.tensor(X, dtype=torch.float32))


def forward_no_bias(X, W, b):
    layer = torch.nn.Linear(*W.shape, bias=False, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(W.T))
    return layer(torch.from_numpy(X))


def forward_first_case_only(X, W, b):
    return loaded(W[:3, :3], b[:3])(torch.from_numpy(X[:, :3]))   # fits a 3-by-3 layer only


def forward_random_bias(X, W, b):
    torch.manual_seed(0)
    layer = torch.nn.Linear(*W.shape, dtype=torch.float64)       # the bias keeps its random start
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(W.T))
    return layer(torch.from_numpy(X))


def forward_reshaped(X, W, b):
    layer = torch.nn.Linear(*W.shape, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(W).reshape(W.shape[1], W.shape[0]))   # a reshape is no transpose
        layer.bias.copy_(torch.from_numpy(b))
    return layer(torch.from_numpy(X))


def forward_default_dtype(X, W, b):
    layer = torch.nn.Linear(*W.shape)                # float32 weights: the float64 copies are rounded
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(W.T))
        layer.bias.copy_(torch.from_numpy(b))
    return layer(torch.from_numpy(X).float())


def forward_data_attribute(X, W, b):
    layer = torch.nn.Linear(*W.shape, dtype=torch.float64)
    layer.weight.data = torch.from_numpy(W).T
    layer.bias.data = torch.from_numpy(b)
    return layer(torch.from_numpy(X)).detach()


# --- Question 3 --------------------------------------------------------------------------------------

def gradients(X, Y, W1, b1, W2, b2, reduction="mean", transpose_back=True, half=False, per_sample=False):
    layer1, layer2 = loaded(W1, b1), loaded(W2, b2)
    Y_hat = layer2(torch.sigmoid(layer1(torch.from_numpy(X))))
    Y = torch.from_numpy(Y)
    if per_sample:
        loss = ((Y_hat - Y) ** 2).sum(dim=1).mean()
    else:
        loss = F.mse_loss(Y_hat, Y, reduction=reduction)
    (loss / 2 if half else loss).backward()
    if transpose_back:
        return layer1.weight.grad.T, layer1.bias.grad, layer2.weight.grad.T, layer2.bias.grad
    return layer1.weight.grad, layer1.bias.grad, layer2.weight.grad, layer2.bias.grad


def gradients_by_hand_tensors(X, Y, W1, b1, W2, b2):
    W1, b1, W2, b2 = (torch.tensor(a, requires_grad=True) for a in (W1, b1, W2, b2))
    Y_hat = torch.sigmoid(torch.from_numpy(X) @ W1 + b1) @ W2 + b2
    ((Y_hat - torch.from_numpy(Y)) ** 2).mean().backward()
    return [W1.grad.numpy(), b1.grad.numpy(), W2.grad.numpy(), b2.grad.numpy()]


def gradients_sequential(X, Y, W1, b1, W2, b2):
    model = torch.nn.Sequential(loaded(W1, b1), torch.nn.Sigmoid(), loaded(W2, b2))
    torch.nn.MSELoss()(model(torch.tensor(X)), torch.tensor(Y)).backward()
    return tuple(p.grad.T if p.ndim == 2 else p.grad for p in model.parameters())


def gradients_float32(X, Y, W1, b1, W2, b2):
    layer1, layer2 = loaded(W1, b1, torch.float32), loaded(W2, b2, torch.float32)
    X, Y = torch.tensor(X, dtype=torch.float32), torch.tensor(Y, dtype=torch.float32)
    F.mse_loss(layer2(torch.sigmoid(layer1(X))), Y).backward()
    return layer1.weight.grad.T, layer1.bias.grad, layer2.weight.grad.T, layer2.bias.grad


def gradients_no_sigmoid(X, Y, W1, b1, W2, b2):
    layer1, layer2 = loaded(W1, b1), loaded(W2, b2)
    F.mse_loss(layer2(layer1(torch.from_numpy(X))), torch.from_numpy(Y)).backward()
    return layer1.weight.grad.T, layer1.bias.grad, layer2.weight.grad.T, layer2.bias.grad


def gradients_target_first(X, Y, W1, b1, W2, b2):
    layer1, layer2 = loaded(W1, b1), loaded(W2, b2)
    F.mse_loss(torch.from_numpy(Y), layer2(torch.sigmoid(layer1(torch.from_numpy(X))))).backward()
    return layer1.weight.grad.T, layer1.bias.grad, layer2.weight.grad.T, layer2.bias.grad


def gradients_autograd_grad(X, Y, W1, b1, W2, b2):
    parameters = [torch.tensor(a, requires_grad=True) for a in (W1, b1, W2, b2)]
    W1, b1, W2, b2 = parameters
    Y_hat = torch.sigmoid(torch.from_numpy(X) @ W1 + b1) @ W2 + b2
    return torch.autograd.grad(F.mse_loss(Y_hat, torch.from_numpy(Y)), parameters)


def gradients_loaded_untransposed(X, Y, W1, b1, W2, b2):
    layer1 = torch.nn.Linear(W1.shape[1], W1.shape[0], dtype=torch.float64)    # built to fit W1 as it is
    layer2 = torch.nn.Linear(W2.shape[1], W2.shape[0], dtype=torch.float64)
    with torch.no_grad():
        for layer, W, b in [(layer1, W1, b1), (layer2, W2, b2)]:
            layer.weight.copy_(torch.from_numpy(W))
            layer.bias.copy_(torch.from_numpy(b))
    F.mse_loss(layer2(torch.sigmoid(layer1(torch.from_numpy(X)))), torch.from_numpy(Y)).backward()
    return layer1.weight.grad.T, layer1.bias.grad, layer2.weight.grad.T, layer2.bias.grad


def gradients_hidden_detached(X, Y, W1, b1, W2, b2):
    layer1, layer2 = loaded(W1, b1), loaded(W2, b2)
    hidden = torch.sigmoid(layer1(torch.from_numpy(X))).detach()     # cuts the graph: layer1 gets no gradient
    F.mse_loss(layer2(hidden), torch.from_numpy(Y)).backward()
    grad1 = layer1.weight.grad
    return (None if grad1 is None else grad1.T), layer1.bias.grad, layer2.weight.grad.T, layer2.bias.grad


def gradients_under_no_grad(X, Y, W1, b1, W2, b2):
    layer1, layer2 = loaded(W1, b1), loaded(W2, b2)
    with torch.no_grad():                                            # records nothing: backward() raises
        loss = F.mse_loss(layer2(torch.sigmoid(layer1(torch.from_numpy(X)))), torch.from_numpy(Y))
    loss.backward()
    return layer1.weight.grad.T, layer1.bias.grad, layer2.weight.grad.T, layer2.bias.grad


def gradients_negated(*args):
    return tuple(-g for g in gradients(*args))


def gradients_ignore_b1(X, Y, W1, b1, W2, b2):
    return gradients(X, Y, W1, np.zeros_like(b1), W2, b2)


# --- Question 4 --------------------------------------------------------------------------------------

def sgd(X, Y, W, b, learning_rate, steps, zero=True, transpose_back=True, rate=None, extra=0):
    layer = loaded(W, b)
    optimiser = torch.optim.SGD(layer.parameters(), lr=learning_rate if rate is None else rate)
    X, Y = torch.from_numpy(X), torch.from_numpy(Y)
    for _ in range(steps + extra):
        if zero:
            optimiser.zero_grad()
        F.mse_loss(layer(X), Y).backward()
        optimiser.step()
    weight = layer.weight.detach()
    return (weight.T if transpose_back else weight), layer.bias.detach()


def sgd_by_hand(X, Y, W, b, learning_rate, steps):
    W, b = torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)
    for _ in range(steps):
        loss = ((torch.from_numpy(X) @ W + b - torch.from_numpy(Y)) ** 2).mean()
        W.grad, b.grad = None, None
        loss.backward()
        with torch.no_grad():
            W -= learning_rate * W.grad
            b -= learning_rate * b.grad
    return W.detach().numpy(), b.detach().numpy()


def sgd_set_to_zero(X, Y, W, b, learning_rate, steps):
    layer = loaded(W, b)
    optimiser = torch.optim.SGD(layer.parameters(), lr=learning_rate)
    for _ in range(steps):
        layer.zero_grad(set_to_none=False)
        F.mse_loss(layer(torch.from_numpy(X)), torch.from_numpy(Y)).backward()
        optimiser.step()
    return [layer.weight.T.detach().numpy(), layer.bias.detach().numpy()]


def sgd_zero_before_step(X, Y, W, b, learning_rate, steps):
    layer = loaded(W, b)
    optimiser = torch.optim.SGD(layer.parameters(), lr=learning_rate)
    for _ in range(steps):
        F.mse_loss(layer(torch.from_numpy(X)), torch.from_numpy(Y)).backward()
        optimiser.zero_grad()                       # clears the gradient the step needs
        optimiser.step()
    return layer.weight.detach().T, layer.bias.detach()


def sgd_summed(X, Y, W, b, learning_rate, steps):
    layer = loaded(W, b)
    optimiser = torch.optim.SGD(layer.parameters(), lr=learning_rate)
    for _ in range(steps):
        optimiser.zero_grad()
        F.mse_loss(layer(torch.from_numpy(X)), torch.from_numpy(Y), reduction="sum").backward()
        optimiser.step()
    return layer.weight.detach().T, layer.bias.detach()


def sgd_float32(X, Y, W, b, learning_rate, steps):
    layer = loaded(W, b, torch.float32)
    optimiser = torch.optim.SGD(layer.parameters(), lr=learning_rate)
    X, Y = torch.tensor(X, dtype=torch.float32), torch.tensor(Y, dtype=torch.float32)
    for _ in range(steps):
        optimiser.zero_grad()
        F.mse_loss(layer(X), Y).backward()
        optimiser.step()
    return layer.weight.detach().T, layer.bias.detach()


def sgd_optimiser_each_step(X, Y, W, b, learning_rate, steps):
    layer = loaded(W, b)
    for _ in range(steps):
        optimiser = torch.optim.SGD(layer.parameters(), lr=learning_rate)   # plain SGD keeps no state
        optimiser.zero_grad()
        F.mse_loss(layer(torch.from_numpy(X)), torch.from_numpy(Y)).backward()
        optimiser.step()
    return layer.weight.detach().T.numpy(), layer.bias.detach().numpy()


def sgd_loaded_untransposed(X, Y, W, b, learning_rate, steps):
    layer = torch.nn.Linear(W.shape[1], W.shape[0], dtype=torch.float64)       # built to fit W as it is
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(W))
        layer.bias.copy_(torch.from_numpy(b))
    optimiser = torch.optim.SGD(layer.parameters(), lr=learning_rate)
    for _ in range(steps):
        optimiser.zero_grad()
        F.mse_loss(layer(torch.from_numpy(X)), torch.from_numpy(Y)).backward()
        optimiser.step()
    return layer.weight.detach().T, layer.bias.detach()


def sgd_ascent(X, Y, W, b, learning_rate, steps):
    W, b = torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)
    for _ in range(steps):
        W.grad, b.grad = None, None
        F.mse_loss(torch.from_numpy(X) @ W + b, torch.from_numpy(Y)).backward()
        with torch.no_grad():
            W += learning_rate * W.grad               # up the loss
            b += learning_rate * b.grad
    return W.detach(), b.detach()


def sgd_in_place(X, Y, W, b, learning_rate, steps):
    W = torch.from_numpy(W)            # shares memory with the caller's array
    W.requires_grad_(True)
    b = torch.tensor(b, requires_grad=True)
    optimiser = torch.optim.SGD([W, b], lr=learning_rate)
    for _ in range(steps):
        optimiser.zero_grad()
        F.mse_loss(torch.from_numpy(X) @ W + b, torch.from_numpy(Y)).backward()
        optimiser.step()
    return W.detach(), b.detach()


# --- Question 5 --------------------------------------------------------------------------------------

def momentum_torch(start, curvatures, rates, momentum, nesterov=False, dampening=0.0, keep_start=True):
    theta = torch.tensor(start, requires_grad=True)
    optimiser = torch.optim.SGD([theta], lr=rates[0], momentum=momentum, nesterov=nesterov,
                                dampening=dampening)
    path = [theta.detach().clone()] if keep_start else []
    for rate in rates:
        for group in optimiser.param_groups:
            group["lr"] = rate
        optimiser.zero_grad()
        (0.5 * (torch.from_numpy(curvatures) * theta ** 2).sum()).backward()
        optimiser.step()
        path.append(theta.detach().clone())
    return torch.stack(path)


def momentum_numpy(start, curvatures, rates, momentum):
    theta, u = np.array(start, dtype=float), np.zeros(len(start))
    path = [theta]
    for rate in rates:
        u = momentum * u + curvatures * theta
        theta = theta - rate * u
        path.append(theta)
    return np.array(path)


def momentum_lists(start, curvatures, rates, momentum):
    theta, u, path = list(start), [0.0] * len(start), [list(start)]
    for rate in rates:
        u = [momentum * ui + c * t for ui, c, t in zip(u, curvatures, theta)]
        theta = [t - rate * ui for t, ui in zip(theta, u)]
        path.append(theta)
    return np.array(path)


def momentum_workbook(start, curvatures, rates, momentum):
    theta, v = np.array(start, dtype=float), np.zeros(len(start))
    path = [theta]
    for rate in rates:
        v = momentum * v - rate * curvatures * theta
        theta = theta + v
        path.append(theta)
    return np.array(path)


def momentum_rate_never_set(start, curvatures, rates, momentum):
    theta = torch.tensor(start, requires_grad=True)
    optimiser = torch.optim.SGD([theta], lr=rates[0], momentum=momentum)     # lr set once, never updated
    path = [theta.detach().clone()]
    for _ in rates:
        optimiser.zero_grad()
        (0.5 * (torch.from_numpy(curvatures) * theta ** 2).sum()).backward()
        optimiser.step()
        path.append(theta.detach().clone())
    return torch.stack(path)


def momentum_torch_options(start, curvatures, rates, momentum, zero=True, dtype=torch.float64, share=False):
    """momentum_torch with a slip: no zero_grad, float32, or the caller's start changed in place."""
    theta = torch.from_numpy(start).requires_grad_() if share else torch.tensor(start, dtype=dtype, requires_grad=True)
    optimiser = torch.optim.SGD([theta], lr=rates[0], momentum=momentum)
    path = [theta.detach().clone()]
    for rate in rates:
        optimiser.param_groups[0]["lr"] = rate
        if zero:
            optimiser.zero_grad()
        (0.5 * (torch.tensor(curvatures, dtype=dtype) * theta ** 2).sum()).backward()
        optimiser.step()
        path.append(theta.detach().clone())
    return torch.stack(path)


def momentum_buffer_negated(start, curvatures, rates, momentum):
    theta, u = np.array(start, dtype=float), np.zeros(len(start))
    path = [theta]
    for rate in rates:
        u = momentum * u - curvatures * theta        # u holds minus the sum: the step adds it
        theta = theta + rate * u
        path.append(theta)
    return np.array(path)


def momentum_optimiser_each_step(start, curvatures, rates, momentum):
    theta = torch.tensor(start, requires_grad=True)
    path = [theta.detach().clone()]
    for rate in rates:
        optimiser = torch.optim.SGD([theta], lr=rate, momentum=momentum)   # a new, empty buffer each step
        optimiser.zero_grad()
        (0.5 * (torch.from_numpy(curvatures) * theta ** 2).sum()).backward()
        optimiser.step()
        path.append(theta.detach().clone())
    return torch.stack(path)


def momentum_ascent(start, curvatures, rates, momentum):
    theta, u = np.array(start, dtype=float), np.zeros(len(start))
    path = [theta]
    for rate in rates:
        u = momentum * u + curvatures * theta
        theta = theta + rate * u
        path.append(theta)
    return np.array(path)


def momentum_first_rate_only(start, curvatures, rates, momentum):
    return momentum_torch(start, curvatures, [rates[0]] * len(rates), momentum)


def momentum_without_momentum(start, curvatures, rates, momentum):
    return momentum_torch(start, curvatures, rates, 0.0)


# --- Question 7 --------------------------------------------------------------------------------------

g_1, g_2, g_3, eta_1, eta_2, eta_3, alpha = sympy.symbols("g_1 g_2 g_3 eta_1 eta_2 eta_3 alpha")
u_1 = g_1
u_2 = alpha * u_1 + g_2
u_3 = alpha * u_2 + g_3
pytorch_displacement = -(eta_1 * u_1 + eta_2 * u_2 + eta_3 * u_3)
v_1 = -eta_1 * g_1
v_2 = alpha * v_1 - eta_2 * g_2
v_3 = alpha * v_2 - eta_3 * g_3


# --- Question 9 --------------------------------------------------------------------------------------

def logits_right(U, labels):
    U = torch.tensor(U, requires_grad=True)
    F.cross_entropy(U, torch.tensor(labels)).backward()
    return U.grad


def logits_one_hot_targets(U, labels):
    U = torch.from_numpy(U).requires_grad_()
    F.cross_entropy(U, F.one_hot(torch.from_numpy(labels), U.shape[1]).double()).backward()
    return U.grad.numpy()


def logits_nll(U, labels):
    U = torch.tensor(U, requires_grad=True)
    F.nll_loss(torch.log_softmax(U, dim=1), torch.tensor(labels)).backward()
    return U.grad


def logits_softmax_first(U, labels):
    U = torch.tensor(U, requires_grad=True)
    F.cross_entropy(torch.softmax(U, dim=1), torch.tensor(labels)).backward()
    return U.grad


def logits_sum(U, labels):
    U = torch.tensor(U, requires_grad=True)
    F.cross_entropy(U, torch.tensor(labels), reduction="sum").backward()
    return U.grad


def logits_by_hand_unsafe(U, labels):
    exp = np.exp(U)                                   # overflows for a logit of 800
    P = exp / exp.sum(axis=1, keepdims=True)
    P[np.arange(len(U)), labels] -= 1
    return P / len(U)


def logits_negated(U, labels):
    return -logits_right(U, labels)


def logits_labels_ignored(U, labels):
    U = torch.tensor(U, requires_grad=True)
    F.cross_entropy(U, torch.zeros(len(U), dtype=torch.long)).backward()
    return U.grad


def logits_nll_on_logits(U, labels):
    U = torch.tensor(U, requires_grad=True)
    F.nll_loss(U, torch.tensor(labels)).backward()
    return U.grad


def logits_log_of_softmax(U, labels):
    U = torch.tensor(U, requires_grad=True)
    F.nll_loss(torch.log(torch.softmax(U, dim=1)), torch.tensor(labels)).backward()   # log(0) for a logit of 800
    return U.grad


def logits_softmax_down_columns(U, labels):
    P = torch.softmax(torch.from_numpy(U), dim=0)
    return (P - F.one_hot(torch.from_numpy(labels), U.shape[1])) / len(U)


def logits_mse_of_probabilities(U, labels):
    U = torch.tensor(U, requires_grad=True)
    F.mse_loss(torch.softmax(U, dim=1), F.one_hot(torch.tensor(labels), U.shape[1]).double()).backward()
    return U.grad


def logits_autograd_grad(U, labels):
    U = torch.tensor(U, requires_grad=True)
    (gradient,) = torch.autograd.grad(F.cross_entropy(U, torch.tensor(labels)), U)
    return gradient


def logits_float32(U, labels):
    U = torch.tensor(U, dtype=torch.float32, requires_grad=True)
    F.cross_entropy(U, torch.tensor(labels)).backward()
    return U.grad


TABLE = {
    "linear_weight_shape": ([
        Wrong("the workbook's shape", (784, 32), (MISCONCEPTION,), "(out, in)"),
        Wrong("the bias's shape", (32,), (MISCONCEPTION,), "shape of the bias"),
        Wrong("lesson 9's layer", (32, 64), (EXAMPLE_ONLY,), "lesson 9's layer"),
        Wrong("a torch.Size of the workbook's shape", list(torch.Size([784, 32])), (MISCONCEPTION,), "(out, in)"),
        Wrong("the number of weights", 784 * 32, (IGNORES_INPUT,)),
    ], [
        Right("a list", [32, 784]),
        Right("torch.Size", tuple(torch.nn.Linear(784, 32).weight.shape)),
        Right("the torch.Size itself", torch.nn.Linear(784, 32).weight.shape),
        Right("NumPy ints", (np.int64(32), np.int64(784))),
    ]),
    "linear_forward": ([
        Wrong("W instead of W^T", forward_untransposed, (MISCONCEPTION,), "W instead of Wᵀ"),
        Wrong("a float32 layer", forward_float32, (MISCONCEPTION,), "float32"),
        Wrong("no bias", forward_no_bias, (MISCONCEPTION, IGNORES_INPUT), "miss the bias"),
        Wrong("the bias never loaded", forward_random_bias, (IGNORES_INPUT,)),
        Wrong("fits a 3-by-3 layer only", forward_first_case_only, (EXAMPLE_ONLY,)),
        Wrong("reshape instead of a transpose", forward_reshaped, (MISCONCEPTION,), "`reshape` or `view`"),
        Wrong("nn.Linear's default float32", forward_default_dtype, (MISCONCEPTION,), "float32"),
    ], [
        Right("weight.data assigned, detached", forward_data_attribute),
        Right("copy_ the transpose, return the tensor", forward_right),
        Right("F.linear, as an array", forward_functional),
        Right("new Parameters, under no_grad", forward_parameter_assignment),
    ]),
    "torch_gradients": ([
        Wrong("weight.grad not transposed back", lambda *a: gradients(*a, transpose_back=False), (MISCONCEPTION,),
              "transpose them back"),
        Wrong("reduction='sum'", lambda *a: gradients(*a, reduction="sum"), (MISCONCEPTION,), "*sum*"),
        Wrong("mean over the samples only", lambda *a: gradients(*a, per_sample=True), (MISCONCEPTION,),
              "over the samples only"),
        Wrong("half the MSE", lambda *a: gradients(*a, half=True), (MISCONCEPTION,), "half the right ones"),
        Wrong("negated", gradients_negated, (MISCONCEPTION,), "wrong sign"),
        Wrong("b1 ignored (zeros)", gradients_ignore_b1, (IGNORES_INPUT,)),
        Wrong("a float32 network", gradients_float32, (MISCONCEPTION,), "float32"),
        Wrong("the sigmoid left out", gradients_no_sigmoid, ()),
        Wrong("the hidden layer detached", gradients_hidden_detached, ()),
        Wrong("the forward pass under no_grad", gradients_under_no_grad, ()),
        Wrong("W loaded untransposed (runs on square layers)", gradients_loaded_untransposed, (MISCONCEPTION,),
              "W instead of Wᵀ"),
    ], [
        Right("mse_loss(target, prediction): the same square", gradients_target_first),
        Right("torch.autograd.grad, a tuple of tensors", gradients_autograd_grad),
        Right("two Linear layers", gradients),
        Right("tensors that require grad, no nn.Linear; a list of arrays", gradients_by_hand_tensors),
        Right("nn.Sequential and nn.MSELoss", gradients_sequential),
    ]),
    "sgd_steps": ([
        Wrong("no zero_grad", lambda *a: sgd(*a, zero=False), (MISCONCEPTION,), "forgot `optimiser.zero_grad()`"),
        Wrong("weight returned untransposed", lambda *a: sgd(*a, transpose_back=False), (MISCONCEPTION,),
              "PyTorch's shape (out, in)"),
        Wrong("one step too many", lambda *a: sgd(*a, extra=1), (MISCONCEPTION,), "exactly `steps` steps"),
        Wrong("the learning rate ignored (0.1)", lambda *a: sgd(*a, rate=0.1), (IGNORES_INPUT, EXAMPLE_ONLY)),
        Wrong("changes the caller's W in place (torch.from_numpy shares memory)", sgd_in_place, ()),
        Wrong("zero_grad between backward and step", sgd_zero_before_step, (MISCONCEPTION,), "never moved"),
        Wrong("reduction='sum'", sgd_summed, (MISCONCEPTION,), "*sum*"),
        Wrong("a float32 layer", sgd_float32, (MISCONCEPTION,), "float32"),
        Wrong("W += rate * grad", sgd_ascent, (MISCONCEPTION,), "*up* the loss"),
        Wrong("W loaded untransposed (runs on a square layer)", sgd_loaded_untransposed, (MISCONCEPTION,),
              "W instead of Wᵀ"),
    ], [
        Right("a new optimiser each step", sgd_optimiser_each_step),
        Right("torch.optim.SGD", sgd),
        Right("tensors updated under no_grad", sgd_by_hand),
        Right("zero_grad(set_to_none=False), a list", sgd_set_to_zero),
    ]),
    "pytorch_momentum_path": ([
        Wrong("the workbook's convention", momentum_workbook, (MISCONCEPTION,), "the workbook's momentum"),
        Wrong("nesterov=True", lambda *a: momentum_torch(*a, nesterov=True), (MISCONCEPTION,), "Nesterov"),
        Wrong("dampening = momentum", lambda *a: momentum_torch(*a, dampening=a[3]), (MISCONCEPTION,),
              "dampening"),
        Wrong("no starting row", lambda *a: momentum_torch(*a, keep_start=False), (MISCONCEPTION,), "one row short"),
        Wrong("the first rate throughout", momentum_first_rate_only, (IGNORES_INPUT, EXAMPLE_ONLY), "param_groups"),
        Wrong("the optimiser's lr never updated", momentum_rate_never_set, (MISCONCEPTION, IGNORES_INPUT),
              "keeps the `lr` it was made with"),
        Wrong("no zero_grad", lambda *a: momentum_torch_options(*a, zero=False), (MISCONCEPTION,),
              "forgot `optimiser.zero_grad()`"),
        Wrong("float32", lambda *a: momentum_torch_options(*a, dtype=torch.float32), (MISCONCEPTION,), "float32"),
        Wrong("changes the caller's start (torch.from_numpy shares memory)",
              lambda *a: momentum_torch_options(*a, share=True), ()),
        Wrong("no momentum", momentum_without_momentum, (IGNORES_INPUT,), "not carried"),
        Wrong("a new optimiser each step (the buffer lost)", momentum_optimiser_each_step, (MISCONCEPTION,),
              "not carried"),
        Wrong("θ + η u", momentum_ascent, (MISCONCEPTION,), "*up* the loss"),
    ], [
        Right("torch.optim.SGD, a stacked tensor", momentum_torch),
        Right("NumPy", momentum_numpy),
        Right("lists", momentum_lists),
        Right("the buffer holding minus the sum, added", momentum_buffer_negated),
    ]),
    "momentum_buffer": ([
        Wrong("v / eta", np.array([0.03, -0.012]) / 0.06, (MISCONCEPTION,), "The sign"),
        Wrong("-v * eta", -np.array([0.03, -0.012]) * 0.06, (MISCONCEPTION,), "do not multiply"),
        Wrong("v itself", np.array([0.03, -0.012]), (MISCONCEPTION,), "not the same number"),
        Wrong("-v", -np.array([0.03, -0.012]), (MISCONCEPTION, IGNORES_INPUT), "factor -η, not -1"),
        Wrong("lesson 9's numbers", np.array([-0.4, 0.2]), (EXAMPLE_ONLY,), "lesson 9's numbers"),
        Wrong("a float32 tensor", torch.tensor([-0.5, 0.2]), (MISCONCEPTION,), "float32"),
        Wrong("lesson 9's rate", -np.array([0.03, -0.012]) / 0.05, (EXAMPLE_ONLY, MISCONCEPTION), "lesson 9's rate"),
    ], [
        Right("computed", -np.array([0.03, -0.012]) / 0.06),
        Right("typed", np.array([-0.5, 0.2])),
        Right("from a tensor", torch.tensor([-0.03, 0.012], dtype=torch.float64).div(0.06).numpy()),
        Right("a tensor", -torch.tensor([0.03, -0.012], dtype=torch.float64) / 0.06),
        Right("fractions", np.array([-1 / 2, 1 / 5])),
    ]),
    "momentum_displacement": ([
        Wrong("the workbook's convention", v_1 + v_2 + v_3, (MISCONCEPTION,), "the workbook's convention"),
        Wrong("the sign", -pytorch_displacement, (MISCONCEPTION,), "The sign"),
        Wrong("the last step only", -eta_3 * u_3, (MISCONCEPTION,), "only the last step"),
        Wrong("one rate for all (eta_1)", -eta_1 * (u_1 + u_2 + u_3), (IGNORES_INPUT,)),
        Wrong("no momentum", -(eta_1 * g_1 + eta_2 * g_2 + eta_3 * g_3), (IGNORES_INPUT,)),
    ], [
        Right("step by step", pytorch_displacement),
        Right("expanded", sympy.expand(pytorch_displacement)),
        Right("collected by gradient", -(g_1 * (eta_1 + alpha * eta_2 + alpha ** 2 * eta_3)
                                         + g_2 * (eta_2 + alpha * eta_3) + g_3 * eta_3)),
    ]),
    "grad_after_two_backward": ([
        Wrong("backward overwrites", 9.0, (MISCONCEPTION,), "*adds* to it"),
        Wrong("as if zero_grad", 0, (MISCONCEPTION,), "after `zero_grad()`"),
        Wrong("twice the loss", 13.5, (MISCONCEPTION,), "twice the loss"),
        Wrong("at w = 2 (a guess at the point)", 24, (EXAMPLE_ONLY, IGNORES_INPUT)),
        Wrong("a tensor's text", "tensor(18.)", ()),
    ], [
        Right("an int", 18),
        Right("a float", 18.0),
        Right("a tensor's item", torch.tensor(18.0).item()),
        Right("a 0-d tensor", torch.tensor(18.0)),
    ]),
    "logit_gradient": ([
        Wrong("softmax before cross_entropy", logits_softmax_first, (MISCONCEPTION,), "passed probabilities"),
        Wrong("reduction='sum'", logits_sum, (MISCONCEPTION,), "n times too large"),
        Wrong("negated", logits_negated, (MISCONCEPTION,), "wrong sign"),
        Wrong("softmax by hand without the max", logits_by_hand_unsafe, (UNSAFE,)),
        Wrong("the labels ignored (class 0)", logits_labels_ignored, (IGNORES_INPUT,)),
        Wrong("float32", logits_float32, (MISCONCEPTION,), "float32"),
        Wrong("nll_loss of the logits", logits_nll_on_logits, (MISCONCEPTION,), "`nll_loss` expects"),
        Wrong("log of softmax (log(0) at a logit of 800)", logits_log_of_softmax, (UNSAFE,)),
        Wrong("softmax down the columns", logits_softmax_down_columns, (MISCONCEPTION,), "`dim=1`"),
        Wrong("MSE of the probabilities", logits_mse_of_probabilities, ()),
    ], [
        Right("torch.autograd.grad", logits_autograd_grad),
        Right("cross_entropy on the logits, a tensor", logits_right),
        Right("one-hot probabilities as the target, an array", logits_one_hot_targets),
        Right("nll_loss of log_softmax", logits_nll),
    ]),
}
