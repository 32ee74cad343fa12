"""An event's recording (`opname/`): the video, its title and transcript, and for a
webinar of a course the reflection question that, answered after watching to the
end, counts as attending. The video itself (`opname/video/`) is streamed after the
same access check, in byte ranges so that a browser can seek in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from languages.selectors import source_of
from lms.errors import refusal_messages
from lms.routing import page_view

from ..access import afterwards_open_to
from ..attendance import (
    recording_length,
    recording_started,
    recording_watched,
    watched_enough,
)
from ..models import EventPage

CHUNK = 64 * 1024
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class ReflectionForm(forms.Form):
    """The answer to a webinar's reflection question (or, without a question, the
    confirmation that the recording was watched)."""

    reflection = forms.CharField(
        label=gettext_lazy("Your answer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=3000,
    )

    def __init__(self, *args, question: str, **kwargs):
        super().__init__(*args, **kwargs)
        if question:
            self.fields["reflection"].label = question
        else:
            del self.fields["reflection"]


def _event_with_recording(request: HttpRequest, page: EventPage) -> EventPage:
    """The source event, when `page` has a recording that the user may watch."""
    event = source_of(page)
    if not page.recording_id or not afterwards_open_to(request.user, event):
        raise Http404
    return event


@page_view("events.recording")
@require_http_methods(["GET", "HEAD", "POST"])
def recording(request: HttpRequest, page: EventPage) -> HttpResponse:
    """The recording page. Opening it records when the person began watching; for a
    webinar of a course, the reflection is accepted once most of the recording's
    length has passed since then."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    event = _event_with_recording(request, page)
    seconds = recording_length(page)
    view = recording_started(event=event, user=request.user)
    asks = bool(event.course_id)
    form = ReflectionForm(
        request.POST if request.method == "POST" else None,
        initial={"reflection": view.reflection},
        question=page.reflection_question,
    )
    if asks and request.method == "POST" and form.is_valid():
        try:
            recording_watched(
                event=event,
                user=request.user,
                reflection=form.cleaned_data.get("reflection", ""),
                seconds=seconds,
            )
        except ValidationError as error:
            for message in refusal_messages(error):
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Thank you. Watching the recording counts for %(course)s.")
                % {"course": event.course.title},
            )
            return redirect(request.path)
    elif request.method == "POST" and not asks:
        raise Http404
    return render(
        request,
        "events/recording.html",
        {
            "page": page,
            "event": event,
            "video_url": page.url + page.reverse_subpage("recording_file"),
            "content_type": _video_type(page.recording),
            "length": f"{seconds // 60}:{seconds % 60:02d}" if seconds else "",
            "asks": asks,
            "form": form,
            "view": view,
            "ready": view.watched_at is not None or watched_enough(view, seconds),
        },
    )


@page_view("events.recording_file")
@require_http_methods(["GET", "HEAD"])
def recording_file(request: HttpRequest, page: EventPage) -> HttpResponse:
    """The recording's video for whoever may watch it, whole or in the byte range
    asked for (`Range: bytes=…`), so that the player can seek."""
    if not request.user.is_authenticated:
        raise Http404
    _event_with_recording(request, page)
    document = page.recording
    file = document.file.open("rb")
    response = ranged_response(request, file, document.file.size, _video_type(document))
    patch_cache_control(response, private=True, max_age=3600)
    response["Content-Disposition"] = "inline"
    return response


def _video_type(document) -> str:
    kind = document.content_type
    return kind if kind.startswith("video/") else "application/octet-stream"


def ranged_response(
    request: HttpRequest, file: IO[bytes], size: int, content_type: str
) -> HttpResponse:
    """`file` (of `size` bytes) whole (200), or the one byte range the request asks
    for (206, `Content-Range`); 416 for a range beyond its end. A request for several
    ranges at once gets the whole file, as HTTP allows."""
    match = RANGE.match(request.headers.get("Range", "").strip())
    if not match or match[1] == match[2] == "":
        response = FileResponse(file, content_type=content_type)
        response["Accept-Ranges"] = "bytes"
        return response
    if match[1]:
        start = int(match[1])
        end = min(int(match[2]), size - 1) if match[2] else size - 1
    else:  # the last N bytes
        start, end = max(size - int(match[2]), 0), size - 1
    if start >= size or start > end:
        file.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    file.seek(start)
    response = StreamingHttpResponse(
        _chunks(file, end - start + 1), status=206, content_type=content_type
    )
    response["Content-Length"] = str(end - start + 1)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response


def _chunks(file: IO[bytes], length: int) -> Iterator[bytes]:
    try:
        while length > 0:
            chunk = file.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        file.close()
