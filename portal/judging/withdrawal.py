"""Taking a subject out of its rounds, and putting it back: the using app's decision, the engine's effect.

An app withdraws a subject when its own rules take it out of judging (the competition's staff
find an entry ineligible after its round opened). Its items leave every panel they are in: the
judges no longer see them (their lists, the scorecard pages, search), the automatic assignment
skips them and the results do not rank them. Nothing is deleted: assignments, draft and
submitted scorecards stay as they were, so restoring the subject (the decision corrected) puts
the judges' work back where it was. Each change is in the panel's history.

Taking a subject out is a panel manager's decision, checked here, unless the subject's own app
does it by a rule of its own (``by_its_app``: the enterprise withdrew its application, staff
took the case page offline): the app has checked who may, and ``actor`` (who did it, or ``None``
for Wagtail's acting user, as a page signal has no user) needs no right over the panel.
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


def _set(*, actor, subject, withdrawn: bool, note: str, by_its_app: bool) -> list[Item]:
    """Stamp (or clear) ``withdrawn_at`` on the subject's items that are not so yet; log each."""
    action = audit.WITHDRAWN if withdrawn else audit.RESTORED
    changed = list(_items_of(subject).filter(withdrawn_at__isnull=withdrawn).order_by("pk"))
    for item in changed:
        if not by_its_app:
            require(can_manage_panel(actor, item.panel))
        before = _state(item)
        item.withdrawn_at = timezone.now() if withdrawn else None
        item.save(update_fields=["withdrawn_at"])
        audit.record(
            actor=actor, target=item, action=action, before=before, after=_state(item), note=note, panel=item.panel_id
        )
    return changed


@transaction.atomic
def withdraw_subject(*, actor, subject, note: str = "", by_its_app: bool = False) -> list[Item]:
    """Take ``subject`` out of every round it is before; returns the items withdrawn (none: a no-op).

    ``by_its_app``: by a rule of the subject's own app, which checked who may (module docstring).
    """
    return _set(actor=actor, subject=subject, withdrawn=True, note=note, by_its_app=by_its_app)


@transaction.atomic
def restore_subject(*, actor, subject, note: str = "", by_its_app: bool = False) -> list[Item]:
    """Put ``subject`` back before the judges of every round it was withdrawn from, as it was.

    ``by_its_app``: by a rule of the subject's own app, which checked who may (module docstring).
    """
    return _set(actor=actor, subject=subject, withdrawn=False, note=note, by_its_app=by_its_app)
