"""Meeting times: typed and shown in Asia/Shanghai, stored in UTC.

Members type proposed times in the alliance's zone (whatever their browser's clock says) and
see every time with the zone named, as the competition shows its deadlines.
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


def display(moment: datetime | None) -> str:
    """``2026-12-10 14:00 (Asia/Shanghai, UTC+08:00)``: to the minute, with the zone named."""
    if moment is None:
        return "—"
    local = in_zone(moment)
    offset = local.strftime("%z")
    return _("%(time)s (%(zone)s, UTC%(offset)s)") % {
        "time": local.strftime("%Y-%m-%d %H:%M"),
        "zone": ZONE_NAME,
        "offset": f"{offset[:3]}:{offset[3:]}",
    }
