"""Session pages for learners (list, detail, register, cancel, calendar file), the
training request form for coordinators and the trainer's pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.errors import refusal_messages
from lms.exports import csv_text
from lms.roles import coordinated_organisations, is_trainer, request_roles
from lms.routing import page_view
from training.kits.selectors import kits_for_trainer
from training.models import Registration, TrainingSession
from training.sessions import selectors, services
from training.sessions.forms import TrainingRequestForm
from training.sessions.ics import session_ics


@page_view("training.upcoming_sessions")
def upcoming_sessions_context(user, count: int) -> dict:
    """The home page's first `count` sessions still to come that `user` may see."""
    return {"sessions": selectors.sessions_upcoming(user)[:count]}


def _session(request: HttpRequest, pk: int) -> TrainingSession:
    """A session the user may see, with its counts and their place on its waiting
    list (`waiting_position`, 0 when not waiting)."""
    return get_object_or_404(
        selectors.with_waiting_position(
            selectors.sessions_visible(request.user), request.user
        ),
        pk=pk,
    )


def _trainer_session(request: HttpRequest, pk: int) -> TrainingSession:
    return get_object_or_404(selectors.sessions_given_by(request.user), pk=pk)


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    roles = request_roles(request)
    return render(
        request,
        "training/sessions/list.html",
        {
            "sessions": selectors.sessions_upcoming(request.user),
            "is_trainer": roles.trainer,
            "is_coordinator": roles.coordinator,
        },
    )


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    registration = selectors.registration_of(request.user, session)
    return render(
        request,
        "training/sessions/detail.html",
        {"session": session, "registration": registration},
    )


@login_required
@require_POST
def session_register(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    try:
        registration = services.registration_create(session=session, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(refusal_messages(error)))
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("You are registered. We sent you a mail."))
        else:
            messages.success(
                request,
                _(
                    "The session is full: you are on the waiting list. We mail you "
                    "as soon as a place comes free."
                ),
            )
    return redirect("training:session_detail", pk=session.pk)


@login_required
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    registration = selectors.registration_of(request.user, session)
    if registration is None:
        raise Http404
    services.registration_cancel(registration=registration)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("training:session_detail", pk=session.pk)


@login_required
def session_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    response = HttpResponse(session_ics(session), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="sessie-{session.pk}.ics"'
    return response


@login_required
def training_request(request: HttpRequest) -> HttpResponse:
    """A coordinator asks for a digihelper training for their group (12 or more)."""
    organisations = coordinated_organisations(request.user)
    if not organisations.exists():
        raise Http404
    form = TrainingRequestForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_request_create(user=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            # A ValidationError names its field (participants, latest).
            form.add_error(
                None, error if isinstance(error, ValidationError) else str(error)
            )
        else:
            messages.success(
                request,
                _("Thank you. We received your request and contact you about a date."),
            )
            return redirect("training:session_list")
    return render(request, "training/sessions/request.html", {"form": form})


@login_required
def trainer_dashboard(request: HttpRequest) -> HttpResponse:
    """A trainer's sessions with their registrations, and their kits."""
    sessions = selectors.trainer_sessions(request.user)
    if not sessions and not is_trainer(request.user):
        raise Http404
    kits = kits_for_trainer(request.user)
    return render(
        request, "training/sessions/trainer.html", {"sessions": sessions, "kits": kits}
    )


@login_required
def trainer_session(request: HttpRequest, pk: int) -> HttpResponse:
    """Registrations and waiting list of one session; attendance after it began."""
    session = _trainer_session(request, pk)
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        try:
            count = services.attendance_record(
                session=session, trainer=request.user, present=present
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(refusal_messages(error)))
        else:
            messages.success(
                request, _("Attendance saved: %(n)s present.") % {"n": count}
            )
        return redirect("training:trainer_session", pk=session.pk)
    return render(
        request,
        "training/sessions/trainer_session.html",
        {"session": session, "participants": selectors.participants(session)},
    )


@login_required
def trainer_session_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The participant list as CSV (spreadsheet formulas neutralised)."""
    session = _trainer_session(request, pk)
    header = [_("First name"), _("Last name"), _("E-mail"), _("Status"),
              _("Registered at"), _("Attended")]  # fmt: skip
    attended = {True: _("yes"), False: _("no"), None: ""}
    rows = [
        [
            registration.user.first_name,
            registration.user.last_name,
            registration.user.email,
            registration.get_status_display(),
            registration.registered_at.strftime("%d/%m/%Y %H:%M"),
            attended[registration.attended],
        ]
        for registration in selectors.participants(session)
    ]
    # A byte-order mark and semicolons: Excel in Belgium opens it with its accents.
    response = HttpResponse(
        "\ufeff" + csv_text([header, *rows], delimiter=";"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="deelnemers-sessie-{session.pk}.csv"'
    )
    return response
