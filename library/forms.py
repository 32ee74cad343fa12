"""The forms of the databank: searching (read from the URL, so a search can be shared)
and sharing material."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import ItemType, LibraryItem, TargetGroup, Theme
from .selectors import FACETS, Query, Sort
from .uploads import accepted_extensions, validate_upload


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    sorteren = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Best match first")),
            (Sort.NEWEST, _("Newest first")),
            (Sort.TITLE, _("Title (A–Z)")),
        ],
    )

    def query(self, params) -> Query:
        """The visitor's query; values that are not valid are ignored."""
        self.is_valid()  # what is not valid is left out; the rest is kept
        data = self.cleaned_data
        chosen = {
            # At most 30 values of 120 characters; NUL, which PostgreSQL refuses in
            # text, is dropped.
            facet.param: tuple(
                v[:120].replace("\x00", "") for v in params.getlist(facet.param) if v
            )[:30]
            for facet in FACETS
        }
        return Query(
            text=(data.get("q") or "").strip()[:200],
            chosen={k: v for k, v in chosen.items() if v},
            sort=data.get("sorteren") or "",
        )


class SubmissionForm(forms.ModelForm):
    """A person shares material: a link or a file, described like the editors'
    items, with their confirmation that they may share it."""

    file = forms.FileField(label=_("File"), required=False)
    link = forms.URLField(
        label=_("External link"), required=False, max_length=500, assume_scheme="https"
    )
    confirm = forms.BooleanField(
        label=_(
            "I made this material or may share it, and I agree to share it under the "
            "licence I chose."
        ),
        required=True,
    )

    class Meta:
        model = LibraryItem
        fields = [
            "title",
            "description",
            "keywords",
            "organisation",
            "type",
            "target_groups",
            "themes",
            "language",
            "level",
            "licence",
            "link",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "target_groups": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The Dutch values (facts are kept on them), named in the reader's language.
        for name, model in (
            ("type", ItemType),
            ("target_groups", TargetGroup),
            ("themes", Theme),
        ):
            names = selectors.labels(model)
            self.fields[name].queryset = selectors.list_entries(model)
            self.fields[name].label_from_instance = lambda entry, names=names: (
                names.get(entry.slug, entry.name)
            )
        self.fields["licence"].choices = self.fields["licence"].choices[1:]
        self.fields["link"].help_text = _(
            "The web address of the material, if it is online. Otherwise add a file."
        )
        self.fields["file"].help_text = _(
            "At most %(size)s MB. Accepted: %(extensions)s."
        ) % {
            "size": settings.LIBRARY_UPLOAD_MAX_SIZE // (1024 * 1024),
            "extensions": accepted_extensions(),
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file")) or bool(
            self.instance.pk and self.instance.document_id
        )
        if "file" in self.errors:
            return cleaned
        if cleaned.get("link") and cleaned.get("file"):
            raise forms.ValidationError(_("Give a link or a file, not both."))
        if not cleaned.get("link") and not has_file:
            raise forms.ValidationError(
                _("Give the web address of the material or add a file.")
            )
        return cleaned


class DecisionForm(forms.Form):
    """An editor's decision on a submission."""

    class Decision:
        APPROVE = "approve"
        CHANGES = "changes"
        REFUSE = "refuse"

    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (Decision.APPROVE, _("Publish it")),
            (Decision.CHANGES, _("Ask the submitter for changes")),
            (Decision.REFUSE, _("Refuse it")),
        ],
    )
    message = forms.CharField(
        label=_("Message to the submitter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when you ask for changes or refuse: say what and why."),
    )

    def clean(self):
        cleaned = super().clean()
        explain = (self.Decision.CHANGES, self.Decision.REFUSE)
        if (
            cleaned.get("decision") in explain
            and not cleaned.get("message", "").strip()
        ):
            self.add_error("message", _("Tell the submitter what to change or why."))
        return cleaned
