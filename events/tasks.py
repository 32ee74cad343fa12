"""Celery tasks of the agenda: thin wrappers around services."""

from smtplib import SMTPException

from celery import shared_task

from .notices import event_notice_send
from .services import reminders_send


@shared_task(acks_late=True, autoretry_for=(OSError, SMTPException), retry_backoff=60)
def send_event_notice(registration_id: int, kind: str) -> bool:
    """Mail a participant about their registration, the event's cancellation or
    the day before."""
    return event_notice_send(registration_id, kind)


@shared_task(acks_late=True)
def send_event_reminders() -> int:
    """Queue the reminders for events starting in 24 to 36 hours (hourly)."""
    return reminders_send()
