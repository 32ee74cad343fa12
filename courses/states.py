"""A learner's state in a course, module and lesson: plain data, judged from facts.

Percentages are per section: a module at "20% voltooid" has one section in five opened.
`courses.selectors` reads the pages and the learner's facts and builds these; nothing
here touches the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property

from django.db.models import BigIntegerField, Func
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from courses.completion import EXERCISE_BLOCKS, Webinar, WebinarProgress
from courses.models import CoursePage, Enrolment, LessonPage, ModulePage

#: An exercise in a lesson: its block type (`courses.completion.EXERCISE_BLOCKS`:
#: "h5p", "scorm") and the id of the activity the block holds.
Activity = tuple[str, int]


@dataclass
class ExerciseMap:
    """The required exercises (H5P, SCORM) and which of them the learner has done."""

    required: set[Activity] = field(default_factory=set)
    done: set[Activity] = field(default_factory=set)

    def section_done(self, section: dict) -> bool:
        return self.activities_done(frozenset(section_activities(section)))

    def activities_done(self, activities: frozenset[Activity]) -> bool:
        """Whether the required ones among `activities` (a section's) are done."""
        return not activities or (self.required & activities) <= self.done


def section_activities(section: dict) -> list[Activity]:
    """The exercises in a section's raw StreamField data."""
    return [
        (item["type"], item["value"])
        for item in section.get("value", {}).get("content", [])
        if item.get("type") in EXERCISE_BLOCKS and isinstance(item.get("value"), int)
    ]


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Microseconds(Func):
    """A date column as whole microseconds since 1970, computed by PostgreSQL: an int
    costs nothing to read, a date has to be parsed."""

    output_field = BigIntegerField()
    template = "(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint"


def microseconds(moment: datetime) -> int:
    """`moment` as whole microseconds since 1970 (what `Microseconds` reads)."""
    return (moment - EPOCH) // timedelta(microseconds=1)


def moment(microseconds: int | None) -> datetime | None:
    """The date of `microseconds` since 1970 (None stays None)."""
    return (
        None if microseconds is None else EPOCH + timedelta(microseconds=microseconds)
    )


def moment_of(value: int | datetime | None) -> datetime | None:
    """What `courses.selectors.in_microseconds` read, as a date whatever the
    database (PostgreSQL gives microseconds, the others the date itself)."""
    return moment(value) if isinstance(value, int) else value


def _percent(done: int, total: int) -> int:
    # Rounded down: 100% only when everything is really done.
    return done * 100 // total if total else 0


@dataclass(frozen=True)
class SectionState:
    id: str
    number: int
    title: str
    last_viewed_at: datetime | None
    exercises_done: bool = True  # the required exercises of the section
    first_viewed_at: datetime | None = None

    @property
    def done(self) -> bool:
        return self.last_viewed_at is not None and self.exercises_done


@dataclass(frozen=True)
class SectionOutline:
    """What a section is, whoever reads it: read once from the lesson's StreamField
    and reused for every learner (parsing it per learner is what a coordinator's
    view of 2,000 members would otherwise spend its time on)."""

    id: str
    title: str
    activities: frozenset[Activity]  # the exercises in the section
    blank: SectionState  # its state for anyone who has not opened it (shared)


class LessonCount:
    """What a lesson's count of done sections says, however it was counted."""

    __slots__ = ()
    total: int
    done_count: int

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done_count == self.total

    @property
    def started(self) -> bool:
        return self.done_count > 0

    @property
    def percent(self) -> int:
        return _percent(self.done_count, self.total)


@dataclass(frozen=True, slots=True)
class LessonTally(LessonCount):
    """A lesson for one learner as the database counted it: how many of its sections
    are done, and when the latest of those was first opened. What judging thousands
    of learners at once needs of each lesson (a coordinator's view and exports); a
    learner's own pages have the sections themselves (`LessonState`)."""

    lesson: LessonPage
    number: int
    total: int
    done_count: int = 0
    latest_opening: int | None = None  # `microseconds`

    @property
    def first_openings(self) -> list[datetime]:
        """The latest first opening: all that a module's completion date asks."""
        return [] if self.latest_opening is None else [moment(self.latest_opening)]


@dataclass(eq=False)
class LessonState(LessonCount):
    """A lesson for one learner: its sections (`outline`), what the learner opened
    (`seen`: section id → (first, last) opening) and the exercises they finished.

    The sections' states are built only when asked (the learner's own pages);
    counting what is done needs none, which is what a coordinator's view of 2,000
    learners asks of every lesson."""

    lesson: LessonPage
    number: int
    outline: Sequence[SectionOutline]
    seen: dict[str, tuple[int, int]]  # first and last opening (`microseconds`)
    exercises: ExerciseMap
    # The section ids, when no section holds an exercise: then done means opened.
    plain_ids: frozenset[str] | None = None

    @cached_property
    def sections(self) -> list[SectionState]:
        sections = []
        for position, section in enumerate(self.outline, start=1):
            first, last = self.seen.get(section.id, (None, None))
            first, last = moment(first), moment(last)
            exercises_done = self.exercises.activities_done(section.activities)
            if last is None and exercises_done:
                # Not opened: the same (frozen) state as for everyone else.
                sections.append(section.blank)
                continue
            sections.append(
                SectionState(
                    id=section.id,
                    number=position,
                    title=section.title,
                    last_viewed_at=last,
                    exercises_done=exercises_done,
                    first_viewed_at=first,
                )
            )
        return sections

    @property
    def total(self) -> int:
        return len(self.outline)

    @cached_property
    def done_count(self) -> int:
        if not self.seen:
            return 0
        if self.plain_ids is not None:
            return len(self.seen.keys() & self.plain_ids)
        done = self.exercises.activities_done
        return sum(
            1
            for section in self.outline
            if section.id in self.seen and done(section.activities)
        )

    @property
    def first_openings(self) -> list[datetime]:
        """When each opened section was first opened."""
        return [
            moment(self.seen[section.id][0])
            for section in self.outline
            if section.id in self.seen
        ]

    @property
    def first_open_number(self) -> int:
        """The section to open when the learner comes back: the first not yet seen."""
        return next((s.number for s in self.sections if not s.done), 1)


@dataclass
class NextStep:
    """Where "continue where you stopped" leads: a lesson and a section number."""

    lesson: LessonState
    section: SectionState
    resumed: bool  # False when the learner has not opened anything yet


def _next_step(lessons: Sequence[LessonState]) -> NextStep | None:
    """The first section not yet opened, looking forward from the one opened last.

    Looking forward from the last position (rather than from the start) means a learner
    who skipped a section earlier is not sent back to it every time they return.
    """
    flat = [(lesson, section) for lesson in lessons for section in lesson.sections]
    if not flat:
        return None
    viewed = [i for i, (_, section) in enumerate(flat) if section.done]
    if not viewed:
        lesson, section = flat[0]
        return NextStep(lesson, section, resumed=False)
    last = max(viewed, key=lambda i: flat[i][1].last_viewed_at)
    for lesson, section in flat[last:] + flat[:last]:
        if not section.done:
            return NextStep(lesson, section, resumed=True)
    return None


@dataclass
class ModuleState:
    """A module for one learner. Complete when every lesson is done, where the module
    has a test the test is passed, and where it asks for one the learner has written
    in the module's forum."""

    module: ModulePage
    # LessonTally when the database counted the sections (many learners at once):
    # then the module has no next step to show, which nobody asks of it.
    lessons: list[LessonState | LessonTally] = field(default_factory=list)
    test: Page | None = None
    test_passed_at: datetime | None = None
    forum_posted_at: datetime | None = None

    @property
    def test_passed(self) -> bool:
        return self.test_passed_at is not None

    @property
    def forum_posted(self) -> bool:
        return self.forum_posted_at is not None

    @property
    def total_sections(self) -> int:
        return sum(lesson.total for lesson in self.lessons)

    @property
    def done_sections(self) -> int:
        return sum(lesson.done_count for lesson in self.lessons)

    @property
    def percent(self) -> int:
        return _percent(self.done_sections, self.total_sections)

    @property
    def lessons_complete(self) -> bool:
        return all(lesson.complete for lesson in self.lessons)

    @property
    def forum_ok(self) -> bool:
        return not self.module.requires_forum_post or self.forum_posted

    @property
    def complete(self) -> bool:
        has_content = bool(self.lessons) or self.test is not None
        test_ok = self.test is None or self.test_passed
        return has_content and self.lessons_complete and test_ok and self.forum_ok

    @property
    def lessons_done(self) -> int:
        return sum(lesson.complete for lesson in self.lessons)

    @property
    def missing(self) -> list[str]:
        """What the learner still has to do, in words."""
        missing = []
        if not self.lessons_complete:
            missing.append(
                _(
                    "Open every section of every lesson (%(done)s of %(total)s lessons done)."
                )
                % {"done": self.lessons_done, "total": len(self.lessons)}
            )
        if self.test is not None and not self.test_passed:
            missing.append(_("Pass the test “%(title)s”.") % {"title": self.test.title})
        if not self.forum_ok:
            missing.append(
                _("Ask a question or write a reply in the forum of this module.")
            )
        return missing

    @property
    def next_step(self) -> NextStep | None:
        return _next_step(self.lessons)

    @property
    def completed_at(self) -> datetime | None:
        """When the last fact that completed the module happened (None if incomplete)."""
        if not self.complete:
            return None
        moments = [at for lesson in self.lessons for at in lesson.first_openings]
        moments += [self.test_passed_at, self.forum_posted_at]
        return max((m for m in moments if m is not None), default=None)


@dataclass
class CourseState:
    """A course for one learner. Complete when every module is complete and, where the
    course has a final evaluation, it is passed; where the course asks for them, a
    session attended and each of its webinars attended or its recording watched."""

    course: CoursePage
    modules: list[ModuleState]
    enrolment: Enrolment | None
    final_test: Page | None = None
    final_passed_at: datetime | None = None
    attended: bool = False
    # The webinars the course asks for (none when it does not), and how far the
    # learner got in each (`Webinar.pk` → progress; absent: nothing yet).
    webinars: Sequence[Webinar] = ()
    webinar_progress: Mapping[int, WebinarProgress] = field(default_factory=dict)

    @property
    def final_passed(self) -> bool:
        return self.final_passed_at is not None

    @property
    def enrolled(self) -> bool:
        return self.enrolment is not None

    @property
    def lessons(self) -> list[LessonState]:
        return [lesson for module in self.modules for lesson in module.lessons]

    @property
    def percent(self) -> int:
        return _percent(
            sum(m.done_sections for m in self.modules),
            sum(m.total_sections for m in self.modules),
        )

    @property
    def attendance_ok(self) -> bool:
        return not self.course.requires_attendance or self.attended

    @property
    def webinars_missing(self) -> list[Webinar]:
        """The webinars asked for that the learner neither attended nor watched."""
        progress = self.webinar_progress
        return [
            w for w in self.webinars if not (w.pk in progress and progress[w.pk].done)
        ]

    @property
    def webinars_ok(self) -> bool:
        return not self.webinars_missing

    @property
    def complete(self) -> bool:
        final_ok = self.final_test is None or self.final_passed
        modules_ok = all(module.complete for module in self.modules)
        return (
            (bool(self.modules) or self.final_test is not None)
            and modules_ok
            and final_ok
            and self.attendance_ok
            and self.webinars_ok
        )

    @property
    def missing(self) -> list[str]:
        """What the learner still has to do for this course, in words."""
        complete_module = _("Complete module %(number)s: %(title)s.")
        missing = [
            complete_module % {"number": m.module.number, "title": m.module.title}
            for m in self.modules
            if not m.complete
        ]
        if self.final_test is not None and not self.final_passed:
            missing.append(
                _("Pass the final evaluation “%(title)s”.")
                % {"title": self.final_test.title}
            )
        if not self.attendance_ok:
            missing.append(
                _("Attend a session of this course; your trainer marks who was there.")
            )
        missing += [_webinar_missing(webinar) for webinar in self.webinars_missing]
        return missing

    @property
    def next_step(self) -> NextStep | None:
        return _next_step(self.lessons)


def _webinar_missing(webinar: Webinar) -> str:
    """What is left to do for a webinar, in the reader's language: attending it while
    it is ahead, watching its recording once it is past."""
    words = {
        "title": webinar.title_in(get_language()),
        "date": date_format(timezone.localtime(webinar.starts_at), "DATE_FORMAT"),
    }
    if webinar.starts_at > timezone.now():
        return (
            _("Attend the webinar “%(title)s” on %(date)s, or watch its recording.")
            % words
        )
    return (
        _(
            "Watch the recording of the webinar “%(title)s” of %(date)s and answer "
            "its reflection question."
        )
        % words
    )


@dataclass
class LessonViewerState:
    """Everything the lesson viewer shows around one section."""

    course: CoursePage
    module: ModuleState
    lesson: LessonState
    current: SectionState

    @property
    def sections(self) -> list[SectionState]:
        return self.lesson.sections

    @property
    def lesson_count(self) -> int:
        return len(self.module.lessons)

    @property
    def previous_section(self) -> SectionState | None:
        index = self.current.number - 2
        return self.sections[index] if index >= 0 else None

    @property
    def next_section(self) -> SectionState | None:
        index = self.current.number
        return self.sections[index] if index < len(self.sections) else None

    @property
    def next_lesson(self) -> LessonState | None:
        index = self.lesson.number
        lessons = self.module.lessons
        return lessons[index] if index < len(lessons) else None
