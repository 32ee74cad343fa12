"""An iCalendar (RFC 5545) file for one session, so it lands in the participant's agenda."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse

from training.models import TrainingSession


def _text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start = [], 0
    while start < len(data):
        end = min(start + (75 if not parts else 74), len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # never split a UTF-8 character
        parts.append(data[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def session_ics(session: TrainingSession) -> str:
    """The session as one VEVENT; its UID stays the same, so a re-import updates it."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    url = base + reverse("training:session_detail", args=[session.pk])
    host = base.split("//", 1)[-1].split("/", 1)[0]
    description = "\n".join(
        part for part in (session.course.title, session.online_url, url) if part
    )
    status = {
        TrainingSession.Status.CONFIRMED: "CONFIRMED",
        TrainingSession.Status.CANCELLED: "CANCELLED",
    }.get(session.status, "TENTATIVE")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Digitaal Meedoen//Sessies//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:session-{session.pk}@{host}",
        f"DTSTAMP:{_stamp(datetime.now(UTC))}",
        f"DTSTART:{_stamp(session.starts_at)}",
        f"DTEND:{_stamp(session.ends_at)}",
        f"SUMMARY:{_text(session.title)}",
        f"DESCRIPTION:{_text(description)}",
        f"LOCATION:{_text(session.place or session.online_url)}",
        f"URL:{url}",
        f"STATUS:{status}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
