"""Recording a statement in a learner's request, then sending it from a Celery worker:
queued once per transaction on commit, never sent in the request, kept when the broker
is down; two senders never take the same row (PostgreSQL, two connections)."""

import socket
import threading
import time

import pytest
import redis
from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import path

from tests.conftest import broker_at, own_redis_server, worker_process
from tests.waiting import wait_until
from tests.xapi.conftest import PASSWORD, USERNAME, free_port, xapi_statement
from xapi import outbox
from xapi.models import Statement

# ---------------------------------------------------------------------------------
# A learner's request that records a statement (the receivers of the facts do this in
# the course, quiz… requests): this module is its URLconf.


def learner_action(request):
    with transaction.atomic():
        outbox.record(xapi_statement(1), user=None)
        outbox.record(xapi_statement(2), user=None)
    return HttpResponse("done")


urlpatterns = [path("learner-action/", learner_action)]


def queued_tasks(url: str) -> list[bytes]:
    return redis.Redis.from_url(url).lrange("celery", 0, -1)


class StalledLrs:
    """An LRS that accepts connections and never answers; it can tell whether anyone
    connected."""

    def __enter__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/xAPI/"
        return self

    def was_called(self) -> bool:
        self.socket.settimeout(0.5)
        try:
            client, _address = self.socket.accept()
        except TimeoutError:
            return False
        client.close()
        return True

    def __exit__(self, *exc):
        self.socket.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls(__name__)
def test_the_learners_request_records_and_queues_but_does_no_network_io(
    client, settings, tmp_path
):
    with StalledLrs() as lrs, own_redis_server(tmp_path) as broker:
        settings.LRS_ENDPOINT = lrs.url
        with broker_at(settings, broker.url):  # a broker, and no worker taking tasks
            started = time.monotonic()
            response = client.get("/learner-action/")
            took = time.monotonic() - started

        assert response.status_code == 200
        assert took < 2  # the stalled LRS would hold a sender for its whole timeout
        assert not lrs.was_called()
        assert Statement.objects.filter(sent_at__isnull=True).count() == 2
        # One task for the transaction, not one per statement.
        assert len(queued_tasks(broker.url)) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls(__name__)
def test_without_a_broker_the_request_sends_nothing_either(client, settings):
    """Tasks in-process (no broker): sending there would be in the request; the rows
    wait for `manage.py send_statements`."""
    with StalledLrs() as lrs:
        settings.LRS_ENDPOINT = lrs.url
        started = time.monotonic()
        response = client.get("/learner-action/")

        assert response.status_code == 200
        assert time.monotonic() - started < 2
        assert not lrs.was_called()
    assert Statement.objects.filter(sent_at__isnull=True, tries=0).count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_sender_is_queued_once_per_transaction_and_only_on_commit(
    settings, tmp_path
):
    settings.LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    with own_redis_server(tmp_path) as broker, broker_at(settings, broker.url):
        with transaction.atomic():
            for number in range(5):
                outbox.record(xapi_statement(number), user=None)
            assert queued_tasks(broker.url) == []  # not before the commit
        assert len(queued_tasks(broker.url)) == 1

        with transaction.atomic():
            outbox.record(xapi_statement(9), user=None)
        assert len(queued_tasks(broker.url)) == 2

        # A fact rolled back leaves neither a statement nor a task.
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox.record(xapi_statement(10), user=None)
            raise RuntimeError
        assert len(queued_tasks(broker.url)) == 2
        assert Statement.objects.count() == 6

        # A rolled-back savepoint takes its queuing with it; the next record queues.
        with transaction.atomic():
            try:
                with transaction.atomic():
                    outbox.record(xapi_statement(11), user=None)
                    raise RuntimeError
            except RuntimeError:
                pass
            outbox.record(xapi_statement(12), user=None)
        assert len(queued_tasks(broker.url)) == 3
        assert Statement.objects.count() == 7


@pytest.mark.django_db(transaction=True)
def test_a_statement_is_kept_when_the_broker_is_down(settings):
    settings.LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    statement = xapi_statement()
    dead = f"redis://127.0.0.1:{free_port()}/0"
    with broker_at(settings, dead), transaction.atomic():
        outbox.record(statement, user=None)  # the commit's queuing fails: no error

    row = Statement.objects.get()
    assert str(row.pk) == statement["id"] and row.sent_at is None


@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_what_a_transaction_recorded(ralph, settings, tmp_path):
    statements = [xapi_statement(number) for number in range(3)]
    with (
        own_redis_server(tmp_path) as broker,
        broker_at(settings, broker.url),
        worker_process(
            broker.url,
            settings.MEDIA_ROOT,
            LRS_ENDPOINT=ralph.url,
            LRS_USERNAME=USERNAME,
            LRS_PASSWORD=PASSWORD,
        ),
    ):
        with transaction.atomic():
            for statement in statements:
                outbox.record(statement, user=None)

        assert wait_until(
            lambda: not Statement.objects.filter(sent_at__isnull=True).exists()
        )
    assert sorted(ralph.stored_ids()) == sorted(s["id"] for s in statements)


def _claim_in_thread(batch_size: int, start: threading.Barrier, out: list) -> None:
    try:
        start.wait()
        while rows := outbox.claim(batch_size):
            out.append([row.pk for row in rows])
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_senders_never_take_the_same_row(settings):
    settings.LRS_ENDPOINT = ""
    for number in range(300):
        outbox.record(xapi_statement(number), user=None)
    start = threading.Barrier(2)
    taken: list[list] = [[], []]
    threads = [
        threading.Thread(target=_claim_in_thread, args=(7, start, taken[index]))
        for index in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    first = [pk for batch in taken[0] for pk in batch]
    second = [pk for batch in taken[1] for pk in batch]
    assert len(first) + len(second) == 300
    assert set(first).isdisjoint(second)
    assert set(first) | set(second) == set(
        Statement.objects.values_list("pk", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_a_sender_skips_the_rows_another_holds_without_waiting(settings):
    settings.LRS_ENDPOINT = ""
    for number in range(20):
        outbox.record(xapi_statement(number), user=None)
    oldest = list(Statement.objects.order_by("created_at", "id")[:5])
    found: list = []

    with transaction.atomic():
        # This connection holds the five oldest rows, as a sender mid-claim would.
        list(
            Statement.objects.select_for_update().filter(pk__in=[r.pk for r in oldest])
        )
        thread = threading.Thread(
            target=_claim_in_thread, args=(100, threading.Barrier(1), found)
        )
        thread.start()
        thread.join(10)
        assert not thread.is_alive()  # it did not wait for the lock

    claimed = [pk for batch in found for pk in batch]
    assert len(claimed) == 15
    assert not {row.pk for row in oldest} & set(claimed)
