"""Product images and brochures, one module per concern.

Files reach this package already validated and re-encoded by ``portal.uploads`` (the forms'
``SafeImageField`` / ``SafePDFField``). ``storage`` makes them Wagtail images and documents in
one product uploads collection and turns the member's ordered lists into ``ProductImage`` /
``ProductBrochure`` children of the product *in memory*: the service then saves a revision,
so the change waits for review like any other (see ``catalog.models``). The collection carries
a view restriction to alliance staff: Wagtail's own document URLs (``/documents/<id>/…``) must
not serve a brochure that is still under review; the public downloads a brochure through
``views.product_brochure``, which only serves documents of the published version of a public
product.

* ``storage``: storing uploads, the member's image and brochure lists (writes);
* ``renditions``: the rendition specs, making them (an outbox effect after the commit), and
  what a ``<picture>`` needs (``srcset``);
* ``queries``: reading a product's pictures and brochures, prefetching renditions for a page;
* ``views``: the brochure download;
* ``cleanup``: the daily purge of uploads nothing needs any more.

A file stored by a request whose transaction rolls back is deleted at the end of that request
(``portal.storages``).
"""
