"""A number typed by the learner ("3,5" or "3.5"), right within a tolerance."""

from decimal import Decimal, InvalidOperation

from .base import ZERO, clamp, fraction
from .shortanswer import ShortAnswer


def parse_number(text: str) -> Decimal | None:
    """A number as typed in Flanders: "3,5" and "3.5" both mean three and a half."""
    cleaned = (text or "").strip().replace(" ", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class Numerical(ShortAnswer):
    name = "numerical"

    def grade(self, drawn, response) -> Decimal:
        given = parse_number(response.get("text") or "")
        if given is None:
            return ZERO
        best = ZERO
        for option in drawn["options"]:
            target = Decimal(option["text"])
            tolerance = abs(Decimal(option.get("tolerance") or 0))
            if abs(given - target) <= tolerance:
                best = max(best, clamp(fraction(option)))
        return best


TYPE = Numerical()
