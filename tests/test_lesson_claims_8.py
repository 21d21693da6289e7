"""Numbers stated in the prose of lesson 8, asserted against the executed notebook
``lessons/08_automatic_differentiation.ipynb``; its gradient tables recomputed here independently."""

import re

import numpy as np

from lesson_text import markdown, outputs
from nbtools import autograd, backprop
from nbtools.graph_explorer import graph_explorer

LESSON = "08_automatic_differentiation"
LESSON_5 = {"W1": np.array([[0.4, -0.3], [0.2, 0.6]]), "b1": np.array([0.1, -0.1]),
            "W2": np.array([[0.7], [-0.5]]), "b2": np.array([0.2])}


def table_rows(text, header):
    """The rows of the printed table that follows ``header``: name and numbers."""
    lines = text.split(header, 1)[1].strip("\n").splitlines()
    rows = {}
    for line in lines:
        parts = line.split()
        if len(parts) < 2 or not re.fullmatch(r"[-0-9.e+]+", parts[1]):
            break
        rows[parts[0]] = [float(p) for p in parts[1:]]
    return rows


def test_lesson_8_the_expression_its_paths_and_its_bugs():
    text = outputs(LESSON)
    assert "d = a b = -6,  e = d + c = 4,  f = e a = 8" in text
    assert "df/da: direct path 4 + path through d -6 = -2" in text
    assert "df/db = a * 1 * a = 4,  df/dc = a * 1 = 2" in text
    assert "finite differences: [-2.0, 4.0, 2.0]" in text
    assert "a: Value(data=2, grad=-2)  b: Value(data=-3, grad=4)  c: Value(data=10, grad=2)" in text
    assert "with = : df/da = -6 (the right value is -2), df/db = 4, df/dc = 2" in text
    assert "forward order: df/da = 4, df/db = 0, df/dc = 0" in text
    prose = markdown(LESSON)
    assert "set `a.grad` to $e = 4$" in prose and "= -6$, its own path only" in prose
    # the explorer's "Try it": the two paths into a cancel at a = 2, b = -2.5 (2ab + c = 0)
    explorer = graph_explorer()
    explorer.controls["b"].value = -2.5
    assert "∂f/∂a = <b>0.0000</b>" in explorer.readout.value


def test_lesson_8_gradient_table_of_lesson_5s_network_is_confirmed():
    """Every row: the engine equals the deltas (difference 0.0) and lesson 5's printed numbers,
    and differs from the finite difference by less than 1e-11, as the prose says."""
    text = outputs(LESSON)
    rows = table_rows(text, "engine - f.d.")
    assert list(rows) == ["w_11", "w_12", "w_21", "w_22", "b_1", "b_2", "w_1k", "w_2k", "b_k"]
    layers = [(LESSON_5["W1"], LESSON_5["b1"]), (LESSON_5["W2"], LESSON_5["b2"])]
    _, gradients = autograd.value_gradients(np.array([0.5, -1.0]), np.array([1.0]), layers,
                                            ["sigmoid", "sigmoid"])
    _, deltas, _ = backprop.loss_and_gradients(np.array([[0.5, -1.0]]), np.array([[1.0]]), layers,
                                               ["sigmoid", "sigmoid"], "mse")
    flat = np.concatenate([gradients[0][0].ravel(), gradients[0][1], gradients[1][0].ravel(),
                           gradients[1][1]])
    flat_deltas = np.concatenate([deltas[0][0].ravel(), deltas[0][1], deltas[1][0].ravel(),
                                  deltas[1][1]])
    assert np.array_equal(flat, flat_deltas)
    lesson_5 = outputs("05_backpropagation")
    for (name, (engine, by_deltas, difference, by_fd, engine_minus_fd)), exact in zip(rows.items(), flat):
        assert engine == by_deltas == round(exact, 9) and difference == 0.0, name
        assert abs(engine_minus_fd) < 1e-11 and abs(by_fd - exact) < 1e-9, name
        assert f"{exact:.6f}".rstrip("0") in lesson_5 or f"{exact: .6f}" in lesson_5, name
    assert "delta_k = dE/du_k = -0.190109" in text and "= -0.190109" in lesson_5
    assert "That is lesson 5's $\\delta_k = -0.190109$." in markdown(LESSON)


def test_lesson_8_forward_and_reverse_mode_and_their_costs():
    text = outputs(LESSON)
    difference = float(re.search(r"largest difference ([0-9.e+-]+)", text).group(1))
    assert difference < 1e-15
    assert "784-32-10: 25,450 parameters, 50,921 operations in one forward pass" in text
    assert "forward mode: 25,450 passes x 50,921 operations = 1.30e+09" in text
    assert "reverse mode: 1 forward pass + 1 backward sweep = 101,842 operations" in text
    assert "ratio: about 12,725" in text and 25_450 / 2 == 12_725
    prose = markdown(LESSON)
    assert "(25,450 here," in prose
    assert "each of the 50,921 operations" in prose
    assert "(25,450 passes against one sweep for 784-32-10)" in prose


def test_lesson_8_array_rules_and_the_digits_network_bit_for_bit():
    text = outputs(LESSON)
    assert "dE/dW - Z^T G = Matrix([[0, 0], [0, 0], [0, 0]])" in text
    assert "dE/dZ - G W^T = Matrix([[0, 0, 0], [0, 0, 0]])" in text
    assert "1,149 images, 19,210 parameters" in text
    for name in ["dW1 (64, 256)", "db1 (256,)", "dW2 (256, 10)", "db2 (10,)"]:
        assert re.search(re.escape(name) + r"\s+largest \|engine - backprop\| 0.0e\+00", text), name
    assert "nbtools.autograd.tensor_gradients, largest difference from backprop: 0.0" in text
    prose = markdown(LESSON)
    assert "for all 19,210 parameters" in prose and "on all 1,149 training images" in prose


def test_lesson_8_questions_have_revealable_answers_and_their_shapes_are_right():
    questions = markdown(LESSON).split("## Questions")[1]
    assert len(re.findall(r"^\d+\. ", questions, flags=re.MULTILINE)) == \
        questions.count("<summary>Answer</summary>") == 5
    Z, W, G = np.ones((64, 32)), np.ones((32, 10)), np.ones((64, 10))
    assert (Z.T @ G).shape == (32, 10) and (G @ W.T).shape == (64, 32) and G.sum(axis=0).shape == (10,)
