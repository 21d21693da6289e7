"""Grade submissions: assemble each grading copy, run it, judge it, total the points.

Each submission is graded in a process of its own, forked from a warm server (``multiprocessing``'s
forkserver) and limited in memory: whatever a submission's data makes the grader do (read a huge answer,
simplify a monstrous expression) is bounded there, and a crash there costs that submission only. In it, the
learner's code runs in the sandboxed kernel (``execute.py``) and each grading cell is judged by the grading
process itself (``judge.py``), with the instructor's references: a grading cell earns its points when its
check, computed here, passed. Nothing the learner's cells print or display is read.

One submission's trouble never reaches another's: whatever goes wrong becomes a sentence in its
``StudentResult``, with zero points for what could not be graded. Submissions run ``workers`` at a time;
``grade_all`` and ``grade_submission`` are the only places where submissions run.
"""

import functools
import multiprocessing
import resource
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from time import monotonic

from .assemble import Unreadable, assemble, read_submission
from .execute import Limits, execute
from .intake import Submission
from .judge import judge_cell
from .withheld import package_view, withheld_for

GRADER_MEMORY_MB = 4096  # the grading process of one submission, its own part (the kernel has --memory-mb)
GRADER_GRACE_SECONDS = 60  # beyond --notebook-timeout, before a grading process that says nothing is killed


@dataclass
class Outcome:
    """One grading cell's result for one student: points earned, status, the verdict, and why not more."""

    cell: object  # the assemble.GradingCell
    earned: float = 0
    status: str = "not graded"  # "passed", "failed", "not attempted yet" or "not graded"
    verdict: dict = field(default_factory=dict)
    reason: str = ""


@dataclass
class StudentResult:
    """Everything known about one submission: one outcome per grading cell, and what went wrong; which file it
    was, when it was handed in and when it was graded (aware ``datetime``s, or None)."""

    student: str
    outcomes: list
    problems: list = field(default_factory=list)
    graded: bool = True
    file: str = ""
    submitted: datetime | None = None
    graded_at: datetime | None = None

    def points(self):
        """``{question: points earned}`` in question order."""
        earned = {}
        for outcome in self.outcomes:
            earned[outcome.cell.question] = earned.get(outcome.cell.question, 0) + outcome.earned
        return earned

    @property
    def total(self):
        return sum(outcome.earned for outcome in self.outcomes)

    @property
    def maximum(self):
        return sum(outcome.cell.points for outcome in self.outcomes)

    @property
    def reason(self):
        """Every problem, in one line for the grade book."""
        return "; ".join(self.problems)


def grade_all(submissions, assignment, limits=Limits(), workers=1, progress=None):
    """Grade every submission (an ``intake.Submission``, or a path: its file name is the student id), ``workers``
    at a time; results sorted by student id.

    With the sandbox, the kernels see ``withheld.package_view``: nbtools without the checks and without
    the building blocks this assignment's questions ask for. On Ctrl-C the submissions not started yet are
    dropped, the running ones' processes killed, and ``KeyboardInterrupt`` is raised: nothing is returned.
    """
    submissions = [item if isinstance(item, Submission) else Submission(Path(item).stem, Path(item))
                   for item in submissions]
    results, stop = [], threading.Event()
    withheld = withheld_for(assignment.questions) if limits.sandbox else []
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    with tempfile.TemporaryDirectory(prefix="nbtools-package-") as folder, \
            ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        view = package_view(withheld, folder) if limits.sandbox else None
        futures = [pool.submit(grade_in_own_process, context, submission, assignment, limits, view, withheld, stop)
                   for submission in submissions]
        try:
            for future in as_completed(futures):
                results.append(future.result())
                if progress:
                    progress(len(results), len(submissions), results[-1])
        except KeyboardInterrupt:
            stop.set()
            for future in futures:
                future.cancel()
            raise
    return sorted(results, key=lambda result: result.student)


def grade_in_own_process(context, submission, assignment, limits, view=None, withheld=(), stop=None):
    """``grade_submission`` in a fresh process of ``context``; a result whatever becomes of that process. When the
    event ``stop`` is set (Ctrl-C), the process is killed at once."""
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_grade_and_send, args=(sender, submission, assignment, limits, view, withheld))
    process.start()
    sender.close()
    result, deadline = None, monotonic() + limits.notebook_seconds + GRADER_GRACE_SECONDS
    try:
        while monotonic() < deadline and not (stop and stop.is_set()):
            if receiver.poll(0.5):
                result = receiver.recv()
                break
    except (EOFError, OSError):
        pass
    finally:
        receiver.close()
        process.join(0 if stop and stop.is_set() else 5)
        if process.is_alive():
            process.kill()
            process.join()
    if result is None:
        return not_graded(submission, assignment, "grading failed: the grader's process for this submission "
                          f"ended without a result (exit code {process.exitcode}; out of memory or time?)")
    return result


def _grade_and_send(sender, submission, assignment, limits, view, withheld):
    """In the grading process: limit its own memory, grade, send the result back."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    memory = GRADER_MEMORY_MB * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (memory if hard == resource.RLIM_INFINITY else min(memory, hard), hard))
    sender.send(grade_submission(submission, assignment, limits, view, withheld))
    sender.close()


def grade_submission(submission, assignment, limits=Limits(), view=None, withheld=()):
    """Grade one submitted notebook (an ``intake.Submission``); never raises."""
    path = submission.path
    try:
        copy = assemble(read_submission(path), assignment)
    except (Unreadable, OSError) as error:
        return not_graded(submission, assignment, str(error) if isinstance(error, Unreadable)
                          else f"the file cannot be read ({error.strerror or error})")
    steps = [functools.partial(judge_cell, cell, assignment.names_for(cell), setup=assignment.test_setup)
             for cell in copy.grading]
    try:
        execution = execute(copy.cells + steps, limits, view, withheld)
    except Exception as error:  # noqa: BLE001  (a bug of ours must not cost the rest of the batch)
        return not_graded(submission, assignment, f"grading failed: {type(error).__name__}: {error} "
                                                   "(a problem of the grader, not of the submission)")
    result = StudentResult(submission.student, [], problems=[*copy.problems, *execution.problems],
                           **about(submission))
    for index, number in copy.learner_numbers.items():
        describe_learner_cell(result, number, execution.runs[index], limits)
    outcomes = [read_outcome(cell, run, limits) for cell, run in zip(copy.grading, execution.runs[len(copy.cells):])]
    for outcome in sorted(outcomes, key=lambda outcome: assignment.grading_cells.index(outcome.cell)):
        cell = outcome.cell  # in the source's order, whatever order they ran in
        result.outcomes.append(outcome)
        if outcome.reason:
            result.problems.append(f"{cell.question}{' (hidden tests)' if cell.role == 'hidden' else ''}: "
                                   f"{outcome.reason}")
    return result


def not_graded(submission, assignment, reason):
    """A submission that could not be run at all: no points for any grading cell, and why."""
    outcomes = [Outcome(cell, reason=reason) for cell in assignment.grading_cells]
    return StudentResult(submission.student, outcomes, problems=[reason], graded=False, **about(submission))


def about(submission):
    """What a ``StudentResult`` records of its submission: the file, when it was handed in, when it was graded."""
    return {"file": submission.path.name, "submitted": submission.submitted,
            "graded_at": datetime.now(timezone.utc).replace(microsecond=0)}


def describe_learner_cell(result, number, run, limits):
    """Record what went wrong in one of the learner's own cells (numbered as in their notebook)."""
    if run.status == "crashed":
        result.problems.append(f"cell {number} crashed the kernel and was skipped")
    elif run.status == "timeout":
        result.problems.append(f"cell {number} was still running after {limits.cell_seconds:g} s and was stopped")
    elif run.status == "error":
        result.problems.append(f"cell {number} raised {run.error}")


def read_outcome(cell, run, limits):
    """The points one grading cell earned, from its run: the verdict its check computed in the grader."""
    if run.status == "crashed":
        return Outcome(cell, reason="the kernel crashed during the check (the process was ended: os._exit, "
                                    "a segfault or running out of memory)")
    if run.status == "timeout":
        return Outcome(cell, reason=f"the check did not finish within {limits.cell_seconds:g} s")
    if run.status == "not run":
        return Outcome(cell, reason="the check could not run (see the submission's other problems)")
    verdict = run.result
    status = verdict["status"]
    reason = ("the answer calls nbtools' own version of it, which is withheld while grading"
              if verdict.get("withheld") else "")
    return Outcome(cell, cell.points if status == "passed" else 0, status, verdict, reason)


def print_progress(done, total, result, stream=sys.stderr):
    """A one-line progress bar on ``stream``, redrawn in place on a terminal."""
    width = 30
    filled = round(width * done / total) if total else width
    line = (f"grading [{'#' * filled}{'.' * (width - filled)}] {done}/{total}  "
            f"{result.student}: {result.total:g}/{result.maximum:g}")
    if stream.isatty():
        stream.write("\r" + line[:120].ljust(120) + ("\n" if done == total else ""))
    else:
        stream.write(line + "\n")
    stream.flush()
