"""Attendance and recordings: the organiser marks who was there, a participant joins
online through the platform's link, a learner watches a webinar's recording and
answers its reflection question; and the organiser's participant list, on screen and
as CSV or XLSX.

Every fact is written on the Dutch source event (the views call
`languages.selectors.source_of` first). For a webinar of a course, attending it or
watching its recording is one of the course's requirements: each fact goes on to
`courses.services.completion_record`, with the source course, in the same transaction.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from booking.services import attendance_announce
from courses.models import CoursePage
from courses.services import completion_record
from languages.selectors import source_of
from lms.exports import csv_text, spreadsheet_safe
from lms.models import Organisation, User

from .access import may_organise
from .models import EventPage, EventRegistration, RecordingView
from .recordings import document_seconds
from .selectors import confirmed_registration

Status = EventRegistration.Status
Via = EventRegistration.AttendedVia

#: The platform's link lets a confirmed participant in this long before the start.
JOIN_OPENS_BEFORE = timedelta(minutes=15)
#: The share of a recording's length that must pass, after the learner first opened
#: it, before their reflection counts as having watched it to the end.
WATCHED_SHARE = 0.9


def _source_course(event: EventPage) -> CoursePage | None:
    return source_of(event.course) if event.course_id else None


# --- The organiser marks attendance -----------------------------------------------


def attendance_record(
    *,
    event: EventPage,
    organiser: User,
    present: set[int],
    listed: set[int] | None = None,
    now: datetime | None = None,
) -> int:
    """The organiser marks who attended the source `event`: of the confirmed
    registrations `listed` (all of them when None), those in `present` attended, the
    others did not. Only the ones listed change, so someone who joins through the
    link while the organiser has the list open is not marked absent. Attendance
    already recorded keeps how and when it was recorded. For a webinar of a course,
    each attendee's course is recomputed (`completion_record`). Returns the number
    present among those listed."""
    now = now or timezone.now()
    if not may_organise(organiser, event):
        raise PermissionDenied(_("Only the event's organisers mark attendance."))
    if now < event.starts_at:
        raise ValidationError(_("You can mark attendance once the event has begun."))
    course = _source_course(event)
    with transaction.atomic():
        confirmed = event.registrations.filter(status=Status.CONFIRMED)
        if listed is not None:
            confirmed = confirmed.filter(pk__in=listed)
        marked = confirmed.filter(pk__in=present)
        newly = list(marked.exclude(attended=True).select_related("user"))
        marked.exclude(attended=True).update(
            attended=True, attended_via=Via.ORGANISER, attended_at=now
        )
        attendance_announce(newly, bookable=event, at=now)
        confirmed.exclude(pk__in=present).update(
            attended=False, attended_via="", attended_at=None
        )
        attendees = list(User.objects.filter(event_registrations__in=marked))
        if course is not None:
            for user in attendees:
                completion_record(user=user, course=course)
    return len(attendees)


# --- A participant joins through the platform's link ------------------------------


class JoinRefusal(StrEnum):
    """Why the platform's link does not lead to the meeting (the page says it)."""

    NOT_ONLINE = "not_online"
    CANCELLED = "cancelled"
    NOT_REGISTERED = "not_registered"
    NOT_YET = "not_yet"
    OVER = "over"


@dataclass(frozen=True)
class JoinAnswer:
    """Where the link leads: the meeting (`url`) or a page saying why not."""

    url: str = ""
    refusal: JoinRefusal | None = None
    opens_at: datetime | None = None


def attendance_via_link(
    *, event: EventPage, user: User, now: datetime | None = None
) -> JoinAnswer:
    """A person opens the platform's link to the online source `event`. A confirmed
    participant, from `JOIN_OPENS_BEFORE` the start until the end, is let through to
    the meeting, and their attendance is recorded the first time (attended through
    the link); anyone else learns why not, and never sees the link. A conditional
    update records it once, even when the link is opened twice at the same moment."""
    now = now or timezone.now()
    opens_at = event.starts_at - JOIN_OPENS_BEFORE
    if not event.online or not event.meeting_url:
        return JoinAnswer(refusal=JoinRefusal.NOT_ONLINE)
    if event.cancelled:
        return JoinAnswer(refusal=JoinRefusal.CANCELLED)
    registration = confirmed_registration(user, event)
    if registration is None:
        return JoinAnswer(refusal=JoinRefusal.NOT_REGISTERED)
    if now < opens_at:
        return JoinAnswer(refusal=JoinRefusal.NOT_YET, opens_at=opens_at)
    if now > event.ends_at:
        return JoinAnswer(refusal=JoinRefusal.OVER)
    course = _source_course(event)
    with transaction.atomic():
        recorded = (
            EventRegistration.objects.filter(pk=registration.pk)
            .exclude(attended=True)
            .update(attended=True, attended_via=Via.LINK, attended_at=now)
        )
        if recorded:
            registration.user = user  # the same person: no query to load them
            attendance_announce([registration], bookable=event, at=now)
        if recorded and course is not None:
            completion_record(user=user, course=course)
    return JoinAnswer(url=event.meeting_url)


# --- Watching the recording ----------------------------------------------------------


def recording_length(page: EventPage) -> int | None:
    """The length in seconds of `page`'s recording: stored when the page was
    published, else read from the file now and stored. None without a recording or
    when the file is not a video whose length can be read."""
    if not page.recording_id:
        return None
    if page.recording_seconds is None:
        seconds = document_seconds(page.recording)
        if seconds is not None:
            EventPage.objects.filter(pk=page.pk).update(recording_seconds=seconds)
            page.recording_seconds = seconds
    return page.recording_seconds


def recording_length_on_publish(sender, instance: EventPage, **kwargs) -> None:
    """A `page_published` receiver for `EventPage`: reads the length of the
    recording now published (it may be a new file) and stores it."""
    seconds = document_seconds(instance.recording) if instance.recording_id else None
    EventPage.objects.filter(pk=instance.pk).update(recording_seconds=seconds)
    instance.recording_seconds = seconds


def recording_started(*, event: EventPage, user: User) -> RecordingView:
    """`user` opens the source `event`'s recording: the first opening is kept
    (`started_at`), the ones after change nothing."""
    view, _created = RecordingView.objects.get_or_create(event=event, user=user)
    return view


def watched_enough(
    view: RecordingView, seconds: int | None, now: datetime | None = None
) -> bool:
    """Whether, since `view` began, `WATCHED_SHARE` of a recording of `seconds` has
    passed (always, when the length is unknown: a file nobody can measure holds
    nobody back)."""
    now = now or timezone.now()
    needed = timedelta(seconds=math.ceil(WATCHED_SHARE * (seconds or 0)))
    return now - view.started_at >= needed


def recording_watched(
    *,
    event: EventPage,
    user: User,
    reflection: str,
    seconds: int | None,
    now: datetime | None = None,
) -> RecordingView:
    """`user` watched the source `event`'s recording (of `seconds`) to the end and
    answers its reflection question. Accepted only once most of the recording's
    length has passed since they first opened it (a ValidationError otherwise, the
    answer not saved); then `watched_at` is set (the first time) and, for a webinar
    of a course, the course recomputed. Answering again replaces the answer."""
    now = now or timezone.now()
    with transaction.atomic():
        view = (
            RecordingView.objects.select_for_update()
            .filter(event=event, user=user)
            .first()
        )
        if view is None or not watched_enough(view, seconds, now):
            minutes, rest = divmod(seconds or 0, 60)
            raise ValidationError(
                _(
                    "Watch the recording to the end before you answer: it lasts "
                    "%(length)s. Your answer is still here."
                )
                % {"length": f"{minutes}:{rest:02d}"},
                code="not_watched",
            )
        view.reflection = reflection.strip()
        if view.watched_at is None:
            view.watched_at = now
        view.save(update_fields=["reflection", "watched_at"])
        course = _source_course(event)
        if course is not None:
            completion_record(user=user, course=course)
    return view


# --- The participant list ------------------------------------------------------------


def participants(event: EventPage) -> QuerySet[EventRegistration]:
    """The confirmed registrations of the source `event`, then its waiting list, in
    order of arrival, with each person and their organisations: two queries however
    many there are."""
    return (
        event.registrations.filter(status__in=[Status.CONFIRMED, Status.WAITING])
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__organisations",
                queryset=Organisation.objects.order_by("name").only("pk", "name"),
            )
        )
        .order_by("status", "registered_at", "pk")
    )


def question_labels(event: EventPage) -> list[str]:
    """The source event's questions: the answers are kept under these labels."""
    return [block.value["label"] for block in event.questions]


@dataclass(frozen=True)
class ParticipantRow:
    """One line of the participant list, as shown and exported."""

    registration: EventRegistration
    name: str
    email: str
    organisations: str
    answers: list[str]

    @property
    def confirmed(self) -> bool:
        return self.registration.status == Status.CONFIRMED


def participant_rows(event: EventPage) -> list[ParticipantRow]:
    """The participant list of the source `event`, each person's answers in the order
    of its questions."""
    labels = question_labels(event)
    rows = []
    for registration in participants(event):
        user = registration.user
        answers = registration.answers or {}
        rows.append(
            ParticipantRow(
                registration=registration,
                name=user.get_full_name() or user.email,
                email=user.email,
                organisations=", ".join(o.name for o in user.organisations.all()),
                answers=[_answer_text(answers.get(label, "")) for label in labels],
            )
        )
    return rows


def _answer_text(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _table(event: EventPage) -> list[list]:
    attended = {True: _("yes"), False: _("no"), None: ""}
    header = [
        _("Name"),
        _("E-mail"),
        _("Organisation"),
        *question_labels(event),
        _("Status"),
        _("Registered at"),
        _("Attended"),
        _("Attendance recorded"),
    ]
    rows = [header]
    for row in participant_rows(event):
        registration = row.registration
        rows.append(
            [
                row.name,
                row.email,
                row.organisations,
                *row.answers,
                registration.get_status_display(),
                timezone.localtime(registration.registered_at).replace(tzinfo=None),
                attended[registration.attended],
                registration.get_attended_via_display(),
            ]
        )
    return rows


def participants_csv(event: EventPage) -> str:
    """The participant list as CSV for Excel in Belgium: a byte-order mark,
    semicolons, dates as dd/mm/yyyy hh:mm, formulas neutralised."""
    rows = [
        [
            value.strftime("%d/%m/%Y %H:%M") if isinstance(value, datetime) else value
            for value in row
        ]
        for row in _table(event)
    ]
    return "\ufeff" + csv_text(rows, delimiter=";")


def participants_xlsx(event: EventPage) -> bytes:
    """The participant list as an Excel workbook: a bold, frozen header row, dates as
    dates, every text written as text (never run as a formula)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(_("Participants")[:31])
    sheet.freeze_panes(1, 1)
    sheet.set_column(0, 2, 28)
    bold = book.add_format({"bold": True})
    moment = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    header, *rows = _table(event)
    for column, title in enumerate(header):
        sheet.write_string(0, column, spreadsheet_safe(str(title)), bold)
    for line, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            if isinstance(value, datetime):
                sheet.write_datetime(line, column, value, moment)
            else:
                sheet.write_string(line, column, spreadsheet_safe(str(value)))
    book.close()
    return out.getvalue()
