"""The grader's side of a grading cell: the check runs here, against answers that stay in the sandbox.

A check or hidden-test cell from the instructor's source runs in the grader's own process, with the real
``nbtools`` and the instructor's cases, references and expected values, none of which enter the sandbox.
The learner's answers stay in the sandboxed kernel; the cell reads them through ``Kernel``:

* an answer that is a value (a number, an array, a SymPy expression) is fetched as data (``data.py``);
* an answer that is a function becomes a ``RemoteFunction``: ``call_safely`` sends each call's inputs to the
  kernel, which runs the learner's code there (``runner.py``) and sends back the output as data.

So the comparison, the hints and the points are computed here, by code the learner cannot touch, from data
the learner's code produced. Forged data earns only what a correct answer's data would, which takes a
correct answer. Only the names the source's answer cells define are taken from the learner, so a learner's
``abs = ...`` cannot stand in for the ``abs`` a hidden test passes as an input.

Functions among a case's inputs (``f = np.sin``) are sent by name when the sandbox has them too (NumPy, math,
nbtools building blocks that are not withheld); any other (a check's own helper, a withheld building block,
a hidden test's lambda) stays here and is computed on request while the call lasts (``Callback``).

An nbgrader autograder test cell (``judge_test``) runs here the same way: its asserts call the learner's
functions in the kernel and compare here. A learner's function that raises raises here too, as the same kind of
exception (so ``except ValueError`` in a test catches it); a test that deletes an answer (``del squares``, to
see that ``sum_of_squares`` uses it) deletes it in the kernel until the test puts it back or ends. The test
passes when it runs to its end. A failure is shown with the test's line that failed, unless that line is in a
hidden-test region: then only that a hidden test failed.
"""

import ast
import builtins
import importlib
import json
import time
import traceback

import zmq

from ..checks.engine import (NOT_ATTEMPTED, TEMPLATE_FUNCTION_HINT, AnswerProblem, CheckResult, KernelLost,
                             RemoteFunction, _TimeUp, settings, time_limit)
from .data import Unreadable, decode, encode
from .runner import RESULT_MIME

GRACE_SECONDS = 5.0  # beyond a call's own time limit, before the grader stops waiting for the kernel
SENDABLE_MODULES = ("numpy", "math", "builtins", "nbtools")  # the sandbox imports these too
RUNNER = '__import__("nbtools.grading.runner").grading.runner'


class Kernel:
    """The sandboxed kernel as a grading cell sees it, through a blocking Jupyter client.

    ``alive()`` says whether the kernel's process still runs; ``deadline`` (``time.monotonic()``) is when the
    grader stops waiting: a request not answered by then raises ``KernelLost``. ``withheld`` are the building
    blocks the sandbox does not have.
    """

    def __init__(self, client, alive, withheld=()):
        self.client, self.alive, self.withheld = client, alive, list(withheld)
        self.deadline = float("inf")
        self.used_withheld = False  # an answer called a withheld building block
        self.poller = zmq.Poller()
        for channel in (client.iopub_channel, client.stdin_channel):
            self.poller.register(channel.socket, zmq.POLLIN)

    def fetch(self, name):
        """The learner's value ``name``: data, or a ``RemoteFunction``. ``NameError`` if the notebook has none."""
        reply = self.request(f"{RUNNER}.fetch(globals(), {name!r}, {settings.time_limit_seconds!r})",
                             settings.time_limit_seconds)
        if reply.get("undefined"):
            raise NameError(f"name {name!r} is not defined")
        if "problem" in reply:
            raise AnswerProblem(str(reply["problem"]))
        return self.read(reply.get("value"))

    def call(self, handle, args, parameter_names):
        """The kernel's reply to calling handle ``handle`` on ``args``: ``{"value": ...}`` or the problem."""
        callbacks = []
        arguments = encode(list(args), lambda function: self.send_function(function, callbacks))
        seconds = settings.time_limit_seconds
        return self.request(f"{RUNNER}.call({handle!r}, {arguments!r}, {list(parameter_names or [])!r}, "
                            f"{seconds!r})", seconds, callbacks)

    def send_function(self, function, callbacks):
        """How a function among the inputs travels: by handle, by name, or as a callback to ``callbacks``."""
        if isinstance(function, KernelFunction):
            return {"handle": function.handle}
        path = importable(function)
        if path and not any(function is block for block in self.withheld):
            return {"import": path}
        callbacks.append(function)
        return {"callback": len(callbacks) - 1, "name": str(getattr(function, "__name__", "f"))}

    def hide(self, name):
        """Take the learner's answer ``name`` out of the kernel's namespace (``runner.hide``)."""
        self.request(f"{RUNNER}.hide(globals(), {name!r})", settings.time_limit_seconds)

    def restore(self, name):
        """Put back an answer ``hide`` took out."""
        self.request(f"{RUNNER}.restore(globals(), {name!r})", settings.time_limit_seconds)

    def read(self, text):
        """Decode the kernel's data, within the time limit; functions in it become ``KernelFunction``s."""
        with time_limit(settings.time_limit_seconds):
            return self.decode(text)

    def decode(self, text):
        return decode(str(text), lambda form: KernelFunction(self, form.get("function"),
                                                            str(form.get("name", "function"))))

    def request(self, code, seconds, callbacks=()):
        """Run ``code`` in the kernel and return the one result it sends, answering callbacks meanwhile."""
        message_id = self.client.execute(code, silent=False, store_history=False, allow_stdin=True)
        stop = min(time.monotonic() + seconds + GRACE_SECONDS, self.deadline)
        results = []
        while True:
            if not self.alive():
                raise KernelLost("the kernel crashed")
            left = stop - time.monotonic()
            if left <= 0:
                raise KernelLost("the kernel did not answer in time", stuck=True)
            ready = dict(self.poller.poll(min(left, 0.2) * 1000))
            if self.client.stdin_channel.socket in ready:
                self.answer_input(self.client.stdin_channel.get_msg(timeout=0), message_id, callbacks)
            if self.client.iopub_channel.socket not in ready:
                continue
            message = self.client.iopub_channel.get_msg(timeout=0)
            if message["parent_header"].get("msg_id") != message_id:
                continue
            content = message["content"]
            if message["msg_type"] == "display_data" and RESULT_MIME in content.get("data", {}):
                results.append(content["data"][RESULT_MIME])
            elif message["msg_type"] == "status" and content.get("execution_state") == "idle":
                break
        self.drain_shell()
        if len(results) != 1 or not isinstance(results[0], dict):
            return {"problem": f"The grader could not read your answer: the kernel sent {len(results)} results "
                               "instead of one."}
        return results[0]

    def answer_input(self, message, message_id, callbacks):
        """Compute a callback the kernel asked for (``runner.Callback``) and send its value back."""
        if message["msg_type"] != "input_request" or message["parent_header"].get("msg_id") != message_id:
            return
        number, _, arguments = str(message["content"].get("prompt", "")).partition(" ")
        try:
            function = callbacks[int(number)]
            with time_limit(settings.time_limit_seconds):  # the learner chose the inputs
                value = function(*self.decode(arguments))
                reply = "V" + encode(value, lambda f: self.send_function(f, callbacks))
        except (Exception, _TimeUp) as error:  # noqa: BLE001  (the learner chose the inputs)
            reply = "E" + json.dumps([type(error).__name__, str(error)[:300]])
        self.client.input(reply)

    def drain_shell(self):
        """Drop the shell replies of finished requests, so they do not pile up."""
        while self.client.shell_channel.msg_ready():
            self.client.shell_channel.get_msg(timeout=0)


class KernelFunction(RemoteFunction):
    """A learner's function in the kernel, called by handle: what a check receives instead of the function."""

    def __init__(self, kernel, handle, name):
        self.kernel, self.handle, self.__name__ = kernel, handle, name

    def call_safely(self, args, parameter_names):
        reply = self.kernel.call(self.handle, args, parameter_names)
        if reply.get("withheld"):
            self.kernel.used_withheld = True
        if "problem" in reply:
            raise learner_error(str(reply["problem"]), str(reply.get("raised", "")),
                                not_attempted=bool(reply.get("not_attempted")), fatal=bool(reply.get("fatal")))
        try:
            return self.kernel.read(reply.get("value"))
        except (Unreadable, _TimeUp) as error:
            raise AnswerProblem(f"Your function's value could not be read by the grader: {error}.") from None

    def __call__(self, *args):
        return self.call_safely(args, None)


def learner_error(problem, raised, **flags):
    """The ``AnswerProblem`` for a call whose learner code raised ``raised`` (an exception's class name): when that
    is a builtin exception, also an instance of it, so that a test's ``except ValueError`` catches it here as it
    would in the notebook."""
    kind = getattr(builtins, raised, None) if raised.isidentifier() else None
    if isinstance(kind, type) and issubclass(kind, Exception) and not issubclass(kind, AnswerProblem):
        try:
            # its message as an AnswerProblem's: KeyError's own __str__ would quote it
            return type(raised, (AnswerProblem, kind), {"__str__": BaseException.__str__})(problem, **flags)
        except TypeError:  # a builtin whose layout cannot be combined (OSError, UnicodeError...)
            pass
    return AnswerProblem(problem, **flags)

    def __repr__(self):
        return f"<function {self.__name__}>"


def importable(function):
    """``"module:qualified.name"`` when the sandbox can import ``function`` itself, else None."""
    module, name = getattr(function, "__module__", None), getattr(function, "__qualname__", None)
    if not (isinstance(module, str) and isinstance(name, str)) or "<" in name:
        return None
    if module.split(".")[0] not in SENDABLE_MODULES or module.startswith("nbtools.checks"):
        return None
    try:
        found = importlib.import_module(module)
        for part in name.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError):
        return None
    return f"{module}:{name}" if found is function else None


def judge_cell(cell, answer_names, kernel, setup=""):
    """The verdict of one instructor grading cell against the learner's answers in ``kernel``, as a dict
    (``setup``: imports an autograder test runs first)."""
    from ..checks import check

    if cell.role == "test":
        return judge_test(cell, answer_names, kernel, setup)
    kernel.used_withheld = False
    try:
        scope = {}
        for name in sorted(learner_names(cell.source) & set(answer_names)):
            try:
                scope[name] = kernel.fetch(name)
            except NameError:
                continue  # the source reads it: a NameError below says which answer is missing
        result = run_source(cell.source, {**scope, "check": check})
    except NameError as error:
        return failed(cell.question, f"{error}: the cell that defines it is missing, or raised an error when it "
                                     "ran.")
    except AnswerProblem as problem:
        return failed(cell.question, str(problem))
    except Exception as error:  # noqa: BLE001  (a hidden test written wrongly must not stop the batch)
        return failed(cell.question, f"The check could not run: {type(error).__name__}: {error}")
    if not isinstance(result, CheckResult):
        return failed(cell.question, f"The grading cell for `{cell.question}` did not produce a check result "
                                     "(a bug in the exercise source: please tell your instructor).")
    return {"name": result.name or cell.question, "status": result.status, "passed": result.passed,
            "total": result.total, "withheld": kernel.used_withheld,
            **{field: getattr(result, field) for field in VERDICT_FIELDS}}


VERDICT_FIELDS = ("problem", "case", "expected", "received", "hint", "misconception")


def judge_test(cell, answer_names, kernel, setup=""):
    """The verdict of an nbgrader autograder test cell: passed when it runs to its end (see the module's
    docstring)."""
    kernel.used_withheld = False
    scope = TestScope(kernel, set(answer_names))
    try:
        for name in sorted(learner_names(cell.source) & set(answer_names)):
            try:
                dict.__setitem__(scope, name, kernel.fetch(name))
            except NameError:
                continue
        namespace = {"__builtins__": builtins}
        exec(compile(setup, "<setup>", "exec"), namespace)  # noqa: S102  (the instructor's imports)
        exec(compile(cell.source, "<grading cell>", "exec"), namespace, scope)  # noqa: S102
    except AnswerProblem as problem:
        if problem.not_attempted:
            return {**failed(cell.question, ""), "status": NOT_ATTEMPTED, "hint": TEMPLATE_FUNCTION_HINT,
                    "withheld": kernel.used_withheld}
        return test_failure(cell, problem, kernel)
    except Exception as error:  # noqa: BLE001  (a failing test raises anything: that is its verdict)
        return test_failure(cell, error, kernel)
    finally:
        scope.restore_all()
    return {**failed(cell.question, ""), "status": "passed", "passed": 1, "withheld": kernel.used_withheld}


def test_failure(cell, error, kernel):
    """A failing test's verdict: the line of the test that failed and what it raised, or, for a line in a
    hidden-test region, only that a hidden test failed."""
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if frame.filename == "<grading cell>"]
    source = cell.source.split("\n")
    line = source[lines[-1] - 1].strip() if lines and 0 < lines[-1] <= len(source) else ""
    verdict = {**failed(cell.question, ""), "withheld": kernel.used_withheld}
    if not lines or in_hidden_region(source, lines[-1]):
        return {**verdict, "problem": "One of the hidden tests failed."}
    return {**verdict, "case": line, "problem": f"{type(error).__name__}: {error}" if str(error)
            else f"{type(error).__name__} (the test's condition is false)"}


def in_hidden_region(lines, number):
    """True when line ``number`` (1-based) of ``lines`` lies in a hidden-test region."""
    inside = False
    for current, line in enumerate(lines[:number], start=1):
        if "BEGIN HIDDEN TESTS" in line:
            inside = True
        elif "END HIDDEN TESTS" in line:
            inside = current == number
    return inside


class TestScope(dict):
    """The names an autograder test sees (its locals): the learner's answers, fetched from the kernel, and its own.
    Deleting an answer that is a function in the kernel hides it there; binding it back (or the test's end,
    ``restore_all``) puts it back."""

    def __init__(self, kernel, answer_names):
        super().__init__()
        self.kernel, self.answer_names, self.hidden = kernel, answer_names, {}

    def __delitem__(self, name):
        value = self[name]
        super().__delitem__(name)
        if name in self.answer_names and isinstance(value, KernelFunction) and name not in self.hidden:
            self.kernel.hide(name)
            self.hidden[name] = value

    def __setitem__(self, name, value):
        super().__setitem__(name, value)
        if name in self.hidden and self.hidden[name] is value:
            self.kernel.restore(name)
            del self.hidden[name]

    def restore_all(self):
        for name in list(self.hidden):
            self.kernel.restore(name)
            del self.hidden[name]


def failed(name, problem):
    """A failing verdict of question ``name`` with one problem sentence."""
    return {"name": name, "status": "failed", "passed": 0, "total": 1, "withheld": False,
            **{field: "" for field in VERDICT_FIELDS}, "problem": problem}


def run_source(source, scope):
    """Execute ``source`` in ``scope`` and return the value of its last expression (None if it has none)."""
    body = ast.parse(source).body
    last = body.pop() if body and isinstance(body[-1], ast.Expr) else None
    exec(compile(ast.Module(body, type_ignores=[]), "<grading cell>", "exec"), scope)  # noqa: S102
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), "<grading cell>", "eval"), scope)  # noqa: S307


def learner_names(source):
    """The names ``source`` uses (reads, or rebinds and deletes, as a test that hides an answer does) but does not
    import or define itself: those it may take from the learner."""
    read, bound = set(), {"check"}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name):
            read.add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return read - bound
