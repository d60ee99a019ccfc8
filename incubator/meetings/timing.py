"""Meeting times: typed and shown in Asia/Shanghai, stored in UTC.

Members type proposed times in the alliance's zone (whatever their browser's clock says) and
see every time with the zone named, as the competition shows its deadlines.
"""

from __future__ import annotations

from datetime import datetime

from portal import timing
from portal.timing import ZONE, ZONE_NAME, in_zone

__all__ = ["ZONE", "ZONE_NAME", "display", "in_zone"]


def display(moment: datetime | None) -> str:
    """``2026-12-10 14:00 (Asia/Shanghai, UTC+08:00)``: to the minute, with the zone named."""
    return timing.display(moment, seconds=False)
