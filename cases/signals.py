"""Signal handlers connected in ``CasesConfig.ready``."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from cases import selection, services
from cases.models import CACHE_TAG, CasePage, TypicalCaseSelection
from portal import public_cache


@receiver(page_published, sender=CasePage)
@receiver(page_unpublished, sender=CasePage)
def invalidate_on_case_publish(sender, **kwargs):
    # Only the cases' own tag: pages that show cases declare it (the product page's panel, cases.panels).
    public_cache.invalidate_on_commit(CACHE_TAG)


@receiver(page_published, sender=CasePage)
def notify_submitter_on_publish(sender, instance, **kwargs):
    services.notify_published(instance)


@receiver(page_unpublished, sender=CasePage)
def leave_judging_when_offline(sender, instance, **kwargs):
    selection.leave_judging(instance)


@receiver(page_published, sender=CasePage)
def back_to_judging_when_published(sender, instance, **kwargs):
    selection.back_to_judging(instance)


@receiver(post_save, sender=TypicalCaseSelection)
@receiver(post_delete, sender=TypicalCaseSelection)
def invalidate_on_selection_change(sender, **kwargs):
    public_cache.invalidate_on_commit(CACHE_TAG)
