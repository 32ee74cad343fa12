"""The files embedded in question files: Wagtail images and documents on import, and
`@@PLUGINFILE@@` files again on export.

A Moodle text refers to its files as `@@PLUGINFILE@@/name` in `<img src>`, `<a href>`
and `<audio>`/`<video>` sources. On import each file is checked before anything is
written (`question_files`): an image must be a PNG, JPEG, GIF or WebP that Pillow can
read, within Wagtail's limits (never SVG); any other file becomes a document if its
extension is on the list below. The texts are then rewritten into Wagtail's rich text
forms, `<embed embedtype="image" …/>` and `<a linktype="document" id="…">`, which the
`richtext` filter shows to learners. Rich text has no audio or video player, so a
sound or a film becomes a link to its document. What cannot be kept (a refused file,
an image from another site, a file in an answer, whose text shows no images) is left
out and noted for the import report.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import PurePosixPath
from urllib.parse import quote, unquote

from django.conf import settings
from django.core.files import File
from django.core.files.images import ImageFile
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from lms.images import FORMATS, image_probe
from quizzes.formats import PLUGINFILE, PLUGINFILE_REFERENCE, EmbeddedFile

IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "webp"}
DOCUMENT_EXTENSIONS = {
    "pdf", "txt", "csv", "odt", "ods", "odp", "doc", "docx", "xls", "xlsx", "ppt",
    "pptx", "mp3", "m4a", "ogg", "oga", "wav", "mp4", "m4v", "webm", "ogv",
}  # fmt: skip
# How an image sits in rich text: the editor's own choice for a new image.
IMAGE_FORMAT = "fullwidth"

_TAG_ATTRIBUTE = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_MEDIA = re.compile(r"<(audio|video)\b[^>]*>.*?</\1>", re.IGNORECASE | re.DOTALL)
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_EMBED = re.compile(r"<embed\b[^>]*/?>", re.IGNORECASE)
_DOCUMENT_LINK = re.compile(r'<a\b([^>]*linktype="document"[^>]*)>', re.IGNORECASE)


def _attributes(tag: str) -> dict[str, str]:
    return {
        name.lower(): html.unescape(value)
        for name, value in _TAG_ATTRIBUTE.findall(tag)
    }


def _embedded_name(url: str) -> str | None:
    """The embedded file a URL names, or None for any other URL."""
    match = PLUGINFILE_REFERENCE.fullmatch(url.strip())
    return unquote(match.group(1)) if match else None


@dataclass
class StoredFiles:
    """The files of one import: checked first, written together, removed again when
    the import fails after all."""

    images: dict[tuple[int, str], object] = field(default_factory=dict)
    documents: dict[tuple[int, str], object] = field(default_factory=dict)
    written: list = field(default_factory=list)

    def image(self, key: tuple[int, str], name: str, content: bytes, title: str):
        if key not in self.images:
            image = get_image_model()(
                title=title[:255], file=ImageFile(BytesIO(content), name=name)
            )
            self.written.append(image)
            image.save()
            self.images[key] = image
        return self.images[key]

    def document(self, key: tuple[int, str], name: str, content: bytes):
        if key not in self.documents:
            document = get_document_model()(
                title=name[:255], file=File(BytesIO(content), name=name)
            )
            self.written.append(document)
            document.save()
            self.documents[key] = document
        return self.documents[key]

    def remove(self) -> None:
        """Delete the stored files (their rows go with the rolled-back transaction)."""
        for item in self.written:
            item.file.delete(save=False)


def image_problem(name: str, content: bytes) -> str | None:
    """Why `content` cannot be an image of the platform (a translated sentence)."""
    max_bytes = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
    max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000)
    if len(content) > max_bytes:
        return _("The image %(name)s was not kept: it is too large.") % {"name": name}
    kind, width, height = image_probe(BytesIO(content)) or (None, 0, 0)
    if kind not in FORMATS:
        return _(
            "The image %(name)s was not kept: it is not a PNG, JPEG, GIF or WebP image."
        ) % {"name": name}
    if width * height > max_pixels:
        return _("The image %(name)s was not kept: it has too many pixels.") % {
            "name": name
        }
    return None


def _extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def _is_image_name(name: str) -> bool:
    """Whether the name says image, accepted or not (an SVG is refused as an image,
    never taken as a document)."""
    return _extension(name) in {*IMAGE_EXTENSIONS, "svg", "bmp", "tif", "tiff"}


def _document_problem(name: str) -> str | None:
    if _extension(name) in DOCUMENT_EXTENSIONS:
        return None
    return _("The file %(name)s was not kept: files of this type are not accepted.") % {
        "name": name
    }


@dataclass
class QuestionFiles:
    """One question's files, checked: which may be stored, and what was noted."""

    number: int
    files: dict[str, bytes]
    notes: list[str]
    refused: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)

    def check(self) -> None:
        """Refuse (and note) what cannot be stored; writes nothing."""
        for name, content in self.files.items():
            problem = (
                image_problem(name, content)
                if _is_image_name(name)
                else _document_problem(name)
            )
            if problem:
                self.refused.add(name)
                self.notes.append(problem)

    def usable(self, name: str | None) -> bool:
        return name is not None and name in self.files and name not in self.refused

    def missing(self, name: str) -> None:
        if name not in self.files:
            self.notes.append(
                _("The file %(name)s was not kept: the question file does not hold it.")
                % {"name": name}
            )


def rich_text(text: str, files: QuestionFiles, stored: StoredFiles) -> str:
    """Sanitised HTML with its embedded files stored and referred to in Wagtail's
    rich text forms; what cannot be kept is left out and noted."""
    used = files.used

    def image(match: re.Match[str]) -> str:
        attributes = _attributes(match.group(0))
        name = _embedded_name(attributes.get("src", ""))
        if name is None:
            files.notes.append(
                _("An image from another site (%(url)s) was not kept.")
                % {"url": attributes.get("src", "")}
            )
            return ""
        used.add(name)
        if not files.usable(name):
            files.missing(name)
            return ""
        if _extension(name) not in IMAGE_EXTENSIONS:  # an <img> showing a PDF
            return document_link(name, html.escape(PurePosixPath(name).name))
        alt = attributes.get("alt", "").strip()
        if not alt:
            files.notes.append(
                _("Describe the image %(name)s for learners who cannot see it.")
                % {"name": name}
            )
        image = stored.image(
            (files.number, name), PurePosixPath(name).name, files.files[name], name
        )
        return (
            f'<embed embedtype="image" id="{image.pk}" format="{IMAGE_FORMAT}" '
            f'alt="{html.escape(alt)}"/>'
        )

    def document_link(name: str, label_html: str) -> str:
        document = stored.document(
            (files.number, name), PurePosixPath(name).name, files.files[name]
        )
        return f'<a linktype="document" id="{document.pk}">{label_html}</a>'

    def media(match: re.Match[str]) -> str:
        sources = [
            _embedded_name(_attributes(tag).get("src", ""))
            for tag in re.findall(r"<(?:audio|video|source)\b[^>]*>", match.group(0))
        ]
        names = [name for name in sources if name is not None]
        used.update(names)
        for name in names:
            if files.usable(name):
                files.notes.append(
                    _("The sound or film %(name)s is shown as a link to download it.")
                    % {"name": name}
                )
                return document_link(name, html.escape(PurePosixPath(name).name))
            files.missing(name)
        if not names:
            files.notes.append(_("A sound or film from another site was not kept."))
        return ""

    def link(match: re.Match[str]) -> str:
        name = _embedded_name(_attributes(match.group(1)).get("href", ""))
        if name is None:
            return match.group(0)
        used.add(name)
        if not files.usable(name):
            files.missing(name)
            return match.group(2)
        return document_link(name, match.group(2))

    text = _MEDIA.sub(media, text)
    text = _IMG.sub(image, text)
    return _LINK.sub(link, text)


def unused_files(files: QuestionFiles) -> None:
    """Note the files no text of the question refers to."""
    for name in files.files:
        if name not in files.used and name not in files.refused:
            files.notes.append(
                _("The file %(name)s was not kept: no text of the question uses it.")
                % {"name": name}
            )


def without_files(text: str, files: QuestionFiles, where: str) -> str:
    """HTML that cannot show files (an answer's text or feedback) with its embedded
    files left out, noted."""
    found = [
        name
        for name in map(unquote, PLUGINFILE_REFERENCE.findall(text))
        if name in files.files
    ]
    if not found:
        return text
    files.used.update(found)
    for name in dict.fromkeys(found):
        files.notes.append(
            _("The file %(name)s in %(where)s was not kept: it cannot be shown there.")
            % {"name": name, "where": where}
        )
    text = _MEDIA.sub("", text)
    text = _IMG.sub(
        lambda match: (
            ""
            if _embedded_name(_attributes(match.group(0)).get("src", ""))
            else match.group(0)
        ),
        text,
    )
    return _LINK.sub(
        lambda match: (
            match.group(2)
            if _embedded_name(_attributes(match.group(1)).get("href", ""))
            else match.group(0)
        ),
        text,
    )


def question_image(
    number: int, image: EmbeddedFile, notes: list[str], stored: StoredFiles
):
    """The question's own image (the old `<image>` tag), or None when refused."""
    problem = image_problem(image.name, image.content)
    if problem:
        notes.append(problem)
        return None
    return stored.image(
        (number, f"<image>{image.name}"), image.name, image.content, image.name
    )


# --- export -------------------------------------------------------------------


def _file_name(item, taken: dict[str, bytes], content: bytes) -> str:
    """A name for an image or document in one question's export, unique within it:
    its title when that is its imported file name (storage may have changed the
    name: "mijn scherm.png" is stored as "mijn_scherm.png"), else its stored name."""
    name = PurePosixPath(item.file.name).name
    title = PurePosixPath(item.title).name
    if (
        title == item.title
        and PurePosixPath(title).suffix == PurePosixPath(name).suffix
    ):
        name = title
    stem, dot, extension = name.rpartition(".")
    candidate, number = name, 1
    while taken.get(candidate, content) != content:
        number += 1
        candidate = f"{stem}-{number}{dot}{extension}" if dot else f"{name}-{number}"
    return candidate


def _read(file_field) -> bytes:
    with file_field.open("rb") as opened:
        return opened.read()


def exported_text(text: str, files: dict[str, bytes]) -> str:
    """Rich text with its images and documents written as `@@PLUGINFILE@@` files
    (added to `files`); an image or document deleted since is left out."""
    image_ids = [
        _attributes(tag).get("id")
        for tag in _EMBED.findall(text)
        if _attributes(tag).get("embedtype") == "image"
    ]
    document_ids = [_attributes(tag).get("id") for tag in _DOCUMENT_LINK.findall(text)]
    images = get_image_model().objects.in_bulk(
        [int(pk) for pk in image_ids if pk and pk.isdigit()]
    )
    documents = get_document_model().objects.in_bulk(
        [int(pk) for pk in document_ids if pk and pk.isdigit()]
    )

    def reference(item) -> str:
        content = _read(item.file)
        name = _file_name(item, files, content)
        files[name] = content
        return PLUGINFILE + quote(name)

    def image(match: re.Match[str]) -> str:
        attributes = _attributes(match.group(0))
        if attributes.get("embedtype") != "image":
            return match.group(0)
        found = images.get(int(attributes.get("id", "0") or 0))
        if found is None:
            return ""
        return (
            f'<img src="{reference(found)}" '
            f'alt="{html.escape(attributes.get("alt", ""))}">'
        )

    def link(match: re.Match[str]) -> str:
        attributes = _attributes(match.group(1))
        if attributes.get("linktype") != "document":
            return match.group(0)
        found = documents.get(int(attributes.get("id", "0") or 0))
        if found is None:
            return match.group(2)
        return f'<a href="{reference(found)}">{match.group(2)}</a>'

    return _LINK.sub(link, _EMBED.sub(image, text))


def exported_image(image) -> EmbeddedFile | None:
    """A question's own image as the old `<image>` tag carries it."""
    if image is None:
        return None
    content = _read(image.file)
    return EmbeddedFile(name=_file_name(image, {}, content), content=content)
