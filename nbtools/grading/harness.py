"""What runs inside the grading kernel: one instructor grading cell, judged with freshly imported checks.

Every grading cell that ``nbtools grade`` appends to a submission looks like this (see ``assemble.py``)::

    import sys
    for _module in [name for name in sys.modules if name.split(".")[0] == "nbtools"]:
        del sys.modules[_module]
    from nbtools.grading.harness import run_grading_cell
    run_grading_cell(globals(), "<nonce>", "difference_quotient", "check", "check.difference_quotient(...)")

Dropping every ``nbtools`` module first means the checks are imported again from disk, so whatever
the learner's cells did to them at runtime (``check = AlwaysPasses()``, ``engine.compare = lambda *a:
None``) is gone. The instructor's cell source runs in a copy of the learner's namespace with the fresh
``check`` in it; its last expression must be a ``CheckResult``. The verdict is published as one display
output of type ``VERDICT_MIME`` carrying the nonce of this grading run: the grader reads nothing else.

This module is imported inside the learner's kernel, so it imports only what it needs.
"""

import ast
import functools
import inspect
from pathlib import Path

VERDICT_MIME = "application/vnd.nbtools.verdict+json"
VISIBLE_FIELDS = ("problem", "case", "expected", "received", "hint")
MAX_FIELD_CHARACTERS = 2000  # a learner's answer may describe itself at any length


def run_grading_cell(namespace, nonce, question, role, source):
    """Run one instructor grading cell on the learner's ``namespace`` and publish its verdict."""
    from IPython.display import display

    verdict = {"nonce": nonce, "question": question, "role": role, "name": question,
               **judge(namespace, question, source)}
    if role == "hidden":  # a hidden test's inputs and expected values stay with the instructor
        verdict = {key: verdict.get(key, "") for key in
                   ("nonce", "question", "role", "name", "status", "hint", "refused")}
    display({VERDICT_MIME: verdict, "text/plain": f"{question} ({role}): {verdict['status']}"}, raw=True)


def judge(namespace, question, source):
    """The verdict of the instructor's ``source`` as a plain dict: status, passed, total and the messages."""
    from nbtools import check
    from nbtools.checks.engine import CheckResult

    try:
        borrowed = reference_answers(namespace, source)
        if borrowed:
            return failed(f"Your answer `{borrowed[0]}` is nbtools' own reference function, not code you "
                          "wrote; it earns no points.", refused=True)
        result = run_source(source, {**namespace, "check": check})
    except NameError as error:
        return failed(f"{error}: the cell that defines it is missing, or raised an error when it ran.")
    except KeyboardInterrupt:
        return failed("The check was stopped: it was still running at the time limit for a cell.")
    except BaseException as error:  # noqa: BLE001  (the learner's code may raise anything, even SystemExit)
        return failed(f"The check could not run: {type(error).__name__}: {error}")
    if not isinstance(result, CheckResult):
        return failed(f"The grading cell for `{question}` did not produce a check result (a bug in the "
                      "exercise source: please tell your instructor).")
    # A hidden cell calls check_function directly, and its result has no name: it checks its question.
    return {"name": result.name or question, "status": result.status, "passed": result.passed,
            "total": result.total,
            **{field: str(getattr(result, field))[:MAX_FIELD_CHARACTERS] for field in VISIBLE_FIELDS}}


def failed(problem, refused=False):
    """A failing verdict with one problem sentence."""
    return {"status": "failed", "passed": 0, "total": 1, "problem": problem, "case": "", "expected": "",
            "received": "", "hint": "", "refused": refused}


def run_source(source, scope):
    """Execute ``source`` in ``scope`` and return the value of its last expression (None if it has none)."""
    body = ast.parse(source).body
    last = body.pop() if body and isinstance(body[-1], ast.Expr) else None
    exec(compile(ast.Module(body, type_ignores=[]), "<grading cell>", "exec"), scope)  # noqa: S102
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), "<grading cell>", "eval"), scope)  # noqa: S307


def reference_answers(namespace, source):
    """Names the grading cell takes from the learner whose value is a function defined inside nbtools.

    A learner who answers with ``from nbtools.derivatives import difference_quotient`` submitted the
    reference solution, not their own work.
    """
    package = Path(__file__).resolve().parents[1]
    borrowed = []
    for name in sorted(learner_names(source) & set(namespace)):
        code = getattr(_unwrap(namespace[name]), "__code__", None)
        if code is not None and Path(code.co_filename).resolve().is_relative_to(package):
            borrowed.append(name)
    return borrowed


def learner_names(source):
    """The names ``source`` reads but does not bind itself: those come from the learner's namespace."""
    read, bound = set(), {"check"}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return read - bound


def _unwrap(value):
    """The plain function behind a bound method, a ``functools.partial`` or a decorated function."""
    while inspect.ismethod(value) or isinstance(value, functools.partial):
        value = value.__func__ if inspect.ismethod(value) else value.func
    if not inspect.isfunction(value):
        return value
    try:
        return inspect.unwrap(value)
    except ValueError:  # a cycle of __wrapped__
        return value
