"""The organisation's log: what its coordinators did concerning people, and what
happened to its members' accounts. The address each action came from is for the
platform's administrators only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from wagtail.log_actions import registry as log_actions

from audit.models import AuditLogEntry

from .common import coordinated

ENTRIES_PER_PAGE = 50


@login_required
def organisation_log(request: HttpRequest, org: int) -> HttpResponse:
    organisation = coordinated(request, org)
    entries = AuditLogEntry.objects.of_organisation(organisation.pk).select_related(
        "user"
    )
    used = entries.get_actions()
    actions = [choice for choice in log_actions.get_choices() if choice[0] in used]
    action = request.GET.get("action", "")
    if action in used:
        entries = entries.filter(action=action)
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "coordination/log.html",
        {
            "organisation": organisation,
            "page": page,
            "actions": actions,
            "action": action,
            "query_string": urlencode({"action": action}) if action else "",
        },
    )
