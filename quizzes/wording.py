"""Answers in words: a learner's response, or the right answer, as a person reads it.

Every place that shows an answer asks here (the review after an attempt, the learner's
data export), so a true/false answer reads "Waar" or "Vrai" in the language active at
the time, never the stored "true", and a question type is worded in its own module (`quizzes.types`).

Two forms of the same words:

- `answer_html`: markup. Option texts keep the inline HTML their author gave them (the
  page passes them through `clean_html`, as it does for the options themselves); text
  the learner typed and plain texts are escaped.
- `answer_text`: plain text, for files (JSON, CSV, spreadsheets).
"""

from __future__ import annotations

from html import unescape

from django.utils.html import strip_tags

from quizzes.grading import DrawnQuestion, Response, right_response
from quizzes.types import TYPES
from quizzes.types.base import Option


def option_label(drawn: DrawnQuestion, option: Option) -> str:
    """An option as the learner sees it: "True" or "False" (translated) on a true/false
    question, the author's text otherwise."""
    return TYPES[drawn["type"]].label(drawn, option)


def answer_html(drawn: DrawnQuestion, response: Response | None) -> str:
    """The response to `drawn` in words, as markup; "" when there is none."""
    if not response:
        return ""
    return TYPES[drawn["type"]].words(drawn, response)


def answer_text(drawn: DrawnQuestion, response: Response | None) -> str:
    """The response to `drawn` in words, as plain text; "" when there is none."""
    return unescape(strip_tags(answer_html(drawn, response)))


def correct_answer_html(drawn: DrawnQuestion) -> str:
    """The right answer in words, as markup: the words of a response that earns the
    whole mark (a short answer's wildcards left out)."""
    return answer_html(drawn, right_response(drawn))


__all__ = [
    "answer_html",
    "answer_text",
    "correct_answer_html",
    "option_label",
]
