"""What the agenda holds about a person goes into their data export and goes with
their erasure; a seat they held at an event still to come goes to the next in line."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core import mail

from events.models import EventRegistration, RecordingView
from events.privacy import Events
from privacy.archive import ExportArchive
from privacy.services import user_erase
from tests.factories import UserFactory, event_page

pytestmark = pytest.mark.django_db


def exported(user) -> dict[str, list[dict]]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zip_file:
        archive = ExportArchive(zip_file)
        Events().export(user, archive)
        kinds = archive.kinds
    with zipfile.ZipFile(buffer) as zip_file:
        return {kind: json.loads(zip_file.read(f"{kind}.json")) for kind in kinds}


def test_the_export_holds_registrations_with_answers_and_recordings():
    person = UserFactory()
    event = event_page(title="Studiedag Gent")
    EventRegistration.objects.create(
        event=event,
        user=person,
        status="confirmed",
        answers={"Wat eet je?": "Vegetarisch"},
    )
    RecordingView.objects.create(event=event, user=person, reflection="Ik luister.")
    event.organisers.add(person)
    event.save()
    EventRegistration.objects.create(event=event, user=UserFactory(), status="waiting")

    data = exported(person)
    [registration] = data["event_registrations"]
    assert registration["event"] == "Studiedag Gent"
    assert registration["answers"] == {"Wat eet je?": "Vegetarisch"}
    assert registration["status"] == "confirmed"
    assert data["recordings_watched"][0]["reflection"] == "Ik luister."
    assert data["events_organised"] == [
        {
            "event": "Studiedag Gent",
            "starts_at": data["events_organised"][0]["starts_at"],
        }
    ]


def test_erasure_deletes_them_and_gives_the_seat_to_the_next_in_line(
    django_capture_on_commit_callbacks,
):
    person, waiting, past_waiting = UserFactory(), UserFactory(), UserFactory()
    coming = event_page(capacity=1)
    past = event_page(capacity=1, starts_in=-timedelta(days=3))
    EventRegistration.objects.create(event=coming, user=person, status="confirmed")
    EventRegistration.objects.create(event=coming, user=waiting, status="waiting")
    EventRegistration.objects.create(event=past, user=person, status="confirmed")
    EventRegistration.objects.create(event=past, user=past_waiting, status="waiting")
    RecordingView.objects.create(event=past, user=person, reflection="Mijn gedachten")
    coming.organisers.add(person)
    coming.save()

    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=person, reason="request")

    assert not EventRegistration.objects.filter(user_id=person.pk).exists()
    assert not RecordingView.objects.filter(user_id=person.pk).exists()
    assert not coming.organisers.through.objects.filter(user_id=person.pk).exists()
    statuses = dict(EventRegistration.objects.values_list("user_id", "status"))
    # A seat at an event still to come goes on; nobody moves up once it took place.
    assert statuses == {waiting.pk: "confirmed", past_waiting.pk: "waiting"}
    assert waiting.email in [m.to[0] for m in mail.outbox]
