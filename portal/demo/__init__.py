"""Demo data for ``manage.py load_demo``: bilingual, idempotent, extended by every app.

How it is organised
-------------------
The command runs *loaders* inside one database transaction. Each app declares its own in
its ``demo.py`` (or ``demo/__init__.py``) as ``LOADERS``, with the loaders it must run
after (``portal.demo.registry``); the portal's are below. A later app adds, for example in
``competition/demo.py``::

    from portal.demo import DemoContext, Loader


    def load(context: DemoContext) -> None:
        organiser = context.organisation("lansi-neuro")
        call = context.page("competition")             # the zh-hans page, or locale="en"
        competition, created = Competition.objects.get_or_create(slug="...", defaults={...})
        context.record("competition", created)


    LOADERS = [Loader("competition", load, after=("portal.users",))]

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

from portal.demo import organisations, site, users
from portal.demo.registry import DemoContext, Loader, get_loaders, run_loaders

__all__ = ["DemoContext", "Loader", "get_loaders", "run_loaders"]

LOADERS = [
    Loader("portal.site", site.load),
    Loader("portal.organisations", organisations.load, after=("portal.site",)),
    Loader("portal.users", users.load, after=("portal.organisations",)),
]
