"""Files prepared in the background for one person to download: a person's own data
(`privacy`), a large organisation's progress export (`coordination`). Queued, built
by a Celery task that moves a progress bar, kept in private storage until they
expire. The concrete models add who may download and the file field."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import BinaryIO, TypeVar

from django.core.files import File
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.queue import task_after_commit

logger = logging.getLogger(__name__)


class PreparedFile(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be prepared")
        BUILDING = "building", _("Being prepared")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Failed")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("downloadable until"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == self.Status.READY
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )

    def status_json(self) -> dict:
        """What the progress bar asks for (`static/js/export-progress.js`)."""
        return {
            "status": self.status,
            "label": str(self.get_status_display()),
            "progress": self.progress,
        }


Prepared = TypeVar("Prepared", bound=PreparedFile)
Status = PreparedFile.Status


def prepared_file_build(
    queryset: models.QuerySet[Prepared],
    pk,
    *,
    write: Callable[[Prepared, BinaryIO, Callable[[int], None]], None],
    name: Callable[[Prepared], str],
    valid_days: int,
) -> Prepared | None:
    """Build the queued file `pk` of `queryset`: `write(prepared, target,
    progress)` writes it and may call `progress(percent)`; it is then kept in private
    storage under `name(prepared)` for `valid_days`. Returns it ready, or None when
    there was nothing to do (built already, being built by another worker, gone) or
    the writing failed (then it is FAILED), so a task delivered twice builds once.

    The file is written outside any transaction (it may take a while), then kept only
    if it is still this build's: not deleted meanwhile, and not taken over by a
    later build after this one was thought stuck (`prepared_files_requeue`)."""
    model = queryset.model
    with transaction.atomic():
        prepared = (
            queryset.select_for_update(of=("self",))
            .filter(pk=pk, status=Status.QUEUED)
            .first()
        )
        if prepared is None:
            return None
        started = timezone.now()
        prepared.status = Status.BUILDING
        prepared.started_at = started
        prepared.progress = 0
        prepared.save(update_fields=["status", "started_at", "progress"])
    mine = model.objects.filter(pk=prepared.pk, started_at=started)

    def progress(percent: int) -> None:
        # Outside any transaction: the page that polls sees it at once.
        mine.update(progress=percent)

    with tempfile.TemporaryFile() as target:
        try:
            write(prepared, target, progress)
        except Exception:
            logger.exception("%s %s failed", model._meta.label, prepared.pk)
            mine.update(status=Status.FAILED)
            return None
        size = target.tell()
        target.seek(0)
        with transaction.atomic():
            built = (
                queryset.select_for_update(of=("self",))
                .filter(pk=prepared.pk, status=Status.BUILDING, started_at=started)
                .first()
            )
            if built is None:
                return None
            now = timezone.now()
            built.file.save(name(built), File(target), save=False)
            built.status = Status.READY
            built.progress = 100
            built.size = size
            built.ready_at = now
            built.expires_at = now + timedelta(days=valid_days)
            built.save()
    return built


def prepared_files_requeue(
    model: type[PreparedFile], task: str, *, now: datetime | None = None
) -> int:
    """Send the task `task` (its dotted name, given the id) again for the files whose
    task was lost: still waiting after 10 minutes (the broker was down), or stuck
    being built for an hour (the worker died). Returns how many."""
    now = now or timezone.now()
    model.objects.filter(
        status=Status.BUILDING, started_at__lt=now - timedelta(hours=1)
    ).update(status=Status.QUEUED)
    stale = model.objects.filter(
        status=Status.QUEUED, created_at__lt=now - timedelta(minutes=10)
    ).values_list("pk", flat=True)
    count = 0
    for pk in stale:
        task_after_commit(task, str(pk))
        count += 1
    return count


def prepared_files_expire(
    model: type[PreparedFile], *, now: datetime, valid_days: int
) -> int:
    """Delete the expired files of `model`, and the failed ones after `valid_days`,
    with what they wrote to storage. Returns how many went."""
    expired = Q(expires_at__lt=now) | Q(
        status=Status.FAILED, created_at__lt=now - timedelta(days=valid_days)
    )
    count = 0
    for prepared in model.objects.filter(expired):
        prepared.file.delete(save=False)
        prepared.delete()
        count += 1
    return count
