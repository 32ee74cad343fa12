"""Checking a file someone shares before anything of it is stored: its size, and its
type read from its content (not from its name), which must be one of the formats the
databank accepts and agree with the file's extension."""

from __future__ import annotations

from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Detected type → the extensions a file of that type may carry.
ACCEPTED: dict[str, set[str]] = {
    "application/pdf": {"pdf"},
    "application/msword": {"doc"},
    "application/vnd.ms-excel": {"xls"},
    "application/vnd.ms-powerpoint": {"ppt"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {
        "pptx"
    },
    "application/vnd.oasis.opendocument.text": {"odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {"ods"},
    "application/vnd.oasis.opendocument.presentation": {"odp"},
    "image/png": {"png"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/gif": {"gif"},
    "image/webp": {"webp"},
    "video/mp4": {"mp4", "m4v"},
}
# Old Office files share one container format; filetype names them by its first hit.
OLE2 = {
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
}
EXTENSIONS = sorted({ext for exts in ACCEPTED.values() for ext in exts})
HEAD = 8192


def accepted_extensions() -> str:
    return ", ".join(EXTENSIONS)


def validate_upload(upload: UploadedFile) -> None:
    """Nothing when the databank accepts `upload`; a ValidationError with a message
    for the person otherwise. Reads the first bytes only."""
    limit = settings.LIBRARY_UPLOAD_MAX_SIZE
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(HEAD)
    upload.seek(0)
    kind = filetype.guess(head)
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    accepted = ACCEPTED.get(kind.mime if kind else "", set())
    if kind and kind.mime in OLE2:
        accepted = {"doc", "xls", "ppt"}
    if not accepted:
        raise ValidationError(
            _(
                "This kind of file cannot be shared here. Accepted are PDF, Office "
                "and OpenDocument files, images and MP4 videos (%(extensions)s)."
            )
            % {"extensions": accepted_extensions()},
            code="type",
        )
    if extension not in accepted:
        raise ValidationError(
            _(
                "The file's name ends in “.%(extension)s”, but its content is "
                "a .%(real)s file. Save it with the right extension and try again."
            )
            % {"extension": extension, "real": sorted(accepted)[0]},
            code="extension",
        )
