"""Reminders: the coordinator switches rules on or off; a member sees which rules
apply to them and what they received."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..models import ReminderRule
from ..reminders import (
    RULE_EXPLANATIONS,
    RULES,
    reminder_settings_of,
    reminder_settings_update,
    reminders_of_user,
    reminders_sent_in,
)
from .common import coordinated


class ReminderSettingsForm(forms.Form):
    """One checkbox per rule; an unticked box switches the rule off."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for rule in RULES:
            self.fields[rule] = forms.BooleanField(required=False)


@login_required
def reminder_settings(request: HttpRequest, org: int) -> HttpResponse:
    """What each reminder rule does, a switch per rule, and the last reminders sent."""
    organisation = coordinated(request, org)
    current = reminder_settings_of(organisation)
    if request.method == "POST":
        form = ReminderSettingsForm(request.POST)
        if form.is_valid():
            reminder_settings_update(organisation=organisation, **form.cleaned_data)
            messages.success(request, _("The reminder settings are saved."))
            return redirect("coordination:reminders", org=organisation.pk)
    return render(
        request,
        "coordination/reminders.html",
        {
            "organisation": organisation,
            "rules": [
                {
                    "rule": rule,
                    "label": ReminderRule(rule).label,
                    "explanation": RULE_EXPLANATIONS[rule],
                    "on": current.enabled(rule),
                }
                for rule in RULES
            ],
            "sent": reminders_sent_in(organisation),
        },
    )


@login_required
def my_reminders(request: HttpRequest) -> HttpResponse:
    """The logged-in member's reminders: per organisation, the rules that are on and
    what was sent to them (never anyone else's)."""
    return render(
        request,
        "coordination/my_reminders.html",
        {"organisations": reminders_of_user(request.user)},
    )
