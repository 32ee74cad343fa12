"""What every uploaded zip package (H5P, SCORM) keeps: an abstract model, so it adds
no table. One row per distinct file, identified by its SHA-256; the extracted files
live in private storage under `<app>/<sha256>/` (`lms.zips` stores and unpacks)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.storage import private_storage


def package_file(upload_to: str) -> models.FileField:
    """The stored upload, in private storage under `upload_to` (each app its own)."""
    return models.FileField(
        _("package file"), storage=private_storage, upload_to=upload_to
    )


class UploadedPackage(models.Model):
    """A package checked on upload and unpacked by a task; each app adds its `file`
    (`package_file`), what it reads from the package, and its `Meta` (names and the
    upload permission)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being unpacked")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    problems = models.JSONField(_("problems"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    extracted_at = models.DateTimeField(_("unpacked at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def folder(self) -> str:
        """Where the extracted files live in private storage."""
        return f"{self._meta.app_label}/{self.sha256}"
