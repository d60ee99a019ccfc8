"""Who may do what in the judging engine. Every check is made here, on the server.

* Staff (``portal.permissions.can_verify_organisations``: the alliance staff group and
  superusers) run panels: judges, items, assignments, unlocking scorecards. An app may let
  others run the panels *it* owns (``register_panel_managers``: the incubator's project managers
  run its screening panels), never anyone else's. Staff and project managers
  (``is_alliance_staff``) see everything, results included.
* A judge reaches only their own *live* assignments (``assignments_for``): anyone else's, a
  recused one, or one on an item withdrawn from the round (an entry found ineligible) is a 404,
  never a 403 that would confirm it exists.
* A judge scores only their own active assignment, only while the panel's scoring window is
  open (checked in the services, to the second).
* No judge sees another judge's scores before the panel closes; results are hidden from everyone
  but staff (the using app publishes what it decides to publish).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal.judging.models import Assignment, Panel, PanelJudge
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

#: (owns(owner_type_id, owner_id), may(user)) pairs: who else runs the panels an app owns.
_PANEL_MANAGERS: list[tuple] = []


def register_panel_managers(*, owns, may) -> None:
    """Let users for whom ``may(user)`` holds run the panels whose owner ``owns(owner_type_id, owner_id)``.

    For an app whose panels its own staff run (the incubator's screening, by project managers);
    alliance staff run every panel anyway. Called from the app's ``ready``.
    """
    _PANEL_MANAGERS.append((owns, may))


def can_manage_panels(user, *, owner_type_id=None, owner_id=None) -> bool:
    """Open, assign, remove, unlock: alliance staff; for a panel of an owner an app registered
    (``register_panel_managers``), also whom the app lets run it."""
    if can_verify_organisations(user):
        return True
    if owner_type_id is None:
        return False
    return any(owns(owner_type_id, owner_id) and may(user) for owns, may in _PANEL_MANAGERS)


def can_manage_panel(user, panel: Panel) -> bool:
    """``can_manage_panels`` for one panel (its owner decides who else may)."""
    return can_manage_panels(user, owner_type_id=panel.owner_type_id, owner_id=panel.owner_id)


def can_see_results(user) -> bool:
    """Scores and ranks of a panel: staff and project managers only."""
    return is_alliance_staff(user)


def is_judge(user) -> bool:
    """Whether ``user`` sits on any panel: they have the judge's pages (assignments, expertise, conflicts)."""
    return user.is_authenticated and PanelJudge.objects.filter(user=user).exists()


def assignments_for(user):
    """The assignments ``user`` may open as a judge: their own, live (``AssignmentQuerySet.live``)."""
    if not user.is_authenticated or not user.is_active:
        return Assignment.objects.none()
    return Assignment.objects.live().filter(judge=user)


def can_score(user, assignment: Assignment) -> bool:
    return bool(user.is_authenticated and user.is_active and assignment.judge_id == user.pk and assignment.is_active)


def can_see_scores_of_others(user, panel: Panel) -> bool:
    """Another judge's scores: staff always; a judge of the panel only once it has closed."""
    if can_see_results(user):
        return True
    return bool(user.is_authenticated and panel.is_closed() and panel.judges.filter(user=user).exists())


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
