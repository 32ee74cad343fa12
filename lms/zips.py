"""Uploaded zip packages (H5P, SCORM): the rules every member keeps, and storing and
unpacking a package once.

A package runs in every learner's browser, so it is checked completely before any
of it is written, and every reason for refusing is reported in plain words. The
rules here are the ones every kind of package shares; each app adds what its own
format needs (which files may be in it, what its description file must say):

- it is a real zip, without absolute paths, `..`, backslashes, symlinks, encrypted
  members or names that differ only in case;
- the numbers of members, the size of each file, the total size and the compression
  ratio stay within limits, counted on the bytes actually decompressed (a member whose
  header lies about its size is caught).

An accepted file is stored once per SHA-256 (`package_store`) and unpacked by a
Celery task (`package_unpack`) into private storage (a folder or an S3 bucket); the
package is ready only when every file is out, so a failure leaves no half-unpacked
package in use.
"""

from __future__ import annotations

import hashlib
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, TypeVar

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.queue import task_send
from lms.storage import private_storage

MAX_MEMBERS = 5_000
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # uncompressed bytes per compressed byte, per file
CHUNK = 64 * 1024

Package = TypeVar("Package", bound=models.Model)


class PackageRefused(Exception):
    """The file is not an acceptable package; `problems` says why, in words."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Inspection:
    """What the checks found: the problems (empty when accepted) and, for an accepted
    package, the member names to extract. Each kind of package adds what it read."""

    problems: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.problems

    def refuse(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)


def zip_open(upload: IO[bytes]) -> zipfile.ZipFile | None:
    """The upload as a zip, or None when it is not one (the caller says what it
    expected)."""
    try:
        return zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def name_problem(name: str) -> str | None:
    """Why a member's name may not be unpacked, or None."""
    if "\\" in name:
        return _("“%(name)s” contains a backslash.") % {"name": name}
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return _("“%(name)s” is an absolute path.") % {"name": name}
    if ".." in name.split("/"):
        return _("“%(name)s” points outside the package (..).") % {"name": name}
    if "\x00" in name or any(part == "" for part in name.rstrip("/").split("/")):
        return _("“%(name)s” is not a valid file name.") % {"name": name}
    return None


def files_listed(
    archive: zipfile.ZipFile,
    inspection: Inspection,
    file_problem: Callable[[str], str | None],
) -> dict[str, zipfile.ZipInfo]:
    """The archive's files by name, once every name is checked.

    Each problem is reported on `inspection`; a file whose name breaks a rule (the
    shared ones, then `file_problem`, the format's own) is left out. Nothing is
    decompressed yet.
    """
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        inspection.refuse(
            _("The package holds more than %(n)s files.") % {"n": MAX_MEMBERS}
        )
        return {}
    seen: set[str] = set()
    files: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        problem = name_problem(name)
        if problem:
            inspection.refuse(problem)
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            inspection.refuse(_("“%(name)s” is a symbolic link.") % {"name": name})
            continue
        if info.flag_bits & 0x1:
            inspection.refuse(_("“%(name)s” is encrypted.") % {"name": name})
            continue
        key = name.rstrip("/").lower()
        if key in seen:
            inspection.refuse(
                _("“%(name)s” appears twice (names differing only in case count "
                  "as the same).") % {"name": name}
            )  # fmt: skip
            continue
        seen.add(key)
        if info.is_dir():
            continue
        problem = file_problem(name)
        if problem:
            inspection.refuse(problem)
            continue
        files[name] = info
    return files


def _read(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]
) -> bytes | str:
    """The member's bytes, or a problem. Sizes are counted as they are decompressed."""
    data = bytearray()
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                data += chunk
                budget[0] -= len(chunk)
                if len(data) > MAX_FILE_BYTES:
                    return _("“%(name)s” is larger than 50 MB.") % {
                        "name": info.filename
                    }
                if budget[0] < 0:
                    return _("The package is larger than 200 MB once unpacked.")
                if (
                    len(data) > max(info.compress_size, 1) * MAX_RATIO
                    and len(data) > CHUNK
                ):
                    return _(
                        "“%(name)s” unpacks to far more than it takes in the package "
                        "(a zip bomb?)."
                    ) % {"name": info.filename}
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
        return _("“%(name)s” is damaged (its size or checksum does not match).") % {
            "name": info.filename
        }
    if len(data) != info.file_size:
        return _("“%(name)s” is damaged (its size or checksum does not match).") % {
            "name": info.filename
        }
    return bytes(data)


def files_read(
    archive: zipfile.ZipFile,
    files: dict[str, zipfile.ZipInfo],
    inspection: Inspection,
    keep: Callable[[str], bool],
) -> dict[str, bytes]:
    """Decompress every file in memory, within the limits, and return the bytes of
    those `keep` wants (the format's description files); the rest is only counted.

    Each problem is reported on `inspection`; past the total size, reading stops.
    """
    budget = [MAX_TOTAL_BYTES]
    contents: dict[str, bytes] = {}
    for name, info in files.items():
        data = _read(archive, info, budget)
        if isinstance(data, str):
            inspection.refuse(data)
            if budget[0] < 0:
                break
            continue
        if keep(name):
            contents[name] = data
    return contents


def zip_contents(
    upload: IO[bytes],
    inspection: Inspection,
    *,
    not_a_zip: str,
    file_problem: Callable[[str], str | None],
    keep: Callable[[str], bool],
    ignored: Callable[[str], bool] = lambda name: False,
) -> tuple[dict[str, zipfile.ZipInfo], dict[str, bytes]] | None:
    """Open the upload as a zip, check every name (`files_listed`) and decompress
    every file within the limits (`files_read`): the files by name (less those
    `ignored`, which are never read nor unpacked) and the bytes of those `keep` wants.

    None once a problem is found (reported on `inspection`, `not_a_zip` when the
    upload is no zip): the format's own checks need all of it.
    """
    archive = zip_open(upload)
    if archive is None:
        inspection.refuse(not_a_zip)
        return None
    with archive:
        files = files_listed(archive, inspection, file_problem)
        if inspection.problems:
            return None
        files = {name: info for name, info in files.items() if not ignored(name)}
        contents = files_read(archive, files, inspection, keep)
        if inspection.problems:
            return None
    return files, contents


def sha256_of(upload: IO[bytes]) -> str:
    """The upload's SHA-256, read from the start; the upload is rewound after."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def package_store(
    package: Package, upload: IO[bytes], *, filename: str, task: str
) -> tuple[Package, bool]:
    """Save an accepted, unsaved package (its `sha256` set) with the upload as its
    file, and queue `task` (dotted name) with its id once the row is committed.

    Returns the package and whether it is new: the same file uploaded twice at once
    leaves the other upload's row standing, and either way no stray file behind.
    """
    model = type(package)
    upload.seek(0)
    package.file.save(filename, File(upload), save=False)
    try:
        with transaction.atomic():
            package.size = package.file.size
            package.save()
            transaction.on_commit(lambda: task_send(task, package.pk))
    except IntegrityError:
        package.file.delete(save=False)
        return model.objects.get(sha256=package.sha256), False
    except BaseException:
        package.file.delete(save=False)
        raise
    return package, True


def package_accept(
    model: type[Package],
    upload: IO[bytes],
    *,
    inspect: Callable[[IO[bytes]], Inspection],
    fields: Callable[[Inspection], dict],
    extension: str,
    task: str,
) -> tuple[Package, bool]:
    """Check and store an upload as a package of `model`; returns the package and
    whether it is new. The same file again returns the existing package.

    `inspect` checks the whole file; `fields` gives the new row's own fields from an
    accepted inspection (its `sha256` is set here). The file is kept as
    `<sha256>.<extension>` and `task` unpacks it (`package_store`). Raises
    PackageRefused with every problem found; then nothing was written.
    """
    sha256 = sha256_of(upload)
    existing = model.objects.filter(sha256=sha256).first()
    if existing is not None:
        return existing, False
    inspection = inspect(upload)
    if not inspection.accepted:
        raise PackageRefused(inspection.problems)
    package = model(sha256=sha256, **fields(inspection))
    return package_store(package, upload, filename=f"{sha256}.{extension}", task=task)


def package_extract(
    model: type[Package], package_id: int, inspect: Callable[[IO[bytes]], Inspection]
) -> Package | None:
    """Unpack the package `package_id` of `model` (`package_unpack`), or None when
    there is no such package (any more)."""
    package = model.objects.filter(pk=package_id).first()
    if package is None:
        return None
    return package_unpack(package, inspect)


def package_unpack(
    package: Package, inspect: Callable[[IO[bytes]], Inspection]
) -> Package:
    """Unpack a stored package into its `folder` of private storage (a folder or a
    bucket). Idempotent: a ready package is left as it is. The stored file is checked
    again first with `inspect` (storage is not trusted blindly). The package is
    marked ready only when every file is out: until then nothing is served from its
    folder, and a failure marks it failed (a later attempt writes the same files
    over)."""
    status = type(package).Status
    if package.status == status.READY:
        return package
    try:
        with package.file.open("rb") as stored:
            inspection = inspect(stored)
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
        package.status = status.FAILED
        package.problems = refused.problems
        package.save(update_fields=["status", "problems"])
        return package
    except (OSError, BotoCoreError, ClientError) as error:
        package.status = status.FAILED
        package.problems = [_("Unpacking failed: %(error)s") % {"error": error}]
        package.save(update_fields=["status", "problems"])
        return package
    package.status = status.READY
    package.problems = []
    package.extracted_at = timezone.now()
    package.save(update_fields=["status", "problems", "extracted_at"])
    return package
