"""Reads of learning state, in a constant number of queries.

Only sections that exist in the current revision of a lesson count, so an editor who adds
a section lowers the percentage and one who removes a section does not leave ghost rows.
What other apps require (tests, exercises, forum posts, attendance, webinars) is asked
of the sources registered in `courses.completion`; the states themselves are
`courses.states`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet, Subquery
from django.utils import translation
from wagtail.models import Page

from courses import completion
from courses.completion import Webinar, WebinarProgress
from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    ModulePage,
    SectionProgress,
)
from courses.states import (
    Activity,
    CourseState,
    ExerciseMap,
    LessonState,
    LessonTally,
    LessonViewerState,
    Microseconds,
    ModuleState,
    SectionOutline,
    SectionState,
    microseconds,
    section_activities,
)
from languages.selectors import in_reader_language
from lms.content_cache import CONTENT
from lms.models import User

STEPLEN = Page.steplen


def _required_activities(lessons: Iterable[LessonPage]) -> set[Activity]:
    """The exercises in `lessons` that must be finished: one query per kind of
    exercise they hold, none otherwise (nor without an exercise source)."""
    return _required_in(
        {
            activity
            for lesson in lessons
            for section in lesson.body.raw_data
            for activity in section_activities(section)
        }
    )


def _by_block(activities: Iterable[Activity]) -> dict[str, set[int]]:
    """The ids of `activities`, by their block type."""
    ids: dict[str, set[int]] = defaultdict(set)
    for block, pk in activities:
        ids[block].add(pk)
    return ids


def _required_in(activities: set[Activity]) -> set[Activity]:
    """Those of `activities` a learner must finish: one query per kind of exercise
    present (H5P, SCORM), none without its source."""
    sources = completion.exercises()
    return {
        (block, pk)
        for block, ids in _by_block(activities).items()
        if block in sources
        for pk in sources[block].required(ids)
    }


def _outlined_activities(
    outlines: dict[int, list[SectionOutline]], lessons: Iterable[LessonPage]
) -> set[int]:
    """The exercises in the sections of `lessons`, as their outlines say."""
    return {
        activity
        for lesson in lessons
        for section in outlines.get(lesson.pk, ())
        for activity in section.activities
    }


def _tests_below(parents: Sequence[Page], levels: int | tuple[int, ...]) -> list[Page]:
    """The tests of modules and courses among `parents` (none without a test source)."""
    source = completion.tests()
    if source is None:
        return []
    return list(_children_of(source.page_model, parents, levels=levels))


def _webinars_of(courses: Sequence[CoursePage]) -> dict[int, list[Webinar]]:
    """The webinars of the courses that ask for them: one query when one does, none
    otherwise (nor without a webinar source)."""
    source = completion.webinars()
    asking = [course.pk for course in courses if course.requires_webinars]
    if not asking or source is None:
        return {}
    return source.of_courses(asking)


def _is_learner(user: User | AnonymousUser | None) -> bool:
    return user is not None and user.is_authenticated


@dataclass
class LearnerFacts:
    """What one learner did that completion depends on: the facts, never a verdict."""

    # lesson id → section id → (first opened, last opened)
    sections: dict[int, dict[str, tuple[datetime, datetime]]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    exercises_done: set[Activity] = field(default_factory=set)
    tests_passed: dict[int, datetime] = field(default_factory=dict)  # first pass
    modules_posted: dict[int, datetime] = field(default_factory=dict)  # first post
    courses_attended: set[int] = field(default_factory=set)
    # webinar id → how far the learner got (registered… attended)
    webinars: dict[int, WebinarProgress] = field(default_factory=dict)
    # Sections counted by the database instead (`CourseStructure.counted_facts`):
    # lesson id → (sections done, the latest first opening among them).
    counted: dict[int, tuple[int, int | None]] | None = None


def learner_facts(
    user_ids: Collection[int],
    *,
    lessons: Sequence[LessonPage] = (),
    tests: Sequence[Page] = (),
    modules: Sequence[ModulePage] = (),
    courses: Sequence[CoursePage] = (),
    activities: Iterable[Activity] = (),
    webinars: Collection[int] = (),
) -> dict[int, LearnerFacts]:
    """The facts of every learner in `user_ids` about the given pages and webinars.

    At most six queries whatever the number of learners (and one more for each
    other kind of exercise asked about: H5P and SCORM), each skipped when there is
    nothing to ask about. Learners without any fact are absent from the result.
    """
    if not user_ids:
        return {}
    facts: dict[int, LearnerFacts] = defaultdict(LearnerFacts)
    if lessons:
        rows = SectionProgress.objects.filter(
            user_id__in=user_ids, lesson__in=[lesson.pk for lesson in lessons]
        ).values_list(
            "user_id", "lesson_id", "section_id",
            in_microseconds("first_viewed_at"), in_microseconds("last_viewed_at"),
        )  # fmt: skip
        for user_id, lesson_id, section_id, first, last in rows:
            facts[user_id].sections[lesson_id][section_id] = (
                _microseconds_of(first),
                _microseconds_of(last),
            )
    sources = completion.exercises()
    for block, ids in _by_block(activities).items():
        if block in sources:
            for user_id, activity_id in sources[block].done(user_ids, ids):
                facts[user_id].exercises_done.add((block, activity_id))
    if tests and (test_source := completion.tests()):
        passes = test_source.first_passes(user_ids, [test.pk for test in tests])
        for (user_id, test_id), first in passes.items():
            facts[user_id].tests_passed[test_id] = first
    asking = [m.pk for m in modules if m.requires_forum_post]
    if asking and (forum := completion.forum()):
        for (user_id, module_id), first in forum.first_posts(user_ids, asking).items():
            facts[user_id].modules_posted[module_id] = first
    attending = [c.pk for c in courses if c.requires_attendance]
    if attending and (attendance := completion.attendance()):
        for user_id, course_id in attendance.attended(user_ids, attending):
            facts[user_id].courses_attended.add(course_id)
    if webinars and (webinar_source := completion.webinars()):
        for user_id, webinar_id, progress in webinar_source.progress(
            user_ids, webinars
        ):
            known = facts[user_id].webinars
            if webinar_id not in known or progress.rank > known[webinar_id].rank:
                known[webinar_id] = progress
    return facts


def in_microseconds(expression):
    """A date as whole microseconds, computed by PostgreSQL: a coordinator's 2,000
    learners have 150,000 rows, and parsing their dates took longer than everything
    else the view does (Django reads each date with psycopg's Python loader, to give
    it the time zone). Other databases give the date: `_microseconds_of` and
    `courses.states.moment_of` take either."""
    if connection.vendor == "postgresql":
        return Microseconds(expression)
    return expression


def _microseconds_of(value: int | datetime | None) -> int | None:
    """What `in_microseconds` read, as microseconds whatever the database."""
    return microseconds(value) if isinstance(value, datetime) else value


def _sections_in(sections: dict[int, list[str]]) -> Q:
    """The rows of these sections (lesson id → section ids) of these lessons."""
    return reduce(
        or_,
        (Q(lesson_id=lesson, section_id__in=ids) for lesson, ids in sections.items()),
    )


def _outline(lesson: LessonPage) -> list[SectionOutline]:
    return outline_of(lesson.body.raw_data)


def outline_of(body: list[dict]) -> list[SectionOutline]:
    sections = (item for item in body if item["type"] == "section")
    return [
        SectionOutline(
            id=item["id"],
            title=item["value"].get("title", ""),
            activities=frozenset(section_activities(item)),
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
    return LessonState(
        lesson=lesson,
        number=number,
        outline=_outline(lesson) if outline is None else outline,
        seen=facts.sections.get(lesson.pk, {}),
        exercises=exercises or ExerciseMap(),
    )


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


def _structure_key(course_path: str) -> str:
    return f"course-structure:{completion.registered()}:{course_path}"


@dataclass
class CourseStructure:
    """The live modules, lessons and tests of some courses, and the webinars of those
    that ask for them, read once and then judged against the facts of as many
    learners as needed."""

    courses: Sequence[CoursePage]
    modules: list[ModulePage]
    lessons: list[LessonPage]
    tests: list[Page]
    activities: set[Activity]  # required exercises (H5P, SCORM)
    outlines: dict[int, list[SectionOutline]] = field(default_factory=dict)
    # course id → the webinars it asks for (only courses that require them)
    webinars: dict[int, list[Webinar]] = field(default_factory=dict)

    @classmethod
    def of(cls, courses: Sequence[CoursePage]) -> CourseStructure:
        """From the cache (one round trip), built for the courses it lacks in at most
        six queries whatever their number. Each course's part is cached with the
        content (`lms.content_cache`): a publish, unpublish, move or delete anywhere
        in the tree starts afresh. `courses` themselves are used as given (an
        editor's preview of a course shows the draft's fields)."""
        parts = CONTENT.get_many(
            [_structure_key(course.path) for course in courses],
            lambda missing: cls._build_parts(
                [c for c in courses if _structure_key(c.path) in missing]
            ),
        )
        structure = cls(courses=courses, modules=[], lessons=[], tests=[],
                        activities=set())  # fmt: skip
        for course in courses:
            part = parts[_structure_key(course.path)]
            structure.modules += part.modules
            structure.lessons += part.lessons
            structure.tests += part.tests
            structure.activities |= part.activities
            structure.outlines |= part.outlines
            structure.webinars |= part.webinars
        return structure

    @classmethod
    def of_path(cls, course_path: str) -> CourseStructure:
        """The structure of the course at `course_path` (the course included), from
        the cache: what a module or lesson page knows of its course without a query."""
        key = _structure_key(course_path)
        return CONTENT.get(
            key,
            lambda: cls._build_parts([CoursePage.objects.get(path=course_path)])[key],
        )

    def lessons_of(self, module: ModulePage) -> list[LessonPage]:
        return [
            lesson for lesson in self.lessons if lesson.path[:-STEPLEN] == module.path
        ]

    @classmethod
    def _build_parts(cls, courses: Sequence[CoursePage]) -> dict[str, CourseStructure]:
        """One structure per course, keyed as cached. Lessons are kept without their
        bodies (the outlines say what the pages need of them), so a cached course
        stays small whatever its lessons hold."""
        lessons = list(_children_of(LessonPage, courses, levels=2).defer_streamfields())
        bodies = dict(
            LessonPage.objects.filter(pk__in=[lesson.pk for lesson in lessons])
            .values_list("pk", "body")
        ) if lessons else {}  # fmt: skip
        modules = list(_children_of(ModulePage, courses).select_related("app_focus"))
        tests = _tests_below(courses, levels=(1, 2))
        outlines = {pk: outline_of(body.raw_data) for pk, body in bodies.items()}
        required = _required_in(_outlined_activities(outlines, lessons))
        webinars = _webinars_of(courses)

        def below(pages: list, course: CoursePage) -> list:
            return [page for page in pages if page.path.startswith(course.path)]

        parts = {}
        for course in courses:
            course_lessons = below(lessons, course)
            parts[_structure_key(course.path)] = cls(
                courses=[course],
                modules=below(modules, course),
                lessons=course_lessons,
                tests=below(tests, course),
                activities=required & _outlined_activities(outlines, course_lessons),
                outlines={lesson.pk: outlines[lesson.pk] for lesson in course_lessons},
                webinars={
                    pk: found for pk, found in webinars.items() if pk == course.pk
                },
            )
        return parts

    @cached_property
    def plan(self) -> list[LessonPlan]:
        return _plan(self.lessons, self.outlines)

    def webinars_of(self, course: CoursePage) -> list[Webinar]:
        """The webinars `course` asks for: none when it does not (as given: an
        editor's preview judges with the draft's choice)."""
        return self.webinars.get(course.pk, []) if course.requires_webinars else []

    @cached_property
    def webinar_ids(self) -> set[int]:
        return {w.pk for course in self.courses for w in self.webinars_of(course)}

    def facts(self, user_ids: Collection[int]) -> dict[int, LearnerFacts]:
        return learner_facts(
            user_ids,
            lessons=self.lessons,
            tests=self.tests,
            modules=self.modules,
            courses=self.courses,
            activities=self.activities,
            webinars=self.webinar_ids,
        )

    @cached_property
    def _modules_by_course(self) -> list[list[int]]:
        """The positions in `modules` of each course's modules, course by course."""
        return [
            [i for i, m in enumerate(self.modules) if m.path.startswith(course.path)]
            for course in self.courses
        ]

    @cached_property
    def _counting_plan(self) -> _CountingPlan:
        """What judging a learner from counted lessons needs that is the same for all
        of them, worked out once per structure."""
        positions = {module.path: i for i, module in enumerate(self.modules)}
        blanks: list[list[LessonTally]] = [[] for _ in self.modules]
        places = {}
        for module_path, lesson, outline, _ids in self.plan:
            if (i := positions.get(module_path)) is not None:
                lessons = blanks[i]
                places[lesson.pk] = (i, len(lessons))
                lessons.append(LessonTally(lesson, len(lessons) + 1, len(outline)))
        finals = {test.path[:-STEPLEN]: test for test in self.tests}
        tests = [finals.pop(module.path, None) for module in self.modules]
        blank_modules = [
            ModuleState(module, lessons, test)
            for module, lessons, test in zip(self.modules, blanks, tests, strict=True)
        ]
        return _CountingPlan(blanks, places, tests, blank_modules, finals)

    def _counted_module_states(self, facts: LearnerFacts) -> list[ModuleState]:
        """The modules' states from lessons counted by the database. Only a lesson the
        learner opened gets a tally of its own, and only a module in which they did
        something a state of its own: the others are shared by every learner."""
        plan = self._counting_plan
        touched: dict[int, list[LessonTally]] = {}
        for lesson_id, (done, latest) in facts.counted.items():
            if (place := plan.places.get(lesson_id)) is None:
                continue  # a lesson of a module that is not live
            i, j = place
            if (lessons := touched.get(i)) is None:
                lessons = touched[i] = list(plan.blank_lessons[i])
            blank = lessons[j]
            lessons[j] = LessonTally(
                blank.lesson, blank.number, blank.total, done, latest
            )
        states = []
        for i, blank in enumerate(plan.blank_modules):
            test = plan.tests[i]
            passed = facts.tests_passed.get(test.pk) if test is not None else None
            posted = facts.modules_posted.get(blank.module.pk)
            if i not in touched and passed is None and posted is None:
                states.append(blank)
                continue
            states.append(
                ModuleState(
                    blank.module, touched.get(i) or list(blank.lessons), test,
                    test_passed_at=passed, forum_posted_at=posted,
                )
            )  # fmt: skip
        return states

    def counted_facts(
        self, user_ids: Collection[int] | Subquery
    ) -> dict[int, LearnerFacts]:
        """The facts of many learners (a coordinator's 2,000) with their sections
        counted by the database, a row per learner and opened lesson rather than per
        opened section: at most seven queries whatever their number. A section
        holding a required exercise is done only when the exercise is, so those
        sections (few) are read one by one and judged here."""
        facts = learner_facts(
            user_ids, tests=self.tests, modules=self.modules, courses=self.courses,
            activities=self.activities, webinars=self.webinar_ids,
        )  # fmt: skip
        counted: dict[int, dict[int, tuple[int, int | None]]] = defaultdict(dict)
        plain: dict[int, list[str]] = {}
        guarded: dict[tuple[int, str], frozenset[Activity]] = {}
        for _module, lesson, outline, _ids in self.plan:
            for section in outline:
                if section.activities & self.activities:
                    guarded[lesson.pk, section.id] = section.activities
                else:
                    plain.setdefault(lesson.pk, []).append(section.id)
        if plain:
            for user_id, lesson_id, done, latest in (
                SectionProgress.objects.filter(user_id__in=user_ids)
                .filter(_sections_in(plain))
                .values("user_id", "lesson_id")
                .annotate(done=Count("*"), latest=in_microseconds(Max("first_viewed_at")))
                .values_list("user_id", "lesson_id", "done", "latest")
            ):  # fmt: skip
                counted[user_id][lesson_id] = (done, _microseconds_of(latest))
        if guarded:
            by_lesson: dict[int, list[str]] = defaultdict(list)
            for lesson_id, section_id in guarded:
                by_lesson[lesson_id].append(section_id)
            for user_id, lesson_id, section_id, first in (
                SectionProgress.objects.filter(user_id__in=user_ids)
                .filter(_sections_in(by_lesson))
                .values_list("user_id", "lesson_id", "section_id",
                             in_microseconds("first_viewed_at"))
            ):  # fmt: skip
                done_ones = facts.get(user_id, LearnerFacts()).exercises_done
                exercises = ExerciseMap(self.activities, done_ones)
                if exercises.activities_done(guarded[lesson_id, section_id]):
                    done, latest = counted[user_id].get(lesson_id, (0, None))
                    first = _microseconds_of(first)
                    counted[user_id][lesson_id] = (
                        done + 1,
                        first if latest is None else max(latest, first),
                    )
        # Every learner with a fact is counted, with nothing opened where so.
        for user_id in facts.keys() | counted.keys():
            facts.setdefault(user_id, LearnerFacts()).counted = counted.get(user_id, {})
        return facts

    def states(
        self, facts: LearnerFacts, enrolments: dict[int, Enrolment]
    ) -> list[CourseState]:
        """The state of each course for the learner these facts belong to."""
        if facts.counted is None:
            module_states = _module_states(
                self.modules, self.lessons, facts, self.activities, plan=self.plan
            )
            finals = _attach_passes(module_states, self.tests, facts)
        else:
            module_states = self._counted_module_states(facts)
            finals = self._counting_plan.finals
        states = []
        for course, positions in zip(
            self.courses, self._modules_by_course, strict=True
        ):
            final = finals.get(course.path)
            states.append(
                CourseState(
                    course=course,
                    modules=[module_states[i] for i in positions],
                    enrolment=enrolments.get(course.pk),
                    final_test=final,
                    final_passed_at=final and facts.tests_passed.get(final.pk),
                    attended=course.pk in facts.courses_attended,
                    webinars=self.webinars_of(course),
                    webinar_progress=facts.webinars,
                )
            )
        return states


@dataclass
class _CountingPlan:
    blank_lessons: list[list[LessonTally]]  # per module, nothing opened
    places: dict[int, tuple[int, int]]  # lesson id → (module's, lesson's position)
    tests: list[Page | None]  # per module
    blank_modules: list[ModuleState]  # nothing done: shared, never changed
    finals: dict[str, Page]  # the courses' final evaluations, by course path


def _module_states(
    modules: Iterable[ModulePage],
    lessons: Sequence[LessonPage],
    facts: LearnerFacts,
    activities: set[Activity],
    outlines: dict[int, list[SectionOutline]] | None = None,
    plan: list[LessonPlan] | None = None,
) -> list[ModuleState]:
    exercises = ExerciseMap(required=activities, done=facts.exercises_done)
    states = {module.path: ModuleState(module) for module in modules}
    for module_path, lesson, outline, plain_ids in plan or _plan(lessons, outlines):
        module_state = states.get(module_path)
        if module_state is not None:
            module_state.lessons.append(
                LessonState(
                    lesson=lesson,
                    number=len(module_state.lessons) + 1,
                    outline=outline,
                    seen=facts.sections.get(lesson.pk, _NOTHING_SEEN),
                    exercises=exercises,
                    plain_ids=plain_ids,
                )
            )
    return list(states.values())


_NOTHING_SEEN: dict = {}  # shared by every lesson nobody opened; never changed

#: What judging a lesson needs that is the same for every learner: its module's
#: path, the lesson, its sections and (when none holds an exercise) their ids.
LessonPlan = tuple[str, LessonPage, list[SectionOutline], frozenset[str] | None]


def _plan(
    lessons: Sequence[LessonPage], outlines: dict[int, list[SectionOutline]] | None
) -> list[LessonPlan]:
    """Worked out once for any number of learners (a coordinator's 2,000)."""
    outlines = outlines or {}
    plan = []
    for lesson in lessons:
        outline = outlines.get(lesson.pk)
        if outline is None:
            outline = _outline(lesson)
        plain = not any(section.activities for section in outline)
        plan.append(
            (
                lesson.path[:-STEPLEN],
                lesson,
                outline,
                frozenset(section.id for section in outline) if plain else None,
            )
        )
    return plan


def _attach_passes(
    module_states: Iterable[ModuleState], tests: Iterable[Page], facts: LearnerFacts
) -> dict[str, Page]:
    """Put each module's test, whether it is passed and the learner's first post in
    its forum on its state; return the remaining tests by parent path (the courses'
    final evaluations)."""
    by_parent = {test.path[:-STEPLEN]: test for test in tests}
    for state in module_states:
        state.forum_posted_at = facts.modules_posted.get(state.module.pk)
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


class StatesByLearner(dict):
    """Learner id → their course states. A learner without any fact or enrolment
    has the states of one who has not begun: built once, shared, never changed."""

    def __init__(self, blank: list[CourseState]):
        super().__init__()
        self.blank = blank

    def __missing__(self, user_id: int) -> list[CourseState]:
        return self.blank


def course_states_for_users(
    courses: Sequence[CoursePage], learners: Collection[int] | Subquery
) -> StatesByLearner:
    """The state of each course for each learner in `learners`: their ids, or a
    subquery of them (a whole organisation's, which the database reads itself
    rather than as 2,000 parameters of every query).

    A constant number of queries (at most ten) for any number of learners and courses:
    what a coordinator's progress view and its exports need.
    """
    structure = CourseStructure.of(courses)
    facts = structure.counted_facts(learners)
    enrolments: dict[int, dict[int, Enrolment]] = defaultdict(dict)
    if courses:
        for enrolment in Enrolment.objects.filter(
            user_id__in=learners, course__in=[c.pk for c in courses]
        ):
            enrolments[enrolment.user_id][enrolment.course_id] = enrolment
    states = StatesByLearner(structure.states(LearnerFacts(counted={}), {}))
    for user_id in facts.keys() | enrolments.keys():
        states[user_id] = structure.states(
            facts.get(user_id) or LearnerFacts(counted={}), enrolments[user_id]
        )
    return states


def course_state(course: CoursePage, user: User | AnonymousUser | None) -> CourseState:
    return course_states([course], user)[0]


def module_state(module: ModulePage, user: User | AnonymousUser | None) -> ModuleState:
    """The state of `module` for `user`: the course's structure from the cache, and
    the learner's facts in at most four queries."""
    structure = CourseStructure.of_path(module.path[:-STEPLEN])
    lessons = structure.lessons_of(module)
    tests = [t for t in structure.tests if t.path[:-STEPLEN] == module.path]
    activities = _activities_of(structure, lessons)
    facts = (
        learner_facts(
            [user.pk], lessons=lessons, tests=tests, modules=[module],
            activities=activities,
        ).get(user.pk, LearnerFacts())
        if _is_learner(user)
        else LearnerFacts()
    )  # fmt: skip
    state = _module_states([module], lessons, facts, activities, structure.outlines)[0]
    _attach_passes([state], tests, facts)
    return state


def _activities_of(
    structure: CourseStructure, lessons: Iterable[LessonPage]
) -> set[Activity]:
    """The required exercises in `lessons`, as the structure knows them."""
    return structure.activities & _outlined_activities(structure.outlines, lessons)


def dashboard_course_states(user: User) -> list[CourseState]:
    """Every course `user` is enrolled in, most recent enrolment first."""
    return LearnerStates(user).enrolled()


class LearnerStates:
    """The course states of one learner, each computed once: "Mijn leertraject" and
    the panels apps above add to it (assignments) share them, so the learner's facts
    are read once for the courses asked together rather than once per panel."""

    def __init__(self, user: User):
        self.user = user
        self._states: dict[int, CourseState] = {}
        self._enrolments: dict[int, Enrolment] | None = None  # all, once read

    @classmethod
    def of_request(cls, request) -> LearnerStates:
        """The request's learner's, shared by everything that serves the request."""
        if not hasattr(request, "_learner_states"):
            request._learner_states = cls(request.user)
        return request._learner_states

    def enrolled(self) -> list[CourseState]:
        """Every course the learner is enrolled in, most recent enrolment first."""
        enrolments = list(
            Enrolment.objects.filter(user=self.user, course__live=True).select_related(
                "course"
            )
        )
        self._enrolments = {e.course_id: e for e in enrolments}
        return self.states([enrolment.course for enrolment in enrolments])

    def known(self, course: CoursePage) -> CourseState | None:
        """The state of `course` if something serving the request asked for it
        already (no query): what the course page's hooks read."""
        return self._states.get(course.pk)

    def states(self, courses: Sequence[CoursePage]) -> list[CourseState]:
        """The state of each of `courses`, computing only those not asked before."""
        missing = [course for course in courses if course.pk not in self._states]
        if missing:
            enrolments = None
            if self._enrolments is not None:
                enrolments = {
                    c.pk: self._enrolments[c.pk]
                    for c in missing
                    if c.pk in self._enrolments
                }
            for state in course_states(missing, self.user, enrolments):
                self._states[state.course.pk] = state
        return [self._states[course.pk] for course in courses]


def first_open_section(lesson: LessonPage, user: User) -> int:
    """The number of the first section of `lesson` that `user` has not opened (else 1)."""
    facts = learner_facts([user.pk], lessons=[lesson]).get(user.pk, LearnerFacts())
    return _lesson_state(lesson, 1, facts).first_open_number


def lesson_parents(lesson: LessonPage) -> tuple[CoursePage, ModulePage]:
    """The course and module a lesson belongs to, from the course's cached structure
    (a module not live, which only an editor's preview meets, is read)."""
    structure = CourseStructure.of_path(lesson.path[: -2 * STEPLEN])
    module_path = lesson.path[:-STEPLEN]
    module = next((m for m in structure.modules if m.path == module_path), None)
    return structure.courses[0], module or ModulePage.objects.get(path=module_path)


def course_of_module(module: ModulePage) -> CoursePage:
    """The course of a live module, from its cached structure."""
    return CourseStructure.of_path(module.path[:-STEPLEN]).courses[0]


def course_of_test(test: Page) -> CoursePage:
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
    draft: bool = False,
) -> LessonViewerState:
    """The lesson viewer around section `section_number` (1-based) of `lesson`.

    The other lessons come from the course's cached structure; with `draft` (an
    editor's preview) `lesson`'s own sections are read, so the draft shows its own.
    """
    structure = CourseStructure.of_path(course.path)
    siblings = [
        lesson if sibling.pk == lesson.pk else sibling
        for sibling in structure.lessons_of(module)
    ]
    outlines = structure.outlines
    activities = _activities_of(structure, siblings)
    if draft or lesson.pk not in outlines:
        # A draft being previewed: its own sections, not the published ones.
        if lesson not in siblings:
            siblings.append(lesson)
        outlines = outlines | {lesson.pk: _outline(lesson)}
        activities |= _required_activities([lesson])
    facts = (
        learner_facts([user.pk], lessons=siblings, activities=activities).get(
            user.pk, LearnerFacts()
        )
        if _is_learner(user)
        else LearnerFacts()
    )
    module_state_ = _module_states([module], siblings, facts, activities, outlines)[0]
    lesson_state = next(s for s in module_state_.lessons if s.lesson.pk == lesson.pk)
    return LessonViewerState(
        course=course,
        module=module_state_,
        lesson=lesson_state,
        current=lesson_state.sections[section_number - 1],
    )


def catalogue_page() -> CourseIndexPage | None:
    """The published catalogue, for links to it (cached with the content)."""
    return CONTENT.get(
        f"catalogue:{translation.get_language()}",
        lambda: in_reader_language(CourseIndexPage.objects.live()).first(),
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


def enrolled_in_their_course(user: User | AnonymousUser, pages: QuerySet[Page]) -> bool:
    """Modules, lessons and tests are for the learners enrolled in their course, as
    the lesson pages themselves require: three queries at most."""
    enrolled = enrolled_course_ids(user)
    if not enrolled:
        return False
    courses = tuple(
        CoursePage.objects.filter(pk__in=enrolled).values_list("path", flat=True)
    )
    return any(
        path.startswith(courses) for path in pages.values_list("path", flat=True)
    )
