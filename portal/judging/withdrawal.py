"""Taking a subject out of its rounds, and putting it back: the using app's decision, the engine's effect.

An app withdraws a subject when its own rules take it out of judging (the competition's staff
find an entry ineligible after its round opened). Its items leave every panel they are in: the
judges no longer see them (their lists, the scorecard pages, search), the automatic assignment
skips them and the results do not rank them. Nothing is deleted: assignments, draft and
submitted scorecards stay as they were, so restoring the subject (the decision corrected) puts
the judges' work back where it was. Each change is in the panel's history.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from portal.judging import audit
from portal.judging.models import Item
from portal.judging.permissions import can_manage_panel, require


def _items_of(subject):
    subject_type = ContentType.objects.get_for_model(subject)
    return (
        Item.objects.select_for_update(of=("self",))
        .select_related("panel")
        .filter(subject_type=subject_type, subject_id=subject.pk)
    )


def _state(item: Item) -> dict:
    return {"withdrawn_at": item.withdrawn_at.isoformat() if item.withdrawn_at else None}


def _set(*, actor, subject, withdrawn: bool, note: str) -> list[Item]:
    """Stamp (or clear) ``withdrawn_at`` on the subject's items that are not so yet; log each."""
    action = audit.WITHDRAWN if withdrawn else audit.RESTORED
    changed = list(_items_of(subject).filter(withdrawn_at__isnull=withdrawn).order_by("pk"))
    for item in changed:
        require(can_manage_panel(actor, item.panel))
        before = _state(item)
        item.withdrawn_at = timezone.now() if withdrawn else None
        item.save(update_fields=["withdrawn_at"])
        audit.record(
            actor=actor, target=item, action=action, before=before, after=_state(item), note=note, panel=item.panel_id
        )
    return changed


@transaction.atomic
def withdraw_subject(*, actor, subject, note: str = "") -> list[Item]:
    """Take ``subject`` out of every round it is before; returns the items withdrawn (none: a no-op)."""
    return _set(actor=actor, subject=subject, withdrawn=True, note=note)


@transaction.atomic
def restore_subject(*, actor, subject, note: str = "") -> list[Item]:
    """Put ``subject`` back before the judges of every round it was withdrawn from, as it was."""
    return _set(actor=actor, subject=subject, withdrawn=False, note=note)
