"""The expression-graph explorer of lesson 8, driven headless: drag an input as a learner would, then read
each node's value and gradient off the figure and compare them with the chain rule by hand."""

import io

import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from nbtools.autograd import Value
from nbtools.graph_explorer import draw_graph, graph_explorer, graph_layout, lesson_expression, node_label


def texts(explorer, kind):
    """The explorer's value or gradient texts, in topological order."""
    found = [text for text in explorer.figure.axes[0].texts if text.get_label().startswith(kind)]
    return [text.get_text() for text in sorted(found, key=lambda t: int(t.get_label().split()[-1]))]


def test_the_lesson_graph_shows_every_value_and_gradient_by_hand():
    explorer = graph_explorer()
    # a = 2, b = -3, c = 10: a b = -6, a b + c = 4, f = 4 a = 8; df/da = (a b + c) + a b = -2
    assert texts(explorer, "value") == ["data 2", "data -3", "data -6", "data 10", "data 4", "data 8"]
    assert texts(explorer, "gradient") == ["grad -2", "grad 4", "grad 2", "grad 2", "grad 2", "grad 1"]
    assert "f = <b>8.0000</b>" in explorer.readout.value
    assert "∂f/∂a = <b>-2.0000</b>" in explorer.readout.value
    assert "∂f/∂b = <b>4.0000</b>" in explorer.readout.value and "∂f/∂c = <b>2.0000</b>" in explorer.readout.value


def test_dragging_an_input_recomputes_forward_and_backward():
    explorer = graph_explorer()
    explorer.controls["b"].value = -2.5   # the two paths into a cancel: 2ab + c = -10 + 10 = 0
    assert "∂f/∂a = <b>0.0000</b>" in explorer.readout.value
    explorer.controls["a"].value = 0.0    # every path from b and c ends in a multiplication by a
    readout = explorer.readout.value
    assert "f = <b>0.0000</b>" in readout and "∂f/∂b = <b>0.0000</b>" in readout
    assert "∂f/∂c = <b>0.0000</b>" in readout and "∂f/∂a = <b>10.0000</b>" in readout
    assert Image.open(io.BytesIO(explorer.image.value)).size[0] > 100


def test_any_function_of_named_inputs_and_its_readout():
    explorer = graph_explorer(lambda x, w: (x * w).tanh() + x, x=0.5, w=-1.0)
    t = np.tanh(-0.5)
    assert f"∂f/∂w = <b>{(1 - t ** 2) * 0.5:.4f}</b>" in explorer.readout.value
    assert f"∂f/∂x = <b>{(1 - t ** 2) * -1.0 + 1:.4f}</b>" in explorer.readout.value


def test_layout_puts_each_operation_right_of_its_inputs_and_labels_operations():
    a, b, c = Value(2.0), Value(-3.0), Value(10.0)
    f = lesson_expression(a, b, c)
    order, positions = graph_layout(f)
    where = {id(node): position for node, position in zip(order, positions)}
    assert all(where[id(parent)][0] < where[id(node)][0] for node in order for parent in node._parents)
    assert len({tuple(p) for p in positions}) == len(positions)           # no two nodes on one spot
    assert [node_label(node, {id(a): "a", id(b): "b", id(c): "c"}) for node in order] == \
        ["a", "b", "×", "c", "+", "×"]
    assert node_label(Value(2.0) ** 3, {}) == "^3" and node_label(Value(1.0).sigmoid(), {}) == "σ"


def test_draw_graph_writes_values_and_gradients_on_a_still_figure():
    a, b, c = Value(2.0), Value(-3.0), Value(10.0)
    f = lesson_expression(a, b, c)
    f.backward()
    figure = draw_graph(f, {a: "a", b: "b", c: "c"})
    shown = [text.get_text() for text in figure.axes[0].texts]
    assert "grad -2" in shown and "data 8" in shown and "a" in shown
    plt.close(figure)
