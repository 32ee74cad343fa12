"""Signal receivers of the agenda, connected in `EventsConfig.ready`.

A deleted registration frees its seat through `booking.receivers`. Publishing a cancelled
event tells everyone registered, once (`event_cancellation_announce`). `robust`: the
change is committed by then, so a failure here is logged rather than raised at
whoever made it.
"""

from __future__ import annotations

from languages.selectors import source_of

from .models import EventPage
from .services import event_cancellation_announce


def event_published(sender, instance: EventPage, **kwargs) -> None:
    """A cancelled event, once published (its source or a translation), mails
    everyone registered, each once."""
    source = source_of(instance)
    if source.pk != instance.pk:
        source = EventPage.objects.get(pk=source.pk)  # the cache may hold an old one
    if source.cancelled:
        event_cancellation_announce(event=source)
