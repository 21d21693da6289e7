"""The sandbox around each grading kernel (the real bubblewrap; CI installs it) and the grader's own outputs.

One kernel runs a series of hostile cells; each records what it could do in a variable, which a last step
reads out of the kernel as a grading cell reads an answer.
"""

import csv
import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest

from nbtools.cli import main
from nbtools.grading import sandbox
from nbtools.grading.assemble import Assignment
from nbtools.grading.execute import Limits, execute
from nbtools.grading.exports import spreadsheet_safe
from nbtools.grading.gradebook import GradeBook
from nbtools.grading.grade import StudentResult
from nbtools.grading.outputs import ClassRecord, OutputRefused, output_files, publish

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "nbtools"
ATTEMPT = """\
def attempt(action):
    try:
        action()
        return "done"
    except BaseException as error:
        return type(error).__name__
"""
FORK_UNTIL_REFUSED = """\
def fork_until_refused(most):
    children = 0
    try:
        while children < most:
            if os.fork() == 0:
                import time
                time.sleep(1)
                os._exit(0)
            children += 1
    except OSError:
        pass
    for _ in range(children):
        os.wait()
    return children
"""
MARKER = Path("/tmp/nbtools-sandbox-escaped")


def package_checksum():
    """A checksum of what the grader and every later kernel import: every file of the nbtools package and of
    site-packages (its ``.pth`` files, the editable finder, every installed library), names and contents."""
    digest = hashlib.sha256()
    site = next(Path(sandbox.sys.prefix).glob("lib/python*/site-packages"))
    for folder in (PACKAGE, site):
        for path in sorted(folder.rglob("*")):
            if "__pycache__" not in path.parts and path.is_file():
                digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def probed():
    """Run the hostile cells in one sandboxed kernel; return {probe: result} and the checksums before/after."""
    MARKER.unlink(missing_ok=True)
    before = package_checksum()
    probes = {
        "uid": "os.getuid()",
        "source_visible": f"os.path.exists({str(ROOT / 'instructor')!r})",
        "authoring_visible": f"os.path.exists({str(ROOT / 'authoring')!r})",
        "repository": f"sorted(os.listdir({str(ROOT)!r}))",
        "append_runner": f"attempt(lambda: open({str(PACKAGE / 'grading' / 'runner.py')!r}, 'a').write('x'))",
        "write_pth": "attempt(lambda: open(next(p for p in sys.path if p.endswith('site-packages')) + '/evil.pth', 'w'))",
        "network": "attempt(lambda: socket.create_connection(('1.1.1.1', 53), timeout=2))",
        "host_tmp": f"attempt(lambda: open({str(MARKER)!r}, 'w').write('x'))",
        "processes": "resource.getrlimit(resource.RLIMIT_NPROC)[0]",
        "forked": "fork_until_refused(400)",
    }
    cells = ["import os, sys, socket, resource, subprocess", ATTEMPT, FORK_UNTIL_REFUSED]
    cells += [f"{name} = {code}" for name, code in probes.items()]
    cells.append(f"subprocess.Popen(['setsid', 'sh', '-c', 'sleep 3; touch {MARKER}'])")  # outlive the kernel?
    cells.append(lambda kernel: {name: kernel.fetch(name) for name in probes})
    execution = execute(cells, Limits(cell_seconds=30, notebook_seconds=120, memory_mb=1024))
    assert {run.status for run in execution.runs} == {"ok"}, execution
    found = execution.runs[-1].result
    time.sleep(5)
    return found, before, package_checksum()


def test_the_kernel_is_not_root_and_sees_neither_the_sources_nor_the_network(probed):
    found = probed[0]
    assert found["uid"] == (sandbox.kernel_uid() if os.geteuid() == 0 else sandbox.NOBODY)
    assert not found["source_visible"] and not found["authoring_visible"]
    assert set(found["repository"]) <= {"nbtools", ".venv"}
    assert found["network"] == "OSError"
    assert found["processes"] == 256
    assert found["forked"] < 256  # the limit binds, also when the grader is root (a fork bomb stops)


def test_the_package_and_site_packages_cannot_be_changed(probed):
    found, before, after = probed
    assert {found["append_runner"], found["write_pth"]} <= {"OSError", "PermissionError"}  # read-only, or not ours
    assert before == after


def test_nothing_the_kernel_started_outlives_it_or_writes_outside(probed):
    assert probed[0]["host_tmp"] == "done"  # its own private /tmp ...
    assert not MARKER.exists()  # ... not the machine's, and the setsid daemon died with the kernel


def test_grade_refuses_without_bubblewrap_unless_told(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    (tmp_path / "alice.ipynb").write_text("")
    source = ROOT / "instructor" / "01_derivatives.ipynb"
    assert main(["grade", str(tmp_path), "--source", str(source), "--out", str(tmp_path / "out")]) == 1
    error = capsys.readouterr().err
    assert "bubblewrap (bwrap) is not installed" in error and "--no-sandbox" in error
    assert main(["grade", str(tmp_path), "--source", str(source), "--out", str(tmp_path / "out"),
                 "--no-sandbox"]) == 0
    assert "can read the instructor's sources and hidden tests" in capsys.readouterr().err


@pytest.mark.parametrize("plant", ["fifo", "folder", "symlink"])
def test_outputs_refuse_a_planted_fifo_folder_or_symlink(tmp_path, plant):
    target = tmp_path / "grades.csv"
    {"fifo": lambda: os.mkfifo(target), "folder": target.mkdir,
     "symlink": lambda: target.symlink_to(tmp_path / "elsewhere.csv")}[plant]()
    with pytest.raises(OutputRefused, match=r"grades.csv is a (FIFO|folder|symlink): refusing"):
        write_outputs([StudentResult("amy", [])], tmp_path)
    assert not (tmp_path / "elsewhere.csv").exists()


def write_outputs(results, out):
    """Every output of a grade book of ``results`` (of an assignment without questions), published into ``out``."""
    assignment, book = Assignment([], set()), GradeBook(Assignment([], set()), "0" * 64, "0" * 64)
    for result in results:
        book.record(result, "0" * 64)
    publish(output_files(ClassRecord(assignment, results), book), out)


def test_outputs_replace_plain_files_and_leave_no_scratch_folder(tmp_path):
    (tmp_path / "grades.csv").write_text("old")
    write_outputs([StudentResult("amy", [], problems=["=HYPERLINK(\"x\")"])], tmp_path)
    assert "'=HYPERLINK" in (tmp_path / "grades.csv").read_text()
    for table in tmp_path.glob("*.csv"):
        assert not [cell for row in csv.reader(table.open()) for cell in row if cell.startswith("=")], table.name
    assert not [path.name for path in tmp_path.iterdir() if path.name.startswith(".nbtools-grade-")]
    assert (tmp_path / "feedback" / "amy.html").is_file() and (tmp_path / "report.html").is_file()


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_spreadsheet_formulas_are_neutralised(text):
    assert spreadsheet_safe(text) == "'" + text and spreadsheet_safe("cell 3 raised") == "cell 3 raised"
