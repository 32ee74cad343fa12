"""Reminders through a real Celery worker (PostgreSQL and Redis, as in CI): the daily
task queued several times, with the worker restarted in between, mails each reminder
once."""

import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from coordination.models import Assignment, ReminderDelivery
from coordination.reminders import reminders_plan, reminders_send
from coordination.tasks import send_reminders
from lms.models import Membership
from tests.conftest import mailing_worker, mails_in, tasks_queued
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    OrganisationFactory,
    build_course,
)
from tests.waiting import broker_drained, wait_until


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_mails_each_reminder_once_however_often_the_task_runs(
    settings, tmp_path
):
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs a broker (CI)")
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    organisation = OrganisationFactory()
    learners = [MembershipFactory(organisation=organisation) for _ in range(3)]
    coordinator = MembershipFactory(organisation=organisation, role="coordinator")
    week_ago = timezone.now() - timedelta(days=8)
    Membership.objects.update(created_at=week_ago)
    # One recommended course nobody started for a week (not started, to everyone)
    # and one mandatory course that is overdue (overdue, and the coordinators' digest).
    AssignmentFactory(organisation=organisation, course=build_course())
    AssignmentFactory(
        organisation=organisation,
        course=build_course(),
        mandatory=True,
        due_date=timezone.localdate() - timedelta(days=1),
    )
    Assignment.objects.update(created_at=week_ago)
    members = [*learners, coordinator]
    expected = 2 * len(members) + 1  # two reminders each, one digest

    def worker():
        return mailing_worker(settings, outbox)

    with tasks_queued():
        with worker():
            for _ in range(3):
                send_reminders.delay()
            assert wait_until(lambda: len(mails_in(outbox)) >= expected)
            # The duplicate runs have done (nothing).
            assert wait_until(broker_drained(settings.CELERY_BROKER_URL))
        # Someone joins; a restarted worker runs the task twice more: only the
        # newcomer's two reminders go out (the week's digest went already).
        newcomer = MembershipFactory(organisation=organisation)
        Membership.objects.filter(pk=newcomer.pk).update(created_at=week_ago)
        with worker():
            send_reminders.delay()
            send_reminders.delay()
            assert wait_until(lambda: len(mails_in(outbox)) >= expected + 2)
            assert wait_until(broker_drained(settings.CELERY_BROKER_URL))
    recipients = sorted(m["To"] for m in mails_in(outbox))
    assert recipients == sorted(
        [m.user.email for m in [*members, newcomer]] * 2 + [coordinator.user.email]
    )
    assert ReminderDelivery.objects.count() == expected + 2
    assert not ReminderDelivery.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_mail_each_reminder_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI)")
    organisation = OrganisationFactory()
    members = [MembershipFactory(organisation=organisation) for _ in range(6)]
    AssignmentFactory(
        organisation=organisation,
        course=build_course(),
        mandatory=True,
        due_date=timezone.localdate() + timedelta(days=3),
    )
    assert reminders_plan() == len(members)
    from django.core.mail import send_mail as real_send_mail

    def slow_send_mail(*args, **kwargs):
        time.sleep(0.1)  # long enough for the other sender to reach the same rows
        return real_send_mail(*args, **kwargs)

    start = threading.Barrier(2)
    counts = []

    def sender():
        try:
            start.wait()
            counts.append(reminders_send())
        finally:
            connection.close()

    with mock.patch("lms.mail.send_mail", side_effect=slow_send_mail):
        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sum(counts) == len(members)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in members)
