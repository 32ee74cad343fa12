"""What the h5p app holds about a person: exercise results and xAPI statements."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from h5p.models import H5PResult, XAPIStatement
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

A = Treatment.ANONYMISED
E = Treatment.ERASED


class Exercises(PersonalData):
    name = "exercises"
    models = {
        "h5p.H5PResult": E,
        "h5p.XAPIStatement": E,
        "h5p.H5PPackage": A,
    }

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your exercise results"),
                what=_(
                    "Scores and progress of the interactive exercises in lessons, "
                    "and where you were in them."
                ),
                who_sees=_(
                    "You; they count toward the progress your coordinators see."
                ),
                kept=AS_LONG_AS_ACCOUNT,
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        archive.records(
            "exercise_results",
            [
                {
                    "exercise": r.activity.title,
                    "completed_at": r.completed_at,
                    "passed": r.passed,
                    "score": r.score_raw,
                    "max_score": r.score_max,
                    "saved_state": r.state,
                    "updated_at": r.updated_at,
                }
                for r in H5PResult.objects.filter(user=user).select_related("activity")
            ],
        )
        archive.records(
            "exercise_statements",
            list(
                XAPIStatement.objects.filter(user=user).values(
                    "received_at", "verb", "raw"
                )
            ),
        )

    def erase(self, user: User, erasure: Erasure) -> None:
        XAPIStatement.objects.filter(user=user).delete()
        H5PResult.objects.filter(user=user).delete()


register(Exercises())
