"""The roster history of the ``team-member`` login's 2026 team (``competition.toml``'s ``[[roster]]``).

The team page shows who joined, left, was removed or became captain, and which invitation was
withdrawn (``queries.roster_history``): without changes the demo's teams showed none. The changes
are made through the team services (``competition.teams.services`` and ``competition.teams.roster``)
as they were made during the submission stage: each step runs ``back_then`` (``portal.demo.clock``),
at its moment moved with the edition's dates, while the competition took teams. The competition's
row says "open" only during the replay and inside the command's transaction: once its deadline has
passed the roster is fixed, and the services would rightly refuse every change.

Idempotent: a team whose roster has a logged change is left as it is; people are found by address.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

from wagtail.models import ModelLogEntry

from competition.models import Competition, Team
from competition.teams import history, roster, services
from competition.vocabulary import CompetitionStatus, TeamRole
from portal.demo import clock
from portal.demo.registry import DemoContext
from portal.demo.users import ensure_person
from portal.models import User


def load(context: DemoContext, competition: Competition, data: dict, *, member: User, shift: timedelta) -> None:
    """Replay ``data["roster"]`` on ``member``'s team of ``competition``, each step ``shift`` later than written."""
    team = Team.objects.get(competition=competition, memberships__user=member)
    changed = ModelLogEntry.objects.filter(action__in=tuple(history.KINDS), data__team=team.pk).exists()
    context.record("competition roster history", not changed)
    if changed:
        return
    people = {
        row["key"]: ensure_person(
            context, email=row["address"], name=row["name"], kind="demo team member", verified_address=True
        )
        for row in data["roster_people"]
    } | {"team-member": member}
    with _taking_teams(competition):
        for step in data["roster"]:
            with clock.back_then(step["at"] + shift):
                _step(team, step, people)


@contextlib.contextmanager
def _taking_teams(competition: Competition):
    """The competition open for the replay (its dates are the clock's: the deadline not yet passed)."""
    status = Competition.objects.filter(pk=competition.pk).values_list("status", flat=True).get()
    Competition.objects.filter(pk=competition.pk).update(status=CompetitionStatus.OPEN)
    try:
        yield
    finally:
        Competition.objects.filter(pk=competition.pk).update(status=status)


def _step(team: Team, step: dict, people: dict) -> None:
    captain = team.memberships.get(role=TeamRole.CAPTAIN).user
    if "invite" in step:
        services.invite_member(actor=captain, team=team, email=step["invite"])
    elif "withdraw" in step:
        invitation = team.invitations.pending().get(email=step["withdraw"])
        roster.withdraw_invitation(actor=captain, team=team, invitation_id=invitation.pk)
    elif "accept" in step:
        person = people[step["accept"]]
        services.accept_invitation(user=person, invitation=team.invitations.pending().get(email=person.email))
    elif "leave" in step:
        roster.leave_team(actor=people[step["leave"]], team=team)
    elif "hand_over" in step:
        successor = team.memberships.get(user=people[step["hand_over"]])
        roster.hand_over_captaincy(actor=captain, team=team, membership_id=successor.pk)
    else:
        raise ValueError(f"a roster step invites, withdraws, accepts, leaves or hands over: {step}")
