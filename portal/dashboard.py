"""The member dashboard's extension point: what an app adds to each organisation's card.

An app declares its sections in its own ``dashboard.py``::

    # catalog/dashboard.py
    SECTIONS = [Section("catalog/dashboard/products.html", shown_for=permissions.can_list_products, order=10)]

The dashboard includes, in the card of each organisation a member belongs to, the template of
every section whose ``shown_for(organisation)`` is true (every organisation when it is
``None``; usually the organisation kinds the app serves), by ``order``. The template sees
``organisation`` and ``membership`` (with ``membership.can``: what the member's role allows).
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


def sections() -> list[Section]:
    """Every app's ``SECTIONS``, by ``order`` (then ``INSTALLED_APPS`` order)."""
    found = [section for _label, declared in discovery.declared("dashboard", "SECTIONS") for section in declared]
    return sorted(found, key=lambda section: section.order)


def sections_for(organisation) -> list[Section]:
    return [section for section in sections() if section.shown_for is None or section.shown_for(organisation)]
