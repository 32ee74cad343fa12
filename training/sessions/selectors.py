"""Reads of sessions and registrations, each in a constant number of queries."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils import timezone

from lms.models import Membership, User
from training.models import Registration, TrainingSession

Status = Registration.Status


def with_counts(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    """Each session with `confirmed_count` (seats taken), `waiting_count` and
    `is_full` (no seat left: registering now means the waiting list), in the same
    query."""
    return (
        sessions.select_related("course", "organisation")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Status.CONFIRMED)
            ),
            waiting_count=Count(
                "registrations", filter=Q(registrations__status=Status.WAITING)
            ),
        )
        .annotate(
            is_full=ExpressionWrapper(
                Q(confirmed_count__gte=F("capacity")), output_field=BooleanField()
            )
        )
    )


def with_waiting_position(
    sessions: QuerySet[TrainingSession], user: User | AnonymousUser
) -> QuerySet[TrainingSession]:
    """Each session with `waiting_position`: where `user` stands on its waiting list
    (1 for the first in line, as `session_fill_seats` promotes: `registered_at`, then
    id), 0 when they are not waiting. In the same query as `with_counts`: an aggregate
    over the registrations already joined, so a list costs no query per session."""
    if not user.is_authenticated:
        return sessions.annotate(waiting_position=Value(0))
    mine = Registration.objects.filter(
        session=OuterRef("pk"), user=user, status=Status.WAITING
    )
    at = Subquery(mine.values("registered_at")[:1])
    pk = Subquery(mine.values("pk")[:1])
    return sessions.annotate(
        waiting_position=Count(
            "registrations",
            filter=Q(registrations__status=Status.WAITING)
            & (
                Q(registrations__registered_at__lt=at)
                | Q(registrations__registered_at=at, registrations__pk__lte=pk)
            ),
        )
    )


def sessions_visible(user: User | AnonymousUser) -> QuerySet[TrainingSession]:
    """Sessions `user` may see (`_visible_to`), with their counts."""
    return with_counts(TrainingSession.objects.filter(_visible_to(user)))


def _visible_to(user: User | AnonymousUser) -> Q:
    """The sessions `user` may see: open ones, those of their own organisations (a
    team's follow-up moment only to that team), all of the organisations they
    coordinate, and the ones they give."""
    condition = Q(organisation__isnull=True)
    if user.is_authenticated:
        mine = Membership.objects.filter(user=user)
        condition |= (
            Q(organisation_id__in=mine.values("organisation_id"), team__isnull=True)
            | Q(team__in=mine.values("teams"))
            | Q(
                organisation_id__in=mine.filter(
                    role=Membership.Role.COORDINATOR
                ).values("organisation_id")
            )
            # A subquery, not a join: joined, every registration would be counted
            # once per trainer of the session.
            | Q(
                pk__in=TrainingSession.trainers.through.objects.filter(
                    user=user
                ).values("trainingsession_id")
            )
        )
    return condition


def _still_to_come() -> Q:
    return Q(ends_at__gt=timezone.now()) & ~Q(status=TrainingSession.Status.CANCELLED)


def sessions_of_course(user: User | AnonymousUser, course) -> QuerySet[TrainingSession]:
    """The sessions of `course` still to come (or under way) that `user` may see,
    soonest first: their title and date, for the course page (one query, without the
    counts and waiting places that cost more to build than to run)."""
    return (
        TrainingSession.objects.filter(
            _visible_to(user), _still_to_come(), course=course
        )
        .order_by("starts_at")
        .only("pk", "title", "starts_at")
    )


def sessions_upcoming(user: User | AnonymousUser) -> list[TrainingSession]:
    """Sessions still to come (or under way), soonest first, with the user's
    registration on each (`mine`) and their place on its waiting list
    (`waiting_position`): at most two queries."""
    sessions = list(
        with_waiting_position(sessions_visible(user), user)
        .filter(_still_to_come())
        .order_by("starts_at")
    )
    mine: dict[int, Registration] = {}
    if user.is_authenticated and sessions:
        mine = {
            r.session_id: r
            for r in Registration.objects.filter(
                user=user, session__in=sessions
            ).exclude(status=Status.CANCELLED)
        }
    for session in sessions:
        session.mine = mine.get(session.pk)
    return sessions


def registration_of(user: User, session: TrainingSession) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        session.registrations.filter(user=user).exclude(status=Status.CANCELLED).first()
    )


def trainer_sessions(user: User) -> list[TrainingSession]:
    """The sessions `user` gives, from a week ago on, with their counts: one query."""
    since = timezone.now() - timedelta(days=7)
    return list(
        with_counts(
            TrainingSession.objects.filter(trainers=user, ends_at__gte=since)
        ).order_by("starts_at")
    )


def sessions_given_by(user: User) -> QuerySet[TrainingSession]:
    """The sessions `user` is a trainer of, with their counts."""
    return with_counts(TrainingSession.objects.filter(trainers=user))


def participants(session: TrainingSession) -> list[Registration]:
    """Registered people first, then the waiting list, each in order of arrival."""
    return sorted(
        session.registrations.exclude(status=Status.CANCELLED).select_related("user"),
        key=lambda r: (r.status != Status.CONFIRMED, r.registered_at, r.pk),
    )


def courses_attended_by(
    user_ids: Collection[int], course_ids: list[int]
) -> set[tuple[int, int]]:
    """(user, course) for each user in `user_ids` who attended a session of a course
    among `course_ids`: one query."""
    if not course_ids or not user_ids:
        return set()
    return set(
        Registration.objects.filter(
            user_id__in=user_ids, attended=True, session__course_id__in=course_ids
        ).values_list("user_id", "session__course_id")
    )
