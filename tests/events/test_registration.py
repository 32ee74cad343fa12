"""Registering for an event with its questions, the waiting list, cancelling, the
deadline, the platform's join link only for confirmed participants (the meeting link
itself nowhere: page, mails, calendar files), and a French reader registering on the
Dutch source event."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import ngettext

from events.models import EventRegistration
from languages.demo import copy_with_texts
from languages.services import translation_publish
from lms.links import absolute_url
from tests.factories import UserFactory, agenda, event_page

from .helpers import QUESTIONS, field_names, nl, page_text

MEETING = "meet.example.org"


def join_link(page) -> str:
    """The platform's join link as given out: absolute, in the page's language."""
    return absolute_url(page.url + "deelnemen/")


pytestmark = pytest.mark.django_db

CONFIRMED, WAITING, CANCELLED = "confirmed", "waiting", "cancelled"


@pytest.fixture
def event():
    return event_page(title="Lerend netwerk Oostende", questions=QUESTIONS, capacity=1)


def register(client, event, captured, **answers):
    diet, organisation = field_names(event)
    data = {diet: answers.get("diet", "Vegetarisch")}
    data[organisation] = answers.get("organisation", "OCMW Oostende")
    with captured(execute=True):
        return client.post(event.url + "inschrijven/", data)


def test_register_with_answers_gets_a_seat_a_mail_and_the_join_link(
    client, event, django_capture_on_commit_callbacks
):
    user = UserFactory(first_name="Lotte")
    client.force_login(user)
    response = register(client, event, django_capture_on_commit_callbacks)
    assert response.status_code == 302

    registration = EventRegistration.objects.get(event=event, user=user)
    assert registration.status == CONFIRMED
    assert registration.answers == {
        "Wat eet je?": "Vegetarisch",
        "Organisatie": "OCMW Oostende",
    }
    [message] = mail.outbox
    assert message.to == [user.email] and event.title in message.subject
    assert join_link(event) in message.body
    assert MEETING not in message.body
    assert event.url + "kalender/" in message.body

    html = client.get(event.url).content.decode()
    assert nl("You are registered.") in page_text(client.get(event.url))
    assert f'href="{join_link(event)}"' in html  # joining through the platform
    assert MEETING not in html
    assert event.url + "uitschrijven/" in html  # the cancel button


def test_errors_keep_every_answer_and_register_nobody(client, event):
    user = UserFactory()
    client.force_login(user)
    diet, organisation = field_names(event)
    long = "x" * 501
    response = client.post(event.url + "inschrijven/", {organisation: long})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{long}"' in html  # nothing lost
    assert 'aria-invalid="true"' in html
    assert not EventRegistration.objects.exists()

    response = client.post(
        event.url + "inschrijven/", {diet: "Vlees", organisation: "Bib Brugge"}
    )
    assert response.status_code == 200
    assert 'value="Bib Brugge"' in response.content.decode()
    assert not EventRegistration.objects.exists()

    # A free answer that is not required may stay empty.
    response = client.post(event.url + "inschrijven/", {diet: "Alles"})
    assert response.status_code == 302
    assert EventRegistration.objects.get().answers == {"Wat eet je?": "Alles"}


def test_the_join_link_is_only_for_confirmed_participants_the_meeting_link_nowhere(
    client, event, django_capture_on_commit_callbacks
):
    holder, waiting, other = UserFactory(), UserFactory(), UserFactory()
    for user in (holder, waiting):
        client.force_login(user)
        register(client, event, django_capture_on_commit_callbacks)
    by_person = {m.to[0]: m.body for m in mail.outbox}
    assert join_link(event) in by_person[holder.email]
    assert join_link(event) not in by_person[waiting.email]
    assert all(MEETING not in body for body in by_person.values())

    for user in (waiting, other, holder):
        client.force_login(user)
        for url in (event.url, event.url + "kalender/", "/agenda.ics"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert MEETING not in response.content.decode(), url
        page = client.get(event.url).content.decode()
        assert (join_link(event) in page) is (user == holder)
    # Only the join route itself leads on to the meeting.
    client.force_login(holder)
    event.starts_at = timezone.now() + timedelta(minutes=10)
    event.registration_deadline = event.starts_at
    event.save(update_fields=["starts_at", "registration_deadline"])
    response = client.get(event.url + "deelnemen/")
    assert response.status_code == 302 and MEETING in response["Location"]


def test_waiting_list_then_promotion_when_a_seat_comes_free(
    client, event, django_capture_on_commit_callbacks
):
    holder, first, second = UserFactory(), UserFactory(), UserFactory()
    for user in (holder, first, second):
        client.force_login(user)
        register(client, event, django_capture_on_commit_callbacks)
    statuses = dict(EventRegistration.objects.values_list("user_id", "status"))
    assert statuses == {holder.pk: CONFIRMED, first.pk: WAITING, second.pk: WAITING}
    client.force_login(second)
    with translation.override("nl"):
        place = ngettext(
            "You are number %(position)s on the waiting list.",
            "You are number %(position)s on the waiting list.",
            2,
        ) % {"position": 2}
    assert place in page_text(client.get(event.url))

    mail.outbox.clear()
    client.force_login(holder)
    assert client.get(event.url + "uitschrijven/").status_code == 405  # POST only
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url + "uitschrijven/")
    assert response.status_code == 302
    statuses = dict(EventRegistration.objects.values_list("user_id", "status"))
    assert statuses == {holder.pk: CANCELLED, first.pk: CONFIRMED, second.pk: WAITING}
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {holder.email, first.email}
    assert join_link(event) in by_person[first.email].body  # now a participant
    assert join_link(event) not in by_person[holder.email].body
    assert all(MEETING not in m.body for m in mail.outbox)

    # Someone else's registration cannot be cancelled: there is none of theirs.
    client.force_login(UserFactory())
    assert client.post(event.url + "uitschrijven/").status_code == 404


def test_no_registration_after_the_deadline(client):
    event = event_page(
        starts_in=timedelta(hours=5),
        registration_deadline=timezone.now() - timedelta(minutes=1),
    )
    client.force_login(UserFactory())
    response = client.post(event.url + "inschrijven/", follow=True)
    assert not EventRegistration.objects.exists()
    assert nl("Registration has closed.") in page_text(response)


def test_a_visitor_is_sent_to_log_in(client, event):
    response = client.post(event.url + "inschrijven/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert not EventRegistration.objects.exists()


def test_a_french_reader_registers_on_the_dutch_event_in_dutch_words(
    client, event, django_capture_on_commit_callbacks
):
    french = translation_publish(
        event,
        "fr",
        copy_with_texts(
            event,
            {"Wat eet je?": "Que mangez-vous ?", "Vegetarisch": "Végétarien"},
            title="Réseau apprenant Ostende",
        ),
    )
    assert french.url.startswith("/fr/")
    reader = UserFactory(preferred_language="fr")
    client.force_login(reader)
    page = client.get(french.url).content.decode()
    assert "Que mangez-vous ?" in page and "Végétarien" in page
    diet, organisation = field_names(french)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(french.url + "inschrijven/", {diet: "Végétarien"})

    registration = EventRegistration.objects.get(user=reader)
    assert registration.event_id == event.pk  # the source event
    assert registration.answers == {"Wat eet je?": "Vegetarisch"}
    [message] = mail.outbox
    assert "Réseau apprenant Ostende" in message.subject
    assert "/fr/" in message.body
    # The French list shows the French event once, with the seat taken.
    listed = page_text(client.get(agenda().url.replace("/nl/", "/fr/")))
    assert listed.count("Réseau apprenant Ostende") == 1
    assert "Lerend netwerk Oostende" not in listed
