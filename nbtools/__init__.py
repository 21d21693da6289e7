"""nbtools: the helper package of the learn-by-derivation workbook.

Building blocks by lesson (``derivatives``, ...), plotting helpers (``plotting``), the exercise checks
(``check``) and the instructor tools (``notebooks``, ``cli``).
"""

from .checks import check

__all__ = ["check"]
