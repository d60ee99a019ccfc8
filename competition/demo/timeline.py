"""The running demo edition's dates, moved to the day the demo is loaded.

``competition.toml`` writes the 2026 edition as it stands on its ``as_of`` day: submission closed,
preliminary review running. A demo loaded weeks later would otherwise show a review long closed
and judges with nothing to score, so every date of an edition with ``as_of`` moves forward (or
back) by the whole weeks between ``as_of`` and the loading day. Whole weeks keep the weekdays
(the final stays on a Saturday) and every interval, so the edition is in the same phase, with at
least nine days of review left, on any day it is loaded. Names and years stay as written.
"""

from __future__ import annotations

from datetime import datetime, timedelta

WEEK = timedelta(weeks=1)
#: The row's dates besides its stages' ``opens_at`` and ``closes_at``.
DATES = ("as_of", "first_submitted_at", "screened_at")


def weeks_since(as_of: datetime, now: datetime) -> timedelta:
    """The whole weeks from ``as_of`` to ``now`` (negative before it), as a duration."""
    return ((now - as_of) // WEEK) * WEEK


def moved(row: dict, now: datetime) -> dict:
    """A copy of an edition's row with its dates moved to ``now`` (unchanged without ``as_of``)."""
    if "as_of" not in row:
        return row
    shift = weeks_since(row["as_of"], now)
    stages = [
        stage | {"opens_at": stage["opens_at"] + shift, "closes_at": stage["closes_at"] + shift}
        for stage in row["stages"]
    ]
    return row | {name: row[name] + shift for name in DATES if name in row} | {"stages": stages}
