"""xAPI statements from the player turned into progress, and saved player state.

The server ignores the statement's actor (the session says who it is), keeps each
statement once (by its id), checks `result.score`, and only top-level `completed`,
`answered`, `passed` and `failed` statements change the activity's result: a
sub-question of a larger exercise never completes the whole.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from h5p.models import H5PActivity, H5PResult, XAPIStatement
from h5p.signals import statement_received
from lms.links import learner_agent
from lms.models import User

if TYPE_CHECKING:
    from courses.models import LessonPage

VERBS = "http://adlnet.gov/expapi/verbs/"
COUNTING = {"completed", "answered", "passed", "failed"}
SUBCONTENT = "http://h5p.org/x-api/h5p-subContentId"
MAX_STATE = 64 * 1024


class StatementRefused(ValueError):
    """The statement is not well-formed; the message says what is wrong."""


def _number(value, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StatementRefused(f"result.score.{name} is not a number")
    return float(value)


def _score(result: dict) -> tuple[float | None, float | None]:
    score = result.get("score")
    if score is None:
        return None, None
    if not isinstance(score, dict):
        raise StatementRefused("result.score is not an object")
    raw, low, high, scaled = (
        _number(score.get(key), key) for key in ("raw", "min", "max", "scaled")
    )
    if scaled is not None and not -1 <= scaled <= 1:
        raise StatementRefused("result.score.scaled is outside -1..1")
    if high is not None and low is not None and low > high:
        raise StatementRefused("result.score.min is above max")
    if raw is not None and (
        (high is not None and raw > high) or (low is not None and raw < low)
    ):
        raise StatementRefused("result.score.raw is outside min..max")
    return raw, high


def _top_level(statement: dict) -> bool:
    target = statement.get("object") or {}
    extensions = (target.get("definition") or {}).get("extensions") or {}
    return SUBCONTENT not in extensions and "subContentId=" not in str(target.get("id"))


def statement_record(
    *,
    user: User,
    activity: H5PActivity,
    statement: dict,
    lesson: LessonPage | None = None,
) -> H5PResult:
    """Keep one statement and update the learner's result. Idempotent per statement id:
    a statement kept for the first time is announced (`statement_received`, with the
    `lesson` it was played in when the caller knows it)."""
    if not isinstance(statement, dict):
        raise StatementRefused("the statement is not an object")
    try:
        statement_id = uuid.UUID(str(statement.get("id")))
    except ValueError:
        raise StatementRefused("the statement has no valid id") from None
    verb = (statement.get("verb") or {}).get("id")
    if not isinstance(verb, str) or not verb:
        raise StatementRefused("the statement has no verb")
    result = statement.get("result") or {}
    if not isinstance(result, dict):
        raise StatementRefused("result is not an object")
    raw, high = _score(result)
    # The server decides who acted; whatever the browser claimed is replaced.
    statement = {**statement, "actor": learner_agent(user)}
    with transaction.atomic():
        outcome, _ = H5PResult.objects.select_for_update().get_or_create(
            user=user, activity=activity
        )
        try:
            with transaction.atomic():
                XAPIStatement.objects.create(
                    user=user,
                    activity=activity,
                    statement_id=statement_id,
                    verb=verb[:200],
                    raw=statement,
                )
        except IntegrityError:
            return outcome  # delivered before
        statement_received.send(
            sender=H5PActivity,
            user=user,
            activity=activity,
            lesson=lesson,
            statement=statement,
        )
        name = verb.removeprefix(VERBS)
        if name in COUNTING and _top_level(statement):
            success = result.get("success")
            passed = name == "passed" or (name != "failed" and success is True)
            if raw is not None and high:
                outcome.score_raw, outcome.score_max = raw, high
                passed = passed or (success is None and raw >= high)
            outcome.completed_at = outcome.completed_at or timezone.now()
            outcome.passed = outcome.passed or passed
            outcome.save()
    return outcome


def state_save(*, user: User, activity: H5PActivity, state: str) -> None:
    """Keep the player's state, so an interrupted exercise resumes."""
    if not isinstance(state, str) or len(state) > MAX_STATE:
        raise StatementRefused("the state is missing or too large")
    H5PResult.objects.update_or_create(
        user=user, activity=activity, defaults={"state": state}
    )
