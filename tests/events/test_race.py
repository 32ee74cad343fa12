"""Many people registering for the last places of one event at the same moment, each
through the agenda's own service with their answers: exactly `capacity` of them get
a seat, the others wait in line (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection, connections

from events.models import EventRegistration
from events.services import registration_create
from tests.factories import UserFactory, event_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_last_seats_go_to_exactly_as_many_people_as_there_are():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI)")
    event = event_page(capacity=10)
    for _ in range(7):  # three places left
        EventRegistration.objects.create(
            event=event, user=UserFactory(), status="confirmed"
        )
    people = [UserFactory() for _ in range(10)]
    barrier, errors = threading.Barrier(len(people)), []

    def run(user):
        barrier.wait()
        try:
            registration_create(
                event=event, user=user, answers={"Organisatie": user.email}
            )
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    theirs = EventRegistration.objects.filter(user__in=people)
    assert theirs.filter(status="confirmed").count() == 3
    assert theirs.filter(status="waiting").count() == 7
    assert event.registrations.filter(status="confirmed").count() == event.capacity
    assert all(r.answers == {"Organisatie": r.user.email} for r in theirs)
