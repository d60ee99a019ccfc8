"""Read paths of the competition's member pages, the API and the admin; querysets limited to what the user may reach."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import CharField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Cast, Lower
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import ModelLogEntry

from competition.models import Competition, CompetitionPage, Entry, Stage, Team, TeamInvitation, Track
from competition.permissions import can_manage_competitions, judged_entry_ids
from competition.teams import audit, history
from competition.vocabulary import AWAITING_SCREENING, CompetitionStatus
from portal import navigation
from portal.organisations.queries import verified_email_addresses


def competitions():
    """Competitions the public may know of (not drafts), with stages and tracks."""
    return (
        Competition.objects.exclude(status=CompetitionStatus.DRAFT)
        .prefetch_related(
            Prefetch("stages", queryset=Stage.objects.order_by("sort_order", "opens_at")),
            Prefetch("tracks", queryset=Track.objects.order_by("sort_order", "pk")),
        )
        .order_by("-year")
    )


def open_competitions():
    return competitions().filter(status=CompetitionStatus.OPEN)


def tracks():
    return Track.objects.exclude(competition__status=CompetitionStatus.DRAFT).select_related("competition")


def call_page(competition, locale_code: str):
    return (
        CompetitionPage.objects.live()
        .filter(competition=competition, locale__language_code=locale_code)
        .order_by("path")
        .first()
    )


def call_link(request, competition) -> dict | None:
    """The competition's call page in the active language (``{"title", "url"}``), for the breadcrumbs of
    the pages that belong to it (its results, an algorithm task); ``None`` when it has none live."""
    page = call_page(competition, navigation.content_language(get_language()))
    url = page.get_url(request) if page is not None else None
    return {"title": page.title, "url": url} if url else None


def teams_for(user):
    """The user's teams: the only ones member pages may look up (others 404)."""
    if not user.is_authenticated:
        return Team.objects.none()
    return Team.objects.filter(memberships__user=user).select_related("competition", "organisation")


def entries_for(user):
    """Entries of the user's teams, drafts included: the only ones member pages may look up."""
    if not user.is_authenticated:
        return Entry.objects.none()
    return Entry.objects.filter(team__memberships__user=user).select_related("competition", "track", "team")


def entries_visible_to(user):
    """What an entry's read-only page and its attachments may show: the team and alliance staff."""
    if can_manage_competitions(user):
        return Entry.objects.select_related("competition", "track", "team")
    return entries_for(user)


def entries_with_files_for(user):
    """Entries whose attachments ``user`` may download: the team, alliance staff, and the judges
    actively assigned to the entry (``permissions.judged_entry_ids``); anyone else's is a 404."""
    if can_manage_competitions(user):
        return entries_visible_to(user)
    if not user.is_authenticated:
        return Entry.objects.none()
    mine = Entry.objects.filter(team__memberships__user=user).values("pk")
    return Entry.objects.filter(Q(pk__in=mine) | Q(pk__in=judged_entry_ids(user))).select_related(
        "competition", "track", "team"
    )


def as_shown(queryset):
    """Entries with what ``Entry.shown_status`` reads: their competition's results' publication and
    their advancements (no query per entry)."""
    return queryset.select_related("competition__results_publication").prefetch_related("advancements")


def with_deadline(queryset):
    """Entries as their team's pages show them (``as_shown``), their competition's stages prefetched
    (``Entry.deadline`` reads them)."""
    return as_shown(queryset).prefetch_related("competition__stages")


def invitations_waiting_for(user) -> list[TeamInvitation]:
    """Invitations sent to one of ``user``'s verified addresses that still let them join (not answered,
    withdrawn or expired, the roster not yet fixed): their competition page links them, for an invitee
    who lost the e-mail."""
    invitations = (
        TeamInvitation.objects.pending()
        .annotate(lower_email=Lower("email"))
        .filter(lower_email__in=verified_email_addresses(user))
        .select_related("team", "team__competition", "invited_by")
        .prefetch_related("team__competition__stages")
        .order_by("-created_at")
    )
    now = timezone.now()
    return [invitation for invitation in invitations if invitation.answerable_until > now]


def invitations_waiting_count(user) -> int:
    """How many team invitations wait for ``user``'s answer (``invitations_waiting_for``): the dashboard's card."""
    return len(invitations_waiting_for(user))


def invitation_by_token(token: str):
    return TeamInvitation.objects.select_related("team", "team__competition", "invited_by").filter(token=token)


def roster_history(team: Team, *, show_addresses: bool, limit: int = history.SHOWN):
    """The latest ``limit`` changes of ``team``'s roster, newest first (``history.RosterEvent``), and
    whether older ones are left out. Two queries however many there are: the log's entries with who
    made each change, then the people they concerned. A withdrawn invitation's address is read from
    the invitation, and only when ``show_addresses`` (the captain's page: ``competition.teams.history``)."""
    entries = (
        ModelLogEntry.objects.filter(action__in=tuple(history.KINDS), data__team=team.pk)
        .select_related("user")  # an outer join: a deleted account's id finds no one
        .order_by("-timestamp", "-pk")
    )
    if show_addresses:
        invitations = TeamInvitation.objects.annotate(key=Cast("pk", CharField())).filter(team=team)
        entries = entries.annotate(email=Subquery(invitations.filter(key=OuterRef("object_id")).values("email")[:1]))
    entries = list(entries[: limit + 1])
    concerned = get_user_model().objects.in_bulk(
        {history.member_of(entry.action, entry.data) for entry in entries} - {None}
    )
    events = [
        history.RosterEvent(
            kind=history.KINDS[entry.action],
            at=entry.timestamp,
            member=concerned.get(history.member_of(entry.action, entry.data)),
            actor=entry.user,
            email=(entry.email or "") if show_addresses and entry.action == audit.INVITATION_WITHDRAWN else "",
        )
        for entry in entries[:limit]
    ]
    return events, len(entries) > limit


def entries_awaiting_screening():
    return (
        Entry.objects.filter(status__in=AWAITING_SCREENING)
        .select_related("team", "track", "competition")
        .order_by("submitted_at")
    )
