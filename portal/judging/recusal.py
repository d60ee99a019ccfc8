"""Taking a judge off an item they stay assigned to (``AssignmentStatus.RECUSED``), logged: their own
recusal, a conflict found after the assignment (``services.step_back_from_conflicts``), and staff's
unlocking of a conflicted judge's submitted scorecard (``scorecards.unlock_scorecard``)."""

from __future__ import annotations

from portal.judging import audit
from portal.judging.models import Assignment
from portal.judging.vocabulary import AssignmentStatus


def assignment_state(assignment: Assignment) -> dict:
    """What the log keeps of an assignment, before and after a change."""
    return {
        "item": assignment.item_id,
        "judge": assignment.judge_id,
        "source": assignment.source,
        "status": assignment.status,
        "recusal_reason": assignment.recusal_reason,
    }


def mark_recused(*, actor, assignment: Assignment, reason: str) -> None:
    """``assignment``'s judge no longer judges its item (in the caller's transaction, the row locked)."""
    before = assignment_state(assignment)
    assignment.status = AssignmentStatus.RECUSED
    assignment.recusal_reason = reason
    assignment.save(update_fields=["status", "recusal_reason"])
    after, panel = assignment_state(assignment), assignment.item.panel_id
    audit.record(actor=actor, target=assignment, action=audit.RECUSED, before=before, after=after, panel=panel)
