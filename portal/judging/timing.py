"""Times of the judging engine: stored in UTC, shown in Asia/Shanghai to the second (``portal.timing``)."""

from portal.timing import ZONE, ZONE_NAME, display, in_zone

__all__ = ["ZONE", "ZONE_NAME", "display", "in_zone"]
