"""Celery tasks of the training app: thin wrappers around services."""

from smtplib import SMTPException

from celery import shared_task

from lms.queue import task_also_named

from .kits.services import kit_bundle_build
from .sessions.notices import session_notice_send
from .sessions.services import sessions_decide


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


# Until the next release: messages queued before these tasks left `courses`.
task_also_named(send_session_notice, "courses.tasks.send_session_notice")
task_also_named(decide_sessions, "courses.tasks.decide_sessions")
task_also_named(build_kit_bundle, "courses.tasks.build_kit_bundle")
