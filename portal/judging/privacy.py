"""What judges write in the judging engine, in their personal data export (``portal.personal_data``).

Scorecards hang off assignments (no account of their own): the assignments say which items the
judge had; the scores themselves are the panel's record.
"""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import AuthoredRecords

PERSONAL_DATA = [
    AuthoredRecords(
        "judge_profile",
        "judging.JudgeProfile",
        authors=("user",),
        fields=("expertise", "public_bio"),
        description=_("Your expertise tags and public biography as a judge."),
    ),
    AuthoredRecords(
        "conflict_declarations",
        "judging.ConflictDeclaration",
        authors=("judge",),
        fields=("id", "organisation_id", "person_id", "note", "created_at"),
        description=_("The conflicts of interest you declared as a judge (or staff recorded for you)."),
    ),
    AuthoredRecords(
        "judging_assignments",
        "judging.Assignment",
        authors=("judge",),
        fields=("id", "item_id", "source", "status", "recusal_reason", "created_at"),
        description=_("What you were asked to judge, and your recusals with their reasons."),
    ),
]
