"""The cases' link in each organisation's card of the member dashboard (``portal.dashboard``)."""

from cases import permissions
from portal.dashboard import Section

SECTIONS = [Section("cases/dashboard/cases.html", shown_for=permissions.can_submit_cases, order=20)]
