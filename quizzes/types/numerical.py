"""A number typed by the learner ("3,5" or "3.5"), right within a tolerance."""

from decimal import Decimal, InvalidOperation

from .base import Option
from .shortanswer import ShortAnswer

# No answer needs more than this many digits before or after the point; beyond it
# ("1e999999999") arithmetic with the right answer would overflow.
MAX_EXPONENT = 100


def parse_number(text: str) -> Decimal | None:
    """A number as typed in Flanders: "3,5" and "3.5" both mean three and a half."""
    cleaned = (text or "").strip().replace(" ", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number.adjusted()) > MAX_EXPONENT:
        return None
    return number


class Numerical(ShortAnswer):
    name = "numerical"

    def matches(self, drawn, given: str, option: Option) -> bool:
        # Moodle's "*" answer (in cloze gaps) accepts whatever was typed.
        if option["text"] == "*":
            return bool(given.strip())
        number = parse_number(given)
        if number is None:
            return False
        tolerance = abs(Decimal(option.get("tolerance") or 0))
        return abs(number - Decimal(option["text"])) <= tolerance


TYPE = Numerical()
