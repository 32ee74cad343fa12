"""Pairs: each item gets its match from one list of choices."""

from decimal import Decimal
from html import escape

from .base import ARROW, LIST_SEPARATOR, ZERO, QuestionType, key, offered, shuffled


class Matching(QuestionType):
    name = "matching"

    def draw(self, question, answers, option, rng, shuffle):
        choices: dict[str, str] = {}
        for answer in answers:
            choices.setdefault(answer.match, key())
        return {
            "choices": shuffled(
                [{"key": k, "text": text} for text, k in choices.items()], rng, True
            ),
            "options": shuffled(
                [
                    {**option(a), "match_key": choices[a.match]}
                    for a in answers
                    if a.text
                ],
                rng,
                shuffle,
            ),
        }

    def public(self, drawn):
        return {**super().public(drawn), "choices": drawn["choices"]}

    def response(self, drawn, data, name):
        keys = {c["key"] for c in drawn["choices"]}
        pairs = {}
        for item in drawn["options"]:
            value = data.get(f"{name}-{item['key']}")
            if value:
                pairs[item["key"]] = offered(value, keys, name)
        return {"pairs": pairs} if pairs else None

    def grade(self, drawn, response) -> Decimal:
        pairs = response.get("pairs") or {}
        items = [option for option in drawn["options"] if option["text"]]
        if not items:
            return ZERO
        right = sum(1 for item in items if pairs.get(item["key"]) == item["match_key"])
        return Decimal(right) / len(items)

    def right_response(self, drawn):
        return {"pairs": {o["key"]: o["match_key"] for o in drawn["options"]}}

    def words(self, drawn, response):
        choices = {choice["key"]: choice["text"] for choice in drawn["choices"]}
        pairs = response.get("pairs") or {}
        return LIST_SEPARATOR.join(
            f"{option['text']}{ARROW}{escape(choices[pairs[option['key']]])}"
            for option in drawn["options"]
            if pairs.get(option["key"]) in choices
        )


TYPE = Matching()
