"""Sending an issue to every subscriber, each exactly once, with workers that may die.

1. `sending_start` (the admin's "send to all subscribers") records the issue's one
   `Sending` and queues `create_deliveries`.
2. `deliveries_create` writes a `Delivery` for every confirmed subscriber in one
   INSERT … SELECT (unique per issue and subscriber, so running it twice adds
   nothing) and queues one `send_batch` task per `batch_size` deliveries.
3. `batch_send` claims up to `batch_size` queued deliveries (`SELECT … FOR UPDATE
   SKIP LOCKED`: workers never take the same ones) as `sending`, commits, and then
   for each: connects to the mail server, records `handed_at` (committed), hands
   the mail over, and marks it `sent` in its own transaction the moment the server
   accepted it.
4. `deliveries_requeue_stuck` (celery beat) finds deliveries a dead worker left in
   `sending`: one that was never handed over goes back in the queue and is sent by
   another worker; one that was handed over but never marked sent may have reached
   the subscriber, so it is marked `failed` ("uncertain") and never sent again.

What remains: a worker that dies after the mail server accepted a mail and before
the UPDATE that marks it sent (the SMTP exchange of one message and one statement)
leaves that subscriber `failed`, although they may have received the issue. We choose
"at most once": nobody is sent an issue twice, and in that rare case one subscriber
may miss it; the progress page counts such deliveries as not sent.
"""

from __future__ import annotations

import logging
import math
from contextlib import suppress
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as db
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from languages.selectors import language_of, source_of
from lms.models import User
from lms.queue import task_after_commit, task_send

from . import selectors
from .mailing import (
    RenderedIssue,
    issue_message,
    issue_render,
    issue_test_message,
    send_over,
)
from .models import Delivery, NewsletterIssuePage, Sending, Subscriber

logger = logging.getLogger(__name__)

UNCERTAIN = "The worker stopped while handing this mail over; not sent again."


def batch_size() -> int:
    return int(getattr(settings, "NEWSLETTER_BATCH_SIZE", 50))


def stuck_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "NEWSLETTER_STUCK_AFTER", 15 * 60))


class SendRefused(Exception):
    """The issue cannot be sent (not live, or sent already); the message says why."""


def sending_start(*, issue: NewsletterIssuePage, by: User | None) -> Sending:
    """Start sending `issue` (its Dutch source) to every subscriber. Refused for an
    issue that is not published or was sent before."""
    issue = source_of(issue).specific
    if not issue.live:
        raise SendRefused(_("Publish the issue before you send it."))
    with transaction.atomic():
        sending, created = Sending.objects.get_or_create(
            issue=issue, defaults={"started_by": by, "started_at": timezone.now()}
        )
        if not created:
            raise SendRefused(_("This issue was sent already."))
        task_after_commit(
            "newsletter.tasks.create_deliveries", sending.pk, batch_size()
        )
    return sending


def deliveries_create(sending_id: int, size: int) -> int:
    """Owe the issue to every confirmed subscriber (once: a second run adds only
    subscribers who were not there yet) and queue the batches; returns the total."""
    sending = Sending.objects.filter(pk=sending_id, finished_at__isnull=True).first()
    if sending is None:
        return 0
    found_sql, found_params = (
        selectors.recipients().order_by().values("id").query.sql_with_params()
    )
    table = Delivery._meta.db_table
    # `WHERE true` lets SQLite tell the SELECT's end from the ON CONFLICT clause.
    with db.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (issue_id, subscriber_id, status, error) "  # noqa: S608
            f"SELECT %s, found.id, %s, '' FROM ({found_sql}) AS found WHERE true "
            "ON CONFLICT (issue_id, subscriber_id) DO NOTHING",
            [sending.issue_id, Delivery.Status.QUEUED, *found_params],
        )
    total = Delivery.objects.filter(issue_id=sending.issue_id).count()
    Sending.objects.filter(pk=sending.pk).update(
        total=total, deliveries_created_at=timezone.now()
    )
    sending.refresh_from_db()
    _queue_batches(sending, size)
    sending_finish_if_done(sending)
    return total


def _queue_batches(sending: Sending, size: int) -> int:
    queued = Delivery.objects.filter(
        issue_id=sending.issue_id, status=Delivery.Status.QUEUED
    ).count()
    batches = math.ceil(queued / size)
    for _batch in range(batches):
        task_send("newsletter.tasks.send_batch", sending.pk, size)
    return batches


def _claim(sending: Sending, size: int, now) -> list[int]:
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(issue_id=sending.issue_id, status=Delivery.Status.QUEUED)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.SENDING, claimed_at=now
        )
    return ids


def _done(delivery: Delivery, status: str, error: str = "") -> None:
    """Record the outcome of one delivery at once, in its own transaction."""
    with transaction.atomic():
        changed = Delivery.objects.filter(
            pk=delivery.pk, status=Delivery.Status.SENDING
        ).update(
            status=status,
            sent_at=timezone.now() if status == Delivery.Status.SENT else None,
            error=error[:300],
        )
        if changed:
            counter = "sent" if status == Delivery.Status.SENT else "failed"
            Sending.objects.filter(issue_id=delivery.issue_id).update(
                **{counter: F(counter) + 1}
            )


def batch_send(sending_id: int, size: int) -> int:
    """Claim up to `size` queued deliveries of a sending and mail them; returns how
    many were sent. When the mail server cannot be reached, the deliveries not yet
    handed over go back in the queue and the error reaches the task (which retries)."""
    sending = Sending.objects.select_related("issue").filter(pk=sending_id).first()
    if sending is None:
        return 0
    claimed_at = timezone.now()
    ids = _claim(sending, size, claimed_at)
    if not ids:
        sending_finish_if_done(sending)
        return 0
    issue = sending.issue
    rendered: dict[str, RenderedIssue] = {}
    mail = get_connection()
    sent = 0
    try:
        for delivery in (
            Delivery.objects.filter(pk__in=ids)
            .select_related("subscriber__user")
            .order_by("pk")
        ):
            subscriber = delivery.subscriber
            if subscriber.status != Subscriber.Status.SUBSCRIBED or (
                subscriber.user_id and not subscriber.user.is_active
            ):
                _done(delivery, Delivery.Status.SKIPPED)
                continue
            language = subscriber.reader_language
            if language not in rendered:
                rendered[language] = issue_render(
                    issue, language, when=sending.started_at
                )
            message = issue_message(rendered[language], subscriber)
            try:
                # Connect (and log in) before the hand-over is recorded: a server
                # that cannot be reached leaves the delivery safe to send again.
                mail.open()
            except Exception:
                _release(ids, claimed_at)
                raise
            handed = Delivery.objects.filter(
                pk=delivery.pk,
                status=Delivery.Status.SENDING,
                claimed_at=claimed_at,
                handed_at__isnull=True,
            ).update(handed_at=timezone.now())
            if not handed:
                continue  # taken back by the sweep and given to another worker
            try:
                send_over(mail, message)
            except Exception as error:
                logger.warning("Newsletter delivery %s failed: %s", delivery.pk, error)
                _done(
                    delivery, Delivery.Status.FAILED, str(error) or type(error).__name__
                )
                # The server may have dropped the connection: the next mail opens a
                # new one rather than fail on this one too.
                with suppress(Exception):
                    mail.close()
                continue
            _done(delivery, Delivery.Status.SENT)
            sent += 1
    finally:
        mail.close()
    sending_finish_if_done(sending)
    return sent


def _release(ids: list[int], claimed_at) -> None:
    Delivery.objects.filter(
        pk__in=ids,
        status=Delivery.Status.SENDING,
        claimed_at=claimed_at,
        handed_at__isnull=True,
    ).update(status=Delivery.Status.QUEUED, claimed_at=None)


def sending_finish_if_done(sending: Sending) -> bool:
    """Mark the sending finished once no delivery is left to send, with the final
    counts; True when it is (or was) finished."""
    if sending.deliveries_created_at is None or selectors.deliveries_left(sending):
        return False
    counts = Delivery.objects.filter(issue_id=sending.issue_id).aggregate(
        sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
        failed=Count(
            "pk", filter=Q(status__in=[Delivery.Status.FAILED, Delivery.Status.SKIPPED])
        ),
    )
    Sending.objects.filter(pk=sending.pk, finished_at__isnull=True).update(
        finished_at=timezone.now(), **counts
    )
    return True


def deliveries_requeue_stuck(*, older_than: timedelta | None = None) -> dict[str, int]:
    """The sweep after a worker died (celery beat): deliveries claimed longer than
    `older_than` ago and never handed over go back in the queue; those handed over
    and never marked sent are marked failed (they may have gone out); batches are
    queued again for sendings that stopped moving, and a sending whose deliveries
    were never written gets them."""
    cutoff = timezone.now() - (older_than if older_than is not None else stuck_after())
    stuck = Delivery.objects.filter(status=Delivery.Status.SENDING)
    requeued = stuck.filter(claimed_at__lt=cutoff, handed_at__isnull=True).update(
        status=Delivery.Status.QUEUED, claimed_at=None
    )
    uncertain = stuck.filter(handed_at__lt=cutoff).update(
        status=Delivery.Status.FAILED, error=UNCERTAIN
    )
    batches = 0
    size = batch_size()
    for sending in Sending.objects.filter(finished_at__isnull=True):
        if sending.deliveries_created_at is None:
            if sending.started_at < cutoff:
                task_send("newsletter.tasks.create_deliveries", sending.pk, size)
            continue
        last_claim = Delivery.objects.filter(issue_id=sending.issue_id).aggregate(
            last=Max("claimed_at")
        )["last"]
        if last_claim is None or last_claim < cutoff:
            batches += _queue_batches(sending, size)
        sending_finish_if_done(sending)
    return {"requeued": requeued, "uncertain": uncertain, "batches": batches}


def issue_test_send(*, issue: NewsletterIssuePage, to: User) -> None:
    """Mail `issue` as it is now (a draft too) to the editor `to`, in the language
    of the issue's page they are on. Errors of the mail server reach the caller."""
    issue_test_message(
        issue, to.email, language_of(issue), selectors.subscriber_of(to)
    ).send(fail_silently=False)
