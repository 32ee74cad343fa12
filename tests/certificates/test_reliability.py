"""Certificates are never lost: the broker stopped when the learner passes, a task
delivered twice, and 200 completions at once, with a real Celery worker process.

These run where CI runs them: PostgreSQL, Redis and a worker process. The outage test
stops a redis-server of its own on a free port, never the machine's Redis.
"""

import threading
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connections

from certificates.models import Certificate
from certificates.services import certificates_requeue_pending
from certificates.tasks import render_certificate
from tests.conftest import broker_at, own_redis_server, worker_process
from tests.factories import UserFactory
from tests.waiting import broker_drained, wait_until

from .helpers import certified_course, complete

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def redis_outage(settings, tmp_path):
    """A broker of the test's own, with `stop` and `start` for it; tasks are queued
    on it for the test's duration, and it is gone afterwards."""
    with own_redis_server(tmp_path) as server, broker_at(settings, server.url):
        yield server


def test_a_broker_down_at_completion_delays_the_certificate_but_never_loses_it(
    redis_outage, settings
):
    # The machine's own Redis (the cache, in CI) lives through the test's outage.
    cache.set("outage-canary", "still here", 600)
    broker = redis_outage
    course, final = certified_course()
    broker.stop()
    user = complete(course, final)  # queuing the render fails: Redis is down
    certificate = Certificate.objects.get(user=user)
    assert certificate.status == Certificate.Status.PENDING

    broker.start()  # the broker is back
    with worker_process(settings.CELERY_BROKER_URL, settings.MEDIA_ROOT):
        assert certificates_requeue_pending(older_than=timedelta(0)) == 1
        assert wait_until(
            lambda: Certificate.objects.get(pk=certificate.pk).status == "valid"
        )
    assert Certificate.objects.get(pk=certificate.pk).pdf_sha256
    assert cache.get("outage-canary") == "still here"


def test_the_same_task_delivered_twice_renders_one_pdf(celery_worker, settings):
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
    assert wait_until(broker_drained(settings.CELERY_BROKER_URL))
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
