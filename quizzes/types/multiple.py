"""Several right answers among options (check boxes); a wrong tick costs points."""

from decimal import Decimal

from .base import LIST_SEPARATOR, ZERO, clamp, fraction, offered
from .single import Single


class Multiple(Single):
    name = "multiple"

    def response(self, drawn, data, name):
        keys = {o["key"] for o in drawn["options"]}
        values = [offered(v, keys, name) for v in data.getlist(name) if v]
        return {"choices": values} if values else None

    def grade(self, drawn, response) -> Decimal:
        chosen = set(response.get("choices") or [])
        total = sum(
            (
                fraction(option)
                for option in drawn["options"]
                if option["key"] in chosen
            ),
            ZERO,
        )
        return clamp(total)

    def right_response(self, drawn):
        return {
            "choices": [
                o["key"] for o in drawn["options"] if Decimal(o["fraction"]) > 0
            ]
        }

    def words(self, drawn, response):
        chosen = set(response.get("choices") or [])
        return LIST_SEPARATOR.join(
            self.label(drawn, option)
            for option in drawn["options"]
            if option["key"] in chosen
        )


TYPE = Multiple()
