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
from django.utils.translation import gettext as _

#: The zone deadlines are defined and shown in, whatever the server's clock says.
ZONE_NAME = "Asia/Shanghai"
ZONE = ZoneInfo(ZONE_NAME)


def in_zone(moment: datetime) -> datetime:
    return timezone.localtime(moment, ZONE)


def display(moment: datetime | None) -> str:
    """``2026-11-20 18:00:00 (Asia/Shanghai, UTC+08:00)``: to the second, with the zone named."""
    if moment is None:
        return "—"
    local = in_zone(moment)
    offset = local.strftime("%z")
    return _("%(time)s (%(zone)s, UTC%(offset)s)") % {
        "time": local.strftime("%Y-%m-%d %H:%M:%S"),
        "zone": ZONE_NAME,
        "offset": f"{offset[:3]}:{offset[3:]}",
    }


def has_passed(deadline: datetime | None, now: datetime | None = None) -> bool:
    """Whether ``deadline`` is behind us: the whole deadline second is still on time, the next is not
    (as the judging engine's scoring window)."""
    if deadline is None:
        return False
    return (now or timezone.now()).replace(microsecond=0) > deadline


def iso_utc(moment: datetime | None) -> str:
    """The instant for the countdown script (UTC, ISO 8601)."""
    return "" if moment is None else moment.astimezone(ZoneInfo("UTC")).isoformat().replace("+00:00", "Z")
