"""Interactive explorers: drag a slider, watch the consequence.

Each explorer is one small function returning an ``Explorer``: its controls (sliders), a matplotlib
figure and a readout line with the numbers. Display it by leaving it last in a cell. Every change of a
control calls the explorer's ``update``, which moves the figure's *moving* artists (``set_data``,
``set_height``...) and returns the readout; the figure itself is never rebuilt.

How the picture gets to the browser: matplotlib's Agg renderer draws the figure into a PNG shown by an
``ipywidgets.Image``. The still parts (axes, ticks, the curve) are drawn once; a change redraws only the
artists created with ``animated=True`` on top of them (blitting), so a slider feels instant. This needs
nothing but ipywidgets in JupyterLab, whatever matplotlib backend the notebook uses.

What a person sees (``PictureBox``, which the training dashboard shares): the picture is drawn at twice its
size and shown at its size, so it is sharp on high-density screens and never stretched; its text
alternative (a sentence saying what it shows, then the readout) is the image's tooltip; and a notebook whose
cell has not run yet shows a still picture of the explorer with a line saying to run the cell, not the
widget's raw repr. Every control is a standard ipywidgets control, operable by keyboard: Tab to it, then
the arrow keys (sliders), Space (buttons) or the arrows (a drop-down).
"""

import base64
import re
import struct
import zlib
from html import unescape
from typing import Callable, NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from traitlets import Unicode

from .activations import SLOPES_FROM_OUTPUT
from .backprop import backward, forward_with_cache
from .derivatives import difference_quotient, gradient_ascent, profit, profit_slope
from .losses import mse, mse_gradient, one_hot, softmax, softmax_cross_entropy
from .optimisers import SGD, Momentum, descent_path


SCALE = 2
"""Pixels drawn per pixel shown: a picture is drawn at twice its size and shown at its size, so that it is
sharp on high-density screens and never stretched to the width of the cell."""


class Picture(widgets.Image):
    """An ``ipywidgets.Image`` whose ``tooltip`` (its ``title``, the picture's name for screen readers) can be set:
    ipywidgets' view of a tooltip reads the widget's ``description``, which ``Image`` lacks, and fails."""

    description = Unicode("").tag(sync=True)


class PictureBox(widgets.VBox):
    """Widgets around one matplotlib figure shown as a PNG: what the explorers and the training dashboard share.

    The figure is drawn at ``SCALE`` times its resolution and shown at its own size (at most the cell's
    width). ``describe(text)`` gives the picture its text alternative: the image's tooltip, which screen
    readers announce as its name. Displayed, the box carries beside its live view a still picture of its
    current state, with the line ``STILL_NOTE`` under it, and the text alternative as plain text: what a
    notebook shows before its cell has run (JupyterLab with no kernel yet, GitHub, nbviewer).
    """

    STILL_NOTE = "A still picture: run this cell to bring it to life."

    def __init__(self, figure, above, below):
        self.figure = figure
        self.shown_size = tuple(round(side) for side in figure.bbox.size)
        figure.set_dpi(figure.dpi * SCALE)
        FigureCanvasAgg(figure)
        width, height = self.shown_size
        self.image = Picture(format="png", layout=widgets.Layout(
            width=f"{width}px", max_width="100%", height="auto", object_fit="contain"))
        self._display = None
        super().__init__([*above, self.image, *below])

    def describe(self, text):
        """Set the picture's text alternative: what it shows, in words."""
        self.image.tooltip = text

    def _repr_mimebundle_(self, **kwargs):
        """The live view, a still picture (PNG, shown at its size) and its text alternative as plain text."""
        data = super()._repr_mimebundle_(**kwargs)
        png, height = self.still_png()
        data["image/png"] = base64.b64encode(png).decode("ascii")
        data["text/plain"] = f"{self.image.tooltip}\n{self.STILL_NOTE}"
        return data, {"image/png": {"width": self.shown_size[0], "height": height}}

    def _ipython_display_(self):
        """Display the box, keeping a handle so that ``refresh_still`` can replace its still picture."""
        from IPython.display import display

        data, metadata = self._repr_mimebundle_()
        self._display = display(data, metadata=metadata, raw=True, display_id=True)

    def refresh_still(self):
        """Make the displayed still picture the current one (the dashboard does this when training ends)."""
        if self._display is not None:
            data, metadata = self._repr_mimebundle_()
            self._display.update(data, metadata=metadata, raw=True)

    def still_png(self):
        """The picture as it is now with ``STILL_NOTE`` written under it, compressed hard (notebooks store it),
        and the height it is shown at."""
        note = Figure(figsize=(self.figure.get_figwidth(), 0.3), dpi=self.figure.dpi)
        FigureCanvasAgg(note)
        note.text(0.01, 0.5, f"▶ {self.STILL_NOTE}", va="center", style="italic", color="dimgrey")
        note.canvas.draw()
        pixels = [np.asarray(canvas.buffer_rgba()) for canvas in (self.figure.canvas, note.canvas)]
        pixels = np.concatenate(pixels)
        return encode_png(pixels, level=9), round(len(pixels) / SCALE)


class Explorer(PictureBox):
    """Controls above a figure above a readout, wired together.

    ``controls`` maps a name to a widget with a ``value``; on every change ``update(**values)`` is called
    with all the controls' values by name: it moves the figure's animated artists and returns the
    readout (HTML). ``redraw()`` does the same on demand. The figure's animated artists are found once,
    here: ``update`` moves them, it never adds new ones (a still text it changes, such as a note that follows a
    mode, makes the next picture a full draw). ``description`` says in words what the picture
    shows; with the readout it is the picture's text alternative.
    """

    STILL_NOTE = "Run this cell (Shift+Enter) to use the controls: until then this is a still picture."

    def __init__(self, figure, controls, update, description=""):
        self.controls = controls
        self.description = description
        self.readout = widgets.HTML()
        self._update = update
        self._background = None
        self._moving = sorted(figure.findobj(lambda artist: artist.get_animated()), key=lambda a: a.get_zorder())
        self._still_texts = figure.findobj(lambda artist: isinstance(artist, Text) and not artist.get_animated())
        self._drawn_texts = None
        for control in controls.values():
            control.observe(lambda change: self.redraw(), names="value")
        control_box = widgets.Box(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__(figure, [control_box], [self.readout])
        self.redraw()

    def redraw(self):
        """Update the artists and the readout from the controls' values, and show the new picture."""
        self.readout.value = self._update(**{name: control.value for name, control in self.controls.items()})
        if self._still_text_changed():  # a mode switch changed a note: draw the background again
            self._background = None
        self.image.value, self._background = figure_png(self.figure, self._background, self._moving)
        self._drawn_texts = [text.get_text() for text in self._still_texts]
        self.describe(f"{self.description} Now: {plain_text(self.readout.value)}".strip())


    def _still_text_changed(self):
        """True when a text of the background differs from what was drawn (tick labels are filled in by drawing)."""
        return self._drawn_texts is not None and [text.get_text() for text in self._still_texts] != self._drawn_texts


def plain_text(html):
    """``html`` without its tags and entities: a readout as a sentence."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def encode_png(pixels, level=1):
    """RGBA ``pixels`` (height, width, 4 bytes) as PNG bytes, each row unfiltered, compressed at ``level``.

    Written here because Pillow's encoder spends most of a slider change filtering rows: this takes the
    canvas's rows as they are, a third of Pillow's time at 2x (about 13 ms for a 1900 x 760 picture).
    """
    height, width, _ = pixels.shape
    compressor, parts = zlib.compressobj(level), []
    for row in pixels:
        parts += [compressor.compress(b"\0"), compressor.compress(row)]  # filter type 0: none
    parts.append(compressor.flush())

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")


def figure_png(figure, background, moving_artists):
    """The figure as PNG bytes, by blitting: the still ``background``, then ``moving_artists`` on top, in order.

    ``background`` is the pixels of the figure without its animated artists, as returned by the previous
    call; None draws it now (the whole figure, the slow part: do it only when an axis changed). Returns
    ``(png, background)``. The training dashboard (``nbtools.dashboard``) draws the same way.
    """
    canvas = figure.canvas
    if background is None:
        canvas.draw()  # animated artists are left out of a full draw
        figure.set_layout_engine("none")  # keep the first layout: redoing it costs more than the drawing
        background = canvas.copy_from_bbox(figure.bbox)
    canvas.restore_region(background)
    for artist in moving_artists:
        figure.draw_artist(artist)
    return encode_png(np.asarray(canvas.buffer_rgba())), background


def _slider(description, value, low, high, step, readout_format=".2f"):
    """A float slider that updates while it is dragged."""
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                               readout_format=readout_format, continuous_update=True,
                               style={"description_width": "initial"})


def _figure(columns=1, width=6.5, height=3.8):
    """A figure (not registered with pyplot, so it is never shown twice) and its ``columns`` axes."""
    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    axes = figure.subplots(1, columns)
    return figure, axes


# 1. The derivative ------------------------------------------------------------------------------------

def derivative_explorer(x=1.0, h=2.0):
    """The secant of the profit P(x) = -2x^2 + 12x - 10 through x and x + h, and the tangent at x.

    Try: shrink h towards 0.001 and watch the secant swing onto the tangent, and its slope (the
    difference quotient) approach P'(x); the gap is exactly -2h. Then move x: where is the tangent flat?
    """
    xs = np.linspace(-1, 7, 200)
    figure, axes = _figure()
    axes.plot(xs, profit(xs), color="black", linewidth=2, label="P(x)")
    secant, = axes.plot([], [], "--", color="tab:blue", label="secant through x and x + h", animated=True)
    tangent, = axes.plot([], [], color="crimson", label="tangent at x", animated=True)
    points, = axes.plot([], [], "o", color="tab:blue", label="points at x and x + h", animated=True)
    axes.set(xlim=(-1, 7), ylim=(-30, 14), xlabel="units sold, x", ylabel="profit, P(x)")
    axes.legend(loc="lower center", fontsize="small")

    def update(x, h):
        secant_slope, tangent_slope = difference_quotient(profit, x, h), profit_slope(x)
        secant.set_data(xs, profit(x) + secant_slope * (xs - x))
        tangent.set_data(xs, profit(x) + tangent_slope * (xs - x))
        points.set_data([x, x + h], [profit(x), profit(x + h)])
        return (f"secant slope (P(x + h) − P(x)) / h = <b>{secant_slope:.4f}</b> &nbsp;|&nbsp; "
                f"tangent slope P′(x) = −4x + 12 = <b>{tangent_slope:.4f}</b> &nbsp;|&nbsp; "
                f"difference = −2h = {secant_slope - tangent_slope:+.4f}")

    # the exponent's step, near 0.05, puts both 0.001 and h on the slider's grid: it shows h as given (2.000, not 1.995)
    step = (np.log10(h) + 3) / max(1, round((np.log10(h) + 3) / 0.05))
    h_slider = widgets.FloatLogSlider(value=h, base=10, min=-3, max=-3 + step * np.floor(3.5 / step), step=step,
                                      description="h", readout_format=".3f", continuous_update=True)
    description = ("A line chart of the profit P(x) for x from -1 to 7, with the secant through the points at x "
                   "and x + h (dashed) and the tangent at x (red).")
    return Explorer(figure, {"x": _slider("x", x, 0.0, 6.0, 0.1), "h": h_slider}, update, description)


# 2. The learning rate ---------------------------------------------------------------------------------

class Curve(NamedTuple):
    """A quadratic 1-D function to optimise with gradient steps.

    ``direction`` is +1 to climb it (gradient ascent) and -1 to descend it; ``best`` is its optimum and
    ``curvature`` the size of its second derivative: each step multiplies the distance to ``best`` by
    1 - learning_rate * curvature.
    """

    name: str
    variable: str
    f: Callable
    slope: Callable
    direction: int
    best: float
    curvature: float
    span: tuple


PROFIT = Curve("P", "x", profit, profit_slope, direction=+1, best=3.0, curvature=4.0, span=(-1.0, 7.0))

FIT_X, FIT_Y = np.array([1.0, 2.0, 3.0]), np.array([1.5, 2.5, 4.0])
"""Three points to fit with the line y = w x; the loss of a slope w is the MSE of that fit."""


def fit_loss(w):
    """L(w) = MSE of the line y = w x on the points (FIT_X, FIT_Y); w a number or an array of them."""
    return np.vectorize(lambda one_w: mse(one_w * FIT_X, FIT_Y))(w)


def fit_loss_slope(w):
    """L'(w) by the chain rule: sum over the points of dL/dy_hat * dy_hat/dw = mse_gradient . x."""
    return np.vectorize(lambda one_w: mse_gradient(one_w * FIT_X, FIT_Y) @ FIT_X)(w)


FIT_LOSS = Curve("L", "w", fit_loss, fit_loss_slope, direction=-1, best=float(FIT_X @ FIT_Y / (FIT_X @ FIT_X)),
                 curvature=2 * float(np.mean(FIT_X**2)), span=(-1.0, 4.0))


def _regime(factor):
    """What gradient steps do when each multiplies the distance to the optimum by ``factor``."""
    if np.isclose(factor, -1):
        return "oscillates forever between two points"
    if factor < -1:
        return "diverges"
    if factor < 0:
        return "oscillates, converging"
    return "crawls" if factor >= 0.9 else "converges"


def learning_rate_explorer(curve=PROFIT, learning_rate=0.1, start=0.0, steps=15, max_steps=50,
                           max_learning_rate=0.6):
    """Gradient steps on ``curve`` (``PROFIT``, climbed, or ``FIT_LOSS``, descended): the position after
    each step (left) and the path on the curve (right).

    The learning-rate slider runs from 0.01 to ``max_learning_rate``: on a flatter curve pass a larger one,
    so that the slider reaches past 2 / ``curve.curvature``, where the steps diverge.

    Try on P: 0.01 crawls, 0.1 converges, 0.25 lands on the top in one step, 0.45 oscillates towards
    it, 0.5 jumps between two points forever, 0.55 diverges. On the loss the same rates behave
    differently: the safe range depends on the curvature.
    """
    xs = np.linspace(*curve.span, 200)
    name, variable = curve.name, curve.variable
    figure, (steps_axes, curve_axes) = _figure(columns=2, width=9.5)
    steps_axes.axhline(curve.best, color="grey", linestyle=":", label="optimum")
    positions_line, = steps_axes.plot([], [], "o-", markersize=3, label=f"{variable} after each step", animated=True)
    steps_axes.set(xlim=(0, max_steps), ylim=curve.span, xlabel="step", ylabel=variable)
    steps_axes.legend(loc="upper right", fontsize="small")
    curve_axes.plot(xs, curve.f(xs), color="black", label=f"{name}({variable})")
    path_line, = curve_axes.plot([], [], "o-", markersize=4, alpha=0.7, label="path", animated=True)
    values = curve.f(xs)
    curve_axes.set(xlim=curve.span, ylim=(values.min() - 2, values.max() + 4), xlabel=variable,
                   ylabel=f"{name}({variable})")
    curve_axes.legend(loc="upper right", fontsize="small")

    def update(learning_rate, start, steps):
        path = gradient_ascent(lambda x: curve.direction * curve.slope(x), start, learning_rate, steps)
        positions_line.set_data(np.arange(steps + 1), path)
        path_line.set_data(path, curve.f(path))
        factor = 1 - learning_rate * curve.curvature
        return (f"each step multiplies the distance to the optimum {variable} = {curve.best:.4g} by "
                f"1 − {learning_rate:.3g} × {curve.curvature:.4g} = <b>{factor:+.3f}</b>: {_regime(factor)}. "
                f"After {steps} steps: {variable} = {path[-1]:.4g}, {name}({variable}) = {curve.f(path[-1]):.4g}")

    controls = {"learning_rate": _slider("learning rate η", learning_rate, 0.01, max_learning_rate, 0.01),
                "start": _slider("start", start, *curve.span, 0.1),
                "steps": widgets.IntSlider(value=steps, min=1, max=max_steps, description="steps")}
    description = (f"Two charts of gradient steps on {name}({variable}): left, {variable} after each step against "
                   f"the step number, with the optimum as a dotted line; right, the path of the steps on the "
                   f"curve {name}({variable}).")
    return Explorer(figure, controls, update, description)


# 3. Momentum ------------------------------------------------------------------------------------------

VALLEY_STIFFNESS = 25.0
"""How much steeper the valley is across (y) than along (x): its two curvatures are 1 and 25."""


def valley(x, y):
    """Lesson 6's long narrow valley L = (x^2 + 25 y^2) / 2: gentle along x, steep across y."""
    return (x**2 + VALLEY_STIFFNESS * y**2) / 2


def valley_gradient(theta):
    """The gradient of ``valley`` at theta = (x, y): (x, 25 y)."""
    return np.array([theta[0], VALLEY_STIFFNESS * theta[1]])


def momentum_explorer(learning_rate=0.04, momentum=0.7, start=(-10.0, 1.0), steps=60):
    """Plain gradient descent and gradient descent with momentum (v <- alpha v - eta grad, theta <- theta + v)
    from the same start, on the contours of lesson 6's narrow valley, whose minimum is (0, 0).

    Try: at first plain descent creeps along the valley floor while momentum, building speed, arrives.
    Set alpha = 0: both paths coincide. Raise alpha to 0.9: momentum overshoots and swings around the
    minimum. Push eta towards 0.08 and past it: plain descent zig-zags from wall to wall, then diverges.
    """
    figure, axes = _figure(width=9, height=3.6)
    x, y = np.meshgrid(np.linspace(-11, 2, 300), np.linspace(-1.6, 1.6, 150))
    axes.contour(x, y, valley(x, y), levels=np.geomspace(0.05, 60, 12), colors="lightgrey")
    axes.plot([0], [0], "x", color="black", markersize=8, label="minimum")
    plain_line, = axes.plot([], [], "o-", markersize=3, label="plain gradient descent", animated=True)
    momentum_line, = axes.plot([], [], "o-", markersize=3, label="momentum", animated=True)
    axes.set(xlim=(-11, 2), ylim=(-1.6, 1.6), xlabel="x", ylabel="y")
    axes.legend(loc="lower left", fontsize="small")

    def update(learning_rate, momentum):
        plain = descent_path(SGD(learning_rate), valley_gradient, start, steps)
        with_momentum = descent_path(Momentum(learning_rate, momentum), valley_gradient, start, steps)
        plain_line.set_data(plain[:, 0], plain[:, 1])
        momentum_line.set_data(with_momentum[:, 0], with_momentum[:, 1])
        return (f"loss after {steps} steps: plain <b>{valley(*plain[-1]):.4g}</b> &nbsp;|&nbsp; "
                f"momentum <b>{valley(*with_momentum[-1]):.4g}</b>")

    controls = {"learning_rate": _slider("learning rate η", learning_rate, 0.005, 0.1, 0.005, ".3f"),
                "momentum": _slider("momentum α", momentum, 0.0, 0.95, 0.05)}
    description = (f"The contour lines of a long narrow valley with its minimum at (0, 0), and two paths of {steps} "
                   f"steps from ({start[0]:g}, {start[1]:g}): plain gradient descent and gradient descent with "
                   "momentum.")
    return Explorer(figure, controls, update, description)


# 4. Softmax and cross-entropy -------------------------------------------------------------------------

def softmax_explorer(logits=(2.0, 1.0, 0.1), temperature=1.0, true_class=0):
    """The probabilities softmax(u / T) of 3 to 5 classes as bars, and the cross-entropy for the true class.

    Try: add the same amount to every logit (nothing changes: only differences matter); lower the
    temperature towards 0.1 (the largest logit takes everything) or raise it to 5 (towards uniform);
    make the true class's logit the smallest and watch the cross-entropy -log p grow.
    """
    n_classes = len(logits)
    if not 3 <= n_classes <= 5:
        raise ValueError(f"softmax_explorer shows 3 to 5 classes, got {n_classes} logits")
    figure, axes = _figure(width=6, height=3.5)
    classes = np.arange(n_classes)
    bars = axes.bar(classes, np.zeros(n_classes), color="tab:blue", animated=True)
    labels = [axes.text(k, 0, "", ha="center", va="bottom", animated=True) for k in classes]
    axes.set(xticks=classes, xticklabels=[f"class {k}" for k in classes], ylim=(0, 1.12),
             ylabel="probability", title="softmax(u / T), the true class in red")

    def update(temperature, true_class, **logit_values):
        U = np.array([logit_values[f"u{k}"] for k in classes])
        probabilities = softmax(U / temperature)
        loss = softmax_cross_entropy(U[None, :] / temperature, one_hot([true_class], n_classes))
        for k, (bar, label, p) in enumerate(zip(bars, labels, probabilities)):
            bar.set_height(p)
            bar.set_color("crimson" if k == true_class else "tab:blue")
            label.set(y=p + 0.01, text=f"{p:.3f}")
        return (f"softmax(u / T) = [{', '.join(f'{p:.3f}' for p in probabilities)}] (sum {probabilities.sum():.3f})"
                f" &nbsp;|&nbsp; cross-entropy for class {true_class}: −log p = <b>{loss:.4f}</b>")

    controls = {f"u{k}": _slider(f"logit u{k}", float(u), -5.0, 5.0, 0.1) for k, u in enumerate(logits)}
    controls["temperature"] = _slider("temperature T", temperature, 0.1, 5.0, 0.1)
    # buttons, not a drop-down: in JupyterLab the arrow keys a drop-down needs also move between cells
    controls["true_class"] = widgets.ToggleButtons(options=[(f"class {k}", k) for k in classes], value=true_class,
                                                   description="true class", style={"button_width": "auto"})
    description = (f"A bar chart of the {n_classes} probabilities softmax(u / T), one bar per class, each labelled "
                   "with its value; the true class's bar is red.")
    return Explorer(figure, controls, update, description)


# 5. A network, forwards and backwards -----------------------------------------------------------------

LESSON_5_NETWORK = [(np.array([[0.4, -0.3], [0.2, 0.6]]), np.array([0.1, -0.1])),
                    (np.array([[0.7], [-0.5]]), np.array([0.2]))]
"""Lesson 5's 2-2-1 network [(W1, b1), (W2, b2)]: W1[i, j] joins input i to hidden unit j, W2[j, 0] joins
hidden unit j to the output."""

_SUBSCRIPTS = "₁₂₃₄"
"""Subscripts to name up to 4 inputs or targets, x₁ to x₄."""


def network_explorer(layers=LESSON_5_NETWORK, activations=("sigmoid", "sigmoid"), x=(0.5, -1.0), y=(1.0,),
                     show_deltas=True):
    """A small dense network (at most 4 units a layer) with one sample's forward values, or its deltas, at every unit.

    Edges are blue for a positive weight and orange for a negative one, the thicker the larger |w| (the
    biases are not drawn: they are inside u). "forward values" shows each unit's weighted sum u and its
    value z = f(u) (ŷ at the output); "deltas" shows δ = ∂E/∂u from a backward pass (``nbtools.backprop``)
    of the squared error E = MSE(ŷ, y) of this one sample.

    For a lesson that only runs networks forwards (lesson 2): ``show_deltas=False`` leaves out the toggle and
    the output delta in the readout, and ``y=None`` (which needs it) leaves out the target sliders and the error.

    Try, on lesson 5's network, with the deltas shown: drag the target y down towards ŷ and watch every
    delta shrink towards 0 (at y = ŷ there is nothing to learn); past it every one changes sign. δ₁ always
    has the output delta's sign and δ₂ the opposite one: hidden unit 2 reaches the output through a
    negative weight. Then saturate hidden unit 2 (x₁ = -5, x₂ = 5 makes z₂ close to 1, see the forward
    values): its delta nearly vanishes, because its factor z(1 − z) does.
    """
    sizes = [len(layers[0][0])] + [len(b) for _, b in layers]
    if len(activations) != len(layers):
        raise ValueError(f"{len(layers)} layers need {len(layers)} activations, got {len(activations)}")
    if max(sizes) > 4:
        raise ValueError(f"network_explorer draws at most 4 units a layer, got layers of {sizes}")
    if y is None and show_deltas:
        raise ValueError("the deltas need a target y: pass y, or show_deltas=False")
    figure, axes = _figure(width=9, height=1.0 + 1.2 * max(sizes))
    positions = [[(3.0 * l, (n - 1) / 2 - j) for j in range(n)] for l, n in enumerate(sizes)]
    largest = max(np.abs(W).max() for W, _ in layers)
    for l, (W, _) in enumerate(layers):
        for (j, k), w in np.ndenumerate(W):
            (x0, y0), (x1, y1) = positions[l][j], positions[l + 1][k]
            axes.plot([x0, x1], [y0, y1], color="tab:blue" if w > 0 else "tab:orange", zorder=1,
                      linewidth=0.5 + 5 * abs(w) / largest, label=f"W{l + 1}[{j}, {k}]")
    for layer in positions:
        axes.plot(*zip(*layer), "o", markersize=30, color="whitesmoke", markeredgecolor="grey", zorder=2)
    input_texts = [axes.text(x - 0.35, y, "", ha="right", va="center", label=f"input {i + 1}", animated=True)
                   for i, (x, y) in enumerate(positions[0])]
    unit_texts = [[axes.text(x, y + 0.25, "", ha="center", va="bottom", fontsize=9, label=f"layer {l} unit {j + 1}",
                             bbox=dict(facecolor="white", edgecolor="none", pad=0.5), animated=True)
                   for j, (x, y) in enumerate(layer)] for l, layer in enumerate(positions[1:], start=1)]
    bottom = -max(sizes) / 2
    note = axes.text(-1.6, bottom + 0.05, "", fontsize=9, color="dimgrey", va="top")  # still: changes with the mode
    axes.set(xlim=(-1.6, 3 * len(layers) + 0.9), ylim=(bottom - 0.5, -bottom))
    axes.axis("off")
    axes.legend(handles=_edge_legend(largest), loc="lower center", ncol=4, fontsize=9, frameon=False)

    def update(show="forward values", **values):
        X = np.array([[values[f"x{i + 1}"] for i in range(sizes[0])]])
        Z, U = forward_with_cache(X, layers, activations)
        if y is not None:
            Y = np.array([[values[f"y{k + 1}"] for k in range(sizes[-1])]])
        if show_deltas:  # for one sample, a bias's gradient is the delta itself
            deltas = [delta for _, delta in backward(mse_gradient(Z[-1], Y), U, Z, layers, activations)]
        for i, text in enumerate(input_texts):
            text.set_text(f"x{_SUBSCRIPTS[i]} = {X[0, i]:.2f}")
        for l, texts in enumerate(unit_texts):
            name = "ŷ" if l == len(layers) - 1 else "z"
            for j, text in enumerate(texts):
                if show == "deltas":
                    text.set(text=f"δ = {deltas[l][j]:.4f}", color="crimson")
                else:
                    saturated = _saturated(activations[l], Z[l + 1][0, j])
                    text.set(text=f"u = {U[l][0, j]:.4f}, {name} = {Z[l + 1][0, j]:.4f}{' saturated' if saturated else ''}",
                             color="darkviolet" if saturated else "black")
        note.set_text(_network_note(show, y is not None))
        readout = f"ŷ = {', '.join(f'{v:.4f}' for v in Z[-1][0])}"
        if y is not None:
            readout += (f", target y = {', '.join(f'{v:.2f}' for v in Y[0])}"
                        f" &nbsp;|&nbsp; squared error E = <b>{mse(Z[-1], Y):.4f}</b>")
        if show_deltas:
            readout += f" &nbsp;|&nbsp; output delta δ = ∂E/∂u = <b>{', '.join(f'{v:.4f}' for v in deltas[-1])}</b>"
        return readout

    controls = {f"x{i + 1}": _slider(f"input x{_SUBSCRIPTS[i]}", value, -5.0, 5.0, 0.1) for i, value in enumerate(x)}
    controls |= {f"y{k + 1}": _slider(f"target y{_SUBSCRIPTS[k] if len(y) > 1 else ''}", value, -1.0, 2.0, 0.05)
                 for k, value in enumerate(y or ())}
    if show_deltas:
        controls["show"] = widgets.ToggleButtons(options=["forward values", "deltas"], description="show")
    description = (f"A drawing of a {'-'.join(map(str, sizes))} network: units as circles in columns, inputs on the "
                   "left, joined by edges coloured by the sign of their weight (blue positive, orange negative) and "
                   "as thick as its size; each unit is labelled with its numbers.")
    return Explorer(figure, controls, update, description)


SATURATION = 0.1
"""A sigmoid or tanh unit is *saturated* when its slope f'(u) is below this fraction of the largest slope the
function has (0.25 for the sigmoid, 1 for tanh): its output barely moves, and little gradient passes."""


def _saturated(activation, z):
    """True when a sigmoid or tanh unit with output ``z`` is saturated (never for ReLU or the identity)."""
    largest = {"sigmoid": 0.25, "tanh": 1.0}.get(activation)
    return largest is not None and SLOPES_FROM_OUTPUT[activation](z) < SATURATION * largest


def _edge_legend(largest):
    """Legend entries saying what an edge's colour and width mean."""
    return [Line2D([], [], color="tab:blue", linewidth=3, label="weight > 0"),
            Line2D([], [], color="tab:orange", linewidth=3, label="weight < 0"),
            Line2D([], [], color="grey", linewidth=0.5, label="thin: |w| near 0"),
            Line2D([], [], color="grey", linewidth=5.5, label=f"thickest: |w| = {largest:g}")]


def _network_note(show, has_target):
    """A line under the network saying what the shown numbers depend on."""
    if show == "deltas":
        return "δ = ∂E/∂u from a backward pass: it depends on the inputs and on the target y."
    note = "Forward values: u and z depend only on the inputs"
    return note + (", not on the target y (moving y changes only E, in the readout, and the deltas)." if has_target
                   else "; a unit is saturated when its slope f′(u) is under a tenth of its largest.")
