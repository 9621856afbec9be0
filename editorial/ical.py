"""A small iCalendar (RFC 5545) writer: only what the editorial calendar feed needs."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

CRLF = "\r\n"
# RFC 5545 §3.1: a content line is at most 75 octets, not counting its CRLF.
MAX_LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped."""
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character.

    Each continuation line starts with one space, which counts towards its 75 octets.
    """
    pieces = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > MAX_LINE_OCTETS:
            pieces.append(current)
            current, size = " ", 1
        current += char
        size += width
    pieces.append(current)
    return CRLF.join(pieces)


def utc_datetime(value: datetime) -> str:
    """A DATE-TIME in UTC ("form #2"): 20261127T093000Z."""
    moment = value.astimezone(UTC)
    # strftime("%Y") does not pad years below 1000 on every platform.
    return f"{date_value(moment)}T{moment:%H%M%S}Z"


def date_value(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


@dataclass(frozen=True)
class Event:
    """One VEVENT: a timed event when `start` is a datetime, an all-day one for a date."""

    uid: str
    stamp: datetime
    start: date | datetime
    summary: str
    url: str = ""
    description: str = ""
    categories: tuple[str, ...] = field(default_factory=tuple)

    def lines(self) -> list[str]:
        lines = [
            "BEGIN:VEVENT",
            f"UID:{escape_text(self.uid)}",
            f"DTSTAMP:{utc_datetime(self.stamp)}",
        ]
        if isinstance(self.start, datetime):
            lines.append(f"DTSTART:{utc_datetime(self.start)}")
        else:
            lines.append(f"DTSTART;VALUE=DATE:{date_value(self.start)}")
        lines.append(f"SUMMARY:{escape_text(self.summary)}")
        if self.description:
            lines.append(f"DESCRIPTION:{escape_text(self.description)}")
        if self.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in self.categories))
        if self.url:
            # A URI value is not TEXT: it is written as it is, unescaped.
            lines.append(f"URL:{self.url}")
        # Publication dates are reminders, not meetings: they never make anyone busy.
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
        return lines


def calendar_document(*, name: str, product_id: str, events: Iterable[Event]) -> str:
    """A whole VCALENDAR, folded, with CRLF line endings."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product_id}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += event.lines()
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
