"""What every question type is, and the helpers the types share.

A type turns a `Question` into a drawn question (a dict frozen in `Attempt.draw`),
shows it (`public` keys and its template), reads a learner's form into a response,
grades the response (a share of the mark between 0 and 1), knows the response that
earns the whole mark, and puts a response in words. `quizzes.drawing`,
`quizzes.grading` and `quizzes.wording` dispatch to the type; the Moodle XML and GIFT
formats keep their own per-format mapping (`quizzes.formats`).
"""

from __future__ import annotations

import random
import re
import secrets
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.http import QueryDict

DrawnQuestion = dict[str, Any]
Response = dict[str, Any]
Option = dict[str, Any]

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
MAX_TEXT = 200
# Between the items of one answer, and between an item and its place or match.
LIST_SEPARATOR = "; "
ARROW = " → "
# Answer texts come from editors and from imported files: keep only harmless markup.
ANSWER_TAGS = {"b", "strong", "i", "em", "sub", "sup", "br", "code", "span", "p"}


class InvalidResponse(ValueError):
    """A submitted form names an option its question did not offer."""


class QuestionType:
    """One kind of question. Subclasses set `name` and override what differs."""

    name: str = ""
    #: The keys of the drawn question the learner's browser may receive besides the
    #: common ones (options get their `label`).
    public_keys: tuple[str, ...] = ()

    @property
    def template(self) -> str:
        return f"components/quiz/types/{self.name}.html"

    def draw(
        self, question, answers: list, option: Callable[[Any], Option],
        rng: random.Random, shuffle: bool,
    ) -> dict[str, Any]:  # fmt: skip
        """The type's part of the drawn question (`options`, `choices`, `gaps`…)."""
        raise NotImplementedError

    def public(self, drawn: DrawnQuestion) -> dict[str, Any]:
        """The type's part of what the browser may see: options with their words."""
        return {
            "options": [
                {"key": o["key"], "text": o["text"], "label": self.label(drawn, o)}
                for o in drawn["options"]
            ]
        }

    def label(self, drawn: DrawnQuestion, option: Option) -> str:
        """An option as the learner sees it: the author's text."""
        return option["text"]

    def response(
        self, drawn: DrawnQuestion, data: QueryDict, name: str
    ) -> Response | None:
        """The response in a submitted form; None when unanswered."""
        raise NotImplementedError

    def grade(self, drawn: DrawnQuestion, response: Response) -> Decimal:
        raise NotImplementedError

    def right_response(self, drawn: DrawnQuestion) -> Response:
        raise NotImplementedError

    def words(self, drawn: DrawnQuestion, response: Response) -> str:
        """The response in words, as markup."""
        raise NotImplementedError

    def option_feedback(self, drawn: DrawnQuestion, response: Response) -> list[str]:
        """The feedback of the options the learner chose (choice types only)."""
        return []


def key() -> str:
    """An opaque option key: nothing the browser sees says which option is right."""
    return secrets.token_hex(4)


def shuffled(items: list, rng: random.Random, shuffle: bool) -> list:
    items = list(items)
    if shuffle:
        rng.shuffle(items)
    return items


def offered(value: str, keys: set[str], name: str) -> str:
    if value not in keys:
        raise InvalidResponse(f"{name}: {value!r} was not offered")
    return value


def typed(data: QueryDict, field: str) -> str:
    return (data.get(field) or "").strip()[:MAX_TEXT]


def clamp(value: Decimal) -> Decimal:
    return max(ZERO, min(ONE, value))


def fraction(option: Option) -> Decimal:
    return Decimal(option["fraction"]) / HUNDRED


def best_option(drawn: DrawnQuestion) -> Option:
    return max(drawn["options"], key=lambda o: Decimal(o["fraction"]))


def options_by_key(drawn: DrawnQuestion) -> dict[str, Option]:
    return {option["key"]: option for option in drawn.get("options", [])}


def normalise_text(text: str, *, case_sensitive: bool, ignore_accents: bool) -> str:
    """Trim and fold white space; fold case and accents where the author allows it."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not case_sensitive:
        text = text.casefold()
    if ignore_accents:
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return text


def text_matches(given: str, accepted: str, question: DrawnQuestion) -> bool:
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
