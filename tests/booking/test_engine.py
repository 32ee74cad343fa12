"""One booking engine for training sessions and events: the same rules, held here for
both kinds of bookable by calling `booking.services` directly."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from booking import services
from booking.models import Booking
from tests.factories import TrainingSessionFactory, UserFactory, event_page

CONFIRMED, WAITING, CANCELLED = (
    Booking.Status.CONFIRMED,
    Booking.Status.WAITING,
    Booking.Status.CANCELLED,
)


def _session(capacity):
    return TrainingSessionFactory(capacity=capacity, minimum=1, kind="follow_up")


def _event(capacity):
    return event_page(capacity=capacity)


BOOKABLES = pytest.mark.parametrize(
    "make", [_session, _event], ids=["session", "event"]
)


def _statuses(bookings):
    model = type(bookings[0])
    by_pk = dict(
        model.objects.filter(pk__in=[b.pk for b in bookings]).values_list(
            "pk", "status"
        )
    )
    return [by_pk[b.pk] for b in bookings]


@BOOKABLES
@pytest.mark.django_db
def test_seats_then_the_waiting_list_and_the_first_in_line_moves_up(make):
    bookable = make(2)
    bookings = [services.book(bookable=bookable, user=UserFactory()) for _ in range(4)]
    assert _statuses(bookings) == [CONFIRMED, CONFIRMED, WAITING, WAITING]

    promoted = services.cancel(booking=bookings[1])

    assert promoted.pk == bookings[2].pk
    assert _statuses(bookings) == [CONFIRMED, CANCELLED, CONFIRMED, WAITING]
    assert services.cancel(booking=bookings[1]) is None  # once only


@BOOKABLES
@pytest.mark.django_db
def test_booking_twice_gives_the_same_place(make):
    bookable, user = make(1), UserFactory()
    first = services.book(bookable=bookable, user=user)
    assert services.book(bookable=bookable, user=user).pk == first.pk
    assert bookable.bookings().count() == 1


@BOOKABLES
@pytest.mark.django_db
def test_nobody_books_after_the_deadline(make):
    bookable = make(5)
    with pytest.raises(ValidationError):
        services.book(
            bookable=bookable,
            user=UserFactory(),
            now=bookable.registration_deadline + timedelta(minutes=1),
        )
    assert not bookable.bookings().exists()


@BOOKABLES
@pytest.mark.django_db
def test_nobody_is_promoted_once_it_has_started(make):
    bookable = make(1)
    holder, waiting = (
        services.book(bookable=bookable, user=UserFactory()) for _ in range(2)
    )
    services.cancel(booking=holder, now=bookable.starts_at + timedelta(minutes=5))
    assert _statuses([waiting]) == [WAITING]


@BOOKABLES
@pytest.mark.django_db(transaction=True)
def test_many_people_booking_the_last_seats_at_once_get_exactly_the_places(make):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI)")
    bookable = make(3)
    people = [UserFactory() for _ in range(8)]
    barrier, errors = threading.Barrier(len(people)), []

    def run(user):
        barrier.wait()
        try:
            services.book(bookable=bookable, user=user, now=timezone.now())
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
    statuses = sorted(bookable.bookings().values_list("status", flat=True))
    assert statuses == [CONFIRMED] * 3 + [WAITING] * 5
    # The waiting list keeps the order of arrival the lock gave them.
    waiting = bookable.bookings().filter(status=WAITING).order_by("registered_at", "pk")
    first = waiting.first()
    services.cancel(booking=bookable.bookings().filter(status=CONFIRMED).first())
    assert type(first).objects.get(pk=first.pk).status == CONFIRMED
