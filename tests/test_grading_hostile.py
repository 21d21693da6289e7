"""Hostile submissions of exercise 1 that attack the grader, their own verdict or other students, graded in ONE
batch (the real sandbox, two workers) between honest ones that come before and after them.

Each attacker starts from the partly wrong answers of test_grading (5 points short of full marks). Asserted:
no attacker earns more on any question than those answers do; every honest row and feedback page is exactly
what it is when graded alone; the installed package and site-packages are unchanged; nothing the attackers
started outlives the grading. The attacks are those of the security audit of issue 16 (patching the numerics,
the import system, IPython or the grading code in the kernel; forging results; reading the checker's frames;
wrapping, copying or re-executing nbtools' own answer) and a few more.
"""

import csv
import time

import nbformat
import pytest
from test_grading import MAXIMUM, PARTLY, PARTLY_POINTS, PARTLY_TOTAL, SOURCE, points, submission
from test_grading_sandbox import package_checksum

from nbtools.cli import main

APPEND_TO_HARNESS = """\
import nbtools.grading.runner as runner, nbtools.checks.engine as engine
for module in (runner, engine):
    try:
        with open(module.__file__, "a") as file:  # would change how every later submission is graded
            file.write("\\ndef compare(*args):\\n    return None\\n")
    except OSError as error:
        print(error)"""
WRITE_PTH = """\
import site, sys
for folder in site.getsitepackages() + [p for p in sys.path if p.endswith("site-packages")]:
    try:  # would run in the grader and in every later kernel
        open(folder + "/zz_evil.pth", "w").write("import os; os.environ['EVIL'] = '1'\\n")
    except OSError as error:
        print(error)"""
DAEMON = """\
import subprocess, sys
daemon = '''
import glob, time
for _ in range(40):
    for path in glob.glob("/tmp/**/grades.csv", recursive=True) + glob.glob("/tmp/**/*.html", recursive=True):
        try:
            open(path, "w").write("pwned")
        except OSError:
            pass
    time.sleep(0.5)
'''
subprocess.Popen(["setsid", sys.executable, "-c", daemon], start_new_session=True)"""
READ_SOURCE_BY_ABSOLUTE_PATH = """\
import json, nbtools
from pathlib import Path
source = Path(nbtools.__file__).resolve().parents[1] / "instructor" / "01_derivatives.ipynb"
try:
    for cell in json.loads(source.read_text())["cells"]:  # the instructor's solutions
        if cell["cell_type"] == "code":
            exec("".join(cell["source"]))
except OSError as error:
    print(error)"""
FORK_BOMB = """\
import os
children = 0
try:
    while children < 1_000:  # the sandbox allows 256 processes
        if os.fork() == 0:
            import time
            time.sleep(30)
            os._exit(0)
        children += 1
except OSError as error:
    print(children, error)"""
RESULT = "application/vnd.nbtools.result+json"
FORGE = f"""\
def forged(*args, **kwargs):  # a result for every request: a number, or a function handle
    from IPython.display import display
    display({{{RESULT!r}: {{"value": "3.0"}}, "application/vnd.nbtools.verdict+json": {{"status": "passed"}}}},
            raw=True)
"""
PATCH_NUMERICS = """\
import numpy as np, sympy
np.isclose = lambda *args, **kwargs: np.ones(np.shape(args[0]), dtype=bool)
np.allclose = np.array_equal = lambda *args, **kwargs: True
sympy.simplify = lambda expression, *args, **kwargs: sympy.Integer(0)"""
FAKE_IMPORT = FORGE + """\
import builtins, types
real_import = builtins.__import__
fake = types.ModuleType("nbtools")
fake.grading = types.SimpleNamespace(runner=types.SimpleNamespace(fetch=forged, call=forged))
def fake_import(name, *args, **kwargs):
    return fake if name.startswith("nbtools") else real_import(name, *args, **kwargs)
builtins.__import__ = fake_import
get_ipython().user_ns["__builtins__"] = builtins"""
FAKE_PACKAGE = f"""\
import os, sys
os.makedirs("nbtools/grading", exist_ok=True)
open("nbtools/__init__.py", "w").write("")
open("nbtools/grading/__init__.py", "w").write("")
open("nbtools/grading/runner.py", "w").write({FORGE + "fetch = call = forged"!r})
sys.path.insert(0, os.getcwd())
for name in [name for name in sys.modules if name.startswith("nbtools")]:
    del sys.modules[name]"""
HOOKS_AND_PUBLISH = f"""\
seen = []
ip = get_ipython()
ip.events.register("pre_run_cell", lambda info: seen.append(info.raw_cell))  # the grader's requests
original_publish = ip.display_pub.publish
def publish(data, *args, **kwargs):
    if {RESULT!r} in data:
        data = {{{RESULT!r}: {{"value": "3.0"}}}}
    return original_publish(data, *args, **kwargs)
ip.display_pub.publish = publish"""
PATCH_DISPLAY = FORGE + """\
import IPython.display
IPython.display.display = lambda *args, **kwargs: forged()"""
AST_TRANSFORMER = f"""\
import ast
class Forge(ast.NodeTransformer):
    def visit_Module(self, node):
        if "nbtools" in ast.unparse(node):
            return ast.parse({FORGE + "forged()"!r})
        return node
get_ipython().ast_transformers.append(Forge())"""
INPUT_TRANSFORMER = f"""\
def forge(lines):
    return {(FORGE + "forged()").splitlines(keepends=True)!r} if "nbtools" in "".join(lines) else lines
get_ipython().input_transformers_post.append(forge)"""
META_PATH = FORGE + """\
import importlib.abc, sys
class Patcher(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        module = sys.modules.get("nbtools.grading.runner")
        if module is not None:
            module.fetch = module.call = forged
        return None
sys.meta_path.insert(0, Patcher())
import nbtools.grading.runner"""
THREAD = FORGE + """\
import sys, threading, time
def repatch():
    while True:
        module = sys.modules.get("nbtools.grading.runner")
        if module is not None:
            module.fetch = module.call = forged
        time.sleep(0.001)
threading.Thread(target=repatch, daemon=True).start()"""
STACK_FRAMES = """\
import inspect
def difference_quotient(f, x, h):  # looks for the expected value in the checker's frames
    frame = inspect.currentframe().f_back
    while frame is not None:
        for name in ("expected", "reference", "wrong"):
            if name in frame.f_locals:
                value = frame.f_locals[name]
                return value(f, x, h) if callable(value) else value
        frame = frame.f_back
    return 0.0
class AlwaysEqual(float):
    def __eq__(self, other):
        return True
    __hash__ = float.__hash__
eta_limit = AlwaysEqual(0.25)"""
WRAPPERS = """\
import functools, inspect, types
from nbtools import derivatives, optimisers
def difference_quotient(f, x, h):
    return derivatives.difference_quotient(f, x, h)
gradient_ascent = functools.lru_cache(maxsize=None)(derivatives.gradient_ascent)"""
COPIES = """\
import inspect, types
from nbtools import derivatives, optimisers
difference_quotient = types.FunctionType(derivatives.difference_quotient.__code__,
                                         derivatives.difference_quotient.__globals__, "mine")
namespace = {}
exec(inspect.getsource(derivatives.gradient_ascent), {**derivatives.__dict__}, namespace)
gradient_ascent = namespace["gradient_ascent"]"""
DESCENT_PATH = """\
from nbtools import optimisers
def gradient_ascent(slope, x0, learning_rate, steps):  # descent with a negative rate climbs
    return optimisers.descent_path(optimisers.SGD(-learning_rate), slope, x0, steps)"""
CHECKS_MODULE = """\
import nbtools.checks.derivatives as checks
from nbtools import check
eta_limit = getattr(checks, "EXPECTED", 0.25)
print(check.largest_stable_learning_rate(0.5))"""
HUGE_ANSWER = """\
import numpy as np
def difference_quotient(f, x, h):  # an answer far larger than any the grader reads
    return np.zeros(40_000_000)"""
ATTACKS = {"append_to_harness": APPEND_TO_HARNESS, "write_pth": WRITE_PTH, "daemon": DAEMON,
           "read_source_by_absolute_path": READ_SOURCE_BY_ABSOLUTE_PATH, "fork_bomb": FORK_BOMB,
           "patch_numerics": PATCH_NUMERICS, "fake_import": FAKE_IMPORT, "fake_package": FAKE_PACKAGE,
           "hooks_and_publish": HOOKS_AND_PUBLISH, "patch_display": PATCH_DISPLAY, "ast_transformer": AST_TRANSFORMER,
           "input_transformer": INPUT_TRANSFORMER, "meta_path": META_PATH, "thread": THREAD}
LATE_ATTACKS = {"stack_frames": STACK_FRAMES, "wrappers": WRAPPERS, "copies": COPIES, "descent_path": DESCENT_PATH,
                "checks_module": CHECKS_MODULE, "huge_answer": HUGE_ANSWER}  # after the answers, replacing some
HONEST = {"aa_correct": submission(), "aa_partly": submission(PARTLY), "zz_correct": submission(),
          "zz_partly": submission(PARTLY), "zz_untouched": submission(solved=False)}
FORMULA_ID = "=HYPERLINK(x)"  # a student id (file name) a spreadsheet would run


def grade(folder, out):
    assert main(["grade", str(folder), "--source", str(SOURCE), "--out", str(out), "--workers", "2",
                 "--cell-timeout", "20", "--notebook-timeout", "150", "--memory-mb", "1024"]) == 0
    with open(out / "grades.csv", newline="", encoding="utf-8") as file:
        return {row["student"]: row for row in csv.DictReader(file)}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Grade attackers and honest submissions together; return rows, feedback folder and checksums."""
    folder = tmp_path_factory.mktemp("hostile")
    for student, notebook in {**HONEST, FORMULA_ID: submission(PARTLY)}.items():
        nbformat.write(notebook, folder / f"{student}.ipynb")
    for student, code in ATTACKS.items():
        nbformat.write(submission(PARTLY, early=[code]), folder / f"mm_{student}.ipynb")
    for student, code in LATE_ATTACKS.items():
        nbformat.write(submission(PARTLY, tail=[code]), folder / f"mm_{student}.ipynb")
    before = package_checksum()
    out = tmp_path_factory.mktemp("hostile_grades")
    rows = grade(folder, out)
    time.sleep(3)  # a daemon that outlived its kernel would be rewriting the outputs now
    return rows, out, before, package_checksum()


def test_no_attack_earns_more_than_its_honest_answers(batch):
    rows = batch[0]
    for student in [*ATTACKS, *LATE_ATTACKS]:
        earned = points(rows[f"mm_{student}"])
        assert all(earned[question] <= PARTLY_POINTS[question] for question in PARTLY_POINTS), (student, earned)


def test_attacks_that_leave_the_answers_alone_earn_exactly_the_honest_points(batch):
    """Patching the kernel's numerics changes nothing: the comparison is not made there."""
    for student in ["append_to_harness", "write_pth", "daemon", "read_source_by_absolute_path", "patch_numerics"]:
        assert points(batch[0][f"mm_{student}"]) == PARTLY_POINTS, student


def test_nbtools_own_answers_are_withheld_in_the_sandbox(batch):
    rows, out = batch[0], batch[1]
    for student in ["wrappers", "copies", "descent_path"]:
        row, page = rows[f"mm_{student}"], (out / "feedback" / f"mm_{student}.html").read_text()
        assert points(row)["gradient_ascent"] == 0, student
        assert "NotAvailableWhileGrading" in page, student


def test_every_honest_row_and_page_is_exact(batch):
    rows, out = batch[0], batch[1]
    expected = {"correct": MAXIMUM, "partly": PARTLY_TOTAL, "untouched": 0}
    for student in HONEST:
        assert (float(rows[student]["total"]), rows[student]["reason"]) == (expected[student[3:]], ""), student
        page = (out / "feedback" / f"{student}.html").read_text()
        assert page.startswith("<!DOCTYPE html>") and f"feedback for {student}" in page
    assert "pwned" not in (out / "grades.csv").read_text()


def test_the_package_and_site_packages_are_unchanged(batch):
    assert batch[2] == batch[3]


def test_a_student_id_is_neutralised_for_spreadsheets(batch):
    rows = batch[0]
    assert "'" + FORMULA_ID in rows and FORMULA_ID not in rows
