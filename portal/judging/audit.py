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

ASSIGNED = audit.action("judging.assignment.created", _("Assign judge"), _("Judge assigned"))
UNASSIGNED = audit.action("judging.assignment.removed", _("Remove judge"), _("Judge removed"))
RECUSED = audit.action("judging.assignment.recused", _("Recuse"), _("Judge recused"))
AUTO_ASSIGNED = audit.action("judging.panel.assigned", _("Assign automatically"), _("Judges assigned automatically"))
CONFLICT_DECLARED = audit.action("judging.conflict.declared", _("Declare conflict"), _("Conflict declared"))
SUBMITTED = audit.action("judging.scorecard.submitted", _("Submit scorecard"), _("Scorecard submitted"))
UNLOCKED = audit.action("judging.scorecard.unlocked", _("Unlock scorecard"), _("Scorecard unlocked"))
WITHDRAWN = audit.action("judging.item.withdrawn", _("Withdraw from the round"), _("Withdrawn from the round"))
RESTORED = audit.action("judging.item.restored", _("Restore to the round"), _("Restored to the round"))

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
