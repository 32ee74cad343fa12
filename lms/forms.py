from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .joining import join_request_create
from .models import Organisation, User
from .services import user_update_profile


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.postcode})"


def organisation_field(label: str) -> OrganisationChoiceField:
    return OrganisationChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label=label,
        empty_label=_("— none —"),
        help_text=_(
            "A coordinator there decides whether you may join (with an address of "
            "the organisation itself you join at once). Once you are a member, its "
            "coordinators see your progress, test results and certificates."
        ),
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
            # The address is not verified yet: the coordinators hear of the request
            # once it is (or the domain lets the person in then).
            join_request_create(
                user=user, organisation=self.cleaned_data["organisation"]
            )


class ProfileForm(NamesForm):
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES
    )
    forum_mail = forms.ChoiceField(
        label=_("Mail about new forum messages in what you follow"),
        choices=User.ForumMail.choices,
        widget=forms.RadioSelect,
    )
    organisation = organisation_field(_("Ask to join an organisation"))

    def save(self, user: User) -> User:
        fields = {k: v for k, v in self.cleaned_data.items() if k != "organisation"}
        return user_update_profile(user=user, **fields)
