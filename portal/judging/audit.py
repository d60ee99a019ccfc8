"""The judging engine's log actions, and writing many entries at once.

Every change the services make is written to Wagtail's log through ``portal.review.audit``
(actor, time, action, before/after), so an assignment's, a scorecard's or a panel's admin
history shows it. The automatic assignment writes one entry per assignment it creates or
removes with ``record_many`` (one INSERT, not one per assignment) and one on the panel. Every
entry about a panel's work carries ``"panel": <id>`` in its data, so the panel's history finds the
entries of assignments removed since.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import get_active_log_context
from wagtail.models import ModelLogEntry

from portal.review import audit
from portal.review.audit import LogAction

ASSIGNED = "judging.assignment.created"
UNASSIGNED = "judging.assignment.removed"
RECUSED = "judging.assignment.recused"
AUTO_ASSIGNED = "judging.panel.assigned"
CONFLICT_DECLARED = "judging.conflict.declared"
SUBMITTED = "judging.scorecard.submitted"
UNLOCKED = "judging.scorecard.unlocked"

ACTIONS = (
    LogAction(ASSIGNED, _("Assign judge"), _("Judge assigned")),
    LogAction(UNASSIGNED, _("Remove judge"), _("Judge removed")),
    LogAction(RECUSED, _("Recuse"), _("Judge recused")),
    LogAction(AUTO_ASSIGNED, _("Assign automatically"), _("Judges assigned automatically")),
    LogAction(CONFLICT_DECLARED, _("Declare conflict"), _("Conflict declared")),
    LogAction(SUBMITTED, _("Submit scorecard"), _("Scorecard submitted")),
    LogAction(UNLOCKED, _("Unlock scorecard"), _("Scorecard unlocked")),
)


def register() -> None:
    audit.register(*ACTIONS)


record = audit.record


def record_many(*, actor, action: str, entries, panel: int) -> None:
    """One log entry per ``(target, before, after)`` of ``entries``, written in one INSERT."""
    entries = list(entries)
    if not entries:
        return
    now = timezone.now()
    uuid = get_active_log_context().uuid
    content_type = ContentType.objects.get_for_model(entries[0][0], for_concrete_model=False)
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            object_id=str(target.pk),
            label=str(target)[:255],
            action=action,
            timestamp=now,
            user=actor,
            uuid=uuid,
            data={"before": before, "after": after, "panel": panel},
        )
        for target, before, after in entries
    )
