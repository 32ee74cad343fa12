"""Grading: pure functions from a drawn question and a response to a share of the mark.

A drawn question (`DrawnQuestion`, a dict stored in `Attempt.draw`) holds everything
needed to grade and review it, frozen at the moment of drawing. Options carry opaque
random keys, so nothing the browser sees says which option is right.

Every grader returns a `Decimal` between 0 and 1, whatever the response: unknown keys
count as wrong, missing answers as unanswered.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

DrawnQuestion = dict[str, Any]
Response = dict[str, Any]

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)


def _clamp(value: Decimal) -> Decimal:
    return max(ZERO, min(ONE, value))


def _fraction(option: dict[str, Any]) -> Decimal:
    return Decimal(option["fraction"]) / HUNDRED


def normalise_text(text: str, *, case_sensitive: bool, ignore_accents: bool) -> str:
    """Trim and fold white space; fold case and accents where the author allows it."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not case_sensitive:
        text = text.casefold()
    if ignore_accents:
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return text


def _text_matches(given: str, accepted: str, question: DrawnQuestion) -> bool:
    options = {
        "case_sensitive": question.get("case_sensitive", False),
        "ignore_accents": question.get("ignore_accents", False),
    }
    given = normalise_text(given, **options)
    pattern = normalise_text(accepted, **options)
    if not given:
        return False
    # Moodle's short-answer wildcard: * stands for any text; nothing else is special.
    regex = "".join(
        ".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", pattern)
    )
    return (
        re.fullmatch(regex, given) is not None if "*" in pattern else given == pattern
    )


def grade_single(question: DrawnQuestion, response: Response) -> Decimal:
    chosen = response.get("choice")
    for option in question["options"]:
        if option["key"] == chosen:
            return _clamp(_fraction(option))
    return ZERO


def grade_multiple(question: DrawnQuestion, response: Response) -> Decimal:
    chosen = set(response.get("choices") or [])
    total = sum(
        (
            _fraction(option)
            for option in question["options"]
            if option["key"] in chosen
        ),
        ZERO,
    )
    return _clamp(total)


def grade_matching(question: DrawnQuestion, response: Response) -> Decimal:
    pairs = response.get("pairs") or {}
    items = [option for option in question["options"] if option["text"]]
    if not items:
        return ZERO
    right = sum(1 for item in items if pairs.get(item["key"]) == item["match_key"])
    return Decimal(right) / len(items)


def grade_ordering(question: DrawnQuestion, response: Response) -> Decimal:
    correct = question["correct_order"]
    given = list(response.get("order") or [])
    right = sum(
        1
        for position, key in enumerate(correct)
        if position < len(given) and given[position] == key
    )
    return Decimal(right) / len(correct)


def grade_shortanswer(question: DrawnQuestion, response: Response) -> Decimal:
    given = response.get("text") or ""
    best = ZERO
    for option in question["options"]:
        if _text_matches(given, option["text"], question):
            best = max(best, _clamp(_fraction(option)))
    return best


def parse_number(text: str) -> Decimal | None:
    """A number as typed in Flanders: "3,5" and "3.5" both mean three and a half."""
    cleaned = (text or "").strip().replace(" ", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def grade_numerical(question: DrawnQuestion, response: Response) -> Decimal:
    given = parse_number(response.get("text") or "")
    if given is None:
        return ZERO
    best = ZERO
    for option in question["options"]:
        target = Decimal(option["text"])
        tolerance = abs(Decimal(option.get("tolerance") or 0))
        if abs(given - target) <= tolerance:
            best = max(best, _clamp(_fraction(option)))
    return best


def grade_gaps(question: DrawnQuestion, response: Response) -> Decimal:
    answers = response.get("gaps") or {}
    gaps = question["gaps"]
    if not gaps:
        return ZERO
    right = 0
    for gap in gaps:
        given = answers.get(str(gap["number"]))
        if question.get("gap_mode") == "typed":
            right += any(
                _text_matches(given or "", accepted, question)
                for accepted in gap["accepted"]
            )
        else:
            right += given is not None and given == gap["right_key"]
    return Decimal(right) / len(gaps)


GRADERS = {
    "single": grade_single,
    "truefalse": grade_single,
    "multiple": grade_multiple,
    "matching": grade_matching,
    "ordering": grade_ordering,
    "shortanswer": grade_shortanswer,
    "numerical": grade_numerical,
    "gaps": grade_gaps,
}


PRECISION = Decimal("0.0001")


def grade(question: DrawnQuestion, response: Response | None) -> Decimal:
    """The share of the question's mark the response earns, between 0 and 1.

    Rounded to four decimals, so three right picks worth 33.33333% each make a whole.
    """
    if not response:
        return ZERO
    earned = GRADERS[question["type"]](question, response)
    return earned.quantize(PRECISION, ROUND_HALF_UP)


def right_response(question: DrawnQuestion) -> Response:
    """A response that earns the whole mark: for the demo learner, for tests, and
    worded as "the correct answer" in the review (`wording.correct_answer_html`)."""
    kind = question["type"]
    if kind in ("single", "truefalse"):
        best = max(question["options"], key=lambda o: Decimal(o["fraction"]))
        return {"choice": best["key"]}
    if kind == "multiple":
        return {
            "choices": [
                o["key"] for o in question["options"] if Decimal(o["fraction"]) > 0
            ]
        }
    if kind == "matching":
        return {"pairs": {o["key"]: o["match_key"] for o in question["options"]}}
    if kind == "ordering":
        return {"order": list(question["correct_order"])}
    if kind in ("shortanswer", "numerical"):
        best = max(question["options"], key=lambda o: Decimal(o["fraction"]))
        # A wildcard answer is satisfied by the text without its stars.
        return {"text": best["text"].replace("*", "")}
    if kind == "gaps":
        if question.get("gap_mode") == "typed":
            return {
                "gaps": {str(g["number"]): g["accepted"][0] for g in question["gaps"]}
            }
        return {"gaps": {str(g["number"]): g["right_key"] for g in question["gaps"]}}
    raise ValueError(f"unknown question type {kind!r}")
