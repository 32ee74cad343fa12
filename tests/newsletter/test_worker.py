"""Each subscriber gets an issue exactly once, even when the worker sending it is
killed in the middle: a real Celery worker (PostgreSQL and Redis, as in CI) is killed
with SIGKILL while sending, another one finishes after the sweep."""

import time
from datetime import timedelta

import pytest
import redis
from django.utils import timezone

from newsletter.models import Delivery, Sending
from newsletter.sending import deliveries_requeue_stuck, sending_start
from tests.conftest import mails_in, tasks_queued, worker_process

from .helpers import issue_page, subscriber

SLOW_BACKEND = "tests.newsletter.slow_mail.SlowConnectingFileBackend"


def worker(settings, outbox, seconds: float):
    return worker_process(
        settings.CELERY_BROKER_URL,
        settings.MEDIA_ROOT,
        TEST_EMAIL_BACKEND=SLOW_BACKEND,
        TEST_EMAIL_FILE_PATH=str(outbox),
        NEWSLETTER_TEST_CONNECT_SECONDS=str(seconds),
    )


def forget_unacked(broker_url: str) -> None:
    """The killed worker's task stays "unacknowledged" in Redis until the broker's
    visibility time-out (an hour) brings it back; no worker of this test runs any
    more, so it goes now, leaving the broker empty for the next test."""
    redis.Redis.from_url(broker_url).delete("unacked", "unacked_index")


def sent_count(issue) -> int:
    return Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count()


def wait_for(condition, seconds: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


@pytest.mark.django_db(transaction=True)
def test_each_subscriber_gets_the_issue_once_though_a_worker_dies_mid_way(
    settings, tmp_path
):
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs a broker (CI)")
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    readers = [subscriber(f"lezer{n}@example.be") for n in range(12)]
    issue = issue_page("Lente")
    settings.NEWSLETTER_BATCH_SIZE = 4
    try:
        run(settings, outbox, issue, readers)
    finally:
        forget_unacked(settings.CELERY_BROKER_URL)
    recipients = sorted(m["To"] for m in mails_in(outbox))
    assert recipients == sorted(r.email for r in readers)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    sending = Sending.objects.get()
    assert (sending.total, sending.sent, sending.failed) == (12, 12, 0)
    assert sending.finished_at <= timezone.now()


def run(settings, outbox, issue, readers) -> None:
    with tasks_queued():
        with worker(settings, outbox, seconds=0.8) as first:
            sending_start(issue=issue, by=None)
            assert wait_for(lambda: sent_count(issue) >= 5, 45)
            # Killed while connecting for the next mail, its batch half done.
            first.kill()
            first.wait(timeout=10)
        left = Delivery.objects.filter(issue=issue).exclude(status="sent")
        assert left.filter(status=Delivery.Status.SENDING).exists()
        assert 5 <= sent_count(issue) < len(readers)
        # The sweep (celery beat, here without waiting for the time-out) puts what
        # the dead worker held back in the queue; another worker finishes.
        result = deliveries_requeue_stuck(older_than=timedelta(0))
        assert result["uncertain"] == 0
        with worker(settings, outbox, seconds=0):
            assert wait_for(
                lambda: Sending.objects.filter(finished_at__isnull=False).exists(), 45
            )
