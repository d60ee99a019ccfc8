"""Demo data for search: make the database engine's index match the demo content.

Runs last in ``load_demo`` (``make run`` runs it every time): loaders that write without
signals (bulk inserts) and databases migrated before search existed are indexed here.
Idempotent: unchanged documents are compared by fingerprint and left alone.
"""

from portal.demo import DemoContext, Loader
from search import indexing


def load(context: DemoContext) -> None:
    repaired = indexing.reconcile_database()
    context.log(f"search: {repaired} objects (re)indexed", level=1)


#: After every other loader: it indexes what they wrote.
LOADERS = [Loader("search", load, after=("*",))]
