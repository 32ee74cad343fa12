"""Mails of the agenda: a cancelled event tells everyone registered once, the reminder
the day before goes once to each confirmed participant (also when two runs race), and
a mail that stopped being true is not sent."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections

from events.models import EventPage, EventRegistration
from events.notices import event_notice_send
from events.services import reminders_send
from languages.demo import copy_with_texts
from languages.services import translation_publish
from lms.links import absolute_url
from tests.factories import UserFactory, event_page

CONFIRMED, WAITING, CANCELLED = "confirmed", "waiting", "cancelled"


def registrations(event, *statuses):
    return [
        EventRegistration.objects.create(event=event, user=UserFactory(), status=s)
        for s in statuses
    ]


@pytest.mark.django_db
def test_a_cancelled_event_mails_everyone_registered_once(
    django_capture_on_commit_callbacks,
):
    event = event_page(title="Studiedag Gent")
    held, waiting, gone = registrations(event, CONFIRMED, WAITING, CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()  # not cancelled: nobody is told anything
    assert mail.outbox == []

    event.cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [held.user.email, waiting.user.email]
    )
    assert all("Studiedag Gent" in m.subject for m in mail.outbox)
    assert all("meet.example.org" not in m.body for m in mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()  # published again
    assert len(mail.outbox) == 2
    assert (
        EventRegistration.objects.filter(told_cancelled_at__isnull=False).count() == 2
    )


@pytest.mark.django_db
def test_the_reminder_goes_once_to_confirmed_participants_the_day_before(
    django_capture_on_commit_callbacks,
):
    tomorrow = event_page(title="Webinar morgen", starts_in=timedelta(hours=30))
    today = event_page(starts_in=timedelta(hours=10))
    later = event_page(starts_in=timedelta(hours=50))
    off = event_page(starts_in=timedelta(hours=30), cancelled=True)
    reminded = registrations(tomorrow, CONFIRMED, CONFIRMED)
    registrations(tomorrow, WAITING, CANCELLED)
    for other in (today, later, off):
        registrations(other, CONFIRMED)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        r.user.email for r in reminded
    )
    assert all("Webinar morgen" in m.subject for m in mail.outbox)
    join = absolute_url(tomorrow.url + "deelnemen/")
    assert all(join in m.body for m in mail.outbox)
    assert all("meet.example.org" not in m.body for m in mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 0
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_mail_that_stopped_being_true_is_not_sent():
    event = event_page()
    [registration] = registrations(event, CONFIRMED)
    registration.status = CANCELLED
    registration.save()
    assert event_notice_send(registration.pk, "reminder") is False
    assert event_notice_send(registration.pk, "cancelled") is True
    assert event_notice_send(123456789, "registered") is False
    assert [m.to[0] for m in mail.outbox] == [registration.user.email]


@pytest.mark.django_db
def test_the_mail_is_in_the_participants_language(django_capture_on_commit_callbacks):
    event = event_page(title="Lerend netwerk", starts_in=timedelta(hours=30))
    translation_publish(
        event, "fr", copy_with_texts(event, {}, title="Réseau apprenant")
    )
    reader = UserFactory(preferred_language="fr")
    EventRegistration.objects.create(event=event, user=reader, status=CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send()
    [message] = mail.outbox
    assert "Réseau apprenant" in message.subject
    assert "/fr/agenda/" in message.body
    # The join link in the participant's language.
    french = EventPage.objects.get(
        translation_key=event.translation_key, locale__language_code="fr"
    )
    assert absolute_url(french.url + "deelnemen/") in message.body


@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_remind_each_person_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI)")
    event = event_page(starts_in=timedelta(hours=30))
    people = registrations(event, *[CONFIRMED] * 12)
    runs = 4
    barrier, claimed, errors = threading.Barrier(runs), [], []

    def run():
        barrier.wait()
        try:
            claimed.append(reminders_send())
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(claimed) == len(people)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.user.email for p in people)
