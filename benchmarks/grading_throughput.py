"""Section 4b: grading throughput side by side with nbgrader, in one run.

The same N submissions of nbgrader's own quickstart assignment (ps1's problem1, its solved source notebook as each
student's submission, from tests/fixtures/nbgrader_quickstart) are graded twice: by ``nbgrader autograde`` in a
throwaway nbgrader course with its gradebook database (sequential, as nbgrader runs), and by ``nbtools grade``
with one worker and with a worker per core (nbtools grades nbgrader's source as it is, see
tests/test_grading_nbgrader.py). Then ``nbtools grade`` on N solved copies of exercise 1
(``workbook.grading_per_minute``), a notebook with this workbook's own checks and hidden tests.

Each figure is one whole command's wall time (its start-up, the grade book, nbgrader's database and nbtools'
report and feedback pages included) divided by N; the ratio is nbgrader's seconds per notebook over the row's,
so above 1 is faster than nbgrader. nbgrader is no dependency of the workbook: it is installed, once, into a
virtual environment of its own under the user's cache folder (``~/.cache/nbtools-benchmarks``), at the version
make_fixture.sh pins; when that fails, the section is skipped with the reason.
"""

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .workbook import ROOT, grading_per_minute

NBGRADER_VERSION = "0.9.6"  # as tests/fixtures/nbgrader_quickstart/make_fixture.sh
QUICKSTART = ROOT / "tests" / "fixtures" / "nbgrader_quickstart" / "source" / "ps1" / "problem1.ipynb"
QUICKSTART_POINTS = 3.0  # its autograded points: squares 2, sum_of_squares 1 (Parts C-E are graded by hand)
SUBMISSIONS = 20


class NbgraderUnavailable(RuntimeError):
    """nbgrader could not be installed or run here; the message says why."""


def cache_folder():
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nbtools-benchmarks"


def nbgrader_venv():
    """The virtual environment holding nbgrader ``NBGRADER_VERSION``, made on first use and reused."""
    venv = cache_folder() / f"nbgrader-{NBGRADER_VERSION}"
    if _nbgrader_version(venv) != NBGRADER_VERSION:
        shutil.rmtree(venv, ignore_errors=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, text=True)
            subprocess.run([str(venv / "bin" / "pip"), "install", "-q", f"nbgrader=={NBGRADER_VERSION}"],
                           check=True, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            detail = getattr(error, "stderr", "") or str(error)
            raise NbgraderUnavailable(f"nbgrader {NBGRADER_VERSION} could not be installed: "
                                      f"{detail.strip()[-300:]}") from None
        if _nbgrader_version(venv) != NBGRADER_VERSION:
            raise NbgraderUnavailable(f"nbgrader {NBGRADER_VERSION} was installed in {venv} but does not run")
    return venv


def _nbgrader_version(venv):
    try:
        output = subprocess.run([str(venv / "bin" / "nbgrader"), "--version"], capture_output=True, text=True,
                                timeout=120).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return output.rsplit("nbgrader version", 1)[-1].strip() if "nbgrader version" in output else None


def nbgrader_seconds(venv, folder, submissions):
    """Wall time of ``nbgrader autograde ps1`` on ``submissions`` students, each handing in the solved quickstart
    problem1, in a new course under ``folder`` (its assignment generated first, not timed)."""
    course = Path(folder) / "course"
    (course / "source" / "ps1").mkdir(parents=True)
    shutil.copy(QUICKSTART, course / "source" / "ps1")
    (course / "nbgrader_config.py").write_text(f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\n")
    environment = {name: value for name, value in os.environ.items() if name not in ("VIRTUAL_ENV", "PYTHONPATH")}
    environment["PATH"] = f"{venv / 'bin'}{os.pathsep}{environment.get('PATH', '')}"  # its alembic, its kernel

    def nbgrader(*arguments):
        result = subprocess.run(["nbgrader", *arguments], cwd=course, env=environment, capture_output=True,
                                text=True)
        if result.returncode != 0 or "ERROR" in result.stderr:
            raise NbgraderUnavailable(f"nbgrader {' '.join(arguments)} failed: {result.stderr.strip()[-300:]}")

    nbgrader("generate_assignment", "ps1")
    for student in range(submissions):
        target = course / "submitted" / f"student{student:03}" / "ps1"
        target.mkdir(parents=True)
        shutil.copy(QUICKSTART, target)
    start = time.perf_counter()
    nbgrader("autograde", "ps1")
    seconds = time.perf_counter() - start
    nbgrader("export")
    with open(course / "grades.csv", newline="", encoding="utf-8") as file:
        scores = [float(row["raw_score"]) for row in csv.DictReader(file)]
    if scores != [QUICKSTART_POINTS] * submissions:
        raise NbgraderUnavailable(f"nbgrader's scores are {scores}, not {QUICKSTART_POINTS:g} for each submission")
    return seconds


def nbtools_seconds(folder, submissions, workers):
    """Wall time of ``nbtools grade`` (sandboxed, the defaults) on the same submissions as ``nbgrader_seconds``."""
    folder = Path(folder)
    inbox = folder / "submissions"
    inbox.mkdir()
    for student in range(submissions):
        shutil.copy(QUICKSTART, inbox / f"student{student:03}.ipynb")
    start = time.perf_counter()
    subprocess.run([Path(sys.executable).with_name("nbtools"), "grade", str(inbox), "--source", str(QUICKSTART),
                    "--out", str(folder / "grades"), "--workers", str(workers)],
                   cwd=folder, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    with open(folder / "grades" / "grades.csv", newline="", encoding="utf-8") as file:
        totals = [float(row["total"]) for row in csv.DictReader(file)]
    if totals != [QUICKSTART_POINTS] * submissions:
        raise RuntimeError(f"nbtools grade scored the quickstart submissions {totals}, not {QUICKSTART_POINTS:g}")
    return seconds


def run(submissions=SUBMISSIONS):
    """Rows (grader, notebook, workers, seconds per notebook, nbgrader's over this row's); NbgraderUnavailable
    when nbgrader cannot be installed or run."""
    venv = nbgrader_venv()
    cores = os.cpu_count() or 1
    workers = sorted({1, cores})
    with tempfile.TemporaryDirectory(prefix="nbtools-bench-nbgrader-") as folder:
        theirs = nbgrader_seconds(venv, folder, submissions) / submissions
    timed = [(f"nbgrader {NBGRADER_VERSION} autograde", "quickstart ps1/problem1", "1 (sequential)", theirs)]
    for count in workers:
        with tempfile.TemporaryDirectory(prefix="nbtools-bench-quickstart-") as folder:
            timed.append(("nbtools grade", "quickstart ps1/problem1", str(count),
                          nbtools_seconds(folder, submissions, count) / submissions))
    for count in workers:
        timed.append(("nbtools grade", "exercise 1, solved", str(count),
                      60 / grading_per_minute(submissions=submissions, workers=count)))
    rows = [[grader, notebook, count, f"{seconds:.2f}", f"{theirs / seconds:.2f}"]
            for grader, notebook, count, seconds in timed]
    return ["grader", f"{submissions} submissions of", "workers", "s per notebook", "nbgrader / this"], rows


def main():
    """python -m benchmarks.grading_throughput: this table alone, with the load average before and after."""
    from .__main__ import machine, print_table

    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.2f}")
    try:
        table = run()
    except NbgraderUnavailable as reason:
        print(f"Grading throughput against nbgrader skipped: {reason}")
        return
    print_table("4b. Grading throughput against nbgrader, side by side in one run", *table)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
