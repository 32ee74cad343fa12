"""A person's requests about their own data: a download of everything, and the
erasure of their account after a cool-off."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.prepared import PreparedFile
from lms.storage import private_storage


def export_upload_path(instance: "DataExport", filename: str) -> str:
    # The id is random, so one export's path does not lead to another.
    return f"exports/{instance.pk}.zip"


class DataExport(PreparedFile):
    """A zip of everything the platform holds about a person, built by a Celery task
    and downloadable by them alone until `expires_at`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("person"),
    )
    file = models.FileField(
        _("zip file"), upload_to=export_upload_path, storage=private_storage, blank=True
    )

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} ({self.status})"


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
