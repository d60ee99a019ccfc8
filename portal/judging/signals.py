"""A judge never judges while conflicted: joining an organisation behind an item they were assigned
makes the tie, and they step back from it at once (``services.step_back_from_conflicts``). Using apps
do the same for memberships of their own (the competition's teams: ``competition.signals``)."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from portal.judging import services
from portal.organisations.models import Membership


def joined_reason() -> str:
    """The recusal's reason when a new membership made the tie (in the language of the request)."""
    return _("Became a member of an organisation or team behind it.")


@receiver(post_save, sender=Membership, dispatch_uid="judging-membership-conflicts")
def step_back_on_joining(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.step_back_from_conflicts(actor=None, judge=instance.user, reason=joined_reason())
