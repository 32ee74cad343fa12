"""WCAG 1.4.10 reflow: at 320 CSS pixels wide (a phone, or 1280 px at 400% zoom) the
pages need no horizontal scrolling, break no word in two, and stay free of axe
violations."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from courses.demo import ACCOUNTS, DEMO_PASSWORD
from courses.models import LessonPage
from forums.models import Thread
from lms.models import User
from quizzes.models import Attempt
from training.models import TrainerKitPage, TrainingSession

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every word in <main> the browser split over two lines, as "word (where)". A word is
# measured with a Range: on one line it has one client rect, split it has rects on two
# lines. A break after a hyphen or dash is ordinary typography and not counted.
# Two breaks are allowed, both of a word that cannot fit whole in its own box at all
# (main's `overflow-wrap: break-word`, which beats pushing the page sideways):
# - outside a table, any such word ("Gegevensbeschermingsautoriteit." at 320 px);
# - inside a table only an e-mail address or URL. A table cell can otherwise grow (in a
#   scroll region) or take the card's width, so a word broken there is a defect such
#   as `overflow-wrap: anywhere` on `.table` ("Sessi" / "e", "Draaibo" / "ek").
BROKEN_WORDS = """() => {
  const address = /^\\S+@\\S+\\.\\S+$|^https?:\\/\\/|^www\\./i;
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (element.closest("script, style, select, textarea, svg")) continue;
    let box = element;
    while (getComputedStyle(box).display.startsWith("inline")) box = box.parentElement;
    const style = getComputedStyle(box);
    const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const table = element.closest("table");
    for (const token of node.data.matchAll(/\\S+/g)) {
      const isAddress = address.test(token[0]);
      const words = isAddress ? [token] : token[0].matchAll(/[^-–—]+[-–—]*|[-–—]+/g);
      for (const word of words) {
        const start = token.index + (isAddress ? 0 : word.index);
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + word[0].length);
        const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
        if (new Set(rects.map((rect) => Math.round(rect.top))).size < 2) continue;
        const width = rects.reduce((sum, rect) => sum + rect.width, 0);
        if (width > room && (isAddress || !table)) continue;
        const where = table ? `table ${table.id || table.className}` : element.tagName.toLowerCase();
        broken.push(`${word[0]} (${where}: ${Math.round(width)}px word, ${Math.round(room)}px room)`);
      }
    }
  }
  return broken;
}"""


def assert_reflows(page, url: str) -> None:
    page.goto(url)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at 320px"
    broken = page.evaluate(BROKEN_WORDS)
    assert not broken, f"{url} breaks words at 320px: " + "; ".join(broken)
    assert not axe_violations(page), url


def log_in(page, email: str) -> None:
    # Each role lands on its own page; only leaving the login form matters here.
    page.goto("/account/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/account/login/" not in url)


def log_out(page) -> None:
    page.goto("/account/logout/")
    page.locator("main button[type=submit]").click()


def test_pages_reflow_at_320_pixels(page, live_server, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    learner = User.objects.get(email=ACCOUNTS[0].email)
    lesson = LessonPage.objects.filter(slug="wat-is-csam").first()
    thread = Thread.objects.exclude(answer=None).filter(forum__module__isnull=False)[0]
    attempt = Attempt.objects.filter(user=learner, status=Attempt.Status.GRADED)[0]

    page.set_viewport_size({"width": 320, "height": 640})
    log_in(page, learner.email)
    for url in [
        "/privacy/",
        "/",
        "/opleidingen/",
        "/mijn-leertraject/",
        lesson.url + "onderdeel/1/",
        attempt.test.url,
        "/forum/",
        reverse("forums:forum_detail", args=[thread.forum_id]),
        reverse("forums:forum_thread", args=[thread.pk]),
        reverse("certificates:mine"),
        reverse("coordination:my_reminders"),
        reverse("privacy:mine"),
        reverse("profile"),
    ]:
        assert_reflows(page, url)
    log_out(page)

    # The trainer's tables, where "Sessie" and "Draaiboek" were broken in two.
    session = TrainingSession.objects.get(title="Digihelperopleiding Leuven")
    kit = TrainerKitPage.objects.get(title="Trainerskit digihelperopleiding")
    log_in(page, "trainer@demo.digitaalmeedoen.be")
    for url in [
        reverse("training:trainer_session", args=[session.pk]),
        kit.url,
        reverse("training:trainer_dashboard"),
    ]:
        assert_reflows(page, url)
    log_out(page)

    # The coordinator's widest pages still reflow: the grids scroll in their own
    # region, the other tables become cards.
    coordinator = User.objects.get(email="coordinator@demo.digitaalmeedoen.be")
    log_in(page, coordinator.email)
    mechelen = coordinator.organisations.get()
    for url in [
        reverse("coordination:members", args=[mechelen.pk]),
        reverse("coordination:progress", args=[mechelen.pk]),
        reverse("coordination:summary", args=[mechelen.pk]),
        reverse("coordination:assignments", args=[mechelen.pk]),
        reverse("coordination:log", args=[mechelen.pk]),
        reverse("coordination:home", args=[mechelen.pk]),
        reverse("coordination:follow_ups", args=[mechelen.pk]),
        reverse("coordination:reminders", args=[mechelen.pk]),
    ]:
        assert_reflows(page, url)
