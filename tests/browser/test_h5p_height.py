"""The lesson's H5P frame follows the height of the exercise in it (issue 15): a tall
exercise is shown whole and the frame grows and shrinks with it; in the real TrueFalse
exercise "Controleer" and the feedback stay in view and the exercise keeps the width
of the lesson column."""

import io
import time
import uuid
from urllib.parse import urlsplit

import pytest

from courses.services import enrolment_create
from h5p.models import H5PActivity
from h5p.services import package_import
from tests.factories import (
    LessonPageFactory,
    ModulePageFactory,
    VerifiedUserFactory,
    lesson_body,
)
from tests.factories.h5p import dutch_true_false_package, tall_package
from tests.factories.people import PASSWORD

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRAME = "iframe.h5p-activity__frame"


@pytest.fixture
def open_exercise(page, live_server, settings):
    """Log a learner in and open a lesson whose first section holds the package."""
    port = urlsplit(live_server.url).port
    # The site is http://localhost:<port>; content plays from http://127.0.0.1:<port>.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.H5P_CONTENT_ORIGIN = f"http://127.0.0.1:{port}"

    def open_(package_bytes: bytes):
        package, _ = package_import(upload=io.BytesIO(package_bytes))
        package.refresh_from_db()
        assert package.status == "ready", package.errors
        activity = H5PActivity.objects.create(title="Oefening", package=package)
        module = ModulePageFactory(title="Veilig aanmelden")
        body = lesson_body(1)
        body[0]["value"]["content"].append(
            {"type": "h5p", "id": str(uuid.uuid4()), "value": activity.pk}
        )
        lesson = LessonPageFactory(parent=module, title="Oefening", body=body)
        learner = VerifiedUserFactory()
        enrolment_create(user=learner, course=module.get_parent().specific)
        log_in(page, learner, PASSWORD)
        page.goto(lesson.url + "onderdeel/1/")
        return page.frame_locator(FRAME).frame_locator("iframe.h5p-iframe")

    return open_


def frame_height(page) -> float:
    return page.locator(FRAME).bounding_box()["height"]


def content_height(page, settings) -> float:
    """The height of the exercise itself, read inside H5P's own frame."""
    player = next(
        f for f in page.frames if f.url.startswith(settings.H5P_CONTENT_ORIGIN)
    )
    content = next(f for f in page.frames if f.parent_frame == player)
    return content.evaluate(
        "() => document.querySelector('.h5p-content').getBoundingClientRect().height"
    )


def in_view(page, locator) -> bool:
    """Whether the element is shown whole inside the lesson's frame and H5P's frame
    (page coordinates: nothing of it cut off by either)."""
    box = locator.bounding_box()
    if box is None:
        return False
    clips = [
        page.locator(FRAME).bounding_box(),
        page.frame_locator(FRAME).locator("iframe.h5p-iframe").bounding_box(),
    ]
    return all(
        clip["y"] - 0.5 <= box["y"]
        and box["y"] + box["height"] <= clip["y"] + clip["height"] + 0.5
        and clip["x"] - 0.5 <= box["x"]
        and box["x"] + box["width"] <= clip["x"] + clip["width"] + 0.5
        for clip in clips
    )


def eventually(check, what: str, timeout: float = 10) -> None:
    """Poll `check` (the frames answer on their own time) until it holds."""
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            pytest.fail(f"not within {timeout} s: {what}")
        time.sleep(0.1)


def test_the_frame_follows_a_tall_exercise_as_it_grows_and_shrinks(
    page, open_exercise, settings
):
    content = open_exercise(tall_package(height=900, taller=1400, shorter=600))
    end = content.get_by_text("Einde van de oefening")
    end.wait_for()

    # The whole exercise, more than 900 px, is shown: not 150 px of it.
    eventually(lambda: frame_height(page) >= 900, "the frame as tall as the exercise")
    eventually(lambda: in_view(page, end), "the end of the exercise in view")
    tall = content_height(page, settings)
    assert tall >= 900
    assert tall <= frame_height(page) <= tall + 40
    frame = page.locator(FRAME)
    assert frame.get_attribute("title") == "Oefening"
    assert_accessible(page, "lesson with a tall H5P exercise")

    # It grows: the frame follows.
    content.get_by_role("button", name="Groter").click()
    eventually(lambda: frame_height(page) >= 1400, "the frame growing with it")
    eventually(lambda: in_view(page, end), "the end in view after growing")
    taller = content_height(page, settings)
    assert taller <= frame_height(page) <= taller + 40

    # It shrinks: so does the frame, no empty space left below.
    content.get_by_role("button", name="Kleiner").click()
    eventually(lambda: frame_height(page) < 900, "the frame shrinking with it")
    eventually(lambda: in_view(page, end), "the end in view after shrinking")
    shorter = content_height(page, settings)
    assert shorter < 900
    assert shorter <= frame_height(page) <= shorter + 40


def test_check_and_feedback_stay_in_view_at_the_column_width(
    page, open_exercise, settings
):
    content = open_exercise(dutch_true_false_package())
    check = content.get_by_role("button", name="Controleer")
    check.wait_for()

    # "Controleer" is in view before anything is answered (and before any scrolling:
    # a click would scroll it into view).
    eventually(lambda: in_view(page, check), '"Controleer" in view')
    content.locator(".h5p-true-false-answer").filter(has_text="Niet waar").click()
    eventually(lambda: in_view(page, check), '"Controleer" in view after answering')
    check.click()

    feedback = content.locator(".h5p-question-feedback").filter(
        has_text="Je hebt 1 van de 1 punten"
    )
    feedback.wait_for()
    eventually(lambda: in_view(page, feedback), "the feedback in view")
    score = content.locator(".h5p-joubelui-score-bar")
    eventually(lambda: in_view(page, score), "the score bar in view")
    for button in content.locator(".h5p-question-buttons button:visible").all():
        eventually(
            lambda b=button: in_view(page, b), f"{button.inner_text()!r} in view"
        )
    answered = content_height(page, settings)
    assert answered <= frame_height(page) <= answered + 40

    # As wide as the lesson column, and the exercise as wide as the frame: no narrow
    # column after answering.
    frame = page.locator(FRAME).bounding_box()
    column = page.locator(".h5p-activity").bounding_box()
    assert abs(frame["width"] - column["width"]) <= 1
    exercise = content.locator(".h5p-content").bounding_box()
    assert exercise["width"] >= frame["width"] - 40
