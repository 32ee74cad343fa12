"""Images attached to forum posts: checked, then re-encoded so nothing of the upload
but its pixels is kept (no metadata, no trailing payload, no polyglot file)."""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from lms.images import FORMATS, image_probe

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
MAX_SIDE = 1600  # larger photos are scaled down: the forum column is narrower


def post_image_prepare(upload: UploadedFile) -> ContentFile:
    """A re-encoded copy of `upload` (JPEG for photos, PNG when transparent).

    Raises ValidationError with a message for the author when the file is too large,
    not an image, of another format or too many pixels. Nothing is written to storage.
    """
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The image is larger than 5 MB. Choose a smaller photo."), code="size"
        )
    probe = image_probe(upload)
    if probe is None:
        raise _unreadable()
    image_format, width, height = probe
    try:
        if image_format not in FORMATS:
            raise ValidationError(
                _("Only JPEG, PNG, GIF or WebP images can be added."), code="format"
            )
        if width * height > MAX_PIXELS:
            raise ValidationError(_("The image has too many pixels."), code="pixels")
        upload.seek(0)
        with Image.open(upload) as image:
            image.seek(0)  # the first frame of an animation
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            transparent = image.mode in ("RGBA", "LA", "P")
            output = BytesIO()
            if transparent:
                image.convert("RGBA").save(output, "PNG", optimize=True)
                extension = "png"
            else:
                image.convert("RGB").save(output, "JPEG", quality=85, optimize=True)
                extension = "jpg"
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        raise _unreadable() from None
    return ContentFile(output.getvalue(), name=f"image.{extension}")


def _unreadable() -> ValidationError:
    return ValidationError(_("This file is not an image we can read."), code="invalid")
