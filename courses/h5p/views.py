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

from lms.models import User
from lms.storage import private_storage

from ..models import (
    CoursePage,
    Enrolment,
    H5PActivity,
    H5PResult,
    LessonPage,
    TestPage,
)
from .results import StatementRefused, state_save, statement_record
from .tokens import Grant, TokenRefused, content_token_read

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


def _grant(token: str) -> tuple[Grant, H5PActivity]:
    """The grant in `token` and its activity; PermissionError for a bad token, 404
    when the activity is gone or its package not ready."""
    try:
        grant = content_token_read(token)
    except TokenRefused:
        raise PermissionError from None
    activity = (
        H5PActivity.objects.select_related("package")
        .filter(pk=grant.activity_id)
        .first()
    )
    if activity is None or activity.package.status != activity.package.Status.READY:
        raise Http404
    return grant, activity


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
        grant, activity = _grant(token)
    except PermissionError:
        return _refused()
    user = User.objects.filter(pk=grant.user_id, is_active=True).first()
    lesson = LessonPage.objects.filter(pk=grant.lesson_id).first()
    if (
        user is None
        or lesson is None
        or not Enrolment.objects.filter(
            user=user, course__in=lesson.get_ancestors()
        ).exists()
    ):
        return _refused()
    saved = (
        H5PResult.objects.filter(user=user, activity=activity)
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
        "courses/h5p/player.html",
        {"config": config, "title": activity.title},
    )
    return _content_headers(response)


def _file_under(root: Path, path: str) -> FileResponse:
    """The file at `path` inside `root`, never outside it (else 404)."""
    parts = PurePosixPath(path).parts
    if (
        not parts
        or any(p in ("..", "") or "\\" in p for p in parts)
        or path.startswith("/")
    ):
        raise Http404
    root = root.resolve()
    full = (root / PurePosixPath(*parts)).resolve()
    if root not in full.parents or not full.is_file():
        raise Http404
    return _file(full)


def _file(full: Path) -> FileResponse:
    name = full.name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = TYPES.get(extension) or mimetypes.guess_type(name)[0]
    response = FileResponse(
        full.open("rb"), content_type=content_type or "application/octet-stream"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return _content_headers(response)


@csp_exempt()
@xframe_options_exempt
@require_GET
def package_file(request: HttpRequest, token: str, path: str) -> HttpResponse:
    """A file of the package (content origin), for a valid token only."""
    try:
        _grant_, activity = _grant(token)
    except PermissionError:
        return _refused()
    return _file_under(Path(private_storage.path(activity.package.folder)), path)


@csp_exempt()
@xframe_options_exempt
@require_GET
def player_asset(request: HttpRequest, path: str) -> HttpResponse:
    """The player's own scripts and styles (content origin): h5p-standalone's files
    and the bridge that relays xAPI to the lesson page."""
    if path == "bridge.js":
        return _file(BRIDGE)
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


def _site_grant(request: HttpRequest, data: dict) -> tuple[Grant, H5PActivity]:
    """The grant and activity of the token in `data`, which must be the requester's."""
    grant, activity = _grant(str(data.get("token", "")))
    if grant.user_id != request.user.pk:
        raise PermissionError
    return grant, activity


def _site_endpoint(handler):
    """Size cap, JSON, token: the shared front of the two site endpoints."""

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
            grant, activity = _site_grant(request, data)
            return handler(request, data, grant, activity)
        except PermissionError:
            return JsonResponse({"error": "token refused"}, status=403)
        except StatementRefused as error:
            return JsonResponse({"error": str(error)}, status=400)

    view.__name__ = handler.__name__
    view.__doc__ = handler.__doc__
    return view


@_site_endpoint
def xapi_receive(request: HttpRequest, data: dict, grant: Grant, activity: H5PActivity):
    """An xAPI statement relayed by the lesson page."""
    result = statement_record(
        user=request.user, activity=activity, statement=data.get("statement")
    )
    if result.done:
        _completion_check(request.user, grant)
    return JsonResponse(
        {"completed": result.completed_at is not None, "done": result.done}
    )


def _completion_check(user: User, grant: Grant) -> None:
    """A done exercise may be the last thing its course waited for. A course completes
    this way only when it has a test graded on the server: an H5P score, computed in
    the browser, never earns a certificate by itself."""
    from ..services import course_completion_record

    lesson = LessonPage.objects.filter(pk=grant.lesson_id).first()
    course = CoursePage.objects.ancestor_of(lesson).first() if lesson else None
    if course is not None and TestPage.objects.live().descendant_of(course).exists():
        course_completion_record(user=user, course=course)


@_site_endpoint
def state_receive(
    request: HttpRequest, data: dict, grant: Grant, activity: H5PActivity
):
    """The player's state, saved so the exercise resumes where it was left."""
    state_save(user=request.user, activity=activity, state=data.get("state"))
    return JsonResponse({"saved": True})
