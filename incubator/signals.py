"""The incubator's receivers (connected by importing this module from ``IncubatorConfig.ready``).

* Competition results published → the awarded startups enter the pipeline
  (``incubator.pipeline.winners``). The competition sends no signal of its own: publishing creates
  one ``ResultsPublication`` row (``competition.results.services.publish_results``), so its
  ``post_save`` with ``created`` is the moment, inside the publication's transaction.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import post_save

from incubator.pipeline import winners


def results_published(sender, instance, created, raw=False, **kwargs):
    if not created or raw or instance.published_by_id is None:
        return
    winners.discover_winners(actor=instance.published_by, competition=instance.competition)


if apps.is_installed("competition"):
    post_save.connect(
        results_published,
        sender="competition.ResultsPublication",
        dispatch_uid="incubator.pipeline.results_published",
    )
