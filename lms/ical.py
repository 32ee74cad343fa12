"""iCalendar (RFC 5545) pieces shared by every calendar file the site hands out: a
training session's, an event's and the agenda's feed."""

from __future__ import annotations

from datetime import UTC, datetime


def text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def stamp(moment: datetime) -> str:
    """A DATE-TIME in UTC (the form every calendar reads without a VTIMEZONE)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
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


def lines_joined(lines: list[str]) -> str:
    """The lines of a calendar file, folded, with the CRLF endings RFC 5545 asks."""
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
