"""Facts kept on the Dutch source event win over a translation that was not synced
since (the agenda's cards, the calendar feed, the event page), and a place cannot be
cancelled once the event has begun."""

from datetime import timedelta
from html import unescape

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from events import services
from events.models import EventPage, EventRegistration
from languages.demo import copy_with_texts
from languages.services import translation_publish
from tests.factories import UserFactory, agenda, event_page

from .helpers import page_text as raw_text

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return unescape(raw_text(response))


def fr(msgid: str) -> str:
    with translation.override("fr"):
        return " ".join(gettext(msgid).split())


@pytest.fixture
def french_event():
    """A Dutch event with its French translation, then changed on the source only
    (as publishing the source does until the translation is synced): cancelled,
    and its places cut to the one already taken."""
    event = event_page(title="Lerend netwerk Gent", capacity=20)
    translation_publish(
        event, "fr", copy_with_texts(event, {}, title="Réseau apprenant Gand")
    )
    EventRegistration.objects.create(
        event=event, user=UserFactory(), status="confirmed"
    )
    return event


def test_the_french_agenda_says_the_source_is_cancelled(client, french_event):
    EventPage.objects.filter(pk=french_event.pk).update(cancelled=True)
    french = EventPage.objects.get(
        translation_key=french_event.translation_key, locale__language_code="fr"
    )
    assert not french.cancelled  # the translation still says it is on

    listed = page_text(client.get(agenda().url.replace("/nl/", "/fr/")))
    assert "Réseau apprenant Gand" in listed
    assert fr("Cancelled") in listed

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    feed = client.get(reverse("events:feed")).content.decode()
    assert "Réseau apprenant Gand" in feed
    assert "STATUS:CANCELLED" in feed


def test_the_french_agenda_counts_the_source_places(client, french_event):
    EventPage.objects.filter(pk=french_event.pk).update(capacity=1)
    listed = page_text(client.get(agenda().url.replace("/nl/", "/fr/")))
    assert fr("Full: waiting list") in listed


def test_the_french_event_page_reads_registration_open_on_the_source(
    client, french_event
):
    french_event.registration_open = False
    french_event.save_revision().publish()  # the translation is not synced
    french = EventPage.objects.get(
        translation_key=french_event.translation_key, locale__language_code="fr"
    )
    client.force_login(UserFactory(preferred_language="fr"))
    text = page_text(client.get(french.url))
    assert fr("No registration is needed or possible for this event.") in text
    assert french.registration_open
    assert fr("Register before") not in text


def test_a_place_cannot_be_cancelled_once_the_event_has_begun(client):
    event = event_page(starts_in=-timedelta(minutes=30))
    holder = UserFactory()
    registration = EventRegistration.objects.create(
        event=event, user=holder, status="confirmed", attended=True
    )
    client.force_login(holder)
    response = client.post(event.url + "uitschrijven/")
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "confirmed" and registration.attended

    with pytest.raises(ValidationError):
        services.registration_cancel(registration=registration, now=timezone.now())


def test_a_place_can_be_cancelled_before_the_start(client):
    event = event_page()
    holder = UserFactory()
    registration = EventRegistration.objects.create(
        event=event, user=holder, status="confirmed"
    )
    client.force_login(holder)
    client.post(event.url + "uitschrijven/")
    registration.refresh_from_db()
    assert registration.status == "cancelled"
