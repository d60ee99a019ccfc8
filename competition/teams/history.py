"""The roster's history as the team's members read it on the team page (``queries.roster_history``,
``templates/competition/_roster_history.html``).

The roster's log (``competition.teams.audit``) is staff's, in the admin; a member reads each entry as
a sentence naming whom it concerned and, when someone else did it, who did: "李伟 was removed from
the team by 王芳". A deleted account is named as the portal names one elsewhere ("a deleted
account", 已注销的账号): its entries keep only its former id, which no longer finds a user.

A withdrawn invitation names its address to the team's captain only (who sees every pending
invitation's address on the same page and is the one who invites); the other members read that an
invitation was withdrawn. The address is the invitation's own, never the log's copy: once its
addressee deletes their account the invitation goes (or keeps no address), and so does the address here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext

from competition.teams import audit
from portal.i18n import written

#: How many of the latest changes the team page shows.
SHOWN = 20

#: The actions a member reads, by the word the template words them with (a deleted team has no page).
KINDS = {
    audit.JOINED: "joined",
    audit.LEFT: "left",
    audit.REMOVED: "removed",
    audit.CAPTAIN_CHANGED: "captain",
    audit.INVITATION_WITHDRAWN: "withdrawn",
}


def member_of(action: str, data: dict) -> int | None:
    """The id of the person an entry of ``action`` concerned (its ``data`` as ``roster`` writes it)."""
    if action == audit.CAPTAIN_CHANGED:
        return data.get("after", {}).get("captain")
    if action in (audit.JOINED, audit.LEFT, audit.REMOVED):
        return data.get("after", {}).get("member") or data.get("before", {}).get("member")
    return None


def _name(user, *, opening: bool = False) -> str:
    if user is not None:
        return written(user.display_name)
    return gettext("A deleted account") if opening else gettext("a deleted account")


@dataclass(frozen=True)
class RosterEvent:
    """One change of the roster: ``member`` is whom it concerned, ``actor`` who made it (``None``: a
    deleted account); ``email`` a withdrawn invitation's address when the reader may see it, else "".
    Each name comes as it reads inside a sentence and as it opens one (``*_opening``)."""

    kind: str
    at: datetime
    member: object | None
    actor: object | None
    email: str = ""

    @property
    def member_name(self) -> str:
        return _name(self.member)

    @property
    def actor_name(self) -> str:
        return _name(self.actor)

    @property
    def member_opening(self) -> str:
        return _name(self.member, opening=True)

    @property
    def actor_opening(self) -> str:
        return _name(self.actor, opening=True)
