"""Reads of the agenda: the events to list (with their places left and the reader's
own registration, in one query), one event's state for a person, who is a
participant and the platform's join link, the feed, and the registrations to remind.
(Who organises an event and who sees what comes afterwards: `events.access`.)

Registrations are kept on the Dutch source event; a translation shares its
`translation_key`, so every count and every "mine" below is matched on that key and
works the same for a source event and its translations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from wagtail.models import Site

from languages.selectors import in_reader_language, url_in_language
from lms.links import absolute_url
from lms.models import User

from .models import EventKind, EventPage, EventRegistration

Status = EventRegistration.Status
Person = User | AnonymousUser

#: How far back the feed and the "past events" list reach.
PAST_IN_FEED = timedelta(days=90)
PAST_LISTED = 20


def _count(status: str) -> Coalesce:
    """How many registrations of `status` the event (through its source) holds: a
    correlated subquery, so translations count their source's."""
    rows = (
        EventRegistration.objects.filter(
            event__translation_key=OuterRef("translation_key"), status=status
        )
        .order_by()
        .values("event__translation_key")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


#: The facts a list reads from the Dutch source event rather than from a
#: translation, which keeps the values of its last sync (a French translation of an
#: event cancelled since would still read as on, with its old number of places).
SOURCE_FACTS = ("cancelled", "registration_open", "capacity")


def _source_fact(field: str) -> Subquery:
    source = EventPage.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=settings.LANGUAGE_CODE,
    ).values(field)[:1]
    return Subquery(source, output_field=EventPage._meta.get_field(field))


def with_source_facts(events: QuerySet[EventPage]) -> QuerySet[EventPage]:
    """Each event with `source_cancelled`, `source_registration_open` and
    `source_capacity`: its source's, read in the same query."""
    return events.annotate(
        **{f"source_{field}": _source_fact(field) for field in SOURCE_FACTS}
    )


def _source_facts_adopted(events: list[EventPage]) -> list[EventPage]:
    """`events` (annotated by `with_source_facts`) saying their source's facts, so
    that a card or a calendar file shows a translation as its source stands."""
    for event in events:
        for field in SOURCE_FACTS:
            value = getattr(event, f"source_{field}", None)
            if value is not None:
                setattr(event, field, value)
    return events


def with_counts(events: QuerySet[EventPage]) -> QuerySet[EventPage]:
    """Each event with its source's facts (`with_source_facts`), `confirmed_count`,
    `waiting_count`, `is_full` and `places_left` (none below zero while nobody
    lowers the capacity), counted against the source's places."""
    capacity = Coalesce(F("source_capacity"), F("capacity"))
    return (
        with_source_facts(events)
        .annotate(
            confirmed_count=_count(Status.CONFIRMED),
            waiting_count=_count(Status.WAITING),
        )
        .annotate(
            is_full=ExpressionWrapper(
                Q(confirmed_count__gte=capacity), output_field=BooleanField()
            ),
            places_left=ExpressionWrapper(
                capacity - F("confirmed_count"), output_field=IntegerField()
            ),
        )
    )


def with_mine(events: QuerySet[EventPage], user: Person) -> QuerySet[EventPage]:
    """Each event with `my_status`: the reader's registration status (confirmed or
    waiting), None when they hold none."""
    if not user.is_authenticated:
        return events.annotate(my_status=Value(None, output_field=CharField()))
    mine = (
        EventRegistration.objects.filter(
            event__translation_key=OuterRef("translation_key"), user=user
        )
        .exclude(status=Status.CANCELLED)
        .values("status")[:1]
    )
    return events.annotate(my_status=Subquery(mine))


@dataclass(frozen=True)
class AgendaFilters:
    """What the reader filtered the agenda on (empty: everything)."""

    kind: str = ""
    mode: str = ""  # "online" or "in_person"
    region: str = ""


def _filtered(events: QuerySet[EventPage], filters: AgendaFilters) -> QuerySet:
    if filters.kind:
        events = events.filter(kind__slug=filters.kind)
    if filters.mode == "online":
        events = events.filter(online=True)
    elif filters.mode == "in_person":
        events = events.filter(in_person=True)
    if filters.region:
        events = events.filter(region=filters.region)
    return events


def events_listed(user: Person) -> QuerySet[EventPage]:
    """Live events open to everyone, each once in the reader's language, with their
    kind, counts and the reader's status."""
    events = in_reader_language(EventPage.objects.live().public())
    return with_mine(with_counts(events.select_related("kind")), user)


def agenda(
    user: Person, filters: AgendaFilters, *, now: datetime | None = None
) -> tuple[list[EventPage], list[EventPage]]:
    """The events to come (or under way), soonest first, and the most recent past
    ones, latest first, both filtered: two queries (and one for the view
    restrictions), however many events."""
    now = now or timezone.now()
    events = _filtered(events_listed(user), filters)
    upcoming = list(events.filter(ends_at__gt=now).order_by("starts_at", "pk"))
    past = list(
        events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")[:PAST_LISTED]
    )
    return _source_facts_adopted(upcoming), _source_facts_adopted(past)


def kinds_in_reader_language() -> list[EventKind]:
    """The kinds of event to filter on, named in the reader's language where they
    are translated (matched on their slug): one query."""
    language = translation.get_language()
    kinds = EventKind.objects.filter(
        locale__language_code__in={language, settings.LANGUAGE_CODE}
    ).select_related("locale")
    by_slug: dict[str, EventKind] = {}
    for kind in kinds:
        if kind.slug not in by_slug or kind.locale.language_code == language:
            by_slug[kind.slug] = kind
    return sorted(by_slug.values(), key=lambda kind: (kind.sort_order, kind.name))


def feed_events(*, now: datetime | None = None) -> list[EventPage]:
    """The agenda's calendar feed: events from 90 days ago on, in the reader's
    language, oldest first."""
    now = now or timezone.now()
    events = with_source_facts(in_reader_language(EventPage.objects.live().public()))
    return _source_facts_adopted(
        list(events.filter(ends_at__gte=now - PAST_IN_FEED).order_by("starts_at"))
    )


@dataclass(frozen=True)
class EventState:
    """Where a person stands with an event (always read on the source event)."""

    registration: EventRegistration | None
    waiting_position: int  # 1 for the first in line; 0 when not waiting
    confirmed_count: int
    waiting_count: int
    capacity: int
    closed: bool  # the deadline passed or registration is off
    cancelled: bool
    past: bool

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0

    @property
    def confirmed(self) -> bool:
        return (
            self.registration is not None
            and self.registration.status == Status.CONFIRMED
        )

    @property
    def may_register(self) -> bool:
        return (
            self.registration is None
            and not self.closed
            and not self.cancelled
            and not self.past
        )


def registration_of(user: Person, event: EventPage) -> EventRegistration | None:
    """`user`'s registration (confirmed or waiting) on the source `event`."""
    if not user.is_authenticated:
        return None
    return (
        event.registrations.filter(user=user).exclude(status=Status.CANCELLED).first()
    )


def event_state(
    event: EventPage, user: Person, *, now: datetime | None = None
) -> EventState:
    """`user`'s state in the source `event`: two queries (the counts, and their
    registration with its place in line)."""
    now = now or timezone.now()
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
    )
    registration = registration_of(user, event)
    position = 0
    if registration is not None and registration.status == Status.WAITING:
        position = (
            event.registrations.filter(status=Status.WAITING)
            .filter(
                Q(registered_at__lt=registration.registered_at)
                | Q(registered_at=registration.registered_at, pk__lte=registration.pk)
            )
            .count()
        )
    return EventState(
        registration=registration,
        waiting_position=position,
        confirmed_count=counts["confirmed"],
        waiting_count=counts["waiting"],
        capacity=event.capacity,
        closed=not event.registration_open or now >= event.registration_deadline,
        cancelled=event.cancelled,
        past=now >= event.starts_at,
    )


def confirmed_registration(user: Person, event: EventPage) -> EventRegistration | None:
    """`user`'s confirmed place in the source `event` (a seat, not the waiting list),
    or None: what "a participant" means everywhere in the agenda (the join link,
    what comes afterwards, attendance)."""
    if not user.is_authenticated:
        return None
    return event.registrations.filter(user=user, status=Status.CONFIRMED).first()


def join_offered(event: EventPage, *, confirmed: bool) -> bool:
    """Whether a person is given the platform's link to join the source `event`
    online: a confirmed participant of an online event that is not cancelled. The
    meeting link itself is never shown; only the join route redirects to it."""
    return (
        confirmed and event.online and bool(event.meeting_url) and not event.cancelled
    )


def join_url(event: EventPage, language: str, site: Site | None) -> str:
    """The platform's link to join `event` online (its `join` route, `deelnemen/`),
    absolute, in `language`: on the event page and in the mails."""
    return absolute_url(
        url_in_language(event, language, site) + event.reverse_subpage("join")
    )


def registrations_to_remind(now: datetime) -> Q:
    """The confirmed registrations owed their reminder: events starting in 24 to 36
    hours (the beat runs hourly, so each falls in the window more than once, but
    `reminded_at` lets it through once)."""
    return Q(
        status=Status.CONFIRMED,
        reminded_at__isnull=True,
        event__live=True,
        event__cancelled=False,
        event__starts_at__gte=now + timedelta(hours=24),
        event__starts_at__lte=now + timedelta(hours=36),
    )
