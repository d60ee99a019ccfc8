"""The catalogue's "edition" facet: products recommended in a published edition (``?edition=2025``).

Declared in ``catalog.queries.facets()``. Entries exist only once an edition is published,
so the lookup through ``edition_entries`` sees published editions only. Values are the
years as strings, like every other facet's values in the URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from catalog.queries import GroupedFacet


@dataclass(frozen=True)
class EditionFacet(GroupedFacet):
    def accepts(self, value: str) -> bool:
        """A year: anything else (``?edition=abc``) would reach the integer column and fail."""
        return value.isascii() and value.isdigit() and len(value) == 4

    def options(self, products, selected=()) -> list[dict]:
        return [{**option, "value": str(option["value"])} for option in super().options(products, selected)]


EDITION_FACET = EditionFacet(
    "edition",
    "edition_entries__edition__year",
    ("edition_entries__edition__title_zh", "edition_entries__edition__title_en"),
    _("Recommended in"),
    to_many=True,
)
