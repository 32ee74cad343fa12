"""Reads for playing SCORM activities: what a content token grants (checked on every
request, `courses.activities`), a learner's own attempt, and the SCOs as the
learner's page shows them."""

from __future__ import annotations

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


def sco_views(attempt: ScormAttempt | None, package: ScormPackage) -> list[ScoView]:
    """The package's SCOs in order, each with whether the learner completed it."""
    done = set()
    if attempt is not None:
        done = set(
            ScormScoState.objects.filter(
                attempt=attempt, completion_status="completed"
            ).values_list("sco", flat=True)
        )
    return [
        ScoView(n, sco["identifier"], sco["title"], sco["identifier"] in done)
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
