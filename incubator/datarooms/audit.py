"""The data rooms' log actions (``portal.review.audit``): Wagtail's log, as the issue asks.

Requests, decisions (approve, decline, revoke) and NDA acceptances are written on the
``DataRoomAccess`` with its state before and after; uploads, deletions and every view or
download on the ``DataRoomDocument`` (with the access, the IP address and the investor), so the
log keeps what happened to a document even after the startup deletes it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.review import audit

REQUESTED = audit.action("incubator.dataroom.requested", _("Request data-room access"), _("Data-room access requested"))
APPROVED = audit.action("incubator.dataroom.approved", _("Approve data-room access"), _("Data-room access approved"))
DECLINED = audit.action("incubator.dataroom.declined", _("Decline data-room access"), _("Data-room access declined"))
REVOKED = audit.action("incubator.dataroom.revoked", _("Revoke data-room access"), _("Data-room access revoked"))
NDA_ACCEPTED = audit.action("incubator.dataroom.nda_accepted", _("Accept the NDA"), _("NDA accepted"))
UPLOADED = audit.action(
    "incubator.dataroom.document_uploaded", _("Upload a data-room document"), _("Data-room document uploaded")
)
DELETED = audit.action(
    "incubator.dataroom.document_deleted", _("Delete a data-room document"), _("Data-room document deleted")
)
VIEWED = audit.action(
    "incubator.dataroom.document_viewed", _("View a data-room document"), _("Data-room document viewed")
)
DOWNLOADED = audit.action(
    "incubator.dataroom.document_downloaded", _("Download a data-room document"), _("Data-room document downloaded")
)

record = audit.record
