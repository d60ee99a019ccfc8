"""The judge's card in the member dashboard's "My work" row (``portal.dashboard``)."""

from portal.dashboard import Shortcut
from portal.judging import permissions

SHORTCUTS = [Shortcut("judging/dashboard_shortcut.html", shown_to=permissions.is_judge, order=10)]
