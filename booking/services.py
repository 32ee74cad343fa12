"""The booking rules, one set for training sessions and events.

Every change to who holds a seat runs with the booked row locked (`select_for_update`),
so two people booking the last seat at the same moment get one seat and one
waiting-list place, and a freed seat goes to exactly one person, the first in line.
Freed seats are filled in one place, `fill_seats`, whatever freed them. Mails go out
after the commit, through the bookable's `booking_notice`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import signals
from .models import Bookable, Booking

B = TypeVar("B", bound=Bookable)
Status = Booking.Status


def locked(bookable: B) -> B:
    """The bookable again, its row locked until the end of the transaction."""
    return type(bookable).objects.select_for_update().get(pk=bookable.pk)


def active(bookable: Bookable):
    return bookable.bookings().exclude(status=Status.CANCELLED)


def book(
    *,
    bookable: Bookable,
    user,
    now: datetime | None = None,
    fields: dict[str, Any] | None = None,
) -> Booking:
    """Book `user` a seat while there is one, else the end of the waiting list.
    `fields` are stored on a new booking (answers to the organiser's questions).

    Booking again while booked returns the existing booking.
    """
    now = now or timezone.now()
    with transaction.atomic():
        bookable = locked(bookable)
        existing = active(bookable).filter(user=user).first()
        if existing is not None:
            return existing
        if bookable.booking_cancelled:
            raise ValidationError(_("This was cancelled: you can no longer register."))
        if now >= bookable.registration_deadline:
            raise ValidationError(_("Registration has closed."))
        bookable.booking_check(user)
        model = bookable.booking_model
        seats_taken = bookable.bookings().filter(status=Status.CONFIRMED).count()
        status = Status.CONFIRMED if seats_taken < bookable.capacity else Status.WAITING
        booking = model.objects.create(
            **{model.bookable_field: bookable},
            user=user,
            status=status,
            **(fields or {}),
        )
    kind = "registered" if status == Status.CONFIRMED else "waiting"
    transaction.on_commit(lambda: bookable.booking_notice(booking.pk, kind))
    return booking


def cancel(*, booking: Booking, now: datetime | None = None) -> Booking | None:
    """Cancel a booking and mail its holder. A freed seat goes at once to the first
    on the waiting list (`fill_seats`). Returns the first person promoted, if any;
    cancelling a cancelled booking does nothing."""
    now = now or timezone.now()
    model = type(booking)
    with transaction.atomic():
        bookable = locked(getattr(booking, model.bookable_field))
        booking = model.objects.get(pk=booking.pk)
        if booking.status == Status.CANCELLED:
            return None
        freed = booking.status == Status.CONFIRMED
        booking.status = Status.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        transaction.on_commit(lambda: bookable.booking_notice(booking.pk, "cancelled"))
        promoted = fill_seats(bookable=bookable, now=now) if freed else []
    return promoted[0] if promoted else None


def fill_seats(*, bookable: Bookable, now: datetime | None = None) -> list[Booking]:
    """Give the free seats to the waiting list, first in, first out (`registered_at`,
    then id), until it is full; each person promoted is mailed after the commit.
    Nobody is promoted once it has started or when it is cancelled. Returns those
    promoted, in order (none when it is full, so calling it once too often is
    harmless).

    The only code that promotes: call it whenever a seat may have come free (a
    cancellation, a deleted booking, more places).
    """
    now = now or timezone.now()
    with transaction.atomic():
        bookable = locked(bookable)
        if now >= bookable.starts_at or bookable.booking_cancelled:
            return []
        bookings = bookable.bookings()
        free = bookable.capacity - bookings.filter(status=Status.CONFIRMED).count()
        if free <= 0:
            return []
        promoted = list(
            bookings.filter(status=Status.WAITING).order_by("registered_at", "pk")[
                :free
            ]
        )
        bookable.booking_model.objects.filter(pk__in=[b.pk for b in promoted]).update(
            status=Status.CONFIRMED, promoted_at=now
        )
        for booking in promoted:
            booking.status, booking.promoted_at = Status.CONFIRMED, now
            transaction.on_commit(
                lambda pk=booking.pk: bookable.booking_notice(pk, "promoted")
            )
    return promoted


def attendance_announce(
    bookings: Iterable[Booking], *, bookable: Bookable, at: datetime
) -> None:
    """Send `attended` for each of `bookings` (their users loaded), just marked
    attended in the caller's transaction: the one way training sessions and events
    tell the apps above."""
    for booked in bookings:
        signals.attended.send(
            sender=type(booked),
            user=booked.user,
            booking=booked,
            bookable=bookable,
            attended_at=at,
        )
