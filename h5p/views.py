"""H5P playback.

On the **content origin** (`H5P_CONTENT_ORIGIN`, another host than the site): the
player page and the package files, for a valid token only, under a strict Content
Security Policy that lets only the site frame them. The site never serves them.

On the **site**: the endpoints the lesson page posts xAPI statements and player state
to (session and CSRF as for any form).
"""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path, PurePosixPath

from csp.decorators import csp_exempt
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST

from h5p.models import H5PResult
from h5p.results import (
    StatementRefused,
    exercise_done,
    state_save,
    statement_record,
)
from h5p.selectors import Playback, playback_for
from h5p.tokens import TokenRefused
from lms.storage import private_storage

PLAYER_DIR = Path(settings.BASE_DIR) / "static" / "h5p-player"
BRIDGE = Path(settings.BASE_DIR) / "static" / "js" / "h5p-frame.js"
MAX_BODY = 64 * 1024

# Explicit types: nothing is left to guessing (with nosniff, a wrong type is refused).
TYPES = {
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


def _site_origin() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _content_headers(response: HttpResponse) -> HttpResponse:
    response["Content-Security-Policy"] = "; ".join(
        [
            "default-src 'none'",
            # h5p-standalone writes its settings into an inline script, and H5P
            # libraries evaluate code; this origin holds nothing of the site's.
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "frame-src 'self'",
            f"frame-ancestors {_site_origin()}",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _refused() -> HttpResponse:
    return _content_headers(
        HttpResponse("Forbidden", status=403, content_type="text/plain")
    )


@csp_exempt()
@xframe_options_exempt
@require_GET
def player(request: HttpRequest, token: str) -> HttpResponse:
    """The player page inside the lesson's frame (content origin)."""
    try:
        playback = playback_for(token)
    except TokenRefused:
        return _refused()
    saved = playback.user and (
        H5PResult.objects.filter(user=playback.user, activity=playback.activity)
        .values_list("state", flat=True)
        .first()
    )
    config = {
        "h5pJsonPath": f"/h5p/c/{token}/files",
        "frameJs": "/h5p/player/frame.bundle.js",
        "frameCss": "/h5p/player/styles/h5p.css",
        "siteOrigin": _site_origin(),
        "state": saved or "",
    }
    response = render(
        request,
        "h5p/player.html",
        {"config": config, "title": playback.activity.title},
    )
    return _content_headers(response)


def _parts(path: str) -> tuple[str, ...]:
    """The parts of a relative path that stays inside its folder (else 404)."""
    parts = PurePosixPath(path).parts
    if (
        not parts
        or any(p in ("..", "") or "\\" in p for p in parts)
        or path.startswith("/")
    ):
        raise Http404
    return parts


def _file_under(root: Path, path: str) -> FileResponse:
    """The file at `path` inside `root` on this disk (the player), never outside it."""
    parts = _parts(path)
    root = root.resolve()
    full = (root / PurePosixPath(*parts)).resolve()
    if root not in full.parents or not full.is_file():
        raise Http404
    return _file(full.open("rb"), full.name)


def _stored_file(folder: str, path: str) -> FileResponse:
    """The file at `path` inside `folder` of private storage (a folder or a bucket)."""
    name = "/".join((folder, *_parts(path)))
    try:
        handle = private_storage.open(name)
    except OSError as error:  # not there, or a folder of the package
        raise Http404 from error
    return _file(handle, name.rsplit("/", 1)[-1])


def _file(handle, name: str) -> FileResponse:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = TYPES.get(extension) or mimetypes.guess_type(name)[0]
    response = FileResponse(
        handle, content_type=content_type or "application/octet-stream"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return _content_headers(response)


@csp_exempt()
@xframe_options_exempt
@require_GET
def package_file(request: HttpRequest, token: str, path: str) -> HttpResponse:
    """A file of the package (content origin), while the token's grant holds."""
    try:
        playback = playback_for(token)
    except TokenRefused:
        return _refused()
    return _stored_file(playback.activity.package.folder, path)


@csp_exempt()
@xframe_options_exempt
@require_GET
def player_asset(request: HttpRequest, path: str) -> HttpResponse:
    """The player's own scripts and styles (content origin): h5p-standalone's files
    and the bridge that relays xAPI to the lesson page."""
    if path == "bridge.js":
        return _file(BRIDGE.open("rb"), BRIDGE.name)
    return _file_under(PLAYER_DIR, path)


def _json_body(request: HttpRequest) -> dict:
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        raise OverflowError
    body = request.body
    if len(body) > MAX_BODY:
        raise OverflowError
    data = json.loads(body.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError
    return data


def _site_endpoint(handler):
    """Size cap, JSON, token (the requester's, its grant still holding): the shared
    front of the two site endpoints."""

    @login_required
    @require_POST
    def view(request: HttpRequest) -> HttpResponse:
        try:
            data = _json_body(request)
        except OverflowError:
            return JsonResponse({"error": "too large"}, status=413)
        except (ValueError, UnicodeDecodeError):
            return JsonResponse({"error": "invalid JSON"}, status=400)
        try:
            playback = playback_for(str(data.get("token", "")), requester=request.user)
            return handler(request, data, playback)
        except TokenRefused:
            return JsonResponse({"error": "token refused"}, status=403)
        except StatementRefused as error:
            return JsonResponse({"error": str(error)}, status=400)

    view.__name__ = handler.__name__
    view.__doc__ = handler.__doc__
    return view


@_site_endpoint
def xapi_receive(request: HttpRequest, data: dict, playback: Playback):
    """An xAPI statement relayed by the lesson page."""
    result = statement_record(
        user=playback.user, activity=playback.activity, statement=data.get("statement")
    )
    if result.done:
        exercise_done(user=playback.user, course=playback.course)
    return JsonResponse(
        {"completed": result.completed_at is not None, "done": result.done}
    )


@_site_endpoint
def state_receive(request: HttpRequest, data: dict, playback: Playback):
    """The player's state, saved so the exercise resumes where it was left."""
    state_save(user=playback.user, activity=playback.activity, state=data.get("state"))
    return JsonResponse({"saved": True})
