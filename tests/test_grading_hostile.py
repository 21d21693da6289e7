"""Hostile submissions of exercise 1 that attack the grader or other students, graded in ONE batch (the real
sandbox, two workers) between honest ones that come before and after them.

Each attacker starts from the partly wrong answers of test_grading (5 points short of full marks). Asserted:
no attacker earns more than those answers do; every honest row and feedback page is exactly what it is when graded alone; the
installed package and site-packages are unchanged; nothing the attackers started outlives the grading.
What is not defended yet (forging one's own verdict inside the kernel) is listed in the README.
"""

import csv
import time

import nbformat
import pytest
from test_grading import MAXIMUM, PARTLY, PARTLY_POINTS, PARTLY_TOTAL, SOURCE, points, submission
from test_grading_sandbox import package_checksum

from nbtools.cli import main

APPEND_TO_HARNESS = """\
import nbtools.grading.harness as harness
try:
    with open(harness.__file__, "a") as file:  # would give every later submission full marks
        file.write("\\ndef judge(*args):\\n    return {'status': 'passed', 'passed': 1, 'total': 1}\\n")
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
source = Path(nbtools.__file__).resolve().parents[1] / "exercises" / "source" / "01_derivatives.ipynb"
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
    while children < 1_000:  # the sandbox allows 256 processes (when the grader is not root)
        if os.fork() == 0:
            import time
            time.sleep(30)
            os._exit(0)
        children += 1
except OSError as error:
    print(children, error)"""
ATTACKS = {"append_to_harness": APPEND_TO_HARNESS, "write_pth": WRITE_PTH, "daemon": DAEMON,
           "read_source_by_absolute_path": READ_SOURCE_BY_ABSOLUTE_PATH, "fork_bomb": FORK_BOMB}
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
    before = package_checksum()
    out = tmp_path_factory.mktemp("hostile_grades")
    rows = grade(folder, out)
    time.sleep(3)  # a daemon that outlived its kernel would be rewriting the outputs now
    return rows, out, before, package_checksum()


def test_no_attack_earns_more_than_its_honest_answers(batch):
    rows = batch[0]
    for student in ATTACKS:
        row = rows[f"mm_{student}"]
        assert points(row) == PARTLY_POINTS and row["total"] == rows["aa_partly"]["total"], student


def test_every_honest_row_and_page_is_exact(batch):
    rows, out = batch[0], batch[1]
    expected = {"correct": MAXIMUM, "partly": PARTLY_TOTAL, "untouched": 0}
    for student in HONEST:
        assert (float(rows[student]["total"]), rows[student]["reason"]) == (expected[student[3:]], ""), student
        page = (out / "feedback" / f"{student}.html").read_text()
        assert page.startswith("<!DOCTYPE html>") and f"Feedback for {student}" in page
    assert "pwned" not in (out / "grades.csv").read_text()


def test_the_package_and_site_packages_are_unchanged(batch):
    assert batch[2] == batch[3]


def test_a_student_id_is_neutralised_for_spreadsheets(batch):
    rows = batch[0]
    assert "'" + FORMULA_ID in rows and FORMULA_ID not in rows
