"""Attempts: drawing, limits, saving, grading exactly once, deadlines and completion."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.models import CourseCompletion, LessonPage
from courses.selectors import course_state, module_state
from courses.services import enrolment_create, section_progress_record
from courses.signals import course_completed
from quizzes.grading import right_response
from quizzes.models import Attempt
from quizzes.selectors import learner_test_state
from quizzes.services import (
    GRACE,
    AttemptRefused,
    attempt_save,
    attempt_start,
    attempt_submit,
    attempts_close_overdue,
)
from tests.factories import (
    UserFactory,
    build_course,
)
from tests.factories.quizzes import make_test

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_and_test():
    course, test = make_test()
    user = UserFactory()
    enrolment_create(user=user, course=course)
    return user, test


def all_right(attempt):
    return {str(q["slot"]): right_response(q) for q in attempt.draw}


def test_start_draws_the_configured_number_of_questions(learner_and_test):
    user, test = learner_and_test
    test.question_count = 5
    test.save()
    attempt = attempt_start(user=user, test=test)
    assert len(attempt.draw) == 5
    assert len({q["question_id"] for q in attempt.draw}) == 5
    assert attempt.max_score == 5


def test_starting_again_resumes_the_open_attempt(learner_and_test):
    user, test = learner_and_test
    first = attempt_start(user=user, test=test)
    assert attempt_start(user=user, test=test).pk == first.pk
    assert Attempt.objects.count() == 1


def test_only_enrolled_learners_start(learner_and_test):
    _, test = learner_and_test
    with pytest.raises(AttemptRefused):
        attempt_start(user=UserFactory(), test=test)


def test_the_attempt_limit_holds(learner_and_test):
    user, test = learner_and_test
    test.max_attempts = 2
    test.save()
    for _ in range(2):
        attempt_submit(attempt=attempt_start(user=user, test=test), responses={})
    with pytest.raises(AttemptRefused, match="al je pogingen"):
        attempt_start(user=user, test=test)
    assert learner_test_state(test, user).attempts_left == 0


def test_waiting_between_attempts(learner_and_test):
    user, test = learner_and_test
    test.wait_minutes = 30
    test.save()
    attempt_submit(attempt=attempt_start(user=user, test=test), responses={})
    with pytest.raises(AttemptRefused, match="opnieuw proberen vanaf"):
        attempt_start(user=user, test=test)
    Attempt.objects.update(submitted_at=timezone.now() - timedelta(minutes=31))
    assert attempt_start(user=user, test=test).number == 2


def test_saved_answers_are_kept_and_graded(learner_and_test):
    user, test = learner_and_test
    attempt = attempt_start(user=user, test=test)
    attempt_save(attempt=attempt, responses=all_right(attempt))
    graded = attempt_submit(attempt=attempt)
    assert graded.percent == 100
    assert graded.passed is True
    assert graded.status == Attempt.Status.GRADED


def test_submitting_twice_grades_once(learner_and_test):
    user, test = learner_and_test
    attempt = attempt_start(user=user, test=test)
    first = attempt_submit(attempt=attempt, responses=all_right(attempt))
    again = attempt_submit(attempt=attempt, responses={})  # a replayed, emptier POST
    assert (again.percent, again.submitted_at) == (first.percent, first.submitted_at)
    assert again.percent == 100


def test_a_closed_attempt_refuses_new_answers(learner_and_test):
    user, test = learner_and_test
    attempt = attempt_start(user=user, test=test)
    attempt_submit(attempt=attempt, responses={})
    with pytest.raises(AttemptRefused):
        attempt_save(attempt=attempt, responses=all_right(attempt))
    assert Attempt.objects.get().responses == {}


def test_answers_after_the_deadline_and_grace_are_not_counted(learner_and_test):
    user, test = learner_and_test
    test.time_limit_minutes = 10
    test.save()
    attempt = attempt_start(user=user, test=test)
    Attempt.objects.update(deadline=timezone.now() - GRACE - timedelta(seconds=1))
    attempt.refresh_from_db()
    graded = attempt_submit(attempt=attempt, responses=all_right(attempt))
    assert graded.percent == 0
    assert graded.submitted_at == attempt.deadline + GRACE


def test_answers_within_the_grace_still_count(learner_and_test):
    user, test = learner_and_test
    test.time_limit_minutes = 10
    test.save()
    attempt = attempt_start(user=user, test=test)
    Attempt.objects.update(deadline=timezone.now() - timedelta(seconds=5))
    attempt.refresh_from_db()
    assert attempt_submit(attempt=attempt, responses=all_right(attempt)).percent == 100


def test_the_periodic_task_closes_overdue_attempts_with_what_was_saved(
    learner_and_test,
):
    user, test = learner_and_test
    test.time_limit_minutes = 5
    test.save()
    attempt = attempt_start(user=user, test=test)
    attempt_save(attempt=attempt, responses=all_right(attempt))
    Attempt.objects.update(deadline=timezone.now() - timedelta(minutes=2))
    assert attempts_close_overdue() == 1
    attempt.refresh_from_db()
    assert (attempt.status, attempt.percent) == (
        Attempt.Status.GRADED,
        Decimal("100.00"),
    )
    assert attempts_close_overdue() == 0


def test_a_module_with_a_test_is_complete_only_when_passed(learner_and_test):
    user, test = learner_and_test
    module = test.get_parent().specific
    lesson = LessonPage.objects.child_of(module).get()
    section_progress_record(user=user, lesson=lesson, section_id=lesson.section_ids[0])
    state = module_state(module, user)
    assert not state.complete
    assert state.missing == [f"Behaal de test “{test.title}”."]
    attempt = attempt_start(user=user, test=test)
    attempt_submit(attempt=attempt, responses=all_right(attempt))
    assert module_state(module, user).complete


def test_course_completion_is_announced_once():
    course = build_course(modules=1, lessons=1, sections=1)
    module = course.get_children().first().specific
    _, module_test = make_test(course=course, parent=module)
    _, final = make_test(course=course, parent=course, questions=3, question_count=3)
    user = UserFactory()
    enrolment_create(user=user, course=course)
    lesson = LessonPage.objects.child_of(module).get()
    section_progress_record(user=user, lesson=lesson, section_id=lesson.section_ids[0])
    received = []

    def receiver(sender, user, course, completion, **kwargs):
        received.append((user.pk, course.pk))

    course_completed.connect(receiver)
    try:
        for test in (final, module_test):  # the final first: not complete until both
            attempt = attempt_start(user=user, test=test)
            attempt_submit(attempt=attempt, responses=all_right(attempt))
            if test is final:
                assert received == []
                assert course_state(course, user).missing == [
                    f"Rond module 1 af: {module.title}."
                ]
        # Passing again does not announce it again.
        test = module_test
        attempt = attempt_start(user=user, test=test)
        attempt_submit(attempt=attempt, responses=all_right(attempt))
    finally:
        course_completed.disconnect(receiver)
    assert received == [(user.pk, course.pk)]
    assert CourseCompletion.objects.filter(user=user, course=course).count() == 1


def test_reading_the_last_section_after_passing_the_tests_completes_the_course(client):
    course = build_course(modules=1, lessons=1, sections=2)
    module = course.get_children().first().specific
    _, test = make_test(course=course, parent=module)
    user = UserFactory()
    enrolment_create(user=user, course=course)
    attempt = attempt_start(user=user, test=test)
    attempt_submit(attempt=attempt, responses=all_right(attempt))
    assert not CourseCompletion.objects.exists()  # the lessons are not read yet

    client.force_login(user)
    lesson = LessonPage.objects.child_of(module).get()
    client.get(lesson.url + "onderdeel/1/")
    assert not CourseCompletion.objects.exists()
    client.get(lesson.url + "onderdeel/2/")
    assert CourseCompletion.objects.filter(user=user, course=course).count() == 1


def test_first_passes_give_the_moment_of_the_first_passing_attempt(learner_and_test):
    """To the microsecond and with its time zone, whether the database gives it as a
    date or (PostgreSQL) as microseconds; a failed attempt and another learner's pass
    do not count."""
    from quizzes.completion import first_passes

    user, test = learner_and_test
    moments = {}
    for passed, at in [(False, "09:00:00.000001"), (True, "10:15:30.123456"),
                       (True, "11:00:00.5")]:  # fmt: skip
        attempt = attempt_start(user=user, test=test)
        Attempt.objects.filter(pk=attempt.pk).update(
            status="graded", passed=passed,
            submitted_at=timezone.datetime.fromisoformat(f"2026-03-02T{at}+01:00"),
        )  # fmt: skip
        moments[at] = Attempt.objects.get(pk=attempt.pk).submitted_at

    found = first_passes([user.pk, UserFactory().pk], [test.pk])

    assert found == {(user.pk, test.pk): moments["10:15:30.123456"]}
    assert found[user.pk, test.pk].utcoffset() == timedelta(0)
