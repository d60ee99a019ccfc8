"""Imported from ``CompetitionConfig.ready``: the results' log actions and outbox effect, known to every
process (Celery's workers find effects only in the apps' ``tasks.py``, which does not import these)."""

from competition.results import audit, tasks  # noqa: F401  (importing registers them)
