"""What an H5P content token still grants, checked against the database on every
request (`courses.activities`, shared with SCORM).

A token is signed for one learner, exercise and lesson and lives 4 hours; the reasons
it was issued for may end sooner (the lesson unpublished, the exercise taken out of it
or its package no longer ready, the learner gone from the course or deactivated). The
player, each package file and both site endpoints ask `playback_for`, so none of them
outlives those reasons.
"""

from __future__ import annotations

from collections.abc import Collection

from courses import activities
from courses.activities import Playback
from h5p import completion
from h5p.models import H5PActivity, H5PPackage
from h5p.tokens import SALT
from lms.models import User


def playback_for(token: str, *, requester: User | None = None) -> Playback:
    """What `token` grants now (TokenRefused otherwise): an exercise whose package is
    ready, in a live lesson of a course the learner follows; or, for a practice
    token, an exercise open to everyone (no user, lesson or course)."""
    ready = H5PActivity.objects.select_related("package").filter(
        package__status=H5PPackage.Status.READY
    )
    return activities.playback_for(
        token,
        salt=SALT,
        activities=ready,
        practice=ready.filter(open_to_all=True),
        requester=requester,
    )


def done_activities(user: User, activity_ids: Collection[int]) -> set[int]:
    """Those of `activity_ids` the learner finished (and passed where asked): one
    query, however many exercises a lesson holds."""
    return {activity for _user, activity in completion.done([user.pk], activity_ids)}
