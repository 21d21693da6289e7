"""Numbers stated in the prose of lesson 7, asserted against the executed notebook ``lessons/07_learning_loop.ipynb``."""

from lesson_text import markdown, outputs


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
