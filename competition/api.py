"""JSON API of the competitions and their tracks (mounted at ``/api/v1/competitions/`` and ``/api/v1/tracks/``).

Read-only and public: what the call pages show (not draft competitions). Names come in both
languages. Published results will join when the results stage is built.
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from ninja import Router, Schema

from competition import deadlines, queries
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
    competition = queries.competitions().filter(slug=slug).first()
    if competition is None:
        raise Http404
    return competition_data(competition)


@tracks_router.get("/", response=responses(list[TrackOut]), summary="List the tracks of every competition")
def list_tracks(request):
    return [
        track_data(track, track.competition.slug)
        for track in queries.tracks().order_by("-competition__year", "sort_order")
    ]


@tracks_router.get("/{id:track_id}/", response=responses(TrackOut, not_found=True), summary="One track")
def get_track(request, track_id: ApiId):
    track = queries.tracks().filter(pk=track_id).first()
    if track is None:
        raise Http404
    return track_data(track, track.competition.slug)


#: Mounted by portal.api under /api/v1/ (portal.discovery finds this name).
ROUTERS = {"/competitions/": competitions_router, "/tracks/": tracks_router}
