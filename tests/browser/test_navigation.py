"""Finding one's way: each role lands on its work after logging in, the menu folds into
one line on a phone and works with the keyboard (and without JavaScript), and error
pages are the site's own, in the visitor's language."""

import re

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from courses.services import enrolment_create
from lms.models import Membership
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    VerifiedUserFactory,
    build_course,
)
from tests.factories.people import PASSWORD

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def log_in_to(page, user, password: str, landing: str | re.Pattern) -> None:
    """Log in through the login form and wait for the page the person lands on
    (`conftest.log_in` waits for "Mijn leertraject", a learner's landing page)."""
    page.goto("/account/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label(re.compile("^Wachtwoord:?$")).fill(password)
    page.get_by_role("button", name="Aanmelden").last.click()
    page.wait_for_url(landing)


def person(*roles: str, admin: bool = False, organisation=None):
    user = VerifiedUserFactory()
    for role in roles:
        MembershipFactory(
            user=user, role=role, organisation=organisation or OrganisationFactory()
        )
    if admin:
        user.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="wagtailadmin", codename="access_admin"
            )
        )
    return user


def test_each_role_lands_on_its_work(page, live_server):
    course = build_course()
    learner = person(Membership.Role.LEARNER)
    enrolment_create(user=learner, course=course)
    trainer = person(Membership.Role.TRAINER)
    mechelen = OrganisationFactory(name="Stad Mechelen")
    coordinator = person(Membership.Role.COORDINATOR, organisation=mechelen)
    editor = person(admin=True)

    log_in_to(page, learner, PASSWORD, "**/mijn-leertraject/")
    expect(page.get_by_role("heading", name=course.title)).to_be_visible()
    page.get_by_role("button", name="Afmelden").click()

    log_in_to(page, trainer, PASSWORD, "**/trainer/")
    assert page.get_by_role("heading", level=1).inner_text() == "Trainersdashboard"
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    assert nav.get_by_role("link", name="Trainer").get_attribute("aria-current") == (
        "page"
    )
    assert_accessible(page, "trainer's landing page")
    # Their own learning path is empty, and says where their work is.
    nav.get_by_role("link", name="Mijn leertraject").click()
    page.get_by_role("main").get_by_role("link", name="Trainersdashboard").click()
    page.wait_for_url("**/trainer/")
    page.get_by_role("button", name="Afmelden").click()

    # The coordinator lands on their one organisation.
    log_in_to(page, coordinator, PASSWORD, f"**/organisatie/{mechelen.pk}/")
    assert "Stad Mechelen" in page.get_by_role("heading", level=1).inner_text()
    assert (
        page.get_by_role("navigation", name="Hoofdmenu")
        .get_by_role("link", name="Mijn organisatie")
        .get_attribute("aria-current")
        == "page"
    )
    assert_accessible(page, "coordinator's landing page")
    page.get_by_role("button", name="Afmelden").click()

    # The editor lands in the Wagtail admin, and the site's menu leads there too.
    log_in_to(page, editor, PASSWORD, re.compile(r".*/admin/$"))
    page.goto("/mijn-leertraject/")
    page.get_by_role("navigation", name="Hoofdmenu").locator(
        'a[href="/admin/"]'
    ).click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def expanded(page, name: str) -> bool | None:
    """The expanded state Chromium gives screen readers for the control `name`."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    for node in nodes:
        if node.get("ignored") or node.get("name", {}).get("value") != name:
            continue
        if node.get("role", {}).get("value") in {"StaticText", "InlineTextBox"}:
            continue
        for prop in node.get("properties", []):
            if prop["name"] == "expanded":
                return prop["value"]["value"]
        return None
    raise AssertionError(f"no accessible node named {name!r}")


def sideways_overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def menu_entries(page):
    """Every link and button inside the main menu's list."""
    return page.locator(".main-menu > ul").locator("a, button")


def test_on_a_phone_the_menu_folds_into_one_line_and_works_with_the_keyboard(
    page, live_server
):
    everyone = person(
        Membership.Role.LEARNER,
        Membership.Role.TRAINER,
        Membership.Role.COORDINATOR,
        admin=True,
    )
    page.set_viewport_size(PHONE)
    log_in_to(page, everyone, PASSWORD, "**/trainer/")
    toggle = page.locator(".main-menu > summary")

    # Closed: one line of menu under the site name, the language buttons beside it.
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(toggle).to_be_visible()
    assert nav.bounding_box()["height"] < 60
    assert page.locator(".site-header").bounding_box()["height"] < 140
    expect(menu_entries(page).first).to_be_hidden()
    expect(page.get_by_role("button", name="Français")).to_be_visible()
    assert expanded(page, "Menu") is False
    assert sideways_overflow(page) <= 0
    assert_accessible(page, "phone, menu closed")

    # The keyboard reaches "Menu" right after the site name and opens it.
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # site name
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert expanded(page, "Menu") is True
    entries = menu_entries(page)
    names = entries.all_inner_texts()
    for name in ["Mijn leertraject", "Mijn organisatie", "Trainer", "Afmelden"]:
        assert name in names
    count = entries.count()
    # Every entry is reached with Tab, in order, fully on screen and 44 px high.
    for index in range(count):
        page.keyboard.press("Tab")
        entry = entries.nth(index)
        assert entry.evaluate("el => el === document.activeElement"), index
        box = entry.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], index
        assert box["height"] >= 44, index
    assert sideways_overflow(page) <= 0
    assert_accessible(page, "phone, menu open")

    # Escape closes it and puts the focus back on "Menu".
    page.keyboard.press("Escape")
    assert expanded(page, "Menu") is False
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    # Space opens it again, and the log-out button works from there.
    page.keyboard.press("Space")
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/(nl/|fr/)?$"))
    assert page.locator('.main-menu a[href="/account/login/"]').count() == 1


def test_on_a_wide_screen_the_menu_is_inline(page, live_server):
    page.goto("/account/login/")
    login = page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Aanmelden"
    )
    expect(page.locator(".main-menu > summary")).to_be_hidden()
    expect(login).to_be_visible()
    # Narrowing the window folds it; widening it shows it inline again.
    page.set_viewport_size(PHONE)
    page.wait_for_function("!document.querySelector('[data-menu]').open")
    expect(login).to_be_hidden()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function("document.querySelector('[data-menu]').open")
    expect(login).to_be_visible()
    expect(page.locator(".main-menu > summary")).to_be_hidden()


def test_without_javascript_the_phone_menu_shows_its_links_and_still_folds(
    browser, live_server
):
    context = browser.new_context(
        base_url=live_server.url,
        bypass_csp=True,
        locale="nl-BE",
        viewport=PHONE,
        java_script_enabled=False,
    )
    try:
        page = context.new_page()
        page.goto("/account/login/")
        nav = page.get_by_role("navigation", name="Hoofdmenu")
        login = nav.get_by_role("link", name="Aanmelden")
        expect(login).to_be_visible()
        assert sideways_overflow(page) <= 0
        page.locator(".main-menu > summary").click()
        expect(login).to_be_hidden()
        page.locator(".main-menu > summary").click()
        nav.get_by_role("link", name="Account aanmaken").click()
        page.wait_for_url("**/account/signup/")
    finally:
        context.close()


def test_error_pages_are_the_sites_own_in_dutch_and_french(page, live_server, settings):
    settings.ROOT_URLCONF = "tests.lms.urls_errors"  # adds a view that fails
    response = page.goto("/bestaat-niet/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "nl"
    assert (
        page.get_by_role("banner")
        .get_by_role("link", name="Digitaal Meedoen")
        .is_visible()
    )
    assert page.get_by_role("link", name="Naar de hoofdinhoud").count() == 1
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    assert_accessible(page, "404 in Dutch")

    # The language buttons work on the error page itself.
    page.get_by_role("button", name="Français").click()
    page.wait_for_function("document.documentElement.lang === 'fr'")
    assert page.url.endswith("/bestaat-niet/")
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
    assert page.get_by_role("link", name="Aller au contenu principal").count() == 1
    assert_accessible(page, "404 in French")
    page.locator("main").get_by_role("link").first.click()
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/(nl/|fr/)?$"))

    response = page.goto("/test/kapot/")
    assert response.status == 500
    assert page.locator("html").get_attribute("lang") == "fr"
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Un problème est survenu"
    )
    expect(
        page.locator("main").get_by_role("link", name="Mon parcours")
    ).to_be_visible()
    assert_accessible(page, "500 in French")
