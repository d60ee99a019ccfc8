"""The competition on the judging engine: a round per (stage, track) with the eligible entries, conflicts
from the team's organisation and members, a blind label without the team."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from competition import rounds
from competition.models import Entry
from competition.vocabulary import EntryStatus, StageKind
from portal.judging import subjects
from portal.judging.models import Assignment, Item
from tests.competition.factories import EntryFactory, TeamFactory, add_member, running_competition
from tests.competition.test_results import admin_login
from tests.factories import MembershipFactory, OrganisationFactory, ProjectManagerFactory, StaffFactory, UserFactory
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


def test_entry_labels_in_bulk_are_each_entrys_label():
    """``labels`` (the judge's dashboard, from columns) names each entry as ``label`` does; a gone entry is left out."""
    entries = [EntryFactory(title=f"作品{n}") for n in range(3)]
    adapter = subjects.adapter_for(Entry)
    ids = [entry.pk for entry in entries] + [entries[-1].pk + 1000]
    for blind in (True, False):
        assert adapter.labels(Entry, ids, blind=blind) == {
            entry.pk: adapter.label(entry, blind=blind) for entry in entries
        }
    assert adapter.labels(Entry, [entries[0].pk], blind=False) == {entries[0].pk: f"作品0 · {entries[0].team.name}"}


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


# --- staff open a round in the admin ---------------------------------------------------------


def _open_round_page(client, competition):
    staff = StaffFactory()
    admin_login(client, staff)
    return reverse("competition_results:open_round", args=[competition.pk])


def test_staff_open_a_round_in_the_admin_and_the_panel_page_says_why_a_judge_was_not_assigned(client):
    competition = running_competition()
    stage = competition.stages.get(kind=StageKind.PRELIMINARY)
    medical = competition.tracks.get(slug="medical")
    organisation = OrganisationFactory()
    team = TeamFactory(competition=competition, organisation=organisation)
    entry = EntryFactory(team=team, track=medical, status=EntryStatus.ELIGIBLE)
    EntryFactory(track=medical, status=EntryStatus.ELIGIBLE)
    conflicted = MembershipFactory(organisation=organisation, user__email="colleague@hospital-a.cn").user
    others = [UserFactory(email=f"judge{n}@univ{n}.edu.cn") for n in range(3)]
    url = _open_round_page(client, competition)
    page = client.get(url)
    assert page.status_code == 200
    assert set(page.context["form"].fields["stage"].queryset) == set(
        competition.stages.filter(kind__in=[StageKind.PRELIMINARY, StageKind.FINAL])
    )

    judges = "\n".join(user.email for user in [conflicted, *others])
    data = {"stage": stage.pk, "track": medical.pk, "rubric": rubric_with(1, 2).pk, "judges": judges}
    response = client.post(url, data | {"judges_per_item": 2})
    panel = medical.judging_rounds.get(stage=stage).panel
    assert response.status_code == 302 and response.url.endswith(f"/panels/{panel.pk}/")
    on_entry = set(Assignment.objects.filter(item__subject_id=entry.pk).values_list("judge_id", flat=True))
    assert len(on_entry) == 2 and conflicted.pk not in on_entry

    panel_page = client.get(response.url)
    content = panel_page.content.decode()
    assert panel_page.status_code == 200 and "colleague@hospital-a.cn" in content  # the conflicted pair, with why


def test_opening_a_round_refuses_bad_input_on_the_form_and_keeps_it(client):
    competition = running_competition()
    url = _open_round_page(client, competition)
    submission = competition.stages.get(kind=StageKind.SUBMISSION)
    track = competition.tracks.first()
    typed = "nobody@nowhere.example"
    response = client.post(url, {"stage": submission.pk, "track": track.pk, "judges": typed, "judges_per_item": 0})
    assert response.status_code == 400
    form = response.context["form"]
    assert {"stage", "judges", "judges_per_item"} <= set(form.errors)
    assert typed in response.content.decode()  # what was typed is shown again

    preliminary = competition.stages.get(kind=StageKind.PRELIMINARY)
    no_rubric = client.post(url, {"stage": preliminary.pk, "track": track.pk, "judges": "", "judges_per_item": 3})
    assert no_rubric.status_code == 400 and "rubric" in no_rubric.context["form"].errors


def test_project_managers_may_not_open_rounds(client):
    competition = running_competition()
    admin_login(client, ProjectManagerFactory())
    url = reverse("competition_results:open_round", args=[competition.pk])
    assert client.get(url).status_code in (302, 403)


def test_each_judged_stage_of_a_track_has_its_own_title_in_each_language():
    """A judge on both rounds of a track tells them apart; the Chinese title is Chinese whoever opens it."""
    competition = running_competition()
    medical = competition.tracks.get(slug="medical")
    staff = StaffFactory()
    titles = []
    for kind in (StageKind.PRELIMINARY, StageKind.FINAL):
        with translation.override("en"):  # an English-speaking staff member opens the round
            judging_round, _report = rounds.open_round(
                actor=staff, stage=competition.stages.get(kind=kind), track=medical, rubric=rubric_with(1)
            )
        titles.append((judging_round.panel.title_zh, judging_round.panel.title_en))
    (preliminary_zh, preliminary_en), (final_zh, final_en) = titles
    assert preliminary_en != final_en and preliminary_zh != final_zh
    assert medical.name_en in final_en and "Final" in final_en
    assert "Final" not in final_zh and "Preliminary" not in preliminary_zh
    assert medical.name_zh in final_zh


def test_rounds_opened_before_the_stage_was_in_both_titles_are_titled_again():
    """A migration re-titles the panels of rounds opened with the old titles (no stage in English, the
    stage in the opener's language in Chinese) as a round is titled now; a title staff changed stays."""
    competition = running_competition()
    medical, staff = competition.tracks.get(slug="medical"), StaffFactory()
    opened = {}
    for kind in (StageKind.PRELIMINARY, StageKind.FINAL):
        judging_round, _report = rounds.open_round(
            actor=staff, stage=competition.stages.get(kind=kind), track=medical, rubric=rubric_with(1)
        )
        opened[kind] = (judging_round.panel, judging_round.panel.title_zh, judging_round.panel.title_en)
    names_en = f"{competition.name_en} · {medical.name_en}"
    preliminary, final = opened[StageKind.PRELIMINARY][0], opened[StageKind.FINAL][0]
    preliminary.title_zh, preliminary.title_en = (
        f"{competition.name_zh} · {medical.name_zh} · Preliminary review",
        names_en,
    )
    preliminary.save()
    final.title_zh, final.title_en = "决赛评审组（已改名）", names_en
    final.save()
    importlib.import_module("competition.migrations.0008_round_panel_titles").title_with_the_stage(apps, None)
    preliminary.refresh_from_db()
    final.refresh_from_db()
    assert (preliminary.title_zh, preliminary.title_en) == opened[StageKind.PRELIMINARY][1:]
    assert (final.title_zh, final.title_en) == ("决赛评审组（已改名）", opened[StageKind.FINAL][2])


@pytest.mark.parametrize("tie", ["joins the team", "joins its organisation"])
def test_a_judge_who_joins_an_entrys_team_or_organisation_afterwards_steps_back_from_it(tie, client):
    """A judge never judges while conflicted: a tie made after the assignment recuses them at once."""
    competition = running_competition()
    organisation = OrganisationFactory()
    team = TeamFactory(competition=competition, organisation=organisation)
    medical = competition.tracks.get(slug="medical")
    entry = EntryFactory(team=team, track=medical, status=EntryStatus.ELIGIBLE)
    judge, bystander = UserFactory(), UserFactory()
    rounds.open_round(
        actor=StaffFactory(),
        stage=competition.stages.get(kind=StageKind.PRELIMINARY),
        track=medical,
        rubric=rubric_with(1),
        judges=[judge, bystander],
        judges_per_item=2,
    )
    assignment = Assignment.objects.get(judge=judge, item__subject_id=entry.pk)
    if tie == "joins the team":
        add_member(team, judge)
    else:
        MembershipFactory(organisation=organisation, user=judge)
    assignment.refresh_from_db()
    assert assignment.status == "recused" and assignment.recusal_reason
    assert Assignment.objects.get(judge=bystander, item__subject_id=entry.pk).status == "active"
    client.force_login(judge)
    assert client.get(reverse("judging:scorecard", kwargs={"assignment_id": assignment.pk})).status_code == 404
