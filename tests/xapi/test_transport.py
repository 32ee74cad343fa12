"""Sending the outbox to a real LRS (Ralph): batches, sending twice, the LRS down for a
while, its refusals, the back-off and the purge."""

import uuid
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from tests.factories import UserFactory
from tests.xapi.conftest import xapi_statement
from xapi import outbox
from xapi.models import Statement

pytestmark = pytest.mark.django_db

# What the platform said, compared with what the LRS gives back (the LRS adds
# `stored`, `authority` and `version`).
OURS = ("id", "actor", "verb", "object", "context", "timestamp")


def recorded(count: int, user=None) -> list[dict]:
    statements = [xapi_statement(number) for number in range(count)]
    with transaction.atomic():
        for statement in statements:
            outbox.record(statement, user=user)
    return statements


def make_everything_due() -> None:
    """Time passes beyond every back-off."""
    Statement.objects.update(next_try_at=timezone.now() - timedelta(seconds=1))


def test_recorded_statements_reach_the_lrs_as_they_were_made(ralph):
    user = UserFactory()
    statements = recorded(3, user=user)

    assert outbox.send_due() == 3

    for statement in statements:
        stored = ralph.statement(statement["id"])
        assert {key: stored[key] for key in OURS} == {
            key: statement[key] for key in OURS
        }
    assert sorted(ralph.stored_ids()) == sorted(s["id"] for s in statements)
    rows = Statement.objects.all()
    assert all(row.sent_at and row.user == user and not row.last_error for row in rows)
    assert outbox.send_due() == 0  # nothing left to send


def test_batches_follow_each_other_until_nothing_is_due(ralph):
    statements = recorded(7)

    assert outbox.send_due(batch_size=3) == 7

    assert sorted(ralph.stored_ids()) == sorted(s["id"] for s in statements)


def test_a_run_sends_at_most_its_batches_and_the_next_run_goes_on(ralph):
    recorded(5)

    assert outbox.send_due(batch_size=2, max_batches=2) == 4
    assert outbox.send_due(batch_size=2, max_batches=2) == 1
    assert len(ralph.stored_ids()) == 5


def test_the_same_fact_recorded_twice_is_one_statement(ralph):
    statement = xapi_statement()
    outbox.record(statement, user=None)
    outbox.record(dict(statement, timestamp="2030-01-01T00:00:00.000Z"), user=None)

    assert Statement.objects.count() == 1
    assert outbox.send_due() == 1
    assert ralph.stored_ids() == [statement["id"]]


def test_a_statement_sent_twice_is_stored_once(ralph):
    statements = recorded(3)
    outbox.send_due()

    # Sent again (a worker died after the LRS stored the batch, before it said so,
    # and the rows' lease passed).
    Statement.objects.update(sent_at=None, next_try_at=timezone.now())
    assert outbox.send_due() == 3

    assert sorted(ralph.stored_ids()) == sorted(s["id"] for s in statements)
    assert len(ralph.statements()) == 3
    assert not Statement.objects.filter(sent_at__isnull=True).exists()


def test_a_statement_without_timestamp_gets_one_so_it_is_the_same_when_sent_again(
    ralph,
):
    statement = xapi_statement()
    del statement["timestamp"]
    outbox.record(statement, user=None)
    outbox.send_due()

    Statement.objects.update(sent_at=None, next_try_at=timezone.now())
    assert outbox.send_due() == 1

    row = Statement.objects.get()
    assert row.sent_at and row.rejected_at is None
    assert ralph.statement(statement["id"])["timestamp"] == row.payload["timestamp"]
    assert ralph.stored_ids() == [statement["id"]]


def test_nothing_is_lost_while_the_lrs_is_down(ralph):
    first = recorded(4)
    ralph.stop()

    before = timezone.now()
    assert outbox.send_due() == 0

    rows = list(Statement.objects.all())
    assert len(rows) == 4
    for row in rows:
        assert row.sent_at is None and row.rejected_at is None
        assert row.tries == 1
        assert row.next_try_at > before + timedelta(seconds=25)
        assert "cannot be reached" in row.last_error
    # Until the back-off has passed, the next runs leave them alone.
    assert outbox.send_due() == 0
    assert set(Statement.objects.values_list("tries", flat=True)) == {1}

    # Still down after the back-off: a second failed try, a longer wait.
    make_everything_due()
    later = recorded(2)
    outbox.send_due()
    assert sorted(Statement.objects.values_list("tries", flat=True)) == [
        1,
        1,
        2,
        2,
        2,
        2,
    ]

    ralph.start()
    make_everything_due()
    assert outbox.send_due() == 6

    assert sorted(ralph.stored_ids()) == sorted(s["id"] for s in first + later)
    assert not Statement.objects.filter(sent_at__isnull=True).exists()
    assert outbox.status().last_error == ""


def test_a_stalled_lrs_times_out_and_the_rows_wait(settings, monkeypatch):
    """An LRS that accepts the connection and never answers holds the sender no longer
    than the timeout."""
    import socket

    from xapi import lrs

    with socket.socket() as stalled:
        stalled.bind(("127.0.0.1", 0))
        stalled.listen()
        settings.LRS_ENDPOINT = f"http://127.0.0.1:{stalled.getsockname()[1]}/xAPI/"
        monkeypatch.setattr(lrs, "TIMEOUT", (1, 1))
        recorded(2)

        started = timezone.now()
        assert outbox.send_due() == 0

    assert timezone.now() - started < timedelta(seconds=10)
    assert all(
        row.tries == 1 and "cannot be reached" in row.last_error
        for row in Statement.objects.all()
    )


def test_refused_credentials_send_nothing_and_are_tried_again(ralph, settings):
    recorded(3)
    settings.LRS_PASSWORD = "wrong"

    assert outbox.send_due() == 0

    assert ralph.stored_ids() == []
    rows = Statement.objects.all()
    assert all(
        row.sent_at is None
        and row.rejected_at is None
        and row.tries == 1
        and "credentials" in row.last_error
        for row in rows
    )

    settings.LRS_PASSWORD = ralph_password()
    make_everything_due()
    assert outbox.send_due() == 3


def ralph_password() -> str:
    from tests.xapi.conftest import PASSWORD

    return PASSWORD


def test_an_invalid_statement_is_rejected_and_the_rest_of_its_batch_is_stored(ralph):
    good = [xapi_statement(1), xapi_statement(2)]
    # An agent without any identifier: xAPI forbids it, Ralph refuses it.
    bad = xapi_statement(3, actor={"objectType": "Agent", "name": "Nobody"})
    with transaction.atomic():
        outbox.record(good[0], user=None)
        outbox.record(bad, user=None)
        outbox.record(good[1], user=None)

    assert outbox.send_due() == 2

    assert sorted(ralph.stored_ids()) == sorted(s["id"] for s in good)
    refused = Statement.objects.get(pk=bad["id"])
    assert refused.sent_at is None and refused.rejected_at is not None
    assert "refused the statement" in refused.last_error
    assert "actor" in refused.last_error  # the LRS's own words say what is wrong
    # A rejected statement is not tried again by itself…
    make_everything_due()
    assert outbox.send_due() == 0
    assert outbox.status().rejected == 1
    # …only when an operator asks (it is refused again: nothing was fixed).
    assert outbox.rejected_retry() == 1
    assert outbox.send_due() == 0
    assert Statement.objects.get(pk=bad["id"]).rejected_at is not None


def test_a_fact_the_lrs_already_holds_counts_as_delivered_and_the_first_copy_stays(
    ralph,
):
    kept = xapi_statement(1)
    outbox.record(kept, user=None)
    outbox.send_due()
    # The same id (the same fact) recorded again after the first row was purged, with
    # another content: the LRS answers 409 and keeps its copy; nothing is left waiting
    # or reported as rejected, and the other statements of the batch are stored.
    Statement.objects.filter(pk=kept["id"]).delete()
    changed = dict(kept, verb={"id": "http://adlnet.gov/expapi/verbs/completed"})
    other = xapi_statement(2)
    with transaction.atomic():
        outbox.record(changed, user=None)
        outbox.record(other, user=None)

    assert outbox.send_due() == 2

    assert sorted(ralph.stored_ids()) == sorted([kept["id"], other["id"]])
    again = Statement.objects.get(pk=kept["id"])
    assert again.sent_at is not None and again.rejected_at is None
    assert outbox.status().rejected == 0 and outbox.status().waiting == 0
    assert ralph.statement(kept["id"])["verb"] == kept["verb"]


def test_nothing_is_sent_without_an_lrs(settings):
    settings.LRS_ENDPOINT = ""
    recorded(1)

    assert not outbox.enabled()
    assert outbox.send_due() == 0
    assert Statement.objects.get().tries == 0


def test_the_back_off_grows_with_each_try_and_is_capped():
    for tries in range(1, 15):
        ceiling = min(outbox.BACKOFF_CAP, outbox.BACKOFF_FIRST * 2 ** (tries - 1))
        waits = [outbox.backoff(tries) for _ in range(200)]
        assert all(ceiling / 2 <= wait <= ceiling for wait in waits)
        assert len(set(waits)) > 1  # jitter: rows failed together come back apart
    assert outbox.backoff(2) > outbox.BACKOFF_FIRST / 2
    assert outbox.backoff(1) <= outbox.BACKOFF_FIRST
    assert max(outbox.backoff(20) for _ in range(200)) <= outbox.BACKOFF_CAP
    assert min(outbox.backoff(20) for _ in range(200)) >= outbox.BACKOFF_CAP / 2
    assert timedelta(hours=1) >= outbox.BACKOFF_CAP  # "capped at an hour"


def test_statements_sent_more_than_30_days_ago_are_deleted(settings):
    settings.LRS_ENDPOINT = ""
    now = timezone.now()
    old, recent, waiting = (xapi_statement(n) for n in range(3))
    for statement in (old, recent, waiting):
        outbox.record(statement, user=None)
    Statement.objects.filter(pk=old["id"]).update(sent_at=now - timedelta(days=31))
    Statement.objects.filter(pk=recent["id"]).update(sent_at=now - timedelta(days=29))
    Statement.objects.filter(pk=waiting["id"]).update(
        created_at=now - timedelta(days=60)
    )

    outbox.send_due()

    assert set(Statement.objects.values_list("pk", flat=True)) == {
        uuid.UUID(recent["id"]),
        uuid.UUID(waiting["id"]),
    }


def test_the_beat_sends_every_minute(settings):
    from xapi.tasks import send_statements

    entry = settings.CELERY_BEAT_SCHEDULE["send-learning-records"]
    assert entry["task"] == send_statements.name == outbox.TASK
    assert entry["schedule"] <= 60


def test_rows_a_dead_sender_claimed_are_sent_once_its_lease_has_passed(ralph):
    statements = recorded(3)
    claimed = outbox.claim(100)  # …and the worker dies before the LRS answers
    assert len(claimed) == 3

    assert outbox.send_due() == 0  # still leased to the dead sender
    Statement.objects.update(next_try_at=timezone.now() - timedelta(seconds=1))
    assert outbox.send_due() == 3

    assert sorted(ralph.stored_ids()) == sorted(s["id"] for s in statements)
    assert set(Statement.objects.values_list("tries", flat=True)) == {0}


def test_recording_is_one_insert_per_statement(django_assert_num_queries, settings):
    settings.LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    with transaction.atomic(), django_assert_num_queries(2):
        outbox.record(xapi_statement(1), user=None)
        outbox.record(xapi_statement(2), user=None)
