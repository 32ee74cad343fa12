"""Reads about tests and attempts for one learner."""

from __future__ import annotations

from dataclasses import dataclass

from lms.models import User
from quizzes.models import Attempt, TestPage
from quizzes.services import attempt_refusal


@dataclass
class TestState:
    """A test as one learner sees it: their attempts and what they may do next."""

    test: TestPage
    attempts: list[Attempt]
    refusal: str

    @property
    def open_attempt(self) -> Attempt | None:
        return next((a for a in self.attempts if a.is_open), None)

    @property
    def graded(self) -> list[Attempt]:
        return [a for a in self.attempts if not a.is_open]

    @property
    def passed(self) -> bool:
        return any(a.passed for a in self.graded)

    @property
    def attempts_left(self) -> int | None:
        if not self.test.max_attempts:
            return None
        return max(0, self.test.max_attempts - len(self.attempts))

    @property
    def closed(self) -> bool:
        """Passed, or no attempts left: the review policy "once closed" applies."""
        return self.passed or self.attempts_left == 0


def learner_test_state(test: TestPage, user: User) -> TestState:
    attempts = list(
        Attempt.objects.filter(test=test, user=user)
        .order_by("number")
        .defer("draw", "responses", "results")
    )
    refusal = (
        ""
        if any(a.is_open for a in attempts)
        else attempt_refusal(user=user, test=test)
    )
    return TestState(test=test, attempts=attempts, refusal=refusal)
