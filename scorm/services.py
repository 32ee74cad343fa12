"""Importing and unpacking SCORM packages.

`package_import` checks the file completely before anything is written; an accepted
file is stored once per SHA-256 and unpacked by a Celery task (`package_extract`) into
private storage under `scorm/<sha256>/` (a folder or an S3 bucket); the package is
ready only when every file is out. Storing and unpacking are H5P's (`lms.zips`).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import IO

from django.utils.translation import gettext as _

from lms import zips
from lms.models import User
from lms.zips import PackageRefused
from scorm.models import ScormPackage
from scorm.validation import package_inspect

__all__ = ["PackageRefused", "package_extract", "package_import"]


def _title(title: str, manifest: dict, upload: IO[bytes]) -> str:
    """The editor's title, else the manifest's, else the file's name."""
    name = PurePath(getattr(upload, "name", "") or "").stem
    chosen = title.strip() or manifest["title"].strip() or name
    return (chosen or _("SCORM package"))[:200]


def package_import(
    *, upload: IO[bytes], title: str = "", user: User | None = None
) -> tuple[ScormPackage, bool]:
    """Check and store a SCORM zip; returns the package and whether it is new.

    Raises PackageRefused with every problem found; then nothing was written. The same
    file again returns the existing package.
    """
    return zips.package_accept(
        ScormPackage,
        upload,
        inspect=package_inspect,
        fields=lambda inspection: {
            "title": _title(title, inspection.manifest, upload),
            "version": inspection.manifest["version"],
            "manifest": inspection.manifest,
            "uploaded_by": user,
        },
        extension="zip",
        task="scorm.tasks.extract_scorm_package",
    )


def package_extract(package_id: int) -> ScormPackage | None:
    """Unpack a package into `scorm/<sha256>/` of private storage; idempotent, checked
    again first, ready only when every file is out (see `lms.zips.package_unpack`)."""
    return zips.package_extract(ScormPackage, package_id, package_inspect)
