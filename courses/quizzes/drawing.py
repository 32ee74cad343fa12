"""Freezing a question into an attempt, reading a learner's response from a form, and
the two views of a drawn question: what a learner may see while answering, and what the
review policy lets them see afterwards."""

from __future__ import annotations

import random
import re
import secrets
from decimal import Decimal
from typing import Any

from django.http import QueryDict

from ..models import Question
from .grading import DrawnQuestion, Response, grade
from .wording import answer_html, correct_answer_html, option_label

GAP_MARKER = re.compile(r"\[\[(\d+)\]\]")
MAX_TEXT = 200


class InvalidResponse(ValueError):
    """The form names an option that was not offered: a tampered or stale request."""


def _key() -> str:
    # Random per attempt: the same option has another key in every attempt.
    return secrets.token_hex(4)


def _shuffled(items: list, rng: random.Random, shuffle: bool) -> list:
    items = list(items)
    if shuffle:
        rng.shuffle(items)
    return items


def draw_question(
    question: Question, *, slot: int, shuffle_answers: bool, rng: random.Random
) -> DrawnQuestion:
    """Everything needed to show, grade and review `question`, frozen for one attempt."""
    answers = list(question.answers.all())
    shuffle = shuffle_answers and question.shuffle_answers
    drawn: DrawnQuestion = {
        "slot": slot,
        "question_id": question.pk,
        "type": question.type,
        "name": question.name,
        "mark": str(question.default_mark),
        "stem": question.stem,
        "image_id": question.image_id,
        "image_alt": question.image_alt,
        "general_feedback": question.general_feedback,
        "case_sensitive": question.case_sensitive,
        "ignore_accents": question.ignore_accents,
        "gap_mode": question.gap_mode,
    }
    option = lambda a: {  # noqa: E731 - a small local shape, used four times
        "key": _key(),
        "text": a.text,
        "fraction": str(a.fraction),
        "feedback": a.feedback,
        "tolerance": None if a.tolerance is None else str(a.tolerance),
    }
    kind = question.type
    if kind in ("single", "multiple"):
        drawn["options"] = _shuffled([option(a) for a in answers], rng, shuffle)
    elif kind == "truefalse":
        # Always "true" then "false", as learners expect.
        drawn["options"] = sorted(
            (option(a) for a in answers), key=lambda o: o["text"] != "true"
        )
    elif kind in ("shortanswer", "numerical"):
        drawn["options"] = [option(a) for a in answers]
    elif kind == "matching":
        choices: dict[str, str] = {}
        for answer in answers:
            choices.setdefault(answer.match, _key())
        drawn["choices"] = _shuffled(
            [{"key": key, "text": text} for text, key in choices.items()], rng, True
        )
        drawn["options"] = _shuffled(
            [{**option(a), "match_key": choices[a.match]} for a in answers if a.text],
            rng,
            shuffle,
        )
    elif kind == "ordering":
        items = [option(a) for a in answers]
        drawn["correct_order"] = [item["key"] for item in items]
        # Always shuffled: in order, the question would show its own answer.
        shown = _shuffled(items, rng, True)
        while len(shown) > 1 and [i["key"] for i in shown] == drawn["correct_order"]:
            rng.shuffle(shown)
        drawn["options"] = shown
    elif kind == "gaps":
        numbers = [int(n) for n in GAP_MARKER.findall(question.stem)]
        gaps = []
        for number in numbers:
            in_gap = [a for a in answers if a.gap == number]
            if question.gap_mode == "typed":
                gaps.append({"number": number, "accepted": [a.text for a in in_gap]})
            else:
                options = [option(a) for a in in_gap]
                right = max(options, key=lambda o: Decimal(o["fraction"]))
                gaps.append(
                    {
                        "number": number,
                        "options": _shuffled(
                            [{"key": o["key"], "text": o["text"]} for o in options],
                            rng,
                            True,
                        ),
                        "right_key": right["key"],
                        "right_text": right["text"],
                    }
                )
        drawn["gaps"] = gaps
    return drawn


def public_question(drawn: DrawnQuestion) -> dict[str, Any]:
    """What the learner's browser may receive while answering: no weights, no keys to
    right answers, no feedback. Each option has its `label`, the words to show
    ("Waar"/"Vrai" on a true/false question, in the active language)."""
    public = {
        key: drawn[key]
        for key in ("slot", "type", "stem", "image_id", "image_alt", "gap_mode")
    }
    public["name"] = f"q{drawn['slot']}"
    kind = drawn["type"]
    if kind in ("single", "multiple", "truefalse", "ordering", "matching"):
        public["options"] = [
            {"key": o["key"], "text": o["text"], "label": option_label(drawn, o)}
            for o in drawn["options"]
        ]
    if kind == "matching":
        public["choices"] = drawn["choices"]
    elif kind == "gaps":
        public["gaps"] = [
            {"number": g["number"], "options": g.get("options", [])}
            for g in drawn["gaps"]
        ]
    return public


def response_from_post(drawn: DrawnQuestion, data: QueryDict) -> Response | None:
    """The response to one drawn question from a submitted form; None when unanswered.

    Raises InvalidResponse when the form names an option this question did not offer.
    """
    name = f"q{drawn['slot']}"
    kind = drawn["type"]

    def offered(value: str, keys: set[str]) -> str:
        if value not in keys:
            raise InvalidResponse(f"{name}: {value!r} was not offered")
        return value

    if kind in ("single", "truefalse"):
        value = data.get(name)
        keys = {o["key"] for o in drawn["options"]}
        return {"choice": offered(value, keys)} if value else None
    if kind == "multiple":
        keys = {o["key"] for o in drawn["options"]}
        values = [offered(v, keys) for v in data.getlist(name) if v]
        return {"choices": values} if values else None
    if kind == "matching":
        keys = {c["key"] for c in drawn["choices"]}
        pairs = {}
        for item in drawn["options"]:
            value = data.get(f"{name}-{item['key']}")
            if value:
                pairs[item["key"]] = offered(value, keys)
        return {"pairs": pairs} if pairs else None
    if kind == "ordering":
        positions = {}
        count = len(drawn["options"])
        for index, item in enumerate(drawn["options"]):
            value = data.get(f"{name}-{item['key']}")
            if value:
                if not value.isdigit() or not 1 <= int(value) <= count:
                    raise InvalidResponse(f"{name}: position {value!r} out of range")
                positions[item["key"]] = (int(value), index)
        if not positions:
            return None
        return {"order": sorted(positions, key=positions.get)}
    if kind in ("shortanswer", "numerical"):
        text = (data.get(name) or "").strip()[:MAX_TEXT]
        return {"text": text} if text else None
    if kind == "gaps":
        answers = {}
        for gap in drawn["gaps"]:
            value = (data.get(f"{name}-{gap['number']}") or "").strip()[:MAX_TEXT]
            if value:
                if drawn.get("gap_mode") != "typed":
                    offered(value, {o["key"] for o in gap["options"]})
                answers[str(gap["number"])] = value
        return {"gaps": answers} if answers else None
    raise InvalidResponse(f"{name}: unknown question type {kind!r}")


def review_question(
    drawn: DrawnQuestion, response: Response | None, policy: dict[str, bool]
) -> dict[str, Any]:
    """The drawn question as the review policy lets the learner see it after grading;
    `answer` and `correct_answer` are in words (markup, see `wording`)."""
    response = response or {}
    earned = grade(drawn, response)
    review: dict[str, Any] = {
        **public_question(drawn),
        "answered": bool(response),
        "response": response if policy["answers"] else {},
        "answer": answer_html(drawn, response) if policy["answers"] else "",
        "earned": earned,
        "mark": Decimal(drawn["mark"]),
        "points": earned * Decimal(drawn["mark"]),
        "state": (
            ("right" if earned == 1 else "partial" if earned > 0 else "wrong")
            if policy["correctness"]
            else None
        ),
        "general_feedback": drawn["general_feedback"] if policy["feedback"] else "",
        "option_feedback": [],
        "correct_answer": (
            correct_answer_html(drawn) if policy["correct_answers"] else ""
        ),
    }
    if policy["feedback"] and drawn["type"] in ("single", "multiple", "truefalse"):
        chosen = {response.get("choice"), *(response.get("choices") or [])}
        review["option_feedback"] = [
            o["feedback"]
            for o in drawn["options"]
            if o["key"] in chosen and o["feedback"]
        ]
    return review


__all__ = [
    "InvalidResponse",
    "draw_question",
    "public_question",
    "response_from_post",
    "review_question",
]
