"""Numbers stated in the prose of lesson 9, asserted against the executed notebook ``lessons/09_pytorch.ipynb``;
its gradient tables recomputed here independently (PyTorch against nbtools.backprop and nbtools.autograd)."""

import math
import re
from pathlib import Path

import numpy as np
import torch

from lesson_text import markdown, outputs
from nbtools import autograd, backprop
from nbtools import pytorch as workbook_torch
from nbtools.datasets import load_digits_split
from nbtools.layers import init_network

LESSON = "09_pytorch"
LAYERS_221 = [(np.array([[0.4, -0.3], [0.2, 0.6]]), np.array([0.1, -0.1])),
              (np.array([[0.7], [-0.5]]), np.array([0.2]))]
README = Path(__file__).resolve().parents[1] / "README.md"


def test_lesson_9_nn_linear_stores_the_weight_transposed():
    text = outputs(LESSON)
    assert "weight (32, 64)  bias (32,)" in text
    assert "largest |layer(Z) - (Z W + b)|: 0.0" in text
    assert "x W1 + b1 (lesson 5):   [[ 0.1  -0.85]]" in text and "W1.T loaded (right):    [[ 0.1  -0.85]]" in text
    assert "W1 loaded (forgot W^T): [[ 0.6 -0.6]]" in text
    W1, b1 = LAYERS_221[0]
    np.testing.assert_allclose(np.array([0.5, -1.0]) @ W1.T + b1, [0.6, -0.6])
    assert "lesson 5's weighted sums $u_1 = 0.1$, $u_2 = -0.85$" in markdown(LESSON)


def test_lesson_9_gradient_table_of_lesson_5s_network_is_confirmed():
    """The printed rows equal PyTorch's, the deltas' and the engine's gradients computed here, which agree
    with each other to below 1e-17 (the prose's claim)."""
    text = outputs(LESSON)
    rows = text.split("PyTorch - engine", 1)[1].strip("\n").splitlines()[:9]
    model = workbook_torch.network_from(LAYERS_221, ["sigmoid", "sigmoid"])
    x = np.array([[0.5, -1.0]])
    torch.nn.functional.mse_loss(model(torch.from_numpy(x)), torch.tensor([[1.0]], dtype=torch.float64)).backward()
    _, deltas, _ = backprop.loss_and_gradients(x, np.array([[1.0]]), LAYERS_221, ["sigmoid"] * 2, "mse")
    _, engine = autograd.value_gradients(x[0], np.array([1.0]), LAYERS_221, ["sigmoid"] * 2)
    flat = [np.concatenate([g.ravel() for pair in gradients for g in pair])
            for gradients in (workbook_torch.gradients_of(model), deltas, engine)]
    for row, t, d, e in zip(rows, *flat):
        name, *numbers = row.split()
        printed_t, printed_d, printed_e, t_minus_d, t_minus_e = map(float, numbers)
        assert printed_t == round(t, 9) and printed_d == round(d, 9) and printed_e == round(e, 9), name
        assert abs(t - d) < 1e-17 and abs(t - e) < 1e-17 and abs(t_minus_d) < 1e-17, name
    assert [row.split()[0] for row in rows] == ["w_11", "w_12", "w_21", "w_22", "b_1", "b_2", "w_1k", "w_2k", "b_k"]
    assert "loss 0.157649" in text


def test_lesson_9_digits_gradients_agree_to_the_rounding_of_float64():
    text = outputs(LESSON)
    rows = re.findall(r"^(d[Wb][12]) +\(.*?\) +([0-9.e+-]+) +([0-9.e+-]+) +([0-9.e+-]+)$", text, flags=re.MULTILINE)
    assert [row[0] for row in rows] == ["dW1", "db1", "dW2", "db2"]
    for name, size, to_deltas, to_engine in rows:
        size, to_deltas, to_engine = float(size), float(to_deltas), float(to_engine)
        assert 1e-2 <= size <= 1e-1 and to_deltas < 1e-16 and to_engine < 1e-16, name
        assert to_deltas / size < 3e-15, name
    data = load_digits_split(seed=0)
    assert len(data.X_train) == 1149 and "on all 1,149 training images" in markdown(LESSON)
    layers = init_network([64, 256, 10], np.random.default_rng(0))
    model = workbook_torch.network_from(layers, ["relu", "identity"])
    torch.nn.functional.cross_entropy(model(torch.from_numpy(data.X_train)),
                                      torch.from_numpy(data.labels_train)).backward()
    _, deltas, _ = backprop.loss_and_gradients(data.X_train, data.Y_train, layers, ["relu", "identity"],
                                               "softmax_cross_entropy")
    for (dW, db), (dW_ref, db_ref) in zip(workbook_torch.gradients_of(model), deltas):
        assert np.abs(dW - dW_ref).max() < 1e-16 and np.abs(db - db_ref).max() < 1e-16


def test_lesson_9_grad_fn_accumulation_and_no_grad():
    text = outputs(LESSON)
    tree = text.split("MseLossBackward0\n", 1)[1].split("\n\n", 1)[0]
    assert tree.count("AccumulateGrad") == 4 and tree.count("SigmoidBackward0") == 2
    assert tree.count("AddmmBackward0") == 2 and tree.count("TBackward0") == 2
    assert "x.requires_grad: False   weight.requires_grad: True" in text
    assert "after a second backward: grad / first grad = [2.0]" in text
    assert "after zero_grad: weight.grad is None" in text
    assert "under no_grad: requires_grad False  grad_fn None" in text


def test_lesson_9_momentum_conventions_equal_at_a_constant_rate_only():
    text = outputs(LESSON)
    constant = re.search(r"constant rate 0.04 +largest \|workbook - PyTorch\| over the path: ([0-9.e+-]+) "
                         r"\(after step 11: ([0-9.e+-]+)\)", text)
    assert constant and float(constant.group(1)) < 1e-15
    schedule = re.search(r"0.04, then 0.004 +largest \|workbook - PyTorch\| over the path: ([0-9.e+-]+) "
                         r"\(after step 11: ([0-9.e+-]+)\)", text)
    assert schedule.groups() == ("1.3e+00", "1.9e-01")
    prose = markdown(LESSON)
    assert "the paths are 0.19 apart after step 11, and\nup to 1.3 apart later" in prose
    v, eta = np.array([0.02, -0.01]), 0.05                       # Question 4's conversion
    np.testing.assert_allclose(-v / eta, [-0.4, 0.2])
    assert "$u = -v/\\eta = (-0.4, 0.2)$" in prose


def test_lesson_9_digits_trained_in_pytorch_is_the_same_network_epoch_by_epoch():
    text = outputs(LESSON)
    rows = re.findall(r"^ +(\d+) +([0-9.]+)% +([0-9.]+)% +([0-9.e+-]+)$", text, flags=re.MULTILINE)
    assert [int(row[0]) for row in rows] == [1, 2, 3, 5, 10, 15, 20]
    assert all(row[1] == row[2] for row in rows) and all(float(row[3]) < 1e-15 for row in rows)
    assert "same test accuracy after every one of the 20 epochs: True" in text
    assert 20 * math.ceil(1149 / 32) == 720
    assert "720\nsteps, the weights differ by less than $10^{-15}$" in markdown(LESSON)
    readme = README.read_text(encoding="utf-8")
    assert "| float64 | 0.16 s | 0.25 s | 0.64 |" in readme and "both reach 97.2% after epoch 10" in readme
    assert "0.16 s for the workbook and 0.25 s for PyTorch over ten\nepochs" in markdown(LESSON)


def test_lesson_9_questions_have_revealable_answers():
    questions = markdown(LESSON).split("## Questions")[1]
    assert len(re.findall(r"^\d+\. ", questions, flags=re.MULTILINE)) == \
        questions.count("<summary>Answer</summary>") == 5
