"""Celery tasks of the courses app: thin wrappers around services."""

from smtplib import SMTPException

from celery import shared_task

from .forums.notifications import (
    forum_digests_send,
    post_notifications_queue,
    post_notifications_send,
)
from .h5p.services import package_extract
from .kits.services import kit_bundle_build
from .quizzes.services import attempts_close_overdue
from .sessions.notices import session_notice_send
from .sessions.services import sessions_decide


@shared_task(acks_late=True)
def close_overdue_attempts() -> int:
    """Grade attempts whose time ran out (run every minute by celery beat)."""
    return attempts_close_overdue()


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


@shared_task(acks_late=True, autoretry_for=(OSError, SMTPException), retry_backoff=60)
def send_session_notice(registration_id: int, kind: str) -> bool:
    """Mail a participant about their registration or the session's go/no-go."""
    return session_notice_send(registration_id, kind)


@shared_task(acks_late=True)
def decide_sessions() -> int:
    """Go/no-go for sessions whose registration deadline passed (every 15 minutes)."""
    return sessions_decide()


@shared_task(acks_late=True)
def build_kit_bundle(kit_id: int) -> bool:
    """Build the zip of a trainer kit for its current materials (once per version)."""
    return kit_bundle_build(kit_id) is not None


@shared_task(acks_late=True)
def extract_h5p_package(package_id: int) -> str:
    """Unpack an uploaded H5P package into private storage (idempotent)."""
    package = package_extract(package_id)
    return package.status if package else "missing"
