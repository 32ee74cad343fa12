"""Celery tasks of the forums app: thin wrappers around services."""

from smtplib import SMTPException

from celery import shared_task

from lms.queue import task_also_named

from .notifications import (
    forum_digests_send,
    post_notifications_queue,
    post_notifications_send,
)


@shared_task(
    acks_late=True,
    autoretry_for=(OSError, SMTPException),
    retry_backoff=60,
    max_retries=8,
)
def forum_post_notify(post_id: int) -> int:
    """Owe mails about a new post to its followers and send the immediate ones.

    Idempotent: a second delivery finds the rows written and the mails claimed.
    """
    post_notifications_queue(post_id)
    return post_notifications_send(post_id)


@shared_task(acks_late=True)
def send_forum_digests(frequency: str) -> int:
    """Send the daily (every morning) or weekly (Monday morning) forum digests."""
    return forum_digests_send(frequency)


# Until the next release: messages queued before these tasks left `courses`.
task_also_named(forum_post_notify, "courses.tasks.forum_post_notify")
task_also_named(send_forum_digests, "courses.tasks.send_forum_digests")
