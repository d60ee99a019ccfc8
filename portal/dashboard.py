"""The member dashboard's extension points: what an app adds to each organisation's card, and to
the member's own work.

An app declares its sections in its own ``dashboard.py``::

    # catalog/dashboard.py
    SECTIONS = [Section("catalog/dashboard/products.html", shown_for=permissions.can_list_products, order=10)]

The dashboard includes, in the card of each organisation a member belongs to, the template of
every section whose ``shown_for(organisation)`` is true (every organisation when it is
``None``; usually the organisation kinds the app serves), by ``order``. The template sees
``organisation`` and ``membership`` (with ``membership.can``: what the member's role allows).

What a member does in their own name, whatever their organisations (a judge's assignments, a
competitor's teams), is a shortcut: a card of the dashboard's "My work" row, shown when
``shown_to(user)`` is true (always when it is ``None``)::

    # portal/judging/dashboard.py
    SHORTCUTS = [Shortcut("judging/dashboard_shortcut.html", shown_to=permissions.is_judge, order=10)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from portal import discovery


@dataclass(frozen=True)
class Section:
    template: str
    shown_for: Callable[[object], bool] | None = None
    order: int = 100


@dataclass(frozen=True)
class Shortcut:
    template: str
    shown_to: Callable[[object], bool] | None = None
    order: int = 100


def _declared(attribute: str) -> list:
    """Every app's ``attribute`` in its ``dashboard.py``, by ``order`` (then ``INSTALLED_APPS`` order)."""
    found = [item for _label, declared in discovery.declared("dashboard", attribute) for item in declared]
    return sorted(found, key=lambda item: item.order)


def sections() -> list[Section]:
    return _declared("SECTIONS")


def sections_for(organisation) -> list[Section]:
    return [section for section in sections() if section.shown_for is None or section.shown_for(organisation)]


def shortcuts() -> list[Shortcut]:
    return _declared("SHORTCUTS")


def shortcuts_for(user) -> list[Shortcut]:
    return [shortcut for shortcut in shortcuts() if shortcut.shown_to is None or shortcut.shown_to(user)]
