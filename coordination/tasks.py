"""Celery tasks of the coordination app: thin wrappers around services."""

from smtplib import SMTPException

from celery import shared_task

from .invitations import invitation_send, membership_added_send
from .reminders import reminders_plan, reminders_send

# --- Reminders


@shared_task(acks_late=True)
def send_reminders() -> int:
    """Owe today's reminders, then send what is owed (every morning by celery beat).

    Safe to run twice or on two workers at once: planning writes each reminder once,
    and sending claims each row under a lock. The coordinators' digest is planned every
    day but once per ISO week, so a coordinator hears of an overdue member within a
    day, at most once a week. Returns how many mails went out.
    """
    reminders_plan()
    return reminders_send()


# --- Invitations


@shared_task(
    acks_late=True,
    autoretry_for=(OSError, SMTPException),
    retry_backoff=60,
    max_retries=8,
)
def send_invitation(invitation_id: int, token: str) -> bool:
    """Mail an invitation with its link. The raw token travels only in this message
    and the mail; a token replaced by a newer invitation is not mailed any more.
    Sends at most once, however often the task is delivered."""
    return invitation_send(invitation_id=invitation_id, token=token)


@shared_task(
    acks_late=True,
    autoretry_for=(OSError, SMTPException),
    retry_backoff=60,
    max_retries=8,
)
def send_membership_added(membership_id: int) -> bool:
    """Tell a person with an account that they were added to an organisation."""
    return membership_added_send(membership_id=membership_id)
