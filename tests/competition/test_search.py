"""Competition entries in the portal's search (issue #13, Search and API; competition/search.py).

Who finds a submitted entry: alliance staff, and the judges the judging engine actively assigns
to it; not an unassigned or conflicted judge, a member of another team or a visitor. A draft is
never indexed. Once the results are published a winning entry is public, a non-winning one is
not. A blind round's judge never sees (or searches out) the team. Each rule runs on both engines:
the database engine, and Elasticsearch (noida-db in tests) fed through the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.utils import translation

from competition import rounds
from competition import search as entry_search
from competition import services as entry_services
from competition.judging import EntryAdapter
from competition.results import services as results_services
from competition.vocabulary import EntryStatus, StageKind
from portal.db import object_lock, object_locks
from portal.judging import services as judging
from portal.judging.models import Assignment
from search import declarations, indexing
from search import services as search
from search.models import SearchDocument, audiences_of
from search.permissions import audiences_for
from search.query import SearchQuery
from tests.competition.factories import EntryFactory, TeamFactory, add_member, close_submissions, running_competition
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProjectManagerFactory,
    StaffFactory,
    UserFactory,
)
from tests.judging.factories import rubric_with
from tests.search.conftest import elasticsearch  # noqa: F401  (the fixture: noida-db, this run's indexes)

pytestmark = pytest.mark.django_db

DOC = "competition_entry"


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.services)])
def engine(request, db):
    """Each engine in turn; with Elasticsearch every change below reaches it through the outbox."""
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch").rebuild()
    return request.param


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run the block's after-commit work (the outbox hands Elasticsearch its updates)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def found(user, text="脑控", *, language="zh-hans") -> set[str]:
    """The ids of the entries ``user`` finds with ``text``, on the configured engine (with its checks)."""
    viewer = user if user is not None else AnonymousUser()
    result = search.run(SearchQuery(text=text, language=language, types=[DOC], audiences=audiences_for(viewer)))
    return {hit.object_id for hit in result.hits}


def hits(user, text="脑控"):
    result = search.run(SearchQuery(text=text, types=[DOC], audiences=audiences_for(user)))
    return {hit.object_id: hit for hit in result.hits}


def assert_engine(engine) -> None:
    """The search really ran on ``engine`` (no silent fallback)."""
    result = search.run(SearchQuery(text="脑控", types=[DOC], audiences=None))
    assert result.engine == engine and not result.fallback


@dataclass
class Cast:
    competition: object
    staff: object
    organisation: object
    team: object
    captain: object
    entry: object  # org's team, eligible, before the (blind) preliminary round: judge assigned
    other: object  # another team's eligible entry, not in the round
    draft: object
    judge: object
    conflicted: object  # a judge of the panel, member of the entry's organisation: never assigned
    unassigned: object  # a judge of no panel
    other_team_member: object


def make_cast() -> Cast:
    competition = running_competition()
    staff = StaffFactory()
    organisation = OrganisationFactory(name_zh="星河神经科技", name_en="Galaxy Neurotech")
    captain = UserFactory()
    team = TeamFactory(competition=competition, organisation=organisation, name="星河队", captain=captain)
    medical = competition.tracks.get(slug="medical")
    consumer = competition.tracks.get(slug="consumer")
    entry = EntryFactory(
        team=team, track=medical, status=EntryStatus.ELIGIBLE, title="脑控轮椅导航系统", summary="用脑电意图控制轮椅。"
    )
    other_team = TeamFactory(competition=competition, name="远山队")
    other_team_member = add_member(other_team)
    other = EntryFactory(
        team=other_team, track=consumer, status=EntryStatus.ELIGIBLE, title="脑控游戏手柄", summary="消费级脑控外设。"
    )
    draft = EntryFactory(team=team, track=medical, title="脑控草稿方案", status=EntryStatus.DRAFT)
    judge, conflicted, unassigned = UserFactory(), UserFactory(), UserFactory()
    MembershipFactory(user=conflicted, organisation=organisation)
    stage = competition.stages.get(kind=StageKind.PRELIMINARY)  # blind in the factories
    rounds.open_round(
        actor=staff, stage=stage, track=medical, rubric=rubric_with(1), judges=[judge, conflicted], judges_per_item=2
    )
    return Cast(
        competition,
        staff,
        organisation,
        team,
        captain,
        entry,
        other,
        draft,
        judge,
        conflicted,
        unassigned,
        other_team_member,
    )


@pytest.fixture
def cast(engine, committing):
    with committing():
        return make_cast()


def test_who_finds_a_submitted_entry_by_a_chinese_word(engine, cast):
    assert_engine(engine)
    entry, other, draft = str(cast.entry.pk), str(cast.other.pk), str(cast.draft.pk)
    assert found(cast.staff) == {entry, other}  # every submitted entry, never the draft
    assert found(ProjectManagerFactory()) == {entry, other}
    assert found(cast.judge) == {entry}  # assigned to the first, not the other
    assert Assignment.objects.filter(judge=cast.conflicted).count() == 0
    assert found(cast.conflicted) == set()
    assert found(cast.unassigned) == set()
    assert found(cast.other_team_member) == set()  # another team's member: not even their own
    assert found(None) == set()
    assert found(cast.judge, "wheelchair", language="en") == set()  # no English text: no stray hit
    assert found(cast.judge, "轮椅", language="en") == {entry}  # one document for both languages
    assert draft not in found(cast.staff, "草稿")
    assert not SearchDocument.objects.filter(doc_type=DOC, object_id=draft).exists()


def test_a_draft_is_indexed_once_submitted_and_a_withdrawn_entry_leaves_its_judges(engine, cast, committing):
    draft = cast.draft
    assert str(draft.pk) not in found(cast.staff, "草稿")
    with committing():
        entry_services.submit_entry(actor=cast.captain, entry=draft, version=draft.version)
    assert found(cast.staff, "草稿") == {str(draft.pk)}
    assert found(cast.judge, "草稿") == set()
    with committing():
        entry_services.withdraw_entry(actor=cast.captain, entry=draft)
    assert found(cast.staff, "草稿") == {str(draft.pk)}  # staff keep the record
    assert found(None, "草稿") == set()


def test_assigning_removing_and_recusing_reach_the_index(engine, cast, committing):
    item = Assignment.objects.get(judge=cast.judge).item
    second = UserFactory()
    with committing():
        judging.add_judges(actor=cast.staff, panel=item.panel, users=[second])
        judging.assign(actor=cast.staff, item=item, judge=second)
    assert found(second) == {str(cast.entry.pk)}
    with committing():
        judging.unassign(actor=cast.staff, assignment=Assignment.objects.get(judge=second))
    assert found(second) == set()
    with committing():
        judging.recuse(judge=cast.judge, assignment=Assignment.objects.get(judge=cast.judge), reason="利益相关")
    assert found(cast.judge) == set()
    assert found(cast.staff) == {str(cast.entry.pk), str(cast.other.pk)}


def test_a_blind_rounds_judge_never_sees_nor_searches_out_the_team(engine, cast):
    hit = hits(cast.judge)[str(cast.entry.pk)]
    assert cast.entry.title in hit.title.replace("<mark>", "").replace("</mark>", "")
    for identity in ("星河队", "星河神经科技", "Galaxy"):
        assert identity not in hit.title + hit.snippet
    with translation.override("zh-hans"):  # the language searched in
        assert hit.title.startswith(EntryAdapter().label(cast.entry, blind=True) + " · ")
    assert hit.url.endswith("/judging/")  # where the judge's scorecards are
    assert found(cast.judge, "星河") == set()  # the team's and organisation's names are not indexed
    assert found(cast.staff, "远山") == {str(cast.other.pk)}  # outside a blind round they are


def test_after_publishing_a_winning_entry_is_public_and_a_non_winning_one_is_not(engine, cast, committing):
    with committing():
        results_services.record_award(actor=cast.staff, entry=cast.entry, prize_zh="一等奖", prize_en="First prize")
    assert found(None) == set()  # an award is hidden until the results are published
    assert found(cast.unassigned, "一等奖") == set()
    with committing():
        close_submissions(cast.competition)
        results_services.publish_results(actor=cast.staff, competition=cast.competition)
    assert found(None) == {str(cast.entry.pk)}
    assert found(cast.other_team_member) == {str(cast.entry.pk)}
    assert found(None, "一等奖") == {str(cast.entry.pk)}
    hit = hits(AnonymousUser())[str(cast.entry.pk)]
    assert "星河队" in hit.title  # published: the team is named, as on the results page
    assert hit.url.endswith(f"/competition/{cast.competition.slug}/results/#track-{cast.entry.track_id}")
    assert found(cast.staff) == {str(cast.entry.pk), str(cast.other.pk)}


def test_only_the_assigned_judges_audience_is_on_the_document(cast):
    (document,) = SearchDocument.objects.filter(doc_type=DOC, object_id=str(cast.entry.pk))
    assert audiences_of(document.audiences) == {f"judge:{cast.judge.pk}"}
    (other,) = SearchDocument.objects.filter(doc_type=DOC, object_id=str(cast.other.pk))
    assert not audiences_of(other.audiences)  # staff only


def test_an_inactive_account_holds_no_judge_audience(cast):
    cast.judge.is_active = False
    assert f"judge:{cast.judge.pk}" not in audiences_for(cast.judge)


# --- the cost of reindexing a panel's entries (issue #13, Performance) ---------------------------


def _round_of(count: int, track: str):
    """The running competition's ``track`` with ``count`` eligible entries, each its own team, and 4 judges."""
    competition = running_competition()
    medical = competition.tracks.get(slug=track)
    for n in range(count):
        team = TeamFactory(competition=competition, name=f"批量队{track}{n}")
        EntryFactory(team=team, track=medical, status=EntryStatus.ELIGIBLE, title=f"脑控方案{n}", summary="脑电。")
    stage = competition.stages.get(kind=StageKind.PRELIMINARY)
    judges = [UserFactory() for _ in range(4)]
    judging_round, _report = rounds.open_round(
        actor=StaffFactory(), stage=stage, track=medical, rubric=rubric_with(1), judges=judges, judges_per_item=2
    )
    return judging_round.panel, judges


def _reindex_queries(count: int, track: str, assert_max_num_queries) -> int:
    """Queries of reindexing the ``count`` entries of a round after one of its judges left every entry."""
    panel, judges = _round_of(count, track)
    entry_ids = entry_search.entries_of_items({"panel": panel.pk})
    assert len(entry_ids) == count
    # A judge taken off every entry changes every document: all of them are written again.
    Assignment.objects.filter(item__panel=panel, judge=judges[0]).update(status="recused")
    with assert_max_num_queries(18) as captured:
        indexing.changed(DOC, entry_ids)
    for document in SearchDocument.objects.filter(doc_type=DOC, object_id__in=[str(pk) for pk in entry_ids]):
        assert f"judge:{judges[0].pk}" not in audiences_of(document.audiences)
    return len(captured)


def test_reindexing_a_panels_entries_costs_the_same_queries_for_10_and_50(django_assert_max_num_queries):
    """The automatic assignment reindexes every entry of its panel (competition.signals): a fixed
    number of queries per batch (lock, entries with their judging, documents, delete, inserts)."""
    ten = _reindex_queries(10, "medical", django_assert_max_num_queries)
    fifty = _reindex_queries(50, "consumer", django_assert_max_num_queries)
    assert ten == fifty, (ten, fifty)


def test_the_batch_path_builds_the_same_documents_as_one_entry_at_a_time(cast):
    ids = [str(cast.entry.pk), str(cast.other.pk), str(cast.draft.pk)]
    dt = declarations.get(DOC)
    one_by_one = {pk: [e.fingerprint for e in indexing.entries_for(dt, pk)] for pk in ids}
    batch = {str(e.pk): [d.fingerprint for d in dt.build(e)] for e in dt.queryset().filter(pk__in=ids)}
    assert batch == {pk: prints for pk, prints in one_by_one.items() if prints}
    assert one_by_one[str(cast.draft.pk)] == []  # a draft has no document either way


def test_batch_locks_are_the_locks_one_object_writers_take(postgres_service):
    """``portal.db.object_locks`` (the batch writer's) takes the advisory locks ``object_lock`` takes, so a
    batch and a single object's writer serialise on the same object."""

    def held() -> set:
        with connection.cursor() as cursor:
            cursor.execute("SELECT classid, objid FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
            return set(cursor.fetchall())

    with transaction.atomic():
        object_lock(f"search:{DOC}:7")
        object_lock(f"search:{DOC}:8")
        single = held()
    with transaction.atomic():
        object_locks([f"search:{DOC}:8", f"search:{DOC}:7"])
        batch = held()
    assert single == batch and len(batch) == 2


def test_an_entry_found_ineligible_in_its_round_leaves_its_judges_search_and_comes_back(engine, cast, committing):
    with committing():
        entry_services.mark_ineligible(staff=cast.staff, entry=cast.entry, reason="缺少伦理审查批件")
    assert found(cast.judge) == set()  # withdrawn from the round: no longer the judge's
    assert found(cast.staff) == {str(cast.entry.pk), str(cast.other.pk)}
    with committing():
        entry_services.mark_eligible(staff=cast.staff, entry=cast.entry)  # the decision corrected
    assert found(cast.judge) == {str(cast.entry.pk)}
