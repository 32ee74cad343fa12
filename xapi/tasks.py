"""Celery tasks of the xapi app: thin wrappers around the outbox."""

from celery import shared_task

from .outbox import send_due


@shared_task(acks_late=True)
def send_statements() -> int:
    """Send the learning records that are due to the LRS: queued after each transaction
    that records some, and every minute by the beat (rows waiting out a back-off, or
    queued while the broker was down). Several may run at once: each takes its own rows."""
    return send_due()
