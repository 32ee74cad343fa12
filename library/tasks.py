"""Celery tasks of the databank: thin wrappers around its services."""

from smtplib import SMTPException

from celery import shared_task

from .links import links_check
from .notices import submission_notice_send


@shared_task(acks_late=True, autoretry_for=(OSError, SMTPException), retry_backoff=60)
def send_submission_notice(item_id: int, event: str) -> bool:
    """Mail a submitter about their material (received, published, changes, refused)."""
    return submission_notice_send(item_id, event)


@shared_task(acks_late=True)
def check_links() -> dict[str, int]:
    """The weekly check of the databank's external links (celery beat)."""
    return links_check()
