"""Celery tasks of the privacy app: thin wrappers around services."""

from celery import shared_task

from lms.tasks import MAIL_RETRIES

from .retention import retention_apply
from .services import (
    data_export_build,
    data_exports_requeue,
    erasure_planned_send,
    erasures_due,
)


@shared_task(acks_late=True)
def build_data_export(export_id: str) -> bool:
    """Build one person's download of their data and mail them (once)."""
    return data_export_build(export_id=export_id)


@shared_task(acks_late=True)
def requeue_data_exports() -> int:
    """Queue again exports whose task was lost (every 10 minutes)."""
    return data_exports_requeue()


@shared_task(**MAIL_RETRIES)
def send_erasure_planned(request_id: int) -> bool:
    """Mail the person when their account will be erased, and how to cancel."""
    return erasure_planned_send(request_id=request_id)


@shared_task(acks_late=True)
def erase_due_accounts() -> int:
    """Erase the accounts whose cool-off has passed (hourly)."""
    return erasures_due()


@shared_task(acks_late=True)
def apply_retention() -> dict[str, int]:
    """Delete what is past its retention period (nightly)."""
    return retention_apply()
