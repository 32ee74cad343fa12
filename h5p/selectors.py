"""What a content token still grants, checked against the database on every request.

A token is signed for one learner, activity and lesson and lives 4 hours; the reasons
it was issued for may end sooner (the lesson unpublished, the exercise taken out of it,
the learner gone from the course or deactivated). The player, each package file and
both site endpoints ask `playback_for`, so none of them outlives those reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from wagtail.models import ReferenceIndex

from courses.models import CoursePage, Enrolment, LessonPage
from h5p.models import H5PActivity, H5PPackage
from h5p.tokens import PRACTICE, Grant, TokenRefused, content_token_read
from lms.models import User


@dataclass(frozen=True)
class Playback:
    """A learner playing an activity in a lesson of `course`, which they follow; or
    anyone practising an exercise open to everyone (no user, no course)."""

    user: User | None
    activity: H5PActivity
    course: CoursePage | None


def playback_for(token: str, *, requester: User | None = None) -> Playback:
    """What `token` grants now: four queries.

    The token must be valid and, when `requester` is given (the site's endpoints), be
    theirs. Its lesson must be live, its activity's package ready and the activity
    still in the lesson as published, its learner active and enrolled in the lesson's
    course. TokenRefused otherwise.
    """
    grant = content_token_read(token)
    if grant.lesson_id == PRACTICE:
        return _practice(grant, requester)
    if requester is not None and requester.pk != grant.user_id:
        raise TokenRefused
    # The tree position is all that is needed of the lesson, not its sections.
    lesson = (
        LessonPage.objects.live().only("path", "depth").filter(pk=grant.lesson_id)
    ).first()
    activity = (
        H5PActivity.objects.select_related("package")
        .filter(pk=grant.activity_id, package__status=H5PPackage.Status.READY)
        .first()
    )
    if lesson is None or activity is None or not _lesson_uses(lesson, activity):
        raise TokenRefused
    enrolment = (
        Enrolment.objects.select_related("user", "course")
        .filter(
            user_id=grant.user_id,
            user__is_active=True,
            course__in=CoursePage.objects.ancestor_of(lesson),
        )
        .first()
    )
    if enrolment is None:
        raise TokenRefused
    return Playback(user=enrolment.user, activity=activity, course=enrolment.course)


def _practice(grant: Grant, requester: User | None) -> Playback:
    """A practice token plays an exercise open to everyone while it is; the site's
    endpoints (results, state) refuse it: nothing of a practice is recorded."""
    if requester is not None:
        raise TokenRefused
    activity = (
        H5PActivity.objects.select_related("package")
        .filter(
            pk=grant.activity_id,
            open_to_all=True,
            package__status=H5PPackage.Status.READY,
        )
        .first()
    )
    if activity is None:
        raise TokenRefused
    return Playback(user=None, activity=activity, course=None)


def _lesson_uses(lesson: LessonPage, activity: H5PActivity) -> bool:
    # Wagtail's reference index holds the blocks of the lesson's published version
    # (drafts live in revisions, which it does not index).
    return (
        ReferenceIndex.get_references_for_object(lesson)
        .filter(
            to_content_type=ContentType.objects.get_for_model(H5PActivity),
            to_object_id=str(activity.pk),
        )
        .exists()
    )
