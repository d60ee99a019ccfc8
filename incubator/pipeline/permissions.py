"""Who may do what in the pipeline (发现—甄别—培育). Every check is made here, on the server.

* Project managers and alliance staff (``portal.permissions.is_alliance_staff``; superusers too)
  run the pipeline: discover startups, move them between stages, assign a project manager, write
  notes and tasks, record support, see screening scores. Members of organisations (the startups
  themselves included) never reach it: the admin refuses them.
* Project managers open and run screening panels of the judging engine (its rubric, judges,
  assignments): the engine lets them run the panels the pipeline owns, and no others
  (``portal.judging.permissions.register_panel_managers``). The XLSX export of the whole
  pipeline is staff's (``can_verify_organisations``), and so is the data rooms' trail: the access log
  and the IP addresses NDAs were accepted from (``can_read_data_room_trail``).
* Tasks are assigned to, and cards managed by, project managers or staff only (``team``).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from portal import permissions as portal_permissions


def can_run_pipeline(user) -> bool:
    return portal_permissions.is_alliance_staff(user)


def can_export_pipeline(user) -> bool:
    return portal_permissions.can_verify_organisations(user)


def can_read_data_room_trail(user) -> bool:
    """Who opened which confidential document, and the addresses documents were opened and NDAs accepted
    from, are the investors' personal data and the startups' evidence: staff's (as the export), not
    project managers', who follow startups through the pipeline without them."""
    return portal_permissions.can_verify_organisations(user)


def can_open_screening(user) -> bool:
    """Project managers and staff open and run screening panels (the judging engine lets them run
    the panels the pipeline owns: ``incubator.pipeline.judging.register``)."""
    return can_run_pipeline(user)


def team():
    """The accounts that may manage a card or be given a task: active project managers, staff, superusers."""
    groups = [portal_permissions.STAFF_GROUP, portal_permissions.PROJECT_MANAGER_GROUP]
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=groups))
        .distinct()
        .order_by("pk")
    )


def project_managers():
    """The judges of a screening panel: active project managers."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=portal_permissions.PROJECT_MANAGER_GROUP)
        .distinct()
        .order_by("pk")
    )


def is_team_member(user) -> bool:
    return user is not None and team().filter(pk=user.pk).exists()


def require_can_run_pipeline(user) -> None:
    if not can_run_pipeline(user):
        raise PermissionDenied


def require_can_export_pipeline(user) -> None:
    if not can_export_pipeline(user):
        raise PermissionDenied


def require_can_open_screening(user) -> None:
    if not can_open_screening(user):
        raise PermissionDenied
