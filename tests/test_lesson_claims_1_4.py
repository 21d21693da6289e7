"""Numbers stated in the prose of lessons 1-4, asserted against the executed notebooks in lessons/.

Each test reads the stored outputs (the ones nbval compares strictly), so a sentence whose number no longer
matches its notebook's output fails here (issue 15, section 6).
"""

from pathlib import Path

import re

import nbformat
import numpy as np
import pytest

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def outputs(lesson):
    """The text of every code cell's outputs in lessons/<lesson>.ipynb, joined, in cell order."""
    notebook = nbformat.read(LESSONS / f"{lesson}.ipynb", as_version=4)
    texts = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            texts.append(output.get("text") or output.get("data", {}).get("text/plain", ""))
    return "\n".join(texts)


def markdown(lesson):
    """The text of every markdown cell in lessons/<lesson>.ipynb, joined."""
    notebook = nbformat.read(LESSONS / f"{lesson}.ipynb", as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize("lesson", ["01_derivatives", "04_softmax_cross_entropy"])
def test_every_question_has_a_revealable_answer(lesson):
    questions = markdown(lesson).split("## Questions")[1]
    numbered = re.findall(r"^\d+\. ", questions, flags=re.MULTILINE)
    assert len(numbered) >= 3
    assert questions.count("<details><summary>Answer</summary>") == len(numbered)
    assert questions.count("</details>") == len(numbered)


def test_lesson_1_profit_values_and_slopes():
    text = outputs("01_derivatives")
    assert "(-10, 0)" in text  # P(0) = -10, P(1) = 0
    assert "(-4, 3, 8)" in text  # P'' = -4, x = 3, P(3) = 8
    assert "[(12, -36), (0, 12), (3, 0)]" in text
    assert "h = 0.001  secant slope = 7.9980   error = -0.0020" in text


def test_lesson_1_distance_to_the_top_shrinks_by_one_minus_four_eta():
    text = outputs("01_derivatives")
    for rate, factor in [(0.01, "+0.96"), (0.1, "+0.60"), (0.45, "-0.80"), (0.5, "-1.00"), (0.55, "-1.20")]:
        assert f"learning rate {rate:<5} 1 - 4*rate = {factor}   measured ratios: {factor}00 to {factor}00" in text
    assert "learning rate 0.5    x after 15 steps:     6.0000" in text  # jumps between 0 and 6
    assert "learning rate 0.55  1 - 4*rate = -1.20   measured ratios: -1.2000 to -1.2000   |x - 3| after 15 steps: 46.22" in text


def test_lesson_4_overflow_threshold_and_unsafe_shifts():
    text = outputs("04_softmax_cross_entropy")
    assert "its log:           709.78" in text
    assert "e^709, e^710:      8.218407461554972e+307 inf" in text
    assert "[0, 0, 2000] minus its mean: [ 0.  0. nan]" in text
    assert "[0, 800] minus its min:      [ 0. nan]" in text


def test_lesson_4_clipping_changes_subnormals_too():
    text = outputs("04_softmax_cross_entropy")
    assert "tiny:            2.2250738585072014e-308" in text
    assert "after clipping:  [2.2251e-308 2.2251e-308 2.2251e-308 1.0000e-300 5.0000e-001]" in text
    assert "-log before:     [       inf 7.4444e+02 7.1380e+02" in text
    assert "-log after:      [7.0840e+02 7.0840e+02 7.0840e+02" in text


def test_lesson_4_answer_to_question_3():
    """The numbers in the model answer: one sample at 0.001, nine at 0.9."""
    bad, good = -np.log(0.001), -np.log(0.9)
    mean = (bad + 9 * good) / 10
    assert (round(bad, 3), round(good, 3), round(bad / good), round(mean, 3), round(100 * bad / (10 * mean))) == (
        6.908, 0.105, 66, 0.786, 88)
    answers = markdown("04_softmax_cross_entropy")
    for stated in ["6.908", "0.105", "about 66 times", "0.786", "88%"]:
        assert stated in answers
