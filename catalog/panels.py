"""The product page's panels: what other apps show on a product's page, declared in their own files.

The catalogue names no other app. An app with something to show about a product (the cases
that use it; later the competition entries built on it) declares its panels in its own
``panels.py``, found by ``portal.discovery``::

    # cases/panels.py
    PRODUCT_PANELS = [ProductPanel("cases/_product_cases.html", cases_using, tags=("cases",))]

``context(product)`` gives the template's context, in the page's language (the template is
rendered as an inclusion tag's: ``{% load product_panels %}{% product_panels product %}``).
``tags`` are the public-cache tags of what the panel shows: the product page declares them
(``panel_tags``), so the app's writers invalidate their own tag only, never the catalogue's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from portal import discovery


@dataclass(frozen=True)
class ProductPanel:
    template: str
    context: Callable[[object], dict]
    tags: tuple[str, ...] = ()
    order: int = 0


def product_panels() -> list[ProductPanel]:
    """Every app's ``PRODUCT_PANELS``, by ``order`` (then ``INSTALLED_APPS`` order)."""
    found = [panel for _app, panels in discovery.declared("panels", "PRODUCT_PANELS") for panel in panels]
    return sorted(found, key=lambda panel: panel.order)


def panel_tags() -> tuple[str, ...]:
    """The cache tags of what the panels show (the product page's own tags come besides)."""
    return tuple(dict.fromkeys(tag for panel in product_panels() for tag in panel.tags))
