"""Staff powers need a second factor while ``PORTAL_STAFF_MFA_REQUIRED`` is on.

``portal.permissions.is_alliance_staff`` (and the checks built on it) already treat staff
without an authenticator app as ordinary members. Two places decide by group membership
instead, and are closed here: the Wagtail admin (``StaffMFARequiredMiddleware``) and the view
restrictions "only these groups" on pages and document collections (product uploads are
restricted to the staff groups), which Wagtail checks against the groups alone.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.models import BaseViewRestriction

from portal import permissions

STAFF_GROUPS = frozenset({permissions.STAFF_GROUP, permissions.PROJECT_MANAGER_GROUP})


def ask_for_second_factor(request):
    """Send staff without an authenticator app to allauth's page that sets one up (outside /admin/)."""
    messages.warning(request, _("Alliance staff must turn on two-factor authentication before using the admin."))
    return redirect("mfa_activate_totp")


def lacks_second_factor(user) -> bool:
    """Staff by role whose staff powers are withheld until they set up an authenticator app."""
    return permissions.holds_staff_role(user) and not permissions.has_staff_second_factor(user)


def passes_only_as_staff(user, restrictions) -> bool:
    """Whether some "only these groups" restriction lets ``user`` in only through staff powers.

    A superuser passes every group restriction, staff pass those naming their group: without the
    second factor neither counts, and only the user's other groups may let them in.
    """
    other_groups = set(user.groups.exclude(name__in=STAFF_GROUPS).values_list("pk", flat=True))
    for restriction in restrictions:
        if restriction.restriction_type != BaseViewRestriction.GROUPS:
            continue
        if not other_groups & {group.pk for group in restriction.groups.all()}:
            return True
    return False


def before_serve_page(page, request, serve_args, serve_kwargs):
    """``before_serve_page``: a group-restricted page asks staff without a second factor to set one up."""
    if lacks_second_factor(request.user) and passes_only_as_staff(request.user, page.get_view_restrictions()):
        return ask_for_second_factor(request)
    return None


def before_serve_document(document, request):
    """``before_serve_document``: the same for a document in a group-restricted collection."""
    restrictions = document.collection.get_view_restrictions()
    if lacks_second_factor(request.user) and passes_only_as_staff(request.user, restrictions):
        return ask_for_second_factor(request)
    return None
