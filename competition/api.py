"""JSON API of the competitions, their tracks and published results (mounted at ``/api/v1/competitions/``
and ``/api/v1/tracks/``).

Read-only and public: what the call pages show (not draft competitions) and, once staff published
a competition's results, its winners (``/competitions/{slug}/results/``; a 404 until then, as the
results page). Names come in both languages.
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from competition import deadlines, queries
from competition.algorithm import api as algorithm_api
from competition.results import queries as results_queries
from portal.api_errors import responses
from portal.converters import ApiId, ApiSlug

competitions_router = Router(tags=["competition"])
tracks_router = Router(tags=["competition"])


class StageOut(Schema):
    kind: str
    label: str
    opens_at: datetime
    closes_at: datetime
    closes_at_display: str
    blind: bool


class TrackOut(Schema):
    id: int
    competition: str
    slug: str
    kind: str
    name_zh: str
    name_en: str
    description_zh: str
    description_en: str


class CompetitionOut(Schema):
    id: int
    year: int
    slug: str
    status: str
    name_zh: str
    name_en: str
    time_zone: str
    stages: list[StageOut]
    tracks: list[TrackOut]


class AwardOut(Schema):
    entry_id: int
    title: str
    track: str
    track_name_zh: str
    track_name_en: str
    prize_zh: str
    prize_en: str
    rank: int
    team: str
    organisation_zh: str | None
    organisation_en: str | None


class ResultsOut(Schema):
    competition: str
    year: int
    name_zh: str
    name_en: str
    published_at: datetime
    awards: list[AwardOut]


def track_data(track, competition_slug: str) -> dict:
    fields = ("id", "slug", "kind", "name_zh", "name_en", "description_zh", "description_en")
    return {name: getattr(track, name) for name in fields} | {"competition": competition_slug}


def competition_data(competition) -> dict:
    stages = [
        {
            "kind": stage.kind,
            "label": stage.get_kind_display(),
            "opens_at": stage.opens_at,
            "closes_at": stage.closes_at,
            "closes_at_display": deadlines.display(stage.closes_at),
            "blind": stage.blind,
        }
        for stage in competition.stages.all()
    ]
    fields = ("id", "year", "slug", "status", "name_zh", "name_en")
    return {name: getattr(competition, name) for name in fields} | {
        "time_zone": deadlines.ZONE_NAME,
        "stages": stages,
        "tracks": [track_data(track, competition.slug) for track in competition.tracks.all()],
    }


@competitions_router.get(
    "/", response=responses(list[CompetitionOut]), summary="List competitions with stages and tracks"
)
def list_competitions(request):
    return [competition_data(competition) for competition in queries.competitions()]


@competitions_router.get("/{slug}/", response=responses(CompetitionOut, not_found=True), summary="One competition")
def get_competition(request, slug: ApiSlug):
    competition = get_object_or_404(queries.competitions(), slug=slug)
    return competition_data(competition)


def award_data(award, track) -> dict:
    entry, organisation = award.entry, award.entry.team.public_organisation
    return {
        "entry_id": entry.pk,
        "title": entry.title,
        "track": track.slug,
        "track_name_zh": track.name_zh,
        "track_name_en": track.name_en,
        "prize_zh": award.prize_zh,
        "prize_en": award.prize_en,
        "rank": award.rank,
        "team": entry.team.name,
        "organisation_zh": organisation.name_zh if organisation else None,
        "organisation_en": organisation.name_en if organisation else None,
    }


@competitions_router.get(
    "/{slug}/results/",
    response=responses(ResultsOut, not_found=True),
    summary="A competition's published results: its awards, track by track",
)
def get_results(request, slug: ApiSlug):
    """The winners once staff published the results; until then (or for an unknown slug) a 404."""
    competition = queries.competitions().filter(slug=slug).first()
    publication = results_queries.publication(competition) if competition is not None else None
    if publication is None:
        raise Http404
    fields = ("year", "name_zh", "name_en")
    return {name: getattr(competition, name) for name in fields} | {
        "competition": competition.slug,
        "published_at": publication.published_at,
        "awards": [
            award_data(award, track)
            for track, awards in results_queries.winners_by_track(competition)
            for award in awards
        ],
    }


@tracks_router.get("/", response=responses(list[TrackOut]), summary="List the tracks of every competition")
def list_tracks(request):
    return [
        track_data(track, track.competition.slug)
        for track in queries.tracks().order_by("-competition__year", "sort_order")
    ]


@tracks_router.get("/{id:track_id}/", response=responses(TrackOut, not_found=True), summary="One track")
def get_track(request, track_id: ApiId):
    track = get_object_or_404(queries.tracks(), pk=track_id)
    return track_data(track, track.competition.slug)


#: Mounted by portal.api under /api/v1/ (portal.discovery finds this name).
ROUTERS = {
    "/competitions/": competitions_router,
    "/tracks/": tracks_router,
    **algorithm_api.ROUTERS,
}
