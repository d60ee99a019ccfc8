"""Who may do what in the data rooms. Every check of the sub-domain is here, on the server.

* **The startup's members** (owners and editors of the startup organisation) manage its room:
  upload and delete documents, approve / decline requests, revoke access, read the access log.
  They always read their own documents (``incubator:dataroom_own_document``, logged like an
  investor's view, without an access). Uploading needs a *verified* startup.
* **An investor** is a member of a *verified* investor organisation. Its members ask for access
  to a verified startup's room; once the startup approves, one of them accepts the NDA's current
  version on behalf of the organisation, and from then on every member of the organisation reads
  the documents (``may_read_data_room``). A newer NDA version published later closes the room
  again until it is accepted; a revoked access closes it at the next request.
* **Alliance staff and project managers** see the rooms' metadata and the access log in the
  Wagtail admin (the models' view permissions, ``incubator.permissions``), never the documents:
  the NDA binds the investor to the startup, not the alliance, and a startup's confidential files
  are nobody else's business. They are not members, so every front-end data-room URL is a 404 for them.
* Lookups go through querysets limited to what the user may reach (``incubator.datarooms.queries``):
  another startup's document, another investor's access, a room not open yet: 404, never 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from incubator.models import NdaVersion
from incubator.vocabulary import AccessStatus
from portal.organisations.models import Membership, OrganisationKind


def _member(user, organisation_id) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Membership.objects.filter(user=user, organisation_id=organisation_id).exists()


def may_manage_data_room(user, startup) -> bool:
    """The startup's own members manage its room (any verification state: the page says what waits)."""
    return startup.kind == OrganisationKind.STARTUP and _member(user, startup.pk)


def may_upload(user, startup) -> bool:
    return may_manage_data_room(user, startup) and startup.is_verified


def is_investor_member(user, investor) -> bool:
    """A member of a verified investor organisation."""
    return investor.kind == OrganisationKind.INVESTOR and investor.is_verified and _member(user, investor.pk)


def may_request_access(user, *, investor, startup) -> bool:
    return (
        is_investor_member(user, investor)
        and startup.kind == OrganisationKind.STARTUP
        and startup.is_verified
        and investor.pk != startup.pk
    )


def may_read_data_room(user, access, *, current_nda=None) -> bool:
    """``user`` may see the documents of ``access``'s room.

    A member of the access's (verified) investor organisation, the access approved, and the
    NDA's current published version accepted on it. ``current_nda`` saves a query when the
    caller has it (``incubator.datarooms.queries.current_nda``).
    """
    if access.status != AccessStatus.APPROVED or access.nda_version_id is None:
        return False
    if current_nda is None:
        current_nda = NdaVersion.current()
    if current_nda is None or access.nda_version_id != current_nda.pk:
        return False
    return is_investor_member(user, access.investor)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def shown_on_dashboard(organisation) -> bool:
    """The dashboard's data-room links: in the cards of startups (their room) and investors (their rooms)."""
    return organisation.kind in (OrganisationKind.STARTUP, OrganisationKind.INVESTOR)
