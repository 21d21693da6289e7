"""The grading kernel itself: where it runs, what it sees, and the time limit of a whole submission."""

from nbtools.grading.execute import Limits, execute


def fetch(*names):
    """A step that reads the learner's values ``names`` out of the kernel (as a grading cell does)."""
    return lambda kernel: {name: kernel.fetch(name) for name in names}


def test_the_kernel_runs_in_an_empty_folder_with_a_small_environment_and_limits(monkeypatch):
    monkeypatch.setenv("INSTRUCTOR_TOKEN", "secret")
    probe = ("probe = {'files': os.listdir('.'), 'home': os.path.basename(os.environ['HOME']), "
             "'token': 'INSTRUCTOR_TOKEN' in os.environ, 'memory': resource.getrlimit(resource.RLIMIT_AS)[0], "
             "'nbtools_loaded': any(name.startswith('nbtools') for name in sys.modules)}")
    cells = ["import os, resource, sys", probe, "exit()", "after_exit = 1", fetch("probe", "after_exit")]
    execution = execute(cells, Limits(cell_seconds=30, notebook_seconds=120, memory_mb=900))
    assert [run.status for run in execution.runs] == ["ok"] * 5 and execution.problems == []
    assert execution.runs[4].result == {"probe": {"files": [], "home": "home", "token": False,
                                                  "memory": 900 * 1024 * 1024, "nbtools_loaded": False},
                                        "after_exit": 1}


def test_a_submission_over_its_total_time_is_stopped():
    execution = execute(["x = 1", "import time\nwhile True:\n    time.sleep(0.1)", "y = 2"],
                        Limits(cell_seconds=60, notebook_seconds=15, memory_mb=1024))
    assert [run.status for run in execution.runs] == ["ok", "timeout", "not run"]
    assert execution.problems == ["the submission was still running after 15 s and was stopped"]


FLOOD = """\
import threading
from IPython.display import display
blob = "x" * 40_000_000
def flood():
    while True:
        display({"text/plain": blob, "application/vnd.nbtools.result+json": {"value": blob}}, raw=True)
threading.Thread(target=flood, daemon=True).start()"""
MEASURE = f"""\
import resource
from nbtools.grading.execute import Limits, execute
cells = [{FLOOD!r}, "import time\\ntime.sleep(5)", "answer = 3", lambda kernel: kernel.fetch("answer")]
execution = execute(cells, Limits(cell_seconds=20, notebook_seconds=120, memory_mb=1024, sandbox=False))
print([run.status for run in execution.runs], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def test_a_flood_of_huge_outputs_costs_the_grader_no_memory():
    """A thread displaying 80 MB outputs without end (it drove the grader to 1.8-2.6 GB before; 994 MB here
    without the bound on messages): the grader's sockets refuse messages that large, so its memory stays near
    its size at rest (117 MB here; once 465 MB in a full test run on a busy machine)."""
    import subprocess
    import sys

    output = subprocess.run([sys.executable, "-c", MEASURE], capture_output=True, text=True, check=True).stdout
    statuses, megabytes = output.rsplit("]", 1)
    assert "'ok', 'ok', 'ok'" in statuses
    assert int(megabytes) < 600, f"the grader reached {megabytes} MB ({statuses}])"
