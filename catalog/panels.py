"""The catalogue's panels (``portal.panels``): the product page's slot.

The catalogue names no other app. An app with something to show about a product (the cases
that use it; later the competition entries built on it) declares ``PRODUCT_PANELS`` in its own
``panels.py``; the product page renders them (``{% panels "PRODUCT_PANELS" product %}``) and
declares their cache tags (``PRODUCT.tags()``).
"""

from portal.panels import Slot

#: What other apps show on a product's page.
PRODUCT = Slot("PRODUCT_PANELS")
