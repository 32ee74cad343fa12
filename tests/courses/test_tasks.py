"""The periodic task that closes overdue attempts, run by a real worker where there is one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Attempt
from courses.quizzes.services import attempt_start
from courses.services import enrolment_create
from courses.tasks import close_overdue_attempts
from tests.factories import UserFactory
from tests.waiting import wait_until

from .test_quiz_services import make_test


@pytest.mark.django_db(transaction=True)
def test_the_worker_grades_an_attempt_whose_time_ran_out(celery_worker):
    course, test = make_test(time_limit_minutes=5)
    user = UserFactory()
    enrolment_create(user=user, course=course)
    attempt = attempt_start(user=user, test=test)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )

    close_overdue_attempts.delay()

    assert wait_until(lambda: not Attempt.objects.get(pk=attempt.pk).is_open)
    attempt.refresh_from_db()
    assert attempt.percent == 0 and attempt.passed is False


def test_the_task_is_scheduled_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["close-overdue-attempts"]
    assert entry["task"] == close_overdue_attempts.name
    assert entry["schedule"] <= 60
