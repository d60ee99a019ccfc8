"""The competition's sections of the site map list exactly what an anonymous visitor may open: published
results and algorithm tasks of competitions that are not drafts (a draft's name is not public)."""

import re

import pytest

from competition.models import ResultsPublication
from competition.vocabulary import CompetitionStatus
from tests.competition.algorithm.factories import make_task
from tests.competition.factories import add_stages, add_tracks, running_competition

pytestmark = pytest.mark.django_db

LOC = re.compile(r"<loc>http://testserver([^<]+)</loc>")


def _locs(client, section: str) -> list[str]:
    response = client.get(f"/sitemap-{section}.xml")
    assert response.status_code == 200
    return LOC.findall(response.text)


def _competition(year: int, status: str):
    competition = running_competition(year=year, status=status)
    if not competition.tracks.exists():  # a factory's get-or-create by year: never twice
        add_stages(competition)
        add_tracks(competition)
    return competition


def _each_opens_for_a_visitor(client, locs) -> None:
    assert locs
    for loc in locs:
        assert client.get(loc).status_code == 200, loc


def test_results_are_the_published_ones_of_public_competitions_and_each_opens(client):
    published = _competition(2026, CompetitionStatus.FINISHED)
    ResultsPublication.objects.create(competition=published)
    unpublished = _competition(2027, CompetitionStatus.JUDGING)
    draft = _competition(2028, CompetitionStatus.DRAFT)
    ResultsPublication.objects.create(competition=draft)  # published, then put back to draft by staff
    locs = _locs(client, "results")
    assert set(locs) == {f"/{language}/competition/{published.slug}/results/" for language in ("zh-hans", "en")}
    _each_opens_for_a_visitor(client, locs)
    for hidden in (unpublished, draft):
        assert client.get(f"/en/competition/{hidden.slug}/results/").status_code == 404


def test_algorithm_tasks_are_those_of_public_competitions_and_each_opens(client):
    shown = make_task(_competition(2026, CompetitionStatus.OPEN))
    finished = make_task(_competition(2025, CompetitionStatus.FINISHED))
    hidden = make_task(_competition(2028, CompetitionStatus.DRAFT))
    locs = _locs(client, "algorithm-tasks")
    assert {int(re.search(r"/algorithm/(\d+)/", loc)[1]) for loc in locs} == {shown.pk, finished.pk}
    assert f"/en/competition/algorithm/{shown.pk}/" in locs
    _each_opens_for_a_visitor(client, locs)
    assert client.get(f"/en/competition/algorithm/{hidden.pk}/").status_code == 404
