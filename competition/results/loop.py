"""The loop: a winning entry becomes a draft product in the catalogue, for the enterprise behind its team.

Staff take the action; the draft is made through the catalogue's own service
(``catalog.services.create_product``), in the name of a member of the team who may edit the
enterprise's products (the team's captain first), so the catalogue's rules hold: an enterprise
organisation, its owner or editor as author, a draft the enterprise completes and submits for
review. The link is kept on the ``Award`` (``product``); the catalogue knows nothing of the
competition. Taken twice, the same product is returned.

The incubator's startup record (the other half of the loop in issue #13) waits for the
incubator app, which does not exist yet.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from catalog import permissions as catalog_permissions
from catalog import services as catalog
from catalog.vocabulary import ElectrodeType, SignalModality
from competition import permissions
from competition.models import Award
from competition.results import audit
from competition.results.services import ResultsError
from competition.vocabulary import TeamRole


def _author(team):
    """The team member who may write the enterprise's products: the captain first, then by joining order."""
    memberships = team.memberships.select_related("user").order_by("joined_at", "pk")
    for membership in sorted(memberships, key=lambda m: m.role != TeamRole.CAPTAIN):
        if catalog_permissions.can_edit_products_of(membership.user, team.organisation):
            return membership.user
    return None


def _fields(entry) -> dict:
    summary = (entry.summary or entry.title).strip()
    return {
        "name_zh": entry.title[:200],
        "summary_zh": summary[:300],
        "description_zh": entry.summary,
        # The entry does not say these: the enterprise completes the draft before submitting it.
        "signal_modality": SignalModality.OTHER,
        "electrode_type": ElectrodeType.NONE,
    }


@transaction.atomic
def has_enterprise(award: Award) -> bool:
    """Whether ``award``'s team entered for an enterprise, the only kind of organisation that lists products
    (read with ``entry__team__organisation`` selected, it costs no query)."""
    organisation = award.entry.team.organisation
    return organisation is not None and catalog_permissions.can_list_products(organisation)


def make_product(*, actor, award: Award):
    """A draft catalogue product from ``award``'s entry, for its team's enterprise; refused without one."""
    permissions.require_can_manage_competitions(actor)
    award = Award.objects.select_for_update(of=("self",)).select_related("entry__team__organisation").get(pk=award.pk)
    if award.product_id is not None:
        return award.product
    team = award.entry.team
    organisation = team.organisation
    if not has_enterprise(award):
        raise ResultsError(
            _("This team did not enter on behalf of an enterprise: only an enterprise lists products in the catalogue.")
        )
    author = _author(team)
    if author is None:
        raise ResultsError(
            _("No member of this team is an owner or editor of %(organisation)s, so nobody could complete the product.")
            % {"organisation": organisation}
        )
    product = catalog.create_product(actor=author, organisation=organisation, **_fields(award.entry))
    award.product = product
    award.save(update_fields=["product"])
    audit.record(
        actor=actor,
        target=award.entry,
        action=audit.PRODUCT_CREATED,
        before={"product": None},
        after={"product": product.pk, "award": award.pk, "organisation": organisation.pk, "author": author.pk},
    )
    return product
