"""The backward pass (lesson 5): every gradient of a dense network, in one sweep backwards.

Names and shapes as in lesson 5: ``X`` (n_samples, n_inputs), ``W`` (n_in, n_out), ``b``
(n_out,). Layer l receives Z^(l-1) (with Z^(0) = X), computes its weighted sums
U^(l) = Z^(l-1) W^(l) + b^(l) and passes on Z^(l) = f(U^(l)); the last Z is the output.
In the lists of ``forward_with_cache``, ``Z[l]`` is Z^(l) and ``U[l]`` is U^(l+1)
(Python counts from 0). Each layer's deltas are ``delta = dE/dU`` (one per sample and
unit); from them

    dE/dW = Z_prev^T delta   (dE/dw_jk = sum over samples of z_j delta_k)
    dE/db = sum of delta over the samples
    dE/dZ_prev = delta W^T   (passed back; times f'(U_prev) it gives the hidden deltas)

Two kinds of derivatives, in lesson 5's order: the first, with respect to a layer's
*input* (dE/dZ_prev), is multiplied into the running product and passed back; the
second, with respect to its *parameters* (dE/dW, dE/db), is stored. Activations have
only the first kind.

Both backward functions take their arguments in one order: the derivative arriving from
above, then U, then Z, then the weights, then the activation names.
"""


from .activations import ACTIVATIONS, SLOPES_FROM_OUTPUT, as_float
from .layers import dense


def forward_with_cache(X, layers, activations):
    """Forward propagation that keeps what the backward pass needs, as lesson 5 does.

    Returns ``(Z, U)``, two lists: ``Z[0]`` is X and ``Z[l + 1] = f(U[l])`` is the
    output of layer l + 1 (``Z[-1]`` is the network's output Ŷ); ``U[l] = Z[l] W + b``
    are that layer's weighted sums, shape (n_samples, n_out).
    """
    Z, U = [as_float(X)], []
    for (W, b), name in zip(layers, activations):
        activation, _ = ACTIVATIONS[name]
        U.append(dense(Z[-1], W, b))
        Z.append(activation(U[-1]))
    return Z, U


def layer_backward(dE_dZ, U, Z_prev, W, activation_name, pass_back=True, Z=None):
    """One layer backwards: from dE/dZ of its output to (dE/dW, dE/db, dE/dZ_prev).

    dE/dW and dE/db are the second kind of derivative (with respect to the parameters:
    stored); dE/dZ_prev is the first kind (with respect to the layer's input: passed
    back). ``U`` holds the layer's weighted sums and ``Z_prev`` what it received, one row
    per sample. ``pass_back=False`` skips dE/dZ_prev (returned as None): the first
    layer's input is the data, whose gradient nobody needs, and computing it would cost
    as much as the layer's forward product. ``Z``, the layer's own output f(U), is
    optional: with it the slope comes from the output (a sigmoid's z(1 - z), a tanh's
    1 - z^2) instead of evaluating f(U) again, a third of a large float64 network's step.
    """
    if Z is not None:
        slope = SLOPES_FROM_OUTPUT[activation_name](Z)
    else:
        slope = ACTIVATIONS[activation_name][1](U)
    delta = dE_dZ * slope
    if len(delta) == 1:
        # one sample: dE/dw_jk = z_j delta_k is an outer product, 2-4x faster than
        # BLAS's general product
        dW = Z_prev.T * delta
    else:
        dW = Z_prev.T @ delta
    return dW, delta.sum(axis=0), (delta @ W.T if pass_back else None)


def backward(dE_dY, U, Z, layers, activations):
    """All parameter gradients, as a list of (dE/dW, dE/db) in the order of ``layers``.

    ``Z`` and ``U`` are what ``forward_with_cache`` returned; ``dE_dY`` is the loss's
    gradient with respect to the network's output ``Z[-1]`` (for example
    ``losses.mse_gradient(Z[-1], Y)``, or ``softmax_cross_entropy_gradient(U[-1], Y)``
    when the last activation is the identity and the loss applies the softmax).
    """
    gradients = []
    dE_dZ = dE_dY
    for l in reversed(range(len(layers))):
        dW, db, dE_dZ = layer_backward(dE_dZ, U[l], Z[l], layers[l][0], activations[l],
                                       pass_back=l > 0, Z=Z[l + 1])
        gradients.append((dW, db))
    return gradients[::-1]


def loss_and_gradients(X, Y, layers, activations, loss):
    """Forward, loss and backward in one call: (loss value, gradients, network output).

    ``loss`` names an entry of ``losses.LOSSES`` ("mse", "mae", "softmax_cross_entropy").
    """
    from .losses import LOSSES

    loss_function, loss_gradient = LOSSES[loss]
    Z, U = forward_with_cache(X, layers, activations)
    Y_hat = Z[-1]
    gradients = backward(loss_gradient(Y_hat, Y), U, Z, layers, activations)
    return loss_function(Y_hat, Y), gradients, Y_hat
