"""Who may do what in matchmaking. Every check is made here, on the server.

* Suggestions are for the members (owners and editors) of **verified** investor organisations
  (suggested startups) and **verified** startups (suggested investors and service platforms).
  Anyone else signed in is refused the page (403, with why); the dismiss and undo actions look
  the acting organisation up among the user's own (another's is a 404).
* A suggestion shown to an investor names the startup's funding ask only when the startup's
  ``funding`` group is visible to that investor: ``public``, ``investors`` (any verified
  investor: every viewer of the page is one) or ``matched`` (an accepted meeting, or data-room
  access with the NDA accepted): the profiles' own rule (``incubator.profiles.permissions``).
  The hard filters use the ask either way, so a suggestion does tell an investor that the ask
  overlaps its ticket range, never what the ask is.
* Staff tune the weights in the admin; project managers may look at them.
"""

from __future__ import annotations

from incubator.profiles import permissions as profile_permissions
from portal import permissions as portal_permissions
from portal.db import by_name
from portal.organisations.models import Organisation, OrganisationKind, VerificationStatus

#: The kinds of organisation that get suggestions, and what each is suggested.
SUGGESTED = {
    OrganisationKind.INVESTOR: (OrganisationKind.STARTUP,),
    OrganisationKind.STARTUP: (
        OrganisationKind.INVESTOR,
        OrganisationKind.SERVICE_PLATFORM,
        OrganisationKind.INCUBATOR,
    ),
}


def suggestion_organisations(user):
    """The verified investor and startup organisations ``user`` is a member of (the acting sides)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, verification_status=VerificationStatus.VERIFIED, kind__in=list(SUGGESTED)
    ).order_by("kind", by_name("name_zh", "name_en"), "pk")


def can_see_suggestions(user) -> bool:
    return suggestion_organisations(user).exists()


def shown_on_dashboard(organisation) -> bool:
    """The dashboard's link (``portal.dashboard.Section``): on a verified investor's or startup's card."""
    return organisation.kind in SUGGESTED and organisation.verification_status == VerificationStatus.VERIFIED


def counterparts(organisation):
    """The organisations that may be suggested to ``organisation`` (and so dismissed by it)."""
    return Organisation.objects.filter(
        kind__in=list(SUGGESTED.get(organisation.kind, ())), verification_status=VerificationStatus.VERIFIED
    ).exclude(pk=organisation.pk)


def ask_visible(profile, user) -> bool:
    """Whether ``user`` sees ``profile``'s funding figures: the profiles' own rule
    (``incubator.profiles.permissions.visible_groups``), so a suggestion never says more than the
    startup's page (one ``viewer_for`` per request, then no query per profile)."""
    return "funding" in profile_permissions.visible_groups(profile, user)


def can_see_weights(user) -> bool:
    return portal_permissions.is_alliance_staff(user)


def can_tune_weights(user) -> bool:
    """Staff and superusers (not project managers) change the weights."""
    return portal_permissions.can_verify_organisations(user)
