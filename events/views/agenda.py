"""The public agenda and an event's page: the list with its filters, registering with
the event's questions, cancelling, the calendar files. (Joining online, the
recording and the participant list are in `events.views.organisers` and
`events.views.recording`.)

Page routes and contexts are registered with `lms.routing.page_view` (the page
models name them). Every fact is read and written on the Dutch source event
(`languages.selectors.source_of`); the page shown is the reader's.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from languages.selectors import language_of, source_of
from lms.errors import refusal_messages
from lms.routing import page_view

from .. import selectors, services
from ..access import afterwards_open_to
from ..forms import AgendaFilterForm, RegistrationForm
from ..ics import events_ics
from ..models import AgendaPage, EventPage


def _in_reader_language(events: list[EventPage]) -> list[EventPage]:
    """Events not translated into the reader's language link under its prefix
    (shown in Dutch with the "not translated yet" notice)."""
    language = get_language()
    if language != settings.LANGUAGE_CODE:
        for event in events:
            if language_of(event) != language:
                event.shown_in_language = language
    return events


@page_view("events.agenda")
def agenda_context(request: HttpRequest, page: AgendaPage) -> dict:
    """The events to come and the past ones, filtered by kind, online or in person
    and region, each with its places left and the reader's registration."""
    kinds = selectors.kinds_in_reader_language()
    form = AgendaFilterForm(request.GET or None, kinds=kinds)
    upcoming, past = selectors.agenda(request.user, form.filters())
    return {
        "filter_form": form,
        "upcoming": _in_reader_language(upcoming),
        "past": _in_reader_language(past),
    }


def _event_context(request: HttpRequest, page: EventPage) -> dict:
    source = source_of(page)
    state = selectors.event_state(source, request.user)
    offered = selectors.join_offered(source, confirmed=state.confirmed)
    return {
        "source": source,
        "state": state,
        # The platform's link, never the meeting link: joining through it records
        # attendance (`events.views.organisers.join`).
        "join_url": (
            selectors.join_url(source, get_language(), page.get_site())
            if offered and timezone.now() < source.ends_at
            else ""
        ),
        "afterwards_open": afterwards_open_to(request.user, source),
        "has_afterwards": bool(source.recording_id or source.slides_id or page.report),
        "form": RegistrationForm(event=page, source=source),
    }


@page_view("events.event")
def event_context(request: HttpRequest, page: EventPage) -> dict:
    """What the reader sees of the event: their state (registered, waiting with
    their place in line, closed, cancelled, full), the registration form with the
    event's questions, the platform's join link for a confirmed participant only,
    and what comes afterwards for those it is meant for."""
    return _event_context(request, page)


def _render_event(request: HttpRequest, page: EventPage, **extra) -> HttpResponse:
    context = page.get_context(request) | extra
    return TemplateResponse(request, page.get_template(request), context)


@page_view("events.register")
@require_POST
def register(request: HttpRequest, page: EventPage) -> HttpResponse:
    """Register with the answers to the event's questions. A form with errors
    comes back with them and with every answer given."""
    if not request.user.is_authenticated:
        return redirect_to_login(page.get_url(request))
    source = source_of(page)
    form = RegistrationForm(request.POST, event=page, source=source)
    if not form.is_valid():
        return _render_event(request, page, form=form)
    try:
        registration = services.registration_create(
            event=source, user=request.user, answers=form.answers()
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(refusal_messages(error)))
    else:
        if registration.status == registration.Status.CONFIRMED:
            messages.success(request, _("You are registered. We sent you a mail."))
        else:
            messages.success(
                request,
                _(
                    "The event is full: you are on the waiting list. We mail you "
                    "as soon as a place comes free."
                ),
            )
    return redirect(page.get_url(request) + "#registration")


@page_view("events.cancel")
@require_POST
def cancel(request: HttpRequest, page: EventPage) -> HttpResponse:
    """Cancel one's own registration (or leave the waiting list)."""
    if not request.user.is_authenticated:
        return redirect_to_login(page.get_url(request))
    registration = selectors.registration_of(request.user, source_of(page))
    if registration is None:
        raise Http404
    try:
        services.registration_cancel(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(refusal_messages(error)))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(page.get_url(request) + "#registration")


def _calendar_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@page_view("events.ics")
def event_ics(request: HttpRequest, page: EventPage) -> HttpResponse:
    """The event as a calendar file (never with the meeting link)."""
    source = source_of(page)
    page.cancelled = source.cancelled  # the source's word, whatever a draft says
    return _calendar_response(events_ics([page]), f"{page.slug}.ics")


def agenda_feed(request: HttpRequest) -> HttpResponse:
    """The whole agenda as a calendar to subscribe to (`/agenda.ics`): what is to
    come and the last 90 days, in the reader's language."""
    events = _in_reader_language(selectors.feed_events())
    response = _calendar_response(events_ics(events, _("Agenda")), "agenda.ics")
    # A subscribed calendar asks again and again: inline, not a download.
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    return response
