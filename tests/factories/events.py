"""Events of the agenda for tests: `event_page(...)` makes one (with the agenda and a
kind of event when they do not exist yet)."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from django.utils import timezone
from wagtail.models import Locale

from events.models import AgendaPage, EventKind, EventPage
from home.services import home_page_ensure

_numbers = count(1)


def agenda() -> AgendaPage:
    """The site's agenda page, made on first use."""
    found = AgendaPage.objects.filter(locale__language_code="nl").first()
    if found is not None:
        return found
    page = AgendaPage(title="Agenda", slug="agenda", show_in_menus=True)
    home_page_ensure().add_child(instance=page)
    return page


def event_kind(slug: str = "webinar", name: str = "Webinar") -> EventKind:
    kind, _ = EventKind.objects.get_or_create(
        slug=slug,
        locale=Locale.objects.get(language_code="nl"),
        defaults={"name": name},
    )
    return kind


def event_page(*, starts_in: timedelta = timedelta(days=10), **fields) -> EventPage:
    """A live online and in-person event `starts_in` from now, lasting two hours, with
    registration open until the day before; `fields` override any of that."""
    number = next(_numbers)
    starts_at = timezone.now() + starts_in
    values = {
        "title": f"Bijeenkomst {number}",
        "slug": f"bijeenkomst-{number}",
        "kind": event_kind(),
        "intro": "<p>Een bijeenkomst van het lerend netwerk.</p>",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "registration_deadline": starts_at - timedelta(days=1),
        "online": True,
        "meeting_url": "https://meet.example.org/netwerk",
        "in_person": True,
        "address": "Stadhuis, Markt 1, 8400 Oostende",
        "region": "west-vlaanderen",
        "capacity": 20,
    } | fields
    page = EventPage(**values)
    agenda().add_child(instance=page)
    return page
