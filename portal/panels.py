"""Panels: what apps show on another app's page (or the core's), declared in their own files.

A page that others may add to has a *slot*, named by the list its contributors declare in their
``panels.py`` (found by ``portal.discovery``; the page names no app)::

    # cases/panels.py
    PRODUCT_PANELS = [Panel("cases/_product_cases.html", cases_using, tags=("cases",))]
    ORGANISATION_PANELS = [Panel("cases/_organisation_cases.html", cases_of, tags=("cases",))]

``context(obj)`` gives the template's context for the page's object, in the page's language,
reading what it shows in one query at most (the template is rendered as an inclusion tag's:
``{% load panel_tags %}{% panels "PRODUCT_PANELS" product %}``); a panel with nothing to show
renders nothing. ``tags`` are the public-cache tags of what the panel shows: the page declares its
slot's (``Slot.tags``), so each app's writers invalidate their own tag only, never the page's.

The slots: the product page's (``catalog.panels.PRODUCT``) and the organisation page's
(``ORGANISATION``, below: the organisation page is the core's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from portal import discovery


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[object], dict]
    tags: tuple[str, ...] = ()
    order: int = 0


@dataclass(frozen=True)
class Slot:
    """A place on a page for other apps' panels: ``declaration`` is the name they declare them under."""

    declaration: str

    def panels(self) -> list[Panel]:
        """Every app's panels for this slot, by ``order`` (then ``INSTALLED_APPS`` order)."""
        found = [panel for _app, panels in discovery.declared("panels", self.declaration) for panel in panels]
        return sorted(found, key=lambda panel: panel.order)

    def tags(self) -> tuple[str, ...]:
        """The cache tags of what the panels show (the page's own tags come besides)."""
        return tuple(dict.fromkeys(tag for panel in self.panels() for tag in panel.tags))


#: The organisation's public page (``portal:organisation_detail``): what it has on the portal.
ORGANISATION = Slot("ORGANISATION_PANELS")
