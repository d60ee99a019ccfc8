"""Read paths of the organisations domain: memberships, invitations, who may open which organisation."""

from allauth.account.models import EmailAddress
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal import permissions
from portal.db import by_name
from portal.organisations.models import Invitation, Membership, Organisation, VerificationStatus


def memberships_for(user):
    """The user's memberships with their organisations, for the dashboard.

    One query whatever the number of organisations: member and pending-invitation
    counts are annotated as subqueries.
    """
    now = timezone.now()
    member_count = (
        Membership.objects.filter(organisation=OuterRef("organisation"))
        .order_by()
        .values("organisation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    invitation_count = (
        Invitation.objects.filter(
            organisation=OuterRef("organisation"),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
        .order_by()
        .values("organisation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .annotate(
            member_count=Coalesce(Subquery(member_count), 0),
            pending_invitation_count=Coalesce(Subquery(invitation_count), 0),
        )
        .order_by(by_name("organisation__name_zh", "organisation__name_en"), "organisation_id")
    )


def organisations_for(user):
    """Organisations ``user`` belongs to: the only ones member pages may look up (others 404)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user)


def organisations_where(user, allowed) -> list:
    """``user``'s organisations that ``allowed(organisation)`` lets through, by Chinese name (what a member
    may start a new record for)."""
    return [organisation for organisation in in_name_order(organisations_for(user)) if allowed(organisation)]


def organisation_for(user, pk, allowed):
    """``user``'s organisation ``pk`` for a member page that ``allowed(user, organisation)`` lets them use:
    another organisation is a 404, one of theirs that it does not allow a 403."""
    organisation = get_object_or_404(organisations_for(user), pk=pk)
    permissions.require(allowed(user, organisation))
    return organisation


def organisation_members(organisation):
    return organisation.memberships.select_related("user").order_by("-role", "user__email")


def pending_invitations(organisation):
    return organisation.invitations.pending().select_related("invited_by").order_by("-created_at")


def verified_email_addresses(user):
    """Lower-cased verified e-mail addresses of ``user`` (a subquery)."""
    return (
        EmailAddress.objects.filter(user=user, verified=True).annotate(lower_email=Lower("email")).values("lower_email")
    )


def invitations_addressed_to(user):
    """Pending invitations sent to any of the user's verified addresses, for organisations they are not in."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    return (
        Invitation.objects.pending()
        .annotate(lower_email=Lower("email"))
        .filter(lower_email__in=verified_email_addresses(user))
        .exclude(organisation__memberships__user=user)
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )


def organisations_visible_to(user):
    """Organisation pages ``user`` may open: verified ones, plus their own and, for staff, all."""
    if permissions.is_alliance_staff(user):
        return Organisation.objects.all()
    visible = Q(verification_status=VerificationStatus.VERIFIED)
    if user.is_authenticated:
        visible |= Q(pk__in=Membership.objects.filter(user=user).values("organisation"))
    return Organisation.objects.filter(visible)


def organisations_awaiting_verification():
    return Organisation.objects.filter(verification_status=VerificationStatus.PENDING).order_by("created_at")


def in_name_order(queryset):
    """Organisations by name in the page's language (``portal.db.by_name``): on a Chinese page in
    pinyin order, on an English page by the English name (the Chinese one where there is none), A to Z."""
    return queryset.order_by(by_name("name_zh", "name_en"), "pk")
