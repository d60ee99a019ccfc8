"""Who may do what in the judging engine. Every check is made here, on the server.

* Staff (``portal.permissions.can_verify_organisations``: the alliance staff group and
  superusers) run panels: judges, items, assignments, unlocking scorecards. Staff and project
  managers (``is_alliance_staff``) see everything, results included.
* A judge reaches only their own *active* assignments (``assignments_for``): anyone else's, or a
  recused one, is a 404, never a 403 that would confirm it exists.
* A judge scores only their own active assignment, only while the panel's scoring window is
  open (checked in the services, to the second).
* No judge sees another judge's scores before the panel closes; results are hidden from everyone
  but staff (the using app publishes what it decides to publish).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal.judging.models import Assignment, Panel
from portal.judging.vocabulary import AssignmentStatus
from portal.permissions import can_verify_organisations, is_alliance_staff

#: Models of the engine the admin roles work with (``portal.roles``).
STAFF_MODEL_PERMISSIONS = [
    "rubric",
    "criterion",
    "panel",
    "paneljudge",
    "judgeprofile",
    "conflictdeclaration",
    "item",
    "assignment",
    "scorecard",
]
PROJECT_MANAGER_MODEL_PERMISSIONS = ["rubric", "panel", "assignment", "scorecard"]


def can_manage_panels(user) -> bool:
    """Assign, remove, unlock: alliance staff (not project managers)."""
    return can_verify_organisations(user)


def can_see_results(user) -> bool:
    """Scores and ranks of a panel: staff and project managers only."""
    return is_alliance_staff(user)


def assignments_for(user):
    """The assignments ``user`` may open as a judge: their own, still active."""
    if not user.is_authenticated or not user.is_active:
        return Assignment.objects.none()
    return Assignment.objects.filter(judge=user, status=AssignmentStatus.ACTIVE)


def can_score(user, assignment: Assignment) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and assignment.judge_id == user.pk
        and assignment.status == AssignmentStatus.ACTIVE
    )


def can_see_scores_of_others(user, panel: Panel) -> bool:
    """Another judge's scores: staff always; a judge of the panel only once it has closed."""
    if can_see_results(user):
        return True
    return bool(user.is_authenticated and panel.is_closed() and panel.judges.filter(user=user).exists())


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
