"""An iCalendar (RFC 5545) file for one session, so it lands in the participant's agenda."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse

from lms.ical import lines_joined, stamp, text
from training.models import TrainingSession


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
        f"DTSTAMP:{stamp(datetime.now(UTC))}",
        f"DTSTART:{stamp(session.starts_at)}",
        f"DTEND:{stamp(session.ends_at)}",
        f"SUMMARY:{text(session.title)}",
        f"DESCRIPTION:{text(description)}",
        f"LOCATION:{text(session.place or session.online_url)}",
        f"URL:{url}",
        f"STATUS:{status}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return lines_joined(lines)
