"""A learner does the real H5P TrueFalse exercise in a lesson; after a reload the
section shows completed; the player, on its own origin, cannot read the lesson page."""

import io
import uuid
from urllib.parse import urlsplit

import pytest

from courses.services import enrolment_create
from h5p.models import H5PActivity, H5PResult
from h5p.services import package_import
from tests.factories import (
    LessonPageFactory,
    ModulePageFactory,
    VerifiedUserFactory,
    lesson_body,
)
from tests.factories.h5p import true_false_package
from tests.factories.people import PASSWORD

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_true_false_exercise_completes_the_section(page, live_server, settings):
    port = urlsplit(live_server.url).port
    # The site is http://localhost:<port>; content plays from http://127.0.0.1:<port>.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.H5P_CONTENT_ORIGIN = f"http://127.0.0.1:{port}"
    package, _ = package_import(upload=io.BytesIO(true_false_package()))
    package.refresh_from_db()
    assert package.status == "ready"
    activity = H5PActivity.objects.create(title="Waar of niet waar", package=package)
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
    # Opened, but not done: the exercise in it is not done yet.
    assert "✓" not in page.locator(".lesson__sections").inner_text()
    frame = page.frame_locator("iframe.h5p-activity__frame")
    content = frame.frame_locator("iframe.h5p-iframe")
    content.locator(".h5p-true-false-answer").nth(1).click()  # "False" is right
    content.get_by_role("button", name="Check").click()
    status = page.locator(".h5p-activity .status--done")
    status.wait_for(state="visible")
    assert_accessible(page, "lesson with H5P")
    result = H5PResult.objects.get(user=learner, activity=activity)
    assert result.completed_at is not None and result.passed

    page.reload()
    sections = page.locator(".lesson__sections")
    assert "✓" in sections.inner_text()

    # After the reload the player frame loads again: wait for its content first
    # (on a busy machine the frame list may not hold it yet).
    page.frame_locator("iframe.h5p-activity__frame").locator(
        "iframe.h5p-iframe"
    ).wait_for()
    player = next(
        f for f in page.frames if f.url.startswith(settings.H5P_CONTENT_ORIGIN)
    )
    reach = player.evaluate(
        "() => { try { return window.parent.document.title; }"
        " catch (error) { return error.name; } }"
    )
    assert reach == "SecurityError"
    cookies = player.evaluate("() => document.cookie")
    assert "sessionid" not in cookies
