"""The data rooms' log actions (``portal.review.audit``): Wagtail's log, as the issue asks.

Requests, decisions (approve, decline, revoke) and NDA acceptances are written on the
``DataRoomAccess`` with its state before and after; uploads, deletions and every view or
download on the ``DataRoomDocument`` (with the access, the IP address and the investor), so the
log keeps what happened to a document even after the startup deletes it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.review import audit
from portal.review.audit import LogAction

REQUESTED = "incubator.dataroom.requested"
APPROVED = "incubator.dataroom.approved"
DECLINED = "incubator.dataroom.declined"
REVOKED = "incubator.dataroom.revoked"
NDA_ACCEPTED = "incubator.dataroom.nda_accepted"
UPLOADED = "incubator.dataroom.document_uploaded"
DELETED = "incubator.dataroom.document_deleted"
VIEWED = "incubator.dataroom.document_viewed"
DOWNLOADED = "incubator.dataroom.document_downloaded"

ACTIONS = (
    LogAction(REQUESTED, _("Request data-room access"), _("Data-room access requested")),
    LogAction(APPROVED, _("Approve data-room access"), _("Data-room access approved")),
    LogAction(DECLINED, _("Decline data-room access"), _("Data-room access declined")),
    LogAction(REVOKED, _("Revoke data-room access"), _("Data-room access revoked")),
    LogAction(NDA_ACCEPTED, _("Accept the NDA"), _("NDA accepted")),
    LogAction(UPLOADED, _("Upload a data-room document"), _("Data-room document uploaded")),
    LogAction(DELETED, _("Delete a data-room document"), _("Data-room document deleted")),
    LogAction(VIEWED, _("View a data-room document"), _("Data-room document viewed")),
    LogAction(DOWNLOADED, _("Download a data-room document"), _("Data-room document downloaded")),
)

audit.register(*ACTIONS)

record = audit.record
