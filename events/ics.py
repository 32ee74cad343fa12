"""iCalendar (RFC 5545) files of the agenda: one event, or the whole agenda as a feed
to subscribe to. Never the meeting link: a calendar file is shared and forwarded.

Each event's UID is its translation key, so the event keeps its UID in every
language and across imports: a calendar updates it (a cancellation included) rather
than adding it twice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from html import unescape

from django.utils.html import strip_tags

from lms.ical import lines_joined, stamp, text
from lms.links import absolute_url

from .models import EventPage

HEADER = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Digitaal Meedoen//Agenda//NL",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
]


def _host() -> str:
    return absolute_url("/").split("//", 1)[-1].split("/", 1)[0]


def _vevent(event: EventPage, url: str, now: datetime) -> list[str]:
    places = []
    if event.in_person and event.address:
        places.append(event.address)
    if event.online:
        places.append("Online")
    description = "\n".join(
        part for part in (unescape(strip_tags(event.intro)).strip(), url) if part
    )
    return [
        "BEGIN:VEVENT",
        f"UID:event-{event.translation_key}@{_host()}",
        f"DTSTAMP:{stamp(now)}",
        f"DTSTART:{stamp(event.starts_at)}",
        f"DTEND:{stamp(event.ends_at)}",
        f"SUMMARY:{text(event.title)}",
        f"DESCRIPTION:{text(description)}",
        f"LOCATION:{text(' · '.join(places))}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
        "END:VEVENT",
    ]


def events_ics(
    events: Iterable[EventPage], name: str = "", now: datetime | None = None
) -> str:
    """A calendar of `events` (each with the absolute URL of its page)."""
    now = now or datetime.now(UTC)
    lines = list(HEADER)
    if name:
        lines.append(f"X-WR-CALNAME:{text(name)}")
    for event in events:
        lines += _vevent(event, absolute_url(event.url or ""), now)
    lines.append("END:VCALENDAR")
    return lines_joined(lines)
