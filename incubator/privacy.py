"""What members write in the incubator, in their personal data export (``portal.personal_data``).

Each section holds only what the member wrote or did themselves: a meeting request's message is its
sender's, the answer its responder's; an NDA's acceptance (with the address it came from) is the
acceptor's, not the colleague's who asked for the data room.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from incubator.datarooms import audit
from incubator.models import DataRoomAccess, DocumentAccessLog
from portal.personal_data import AuthoredRecords

PERSONAL_DATA = [
    AuthoredRecords(
        "incubator_saved_searches",
        "incubator.SavedSearch",
        authors=("user",),
        fields=("id", "name", "query", "digest", "created_at", "last_sent_at"),
        description=_("Your saved searches of the startup directory, and whether their digest is e-mailed to you."),
    ),
    AuthoredRecords(
        "incubator_meeting_requests",
        "incubator.MeetingRequest",
        authors=("sent_by",),
        fields=("id", "sender_id", "recipient_id", "subject", "message", "location", "duration_minutes", "created_at"),
        description=_("Meeting requests you sent for your organisation, with their message."),
    ),
    AuthoredRecords(
        "incubator_meeting_answers",
        "incubator.MeetingRequest",
        authors=("responded_by",),
        fields=("id", "sender_id", "recipient_id", "status", "decline_reason", "responded_at"),
        description=_("Meeting requests you answered for your organisation, with your reason when you declined."),
    ),
    AuthoredRecords(
        "incubator_data_room_requests",
        "incubator.DataRoomAccess",
        authors=("requested_by",),
        fields=("id", "startup_id", "investor_id", "message", "requested_at"),
        description=_("Data-room access you asked a startup for, with your message."),
    ),
    AuthoredRecords(
        "incubator_nda_acceptances",
        "incubator.DataRoomAccess",
        authors=("nda_accepted_by",),
        fields=("id", "startup_id", "nda_version_id", "nda_accepted_at", "nda_ip"),
        description=_(
            "Non-disclosure agreements you accepted to open a data room, with the IP address you accepted from."
        ),
    ),
    AuthoredRecords(
        "incubator_document_views",
        "incubator.DocumentAccessLog",
        authors=("user",),
        fields=("id", "document_id", "action", "ip", "at"),
        description=_("Data-room documents you viewed or downloaded, when and from which IP address."),
    ),
    AuthoredRecords(
        "incubator_data_room_decisions",
        "incubator.DataRoomAccess",
        authors=("decided_by",),
        fields=("id", "startup_id", "investor_id", "status", "decision_note", "decided_at"),
        description=_("Data-room requests you decided for your startup, with your note."),
    ),
    AuthoredRecords(
        "incubator_dismissed_suggestions",
        "incubator.DismissedSuggestion",
        authors=("dismissed_by",),
        fields=("id", "organisation_id", "other_id", "created_at"),
        description=_("Suggestions you dismissed for your organisation."),
    ),
    AuthoredRecords(
        "incubator_programme_decisions",
        "incubator.ProgrammeApplication",
        authors=("decided_by",),
        fields=("id", "startup_id", "platform_id", "status", "decision_note", "decided_at"),
        description=_("Programme applications you decided on, with your note."),
    ),
    AuthoredRecords(
        "incubator_programme_applications",
        "incubator.ProgrammeApplication",
        authors=("submitted_by",),
        fields=("id", "startup_id", "platform_id", "services", "message", "status", "created_at"),
        description=_("Applications to incubator and proof-of-concept programmes you sent for your startup."),
    ),
]


#: The data-room actions whose entries in Wagtail's log carry the member's IP address.
_LOGGED_WITH_IP = (audit.NDA_ACCEPTED, audit.VIEWED, audit.DOWNLOADED)


def _forget_ip_addresses(user, addresses) -> None:
    """The addresses the member accepted NDAs and viewed documents from are theirs: the records stay
    (the startup's evidence of who opened what, and when), without the IP address, and so do their
    entries in Wagtail's log."""
    DataRoomAccess.objects.filter(nda_accepted_by=user).update(nda_ip=None)
    DocumentAccessLog.objects.filter(user=user).update(ip=None)
    _forget_ip_addresses_in_log(user)


def _forget_ip_addresses_in_log(user) -> None:
    """Wagtail's log keeps the entry (and the former account id), without the ``ip`` in its data."""
    entries = ModelLogEntry.objects.filter(user=user, action__in=_LOGGED_WITH_IP, data__has_key="ip")
    for entry in entries.only("pk", "data").iterator():
        del entry.data["ip"]
        entry.save(update_fields=["data"])


ON_ACCOUNT_DELETION = [_forget_ip_addresses]
