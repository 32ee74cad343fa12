"""The question form in the admin refuses a question that would not make sense to a
learner (and could not be exported), with the same rules as the file importers."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from quizzes.formats import AnswerData, QuestionData, question_problem


class QuestionAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        answers_formset = self.formsets.get("answers")
        if self.errors or answers_formset is None or not answers_formset.is_valid():
            return cleaned
        answers = [
            AnswerData(
                text=form.cleaned_data.get("text", ""),
                fraction=form.cleaned_data.get("fraction") or Decimal(0),
                match=form.cleaned_data.get("match", ""),
                tolerance=form.cleaned_data.get("tolerance"),
                gap=form.cleaned_data.get("gap"),
            )
            for form in answers_formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if cleaned.get("type") == "cloze":
            # Its text is checked by the model (`Question.clean`), on its own field.
            if answers:
                # They would be kept, exported and never shown: say so instead.
                raise forms.ValidationError(
                    _(
                        "A cloze question keeps its answers in its text: remove its "
                        "answer rows."
                    )
                )
            return cleaned
        problem = question_problem(
            QuestionData(
                type=cleaned.get("type", ""),
                name=cleaned.get("name", ""),
                stem=cleaned.get("stem", ""),
                default_mark=cleaned.get("default_mark") or Decimal(1),
                gap_mode=cleaned.get("gap_mode", "select"),
                answers=answers,
            )
        )
        if problem:
            raise forms.ValidationError(
                _("This question cannot be used yet: %(problem)s.")
                % {"problem": problem}
            )
        return cleaned
