"""Who may see which search documents.

A document lists its audiences (search/declarations.py); a viewer holds a set of them.
Alliance staff and project managers see everything (``None``). Later issues add audiences here without touching the
engines: investors get ``"investor"``, a judge ``f"judge:{user.pk}"`` for the entries
assigned to them, members ``f"org:{pk}"`` for their organisations' own documents.
"""

from __future__ import annotations

from portal.permissions import is_alliance_staff
from search.declarations import PUBLIC


def audiences_for(user) -> frozenset[str] | None:
    """``None`` (everything) for alliance staff and project managers, else the viewer's audiences."""
    if user is not None and is_alliance_staff(user):
        return None
    audiences = {PUBLIC}
    if user is not None and user.is_authenticated:
        audiences.add(f"user:{user.pk}")
    return frozenset(audiences)
