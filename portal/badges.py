"""Status badges of members' lists: each app maps its statuses to a badge class (``STATUS_BADGE``)."""

from __future__ import annotations

from collections.abc import Iterable


def with_badges(rows: Iterable, badges: dict, field: str = "status") -> list:
    """``rows`` as a list, each given ``status_badge``: the class ``badges`` names for its ``field``
    (the template shows ``<span class="badge {{ row.status_badge }}">``)."""
    rows = list(rows)
    for row in rows:
        row.status_badge = badges[getattr(row, field)]
    return rows
