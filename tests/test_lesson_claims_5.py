"""Numbers stated in the prose of lesson 5, asserted against the executed notebook ``lessons/05_backpropagation.ipynb``."""

import re

from lesson_text import markdown, outputs


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


def test_lesson_5_states_the_gradient_checks_floor_as_the_finite_differences_noise():
    assert "E = 0.1576: floor 2 eps |E| / (s * 1e-6) = 7.0e-06" in outputs("05_backpropagation")
    assert "never allowed below $10^{-8}$" not in markdown("05_backpropagation")
