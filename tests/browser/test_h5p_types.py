"""Each content type the issue names plays in a lesson (issue 21): the learner
answers, the result reaches their progress, and the lesson's frame follows the
exercise's height as it changes. TrueFalse, the real hub code, is played in
`test_journey_h5p.py` and `test_h5p_height.py`; the packages here have the hub's
shape (libraries, core API 1.27, jQuery UI with `.patch`/`.diff`, real TrueFalse
questions inside the Question Set and the presentation) with stand-in scripts, see
`tests/factories/h5p.py`. One page load per type."""

import re

import pytest

from h5p.models import H5PResult
from tests.factories.h5p import (
    course_presentation_package,
    drag_text_package,
    multi_choice_package,
    question_set_package,
)

from .test_h5p_height import (  # noqa: F401 (open_exercise: a fixture)
    content_height,
    eventually,
    frame_height,
    open_exercise,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def true_false(content, answer: str) -> None:
    """Answer the TrueFalse question on show ("Waar" or "Niet waar") and check it."""
    choice = re.compile(rf"^\s*{answer}\s*$")
    content.locator(".h5p-true-false-answer:visible").filter(has_text=choice).click()
    content.get_by_role("button", name="Controleer").click()


def answer_multi_choice(page, content):
    content.get_by_label("Je pincode").check()
    content.get_by_label("Je wachtwoord").check()
    content.get_by_role("button", name="Controleer").click()


def answer_drag_text(page, content):
    gaps = content.get_by_role("button", name="Lege plaats")
    content.get_by_role("button", name="pincode").click()
    gaps.nth(0).click()
    content.get_by_role("button", name="zelf").click()
    gaps.nth(1).click()
    content.get_by_role("button", name="Controleer").click()


def answer_question_set(page, content):
    true_false(content, "Niet waar")
    content.get_by_role("button", name="Volgende").click()
    true_false(content, "Waar")
    content.get_by_role("button", name="Toon resultaat").click()


def answer_course_presentation(page, content):
    # The first slide is tall: the frame grows for it, and shrinks for the next one.
    eventually(lambda: frame_height(page) >= 700, "the frame as tall as the slide")
    content.get_by_role("button", name="Volgende").click()
    eventually(lambda: frame_height(page) < 650, "the frame shrinking with the slide")
    true_false(content, "Waar")
    content.get_by_role("button", name="Toon resultaat").click()


@pytest.mark.parametrize(
    "build, answer, points",
    [
        (multi_choice_package, answer_multi_choice, 2),
        (drag_text_package, answer_drag_text, 2),
        (question_set_package, answer_question_set, 2),
        (course_presentation_package, answer_course_presentation, 1),
    ],
    ids=["multiple-choice", "drag-the-words", "question-set", "course-presentation"],
)
def test_the_type_plays_and_its_result_reaches_progress(
    page,
    open_exercise,  # noqa: F811 (the fixture)
    settings,
    build,
    answer,
    points,
):
    content = open_exercise(build())
    content.get_by_role(
        "button", name=re.compile("Controleer|Volgende")
    ).first.wait_for()
    answer(page, content)

    content.locator(".h5p-standin").get_by_text(
        f"Je hebt {points} van de {points} punten", exact=True
    ).last.wait_for()
    page.locator(".h5p-activity .status--done").wait_for(state="visible")
    result = H5PResult.objects.get()
    assert result.completed_at is not None and result.passed
    assert (result.score_raw, result.score_max) == (points, points)

    # The frame holds the whole exercise, feedback included, and no more.
    eventually(
        lambda: (
            content_height(page, settings)
            <= frame_height(page)
            <= content_height(page, settings) + 40
        ),
        "the frame following the answered exercise",
    )
