"""The competition's link in each organisation's card of the member dashboard (``portal.dashboard``).

A member's teams and entries are on their own page (``competition:my_competition``), linked from
every card: any organisation's members may enter, and so may members without one.
"""

from competition import permissions
from portal.dashboard import Section

SECTIONS = [Section("competition/dashboard/competition.html", shown_for=permissions.shown_on_dashboard, order=30)]
