"""An edition's applications scored by an expert panel before staff decide (the judging engine, ``portal.judging``).

Per edition, staff may choose to have the applications scored (``open_application_panel``): a
``Panel`` owned by the ``Edition``, with its rubric, judges and scoring window; every
application awaiting a decision (or accepted) becomes an ``Item`` and gets its judges (the
engine's balanced, conflict-free assignment: the applying enterprise is a party,
``catalog.editions.judging``). Applications that arrive later are added with
``add_new_applications``. The scores inform; staff still accept or reject with the review kit's
decisions (``catalog.editions.services.APPLICATION_REVIEW``), and the application's admin page
shows its raw and normalised means and ranks beside them (``catalog.editions.queries.panel_standing``).

Keyword-only, one transaction each, staff only (``catalog.permissions.can_decide_editions``),
refusals as ``EditionError``; each step is in the edition's history with before and after.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog import permissions
from catalog.editions import queries
from catalog.editions.models import ApplicationStatus, Edition, EditionStatus
from catalog.editions.services import EditionError
from portal.judging import services as judging
from portal.judging.models import Panel
from portal.permissions import require
from portal.review import audit

PANEL_OPENED = audit.action(
    "catalog.edition.panel_opened", gettext_lazy("Have the applications scored"), gettext_lazy("Expert panel opened")
)
APPLICATIONS_ADDED = audit.action(
    "catalog.edition.panel_applications_added",
    gettext_lazy("Add applications to the panel"),
    gettext_lazy("Applications added to the panel"),
)

#: Applications a panel scores: those awaiting a decision, and accepted ones (staff may still change their mind).
SCORED_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED)


def _add_applications(actor, edition: Edition, panel: Panel) -> dict:
    before = queries.panel_application_ids(panel)
    applications = list(edition.applications.filter(status__in=SCORED_STATUSES).order_by("pk"))
    tags = {application.pk: [application.proposed_category] for application in applications}
    judging.add_items(actor=actor, panel=panel, subjects=applications, tags=tags)
    report = judging.assign_automatically(panel, actor=actor)
    return {
        "before": {"applications": before},
        "after": {"applications": queries.panel_application_ids(panel)},
        "report": report,
    }


@transaction.atomic
def open_application_panel(
    *, actor, edition: Edition, rubric, judges, judges_per_item: int, opens_at, closes_at
) -> Panel:
    """Have ``edition``'s applications scored by ``judges`` with ``rubric`` in the scoring window."""
    require(permissions.can_decide_editions(actor))
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status not in (EditionStatus.OPEN, EditionStatus.REVIEW):
        raise EditionError(_("Only an edition whose call is open or under review can have its applications scored."))
    if queries.edition_panel(edition) is not None:
        raise EditionError(_("This edition's applications already have an expert panel."))
    panel = judging.open_panel(
        actor=actor,
        owner=edition,
        title_zh=f"{edition.title_zh} 专家评审",
        title_en=f"{edition.title_en or edition.title_zh}: expert panel",
        rubric=rubric,
        judges=judges,
        judges_per_item=judges_per_item,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    added = _add_applications(actor, edition, panel)
    after = {"panel": panel.pk, "rubric": rubric.pk, "judges": sorted(user.pk for user in judges)}
    after |= added["after"]
    audit.record(actor=actor, target=edition, action=PANEL_OPENED, before={"panel": None}, after=after)
    return panel


@transaction.atomic
def add_new_applications(*, actor, edition: Edition):
    """Put the applications that arrived since the panel opened before it, and assign them judges.

    Returns the engine's ``AssignmentReport``.
    """
    require(permissions.can_decide_editions(actor))
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    panel = queries.edition_panel(edition)
    if panel is None:
        raise EditionError(_("This edition's applications are not scored by a panel."))
    added = _add_applications(actor, edition, panel)
    audit.record(actor=actor, target=edition, action=APPLICATIONS_ADDED, before=added["before"], after=added["after"])
    return added["report"]
