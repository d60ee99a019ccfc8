"""The competition's card in the member dashboard's "My work" row (``portal.dashboard``).

A member's teams and entries are on their own page (``competition:my_competition``): anyone may
enter, with or without an organisation, so the card is every member's.
"""

from portal.dashboard import Shortcut

SHORTCUTS = [Shortcut("competition/dashboard/competition.html", order=20)]
