"""Activities played from the content origin in a lesson (H5P exercises, SCORM
packages): the signed, expiring token that says who plays which activity in which
lesson, and what it still grants.

The content origin shares no cookie with the site, so the token is the learner's
only credential there. It is issued to a learner enrolled in the lesson's course;
`playback_for` checks on every request that the reasons it was issued for still hold
(the lesson live, the activity in its published version, the learner active and
enrolled), so no page, file or commit outlives them. An app may also let anyone
practise some of its activities outside any lesson (`practice_token`; H5P's exercises
open to everyone): such a token names no learner and no lesson, and only plays.

Each app signs with its own salt, so one app's token never opens another's activity.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db.models import Model, QuerySet
from wagtail.models import ReferenceIndex

from courses.models import CoursePage, Enrolment, LessonPage
from lms.models import User

#: The learner and lesson of a practice token: anyone, outside any lesson.
PRACTICE = 0


class TokenRefused(Exception):
    """The token is forged, expired or not the requester's, or what it granted no
    longer holds."""


@dataclass(frozen=True)
class Playback:
    """A learner playing an activity in a lesson of `course`, which they follow; or
    anyone practising an activity outside a lesson (no user, lesson or course)."""

    user: User | None
    activity: Model
    lesson: LessonPage | None
    course: CoursePage | None


def _sign(salt: str, user_id: int, activity_id: int, lesson_id: int) -> str:
    return signing.dumps(
        {"u": user_id, "a": activity_id, "l": lesson_id}, salt=salt, compress=True
    )


def activity_token(
    *, salt: str, user: User, activity: Model, lesson: LessonPage
) -> str:
    """A token for `user` to play `activity` in `lesson`."""
    return _sign(salt, user.pk, activity.pk, lesson.pk)


def practice_token(*, salt: str, activity: Model) -> str:
    """A token for anyone to practise `activity` outside a lesson; nothing of the
    practice is recorded."""
    return _sign(salt, PRACTICE, activity.pk, PRACTICE)


def playback_for(
    token: str,
    *,
    salt: str,
    activities: QuerySet,
    practice: QuerySet | None = None,
    requester: User | None = None,
) -> Playback:
    """What `token` grants now: four queries (one for a practice token).

    The token must be valid and, when `requester` is given (the site's endpoints), be
    theirs. Its lesson must be live, its activity among `activities` (those that may
    play) and still in the lesson as published, its learner active and enrolled in
    the lesson's course. A practice token plays an activity among `practice` (None:
    the app has no practice) and never reaches the site's endpoints. TokenRefused
    otherwise.
    """
    try:
        data = signing.loads(token, salt=salt, max_age=settings.H5P_TOKEN_MAX_AGE)
        user_id, activity_id, lesson_id = int(data["u"]), int(data["a"]), int(data["l"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise TokenRefused from None
    if lesson_id == PRACTICE:
        return _practice(activity_id, practice, requester)
    if requester is not None and requester.pk != user_id:
        raise TokenRefused
    # The tree position is all that is needed of the lesson, not its sections.
    lesson = (
        LessonPage.objects.live().only("path", "depth").filter(pk=lesson_id).first()
    )
    activity = activities.filter(pk=activity_id).first()
    if lesson is None or activity is None or not _lesson_uses(lesson, activity):
        raise TokenRefused
    enrolment = (
        Enrolment.objects.select_related("user", "course")
        .filter(
            user_id=user_id,
            user__is_active=True,
            course__in=CoursePage.objects.ancestor_of(lesson),
        )
        .first()
    )
    if enrolment is None:
        raise TokenRefused
    return Playback(enrolment.user, activity, lesson, enrolment.course)


def _practice(
    activity_id: int, practice: QuerySet | None, requester: User | None
) -> Playback:
    """A practice token plays an activity open to practice while it is; the site's
    endpoints (results, state) refuse it: nothing of a practice is recorded."""
    if practice is None or requester is not None:
        raise TokenRefused
    activity = practice.filter(pk=activity_id).first()
    if activity is None:
        raise TokenRefused
    return Playback(None, activity, None, None)


def _lesson_uses(lesson: LessonPage, activity: Model) -> bool:
    # Wagtail's reference index holds the blocks of the lesson's published version
    # (drafts live in revisions, which it does not index).
    return (
        ReferenceIndex.get_references_for_object(lesson)
        .filter(
            to_content_type=ContentType.objects.get_for_model(type(activity)),
            to_object_id=str(activity.pk),
        )
        .exists()
    )
