"""Signal receivers of the agenda, connected in `EventsConfig.ready`.

A seat can be freed without `registration_cancel`: a registration deleted by any path
(an admin, or the participant's account deleted or erased, which CASCADEs). The seat
goes to the next in line after the commit, under its own lock. Publishing a cancelled
event tells everyone registered, once (`event_cancellation_announce`). `robust`: the
change is committed by then, so a failure here is logged rather than raised at
whoever made it.
"""

from __future__ import annotations

from django.db import transaction

from languages.selectors import source_of

from .models import EventPage, EventRegistration
from .services import event_cancellation_announce, event_fill_seats


def registration_deleted(
    sender, instance: EventRegistration, using: str, **kwargs
) -> None:
    """A deleted seat goes to the next in line; a waiting-list place frees nothing."""
    if instance.status != EventRegistration.Status.CONFIRMED:
        return
    event_id = instance.event_id

    def fill() -> None:
        # Deleting an event deletes its registrations: then there is nothing to fill.
        event = EventPage.objects.filter(pk=event_id).first()
        if event is not None:
            event_fill_seats(event=event)

    transaction.on_commit(fill, using=using, robust=True)


def event_published(sender, instance: EventPage, **kwargs) -> None:
    """A cancelled event, once published (its source or a translation), mails
    everyone registered, each once."""
    source = source_of(instance)
    if source.pk != instance.pk:
        source = EventPage.objects.get(pk=source.pk)  # the cache may hold an old one
    if source.cancelled:
        event_cancellation_announce(event=source)
