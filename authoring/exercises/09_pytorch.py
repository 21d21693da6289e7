# %% [markdown]
# # Exercise 9: The same network in PyTorch
#
# The lesson it practises: [`lessons/09_pytorch.ipynb`](../lessons/09_pytorch.ipynb).
#
# Practise what lesson 9 showed: loading the workbook's weights into `torch.nn.Linear` the right way
# round, gradients from `loss.backward()`, training steps with `torch.optim.SGD` (and `zero_grad`),
# PyTorch's form of momentum, and the gradient of `cross_entropy`. Each question has an **answer
# cell** (replace the `...` or the `raise NotImplementedError` with your answer) and a **check
# cell** right after it: run it and it tells you whether your answer is right, and if not, what
# looks wrong. Run the cells in order; a check never stops the notebook.
#
# The functions you write receive **NumPy arrays** (float64) and may return NumPy arrays or PyTorch
# tensors: the check converts tensors to arrays. Work in float64 (`dtype=torch.float64`), as the
# workbook does; `torch.from_numpy(array)` keeps an array's dtype.
#
# **Stuck?** Once a question's check has run on your answer, `check.hint("name")` (the name in its check
# cell, such as `check.hint("linear_forward")`) shows the next step of a solution in words, one step more each
# time, and `check.solution("linear_forward")` a worked solution with why each line is there. `check.progress()`
# shows which questions of every exercise pass, from your saved notebooks.

# %%
import numpy as np
import sympy as sp
import torch

from nbtools import check

# PyTorch takes seconds to set up its first optimiser: done once here, not in a check.
warm_up = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)

# %% [markdown]
# ## Question 1: the shape of a weight
# Without running anything: what is the shape of `torch.nn.Linear(784, 32).weight`? Store it in
# `weight_shape` as a tuple.

# %%
### BEGIN SOLUTION
# nn.Linear stores its weight as (out, in): one row per output unit.
weight_shape = (32, 784)
### END SOLUTION

# %%
check.linear_weight_shape(weight_shape)

# %% [markdown]
# ## Question 2: loading a workbook layer
# Write `linear_forward(X, W, b)`: make a `torch.nn.Linear` layer in float64 of the right size,
# load this workbook's weights `W` (shape (n_in, n_out)) and bias `b` (shape (n_out,)) into it, and
# return the layer's output for the batch `X` (shape (n, n_in)). It must equal `X @ W + b`: compute
# it with the layer, not with `@`. (Change the weights under `torch.no_grad()`.)

# %%
def linear_forward(X, W, b):
    ### BEGIN SOLUTION
    # A float64 layer from n_in = W.shape[0] inputs to n_out = W.shape[1] units.
    layer = torch.nn.Linear(*W.shape, dtype=torch.float64)

    # Its weight is (out, in): load W transposed, under no_grad (loading is not
    # a computation to differentiate).
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(W.T))
        layer.bias.copy_(torch.from_numpy(b))

    # The layer computes X weight^T + b = X W + b.
    return layer(torch.from_numpy(X))
    ### END SOLUTION

# %%
check.linear_forward(linear_forward)

# %% [markdown]
# ## Question 3: gradients from `backward()`
# A network with one hidden layer of sigmoid units and an identity output:
# $\hat Y = \sigma(X W_1 + \mathbf b_1)\, W_2 + \mathbf b_2$, with the workbook's MSE, the mean of
# $(\hat Y - Y)^2$ over every entry. Write `torch_gradients(X, Y, W1, b1, W2, b2)`: build it in
# PyTorch from these arrays (workbook shapes: `W1` is (n_in, n_hidden)), call `backward()` on the
# loss, and return the tuple `(dW1, db1, dW2, db2)` **in the workbook's shapes** (`dW1` of the shape
# of `W1`).

# %%
def torch_gradients(X, Y, W1, b1, W2, b2):
    ### BEGIN SOLUTION
    # Two float64 layers, loaded with the transposes of the workbook's weights.
    layer1 = torch.nn.Linear(*W1.shape, dtype=torch.float64)
    layer2 = torch.nn.Linear(*W2.shape, dtype=torch.float64)
    with torch.no_grad():
        for layer, W, b in [(layer1, W1, b1), (layer2, W2, b2)]:
            layer.weight.copy_(torch.from_numpy(W.T))
            layer.bias.copy_(torch.from_numpy(b))

    # Forward, then the mean squared error over every entry (mse_loss's default).
    Y_hat = layer2(torch.sigmoid(layer1(torch.from_numpy(X))))
    torch.nn.functional.mse_loss(Y_hat, torch.from_numpy(Y)).backward()

    # The weights' gradients have PyTorch's shape (out, in): transpose them back.
    return (layer1.weight.grad.T, layer1.bias.grad,
            layer2.weight.grad.T, layer2.bias.grad)
    ### END SOLUTION

# %%
check.torch_gradients(torch_gradients)

# %% [markdown]
# ## Question 4: training steps, and `zero_grad`
# Write `sgd_steps(X, Y, W, b, learning_rate, steps)`: a single linear layer $\hat Y = XW + \mathbf
# b$ (load `W` and `b` as in question 2), trained with `torch.optim.SGD(..., lr=learning_rate)` for
# `steps` steps, each on the whole batch, on the MSE. Return the tuple `(W, b)` after training, `W`
# in the workbook's shape (n_in, n_out). Do not change the arrays you receive.

# %%
def sgd_steps(X, Y, W, b, learning_rate, steps):
    ### BEGIN SOLUTION
    layer = torch.nn.Linear(*W.shape, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(W.T))
        layer.bias.copy_(torch.from_numpy(b))
    # copy_ copied the arrays, so training does not change the caller's W and b.
    optimiser = torch.optim.SGD(layer.parameters(), lr=learning_rate)
    X, Y = torch.from_numpy(X), torch.from_numpy(Y)
    for _ in range(steps):
        # Clear .grad first: backward() adds into it.
        optimiser.zero_grad()
        torch.nn.functional.mse_loss(layer(X), Y).backward()
        optimiser.step()

    # Back to the workbook's shape (in, out).
    return layer.weight.detach().T, layer.bias.detach()
    ### END SOLUTION

# %%
check.sgd_steps(sgd_steps)

# %% [markdown]
# ## Question 5: PyTorch's momentum, with a changing learning rate
# On the valley $E = \frac12 \sum_i c_i\,\theta_i^2$ (gradient $c_i \theta_i$), write
# `pytorch_momentum_path(start, curvatures, rates, momentum)`: PyTorch's momentum, one step for each
# learning rate in the list `rates` (the rate may change from step to step),
#
# $$u \leftarrow \alpha u + g, \qquad \theta \leftarrow \theta - \eta\, u,$$
#
# starting from `start` with $u = 0$. Return the path as a NumPy array with `len(rates) + 1` rows:
# the start, then the position after each step. You may use `torch.optim.SGD(momentum=...)` (set
# `optimiser.param_groups[0]["lr"]` before each step) or write the two lines yourself.

# %%
def pytorch_momentum_path(start, curvatures, rates, momentum):
    ### BEGIN SOLUTION
    # The position is the parameter; PyTorch's SGD keeps the running sum u.
    theta = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    c = torch.from_numpy(np.asarray(curvatures, dtype=float))
    optimiser = torch.optim.SGD([theta], lr=rates[0], momentum=momentum)
    path = [theta.detach().clone()]
    for rate in rates:
        # This step's rate multiplies the whole sum u:
        # u <- alpha u + g, theta <- theta - rate u.
        optimiser.param_groups[0]["lr"] = rate
        optimiser.zero_grad()
        (0.5 * (c * theta ** 2).sum()).backward()
        optimiser.step()
        path.append(theta.detach().clone())
    return torch.stack(path)
    ### END SOLUTION

# %%
check.pytorch_momentum_path(pytorch_momentum_path)

# %% [markdown]
# ## Question 6: converting a velocity
# A run with the workbook's `Momentum` (lesson 6: $v \leftarrow \alpha v - \eta g$,
# $\theta \leftarrow \theta + v$) at the constant rate $\eta = 0.06$ has the velocity
# $v = (0.03, -0.012)$. To continue the *same* path with PyTorch's SGD, what must its momentum
# buffer $u$ be? Store it in `buffer` as a NumPy array.

# %%
### BEGIN SOLUTION
# At a constant rate the workbook's step-velocity is v = -eta u, so u = -v / eta.
buffer = -np.array([0.03, -0.012]) / 0.06
### END SOLUTION

# %%
check.momentum_buffer(buffer)

# %% [markdown]
# ## Question 7: three steps, symbolically
# PyTorch's momentum starts from rest ($u_0 = 0$) at $\theta_0$ and takes three steps with the
# gradients $g_1, g_2, g_3$ and the learning rates $\eta_1, \eta_2, \eta_3$ (a schedule). Store the
# displacement $\theta_3 - \theta_0$ in `displacement`, a SymPy expression in the symbols below.
# (Compare it, if you like, with the workbook's convention: where do they differ?)

# %%
g_1, g_2, g_3 = sp.symbols("g_1 g_2 g_3")
eta_1, eta_2, eta_3, alpha = sp.symbols("eta_1 eta_2 eta_3 alpha")

# %%
### BEGIN SOLUTION
# The running sums of gradients, from u_0 = 0.
u_1 = g_1
u_2 = alpha * u_1 + g_2
u_3 = alpha * u_2 + g_3
# Each step moves theta by -eta_t u_t, with the rate of that step.
displacement = -(eta_1 * u_1 + eta_2 * u_2 + eta_3 * u_3)
### END SOLUTION

# %%
check.momentum_displacement(displacement)

# %% [markdown]
# ## Question 8: predict `.grad`
# Predict without running it: what is `w.grad` at the end?
#
# ```python
# w = torch.tensor(1.5, requires_grad=True)
# loss = 3 * w ** 2
# loss.backward()
# loss = 3 * w ** 2
# loss.backward()
# ```
#
# Store the number in `w_grad`.

# %%
### BEGIN SOLUTION
# Each backward() adds d(3w^2)/dw = 6w = 9 into w.grad; nothing clears it in between.
w_grad = 2 * 6 * 1.5
### END SOLUTION

# %%
check.grad_after_two_backward(w_grad)

# %% [markdown]
# ## Question 9: the gradient of `cross_entropy`
# Write `logit_gradient(U, labels)`: for logits `U` (shape (n, n_classes)) and integer class
# labels (shape (n,)), the gradient of `torch.nn.functional.cross_entropy(U, labels)` with respect
# to `U`, computed by `backward()`, as an array of the shape of `U`.

# %%
def logit_gradient(U, labels):
    ### BEGIN SOLUTION
    # The logits as a tensor that records the computation; cross_entropy
    # applies the softmax itself.
    logits = torch.tensor(U, requires_grad=True)
    torch.nn.functional.cross_entropy(logits, torch.from_numpy(labels)).backward()
    # Its gradient: (softmax(U) - one-hot) / n.
    return logits.grad
    ### END SOLUTION

# %%
check.logit_gradient(logit_gradient)

# %% [markdown]
# ## Done?
# Every check above says ✔? Then you can move a network between this workbook and PyTorch in both
# directions, read its gradients, train it, and say where the two libraries' conventions differ.
