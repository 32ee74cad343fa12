"""A short text typed by the learner, matched against accepted answers (with `*`
wildcards, case and accents as the author allows)."""

from decimal import Decimal
from html import escape

from .base import (
    ZERO,
    Option,
    QuestionType,
    best_option,
    clamp,
    fraction,
    text_matches,
    typed,
)


class ShortAnswer(QuestionType):
    name = "shortanswer"

    def draw(self, question, answers, option, rng, shuffle):
        return {"options": [option(a) for a in answers]}

    def public(self, drawn):
        return {}

    def response(self, drawn, data, name):
        text = typed(data, name)
        return {"text": text} if text else None

    def matches(self, drawn, given: str, option: Option) -> bool:
        return text_matches(given, option["text"], drawn)

    def matching(self, drawn, response) -> Option | None:
        """The accepted answer the response matches that is worth the most."""
        given = response.get("text") or ""
        found = [o for o in drawn["options"] if self.matches(drawn, given, o)]
        return max(found, key=fraction, default=None)

    def grade(self, drawn, response) -> Decimal:
        option = self.matching(drawn, response)
        return clamp(fraction(option)) if option else ZERO

    def right_response(self, drawn):
        # A wildcard answer is satisfied by the text without its stars.
        return {"text": best_option(drawn)["text"].replace("*", "")}

    def words(self, drawn, response):
        return escape(response.get("text") or "")

    def option_feedback(self, drawn, response):
        option = self.matching(drawn, response)
        return [option["feedback"]] if option and option.get("feedback") else []


TYPE = ShortAnswer()
