"""The demo learner opens the agenda, filters it, registers for a network meeting
with the answers to its questions (an error first: nothing typed is lost), and sees
the confirmation with the platform's join link (never the meeting link itself). axe
checks the agenda and the event."""

import re

import pytest
from playwright.sync_api import expect

from courses.demo import ACCOUNTS
from events.demo import load_demo_agenda
from events.models import EventRegistration
from tests.events.helpers import nl
from tests.factories import CoursePageFactory, UserFactory, VerifiedUserFactory
from tests.factories.people import PASSWORD

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEETING = "Lerend netwerk e-inclusie: voorjaarsbijeenkomst"


def test_filter_register_with_answers_and_see_the_confirmation(page, live_server):
    # The demo's agenda, as `load_demo` builds it, around the demo learner's account.
    learner = VerifiedUserFactory(email=ACCOUNTS[0].email, first_name="Lotte")
    load_demo_agenda(
        courses_by_slug={
            "connectoo-plus": CoursePageFactory(
                title="Connectoo+", slug="connectoo-plus"
            )
        },
        organiser=UserFactory(),
        participants=[UserFactory() for _ in range(10)],
    )

    log_in(page, learner, PASSWORD)
    page.goto("/nl/agenda/")
    assert_accessible(page, "agenda")
    expect(
        page.get_by_role("link", name=re.compile("Webinar Connectoo\\+ 2"))
    ).to_be_visible()

    page.get_by_label(nl("Kind of event")).select_option(label="Lerend netwerk")
    page.get_by_role("button", name=nl("Show events")).click()
    page.wait_for_url(re.compile(r".*soort=lerend-netwerk"))
    upcoming = page.locator("section", has=page.locator("#upcoming"))
    expect(upcoming.get_by_role("link", name=MEETING)).to_be_visible()
    expect(upcoming.get_by_role("link", name=re.compile("Webinar"))).to_have_count(0)
    assert_accessible(page, "agenda, filtered")

    upcoming.get_by_role("link", name=MEETING).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(MEETING)
    assert_accessible(page, "event")
    # Only the people registered get the join link; nobody sees the meeting link.
    assert "deelnemen/" not in page.content()
    assert "meet.example.be" not in page.content()

    organisation = page.get_by_label(re.compile("Voor welke organisatie"))
    organisation.fill("Stad Mechelen, dienst Welzijn")
    page.get_by_role("button", name=nl("Register")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label(re.compile("Voor welke organisatie"))).to_have_value(
        "Stad Mechelen, dienst Welzijn"
    )
    assert not EventRegistration.objects.filter(user=learner, event__title=MEETING)
    assert_accessible(page, "event, with an error")

    page.get_by_role("radio", name="Vegetarisch").check()
    page.get_by_role("button", name=nl("Register")).click()
    expect(page.locator("#registration")).to_contain_text(nl("You are registered."))
    join = page.get_by_role("link", name=nl("Join the online meeting"))
    expect(join).to_be_visible()
    expect(join).to_have_attribute("href", re.compile(r"^https?://.*/deelnemen/$"))
    assert "meet.example.be" not in page.content()
    assert_accessible(page, "event, registered")

    registration = EventRegistration.objects.get(user=learner, event__title=MEETING)
    assert registration.status == "confirmed"
    assert registration.answers == {
        "Eet je vegetarisch of heb je een allergie?": "Vegetarisch",
        "Voor welke organisatie kom je?": "Stad Mechelen, dienst Welzijn",
    }
