"""WCAG 1.4.10 reflow: at 320 CSS pixels wide (a phone, or 1280 px at 400% zoom) the
learner's pages need no horizontal scrolling, and stay free of axe violations."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from courses.demo import ACCOUNTS
from courses.models import LessonPage, Thread
from lms.models import User

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_reflow_at_320_pixels(page, live_server, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    learner = User.objects.get(email=ACCOUNTS[0].email)
    lesson = LessonPage.objects.filter(slug="wat-is-csam").first()
    thread = Thread.objects.exclude(answer=None).filter(forum__module__isnull=False)[0]

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/account/login/")
    page.fill("#id_login", learner.email)
    page.fill("#id_password", "Leren-2026!")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/mijn-leertraject/")

    for url in [
        "/",
        "/opleidingen/",
        "/mijn-leertraject/",
        lesson.url + "onderdeel/1/",
        "/forum/",
        reverse("courses:forum_detail", args=[thread.forum_id]),
        reverse("courses:forum_thread", args=[thread.pk]),
        "/privacy/",
        reverse("privacy:mine"),
        reverse("profile"),
    ]:
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at 320px"
        assert not axe_violations(page), url
    # The coordinator's widest pages still reflow: the grid scrolls in its own region.
    page.goto("/account/logout/")
    page.locator("main button[type=submit]").click()
    coordinator = User.objects.get(email="coordinator@demo.digitaalmeedoen.be")
    page.goto("/account/login/")
    page.fill("#id_login", coordinator.email)
    page.fill("#id_password", "Leren-2026!")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/mijn-leertraject/")
    mechelen = coordinator.organisations.get()
    for url in [
        reverse("coordination:progress", args=[mechelen.pk]),
        reverse("coordination:summary", args=[mechelen.pk]),
        reverse("coordination:assignments", args=[mechelen.pk]),
        reverse("coordination:members", args=[mechelen.pk]),
        reverse("coordination:log", args=[mechelen.pk]),
    ]:
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at 320px"
        assert not axe_violations(page), url
