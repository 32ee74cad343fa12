"""The members of an organisation: who they are and in which teams, inviting people
one by one or from a CSV list, and the link an invited person opens."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.errors import refusal_messages
from lms.models import Membership

from .. import invitations, services
from ..imports import member_import_check, member_import_confirm, member_import_create
from ..invitations import (
    invitation_by_token,
    invitations_for,
    open_invitations,
    user_with_email,
)
from ..member_forms import (
    InvitationAcceptForm,
    InvitationForm,
    MemberImportForm,
    MemberTeamsForm,
)
from ..models import Invitation, MemberImport
from ..selectors import members_of, pending_join_requests
from .common import coordinated, form_add_refusal, form_post

# The backend that logs in a person whose address allauth verified.
LOGIN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@login_required
def member_list(request: HttpRequest, org: int) -> HttpResponse:
    """The members with their teams, the open invitations, and the form to invite
    one person."""
    organisation = coordinated(request, org)
    form = InvitationForm(request.POST or None, organisation=organisation)
    posted = form_post(
        request,
        form,
        partial(
            invitations.invitation_create, organisation=organisation, by=request.user
        ),
        lambda _invitation: (
            _(
                "An invitation is on its way to %(email)s. They become a member "
                "when they accept it."
            )
            % {"email": form.cleaned_data["email"]}
        ),
    )
    if posted:
        return posted
    return render(
        request,
        "coordination/members.html",
        {
            "organisation": organisation,
            "members": members_of(organisation),
            "teams": list(organisation.teams.order_by("name")),
            "invitations": open_invitations(organisation),
            "join_requests": pending_join_requests(organisation),
            "now": timezone.now(),
            "form": form,
        },
    )


@login_required
@require_POST
def member_teams(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    """Put one member in the teams ticked on the members list."""
    organisation = coordinated(request, org)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, organisation=organisation
    )
    form = MemberTeamsForm(request.POST, organisation=organisation)
    if form.is_valid():
        services.member_teams_change(
            membership=membership, teams=form.cleaned_data["teams"], by=request.user
        )
        messages.success(
            request,
            _("The teams of %(name)s are saved.") % {"name": membership.user},
        )
    else:
        messages.error(request, _("Choose teams of your own organisation."))
    members_url = reverse("coordination:members", args=[organisation.pk])
    return redirect(f"{members_url}#member-{membership.pk}")


@login_required
@require_POST
def join_request_decide(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    """Approve or refuse one request to join (`decision` in the POST)."""
    organisation = coordinated(request, org)
    join_request = get_object_or_404(
        pending_join_requests(organisation).select_related("user"), pk=pk
    )
    approve = request.POST.get("decision") == "approve"
    try:
        services.join_request_decide(
            join_request=join_request, by=request.user, approve=approve
        )
    except ValidationError as error:
        for message in refusal_messages(error):
            messages.error(request, message)
    else:
        text = (
            _("%(name)s is now a member.")
            if approve
            else _("You refused the request of %(name)s.")
        )
        messages.success(request, text % {"name": join_request.user})
    return redirect("coordination:members", org=organisation.pk)


@login_required
def member_import(request: HttpRequest, org: int) -> HttpResponse:
    """Upload a CSV member list; a readable one goes to the preview."""
    organisation = coordinated(request, org)
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = member_import_create(
                organisation=organisation,
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", refusal_messages(error))
        else:
            return redirect(
                "coordination:member_import_preview", org=organisation.pk, pk=upload.pk
            )
    return render(
        request,
        "coordination/member_import.html",
        {"organisation": organisation, "form": form},
    )


@login_required
def member_import_preview(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    """GET: what importing the list will do, row by row, with the errors to fix.
    POST: apply it, when it has no errors and was not applied before."""
    organisation = coordinated(request, org)
    upload = get_object_or_404(MemberImport, pk=pk, organisation=organisation)
    if request.method == "POST":
        try:
            invited = member_import_confirm(
                member_import=upload,
                by=request.user,
                language=translation.get_language() or "",
            )
        except ValidationError as error:
            for message in refusal_messages(error):
                messages.error(request, message)
            if upload.confirmed_at is not None or error.code == "already_confirmed":
                return redirect("coordination:members", org=organisation.pk)
            return redirect(
                "coordination:member_import_preview", org=organisation.pk, pk=upload.pk
            )
        messages.success(
            request,
            _("%(invited)s invitations sent. People become members when they accept.")
            % {"invited": invited},
        )
        return redirect("coordination:members", org=organisation.pk)
    return render(
        request,
        "coordination/member_import_preview.html",
        {
            "organisation": organisation,
            "upload": upload,
            "preview": member_import_check(upload),
            "form": MemberImportForm(),
        },
    )


def invitation_answer(request: HttpRequest, invitation: Invitation) -> None:
    """Accept or decline (`answer` in the POST) for the logged-in person, and say
    what happened."""
    name = invitation.organisation.name
    try:
        if request.POST.get("answer") == "decline":
            invitations.invitation_decline(invitation=invitation, user=request.user)
            text = _("You declined the invitation of %(name)s.")
        else:
            invitations.invitation_accept(invitation=invitation, user=request.user)
            text = _("Welcome to %(name)s.")
    except ValidationError as error:
        for message in refusal_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, text % {"name": name})


@login_required
@require_POST
def invitation_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or decline from the notice on the learning path; only invitations
    addressed to the logged-in person exist here (404 otherwise)."""
    invitation = get_object_or_404(invitations_for(request.user), pk=pk)
    invitation_answer(request, invitation)
    return redirect("courses:dashboard")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation mail.

    Unknown, used, declined or expired links get a page that says so (404, 410). A
    visitor logged in with the invited address accepts or declines with one button;
    one with an account who is not logged in as it is asked to log in; anyone else
    creates the account here, with the address already verified, and is logged in.
    """
    invitation = invitation_by_token(token)
    if invitation is None or invitation.accepted_at is not None:
        return render(
            request, "coordination/invitation_accept.html", {"state": "unknown"},
            status=404,
        )  # fmt: skip
    context = {"invitation": invitation, "organisation": invitation.organisation}
    if invitation.declined_at is not None:
        return render(
            request,
            "coordination/invitation_accept.html",
            {**context, "state": "declined"},
            status=410,
        )
    if invitation.expires_at <= timezone.now():
        return render(
            request,
            "coordination/invitation_accept.html",
            {**context, "state": "expired"},
            status=410,
        )
    user = request.user
    if user.is_authenticated:
        account = user_with_email(invitation.email)
        if account is None or account.pk != user.pk:
            return render(
                request,
                "coordination/invitation_accept.html",
                {**context, "state": "other_user"},
                status=403,
            )
        if request.method == "POST":
            invitation_answer(request, invitation)
            return redirect("courses:dashboard")
        return render(
            request, "coordination/invitation_accept.html", {**context, "state": "join"}
        )
    if user_with_email(invitation.email) is not None:
        return render(
            request,
            "coordination/invitation_accept.html",
            {**context, "state": "log_in"},
        )
    form = InvitationAcceptForm(
        request.POST or None,
        email=invitation.email,
        initial={
            "first_name": invitation.first_name,
            "last_name": invitation.last_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            account = invitations.invitation_accept_new_account(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form_add_refusal(form, error)
        else:
            login(request, account, backend=LOGIN_BACKEND)
            messages.success(
                request,
                _("Welcome to %(name)s.") % {"name": invitation.organisation.name},
            )
            return redirect("courses:dashboard")
    return render(
        request,
        "coordination/invitation_accept.html",
        {**context, "state": "sign_up", "form": form},
    )
