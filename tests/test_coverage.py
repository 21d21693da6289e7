"""The coverage table in CONTRIBUTING.md (curriculum bullet -> lesson section -> graded questions) names every
registered check, and only checks that exist."""

import re
from pathlib import Path

import nbtools.checks

CONTRIBUTING = Path(__file__).resolve().parents[1] / "CONTRIBUTING.md"


def coverage_table_checks():
    """The `backticked` names in the third column of the coverage table."""
    text = CONTRIBUTING.read_text(encoding="utf-8").split("## Coverage", 1)[1]
    rows = [line.split("|") for line in text.splitlines() if line.startswith("| ") and line.count("|") == 4]
    return {name for row in rows for name in re.findall(r"`(\w+)`", row[3])}


def test_the_coverage_table_names_every_check_and_only_checks():
    named = coverage_table_checks()
    registered = set(nbtools.checks._CHECKS)
    assert not named - registered, f"the coverage table names checks that do not exist: {sorted(named - registered)}"
    assert not registered - named, f"checks missing from the coverage table: {sorted(registered - named)}"
