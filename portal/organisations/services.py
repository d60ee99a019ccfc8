"""Writes with business rules for organisations and memberships.

Invitations are ``invitations``, verification ``verification``.

Every function takes keyword-only arguments, runs in one transaction, checks the
actor's permission itself (``PermissionDenied``) and raises ``OrganisationError``
(or a subclass) with a translated message when a rule refuses the action. Views show
that message as a form error or a flash message; it is never a 500.

Membership changes lock the organisation row first (``select_for_update``), so two
owners demoting each other at the same moment cannot leave an organisation without
an owner. E-mails and cache invalidation are queued with ``transaction.on_commit``:
nothing is sent when the transaction rolls back.
"""

from __future__ import annotations

import re
import secrets

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal import idempotency, permissions, public_cache
from portal.organisations import cities
from portal.organisations.models import (
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    VerificationStatus,
)
from portal.review.errors import ServiceError

PROFILE_FIELDS = (
    "name_zh",
    "name_en",
    "kind",
    "description_zh",
    "description_en",
    "website",
    "city_zh",
    "city_en",
    "unified_social_credit_code",
)
#: The organisation's legal identity: staff checked these when verifying, so members
#: cannot change them afterwards (staff can, in the admin).
IDENTITY_FIELDS = ("name_zh", "kind", "unified_social_credit_code")
#: What alliance staff change in the admin: the profile and the address of the public page.
STAFF_FIELDS = (*PROFILE_FIELDS, "slug")


class OrganisationError(ServiceError):
    """A business rule refused the action. ``str(exc)`` is a translated message; ``field`` names the form field."""


class OrganisationConflict(OrganisationError):
    """Someone saved the profile after the form was opened. ``current_version`` is the version now."""

    def __init__(self, message, *, current_version: int):
        super().__init__(message)
        self.current_version = current_version


class LastOwnerError(OrganisationError):
    """The change would leave the organisation without an owner."""


class InvitationError(OrganisationError):
    """The invitation cannot be accepted (expired, revoked, used, other address...)."""


class InvitationAlreadyAccepted(InvitationError):
    """This user has already accepted this invitation: a repeated submit, safe to treat as done."""


# --- helpers ----------------------------------------------------------------------


def locked(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def invalidate_public_pages(organisation_id: int) -> None:
    # Pages of later apps that show an organisation's content tag themselves
    # "organisation:<id>" so that verification and suspension reach them too.
    public_cache.invalidate_on_commit(f"organisation:{organisation_id}", "organisations")


def _clean_profile(fields: dict, *, allowed=PROFILE_FIELDS) -> dict:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown organisation fields: {', '.join(sorted(unknown))}")
    cleaned = {key: (value.strip() if isinstance(value, str) else value) for key, value in fields.items()}
    if "name_zh" in cleaned and not cleaned["name_zh"]:
        raise OrganisationError(_("Enter the organisation's Chinese name."), field="name_zh")
    if "kind" in cleaned and cleaned["kind"] not in OrganisationKind.values:
        raise OrganisationError(_("Choose the kind of organisation."), field="kind")
    if "city_zh" in cleaned or "city_en" in cleaned:
        cleaned["city_zh"], cleaned["city_en"] = cities.complete(cleaned.get("city_zh", ""), cleaned.get("city_en", ""))
    if cleaned.get("unified_social_credit_code"):
        cleaned["unified_social_credit_code"] = cleaned["unified_social_credit_code"].upper()
    return cleaned


def _check_unique_identity(cleaned: dict, *, exclude_pk: int | None = None) -> None:
    others = Organisation.objects.exclude(pk=exclude_pk) if exclude_pk else Organisation.objects.all()
    if cleaned.get("name_zh") and others.filter(name_zh__iexact=cleaned["name_zh"]).exists():
        raise OrganisationError(
            _(
                "An organisation with this name is already registered. "
                "Ask one of its owners to invite you instead of registering it again."
            ),
            field="name_zh",
        )
    code = cleaned.get("unified_social_credit_code")
    if code and others.filter(unified_social_credit_code__iexact=code).exists():
        raise OrganisationError(
            _("An organisation with this unified social credit code is already registered."),
            field="unified_social_credit_code",
        )


def _unique_slug(name_en: str) -> str:
    base = slugify(name_en)[:60].strip("-") or "org"
    # One query for every slug of the series (without an English name, every registration is "org-<n>").
    taken = set(
        Organisation.objects.filter(slug__regex=rf"^{re.escape(base)}(-[0-9]+)?$").values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _owner_count(organisation: Organisation) -> int:
    return Membership.objects.filter(organisation=organisation, role=MemberRole.OWNER).count()


# --- organisations -----------------------------------------------------------------


@transaction.atomic
def create_organisation(*, creator, creation_token=None, **profile) -> Organisation:
    """Register a new organisation; ``creator`` becomes its first owner.

    New organisations start ``pending``: nothing they publish is public until alliance
    staff verify them. The Chinese name and the unified social credit code must not
    belong to an organisation already registered (ask its owner for an invitation).
    ``creation_token`` is the registration form's one-time token (``portal.idempotency``):
    the form sent twice, or two copies at once, register one organisation and both
    answers lead to it.
    """
    if not creator.is_authenticated or not creator.is_active:
        raise PermissionDenied
    earlier = idempotency.created_with(Organisation.objects.all(), creation_token)
    if earlier is not None:
        return _registered_by(creator, earlier)
    cleaned = _clean_profile(profile)
    if not cleaned.get("name_zh"):
        raise OrganisationError(_("Enter the organisation's Chinese name."), field="name_zh")
    if not cleaned.get("kind"):
        raise OrganisationError(_("Choose the kind of organisation."), field="kind")
    try:
        _check_unique_identity(cleaned)
    except OrganisationError:
        # A copy of this form, sent at the same time, may have registered it since the check above.
        earlier = idempotency.created_with(Organisation.objects.all(), creation_token)
        if earlier is None:
            raise
        return _registered_by(creator, earlier)
    slug = _unique_slug(cleaned.get("name_en", ""))
    pending = {"verification_status": VerificationStatus.PENDING, "creation_token": creation_token, **cleaned}
    try:
        organisation, created = idempotency.save_once(
            Organisation(slug=slug, **pending), among=Organisation.objects.all()
        )
    except IntegrityError:
        # Someone registered the same name or code (the check now says so), or took
        # the same slug, between our check and our insert.
        _check_unique_identity(cleaned)
        organisation, created = Organisation.objects.create(slug=f"{slug[:70]}-{secrets.token_hex(3)}", **pending), True
    if not created:  # a copy of this form, sent at the same time, registered it
        return _registered_by(creator, organisation)
    Membership.objects.create(user=creator, organisation=organisation, role=MemberRole.OWNER)
    return organisation


def _registered_by(creator, organisation: Organisation) -> Organisation:
    """The organisation an earlier copy of ``creator``'s form registered (they are its member)."""
    if not Membership.objects.filter(user=creator, organisation=organisation).exists():
        raise OrganisationError(_("This form has already been used. Reload the page to register an organisation."))
    return organisation


@transaction.atomic
def update_organisation(
    *, actor, organisation: Organisation, by_staff: bool = False, version: int | None = None, **changes
) -> Organisation:
    """Change an organisation's profile: its owners from the dashboard, or alliance staff in the admin.

    Owners: once staff have verified an organisation (and while it is suspended) its
    identity — Chinese name, kind, unified social credit code — is locked, and editing a
    refused organisation resubmits it for verification.
    Staff (``by_staff``, with the admin's change permission) may change every profile field,
    the identity and the slug included; the verification status stays as it is, and the
    edit is written to the admin history. Both get the same normalisation and uniqueness
    checks, and the organisation's public pages are invalidated after the commit.
    ``version``: the one the form was rendered with; a save on an older one is refused
    (``OrganisationConflict``), unless it changes nothing (the same form sent twice).
    """
    organisation = locked(organisation)
    if by_staff:
        permissions.require(permissions.can_change_organisations(actor))
    else:
        permissions.require_can_edit_profile(actor, organisation)
    cleaned = _clean_profile(changes, allowed=STAFF_FIELDS if by_staff else PROFILE_FIELDS)
    changed = {key: value for key, value in cleaned.items() if value != getattr(organisation, key)}
    if version is not None and version != organisation.version:
        if not changed:
            return organisation
        raise OrganisationConflict(
            _(
                "Someone saved this profile after you opened this page. Your input is still below: open the "
                "profile in another tab to compare. Saving again replaces their changes with yours."
            ),
            current_version=organisation.version,
        )
    if not by_staff:
        _check_identity_unlocked(organisation, cleaned)
    _check_unique_identity(changed, exclude_pk=organisation.pk)
    for key, value in cleaned.items():
        setattr(organisation, key, value)
    organisation.version += 1  # the row is locked
    if not by_staff and organisation.verification_status == VerificationStatus.REJECTED:
        organisation.verification_status = VerificationStatus.PENDING
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        # A concurrent registration took the name or code after our check.
        _check_unique_identity(cleaned, exclude_pk=organisation.pk)
        raise
    if by_staff:
        log(instance=organisation, action="wagtail.edit", user=actor)
    invalidate_public_pages(organisation.pk)
    return organisation


def _check_identity_unlocked(organisation: Organisation, cleaned: dict) -> None:
    if organisation.verification_status not in (VerificationStatus.VERIFIED, VerificationStatus.SUSPENDED):
        return
    for field in IDENTITY_FIELDS:
        if field in cleaned and cleaned[field] != getattr(organisation, field):
            raise OrganisationError(
                _(
                    "The name, kind and credit code of a verified organisation can only be changed "
                    "by the alliance. Contact the alliance office."
                ),
                field=field,
            )


@transaction.atomic
def delete_organisation(*, actor, organisation: Organisation) -> None:
    """Alliance staff delete an organisation (the admin's delete permission), with its memberships and invitations.

    The deletion is written to the admin history first, while the organisation still
    exists; its public pages are invalidated after the commit.
    """
    permissions.require(permissions.can_delete_organisations(actor))
    organisation = locked(organisation)
    organisation_id = organisation.pk
    log(instance=organisation, action="wagtail.delete", user=actor, deleted=True)
    organisation.delete()
    invalidate_public_pages(organisation_id)


# --- memberships -------------------------------------------------------------------


@transaction.atomic
def change_member_role(*, actor, membership: Membership, role: str) -> Membership:
    """Make a member owner or editor (owners only). The last owner cannot be demoted."""
    organisation = locked(membership.organisation)
    permissions.require_can_manage_members(actor, organisation)
    if role not in MemberRole.values:
        raise OrganisationError(_("Choose a role."), field="role")
    membership = Membership.objects.filter(pk=membership.pk, organisation=organisation).first()
    if membership is None:
        raise OrganisationError(_("This person is no longer a member of the organisation."))
    if membership.role == role:
        return membership
    if membership.role == MemberRole.OWNER and _owner_count(organisation) <= 1:
        raise LastOwnerError(_("An organisation needs at least one owner. Make someone else an owner first."))
    if membership.role == MemberRole.OWNER:  # no longer an owner: no longer inviting
        _revoke_invitations_sent_by(membership.user_id, organisation)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


def _revoke_invitations_sent_by(user_id: int, organisation: Organisation) -> None:
    """A member who leaves, is removed or stops being an owner no longer invites: the invitations
    they sent and nobody accepted yet are revoked (one of them would let a removed owner back in)."""
    organisation.invitations.pending().filter(invited_by_id=user_id).update(revoked_at=timezone.now())


@transaction.atomic
def remove_member(*, actor, membership: Membership) -> None:
    """Remove a member (owners only; anyone may remove themselves). The last owner stays."""
    organisation = locked(membership.organisation)
    membership = Membership.objects.filter(pk=membership.pk, organisation=organisation).first()
    if membership is None:
        raise OrganisationError(_("This person is no longer a member of the organisation."))
    if membership.user_id != actor.pk:
        permissions.require_can_manage_members(actor, organisation)
    if membership.role == MemberRole.OWNER and _owner_count(organisation) <= 1:
        raise LastOwnerError(
            _("An organisation needs at least one owner. Make someone else an owner before removing this one.")
        )
    _revoke_invitations_sent_by(membership.user_id, organisation)
    membership.delete()


@transaction.atomic
def leave_organisation(*, user, organisation: Organisation) -> None:
    """Leave an organisation. Its last owner must hand ownership to someone else first."""
    organisation = locked(organisation)
    membership = (
        Membership.objects.filter(user=user, organisation=organisation).first() if user.is_authenticated else None
    )
    if membership is None:
        raise OrganisationError(_("You are not a member of this organisation."))
    if membership.role == MemberRole.OWNER and _owner_count(organisation) <= 1:
        raise LastOwnerError(
            _("You are the only owner. Make another member an owner before you leave the organisation.")
        )
    _revoke_invitations_sent_by(membership.user_id, organisation)
    membership.delete()
