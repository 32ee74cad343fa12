"""Follow-up moments ("terugkommomenten") an organisation plans for its teams."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from training.models import TrainingSession
from training.sessions.selectors import with_counts

from .. import services
from ..forms import FollowUpForm
from .common import coordinated, form_post


@login_required
def follow_up_list(request: HttpRequest, org: int) -> HttpResponse:
    """The organisation's follow-up moments, newest first, and the form to plan one."""
    organisation = coordinated(request, org)
    form = FollowUpForm(request.POST or None, organisation=organisation)
    posted = form_post(
        request,
        form,
        partial(services.follow_up_plan, organisation=organisation, by=request.user),
        lambda session: (
            _(
                "“%(title)s” is planned. The members it is for can register "
                "under Sessions; you mark who was there."
            )
            % {"title": session.title}
        ),
    )
    if posted:
        return posted
    sessions = with_counts(
        TrainingSession.objects.filter(
            organisation=organisation, kind=TrainingSession.Kind.FOLLOW_UP
        )
        .select_related("team")
        .prefetch_related("trainers")
    ).order_by("-starts_at")
    return render(
        request,
        "coordination/follow_ups.html",
        {"organisation": organisation, "sessions": sessions, "form": form},
    )
