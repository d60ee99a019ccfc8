"""The incubator's links in each organisation's card of the member dashboard (``portal.dashboard``)."""

from incubator.profiles import permissions
from portal.dashboard import Section

SECTIONS = [Section("incubator/dashboard/profiles.html", shown_for=permissions.has_profile, order=40)]
