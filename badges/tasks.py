"""Celery tasks of the badges app: thin wrappers around services."""

from celery import shared_task

from .services import (
    credentials_issue_missing,
    status_list_publish,
    status_lists_publish_stale,
)


@shared_task(acks_late=True)
def issue_missing_credentials() -> int:
    """Issue the credentials valid certificates lack and republish stale status lists
    (every 5 minutes): a missing key or a broker outage delays a credential or a
    revocation, never loses it. Revocations first: whatever happens while issuing
    does not keep a revoked credential looking valid."""
    status_lists_publish_stale()
    return credentials_issue_missing()


@shared_task(acks_late=True)
def publish_status_list(status_list_id: int) -> bool:
    """Sign and publish one status list after a revocation (idempotent: an up-to-date
    list is left alone)."""
    return status_list_publish(status_list_id)
