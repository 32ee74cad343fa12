"""Importing and unpacking H5P packages.

`package_import` checks the file completely before anything is written; an accepted
file is stored once per SHA-256 and unpacked by a Celery task (`package_extract`) into
private storage (a folder or an S3 bucket); the package is ready only when every file
is out, so a failure leaves no half-unpacked package in use.
"""

from __future__ import annotations

import hashlib
import zipfile
from typing import IO

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from h5p.models import H5PPackage
from h5p.validation import MAX_FILE_BYTES, package_inspect
from lms.models import User
from lms.queue import task_send
from lms.storage import private_storage


class PackageRefused(Exception):
    """The file is not an acceptable H5P package; `problems` says why, in words."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _sha256(upload: IO[bytes]) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def package_import(
    *, upload: IO[bytes], title: str = "", user: User | None = None
) -> tuple[H5PPackage, bool]:
    """Check and store an `.h5p` file; returns the package and whether it is new.

    Raises PackageRefused with every problem found; then nothing was written. The same
    file again returns the existing package.
    """
    sha256 = _sha256(upload)
    existing = H5PPackage.objects.filter(sha256=sha256).first()
    if existing is not None:
        return existing, False
    inspection = package_inspect(upload)
    if not inspection.accepted:
        raise PackageRefused(inspection.problems)
    upload.seek(0)
    package = H5PPackage(
        sha256=sha256,
        title=(title or inspection.h5p["title"]).strip()[:200],
        h5p=inspection.h5p,
        main_library=inspection.h5p["mainLibrary"],
        uploaded_by=user,
    )
    package.file.save(f"{sha256}.h5p", File(upload), save=False)
    try:
        with transaction.atomic():
            package.size = package.file.size
            package.save()
            transaction.on_commit(lambda: _queue_extract(package.pk))
    except IntegrityError:
        # The same file uploaded twice at once: the other upload's row stands.
        package.file.delete(save=False)
        return H5PPackage.objects.get(sha256=sha256), False
    except BaseException:
        package.file.delete(save=False)
        raise
    return package, True


def _queue_extract(package_id: int) -> None:
    task_send("h5p.tasks.extract_h5p_package", package_id)


def package_extract(package_id: int) -> H5PPackage | None:
    """Unpack a package into `h5p/<sha256>/` of private storage (a folder or a
    bucket). Idempotent: a ready package is left as it is. The stored file is checked
    again first (storage is not trusted blindly). The package is marked ready only
    when every file is out: until then nothing is served from its folder, and a
    failure marks it failed (a later attempt writes the same files over)."""
    package = H5PPackage.objects.filter(pk=package_id).first()
    if package is None or package.status == H5PPackage.Status.READY:
        return package
    try:
        with package.file.open("rb") as stored:
            inspection = package_inspect(stored)
            if not inspection.accepted:
                raise PackageRefused(inspection.problems)
            stored.seek(0)
            with zipfile.ZipFile(stored) as archive:
                for name in inspection.members:
                    with archive.open(name) as source:
                        data = source.read(MAX_FILE_BYTES + 1)
                    if len(data) > MAX_FILE_BYTES:
                        raise PackageRefused([_("A file grew while unpacking.")])
                    key = f"{package.folder}/{name}"
                    if private_storage.exists(key):
                        private_storage.delete(key)
                    private_storage.save(key, ContentFile(data))
    except PackageRefused as refused:
        package.status = H5PPackage.Status.FAILED
        package.problems = refused.problems
        package.save(update_fields=["status", "problems"])
        return package
    except (OSError, BotoCoreError, ClientError) as error:
        package.status = H5PPackage.Status.FAILED
        package.problems = [_("Unpacking failed: %(error)s") % {"error": error}]
        package.save(update_fields=["status", "problems"])
        return package
    package.status = H5PPackage.Status.READY
    package.problems = []
    package.extracted_at = timezone.now()
    package.save(update_fields=["status", "problems", "extracted_at"])
    return package
