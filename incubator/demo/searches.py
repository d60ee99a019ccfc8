"""The ``investor`` login's saved searches of the startup directory (``load_demo``): the saved searches
page and its e-mail switches are not empty at first sight. Saved through the service, as the
directory's "Save this search" does; one is e-mailed, one is not.

Idempotent: the service keeps one saved search per name and filters.
"""

from __future__ import annotations

from incubator.demo.meetings import INVESTOR_LOGIN
from incubator.profiles import services
from portal.demo.registry import DemoContext, Loader, demo_email
from portal.models import User

#: (name, the directory's query string, e-mailed): as the investor named them, in Chinese.
SEARCHES = (
    ("康复 · 临床试验阶段", "field=rehabilitation&stage=clinical_trial", True),
    ("失语与言语解码", "indication=aphasia&q=%E8%A8%80%E8%AF%AD", False),
)


def load(context: DemoContext) -> None:
    investor = User.objects.filter(email=demo_email(INVESTOR_LOGIN)).first()
    if investor is None:
        return
    for name, query, digest in SEARCHES:
        had = investor.saved_searches.filter(name=name, query=query).exists()
        services.save_search(actor=investor, name=name, query=query, digest=digest)
        context.record("saved search", not had)


LOADERS = [Loader("incubator.searches", load, after=("incubator.profiles", "portal.users"))]
