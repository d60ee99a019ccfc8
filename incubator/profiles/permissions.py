"""Who may see and edit the incubator's profiles. Every check is made here, on the server.

Editing: owners and editors of a startup edit its ``StartupProfile``; of an investor its
``InvestorProfile``; of a service platform or an incubator its ``PlatformProfile``
(``portal.permissions.can_edit_for``).

Seeing a startup's field groups (``FIELD_GROUPS``; the basics are always public), per the
startup's ``<group>_visibility``:

* ``public`` groups: everyone;
* ``investors`` groups: members of a *verified* investor organisation, alliance staff and
  project managers;
* ``matched`` groups: members of a verified investor organisation that has an accepted
  ``MeetingRequest`` with the startup (either direction) or an approved ``DataRoomAccess`` whose
  NDA was accepted;
* the startup's own members see every group.

Seeing a profile's page (``may_see_profile``): anyone sees a *public* one (``is_public_profile``: its
organisation verified, and a startup's profile listed in the directory); its organisation's own
members see it before that too, startups, investors and platforms alike (they edit it, and open it
from the editor), with a note that it is not public yet; for everyone else it does not exist (404).

``viewer_for(user)`` reads what a user is once (a few queries, remembered on the user object);
``groups_for(profile, viewer)`` then decides per profile without a query, so the directory costs
the same whatever its rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from incubator.models import DataRoomAccess, InvestorProfile, MeetingRequest, PlatformProfile, StartupProfile
from incubator.models.profiles import FIELD_GROUPS
from incubator.vocabulary import AccessStatus, MeetingStatus, Visibility
from portal import permissions as portal_permissions
from portal.organisations.models import Membership, OrganisationKind, VerificationStatus

ALL_GROUPS = frozenset(FIELD_GROUPS)
PLATFORM_KINDS = (OrganisationKind.SERVICE_PLATFORM, OrganisationKind.INCUBATOR)
#: The profile each ``profile_kind`` keeps.
PROFILE_MODELS = {"startup": StartupProfile, "investor": InvestorProfile, "platform": PlatformProfile}


@dataclass(frozen=True)
class Viewer:
    """What decides which of a startup's groups a user sees."""

    staff: bool = False
    #: Organisations the user belongs to (their own startup's profile is theirs in full).
    own: frozenset[int] = frozenset()
    #: The user's verified investor organisations.
    investor_orgs: frozenset[int] = frozenset()
    #: Startups matched with one of those (accepted meeting, or data room with the NDA accepted).
    matched: frozenset[int] = frozenset()

    @property
    def investor(self) -> bool:
        """Sees the groups shown to verified investors."""
        return self.staff or bool(self.investor_orgs)


ANONYMOUS = Viewer()


def _matched_startups(investor_orgs) -> frozenset[int]:
    if not investor_orgs:
        return frozenset()
    accepted = MeetingRequest.objects.filter(status=MeetingStatus.ACCEPTED)
    met = accepted.filter(Q(sender__in=investor_orgs) | Q(recipient__in=investor_orgs)).values_list(
        "sender_id", "recipient_id"
    )
    startups = {org for pair in met for org in pair} - set(investor_orgs)
    startups |= set(
        DataRoomAccess.objects.filter(
            investor__in=investor_orgs, status=AccessStatus.APPROVED, nda_accepted_at__isnull=False
        )
        .exclude(nda_version=None)
        .values_list("startup_id", flat=True)
    )
    return frozenset(startups)


def viewer_for(user) -> Viewer:
    """The user as ``groups_for`` needs them (remembered on the user object for the request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_incubator_viewer", None)
    if cached is not None:
        return cached
    rows = list(
        Membership.objects.filter(user=user).values_list(
            "organisation_id", "organisation__kind", "organisation__verification_status"
        )
    )
    investor_orgs = frozenset(
        org for org, kind, status in rows if kind == OrganisationKind.INVESTOR and status == VerificationStatus.VERIFIED
    )
    viewer = Viewer(
        staff=portal_permissions.is_alliance_staff(user),
        own=frozenset(org for org, _kind, _status in rows),
        investor_orgs=investor_orgs,
        matched=_matched_startups(investor_orgs),
    )
    user._incubator_viewer = viewer
    return viewer


def groups_for(profile, viewer: Viewer) -> set[str]:
    """The groups of ``profile``'s fields ``viewer`` sees (no query)."""
    if profile.organisation_id in viewer.own:
        return set(ALL_GROUPS)
    return {group for group in FIELD_GROUPS if sees(profile.visibility_of(group), profile.organisation_id, viewer)}


def sees(visibility: str, startup_id: int, viewer: Viewer) -> bool:
    """Whether ``viewer`` sees a group of the startup ``startup_id``'s fields shown to ``visibility``
    (no query): to everyone, to verified investors, or to the investors it is matched with."""
    return (
        startup_id in viewer.own
        or visibility == Visibility.PUBLIC
        or (visibility == Visibility.INVESTORS and viewer.investor)
        or (visibility == Visibility.MATCHED and startup_id in viewer.matched)
    )


def visible_groups(profile, user) -> set[str]:
    """The groups of ``profile``'s fields ``user`` may see (``FIELD_GROUPS`` keys)."""
    return groups_for(profile, viewer_for(user))


def is_investor(user) -> bool:
    """A member of a verified investor organisation, or alliance staff (sees the funding-ask facet)."""
    return viewer_for(user).investor


def is_own_profile(user, organisation) -> bool:
    """``user`` is a member of ``organisation``, whose profile the page shows: it is theirs (every member
    edits it, ``can_edit_profile_of``), so the page says so and links to the editor instead of offering
    what only other organisations may ask of it (a meeting, a programme application)."""
    return organisation.pk in portal_permissions.member_organisation_ids(user)


def is_public_profile(profile) -> bool:
    """Anyone may read ``profile``'s page (no query): its organisation is verified and keeps this kind of
    profile, and a startup's profile is listed. The rule of ``queries.public_startups``,
    ``public_investors`` and ``public_platforms``, for a row already read."""
    organisation = profile.organisation
    return (
        organisation.verification_status == VerificationStatus.VERIFIED
        and type(profile) is PROFILE_MODELS.get(profile_kind(organisation))
        and getattr(profile, "listed", True)
    )


def may_see_profile(user, profile) -> bool:
    """``user`` may open ``profile``'s page: a public one, or their own organisation's (they see it before the
    alliance verifies the organisation or the startup lists it: a member of an unverified investor or
    platform as much as a startup's). Anyone else: the page does not exist."""
    return is_public_profile(profile) or is_own_profile(user, profile.organisation)


def may_download_deck(profile, user) -> bool:
    return bool(profile.pitch_deck) and "deck" in visible_groups(profile, user)


# --- editing -------------------------------------------------------------------------------


def profile_kind(organisation) -> str | None:
    """Which profile ``organisation`` keeps: ``"startup"``, ``"investor"``, ``"platform"`` or ``None``."""
    if organisation.kind == OrganisationKind.STARTUP:
        return "startup"
    if organisation.kind == OrganisationKind.INVESTOR:
        return "investor"
    if organisation.kind in PLATFORM_KINDS:
        return "platform"
    return None


def has_profile(organisation) -> bool:
    return profile_kind(organisation) is not None


def can_edit_profile_of(user, organisation) -> bool:
    return has_profile(organisation) and portal_permissions.can_edit_for(user, organisation)


def require_can_edit_profile_of(user, organisation, kind: str) -> None:
    if profile_kind(organisation) != kind or not portal_permissions.can_edit_for(user, organisation):
        raise PermissionDenied


def can_save_searches(user) -> bool:
    """Investors (and staff) save the directory's filters."""
    return is_investor(user)
