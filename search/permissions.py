"""Who may see which search documents.

A document lists its audiences (search/declarations.py); a viewer holds a set of them.
Alliance staff and project managers see everything (``None``). An app adds audiences of its own
without touching the engines or this module: its ``search.py`` calls ``register_audiences(f)``,
where ``f(user)`` returns the audiences an authenticated, active user holds (the incubator gives
members of verified investor organisations ``"investor"``).

A judge holds ``judge_audience(user.pk)``. The per-object check is
the document's: a competition entry lists the ``judge:`` audience of each judge the judging engine
*actively* assigns to it, worked out on the server whenever the entry, an assignment, a panel or
the results change (``competition/search.py``), so holding the audience alone shows nothing.
Like ``portal.judging.permissions.assignments_for``, only an active account holds it.
"""

from __future__ import annotations

from portal.permissions import is_alliance_staff
from search.declarations import PUBLIC

#: The apps' audience providers (``register_audiences``), called for authenticated, active users.
_PROVIDERS: list = []


def register_audiences(provider) -> None:
    """Declare ``provider(user) -> set[str]``: audiences an app grants (from its ``search.py``)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def judge_audience(user_id) -> str:
    """The audience of the competition entries a judge is actively assigned to (``competition/search.py``)."""
    return f"judge:{user_id}"


def audiences_for(user) -> frozenset[str] | None:
    """``None`` (everything) for alliance staff and project managers, else the viewer's audiences."""
    if user is not None and is_alliance_staff(user):
        return None
    audiences = {PUBLIC}
    if user is not None and user.is_authenticated:
        audiences.add(f"user:{user.pk}")
        if user.is_active:
            audiences.add(judge_audience(user.pk))
            for provider in _PROVIDERS:
                audiences.update(provider(user))
    return frozenset(audiences)
