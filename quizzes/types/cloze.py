"""Moodle's embedded answers ("cloze"): a text with gaps written in Moodle's syntax
(`quizzes.formats.cloze`), each gap a small question of its own: typed text, a
number, or one or more choices.

Each gap is drawn as a small drawn question of the type it resembles (short answer,
numerical, single or multiple choice), so reading, grading, the right answer and the
words of a gap are those types' own; this module only adds them up, weighted.
"""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.rich_text import expand_db_html

from quizzes.formats.cloze import Gap, parse_cloze

from .base import (
    ANSWER_TAGS,
    LIST_SEPARATOR,
    ZERO,
    DrawnQuestion,
    QuestionType,
    shuffled,
)
from .multiple import TYPE as MULTIPLE
from .numerical import TYPE as NUMERICAL
from .shortanswer import TYPE as SHORTANSWER
from .single import TYPE as SINGLE

# The types that read, grade and word the gaps, and which one each kind of gap is.
GAP_TYPES: dict[str, QuestionType] = {
    t.name: t for t in (SHORTANSWER, NUMERICAL, SINGLE, MULTIPLE)
}
GAP_KINDS = {
    "shortanswer": SHORTANSWER.name,
    "numerical": NUMERICAL.name,
    "multichoice": SINGLE.name,
    "multiresponse": MULTIPLE.name,
}
BLANK = "<b>[{number}] ____</b>"


class Cloze(QuestionType):
    name = "cloze"

    def draw(self, question, answers, option, rng, shuffle):
        cloze = parse_cloze(question.stem)
        return {
            "texts": list(cloze.texts),
            "gaps": [
                self._draw_gap(gap, question, option, rng, shuffle)
                for gap in cloze.gaps
            ],
        }

    def _draw_gap(self, gap: Gap, question, option, rng, shuffle) -> DrawnQuestion:
        return {
            "number": gap.number,
            "type": GAP_KINDS[gap.kind],
            "weight": gap.weight,
            "display": gap.display,
            "case_sensitive": gap.case_sensitive,
            "ignore_accents": question.ignore_accents,
            "options": shuffled(
                [option(answer) for answer in gap.answers], rng, shuffle and gap.shuffle
            ),
        }

    def public(self, drawn):
        """The text with numbered blanks in place of the gaps (never the answers, which
        the stored stem holds), and per gap what the learner needs to answer it."""
        gaps = drawn["gaps"]
        return {
            "stem": blanks(drawn),
            "texts": drawn["texts"],
            "gaps": [
                {
                    "number": gap["number"],
                    "type": gap["type"],
                    "display": gap["display"],
                    "label": gettext("Answer %(number)s of %(total)s")
                    % {"number": gap["number"], "total": len(gaps)},
                    "options": (
                        [
                            {
                                "key": o["key"],
                                "text": o["text"],
                                "html": choice_html(o["text"]),
                                "plain": choice_words(o["text"]),
                            }
                            for o in gap["options"]
                        ]
                        if gap["display"]
                        else []
                    ),
                }
                for gap in gaps
            ],
        }

    def response(self, drawn, data, name):
        answers = {}
        for gap in drawn["gaps"]:
            field = f"{name}-{gap['number']}"
            answer = GAP_TYPES[gap["type"]].response(gap, data, field)
            if answer:
                answers[str(gap["number"])] = answer
        return {"gaps": answers} if answers else None

    def grade(self, drawn, response) -> Decimal:
        """Each gap's share times its weight, over the weights of all gaps."""
        total = sum(Decimal(gap["weight"]) for gap in drawn["gaps"])
        if not total:
            return ZERO
        earned = sum(
            (
                Decimal(gap["weight"]) * share
                for gap, share in self.gap_shares(drawn, response)
            ),
            ZERO,
        )
        return earned / total

    def gap_shares(self, drawn, response) -> list[tuple[DrawnQuestion, Decimal]]:
        """Each gap with the share of it the response earns (0 when unanswered)."""
        given = (response or {}).get("gaps") or {}
        return [
            (
                gap,
                GAP_TYPES[gap["type"]].grade(gap, given[str(gap["number"])])
                if given.get(str(gap["number"]))
                else ZERO,
            )
            for gap in drawn["gaps"]
        ]

    def right_response(self, drawn):
        return {
            "gaps": {
                str(gap["number"]): GAP_TYPES[gap["type"]].right_response(gap)
                for gap in drawn["gaps"]
            }
        }

    def words(self, drawn, response):
        # Numbered like the blanks of the review's text ("[1] ____"); an empty gap
        # shows as "…" so the numbers still line up.
        given = response.get("gaps") or {}
        words = []
        for gap in drawn["gaps"]:
            answer = given.get(str(gap["number"]))
            word = GAP_TYPES[gap["type"]].words(gap, answer) if answer else ""
            words.append(f"[{gap['number']}] {word or '…'}")
        return LIST_SEPARATOR.join(words)

    def option_feedback(self, drawn, response):
        """The feedback of the answer given in each gap, numbered like the gaps."""
        given = response.get("gaps") or {}
        return [
            f"[{gap['number']}] {feedback}"
            for gap in drawn["gaps"]
            if given.get(str(gap["number"]))
            for feedback in GAP_TYPES[gap["type"]].option_feedback(
                gap, given[str(gap["number"])]
            )
        ]


_ALT = re.compile(r'<embed\b[^>]*\balt="([^"]*)"', re.IGNORECASE)


def choice_html(text: str) -> str:
    """A choice as the learner sees it beside its button: its images (Wagtail's
    embeds, as imported from a Moodle bank) shown, the rest reduced to the answer
    tags. A choice is a piece of the stem cut at "~" and "#", maybe inside a tag, so
    it is sanitised after the embeds are expanded."""
    return mark_safe(  # noqa: S308 - nh3 sanitised it
        nh3.clean(
            expand_db_html(text),
            tags=ANSWER_TAGS | {"img"},
            attributes={"img": {"src", "alt", "width", "height"}},
            url_schemes={"http", "https"},
        )
    )


def choice_words(text: str) -> str:
    """A choice in a list, where only words fit: its text, or the descriptions of
    its images when it is only images."""
    words = unescape(strip_tags(text)).strip()
    return words or " ".join(unescape(alt) for alt in _ALT.findall(text))


def blanks(drawn: DrawnQuestion) -> str:
    """The text of a drawn cloze question with "[1] ____" in place of each gap."""
    texts = drawn["texts"]
    parts = [texts[0]]
    for gap, text in zip(drawn["gaps"], texts[1:], strict=True):
        parts += [BLANK.format(number=gap["number"]), text]
    return "".join(parts)


TYPE = Cloze()
