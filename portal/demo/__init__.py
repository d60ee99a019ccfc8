"""Demo data for ``manage.py load_demo``: bilingual, idempotent, extended by every app.

How it is organised
-------------------
The command runs a list of *loaders* in order, inside one database transaction.
The list is the setting ``PORTAL_DEMO_LOADERS`` (dotted paths), so the order is
explicit and visible in one place::

    PORTAL_DEMO_LOADERS = [
        "portal.demo.site.load",           # locales, home page, page tree, site settings
        "portal.demo.organisations.load",  # organisations of every kind
        "portal.demo.users.load",          # one demo user per role, memberships
    ]

A loader is a function ``load(context: DemoContext) -> None`` (see
``portal.demo.registry``). A later app adds its own module, for example
``catalog/demo.py``::

    from portal.demo import DemoContext


    def load(context: DemoContext) -> None:
        vendor = context.organisation("lansi-neuro")
        index = context.page("catalogue")            # the zh-hans page, or locale="en"
        product, created = Product.objects.get_or_create(slug="...", defaults={...})
        context.record("product", created)

and appends ``"catalog.demo.load"`` to ``PORTAL_DEMO_LOADERS`` in
``portal/settings/base.py`` (after the portal's loaders, which it depends on).

Rules every loader follows
--------------------------
* **Idempotent**: look things up by a stable natural key (slug, e-mail) and
  create only what is missing; never update what exists, so running the command
  twice changes nothing and edits made by staff in the admin survive.
* **Both languages**: content is data, written in Chinese and English directly
  (not through gettext). Wagtail pages get a real English translation through
  ``portal.demo.pages`` (``copy_for_translation`` + English fields + publish).
* **Honest**: anything invented is marked as demo content (``demo_note``), and
  organisations have fictional names on ``.example`` domains.
* **Fast**: the whole command stays well under ten seconds; hash passwords once.
"""

from portal.demo.registry import DemoContext, get_loaders, run_loaders

__all__ = ["DemoContext", "get_loaders", "run_loaders"]
