"""The judge's card in the member dashboard's "My work" row (``portal.dashboard``)."""

from portal.dashboard import Shortcut
from portal.judging import permissions, queries

SHORTCUTS = [
    Shortcut(
        "judging/dashboard_shortcut.html", shown_to=permissions.is_judge, awaiting=queries.scorecards_due, order=10
    )
]
