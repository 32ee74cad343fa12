"""Freezing a question into an attempt, reading a learner's response from a form, and
the two views of a drawn question: what a learner may see while answering, and what the
review policy lets them see afterwards."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from django.http import QueryDict

from quizzes.grading import DrawnQuestion, Response, grade
from quizzes.models import Question
from quizzes.types import TYPES
from quizzes.types.base import InvalidResponse, key
from quizzes.wording import answer_html, correct_answer_html


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
    # The shape every option starts from; the question's type draws with it.
    option = lambda a: {  # noqa: E731 - a small local shape
        "key": key(),
        "text": a.text,
        "fraction": str(a.fraction),
        "feedback": a.feedback,
        "tolerance": None if a.tolerance is None else str(a.tolerance),
    }
    drawn.update(TYPES[question.type].draw(question, answers, option, rng, shuffle))
    return drawn


def public_question(drawn: DrawnQuestion) -> dict[str, Any]:
    """What the learner's browser may receive while answering: no weights, no keys to
    right answers, no feedback. Each option has its `label`, the words to show
    ("Waar"/"Vrai" on a true/false question, in the active language)."""
    public = {
        field: drawn[field]
        for field in ("slot", "type", "stem", "image_id", "image_alt", "gap_mode")
    }
    public["name"] = f"q{drawn['slot']}"
    public.update(TYPES[drawn["type"]].public(drawn))
    return public


def response_from_post(drawn: DrawnQuestion, data: QueryDict) -> Response | None:
    """The response to one drawn question from a submitted form; None when unanswered.

    Raises InvalidResponse when the form names an option this question did not offer.
    """
    name = f"q{drawn['slot']}"
    kind = drawn["type"]
    if kind not in TYPES:
        raise InvalidResponse(f"{name}: unknown question type {kind!r}")
    return TYPES[kind].response(drawn, data, name)


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
    if policy["feedback"]:
        review["option_feedback"] = TYPES[drawn["type"]].option_feedback(
            drawn, response
        )
    return review


__all__ = [
    "InvalidResponse",
    "draw_question",
    "public_question",
    "response_from_post",
    "review_question",
]
