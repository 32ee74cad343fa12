"""What the home page shows of the courses: cards, and the learner's next step.

The home page's blocks (`home.front_page.blocks`) ask for these through
`lms.routing` (registered in `courses.views`), each in a constant number of queries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import get_language
from wagtail.models import Page

from courses.models import CoursePage, ModulePage
from courses.selectors import dashboard_course_states
from courses.states import CourseState, ModuleState, NextStep
from courses.translations import Translation
from languages.selectors import in_reader_language
from lms.models import User


@dataclass(frozen=True)
class CourseCard:
    course: CoursePage
    module_count: int


def course_cards(chosen: Sequence[CoursePage] | None = None) -> list[CourseCard]:
    """Cards of the `chosen` courses in the editor's order, or of every course when
    `chosen` is None (in tree order, the catalogue's, in the reader's language), with
    their number of modules.

    Only live courses without view restrictions: a chosen course that was unpublished
    since simply drops out. Three queries, whatever the number of courses.
    """
    courses = CoursePage.objects.live().public()
    if chosen is not None:
        by_id = courses.in_bulk([course.pk for course in chosen])
        found = [by_id[course.pk] for course in chosen if course.pk in by_id]
    else:
        found = list(in_reader_language(courses).order_by("path"))
    counts = _module_counts(found)
    return [CourseCard(course, counts[course.path]) for course in found]


def _module_counts(courses: Sequence[CoursePage]) -> Counter[str]:
    """Live modules per course path: one query."""
    if not courses:
        return Counter()
    below = reduce(
        or_, (Q(path__startswith=c.path, depth=c.depth + 1) for c in courses)
    )
    paths = ModulePage.objects.live().filter(below).values_list("path", flat=True)
    return Counter(path[: -Page.steplen] for path in paths)


@dataclass(frozen=True)
class LearnerNextStep:
    """What the home page offers a logged-in learner first.

    `course` is the course to continue (None when they follow none, or finished every
    one); `step` is the section to open next in it and `module` the module of that
    section (both None when every lesson is read but a test, a forum post or a session
    is still missing: `course.missing` says what).
    """

    enrolled: bool
    course: CourseState | None = None
    module: ModuleState | None = None
    step: NextStep | None = None

    @property
    def lesson_count(self) -> int:
        """The lessons in the step's module: the "5" of "Lesson 2 of 5"."""
        return len(self.module.lessons) if self.module else 0


def learner_next_step(user: User | AnonymousUser) -> LearnerNextStep | None:
    """The course `user` is busiest with and where to go on in it; None for anonymous
    visitors.

    Of the unfinished courses, the one where a section was opened last; when none was
    opened yet, the one enrolled in last. The same states as "Mijn leertraject", so
    both pages always agree: at most ten queries, whatever the number of courses.
    """
    if not user.is_authenticated:
        return None
    states = dashboard_course_states(user)  # most recent enrolment first
    shown = Translation.of([state.course for state in states], get_language())
    states = [shown.course(state) for state in states]  # in the reader's language
    unfinished = [state for state in states if not state.complete]
    if not unfinished:
        return LearnerNextStep(enrolled=bool(states))
    # max() keeps the first of equals: the most recent enrolment when nothing was opened.
    current = max(unfinished, key=_last_opened)
    step = current.next_step
    module = None
    if step is not None:
        module = next(
            m
            for m in current.modules
            if any(lesson is step.lesson for lesson in m.lessons)
        )
    return LearnerNextStep(enrolled=True, course=current, module=module, step=step)


def _last_opened(state: CourseState) -> datetime:
    return max(
        (
            section.last_viewed_at
            for lesson in state.lessons
            for section in lesson.sections
            if section.last_viewed_at is not None
        ),
        default=datetime.min.replace(tzinfo=UTC),
    )
