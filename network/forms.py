"""The forms of the network pages: a moderator's decision, a member's visibility."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DecisionForm(forms.Form):
    """Admit a request or refuse it."""

    decision = forms.ChoiceField(
        choices=[("approve", _("Admit")), ("refuse", _("Refuse"))]
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class VisibilityForm(forms.Form):
    """Whether the other members see one's name and organisation."""

    visible = forms.BooleanField(
        label=_("Show my name and organisation to the other members"),
        required=False,
    )
