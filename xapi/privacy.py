"""What the learning records hold about a person, for the privacy app.

The outbox keeps each statement until the LRS has it, then `xapi.outbox.KEEP_SENT`
more (deleted by the sender's task, and by the retention task here). A statement names
the learner only by their account number on the platform, never by name or address.
Erasing a person deletes their statements from the outbox, sent or not; what the LRS
already holds is the operator's to remove there (the README says how): xAPI has no
standard way for a platform to delete statements from an LRS, and a voiding statement
would only hide them.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from lms.models import User
from privacy.archive import ExportArchive
from privacy.erasure import Erasure
from privacy.registry import DataCategory, PersonalData, Treatment, register

from . import outbox
from .models import Statement


class LearningRecords(PersonalData):
    name = "learning records"
    models = {"xapi.Statement": Treatment.ERASED}

    def categories(self) -> list[DataCategory]:
        if not outbox.enabled() and not Statement.objects.exists():
            # Nothing is recorded, and nothing from an LRS configured earlier waits
            # here: nothing to explain.
            return []
        return [
            DataCategory(
                title=_("Your learning records (xAPI)"),
                what=_(
                    "What you do in the courses, as learning records: registering for "
                    "a course, the lesson sections you read, your tests and their "
                    "scores, the modules and courses you complete, the sessions and "
                    "events you attend, and your answers in interactive exercises. "
                    "They name you only by the number of your account, never by your "
                    "name or e-mail address."
                ),
                who_sees=_(
                    "They are sent to the learning record store (LRS) the platform's "
                    "operator chose, where the operator and the people they allow "
                    "can read them."
                ),
                kept=_(
                    "On the platform until the learning record store has them, then "
                    "%(days)s days. In the learning record store as long as the "
                    "operator keeps them: erasing your account deletes them here, "
                    "and the operator deletes them there."
                )
                % {"days": outbox.KEEP_SENT.days},
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        archive.records(
            "learning_records",
            [
                {
                    "recorded_at": row.created_at,
                    "sent_at": row.sent_at,
                    "verb": row.verb,
                    "statement": row.payload,
                }
                for row in Statement.objects.filter(user=user).order_by("created_at")
            ],
        )

    def erase(self, user: User, erasure: Erasure) -> None:
        # Unsent ones too: nothing about an erased person leaves the platform later.
        Statement.objects.filter(user=user).delete()

    def retain(self, now: datetime) -> dict[str, int]:
        return {"learning records sent": outbox.purge_sent()}


register(LearningRecords())
