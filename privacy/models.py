"""A person's requests about their own data: a download of everything, and the
erasure of their account after a cool-off."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.storage import private_storage


def export_upload_path(instance: "DataExport", filename: str) -> str:
    # The id is random, so one export's path does not lead to another.
    return f"exports/{instance.pk}.zip"


class DataExport(models.Model):
    """A zip of everything the platform holds about a person, built by a Celery task
    and downloadable by them alone until `expires_at`."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be prepared")
        BUILDING = "building", _("Being prepared")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("person"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(
        _("zip file"), upload_to=export_upload_path, storage=private_storage, blank=True
    )
    size = models.PositiveBigIntegerField(_("size"), default=0)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("downloadable until"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} ({self.status})"

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


class ErasureRequest(models.Model):
    """A person asked to erase their account. Until `erase_after` they can change
    their mind; then a periodic task erases it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="erasure_request",
        verbose_name=_("person"),
    )
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    erase_after = models.DateTimeField(_("erased after"), db_index=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["erase_after"]

    def __str__(self) -> str:
        return f"{self.user_id} after {self.erase_after:%Y-%m-%d}"
