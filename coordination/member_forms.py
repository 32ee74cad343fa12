"""Forms of the members pages and of the invitation link. Team choices are limited to
the coordinator's own organisation, so a forged id is refused as an invalid choice."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lms.models import Membership, Organisation, User

from .imports import MAX_BYTES


def _team_field(organisation: Organisation) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=organisation.teams.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class InvitationForm(forms.Form):
    """One person to invite (or to add at once, when they have an account)."""

    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.LEARNER,
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation mail"), choices=settings.LANGUAGES
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"] = _team_field(organisation)
        languages = dict(settings.LANGUAGES)
        current = (get_language() or "")[:2]
        self.fields["language"].initial = (
            current if current in languages else settings.LANGUAGE_CODE
        )
        self.order_fields(
            ["email", "first_name", "last_name", "teams", "role", "language"]
        )


class MemberTeamsForm(forms.Form):
    """The teams one member works in (the checkboxes on the members list)."""

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"] = _team_field(organisation)


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "At most 1 MB and 2000 rows. The first row names the columns: name (or "
            "first name and last name), e-mail, team and role."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 1 MB. Split the list over several files.")
            )
        return upload


class InvitationAcceptForm(forms.Form):
    """A new account from an invitation: names (prefilled) and a password."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        # Built per form, so it is in the visitor's language.
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            # The validators compare the password with the person's name and address.
            person = User(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, user=person)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
