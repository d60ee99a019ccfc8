"""The catalogue's "edition" facet: products recommended in a published edition (``?edition=2025``).

Declared in ``catalog.queries.CATALOGUE``. Entries exist only once an edition is published,
so the lookup through ``edition_entries`` sees published editions only. Values are the
years as strings, like every other facet's values in the URL; anything but four digits
would reach the integer column and fail, so it is dropped.
"""

import re

from django.utils.translation import gettext_lazy as _

from portal.listing.facets import GroupedFacet

EDITION_FACET = GroupedFacet(
    "edition",
    "edition_entries__edition__year",
    ("edition_entries__edition__title_zh", "edition_entries__edition__title_en"),
    _("Recommended in"),
    to_many=True,
    pattern=re.compile(r"[0-9]{4}"),
)
