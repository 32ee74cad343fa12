"""Registrations, the waiting list, the go/no-go decision, attendance and requests.

Seats and the waiting list follow `booking.services`, the rules training sessions share
with events: every change to who holds a seat runs with the session row locked, and a
freed seat, whatever freed it (a cancellation, a deleted registration, a departure from
an organisation: `receivers`), goes to the first in line. Mails go out after the commit.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from booking import services as booking
from courses.services import completion_record
from lms.models import Membership, Organisation, User
from lms.roles import is_coordinator_of
from training.models import (
    DIGIHELPER_MINIMUM,
    Registration,
    TrainingRequest,
    TrainingSession,
)

Status = Registration.Status


def registration_create(
    *, session: TrainingSession, user: User, now: datetime | None = None
) -> Registration:
    """Register `user`: a seat while there is one, else the end of the waiting list
    (`booking.services.book`). Registering again while registered returns the
    existing registration."""
    return booking.book(bookable=session, user=user, now=now)


def registration_cancel(
    *, registration: Registration, now: datetime | None = None
) -> Registration | None:
    """Cancel a registration and mail its holder; the freed seat goes to the first on
    the waiting list (`booking.services.cancel`), who is returned."""
    return booking.cancel(booking=registration, now=now)


def session_fill_seats(
    *, session: TrainingSession, now: datetime | None = None
) -> list[Registration]:
    """Give the session's free seats to its waiting list (`booking.services.fill_seats`)."""
    return booking.fill_seats(bookable=session, now=now)


def registrations_cancel_after_leaving(
    *, user_id: int, organisation_id: int, now: datetime | None = None
) -> int:
    """Someone who is no longer a member of an organisation loses their seat or
    waiting-list place in the sessions for that organisation or one of its teams that
    have not started. Each is cancelled like any other (`registration_cancel`: mailed,
    the seat goes to the next in line). Sessions open to everyone are kept, and so is
    everything while they are a member (again). Returns how many were cancelled."""
    now = now or timezone.now()
    if Membership.objects.filter(
        user_id=user_id, organisation_id=organisation_id
    ).exists():
        return 0
    lost = list(
        Registration.objects.filter(user_id=user_id, session__starts_at__gt=now)
        .filter(
            Q(session__organisation_id=organisation_id)
            | Q(session__team__organisation_id=organisation_id)
        )
        .exclude(status=Status.CANCELLED)
        # A cancelled session has no seat to lose, nor a mail to send about it.
        .exclude(session__status=TrainingSession.Status.CANCELLED)
        .select_related("session")
    )
    for registration in lost:
        registration_cancel(registration=registration, now=now)
    return len(lost)


def sessions_decide(*, now: datetime | None = None) -> int:
    """Go/no-go at the registration deadline: confirm each open session that reached
    its minimum, cancel the others and tell everyone registered. Returns how many
    sessions were decided; running it again decides nothing twice."""
    now = now or timezone.now()
    decided = 0
    due = TrainingSession.objects.filter(
        status=TrainingSession.Status.PLANNED, registration_deadline__lte=now
    ).values_list("pk", flat=True)
    for pk in due:
        with transaction.atomic():
            session = TrainingSession.objects.select_for_update().get(pk=pk)
            if session.status != TrainingSession.Status.PLANNED:
                continue
            confirmed = session.registrations.filter(status=Status.CONFIRMED).count()
            go = confirmed >= session.minimum
            session.status = (
                TrainingSession.Status.CONFIRMED
                if go
                else TrainingSession.Status.CANCELLED
            )
            session.decided_at = now
            session.save(update_fields=["status", "decided_at"])
            told = list(booking.active(session).values_list("pk", flat=True))
            kind = "confirmed" if go else "session_cancelled"
            for registration_pk in told:
                transaction.on_commit(
                    lambda pk=registration_pk, kind=kind, s=session: s.booking_notice(
                        pk, kind
                    )
                )
        decided += 1
    return decided


def attendance_record(
    *,
    session: TrainingSession,
    trainer: User,
    present: set[int],
    now: datetime | None = None,
) -> int:
    """The session's trainer marks who attended (registration ids in `present`; the
    other confirmed registrations are marked absent). Attending may complete a course
    that requires it. Returns the number present."""
    now = now or timezone.now()
    if not session.trainers.filter(pk=trainer.pk).exists():
        raise PermissionDenied(_("Only the session's trainers mark attendance."))
    if now < session.starts_at:
        raise ValidationError(_("You can mark attendance once the session has begun."))
    with transaction.atomic():
        confirmed = session.registrations.filter(status=Status.CONFIRMED)
        newly = list(
            confirmed.filter(pk__in=present)
            .exclude(attended=True)
            .select_related("user")
        )
        confirmed.filter(pk__in=present).update(attended=True)
        booking.attendance_announce(newly, bookable=session, at=now)
        confirmed.exclude(pk__in=present).update(attended=False)
        attendees = User.objects.filter(
            registrations__in=confirmed.filter(attended=True)
        )
        for user in attendees:
            completion_record(user=user, course=session.course)
        return attendees.count()


def training_request_create(
    *,
    user: User,
    organisation: Organisation,
    earliest: date,
    latest: date,
    place: str,
    participants: int,
    remarks: str = "",
) -> TrainingRequest:
    """A coordinator asks for a digihelper training for their organisation's group."""
    if not is_coordinator_of(user, organisation):
        raise PermissionDenied(
            _("Only a coordinator of %(organisation)s can ask for a training.")
            % {"organisation": organisation}
        )
    if participants < DIGIHELPER_MINIMUM:
        raise ValidationError(
            {
                "participants": _(
                    "A digihelper training needs at least %(minimum)s participants; "
                    "you have %(count)s. Join a training that is open to everyone, "
                    "or gather more people first."
                )
                % {"minimum": DIGIHELPER_MINIMUM, "count": participants}
            }
        )
    if latest < earliest:
        raise ValidationError(
            {"latest": _("The end of the period comes before its start.")}
        )
    return TrainingRequest.objects.create(
        organisation=organisation,
        requested_by=user,
        earliest=earliest,
        latest=latest,
        place=place.strip(),
        participants=participants,
        remarks=remarks.strip(),
    )
