"""The badge image of an achievement: a plain PNG made with Pillow, the platform's
colours and the course's title in large type, so it reads in a wallet's thumbnail and
its words are the image's caption (alt text) too."""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

SIZE = 600
BRAND = "#00457a"  # the site's --brand
BRAND_DARK = "#002f55"
ACCENT = "#ffbf47"  # the site's --accent
WHITE = "#ffffff"
TITLE_SIZES = (56, 48, 42, 36, 30)
MAX_LINES = 4


def _font(size: int) -> ImageFont.FreeTypeFont:
    # Pillow's own FreeType font: no font file to install or ship.
    return ImageFont.load_default(size=size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fitted(text: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which `text` fits in `width` on at most four lines."""
    for size in TITLE_SIZES:
        font = _font(size)
        lines = _wrap(text, font, width)
        if len(lines) <= MAX_LINES and all(font.getlength(x) <= width for x in lines):
            return font, lines
    font = _font(TITLE_SIZES[-1])
    lines = _wrap(text, font, width)[:MAX_LINES]
    return font, lines


def badge_png(title: str) -> bytes:
    """A 600×600 PNG: a dark blue disc with a yellow ring, the site's name above and
    the title in white (contrast above 7:1) in the middle."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, SIZE - 4, SIZE - 4), fill=ACCENT)
    draw.ellipse((28, 28, SIZE - 28, SIZE - 28), fill=BRAND_DARK)
    draw.ellipse((44, 44, SIZE - 44, SIZE - 44), outline=BRAND, width=6)
    middle = SIZE / 2
    draw.text(
        (middle, 120),
        settings.WAGTAIL_SITE_NAME,
        font=_font(30),
        fill=ACCENT,
        anchor="mm",
    )
    font, lines = _fitted(title, int(SIZE * 0.66))
    step = font.size * 1.2
    top = middle + 20 - step * (len(lines) - 1) / 2
    for number, line in enumerate(lines):
        draw.text(
            (middle, top + number * step), line, font=font, fill=WHITE, anchor="mm"
        )
    draw.line((middle - 60, 470, middle + 60, 470), fill=ACCENT, width=6)
    output = BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()
