"""An accepted meeting as an iCalendar file (RFC 5545), for the members' calendars.

One ``VCALENDAR`` with one ``VEVENT``: ``UID`` from the request's ``uid`` (the same file
downloaded twice updates one event), ``DTSTART``/``DTEND`` in UTC (``Z``), ``SUMMARY``,
``DESCRIPTION`` and ``LOCATION`` as escaped TEXT (backslash, comma, semicolon, newline),
lines ending in CRLF and folded at 75 octets without splitting a UTF-8 character (RFC 5545
§3.1: a continuation line starts with one space).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from incubator.meetings import timing
from portal.emails import site_url
from portal.i18n import before_full_stop

PRODID = "-//Shanghai BCI Industry Alliance//Portal//EN"
#: The domain part of each event's ``UID`` (RFC 5545 recommends a globally unique identifier).
UID_DOMAIN = "meetings.bci-alliance.portal"
LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash first, then ``;``, ``,`` and newlines."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """``line`` folded into lines of at most 75 octets, joined with CRLF + space."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        # Continuation lines begin with a space, which counts towards their 75 octets.
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_calendar(meeting, *, now: datetime | None = None) -> str:
    """The ``.ics`` text of an accepted meeting (labels in the active language)."""
    if meeting.chosen_slot is None:
        raise ValueError("Only an accepted meeting has a time.")
    starts = meeting.chosen_slot.starts_at
    ends = starts + timedelta(minutes=meeting.duration_minutes)
    url = site_url(reverse("incubator:meeting_detail", kwargs={"meeting_id": meeting.pk}))
    description = "\n".join(
        [
            _("Meeting between %(sender)s and %(recipient)s.")
            % {"sender": meeting.sender.name, "recipient": before_full_stop(meeting.recipient.name)},
            _("Time: %(time)s") % {"time": timing.display(starts)},
            "",
            meeting.message,
            "",
            url,
        ]
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{meeting.uid}@{UID_DOMAIN}",
        f"DTSTAMP:{utc_stamp(now or timezone.now())}",
        f"DTSTART:{utc_stamp(starts)}",
        f"DTEND:{utc_stamp(ends)}",
        f"SUMMARY:{escape_text(meeting.subject)}",
        f"DESCRIPTION:{escape_text(description)}",
        *([f"LOCATION:{escape_text(meeting.location)}"] if meeting.location else []),
        f"URL:{url}",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def filename(meeting) -> str:
    """An ASCII name for the download: ``meeting-20261210-1400.ics`` (the time in Asia/Shanghai)."""
    return f"meeting-{timing.in_zone(meeting.chosen_slot.starts_at):%Y%m%d-%H%M}.ics"
