"""The coordinator's start: their organisations, and per organisation its teams and
the way to everything else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lms.roles import coordinated_organisations

from .. import services
from ..forms import TeamForm
from .common import coordinated, form_add_refusal


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The organisations the user coordinates; straight to the only one."""
    organisations = list(coordinated_organisations(request.user))
    if not organisations:
        raise Http404
    if len(organisations) == 1:
        return redirect("coordination:home", org=organisations[0].pk)
    return render(
        request, "coordination/organisations.html", {"organisations": organisations}
    )


@login_required
def organisation_home(request: HttpRequest, org: int) -> HttpResponse:
    """An organisation's teams (with a form to add one) and links to its pages."""
    organisation = coordinated(request, org)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(
                organisation=organisation, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form_add_refusal(form, error)
        else:
            messages.success(request, _("Team “%(name)s” added.") % {"name": team.name})
            return redirect("coordination:home", org=organisation.pk)
    return render(
        request,
        "coordination/home.html",
        {
            "organisation": organisation,
            "teams": organisation.teams.annotate(size=Count("memberships")),
            "member_count": organisation.memberships.count(),
            "form": form,
        },
    )
