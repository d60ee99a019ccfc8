"""Background work of the competition. Thin: load the record, call ``competition.emails``.

The e-mails are outbox effects (``portal.outbox``) scheduled by the services in their own
transaction and run once after the commit.
"""

from competition import emails
from competition.algorithm import tasks as algorithm_tasks  # noqa: F401  (its effect: scoring a submission)
from competition.models import Entry, TeamInvitation
from portal import outbox


@outbox.effect("competition.entry_email")
def send_entry_email(*, entry_id: int, event: str) -> None:
    entry = Entry.objects.select_related("team", "competition", "track").filter(pk=entry_id).first()
    if entry is None or not emails.still_true(entry, event):
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
