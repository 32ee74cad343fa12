"""The life of an attempt: start (draw), save, submit (grade once), close when overdue."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.selectors import course_of_test, is_enrolled
from courses.services import completion_record
from languages.selectors import in_source_language
from lms.models import User
from quizzes.drawing import draw_question
from quizzes.grading import Response, grade
from quizzes.models import Attempt, Question, TestPage
from quizzes.signals import attempt_graded, attempt_started, test_passed

# Answers sent this long after the deadline still count: a slow network or a click at
# 59 seconds should not lose the last answer.
GRACE = timedelta(seconds=30)
CENT = Decimal("0.01")


class AttemptRefused(Exception):
    """Starting or changing an attempt is not allowed; the message says why (translated)."""


def _last_attempt(user: User, test: TestPage) -> Attempt | None:
    return Attempt.objects.filter(user=user, test=test).order_by("-number").first()


def attempt_refusal(*, user: User, test: TestPage, now: datetime | None = None) -> str:
    """Why `user` may not start a new attempt at `test` now ("" when they may)."""
    now = now or timezone.now()
    last = _last_attempt(user, test)
    if last is None:
        return ""
    if test.max_attempts and last.number >= test.max_attempts:
        return _("You have used all your attempts for this test.")
    if last.submitted_at and test.wait_minutes:
        ready = last.submitted_at + timedelta(minutes=test.wait_minutes)
        if now < ready:
            return _("You can try again from %(time)s.") % {
                "time": timezone.localtime(ready).strftime("%H:%M")
            }
    return ""


def _draw(test: TestPage, rng: random.Random, language: str) -> list[dict]:
    """The questions of a new attempt, drawn from the bank's source questions and
    each shown in `language` where it has a translation (else in the source
    language). The drawn question keeps the source question's id, so reports count
    every language together; its answers, weights included, come with the text."""
    questions = in_source_language(Question.objects.filter(bank_id=test.bank_id))
    category_ids = [c.pk for c in test.categories.all()]
    if category_ids:
        questions = questions.filter(category_id__in=category_ids)
    # Ids first, then only the drawn questions with their answers: three queries.
    ids = list(questions.order_by("pk").values_list("pk", "translation_key"))
    chosen = rng.sample(ids, min(test.question_count, len(ids)))
    if not test.shuffle_questions:
        chosen.sort()
    source_ids = {pk for pk, _key in chosen}
    rows = Question.objects.filter(
        Q(pk__in=source_ids)
        | Q(
            translation_key__in=[key for _pk, key in chosen],
            locale__language_code=language,
        )
    ).prefetch_related("answers")
    sources, translations = {}, {}
    for question in rows:
        found = sources if question.pk in source_ids else translations
        found[question.translation_key] = question
    shown = sources | translations
    drawn = []
    for slot, (pk, key) in enumerate(chosen, start=1):
        question = draw_question(
            shown[key], slot=slot, shuffle_answers=test.shuffle_answers, rng=rng
        )
        question["question_id"] = pk
        drawn.append(question)
    return drawn


def attempt_start(
    *, user: User, test: TestPage, language: str | None = None
) -> Attempt:
    """Resume the open attempt, or draw questions and open a new one, in `language`
    (the source language by default) where a question has a translation.

    Two starts at the same moment (a double click, two tabs) give one attempt: the
    second loses the race on the unique attempt number and resumes the first.
    """
    open_attempt = Attempt.objects.filter(
        user=user, test=test, status=Attempt.Status.OPEN
    ).first()
    if open_attempt is not None:
        return open_attempt
    if not is_enrolled(user, course_of_test(test)):
        raise AttemptRefused(_("Enrol in the course first to take its tests."))
    reason = attempt_refusal(user=user, test=test)
    if reason:
        raise AttemptRefused(reason)
    last = _last_attempt(user, test)
    draw = _draw(
        test,
        random.Random(),  # noqa: S311 - shuffling, not secrecy
        language or settings.LANGUAGE_CODE,
    )
    if not draw:
        raise AttemptRefused(_("This test has no questions yet."))
    now = timezone.now()
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                user=user,
                test=test,
                number=(last.number if last else 0) + 1,
                deadline=(
                    now + timedelta(minutes=test.time_limit_minutes)
                    if test.time_limit_minutes
                    else None
                ),
                draw=draw,
                max_score=sum(Decimal(q["mark"]) for q in draw),
            )
            attempt_started.send(sender=TestPage, user=user, test=test, attempt=attempt)
            return attempt
    except IntegrityError:
        open_attempt = Attempt.objects.filter(
            user=user, test=test, status=Attempt.Status.OPEN
        ).first()
        if open_attempt is None:
            raise AttemptRefused(
                _("You have used all your attempts for this test.")
            ) from None
        return open_attempt


def _accepts_answers(attempt: Attempt, now: datetime) -> bool:
    return attempt.is_open and (
        attempt.deadline is None or now <= attempt.deadline + GRACE
    )


def _merged(
    saved: dict[str, Response], new: dict[str, Response | None]
) -> dict[str, Response]:
    """Saved responses updated by slot; None clears a slot the learner emptied."""
    merged = dict(saved)
    for slot, response in new.items():
        if response is None:
            merged.pop(slot, None)
        else:
            merged[slot] = response
    return merged


@transaction.atomic
def attempt_save(*, attempt: Attempt, responses: dict[str, Response | None]) -> Attempt:
    """Store answers (by slot) without grading: what autosave and "save" do."""
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if not _accepts_answers(locked, timezone.now()):
        raise AttemptRefused(
            _("This attempt is closed; your answers were not changed.")
        )
    locked.responses = _merged(locked.responses, responses)
    locked.save(update_fields=["responses"])
    return locked


@transaction.atomic
def attempt_submit(
    *, attempt: Attempt, responses: dict[str, Response | None] | None = None
) -> Attempt:
    """Grade the attempt exactly once, in one transaction.

    A second submit (a double click, a replayed request, the periodic task racing the
    learner) finds the attempt graded and changes nothing. Answers sent after the
    deadline's grace are ignored: what was saved in time is graded.
    """
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if not locked.is_open:
        return locked
    now = timezone.now()
    if responses is not None and _accepts_answers(locked, now):
        locked.responses = _merged(locked.responses, responses)
    results = {}
    score = Decimal(0)
    for question in locked.draw:
        slot = str(question["slot"])
        earned = grade(question, locked.responses.get(slot))
        results[slot] = str(earned)
        score += earned * Decimal(question["mark"])
    percent = (score * 100 / locked.max_score) if locked.max_score else Decimal(0)
    locked.results = results
    locked.score = score.quantize(CENT, ROUND_HALF_UP)
    locked.percent = percent.quantize(CENT, ROUND_HALF_UP)
    locked.passed = locked.percent >= locked.test.pass_mark
    locked.status = Attempt.Status.GRADED
    locked.submitted_at = min(now, locked.deadline + GRACE) if locked.deadline else now
    locked.save()
    attempt_graded.send(
        sender=TestPage,
        user=locked.user,
        test=locked.test,
        attempt=locked,
        passed=locked.passed,
    )
    if locked.passed:
        test_passed.send(
            sender=TestPage, user=locked.user, test=locked.test, attempt=locked
        )
        completion_record(user=locked.user, course=course_of_test(locked.test))
    return locked


def attempt_close_if_overdue(attempt: Attempt) -> Attempt:
    """Grade an open attempt whose time and grace are over (a learner who comes back to
    an old tab); otherwise return it unchanged."""
    if attempt.is_open and not _accepts_answers(attempt, timezone.now()):
        return attempt_submit(attempt=attempt)
    return attempt


def attempts_close_overdue(now: datetime | None = None) -> int:
    """Grade every open attempt whose time (plus grace) ran out; returns how many."""
    now = now or timezone.now()
    overdue = Attempt.objects.filter(
        status=Attempt.Status.OPEN, deadline__lt=now - GRACE
    ).select_related("test")
    closed = 0
    for attempt in overdue:
        if attempt_submit(attempt=attempt).submitted_at:
            closed += 1
    return closed
