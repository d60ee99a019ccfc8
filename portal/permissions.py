"""Who may do what in the site core. Every check is made here, on the server.

Roles
-----
* anonymous visitor
* member: a signed-in user with a verified e-mail address
* organisation owner / editor: a member's role in one organisation (``Membership``)
* judge: per competition (competition app)
* project manager and alliance staff: Django groups with Wagtail admin access
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from portal.models.organisations import MemberRole, Membership, Organisation

STAFF_GROUP = "Alliance staff"
PROJECT_MANAGER_GROUP = "Project managers"


def _group_names(user) -> set[str]:
    # Cached on the user object: permission checks run many times per request.
    if not hasattr(user, "_portal_group_names"):
        user._portal_group_names = set(user.groups.values_list("name", flat=True))
    return user._portal_group_names


def is_alliance_staff(user) -> bool:
    """Staff and project managers run the portal from the Wagtail admin."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(_group_names(user) & {STAFF_GROUP, PROJECT_MANAGER_GROUP})


def is_project_manager(user) -> bool:
    return user.is_authenticated and (user.is_superuser or PROJECT_MANAGER_GROUP in _group_names(user))


def has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def membership(user, organisation: Organisation) -> Membership | None:
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def can_edit_for(user, organisation: Organisation) -> bool:
    """Owners and editors maintain what their organisation lists."""
    return membership(user, organisation) is not None


def can_manage_members(user, organisation: Organisation) -> bool:
    """Only owners invite, change roles and remove members."""
    found = membership(user, organisation)
    return found is not None and found.role == MemberRole.OWNER


def can_publish_for(organisation: Organisation) -> bool:
    """Nothing an organisation publishes is public before staff verify the organisation."""
    return organisation.is_verified


def require_can_manage_members(user, organisation: Organisation) -> None:
    if not can_manage_members(user, organisation):
        raise PermissionDenied


def require_can_edit_for(user, organisation: Organisation) -> None:
    if not can_edit_for(user, organisation):
        raise PermissionDenied


def require_alliance_staff(user) -> None:
    if not is_alliance_staff(user):
        raise PermissionDenied
