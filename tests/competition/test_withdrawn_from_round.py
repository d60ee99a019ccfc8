"""An entry found ineligible after its round opened leaves the round (``portal.judging.withdrawal``):
its judges' lists, scorecard pages and files, the ranking and the automatic assignment; nothing
the judges wrote is lost, and correcting the decision puts it back as it was."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from competition import services
from competition.queries import entries_with_files_for
from competition.results import queries as results_queries
from competition.vocabulary import EntryStatus
from portal.judging import queries as judging_queries
from portal.judging import scorecards
from portal.judging import services as judging
from portal.judging.admin_queries import panel_overview
from portal.judging.errors import JudgingError
from portal.judging.models import Assignment, Item, Scorecard
from tests.competition.factories import EntryFactory
from tests.competition.test_results import admin_login, scored_round

pytestmark = pytest.mark.django_db


def _draft(judge, entry) -> Assignment:
    """``judge`` saves a draft scorecard for ``entry`` (not submitted)."""
    assignment = Assignment.objects.get(judge=judge, item__subject_id=entry.pk)
    scores = {criterion.pk: (6, "初稿") for criterion in assignment.item.panel.rubric.criteria.all()}
    scorecards.save_scorecard(judge=judge, assignment=assignment, version=0, scores=scores, comment="尚未完成")
    return assignment


@pytest.fixture
def scored():
    """Three entries, two judges; the second entry scored by one judge and drafted by the other."""
    scored = scored_round(scores=[[9, 8, 5], [7, None, 4]])
    _draft(scored.judges[1], scored.entries[1])
    return scored


def _ranked(scored) -> list[int]:
    rows = results_queries.round_results(scored.judging_round.panel, method="raw")
    return [row.item.subject_id for row in rows]


def test_its_judges_no_longer_see_it_and_it_is_not_ranked(client, scored):
    entry, judge = scored.entries[1], scored.judges[1]
    assignment = Assignment.objects.get(judge=judge, item__subject_id=entry.pk)
    scorecard_url = reverse("judging:scorecard", args=[assignment.pk])
    client.force_login(judge)
    assert client.get(scorecard_url).status_code == 200
    assert entries_with_files_for(judge).filter(pk=entry.pk).exists()

    services.mark_ineligible(staff=scored.staff, entry=entry, reason="缺少伦理审查批件")

    assert client.get(scorecard_url).status_code == 404
    assert not entries_with_files_for(judge).filter(pk=entry.pk).exists()  # nor its files
    assert scorecard_url not in client.get(reverse("judging:dashboard")).content.decode()
    with pytest.raises(PermissionDenied):
        scorecards.save_scorecard(judge=judge, assignment=assignment, version=1, scores={})
    assert entry.pk not in _ranked(scored)
    panel = scored.judging_round.panel
    assert entry.pk not in {row.item.subject_id for row in judging_queries.results(panel)}
    assert results_queries.progress(panel) == (4, 4)  # its two assignments left the count
    log = ModelLogEntry.objects.get(action="judging.item.withdrawn")
    assert log.data["panel"] == panel.pk and log.data["after"]["withdrawn_at"]
    assert log in results_queries.entry_trail(entry)


def test_nothing_is_lost_and_correcting_the_decision_puts_it_back(client, scored):
    entry, judge = scored.entries[1], scored.judges[1]
    services.mark_ineligible(staff=scored.staff, entry=entry, reason="缺少伦理审查批件")
    services.mark_eligible(staff=scored.staff, entry=entry)

    assignment = Assignment.objects.get(judge=judge, item__subject_id=entry.pk)
    scorecard = Scorecard.objects.get(assignment=assignment)
    assert scorecard.comment == "尚未完成" and not scorecard.is_submitted  # the draft as it was
    client.force_login(judge)
    assert client.get(reverse("judging:scorecard", args=[assignment.pk])).status_code == 200
    assert sorted(_ranked(scored)) == sorted(entry.pk for entry in scored.entries)
    assert ModelLogEntry.objects.filter(action="judging.item.restored").count() == 1


def test_the_automatic_assignment_and_staff_leave_a_withdrawn_item_alone(scored):
    entry = scored.entries[1]
    panel = scored.judging_round.panel
    services.mark_ineligible(staff=scored.staff, entry=entry, reason="重复参赛")
    item = Item.objects.get(panel=panel, subject_id=entry.pk)
    before = set(Assignment.objects.filter(item=item).values_list("pk", "judge_id"))

    report = judging.assign_automatically(panel, actor=scored.staff)

    assert set(Assignment.objects.filter(item=item).values_list("pk", "judge_id")) == before  # kept, not replanned
    assert item.pk not in {row.item.pk for row in report.uncovered}
    overview = panel_overview(panel)
    assert overview["uncovered"] == 0
    row = next(row for row in overview["items"] if row.item.pk == item.pk)
    assert row.withdrawn and row.active == 0
    with translation.override("en"), pytest.raises(JudgingError, match="withdrawn"):
        judging.assign(actor=scored.staff, item=item, judge=scored.judges[0])


def test_the_panel_page_says_which_item_is_withdrawn(client, scored):
    entry = scored.entries[1]
    panel = scored.judging_round.panel
    services.mark_ineligible(staff=scored.staff, entry=entry, reason="重复参赛")
    admin_login(client, scored.staff)
    response = client.get(reverse("judging_admin:panel", args=[panel.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    message = "Withdrawn from the round on %(at)s: its judges no longer see it and it is not ranked."
    shown = set()
    for language in ("zh-hans", "en"):  # the admin speaks its user's language
        with translation.override(language):
            shown.add(translation.gettext(message).split("%")[0])
    assert any(start in content for start in shown)
    item = Item.objects.get(panel=panel, subject_id=entry.pk)
    assert f'<option value="{item.pk}">' not in content  # not offered to assign by hand
    assert f'<option value="{Item.objects.get(panel=panel, subject_id=scored.entries[0].pk).pk}">' in content


def test_screening_an_entry_in_no_round_withdraws_nothing():
    scored = scored_round(scores=[[9, 8]])
    outside = EntryFactory(track=scored.track, status=EntryStatus.SUBMITTED)
    services.mark_ineligible(staff=scored.staff, entry=outside, reason="重复参赛")
    services.mark_eligible(staff=scored.staff, entry=outside)
    assert not ModelLogEntry.objects.filter(action__in=["judging.item.withdrawn", "judging.item.restored"]).exists()
    assert not Item.objects.filter(withdrawn_at__isnull=False).exists()
