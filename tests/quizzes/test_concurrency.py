"""Races against the real database: parallel starts and parallel submits.

SQLite serialises writers and has no row locks, so these run on PostgreSQL (CI).
"""

import threading

import pytest
from django.db import connection, connections

from courses.models import CourseCompletion
from courses.services import enrolment_create
from courses.signals import course_completed
from quizzes.grading import right_response
from quizzes.models import Attempt
from quizzes.services import AttemptRefused, attempt_start, attempt_submit
from tests.factories import UserFactory, build_course
from tests.factories.quizzes import make_test

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's row locks (CI)"
    ),
]


def in_parallel(function, times: int) -> list:
    """Run `function` in `times` threads released at the same moment."""
    barrier = threading.Barrier(times)
    results: list = [None] * times

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = function()
        except Exception as error:  # collected and asserted on by the caller
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_parallel_starts_cannot_exceed_the_attempt_limit():
    course, test = make_test(max_attempts=1)
    user = UserFactory()
    enrolment_create(user=user, course=course)

    results = in_parallel(lambda: attempt_start(user=user, test=test), 6)

    assert Attempt.objects.filter(user=user, test=test).count() == 1
    assert all(isinstance(r, Attempt | AttemptRefused) for r in results), results
    ids = {r.pk for r in results if isinstance(r, Attempt)}
    assert len(ids) == 1


def test_parallel_submits_grade_once_and_complete_the_course_once():
    course = build_course(modules=0)
    _, test = make_test(course=course, parent=course, questions=4, question_count=4)
    user = UserFactory()
    enrolment_create(user=user, course=course)
    attempt = attempt_start(user=user, test=test)
    responses = {str(q["slot"]): right_response(q) for q in attempt.draw}
    announced = []
    receiver = lambda **kwargs: announced.append(kwargs["user"].pk)  # noqa: E731
    course_completed.connect(receiver, weak=False)
    try:
        results = in_parallel(
            lambda: attempt_submit(attempt=attempt, responses=responses), 4
        )
    finally:
        course_completed.disconnect(receiver)

    assert all(isinstance(r, Attempt) for r in results), results
    assert {r.submitted_at for r in results} == {Attempt.objects.get().submitted_at}
    assert Attempt.objects.get().percent == 100
    assert announced == [user.pk]
    assert CourseCompletion.objects.filter(user=user, course=course).count() == 1
