"""Celery tasks of the certificates app: thin wrappers around services."""

from celery import shared_task

from .services import (
    certificate_render,
    certificates_remind_expiring,
    certificates_requeue_pending,
)


@shared_task(acks_late=True)
def render_certificate(certificate_id: str) -> bool:
    """Render one certificate's PDF (idempotent: a second delivery does nothing)."""
    return certificate_render(certificate_id)


@shared_task(acks_late=True)
def requeue_pending_certificates() -> int:
    """Queue certificates still pending after a few minutes (every 5 minutes)."""
    return certificates_requeue_pending()


@shared_task(acks_late=True)
def remind_expiring_certificates() -> int:
    """Mail renewal reminders 30 days before expiry (daily)."""
    return certificates_remind_expiring()
