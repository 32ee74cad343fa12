"""The organiser's pages of an event (`deelnemers/`: the participant list, attendance,
the CSV and XLSX exports) and the platform's link to an online event (`deelnemen/`).

Both read and write the Dutch source event; whoever does not organise the event gets a
404 on its participant list, as if it did not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from languages.selectors import source_of
from lms.errors import refusal_messages
from lms.routing import page_view

from ..access import may_organise
from ..attendance import (
    attendance_record,
    attendance_via_link,
    participant_rows,
    participants_csv,
    participants_xlsx,
    question_labels,
)
from ..models import EventPage

EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@page_view("events.participants")
@require_http_methods(["GET", "HEAD", "POST"])
def participants(request: HttpRequest, page: EventPage) -> HttpResponse:
    """The participant list of an event for its organisers: the confirmed and the
    waiting, their answers, attendance to mark once the event has begun, and the
    list as CSV or XLSX (`?export=csv|xlsx`)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    event = source_of(page)
    if not may_organise(request.user, event):
        raise Http404
    here = request.path  # the language the organiser reads it in
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        listed = {int(v) for v in request.POST.getlist("listed") if v.isdigit()}
        try:
            count = attendance_record(
                event=event, organiser=request.user, present=present, listed=listed
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(refusal_messages(error)))
        else:
            messages.success(
                request, _("Attendance saved: %(n)s present.") % {"n": count}
            )
        return redirect(here)
    fmt = request.GET.get("export")
    if fmt in EXPORTS:
        body = participants_csv(event).encode() if fmt == "csv" else None
        response = HttpResponse(
            body if body is not None else participants_xlsx(event),
            content_type=EXPORTS[fmt],
        )
        response["Content-Disposition"] = (
            f'attachment; filename="deelnemers-{event.slug}.{fmt}"'
        )
        return response
    rows = participant_rows(event)
    return render(
        request,
        "events/participants.html",
        {
            "page": page,
            "event": event,
            "questions": question_labels(event),
            "confirmed": [row for row in rows if row.confirmed],
            "waiting": [row for row in rows if not row.confirmed],
            "begun": timezone.now() >= event.starts_at,
            "here": here,
        },
    )


@page_view("events.join")
@require_http_methods(["GET", "HEAD"])
def join(request: HttpRequest, page: EventPage) -> HttpResponse:
    """The platform's link to an online event: a confirmed participant, from a
    quarter of an hour before the start until the end, goes on to the meeting (and
    is marked present); anyone else reads why not, never the meeting link."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    event = source_of(page)
    answer = attendance_via_link(event=event, user=request.user)
    if answer.url:
        return HttpResponseRedirect(answer.url)
    return render(
        request,
        "events/join.html",
        {"page": page, "event": event, "refusal": answer.refusal, "answer": answer},
    )
