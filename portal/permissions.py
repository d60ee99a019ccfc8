"""Who may do what in the site core. Every check is made here, on the server.

Roles
-----
* anonymous visitor
* member: a signed-in user with a verified e-mail address
* organisation owner / editor: a member's role in one organisation (``Membership``)
* judge: per competition (competition app)
* project manager and alliance staff: Django groups with Wagtail admin access. While
  ``PORTAL_STAFF_MFA_REQUIRED`` is on (production, tests), an account of these groups has
  their powers only once it has an authenticator app: without one it is an ordinary member
  everywhere (``holds_staff_role`` is the raw group check, for the middleware that sends such
  staff to set one up).

Site-core decisions
-------------------
* Any member may register an organisation and becomes its owner.
* Owners edit the organisation's profile, invite, change roles and remove members;
  editors see who belongs to the organisation and maintain what it lists (later apps).
* Only alliance staff (not project managers) verify, reject or suspend organisations;
  project managers see organisations in the admin to screen them.
* An organisation's public page exists only once it is verified. Before that (or while
  suspended/refused) only its own members and alliance staff/project managers can open
  it, with a notice that it is not public; everyone else gets a 404.
* Object lookups go through querysets limited to what the user may reach
  (``portal.organisations.queries``), so another organisation's ID is a 404, never a 403.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from portal.organisations.models import MemberRole, Membership, Organisation

STAFF_GROUP = "Alliance staff"
PROJECT_MANAGER_GROUP = "Project managers"

#: Models of the site core the admin roles work with (``portal.roles``): staff add, change,
#: delete and view them; project managers view organisations to screen them.
STAFF_MODEL_PERMISSIONS = ["organisation", "membership", "invitation", "sitesettings"]
PROJECT_MANAGER_MODEL_PERMISSIONS = ["organisation"]


def _group_names(user) -> set[str]:
    # Cached on the user object: permission checks run many times per request.
    if not hasattr(user, "_portal_group_names"):
        user._portal_group_names = set(user.groups.values_list("name", flat=True))
    return user._portal_group_names


def holds_staff_role(user) -> bool:
    """Whether ``user`` is staff or a project manager by group (or a superuser), second factor or not."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(_group_names(user) & {STAFF_GROUP, PROJECT_MANAGER_GROUP})


def reaches_admin(user) -> bool:
    """Whether ``user`` is meant to use the Wagtail admin: by role, or given the admin permission directly."""
    return holds_staff_role(user) or user.has_perm("wagtailadmin.access_admin")


#: Set while an operator's command runs on the server (``run_by_operator``).
_RUN_BY_OPERATOR: ContextVar[bool] = ContextVar("portal_run_by_operator", default=False)


@contextmanager
def run_by_operator() -> Iterator[None]:
    """Within: work an operator started on the server (``load_demo`` acting as the demo staff).

    The second factor guards signing in to the site; whoever runs a management command is
    already past that, so the staff accounts such a command acts for need none of their own.
    """
    token = _RUN_BY_OPERATOR.set(True)
    try:
        yield
    finally:
        _RUN_BY_OPERATOR.reset(token)


def has_staff_second_factor(user) -> bool:
    """Staff powers need an authenticator app while ``PORTAL_STAFF_MFA_REQUIRED`` is on.

    A password alone (phished, reused) must not open confidential entries, data rooms or
    other organisations' drafts: the admin is not the only place staff powers apply.
    """
    return not settings.PORTAL_STAFF_MFA_REQUIRED or _RUN_BY_OPERATOR.get() or has_mfa(user)


def is_alliance_staff(user) -> bool:
    """Staff and project managers run the portal from the Wagtail admin."""
    return holds_staff_role(user) and has_staff_second_factor(user)


def can_use_admin(user) -> bool:
    """The admin's own files (original images, documents) open to those who may use the admin."""
    return reaches_admin(user) and has_staff_second_factor(user)


def member_organisation_ids(user) -> set[int]:
    """The IDs of the organisations ``user`` belongs to (none for an anonymous or inactive account).

    Cached on the user object: a page asks several questions about one request between two
    organisations (a meeting, a programme application).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if not hasattr(user, "_portal_organisation_ids"):
        user._portal_organisation_ids = set(
            Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
        )
    return user._portal_organisation_ids


def has_mfa(user) -> bool:
    """Whether ``user`` has an authenticator app (cached on the user object, as the groups are)."""
    if not hasattr(user, "_portal_has_mfa"):
        user._portal_has_mfa = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return user._portal_has_mfa


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


def can_verify_organisations(user) -> bool:
    """Verification is the alliance's decision: staff and superusers, not project managers."""
    if not user.is_authenticated or not user.is_active:
        return False
    return (user.is_superuser or STAFF_GROUP in _group_names(user)) and has_staff_second_factor(user)


def can_change_organisations(user) -> bool:
    """Editing any organisation's record in the admin, identity included: staff with the model permission."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("portal.change_organisation"))


def can_delete_organisations(user) -> bool:
    """Deleting an organisation in the admin: staff with the model permission."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("portal.delete_organisation"))


def can_operate_background_tasks(user) -> bool:
    """The outbox's admin (background tasks, their errors, "run again"): staff and superusers, not project managers."""
    return can_verify_organisations(user)


def can_edit_profile(user, organisation: Organisation) -> bool:
    """Owners edit the organisation's own profile (name, kind, description)."""
    return can_manage_members(user, organisation)


def role_capabilities(role: str) -> dict[str, bool]:
    """What a member with ``role`` may do in their organisation (no queries: for listings)."""
    is_owner = role == MemberRole.OWNER
    return {
        "edit_profile": is_owner,
        "manage_members": is_owner,
        "view_members": True,
        "invite": is_owner,
    }


def can_publish_for(organisation: Organisation) -> bool:
    """Nothing an organisation publishes is public before staff verify the organisation."""
    return organisation.is_verified


def require_can_manage_members(user, organisation: Organisation) -> None:
    if not can_manage_members(user, organisation):
        raise PermissionDenied


def require_can_edit_for(user, organisation: Organisation) -> None:
    if not can_edit_for(user, organisation):
        raise PermissionDenied


def require_can_edit_profile(user, organisation: Organisation) -> None:
    if not can_edit_profile(user, organisation):
        raise PermissionDenied


def require(allowed: bool) -> None:
    """``PermissionDenied`` unless ``allowed``: ``require(can_delete_organisations(user))``."""
    if not allowed:
        raise PermissionDenied


# --- personal data (portal.privacy) ---------------------------------------------------------------


def can_export_personal_data(user, account) -> bool:
    """Members download their own data only: nobody, staff included, exports another account's."""
    return bool(user.is_authenticated and user.is_active and account is not None and user.pk == account.pk)


def can_delete_account(user, account) -> bool:
    """Members delete their own account only; staff deactivate accounts in the admin, they do not erase them here."""
    return bool(user.is_authenticated and user.is_active and account is not None and user.pk == account.pk)


def require_can_export_personal_data(user, account) -> None:
    if not can_export_personal_data(user, account):
        raise PermissionDenied


def require_can_delete_account(user, account) -> None:
    if not can_delete_account(user, account):
        raise PermissionDenied
