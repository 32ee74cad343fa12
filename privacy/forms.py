from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you who asks."),
    )
    understood = forms.BooleanField(
        label=_(
            "I understand that my progress, test results, certificates and "
            "registrations are gone for good after the waiting period."
        )
    )
