"""The grading kernel itself: where it runs, what it sees, and the time limit of a whole submission."""

import subprocess
import sys

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
over_the_bound, under_it = "x" * 40_000_000, "y" * 8_500_000
def flood(content):
    while True:
        display(content, raw=True)
for content in ({"text/plain": over_the_bound, "application/vnd.nbtools.result+json": {"value": over_the_bound}},
                {"text/plain": under_it}):
    threading.Thread(target=flood, args=(content,), daemon=True).start()"""
MEASURE = f"""\
import tracemalloc
from nbtools.grading.execute import Limits, execute
tracemalloc.start()
cells = [{FLOOD!r}, "import time\\ntime.sleep(5)", "answer = 3", lambda kernel: kernel.fetch("answer")]
execution = execute(cells, Limits(cell_seconds=20, notebook_seconds=120, memory_mb=1024, sandbox=False))
python_mb = tracemalloc.get_traced_memory()[1] // 2**20
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print([run.status for run in execution.runs], python_mb, peak_kb // 1024)
"""


def test_a_flood_of_huge_outputs_costs_the_grader_no_memory():
    """Threads displaying 80 MB outputs and 8.5 MB ones without end (it drove the grader to 1.8-2.6 GB before;
    994 MB here without a bound on messages): the grader's sockets refuse messages over 9 MB and queue four,
    so its memory stays near its size at rest (117 MB). The peak is the process's own (VmHWM): its
    ``ru_maxrss`` starts at the size of the process that started it (1.2 GB for pytest late in a full run,
    which failed this test in CI twice)."""
    import subprocess
    import sys

    output = subprocess.run([sys.executable, "-c", MEASURE], capture_output=True, text=True, check=True).stdout
    statuses, numbers = output.rsplit("]", 1)
    python_megabytes, megabytes = map(int, numbers.split())
    assert "'ok', 'ok', 'ok'" in statuses
    assert megabytes < 400, f"the grader reached {megabytes} MB, {python_megabytes} MB of them Python's ({statuses}])"


def test_an_answer_too_large_to_hand_over_is_named_not_lost():
    """An answer over ``runner.MAX_ANSWER_BYTES`` as data (16 MB of zeros) gets a problem that says so, in
    time, instead of a message the grader's sockets would cut off."""
    from nbtools.checks.engine import AnswerProblem

    def fetch_big(kernel):
        try:
            kernel.fetch("big")
        except AnswerProblem as problem:
            return str(problem)

    execution = execute(["import numpy as np\nbig = np.zeros(2_000_000)", fetch_big, "small = 1", fetch("small")],
                        Limits(cell_seconds=30, notebook_seconds=120, memory_mb=1024, sandbox=False))
    assert [run.status for run in execution.runs] == ["ok"] * 4
    assert "grader takes answers of at most 8 MB" in execution.runs[1].result
    assert execution.runs[3].result == {"small": 1}


def test_the_grading_kernel_imports_no_check_and_no_sympy_to_hand_over_answers():
    """Every submission's fresh kernel imports ``nbtools.grading.runner`` to hand over its answers: that must not
    import SymPy or the checks (0.6 s a submission), only what a notebook that needs them imports itself."""
    probe = ("import sys, nbtools.grading.runner; "
             "print(sorted(name for name in ('sympy', 'matplotlib', 'nbtools.checks') if name in sys.modules))")
    imported = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert imported.strip() == "[]"
