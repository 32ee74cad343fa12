"""Celery tasks of the coordination app: thin wrappers around services."""

from celery import shared_task

from lms.tasks import MAIL_RETRIES

from . import exports
from .invitations import invitation_send
from .reminders import reminders_plan, reminders_send
from .services import join_request_notify, join_requests_notify_pending

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


@shared_task(**MAIL_RETRIES)
def send_invitation(invitation_id: int, token: str) -> bool:
    """Mail an invitation with its link. The raw token travels only in this message
    and the mail; a token replaced by a newer invitation is not mailed any more.
    Sends at most once, however often the task is delivered."""
    return invitation_send(invitation_id=invitation_id, token=token)


# --- Requests to join


@shared_task(acks_late=True)
def send_join_request(join_request_id: int) -> int:
    """Tell an organisation's coordinators that someone asks to join (once)."""
    return join_request_notify(join_request_id=join_request_id)


@shared_task(acks_late=True)
def notify_pending_join_requests() -> int:
    """Queue again the coordinators' mails whose task was lost (every 10 minutes)."""
    return join_requests_notify_pending()


# --- Progress exports of large organisations


@shared_task(acks_late=True)
def build_progress_export(export_id: str) -> bool:
    return exports.progress_export_build(export_id=export_id)


@shared_task(acks_late=True)
def requeue_progress_exports() -> int:
    """Every 10 minutes: exports whose task was lost are queued again."""
    return exports.progress_exports_requeue()
