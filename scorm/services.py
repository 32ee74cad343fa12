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

from lms.models import User
from lms.zips import PackageRefused, package_store, package_unpack, sha256_of
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
    sha256 = sha256_of(upload)
    existing = ScormPackage.objects.filter(sha256=sha256).first()
    if existing is not None:
        return existing, False
    inspection = package_inspect(upload)
    if not inspection.accepted:
        raise PackageRefused(inspection.problems)
    package = ScormPackage(
        sha256=sha256,
        title=_title(title, inspection.manifest, upload),
        version=inspection.manifest["version"],
        manifest=inspection.manifest,
        uploaded_by=user,
    )
    return package_store(
        package,
        upload,
        filename=f"{sha256}.zip",
        task="scorm.tasks.extract_scorm_package",
    )


def package_extract(package_id: int) -> ScormPackage | None:
    """Unpack a package into `scorm/<sha256>/` of private storage; idempotent, checked
    again first, ready only when every file is out (see `lms.zips.package_unpack`)."""
    package = ScormPackage.objects.filter(pk=package_id).first()
    if package is None:
        return None
    return package_unpack(package, package_inspect)
