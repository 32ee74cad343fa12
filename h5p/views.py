"""H5P playback.

On the **content origin** (`H5P_CONTENT_ORIGIN`, another host than the site): the
player page and the package files, for a valid token only, under a strict Content
Security Policy that lets only the site frame them (`lms.content_origin`, shared with
SCORM). The site never serves them.

On the **site**: the endpoints the lesson page posts xAPI statements and player state
to (session and CSRF as for any form).
"""

from __future__ import annotations

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

from courses.activities import Playback, TokenRefused
from courses.services import exercise_done
from h5p.models import H5PResult
from h5p.results import (
    StatementRefused,
    state_save,
    statement_record,
)
from h5p.selectors import playback_for
from lms.content_origin import (
    content_headers,
    file_response,
    json_object,
    path_parts,
    refused,
    site_origin,
    stored_file,
)

PLAYER_DIR = Path(settings.BASE_DIR) / "static" / "h5p-player"
BRIDGE = Path(settings.BASE_DIR) / "static" / "js" / "h5p-frame.js"
MAX_BODY = 64 * 1024


@csp_exempt()
@xframe_options_exempt
@require_GET
def player(request: HttpRequest, token: str) -> HttpResponse:
    """The player page inside the lesson's frame (content origin)."""
    try:
        playback = playback_for(token)
    except TokenRefused:
        return refused()
    saved = playback.user and (
        H5PResult.objects.filter(user=playback.user, activity=playback.activity)
        .values_list("state", flat=True)
        .first()
    )
    config = {
        "h5pJsonPath": f"/h5p/c/{token}/files",
        "frameJs": "/h5p/player/frame.bundle.js",
        "frameCss": "/h5p/player/styles/h5p.css",
        "siteOrigin": site_origin(),
        "state": saved or "",
    }
    response = render(
        request,
        "h5p/player.html",
        {"config": config, "title": playback.activity.title},
    )
    return content_headers(response)


def _file_under(root: Path, path: str) -> FileResponse:
    """The file at `path` inside `root` on this disk (the player), never outside it."""
    parts = path_parts(path)
    root = root.resolve()
    full = (root / PurePosixPath(*parts)).resolve()
    if root not in full.parents or not full.is_file():
        raise Http404
    return file_response(full.open("rb"), full.name)


@csp_exempt()
@xframe_options_exempt
@require_GET
def package_file(request: HttpRequest, token: str, path: str) -> HttpResponse:
    """A file of the package (content origin), while the token's grant holds."""
    try:
        playback = playback_for(token)
    except TokenRefused:
        return refused()
    return stored_file(playback.activity.package.folder, path)


@csp_exempt()
@xframe_options_exempt
@require_GET
def player_asset(request: HttpRequest, path: str) -> HttpResponse:
    """The player's own scripts and styles (content origin): h5p-standalone's files
    and the bridge that relays xAPI to the lesson page."""
    if path == "bridge.js":
        return file_response(BRIDGE.open("rb"), BRIDGE.name)
    return _file_under(PLAYER_DIR, path)


def _site_endpoint(handler):
    """Size cap, JSON, token (the requester's, its grant still holding): the shared
    front of the two site endpoints."""

    @login_required
    @require_POST
    def view(request: HttpRequest) -> HttpResponse:
        try:
            data = json_object(request, MAX_BODY)
        except OverflowError:
            return JsonResponse({"error": "too large"}, status=413)
        except (ValueError, TypeError):
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
        user=playback.user,
        activity=playback.activity,
        statement=data.get("statement"),
        lesson=playback.lesson,
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
