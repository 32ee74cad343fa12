"""Forms of the forum pages. Messages are checked here and again in the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from forums.formatting import MAX_LENGTH
from forums.images import post_image_prepare
from forums.models import Forum, PostReport, Thread

BODY_HELP = _(
    "Leave an empty line for a new paragraph. The buttons above the box make text "
    "bold or italic, start a list or add a link."
)


class MessageForm(forms.Form):
    """The text of a post, with an optional image that must be described."""

    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_LENGTH,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 8, "data-editor": "forum"}),
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body.strip():
            raise ValidationError(_("Write a message."))
        return body


class ImageFields(forms.Form):
    image = forms.FileField(
        label=_("Photo or screenshot (optional)"),
        required=False,
        help_text=_("JPEG, PNG, GIF or WebP, at most 5 MB. Hide personal data first."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    image_alt = forms.CharField(
        label=_("What does the image show?"),
        required=False,
        max_length=200,
        help_text=_("For people who cannot see the image."),
    )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        return post_image_prepare(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_alt", "").strip():
            self.add_error(
                "image_alt", _("Describe the image in a few words for screen readers.")
            )
        return cleaned


class ThreadForm(ImageFields, MessageForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("Your question in one short sentence."),
    )
    kind = forms.ChoiceField(
        label=_("What do you want to do?"),
        choices=[
            (Thread.Kind.QUESTION, _("Ask a question")),
            (Thread.Kind.DISCUSSION, _("Share something or start a discussion")),
        ],
        initial=Thread.Kind.QUESTION,
        widget=forms.RadioSelect,
    )
    field_order = ["title", "kind", "body", "image", "image_alt"]


class ReplyForm(ImageFields, MessageForm):
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search in this forum"), max_length=100, required=False)

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this message?"),
        choices=PostReport.Reason.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Explain (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(forms.Form):
    """Every moderation action is logged with why it was taken."""

    reason = forms.CharField(
        label=_("Why? (kept in the moderation log)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MoveForm(ReasonForm):
    forum = forms.ModelChoiceField(label=_("Move to forum"), queryset=Forum.objects)

    def __init__(self, *args, forums: QuerySet[Forum], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = forums


class SuspendForm(ReasonForm):
    days = forms.IntegerField(
        label=_("For how many days?"), min_value=1, max_value=365, initial=7
    )
