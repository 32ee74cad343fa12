"""System checks of the coordination app."""

from datetime import timedelta

from django.conf import settings
from django.core.checks import Error

from .reminders import NOT_STARTED_AFTER, REMINDER_WINDOW


def mail_records_outlive_reminders(app_configs, **kwargs) -> list[Error]:
    """The record that a reminder was sent must outlive the time the reminder is owed,
    or deleting the record (RETENTION_MAIL_LOG_DAYS) would send it again."""
    owed_for = NOT_STARTED_AFTER + REMINDER_WINDOW
    if timedelta(days=settings.RETENTION_MAIL_LOG_DAYS) > owed_for:
        return []
    return [
        Error(
            f"RETENTION_MAIL_LOG_DAYS must be more than {owed_for.days}: reminders are "
            f"owed for {owed_for.days} days, and a deleted record would send one again.",
            id="coordination.E001",
        )
    ]
