"""Notebook transformations for instructors: small named steps over ``nbformat`` notebooks.

An exercise is written once, as an instructor source whose answers sit between nbgrader's markers::

    def difference_quotient(f, x, h):
        ### BEGIN SOLUTION
        return (f(x + h) - f(x)) / h
        ### END SOLUTION

    ### BEGIN SOLUTION
    critical_x = 3
    ### END SOLUTION

``release`` derives the learner's copy: inside a function the solution becomes
``raise NotImplementedError`` (so the cell still runs, and the check says "not attempted yet");
at the top level each assignment becomes ``name = ...``. Outputs are cleared. A line that looks like a
marker but is not exactly one (``## BEGIN SOLUTION``, ``### BEGIN SOLUTON``) is refused, since the
solution after it would reach the learner.

The cells that matter for grading are recognised by convention, in the instructor source:

* an **answer cell** holds solution markers; it belongs to the question of the next check cell;
* a **check cell** is a code cell holding only ``check.<name>(...)``: ``<name>`` is the question's id;
* a **hidden-test cell** is a code cell tagged ``hidden``, with ``{"nbtools": {"question": id}}`` in its
  metadata: instructor-only cases whose last expression is a ``CheckResult``.

nbgrader's instructor-only regions never reach the learner either: ``### BEGIN HIDDEN TESTS`` ... ``### END
HIDDEN TESTS`` (hidden tests inside an autograder test cell) and ``### BEGIN MARK SCHEME`` ... ``### END MARK
SCHEME`` (notes for grading by hand) are cut out of the learner copy, markers included. A line that looks like
such a marker but is not one is refused, as for the solution markers; so is a hidden-test region in a cell that
is not an autograder test cell (nbgrader metadata ``grade: true``), where grading could not run it; and the
finished learner copy is searched once more, so that nothing marked hidden is ever released.

Points come from a check or hidden-test cell's metadata ``{"nbtools": {"points": N}}`` (default 1).
``release`` also removes the hidden tests (leaving a note that they exist) and tags the answer and check
cells with their question, role and points, so the learner copy says what is graded.
"""

import ast
import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

HIDDEN_TAG = "hidden"
HIDDEN_NOTE = "This question also has hidden tests that run when your work is graded."
BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
MARKER_LINE = re.compile(r"^(?P<indent>\s*)### (?P<which>BEGIN|END) SOLUTION\s*$")
# A comment starting with BEGIN or END and then SOL..., in any case: a marker, or a mistyped one that must not pass.
LOOKS_LIKE_MARKER = re.compile(r"^\s*#+\s*(BEGIN|END)\s*SOL", re.IGNORECASE | re.MULTILINE)


# nbgrader's regions (its ClearHiddenTests, ClearMarkingScheme and, in markdown, ClearSolutions): like nbgrader,
# a line that contains the delimiter is a marker. Each delimiter, and what a mistyped marker of it looks like.
REGION_NEAR_MISSES = {"HIDDEN TESTS": r"HIDDEN[\W_]*TEST", "MARK SCHEME": r"MARK[\W_]*SCHEME", "SOLUTION": r"SOL"}
INSTRUCTOR_REGIONS = ("HIDDEN TESTS", "MARK SCHEME")  # for the instructor only, in every cell
LOOKS_LIKE_INSTRUCTOR_MARKER = re.compile(r"(BEGIN|END)[\W_]*(HIDDEN[\W_]*TEST|MARK[\W_]*SCHEME)", re.IGNORECASE)
# nbgrader's ClearSolutions stubs for Python: what a solution cell without markers becomes
NBGRADER_CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
NBGRADER_TEXT_STUB = "YOUR ANSWER HERE"


class ReleaseError(ValueError):
    """A source notebook whose solution markers cannot be turned into a learner template."""


def replace_solutions(notebook):
    """Replace every solution by its learner template (in place).

    Every code cell with something like a marker is read, not only those with an exact BEGIN marker: a
    mistyped ``## BEGIN SOLUTION`` would otherwise leave its whole solution in the learner's copy. An nbgrader
    solution cell (metadata ``solution: true``) is cleared as nbgrader clears it: its regions, or the whole cell
    when it has none, become nbgrader's stub (``YOUR ANSWER HERE`` in a markdown cell).
    """
    for number, cell in enumerate(notebook.cells, start=1):
        solution = is_nbgrader_solution(cell)
        try:
            if cell.cell_type == "markdown" and solution:
                cleared = replace_regions(cell.source, "SOLUTION", [NBGRADER_TEXT_STUB])
                cell.source = cleared if cleared != cell.source else NBGRADER_TEXT_STUB
            elif cell.cell_type == "code" and LOOKS_LIKE_MARKER.search(cell.source):
                cell.source = template_for(cell.source, NBGRADER_CODE_STUB if solution else None)
            elif cell.cell_type == "code" and solution:
                cell.source = NBGRADER_CODE_STUB
        except ReleaseError as error:
            raise ReleaseError(f"cell {number}: {error}") from None
    return notebook


def template_for(source, stub=None):
    """The learner's version of one cell's source: each solution region replaced by a template (``stub``, when
    given, for a top-level region that is not only answers, which is otherwise refused)."""
    lines, output, region, indent = source.split("\n"), [], None, ""
    for number, line in enumerate(lines, start=1):
        marker = MARKER_LINE.match(line)
        if not marker and LOOKS_LIKE_MARKER.match(line):
            raise ReleaseError(f"line {number}: {line.strip()!r} looks like a solution marker but is not one; "
                               f"write exactly '{BEGIN}' or '{END}'")
        if marker and marker["which"] == "BEGIN":
            if region is not None:
                raise ReleaseError(f"'{BEGIN}' inside another solution region")
            region, indent = [], marker["indent"]
        elif marker:
            if region is None:
                raise ReleaseError(f"'{END}' without a '{BEGIN}'")
            output.extend(_template_lines(region, indent, stub))
            region = None
        elif region is not None:
            region.append(line)
        else:
            output.append(line)
    if region is not None:
        raise ReleaseError(f"'{BEGIN}' without an '{END}'")
    return "\n".join(output)


def _template_lines(region, indent, stub=None):
    """Inside a function: raise NotImplementedError. At the top level: ``name = ...`` per assignment (or
    ``stub``, when given, for other code)."""
    if indent:
        return [f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError"]
    try:
        statements = ast.parse("\n".join(region)).body
    except SyntaxError as error:
        raise ReleaseError(f"the solution does not parse: {error}") from None
    names = []
    for statement in statements:
        if not (isinstance(statement, ast.Assign) and all(isinstance(t, ast.Name) for t in statement.targets)):
            if stub is not None:
                return stub.split("\n")
            raise ReleaseError("a top-level solution may only assign answers (`name = ...`); "
                               "put the markers inside the function body for code")
        names.extend(target.id for target in statement.targets)
    return [f"{name} = ...  # YOUR ANSWER HERE" for name in dict.fromkeys(names)]


def remove_instructor_regions(notebook):
    """Cut nbgrader's hidden-test and mark-scheme regions out of every cell (in place).

    Refuses a mistyped marker, a region left open, a nested one, and hidden tests outside an autograder test
    cell: each would put instructor-only text in the learner's copy, or keep hidden tests from ever running.
    """
    for number, cell in enumerate(notebook.cells, start=1):
        try:
            for delimiter in INSTRUCTOR_REGIONS:
                source = replace_regions(cell.source, delimiter)
                if delimiter == "HIDDEN TESTS" and source != cell.source and not is_autograder_test(cell):
                    raise ReleaseError("hidden tests ('### BEGIN HIDDEN TESTS') may only stand in an autograder "
                                       "test cell (nbgrader metadata grade: true, solution: false), where grading "
                                       "runs them; move them into one")
                cell.source = source
        except ReleaseError as error:
            raise ReleaseError(f"cell {number}: {error}") from None
    return notebook


def replace_regions(source, delimiter, replacement=()):
    """``source`` with each ``BEGIN <delimiter>`` ... ``END <delimiter>`` region, marker lines included, replaced by
    the lines ``replacement``. A line that contains the delimiter is a marker, as for nbgrader."""
    kept, inside = [], False
    for number, line in enumerate(source.split("\n"), start=1):
        begin, end = f"BEGIN {delimiter}" in line, f"END {delimiter}" in line
        if not (begin or end) and re.search(rf"(BEGIN|END)[\W_]*{REGION_NEAR_MISSES[delimiter]}", line, re.IGNORECASE):
            raise ReleaseError(f"line {number}: {line.strip()!r} looks like a marker but is not one; write exactly "
                               f"'### BEGIN {delimiter}' or '### END {delimiter}'")
        if begin:
            if inside:
                raise ReleaseError(f"'BEGIN {delimiter}' inside another {delimiter.lower()} region")
            inside = True
        elif end:
            if not inside:
                raise ReleaseError(f"'END {delimiter}' without a 'BEGIN {delimiter}'")
            kept.extend(replacement)
            inside = False
        elif not inside:
            kept.append(line)
    if inside:
        raise ReleaseError(f"'BEGIN {delimiter}' without an 'END {delimiter}'")
    return "\n".join(kept)


def refuse_instructor_text(notebook):
    """Raise ``ReleaseError`` if anything marked for the instructor only is still in ``notebook``: the last
    check before a learner copy is written."""
    for number, cell in enumerate(notebook.cells, start=1):
        if LOOKS_LIKE_INSTRUCTOR_MARKER.search(cell.source) or is_hidden_test(cell):
            raise ReleaseError(f"cell {number} of the learner copy still holds hidden tests or a mark scheme: "
                               "refusing to release it")
    return notebook


def clear_outputs(notebook):
    """Remove every code cell's outputs and execution count (in place)."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return notebook


# --- the conventions: which cells are graded, and for how many points -----------------------------------

@dataclass(frozen=True)
class GradedCell:
    """A check or hidden-test cell of an instructor source: where it is, what it grades, its worth."""

    index: int
    question: str
    role: str  # "check", "hidden" or "test" (an nbgrader autograder test cell)
    points: float


def check_call_question(node):
    """The question id of an ``ast`` expression ``check.<name>(...)`` or ``check("<name>", ...)``, else None."""
    if not isinstance(node, ast.Call):
        return None
    function = node.func
    if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name) and function.value.id == "check":
        return function.attr
    if (isinstance(function, ast.Name) and function.id == "check" and node.args
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
        return node.args[0].value
    return None


def check_cell_question(cell):
    """The question id of a check cell (a code cell holding one ``check.<name>(...)`` call), else None."""
    if cell.cell_type != "code":
        return None
    try:
        body = ast.parse(cell.source).body
    except SyntaxError:
        return None
    if len(body) == 1 and isinstance(body[0], ast.Expr):
        return check_call_question(body[0].value)
    return None


def is_hidden_test(cell):
    """True for a code cell tagged ``hidden``: instructor-only test cases."""
    return cell.cell_type == "code" and HIDDEN_TAG in cell.metadata.get("tags", [])


def is_nbgrader_solution(cell):
    """True for a cell whose ``nbgrader`` metadata says ``solution: true``: the learner writes it."""
    return bool(cell.metadata.get("nbgrader", {}).get("solution"))


def is_autograder_test(cell):
    """True for an nbgrader autograder test cell: a code cell whose ``nbgrader`` metadata says ``grade: true``
    and not ``solution: true``."""
    settings = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(settings.get("grade")) and not settings.get("solution")


def is_answer_cell(cell):
    """True for a code cell holding solution markers, or an nbgrader solution code cell."""
    return cell.cell_type == "code" and (BEGIN in cell.source or is_nbgrader_solution(cell))


def is_graded_by_hand(cell):
    """True for an nbgrader cell graded by a person: a written or code answer with points (``solution`` and
    ``grade``), or a task (``task: true``)."""
    settings = cell.metadata.get("nbgrader", {})
    return bool(settings.get("task") or (settings.get("solution") and settings.get("grade")))


def nbgrader_points(cell):
    """The points nbgrader metadata gives a cell (0 if none)."""
    points = cell.metadata.get("nbgrader", {}).get("points", 0)
    return float(points) if isinstance(points, (int, float)) and not isinstance(points, bool) else 0.0


def graded_cells(notebook):
    """Every check, hidden-test and autograder test cell of an instructor source, in notebook order.

    An nbgrader autograder test cell (role "test") belongs to the question of the nearest nbgrader answer cell
    above it, named by that cell's ``grade_id`` (its own ``grade_id`` when there is none), and is worth its
    ``points``."""
    graded, answer = [], None
    for index, cell in enumerate(notebook.cells):
        settings = cell.metadata.get("nbtools", {})
        if is_hidden_test(cell):
            if not settings.get("question"):
                raise ReleaseError(f'cell {index + 1}: a hidden-test cell needs {{"nbtools": {{"question": ...}}}} '
                                   "in its metadata")
            graded.append(GradedCell(index, settings["question"], "hidden", settings.get("points", 1)))
        elif is_autograder_test(cell):
            own = str(cell.metadata["nbgrader"].get("grade_id") or f"test_{index + 1}")
            graded.append(GradedCell(index, answer or own, "test", nbgrader_points(cell)))
        elif (question := check_cell_question(cell)) is not None:
            graded.append(GradedCell(index, question, "check", settings.get("points", 1)))
        elif is_answer_cell(cell) and is_nbgrader_solution(cell):
            answer = str(cell.metadata["nbgrader"].get("grade_id") or "") or None
    return graded


def answer_questions(notebook):
    """``{index: question}`` for each answer cell: it answers the question of the next graded cell."""
    graded, answers = graded_cells(notebook), {}
    for index, cell in enumerate(notebook.cells):
        following = [g for g in graded if g.index > index]
        if is_answer_cell(cell) and following:
            answers[index] = following[0].question
    return answers


def question_points(graded):
    """``{question: total points}`` over graded cells, in the order the questions first appear."""
    totals = {}
    for cell in graded:
        totals[cell.question] = totals.get(cell.question, 0) + cell.points
    return totals


# --- the other release steps -----------------------------------------------------------------------------

def tag_graded_cells(notebook):
    """Write question, role and points into the metadata of each answer, check and autograder test cell (in place).

    A check or test cell carries its own points; an answer cell carries its question's total (hidden tests
    included), so the learner copy says what each question is worth. Run it before the markers go.
    """
    graded = graded_cells(notebook)
    totals = question_points(graded)
    for cell in graded:
        if cell.role in ("check", "test"):
            _tag(notebook.cells[cell.index], cell.question, cell.role, cell.points)
    for index, question in answer_questions(notebook).items():
        _tag(notebook.cells[index], question, "answer", totals[question])
    return notebook


def _tag(cell, question, role, points):
    cell.metadata["nbtools"] = {**cell.metadata.get("nbtools", {}), "question": question, "role": role,
                                "points": points}


def remove_hidden_tests(notebook):
    """Replace the hidden-test cells by a note, one per question, saying that hidden tests exist (in place)."""
    kept, noted = [], set()
    for cell in notebook.cells:
        if not is_hidden_test(cell):
            kept.append(cell)
            continue
        question = cell.metadata.get("nbtools", {}).get("question")
        if question in noted:
            continue
        noted.add(question)
        note = nbformat.from_dict({"cell_type": "markdown", "source": f"**Hidden tests.** {HIDDEN_NOTE}",
                                   "metadata": {"nbtools": {"question": question, "role": "hidden-tests-note"}}})
        if "id" in cell:
            note.id = cell.id  # deterministic: releasing twice gives the same file
        kept.append(note)
    notebook.cells = kept
    return notebook


def release(source_notebook):
    """The learner's copy of an instructor source: graded cells tagged, hidden-test and mark-scheme regions cut
    out, solutions replaced by templates, hidden tests replaced by a note, outputs cleared, and then refused if
    anything hidden is left. The source itself is not changed."""
    notebook = copy.deepcopy(source_notebook)
    for step in (tag_graded_cells, remove_instructor_regions, replace_solutions, remove_hidden_tests, clear_outputs,
                 refuse_instructor_text):
        step(notebook)
    return notebook


def release_file(source_path, learner_path):
    """Read an instructor source, write its learner copy (making its folder if there is none yet)."""
    learner = release(read_notebook(source_path))
    Path(learner_path).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(learner, learner_path)


def read_notebook(path):
    """Read a notebook, or raise ``ReleaseError`` saying in one line which file is wrong and how.

    A source left with merge-conflict markers, cut off, or not a notebook at all should get a sentence
    an instructor can act on, not nbformat's traceback.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
        json.loads(text)
    except UnicodeDecodeError:
        raise ReleaseError(f"{path} is not a notebook: it is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ReleaseError(f"{path} is not a notebook: its JSON is broken at line {error.lineno}, column "
                           f"{error.colno} ({error.msg}); look for merge-conflict markers or a cut-off file") from None
    except OSError as error:
        raise ReleaseError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # noqa: BLE001  (nbformat raises many kinds of errors on odd JSON)
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ReleaseError(f"{path} is JSON but not a Jupyter notebook ({reason})") from None
    return notebook


def learner_copy_path(source_path):
    """Where a source's learner copy lives: instructor/NN.ipynb -> exercises/NN.ipynb, beside it.

    Only a notebook in a folder named ``instructor`` has a place for its copy: for any other path the copy
    could be the source itself or some file beside it, and releasing would overwrite the instructor's
    solutions. So that is refused.
    """
    source_path = Path(source_path)
    if source_path.parent.name != "instructor":
        raise ReleaseError(f"{source_path} is not in a folder named instructor/, so its learner copy has no place "
                           "of its own (it could overwrite the solutions); move it into instructor/ or give "
                           "`--out FOLDER`")
    return source_path.parent.parent / "exercises" / source_path.name
