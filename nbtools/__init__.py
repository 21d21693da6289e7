"""nbtools: the helper package of the learn-by-derivation workbook.

Building blocks by lesson (``derivatives``, ...), plotting helpers (``plotting``), the exercise checks
(``check``) and the instructor tools (``notebooks``, ``cli``).
"""

import sys

__all__ = ["check"]

# nbformat imports jsonschema, which imports its optional IRI checker, rfc3987_syntax, when it is installed
# (jupyter-events asks for it): that compiles an Earley grammar, 2.2 s here in every `nbtools` command and in
# each grading server (jsonschema issue #1428). No notebook field is an IRI, so nbtools goes without it, and
# jsonschema leaves the "iri" formats unchecked. A process that already imported it keeps it.
sys.modules.setdefault("rfc3987_syntax", None)


def __getattr__(name):
    """``nbtools.check``, imported on first use: the checks import SymPy and every exercise's cases (0.7 s), which
    a grading kernel, importing only ``nbtools.grading.runner``, does not need."""
    if name == "check":
        from .checks import check

        globals()["check"] = check
        return check
    raise AttributeError(f"module 'nbtools' has no attribute {name!r}")
