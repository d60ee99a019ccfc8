"""Imported from ``CompetitionConfig.ready``: the results' log actions and outbox effect, known to every
process (Celery's workers find effects only in the apps' ``tasks.py``, which does not import these),
and the receivers that clear the public pages showing the results when an award or the publication
is deleted (withdrawn): ``services`` clear them on publishing and awarding, no service deletes."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from competition.models import CACHE_TAG, Award, ResultsPublication
from competition.results import audit, tasks  # noqa: F401  (importing registers them)
from portal import public_cache


@receiver(post_delete, sender=Award, dispatch_uid="competition-results-award-deleted")
@receiver(post_delete, sender=ResultsPublication, dispatch_uid="competition-results-publication-deleted")
def results_withdrawn(sender, instance, **kwargs):
    # The results page and the call pages' links to it are cached under the app's tag.
    public_cache.invalidate_on_commit(CACHE_TAG)
