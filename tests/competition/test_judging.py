"""The competition on the judging engine: a round per (stage, track) with the eligible entries, conflicts
from the team's organisation and members, a blind label without the team."""

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import ModelLogEntry

from competition import rounds
from competition.vocabulary import EntryStatus, StageKind
from portal.judging import subjects
from portal.judging.models import Assignment, Item
from tests.competition.factories import EntryFactory, TeamFactory, add_member, running_competition
from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.judging.factories import rubric_with

pytestmark = pytest.mark.django_db


def test_a_round_puts_the_eligible_entries_of_its_track_before_conflict_free_judges():
    competition = running_competition()
    stage = competition.stages.get(kind=StageKind.PRELIMINARY)
    medical = competition.tracks.get(slug="medical")
    organisation = OrganisationFactory()
    team = TeamFactory(competition=competition, organisation=organisation)
    conflicted = MembershipFactory(organisation=organisation).user  # a colleague of the team's organisation
    teammate = add_member(team)  # a member of the team
    eligible = EntryFactory(team=team, track=medical, status=EntryStatus.ELIGIBLE)
    others = [EntryFactory(track=medical, status=EntryStatus.ELIGIBLE) for _ in range(3)]
    EntryFactory(track=medical, status=EntryStatus.SUBMITTED)  # not screened yet: not judged
    EntryFactory(track=competition.tracks.get(slug="algorithm"), status=EntryStatus.ELIGIBLE)  # another track
    judges = [conflicted, teammate, UserFactory(), UserFactory(), UserFactory()]
    staff = StaffFactory()

    judging_round, _report = rounds.open_round(
        actor=staff, stage=stage, track=medical, rubric=rubric_with(1, 2), judges=judges, judges_per_item=2
    )
    panel = judging_round.panel
    assert panel.blind and panel.scoring_closes_at == stage.closes_at
    assert {item.subject_id for item in Item.objects.filter(panel=panel)} == {eligible.pk, *(e.pk for e in others)}
    on_team_entry = set(Assignment.objects.filter(item__subject_id=eligible.pk).values_list("judge_id", flat=True))
    assert on_team_entry and not on_team_entry & {conflicted.pk, teammate.pk}
    assert ModelLogEntry.objects.filter(action=rounds.ROUND_OPENED).count() == 1

    again, _again = rounds.open_round(actor=staff, stage=stage, track=medical)  # idempotent
    assert again == judging_round and Item.objects.filter(panel=panel).count() == 4


def test_the_blind_label_hides_the_team():
    entry = EntryFactory(title="脑控外骨骼")
    assert entry.team.name not in subjects.label(entry, blind=True)
    assert entry.team.name in subjects.label(entry, blind=False)
    parties = subjects.adapter_for(type(entry)).parties(entry)
    assert parties.user_ids == {entry.team.created_by_id}


def test_only_staff_open_rounds():
    competition = running_competition()
    with pytest.raises(PermissionDenied):
        rounds.open_round(
            actor=UserFactory(),
            stage=competition.stages.get(kind=StageKind.PRELIMINARY),
            track=competition.tracks.first(),
            rubric=rubric_with(1),
        )


def test_the_submission_stage_is_not_judged():
    competition = running_competition()
    with pytest.raises(rounds.RoundError):
        rounds.open_round(
            actor=StaffFactory(),
            stage=competition.stages.get(kind=StageKind.SUBMISSION),
            track=competition.tracks.first(),
            rubric=rubric_with(1),
        )
