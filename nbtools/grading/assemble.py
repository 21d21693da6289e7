"""Build the grading copy of one submission: the learner's code, then the instructor's grading cells.

A submission is untrusted. Only the learner's *code* is taken from it, never a check: its code cells
are kept in the learner's order (so deleted, moved or added cells are graded as they were written),
minus every top-level ``check...(...)`` call and their copies of nbgrader's autograder test cells. Then come
the instructor's grading cells, from the source: every check cell and autograder test, then every cell with
hidden tests (last, so that no visible check runs after the learner's code has seen a hidden test's inputs).
They run in the grader, not in the kernel (``judge.py``). What the learner put in their own check cells and
their outputs is never read, nor their metadata but to recognise a copy of a test cell.
"""

import ast
import json
import re
from dataclasses import dataclass, field

import nbformat
from IPython.core.inputtransformer2 import TransformerManager

from ..notebooks import answer_questions, check_call_question, graded_cells, is_graded_by_hand, nbgrader_points

MAX_SUBMISSION_BYTES = 50 * 1024 * 1024
# IPython's transformation of one cell can take minutes on a crafted one (300 `!` lines in 145 KB: 51 s of the
# grader's CPU). No answer comes near this size; a larger code cell is not run, and the reason is recorded.
MAX_CELL_CHARACTERS = 20_000

class Unreadable(Exception):
    """A submission that cannot be graded at all; the message is the reason recorded for the student."""


@dataclass
class GradingCell:
    """One instructor grading cell: its question, role ("check" or "hidden"), points and source, the hint a
    hidden test shows, and its cell number in the source (1-based)."""

    question: str
    role: str
    points: float
    source: str
    hint: str = ""
    number: int = 0

    @property
    def has_hidden_tests(self):
        """A hidden-test cell, or an autograder test with a hidden-test region."""
        return self.role == "hidden" or (self.role == "test" and "BEGIN HIDDEN TESTS" in self.source)


@dataclass
class GradingCopy:
    """What is graded for one submission: the learner's code ``cells``, then the ``grading`` cells, in order.

    ``learner_numbers[i]`` is the learner's own cell number (1-based) of ``cells[i]``.
    """

    cells: list
    grading: list
    learner_numbers: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)


@dataclass
class Assignment:
    """What an instructor source says about grading: its grading cells and the names its answers define; its
    title (the first ``# `` heading) and each question's (the heading above its first cell, such as
    ``## Question 1: the difference quotient``).

    For an nbgrader source, also: the parts graded by hand (``manual``: ``{title: points}``, not in this grade
    book), and what its autograder test cells may use, as they would in the notebook: every name the source's
    other code cells define (``test_names``, taken from the learner) and the source's imports (``test_setup``,
    run in the grader before each test)."""

    grading_cells: list
    answer_names: set
    title: str = ""
    titles: dict = field(default_factory=dict)
    manual: dict = field(default_factory=dict)
    test_names: set = field(default_factory=set)
    test_setup: str = ""

    @classmethod
    def from_source(cls, source, name=""):
        """Read the grading cells and answer names out of an instructor source notebook (``name``: the title
        when the source has no ``# `` heading)."""
        graded, answers = graded_cells(source), answer_questions(source)
        cells = [GradingCell(cell.question, cell.role, cell.points, source.cells[cell.index].source,
                             source.cells[cell.index].metadata.get("nbtools", {}).get("hint", ""), cell.index + 1)
                 for cell in graded]
        names = set()
        for index in answers:
            names |= defined_names(source.cells[index].source)
        first = {}
        for index, question in [*answers.items(), *((cell.index, cell.question) for cell in graded)]:
            first[question] = min(index, first.get(question, index))
        titles = {question: heading_above(source, index) or question for question, index in first.items()}
        manual = {heading_above(source, index + 1) or cell.metadata["nbgrader"].get("grade_id", f"cell {index + 1}"):
                  nbgrader_points(cell) for index, cell in enumerate(source.cells) if is_graded_by_hand(cell)}
        others = [cell.source for index, cell in enumerate(source.cells) if cell.cell_type == "code"
                  and index not in {graded_cell.index for graded_cell in graded}]
        return cls(cells, names, notebook_title(source) or name, titles, manual,
                   set().union(*map(defined_names, others)), "\n".join(filter(None, map(imports_of, others))))

    def names_for(self, cell):
        """The names a grading cell may take from the learner: an autograder test's, or the answers'."""
        return self.test_names if cell.role == "test" else self.answer_names

    @property
    def questions(self):
        """``{question: maximum points}`` in the order the questions appear."""
        totals = {}
        for cell in self.grading_cells:
            totals[cell.question] = totals.get(cell.question, 0) + cell.points
        return totals


HEADING = re.compile(r"^(#+)\s+(.+?)\s*#*\s*$", re.MULTILINE)


def heading_above(notebook, index):
    """The text of the last markdown heading in the cells before cell ``index``, or ''."""
    for cell in reversed(notebook.cells[:index]):
        headings = HEADING.findall(cell.source) if cell.cell_type == "markdown" else []
        if headings:
            return headings[-1][1]
    return ""


def notebook_title(notebook):
    """The text of the notebook's first ``# `` heading, or ''."""
    for cell in notebook.cells:
        for hashes, text in HEADING.findall(cell.source) if cell.cell_type == "markdown" else []:
            if hashes == "#":
                return text
    return ""


def imports_of(source):
    """The top-level import statements of a cell's source, as source text."""
    try:
        body = ast.parse(python_source(source)).body
    except SyntaxError:
        return ""
    return "\n".join(ast.unparse(statement) for statement in body if isinstance(statement, (ast.Import, ast.ImportFrom)))


def read_submission(path):
    """The submitted notebook, or ``Unreadable`` saying in plain words why it cannot be read."""
    size = path.stat().st_size
    if size == 0:
        raise Unreadable("the file is empty")
    if size > MAX_SUBMISSION_BYTES:
        raise Unreadable(f"the file is too large ({size / 2**20:.0f} MB; at most "
                         f"{MAX_SUBMISSION_BYTES // 2**20} MB)")
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise Unreadable(f"the file is not valid notebook JSON, perhaps cut off or edited by hand ({error})") \
            from None
    try:
        notebook = nbformat.reads(text, as_version=4)
        cells = [(cell["cell_type"], cell["source"]) for cell in notebook.cells]
    except Exception as error:  # noqa: BLE001  (nbformat raises many kinds of errors on odd JSON)
        raise Unreadable(f"the file is JSON but not a Jupyter notebook ({type(error).__name__}: {error})") from None
    if not all(isinstance(source, str) for _, source in cells):
        raise Unreadable("the file is JSON but not a Jupyter notebook (a cell's source is not text)")
    return notebook


def assemble(submission, assignment):
    """The grading copy of ``submission``; raises ``Unreadable`` for a notebook of another assignment."""
    code = [(number, cell.source) for number, cell in enumerate(submission.cells, start=1)
            if cell.cell_type == "code" and not is_test_copy(cell)]
    large = [number for number, source in code if len(source) > MAX_CELL_CHARACTERS]
    learner = [(number, python_source(source)) for number, source in code if number not in large]
    written = set().union(*(defined_names(source) for _, source in learner))
    if assignment.answer_names and not written & assignment.answer_names:
        raise Unreadable("this looks like another assignment: it defines none of this exercise's answers ("
                         + ", ".join(sorted(assignment.answer_names)) + ")")
    grading = sorted(assignment.grading_cells, key=lambda cell: cell.has_hidden_tests)  # stable: visible ones first
    copy = GradingCopy(cells=[], grading=grading,
                       problems=[f"cell {number} was not run: it is larger than {MAX_CELL_CHARACTERS:,} characters"
                                 for number in large])
    for number, source in learner:
        source = without_check_calls(source)
        if source.strip():
            copy.learner_numbers[len(copy.cells)] = number
            copy.cells.append(source)
    return copy


def is_test_copy(cell):
    """True for the learner's copy of an nbgrader autograder test cell: the source's own runs instead (as
    nbgrader's OverwriteCells puts the source's test cells back), so the learner's copy is not run."""
    settings = cell.metadata.get("nbgrader")
    return isinstance(settings, dict) and bool(settings.get("grade")) and not settings.get("solution")


def python_source(source):
    """A cell's source as plain Python: IPython's ``%magics`` and ``!shell`` lines become function calls."""
    try:
        return TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001  (leave what IPython cannot read for the kernel to report)
        return source


def without_check_calls(source):
    """``source`` without its top-level ``check...(...)`` statements (the rest of the cell is kept)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return source  # the kernel will report the learner's syntax error
    lines = source.split("\n")
    for statement in body:
        if isinstance(statement, ast.Expr) and check_call_question(statement.value) is not None:
            span = range(statement.lineno - 1, statement.end_lineno)
            shared = {line for other in body if other is not statement
                      for line in (other.lineno - 1, other.end_lineno - 1)}
            if not shared.intersection(span):  # a line like `x = 1; check.a(x)` stays whole
                for number in span:
                    lines[number] = ""
    return "\n".join(lines)


def defined_names(source):
    """The names a cell defines at its top level: functions, classes and assigned variables."""
    try:
        body = ast.parse(python_source(source)).body
    except SyntaxError:
        return set()
    names = set()
    for statement in body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(statement.name)
        elif isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names |= {node.id for target in targets for node in ast.walk(target) if isinstance(node, ast.Name)}
    return names
