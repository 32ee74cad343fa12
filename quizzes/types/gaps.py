"""Gaps in a text ("[[1]]", "[[2]]"…): each filled in by typing, or chosen from a list."""

import re
from decimal import Decimal
from html import escape

from .base import (
    LIST_SEPARATOR,
    ZERO,
    QuestionType,
    offered,
    shuffled,
    text_matches,
    typed,
)

GAP_MARKER = re.compile(r"\[\[(\d+)\]\]")


class Gaps(QuestionType):
    name = "gaps"

    def draw(self, question, answers, option, rng, shuffle):
        gaps = []
        for number in (int(n) for n in GAP_MARKER.findall(question.stem)):
            in_gap = [a for a in answers if a.gap == number]
            if question.gap_mode == "typed":
                gaps.append({"number": number, "accepted": [a.text for a in in_gap]})
                continue
            options = [option(a) for a in in_gap]
            right = max(options, key=lambda o: Decimal(o["fraction"]))
            gaps.append(
                {
                    "number": number,
                    "options": shuffled(
                        [{"key": o["key"], "text": o["text"]} for o in options],
                        rng,
                        True,
                    ),
                    "right_key": right["key"],
                    "right_text": right["text"],
                }
            )
        return {"gaps": gaps}

    def public(self, drawn):
        return {
            "gaps": [
                {"number": g["number"], "options": g.get("options", [])}
                for g in drawn["gaps"]
            ]
        }

    def response(self, drawn, data, name):
        answers = {}
        for gap in drawn["gaps"]:
            value = typed(data, f"{name}-{gap['number']}")
            if value:
                if drawn.get("gap_mode") != "typed":
                    offered(value, {o["key"] for o in gap["options"]}, name)
                answers[str(gap["number"])] = value
        return {"gaps": answers} if answers else None

    def grade(self, drawn, response) -> Decimal:
        answers = response.get("gaps") or {}
        gaps = drawn["gaps"]
        if not gaps:
            return ZERO
        right = 0
        for gap in gaps:
            given = answers.get(str(gap["number"]))
            if drawn.get("gap_mode") == "typed":
                right += any(
                    text_matches(given or "", accepted, drawn)
                    for accepted in gap["accepted"]
                )
            else:
                right += given is not None and given == gap["right_key"]
        return Decimal(right) / len(gaps)

    def right_response(self, drawn):
        if drawn.get("gap_mode") == "typed":
            return {"gaps": {str(g["number"]): g["accepted"][0] for g in drawn["gaps"]}}
        return {"gaps": {str(g["number"]): g["right_key"] for g in drawn["gaps"]}}

    def words(self, drawn, response):
        # Numbered like the blanks of the review's stem ("[1] ____"); an empty gap
        # shows as "…" so the numbers still line up.
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


TYPE = Gaps()
