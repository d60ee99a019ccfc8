"""What members write in the competition, in their personal data export (``portal.personal_data``),
and what deleting an account does to the teams (``ON_ACCOUNT_DELETION``).

A captain who deletes their account hands the team to its longest-standing member (a team
without a captain could never invite again); the handover and the member leaving each of their
teams are logged as the roster's changes are (``competition.teams.audit``), so those who stay read
them in the team's roster history, naming "a deleted account"; team invitations sent to the
member's confirmed addresses and not accepted are withdrawn, accepted ones keep no address.
"""

from django.utils.translation import gettext_lazy as _

from competition.models import TeamInvitation, TeamMembership
from competition.teams import audit
from competition.teams import services as team_services
from competition.vocabulary import TeamRole
from portal.personal_data import AuthoredRecords


def _hand_over_captaincy(user, addresses) -> None:
    captained = TeamMembership.objects.filter(user=user, role=TeamRole.CAPTAIN).values("team")
    successors: dict[int, TeamMembership] = {}  # team: its longest-standing other member
    others = TeamMembership.objects.filter(team__in=captained).exclude(user=user).select_related("team")
    for membership in others.order_by("-joined_at", "-pk"):
        successors[membership.team_id] = membership
    TeamMembership.objects.filter(pk__in=[m.pk for m in successors.values()]).update(role=TeamRole.CAPTAIN)
    for successor in successors.values():
        before, after = {"captain": user.pk}, {"captain": successor.user_id}
        audit.record(
            actor=user, target=successor, action=audit.CAPTAIN_CHANGED, team=successor.team, before=before, after=after
        )


def _log_departures(user, addresses) -> None:
    # The team's roster history says who went (as "a deleted account": the log keeps the former id only).
    for membership in TeamMembership.objects.filter(user=user).select_related("team"):
        before = {"member": user.pk, "role": membership.role}
        audit.record(actor=user, target=membership, action=audit.LEFT, team=membership.team, before=before, after={})


def _withdraw_invitations(user, addresses) -> None:
    TeamInvitation.objects.filter(TEAM_INVITATIONS.addressed_to(addresses), accepted_at__isnull=True).delete()


def _detach_teams(user, addresses) -> None:
    # The teams they registered on behalf of an organisation no longer enter in its name (its member is gone).
    team_services.detach_teams(user_id=user.pk)


#: Team invitations the member sent, accepted, or that were sent to one of their confirmed addresses.
TEAM_INVITATIONS = AuthoredRecords(
    "competition_team_invitations",
    "competition.TeamInvitation",
    authors=("invited_by", "accepted_by"),
    addressed="email",
    fields=("id", "team_id", "email", "created_at", "expires_at", "accepted_at", "declined_at", "withdrawn_at"),
    description=_("Invitations to competition teams you sent, received or accepted."),
    parts=(
        ("invited_by", _("you sent the invitation")),
        ("accepted_by", _("you accepted it")),
        ("email", _("it was sent to one of your addresses")),
    ),
)

ON_ACCOUNT_DELETION = [_hand_over_captaincy, _log_departures, _withdraw_invitations, _detach_teams]

PERSONAL_DATA = [
    AuthoredRecords(
        "competition_teams",
        "competition.Team",
        authors=("created_by",),
        fields=("id", "competition_id", "name", "organisation_id", "created_at"),
        description=_("Competition teams you created."),
    ),
    AuthoredRecords(
        "competition_team_memberships",
        "competition.TeamMembership",
        authors=("user",),
        fields=("id", "team_id", "role", "joined_at"),
        description=_("The competition teams you belong to, with your role."),
    ),
    AuthoredRecords(
        "competition_entries",
        "competition.Entry",
        authors=("created_by",),
        fields=("id", "team_id", "track_id", "title", "shown_status", "created_at", "updated_at", "submitted_at"),
        description=_(
            "Competition entries you started, with their status as your team sees it and their dates. Their "
            "content belongs to your team."
        ),
    ),
    AuthoredRecords(
        "competition_attachments",
        "competition.EntryAttachment",
        authors=("uploaded_by",),
        fields=("id", "entry_id", "name", "kind", "created_at"),
        description=_("Files you attached to competition entries (name and date)."),
    ),
    TEAM_INVITATIONS,
]
