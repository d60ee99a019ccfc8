"""E-mails of the competition, each in its recipient's language (``portal.emails``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from competition import deadlines
from competition.models.entries import EXTENSION
from competition.vocabulary import EntryStatus, TeamRole
from portal.emails import language_for, send_templated_email, send_to_invitee, site_url
from portal.review.notify import StillTrue

#: What a team hears about (templates competition/email/entry_<event>*.txt).
ENTRY_EVENTS = ("submitted", "withdrawn", "extended", "eligible", "ineligible")


def team_members(team) -> list:
    """The team's active members with an address, each address once."""
    seen, users = set(), []
    for membership in team.memberships.filter(user__is_active=True).exclude(user__email="").select_related("user"):
        address = membership.user.email.lower()
        if address not in seen:
            seen.add(address)
            users.append(membership.user)
    return users


def send_to_team(team, *, template: str, context: dict) -> None:
    """``template`` to each active member of ``team`` in their language; the context gains ``member``
    (callables in ``context`` are evaluated in that language)."""
    for user in team_members(team):
        send_templated_email(
            template=template, to=[user.email], language=language_for(user), context={"member": user, **context}
        )


def entry_url(entry):
    """The entry's page on the member dashboard, as a link in an e-mail (evaluated in its language)."""
    return lambda: site_url(reverse("competition:entry_detail", kwargs={"pk": entry.pk}))


#: Whether ``event`` still describes the entry, ``still_true(entry, event, decided_at=…)``: the
#: statuses it must still be in (``None``: any). The effect may run late: a screening corrected
#: meanwhile, or an entry withdrawn, is not announced, nor an extension granted again since (its
#: stamp is ``extended_at``, ``EXTENSION``), whose mail would quote the later deadline twice.
still_true = StillTrue(
    {
        "submitted": tuple(set(EntryStatus) - {EntryStatus.DRAFT, EntryStatus.WITHDRAWN}),
        "withdrawn": (EntryStatus.WITHDRAWN,),
        "extended": None,
        "eligible": (EntryStatus.ELIGIBLE, EntryStatus.ADVANCED, EntryStatus.AWARDED),
        "ineligible": (EntryStatus.INELIGIBLE,),
    },
    states={"extended": EXTENSION},
)


def send_entry_event(entry, *, event: str) -> None:
    if event not in ENTRY_EVENTS:
        raise ValueError(event)
    context = {"entry": entry, "team": entry.team, "deadline": lambda: deadlines.display(entry.deadline)}
    send_to_team(
        entry.team, template=f"competition/email/entry_{event}", context=context | {"entry_url": entry_url(entry)}
    )


def send_invitation(invitation, *, language: str) -> None:
    """The invitation to join a team (``portal.emails.send_to_invitee``)."""
    context = {
        "team": invitation.team,
        "competition": lambda: invitation.team.competition.name,
        "expires": lambda: deadlines.display(invitation.answerable_until),
        "invitation_url": lambda: site_url(reverse("competition:invitation", kwargs={"token": invitation.token})),
    }
    send_to_invitee(invitation, template="competition/email/team_invitation", language=language, context=context)


# --- the roster (``competition.teams.roster``) -----------------------------------------------------

#: Whom each roster change is told to (templates competition/email/team_<event>*.txt): the removed
#: member, the captain a member left, the new captain.
ROSTER_EVENTS = ("removed", "left", "captain")


@dataclass(frozen=True)
class Standing:
    """Where ``person`` stands in ``team`` when the e-mail's effect runs: ``role``, or ``None`` if not in it."""

    team: object
    person: object
    role: str | None

    @classmethod
    def of(cls, team, person) -> Standing:
        role = team.memberships.filter(user=person).values_list("role", flat=True).first()
        return cls(team, person, role)


#: Whether a roster change still holds, ``roster_still_true(standing, event)``: the removed member or
#: the one who left is still out (not invited again and back meanwhile), the new captain still captain.
roster_still_true = StillTrue(
    {"removed": (None,), "left": (None,), "captain": (TeamRole.CAPTAIN,)},
    field="role",
)


def team_url(team):
    """The team's page on the member dashboard, as a link in an e-mail (evaluated in its language)."""
    return lambda: site_url(reverse("competition:team_detail", kwargs={"pk": team.pk}))


def send_roster_event(standing: Standing, *, event: str, actor) -> None:
    """Tell a roster change to whom it concerns, each in their language; ``actor``: who made it."""
    if event not in ROSTER_EVENTS:
        raise ValueError(event)
    team = standing.team
    context = {
        "team": team,
        "person": standing.person,
        "actor": actor,
        "competition": lambda: team.competition.name,
        "team_url": team_url(team),
        "my_competition_url": lambda: site_url(reverse("competition:my_competition")),
    }
    # "left" goes to the captain now (the one the member left, or whoever it was handed to since).
    recipients = _captains(team) if event == "left" else [standing.person]
    for user in recipients:
        if user.is_active and user.email:
            send_templated_email(
                template=f"competition/email/team_{event}",
                to=[user.email],
                language=language_for(user),
                context=context,
            )


def _captains(team) -> list:
    return [membership.user for membership in team.memberships.filter(role=TeamRole.CAPTAIN).select_related("user")]
