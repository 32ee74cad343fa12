"""Registering for an event, cancelling, telling everyone of a
cancelled event, and the reminders the day before.

Seats and the waiting list follow `booking.services`, the one set of rules training
sessions share: every change to who holds a seat runs with the event row locked, and
a freed seat goes to the first in line. Everything is written on the Dutch source
event (the views call `languages.selectors.source_of` first). Mails go out after the
commit, through the task `events.tasks.send_event_notice`.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from booking import services as booking
from lms.models import User
from lms.queue import task_after_commit

from .models import EventPage, EventRegistration
from .selectors import registrations_to_remind

Status = EventRegistration.Status
NOTICE_TASK = "events.tasks.send_event_notice"


def registration_create(
    *,
    event: EventPage,
    user: User,
    answers: dict[str, str] | None = None,
    now: datetime | None = None,
) -> EventRegistration:
    """Register `user` for the source `event`: a seat while there is one, else the
    end of the waiting list (`booking.services.book`), with their `answers` to the
    organiser's questions (question → answer, in the source event's words, checked
    by `events.forms.RegistrationForm`). Registering again while registered returns
    the existing registration, its answers unchanged."""
    return booking.book(
        bookable=event, user=user, now=now, fields={"answers": answers or {}}
    )


def registration_cancel(
    *, registration: EventRegistration, now: datetime | None = None
) -> EventRegistration | None:
    """Cancel a registration and mail its holder; the freed seat goes to the first
    on the waiting list (`booking.services.cancel`), who is returned. Not once the
    event has begun (a ValidationError): a place taken, attended or not, stays in
    the participant list and, for a webinar of a course, in the learner's progress."""
    now = now or timezone.now()
    if now >= registration.event.starts_at:
        raise ValidationError(
            _("The event has begun: your registration can no longer be cancelled.")
        )
    return booking.cancel(booking=registration, now=now)


def event_cancellation_announce(
    *, event: EventPage, now: datetime | None = None
) -> int:
    """Mail everyone registered for the source `event` (seat or waiting list) that it
    is cancelled, each once: the rows are locked and marked `told_cancelled_at`, so a
    second publish, or two at once, mails nobody again. Returns how many are told."""
    if not event.cancelled:
        return 0
    now = now or timezone.now()
    with transaction.atomic():
        told = list(
            event.registrations.select_for_update()
            .exclude(status=Status.CANCELLED)
            .filter(told_cancelled_at__isnull=True)
            .values_list("pk", flat=True)
        )
        EventRegistration.objects.filter(pk__in=told).update(told_cancelled_at=now)
        for pk in told:
            task_after_commit(NOTICE_TASK, pk, "event_cancelled")
    return len(told)


def reminders_send(*, now: datetime | None = None) -> int:
    """Queue the reminder of every confirmed registration for an event starting in
    24 to 36 hours. Each row is claimed once: locked (other workers skip it), marked
    `reminded_at` and its mail queued after the commit, one transaction per row. Two
    runs at once remind nobody twice. Returns how many were claimed."""
    now = now or timezone.now()
    claimed = 0
    while True:
        with transaction.atomic():
            row = (
                EventRegistration.objects.select_for_update(
                    skip_locked=True, of=("self",)
                )
                .filter(registrations_to_remind(now))
                .order_by("pk")
                .first()
            )
            if row is None:
                return claimed
            row.reminded_at = now
            row.save(update_fields=["reminded_at"])
            task_after_commit(NOTICE_TASK, row.pk, "reminder")
        claimed += 1
