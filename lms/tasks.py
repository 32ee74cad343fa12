"""Celery tasks of the lms app: thin wrappers around services."""

from smtplib import SMTPException

from celery import shared_task

from .joining import join_decision_send

MAIL_RETRIES = {
    "acks_late": True,
    "autoretry_for": (OSError, SMTPException),
    "retry_backoff": 60,
    "max_retries": 8,
}


@shared_task(**MAIL_RETRIES)
def send_join_decision(join_request_id: int) -> bool:
    """Tell the person that their request to join was approved or refused."""
    return join_decision_send(join_request_id=join_request_id)
