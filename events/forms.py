"""The agenda's filters and the registration form with the event's own questions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EventKind, EventPage, Region
from .selectors import AgendaFilters

ANSWER_MAX = 500


class AgendaFilterForm(forms.Form):
    soort = forms.ChoiceField(label=_("Kind of event"), required=False)
    vorm = forms.ChoiceField(
        label=_("Online or in person"),
        required=False,
        choices=[
            ("", _("Online and in person")),
            ("online", _("Online")),
            ("in_person", _("In person")),
        ],
    )
    regio = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=[("", _("All regions")), *Region.choices],
    )

    def __init__(self, *args, kinds: list[EventKind], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [
            ("", _("All kinds")),
            *((kind.slug, kind.name) for kind in kinds),
        ]

    def filters(self) -> AgendaFilters:
        """The chosen filters; an unknown value (an old link) filters nothing."""
        if not self.is_valid():
            return AgendaFilters()
        data = self.cleaned_data
        return AgendaFilters(
            kind=data["soort"], mode=data["vorm"], region=data["regio"]
        )

    @property
    def chosen(self) -> bool:
        return any(self.filters().__dict__.values())


class RegistrationForm(forms.Form):
    """The event's questions (`QuestionBlock`): choices as radio buttons, otherwise
    a line of text (at most 500 characters); required where the organiser said so.

    The form shows the questions as the reader reads the event (a translation), but
    `answers()` gives them in the words of the source event, where the organiser
    reads them: the question's source label, and for a choice the source choice at
    the same place in the list. Translations keep the blocks' ids, which pairs them.
    """

    def __init__(self, *args, event: EventPage, source: EventPage, **kwargs):
        super().__init__(*args, **kwargs)
        source_blocks = {block.id: block.value for block in source.questions}
        self._source: dict[str, tuple[str, list[str]]] = {}
        for block in event.questions:
            question = block.value
            original = source_blocks.get(block.id, question)
            choices = list(question["choices"])
            name = f"q-{block.id}"
            common = {
                "label": question["label"],
                "help_text": question["help_text"],
                "required": question["required"],
            }
            if choices:
                field = forms.ChoiceField(
                    choices=[(choice, choice) for choice in choices],
                    widget=forms.RadioSelect,
                    **common,
                )
            else:
                field = forms.CharField(
                    max_length=ANSWER_MAX,
                    widget=forms.TextInput(attrs={"autocomplete": "off"}),
                    **common,
                )
            self.fields[name] = field
            self._source[name] = (original["label"], list(original["choices"]))

    def answers(self) -> dict[str, str]:
        """Question → answer in the source event's words (empty answers left out)."""
        answers = {}
        for name, value in self.cleaned_data.items():
            if not value:
                continue
            label, source_choices = self._source[name]
            field = self.fields[name]
            choices = [c for c, _shown in getattr(field, "choices", [])]
            if source_choices and value in choices:
                index = choices.index(value)
                if index < len(source_choices):
                    value = source_choices[index]
            answers[label] = value.strip()
        return answers
