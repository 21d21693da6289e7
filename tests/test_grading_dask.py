"""`nbtools grade --dask`: a real `dask scheduler` and two `dask worker` processes on 127.0.0.1, started here.

The grade book of a class graded on them equals a local run's; a worker killed while it grades a (slow)
submission loses nothing: every submission ends up graded, or not graded with its reason.
"""

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from test_grading import LEARNER, SOURCE, submission

pytest.importorskip("distributed", reason="the dask extra (dask[distributed]) is not installed")

BIN = Path(sys.executable).parent
TIMES = {"graded_at", "submitted"}  # when it ran differs between two runs; nothing else may


def start(*command, cwd):
    """A process in a session of its own (so that it and its kernels can be killed together)."""
    return subprocess.Popen([str(BIN / "dask"), *command], cwd=cwd, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two one-thread workers named w0 and w1; yields (address, {name: worker process})."""
    from distributed import Client

    folder = tmp_path_factory.mktemp("dask")
    scheduler_file = folder / "scheduler.json"
    processes = [start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                       "--scheduler-file", str(scheduler_file), cwd=folder)]
    try:
        workers = {name: start("worker", "--scheduler-file", str(scheduler_file), "--nthreads", "1", "--no-nanny",
                               "--name", name, "--host", "127.0.0.1", "--no-dashboard", cwd=folder)
                   for name in ["w0", "w1"]}
        processes += workers.values()
        deadline = time.monotonic() + 60
        while not scheduler_file.exists():
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.2)
        with Client(scheduler_file=str(scheduler_file), timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
            address = client.scheduler.address
        yield address, workers
    finally:
        for process in processes:
            kill(process)


def grade(inbox, out, *options):
    """`nbtools grade` in a process of its own; return it running."""
    return subprocess.Popen([str(BIN / "nbtools"), "grade", str(inbox), "--source", str(SOURCE), "--out", str(out),
                             "--workers", "2", "--cell-timeout", "20", *map(str, options)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finished(process):
    printed, _ = process.communicate(timeout=120)
    assert process.returncode == 0, printed
    return printed


def rows(out):
    with open(out / "grades.csv", newline="", encoding="utf-8") as file:
        return [{key: value for key, value in row.items() if key not in TIMES} for row in csv.DictReader(file)]


def class_of(inbox, slow=0):
    """Four submissions of exercise 1: solved, the template, one wrong answer, not a notebook (``slow``: seconds
    the solved one sleeps first)."""
    inbox.mkdir()
    nbformat.write(submission(early=[f"import time\ntime.sleep({slow})"] if slow else ()), inbox / "alice.ipynb")
    nbformat.write(nbformat.read(LEARNER, as_version=4), inbox / "bob.ipynb")
    nbformat.write(submission({"critical_point": "critical_x = 3"}), inbox / "carol.ipynb")
    (inbox / "dave.ipynb").write_text("{broken")
    return inbox


def test_the_grade_book_of_a_dask_run_is_a_local_runs(cluster, tmp_path):
    address, _ = cluster
    inbox = class_of(tmp_path / "inbox")
    on_dask, local = grade(inbox, tmp_path / "dask", "--dask", address), grade(inbox, tmp_path / "local")
    printed = finished(on_dask)
    finished(local)
    assert "graded 4 submissions" in printed
    assert rows(tmp_path / "dask") == rows(tmp_path / "local")
    assert [row["status"] for row in rows(tmp_path / "dask")] == ["graded", "graded", "graded", "not graded"]
    assert {page.name for page in (tmp_path / "dask" / "feedback").iterdir()} == {
        page.name for page in (tmp_path / "local" / "feedback").iterdir()}
    assert (tmp_path / "dask" / "report.html").exists()


def test_a_worker_killed_mid_submission_loses_nothing(cluster, tmp_path):
    from distributed import Client

    address, workers = cluster
    inbox = class_of(tmp_path / "inbox", slow=8)
    run = grade(inbox, tmp_path / "out", "--dask", address)
    with Client(address, timeout="30s") as client:
        deadline, holder = time.monotonic() + 60, None
        while holder is None:
            assert time.monotonic() < deadline, "alice's task never started"
            for worker, keys in client.processing().items():
                if any("alice" in str(key) for key in keys):
                    holder = client.scheduler_info()["workers"][worker]["name"]
            time.sleep(0.2)
        time.sleep(2)  # alice's kernel is running her sleep
        kill(workers[holder])
    finished(run)
    book = {row["student"]: row for row in rows(tmp_path / "out")}
    assert set(book) == {"alice", "bob", "carol", "dave"}
    for row in book.values():
        assert row["status"] == "graded" or (row["total"] == "" and row["reason"]), row
    assert book["alice"]["status"] == "graded", book["alice"]  # run again on the surviving worker


def test_a_task_the_cluster_could_not_run_is_a_row_not_graded_with_its_reason(tmp_path):
    from nbtools.grading.cluster import collect
    from nbtools.grading.intake import Submission
    from test_grading import ASSIGNMENT

    class Lost:
        def result(self):
            raise RuntimeError("Attempted to run task on 3 different workers, all of which died")

    result = collect(Lost(), Submission("alice", tmp_path / "alice.ipynb"), ASSIGNMENT)
    assert not result.graded and result.total == 0 and result.file == "alice.ipynb"
    assert result.reason == ("grading failed on the Dask cluster: RuntimeError: Attempted to run task on 3 "
                             "different workers, all of which died")
