"""Writing the audit log. Services that act on people call `audit_record` in the same
transaction as the change, so an action that rolls back leaves no entry."""

from __future__ import annotations

from typing import Any

from django.db import models

from lms.models import Organisation, User

from .models import AuditLogEntry


def audit_record(
    *,
    action: str,
    instance: models.Model,
    by: User | None,
    organisation: Organisation | None = None,
    subject: User | None = None,
    about: str = "",
    data: dict[str, Any] | None = None,
) -> AuditLogEntry:
    """Record that `by` (None: the platform itself) did `action` to `instance`.

    The organisation and the person concerned are read from `instance` unless given;
    `about` (default: that person, or the instance) is what the entry is listed as.
    `data` holds ids and plain values only, never names or e-mail addresses. The
    action must be registered with Wagtail's log action registry.
    """
    extra: dict[str, Any] = {}
    if organisation is not None:
        extra["organisation"] = organisation
    if subject is not None:
        extra["subject"] = subject
    return AuditLogEntry.objects.log_action(
        instance,
        action,
        user=by,
        title=about,
        data=data or {},
        **extra,
    )
