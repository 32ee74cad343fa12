"""The webinars of a course on its course and module pages
(`templates/events/course_webinars.html`), through the `course_page_context` and
`module_page_context` hooks of `courses.views`.

The course page lists them in full; each module page of the course repeats them in a
compact panel, so a learner working through the modules sees the next date and what
is left without going back to the course page. The list (titles and links in the
reader's language) is cached with the content; the learner's state in the webinars
costs one query, none for a visitor or a course without webinars, and none either on
the page of a course that asks for them: the course's state read it already and is
shared through `courses.selectors.LearnerStates`.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from wagtail import hooks

from courses.completion import WebinarProgress
from courses.models import CoursePage, ModulePage
from courses.selectors import LearnerStates, course_of_module
from lms.content_cache import CONTENT

from .completion import WebinarSource
from .models import EventPage


@dataclass(frozen=True)
class CourseWebinar:
    """A webinar of a course as its pages list it: the facts' (source) event id and
    the page to link, in the reader's language."""

    source_id: int
    page: EventPage  # the translation, else the source linked under the language
    starts_at: datetime
    ends_at: datetime
    registration_open: bool
    registration_deadline: datetime
    has_recording: bool


@dataclass(frozen=True)
class WebinarLine:
    """A webinar with the learner's state in it."""

    webinar: CourseWebinar
    state: WebinarProgress | str  # "" for nothing yet (or a visitor)
    now: datetime

    @property
    def done(self) -> bool:
        return bool(self.state) and self.state.done

    @property
    def past(self) -> bool:
        return self.now >= self.webinar.starts_at

    @property
    def may_register(self) -> bool:
        webinar = self.webinar
        return (
            not self.state
            and not self.past
            and webinar.registration_open
            and self.now < webinar.registration_deadline
        )

    @property
    def may_watch(self) -> bool:
        """A recording to watch instead, for who did not attend."""
        return not self.done and self.past and self.webinar.has_recording


@dataclass(frozen=True)
class CourseWebinars:
    """What `templates/events/course_webinars.html` shows."""

    course: CoursePage
    lines: list[WebinarLine]
    learner: bool  # logged in: their state is shown

    @property
    def required(self) -> bool:
        return self.course.requires_webinars

    def __bool__(self) -> bool:
        return bool(self.lines)


def course_webinars(course: CoursePage, language: str) -> list[CourseWebinar]:
    """The live, not cancelled webinars of the source `course`, by date, as readers of
    `language` see them (cached with the content: publishing an event or its
    translation starts afresh). Two queries when not cached, one in Dutch."""

    def read() -> list[CourseWebinar]:
        sources = list(
            EventPage.objects.live()
            .filter(
                course=course,
                cancelled=False,
                locale__language_code=settings.LANGUAGE_CODE,
            )
            .defer_streamfields()
            .order_by("starts_at", "pk")
        )
        translated: dict = {}
        if sources and language != settings.LANGUAGE_CODE:
            translated = {
                page.translation_key: page
                for page in EventPage.objects.live()
                .filter(
                    translation_key__in=[s.translation_key for s in sources],
                    locale__language_code=language,
                )
                .defer_streamfields()
            }
        return [
            CourseWebinar(
                source_id=source.pk,
                page=translated.get(source.translation_key)
                or _under_language(source, language),
                starts_at=source.starts_at,
                ends_at=source.ends_at,
                registration_open=source.registration_open,
                registration_deadline=source.registration_deadline,
                has_recording=source.recording_id is not None,
            )
            for source in sources
        ]

    return CONTENT.get(f"course-webinars:{language}:{course.pk}", read)


def _under_language(page: EventPage, language: str) -> EventPage:
    """The source event, linked under the reader's language (shown there with the
    "not translated yet" notice), as `courses.translations` does for course pages."""
    if language == settings.LANGUAGE_CODE:
        return page
    fallback = copy(page)
    fallback.shown_in_language = language
    return fallback


def learner_progress(
    request: HttpRequest, course: CoursePage, webinars: list[CourseWebinar]
) -> dict[int, WebinarProgress]:
    """Source event id → how far the request's learner got in it. A course that asks
    for its webinars judged them already (its state, shared through
    `LearnerStates`): then no query; otherwise one."""
    user = request.user
    if not user.is_authenticated or not webinars:
        return {}
    known = LearnerStates.of_request(request).known(course)
    ids = [webinar.source_id for webinar in webinars]
    if known is not None and {w.pk for w in known.webinars} >= set(ids):
        return dict(known.webinar_progress)
    found: dict[int, WebinarProgress] = {}
    for _user, event_id, progress in WebinarSource().progress([user.pk], ids):
        if event_id not in found or progress.rank > found[event_id].rank:
            found[event_id] = progress
    return found


def webinars_for(request: HttpRequest, course: CoursePage) -> CourseWebinars:
    """The webinars of the source `course` with the request's learner's progress."""
    webinars = course_webinars(course, translation.get_language())
    progress = learner_progress(request, course, webinars)
    now = timezone.now()
    return CourseWebinars(
        course=course,
        lines=[WebinarLine(w, progress.get(w.source_id, ""), now) for w in webinars],
        learner=request.user.is_authenticated,
    )


@hooks.register("course_page_context")
def course_page_webinars(request: HttpRequest, course: CoursePage) -> dict:
    """The course page lists its webinars with the learner's state in each."""
    return {"webinars": webinars_for(request, course)}


@hooks.register("module_page_context")
def module_page_webinars(request: HttpRequest, module: ModulePage) -> dict:
    """Each module page of the course repeats them, compact."""
    return {"webinars": webinars_for(request, course_of_module(module))}
