"""The competition's JSON API (issue #13, Search and API): published results.

``/api/v1/competitions/{slug}/results/`` is a 404 until staff publish the competition's results
(as the results page), then lists the winners track by track: title, track, prize, place, team.
"""

from __future__ import annotations

import pytest
from django.test import Client

from competition.results import services
from competition.vocabulary import EntryStatus
from tests.competition.factories import EntryFactory, TeamFactory, close_submissions, running_competition
from tests.factories import OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _results_url(competition) -> str:
    return f"/api/v1/competitions/{competition.slug}/results/"


def test_results_are_a_404_until_published_then_list_the_winners():
    competition = running_competition()
    staff = StaffFactory()
    medical, consumer = competition.tracks.get(slug="medical"), competition.tracks.get(slug="consumer")
    organisation = OrganisationFactory(name_zh="星河神经科技", name_en="Galaxy Neurotech")
    winner = EntryFactory(
        team=TeamFactory(competition=competition, name="星河队", organisation=organisation),
        track=medical,
        status=EntryStatus.ELIGIBLE,
        title="脑控轮椅导航系统",
    )
    second = EntryFactory(
        team=TeamFactory(competition=competition, name="远山队"),
        track=consumer,
        status=EntryStatus.ELIGIBLE,
        title="脑控游戏手柄",
    )
    loser = EntryFactory(team=TeamFactory(competition=competition), track=medical, status=EntryStatus.ELIGIBLE)
    client = Client()
    assert client.get(_results_url(competition)).status_code == 404  # nothing recorded
    services.record_award(actor=staff, entry=winner, prize_zh="一等奖", prize_en="First prize", rank=1)
    services.record_award(actor=staff, entry=second, prize_zh="二等奖", prize_en="Second prize", rank=2)
    response = client.get(_results_url(competition))
    assert response.status_code == 404 and response.json() == {"detail": "未找到"}  # recorded, not published
    client.force_login(staff)
    assert client.get(_results_url(competition)).status_code == 404  # the API has no staff preview

    close_submissions(competition)
    publication = services.publish_results(actor=staff, competition=competition)
    data = Client().get(_results_url(competition)).json()
    assert data["competition"] == competition.slug and data["year"] == competition.year
    assert data["published_at"].startswith(publication.published_at.date().isoformat())
    assert data["awards"] == [
        {
            "entry_id": winner.pk,
            "title": "脑控轮椅导航系统",
            "track": "medical",
            "track_name_zh": "医疗健康",
            "track_name_en": "Medical and health",
            "prize_zh": "一等奖",
            "prize_en": "First prize",
            "rank": 1,
            "team": "星河队",
            "organisation_zh": "星河神经科技",
            "organisation_en": "Galaxy Neurotech",
        },
        {
            "entry_id": second.pk,
            "title": "脑控游戏手柄",
            "track": "consumer",
            "track_name_zh": "消费与非侵入式应用",
            "track_name_en": "Consumer and non-invasive applications",
            "prize_zh": "二等奖",
            "prize_en": "Second prize",
            "rank": 2,
            "team": "远山队",
            "organisation_zh": None,
            "organisation_en": None,
        },
    ]
    assert loser.pk not in {award["entry_id"] for award in data["awards"]}


def test_another_competitions_publication_publishes_nothing_here():
    published, unpublished = running_competition(year=2025), running_competition(year=2026)
    staff = StaffFactory()
    for competition in (published, unpublished):
        track = competition.tracks.get(slug="medical")
        entry = EntryFactory(
            team=TeamFactory(competition=competition), track=track, status=EntryStatus.ELIGIBLE, title="作品"
        )
        services.record_award(actor=staff, entry=entry, prize_zh="一等奖")
    close_submissions(published)
    services.publish_results(actor=staff, competition=published)
    assert Client().get(_results_url(published)).status_code == 200
    assert Client().get(_results_url(unpublished)).status_code == 404


def test_the_openapi_document_describes_the_results():
    document = Client().get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/competitions/{slug}/results/"]["get"]
    assert set(operation["responses"]) == {"200", "404", "422"}
    (parameter,) = operation["parameters"]
    assert parameter["name"] == "slug" and parameter["schema"]["pattern"] == "^[-a-z0-9_]+$"
