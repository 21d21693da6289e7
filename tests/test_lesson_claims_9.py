"""Numbers stated in the prose of lesson 9, asserted against the executed notebook ``lessons/09_pytorch.ipynb``;
its gradient tables recomputed here independently (PyTorch against nbtools.backprop and nbtools.autograd), and
its statements about PyTorch's behaviour checked against torch itself."""

import inspect
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
from nbtools.optimisers import Momentum
from nbtools.training import train

LESSON = "09_pytorch"
LAYERS_221 = [(np.array([[0.4, -0.3], [0.2, 0.6]]), np.array([0.1, -0.1])),
              (np.array([[0.7], [-0.5]]), np.array([0.2]))]
README = Path(__file__).resolve().parents[1] / "README.md"
CURVATURES, START = np.array([1.0, 20.0]), np.array([-2.0, 0.5])


def prose():
    """The lesson's markdown with every run of white space (line breaks included) made one space."""
    return " ".join(markdown(LESSON).split())


def test_lesson_9_float64_is_explicit_because_the_default_is_float32():
    text = outputs(LESSON)
    assert "default dtype: torch.float32   torch.tensor([0.1]): torch.float32" in text
    assert "torch.from_numpy(np.array([0.1])): torch.float64   nn.Linear(2, 2).weight: torch.float32" in text
    assert "a float32 layer on a float64 input: mat1 and mat2 must have the same dtype" in text
    assert torch.get_default_dtype() == torch.float32
    assert torch.tensor(np.array([0.1])).dtype == torch.float64        # torch.tensor of a NumPy array keeps it
    assert "PyTorch's default is float32, not float64" in prose()


def test_lesson_9_nn_linear_stores_the_weight_transposed():
    text = outputs(LESSON)
    assert "weight (32, 64)  bias (32,)" in text
    assert "largest |layer(Z) - (Z W + b)|: 0.0" in text
    assert "outside no_grad: a leaf Variable that requires grad is being used in an in-place operation." in text
    assert "W, not W.T: The size of tensor a (64) must match the size of tensor b (32)" in text
    assert "x W1 + b1 (lesson 5):   [[ 0.1  -0.85]]" in text and "W1.T loaded (right):    [[ 0.1  -0.85]]" in text
    assert "W1 loaded (forgot W^T): [[ 0.6 -0.6]]" in text
    W1, b1 = LAYERS_221[0]
    np.testing.assert_allclose(np.array([0.5, -1.0]) @ W1.T + b1, [0.6, -0.6])
    np.testing.assert_allclose(np.array([0.5, -1.0]) @ W1 + b1, [0.1, -0.85])
    assert "lesson 5's weighted sums $u_1 = 0.1$, $u_2 = -0.85$" in prose()
    assert "$x W_1^\\top + b_1 = (0.6, -0.6)$" in prose()


def test_lesson_9_gradient_table_of_lesson_5s_network_is_confirmed():
    """The printed rows equal PyTorch's, the deltas' and the engine's gradients computed here, which agree
    with each other to below 1e-17 and within one unit in the last place (the prose's claims)."""
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
        assert abs(t - d) <= np.spacing(abs(t)) and abs(t - e) <= np.spacing(abs(t)), name   # one ulp at most
        assert 5e-3 < abs(t) < 0.2, name
    assert [row.split()[0] for row in rows] == ["w_11", "w_12", "w_21", "w_22", "b_1", "b_2", "w_1k", "w_2k", "b_k"]
    assert "loss 0.157649" in text
    assert "none is more than one unit in the last place of its gradient" in prose()


def test_lesson_9_digits_gradients_agree_to_the_rounding_of_float64():
    text = outputs(LESSON)
    rows = re.findall(r"^(d[Wb][12]) +\(.*?\) +([0-9.e+-]+) +([0-9.e+-]+) +([0-9.e+-]+)$", text, flags=re.MULTILINE)
    assert [row[0] for row in rows] == ["dW1", "db1", "dW2", "db2"]
    for name, size, to_deltas, to_engine in rows:
        size, to_deltas, to_engine = float(size), float(to_deltas), float(to_engine)
        assert 1.5e-2 <= size <= 1e-1 and to_deltas < 1e-16 and to_engine < 1e-16, name
        assert to_deltas / size < 2e-15 and to_engine / size < 2e-15, name
    data = load_digits_split(seed=0)
    assert len(data.X_train) == 1149 and "on all 1,149 training images" in prose()
    layers = init_network([64, 256, 10], np.random.default_rng(0))
    model = workbook_torch.network_from(layers, ["relu", "identity"])
    logits = model(torch.from_numpy(data.X_train))
    torch.nn.functional.cross_entropy(logits, torch.from_numpy(data.labels_train)).backward()
    _, deltas, _ = backprop.loss_and_gradients(data.X_train, data.Y_train, layers, ["relu", "identity"],
                                               "softmax_cross_entropy")
    for (dW, db), (dW_ref, db_ref) in zip(workbook_torch.gradients_of(model), deltas):
        assert np.abs(dW - dW_ref).max() < 1e-16 and np.abs(db - db_ref).max() < 1e-16
    # "it also takes one-hot rows, as floats": the same loss from probabilities as targets
    one_hot = torch.nn.functional.cross_entropy(logits, torch.from_numpy(data.Y_train.astype(np.float64)))
    by_labels = torch.nn.functional.cross_entropy(logits, torch.from_numpy(data.labels_train))
    assert abs(one_hot.item() - by_labels.item()) < 1e-12
    assert "at most $2\\cdot10^{-15}$ of the largest entry" in prose()
    assert "largest entries are $1.9\\cdot10^{-2}$ to $9.5\\cdot10^{-2}$" in prose()
    assert sorted(row[1] for row in rows)[::3] == ["1.90e-02", "9.51e-02"]
    assert "by at most $1.1\\cdot10^{-16}$ of its size" in prose() and np.finfo(np.float64).eps / 2 < 1.12e-16
    readme = README.read_text(encoding="utf-8")
    assert "784-256-128-10; sigmoid, tanh, ReLU; softmax cross-entropy and MSE" in readme
    assert "all 12 configurations is **1.2e-15**" in readme
    assert "worst relative error of $1.2\\cdot10^{-15}$" in prose()


def test_lesson_9_grad_fn_accumulation_and_no_grad():
    text = outputs(LESSON)
    tree = text.split("MseLossBackward0\n", 1)[1].split("\n\n", 1)[0]
    assert tree.count("AccumulateGrad") == 4 and tree.count("SigmoidBackward0") == 2
    assert tree.count("AddmmBackward0") == 2 and tree.count("TBackward0") == 2
    assert "x.requires_grad: False   weight.requires_grad: True" in text
    assert "after a second backward: grad / first grad = [2.0]" in text
    assert "after zero_grad: weight.grad is None" in text
    assert "under no_grad: requires_grad False  grad_fn None" in text
    # zero_grad's default since PyTorch 2.0
    assert inspect.signature(torch.optim.Optimizer.zero_grad).parameters["set_to_none"].default is True


def workbook_path(rates, alpha=0.9):
    theta, optimiser = START.copy(), Momentum(rates[0], alpha)
    path = [theta.copy()]
    for rate in rates:
        optimiser.learning_rate = rate
        optimiser.step([theta], [CURVATURES * theta])
        path.append(theta.copy())
    return np.array(path), optimiser


def pytorch_path(rates, alpha=0.9, buffer=None, start=START, zero_grad=True):
    theta = torch.tensor(start, requires_grad=True)
    optimiser = torch.optim.SGD([theta], lr=rates[0], momentum=alpha)
    if buffer is not None:
        optimiser.state[theta]["momentum_buffer"] = torch.tensor(buffer)
    path = [theta.detach().numpy().copy()]
    for rate in rates:
        optimiser.param_groups[0]["lr"] = rate
        if zero_grad:
            optimiser.zero_grad()
        (0.5 * (torch.from_numpy(CURVATURES) * theta ** 2).sum()).backward()
        optimiser.step()
        path.append(theta.detach().numpy().copy())
    return np.array(path)


def test_lesson_9_momentum_conventions_equal_at_a_constant_rate_only():
    text = outputs(LESSON)
    constant = re.search(r"constant rate 0.04 +largest \|workbook - PyTorch\| over the path: ([0-9.e+-]+) "
                         r"\(after step 11: ([0-9.e+-]+)\)", text)
    assert constant and float(constant.group(1)) < 1e-15
    schedule = re.search(r"0.04, then 0.004 +largest \|workbook - PyTorch\| over the path: ([0-9.e+-]+) "
                         r"\(after step 11: ([0-9.e+-]+)\)", text)
    assert schedule.groups() == ("1.3e+00", "1.9e-01")
    text_prose = prose()
    assert "the paths are 0.19 apart" not in text_prose               # reworded: "0.19 apart after step 11"
    assert "After the drop they part: 0.19 apart after step 11, and up to 1.3 apart later." in text_prose
    assert "(below $10^{-15}$ above)" in text_prose
    # the step lengths around the drop, printed and quoted
    assert ("workbook  lengths of steps 10-14: [0.232 0.212 0.194 0.177 0.159]\n"
            "          each over the one before: [0.91 0.92 0.91 0.9 ], after step 30 at [ 1.56 -0.1 ]") in text
    assert ("PyTorch   lengths of steps 10-14: [0.232 0.032 0.046 0.057 0.064]\n"
            "          each over the one before: [0.14 1.45 1.24 1.11], after step 30 at [ 0.31 -0.08]") in text
    for quoted in ["PyTorch's step 11 is 0.14 of step 10, about a seventh rather than a tenth",
                   "(by 1.45, 1.24, 1.11), still shorter than the workbook's",
                   "(0.91, 0.92, 0.91, 0.90)", "the workbook's path to $\\theta_1 = 1.56$, and PyTorch's is at 0.31"]:
        assert quoted in text_prose, quoted
    rates = [0.04] * 10 + [0.004] * 20
    workbook, _ = workbook_path(rates)
    lengths = {"workbook": np.linalg.norm(np.diff(workbook, axis=0), axis=1),
               "PyTorch": np.linalg.norm(np.diff(pytorch_path(rates), axis=0), axis=1)}
    assert np.all(lengths["PyTorch"][10:14] < lengths["workbook"][10:14])    # the steps shown, 11-14
    # PyTorch's buffer starts as the first gradient itself (alpha * 0 + g); defaults dampening 0, no Nesterov
    theta = torch.tensor(START, requires_grad=True)
    optimiser = torch.optim.SGD([theta], lr=0.04, momentum=0.9)
    assert optimiser.defaults["dampening"] == 0 and optimiser.defaults["nesterov"] is False
    (0.5 * (torch.from_numpy(CURVATURES) * theta ** 2).sum()).backward()
    optimiser.step()
    np.testing.assert_array_equal(optimiser.state[theta]["momentum_buffer"].numpy(), CURVATURES * START)
    # the conversion u = -v/eta, with eta the rate of the steps to come: after 10 steps at 0.04, the rest at 0.004
    before, momentum = workbook_path([0.04] * 10)
    velocity = momentum.velocities[0].copy()
    after = pytorch_path([0.004] * 20, buffer=-velocity / 0.004, start=before[-1])
    np.testing.assert_allclose(after, workbook_path(rates)[0][10:], rtol=0, atol=1e-14)
    assert "$u = -v/\\eta$ with $\\eta$ the rate of the steps to come" in text_prose
    v, eta = np.array([0.02, -0.01]), 0.05                       # Question 4's conversion
    np.testing.assert_allclose(-v / eta, [-0.4, 0.2])
    assert "$u = -v/\\eta = (-0.4, 0.2)$" in text_prose


def test_lesson_9_question_2_forgetting_zero_grad_is_momentum_with_alpha_1():
    """Plain SGD without zero_grad steps by -eta (g_1 + ... + g_t): lesson 6's momentum with alpha = 1, which on
    the valley oscillates without damping at a stable rate and diverges at a large one."""
    def alpha_one(rate, steps):
        theta, velocity, path = START.copy(), np.zeros(2), [START.copy()]
        for _ in range(steps):
            velocity = velocity - rate * CURVATURES * theta
            theta = theta + velocity
            path.append(theta.copy())
        return np.array(path)

    forgot = pytorch_path([0.04] * 400, alpha=0, zero_grad=False)
    np.testing.assert_allclose(forgot, alpha_one(0.04, 400), rtol=0, atol=1e-12)
    assert np.abs(forgot[-100:, 0]).max() > 1.5 and np.abs(forgot[-100:, 1]).max() > 0.3   # no damping
    assert np.abs(pytorch_path([0.25] * 50, alpha=0, zero_grad=False)[-1]).max() > 1e6    # 0.25 * 20 > 4
    assert "lesson 6's momentum with $\\alpha = 1$" in prose()


def test_lesson_9_question_5_softmax_twice_bounds_the_loss():
    assert math.isclose(math.e / (math.e + 9), 0.2320, abs_tol=5e-4)
    assert math.isclose(math.log(math.e + 9) - 1, 1.4612, abs_tol=5e-4)
    perfect = torch.tensor([[50.0] + [-50.0] * 9], dtype=torch.float64)      # a confident, right prediction
    twice = torch.nn.functional.cross_entropy(torch.softmax(perfect, dim=1), torch.tensor([0]))
    assert math.isclose(twice.item(), math.log(math.e + 9) - 1, rel_tol=1e-12)
    assert "$\\ln(e + 9) - 1 \\approx 1.46$" in prose() and "$e/(e + 9) \\approx 0.23$" in prose()


def test_lesson_9_digits_trained_in_pytorch_is_the_same_network_epoch_by_epoch():
    text = outputs(LESSON)
    rows = re.findall(r"^ +(\d+) +([0-9.]+)% +([0-9.]+)% +([0-9.e+-]+)$", text, flags=re.MULTILINE)
    assert [int(row[0]) for row in rows] == [1, 2, 3, 5, 10, 15, 20]
    assert all(row[1] == row[2] for row in rows) and all(float(row[3]) < 1e-15 for row in rows)
    assert "same test accuracy after every one of the 20 epochs: True" in text
    assert float(re.search(r"largest weight difference after any epoch: ([0-9.e+-]+)", text).group(1)) < 1e-15
    for seed in (1, 2):                                                    # "one seed could be luck"
        found = re.search(rf"seed {seed}: same test accuracy after all 20 epochs: True  final accuracy "
                          r"[0-9.]+%, largest weight difference ([0-9.e+-]+)", text)
        assert found and float(found.group(1)) < 1e-15, seed
    assert 20 * math.ceil(1149 / 32) == 720 and 1149 - 35 * 32 == 29
    text_prose = prose()
    assert ("after twenty epochs, 720 steps (36 mini-batches an epoch, the last of 29 images), the weights and "
            "biases differ by less than $10^{-15}$") in text_prose
    assert "from each of three seeds" in text_prose
    readme = README.read_text(encoding="utf-8")
    assert "| float64 | 0.16 s | 0.25 s | 0.64 |" in readme and "both reach 97.2% after epoch 10" in readme
    assert "REPEATS = 3" in (README.parent / "benchmarks" / "end_to_end.py").read_text(encoding="utf-8")
    assert ("measured 0.16 s for the workbook and 0.25 s for PyTorch to reach 97% test accuracy, after ten "
            "epochs") in text_prose
    readme_words = " ".join(readme.split())
    assert "a step is some thirty NumPy calls" in readme_words and "whose per-call overhead is larger" in readme_words
    assert "some thirty NumPy calls in the README's profile of 64-32-10" in text_prose
    # "PyTorch takes less time than the workbook only in its largest case": the one ratio above 1
    ratios = re.findall(r"^\| [0-9-]+ \| float(?:32|64) \| \d+ \| \d+ \| \d+ \| \**([0-9.]+) ", readme,
                        flags=re.MULTILINE)
    assert len(ratios) == 12 and [r for r in ratios if float(r) > 1] == ["1.54"]
    assert "| 784-256-128-10 | float64 | 256 | 10836 | 7057 | **1.54 > 1.0**" in readme


def test_lesson_9_one_train_call_per_epoch_takes_the_same_steps_as_one_call():
    """The prose's parenthesis: the velocity lives in the Momentum object, so 3 calls of one epoch equal one
    call of 3 epochs (3 epochs, not 20, to keep the test quick)."""
    data = load_digits_split(seed=0)
    networks = []
    for calls, epochs in [(3, 1), (1, 3)]:
        rng, optimiser = np.random.default_rng(0), Momentum(0.02, 0.9)
        network = init_network([64, 256, 10], rng)
        for _ in range(calls):
            train(network, ["relu", "identity"], "softmax_cross_entropy", data.X_train, data.Y_train, optimiser,
                  epochs=epochs, batch_size=32, rng=rng)
        networks.append(network)
    for (W, b), (W_one, b_one) in zip(*networks):
        np.testing.assert_array_equal(W, W_one)
        np.testing.assert_array_equal(b, b_one)


def test_lesson_9_questions_have_revealable_answers():
    questions = markdown(LESSON).split("## Questions")[1]
    assert len(re.findall(r"^\d+\. ", questions, flags=re.MULTILINE)) == \
        questions.count("<summary>Answer</summary>") == 5
