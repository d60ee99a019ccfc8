"""Moments as people read them: stored in UTC, shown in Asia/Shanghai with the zone named.

The alliance works in Shanghai's time whatever the server's or the browser's clock says: the
competition's deadlines, the judging windows, meeting times and the staff screens all write a
moment with ``display`` (``2026-11-20 18:00:00 (Asia/Shanghai, UTC+08:00)``; ``seconds=False``
for times people choose to the minute).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

ZONE_NAME = "Asia/Shanghai"
ZONE = ZoneInfo(ZONE_NAME)


def in_zone(moment: datetime) -> datetime:
    return timezone.localtime(moment, ZONE)


def display(moment: datetime | None, *, seconds: bool = True) -> str:
    """The moment in Asia/Shanghai with the zone named; "—" for none."""
    if moment is None:
        return "—"
    local = in_zone(moment)
    offset = local.strftime("%z")
    return _("%(time)s (%(zone)s, UTC%(offset)s)") % {
        "time": local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"),
        "zone": ZONE_NAME,
        "offset": f"{offset[:3]}:{offset[3:]}",
    }
