"""The competition's card in the member dashboard's "My work" row (``portal.dashboard``).

A member's teams and entries are on their own page (``competition:my_competition``): anyone may
enter, with or without an organisation, so the card is every member's. It counts the team
invitations waiting for their answer.
"""

from competition import queries
from portal.dashboard import Shortcut

SHORTCUTS = [Shortcut("competition/dashboard/competition.html", awaiting=queries.invitations_waiting_count, order=20)]
