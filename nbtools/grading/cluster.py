"""Grade submissions on a Dask cluster: one Dask task per submission (``nbtools grade --dask ADDRESS``).

The task carries the submission's bytes and the parsed ``Assignment`` (the instructor's grading data), never a
path on the instructor's disk. On the worker it runs ``grade.grade_all`` on that one submission, the local path
itself: a grading process of its own, one fresh limited kernel, the sandbox when ``Limits.sandbox`` is on (the
worker needs nbtools with this extra, and bubblewrap). Results come back as they complete and go through the
same grade book and outputs as a local run's.

A worker that dies takes its task with it: the scheduler runs it again elsewhere (``retries`` here, and the
scheduler's ``distributed.scheduler.allowed-failures`` before it calls the task ``KilledWorker``). A task that
still fails becomes a row ``not_graded`` with the reason, never a missing one.
"""

import dataclasses
import tempfile
from pathlib import Path

from .grade import grade_all, not_graded

RETRIES = 2  # on top of the scheduler's own re-runs after a worker's death


def grade_on_cluster(submissions, assignment, limits, address, progress=None, retries=RETRIES):
    """Like ``grade.grade_all``, each submission a task on the Dask scheduler at ``address``; results sorted by
    student id. On Ctrl-C the tasks are cancelled and ``KeyboardInterrupt`` is raised: nothing is returned."""
    from distributed import Client, as_completed

    results = []
    with Client(address, timeout="30s") as client:
        futures = {client.submit(grade_on_worker, submission, submission.path.read_bytes(), assignment, limits,
                                 key=f"nbtools-grade-{submission.student}-{submission.sha256[:16]}",
                                 retries=retries, pure=False): submission
                   for submission in submissions}
        try:
            for future in as_completed(futures):
                results.append(collect(future, futures[future], assignment))
                if progress:
                    progress(len(results), len(submissions), results[-1])
        except KeyboardInterrupt:
            client.cancel(list(futures), force=True)
            raise
    return sorted(results, key=lambda result: result.student)


def collect(future, submission, assignment):
    """The task's ``StudentResult``, or a row not graded saying why the cluster gave none."""
    try:
        return future.result()
    except Exception as error:  # noqa: BLE001  (KilledWorker, a worker without nbtools, ...: the row stays)
        return not_graded(submission, assignment, f"grading failed on the Dask cluster: {type(error).__name__}: "
                                                  f"{error}")


def grade_on_worker(submission, content, assignment, limits):
    """On a Dask worker: write the submission's ``content`` under its own file name and grade it as
    ``grade_all`` does on the instructor's machine."""
    with tempfile.TemporaryDirectory(prefix="nbtools-submission-") as folder:
        path = Path(folder) / submission.path.name
        path.write_bytes(content)
        [result] = grade_all([dataclasses.replace(submission, path=path)], assignment, limits)
    return result
