"""Recommended-catalogue editions (非侵入式脑机接口创新产品推荐目录, one per year): a sub-domain of the catalogue.

An ``Edition`` goes draft → open call → under review → published; enterprises apply their
public products while the call is open, staff accept or reject, and publishing freezes every
accepted product into an ``EditionEntry`` (see ``models`` and ``entries``). The package has
an app's files (models, services, queries, views, urls, forms, admin, api, exports, emails,
demo, the catalogue's edition facet) and stitches itself in through the catalogue's own modules, the
only places Django, Wagtail and the portal look:

* ``catalog.models`` re-exports the models (the app's models module: migrations, admin);
* ``catalog.urls`` includes ``urls`` in the ``catalog`` namespace;
* ``catalog.wagtail_hooks`` imports ``admin`` (Wagtail imports ``wagtail_hooks`` of installed
  apps only, and this package is not an app: its label and tables stay the catalogue's);
* ``catalog.api`` mounts ``api.router``, ``catalog.demo`` lists ``demo.load``, ``catalog.tasks``
  holds the outbox effects (found in ``<app>.tasks``), ``catalog.queries`` declares ``facet``.
"""
