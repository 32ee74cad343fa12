"""A new counter employee signs up, follows Connectoo module 1 and comes back later."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Balie-leren-2026"


def percent(page) -> int:
    label = page.locator(".lesson-header .progress__label").inner_text()
    return int(re.match(r"(\d+)%", label).group(1))


def test_sign_up_enrol_walk_module_and_resume(page, live_server, settings):
    settings.DEBUG = True  # load_demo refuses otherwise
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False

    page.goto("/")
    assert_accessible(page, "home")

    # Sign up and verify the e-mail address.
    page.get_by_role("link", name="Account aanmaken").first.click()
    page.get_by_label("E-mail").fill("nadia.balie@example.be")
    page.get_by_label(re.compile("^Wachtwoord:?$")).fill(PASSWORD)
    page.get_by_label("Wachtwoord (bevestigen)").fill(PASSWORD)
    page.get_by_label("Voornaam").fill("Nadia")
    page.get_by_label("Familienaam").fill("Balie")
    page.get_by_role("button", name="Registreren").click()
    page.wait_for_url("**/account/confirm-email/")
    link = re.search(
        r"http://\S+/account/confirm-email/\S+/", mail.outbox[-1].body
    ).group(0)
    page.goto(link)
    page.get_by_role("button", name="Bevestig").click()

    # Find Connectoo in the catalogue and enrol.
    page.goto("/opleidingen/")
    assert_accessible(page, "catalogue")
    page.get_by_role("link", name="Connectoo", exact=True).click()
    assert_accessible(page, "course")
    page.get_by_role("button", name="Inschrijven voor deze opleiding").click()
    expect(page.get_by_text("Je bent ingeschreven")).to_be_visible()

    # Module 1, CSAM: walk it section by section; the percentage rises.
    page.get_by_role("link", name=re.compile("^Module 1:")).click()
    assert_accessible(page, "module")
    page.get_by_role("link", name="Beginnen").click()
    expect(page.get_by_text("Les 1 van 3")).to_be_visible()
    assert_accessible(page, "lesson")
    seen = [percent(page)]
    for _ in range(4):
        page.get_by_role("link", name=re.compile("^Volgende")).first.click()
        seen.append(percent(page))
    assert seen == sorted(seen) and seen[0] < seen[-1], seen
    expect(page.get_by_text("Les 2 van 3")).to_be_visible()
    stopped_at = page.url

    # Log out, come back, continue where we stopped.
    page.get_by_role("button", name="Afmelden").click()
    page.goto("/account/login/")
    assert_accessible(page, "login")
    page.get_by_label("E-mail").fill("nadia.balie@example.be")
    page.get_by_label(re.compile("^Wachtwoord:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").last.click()
    page.wait_for_url("**/mijn-leertraject/")
    assert_accessible(page, "dashboard")
    page.get_by_role("link", name=re.compile("Verdergaan waar je gestopt bent")).click()
    next_section = re.sub(r"(\d+)/$", lambda m: f"{int(m.group(1)) + 1}/", stopped_at)
    assert page.url == next_section
