"""Celery tasks of the h5p app: thin wrappers around services."""

from celery import shared_task

from .services import package_extract


@shared_task(acks_late=True)
def extract_h5p_package(package_id: int) -> str:
    """Unpack an uploaded H5P package into private storage (idempotent)."""
    package = package_extract(package_id)
    return package.status if package else "missing"
