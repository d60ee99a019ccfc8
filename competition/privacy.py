"""What members write in the competition, in their personal data export (``portal.personal_data``)."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import AuthoredRecords

PERSONAL_DATA = [
    AuthoredRecords(
        "competition_teams",
        "competition.Team",
        authors=("created_by",),
        fields=("id", "competition_id", "name", "organisation_id", "created_at"),
        description=_("Competition teams you created."),
    ),
    AuthoredRecords(
        "competition_team_memberships",
        "competition.TeamMembership",
        authors=("user",),
        fields=("id", "team_id", "role", "joined_at"),
        description=_("The competition teams you belong to, with your role."),
    ),
    AuthoredRecords(
        "competition_entries",
        "competition.Entry",
        authors=("created_by",),
        fields=("id", "team_id", "track_id", "title", "shown_status", "created_at", "updated_at", "submitted_at"),
        description=_(
            "Competition entries you started, with their status as your team sees it and their dates. Their "
            "content belongs to your team."
        ),
    ),
    AuthoredRecords(
        "competition_attachments",
        "competition.EntryAttachment",
        authors=("uploaded_by",),
        fields=("id", "entry_id", "name", "kind", "created_at"),
        description=_("Files you attached to competition entries (name and date)."),
    ),
]
