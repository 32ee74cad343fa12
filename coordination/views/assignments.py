"""Assigning courses and modules to the organisation or a team."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import AssignmentForm
from ..models import Assignment
from ..selectors import assignments_of
from .common import coordinated, form_post


@login_required
def assignment_list(request: HttpRequest, org: int) -> HttpResponse:
    """What the organisation assigned, and the form to assign more."""
    organisation = coordinated(request, org)
    form = AssignmentForm(request.POST or None, organisation=organisation)
    posted = form_post(
        request,
        form,
        partial(services.assignment_create, organisation=organisation, by=request.user),
        lambda assignment: (
            _("“%(title)s” is assigned. The members concerned are enrolled.")
            % {"title": assignment.target.title}
        ),
    )
    if posted:
        return posted
    return render(
        request,
        "coordination/assignments.html",
        {
            "organisation": organisation,
            "assignments": assignments_of(organisation),
            "form": form,
        },
    )


@login_required
@require_POST
def assignment_delete(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = coordinated(request, org)
    assignment = get_object_or_404(
        Assignment.objects.select_related("course", "module"),
        pk=pk,
        organisation=organisation,
    )
    services.assignment_delete(assignment=assignment, by=request.user)
    messages.success(
        request,
        _("“%(title)s” is no longer assigned. What members learned stays.")
        % {"title": assignment.target.title},
    )
    return redirect("coordination:assignments", org=organisation.pk)
