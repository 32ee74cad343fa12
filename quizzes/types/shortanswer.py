"""A short text typed by the learner, matched against accepted answers (with `*`
wildcards, case and accents as the author allows)."""

from decimal import Decimal
from html import escape

from .base import ZERO, QuestionType, best_option, clamp, fraction, text_matches, typed


class ShortAnswer(QuestionType):
    name = "shortanswer"

    def draw(self, question, answers, option, rng, shuffle):
        return {"options": [option(a) for a in answers]}

    def public(self, drawn):
        return {}

    def response(self, drawn, data, name):
        text = typed(data, name)
        return {"text": text} if text else None

    def grade(self, drawn, response) -> Decimal:
        given = response.get("text") or ""
        best = ZERO
        for option in drawn["options"]:
            if text_matches(given, option["text"], drawn):
                best = max(best, clamp(fraction(option)))
        return best

    def right_response(self, drawn):
        # A wildcard answer is satisfied by the text without its stars.
        return {"text": best_option(drawn)["text"].replace("*", "")}

    def words(self, drawn, response):
        return escape(response.get("text") or "")


TYPE = ShortAnswer()
