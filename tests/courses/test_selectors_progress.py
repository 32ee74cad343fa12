from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import LessonPage, ModulePage, SectionProgress
from courses.selectors import course_state, dashboard_course_states, module_state
from courses.services import enrolment_create, section_progress_record
from tests.factories import UserFactory, build_course, lesson_body

pytestmark = pytest.mark.django_db


def lessons_of(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def open_sections(user, lesson, numbers, *, minutes_ago=0):
    for number in numbers:
        section_progress_record(
            user=user, lesson=lesson, section_id=lesson.section_ids[number - 1]
        )
    if minutes_ago:
        SectionProgress.objects.filter(user=user, lesson=lesson).update(
            last_viewed_at=timezone.now() - timedelta(minutes=minutes_ago)
        )


def test_one_section_of_five_is_twenty_percent():
    user = UserFactory()
    course = build_course(lessons=1, sections=5)
    lesson = lessons_of(course)[0]
    open_sections(user, lesson, [1])

    module = ModulePage.objects.child_of(course).get()
    assert module_state(module, user).percent == 20
    assert course_state(course, user).percent == 20


def test_percentages_round_down_so_100_means_everything():
    user = UserFactory()
    course = build_course(lessons=1, sections=3)
    lesson = lessons_of(course)[0]
    open_sections(user, lesson, [1, 2])
    state = course_state(course, user)
    assert state.percent == 66
    assert not state.complete
    open_sections(user, lesson, [3])
    state = course_state(course, user)
    assert (state.percent, state.complete) == (100, True)


def test_a_lesson_is_done_when_all_its_sections_are_opened():
    user = UserFactory()
    course = build_course(lessons=2, sections=2)
    first, second = lessons_of(course)
    open_sections(user, first, [1, 2])
    open_sections(user, second, [1])
    lessons = module_state(ModulePage.objects.child_of(course).get(), user).lessons
    assert [(state.number, state.complete) for state in lessons] == [
        (1, True),
        (2, False),
    ]


def test_a_section_removed_by_an_editor_no_longer_counts():
    user = UserFactory()
    course = build_course(lessons=1, sections=2)
    lesson = lessons_of(course)[0]
    open_sections(user, lesson, [1])
    lesson.body = lesson_body(2)  # two new sections replace the old ones
    lesson.save()
    assert course_state(course, user).percent == 0


def test_progress_of_another_user_is_not_counted():
    me, other = UserFactory(), UserFactory()
    course = build_course(sections=2)
    open_sections(other, lessons_of(course)[0], [1, 2])
    assert course_state(course, me).percent == 0


def test_next_step_starts_at_the_beginning_when_nothing_is_opened():
    user = UserFactory()
    course = build_course(lessons=2, sections=2)
    step = course_state(course, user).next_step
    assert (step.lesson.lesson, step.section.number, step.resumed) == (
        lessons_of(course)[0],
        1,
        False,
    )


def test_next_step_continues_after_the_section_opened_last():
    user = UserFactory()
    course = build_course(modules=2, lessons=2, sections=3)
    lessons = lessons_of(course)
    open_sections(user, lessons[0], [1, 2, 3], minutes_ago=60)
    open_sections(user, lessons[2], [1], minutes_ago=5)  # jumped ahead to module 2

    step = course_state(course, user).next_step
    assert (step.lesson.lesson, step.section.number, step.resumed) == (
        lessons[2],
        2,
        True,
    )


def test_next_step_wraps_around_to_a_skipped_section():
    user = UserFactory()
    course = build_course(lessons=2, sections=2)
    first, second = lessons_of(course)
    open_sections(user, first, [2], minutes_ago=30)
    open_sections(user, second, [1, 2], minutes_ago=1)
    step = course_state(course, user).next_step
    assert (step.lesson.lesson, step.section.number) == (first, 1)


def test_dashboard_lists_only_my_enrolments_with_their_progress():
    me, other = UserFactory(), UserFactory()
    mine, theirs = build_course(sections=4), build_course(sections=4)
    enrolment_create(user=me, course=mine)
    enrolment_create(user=other, course=theirs)
    open_sections(me, lessons_of(mine)[0], [1])

    states = dashboard_course_states(me)
    assert [(s.course.pk, s.percent) for s in states] == [(mine.pk, 25)]


def test_unpublished_lessons_do_not_count():
    user = UserFactory()
    course = build_course(lessons=2, sections=1)
    first, second = lessons_of(course)
    second.unpublish()
    open_sections(user, first, [1])
    assert course_state(course, user).percent == 100
