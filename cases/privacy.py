"""What members write in the cases app, in their personal data export (``portal.personal_data``)."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import AuthoredRecords

PERSONAL_DATA = [
    AuthoredRecords(
        "case_submissions",
        "cases.CaseSubmission",
        authors=("created_by", "attested_by"),
        fields=("id", "organisation_id", "title", "status", "created_at", "updated_at", "submitted_at", "attested_at"),
        description=_(
            "Application cases you wrote or whose patient consent you confirmed, with their status and dates. "
            "Their content belongs to your organisation."
        ),
        parts=(
            ("created_by", _("you wrote the case")),
            ("attested_by", _("you confirmed its patient consent")),
        ),
    ),
    AuthoredRecords(
        "case_attachments",
        "cases.CaseSubmissionAttachment",
        authors=("uploaded_by",),
        fields=("id", "submission_id", "name", "content_type", "created_at"),
        description=_("Files you attached to case submissions (name and date)."),
    ),
]
