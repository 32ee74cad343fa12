from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Audience, Level


class CatalogueFilterForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("For whom"),
        required=False,
        choices=[("", _("Everyone"))] + list(Audience.choices),
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("All levels"))] + list(Level.choices),
    )
