"""The cases' link in each organisation's card of the member dashboard (``portal.dashboard``)."""

from cases import permissions, queries
from portal.dashboard import Section

SECTIONS = [
    Section(
        "cases/dashboard/cases.html",
        shown_for=permissions.can_submit_cases,
        awaiting=queries.changes_requested_by_organisation,
        order=20,
    )
]
