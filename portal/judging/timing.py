"""Times of the judging engine: stored in UTC, shown in Asia/Shanghai with the zone named."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

ZONE_NAME = "Asia/Shanghai"
ZONE = ZoneInfo(ZONE_NAME)


def display(moment: datetime | None) -> str:
    """``2026-11-20 18:00:00 (Asia/Shanghai, UTC+08:00)``: to the second, with the zone named."""
    if moment is None:
        return "—"
    local = timezone.localtime(moment, ZONE)
    offset = local.strftime("%z")
    return _("%(time)s (%(zone)s, UTC%(offset)s)") % {
        "time": local.strftime("%Y-%m-%d %H:%M:%S"),
        "zone": ZONE_NAME,
        "offset": f"{offset[:3]}:{offset[3:]}",
    }
