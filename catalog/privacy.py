"""What members write in the catalogue, in their personal data export (``portal.personal_data``)."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import AuthoredRecords

PERSONAL_DATA = [
    AuthoredRecords(
        "catalogue_applications",
        "catalog.EditionApplication",
        authors=("applicant",),
        fields=("id", "edition_id", "product_id", "organisation_id", "status", "proposed_category", "submitted_at"),
        description=_("Applications you made for the recommended catalogue."),
    ),
]
