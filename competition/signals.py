"""Signal handlers connected in ``CompetitionConfig.ready``: the call pages' cache tag, and the
entries' search documents where a change reaches them without a save the search app sees.

``search.signals`` rebuilds an entry's documents when the entry is saved (submit, withdraw,
screening) and when a model its declaration depends on is saved (``competition/search.py``: an
assignment made by hand or recused, an award, the results' publication). Here, through the same
``search.indexing.changed`` (the database engine in the change's transaction, Elasticsearch through
the outbox after the commit): deletes (a judge removed, an item, an award or a publication gone)
and the automatic assignment, which writes assignments in bulk (no per-row signal) and then logs
its run on the panel, once, after its writes.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import ModelLogEntry

from competition import search as entry_search
from competition.models import (
    CACHE_TAG,
    AlgorithmTask,
    Award,
    Competition,
    ResultsPublication,
    Stage,
    TeamMembership,
    Track,
    TrackField,
)
from competition.teams import services as team_services
from portal import public_cache
from portal.judging import audit as judging_audit
from portal.judging import services as judging
from portal.judging.models import Assignment, Item
from portal.judging.signals import joined_reason
from portal.organisations.models import Membership
from search import indexing


@receiver(post_save, sender=Competition)
@receiver(post_delete, sender=Competition)
@receiver(post_save, sender=Stage)
@receiver(post_delete, sender=Stage)
@receiver(post_save, sender=Track)
@receiver(post_delete, sender=Track)
@receiver(post_save, sender=TrackField)
@receiver(post_delete, sender=TrackField)
@receiver(post_save, sender=AlgorithmTask)
@receiver(post_delete, sender=AlgorithmTask)
def invalidate_on_structure_change(sender, **kwargs):
    # The call pages show the stages (timeline) and tracks, an algorithm track with a link to its task,
    # and the site map lists the tasks (staff make and edit them in the admin, with no service of the
    # app's own to clear the tag); only the app's own tag is cleared.
    public_cache.invalidate_on_commit(CACHE_TAG)


def _reindex(entry_ids) -> None:
    indexing.changed(entry_search.NAME, entry_ids)


@receiver(post_delete, sender=Assignment, dispatch_uid="competition-search-assignment-deleted")
def reindex_after_unassignment(sender, instance, **kwargs):
    # A judge taken off an entry (by hand, or dropped by a new automatic run) no longer finds it.
    _reindex(entry_search.entries_of_items({"pk": instance.item_id}))


@receiver(post_delete, sender=Item, dispatch_uid="competition-search-item-deleted")
def reindex_after_item_removed(sender, instance, **kwargs):
    if instance.subject_type_id == entry_search.entry_type().pk:
        _reindex([instance.subject_id])


@receiver(post_delete, sender=Award, dispatch_uid="competition-search-award-deleted")
def reindex_after_award_removed(sender, instance, **kwargs):
    _reindex([instance.entry_id])


@receiver(post_delete, sender=ResultsPublication, dispatch_uid="competition-search-publication-deleted")
def reindex_after_unpublishing(sender, instance, **kwargs):
    _reindex(entry_search.competition_winners(instance.competition_id))


@receiver(post_save, sender=ModelLogEntry, dispatch_uid="competition-search-automatic-assignment")
def reindex_after_automatic_assignment(sender, instance, created=False, raw=False, **kwargs):
    """The automatic assignment's run, logged on its panel after its bulk writes: the panel's entries."""
    if not created or raw or instance.action != judging_audit.AUTO_ASSIGNED:
        return
    after = (instance.data or {}).get("after") or {}
    if not (after.get("created") or after.get("removed")):
        return  # a run that changed nothing
    _reindex(entry_search.entries_of_items({"panel": instance.object_id}))


@receiver(post_delete, sender=Membership)
def detach_teams_of_a_departed_member(sender, instance, **kwargs):
    """A team enters on behalf of an organisation its creator belongs to (``permissions.can_enter_for``):
    once the creator is no longer a member (removed, or left), the teams they registered for it no
    longer enter in its name. (Deleting the account: ``competition.privacy``.)"""
    team_services.detach_teams(user_id=instance.user_id, organisation_id=instance.organisation_id)


@receiver(post_save, sender=TeamMembership, dispatch_uid="competition-team-member-conflicts")
def step_back_on_joining_a_team(sender, instance, created, raw=False, **kwargs):
    """A judge who joins a team (its people are its entries' parties) steps back from judging its entries."""
    if created and not raw:
        judging.step_back_from_conflicts(actor=None, judge=instance.user, reason=joined_reason())
