"""Reads of learning state, in a constant number of queries.

Percentages are per section: a module at "20% voltooid" has one section in five opened.
Only sections that exist in the current revision of a lesson count, so an editor who adds
a section lowers the percentage and one who removes a section does not leave ghost rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser
from django.db.models import Min, Q
from django.utils.translation import gettext as _
from wagtail.models import Page

from lms.models import User

from .forums.selectors import modules_posted_by
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
from .sessions.selectors import courses_attended_by

STEPLEN = Page.steplen


@dataclass
class ExerciseMap:
    """The required H5P activities (ids) and which of them the learner has done."""

    required: set[int] = field(default_factory=set)
    done: set[int] = field(default_factory=set)

    def section_done(self, section: dict) -> bool:
        return self.activities_done(frozenset(_section_activities(section)))

    def activities_done(self, activities: frozenset[int]) -> bool:
        """Whether the required ones among `activities` (a section's) are done."""
        return not activities or (self.required & activities) <= self.done


def _section_activities(section: dict) -> list[int]:
    """The H5P activity ids in a section's raw StreamField data."""
    return [
        item["value"]
        for item in section.get("value", {}).get("content", [])
        if item.get("type") == "h5p" and isinstance(item.get("value"), int)
    ]


def _required_activities(lessons: Iterable[LessonPage]) -> set[int]:
    """The H5P activities in `lessons` that must be completed: one query when the
    lessons hold exercises, none otherwise."""
    ids = {
        activity
        for lesson in lessons
        for section in lesson.body.raw_data
        for activity in _section_activities(section)
    }
    if not ids:
        return set()
    return set(
        H5PActivity.objects.filter(pk__in=ids, must_complete=True).values_list(
            "pk", flat=True
        )
    )


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
    first_viewed_at: datetime | None = None

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

    @cached_property
    def done_count(self) -> int:
        # Cached: a coordinator's view asks every lesson of 2,000 learners several
        # times (percent, complete, missing), and the sections never change after
        # the state is built.
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
        moments = [
            section.first_viewed_at
            for lesson in self.lessons
            for section in lesson.sections
        ]
        moments += [self.test_passed_at, self.forum_posted_at]
        return max((m for m in moments if m is not None), default=None)


@dataclass
class CourseState:
    """A course for one learner. Complete when every module is complete and, where the
    course has a final evaluation, it is passed."""

    course: CoursePage
    modules: list[ModuleState]
    enrolment: Enrolment | None
    final_test: TestPage | None = None
    final_passed_at: datetime | None = None
    attended: bool = False

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


@dataclass
class LearnerFacts:
    """What one learner did that completion depends on: the facts, never a verdict."""

    # lesson id → section id → (first opened, last opened)
    sections: dict[int, dict[str, tuple[datetime, datetime]]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    exercises_done: set[int] = field(default_factory=set)
    tests_passed: dict[int, datetime] = field(default_factory=dict)  # first pass
    modules_posted: dict[int, datetime] = field(default_factory=dict)  # first post
    courses_attended: set[int] = field(default_factory=set)


def learner_facts(
    user_ids: Collection[int],
    *,
    lessons: Sequence[LessonPage] = (),
    tests: Sequence[TestPage] = (),
    modules: Sequence[ModulePage] = (),
    courses: Sequence[CoursePage] = (),
    activities: Iterable[int] = (),
) -> dict[int, LearnerFacts]:
    """The facts of every learner in `user_ids` about the given pages.

    At most five queries whatever the number of learners, each skipped when there is
    nothing to ask about. Learners without any fact are absent from the result.
    """
    if not user_ids:
        return {}
    facts: dict[int, LearnerFacts] = defaultdict(LearnerFacts)
    if lessons:
        rows = SectionProgress.objects.filter(
            user_id__in=user_ids, lesson__in=[lesson.pk for lesson in lessons]
        ).values_list("user_id", "lesson_id", "section_id", "first_viewed_at",
                      "last_viewed_at")  # fmt: skip
        for user_id, lesson_id, section_id, first, last in rows:
            facts[user_id].sections[lesson_id][section_id] = (first, last)
    activities = list(activities)
    if activities:
        results = H5PResult.objects.filter(
            user_id__in=user_ids,
            activity_id__in=activities,
            completed_at__isnull=False,
        ).select_related("activity")
        for result in results:
            if result.done:
                facts[result.user_id].exercises_done.add(result.activity_id)
    if tests:
        passes = (
            Attempt.objects.filter(
                user_id__in=user_ids, test__in=[t.pk for t in tests], passed=True
            )
            .values("user_id", "test_id")
            .annotate(first=Min("submitted_at"))
        )
        for row in passes:
            facts[row["user_id"]].tests_passed[row["test_id"]] = row["first"]
    asking = [m.pk for m in modules if m.requires_forum_post]
    if asking:
        for (user_id, module_id), first in modules_posted_by(user_ids, asking).items():
            facts[user_id].modules_posted[module_id] = first
    attending = [c.pk for c in courses if c.requires_attendance]
    if attending:
        for user_id, course_id in courses_attended_by(user_ids, attending):
            facts[user_id].courses_attended.add(course_id)
    return facts


@dataclass(frozen=True)
class SectionOutline:
    """What a section is, whoever reads it: read once from the lesson's StreamField
    and reused for every learner (parsing it per learner is what a coordinator's
    view of 2,000 members would otherwise spend its time on)."""

    id: str
    title: str
    activities: frozenset[int]  # the H5P activities in the section
    blank: SectionState  # its state for anyone who has not opened it (shared)


def _outline(lesson: LessonPage) -> list[SectionOutline]:
    sections = (item for item in lesson.body.raw_data if item["type"] == "section")
    return [
        SectionOutline(
            id=item["id"],
            title=item["value"].get("title", ""),
            activities=frozenset(_section_activities(item)),
            blank=SectionState(
                id=item["id"],
                number=position,
                title=item["value"].get("title", ""),
                last_viewed_at=None,
            ),
        )
        for position, item in enumerate(sections, start=1)
    ]


def _lesson_state(
    lesson: LessonPage,
    number: int,
    facts: LearnerFacts,
    exercises: ExerciseMap | None = None,
    outline: Sequence[SectionOutline] | None = None,
) -> LessonState:
    seen = facts.sections.get(lesson.pk, {})
    exercises = exercises or ExerciseMap()
    if outline is None:
        outline = _outline(lesson)
    sections = []
    for position, section in enumerate(outline, start=1):
        first, last = seen.get(section.id, (None, None))
        exercises_done = exercises.activities_done(section.activities)
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


@dataclass
class CourseStructure:
    """The live modules, lessons and tests of some courses, read once and then judged
    against the facts of as many learners as needed."""

    courses: Sequence[CoursePage]
    modules: list[ModulePage]
    lessons: list[LessonPage]
    tests: list[TestPage]
    activities: set[int]  # required H5P activities
    outlines: dict[int, list[SectionOutline]] = field(default_factory=dict)

    @classmethod
    def of(cls, courses: Sequence[CoursePage]) -> CourseStructure:
        """At most four queries, whatever the number of courses."""
        lessons = list(_children_of(LessonPage, courses, levels=2))
        return cls(
            courses=courses,
            modules=list(_children_of(ModulePage, courses).select_related("app_focus")),
            lessons=lessons,
            tests=list(_children_of(TestPage, courses, levels=(1, 2))),
            activities=_required_activities(lessons),
            outlines={lesson.pk: _outline(lesson) for lesson in lessons},
        )

    def facts(self, user_ids: Collection[int]) -> dict[int, LearnerFacts]:
        return learner_facts(
            user_ids,
            lessons=self.lessons,
            tests=self.tests,
            modules=self.modules,
            courses=self.courses,
            activities=self.activities,
        )

    def states(
        self, facts: LearnerFacts, enrolments: dict[int, Enrolment]
    ) -> list[CourseState]:
        """The state of each course for the learner these facts belong to."""
        module_states = _module_states(
            self.modules, self.lessons, facts, self.activities, self.outlines
        )
        finals = _attach_tests(module_states, self.tests, facts)
        states = []
        for course in self.courses:
            final = finals.get(course.path)
            states.append(
                CourseState(
                    course=course,
                    modules=[
                        m
                        for m in module_states
                        if m.module.path.startswith(course.path)
                    ],
                    enrolment=enrolments.get(course.pk),
                    final_test=final,
                    final_passed_at=final and facts.tests_passed.get(final.pk),
                    attended=course.pk in facts.courses_attended,
                )
            )
        return states


def _module_states(
    modules: Iterable[ModulePage],
    lessons: Sequence[LessonPage],
    facts: LearnerFacts,
    activities: set[int],
    outlines: dict[int, list[SectionOutline]] | None = None,
) -> list[ModuleState]:
    exercises = ExerciseMap(required=activities, done=facts.exercises_done)
    states = {module.path: ModuleState(module) for module in modules}
    outlines = outlines or {}
    for lesson in lessons:
        module_state = states.get(lesson.path[:-STEPLEN])
        if module_state is not None:
            number = len(module_state.lessons) + 1
            module_state.lessons.append(
                _lesson_state(lesson, number, facts, exercises, outlines.get(lesson.pk))
            )
    for state in states.values():
        state.forum_posted_at = facts.modules_posted.get(state.module.pk)
    return list(states.values())


def _attach_tests(
    module_states: Iterable[ModuleState], tests: Iterable[TestPage], facts: LearnerFacts
) -> dict[str, TestPage]:
    """Put each module's test on its state; return the remaining tests by parent path
    (the courses' final evaluations)."""
    by_parent = {test.path[:-STEPLEN]: test for test in tests}
    for state in module_states:
        state.test = by_parent.pop(state.module.path, None)
        if state.test is not None:
            state.test_passed_at = facts.tests_passed.get(state.test.pk)
    return by_parent


def _facts_of(user: User | AnonymousUser | None, structure: CourseStructure):
    if not _is_learner(user):
        return LearnerFacts()
    return structure.facts([user.pk]).get(user.pk, LearnerFacts())


def course_states(
    courses: Sequence[CoursePage],
    user: User | AnonymousUser | None,
    enrolments: dict[int, Enrolment] | None = None,
) -> list[CourseState]:
    """The state of each course for `user`, in at most ten queries whatever the number of courses."""
    if enrolments is None:
        enrolments = {}
        if _is_learner(user) and courses:
            enrolments = {
                e.course_id: e
                for e in Enrolment.objects.filter(user=user, course__in=courses)
            }
    structure = CourseStructure.of(courses)
    return structure.states(_facts_of(user, structure), enrolments)


def course_states_for_users(
    courses: Sequence[CoursePage], user_ids: Collection[int]
) -> dict[int, list[CourseState]]:
    """The state of each course for each learner in `user_ids` (those without a fact
    or enrolment get the state of a learner who has not begun).

    A constant number of queries (at most ten) for any number of learners and courses:
    what a coordinator's progress view and its exports need.
    """
    structure = CourseStructure.of(courses)
    facts = structure.facts(user_ids)
    enrolments: dict[int, dict[int, Enrolment]] = defaultdict(dict)
    if courses:
        for enrolment in Enrolment.objects.filter(
            user_id__in=user_ids, course__in=[c.pk for c in courses]
        ):
            enrolments[enrolment.user_id][enrolment.course_id] = enrolment
    return {
        user_id: structure.states(
            facts.get(user_id, LearnerFacts()), enrolments[user_id]
        )
        for user_id in user_ids
    }


def course_state(course: CoursePage, user: User | AnonymousUser | None) -> CourseState:
    return course_states([course], user)[0]


def module_state(module: ModulePage, user: User | AnonymousUser | None) -> ModuleState:
    lessons = list(_children_of(LessonPage, [module]))
    tests = list(_children_of(TestPage, [module]))
    activities = _required_activities(lessons)
    facts = (
        learner_facts(
            [user.pk], lessons=lessons, tests=tests, modules=[module],
            activities=activities,
        ).get(user.pk, LearnerFacts())
        if _is_learner(user)
        else LearnerFacts()
    )  # fmt: skip
    state = _module_states([module], lessons, facts, activities)[0]
    _attach_tests([state], tests, facts)
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
    facts = learner_facts([user.pk], lessons=[lesson]).get(user.pk, LearnerFacts())
    return _lesson_state(lesson, 1, facts).first_open_number


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
    activities = _required_activities(siblings)
    facts = (
        learner_facts([user.pk], lessons=siblings, activities=activities).get(
            user.pk, LearnerFacts()
        )
        if _is_learner(user)
        else LearnerFacts()
    )
    module_state_ = _module_states([module], siblings, facts, activities)[0]
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
