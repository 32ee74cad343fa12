"""Reads of learning state, in a constant number of queries.

Percentages are per section: a module at "20% voltooid" has one section in five opened.
Only sections that exist in the current revision of a lesson count, so an editor who adds
a section lowers the percentage and one who removes a section does not leave ghost rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page

from lms.models import User

from .forums.selectors import modules_posted_in
from .models import (
    Attempt,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    H5PActivity,
    H5PResult,
    LessonPage,
    ModulePage,
    SectionProgress,
    TestPage,
)
from .sessions.selectors import courses_attended

STEPLEN = Page.steplen

# lesson id → section id → when it was last opened
ProgressMap = dict[int, dict[str, datetime]]


@dataclass
class ExerciseMap:
    """The required H5P activities (ids) and which of them the learner has done."""

    required: set[int] = field(default_factory=set)
    done: set[int] = field(default_factory=set)

    def section_done(self, section: dict) -> bool:
        needed = self.required & set(_section_activities(section))
        return needed <= self.done


def _section_activities(section: dict) -> list[int]:
    """The H5P activity ids in a section's raw StreamField data."""
    return [
        item["value"]
        for item in section.get("value", {}).get("content", [])
        if item.get("type") == "h5p" and isinstance(item.get("value"), int)
    ]


def _exercise_map(
    user: User | AnonymousUser | None, lessons: Iterable[LessonPage]
) -> ExerciseMap:
    """Two queries when the lessons hold H5P exercises, none otherwise."""
    ids = {
        activity
        for lesson in lessons
        for section in lesson.body.raw_data
        for activity in _section_activities(section)
    }
    if not ids:
        return ExerciseMap()
    activities = H5PActivity.objects.filter(pk__in=ids, must_complete=True)
    exercises = ExerciseMap(required=set(activities.values_list("pk", flat=True)))
    if _is_learner(user) and exercises.required:
        results = H5PResult.objects.filter(
            user=user, activity_id__in=exercises.required, completed_at__isnull=False
        ).select_related("activity")
        exercises.done = {r.activity_id for r in results if r.done}
    return exercises


def _percent(done: int, total: int) -> int:
    # Rounded down: 100% only when everything is really done.
    return done * 100 // total if total else 0


@dataclass(frozen=True)
class SectionState:
    id: str
    number: int
    title: str
    last_viewed_at: datetime | None
    exercises_done: bool = True  # the required H5P exercises of the section

    @property
    def done(self) -> bool:
        return self.last_viewed_at is not None and self.exercises_done


@dataclass
class LessonState:
    lesson: LessonPage
    number: int
    sections: list[SectionState]

    @property
    def total(self) -> int:
        return len(self.sections)

    @property
    def done_count(self) -> int:
        return sum(section.done for section in self.sections)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done_count == self.total

    @property
    def started(self) -> bool:
        return self.done_count > 0

    @property
    def percent(self) -> int:
        return _percent(self.done_count, self.total)

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
    lessons: list[LessonState] = field(default_factory=list)
    test: TestPage | None = None
    test_passed: bool = False
    forum_posted: bool = False

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


@dataclass
class CourseState:
    """A course for one learner. Complete when every module is complete and, where the
    course has a final evaluation, it is passed."""

    course: CoursePage
    modules: list[ModuleState]
    enrolment: Enrolment | None
    final_test: TestPage | None = None
    final_passed: bool = False
    attended: bool = False

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
    def complete(self) -> bool:
        final_ok = self.final_test is None or self.final_passed
        modules_ok = all(module.complete for module in self.modules)
        return (
            (bool(self.modules) or self.final_test is not None)
            and modules_ok
            and final_ok
            and self.attendance_ok
        )

    @property
    def missing(self) -> list[str]:
        """What the learner still has to do for this course, in words."""
        missing = [
            _("Complete module %(number)s: %(title)s.")
            % {"number": m.module.number, "title": m.module.title}
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
        return missing

    @property
    def next_step(self) -> NextStep | None:
        return _next_step(self.lessons)


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


def _is_learner(user: User | AnonymousUser | None) -> bool:
    return user is not None and user.is_authenticated


def _progress_map(
    user: User | AnonymousUser | None, lesson_ids: Iterable[int]
) -> ProgressMap:
    progress: ProgressMap = defaultdict(dict)
    lesson_ids = list(lesson_ids)
    if not _is_learner(user) or not lesson_ids:
        return progress
    rows = SectionProgress.objects.filter(
        user=user, lesson_id__in=lesson_ids
    ).values_list("lesson_id", "section_id", "last_viewed_at")
    for lesson_id, section_id, last_viewed_at in rows:
        progress[lesson_id][section_id] = last_viewed_at
    return progress


def _lesson_state(
    lesson: LessonPage,
    number: int,
    progress: ProgressMap,
    exercises: ExerciseMap | None = None,
) -> LessonState:
    seen = progress.get(lesson.pk, {})
    exercises = exercises or ExerciseMap()
    sections = [
        SectionState(
            id=item["id"],
            number=position,
            title=item["value"].get("title", ""),
            last_viewed_at=seen.get(item["id"]),
            exercises_done=exercises.section_done(item),
        )
        for position, item in enumerate(
            (item for item in lesson.body.raw_data if item["type"] == "section"),
            start=1,
        )
    ]
    return LessonState(lesson=lesson, number=number, sections=sections)


def _children_of(model, parents: Sequence[Page], *, levels: int | tuple[int, ...] = 1):
    """Live pages of `model` `levels` below any of `parents`, in tree order: one query."""
    if not parents:
        return model.objects.none()
    depths = levels if isinstance(levels, tuple) else (levels,)
    condition = reduce(
        or_,
        (
            Q(path__startswith=p.path, depth=p.depth + d)
            for p in parents
            for d in depths
        ),
    )
    return model.objects.live().filter(condition).order_by("path")


def _module_states(
    modules: Iterable[ModulePage],
    lessons: Sequence[LessonPage],
    progress: ProgressMap,
    user: User | AnonymousUser | None = None,
) -> list[ModuleState]:
    exercises = _exercise_map(user, lessons)
    states = {module.path: ModuleState(module) for module in modules}
    for lesson in lessons:
        module_state = states.get(lesson.path[:-STEPLEN])
        if module_state is not None:
            number = len(module_state.lessons) + 1
            module_state.lessons.append(
                _lesson_state(lesson, number, progress, exercises)
            )
    return list(states.values())


def _passed_test_ids(
    user: User | AnonymousUser | None, tests: Iterable[TestPage]
) -> set[int]:
    test_ids = [test.pk for test in tests]
    if not _is_learner(user) or not test_ids:
        return set()
    return set(
        Attempt.objects.filter(user=user, test_id__in=test_ids, passed=True)
        .values_list("test_id", flat=True)
        .distinct()
    )


def _attach_forum_posts(
    user: User | AnonymousUser | None, module_states: Sequence[ModuleState]
) -> None:
    """Mark the modules that ask for a forum post and have one by `user` (one query,
    none when no module asks)."""
    asking = [s.module.pk for s in module_states if s.module.requires_forum_post]
    if not _is_learner(user) or not asking:
        return
    posted = modules_posted_in(user, asking)
    for state in module_states:
        state.forum_posted = state.module.pk in posted


def _attach_tests(
    module_states: Iterable[ModuleState], tests: Iterable[TestPage], passed: set[int]
) -> dict[str, TestPage]:
    """Put each module's test on its state; return the remaining tests by parent path
    (the courses' final evaluations)."""
    by_parent = {test.path[:-STEPLEN]: test for test in tests}
    for state in module_states:
        state.test = by_parent.pop(state.module.path, None)
        state.test_passed = state.test is not None and state.test.pk in passed
    return by_parent


def course_states(
    courses: Sequence[CoursePage],
    user: User | AnonymousUser | None,
    enrolments: dict[int, Enrolment] | None = None,
) -> list[CourseState]:
    """The state of each course for `user`, in at most eight queries whatever the number of courses."""
    if enrolments is None:
        enrolments = {}
        if _is_learner(user) and courses:
            enrolments = {
                e.course_id: e
                for e in Enrolment.objects.filter(user=user, course__in=courses)
            }
    modules = list(_children_of(ModulePage, courses).select_related("app_focus"))
    lessons = list(_children_of(LessonPage, courses, levels=2))
    progress = _progress_map(user, (lesson.pk for lesson in lessons))
    module_states = _module_states(modules, lessons, progress, user)
    tests = list(_children_of(TestPage, courses, levels=(1, 2)))
    passed = _passed_test_ids(user, tests)
    finals = _attach_tests(module_states, tests, passed)
    _attach_forum_posts(user, module_states)
    attended = (
        courses_attended(user, [c.pk for c in courses if c.requires_attendance])
        if _is_learner(user)
        else set()
    )
    states = []
    for course in courses:
        final = finals.get(course.path)
        states.append(
            CourseState(
                course=course,
                modules=[
                    m for m in module_states if m.module.path.startswith(course.path)
                ],
                enrolment=enrolments.get(course.pk),
                final_test=final,
                final_passed=final is not None and final.pk in passed,
                attended=course.pk in attended,
            )
        )
    return states


def course_state(course: CoursePage, user: User | AnonymousUser | None) -> CourseState:
    return course_states([course], user)[0]


def module_state(module: ModulePage, user: User | AnonymousUser | None) -> ModuleState:
    lessons = list(_children_of(LessonPage, [module]))
    progress = _progress_map(user, (lesson.pk for lesson in lessons))
    state = _module_states([module], lessons, progress, user)[0]
    tests = list(_children_of(TestPage, [module]))
    _attach_tests([state], tests, _passed_test_ids(user, tests))
    _attach_forum_posts(user, [state])
    return state


def dashboard_course_states(user: User) -> list[CourseState]:
    """Every course `user` is enrolled in, most recent enrolment first."""
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True).select_related("course")
    )
    courses = [enrolment.course for enrolment in enrolments]
    return course_states(courses, user, {e.course_id: e for e in enrolments})


def first_open_section(lesson: LessonPage, user: User) -> int:
    """The number of the first section of `lesson` that `user` has not opened (else 1)."""
    progress = _progress_map(user, [lesson.pk])
    return _lesson_state(lesson, 1, progress).first_open_number


def lesson_parents(lesson: LessonPage) -> tuple[CoursePage, ModulePage]:
    """The course and module a lesson belongs to (two indexed lookups by tree path)."""
    module = ModulePage.objects.get(path=lesson.path[:-STEPLEN])
    course = CoursePage.objects.get(path=lesson.path[: -2 * STEPLEN])
    return course, module


def course_of_test(test: TestPage) -> CoursePage:
    """The course a module test or final evaluation belongs to."""
    return CoursePage.objects.ancestor_of(test).get()


def is_enrolled(user: User | AnonymousUser | None, course: CoursePage) -> bool:
    return (
        _is_learner(user)
        and Enrolment.objects.filter(user=user, course=course).exists()
    )


def lesson_viewer_state(
    lesson: LessonPage,
    user: User | AnonymousUser | None,
    *,
    course: CoursePage,
    module: ModulePage,
    section_number: int,
) -> LessonViewerState:
    """The lesson viewer around section `section_number` (1-based) of `lesson`.

    `lesson` itself is used rather than its row from the database, so an editor's
    preview of a draft shows the draft's sections.
    """
    siblings = [
        lesson if sibling.pk == lesson.pk else sibling
        for sibling in _children_of(LessonPage, [module])
    ]
    if lesson.pk not in {sibling.pk for sibling in siblings}:
        siblings.append(lesson)  # a draft being previewed
    progress = _progress_map(user, (sibling.pk for sibling in siblings))
    module_state_ = _module_states([module], siblings, progress, user)[0]
    lesson_state = next(s for s in module_state_.lessons if s.lesson.pk == lesson.pk)
    return LessonViewerState(
        course=course,
        module=module_state_,
        lesson=lesson_state,
        current=lesson_state.sections[section_number - 1],
    )


def catalogue_courses(
    index_page: CourseIndexPage,
    *,
    audience: str | None = None,
    level: str | None = None,
) -> list[CoursePage]:
    courses = CoursePage.objects.live().public().child_of(index_page).order_by("path")
    if audience:
        courses = courses.filter(audience=audience)
    if level:
        courses = courses.filter(level=level)
    return list(courses)


def enrolled_course_ids(user: User | AnonymousUser | None) -> set[int]:
    if not _is_learner(user):
        return set()
    return set(Enrolment.objects.filter(user=user).values_list("course_id", flat=True))
