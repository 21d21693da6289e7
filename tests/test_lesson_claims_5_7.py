"""Numbers stated in the prose of lessons 5-7, asserted against the executed notebooks in lessons/.

Each test reads the stored outputs (the ones nbval compares strictly), so a sentence whose number no longer
matches its notebook's output fails here (issue 15, section 6).
"""

import re
from pathlib import Path

import nbformat

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def outputs(lesson):
    """The text of every code cell's outputs in lessons/<lesson>.ipynb, joined, in cell order."""
    notebook = nbformat.read(LESSONS / f"{lesson}.ipynb", as_version=4)
    return "\n".join(output.get("text") or output.get("data", {}).get("text/plain", "")
                     for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", []))


def markdown(lesson):
    """The text of every markdown cell in lessons/<lesson>.ipynb, joined."""
    notebook = nbformat.read(LESSONS / f"{lesson}.ipynb", as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def test_lesson_5_forward_mode_against_backwards_for_784_32_10():
    text = outputs("05_backpropagation")
    assert "784-32-10, 25,450 parameters" in text
    assert "forward mode: 25,450 passes" in text and "backwards:    1 pass" in text


def test_lesson_5_a_forgotten_slope_scores_0_65_not_1():
    text = outputs("05_backpropagation")
    assert "DISAGREE: max relative error 6.5e-01 at W1[1, 1] (backprop -0.0950545, finite difference -0.0199399)" in text
    assert round(0.0950545 / 0.0199399, 1) == 4.8


def test_lesson_5_best_step_is_near_the_cube_root_of_epsilon_on_both_networks():
    text = outputs("05_backpropagation")
    best = [float(step) for step in re.findall(r"best step ([0-9.e+-]+)", text)]
    assert len(best) == 2 and all(1e-6 < step < 1e-4 for step in best)
    assert "cube root of epsilon: 6.1e-06" in text
    errors_at_1e_6 = [float(e) for e in re.findall(r" 1e-6: ([0-9.e+-]+)", text)]
    assert all(e < 1e-6 for e in errors_at_1e_6)


def test_lesson_5_checks_of_correct_gradients_score_between_1e_10_and_1e_7():
    text = outputs("05_backpropagation")
    scores = [float(e) for e in re.findall(r"gradients agree: max relative error ([0-9.e+-]+)", text)]
    assert scores and all(1e-11 < score < 1e-6 for score in scores)


def test_lesson_5_every_question_has_a_revealable_answer():
    questions = markdown("05_backpropagation").split("## Questions")[1]
    assert len(re.findall(r"^\d+\. ", questions, flags=re.MULTILINE)) == questions.count("<summary>Answer</summary>") == 5


def test_lesson_6_steepest_and_flattest_factors_at_0_24_and_0_3():
    text = outputs("06_gradient_descent")
    assert "eta = 0.24: steepest factor 1 - eta * largest = -0.93, flattest 1 - eta * smallest = 0.996" in text
    assert "eta = 0.3: steepest factor 1 - eta * largest = -1.41" in text


def test_lesson_6_momentum_limit_is_0_136_and_holds_on_the_valley():
    text = outputs("06_gradient_descent")
    assert "0.136" in text
    converged = float(re.search(r"eta = 0.13: distance to the minimum after 500 steps ([0-9.e+-]+)", text)[1])
    diverged = float(re.search(r"eta = 0.14: distance to the minimum after 500 steps ([0-9.e+-]+)", text)[1])
    assert converged < 1e-10 and diverged > 1e10


def test_lesson_7_logistic_regression_with_and_without_its_l2_penalty():
    text = outputs("07_learning_loop")
    assert "the same without the L2 penalty:                  96.1%" in text  # 346 of 360


def test_lesson_7_the_spread_over_six_seeds_is_what_the_prose_and_summary_say():
    text = outputs("07_learning_loop")
    assert "network, seeds 0-5: [350, 350, 350, 346, 348, 347] of 360 right; logistic regression: 347" in text
    assert "network beats logistic regression on 4 of 6 seeds, ties on 1" in text
    prose = " ".join(markdown("07_learning_loop").split())
    assert "between 346 and 350 of the 360 images right (96.1% to 97.2%)" in prose
    assert "seeds gave 346 to 350 images right, and two of them no more than logistic regression's 347" in prose
    assert round(346 / 360, 3) == 0.961 and round(350 / 360, 3) == 0.972
