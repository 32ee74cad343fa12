"""An organiser marks who attended an event on its participant list; a learner who
could not attend a webinar of their course watches its recording (a 3-second sample
video) to the end, answers the reflection question and sees it counted. axe checks
the participant list and the recording page.

The pages are opened in English (`/en/`): the platform's words as written in the
code, whatever the catalogues say; the events themselves are in Dutch."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from events.demo_recording import sample_webm
from events.models import EventRegistration, RecordingView
from tests.factories import (
    EnrolmentFactory,
    VerifiedUserFactory,
    build_course,
    document,
    event_page,
)
from tests.factories.people import PASSWORD

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def en(url: str) -> str:
    return url.replace("/nl/", "/en/", 1)


def test_organiser_marks_attendance_and_a_learner_watches_the_recording(
    page, live_server
):
    course = build_course()
    organiser = VerifiedUserFactory(first_name="Olga", last_name="Organisator")
    webinar = event_page(
        title="Webinar digitale drempels",
        starts_in=-timedelta(days=1),
        course=course,
        reflection_question="Wat neem je mee uit dit webinar?",
        recording=document(
            "Opname", sample_webm("Webinar digitale drempels", 3), name="opname.webm"
        ),
        recording_title="Digitale drempels: de opname",
        transcript="<p>Welkom bij dit webinar over digitale drempels.</p>",
    )
    webinar.organisers.add(organiser)
    webinar.save()
    there = VerifiedUserFactory(first_name="Anna", last_name="Aanwezig")
    registration = EventRegistration.objects.create(
        event=webinar, user=there, status="confirmed"
    )
    learner = VerifiedUserFactory(first_name="Lotte", last_name="Later")
    EnrolmentFactory(user=learner, course=course)

    # The organiser marks Anna present on the participant list.
    log_in(page, organiser, PASSWORD)
    page.goto(en(webinar.url + "deelnemers/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Participants")
    assert_accessible(page, "participant list")
    page.get_by_role("checkbox", name="Anna Aanwezig was there").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved: 1 present.")).to_be_visible()
    registration.refresh_from_db()
    assert (registration.attended, registration.attended_via) == (True, "organiser")
    page.get_by_role("button", name="Log out").click()

    # Lotte could not attend: she watches the recording to the end.
    log_in(page, learner, PASSWORD)
    page.goto(en(webinar.url + "opname/"))
    expect(
        page.get_by_role("heading", name="Digitale drempels: de opname")
    ).to_be_visible()
    assert_accessible(page, "recording")
    send = page.get_by_role("button", name="Send my answer")
    expect(send).to_be_disabled()
    answer = page.get_by_label("Wat neem je mee uit dit webinar?")
    answer.fill("Dat ik eerst moet vragen wat iemand al kan.")

    video = page.locator("video[data-recording]")
    video.evaluate("v => { v.muted = true; return v.play(); }")
    expect(send).to_be_enabled(timeout=15_000)
    assert video.evaluate("v => v.ended")
    expect(page.get_by_text("You reached the end of the recording")).to_be_visible()
    send.click()

    expect(page.get_by_text("Thank you. Watching the recording counts")).to_be_visible()
    expect(
        page.get_by_role("heading", name="You watched this recording")
    ).to_be_visible()
    assert_accessible(page, "recording, watched")
    view = RecordingView.objects.get(event=webinar, user=learner)
    assert view.watched_at is not None
    assert view.reflection == "Dat ik eerst moet vragen wat iemand al kan."
