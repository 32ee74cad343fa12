"""Tasks run by a real worker where there is one: closing overdue attempts, unpacking
H5P packages, building kit zips and large organisations' progress exports; the worker's
database connection from task to task."""

import io
import os
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from courses.services import enrolment_create
from quizzes.models import Attempt
from quizzes.services import attempt_start
from quizzes.tasks import close_overdue_attempts
from tests.factories import UserFactory
from tests.factories.quizzes import make_test
from tests.waiting import broker_drained, wait_until
from training.tasks import build_kit_bundle


def overdue_attempt() -> Attempt:
    course, test = make_test(time_limit_minutes=5)
    user = UserFactory()
    enrolment_create(user=user, course=course)
    attempt = attempt_start(user=user, test=test)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    return attempt


@pytest.mark.django_db(transaction=True)
def test_the_worker_grades_an_attempt_whose_time_ran_out(celery_worker):
    attempt = overdue_attempt()

    close_overdue_attempts.delay()

    assert wait_until(lambda: not Attempt.objects.get(pk=attempt.pk).is_open)
    attempt.refresh_from_db()
    assert attempt.percent == 0 and attempt.passed is False


def test_the_task_is_scheduled_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["close-overdue-attempts"]
    assert entry["task"] == close_overdue_attempts.name
    assert entry["schedule"] <= 60


@pytest.mark.django_db(transaction=True)
def test_the_worker_unpacks_an_uploaded_h5p_package(celery_worker):
    from h5p.models import H5PPackage
    from h5p.services import package_import
    from lms.storage import private_storage
    from tests.factories.h5p import true_false_package

    package, _ = package_import(upload=io.BytesIO(true_false_package()))
    assert wait_until(
        lambda: H5PPackage.objects.get(pk=package.pk).status == H5PPackage.Status.READY
    )
    folder = private_storage.path(package.folder)
    assert os.path.isfile(os.path.join(folder, "H5P.TrueFalse-1.6", "library.json"))


@pytest.mark.django_db(transaction=True)
def test_the_worker_builds_a_kits_zip_once(celery_worker, settings):
    from tests.factories import kit
    from training.kits.services import kit_bundle_current
    from training.models import KitBundle

    page = kit(materials=2)  # publishing queues the build
    assert wait_until(lambda: kit_bundle_current(page) is not None)

    build_kit_bundle.delay(page.pk)  # delivered again: nothing new is built
    build_kit_bundle.delay(page.pk)
    assert wait_until(broker_drained(settings.CELERY_BROKER_URL))
    assert KitBundle.objects.filter(kit=page).count() == 1
    assert kit_bundle_current(page).built_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_worker_builds_a_large_organisations_progress_export_once(
    celery_worker, settings
):
    from coordination.exports import progress_export_request
    from coordination.models import ProgressExport
    from coordination.tasks import build_progress_export
    from lms.models import Membership
    from tests.factories import MembershipFactory, OrganisationFactory

    organisation = OrganisationFactory()
    coordinator = MembershipFactory(
        organisation=organisation, role=Membership.Role.COORDINATOR
    ).user
    for _ in range(3):
        MembershipFactory(organisation=organisation)
    export = progress_export_request(
        organisation=organisation, by=coordinator, fmt="csv",
        filters={"team": None, "status": "", "search": "", "sort": "name"},
        members=4,
    )  # fmt: skip
    assert wait_until(
        lambda: ProgressExport.objects.get(pk=export.pk).status == "ready"
    )
    export.refresh_from_db()
    ready_at, name = export.ready_at, export.file.name
    build_progress_export.delay(str(export.pk))  # delivered again: nothing new
    assert wait_until(broker_drained(settings.CELERY_BROKER_URL))
    export.refresh_from_db()
    assert (export.ready_at, export.file.name, export.progress) == (ready_at, name, 100)
    with export.file.open("rb") as file:
        assert file.read().decode("utf-8-sig").count("\n") == 5  # header + 4 members


def worker_connections() -> list[tuple]:
    """The other client connections to the test database: the worker's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, backend_start FROM pg_stat_activity WHERE datname ="
            " current_database() AND backend_type = 'client backend'"
            " AND pid <> pg_backend_pid()"
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_the_worker_keeps_its_database_connection_and_replaces_a_dropped_one(
    celery_worker, settings
):
    """One connection for many tasks, as a web process keeps one for many requests
    (Celery alone closes it after every task: a new connection for every certificate);
    a connection PostgreSQL dropped is replaced before the next task uses it."""
    if celery_worker is None:
        pytest.skip("tasks run in-process without a broker: there is no worker")
    drained = broker_drained(settings.CELERY_BROKER_URL)
    close_overdue_attempts.delay()
    assert wait_until(drained)
    first = worker_connections()
    assert len(first) == 1
    for _ in range(3):
        close_overdue_attempts.delay()
    assert wait_until(drained)
    assert worker_connections() == first

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [first[0][0]])
    attempt = overdue_attempt()
    close_overdue_attempts.delay()

    assert wait_until(lambda: not Attempt.objects.get(pk=attempt.pk).is_open)
    replaced = worker_connections()
    assert len(replaced) == 1 and replaced != first
