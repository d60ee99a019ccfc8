"""Background work of the competition. Thin: load the record, call ``competition.emails``.

The e-mails are outbox effects (``portal.outbox``) scheduled by the services in their own
transaction and run once after the commit.
"""

from django.contrib.auth import get_user_model

from competition import emails
from competition.algorithm import tasks as algorithm_tasks  # noqa: F401  (its effect: scoring a submission)
from competition.models import Entry, Team, TeamInvitation
from portal import outbox


@outbox.effect("competition.entry_email")
def send_entry_email(*, entry_id: int, event: str, decided_at: str | None = None) -> None:
    entry = Entry.objects.select_related("team", "competition", "track").filter(pk=entry_id).first()
    if entry is None or not emails.still_true(entry, event, decided_at=decided_at):
        return
    emails.send_entry_event(entry, event=event)


@outbox.effect("competition.team_invitation_email")
def send_team_invitation_email(*, invitation_id: int, language: str) -> None:
    invitation = (
        TeamInvitation.objects.select_related("team__competition", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.is_pending:
        return
    emails.send_invitation(invitation, language=language)


@outbox.effect("competition.team_roster_email")
def send_team_roster_email(*, event: str, team_id: int, user_id: int, actor_id: int) -> None:
    """A roster change (``emails.ROSTER_EVENTS``), if it still holds: nothing once the team is deleted."""
    team = Team.objects.select_related("competition").filter(pk=team_id).first()
    person = get_user_model().objects.filter(pk=user_id).first()
    if team is None or person is None:
        return
    standing = emails.Standing.of(team, person)
    if not emails.roster_still_true(standing, event):
        return
    actor = get_user_model().objects.filter(pk=actor_id).first()
    emails.send_roster_event(standing, event=event, actor=actor)
