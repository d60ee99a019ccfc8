"""The roster's log actions (``portal.review.audit``), in the competition's audit trail.

Each change is written on the record it changes: a membership (joined, left, removed, made
captain), an invitation (withdrawn), the team (deleted). Every entry's data names the team
(``team``: its id), so staff read one team's roster history from Wagtail's log, with who did
what (its user) and when. A membership's label names its member: deleting the account
replaces the name there (``portal.privacy``), as for any record naming the member.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.review import audit

JOINED = audit.action("competition.team.joined", _("Join a team"), _("Joined the team"))
LEFT = audit.action("competition.team.left", _("Leave a team"), _("Left the team"))
REMOVED = audit.action("competition.team.removed", _("Remove a team member"), _("Removed from the team"))
CAPTAIN_CHANGED = audit.action(
    "competition.team.captain_changed", _("Hand over the captaincy"), _("Captaincy handed over")
)
INVITATION_WITHDRAWN = audit.action(
    "competition.team.invitation_withdrawn", _("Withdraw a team invitation"), _("Team invitation withdrawn")
)
DISBANDED = audit.action("competition.team.disbanded", _("Delete a team"), _("Team deleted"))


def record(*, actor, target, action: str, team, before: dict, after: dict):
    """One roster change on ``target``, naming ``team`` in its data."""
    return audit.record(actor=actor, target=target, action=action, before=before, after=after, team=team.pk)
