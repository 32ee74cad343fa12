"""Celery tasks of the scorm app: thin wrappers around services."""

from celery import shared_task

from .services import package_extract


@shared_task(acks_late=True)
def extract_scorm_package(package_id: int) -> str:
    """Unpack an uploaded SCORM package into private storage (idempotent)."""
    package = package_extract(package_id)
    return package.status if package else "missing"
