"""What the quizzes app holds about a person: their test attempts and answers."""

from __future__ import annotations

import uuid

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lms.models import User
from privacy.archive import ExportArchive
from privacy.erasure import Erasure
from privacy.registry import (
    DataCategory,
    PersonalData,
    Treatment,
    register,
)
from quizzes.drawing import public_question
from quizzes.models import Attempt
from quizzes.wording import answer_text

A = Treatment.ANONYMISED
E = Treatment.ERASED


class Tests(PersonalData):
    name = "tests"
    models = {"quizzes.Attempt": A}

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your test attempts"),
                what=_("The questions you got, your answers and your scores."),
                who_sees=_(
                    "You; your coordinators (best score and number of attempts); "
                    "the editors of the test, in its report."
                ),
                kept=_(
                    "As long as you have an account. After that, handed-in attempts "
                    "stay without your name and without your answers, so the test's "
                    "statistics stay right."
                ),
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        # "True"/"False" and the like in words of the person's own language.
        with translation.override(user.language):
            rows = [
                {
                    "test": a.test.title,
                    "attempt": a.number,
                    "status": a.status,
                    "started_at": a.started_at,
                    "submitted_at": a.submitted_at,
                    "score": a.score,
                    "max_score": a.max_score,
                    "percent": a.percent,
                    "passed": a.passed,
                    # As the learner saw them (no weights, no right answers), each
                    # with their answer in words.
                    "questions": [
                        {
                            **public_question(drawn),
                            "your_answer": answer_text(
                                drawn, a.responses.get(str(drawn["slot"]))
                            ),
                        }
                        for drawn in a.draw
                    ],
                    "answers": a.responses,
                }
                for a in Attempt.objects.filter(user=user).select_related("test")
            ]
        archive.records("test_attempts", rows)

    def erase(self, user: User, erasure: Erasure) -> None:
        attempts = Attempt.objects.filter(user=user)
        # An open attempt would later be graded as empty and skew the statistics.
        attempts.filter(status=Attempt.Status.OPEN).delete()
        attempts.update(user=None, responses={}, erased_person=uuid.uuid4())


register(Tests())
