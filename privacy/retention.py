"""Deleting what is past its retention period (celery beat, nightly). The periods are
settings (RETENTION_*), shown on the privacy page."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from lms.models import User
from lms.prepared import prepared_files_expire

from .models import DataExport
from .registry import providers
from .services import user_erase

logger = logging.getLogger(__name__)


def unverified_accounts(*, now: datetime) -> list[User]:
    """Accounts made by signing up whose address was never confirmed, older than
    RETENTION_UNVERIFIED_ACCOUNT_DAYS: never logged in, no verified address, and
    not an administrator's."""
    before = now - timedelta(days=settings.RETENTION_UNVERIFIED_ACCOUNT_DAYS)
    return list(
        User.objects.filter(
            date_joined__lt=before,
            last_login__isnull=True,
            is_staff=False,
            is_superuser=False,
            emailaddress__verified=False,
        )
        .exclude(emailaddress__verified=True)
        .distinct()
    )


def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Delete what is past its time: unconfirmed accounts (through the erasure, so
    nothing of them stays), expired downloads of data and failed ones, and what each
    provider keeps for a limited time. Returns how many of each kind went."""
    now = now or timezone.now()
    counts: dict[str, int] = {"unverified_accounts": 0}
    for user in unverified_accounts(now=now):
        try:
            user_erase(user=user, reason="unverified")
        except Exception:
            # One account that cannot be erased stops nobody else's retention.
            logger.exception("erasing unverified account %s failed", user.pk)
        else:
            counts["unverified_accounts"] += 1
    counts["data_exports"] = prepared_files_expire(
        DataExport, now=now, valid_days=settings.PRIVACY_EXPORT_VALID_DAYS
    )
    for provider in providers():
        counts.update(provider.retain(now))
    logger.info("retention: %s", counts)
    return counts
