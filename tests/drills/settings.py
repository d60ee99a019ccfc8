"""Settings of the processes the drills start (gunicorn, Celery, tests/drills/agent.py): production's.

Everything comes from the environment exactly as in production (``portal.settings.production``),
which the drill fixtures point at their own PostgreSQL cluster, Redis servers, SMTP server and
Elasticsearch proxy. Two additions, neither of which changes how a request is handled:

* ``ROOT_URLCONF = "bench.urls"``: the site's URLs with ``/bench/bare/`` in front, the bare
  view the load drill divides by (as ``make bench`` does);
* ``SEARCH_INDEX_PREFIX`` from ``DRILL_SEARCH_INDEX_PREFIX``: each drill's indexes on the
  shared Elasticsearch-API server are its own.
"""

import os

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SEARCH_INDEX_PREFIX = os.environ.get("DRILL_SEARCH_INDEX_PREFIX", "drill-")
