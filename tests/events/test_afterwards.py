"""What comes after an event (recording, slides, report) follows one rule
(`events.access.afterwards_open_to`): confirmed participants, organisers and editors
of the page, everyone with an account when the organiser chose so, and for a webinar
of a course the course's enrolled learners. The event page's "Afterwards" section,
the recording page, the streamed video and the slides file all agree."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from events.access import afterwards_open_to, afterwards_open_to_any
from events.models import EventPage, EventRegistration
from languages.demo import copy_with_texts
from languages.services import translation_publish
from tests.factories import (
    EnrolmentFactory,
    UserFactory,
    build_course,
    document,
    event_page,
)

from .helpers import logged_in, nl, page_editor, page_text, video

pytestmark = pytest.mark.django_db


def past_event(**fields):
    return event_page(
        starts_in=-timedelta(days=7),
        slides=document("Slides", b"%PDF-1.4 slides", name="slides.pdf"),
        recording=video(),
        report="<p>Veertig deelnemers wisselden tips uit.</p>",
        **fields,
    )


def sees_everything(user, event) -> bool:
    """What each of the four ways in says, checked to agree."""
    client = logged_in(user)
    response = client.get(event.url)
    html = response.content.decode()
    on_page = "Veertig deelnemers" in page_text(response)
    answers = {
        "report": on_page,
        "slides link": event.slides.url in html,
        "recording link": event.url + "opname/" in html,
        "slides file": client.get(event.slides.url).status_code == 200,
        "recording page": client.get(event.url + "opname/").status_code == 200,
        "video": client.get(event.url + "opname/video/").status_code == 200,
    }
    assert len(set(answers.values())) == 1, answers
    return on_page


def test_participants_organisers_and_editors_only_by_default():
    event = past_event()
    participant, absent, waiting, organiser = (UserFactory() for _ in range(4))
    EventRegistration.objects.create(event=event, user=participant, status="confirmed")
    EventRegistration.objects.create(event=event, user=waiting, status="waiting")
    event.organisers.add(organiser)
    event.save()

    for person in (None, absent, waiting):
        assert not sees_everything(person, event)
    text = page_text(logged_in(absent).get(event.url))
    assert nl("The recording, slides and report are for the participants.") in text
    for person in (participant, organiser, page_editor()):
        assert sees_everything(person, event)


def test_everyone_with_an_account_when_the_organiser_chose_so():
    event = past_event(afterwards_visible_to="everyone")
    assert sees_everything(UserFactory(), event)
    assert not sees_everything(None, event)
    text = page_text(Client().get(event.url))
    assert nl("Log in to see the recording, slides and report.") in text


def test_the_learners_of_the_course_of_a_webinar():
    course = build_course()
    event = past_event(course=course)
    learner = UserFactory()
    EnrolmentFactory(user=learner, course=course)
    assert sees_everything(learner, event)
    assert not sees_everything(UserFactory(), event)  # not in the course


def test_the_document_rule_asks_each_event_of_its_source():
    event = past_event()
    french = translation_publish(event, "fr", copy_with_texts(event, {}))
    participant = UserFactory()
    EventRegistration.objects.create(event=event, user=participant, status="confirmed")
    both = EventPage.objects.filter(pk__in=[event.pk, french.pk])
    only_french = EventPage.objects.filter(pk=french.pk)
    for events in (both, only_french):
        assert afterwards_open_to_any(participant, events)
        assert not afterwards_open_to_any(UserFactory(), events)
    assert afterwards_open_to(participant, event)
    assert not afterwards_open_to(AnonymousUser(), event)
