"""Competition winners arrive in the pipeline when the results are published (``incubator.signals``)."""

from __future__ import annotations

from competition.results import services as results
from incubator.models import PipelineCard
from incubator.pipeline import services
from incubator.vocabulary import PipelineSource, PipelineStage
from portal.organisations.models import OrganisationKind
from tests.competition.factories import EntryFactory, TeamFactory, close_submissions, running_competition
from tests.factories import OrganisationFactory


def _awarded(competition, staff, organisation, prize_zh, rank=1):
    team = TeamFactory(competition=competition, organisation=organisation)
    entry = EntryFactory(team=team, status="eligible")
    results.record_award(actor=staff, entry=entry, prize_zh=prize_zh, rank=rank)
    return entry


def test_publishing_results_puts_the_awarded_startups_in_the_pipeline(staff_user, startup, pm):
    competition = running_competition()
    _awarded(competition, staff_user, startup, "一等奖")
    _awarded(competition, staff_user, startup, "最佳临床价值奖", rank=2)  # two awards, one card
    enterprise = OrganisationFactory(kind=OrganisationKind.ENTERPRISE)
    _awarded(competition, staff_user, enterprise, "二等奖", rank=2)
    already = OrganisationFactory(kind=OrganisationKind.STARTUP)
    _awarded(competition, staff_user, already, "三等奖", rank=3)
    existing = services.discover(actor=pm, startup=already, source=PipelineSource.REFERRAL, note="早已推荐")
    existing = services.move(actor=pm, card=existing, to_stage=PipelineStage.SCREENING, version=1)
    assert PipelineCard.objects.count() == 1

    close_submissions(competition)
    results.publish_results(actor=staff_user, competition=competition)

    card = PipelineCard.objects.get(startup=startup)
    assert (card.stage, card.source, card.created_by) == (
        PipelineStage.DISCOVERED,
        PipelineSource.COMPETITION,
        staff_user,
    )
    assert competition.name_zh in card.source_note and "一等奖" in card.source_note
    assert not PipelineCard.objects.filter(startup=enterprise).exists()
    existing.refresh_from_db()
    assert (existing.stage, existing.source, existing.source_note) == ("screening", "referral", "早已推荐")
    assert PipelineCard.objects.count() == 2

    results.publish_results(actor=staff_user, competition=competition)  # again: nothing new
    assert PipelineCard.objects.count() == 2


def test_no_card_before_publication(staff_user, startup):
    competition = running_competition()
    _awarded(competition, staff_user, startup, "一等奖")
    assert not PipelineCard.objects.exists()
