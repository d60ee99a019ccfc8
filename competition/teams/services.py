"""Writes with business rules for teams: create a team, invite, accept or decline an invitation.

Keyword-only, one transaction each, permission checked inside; a refusal is a ``TeamError``
with a translated message. Teams register while their competition is open for entries, until
its submission deadline (``registration_closed``: a team registered later could enter nothing).
Invitations are e-mailed through the outbox in the invitee's language (their account's, else the
inviter's), after the commit.

A person belongs to at most one team of a competition edition (``already_in_a_team``): each team
has its own daily limit on the algorithm track's leaderboard, and judges would score one person's
work twice. Creating a team and accepting an invitation first lock the person's row
(``_lock_person``), so two at once cannot both see no team and both join. Memberships made
before the rule are left as they were; it refuses only new ones. Nobody joins once the roster is
fixed (``roster_fixed``): invitations are then neither sent nor accepted.

A captain may invite an address whose person is already in another team of the edition: refusing
at invite time would tell the captain that the address is registered and in a team (a privacy
leak), so the invitee alone is told, on the invitation page, why they cannot join, and may decline.

Roster changes after joining (leave, remove, withdraw an invitation, hand over the captaincy,
delete a team) are ``competition.teams.roster``.
"""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from competition import deadlines, permissions, tasks
from competition.models import CACHE_TAG, Team, TeamInvitation, TeamMembership
from competition.teams import audit
from competition.vocabulary import TeamRole
from portal import idempotency, outbox, public_cache
from portal.review.errors import ServiceError

#: Invitations one member may send per hour (they are alliance-branded mail to any address).
INVITATIONS_PER_HOUR = 20


class TeamError(ServiceError):
    """A business rule refused the action; ``str(exc)`` is a translated message."""


class InvitationAlreadyAccepted(TeamError):
    """This user accepted this invitation already: a repeated submit."""


class JoiningRefused(TeamError):
    """The invitee may not join the team now, but may still decline the invitation."""


class AlreadyInATeam(JoiningRefused):
    """The person is in another team of the competition: they may not join one more (they may decline)."""


def _once_teams_close(competition, now, *, closed_at: str, closed: str) -> str:
    """ "" while ``competition`` takes teams; after its submission deadline ``closed_at`` naming it
    (in Asia/Shanghai); else (no longer open) ``closed``."""
    if competition.takes_teams(now):
        return ""
    deadline = competition.submission_deadline
    if deadlines.has_passed(deadline, now):
        return closed_at % {"competition": competition, "deadline": deadlines.display(deadline)}
    return closed % {"competition": competition}


def registration_closed(competition, now=None) -> str:
    """Why ``competition`` takes no new team, naming when registration closed (its submission
    deadline, in Asia/Shanghai) once that has passed; "" while it takes teams."""
    return _once_teams_close(
        competition,
        now,
        closed_at=_("Registration for %(competition)s closed at %(deadline)s."),
        closed=_("Registration for %(competition)s is closed."),
    )


def roster_fixed(competition, now=None) -> str:
    """Why the members of ``competition``'s teams can no longer change (nobody joins, leaves or is
    removed), naming when they were fixed once its submission deadline has passed; "" while they can.
    The same moment as ``registration_closed``: judges score each team as it entered."""
    return _once_teams_close(
        competition,
        now,
        closed_at=_("The members of the teams of %(competition)s were fixed at %(deadline)s, when submissions closed."),
        closed=_("The members of the teams of %(competition)s can no longer change: it is not open for entries."),
    )


def already_in_a_team(user, competition, *, other_than=None) -> str:
    """Why ``user`` may join no team of ``competition`` (but ``other_than``), naming the team they are
    in; "" when they are in none."""
    teams = Team.objects.filter(competition=competition, memberships__user=user)
    if other_than is not None:
        teams = teams.exclude(pk=other_than.pk)
    team = teams.order_by("pk").first()
    if team is None:
        return ""
    return _(
        "You are already in the team %(team)s of %(competition)s. A person may be in only one team per competition."
    ) % {"team": team, "competition": competition}


def _lock_person(user) -> None:
    """Lock ``user``'s row: their team joins (creating, accepting) wait for one another, so the second
    sees the first one's team. Taken before any invitation's lock, in account deletion's order."""
    get_user_model().objects.select_for_update().get(pk=user.pk)


def open_for_registration(competitions, now=None) -> list:
    """Those of ``competitions`` (their stages prefetched) that take new teams now."""
    now = now or timezone.now()
    return [competition for competition in competitions if not registration_closed(competition, now)]


@transaction.atomic
def create_team(*, actor, competition, name: str, organisation=None, creation_token=None) -> Team:
    """A new team of ``competition`` with ``actor`` as its captain (on behalf of ``organisation``, if given)."""
    if not actor.is_authenticated:
        raise PermissionDenied
    _lock_person(actor)
    siblings = Team.objects.filter(created_by=actor)
    existing = idempotency.created_with(siblings, creation_token)
    if existing is not None:
        return existing
    closed = registration_closed(competition)
    if closed:
        raise TeamError(closed)
    taken = already_in_a_team(actor, competition)
    if taken:
        raise AlreadyInATeam(taken)
    if not permissions.can_enter_for(actor, organisation):
        raise TeamError(_("You can enter on behalf of your own organisations only."), field="organisation")
    name = (name or "").strip()
    if not name:
        raise TeamError(_("Give the team a name."), field="name")
    team = Team(
        competition=competition, name=name, organisation=organisation, created_by=actor, creation_token=creation_token
    )
    team, created = idempotency.save_once(team, among=siblings)
    if created:
        TeamMembership.objects.create(team=team, user=actor, role=TeamRole.CAPTAIN)
    return team


@transaction.atomic
def invite_member(*, actor, team: Team, email: str, creation_token=None) -> TeamInvitation:
    """Invite ``email`` to ``team`` (the captain only) and e-mail the invitation. Sent twice: once."""
    team = Team.objects.select_for_update(of=("self",)).select_related("competition").get(pk=team.pk)
    permissions.require_captain(actor, team)
    earlier = idempotency.created_with(team.invitations.all(), creation_token)
    if earlier is not None:
        return earlier
    fixed = roster_fixed(team.competition)
    if fixed:
        raise TeamError(fixed)
    email = (email or "").strip().lower()
    if team.memberships.filter(user__email__iexact=email).exists():
        raise TeamError(_("%(email)s is already in the team.") % {"email": email}, field="email")
    if team.invitations.pending().filter(email__iexact=email).exists():
        raise TeamError(_("%(email)s already has a pending invitation.") % {"email": email}, field="email")
    recent = TeamInvitation.objects.filter(invited_by=actor, created_at__gte=timezone.now() - timedelta(hours=1))
    if recent.count() >= INVITATIONS_PER_HOUR:
        raise TeamError(
            _("You have sent too many invitations in the last hour. Please try again later."), field="email"
        )
    invitation = TeamInvitation(team=team, email=email, invited_by=actor, creation_token=creation_token)
    invitation, created = idempotency.save_once(invitation, among=team.invitations.all())
    if created:
        payload = {"invitation_id": invitation.pk, "language": get_language()}
        outbox.schedule(tasks.send_team_invitation_email, payload)
    return invitation


def check_invitation(*, user, invitation: TeamInvitation) -> None:
    """Raise the ``TeamError`` that would stop ``user`` answering ``invitation``; no writes.

    ``JoiningRefused`` (the roster fixed, ``AlreadyInATeam``) comes last and stops only accepting:
    the invitee may still decline.
    """
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == user.pk:
            raise InvitationAlreadyAccepted(_("You have already joined %(team)s.") % {"team": invitation.team})
        raise TeamError(_("This invitation has already been used."))
    if invitation.declined_at is not None:
        raise TeamError(_("This invitation was declined. Ask the team's captain for a new one."))
    if invitation.withdrawn_at is not None:
        raise TeamError(_("This invitation was withdrawn by the team's captain: it can no longer be accepted."))
    if invitation.expires_at <= timezone.now():
        raise TeamError(_("This invitation has expired. Ask the team's captain to send a new one."))
    if not EmailAddress.objects.filter(user=user, verified=True, email__iexact=invitation.email).exists():
        raise TeamError(
            _("This invitation was sent to %(email)s. Sign in with that address to answer it.")
            % {"email": invitation.email}
        )
    if TeamMembership.objects.filter(team_id=invitation.team_id, user=user).exists():
        raise TeamError(_("You are already in %(team)s.") % {"team": invitation.team})
    fixed = roster_fixed(invitation.team.competition)
    if fixed:
        raise JoiningRefused(fixed)
    taken = already_in_a_team(user, invitation.team.competition, other_than=invitation.team)
    if taken:
        raise AlreadyInATeam(taken)


def _answerable(user, invitation: TeamInvitation, *, joining: bool) -> TeamInvitation:
    """``invitation`` locked, once ``user`` (signed in) may answer it (``check_invitation``): join the
    team if ``joining``, else decline it."""
    if not user.is_authenticated:
        raise PermissionDenied
    if joining:
        _lock_person(user)
    locked = TeamInvitation.objects.select_for_update(of=("self", "team"))  # not the competition's row
    invitation = locked.select_related("team__competition").get(pk=invitation.pk)
    try:
        check_invitation(user=user, invitation=invitation)
    except JoiningRefused:
        if joining:
            raise
    return invitation


@transaction.atomic
def accept_invitation(*, user, invitation: TeamInvitation) -> TeamMembership:
    """Join the invitation's team as a member (signed in with the invited, verified address)."""
    invitation = _answerable(user, invitation, joining=True)
    membership = TeamMembership.objects.create(team=invitation.team, user=user, role=TeamRole.MEMBER)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    after = {"member": user.pk, "role": membership.role, "invitation": invitation.pk}
    audit.record(actor=user, target=membership, action=audit.JOINED, team=invitation.team, before={}, after=after)
    return membership


@transaction.atomic
def decline_invitation(*, user, invitation: TeamInvitation) -> TeamInvitation:
    """Decline the invitation (only its addressee, while it is pending)."""
    invitation = _answerable(user, invitation, joining=False)
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    return invitation


@transaction.atomic
def detach_teams(*, user_id: int, organisation_id: int | None = None) -> list[Team]:
    """The teams ``user_id`` registered on behalf of an organisation (that one, or any) enter for none.

    A team enters for an organisation its creator belongs to (``permissions.can_enter_for``): once
    the creator is no longer a member (removed, left, account deleted), its entries no longer carry
    the organisation's name (results page, search: the saves reindex them).
    """
    teams = Team.objects.select_for_update().filter(created_by_id=user_id, organisation__isnull=False)
    if organisation_id is not None:
        teams = teams.filter(organisation_id=organisation_id)
    detached = list(teams.order_by("pk"))
    for team in detached:
        team.organisation = None
        team.save(update_fields=["organisation"])
    if detached:
        public_cache.invalidate_on_commit(CACHE_TAG)
    return detached
