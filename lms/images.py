"""Reading an uploaded image's format and size without trusting its name."""

from typing import IO

from PIL import Image

#: The formats the platform takes from its users (never SVG, which can carry script).
FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def image_probe(file: IO[bytes]) -> tuple[str, int, int] | None:
    """The format, width and height Pillow finds in `file` once it has checked the
    whole file, or None when it is no image it can read (or a decompression bomb)."""
    try:
        with Image.open(file) as probe:
            found = probe.format, *probe.size
            probe.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return found
