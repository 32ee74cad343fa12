"""Celery tasks of the privacy app: thin wrappers around services."""

from celery import shared_task

from .retention import retention_apply
from .services import data_export_build, data_exports_requeue, erasures_due


@shared_task(acks_late=True)
def build_data_export(export_id: str) -> bool:
    """Build one person's download of their data and mail them (once)."""
    return data_export_build(export_id=export_id)


@shared_task(acks_late=True)
def requeue_data_exports() -> int:
    """Queue again exports whose task was lost (every 10 minutes)."""
    return data_exports_requeue()


@shared_task(acks_late=True)
def erase_due_accounts() -> int:
    """Erase the accounts whose cool-off has passed (hourly)."""
    return erasures_due()


@shared_task(acks_late=True)
def apply_retention() -> dict[str, int]:
    """Delete what is past its retention period (nightly)."""
    return retention_apply()
