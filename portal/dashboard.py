"""The member dashboard's extension points: what an app adds to each organisation's card, and to
the member's own work.

An app declares its sections in its own ``dashboard.py``::

    # catalog/dashboard.py
    SECTIONS = [Section("catalog/dashboard/products.html", shown_for=permissions.can_list_products, order=10)]

The dashboard includes, in the card of each organisation a member belongs to, the template of
every section whose ``shown_for(organisation)`` is true (every organisation when it is
``None``; usually the organisation kinds the app serves), by ``order``. The template sees
``organisation`` and ``membership`` (with ``membership.can``: what the member's role allows).
A section whose link leads to what waits for the organisation's answer declares ``awaiting``
(a count for all the member's organisations at once, ``waiting_on``); its template then sees
``awaiting``, the number waiting there, and shows it on its link
(``{% include "portal/dashboard/awaiting.html" %}``)::

    # incubator/dashboard.py
    Section("incubator/dashboard/meetings.html", shown_for=…, awaiting=queries.awaiting_by_recipient, order=42)

What a member does in their own name, whatever their organisations (a judge's assignments, a
competitor's teams), is a shortcut: a card of the dashboard's "My work" row, shown when
``shown_to(user)`` is true (always when it is ``None``); its ``awaiting(user)``, when declared,
gives its template ``awaiting`` as a section's does::

    # portal/judging/dashboard.py
    SHORTCUTS = [Shortcut("judging/dashboard_shortcut.html", shown_to=permissions.is_judge, order=10)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count

from portal import discovery


@dataclass(frozen=True)
class Section:
    template: str
    shown_for: Callable[[object], bool] | None = None
    order: int = 100
    #: What waits for the organisation's answer (requests, applications): ``awaiting(organisation ids)``
    #: gives ``{organisation id: number}``, one query for all the member's organisations (``waiting_on``).
    awaiting: Callable[[list[int]], dict[int, int]] | None = None


@dataclass(frozen=True)
class Shown:
    """A section in one organisation's card, or a shortcut: its template sees ``awaiting``, the number
    waiting there."""

    template: str
    awaiting: int = 0


@dataclass(frozen=True)
class Shortcut:
    template: str
    shown_to: Callable[[object], bool] | None = None
    order: int = 100
    #: What waits for the member there (scorecards to submit): ``awaiting(user)`` gives the number.
    awaiting: Callable[[object], int] | None = None


def _declared(attribute: str) -> list:
    """Every app's ``attribute`` in its ``dashboard.py``, by ``order`` (then ``INSTALLED_APPS`` order)."""
    found = [item for _label, declared in discovery.declared("dashboard", attribute) for item in declared]
    return sorted(found, key=lambda item: item.order)


def sections() -> list[Section]:
    return _declared("SECTIONS")


def sections_for(organisation) -> list[Section]:
    return [section for section in sections() if section.shown_for is None or section.shown_for(organisation)]


def sections_of(organisations) -> dict[int, list[Shown]]:
    """Each of ``organisations``' sections (by organisation id), with what awaits it: one query a
    counting section shown in any of the cards, however many organisations there are."""
    shown = {organisation.pk: sections_for(organisation) for organisation in organisations}
    waiting: dict[Section, dict[int, int]] = {}
    for section in sections():
        ids = [pk for pk, its in shown.items() if section in its]
        if section.awaiting is not None and ids:
            waiting[section] = section.awaiting(ids)
    return {
        pk: [Shown(section.template, waiting.get(section, {}).get(pk, 0)) for section in its]
        for pk, its in shown.items()
    }


def waiting_on(queryset, organisation_field: str) -> dict[int, int]:
    """``{organisation id: number of rows}`` of ``queryset``, by its ``organisation_field`` (for ``awaiting``)."""
    counted = queryset.order_by().values(organisation_field).annotate(number=Count("pk"))
    return dict(counted.values_list(organisation_field, "number"))


def shortcuts() -> list[Shortcut]:
    return _declared("SHORTCUTS")


def shortcuts_for(user) -> list[Shown]:
    """The shortcuts shown to ``user``, each with what awaits them there."""
    return [
        Shown(shortcut.template, shortcut.awaiting(user) if shortcut.awaiting is not None else 0)
        for shortcut in shortcuts()
        if shortcut.shown_to is None or shortcut.shown_to(user)
    ]
