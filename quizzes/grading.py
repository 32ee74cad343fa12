"""Grading: from a drawn question and a response to a share of the mark, by the
question's type (`quizzes.types`).

A drawn question (`DrawnQuestion`, a dict stored in `Attempt.draw`) holds everything
needed to grade and review it, frozen at the moment of drawing. Options carry opaque
random keys, so nothing the browser sees says which option is right.

Every grader returns a `Decimal` between 0 and 1, whatever the response: unknown keys
count as wrong, missing answers as unanswered.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from quizzes.types import TYPES
from quizzes.types.base import ZERO, DrawnQuestion, Response, normalise_text
from quizzes.types.numerical import parse_number

PRECISION = Decimal("0.0001")


def grade(question: DrawnQuestion, response: Response | None) -> Decimal:
    """The share of the question's mark the response earns, between 0 and 1.

    Rounded to four decimals, so three right picks worth 33.33333% each make a whole.
    """
    if not response:
        return ZERO
    earned = TYPES[question["type"]].grade(question, response)
    return earned.quantize(PRECISION, ROUND_HALF_UP)


def right_response(question: DrawnQuestion) -> Response:
    """A response that earns the whole mark: for the demo learner, for tests, and
    worded as "the correct answer" in the review (`wording.correct_answer_html`)."""
    kind = question["type"]
    if kind not in TYPES:
        raise ValueError(f"unknown question type {kind!r}")
    return TYPES[kind].right_response(question)


__all__ = [
    "DrawnQuestion",
    "Response",
    "grade",
    "normalise_text",
    "parse_number",
    "right_response",
]
