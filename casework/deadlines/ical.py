"""A minimal iCalendar (RFC 5545) writer for the deadline feed: all-day VEVENTs only.

Written here rather than taken from a library: the feed needs some 40 lines of the standard
(escaping, line folding, UTC stamps), and nothing else.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

CRLF = "\r\n"
# RFC 5545 3.1: lines are folded at 75 octets, continuation lines start with one space.
MAX_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    day: datetime.date
    summary: str
    url: str = ""
    description: str = ""


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")
    # Other control characters are not allowed in TEXT at all.
    return "".join(ch for ch in value if ch == "\t" or (ord(ch) >= 0x20 and ord(ch) != 0x7F))


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    pieces: list[str] = []
    current, size = "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        # Continuation lines lose one octet to their leading space.
        limit = MAX_OCTETS if not pieces else MAX_OCTETS - 1
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += ch
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def calendar(events: Iterable[Event], *, name: str, stamp: datetime.datetime, prodid: str) -> str:
    """The whole VCALENDAR, CRLF line ends and folding included."""
    dtstamp = stamp.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event.uid)}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{_date(event.day)}",
            f"DTEND;VALUE=DATE:{_date(event.day + datetime.timedelta(days=1))}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
