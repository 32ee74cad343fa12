"""Celery tasks of the newsletter: thin wrappers around its services."""

from smtplib import SMTPException

from celery import shared_task

from .mailing import confirmation_send
from .sending import batch_send, deliveries_create, deliveries_requeue_stuck


@shared_task(acks_late=True, autoretry_for=(OSError, SMTPException), retry_backoff=60)
def send_confirmation(subscriber_id: int) -> bool:
    """Mail the confirmation link of a subscription that is still waiting for it."""
    return confirmation_send(subscriber_id)


@shared_task(acks_late=True)
def create_deliveries(sending_id: int, size: int) -> int:
    """Owe an issue to every subscriber and queue the batches."""
    return deliveries_create(sending_id, size)


@shared_task(
    acks_late=True,
    autoretry_for=(OSError, SMTPException),
    retry_backoff=60,
    max_retries=10,
)
def send_batch(sending_id: int, size: int) -> int:
    """Mail one batch of an issue's deliveries."""
    return batch_send(sending_id, size)


@shared_task(acks_late=True)
def requeue_stuck_deliveries() -> dict[str, int]:
    """The sweep after a lost task or a dead worker (celery beat)."""
    return deliveries_requeue_stuck()
