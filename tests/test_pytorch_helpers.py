"""nbtools.pytorch (lesson 9): workbook layers loaded into PyTorch compute Z W + b, and come back unchanged."""

import numpy as np
import pytest
import torch

from nbtools import pytorch as workbook_torch
from nbtools.backprop import loss_and_gradients
from nbtools.layers import forward, init_network


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_linear_from_computes_z_w_plus_b_in_the_arrays_dtype(dtype):
    rng = np.random.default_rng(1)
    W, b = (array.astype(dtype) for array in (rng.normal(size=(5, 3)), rng.normal(size=3)))
    layer = workbook_torch.linear_from(W, b)
    assert tuple(layer.weight.shape) == (3, 5) and layer.weight.dtype == torch.from_numpy(W).dtype
    Z = rng.normal(size=(4, 5)).astype(dtype)
    np.testing.assert_allclose(layer(torch.from_numpy(Z)).detach().numpy(), Z @ W + b, rtol=1e-6)


def test_network_from_and_back_and_its_gradients_in_the_workbooks_shapes():
    rng = np.random.default_rng(2)
    layers = init_network([4, 6, 3], rng)
    activations = ["tanh", "sigmoid"]
    model = workbook_torch.network_from(layers, activations)
    assert [type(module).__name__ for module in model] == ["Linear", "Tanh", "Linear", "Sigmoid"]
    for (W, b), (W_back, b_back) in zip(layers, workbook_torch.layers_of(model)):
        assert np.array_equal(W, W_back) and np.array_equal(b, b_back)
    X, Y = rng.normal(size=(7, 4)), rng.normal(size=(7, 3))
    np.testing.assert_allclose(model(torch.from_numpy(X)).detach().numpy(), forward(X, layers, activations))
    torch.nn.functional.mse_loss(model(torch.from_numpy(X)), torch.from_numpy(Y)).backward()
    _, reference, _ = loss_and_gradients(X, Y, layers, activations, "mse")
    for (dW, db), (dW_ref, db_ref) in zip(workbook_torch.gradients_of(model), reference):
        assert dW.shape == dW_ref.shape
        np.testing.assert_allclose(dW, dW_ref, rtol=1e-12, atol=1e-16)
        np.testing.assert_allclose(db, db_ref, rtol=1e-12, atol=1e-16)
