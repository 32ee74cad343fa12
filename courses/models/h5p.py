"""Uploaded H5P packages: one row per distinct file (identified by its SHA-256)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.storage import private_storage


class H5PPackage(models.Model):
    """An interactive exercise made in H5P, checked on upload and extracted by a task.

    The same file uploaded twice is one package. Extracted files live in private
    storage under `h5p/<sha256>/`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Being unpacked")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("package file"), storage=private_storage, upload_to="h5p/packages"
    )
    size = models.PositiveBigIntegerField(_("size"), default=0)
    h5p = models.JSONField(_("h5p.json"), default=dict)
    main_library = models.CharField(_("main library"), max_length=120)
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
        verbose_name = _("H5P package")
        verbose_name_plural = _("H5P packages")
        ordering = ["-created_at"]
        permissions = [
            (
                "upload_h5p",
                _(
                    "Can upload H5P packages (they carry JavaScript that runs for learners)"
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def folder(self) -> str:
        """Where the extracted files live in private storage."""
        return f"h5p/{self.sha256}"
