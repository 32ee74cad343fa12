"""The content origin: another host than the site (`H5P_CONTENT_ORIGIN`, the name it
had when H5P was its only user), where uploaded packages (H5P, SCORM) run their
JavaScript without any session cookie, CSRF token or page of the site.

Each app that serves there declares its path prefixes (`register_paths`, from its
`AppConfig.ready`); `h5p.middleware.ContentOriginMiddleware` answers only those on the
content origin and never those on the site. The helpers below give every response
there the same strict headers and serve a package's files from private storage;
`json_object` reads what the lesson page relays from there to the site's endpoints.
"""

from __future__ import annotations

import json
import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from lms.storage import private_storage

_paths: list[str] = []

# Explicit types: nothing is left to guessing (with nosniff, a wrong type is refused).
TYPES = {
    "html": "text/html; charset=utf-8",
    "htm": "text/html; charset=utf-8",
    "js": "text/javascript",
    "css": "text/css",
    "json": "application/json",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "eot": "application/vnd.ms-fontobject",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
    "ogg": "audio/ogg",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "vtt": "text/vtt",
    "webvtt": "text/vtt",
    "txt": "text/plain",
    "pdf": "application/pdf",
    "xml": "application/xml",
}


def register_paths(*prefixes: str) -> None:
    """Make URL paths starting with `prefixes` answer on the content origin only."""
    _paths.extend(p for p in prefixes if p not in _paths)


def paths() -> tuple[str, ...]:
    return tuple(_paths)


def site_origin() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def content_headers(
    response: HttpResponse, *, frame_self: bool = False
) -> HttpResponse:
    """The content origin's headers: only the site may frame it (and the content
    origin itself with `frame_self`: SCORM's launcher frames its SCOs), and what runs
    there reaches nothing but its own origin."""
    ancestors = f"{site_origin()} 'self'" if frame_self else site_origin()
    response["Content-Security-Policy"] = "; ".join(
        [
            "default-src 'none'",
            # Packages write inline scripts and evaluate code (H5P libraries, the
            # JavaScript of authoring tools); this origin holds nothing of the site's.
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "frame-src 'self'",
            f"frame-ancestors {ancestors}",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def refused(*, frame_self: bool = False) -> HttpResponse:
    return content_headers(
        HttpResponse("Forbidden", status=403, content_type="text/plain"),
        frame_self=frame_self,
    )


def path_parts(path: str) -> tuple[str, ...]:
    """The parts of a relative path that stays inside its folder (else 404)."""
    parts = PurePosixPath(path).parts
    if (
        not parts
        or any(p in ("..", "") or "\\" in p for p in parts)
        or path.startswith("/")
    ):
        raise Http404
    return parts


def stored_file(folder: str, path: str, *, frame_self: bool = False) -> FileResponse:
    """The file at `path` inside `folder` of private storage (a folder or a bucket)."""
    name = "/".join((folder, *path_parts(path)))
    try:
        handle = private_storage.open(name)
    except OSError as error:  # not there, or a folder of the package
        raise Http404 from error
    return file_response(handle, name.rsplit("/", 1)[-1], frame_self=frame_self)


def file_response(handle, name: str, *, frame_self: bool = False) -> FileResponse:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = TYPES.get(extension) or mimetypes.guess_type(name)[0]
    response = FileResponse(
        handle, content_type=content_type or "application/octet-stream"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return content_headers(response, frame_self=frame_self)


def json_object(request: HttpRequest, limit: int) -> dict:
    """The JSON object in the body of a request to a site endpoint: OverflowError
    when longer than `limit` bytes, ValueError when not JSON, TypeError when JSON but
    no object."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
        raise OverflowError
    body = request.body
    if len(body) > limit:
        raise OverflowError
    # Undecodable bytes and bad JSON both raise a ValueError.
    data = json.loads(body.decode("utf-8"))
    if not isinstance(data, dict):
        raise TypeError
    return data
