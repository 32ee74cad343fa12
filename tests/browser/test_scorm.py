"""SCORM packages built from the specification, played in Chromium: a learner starts,
answers, closes the browser, comes back on another "PC" (a new browser context),
resumes where they left (location and suspend data kept on the server) and completes;
the lesson's progress shows it. SCORM 1.2 with one SCO, SCORM 2004 with three."""

from urllib.parse import urlsplit

import pytest

from courses.services import enrolment_create
from scorm.models import ScormAttempt, ScormScoState
from tests.factories import ModulePageFactory, VerifiedUserFactory
from tests.factories.people import PASSWORD
from tests.factories.scorm import (
    lesson_with_scorm,
    scorm12_package,
    scorm2004_package,
    scorm_activity,
)
from tests.waiting import wait_until

from .conftest import _new_page, assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def origins(live_server, settings):
    port = urlsplit(live_server.url).port
    # The site is http://localhost:<port>; content plays from http://127.0.0.1:<port>.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.H5P_CONTENT_ORIGIN = f"http://127.0.0.1:{port}"


def _sco(page):
    return page.frame_locator("iframe.scorm-activity__frame").frame_locator("#sco")


def _another_pc(browser, live_server, learner):
    context, page = _new_page(browser, base_url=live_server.url)
    log_in(page, learner, PASSWORD)
    return context, page


def _lesson_opened(page, package, title):
    """A lesson of one section holding `package`, opened by a learner enrolled in
    its course: (activity, lesson, learner)."""
    activity = scorm_activity(package, title=title)
    module = ModulePageFactory(title=title)
    lesson = lesson_with_scorm(module, activity, sections=1)
    learner = VerifiedUserFactory()
    enrolment_create(user=learner, course=module.get_parent().specific)
    log_in(page, learner, PASSWORD)
    page.goto(lesson.url + "onderdeel/1/")
    return activity, lesson, learner


def _state(learner, **filters):
    return ScormScoState.objects.filter(attempt__user=learner, **filters).first()


def test_scorm_12_resumes_on_another_pc_and_completes_the_section(
    page, browser, live_server, origins
):
    activity, lesson, learner = _lesson_opened(page, scorm12_package(), "Veilig online")
    sco = _sco(page)
    sco.get_by_text("Vraag 1 van 2").wait_for()
    assert "✓" not in page.locator(".lesson__sections").inner_text()
    sco.get_by_role("button", name="Brussel").click()
    sco.get_by_text("Vraag 2 van 2").wait_for()
    assert wait_until(lambda: _state(learner, cmi__has_key="cmi.suspend_data"))
    state = _state(learner)
    assert state.cmi["cmi.core.lesson_location"] == "1"
    assert state.cmi["cmi.core.exit"] == "suspend"
    assert state.cmi["cmi.interactions.0.result"] == "correct"
    page.context.close()  # the browser is closed without finishing

    context, page = _another_pc(browser, live_server, learner)
    page.goto(lesson.url + "onderdeel/1/")
    sco = _sco(page)
    sco.get_by_text("Welkom terug!").wait_for()
    assert sco.get_by_text("Vraag 2 van 2").is_visible()
    assert "Brussel" in sco.locator(".sco-previous").inner_text()  # suspend data
    sco.get_by_role("button", name="Nee").click()
    sco.get_by_text("Je score: 100%").wait_for()
    page.locator(".scorm-activity .status--done").wait_for(state="visible")
    assert_accessible(page, "lesson with a SCORM activity")
    attempt = ScormAttempt.objects.get(user=learner, activity=activity)
    assert attempt.completed_at is not None and attempt.passed
    assert _state(learner).cmi["cmi.core.lesson_status"] == "passed"

    page.reload()
    assert "✓" in page.locator(".lesson__sections").inner_text()
    context.close()


def test_scorm_2004_multi_sco_moves_between_parts_and_resumes_at_the_last_one(
    page, browser, live_server, origins
):
    _, lesson, learner = _lesson_opened(page, scorm2004_package(), "Digitale basis")
    nav = page.locator(".scorm-activity__nav")
    assert "1" in nav.locator("[data-position-text]").inner_text()
    sco = _sco(page)
    sco.get_by_role("heading", name="Deel een").wait_for()
    sco.get_by_role("button", name="Brussel").click()
    sco.get_by_text("Klaar!").wait_for()
    nav.locator("[data-sco='1'] [data-state]").wait_for(state="visible")
    # The next part, by keyboard.
    nav.locator("button[data-step='1']").focus()  # "Next part", in any language
    page.keyboard.press("Enter")
    sco.get_by_role("heading", name="Deel twee").wait_for()
    assert nav.locator("[data-sco='2']").get_attribute("aria-current") == "step"
    assert "2" in nav.locator("[data-position-text]").inner_text()
    sco.get_by_role("button", name="Nee").click()
    sco.get_by_text("Klaar!").wait_for()
    assert wait_until(
        lambda: _state(learner, sco="item-twee", completion_status="completed")
    )
    assert _state(learner, sco="item-twee").success_status == "passed"
    # The third part is opened, then the browser closed.
    nav.locator("[data-sco='3']").click()
    sco.get_by_role("heading", name="Deel drie").wait_for()
    assert wait_until(
        lambda: ScormAttempt.objects.filter(user=learner, current_sco="item-drie")
    )
    page.context.close()

    context, page = _another_pc(browser, live_server, learner)
    page.goto(lesson.url + "onderdeel/1/")
    nav = page.locator(".scorm-activity__nav")
    assert nav.locator("[data-sco='3']").get_attribute("aria-current") == "step"
    assert nav.locator("[data-sco='1'] [data-state]").is_visible()
    sco = _sco(page)
    sco.get_by_role("heading", name="Deel drie").wait_for()
    sco.get_by_role("button", name="Ik verwijder de mail").click()
    page.locator(".scorm-activity .status--done").wait_for(state="visible")
    attempt = ScormAttempt.objects.get(user=learner)
    assert attempt.completed_at is not None and attempt.passed
    assert_accessible(page, "lesson with a multi-SCO activity")
    page.reload()
    assert "✓" in page.locator(".lesson__sections").inner_text()
    context.close()
