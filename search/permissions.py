"""Who may see which search documents.

A document lists its audiences (search/declarations.py); a viewer holds a set of them.
Staff see everything (``None``). Later issues add audiences here without touching the
engines: investors get ``"investor"``, a judge ``f"judge:{user.pk}"`` for the entries
assigned to them, members ``f"org:{pk}"`` for their organisations' own documents.
"""

from __future__ import annotations

from search.declarations import PUBLIC


def audiences_for(user) -> frozenset[str] | None:
    if user is not None and user.is_authenticated and (user.is_staff or user.is_superuser):
        return None
    audiences = {PUBLIC}
    if user is not None and user.is_authenticated:
        audiences.add(f"user:{user.pk}")
    return frozenset(audiences)
