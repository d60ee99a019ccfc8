"""``make bench`` for the competition's judging: 2,000 entries, 100 judges, a scored round.

``seed`` (``SEEDS`` in bench/pages.py) adds, in bulk, a bench competition (2030) with one track,
``ENTRIES`` eligible entries (one team each), ``JUDGES`` judges, a staff user (with an authenticator,
as the admin requires), and:

* the preliminary round of the track, its panel scored in full (5 judges × 6 criteria per entry,
  ``portal.judging.bench.seed_scored_panel``): the staff round ranking page, the judge dashboard
  (each judge holds 100 assignments) and the aggregation job read it;
* a 200-entry panel scored the same way (the aggregation's query count at a tenth of the size);
* published results with awards, for the public results page.

Pages sign in as the bench staff user or judge (``BenchPage(login=...)``). The job
``assignment`` runs the engine's automatic assignment of the 2,000 entries × 3 judges over
100 judges on a fresh panel, as staff do when they open a round, search reindex included
(``competition.signals``), and reports the reindex apart.
"""

from __future__ import annotations

import time
from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from competition import search as entry_search
from competition.models import (
    Award,
    Competition,
    Entry,
    JudgingRound,
    ResultsPublication,
    Stage,
    Team,
    Track,
)
from competition.vocabulary import CompetitionStatus, EntryStatus, StageKind, TrackKind
from portal.judging import bench as judging_bench
from portal.judging import services as judging
from portal.judging.models import Item, Panel, PanelJudge
from portal.models import User
from search import declarations, indexing
from search.models import SearchDocument, SearchToken

SLUG = "bench-2030"
#: Judges never sign in with a password in the bench (the harness makes their session).
UNUSABLE_PASSWORD = make_password(None)
ENTRIES = 2000
JUDGES = 100
SMALL = 200
STAFF_EMAIL = "bench-staff@bench.example"
JUDGE_EMAIL = "bench-judge-{:03d}@judges.example"
#: Entries reindexed one at a time through the old per-object path, for the comparison (a sample).
PER_ENTRY_SAMPLE = 300


def seed() -> dict:
    if Competition.objects.filter(slug=SLUG).exists():
        return {"entries": Entry.objects.filter(competition__slug=SLUG).count(), "created": 0}
    now = timezone.now()
    with transaction.atomic():
        staff = User.objects.create_superuser(email=STAFF_EMAIL, password=None, first_name="Bench staff")
        # The harness signs staff in without a code; the authenticator only satisfies the MFA requirement.
        Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
        judges = User.objects.bulk_create(
            User(email=JUDGE_EMAIL.format(n), first_name=f"评委{n:03d}", password=UNUSABLE_PASSWORD)
            for n in range(JUDGES)
        )
        competition = Competition.objects.create(
            year=2030, slug=SLUG, name_zh="基准测试创新应用大赛", name_en="Bench competition",
            status=CompetitionStatus.JUDGING,
        )  # fmt: skip
        stage = Stage.objects.create(
            competition=competition,
            kind=StageKind.PRELIMINARY,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=60),
            sort_order=1,
        )
        track = Track.objects.create(
            competition=competition, slug="medical", kind=TrackKind.MEDICAL, name_zh="医疗健康", name_en="Medical"
        )
        teams = Team.objects.bulk_create(
            Team(competition=competition, name=f"基准队{n:04d}", created_by=staff) for n in range(ENTRIES)
        )
        entries = Entry.objects.bulk_create(
            Entry(
                competition=competition,
                track=track,
                team=team,
                title=f"脑机接口康复方案{n:04d}",
                summary="基于脑电的上肢康复训练系统。EEG-based upper-limb rehabilitation.",
                status=EntryStatus.ELIGIBLE,
                created_by=staff,
                submitted_at=now - timedelta(days=10),
            )
            for n, team in enumerate(teams)
        )
        judge_ids = [judge.pk for judge in judges]
        rubric = judging_bench.bench_rubric()
        judging_round = JudgingRound.objects.create(stage=stage, track=track)
        big = Panel.objects.create(
            owner=judging_round, title_zh="基准评审：2000 项", title_en=judging_bench.BIG_PANEL, rubric=rubric,
            judges_per_item=5, scoring_opens_at=stage.opens_at, scoring_closes_at=stage.closes_at,
        )  # fmt: skip
        figures = judging_bench.seed_scored_panel(big, entries, judge_ids)
        small = Panel.objects.create(
            owner=rubric, title_zh="基准评审：200 项", title_en=judging_bench.SMALL_PANEL, rubric=rubric,
            judges_per_item=5, scoring_opens_at=stage.opens_at, scoring_closes_at=stage.closes_at,
        )  # fmt: skip
        judging_bench.seed_scored_panel(small, entries[:SMALL], judge_ids)
        Award.objects.bulk_create(
            Award(competition=competition, track=track, entry=entry, rank=place, prize_zh=f"{place}等奖",
                  prize_en=f"Prize {place}", awarded_by=staff)
            for place, entry in enumerate(entries[:12], 1)
        )  # fmt: skip
        ResultsPublication.objects.create(competition=competition, published_by=staff)
    return {"entries": len(entries), "judges": len(judges), **figures}


# --- page resolvers (bench/pages.py) ---------------------------------------------------------


def staff_email() -> str:
    return STAFF_EMAIL


def busiest_judge() -> str:
    return JUDGE_EMAIL.format(0)


def judge_dashboard(language: str = "zh-hans"):
    def resolve() -> str:
        with translation.override(language):
            return reverse("judging:dashboard")

    resolve.description = "reverse('judging:dashboard'), a judge with 110 assignments"
    return resolve


def round_ranking():
    def resolve() -> str | None:
        judging_round = JudgingRound.objects.filter(stage__competition__slug=SLUG).first()
        if judging_round is None:
            return None
        return reverse("competition_results:round", kwargs={"round_id": judging_round.pk})

    resolve.description = "competition_results:round of the 2,000-entry bench round"
    return resolve


def public_results(language: str = "zh-hans"):
    def resolve() -> str | None:
        if not Competition.objects.filter(slug=SLUG).exists():
            return None  # not seeded (the drills walk these pages on the demo data alone)
        with translation.override(language):
            return reverse("competition:results", kwargs={"slug": SLUG})

    resolve.description = f"competition:results of {SLUG} ({language})"
    return resolve


# --- the job: automatic assignment ----------------------------------------------------------


def _fresh_panel(staff, entries, judge_ids) -> Panel:
    """A new panel over the bench entries and judges (3 judges per entry), nothing assigned yet."""
    competition = Competition.objects.get(slug=SLUG)
    stage = competition.stages.get(kind=StageKind.PRELIMINARY)
    number = Panel.objects.filter(title_en__startswith="Bench assignment").count() + 1
    panel = Panel.objects.create(
        owner=competition, title_zh=f"基准分配{number}", title_en=f"Bench assignment {number}",
        rubric=judging_bench.bench_rubric(), judges_per_item=3,
        scoring_opens_at=stage.opens_at, scoring_closes_at=stage.closes_at,
    )  # fmt: skip
    PanelJudge.objects.bulk_create(PanelJudge(panel=panel, user_id=pk) for pk in judge_ids)
    entry_type = ContentType.objects.get_for_model(Entry)
    Item.objects.bulk_create(Item(panel=panel, subject_type=entry_type, subject_id=pk) for pk in entries)
    return panel


def _timed_reindex(spent: dict):
    """A stand-in for ``indexing.changed`` that measures what the reindex costs (time, queries)."""
    original = indexing.changed

    def changed(doc_type, object_ids):
        ids = list(object_ids)
        with judging_bench.QueryCounter() as counter:
            started = time.perf_counter()
            original(doc_type, ids)
            spent["seconds"] = spent.get("seconds", 0) + time.perf_counter() - started
        spent["queries"] = spent.get("queries", 0) + counter.count
        spent["entries"] = spent.get("entries", 0) + len(ids)

    return original, changed


class _Rollback(Exception):
    pass


def _reindex_paths(entry_ids: list[int]) -> dict:
    """The same entries' documents written again one entry at a time (the path every entry took
    before the batch path) and in one batch; both inside a transaction rolled back."""
    dt = declarations.get(entry_search.NAME)
    ids = [str(pk) for pk in entry_ids]
    figures = {}
    for name in ("per_entry", "batch"):
        try:
            with transaction.atomic():
                stale = list(
                    SearchDocument.objects.filter(doc_type=dt.name, object_id__in=ids).values_list("pk", flat=True)
                )
                for model, lookup in (
                    (SearchToken, "document_id__in"),
                    (SearchDocument, "pk__in"),
                ):
                    model.objects.filter(**{lookup: stale})._raw_delete(connection.alias)  # fmt: skip
                with judging_bench.QueryCounter() as counter:
                    started = time.perf_counter()
                    if name == "per_entry":
                        for object_id in ids:
                            indexing._store_current(dt, object_id)
                    else:
                        indexing.changed(dt.name, ids)
                    seconds = time.perf_counter() - started
                figures[name] = {"seconds": round(seconds, 2), "queries": counter.count}
                raise _Rollback
        except _Rollback:
            pass
    return {f"reindex_{len(ids)}_{name}": value for name, value in figures.items()}


def assignment() -> dict:
    """2,000 entries × 3 judges over 100 judges on a fresh panel, through ``assign_automatically``."""
    staff = User.objects.get(email=STAFF_EMAIL)
    entries = list(Entry.objects.filter(competition__slug=SLUG).order_by("pk").values_list("pk", flat=True))
    judge_ids = list(User.objects.filter(email__endswith="@judges.example").order_by("pk").values_list("pk", flat=True))
    panel = _fresh_panel(staff, entries, judge_ids)
    spent: dict = {}
    original, timed = _timed_reindex(spent)
    indexing.changed = timed
    try:
        with judging_bench.QueryCounter() as counter:
            started = time.perf_counter()
            report = judging.assign_automatically(panel, actor=staff)
            seconds = time.perf_counter() - started
    finally:
        indexing.changed = original
    figures = {
        "created": report.created,
        "spread": report.spread,
        "uncovered": len(report.uncovered),
        "seconds": round(seconds, 2),
        "queries": counter.count,
        "reindex_entries": spent.get("entries", 0),
        "reindex_seconds": round(spent.get("seconds", 0), 2),
        "reindex_queries": spent.get("queries", 0),
        "without_reindex_seconds": round(seconds - spent.get("seconds", 0), 2),
        "without_reindex_queries": counter.count - spent.get("queries", 0),
    }
    return figures | _reindex_paths(entries[:PER_ENTRY_SAMPLE])
