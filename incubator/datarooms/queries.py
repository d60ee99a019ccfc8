"""Reads of the data rooms, limited to what the user may reach (others' IDs are a 404).

Every list is read with its related rows in the same query (``select_related``), so a page's
query count does not grow with its rows (``tests/incubator/datarooms/test_queries.py``).
"""

from __future__ import annotations

from incubator.datarooms import permissions
from incubator.models import DataRoomAccess, DataRoomDocument, DocumentAccessLog, NdaVersion
from incubator.vocabulary import AccessStatus
from portal.dashboard import waiting_on
from portal.db import by_name
from portal.organisations.models import Organisation, OrganisationKind

#: How many access-log lines the startup's page shows (the newest).
ACCESS_LOG_LINES = 200


def current_nda() -> NdaVersion | None:
    """The NDA version that applies now: the highest published one (``None`` before any is published)."""
    return NdaVersion.current()


# --- the startup's side -----------------------------------------------------------------------


def managed_startups(user):
    """Startup organisations whose room ``user`` manages: those they are a member of."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(kind=OrganisationKind.STARTUP, memberships__user=user)


def managed_documents(user):
    return DataRoomDocument.objects.filter(startup__in=managed_startups(user)).select_related("startup")


def managed_access(user):
    return DataRoomAccess.objects.filter(startup__in=managed_startups(user)).select_related("startup", "investor")


def documents_of(startup):
    documents = DataRoomDocument.objects.filter(startup=startup).select_related("uploaded_by")
    return documents.order_by("kind", by_name("title"), "pk")


def access_of(startup):
    """The requests to ``startup``'s room, those waiting first, then the newest."""
    return (
        DataRoomAccess.objects.filter(startup=startup)
        .select_related("investor", "requested_by", "decided_by", "nda_version", "nda_accepted_by")
        .order_by("-requested_at", "-pk")
    )


def access_log_of(startup, *, limit: int = ACCESS_LOG_LINES):
    """Who viewed or downloaded which of ``startup``'s documents, when and from where (newest first)."""
    return (
        DocumentAccessLog.objects.filter(document__startup=startup)
        .select_related("document", "user", "access__investor")
        .order_by("-at", "-pk")[:limit]
    )


# --- the investor's side ----------------------------------------------------------------------


def investor_organisations(user):
    """Verified investor organisations ``user`` belongs to (they may ask for access in their name)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.verified().filter(kind=OrganisationKind.INVESTOR, memberships__user=user)


def investor_access(user):
    """Access of the investor organisations ``user`` belongs to: the only rooms they may open (others 404)."""
    if not user.is_authenticated:
        return DataRoomAccess.objects.none()
    return DataRoomAccess.objects.filter(
        investor__kind=OrganisationKind.INVESTOR, investor__memberships__user=user
    ).select_related("startup", "investor", "nda_version")


def accesses_to(user, startup) -> list:
    """The requests ``user``'s investor organisations made for ``startup``'s room, one per investor
    (the startup's profile and the request page say where each stands instead of offering to ask again)."""
    return list(
        investor_access(user).filter(startup=startup).order_by(by_name("investor__name_zh", "investor__name_en"), "pk")
    )


def requestable_startups():
    """Startups whose room an investor may ask to enter: verified ones."""
    return Organisation.objects.verified().filter(kind=OrganisationKind.STARTUP)


def readable_documents(user, access, *, current=None):
    """The documents of ``access``'s room that ``user`` may read now (none unless approved + current NDA)."""
    if not permissions.may_read_data_room(user, access, current_nda=current or current_nda()):
        return DataRoomDocument.objects.none()
    return DataRoomDocument.objects.filter(startup_id=access.startup_id).order_by("kind", by_name("title"), "pk")


def open_statuses() -> tuple[str, ...]:
    """Statuses in which a request is still alive (asking again changes nothing)."""
    return (AccessStatus.REQUESTED, AccessStatus.APPROVED)


def awaiting_by_startup(organisation_ids) -> dict[int, int]:
    """The access requests to each startup of ``organisation_ids`` not decided yet (a dashboard ``awaiting``)."""
    return waiting_on(
        DataRoomAccess.objects.filter(startup_id__in=organisation_ids, status=AccessStatus.REQUESTED), "startup_id"
    )
