"""Signal handlers connected in ``CompetitionConfig.ready``: the call pages' cache tag."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from competition.models import CACHE_TAG, Competition, Stage, Track, TrackField
from portal import public_cache


@receiver(post_save, sender=Competition)
@receiver(post_delete, sender=Competition)
@receiver(post_save, sender=Stage)
@receiver(post_delete, sender=Stage)
@receiver(post_save, sender=Track)
@receiver(post_delete, sender=Track)
@receiver(post_save, sender=TrackField)
@receiver(post_delete, sender=TrackField)
def invalidate_on_structure_change(sender, **kwargs):
    # The call pages show the stages (timeline) and tracks; only the app's own tag is cleared.
    public_cache.invalidate_on_commit(CACHE_TAG)
