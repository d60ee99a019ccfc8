"""How the judging engine (``portal.judging``) sees a competition entry. Registered from ``CompetitionConfig.ready``.

An entry's parties are its team's organisation and members (accounts and addresses), so a judge
who shares an organisation or an address domain with the team, or declared a tie with one of
them, is never assigned to it. A blind round names an entry by its number and track only (no
team, no organisation); the scorecard page shows the entry's text and answers
(``templates/competition/judging/_entry.html``), never its files' owners.
"""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competition.models import Entry, TeamMembership
from portal.judging import subjects


class EntryAdapter(subjects.BatchAdapter):
    judged_as = gettext_lazy("competition entries")
    template = "competition/judging/_entry.html"

    def queryset(self, model):
        # ``label`` reads the team: a ranking or a judge's list of 2,000 entries costs one query, not 2,000.
        return Entry.objects.select_related("team", "track")

    def parties_for_many(self, found) -> dict[int, subjects.Parties]:
        """Every entry's organisation and team members in two queries."""
        entries = {entry.pk: entry for entry in found}
        teams = dict(Entry.objects.filter(pk__in=entries).values_list("pk", "team_id"))
        organisations = dict(Entry.objects.filter(pk__in=entries).values_list("pk", "team__organisation_id"))
        members = subjects.people_of(
            TeamMembership.objects.filter(team_id__in=set(teams.values())).values_list(
                "team_id", "user_id", "user__email"
            )
        )
        return {
            pk: replace(members.get(teams[pk], subjects.Parties()), organisation_ids={organisations[pk]} - {None})
            for pk in entries
        }

    def label(self, subject, *, blind: bool) -> str:
        if blind:
            return _entry_number(subject.pk)
        return _entry_name(subject.title, subject.team.name)

    def labels(self, model, ids, *, blind: bool) -> dict[int, str]:
        """``label`` of many entries from the columns it shows: the judge's dashboard reads 110 labels,
        and an entry with its team and track as model instances cost more than the rest of the page."""
        entries = Entry.objects.filter(pk__in=ids)
        if blind:
            return {pk: _entry_number(pk) for pk in entries.values_list("pk", flat=True)}
        return {pk: _entry_name(title, team) for pk, title, team in entries.values_list("pk", "title", "team__name")}

    def context(self, subject, *, blind: bool) -> dict:
        questions = subject.track.fields.exclude(kind="file").order_by("sort_order", "pk")
        return {"answers": [(q.label, q.shown(subject.answers.get(q.key, ""))) for q in questions]}


def _entry_number(pk: int) -> str:
    return _("Entry %(number)s") % {"number": pk}


def _entry_name(title: str, team_name: str) -> str:
    return f"{title} · {team_name}"


def register() -> None:
    subjects.register(Entry, EntryAdapter())
