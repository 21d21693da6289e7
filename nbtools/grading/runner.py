"""What runs inside the grading kernel: the learner's answers, called on the grader's inputs, sent back as data.

After the learner's own cells have run, the grader (``judge.py``) asks the kernel for what each grading cell
needs, one line of code per request::

    __import__("nbtools.grading.runner").grading.runner.fetch(globals(), "difference_quotient", 3.0)
    __import__("nbtools.grading.runner").grading.runner.call(0, '[<the inputs as data>]', ["f", "x", "h"], 3.0)

``fetch`` sends an answer as data (``data.py``), or, for a function, a handle: the number by which the
grader may call it. ``call`` runs the function behind a handle through ``call_safely``, exactly as a check in
the learner's own notebook does (time limit, exceptions named with the learner's line, inputs changed in
place), and sends back its value, or the problem (and the name of the exception the learner's code raised,
which an nbgrader test may expect). ``hide`` and ``restore`` take an answer out of the learner's namespace and
put it back, for an nbgrader test that deletes one answer to see that another uses it. A function among the inputs (``f = np.sin`` for a
difference quotient) arrives by name when the sandbox has it too; otherwise as a ``Callback``, which asks the
grader to compute it, through the kernel's input channel, while the call lasts.

Nothing here decides whether an answer is right: that happens in the grader, which never runs the learner's
code. Whatever this module sends, the learner's code could forge; forged data earns what that data earns.
"""

import builtins
import importlib
import json

from ..learner_code import AnswerProblem, _TimeUp, call_safely, settings, time_limit
from .data import decode, encode

RESULT_MIME = "application/vnd.nbtools.result+json"
MAX_ANSWER_BYTES = 8 * 1024 * 1024  # an answer as data, as the message carries it; larger ones are refused here
_handles = []  # the learner's functions handed to the grader, by number
_hidden = {}  # answers taken out of the learner's namespace by ``hide``, by name


class NotAvailableWhileGrading(RuntimeError):
    """Raised by a building block withheld from the sandbox while the exercise it answers is graded
    (``withheld.stubbed``)."""


def fetch(namespace, name, seconds):
    """Send the learner's value called ``name`` (``{"undefined": true}`` when the notebook never defined it)."""
    if name not in namespace:
        _send({"undefined": True})
    else:
        _send_value(namespace[name], seconds)


def call(handle, arguments, parameter_names, seconds):
    """Call handle ``handle`` on the inputs ``arguments`` (data) within ``seconds``; send its value or problem."""
    settings.time_limit_seconds = seconds
    try:
        value = call_safely(_handles[handle], tuple(decode(arguments, _function_from_grader)), parameter_names)
    except AnswerProblem as problem:
        _send({"problem": str(problem), "not_attempted": problem.not_attempted, "fatal": problem.fatal,
               "withheld": isinstance(problem.__context__, NotAvailableWhileGrading),
               "raised": type(problem.__context__).__name__ if problem.__context__ else ""})
    else:
        _send_value(value, seconds)


def hide(namespace, name):
    """Take the answer ``name`` out of ``namespace`` until ``restore``."""
    if name in namespace:
        _hidden[name] = namespace.pop(name)
    _send({"value": "null"})


def restore(namespace, name):
    """Put back the answer ``hide`` took out."""
    if name in _hidden:
        namespace[name] = _hidden.pop(name)
    _send({"value": "null"})


def _send_value(value, seconds):
    """Send ``value`` as data, or the problem that kept it from being sent."""
    try:
        with time_limit(seconds):
            text = encode(value, _function_to_grader)
    except _TimeUp:
        problem = f"turning it into data took more than {seconds:g} seconds"
    except (Exception, RecursionError) as error:  # noqa: BLE001  (the value's own methods may raise anything)
        problem = str(error) or type(error).__name__
    else:
        return _send({"value": text})
    _send({"problem": str(AnswerProblem(f"Your answer could not be handed to the grader: {problem}."))})


def _send(payload):
    """Display ``payload`` for the grader; one over ``MAX_ANSWER_BYTES`` (JSON, as the message carries it) is
    replaced by the problem, since the grader's sockets would cut off a message that large."""
    from IPython.display import display

    size = len(json.dumps(payload))
    if size > MAX_ANSWER_BYTES:
        payload = {"problem": f"Your answer could not be handed to the grader: as data it is {size / 2**20:.1f} MB, "
                              f"and the grader takes answers of at most {MAX_ANSWER_BYTES / 2**20:.0f} MB."}
    display({RESULT_MIME: payload, "text/plain": "(an answer, sent to the grader)"}, raw=True)


def _function_to_grader(function):
    """A learner's function in an answer: the grader gets a handle to call it by."""
    _handles.append(function)
    return {"function": len(_handles) - 1, "name": str(getattr(function, "__name__", type(function).__name__))}


def _function_from_grader(form):
    """A function among the grader's inputs: imported by name, a learner's own (by handle), or a ``Callback``."""
    if "import" in form:
        module, _, name = form["import"].partition(":")
        value = importlib.import_module(module)
        for part in name.split("."):
            value = getattr(value, part)
        return value
    if "handle" in form:
        return _handles[form["handle"]]
    return Callback(form["callback"], form.get("name", "f"))


class Callback:
    """A function the grader passed in and computes itself (a check's own helper, say): calling it sends the
    inputs to the grader and waits for the value, as ``input()`` waits for a person."""

    def __init__(self, number, name):
        self.number, self.__name__ = number, name

    def __repr__(self):
        return f"<function {self.__name__}>"

    def __call__(self, *args):
        reply = builtins.input(f"{self.number} {encode(list(args), _no_function)}")
        kind, text = reply[:1], reply[1:]
        if kind == "V":
            return decode(text, _function_from_grader)
        name, message = json.loads(text)
        error = getattr(builtins, name, None)
        if not (isinstance(error, type) and issubclass(error, Exception)):
            error = RuntimeError
        raise error(message)


def _no_function(function):
    raise TypeError("a function cannot be passed to a function the grader computes")
