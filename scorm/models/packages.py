"""Uploaded SCORM packages: one row per distinct file (identified by its SHA-256)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.packages import UploadedPackage, package_file


class ScormPackage(UploadedPackage):
    """A SCORM 1.2 or 2004 package, checked on upload and unpacked by a task.

    `manifest` is what the platform keeps of `imsmanifest.xml`, normalised:
    ``{"identifier": str, "title": str, "version": "1.2" | "2004", "scos":
    [{"identifier": str, "title": str, "href": str, "parameters": str,
    "mastery_score": float | None, "launch_data": str, "asset": bool}]}``, the SCOs
    in the order the learner meets them (`scorm.manifest` reads it). `identifier` is
    the item's, unique in the package; `href` is the page to open, relative to the
    package's folder, its path percent-encoded (it may carry a query);
    `parameters` is the item's, to add to it as the specification says;
    `mastery_score` is in the version's own scale (1.2: 0–100 for
    `cmi.student_data.mastery_score`; 2004: −1 to 1 for `cmi.scaled_passing_score`);
    `asset` marks an item whose resource is not a SCO (it never speaks to the
    runtime: it counts as completed once opened). Extracted files live in private
    storage under `scorm/<sha256>/`.
    """

    class Version(models.TextChoices):
        SCORM_12 = "1.2", _("SCORM 1.2")
        SCORM_2004 = "2004", _("SCORM 2004")

    file = package_file("scorm/packages")
    version = models.CharField(
        _("SCORM version"), max_length=4, choices=Version.choices
    )
    manifest = models.JSONField(_("manifest"), default=dict)

    class Meta(UploadedPackage.Meta):
        verbose_name = _("SCORM package")
        verbose_name_plural = _("SCORM packages")
        permissions = [
            (
                "upload_scorm",
                _(
                    "Can upload SCORM packages (they carry JavaScript that runs for "
                    "learners)"
                ),
            )
        ]

    @property
    def scos(self) -> list[dict]:
        return self.manifest.get("scos", [])
