"""What the agenda holds about a person: their registrations for events (with their
answers to the organisers' questions), the recordings they watched with their
reflections, and the events they organise."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lms.models import User
from privacy.archive import ExportArchive
from privacy.erasure import Erasure
from privacy.registry import DataCategory, PersonalData, Treatment, register

from .models import EventPage, EventRegistration, RecordingView

E = Treatment.ERASED


class Events(PersonalData):
    name = "events"
    models = {
        "events.EventRegistration": E,
        "events.RecordingView": E,
        # As organiser: the event stays, without them.
        "events.EventPage": Treatment.ANONYMISED,
        "events.EventPage_organisers": E,
    }

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your events"),
                what=_(
                    "The events of the agenda you registered for, your answers to the "
                    "organisers' questions, your place on a waiting list, whether you "
                    "attended; the recordings you watched and your answer to their "
                    "reflection question."
                ),
                who_sees=_(
                    "You and the event's organisers. For a webinar that is part of a "
                    "course, your coordinator sees whether you took part."
                ),
                kept=_("As long as you have an account."),
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        archive.records(
            "event_registrations",
            [
                {
                    "event": r.event.title,
                    "starts_at": r.event.starts_at,
                    "status": r.status,
                    "answers": r.answers,
                    "registered_at": r.registered_at,
                    "promoted_at": r.promoted_at,
                    "cancelled_at": r.cancelled_at,
                    "attended": r.attended,
                    "attended_via": r.attended_via,
                    "attended_at": r.attended_at,
                    "reminded_at": r.reminded_at,
                }
                for r in EventRegistration.objects.filter(user=user).select_related(
                    "event"
                )
            ],
        )
        archive.records(
            "recordings_watched",
            [
                {
                    "event": v.event.title,
                    "started_at": v.started_at,
                    "watched_at": v.watched_at,
                    "reflection": v.reflection,
                }
                for v in RecordingView.objects.filter(user=user).select_related("event")
            ],
        )
        archive.records(
            "events_organised",
            [
                {"event": e.title, "starts_at": e.starts_at}
                for e in EventPage.objects.filter(organisers=user)
            ],
        )

    def erase(self, user: User, erasure: Erasure) -> None:
        # Deleting a confirmed registration gives the seat of an event still to come
        # to the first on the waiting list (events.receivers, after the commit).
        EventRegistration.objects.filter(user=user).delete()
        RecordingView.objects.filter(user=user).delete()
        EventPage.organisers.through.objects.filter(user=user).delete()


register(Events())
