"""What every booking has, whatever is booked: a seat or a waiting-list place, in
order of arrival, and what became of it.

`training.Registration` (a training session) and `events.EventRegistration` (an event
of the learning network) are the concrete bookings; `booking.services` holds the one
set of rules for both.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class Booking(models.Model):
    """A person's place in something bookable, or on its waiting list.

    The waiting list is ordered by `registered_at`, then id; cancelling keeps the row
    (status cancelled) so the history stays. A concrete booking names the foreign key
    to what it books in `bookable_field`.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    bookable_field: ClassVar[str]

    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["registered_at", "pk"]


class Bookable:
    """What `booking.services` asks of a thing people book (a mixin for a model with
    `capacity`, `registration_deadline` and `starts_at`)."""

    booking_model: ClassVar[type[Booking]]
    capacity: int
    registration_deadline: datetime
    starts_at: datetime

    @property
    def booking_cancelled(self) -> bool:
        """True when the whole thing is called off: no booking, no promotion."""
        raise NotImplementedError

    def booking_check(self, user) -> None:
        """Raise `PermissionDenied` when `user` may not book this (default: anyone may)."""

    def booking_notice(self, booking_id: int, kind: str) -> None:
        """Queue the mail of `kind` ("registered", "waiting", "promoted", "cancelled")
        about a booking; called after the commit."""
        raise NotImplementedError

    def bookings(self) -> models.QuerySet:
        model = self.booking_model
        return model.objects.filter(**{model.bookable_field: self})
