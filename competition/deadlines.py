"""Deadlines: defined in Asia/Shanghai, stored in UTC, enforced on the server to the second.

Staff type a stage's times in the admin in the site's zone (``TIME_ZONE`` is Asia/Shanghai);
Django stores them in UTC. A deadline is the last instant something is accepted: a submit at
``closes_at`` is on time, one second later it is refused. Users always see a deadline with
its zone named (``display``) and, where it is ahead, a countdown (``static/competition/countdown.js``).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

# The zone deadlines are defined and shown in (to the second), whatever the server's clock says.
from portal.timing import ZONE, ZONE_NAME, display, in_zone

__all__ = ["ZONE", "ZONE_NAME", "display", "has_passed", "in_zone", "iso_utc"]


def has_passed(deadline: datetime | None, now: datetime | None = None) -> bool:
    """Whether ``deadline`` is behind us: the whole deadline second is still on time, the next is not
    (as the judging engine's scoring window)."""
    if deadline is None:
        return False
    return (now or timezone.now()).replace(microsecond=0) > deadline


def iso_utc(moment: datetime | None) -> str:
    """The instant for the countdown script (UTC, ISO 8601)."""
    return "" if moment is None else moment.astimezone(ZoneInfo("UTC")).isoformat().replace("+00:00", "Z")
