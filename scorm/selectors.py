"""Reads for playing SCORM activities: what a content token grants (checked on every
request, `courses.activities`), a learner's own attempt, and the SCOs as the
learner's page shows them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from courses.activities import Playback, activity_token, playback_for
from courses.models import LessonPage
from lms.models import User
from scorm.models import ScormActivity, ScormAttempt, ScormPackage, ScormScoState

SALT = "scorm.content"


def content_token(*, user: User, activity: ScormActivity, lesson: LessonPage) -> str:
    return activity_token(salt=SALT, user=user, activity=activity, lesson=lesson)


def playback(token: str, *, requester: User | None = None) -> Playback:
    """What `token` grants now (TokenRefused otherwise): an activity whose package
    is ready, in a live lesson of a course the learner follows."""
    return playback_for(
        token,
        salt=SALT,
        activities=ScormActivity.objects.select_related("package").filter(
            package__status=ScormPackage.Status.READY
        ),
        requester=requester,
    )


def own_attempt(pk: int, user: User) -> ScormAttempt | None:
    """The attempt `pk` if it is `user`'s (someone else's is as good as absent)."""
    return (
        ScormAttempt.objects.select_related("activity__package", "user")
        .filter(pk=pk, user=user)
        .first()
    )


@dataclass(frozen=True)
class ScoView:
    """One SCO as the learner's page lists it."""

    number: int
    identifier: str
    title: str
    completed: bool


def lesson_attempts(
    user: User, activity_ids: Collection[int]
) -> dict[int, tuple[ScormAttempt, set[str]]]:
    """Activity id → the learner's newest attempt at it and the SCOs that attempt
    completed, for every one of `activity_ids` the learner began: two queries, however
    many activities a lesson holds."""
    newest: dict[int, ScormAttempt] = {}
    for attempt in ScormAttempt.objects.filter(
        user=user, activity_id__in=activity_ids
    ).order_by("activity_id", "-number"):
        newest.setdefault(attempt.activity_id, attempt)
    completed: dict[int, set[str]] = defaultdict(set)
    for attempt_id, sco in ScormScoState.objects.filter(
        attempt__in=newest.values(), completion_status="completed"
    ).values_list("attempt_id", "sco"):
        completed[attempt_id].add(sco)
    return {pk: (attempt, completed[attempt.pk]) for pk, attempt in newest.items()}


def sco_views(package: ScormPackage, completed: set[str]) -> list[ScoView]:
    """The package's SCOs in order, each with whether the learner completed it."""
    return [
        ScoView(n, sco["identifier"], sco["title"], sco["identifier"] in completed)
        for n, sco in enumerate(package.scos, start=1)
    ]


def launch_href(sco: dict) -> str:
    """The page a SCO opens at, relative to the package folder, with the item's
    parameters added as the content packaging specification says (a leading `?` or
    `&` dropped, joined with `&` when the href has a query already)."""
    href, parameters = sco["href"], sco.get("parameters", "").lstrip("?&")
    if not parameters or parameters.startswith("#"):
        return href + parameters
    return f"{href}{'&' if '?' in href else '?'}{parameters}"


def attempt_done(attempt: ScormAttempt) -> bool:
    """Whether the attempt counts as done for its activity: completed, and passed
    where the activity asks for it (`scorm.completion` says the same in SQL)."""
    return attempt.completed_at is not None and (
        attempt.passed or not attempt.activity.pass_required
    )
