"""What the coordination app adds to other apps' pages and to the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from audit.models import AuditLogEntry
from courses.selectors import LearnerStates
from lms.models import JoinRequest

from .invitations import invitations_for
from .models import Assignment, Invitation, MemberImport
from .selectors import my_assignments


@hooks.register("learner_dashboard_panels")
def invitations_panel(request):
    """Invitations of organisations waiting for the learner's yes or no, first."""
    invitations = list(invitations_for(request.user))
    if not invitations:
        return None
    return {
        "template": "coordination/_dashboard_invitations.html",
        "invitations": invitations,
    }


@hooks.register("learner_dashboard_panels")
def assignments_panel(request):
    """The learner's assignments on "Mijn leertraject", mandatory ones first."""
    cells = my_assignments(
        request.user, states=LearnerStates.of_request(request).states
    )
    if not cells:
        return None
    return {"template": "coordination/_dashboard_assignments.html", "cells": cells}


class TeamsFormatter(LogFormatter):
    label = _("Change teams")

    def format_message(self, log_entry) -> str:
        teams = log_entry.data.get("teams") or []
        if not teams:
            return _("Took out of every team")
        return _("Put in the teams: %(teams)s") % {"teams": ", ".join(teams)}


@hooks.register("register_log_actions")
def coordination_log_actions(actions):
    for model in (Invitation, MemberImport, Assignment, JoinRequest):
        actions.register_model(model, AuditLogEntry)
    actions.register_action(
        "coordination.invite", _("Invite"), _("Invited to join the organisation")
    )
    actions.register_action(
        "coordination.invitation_accepted",
        _("Accept an invitation"),
        _("Accepted the invitation"),
    )
    actions.register_action(
        "coordination.invitation_declined",
        _("Decline an invitation"),
        _("Declined the invitation"),
    )
    actions.register_action(
        "coordination.import", _("Import members"), _("Imported a member list")
    )
    actions.register_action(
        "coordination.join_approve",
        _("Approve a request to join"),
        _("Approved the request to join"),
    )
    actions.register_action(
        "coordination.join_refuse",
        _("Refuse a request to join"),
        _("Refused the request to join"),
    )
    actions.register_action("coordination.teams")(TeamsFormatter)
    actions.register_action("coordination.assign", _("Assign"), _("Assigned"))
    actions.register_action(
        "coordination.unassign", _("Withdraw an assignment"), _("Withdrew")
    )
    actions.register_action(
        "coordination.export",
        _("Export member data"),
        _("Downloaded the members' progress"),
    )
