"""Grade submissions: assemble each grading copy, execute it, read the verdicts back, total the points.

A grading cell earns its points only when it ran to the end and produced exactly one verdict, and
that verdict carries this run's nonce, its own question and role, and the status "passed". Nothing
else is read: not what the learner printed, not their own check cells, not their notebook's outputs.

One submission's trouble never reaches another's: whatever goes wrong becomes a sentence in its
``StudentResult``, with zero points for what could not be graded. Submissions run in parallel threads
(each waits on its own kernel process).
"""

import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import Unreadable, assemble, read_submission
from .execute import Limits, execute
from .harness import MAX_FIELD_CHARACTERS


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
    """Everything known about one submission: one outcome per grading cell, and what went wrong."""

    student: str
    outcomes: list
    problems: list = field(default_factory=list)
    graded: bool = True

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


def collect_submissions(arguments):
    """The submitted notebooks: each argument a file, or a folder whose ``*.ipynb`` files are taken."""
    paths = []
    for argument in map(Path, arguments):
        if argument.is_dir():
            paths.extend(sorted(argument.glob("*.ipynb")))
        elif argument.exists():
            paths.append(argument)
        else:
            raise FileNotFoundError(f"no such submission file or folder: {argument}")
    stems = [path.stem for path in paths]
    duplicates = sorted({stem for stem in stems if stems.count(stem) > 1})
    if duplicates:
        raise FileNotFoundError("two submissions have the same student id (file name): " + ", ".join(duplicates))
    return paths


def grade_all(paths, assignment, limits=Limits(), workers=1, progress=None):
    """Grade every submission in ``paths``, ``workers`` at a time; results sorted by student id."""
    results = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(grade_submission, path, assignment, limits) for path in paths]
        for future in as_completed(futures):
            results.append(future.result())
            if progress:
                progress(len(results), len(paths), results[-1])
    return sorted(results, key=lambda result: result.student)


def grade_submission(path, assignment, limits=Limits()):
    """Grade one submitted notebook; never raises."""
    path = Path(path)
    try:
        copy = assemble(read_submission(path), assignment)
    except (Unreadable, OSError) as error:
        return not_graded(path.stem, assignment, str(error) if isinstance(error, Unreadable)
                          else f"the file cannot be read ({error.strerror or error})")
    try:
        execution = execute(copy.cells, limits, run_once=set(copy.grading))
    except Exception as error:  # noqa: BLE001  (a bug of ours must not cost the rest of the batch)
        return not_graded(path.stem, assignment, f"grading failed: {type(error).__name__}: {error} "
                                                 "(a problem of the grader, not of the submission)")
    result = StudentResult(path.stem, [], problems=[*copy.problems, *execution.problems])
    for index, number in copy.learner_numbers.items():
        describe_learner_cell(result, number, execution.runs[index], limits)
    for index, cell in copy.grading.items():
        outcome = read_outcome(cell, execution.runs[index], copy.nonce, limits)
        result.outcomes.append(outcome)
        if outcome.reason:
            result.problems.append(f"{cell.question}{' (hidden tests)' if cell.role == 'hidden' else ''}: "
                                   f"{outcome.reason}")
    return result


def not_graded(student, assignment, reason):
    """A submission that could not be run at all: zero for every grading cell, and why."""
    outcomes = [Outcome(cell, reason=reason) for cell in assignment.grading_cells]
    return StudentResult(student, outcomes, problems=[reason], graded=False)


def describe_learner_cell(result, number, run, limits):
    """Record what went wrong in one of the learner's own cells (numbered as in their notebook)."""
    if run.status == "crashed":
        result.problems.append(f"cell {number} crashed the kernel and was skipped")
    elif run.status == "timeout":
        result.problems.append(f"cell {number} was still running after {limits.cell_seconds:g} s and was stopped")
    elif run.status == "error":
        result.problems.append(f"cell {number} raised {run.error}")


def read_outcome(cell, run, nonce, limits):
    """The points one grading cell earned, from its run; only a single, genuine verdict counts."""
    if run.status == "crashed":
        return Outcome(cell, reason="the kernel crashed during the check (the process was ended: os._exit, "
                                    "a segfault or running out of memory)")
    if run.status == "timeout":
        return Outcome(cell, reason=f"the check did not finish within {limits.cell_seconds:g} s")
    if run.status == "not run":
        return Outcome(cell, reason="the check could not run (see the submission's other problems)")
    if run.status == "error":  # the error's text is the learner's, and could quote a hidden test
        return Outcome(cell, reason="the grading cell failed" + ("" if cell.role == "hidden" else f" ({run.error})"))
    genuine = [verdict for verdict in run.verdicts if isinstance(verdict, dict) and verdict.get("nonce") == nonce
               and verdict.get("question") == cell.question and verdict.get("role") == cell.role]
    if len(run.verdicts) != 1 or len(genuine) != 1:
        return Outcome(cell, reason=f"the check produced {len(run.verdicts)} verdicts instead of one "
                                    "(output imitating a verdict earns nothing)")
    verdict = {key: bounded(value) for key, value in genuine[0].items()}
    status = verdict.get("status") if verdict.get("status") in ("passed", "failed", "not attempted yet") \
        else "failed"
    reason = "the answer is nbtools' own reference function, not the learner's code" if verdict.get("refused") else ""
    return Outcome(cell, cell.points if status == "passed" else 0, status, verdict, reason)


def bounded(value):
    """A verdict field as the grader keeps it: a number, or text of at most ``MAX_FIELD_CHARACTERS``."""
    if isinstance(value, (bool, int, float)):
        return value
    return str(value)[:MAX_FIELD_CHARACTERS]


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
