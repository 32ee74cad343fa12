"""Template tags of tests: answer HTML made safe, each type's template, fill-in-the-gaps
stems."""

import re

import nh3
from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.templatetags.wagtailcore_tags import richtext

from quizzes.types import TYPES
from quizzes.types.base import ANSWER_TAGS
from quizzes.types.gaps import GAP_MARKER

register = template.Library()


@register.filter
def clean_html(value: str) -> str:
    """Author HTML reduced to inline formatting, safe to put in the page."""
    return mark_safe(nh3.clean(value or "", tags=ANSWER_TAGS, attributes={}))  # noqa: S308 - nh3 sanitised it


@register.filter
def question_template(question: dict) -> str:
    """The template that shows a question of this type (`quizzes.types`)."""
    return TYPES[question["type"]].template


@register.simple_tag
def gap_stem(question: dict, response: dict | None = None) -> str:
    """The stem of a fill-in-the-gaps question with a field in place of each [[n]]."""
    answers = (response or {}).get("gaps", {})
    name = f"q{question['slot']}"
    gaps = {gap["number"]: gap for gap in question["gaps"]}

    def field(match: re.Match) -> str:
        number = int(match.group(1))
        gap = gaps.get(number)
        if gap is None:
            return ""
        label = gettext("Gap %(number)s") % {"number": number}
        current = answers.get(str(number), "")
        if question.get("gap_mode") == "typed":
            return format_html(
                '<input type="text" class="gap" name="{}-{}" value="{}" aria-label="{}" '
                'autocomplete="off" spellcheck="false">',
                name,
                number,
                current,
                label,
            )
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    o["key"],
                    mark_safe(" selected") if o["key"] == current else "",
                    o["text"],
                )  # noqa: S308
                for o in gap["options"]
            ),
        )
        return format_html(
            '<select class="gap" name="{}-{}" aria-label="{}"><option value="">…</option>{}</select>',
            name,
            number,
            label,
            options,
        )

    html = richtext(question["stem"])
    return mark_safe(GAP_MARKER.sub(field, str(html)))  # noqa: S308 - each field is escaped


@register.filter
def gap_blanks(stem: str) -> str:
    """A fill-in-the-gaps stem for the review, with a numbered blank for each gap."""
    html = str(richtext(stem))
    return mark_safe(GAP_MARKER.sub(lambda m: f"<b>[{int(m.group(1))}] ____</b>", html))  # noqa: S308 - only digits are inserted
