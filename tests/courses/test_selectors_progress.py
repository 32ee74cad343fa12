import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import LessonPage, ModulePage, SectionProgress
from courses.selectors import (
    course_state,
    course_states_for_users,
    dashboard_course_states,
    module_state,
)
from courses.services import enrolment_create, section_progress_record
from h5p.models import H5PActivity, H5PPackage, H5PResult
from quizzes.models import Attempt
from tests.factories import UserFactory, build_course, lesson_body
from tests.factories.quizzes import make_test

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


def _seen(state):
    """Everything a coordinator's view reads of a course state."""
    return (
        state.percent,
        state.complete,
        [
            (
                m.percent, m.complete, m.completed_at, m.lessons_done,
                m.lessons_complete, m.test_passed, m.missing,
                [(lesson.done_count, lesson.complete, lesson.percent)
                 for lesson in m.lessons],
            )
            for m in state.modules
        ],
        state.missing,
    )  # fmt: skip


def test_counted_states_agree_with_the_sections_read_one_by_one():
    """A coordinator's view counts sections in the database, per learner and lesson;
    a learner's own pages read them one by one. Both say the same of every module
    and lesson: with a section that holds a required exercise, a test, a section an
    editor removed, and learners who did nothing, a part, or everything."""
    package = H5PPackage.objects.create(
        sha256="0" * 64, title="Oefening", main_library="H5P.Hello"
    )
    exercise = H5PActivity.objects.create(
        title="Oefening itsme", package=package, must_complete=True
    )
    course = build_course(modules=2, lessons=2, sections=3)
    first_module = ModulePage.objects.child_of(course).order_by("path").first()
    _, test = make_test(course=course, parent=first_module, questions=1)
    guarded = lessons_of(course)[1]
    body = lesson_body(3)
    body[1]["value"]["content"].append(
        {"type": "h5p", "id": str(uuid.uuid4()), "value": exercise.pk}
    )
    guarded.body = body
    guarded.save()
    lessons = lessons_of(course)

    nothing, part, opened_only, everything = UserFactory.create_batch(4)
    open_sections(part, lessons[0], [1, 2])
    open_sections(part, lessons[1], [1, 3])
    H5PResult.objects.create(
        user=part, activity=exercise, completed_at=timezone.now()
    )  # the exercise done, its section never opened
    open_sections(opened_only, lessons[1], [1, 2, 3])  # the exercise not done
    for lesson in lessons:
        open_sections(everything, lesson, range(1, 4))
    SectionProgress.objects.create(
        user=everything, lesson=lessons[0], section_id="removed-by-an-editor",
        first_viewed_at=timezone.now() + timedelta(days=1),
        last_viewed_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    H5PResult.objects.create(
        user=everything, activity=exercise, completed_at=timezone.now()
    )
    Attempt.objects.create(
        user=everything, test=test, number=1, status=Attempt.Status.GRADED,
        submitted_at=timezone.now(), max_score=1, score=1, percent=100, passed=True,
    )  # fmt: skip

    learners = [nothing, part, opened_only, everything]
    counted = course_states_for_users([course], [u.pk for u in learners])
    for learner in learners:
        one_by_one = course_state(course, learner)
        assert _seen(counted[learner.pk][0]) == _seen(one_by_one), learner
    assert counted[everything.pk][0].complete
    assert counted[part.pk][0].percent == 4 * 100 // 12  # 2 + 1 plain + 1 with it
    assert counted[opened_only.pk][0].modules[0].lessons[1].done_count == 2
