"""What the scorm app holds about a person: their attempts at SCORM activities and
what each part of a package kept of them (answers, where they were, scores)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lms.models import User
from privacy.archive import ExportArchive
from privacy.erasure import Erasure
from privacy.registry import (
    AS_LONG_AS_ACCOUNT,
    DataCategory,
    PersonalData,
    Treatment,
    register,
)
from scorm.models import ScormAttempt


class ScormAttempts(PersonalData):
    name = "scorm"
    models = {
        # The parts' data go with their attempt (cascade).
        "scorm.ScormAttempt": Treatment.ERASED,
        "scorm.ScormPackage": Treatment.ANONYMISED,  # who uploaded it
    }

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your SCORM activities"),
                what=_(
                    "For each SCORM activity in a lesson: where you were, your "
                    "answers, your score and whether you completed and passed it, "
                    "so you can go on where you stopped, on any computer."
                ),
                who_sees=_(
                    "You; completion counts toward the progress your coordinators see."
                ),
                kept=AS_LONG_AS_ACCOUNT,
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        attempts = (
            ScormAttempt.objects.filter(user=user)
            .select_related("activity")
            .prefetch_related("scos")
            .order_by("started_at")
        )
        archive.records(
            "scorm_attempts",
            [
                {
                    "activity": attempt.activity.title,
                    "attempt": attempt.number,
                    "started_at": attempt.started_at,
                    "updated_at": attempt.updated_at,
                    "completed_at": attempt.completed_at,
                    "passed": attempt.passed,
                    "score": attempt.score_scaled,
                    "parts": [
                        {
                            "part": state.sco,
                            "completion": state.completion_status,
                            "success": state.success_status,
                            "score": state.score_scaled,
                            "data": state.cmi,
                            "updated_at": state.updated_at,
                        }
                        for state in attempt.scos.all()
                    ],
                }
                for attempt in attempts
            ],
        )

    def erase(self, user: User, erasure: Erasure) -> None:
        ScormAttempt.objects.filter(user=user).delete()


register(ScormAttempts())
