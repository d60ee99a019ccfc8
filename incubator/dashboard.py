"""The incubator's links in each organisation's card of the member dashboard (``portal.dashboard``)."""

from incubator.datarooms import permissions as datarooms
from incubator.datarooms import queries as dataroom_queries
from incubator.matching import permissions as matching
from incubator.meetings import permissions as meetings
from incubator.meetings import queries as meeting_queries
from incubator.profiles import permissions as profiles
from incubator.programmes import permissions as programmes
from incubator.programmes import queries as programme_queries
from portal.dashboard import Section

SECTIONS = [
    Section("incubator/dashboard/profiles.html", shown_for=profiles.has_profile, order=40),
    Section("incubator/matching/dashboard.html", shown_for=matching.shown_on_dashboard, order=41),
    Section(
        "incubator/dashboard/meetings.html",
        shown_for=meetings.takes_part_in_meetings,
        awaiting=meeting_queries.awaiting_by_recipient,
        order=42,
    ),
    Section(
        "incubator/dashboard/datarooms.html",
        shown_for=datarooms.shown_on_dashboard,
        awaiting=dataroom_queries.awaiting_by_startup,
        order=43,
    ),
    Section(
        "incubator/dashboard/programmes.html",
        shown_for=programmes.takes_part,
        awaiting=programme_queries.awaiting_by_platform,
        order=44,
    ),
]
