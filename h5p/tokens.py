"""The signed, expiring token in the content origin's URLs.

The content origin shares no cookie with the site, so the token is what says who plays
which activity in which lesson. It is issued only to a learner enrolled in the lesson's
course; `selectors.playback_for` checks it, and what it granted, on every request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from courses.models import LessonPage
from h5p.models import H5PActivity
from lms.models import User

SALT = "h5p.content"


@dataclass(frozen=True)
class Grant:
    user_id: int
    activity_id: int
    lesson_id: int


class TokenRefused(Exception):
    """The token is forged, expired or not the requester's, or what it granted no
    longer holds."""


def content_token(*, user: User, activity: H5PActivity, lesson: LessonPage) -> str:
    return signing.dumps(
        {"u": user.pk, "a": activity.pk, "l": lesson.pk}, salt=SALT, compress=True
    )


#: The learner and lesson of a practice token: anyone, outside any lesson.
PRACTICE = 0


def practice_token(activity: H5PActivity) -> str:
    """A token to practise an exercise that is open to everyone, outside a lesson;
    nothing of the practice is recorded."""
    return signing.dumps(
        {"u": PRACTICE, "a": activity.pk, "l": PRACTICE}, salt=SALT, compress=True
    )


def content_token_read(token: str) -> Grant:
    """The grant in a token; TokenRefused when forged or older than allowed."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.H5P_TOKEN_MAX_AGE)
        return Grant(int(data["u"]), int(data["a"]), int(data["l"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise TokenRefused from None
