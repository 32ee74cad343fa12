"""The H5P content tokens: `courses.activities` tokens signed with H5P's own salt.

A lesson's token lets its learner play the exercise there; a practice token lets
anyone practise an exercise open to everyone (the databank), recording nothing.
`h5p.selectors.playback_for` checks either, and what it granted, on every request.
"""

from __future__ import annotations

from courses import activities
from courses.models import LessonPage
from h5p.models import H5PActivity
from lms.models import User

SALT = "h5p.content"


def content_token(*, user: User, activity: H5PActivity, lesson: LessonPage) -> str:
    return activities.activity_token(
        salt=SALT, user=user, activity=activity, lesson=lesson
    )


def practice_token(activity: H5PActivity) -> str:
    """A token to practise an exercise that is open to everyone, outside a lesson."""
    return activities.practice_token(salt=SALT, activity=activity)
