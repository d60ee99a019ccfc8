"""Roster changes: leave a team, remove a member, withdraw an invitation, hand over the captaincy,
delete (disband) a team.

Who: any member leaves; the captain removes another member, withdraws a pending invitation (sent
to a wrong address), hands the captaincy to another member, and deletes the team. A team always
has a captain (only they invite), so a captain with members hands over before leaving; a captain
alone leaves by deleting the team, which is refused while it has entries or algorithm
submissions: they are never lost (judges, results and leaderboards keep them).

When: who is in a team is fixed once its competition takes no new team (``services.roster_fixed``: after
the submission deadline, in Asia/Shanghai, or once the competition is no longer open): judges
then score the team as it entered, and nobody moves to another team after seeing the entries.
From then on nobody joins (invitations are neither sent nor accepted), leaves or is removed, and
no team is deleted; the captaincy may still change hands and a pending invitation may still be
withdrawn, as neither changes who entered. Each refusal says why and when, translated.

A team enters on behalf of an organisation its creator belongs to (``permissions.can_enter_for``):
once the creator leaves the team or is removed, it no longer enters in the organisation's name
(as when they leave the organisation, ``services.detach_teams``).

Each change locks the team's row first (accepting an invitation locks it too), so two changes of
one roster run one after the other and the second sees the first: the captaincy handed to a member
removed meanwhile is refused (``NotInTeam``). A repeated submit is answered kindly: leaving or
deleting twice finds the log's entry (``gone_from``), removing twice says the person is no longer
in the team, withdrawing or handing over twice does nothing more. Each change is logged
(``competition.teams.audit``) and the person concerned is e-mailed through the outbox
(``competition.tasks.send_team_roster_email``): the removed member, the captain when a member
leaves, the new captain.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from competition import permissions, tasks
from competition.models import CACHE_TAG, Team, TeamInvitation, TeamMembership
from competition.teams import audit
from competition.teams.services import TeamError, roster_fixed
from competition.vocabulary import TeamRole
from portal import outbox, public_cache


class RosterFixed(TeamError):
    """The competition's teams are as they entered: nobody joins, leaves or is removed."""


class NotInTeam(TeamError):
    """The person acted on is not (or no longer) in the team."""


def _require_open(team: Team) -> None:
    """Refuse once the roster is fixed (``RosterFixed``, naming when)."""
    fixed = roster_fixed(team.competition)
    if fixed:
        raise RosterFixed(fixed)


def has_entries(team: Team) -> bool:
    return team.entries.exists() or team.algorithm_submissions.exists()


def why_not_leave(user, team: Team, *, role: str, alone: bool) -> str:
    """Why ``user`` (``role`` in ``team``, ``alone`` in it or not) may not leave it; "" when they may."""
    fixed = roster_fixed(team.competition)
    if fixed or role != TeamRole.CAPTAIN:
        return fixed
    if not alone:
        return _("As the captain, hand the captaincy to another member before you leave the team.")
    return _("You are the only member of %(team)s: delete the team instead.") % {"team": team}


def why_not_disband(team: Team, *, alone: bool) -> str:
    """Why ``team``'s captain (``alone`` in it or not) may not delete it; "" when they may."""
    fixed = roster_fixed(team.competition)
    if fixed:
        return fixed
    if not alone:
        return _("Only a captain alone in the team may delete it: remove its members or hand over the captaincy.")
    if has_entries(team):
        return _("%(team)s has entries: a team with entries is never deleted, so that they are kept.") % {"team": team}
    return ""


def gone_from(user, team_pk: int) -> str | None:
    """The name of the team ``team_pk`` if ``user`` left or deleted it (the log says so), else ``None``:
    a repeated "leave" or "delete" is answered kindly, an unknown team stays a 404."""
    entry = (
        ModelLogEntry.objects.filter(action__in=(audit.LEFT, audit.DISBANDED), user_id=user.pk, data__team=team_pk)
        .order_by("-timestamp")
        .first()
    )
    if entry is None:
        return None
    if entry.action == audit.DISBANDED:
        return entry.label
    return Team.objects.filter(pk=team_pk).values_list("name", flat=True).first() or entry.label


def _locked(team: Team) -> Team:
    # Not the competition's row: every team of the competition would wait on it.
    locked = Team.objects.select_for_update(of=("self",)).select_related("competition")
    return locked.prefetch_related("competition__stages").get(pk=team.pk)


def _member(team: Team, membership_id: int) -> TeamMembership:
    membership = team.memberships.select_for_update().select_related("user").filter(pk=membership_id).first()
    if membership is None:
        raise NotInTeam(_("This person is no longer in the team."))
    return membership


def _alone(team: Team, membership: TeamMembership) -> bool:
    return not team.memberships.exclude(pk=membership.pk).exists()


def _tell(event: str, team: Team, user, actor) -> None:
    payload = {"event": event, "team_id": team.pk, "user_id": user.pk, "actor_id": actor.pk}
    outbox.schedule(tasks.send_team_roster_email, payload)


def _depart(actor, membership: TeamMembership, *, action: str) -> None:
    """Take ``membership`` off its team, logged; the team's creator takes its organisation with them."""
    team = membership.team
    audit.record(
        actor=actor,
        target=membership,
        action=action,
        team=team,
        before={"member": membership.user_id, "role": membership.role},
        after={},
    )
    membership.delete()
    if team.created_by_id == membership.user_id and team.organisation_id is not None:
        team.organisation = None
        team.save(update_fields=["organisation"])  # the entries' search documents follow (competition/search.py)
        public_cache.invalidate_on_commit(CACHE_TAG)


@transaction.atomic
def leave_team(*, actor, team: Team) -> Team:
    """``actor`` leaves ``team`` (a member; the captain only by handing over first, or by deleting
    the team when alone in it). The captain is e-mailed."""
    if not actor.is_authenticated:
        raise PermissionDenied
    team = _locked(team)
    membership = team.memberships.select_for_update().filter(user=actor).first()
    if membership is None:  # left meanwhile (a double submit): the first one did it
        raise NotInTeam(_("You are no longer in %(team)s.") % {"team": team})
    _require_open(team)
    refusal = why_not_leave(actor, team, role=membership.role, alone=_alone(team, membership))
    if refusal:
        raise TeamError(refusal)
    _depart(actor, membership, action=audit.LEFT)
    _tell("left", team, actor, actor)  # to the captain (a captain never leaves a team with members)
    return team


@transaction.atomic
def remove_member(*, actor, team: Team, membership_id: int) -> TeamMembership:
    """The captain takes another member off ``team``; the member is e-mailed."""
    team = _locked(team)
    permissions.require_captain(actor, team)
    _require_open(team)
    membership = _member(team, membership_id)
    if membership.user_id == actor.pk:
        raise TeamError(_("You cannot remove yourself: hand over the captaincy, then leave the team."))
    _depart(actor, membership, action=audit.REMOVED)
    _tell("removed", team, membership.user, actor)
    return membership


@transaction.atomic
def withdraw_invitation(*, actor, team: Team, invitation_id: int) -> TeamInvitation:
    """The captain takes back a pending invitation: its link then says so and joins no one. Twice: once."""
    team = _locked(team)
    permissions.require_captain(actor, team)
    invitation = team.invitations.select_for_update().filter(pk=invitation_id).first()
    if invitation is None:
        raise TeamError(_("This invitation is not one of the team's."))
    if invitation.withdrawn_at is not None:
        return invitation
    if not invitation.is_pending:
        raise TeamError(_("This invitation is no longer pending: it was answered or has expired."))
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    before = {"email": invitation.email, "withdrawn_at": None}
    after = {"withdrawn_at": invitation.withdrawn_at}
    audit.record(
        actor=actor, target=invitation, action=audit.INVITATION_WITHDRAWN, team=team, before=before, after=after
    )
    return invitation


@transaction.atomic
def hand_over_captaincy(*, actor, team: Team, membership_id: int) -> TeamMembership:
    """The captain makes another member captain and becomes a member; the new captain is e-mailed.

    Sent twice: the second finds the member captain already and changes nothing."""
    team = _locked(team)
    successor = team.memberships.select_for_update().select_related("user").filter(pk=membership_id).first()
    if successor is not None and successor.role == TeamRole.CAPTAIN and successor.user_id != actor.pk:
        permissions.require_team_member(actor, team)
        return successor
    permissions.require_captain(actor, team)
    if successor is None:
        raise NotInTeam(_("This person is no longer in the team."))
    if successor.user_id == actor.pk:
        raise TeamError(_("You are the team's captain already."))
    team.memberships.filter(user=actor).update(role=TeamRole.MEMBER)
    successor.role = TeamRole.CAPTAIN
    successor.save(update_fields=["role"])
    audit.record(
        actor=actor,
        target=successor,
        action=audit.CAPTAIN_CHANGED,
        team=team,
        before={"captain": actor.pk},
        after={"captain": successor.user_id},
    )
    _tell("captain", team, successor.user, actor)
    return successor


@transaction.atomic
def disband_team(*, actor, team: Team) -> None:
    """The captain, alone in ``team``, deletes it (its pending invitations with it); never a team with entries."""
    team = _locked(team)
    permissions.require_captain(actor, team)
    _require_open(team)
    refusal = why_not_disband(team, alone=not team.memberships.exclude(user=actor).exists())
    if refusal:
        raise TeamError(refusal)
    audit.record(actor=actor, target=team, action=audit.DISBANDED, team=team, before={"name": team.name}, after={})
    team.delete()
