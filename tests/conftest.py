"""Test-session setup: keep Jupyter, IPython and matplotlib away from the machine's home folder, so that
nothing configured there (startup scripts, styles, kernels) can change a notebook's outputs."""

import os
import tempfile

import pytest

# tests/fixtures holds other tools' notebooks (nbgrader's quickstart) as data for the grading tests: nbval must
# not run them as workbook notebooks.
collect_ignore = ["fixtures"]

_HOME = tempfile.mkdtemp(prefix="workbook-tests-")
for variable, folder in [("JUPYTER_CONFIG_DIR", "jupyter-config"), ("JUPYTER_DATA_DIR", "jupyter-data"),
                         ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "matplotlib")]:
    os.environ[variable] = os.path.join(_HOME, folder)

import matplotlib  # noqa: E402  (after MPLCONFIGDIR is set)

matplotlib.use("Agg")  # in this process only: the notebooks' kernels keep their inline backend


@pytest.fixture
def short_time_limit():
    """A check time limit of 0.3 s for the test, restored afterwards."""
    from nbtools import check

    before = check.settings.time_limit_seconds
    check.settings.time_limit_seconds = 0.3
    try:
        yield 0.3
    finally:
        check.settings.time_limit_seconds = before
