"""Certificates are never lost: the real Redis broker stopped when the learner passes,
a task delivered twice, and 200 completions at once, with a real Celery worker process.

These run where CI runs them: PostgreSQL, Redis on 127.0.0.1:6379 and a worker process.
"""

import shutil
import socket
import subprocess
import threading
import time
from datetime import timedelta

import pytest
from django.db import connections

from certificates.models import Certificate
from certificates.services import certificates_requeue_pending
from certificates.tasks import render_certificate
from lms.celery import app
from tests.conftest import tasks_queued, worker_process
from tests.factories import UserFactory
from tests.waiting import wait_until

from .helpers import certified_course, complete

pytestmark = pytest.mark.django_db(transaction=True)

REDIS = ("127.0.0.1", 6379)


def redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=0.2).close()
        return True
    except OSError:
        return False


@pytest.fixture
def redis_outage(settings):
    """Gives `stop` and `start` for the machine's Redis (the broker and the cache); it
    is running again after the test whatever happens."""
    if not settings.CELERY_BROKER_URL.startswith("redis://127.0.0.1:6379"):
        pytest.skip("needs the local Redis as broker (CI)")
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is needed to restart the broker")

    def start() -> None:
        if not redis_up():
            subprocess.run(
                ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1",
                 "--port", "6379", "--save", "", "--appendonly", "no"],
                check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        assert wait_until(redis_up, 10)
        # Connections in the pools died with the server.
        app._pool = None
        app.amqp._producer_pool = None

    def stop() -> None:
        subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], check=False)
        assert wait_until(lambda: not redis_up(), 10)

    try:
        with tasks_queued():
            yield stop, start
    finally:
        start()


def test_a_broker_down_at_completion_delays_the_certificate_but_never_loses_it(
    redis_outage, settings
):

    stop, start = redis_outage
    course, final = certified_course()
    stop()
    user = complete(course, final)  # queuing the render fails: Redis is down
    certificate = Certificate.objects.get(user=user)
    assert certificate.status == Certificate.Status.PENDING

    start()  # the broker is back
    with worker_process(settings.CELERY_BROKER_URL, settings.MEDIA_ROOT):
        assert certificates_requeue_pending(older_than=timedelta(0)) == 1
        assert wait_until(
            lambda: Certificate.objects.get(pk=certificate.pk).status == "valid"
        )
    assert Certificate.objects.get(pk=certificate.pk).pdf_sha256


def test_the_same_task_delivered_twice_renders_one_pdf(celery_worker):
    if celery_worker is None:
        pytest.skip("needs a broker (CI)")
    course, final = certified_course()
    user = complete(course, final)
    certificate = Certificate.objects.get(user=user)
    assert wait_until(
        lambda: Certificate.objects.get(pk=certificate.pk).status == "valid"
    )
    first = Certificate.objects.get(pk=certificate.pk)
    render_certificate.delay(str(certificate.pk))
    render_certificate.delay(str(certificate.pk))
    time.sleep(3)
    again = Certificate.objects.get(pk=certificate.pk)
    assert (again.pdf.name, again.pdf_sha256, again.rendered_at) == (
        first.pdf.name, first.pdf_sha256, first.rendered_at,
    )  # fmt: skip


def test_200_completions_at_once_give_200_certificates(celery_worker):
    if celery_worker is None:
        pytest.skip("needs a broker (CI)")
    course, final = certified_course()
    users = [UserFactory() for _ in range(200)]
    batches = [users[i::8] for i in range(8)]
    barrier = threading.Barrier(len(batches))

    def run(batch):
        barrier.wait()
        try:
            for user in batch:
                complete(course, final, user)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(b,)) for b in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wait_until(
        lambda: Certificate.objects.filter(status="valid").count() == 200, seconds=180
    )
    assert Certificate.objects.count() == 200
    assert Certificate.objects.values("user").distinct().count() == 200
    assert len(set(Certificate.objects.values_list("short_code", flat=True))) == 200
