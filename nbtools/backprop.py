"""The backward pass (lesson 5): every gradient of a dense network in one sweep from the loss backwards.

Shapes as everywhere: ``X`` (n_samples, n_inputs), ``W`` (n_in, n_out), ``b`` (n_out,). For each layer
the deltas are ``delta = dE/dU`` (one per sample and unit); from them

    dE/dW = Z_prev^T delta      (dE/dw_jk = sum over samples of z_j delta_k)
    dE/db = sum of delta over the samples
    dE/dZ_prev = delta W^T      (passed back: the hidden deltas are this times f'(U_prev))

Two kinds of derivatives, in lesson 5's order: the first, with respect to a layer's *input*, is multiplied
into the running product and passed back; the second, with respect to its *parameters*, is stored.
Activations have only the first kind.
"""


from .activations import ACTIVATIONS, SLOPES_FROM_OUTPUT, as_float
from .layers import dense


def forward_with_cache(X, layers, activations):
    """Forward propagation that keeps what the backward pass needs.

    Returns ``(inputs, sums)``: ``inputs[l]`` is what layer l received (``inputs[0]`` is X, the last
    entry is the network's output) and ``sums[l]`` its weighted sums U.
    """
    inputs, sums = [as_float(X)], []
    for (W, b), name in zip(layers, activations):
        activation, _ = ACTIVATIONS[name]
        sums.append(dense(inputs[-1], W, b))
        inputs.append(activation(sums[-1]))
    return inputs, sums


def layer_backward(dE_dZ, U, Z_prev, W, activation_name, pass_back=True, Z=None):
    """One layer backwards: from dE/dZ of its output to (dE/dW, dE/db, dE/dZ_prev).

    ``pass_back=False`` skips dE/dZ_prev (returned as None): the first layer's input is the data,
    whose gradient nobody needs, and computing it would cost as much as the layer's forward product.
    ``Z``, the layer's own output f(U), is optional: with it the slope comes from the output (a sigmoid's
    z(1 - z), a tanh's 1 - z^2) instead of evaluating f(U) again, a third of a large float64 network's step.
    """
    if Z is not None:
        slope = SLOPES_FROM_OUTPUT[activation_name](Z)
    else:
        slope = ACTIVATIONS[activation_name][1](U)
    delta = dE_dZ * slope
    if len(delta) == 1:  # one sample: dE/dw_jk = z_j delta_k is an outer product, 2-4x faster than BLAS's general one
        dW = Z_prev.T * delta
    else:
        dW = Z_prev.T @ delta
    return dW, delta.sum(axis=0), (delta @ W.T if pass_back else None)


def backward(inputs, sums, layers, activations, dE_dY):
    """All parameter gradients, as a list of (dE/dW, dE/db) in the order of ``layers``.

    ``dE_dY`` is the loss's gradient with respect to the network's output (for example
    ``losses.mse_gradient(Y_hat, Y)``, or ``softmax_cross_entropy_gradient(U, Y)`` when the last
    activation is the identity and the loss applies the softmax).
    """
    gradients = []
    dE_dZ = dE_dY
    for l in reversed(range(len(layers))):
        dW, db, dE_dZ = layer_backward(dE_dZ, sums[l], inputs[l], layers[l][0], activations[l], pass_back=l > 0,
                                       Z=inputs[l + 1])
        gradients.append((dW, db))
    return gradients[::-1]


def loss_and_gradients(X, Y, layers, activations, loss):
    """Forward, loss and backward in one call: returns (loss value, gradients, network output).

    ``loss`` names an entry of ``losses.LOSSES`` ("mse", "mae", "softmax_cross_entropy").
    """
    from .losses import LOSSES

    loss_function, loss_gradient = LOSSES[loss]
    inputs, sums = forward_with_cache(X, layers, activations)
    output = inputs[-1]
    return loss_function(output, Y), backward(inputs, sums, layers, activations, loss_gradient(output, Y)), output
