"""SCORM playback.

On the **content origin** (`H5P_CONTENT_ORIGIN`, see `lms.content_origin`): the
launcher page of a SCO and the package files, for a valid token only, and the
launcher's scripts (scorm-again's cross-frame client). The launcher gives the SCO,
framed inside it, an `API` / `API_1484_11` object that relays every call by
postMessage to the lesson page.

On the **site**: the lesson page runs scorm-again's real API and sends what the SCO
commits to `sco_commit`; `sco_launch` gives it what the SCO starts with. Both are the
learner's own (another's attempt is 404), with session and CSRF as for any form.
"""

from __future__ import annotations

import logging
from pathlib import Path

from csp.decorators import csp_exempt
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST

from courses.activities import TokenRefused
from courses.services import exercise_done
from lms import content_origin
from scorm import selectors
from scorm.models import ScormAttempt, ScormScoState
from scorm.runtime import CommitRefused, launch_data, sco_commit

RUNTIME = {
    "cross-frame-api.min.js": Path(settings.BASE_DIR) / "static" / "scorm-again",
    "launcher.js": Path(settings.BASE_DIR) / "static" / "scorm",
}
logger = logging.getLogger(__name__)

#: The largest commit: 64,000 characters of 2004 suspend data, and room for
#: hundreds of interactions.
MAX_BODY = 512 * 1024


def _content_endpoint(view):
    """A page of the content origin, framed by the lesson: no CSP of the site's, no
    X-Frame-Options, GET only."""
    return csp_exempt()(xframe_options_exempt(require_GET(view)))


def _played(handler):
    """A content origin page for a valid token only: the handler gets its playback
    (a token that no longer grants is refused)."""

    @_content_endpoint
    def view(request: HttpRequest, token: str, **kwargs) -> HttpResponse:
        try:
            playback = selectors.playback(token)
        except TokenRefused:
            return content_origin.refused(frame_self=True)
        return handler(request, playback, token=token, **kwargs)

    view.__name__ = handler.__name__
    view.__doc__ = handler.__doc__
    return view


@_played
def launcher(request: HttpRequest, playback, token: str, number: int) -> HttpResponse:
    """The page in the lesson's frame (content origin) that frames SCO `number`."""
    scos = playback.activity.package.scos
    if not 1 <= number <= len(scos):
        raise Http404
    sco = scos[number - 1]
    response = render(
        request,
        "scorm/launcher.html",
        {
            "title": sco["title"],
            "sco_url": f"/scorm/c/{token}/files/{selectors.launch_href(sco)}",
            "site_origin": content_origin.site_origin(),
            "asset": sco.get("asset", False),
        },
    )
    return content_origin.content_headers(response, frame_self=True)


@_played
def package_file(request: HttpRequest, playback, token: str, path: str) -> HttpResponse:
    """A file of the package (content origin), while the token's grant holds."""
    return content_origin.stored_file(
        playback.activity.package.folder, path, frame_self=True
    )


@_content_endpoint
def runtime_asset(request: HttpRequest, name: str) -> HttpResponse:
    """The launcher's scripts (content origin)."""
    folder = RUNTIME.get(name)
    if folder is None or not (folder / name).is_file():
        raise Http404
    return content_origin.file_response(
        (folder / name).open("rb"), name, frame_self=True
    )


def _refusal(message: str, status: int) -> JsonResponse:
    # The shape scorm-again reads from an LMS's answer to a commit.
    return JsonResponse(
        {"result": False, "errorCode": 101, "errorMessage": message}, status=status
    )


def _site_endpoint(handler):
    """The learner's own attempt (404 otherwise), the SCO by its number, and a
    token that still grants the attempt's activity: the front of both endpoints."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int, number: int) -> HttpResponse:
        attempt = selectors.own_attempt(pk, request.user)
        if attempt is None:
            raise Http404
        scos = attempt.activity.package.scos
        if not 1 <= number <= len(scos):
            raise Http404
        try:
            playback = selectors.playback(
                request.headers.get("X-Scorm-Token", ""), requester=request.user
            )
        except TokenRefused:
            return _refusal(_("This activity may no longer be played here."), 403)
        if playback.activity.pk != attempt.activity_id:
            raise Http404
        return handler(request, attempt, scos[number - 1], playback)

    view.__name__ = handler.__name__
    view.__doc__ = handler.__doc__
    return view


def _committed(attempt: ScormAttempt, sco: dict, data, playback) -> JsonResponse:
    """Keep what a SCO committed; the attempt done for the first time may complete
    the module and the course (`courses.services.exercise_done`)."""
    was_done = selectors.attempt_done(attempt)
    attempt = sco_commit(attempt=attempt, sco=sco, data=data)
    done = selectors.attempt_done(attempt)
    if done and not was_done:
        exercise_done(user=playback.user, course=playback.course)
    state = attempt.scos.get(sco=sco["identifier"])
    return JsonResponse(
        {
            "result": True,
            "errorCode": 0,
            "completed": state.completion_status == "completed",
            "done": done,
        }
    )


@_site_endpoint
def sco_launch(request, attempt: ScormAttempt, sco: dict, playback) -> HttpResponse:
    """What the SCO starts with (flattened CMI); it becomes the SCO the learner
    resumes at. An asset (a page that is no SCO) is completed by being opened."""
    if attempt.current_sco != sco["identifier"]:
        attempt.current_sco = sco["identifier"]
        attempt.save(update_fields=["current_sco", "updated_at"])
    if sco.get("asset"):
        return _committed(attempt, sco, {}, playback)
    state = ScormScoState.objects.filter(attempt=attempt, sco=sco["identifier"]).first()
    return JsonResponse({"cmi": launch_data(attempt, sco, state)})


@_site_endpoint
def sco_commit_receive(
    request, attempt: ScormAttempt, sco: dict, playback
) -> HttpResponse:
    """What the SCO committed, checked and kept; the attempt's completion feeds the
    section, the module and the course."""
    try:
        data = content_origin.json_object(request, MAX_BODY)
    except OverflowError:
        return _refusal(_("The data is too large."), 413)
    except ValueError:
        return _refusal(_("The data is not valid JSON."), 400)
    except TypeError:
        return _refusal(_("The data is not an object."), 400)
    try:
        return _committed(attempt, sco, data.get("cmi"), playback)
    except CommitRefused as error:
        # A package that writes outside the data model: worth an editor's look.
        logger.warning("SCORM commit refused (attempt %s): %s", attempt.pk, error)
        return _refusal(str(error), 400)
