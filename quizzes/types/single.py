"""One right answer among options (radio buttons)."""

from decimal import Decimal

from .base import (
    ZERO,
    QuestionType,
    best_option,
    clamp,
    fraction,
    offered,
    options_by_key,
    shuffled,
)


class Single(QuestionType):
    name = "single"

    def draw(self, question, answers, option, rng, shuffle):
        return {"options": shuffled([option(a) for a in answers], rng, shuffle)}

    def response(self, drawn, data, name):
        value = data.get(name)
        keys = {o["key"] for o in drawn["options"]}
        return {"choice": offered(value, keys, name)} if value else None

    def grade(self, drawn, response) -> Decimal:
        chosen = response.get("choice")
        for option in drawn["options"]:
            if option["key"] == chosen:
                return clamp(fraction(option))
        return ZERO

    def right_response(self, drawn):
        return {"choice": best_option(drawn)["key"]}

    def words(self, drawn, response):
        option = options_by_key(drawn).get(response.get("choice"))
        return self.label(drawn, option) if option else ""

    def option_feedback(self, drawn, response):
        chosen = {response.get("choice"), *(response.get("choices") or [])}
        return [
            o["feedback"]
            for o in drawn["options"]
            if o["key"] in chosen and o["feedback"]
        ]


TYPE = Single()
