"""What can complete a module or a course, asked of the apps that know.

`courses` knows its own requirement: open every section of every lesson. Every other
thing a learner may have to do is a *requirement* that the app owning it registers
here from its `AppConfig.ready`:

========== =========================================================== ==========
kind       what the learner does                                       registered
========== =========================================================== ==========
TESTS      pass the module's test, and the course's final evaluation   quizzes
EXERCISES  finish the required H5P exercises of a section              h5p
SCORM      complete (or pass) the required SCORM activities of a     scorm
           section
FORUM      write in the module's forum, where the module asks for it   forums
ATTENDANCE attend a session of the course, where the course asks for it training
WEBINARS   attend each webinar of the course, or watch its recording   events
           and answer its reflection question, where the course asks
========== =========================================================== ==========

`courses` never imports those apps. It reads the registered sources when it judges a
learner (`courses.selectors`), and an app that records one of these facts calls
`courses.services.completion_record` (the one way in for every fact). Without the app
installed, its requirement does not exist. EXERCISES and SCORM are both *exercise
sources* (`ExerciseSource`): a section is done once it is opened and its required
exercises of either kind are; an exercise is known by its block type and id
(`courses.states.Activity`), so an H5P and a SCORM activity of the same id never
mix.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Subquery
from wagtail.models import Page


class TestSource(Protocol):
    """Tests are pages of `page_model` placed under a module (its test) or under a
    course (its final evaluation)."""

    page_model: type[Page]

    def first_passes(
        self, user_ids: Collection[int], test_ids: Collection[int]
    ) -> dict[tuple[int, int], datetime]:
        """(user id, test id) → when the learner first passed that test."""


class ExerciseSource(Protocol):
    """Exercises are placed in lesson sections, by id, in a block of the type
    `EXERCISE_BLOCKS` names for the source's kind (H5P: `h5p`, SCORM: `scorm`). A
    section holding a required one is done once the learner finished it."""

    def required(self, activity_ids: Collection[int]) -> set[int]:
        """Those of `activity_ids` that a learner must finish."""

    def done(
        self, user_ids: Collection[int], activity_ids: Collection[int]
    ) -> Iterable[tuple[int, int]]:
        """(user id, activity id) of every exercise finished."""


class ForumSource(Protocol):
    def first_posts(
        self, user_ids: Collection[int], module_ids: Collection[int]
    ) -> dict[tuple[int, int], datetime]:
        """(user id, module id) → when the learner first wrote in the module's forum."""


class AttendanceSource(Protocol):
    def attended(
        self, user_ids: Collection[int], course_ids: Collection[int]
    ) -> Iterable[tuple[int, int]]:
        """(user id, course id) of every course of which the learner attended a session."""


@dataclass(frozen=True)
class Webinar:
    """A webinar a course asks for: what its state and its "still to do" need to
    know of it, kept with the course's cached structure."""

    pk: int  # the source (Dutch) event, on which the facts are kept
    title: str
    starts_at: datetime
    # language → the title of its live translation in that language
    titles: Mapping[str, str] = field(default_factory=dict)

    def title_in(self, language: str | None) -> str:
        return self.titles.get(language or "", self.title)


class WebinarProgress(StrEnum):
    """Where a learner stands with a webinar, least first: registered or waiting is
    not done, attended or watched (the recording to the end, with the reflection
    question answered) is."""

    WAITING = "waiting"
    REGISTERED = "registered"
    WATCHED = "watched"
    ATTENDED = "attended"

    @property
    def done(self) -> bool:
        return self in (WebinarProgress.WATCHED, WebinarProgress.ATTENDED)

    @property
    def rank(self) -> int:
        return list(WebinarProgress).index(self)


class WebinarSource(Protocol):
    """Webinars are events that belong to a course (`events`)."""

    def of_courses(self, course_ids: Collection[int]) -> dict[int, list[Webinar]]:
        """Course id → its live webinars that are not cancelled, in the source
        language, in order of date (a course without any is absent)."""

    def progress(
        self, user_ids: Collection[int] | Subquery, webinar_ids: Collection[int]
    ) -> Iterable[tuple[int, int, WebinarProgress]]:
        """(user id, webinar id, progress) of every place a learner holds (confirmed:
        registered, or attended once the organiser marked it; waiting) and every
        recording watched to the end; a pair may come more than once (a place and a
        recording), the furthest counts. Done: attended or watched."""


TESTS = "tests"
EXERCISES = "exercises"
SCORM = "scorm"
FORUM = "forum"
ATTENDANCE = "attendance"
WEBINARS = "webinars"
KINDS = (TESTS, EXERCISES, SCORM, FORUM, ATTENDANCE, WEBINARS)

#: The lesson blocks that hold something to finish, and the kind that answers for
#: each: both are exercise sources, judged the same way.
EXERCISE_BLOCKS = {"h5p": EXERCISES, "scorm": SCORM}

_sources: dict[str, object] = {}


def register(kind: str, source: object) -> None:
    """Make `source` answer for requirement `kind` (one source per kind)."""
    if kind not in KINDS:
        raise ImproperlyConfigured(f"Unknown completion requirement {kind!r}.")
    if _sources.get(kind, source) is not source:
        raise ImproperlyConfigured(f"Two sources for completion requirement {kind!r}.")
    _sources[kind] = source


def tests() -> TestSource | None:
    return _sources.get(TESTS)  # type: ignore[return-value]


def exercises() -> dict[str, ExerciseSource]:
    """Block type → the source of the exercises placed in such blocks (those whose
    app is installed)."""
    return {
        block: _sources[kind]  # type: ignore[misc]
        for block, kind in EXERCISE_BLOCKS.items()
        if kind in _sources
    }


def forum() -> ForumSource | None:
    return _sources.get(FORUM)  # type: ignore[return-value]


def attendance() -> AttendanceSource | None:
    return _sources.get(ATTENDANCE)  # type: ignore[return-value]


def webinars() -> WebinarSource | None:
    return _sources.get(WEBINARS)  # type: ignore[return-value]


def registered() -> str:
    """The kinds that have a source, e.g. "exercises,tests": part of the key of what
    is cached from them (a course's structure holds its tests, exercises and
    webinars)."""
    return ",".join(sorted(_sources))
