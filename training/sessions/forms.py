from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lms.models import Organisation


class TrainingRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("For which organisation?"), queryset=Organisation.objects.none()
    )
    earliest = forms.DateField(
        label=_("Earliest date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    latest = forms.DateField(
        label=_("Latest date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(
        label=_("Where?"),
        max_length=250,
        help_text=_("Address of a room with wifi for the whole group."),
    )
    participants = forms.IntegerField(
        label=_("How many participants?"),
        min_value=1,
        max_value=200,
        help_text=_("At least 12 for a digihelper training."),
    )
    remarks = forms.CharField(
        label=_("Anything else we should know? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations: QuerySet[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
