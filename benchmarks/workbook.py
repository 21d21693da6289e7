"""Section 4: the workbook's own speed: importing nbtools, one check call, executing every notebook, grading."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np

from nbtools import check
from nbtools.derivatives import difference_quotient, gradient_ascent
from nbtools.notebooks import remove_hidden_tests

from .twins import median_seconds

ROOT = Path(__file__).resolve().parents[1]
IMPORT_NBTOOLS = ("import time; start = time.perf_counter(); from nbtools import check; "
                  "print(time.perf_counter() - start)")


def import_seconds(repeats=5):
    """Median time of `from nbtools import check` in a fresh interpreter (what a learner's first cell pays:
    `import nbtools` alone imports the checks only when `nbtools.check` is first used)."""
    runs = [float(subprocess.run([sys.executable, "-c", IMPORT_NBTOOLS], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(repeats)]
    return float(np.median(runs))


def notebooks_seconds():
    """Wall time of the nbval run over every notebook (pytest lessons/ exercises/), and whether it passed."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "lessons", "exercises", "-q", "-p", "no:randomly"],
                            cwd=ROOT, capture_output=True, text=True)
    return time.perf_counter() - start, result.returncode == 0


def grading_per_minute(exercise="01_derivatives", submissions=20, workers=None):
    """Submissions graded per minute by ``nbtools grade`` (``workers``, by default one a core), on solved learner
    copies (the source without its hidden-test cells): every answer runs, and every check and hidden test judges
    it."""
    source = ROOT / "instructor" / f"{exercise}.ipynb"
    solved = remove_hidden_tests(nbformat.read(source, as_version=4))
    with tempfile.TemporaryDirectory() as folder:
        inbox = Path(folder) / "submissions"
        inbox.mkdir()
        for student in range(submissions):
            nbformat.write(solved, inbox / f"student{student:03}.ipynb")
        start = time.perf_counter()
        subprocess.run([Path(sys.executable).with_name("nbtools"), "grade", str(inbox), "--source", str(source),
                        "--out", str(Path(folder) / "grades"), "--workers", str(workers or os.cpu_count())],
                       cwd=folder, capture_output=True, text=True, check=True)
        return submissions / (time.perf_counter() - start) * 60


def run(time_notebooks=True):
    """Rows (what, how long)."""
    rows = [["from nbtools import check (fresh interpreter)", f"{import_seconds() * 1e3:.0f} ms"],
            ["check.difference_quotient, correct answer (4 cases)",
             f"{median_seconds(lambda: check.difference_quotient(difference_quotient), 50) * 1e3:.2f} ms"],
            ["check.gradient_ascent, correct answer (4 cases)",
             f"{median_seconds(lambda: check.gradient_ascent(gradient_ascent), 50) * 1e3:.2f} ms"]]
    if time_notebooks:
        seconds, passed = notebooks_seconds()
        count = len(list(ROOT.glob("lessons/*.ipynb"))) + len(list(ROOT.glob("exercises/**/*.ipynb")))
        rows.append([f"execute and compare all {count} notebooks (nbval)", f"{seconds:.0f} s" + ("" if passed else " (FAILED)")])
        rows.append([f"nbtools grade, 20 solved copies of exercise 1, {os.cpu_count()} workers",
                     f"{grading_per_minute():.0f} submissions per minute"])
    return ["what", "time"], rows
