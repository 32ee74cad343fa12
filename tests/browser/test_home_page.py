"""The home page as the front door, in Chromium: the courses and how a municipality
starts for anyone, the next lesson first for a learner; accessible, and at 320 px
without sideways scrolling or words broken in two."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from courses.demo import ACCOUNTS, DEMO_PASSWORD
from courses.models import CoursePage, LessonPage
from lms.models import User

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"

# Forbid breaking inside words for a moment: any box in the main content that a word
# no longer fits in then overflows. Boxes that clip on purpose (visually hidden
# text) are left out.
BOXES_A_WORD_DOES_NOT_FIT = """() => {
  const rule = document.createElement('style');
  rule.textContent = 'main, main * { overflow-wrap: normal !important; word-break: normal !important; }';
  document.head.append(rule);
  const boxes = [...document.querySelectorAll('main *')].filter((box) => {
    const style = getComputedStyle(box);
    return style.display !== 'inline' && style.overflowX === 'visible'
      && box.scrollWidth > box.clientWidth + 1;
  }).map((box) => box.outerHTML.slice(0, 80));
  rule.remove();
  return boxes;
}"""


def assert_reflows(page, where: str) -> None:
    assert page.evaluate(SIDEWAYS) <= 0, f"{where} scrolls sideways at 320 px"
    assert page.evaluate(BOXES_A_WORD_DOES_NOT_FIT) == [], where
    assert_accessible(page, f"{where} at 320 px")


def test_home_page_is_the_front_door_for_visitors_and_learners(page, settings):
    settings.DEBUG = True  # load_demo refuses otherwise
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    connectoo = CoursePage.objects.get(slug="connectoo", locale__language_code="nl")
    lesson = LessonPage.objects.get(slug="wat-is-csam", locale__language_code="nl")

    # A visitor: the four courses as cards, how to start, and no next step.
    page.goto("/")
    cards = page.locator(".course-card")
    assert cards.count() == 4
    card = cards.filter(has=page.get_by_role("link", name="Connectoo", exact=True))
    for fact in ["Baliemedewerkers", "12 uur", "6 modules"]:
        assert fact in card.inner_text(), fact
    start = page.get_by_role("heading", name="Hoe start je gemeente?")
    expect(start).to_be_visible()
    expect(page.get_by_role("heading", name="Duid een coördinator aan")).to_be_visible()
    assert page.get_by_text("Verdergaan").count() == 0
    assert_accessible(page, "home, visitor")
    # The whole card is the link, not only its title: click beside the title.
    card.click(position={"x": 20, "y": 20})
    page.wait_for_url(re.compile(re.escape(connectoo.url) + "$"))

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    assert_reflows(page, "home, visitor")

    # The demo learner: where to go on in Connectoo comes first.
    log_in(page, User.objects.get(email=ACCOUNTS[0].email), DEMO_PASSWORD)
    page.goto("/")
    assert_reflows(page, "home, learner")
    page.set_viewport_size({"width": 1280, "height": 900})
    go_on = page.get_by_role(
        "link", name=re.compile(r"^Verdergaan waar je gestopt bent\W+Les 1 van 3")
    )
    assert lesson.title in go_on.inner_text()
    courses = page.get_by_role("heading", name="Onze opleidingen")
    assert go_on.bounding_box()["y"] < courses.bounding_box()["y"]
    assert_accessible(page, "home, learner")
    go_on.click()
    page.wait_for_url(re.compile(re.escape(lesson.url) + "onderdeel/3/$"))
