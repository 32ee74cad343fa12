"""Importing and unpacking H5P packages.

`package_import` checks the file completely before anything is written; an accepted
file is stored once per SHA-256 and unpacked by a Celery task (`package_extract`) into
private storage (a folder or an S3 bucket); the package is ready only when every file
is out, so a failure leaves no half-unpacked package in use. Storing and unpacking are
shared with SCORM packages (`lms.zips`).
"""

from __future__ import annotations

from typing import IO

from h5p.models import H5PPackage
from h5p.validation import package_inspect
from lms import zips
from lms.models import User
from lms.zips import PackageRefused

__all__ = ["PackageRefused", "package_extract", "package_import"]


def package_import(
    *, upload: IO[bytes], title: str = "", user: User | None = None
) -> tuple[H5PPackage, bool]:
    """Check and store an `.h5p` file; returns the package and whether it is new.

    Raises PackageRefused with every problem found; then nothing was written. The same
    file again returns the existing package.
    """
    return zips.package_accept(
        H5PPackage,
        upload,
        inspect=package_inspect,
        fields=lambda inspection: {
            "title": (title or inspection.h5p["title"]).strip()[:200],
            "h5p": inspection.h5p,
            "main_library": inspection.h5p["mainLibrary"],
            "uploaded_by": user,
        },
        extension="h5p",
        task="h5p.tasks.extract_h5p_package",
    )


def package_extract(package_id: int) -> H5PPackage | None:
    """Unpack a package into `h5p/<sha256>/` of private storage (a folder or a
    bucket). Idempotent: a ready package is left as it is. The stored file is checked
    again first (storage is not trusted blindly). The package is marked ready only
    when every file is out: until then nothing is served from its folder, and a
    failure marks it failed (a later attempt writes the same files over)."""
    return zips.package_extract(H5PPackage, package_id, package_inspect)
