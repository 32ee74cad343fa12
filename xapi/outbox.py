"""The outbox of learning records: keeping statements, and sending them to the LRS.

`record` writes a statement in the transaction of the fact it records (so a fact rolled
back leaves no statement, and a fact kept always has one) and, once that transaction
commits, queues `xapi.tasks.send_statements` once, however many statements it recorded.
The learner's request only INSERTs: all network I/O happens in the task. If the broker
is down, the row waits for the beat (every minute).

`send_due` is what the task does: claim the oldest due rows (`SKIP LOCKED`, so two
workers never take the same row; a claimed row is pushed `LEASE` into the future, so
the claim is a short transaction and no lock is held while the LRS answers), send them
in one batch, and settle each row: sent, rejected by the LRS for good, or tried again
after an exponential back-off with jitter (capped at an hour). A worker that dies
mid-batch leaves its rows due again once the lease has passed; sending one twice is
harmless, as the statement id is stable and the LRS stores an identical statement once.

Statements sent more than `KEEP_SENT` ago are deleted (privacy): the LRS holds the
learning record, the platform keeps no second copy of it.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from lms.celery import app as celery_app
from lms.queue import task_send

from . import lrs
from .models import Statement

logger = logging.getLogger(__name__)

TASK = "xapi.tasks.send_statements"
# Back-off after a failed try: up to BACKOFF_FIRST after the first, doubling with each
# try, never more than BACKOFF_CAP; the wait is drawn between half and all of that
# ("equal jitter"), so rows that failed together do not all come back together.
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=1)
# How long a claimed row is kept from other senders while its batch is out.
LEASE = timedelta(minutes=10)
# Batches one run of the sender sends at most; the beat's next run goes on.
MAX_BATCHES = 20
KEEP_SENT = timedelta(days=30)

WAITING = Q(sent_at__isnull=True, rejected_at__isnull=True)

_random = secrets.SystemRandom()


def enabled() -> bool:
    """An LRS is configured: statements are recorded and sent."""
    return bool(settings.LRS_ENDPOINT)


def record(statement: dict, *, user) -> None:
    """Keep `statement` (an xAPI statement with its stable `id`) in the outbox, in the
    caller's transaction. A statement whose id is already there is ignored (the same
    fact recorded twice). Once the transaction commits, the sender is queued, once per
    transaction."""
    payload = dict(statement)
    statement_id = uuid.UUID(str(payload["id"]))
    payload["id"] = str(statement_id)
    # An LRS stamps a statement without a timestamp when it arrives; sent again, it
    # would differ from the first copy (a conflict) instead of being the same one.
    payload.setdefault("timestamp", _iso(timezone.now()))
    Statement.objects.bulk_create(
        [
            Statement(
                id=statement_id,
                user=user,
                verb=payload["verb"]["id"],
                payload=payload,
            )
        ],
        ignore_conflicts=True,
    )
    _send_after_commit()


def _send_after_commit() -> None:
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback is _send_queue
        for _savepoints, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_send_queue)


def _send_queue() -> None:
    """Queue the sender. Without a broker (tasks run in-process) nothing is sent here:
    that would put the LRS's answer in the learner's request; `manage.py
    send_statements` sends then. A broker that cannot be reached costs nothing either:
    the row is kept and the beat sends it."""
    if celery_app.conf.task_always_eager:
        return
    try:
        task_send(TASK)
    except OperationalError:
        logger.warning(
            "could not queue %s: the broker is down; the beat sends it", TASK
        )
    except Exception:
        # The fact is committed; whatever the broker says must not fail the request.
        logger.exception("could not queue %s; the beat sends it", TASK)


def backoff(tries: int) -> timedelta:
    """How long a row that failed `tries` times waits before its next try."""
    ceiling = min(BACKOFF_CAP, BACKOFF_FIRST * 2 ** max(tries - 1, 0))
    return ceiling * _random.uniform(0.5, 1.0)


def claim(batch_size: int) -> list[Statement]:
    """Take up to `batch_size` due rows, oldest first, for this sender alone: rows
    another sender holds locked are skipped, and the rows taken are not due again
    before `LEASE` has passed."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Statement.objects.select_for_update(skip_locked=True)
            .filter(WAITING, next_try_at__lte=now)
            .order_by("created_at", "id")
            .only("id", "payload", "tries")[:batch_size]
        )
        if rows:
            Statement.objects.filter(pk__in=[row.pk for row in rows]).update(
                next_try_at=now + LEASE
            )
    return rows


def send_due(*, batch_size: int = 100, max_batches: int = MAX_BATCHES) -> int:
    """Send the due statements to the LRS in batches of `batch_size` until none is due
    (at most `max_batches`), stopping at the first batch the LRS could not take; then
    forget statements sent long ago. Returns how many the LRS now holds."""
    purge_sent()
    if not enabled():
        return 0
    sent = 0
    with lrs.session_open() as session:
        for _batch in range(max_batches):
            rows = claim(batch_size)
            if not rows:
                break
            result = lrs.statements_send([row.payload for row in rows], session)
            _settle(rows, result)
            sent += len(result.stored)
            if result.halt:
                break
    return sent


def _settle(rows: list[Statement], result: lrs.Result) -> None:
    now = timezone.now()
    stored = [row.pk for row in rows if str(row.pk) in result.stored]
    Statement.objects.filter(pk__in=stored).update(sent_at=now, last_error="")
    again = []
    for row in rows:
        key = str(row.pk)
        if key in result.stored:
            continue
        row.tries += 1
        if key in result.rejected:
            logger.error("the LRS rejected statement %s: %s", key, result.rejected[key])
            Statement.objects.filter(pk=row.pk).update(
                rejected_at=now, tries=row.tries, last_error=result.rejected[key]
            )
            continue
        row.last_error = result.failed.get(key, "The LRS did not answer for it")
        row.next_try_at = now + backoff(row.tries)
        again.append(row)
    Statement.objects.bulk_update(again, ["tries", "next_try_at", "last_error"])


def purge_sent() -> int:
    """Delete the statements the LRS has held for more than `KEEP_SENT`."""
    deleted, _by_model = Statement.objects.filter(
        sent_at__lt=timezone.now() - KEEP_SENT
    ).delete()
    return deleted


def waiting_make_due() -> int:
    """Let every waiting statement be tried at once (the operator fixed the LRS or its
    credentials and does not want to wait out the back-off)."""
    return Statement.objects.filter(WAITING).update(next_try_at=timezone.now())


def send_soon() -> bool:
    """Send every waiting statement now, back-off or not (an operator's "try again
    now"): the sender is queued, or runs here where there is no broker. False when the
    broker cannot be reached (the beat sends them within a minute)."""
    waiting_make_due()
    try:
        task_send(TASK)
    except OperationalError:
        logger.warning("could not queue %s: the broker is down", TASK)
        return False
    return True


def problems(limit: int = 20) -> list[Statement]:
    """The statements an operator should look at: rejected, or failed at least once,
    the most recently tried first."""
    return list(
        Statement.objects.filter(sent_at__isnull=True)
        .filter(Q(rejected_at__isnull=False) | Q(tries__gt=0))
        .order_by("-next_try_at")
        .only("id", "verb", "tries", "next_try_at", "rejected_at", "last_error")[:limit]
    )


def rejected_retry() -> int:
    """Put the statements the LRS rejected back in the queue (after a fix)."""
    return Statement.objects.filter(
        sent_at__isnull=True, rejected_at__isnull=False
    ).update(rejected_at=None, next_try_at=timezone.now())


@dataclass
class Status:
    """What an operator asks of the outbox."""

    waiting: int
    failing: int  # waiting, and tried at least once
    sent: int  # in the last KEEP_SENT
    rejected: int
    oldest_waiting: datetime | None
    last_sent: datetime | None
    last_error: str


def status() -> Status:
    counts = Statement.objects.aggregate(
        waiting=Count("pk", filter=WAITING),
        failing=Count("pk", filter=WAITING & Q(tries__gt=0)),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        rejected=Count("pk", filter=Q(sent_at__isnull=True, rejected_at__isnull=False)),
        oldest_waiting=Min("created_at", filter=WAITING),
        last_sent=Max("sent_at"),
    )
    last_error = (
        Statement.objects.filter(sent_at__isnull=True)
        .exclude(last_error="")
        .order_by("-next_try_at")
        .values_list("last_error", flat=True)
        .first()
    )
    return Status(**counts, last_error=last_error or "")


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
