"""Invitations to join an organisation: sent by its owners, revoked, checked and accepted.

The rules of ``services`` hold here too (keyword-only, one transaction, the permission checked
inside, ``OrganisationError`` with a translated message); the invitation e-mail is queued through
the outbox, after the commit.
"""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import idempotency, outbox, permissions, tasks
from portal.i18n import before_full_stop
from portal.organisations.models import Invitation, MemberRole, Membership, Organisation
from portal.organisations.services import (
    InvitationAlreadyAccepted,
    InvitationError,
    OrganisationError,
    locked,
)


def _normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise OrganisationError(_("Enter a valid e-mail address."), field="email") from exc
    return email


def _user_has_verified_address(user, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True, email__iexact=email).exists()


@transaction.atomic
def invite_member(
    *, inviter, organisation: Organisation, email: str, role: str = MemberRole.EDITOR, creation_token=None
) -> Invitation:
    """Invite ``email`` to join ``organisation`` with ``role`` (owners only) and e-mail the invitation.

    Refused for an address that already belongs to a member, or that already has a
    pending invitation to this organisation. The e-mail goes out in the invitee's
    language when they have an account, otherwise in the inviter's current language.
    ``creation_token`` is the form's one-time token (``portal.idempotency``): the same form
    sent again returns the invitation it made, and no second e-mail goes out.
    """
    organisation = locked(organisation)
    permissions.require_can_manage_members(inviter, organisation)
    # The organisation row is locked: copies of one form sent at once run one after the other.
    earlier = idempotency.created_with(organisation.invitations.all(), creation_token)
    if earlier is not None:
        return earlier
    email = _normalise_email(email)
    if role not in MemberRole.values:
        raise OrganisationError(_("Choose a role."), field="role")
    members = Membership.objects.filter(organisation=organisation)
    if (
        members.filter(user__email__iexact=email).exists()
        or members.filter(user__emailaddress__email__iexact=email, user__emailaddress__verified=True).exists()
    ):
        raise OrganisationError(
            _("%(email)s is already a member of this organisation.") % {"email": email}, field="email"
        )
    if organisation.invitations.pending().filter(email__iexact=email).exists():
        raise OrganisationError(
            _("%(email)s already has a pending invitation. Revoke it first to send a new one.") % {"email": email},
            field="email",
        )
    # Invitations are alliance-branded e-mail to arbitrary addresses: cap them per sender.
    recent = Invitation.objects.filter(invited_by=inviter, created_at__gte=timezone.now() - timedelta(hours=1))
    if recent.count() >= settings.PORTAL_INVITATIONS_PER_HOUR:
        raise OrganisationError(
            _("You have sent too many invitations in the last hour. Please try again later."), field="email"
        )
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=inviter, creation_token=creation_token
    )
    language = translation.get_language()
    outbox.schedule(tasks.send_invitation_email, {"invitation_id": invitation.pk, "language": language})
    return invitation


@transaction.atomic
def revoke_invitation(*, actor, invitation: Invitation) -> Invitation:
    """Withdraw a pending invitation (owners only). Revoking twice is harmless."""
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    permissions.require_can_manage_members(actor, invitation.organisation)
    if invitation.accepted_at is not None:
        raise OrganisationError(_("This invitation has already been accepted; remove the member instead."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def check_invitation(*, user, invitation: Invitation) -> None:
    """Raise the ``InvitationError`` that would stop ``user`` accepting ``invitation``; no writes.

    The accept page calls it on GET to explain the problem before the member clicks.
    """
    organisation = invitation.organisation
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == user.pk:
            raise InvitationAlreadyAccepted(
                _("You have already accepted this invitation to %(organisation)s.")
                % {"organisation": before_full_stop(organisation)}
            )
        raise InvitationError(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise InvitationError(
            _("This invitation was withdrawn by %(organisation)s. Ask its owner for a new one.")
            % {"organisation": before_full_stop(organisation)}
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationError(_("This invitation has expired. Ask the organisation's owner to send a new one."))
    if not _user_has_verified_address(user, invitation.email):
        raise InvitationError(
            _(
                "This invitation was sent to %(email)s. Sign in with that address, "
                "or add and verify it in your e-mail settings, to accept it."
            )
            % {"email": invitation.email}
        )
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise InvitationError(
            _("You are already a member of %(organisation)s.") % {"organisation": before_full_stop(organisation)}
        )


@transaction.atomic
def accept_invitation(*, user, invitation: Invitation) -> Membership:
    """Join the invitation's organisation with its role.

    ``user`` must be signed in with the invited address: one of their *verified*
    allauth e-mail addresses must equal it (case-insensitively). Expired, revoked and
    used invitations are refused with a message saying so; accepting one's own
    invitation a second time raises ``InvitationAlreadyAccepted``.
    """
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    organisation = Organisation.objects.select_for_update().get(pk=invitation.organisation_id)
    check_invitation(user=user, invitation=invitation)
    membership = Membership.objects.create(user=user, organisation=organisation, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership
