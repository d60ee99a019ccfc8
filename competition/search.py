"""What the competition puts in the portal's search (see search/declarations.py): its entries.

Entries are confidential until results, so each document says who may see it, worked out here on
the server from the records at the moment it is built:

* a draft is never indexed (the queryset leaves drafts out);
* alliance staff and project managers see every other entry (``audiences_for`` gives them
  everything), withdrawn and ineligible ones included;
* a judge (``search.permissions.judge_audience``) sees the entries they are *actively*
  assigned to through the judging engine; a recused, removed, unassigned or conflicted judge (the
  engine never assigns a conflict) does not, nor anyone once the entry is withdrawn;
* once the competition's results are published, an entry that won an award is public.

Blind rounds: while an entry is before a blind panel (and not a published winner) its document
holds neither its team nor its organisation, in the text or in what a hit shows, and its title is
named as the judging engine names it to a blind panel (``competition.judging.EntryAdapter.label``),
so a judge can neither read nor search out who entered.

The documents change with the entry (submit, withdraw, screening: its own saves), with an
assignment, an award or the results' publication (``dependencies`` below, and the deletes and
bulk writes caught in ``competition.signals``).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy

from competition.judging import EntryAdapter
from competition.models import Award, Entry, ResultsPublication
from competition.vocabulary import EntryStatus, FieldKind, TrackKind
from portal.judging.models import Assignment, Item
from search.declarations import (
    ALL_LANGUAGES,
    PUBLIC,
    TEXT_FIELDS,
    DocumentType,
    Facet,
    join,
    labels_in_all_languages,
    per_language,
    register,
)
from search.declarations import Entry as Document
from search.permissions import judge_audience

#: The document type's name (``competition.signals`` reindexes through it).
NAME = "competition_entry"

_adapter = EntryAdapter()


#: An entry's panels and live judges (none once it is withdrawn from the round), prefetched with
#: the entries: indexing a panel's entries (a rebuild, the reindex after an automatic assignment)
#: costs no query per entry.
_JUDGING = Item.objects.select_related("panel").prefetch_related(
    Prefetch("assignments", queryset=Assignment.objects.live(), to_attr="active")
)


def _queryset():
    queryset = (
        Entry.objects.exclude(status=EntryStatus.DRAFT)
        .select_related("competition", "track", "team__organisation")
        .prefetch_related("track__fields", "awards", Prefetch("judging_items", queryset=_JUDGING))
        .annotate(results_published=Exists(ResultsPublication.objects.filter(competition=OuterRef("competition_id"))))
        .order_by("pk")
    )
    return queryset


def entry_type() -> ContentType:
    return ContentType.objects.get_for_model(Entry)


def judging_of(entry) -> tuple[set[int], bool]:
    """``(judges actively assigned, before a blind panel)`` of ``entry`` (no query for an entry read through
    the document type's queryset: its judging came with it)."""
    if "judging_items" in getattr(entry, "_prefetched_objects_cache", {}):
        items = entry.judging_items.all()
    else:
        items = _JUDGING.filter(subject_type=entry_type(), subject_id=entry.pk)
    judges, blind = set(), False
    for item in items:
        blind = blind or item.panel.blind
        judges.update(assignment.judge_id for assignment in item.active)
    return judges, blind


def is_public_winner(entry) -> bool:
    """Won an award of a competition whose results are published."""
    if not entry.awards.all():
        return False
    if hasattr(entry, "results_published"):  # read with the entry (the document type's queryset)
        return entry.results_published
    return ResultsPublication.objects.filter(competition=entry.competition_id).exists()


def _answers(entry, *, shown: bool = False) -> list[str]:
    """The answers to the track's questions as text (a file question's answer is an attachment id: left out).

    ``shown``: as a page in the active language shows them (a choice in that language, ``TrackField.shown``);
    the searchable body keeps both languages of a choice.
    """
    return [
        str((question.shown if shown else str)(entry.answers.get(question.key) or ""))
        for question in entry.track.fields.all()
        if question.kind != FieldKind.FILE
    ]


def _audiences(entry, *, public: bool, judges: set[int]) -> list[str]:
    """Everyone for a published winner; staff only for a withdrawn entry; else its active judges (and staff)."""
    if public:
        return [PUBLIC]
    if entry.status == EntryStatus.WITHDRAWN:
        return []
    return sorted(judge_audience(pk) for pk in judges)


def _url(entry, *, public: bool, judges: set[int]) -> str:
    """The winners' results, the judges' scorecards, or the entry in the admin (staff)."""
    if public:
        return reverse("competition:results", kwargs={"slug": entry.competition.slug}) + f"#track-{entry.track_id}"
    if judges:
        return reverse("judging:dashboard")
    return reverse("competition_entries:inspect", args=[entry.pk])


def _identity(entry, *, hidden: bool, public: bool) -> list[str]:
    """The team's and organisation's names (searchable), none while the entry is before a blind panel;
    a public winner's names only a verified organisation, as the results page does."""
    organisation = entry.team.public_organisation if public else entry.team.organisation
    if hidden:
        return []
    return [entry.team.name, *([] if organisation is None else [organisation.name_zh, organisation.name_en])]


def build(entry) -> list[Document]:
    """One document for both languages (an entry is written in one language; names come in both).

    A published winner's document is public and holds what the results page shows (title, team,
    organisation, competition, track, prize): its summary and answers stay the judges' and staff's.
    """
    public = is_public_winner(entry)
    judges, blind = judging_of(entry)
    hide_identity = blind and not public
    awards = list(entry.awards.all()) if public else []
    competition, track = entry.competition, entry.track
    summary = "" if public else entry.summary

    def render():
        title = (
            f"{_adapter.label(entry, blind=True)} · {entry.title}"
            if hide_identity
            else _adapter.label(entry, blind=False)
        )
        parts = [competition.name, track.name, *(award.prize for award in awards)]
        return {
            "title": title,
            "summary": " · ".join(str(part) for part in parts if part),
            "text": "" if public else join(summary, *_answers(entry, shown=True)),
            "url": _url(entry, public=public, judges=judges),
        }

    body = join(
        *([] if public else _answers(entry)),
        *_identity(entry, hidden=hide_identity, public=public),
        competition.name_zh,
        competition.name_en,
        track.name_zh,
        track.name_en,
        labels_in_all_languages(TrackKind, [track.kind]),
        *(join(award.prize_zh, award.prize_en) for award in awards),
    )
    return [
        Document(
            object_id=str(entry.pk),
            language=ALL_LANGUAGES,
            text={"title": entry.title, "summary": summary, "body": body},
            display=per_language(render),
            audiences=_audiences(entry, public=public, judges=judges),
            facets={"competition_track": [track.kind]},
            date=entry.submitted_at.date() if entry.submitted_at else None,
        )
    ]


# --- what else changes an entry's documents (saves; deletes are in competition.signals) ----------


def entries_of_items(item_filter: dict) -> list[int]:
    """The entries judged as the engine's items matching ``item_filter`` (other subjects left out)."""
    return list(
        Item.objects.filter(subject_type=entry_type(), **item_filter)
        .values_list("subject_id", flat=True)
        .distinct()
        .order_by()
    )


def _assignment_entries(assignment):
    return entries_of_items({"pk": assignment.item_id})


def _item_entries(item):
    return entries_of_items({"pk": item.pk})


def _panel_entries(panel):
    return entries_of_items({"panel": panel.pk})


def _award_entries(award):
    return [award.entry_id]


def competition_winners(competition_id) -> list[int]:
    return sorted(set(Award.objects.filter(competition=competition_id).values_list("entry_id", flat=True)))


def _publication_entries(publication):
    return competition_winners(publication.competition_id)


def _team_entries(team):
    return team.entries.values_list("pk", flat=True)


def _organisation_entries(organisation):
    return Entry.objects.filter(team__organisation=organisation).values_list("pk", flat=True)


def _competition_entries(competition):
    return Entry.objects.filter(competition=competition).exclude(status=EntryStatus.DRAFT).values_list("pk", flat=True)


def _track_entries(track):
    return Entry.objects.filter(track=track).exclude(status=EntryStatus.DRAFT).values_list("pk", flat=True)


def _question_entries(question):
    return _track_entries(question.track)


register(
    DocumentType(
        name=NAME,
        label=gettext_lazy("Competition entries"),
        label_one=gettext_lazy("Competition entry"),
        model="competition.Entry",
        fields=TEXT_FIELDS,
        facets=[Facet("competition_track", gettext_lazy("Competition track"), choices=TrackKind)],
        queryset=_queryset,
        build=build,
        position=50,
        dependencies={
            # A judge assigned by hand, or recused (the automatic assignment's bulk writes and
            # every removal: competition.signals).
            "judging.Assignment": _assignment_entries,
            # A panel made blind (or not).
            "judging.Panel": _panel_entries,
            # An entry withdrawn from its round (or restored) leaves its judges' audience.
            "judging.Item": _item_entries,
            "competition.Award": _award_entries,
            "competition.ResultsPublication": _publication_entries,
            # The team's and its organisation's names are searchable (outside blind rounds).
            "competition.Team": _team_entries,
            "portal.Organisation": _organisation_entries,
            # Names and the results page's URL (the slug), and how an answer is shown.
            "competition.Competition": _competition_entries,
            "competition.Track": _track_entries,
            "competition.TrackField": _question_entries,
        },
    )
)
