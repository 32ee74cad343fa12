"""Celery tasks of the learning networks: thin wrappers around their services."""

from smtplib import SMTPException

from celery import shared_task

from .notices import network_notice_send


@shared_task(acks_late=True, autoretry_for=(OSError, SMTPException), retry_backoff=60)
def send_network_notice(member_id: int, event: str) -> int:
    """Mail about a request to join a network: to its moderators ("requested") or
    to the person ("approved", "refused")."""
    return network_notice_send(member_id, event)
