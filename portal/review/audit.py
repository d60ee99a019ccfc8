"""The audit trail: Wagtail's log (``wagtail.log_actions.log``) with registered actions.

Every staff decision is written here with the state before and after it (``portal.review.decisions``
does it for declared decisions), so the object's admin history shows it and later apps (the
competition's assignments, scores, advancements) extend the same trail with ``record``::

    EXTENDED = audit.action("competition.entry.extended", _("Extend deadline"), _("Deadline extended"))
    audit.record(actor=staff, target=entry, action=EXTENDED,
                 before={"deadline": old}, after={"deadline": new}, note=reason)

An entry's ``data`` is ``{"before": {...}, "after": {...}}`` plus ``note`` and any other
values given (JSON through Django's encoder: dates, decimals and UUIDs are fine).
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail import hooks
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry


@dataclass(frozen=True)
class LogAction:
    """A registered log action: its name (``<app>.<model>.<what happened>``), the label of the
    history's filter and the message of an entry (both translated, lazily)."""

    name: str
    label: str
    message: str


def register(*actions: LogAction) -> None:
    """Register log actions with Wagtail (now, when its registry has already been read)."""

    def register_log_actions(registry):
        for action in actions:
            registry.register_action(action.name, action.label, action.message)

    if log_registry.has_scanned_for_actions:
        register_log_actions(log_registry)
    else:
        hooks.register("register_log_actions", register_log_actions)


def action(name: str, label: str, message: str) -> str:
    """Register one log action (``register``) and return its name, for the module's constant::

        REQUESTED = audit.action("incubator.meeting.requested", _("Request a meeting"), _("Meeting requested"))

    Each action is written once, and every action a module names is registered.
    """
    register(LogAction(name, label, message))
    return name


def record(*, actor, target, action: str, before: dict, after: dict, note: str = "", **data):
    """Write one entry of ``target``'s history: who did ``action``, and what it changed."""
    entry = {"before": before, "after": after, **data}
    if note:
        entry["note"] = note
    return log(instance=target, action=action, user=actor, data=entry)
