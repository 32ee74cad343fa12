"""Celery tasks of the h5p app: thin wrappers around services."""

from celery import shared_task

from lms.queue import task_also_named

from .services import package_extract


@shared_task(acks_late=True)
def extract_h5p_package(package_id: int) -> str:
    """Unpack an uploaded H5P package into private storage (idempotent)."""
    package = package_extract(package_id)
    return package.status if package else "missing"


# Until the next release: messages queued before these tasks left `courses`.
task_also_named(extract_h5p_package, "courses.tasks.extract_h5p_package")
