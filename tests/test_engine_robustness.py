"""The engine keeps its promise, "a check never raises into your notebook", against answers that misbehave
on purpose or by accident: exits, interrupts, a bare ``except:`` around an endless loop, answers whose own
methods loop or raise, answers nested deeper than the C stack, answers megabytes long."""

import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from nbtools import check
from nbtools.checks.engine import MAX_MESSAGE_CHARACTERS, Case, check_function, check_value


def exits_with_3(f, x, h):
    sys.exit(3)


def raises_system_exit(f, x, h):
    raise SystemExit


def raises_generator_exit(f, x, h):
    raise GeneratorExit


def raises_keyboard_interrupt(f, x, h):
    raise KeyboardInterrupt


@pytest.mark.parametrize("answer, named", [(exits_with_3, "sys.exit(3)"), (raises_system_exit, "sys.exit()"),
                                           (raises_generator_exit, "raise GeneratorExit"),
                                           (raises_keyboard_interrupt, "interrupted")])
def test_exits_and_interrupts_become_a_message(answer, named):
    result = check.difference_quotient(answer)
    assert result.status == "failed"
    assert named in result.problem


def loops_behind_a_bare_except(f, x, h):
    while True:
        try:
            while True:
                pass
        except:  # noqa: E722  a novice's way to "handle errors"
            pass


def test_a_bare_except_cannot_swallow_the_time_limit(short_time_limit):
    start = time.monotonic()
    result = check.difference_quotient(loops_behind_a_bare_except)
    assert time.monotonic() - start < 5
    assert "still running after 0.3 seconds" in result.problem
    assert sys.gettrace() is None  # the tracer that stopped it is gone


class LoopsWhenConverted(float):
    def __float__(self):
        while True:
            pass


class LoopsInArrayFunction(np.ndarray):
    def __array_function__(self, function, types, args, kwargs):
        while True:
            pass


@pytest.mark.parametrize("answer", [LoopsWhenConverted(2.0), np.zeros(2).view(LoopsInArrayFunction)])
def test_an_answer_whose_own_method_loops_is_stopped(short_time_limit, answer):
    result = check_value(answer, np.array([1.0, 2.0]) if isinstance(answer, LoopsInArrayFunction) else 3.0)
    assert result.status == "failed"
    assert "never to return" in result.problem


class RaisesInLen(list):
    def __len__(self):
        raise ValueError("no length today")


class RaisesInFloat(float):
    def __float__(self):
        raise ArithmeticError("cannot be a float")


@pytest.mark.parametrize("answer, expected, method", [(RaisesInLen([1.0]), [1.0, 2.0], "__len__"),
                                                      (RaisesInFloat(2.0), 3.0, "__float__")])
def test_an_answer_whose_own_method_raises_is_blamed_not_the_workbook(answer, expected, method):
    result = check_value(answer, expected)
    assert result.status == "failed"
    assert method in result.problem and "bug in the workbook" not in result.problem


def test_a_registered_check_blames_the_answer_for_its_own_methods():
    result = check.critical_point(RaisesInFloat(2.0))
    assert result.status == "failed"
    assert "__float__" in str(result) and "bug in the workbook" not in str(result)


def test_an_answer_nested_deeper_than_the_c_stack_does_not_crash_the_kernel():
    program = textwrap.dedent("""
        import sys
        from nbtools import check
        sys.setrecursionlimit(10**6)
        nested = [1.0]
        for _ in range(300_000):
            nested = [nested]
        result = check.critical_point(nested)
        print(result.status, "|", result.problem)
        result = check("gradient_ascent", lambda slope, x0, rate, steps: nested)
        print(result.status)
        print(sys.getrecursionlimit())
    """)
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert lines[0].startswith("failed") and lines[1] == "failed" and lines[2] == str(10**6)


def test_a_huge_answer_gives_a_small_card():
    result = check_value("x" * 20_000_000, 3.0)
    assert len(str(result)) < 3 * MAX_MESSAGE_CHARACTERS
    assert len(result._repr_html_()) < 4 * MAX_MESSAGE_CHARACTERS
    result = check_function(lambda v: "y" * 20_000_000, lambda v: "z", [Case((1,), "v = 1")])
    assert len(str(result)) < 6 * MAX_MESSAGE_CHARACTERS
