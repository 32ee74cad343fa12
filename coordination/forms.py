"""Forms of the coordinators' pages. Every choice is limited to the coordinator's own
organisation, so a forged id is refused as an invalid choice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, ModulePage
from languages.selectors import in_source_language
from lms.models import Organisation, Team


class TeamForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the new team"),
        max_length=100,
        help_text=_("For example: General reception, Social house, Population."),
    )


class AssignmentForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=CoursePage.objects.none()
    )
    module = forms.ModelChoiceField(
        label=_("Only this module (optional)"),
        queryset=ModulePage.objects.none(),
        required=False,
        empty_label=_("The whole course"),
    )
    team = forms.ModelChoiceField(
        label=_("Who"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Everyone in the organisation"),
    )
    mandatory = forms.TypedChoiceField(
        label=_("Mandatory or recommended?"),
        choices=[("1", _("Mandatory")), ("", _("Recommended"))],
        coerce=bool,
        empty_value=False,
        widget=forms.RadioSelect,
        initial="1",
        required=False,
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Needed for a mandatory assignment."),
    )
    requires_follow_up = forms.BooleanField(
        label=_("Attending a follow-up moment of the organisation is part of it"),
        required=False,
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        courses = in_source_language(CoursePage.objects.live()).order_by("path")
        titles = {course.path: course.title for course in courses}
        self.fields["course"].queryset = courses
        self.fields["module"].queryset = in_source_language(
            ModulePage.objects.live()
        ).order_by("path")
        # "Connectoo – CSAM": the course's title from the list above, no query a module.
        self.fields["module"].label_from_instance = lambda module: (
            f"{titles.get(module.path[: -ModulePage.steplen], '')} – {module.title}"
        )
        self.fields["team"].queryset = organisation.teams.all()


# A browser's date-time picker sends and expects ISO ("2027-01-31T14:00"), whatever
# the language; Django's localised format would leave a redisplayed field empty.
LOCAL_DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)


class FollowUpForm(forms.Form):
    """A follow-up moment: what, for whom, when and where."""

    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        initial=_("Follow-up moment"),
    )
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=CoursePage.objects.none()
    )
    team = forms.ModelChoiceField(
        label=_("For"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Everyone in the organisation"),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=LOCAL_DATETIME,
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        widget=LOCAL_DATETIME,
    )
    registration_deadline = forms.DateTimeField(
        label=_("Register before"),
        widget=LOCAL_DATETIME,
    )
    place = forms.CharField(label=_("Place"), max_length=250, required=False)
    online_url = forms.URLField(
        label=_("Online link"), required=False, assume_scheme="https"
    )
    capacity = forms.IntegerField(
        label=_("Places"), min_value=1, max_value=500, initial=20
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = in_source_language(
            CoursePage.objects.live()
        ).order_by("path")
        self.fields["team"].queryset = organisation.teams.all()
