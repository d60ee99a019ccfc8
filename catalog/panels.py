"""The catalogue's panels (``portal.panels``): the product page's slot, and its own on the organisation page.

The catalogue names no other app. An app with something to show about a product (the cases
that use it; later the competition entries built on it) declares ``PRODUCT_PANELS`` in its own
``panels.py``; the product page renders them (``{% panels "PRODUCT_PANELS" product %}``) and
declares their cache tags (``PRODUCT.tags()``).
"""

from catalog import permissions, queries, services
from portal.panels import Panel, Slot

#: What other apps show on a product's page.
PRODUCT = Slot("PRODUCT_PANELS")

#: How many of an organisation's products its page names; the enterprise page lists them all.
PRODUCTS_NAMED = 5


def products_of(organisation) -> dict:
    """A few of the enterprise's public products and how many it has; one query (none for another kind)."""
    if not (organisation.is_verified and permissions.can_list_products(organisation)):
        return {}
    products = queries.organisation_products(organisation, limit=PRODUCTS_NAMED)
    return {"organisation": organisation, "products": products, "total": products[0].total if products else 0}


#: Publishing or unpublishing a product invalidates "catalog" (catalog.services): the organisation's page follows.
ORGANISATION_PANELS = [Panel("catalog/_organisation_products.html", products_of, tags=(services.CACHE_TAG,), order=10)]
