"""The first checks of a lesson's exercise frame (H5P, SCORM), before the app looks
at what its package needs: whether it can be shown here, whether its package is
ready, and whether the learner is enrolled in the course."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django import template
from django.conf import settings

from courses.models import LessonPage
from courses.selectors import is_enrolled, lesson_parents
from courses.states import section_activities

T = TypeVar("T")


@dataclass(frozen=True)
class FrameWords:
    """What the frame says instead, in the app's words (marked with `gettext_lazy`
    where they are written, so their msgids stay the app's)."""

    cannot_show: str
    being_prepared: str
    enrol_first: str


def frame_refusal(context: template.Context, activity, words: FrameWords) -> str | None:
    """Why the frame of `activity` in the lesson being rendered (`page`) shows
    nothing, or None: there is a content origin, the package is ready and the
    request's user is enrolled in the lesson's course."""
    lesson = context.get("page")
    if (
        activity is None
        or not settings.H5P_CONTENT_ORIGIN
        or not isinstance(lesson, LessonPage)
    ):
        return str(words.cannot_show)
    if activity.package.status != activity.package.Status.READY:
        return str(words.being_prepared)
    # The lesson viewer already knows its course; only a bare render looks it up.
    viewer = context.get("viewer")
    course = viewer.course if viewer is not None else lesson_parents(lesson)[0]
    if not _enrolled(context.get("request"), course):
        return str(words.enrol_first)
    return None


def _enrolled(request, course) -> bool:
    """Whether the request's user is enrolled in `course`."""
    if request is None:
        return False
    return once_per_request(
        request, ("enrolled", course.pk), lambda: is_enrolled(request.user, course)
    )


def once_per_request(request, key, compute: Callable[[], T]) -> T:
    """`compute()`, worked out once per request however many exercise frames of a
    lesson ask for it: a lesson with four exercises costs what one with one does."""
    known = request.__dict__.setdefault("_exercise_frames", {})
    if key not in known:
        known[key] = compute()
    return known[key]


def lesson_exercises(lesson: LessonPage, kind: str) -> list[int]:
    """The ids of the exercises of block type `kind` in all sections of `lesson`."""
    return [
        pk
        for section in lesson.body.raw_data
        for block, pk in section_activities(section)
        if block == kind
    ]
