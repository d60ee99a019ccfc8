"""Automatic assignment: k judges per item, loads within one, never a conflict, expertise first,
manual assignments kept, the report of what could not be covered, and 2,000 items quickly."""

import time

import pytest
from django.utils import translation

from portal.judging import planning, services
from portal.judging.conflicts import index_for
from portal.judging.models import Assignment
from portal.judging.subjects import Parties
from portal.judging.vocabulary import AssignmentSource
from tests.factories import OrganisationFactory, UserFactory
from tests.judging.factories import PanelFactory, items, judges

pytestmark = pytest.mark.django_db


def _pairs(panel):
    return set(Assignment.objects.filter(item__panel=panel).values_list("item_id", "judge_id"))


def _loads(panel):
    loads = {pj.user_id: 0 for pj in panel.judges.all()}
    for _item, judge in _pairs(panel):
        loads[judge] += 1
    return loads


def test_k_per_item_spread_within_one_and_no_conflict(adapter, staff):
    panel = PanelFactory(judges_per_item=3)
    panel_judges = judges(panel, 7)
    panel_items = items(panel, 20)
    # Judge 0 is a party of the first five items, judge 1 of the next five.
    for item in panel_items[:5]:
        adapter.parties_by_pk[item.subject_id] = Parties(user_ids={panel_judges[0].pk})
    for item in panel_items[5:10]:
        adapter.parties_by_pk[item.subject_id] = Parties(user_ids={panel_judges[1].pk})
    report = services.assign_automatically(panel, actor=staff)
    pairs = _pairs(panel)
    conflicted = index_for(panel)
    assert not [pair for pair in pairs if conflicted.conflicted(pair[1], pair[0])]
    every_pair = {(j.pk, i.pk) for j in panel_judges for i in panel_items}
    assert conflicted.conflicted_pairs() == {pair for pair in every_pair if conflicted.conflicted(*pair)}
    assert len(conflicted.conflicted_pairs()) == 10
    assert all(sum(1 for i, _j in pairs if i == item.pk) == 3 for item in panel_items)
    loads = _loads(panel)
    assert max(loads.values()) - min(loads.values()) <= 1
    assert report.spread <= 1 and report.uncovered == [] and report.created == 60
    assert sorted(load for _judge, load in report.loads) == sorted(loads.values())


def test_uncovered_items_are_reported_with_why(adapter, staff):
    panel = PanelFactory(judges_per_item=3)
    panel_judges = judges(panel, 3)
    first, second = items(panel, 2)
    adapter.parties_by_pk[first.subject_id] = Parties(user_ids={panel_judges[0].pk, panel_judges[1].pk})
    with translation.override("en"):
        report = services.assign_automatically(panel, actor=staff)
    assert [(u.item, u.assigned, u.eligible) for u in report.uncovered] == [(first, 1, 1)]
    assert report.uncovered[0].reason == "Only 1 judge of the panel has no conflict with it (3 wanted)."
    assert Assignment.objects.filter(item=second).count() == 3


def test_manual_assignments_and_recusals_are_kept_and_a_rerun_changes_nothing(adapter, staff):
    panel = PanelFactory(judges_per_item=2)
    panel_judges = judges(panel, 4)
    panel_items = items(panel, 4)
    manual = services.assign(actor=staff, item=panel_items[0], judge=panel_judges[3])
    services.assign_automatically(panel, actor=staff)
    assignment = Assignment.objects.filter(item=panel_items[1]).first()
    services.recuse(judge=assignment.judge, assignment=assignment, reason="我曾指导该团队")
    before = _pairs(panel)
    report = services.assign_automatically(panel, actor=staff)
    assert Assignment.objects.get(pk=manual.pk).source == AssignmentSource.MANUAL
    # The recused judge is not put back; the item gets another judge.
    active = Assignment.objects.filter(item=panel_items[1], status="active")
    assert assignment.judge_id not in set(active.values_list("judge_id", flat=True))
    assert active.count() == 2
    again = services.assign_automatically(panel, actor=staff)
    assert again.created == 0 and again.removed == 0
    assert before <= _pairs(panel) or report.created >= 1


def test_expertise_is_preferred(adapter, staff):
    panel = PanelFactory(judges_per_item=1)
    plain = judges(panel, 2)
    expert = judges(panel, 1, expertise=["EEG", "stroke"])[0]
    item = items(panel, 1, tags=["stroke"])[0]
    services.assign_automatically(panel, actor=staff)
    assert list(Assignment.objects.filter(item=item).values_list("judge_id", flat=True)) == [expert.pk]
    assert plain


def test_deterministic_plan():
    arguments = {
        "items": {i: {"a"} if i % 3 else set() for i in range(50)},
        "judges": {j: {"a"} if j % 2 else set() for j in range(9)},
        "k": 3,
        "conflicted": lambda judge, item: (judge + item) % 7 == 0,
    }
    first, second = planning.plan(**arguments), planning.plan(**arguments)
    assert first.new == second.new and first.spread <= 1 and not first.uncovered
    assert not [pair for pair in first.new if (pair[0] + pair[1]) % 7 == 0]


def test_rebalancing_after_a_constrained_start():
    # Judge 0 may judge only items 0-2; judges 1 and 2 everything: greedy then repair keeps the spread ≤ 1.
    result = planning.plan(
        items={i: set() for i in range(9)},
        judges={0: set(), 1: set(), 2: set()},
        k=1,
        conflicted=lambda judge, item: judge == 0 and item > 2,
    )
    assert result.spread <= 1 and sorted(result.loads.values()) == [3, 3, 3]


def test_two_thousand_items_three_judges_over_a_hundred(adapter, staff, django_assert_max_num_queries):
    panel = PanelFactory(judges_per_item=3)
    panel_judges = judges(panel, 100)
    panel_items = items(panel, 2000)
    for n, item in enumerate(panel_items[:300]):
        adapter.parties_by_pk[item.subject_id] = Parties(user_ids={panel_judges[n % 100].pk})
    started = time.perf_counter()
    with django_assert_max_num_queries(40):
        report = services.assign_automatically(panel, actor=staff)
    elapsed = time.perf_counter() - started
    assert report.created == 6000 and report.uncovered == [] and report.spread <= 1
    assert adapter.bulk_calls == 1
    print(f"assign_automatically: 2,000 items × 3 over 100 judges in {elapsed:.2f} s")
    assert elapsed < 20, elapsed


def test_add_judges_and_items_once_each(staff, django_assert_max_num_queries):
    panel = PanelFactory()
    subjects = [OrganisationFactory() for _n in range(30)]
    with django_assert_max_num_queries(6):
        first = services.add_items(actor=staff, panel=panel, subjects=subjects, tags={subjects[0].pk: ["EEG "]})
    again = services.add_items(actor=staff, panel=panel, subjects=subjects[:5])
    assert [item.pk for item in again] == [item.pk for item in first[:5]]
    assert panel.items.count() == 30 and first[0].tags == ["eeg"]
    users = [UserFactory() for _n in range(3)]
    services.add_judges(actor=staff, panel=panel, users=users)
    services.add_judges(actor=staff, panel=panel, users=users[:2])
    assert panel.judges.count() == 3
