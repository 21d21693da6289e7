"""The ``nbtools`` command line: ``nbtools build`` for authors, ``nbtools release`` and ``nbtools grade`` for
instructors."""

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path


class GradeError(ValueError):
    """``nbtools grade`` cannot start: a bad source or option."""


def main(argv=None):
    """Parse the command line and run one subcommand; exit status 0 on success, 1 on a clear error."""
    parser = argparse.ArgumentParser(prog="nbtools", description="Tools for the learn-by-derivation workbook.")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="execute every text twin in authoring/ into its notebook, "
                                              "then release the exercises' learner copies")
    build.add_argument("--root", default=".", help="the workbook's folder (default: the current one)")
    build.add_argument("--only", help="build only the twins whose path contains this text: 01_ (lesson and "
                            "exercise 1), lessons/01_ or exercises/01_")

    release = commands.add_parser("release", help="write learner copies of instructor exercise sources")
    release.add_argument("sources", nargs="*", type=Path,
                         help="source notebooks (default: instructor/*.ipynb)")
    release.add_argument("--out", type=Path, default=None,
                         help="folder for the learner copies (default: the folder above each source)")

    grade = commands.add_parser("grade", help="grade submitted notebooks against an instructor source: updates "
                                              "grades.csv, the class report, LMS exports and feedback/<student>.html")
    grade.add_argument("submissions", nargs="+", type=Path,
                       help="submitted .ipynb files, or folders of them (searched through; other files are reported "
                            "as skipped); the student id is the file name, or the name of a student's own folder")
    grade.add_argument("--source", type=Path, required=True,
                       help="the instructor source, e.g. instructor/01_derivatives.ipynb")
    grade.add_argument("--out", type=Path, default=Path("grades"),
                       help="output folder (default: grades/); a grade book already there is updated, not replaced")
    grade.add_argument("--start-over", action="store_true",
                       help="discard the grade book in --out and grade only the submissions given")
    grade.add_argument("--roster", type=Path,
                       help="a CSV of the class (columns student, and any of name, email, lms_id, section, files) "
                            "to match files to students and report who handed in nothing")
    grade.add_argument("--deadline", help="the deadline (ISO 8601, e.g. 2026-03-01T23:59): adds submitted and late "
                                          "columns (times from nbgrader's timestamp.txt, else the file's)")
    grade.add_argument("--lms-column", default="",
                       help="the assignment's column in the Canvas and Moodle exports (default: the source's title)")
    grade.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                       help="submissions graded at the same time (default: the number of cores)")
    grade.add_argument("--dask", metavar="ADDRESS",
                       help="grade on the Dask cluster whose scheduler is at ADDRESS (e.g. tcp://scheduler:8786), "
                            "one task per submission (needs the dask extra here and on the workers)")
    grade.add_argument("--cell-timeout", type=float, default=60, help="seconds per cell (default: 60)")
    grade.add_argument("--notebook-timeout", type=float, default=600,
                       help="seconds per submission, restarts included (default: 600)")
    grade.add_argument("--memory-mb", type=int, default=2048, help="memory limit of each kernel (default: 2048)")
    grade.add_argument("--no-sandbox", action="store_true",
                       help="grade without the bubblewrap sandbox (only for trusted submissions: see the README)")

    progress = commands.add_parser("progress", help="for learners: which questions of every exercise pass, fail or "
                                                    "are not attempted yet, from your saved notebooks (no hidden "
                                                    "tests, nothing sent anywhere)")
    progress.add_argument("--root", type=Path, default=Path("."),
                          help="the workbook's folder, with exercises/ and instructor/ (default: the current one)")
    progress.add_argument("--out", type=Path, default=Path("progress.html"),
                          help="the page to write, with the picture (default: progress.html)")

    args = parser.parse_args(argv)
    from .notebooks import ReleaseError  # only now: nbformat takes seconds to import, and --help needs none of it

    try:
        if args.command == "build":
            from .authoring import build as build_all

            build_all(args.root, args.only)
        elif args.command == "grade":
            _grade(args)
        elif args.command == "progress":
            _progress(args.root, args.out)
        else:
            _release(args.sources or sorted(Path("instructor").glob("*.ipynb")), args.out)
    except (ReleaseError, FileNotFoundError, ImportError, GradeError) as error:
        print(f"nbtools {args.command}: {error}", file=sys.stderr)
        return 1
    return 0


def _release(sources, out):
    """Release each source into ``out`` (or next to the ``source/`` folder it lives in)."""
    from .notebooks import learner_copy_path, release_file

    if not sources:
        raise FileNotFoundError("no source notebooks given and none in instructor/")
    for source in sources:
        target = out / source.name if out else learner_copy_path(source.resolve())
        release_file(source, target)
        print(f"released {source} -> {target}")


def _grade(args):
    """Grade the submissions that changed since the grade book in ``--out`` was written; update it, the class
    report, the exports and the feedback pages."""
    from .grading.assemble import Assignment
    from .grading.execute import Limits
    from .grading.grade import grade_all, print_progress
    from .grading.gradebook import GradeBook, StateRefused, grader_version
    from .grading.intake import IntakeError, collect, parse_deadline, read_roster
    from .grading.outputs import ClassRecord, OutputRefused, output_files, output_names, publish, refuse_targets
    from .grading.sandbox import NOT_DEFENDED, SandboxMissing, bwrap
    from .notebooks import read_notebook

    if not args.source.is_file():
        raise FileNotFoundError(f"no such source notebook: {args.source}")
    try:
        assignment = Assignment.from_source(read_notebook(args.source), args.source.stem)  # release's clear errors
    except (ValueError, KeyError) as error:
        raise GradeError(f"cannot read the source: {error}") from None
    if not assignment.grading_cells:
        raise GradeError(f"{args.source} has no check cells (`check.<name>(answer)`) to grade with")
    if min(args.workers, args.cell_timeout, args.notebook_timeout, args.memory_mb) <= 0:
        raise GradeError("--workers, --cell-timeout, --notebook-timeout and --memory-mb must be positive")
    try:
        roster = read_roster(args.roster) if args.roster else None
        deadline = parse_deadline(args.deadline) if args.deadline else None
        intake = collect(args.submissions, roster)
    except IntakeError as error:
        raise GradeError(str(error)) from None
    if not intake.submissions:
        raise FileNotFoundError("no submissions (.ipynb files) found in " + ", ".join(map(str, args.submissions)))
    if args.no_sandbox:
        print(f"nbtools grade: warning: {NOT_DEFENDED}", file=sys.stderr)
    else:
        try:
            bwrap()
        except SandboxMissing as error:
            raise GradeError(str(error)) from None
    digests = {submission.student: submission.sha256 for submission in intake.submissions}
    try:
        book = GradeBook.load(args.out, assignment, hashlib.sha256(args.source.read_bytes()).hexdigest(),
                              grader_version(), args.start_over)
        book.refuse_stale(digests)
        refuse_targets(args.out, output_names(set(book.entries) | set(digests)))
    except (StateRefused, OutputRefused) as error:
        raise GradeError(str(error)) from None
    _report_intake(intake, [student.id for student in roster or [] if student.id not in digests.keys() | book.entries.keys()])
    changed = [submission for submission in intake.submissions if not book.current(submission, digests[submission.student])]
    limits = Limits(args.cell_timeout, args.notebook_timeout, args.memory_mb, sandbox=not args.no_sandbox)
    started = time.monotonic()
    try:
        if args.dask:
            from .grading.cluster import grade_on_cluster
            results = grade_on_cluster(changed, assignment, limits, args.dask, progress=print_progress)
        else:
            results = grade_all(changed, assignment, limits, args.workers, progress=print_progress)
    except KeyboardInterrupt:
        raise GradeError(f"interrupted: nothing was written, {args.out} is as it was") from None
    seconds = time.monotonic() - started
    for result in results:
        book.record(result, digests[result.student])
    record = ClassRecord(assignment, book.results, roster, deadline, intake, {result.student for result in results},
                         args.lms_column or assignment.title)
    old_pages = [f"feedback/{page.name}" for page in (args.out / "feedback").glob("*.html")] if args.start_over else []
    try:
        publish(output_files(record, book), args.out, remove=old_pages)
    except OutputRefused as error:
        raise GradeError(str(error)) from None
    where = f"on {args.dask}" if args.dask else f"{args.workers} workers"
    rate = f" in {seconds:.0f} s ({len(results) / seconds * 60:.1f} per minute, {where})" if results else ""
    print(f"graded {len(results)} submissions{rate}; {len(intake.submissions) - len(results)} unchanged since they "
          f"were graded; the grade book has {len(record.results)} students: {args.out / 'grades.csv'}, "
          f"{args.out / 'report.html'}, {args.out / 'feedback'}/")


def _report_intake(intake, missing):
    """Say on stderr which files did not become a submission, and which students (``missing``) have none
    (submissions.csv lists them all)."""
    def names(items):
        shown = ", ".join(str(item) for item in items[:5])
        return shown + (f" and {len(items) - 5} more" if len(items) > 5 else "")

    for items, what in [([path for path, _ in intake.skipped], "skipped (not notebooks, or archive debris)"),
                        ([path for path, _ in intake.unmatched], "matching no student of the roster, not graded"),
                        ([path for path, _ in intake.superseded], "older files of a student, not graded"),
                        (missing, "students of the roster without a notebook")]:
        if items:
            print(f"nbtools grade: {len(items)} {what}: {names(items)} (see submissions.csv)", file=sys.stderr)


def _progress(root, out):
    """Grade the learner's saved exercises (as ``check.progress()`` does); print a table, write a page."""
    from .progress import measure, page, table

    exercises = measure(root)
    if not exercises:
        raise FileNotFoundError(f"no exercises with instructor sources in {root.resolve()} (give --root)")
    print(table(exercises))
    out.write_text(page(exercises), encoding="utf-8")
    print(f"wrote {out}: open it in a browser to see the picture")
