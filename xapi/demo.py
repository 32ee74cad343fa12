"""The demo's learning records (`demo.services.load_demo`, after the agenda).

With an LRS configured when the demo loads (`LRS_ENDPOINT`), the demo learner's
journey fills the outbox by itself: enrolments, sections read, tests attempted and
passed, modules and courses completed all go through the apps' services, whose signals
the learning records hear. The agenda's demo writes the learner's attendance directly
(as if marked long ago), so it is announced here, as the organiser's list or the join
link would have. Statement ids are stable: loading the demo twice records nothing new.
"""

from __future__ import annotations

from booking.signals import attended
from events.models import EventRegistration
from lms.models import User


def load_demo_learning_records(learner: User) -> None:
    """Announce the demo attendance of `learner` that the agenda's demo wrote without
    its service."""
    for registration in EventRegistration.objects.filter(
        user=learner, attended=True
    ).select_related("event"):
        attended.send(
            sender=EventRegistration,
            user=learner,
            booking=registration,
            bookable=registration.event,
            attended_at=registration.attended_at or registration.event.starts_at,
        )
