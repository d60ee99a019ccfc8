"""Only a team with an entry in the competition on the algorithm track takes part in its task: it alone
uploads predictions and is on the leaderboards (``services.not_entered``, ``queries.entered_team_ids``)."""

import pytest
from django.utils import translation

from competition import services as entry_services
from competition.algorithm import queries, services
from competition.algorithm.vocabulary import SubmissionStatus
from competition.models import Entry, Submission, Track
from competition.vocabulary import EntryStatus
from tests.competition.algorithm.factories import LABELS, enter, predictions, team_and_task, upload_form
from tests.competition.algorithm.test_views import team_url
from tests.competition.factories import EntryFactory, TeamFactory
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    return team_and_task(daily_limit=3)


def _team_without_entry(competition, **entry):
    """A team whose only entry is on a device track (``entry``'s fields), or has no entry at all."""
    captain = UserFactory()
    team = TeamFactory(competition=competition, created_by=captain, name="Device team")
    if entry:
        EntryFactory(team=team, track=Track.objects.get(competition=competition, kind="medical"), **entry)
    return captain, team


@pytest.mark.parametrize(
    "entry", [{}, {"status": EntryStatus.SUBMITTED}, {"status": EntryStatus.DRAFT, "track": "algorithm"}]
)
def test_a_team_without_a_submitted_entry_on_the_track_cannot_upload(client, setup, entry):
    """A team with no entry on the algorithm track (none at all, one on another track, or a draft) uploaded
    predictions and stood on the leaderboard. The upload is refused with why (a 400, never a 500), the page
    says it instead of the upload form, and nothing is stored."""
    competition, _captain, _team, task = setup
    on_algorithm = entry.pop("track", None) == "algorithm"
    captain, team = _team_without_entry(competition, **({} if on_algorithm else entry))
    if on_algorithm:
        enter(team, status=entry["status"])
    with translation.override("en"), pytest.raises(services.NotEntered) as refused:
        services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS))
    assert "Only teams with a submitted entry on the Algorithm track" in str(refused.value)
    client.force_login(captain)
    with translation.override("en"):
        page = client.get(team_url(team, task)).content.decode()
        posted = client.post(team_url(team, task), upload_form(predictions(LABELS)))
    assert "Submit your team&#x27;s entry on this track first" in page and 'type="file"' not in page
    assert posted.status_code == 400 and "Only teams with a submitted entry" in posted.content.decode()
    assert "只有在" in client.post(team_url(team, task), upload_form(predictions(LABELS))).content.decode()
    assert not Submission.objects.filter(team=team).exists()


def test_the_leaderboards_show_only_teams_with_an_entry_on_the_track(setup):
    """Scored submissions of a team without an entry on the track (made before the rule, or its entry since
    withdrawn or found ineligible) are on neither board; the cached board follows the entry's status."""
    competition, captain, team, task = setup
    services.run_scoring(
        submission_id=services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS)).pk
    )
    _other_captain, device_team = _team_without_entry(competition, status=EntryStatus.SUBMITTED)
    Submission.objects.create(
        team=device_team, task=task, status=SubmissionStatus.SCORED, file="x.csv", public_metrics={"kappa": 2}
    )
    assert [row.team_id for row in queries.cached_public_leaderboard(task)] == [team.pk]
    assert [row.team_id for row in queries.private_leaderboard(task)] == [team.pk]
    entry = Entry.objects.get(team=team, track=task.track)
    entry_services.withdraw_entry(actor=captain, entry=entry)
    assert queries.cached_public_leaderboard(task) == []
    enter(team)
    entry = Entry.objects.get(team=team, status="submitted")
    entry_services.mark_ineligible(staff=StaffFactory(), entry=entry, reason="已获同类奖项")
    assert queries.cached_public_leaderboard(task) == []
    entry_services.mark_eligible(staff=StaffFactory(), entry=Entry.objects.get(team=team, status="ineligible"))
    assert [row.team_id for row in queries.cached_public_leaderboard(task)] == [team.pk]
