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
at the top level each assignment becomes ``name = ...``. Outputs are cleared.
"""

import ast
import copy
import re
from pathlib import Path

import nbformat

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
MARKER_LINE = re.compile(r"^(?P<indent>\s*)### (?P<which>BEGIN|END) SOLUTION\s*$")


class ReleaseError(ValueError):
    """A source notebook whose solution markers cannot be turned into a learner template."""


def replace_solutions(notebook):
    """Replace every solution region in the code cells by its learner template (in place)."""
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "code" and BEGIN in cell.source:
            try:
                cell.source = template_for(cell.source)
            except ReleaseError as error:
                raise ReleaseError(f"cell {number}: {error}") from None
    return notebook


def template_for(source):
    """The learner's version of one cell's source: each solution region replaced by a template."""
    lines, output, region, indent = source.split("\n"), [], None, ""
    for line in lines:
        marker = MARKER_LINE.match(line)
        if marker and marker["which"] == "BEGIN":
            if region is not None:
                raise ReleaseError(f"'{BEGIN}' inside another solution region")
            region, indent = [], marker["indent"]
        elif marker:
            if region is None:
                raise ReleaseError(f"'{END}' without a '{BEGIN}'")
            output.extend(_template_lines(region, indent))
            region = None
        elif region is not None:
            region.append(line)
        else:
            output.append(line)
    if region is not None:
        raise ReleaseError(f"'{BEGIN}' without an '{END}'")
    return "\n".join(output)


def _template_lines(region, indent):
    """Inside a function: raise NotImplementedError. At the top level: ``name = ...`` per assignment."""
    if indent:
        return [f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError"]
    try:
        statements = ast.parse("\n".join(region)).body
    except SyntaxError as error:
        raise ReleaseError(f"the solution does not parse: {error}") from None
    names = []
    for statement in statements:
        if not (isinstance(statement, ast.Assign) and all(isinstance(t, ast.Name) for t in statement.targets)):
            raise ReleaseError("a top-level solution may only assign answers (`name = ...`); "
                               "put the markers inside the function body for code")
        names.extend(target.id for target in statement.targets)
    return [f"{name} = ...  # YOUR ANSWER HERE" for name in dict.fromkeys(names)]


def clear_outputs(notebook):
    """Remove every code cell's outputs and execution count (in place)."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return notebook


def release(source_notebook):
    """The learner's copy of an instructor source: solutions replaced by templates, outputs cleared."""
    return clear_outputs(replace_solutions(copy.deepcopy(source_notebook)))


def release_file(source_path, learner_path):
    """Read an instructor source, write its learner copy."""
    notebook = nbformat.read(source_path, as_version=4)
    nbformat.write(release(notebook), learner_path)


def learner_copy_path(source_path):
    """Where a source's learner copy lives: exercises/source/NN.ipynb -> exercises/NN.ipynb."""
    source_path = Path(source_path)
    return source_path.parent.parent / source_path.name
