"""Celery tasks of the quizzes app: thin wrappers around services."""

from celery import shared_task

from .services import attempts_close_overdue


@shared_task(acks_late=True)
def close_overdue_attempts() -> int:
    """Grade attempts whose time ran out (run every minute by celery beat)."""
    return attempts_close_overdue()
