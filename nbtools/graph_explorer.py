"""Computational graphs, drawn (lesson 8): every node of a ``nbtools.autograd.Value`` expression
with its value and its gradient, still (``draw_graph``) or live, as you drag its inputs
(``graph_explorer``).

Layout: the inputs on the left, each operation one column to the right of the latest of its
inputs, the output on the right. An arrow goes from each input of an operation to it, so a
value used twice sends two arrows, and its gradient is the sum of what comes back along both.
"""

import ipywidgets as widgets
from matplotlib.figure import Figure

from .autograd import Value, topological_order
from .explorers import Explorer

VALUE_COLOUR, GRADIENT_COLOUR = "tab:blue", "crimson"
OPERATION_NAMES = {"+": "+", "*": "×", "exp": "exp", "log": "log", "tanh": "tanh",
                   "sigmoid": "σ", "relu": "ReLU"}


def lesson_expression(a, b, c):
    """Lesson 8's example, f = (a b + c) a: ``a`` is used twice."""
    return (a * b + c) * a


def graph_layout(root):
    """``(order, positions)``: the nodes in topological order and an (x, y) for each, by index.

    x is the node's depth: one more than its deepest input's (an input: one less than its first
    use); the nodes of a column are spread evenly around y = 0, in the order they were computed.
    """
    order = topological_order(root)
    index = {id(node): i for i, node in enumerate(order)}
    depth = []
    for node in order:
        depth.append(1 + max((depth[index[id(p)]] for p in node._parents), default=-1))
    for i, node in enumerate(order):  # an input sits just before its first use
        if not node._parents and node is not root:
            depth[i] = min(depth[j] for j, user in enumerate(order)
                           if any(p is node for p in user._parents)) - 1
    columns = {}
    for i, d in enumerate(depth):
        columns.setdefault(d, []).append(i)
    positions = [None] * len(order)
    for d, members in columns.items():
        for row, i in enumerate(members):
            positions[i] = (2.2 * d, 1.4 * ((len(members) - 1) / 2 - row))
    return order, positions


def node_label(node, names):
    """An input's name (from ``names``, a dict id(node) -> name), else its operation (×, +, σ...)."""
    if id(node) in names:
        return names[id(node)]
    op = node._op
    return OPERATION_NAMES.get(op, op.replace("**", "^") if op.startswith("**") else op or "?")


def _draw(axes, root, names, animated):
    """Draw the graph of ``root`` on ``axes``; return (order, value texts, gradient texts)."""
    order, positions = graph_layout(root)
    index = {id(node): i for i, node in enumerate(order)}
    for i, node in enumerate(order):
        for parent in node._parents:
            (x0, y0), (x1, y1) = positions[index[id(parent)]], positions[i]
            bend = -0.15 if x1 - x0 > 2.5 else 0.0  # an edge that skips a column bends over it
            axes.annotate("", xy=(x1 - 0.35, y1), xytext=(x0 + 0.35, y0),
                          arrowprops=dict(arrowstyle="->", color="grey", shrinkA=0, shrinkB=0,
                                          connectionstyle=f"arc3,rad={bend}"))
    value_texts, gradient_texts = [], []
    for i, node in enumerate(order):
        x, y = positions[i]
        leaf = not node._parents
        axes.text(x, y, node_label(node, names), ha="center", va="center", fontsize=11,
                  bbox=dict(boxstyle="round,pad=0.4", facecolor="lightyellow" if leaf else "whitesmoke",
                            edgecolor="grey"), zorder=3)
        value_texts.append(axes.text(x, y + 0.3, "", ha="center", va="bottom", fontsize=9,
                                     color=VALUE_COLOUR, animated=animated, label=f"value {i}"))
        gradient_texts.append(axes.text(x, y - 0.3, "", ha="center", va="top", fontsize=9,
                                        color=GRADIENT_COLOUR, animated=animated,
                                        label=f"gradient {i}"))
    xs, ys = [p[0] for p in positions], [p[1] for p in positions]
    axes.set(xlim=(min(xs) - 0.9, max(xs) + 0.9), ylim=(min(ys) - 0.8, max(ys) + 0.8))
    axes.axis("off")
    return order, value_texts, gradient_texts


def _write(order, value_texts, gradient_texts):
    for node, value_text, gradient_text in zip(order, value_texts, gradient_texts):
        value_text.set_text(f"data {node.data:.4g}")
        gradient_text.set_text(f"grad {node.grad:.4g}")


def draw_graph(root, names=None, axes=None):
    """A figure of ``root``'s graph: each node's value ``data`` (blue, above) and its ``grad``,
    d root / d node (red, below; run ``root.backward()`` first). ``names`` maps the
    inputs (``Value``s) to their names, e.g. ``{a: "a", b: "b"}``."""
    import matplotlib.pyplot as plt

    if axes is None:
        _, axes = plt.subplots(figsize=(8, 3.2))
    names = {id(node): name for node, name in (names or {}).items()}
    _write(*_draw(axes, root, names, animated=False))
    return axes.figure


def graph_explorer(function=lesson_expression, low=-5.0, high=5.0, **inputs):
    """Sliders for the inputs of ``function`` (Values in, one Value out); its graph with every
    node's value and gradient, recomputed (forward, then backward) as you drag.

    ``inputs`` are the starting values by name (default: lesson 8's a = 2, b = -3, c = 10 for
    f = (a b + c) a). ``function`` must build the same graph for any inputs (no ``if`` on them).

    Try: ∂f/∂a = 2ab + c is the sum of two paths (a b + c, through the last ×, and a b, through
    the first): find where they cancel (a = 2, b = -2.5). Then set a = 0: ∂f/∂b and ∂f/∂c
    vanish, since every path from them ends in a multiplication by a, while ∂f/∂a = c.
    """
    inputs = inputs or {"a": 2.0, "b": -3.0, "c": 10.0}
    figure = Figure(figsize=(8, 3.2), dpi=100, layout="constrained")
    axes = figure.subplots()

    def evaluate(values):
        leaves = {name: Value(value) for name, value in values.items()}
        root = function(**leaves)
        root.backward()
        return root, leaves

    root, leaves = evaluate(inputs)
    names = {id(leaf): name for name, leaf in leaves.items()}
    _, value_texts, gradient_texts = _draw(axes, root, names, animated=True)

    def update(**values):
        root, leaves = evaluate(values)
        _write(topological_order(root), value_texts, gradient_texts)
        gradients = ", ".join(f"∂f/∂{name} = <b>{leaf.grad:.4f}</b>" for name, leaf in leaves.items())
        return f"f = <b>{root.data:.4f}</b> &nbsp;|&nbsp; {gradients}"

    controls = {name: widgets.FloatSlider(value=value, min=min(low, value), max=max(high, value),
                                          step=0.1, description=name, continuous_update=True)
                for name, value in inputs.items()}
    description = (f"The computational graph of f with inputs {', '.join(inputs)}: a box for each input and "
                   "each operation, arrows from each operation's inputs to it, and on every node its value "
                   "(data, above) and its gradient ∂f/∂node (grad, below).")
    return Explorer(figure, controls, update, description)
