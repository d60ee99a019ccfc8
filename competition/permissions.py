"""Who may do what in the competition. Every check is made here, on the server.

* A registered member creates a team (on behalf of an organisation only if they belong to it)
  and is its captain; the captain invites members. The roster (``competition.teams.roster``): a
  member leaves; only the captain removes another member, withdraws a pending invitation, hands
  the captaincy to another member (``require_captain``) and deletes the team while alone in it.
  The roster's pages look the team up among the user's own teams, so anyone else (another team's
  member passing its ids, a membership or invitation id of another team) gets a 404, a member
  asking for a captain's change a 403, the anonymous the sign-in page. Members of a team see and edit only their
  team's entries: member pages look entries up among the user's teams' (``competition.queries``),
  so another team's entry (or attachment) is a 404, and drafts are private to the team.
* Alliance staff (not project managers) see every entry, screen eligibility and extend a
  deadline; project managers may look in the admin.
* A judge reads an entry on the judging engine's scorecard page (``portal.judging``) and
  downloads its attachments through the team's download view, for as long as they hold an
  *active* assignment on it (``judged_entry_ids``): a recused or removed assignment, or none, is
  a 404 like anyone else's, never a 403. Whether the round is open, not yet open or closed does
  not matter: the download follows the scorecard page, which the judge keeps reaching (to
  prepare before scoring opens, to re-read after it closes), so the page never links to a file
  that answers 404. Judges never reach the team's pages (an entry's detail and edit stay 404).
* In a blind round (``Panel.blind``) the file is sent under a neutral name (the entry's number
  and the attachment's kind), since the name the team uploaded may name the team or its
  organisation (``judges_blind``); the team and staff get the uploaded name.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from competition.models import Entry, Team, TeamMembership
from competition.vocabulary import TeamRole
from portal import permissions as portal_permissions
from portal.judging import permissions as judging_permissions
from portal.organisations.models import Membership

#: The models of this app alliance staff manage in the admin (``portal.roles``).
STAFF_MODEL_PERMISSIONS = ["competition", "track", "algorithmtask", "algorithmtaskfile"]
PROJECT_MANAGER_MODEL_PERMISSIONS = ["competition", "track"]


def can_manage_competitions(user) -> bool:
    """Screening, extensions, the competition's records: staff and superusers, not project managers."""
    return portal_permissions.can_verify_organisations(user)


def _role_in(user, team) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return team.memberships.filter(user=user).values_list("role", flat=True).first()


def is_team_member(user, team) -> bool:
    return _role_in(user, team) is not None


def is_captain(user, team) -> bool:
    return _role_in(user, team) == TeamRole.CAPTAIN


def can_enter_for(user, organisation) -> bool:
    """A team may enter on behalf of an organisation its creator belongs to (any role)."""
    return organisation is None or (
        getattr(user, "is_authenticated", False)
        and Membership.objects.filter(user=user, organisation=organisation).exists()
    )


def _entry_assignments(user):
    entry_type = ContentType.objects.get_for_model(Entry)
    return judging_permissions.assignments_for(user).filter(item__subject_type=entry_type)


def judged_entry_ids(user):
    """The ids of the entries ``user`` judges (an active assignment in any round), as a subquery."""
    return _entry_assignments(user).values("item__subject_id")


def judges_blind(user, entry) -> bool:
    """Whether ``user`` reaches ``entry`` only as a judge of a blind round (the team and staff never)."""
    if can_manage_competitions(user) or is_team_member(user, entry.team):
        return False
    return _entry_assignments(user).filter(item__subject_id=entry.pk, item__panel__blind=True).exists()


def require_team_member(user, team) -> None:
    if not is_team_member(user, team):
        raise PermissionDenied


def lock_team_as_member(user, team) -> None:
    """Lock ``team``'s row, then require ``user`` to be (still) one of its members.

    For a team's writes (a new entry, an upload of predictions): the roster's changes lock the same
    row (``competition.teams.roster``), so a write begun as the team was deleted or its author removed
    waits for that change and is then refused, instead of storing work under a team that is gone or
    by someone no longer in it.
    """
    if not Team.objects.select_for_update(of=("self",)).filter(pk=team.pk).exists():
        raise PermissionDenied
    require_team_member(user, team)


def require_captain(user, team) -> None:
    if not is_captain(user, team):
        raise PermissionDenied


def require_can_manage_competitions(user) -> None:
    if not can_manage_competitions(user):
        raise PermissionDenied


# --- the algorithm track (competition.algorithm) ---------------------------------------------


def can_see_hidden_labels(user) -> bool:
    """A task's hidden labels (the file and its parsed form): alliance staff only, never project managers."""
    return can_manage_competitions(user)


def can_download_algorithm_files(user, task) -> bool:
    """A task's data: members of a team of the task's competition, and staff (others get a 404)."""
    if can_manage_competitions(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return TeamMembership.objects.filter(user=user, team__competition_id=task.track.competition_id).exists()


def require_can_submit_predictions(user, team) -> None:
    """Any member of the team submits predictions and chooses its final submissions."""
    require_team_member(user, team)
