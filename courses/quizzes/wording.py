"""Answers in words: a learner's response, or the right answer, as a person reads it.

Every place that shows an answer asks here (the review after an attempt, the learner's
data export), so a true/false answer reads "Waar" or "Vrai" in the language active at
the time, never the stored "true", and a new question type is worded in one module.

Two forms of the same words:

- `answer_html`: markup. Option texts keep the inline HTML their author gave them (the
  page passes them through `clean_html`, as it does for the options themselves); text
  the learner typed and plain texts are escaped.
- `answer_text`: plain text, for files (JSON, CSV, spreadsheets).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape, unescape
from typing import Any

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .grading import DrawnQuestion, Response, right_response

Option = dict[str, Any]

# Between the items of one answer, and between an item and its place or match.
LIST_SEPARATOR = "; "
ARROW = " → "


def option_label(drawn: DrawnQuestion, option: Option) -> str:
    """An option as the learner sees it: "True" or "False" (translated) on a true/false
    question, the author's text otherwise."""
    if drawn["type"] == "truefalse":
        return escape(_("True") if option["text"] == "true" else _("False"))
    return option["text"]


def _options(drawn: DrawnQuestion) -> dict[str, Option]:
    return {option["key"]: option for option in drawn.get("options", [])}


def _choice(drawn: DrawnQuestion, response: Response) -> str:
    option = _options(drawn).get(response.get("choice"))
    return option_label(drawn, option) if option else ""


def _choices(drawn: DrawnQuestion, response: Response) -> str:
    chosen = set(response.get("choices") or [])
    return LIST_SEPARATOR.join(
        option_label(drawn, option)
        for option in drawn["options"]
        if option["key"] in chosen
    )


def _pairs(drawn: DrawnQuestion, response: Response) -> str:
    choices = {choice["key"]: choice["text"] for choice in drawn["choices"]}
    pairs = response.get("pairs") or {}
    return LIST_SEPARATOR.join(
        f"{option['text']}{ARROW}{escape(choices[pairs[option['key']]])}"
        for option in drawn["options"]
        if pairs.get(option["key"]) in choices
    )


def _order(drawn: DrawnQuestion, response: Response) -> str:
    options = _options(drawn)
    return ARROW.join(
        options[key]["text"] for key in response.get("order") or [] if key in options
    )


def _typed(drawn: DrawnQuestion, response: Response) -> str:
    return escape(response.get("text") or "")


def _gaps(drawn: DrawnQuestion, response: Response) -> str:
    # Numbered like the blanks of the review's stem ("[1] ____"); an empty gap shows
    # as "…" so the numbers still line up.
    given = response.get("gaps") or {}
    words = []
    for gap in drawn["gaps"]:
        value = given.get(str(gap["number"]))
        if drawn.get("gap_mode") == "typed":
            word = escape(value) if value else ""
        else:
            texts = {option["key"]: option["text"] for option in gap["options"]}
            word = escape(texts.get(value, ""))
        words.append(f"[{gap['number']}] {word or '…'}")
    return LIST_SEPARATOR.join(words)


WORDERS: dict[str, Callable[[DrawnQuestion, Response], str]] = {
    "single": _choice,
    "truefalse": _choice,
    "multiple": _choices,
    "matching": _pairs,
    "ordering": _order,
    "shortanswer": _typed,
    "numerical": _typed,
    "gaps": _gaps,
}


def answer_html(drawn: DrawnQuestion, response: Response | None) -> str:
    """The response to `drawn` in words, as markup; "" when there is none."""
    if not response:
        return ""
    return WORDERS[drawn["type"]](drawn, response)


def answer_text(drawn: DrawnQuestion, response: Response | None) -> str:
    """The response to `drawn` in words, as plain text; "" when there is none."""
    return unescape(strip_tags(answer_html(drawn, response)))


def correct_answer_html(drawn: DrawnQuestion) -> str:
    """The right answer in words, as markup: the words of a response that earns the
    whole mark (a short answer's wildcards left out)."""
    return answer_html(drawn, right_response(drawn))


__all__ = [
    "WORDERS",
    "answer_html",
    "answer_text",
    "correct_answer_html",
    "option_label",
]
