"""Checks for exercise 09, the same network in PyTorch: one function a question, registered as
``check.<name>``.

The learner writes PyTorch; the checks do not need it. Every reference is NumPy (``nbtools.backprop``,
the losses, the two momentum conventions written out), and every case's inputs are NumPy arrays. A
learner's function may return NumPy arrays or PyTorch tensors (a ``Parameter``, a tensor that requires
a gradient, a list of them): ``TensorsAsArrays`` turns the tensors into arrays before comparing, by
their own ``detach().numpy()``, so no import of PyTorch is needed here. When grading, tensors cross
from the kernel as data (``nbtools.grading.data``) and are converted the same way.

The misconceptions are the conventions lesson 9 names: W instead of Wᵀ in ``nn.Linear`` (the first case of
every question that loads a layer is square, so the slip runs), a float32 layer, gradients read back
untransposed, a summed loss, a missing or misplaced ``zero_grad``, a learning rate never updated, a momentum
buffer not carried between steps, the update's sign, the workbook's momentum where PyTorch's was asked (and
the reverse), a softmax before ``cross_entropy``, ``nll_loss`` on logits. Value answers may be tensors too
(``check_torch_value``).
"""

import numpy as np
import sympy

from .. import backprop
from ..losses import one_hot, softmax
from . import register
from .engine import Case, Misconception, RemoteFunction, call_safely, check_function, check_value


def as_arrays(value):
    """``value`` with every PyTorch tensor in it (also inside lists and tuples) replaced by its NumPy array."""
    if isinstance(value, (list, tuple)):
        return type(value)(as_arrays(item) for item in value)
    if type(value).__module__.split(".")[0] == "torch" and hasattr(value, "detach"):
        tensor = value.detach().cpu()
        if str(tensor.dtype) == "torch.bfloat16":
            tensor = tensor.float()
        return tensor.numpy()
    return value


class TensorsAsArrays(RemoteFunction):
    """A learner's function whose tensors come back as NumPy arrays: wherever it runs (here, or in the
    grading kernel), ``call_safely`` calls it as usual and converts what it returned."""

    def __init__(self, function):
        self.function = function
        self.__name__ = getattr(function, "__name__", "function")

    def call_safely(self, args, parameter_names):
        return as_arrays(call_safely(self.function, args, parameter_names))


def check_torch_value(answer, expected, misconceptions=(), digits=None):
    """``check_value`` for a value that may be a tensor (``w.grad``, a buffer): compared as its array."""
    return check_value(as_arrays(answer), expected, misconceptions, digits)


def in_float32(function):
    """What ``function`` (a reference) gives when computed in float32: its result, rounded to float32."""
    def rounded(*args):
        result = function(*args)
        if isinstance(result, (list, tuple)):
            return type(result)(np.asarray(item, dtype=np.float32) for item in result)
        return np.asarray(result, dtype=np.float32)
    return rounded


def check_torch_function(answer, reference, cases, misconceptions=(), digits=None):
    """``check_function`` for an answer that may return tensors."""
    if answer is not Ellipsis and (callable(answer) or isinstance(answer, RemoteFunction)):
        answer = TensorsAsArrays(answer)
    return check_function(answer, reference, cases, misconceptions, digits)


W_NOT_TRANSPOSED = ("W instead of Wᵀ: `nn.Linear` stores its weight as (out, in) and computes x·weightᵀ + b, "
                    "so a workbook W of shape (in, out) is loaded as `W.T`. Loaded as it is, a square W "
                    "runs without any error and computes x·Wᵀ + b. (`reshape` or `view` to (out, in) is no "
                    "transpose either: it keeps the numbers in their order.)")
FLOAT32 = ("Your numbers are float32: `nn.Linear(n_in, n_out)` makes float32 weights unless you pass "
           "`dtype=torch.float64`, and `torch.tensor(...)` of a float32 array stays float32. The workbook "
           "computes in float64.")
GRAD_NOT_TRANSPOSED = ("Your weight gradients have the shape of PyTorch's weight, (out, in): transpose them "
                       "back (`layer.weight.grad.T`) to the workbook's (in, out).")
ASCENT = ("Your steps went *up* the loss: a descent step subtracts the gradient times the rate "
          "(`θ ← θ - η·…`). Adding it is gradient ascent.")
SUMMED = ("Your gradients are n times too large: that is the gradient of the *sum* of squared errors. The "
          "workbook's MSE, like PyTorch's `mse_loss` by default (`reduction='mean'`), is the mean over every "
          "entry.")


# --- Question 1: the shape of nn.Linear's weight ---------------------------------------------------

@register
def linear_weight_shape(answer):
    """Q1: the shape of ``torch.nn.Linear(784, 32).weight``: (32, 784)."""
    misconceptions = [
        Misconception("That is the workbook's shape for W, (in, out). `nn.Linear` stores its weight the "
                      "other way round, (out, in): one row per output unit.", (784, 32)),
        Misconception("That is the shape of the bias, one number per output unit. The weight has one row "
                      "per output unit and one column per input.", (32,)),
        Misconception("These are lesson 9's layer's numbers (64 inputs, 32 units). This layer has 784 "
                      "inputs.", (32, 64)),
    ]
    return check_torch_value(answer, (32, 784), misconceptions)


# --- Question 2: loading a workbook layer -----------------------------------------------------------

def reference_linear_forward(X, W, b):
    """X W + b, what a correctly loaded ``nn.Linear`` computes."""
    return X @ W + b


def _linear_cases():
    rng = np.random.default_rng(9)
    cases = []
    for n, n_in, n_out in [(4, 3, 3), (5, 4, 2), (1, 6, 3), (3, 2, 5)]:
        X, W, b = rng.normal(size=(n, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)
        cases.append(Case((X, W, b), f"X of shape {X.shape}, W {W.shape}, b {b.shape}"))
    return cases


@register
def linear_forward(answer):
    """Q2: ``linear_forward(X, W, b)``: an ``nn.Linear`` loaded with the workbook's W and b, applied to X."""
    misconceptions = [
        Misconception(W_NOT_TRANSPOSED, lambda X, W, b: X @ W.T + b),
        Misconception(FLOAT32, lambda X, W, b: (X.astype(np.float32) @ W.astype(np.float32)
                                                + b.astype(np.float32))),
        Misconception("Your outputs miss the bias: copy b into the layer's `bias` too.", lambda X, W, b: X @ W),
    ]
    return check_torch_function(answer, reference_linear_forward, _linear_cases(), misconceptions)


# --- Question 3: gradients from loss.backward() -----------------------------------------------------

def reference_torch_gradients(X, Y, W1, b1, W2, b2):
    """(dW1, db1, dW2, db2) of the MSE of a sigmoid hidden layer and an identity output, workbook shapes."""
    _, gradients, _ = backprop.loss_and_gradients(X, Y, [(W1, b1), (W2, b2)], ["sigmoid", "identity"], "mse")
    return tuple(g for pair in gradients for g in pair)


def _gradient_slip(transposed=False, scale=1.0):
    def slipped(X, Y, W1, b1, W2, b2):
        dW1, db1, dW2, db2 = (g * scale for g in reference_torch_gradients(X, Y, W1, b1, W2, b2))
        return (dW1.T, db1, dW2.T, db2) if transposed else (dW1, db1, dW2, db2)
    return slipped


def _gradient_cases():
    rng = np.random.default_rng(10)
    cases = []
    for n, n_in, n_hidden, n_out in [(5, 3, 3, 3), (4, 3, 5, 2), (6, 4, 4, 3), (1, 2, 3, 1)]:
        X, Y = rng.normal(size=(n, n_in)), rng.normal(size=(n, n_out))
        W1, b1 = rng.normal(size=(n_in, n_hidden)), rng.normal(size=n_hidden)
        W2, b2 = rng.normal(size=(n_hidden, n_out)), rng.normal(size=n_out)
        cases.append(Case((X, Y, W1, b1, W2, b2),
                          f"a {n_in}-{n_hidden}-{n_out} network, X of shape {X.shape}, Y {Y.shape}"))
    return cases


@register
def torch_gradients(answer):
    """Q3: ``torch_gradients(X, Y, W1, b1, W2, b2)``: (dW1, db1, dW2, db2) from ``loss.backward()``."""
    misconceptions = [
        Misconception(GRAD_NOT_TRANSPOSED, _gradient_slip(transposed=True)),
        Misconception(SUMMED, lambda X, Y, *layers: _gradient_slip(scale=Y.size)(X, Y, *layers)),
        Misconception("Your gradients are n_out times too large: you averaged over the samples only. "
                      "The MSE is the mean over every entry of Y, n_samples × n_outputs of them.",
                      lambda X, Y, *layers: _gradient_slip(scale=Y.shape[1])(X, Y, *layers)),
        Misconception("Your gradients are half the right ones: that is E = ½·mean((Ŷ - Y)²). The "
                      "workbook's MSE, and `mse_loss`, have no ½.", _gradient_slip(scale=0.5)),
        Misconception(FLOAT32, in_float32(reference_torch_gradients)),
        Misconception(W_NOT_TRANSPOSED, lambda X, Y, W1, b1, W2, b2:
                      reference_torch_gradients(X, Y, W1.T, b1, W2.T, b2)),
        Misconception("Every gradient has the wrong sign: the loss compares the prediction with the "
                      "target, and descent steps against its gradient; do not negate it.",
                      _gradient_slip(scale=-1.0)),
    ]
    return check_torch_function(answer, reference_torch_gradients, _gradient_cases(), misconceptions)


# --- Question 4: steps of torch.optim.SGD, and zero_grad --------------------------------------------

def reference_sgd_steps(X, Y, W, b, learning_rate, steps, accumulate=False, untransposed=False):
    """(W, b) after ``steps`` full-batch SGD steps on the MSE of the linear layer X W + b."""
    W, b = W.copy(), b.copy()
    total_W, total_b = np.zeros_like(W), np.zeros_like(b)
    for _ in range(steps):
        error = 2 * (X @ W + b - Y) / Y.size
        dW, db = X.T @ error, error.sum(axis=0)
        if accumulate:  # .grad never cleared: each step uses the sum of every gradient so far
            total_W, total_b = total_W + dW, total_b + db
            dW, db = total_W, total_b
        W, b = W - learning_rate * dW, b - learning_rate * db
    return (W.T, b) if untransposed else (W, b)


def _sgd_cases():
    rng = np.random.default_rng(11)
    cases = []
    for n, n_in, n_out, rate, steps in [(6, 3, 3, 0.15, 4), (8, 3, 2, 0.1, 5), (5, 2, 1, 0.05, 3), (6, 4, 3, 0.2, 1)]:
        X, Y = rng.normal(size=(n, n_in)), rng.normal(size=(n, n_out))
        W, b = rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)
        cases.append(Case((X, Y, W, b, rate, steps),
                          f"X of shape {X.shape}, Y {Y.shape}, W {W.shape}, learning rate {rate}, {steps} "
                          f"step{'s' * (steps > 1)}"))
    return cases


@register
def sgd_steps(answer):
    """Q4: ``sgd_steps(X, Y, W, b, learning_rate, steps)``: (W, b) after full-batch SGD in PyTorch."""
    misconceptions = [
        Misconception("You forgot `optimiser.zero_grad()`: `backward()` *adds* into `.grad`, so each of your "
                      "steps used the sum of every gradient so far. Clear the gradients before each "
                      "backward pass.", lambda *args: reference_sgd_steps(*args, accumulate=True)),
        Misconception("Your W has PyTorch's shape (out, in): return the weight transposed back, "
                      "`layer.weight.T`, in the workbook's shape (in, out).",
                      lambda *args: reference_sgd_steps(*args, untransposed=True)),
        Misconception("One step too many or too few: take exactly `steps` steps.",
                      lambda X, Y, W, b, rate, steps: reference_sgd_steps(X, Y, W, b, rate, steps + 1)),
        Misconception("One step too many or too few: take exactly `steps` steps.",
                      lambda X, Y, W, b, rate, steps: reference_sgd_steps(X, Y, W, b, rate, steps - 1)),
        Misconception("Your weights never moved: `zero_grad()` between `backward()` and `step()` clears the "
                      "gradient before the step can use it. Clear, then backward, then step.",
                      lambda X, Y, W, b, rate, steps: (W, b)),
        Misconception("Your steps are n times too large: that is the gradient of the *sum* of squared errors "
                      "(`reduction='sum'`). The MSE is the mean over every entry.",
                      lambda X, Y, W, b, rate, steps: reference_sgd_steps(X, Y, W, b, rate * Y.size, steps)),
        Misconception(FLOAT32, in_float32(reference_sgd_steps)),
        Misconception(ASCENT, lambda X, Y, W, b, rate, steps: reference_sgd_steps(X, Y, W, b, -rate, steps)),
        Misconception(W_NOT_TRANSPOSED, lambda X, Y, W, b, rate, steps:
                      reference_sgd_steps(X, Y, W.T, b, rate, steps)),
    ]
    return check_torch_function(answer, reference_sgd_steps, _sgd_cases(), misconceptions)


# --- Question 5: PyTorch's momentum, with a changing rate --------------------------------------------

def momentum_path(start, curvatures, rates, momentum, convention="pytorch", nesterov=False, dampening=0.0,
                  accumulate=False):
    """The positions (len(rates) + 1 rows) of momentum on E = ½ Σ c θ², one learning rate a step."""
    theta = np.array(start, dtype=float)
    curvatures = np.asarray(curvatures, dtype=float)
    velocity, total = np.zeros_like(theta), np.zeros_like(theta)
    path = [theta.copy()]
    for step, rate in enumerate(rates):
        gradient = curvatures * theta
        if accumulate:  # .grad never cleared: the step sees every gradient so far, summed
            total = total + gradient
            gradient = total
        if convention == "workbook":
            velocity = momentum * velocity - rate * gradient
            theta = theta + velocity
        else:
            velocity = gradient if step == 0 else momentum * velocity + (1 - dampening) * gradient
            theta = theta - rate * (gradient + momentum * velocity if nesterov else velocity)
        path.append(theta.copy())
    return np.array(path)


def reference_pytorch_momentum_path(start, curvatures, rates, momentum):
    """PyTorch's SGD with momentum: u ← αu + g, θ ← θ - η u, η the step's own rate."""
    return momentum_path(start, curvatures, rates, momentum)


MOMENTUM_CASES = [
    Case((np.array([-2.0, 0.5]), np.array([1.0, 20.0]), [0.04, 0.04, 0.04, 0.004, 0.004, 0.004], 0.9),
         "start (-2, 0.5), curvatures (1, 20), rates 0.04 three times then 0.004 three times, momentum 0.9"),
    Case((np.array([1.0]), np.array([3.0]), [0.1, 0.1, 0.05, 0.2], 0.5),
         "start (1,), curvature 3, rates 0.1, 0.1, 0.05, 0.2, momentum 0.5"),
    Case((np.array([0.5, -1.0, 2.0]), np.array([1.0, 2.0, 3.0]), [0.05] * 4, 0.8),
         "start (0.5, -1, 2), curvatures (1, 2, 3), rate 0.05 throughout, momentum 0.8"),
]


@register
def pytorch_momentum_path(answer):
    """Q5: ``pytorch_momentum_path(start, curvatures, rates, momentum)``: PyTorch's momentum, rate per step."""
    misconceptions = [
        Misconception("That is the workbook's momentum (lesson 6: v ← αv - η·g, θ ← θ + v), where each step "
                      "keeps the rate it was taken with. PyTorch's keeps a sum of gradients and multiplies it "
                      "by the *current* rate: u ← αu + g, θ ← θ - η·u. The paths are equal only while the rate "
                      "is constant.",
                      lambda *args: momentum_path(*args, convention="workbook")),
        Misconception("That is Nesterov's momentum (`nesterov=True`: θ moves by η(g + αu)). Plain momentum "
                      "moves by η·u.", lambda *args: momentum_path(*args, nesterov=True)),
        Misconception("That is momentum with dampening, u ← αu + (1 - α)g. PyTorch's default is "
                      "`dampening=0`: u ← αu + g.",
                      lambda *args: momentum_path(*args, dampening=args[3])),
        Misconception("Your path is one row short: start it with the starting position, then one row per "
                      "step (len(rates) + 1 rows).", lambda *args: momentum_path(*args)[1:]),
        Misconception("Every step after the first used the first rate: the optimiser keeps the `lr` it was made "
                      "with. Set each step's rate in `optimiser.param_groups[0]['lr']` before its `step()`.",
                      lambda start, curvatures, rates, momentum:
                      momentum_path(start, curvatures, [rates[0]] * len(rates), momentum)),
        Misconception("You forgot `optimiser.zero_grad()`: `backward()` *adds* into `.grad`, so each step's "
                      "gradient was the sum of every gradient so far. Clear it before each backward pass.",
                      lambda *args: momentum_path(*args, accumulate=True)),
        Misconception(FLOAT32, in_float32(reference_pytorch_momentum_path)),
        Misconception("Your path is plain gradient descent: the velocity u is not carried from step to step "
                      "(an optimiser made anew each step starts its buffer from 0 every time). Make the "
                      "optimiser once, before the loop, and keep u ← αu + g across the steps.",
                      lambda start, curvatures, rates, momentum: momentum_path(start, curvatures, rates, 0.0)),
        Misconception(ASCENT, lambda start, curvatures, rates, momentum:
                      momentum_path(start, curvatures, [-rate for rate in rates], momentum)),
    ]
    return check_torch_function(answer, reference_pytorch_momentum_path, MOMENTUM_CASES, misconceptions)


# --- Question 6: converting a velocity --------------------------------------------------------------

@register
def momentum_buffer(answer):
    """Q6: PyTorch's buffer u for the workbook's velocity v = (0.03, -0.012) at η = 0.06: -v/η = (-0.5, 0.2)."""
    v, eta = np.array([0.03, -0.012]), 0.06
    misconceptions = [
        Misconception("The sign: the workbook's velocity is a step, -η times PyTorch's sum of gradients, so "
                      "u = -v/η.", v / eta),
        Misconception("Divide by η, do not multiply: v = -η·u, so u = -v/η.", -v * eta),
        Misconception("The two velocities are not the same number: v = -η·u, so u = -v/η.", v),
        Misconception("The two velocities differ by the factor -η, not -1: u = -v/η.", -v),
        Misconception("These are lesson 9's numbers (v = (0.02, -0.01), η = 0.05). Here v = (0.03, -0.012) "
                      "and η = 0.06.", np.array([-0.4, 0.2])),
        Misconception("You divided by lesson 9's rate, 0.05. This run's rate is η = 0.06.", -v / 0.05),
        Misconception(FLOAT32, (-v / eta).astype(np.float32)),
    ]
    return check_torch_value(answer, -v / eta, misconceptions)


# --- Question 7: three steps, symbolically ------------------------------------------------------------

def _displacements():
    g1, g2, g3, eta1, eta2, eta3, alpha = sympy.symbols("g_1 g_2 g_3 eta_1 eta_2 eta_3 alpha")
    pytorch = -(eta1 * g1 + eta2 * (alpha * g1 + g2) + eta3 * (alpha ** 2 * g1 + alpha * g2 + g3))
    workbook = -(eta1 * g1 * (1 + alpha + alpha ** 2) + eta2 * g2 * (1 + alpha) + eta3 * g3)
    last_only = -eta3 * (alpha ** 2 * g1 + alpha * g2 + g3)
    return pytorch, workbook, last_only


@register
def momentum_displacement(answer):
    """Q7: θ_3 - θ_0 after three steps of PyTorch's momentum from rest, rates η_1, η_2, η_3, in SymPy."""
    pytorch, workbook, last_only = _displacements()
    misconceptions = [
        Misconception("That is the workbook's convention (v ← αv - η·g, θ ← θ + v): there each gradient keeps "
                      "the rate of its own step. In PyTorch's, u ← αu + g, θ ← θ - η·u, the rate of each step "
                      "multiplies the whole running sum u.", workbook),
        Misconception("The sign: every step moves θ by -η·u, against the gradients.", -pytorch),
        Misconception("That is only the last step, -η_3·u_3. The displacement adds all three steps: "
                      "-η_1·u_1 - η_2·u_2 - η_3·u_3.", last_only),
    ]
    return check_value(answer, pytorch, misconceptions)


# --- Question 8: backward twice ------------------------------------------------------------------------

@register
def grad_after_two_backward(answer):
    """Q8: w.grad after two forward-and-backward passes of loss = 3 w² at w = 1.5 without zero_grad: 18."""
    misconceptions = [
        Misconception("`backward()` does not overwrite `.grad`, it *adds* to it: after two passes w.grad holds "
                      "twice 6w = 9. That is why training loops call `zero_grad()`.", 9),
        Misconception("That would be after `zero_grad()`: zero_grad clears the gradient, and nothing here "
                      "calls it.", 0),
        Misconception("That is twice the loss, 3w² = 6.75; `.grad` holds the gradient, 6w = 9 per pass.", 13.5),
    ]
    return check_torch_value(answer, 18, misconceptions)


# --- Question 9: the gradient of cross_entropy with respect to the logits -------------------------------

def reference_logit_gradient(U, labels):
    """d(mean cross-entropy of softmax(U))/dU = (softmax(U) - one-hot) / n."""
    return (softmax(U) - one_hot(labels, U.shape[1])) / len(U)


def _double_softmax_gradient(U, labels):
    """The gradient with respect to U when the probabilities softmax(U) are passed to cross_entropy."""
    P = softmax(U)
    G = reference_logit_gradient(P, labels)          # with respect to the probabilities P
    return P * (G - np.sum(G * P, axis=1, keepdims=True))   # back through the first softmax


LOGIT_CASES = [
    Case((np.array([[2.0, -1.0, 0.5], [0.1, 0.2, 0.3], [-3.0, 4.0, 1.0], [1.0, 1.0, -2.0]]),
          np.array([0, 2, 1, 2])), "4 rows of 3 logits, labels [0, 2, 1, 2]"),
    Case((np.array([[0.5, -0.5, 2.0, 1.5, -1.0]]), np.array([3])), "1 row of 5 logits, label [3]"),
    Case((np.array([[-300.0, 800.0], [5.0, -5.0], [0.0, 0.0]]), np.array([0, 0, 1])),
         "3 rows of 2 logits, one of them [-300, 800], labels [0, 0, 1]"),
]


@register
def logit_gradient(answer):
    """Q9: ``logit_gradient(U, labels)``: dE/dU of ``cross_entropy(U, labels)`` by autograd."""
    misconceptions = [
        Misconception("You passed probabilities to `cross_entropy`: it applies the softmax itself, so "
                      "softmax(U) went through a second softmax. Give it the logits U.",
                      _double_softmax_gradient),
        Misconception("Your gradient is n times too large: that is `reduction='sum'`. The default, the mean "
                      "over the rows, is the workbook's softmax cross-entropy.",
                      lambda U, labels: reference_logit_gradient(U, labels) * len(U)),
        Misconception("Every entry has the wrong sign: the gradient of the loss is (softmax(U) - Y)/n, "
                      "prediction minus target.", lambda U, labels: -reference_logit_gradient(U, labels)),
        Misconception("`nll_loss` expects *log-probabilities*, and applies no softmax: given the logits it "
                      "only picks -U[label]. `cross_entropy` is `nll_loss` of `log_softmax(U)`.",
                      lambda U, labels: -one_hot(labels, U.shape[1]) / len(U)),
        Misconception("The softmax runs along each *row* (`dim=1`), over the classes of one sample; yours ran "
                      "down the columns (`dim=0`), over the samples.",
                      lambda U, labels: (softmax(U.T).T - one_hot(labels, U.shape[1])) / len(U)),
        Misconception(FLOAT32, in_float32(reference_logit_gradient)),
    ]
    return check_torch_function(answer, reference_logit_gradient, LOGIT_CASES, misconceptions)
