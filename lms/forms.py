from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Organisation, User
from .services import membership_join, user_update_profile


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.postcode})"


def organisation_field(label: str) -> OrganisationChoiceField:
    return OrganisationChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label=label,
        empty_label=_("— none —"),
        help_text=_("Your coordinator there can follow your progress."),
    )


class NamesForm(forms.Form):
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


class SignupForm(NamesForm):
    """Extra fields on allauth's sign-up form (allauth calls `signup` after saving)."""

    organisation = organisation_field(_("Organisation you work or volunteer for"))

    def signup(self, request, user: User) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        languages = dict(settings.LANGUAGES)
        current = (get_language() or "nl")[:2]
        user.preferred_language = current if current in languages else "nl"
        user.save(update_fields=["first_name", "last_name", "preferred_language"])
        if self.cleaned_data.get("organisation"):
            membership_join(user=user, organisation=self.cleaned_data["organisation"])


class ProfileForm(NamesForm):
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES
    )
    forum_mail = forms.ChoiceField(
        label=_("Mail about new forum messages in what you follow"),
        choices=User.ForumMail.choices,
        widget=forms.RadioSelect,
    )
    organisation = organisation_field(_("Join an organisation"))

    def save(self, user: User) -> User:
        return user_update_profile(user=user, **self.cleaned_data)
