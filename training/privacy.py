"""What the training app holds about a person: registrations, requests, downloads."""

from __future__ import annotations

import uuid

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
from training.models import KitDownload, Registration, TrainingRequest

A = Treatment.ANONYMISED
E = Treatment.ERASED


class Training(PersonalData):
    name = "training"
    models = {
        "training.Registration": E,
        "training.TrainingSession": A,  # as trainer: the session stays, without them
        "training.TrainingSession_trainers": E,
        "training.TrainingRequest": A,
        "training.KitDownload": A,
    }

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your sessions"),
                what=_(
                    "The training sessions you registered for, your place on a "
                    "waiting list and whether you attended; which trainer kit files "
                    "you downloaded."
                ),
                who_sees=_(
                    "You; the session's trainers; for a follow-up moment, your "
                    "coordinator. Editors see how often a kit file was downloaded, "
                    "not by whom."
                ),
                kept=_(
                    "As long as you have an account. After that the download counts "
                    "stay without your name."
                ),
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        archive.records(
            "session_registrations",
            [
                {
                    "session": r.session.title,
                    "starts_at": r.session.starts_at,
                    "status": r.status,
                    "registered_at": r.registered_at,
                    "promoted_at": r.promoted_at,
                    "cancelled_at": r.cancelled_at,
                    "attended": r.attended,
                }
                for r in Registration.objects.filter(user=user).select_related(
                    "session"
                )
            ],
        )
        archive.records(
            "sessions_given",
            [
                {"session": s.title, "starts_at": s.starts_at}
                for s in user.trained_sessions.all()
            ],
        )
        archive.records(
            "training_requests",
            list(
                TrainingRequest.objects.filter(requested_by=user).values(
                    "organisation__name",
                    "earliest",
                    "latest",
                    "place",
                    "participants",
                    "remarks",
                    "created_at",
                )
            ),  # fmt: skip
        )
        archive.records(
            "kit_downloads",
            [
                {
                    "kit": d.kit.title,
                    "file": d.material.title if d.material else None,
                    "downloaded_at": d.downloaded_at,
                }
                for d in KitDownload.objects.filter(user=user).select_related(
                    "kit", "material"
                )
            ],
        )

    def erase(self, user: User, erasure: Erasure) -> None:
        # Deleting a confirmed registration gives the seat to the first on the
        # waiting list (training.sessions.receivers).
        Registration.objects.filter(user=user).delete()
        user.trained_sessions.clear()
        KitDownload.objects.filter(user=user).update(
            user=None, erased_person=uuid.uuid4()
        )


register(Training())
