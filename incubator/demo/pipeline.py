"""Demo pipeline of the incubator (``load_demo``): cards in every stage with their history, notes,
tasks (some overdue), support records; the plan's screening rubric and a screening panel in which
the demo project manager login (``pm``, 周磊) and a second project manager have scored some startups.

Everything is invented (演示数据 / demo data) and deterministic: the demo's verified startups are
taken in slug order and given the stages of ``PLAN``; dates count back from the day the demo is
loaded. Without startups yet (the profiles loader has not run) it does nothing and says so.
Idempotent: a startup that has a card keeps it as it is; the rubric is found by its English name,
the panel by its title.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from incubator.models import PipelineCard, PipelineNote, PipelineTask, StageChange, SupportRecord
from incubator.pipeline import judging
from incubator.vocabulary import PipelineSource, PipelineStage, SupportKind
from portal.demo import clock
from portal.demo.judging import while_scoring
from portal.demo.registry import DemoContext, Loader
from portal.demo.users import DemoUser, ensure_account
from portal.judging import services as engine
from portal.judging.models import Assignment
from portal.organisations.models import Membership, Organisation, OrganisationKind, VerificationStatus
from portal.permissions import PROJECT_MANAGER_GROUP

#: A second project manager, so that screening scores aggregate over two judges.
SECOND_PM = DemoUser(
    "pm-screening",
    "孙悦",
    "project manager · screening panel (incubator pipeline)",
    group=PROJECT_MANAGER_GROUP,
    address="sunyue@pm.sh-bci-alliance.example",
)
PANEL_TITLE_ZH = "2026 年第一批初创企业甄别"
PANEL_TITLE_EN = "Startup screening, first batch 2026"

S = PipelineStage
#: (the stages the card went through, days since each move counted back from today, source, note).
PLAN = [
    ((S.DISCOVERED,), (4,), PipelineSource.SEARCH, "脑机接口产业图谱检索"),
    ((S.DISCOVERED,), (11,), PipelineSource.REFERRAL, "复旦大学类脑研究院推荐"),
    ((S.DISCOVERED,), (2,), PipelineSource.APPLICATION, "官网入孵申请"),
    ((S.DISCOVERED, S.SCREENING), (40, 18), PipelineSource.COMPETITION, "2025 脑机接口创新创业大赛 · 优胜奖"),
    ((S.DISCOVERED, S.SCREENING), (35, 9), PipelineSource.REFERRAL, "张江投资人推荐"),
    ((S.DISCOVERED, S.SCREENING), (28, 6), PipelineSource.SEARCH, "行业会议路演"),
    (
        (S.DISCOVERED, S.SCREENING, S.CULTIVATING),
        (200, 170, 120),
        PipelineSource.COMPETITION,
        "2025 脑机接口创新创业大赛 · 一等奖",
    ),
    ((S.DISCOVERED, S.SCREENING, S.CULTIVATING), (150, 130, 75), PipelineSource.APPLICATION, "概念验证计划申请"),
    ((S.DISCOVERED, S.SCREENING, S.CULTIVATING), (120, 100, 44), PipelineSource.REFERRAL, "瑞金医院神经外科推荐"),
    (
        (S.DISCOVERED, S.SCREENING, S.CULTIVATING, S.GRADUATED),
        (700, 660, 600, 60),
        PipelineSource.REFERRAL,
        "联盟理事单位推荐",
    ),
    (
        (S.DISCOVERED, S.SCREENING, S.CULTIVATING, S.GRADUATED),
        (640, 610, 540, 30),
        PipelineSource.COMPETITION,
        "2024 脑机接口创新创业大赛 · 二等奖",
    ),
    (
        (S.DISCOVERED, S.SCREENING, S.CULTIVATING, S.EXITED),
        (800, 760, 700, 90),
        PipelineSource.SEARCH,
        "被上市医疗器械企业并购",
    ),
    ((S.DISCOVERED, S.DROPPED), (90, 70), PipelineSource.SEARCH, "方向与联盟重点不符"),
    ((S.DISCOVERED, S.SCREENING, S.DROPPED), (160, 140, 100), PipelineSource.APPLICATION, "团队解散"),
]
NOTES = {
    S.SCREENING: "技术路线清晰，需补充临床合作医院信息。",
    S.CULTIVATING: "已对接 GMP 微纳加工平台，样机迭代顺利。",
    S.GRADUATED: "完成 A 轮融资，迁入自有场地。",
    S.EXITED: "并购完成，团队整体并入收购方。",
    S.DROPPED: "暂不推进，半年后再看。",
    S.DISCOVERED: "初步电话沟通，约定提交商业计划书。",
}
TASKS = {
    S.DISCOVERED: [("收集商业计划书", 3), ("安排首次面谈", -2)],
    S.SCREENING: [("完成甄别评分", 5), ("核实专利情况", -4)],
    S.CULTIVATING: [("对接临床试验基地", 10), ("提交概念验证中期报告", -7)],
}
SUPPORT = {
    S.CULTIVATING: [
        (SupportKind.PROOF_OF_CONCEPT, "概念验证专项资助", "Proof-of-concept grant", 500_000, 60),
        (SupportKind.PLATFORM_BOOKING, "GMP 微纳加工平台流片预约", "GMP fabrication run booked", 120_000, 20),
    ],
    S.GRADUATED: [
        (SupportKind.INCUBATION, "入驻孵化器 18 个月", "18 months in the incubator", None, 500),
        (SupportKind.POLICY_SUPPORT, "申报张江专项扶持政策", "Zhangjiang policy support", 1_000_000, 200),
        (SupportKind.FINANCING_ROUND, "A 轮融资", "Series A round", 60_000_000, 40),
    ],
    S.EXITED: [(SupportKind.FINANCING_ROUND, "Pre-A 轮融资", "Pre-A round", 15_000_000, 300)],
}
#: The demo project manager's and the second one's scores (0–10 on the four criteria) for the screened startups.
SCORES = {
    "pm": [(8, 7, 9, 6), (6, 5, 7, 5)],
    "pm-screening": [(7, 8, 8, 7)],
}


def load(context: DemoContext) -> None:
    startups = list(
        Organisation.objects.filter(
            kind=OrganisationKind.STARTUP, verification_status=VerificationStatus.VERIFIED
        ).order_by("slug")
    )
    if not startups:
        context.log("incubator.pipeline: no verified startup yet, nothing to put in the pipeline.", level=1)
        return
    pm, staff = context.user("pm"), context.user("staff")
    second = ensure_account(context, SECOND_PM)
    startups = _screenable_first(startups, {pm, second})
    today = timezone.localdate()
    now = timezone.now()
    for startup, (path, days, source, note) in zip(startups, PLAN, strict=False):
        _card(context, startup, path, days, source, note, now=now, today=today, pm=pm, staff=staff)
    rubric, created = judging.ensure_screening_rubric()
    context.record("screening rubric", created)
    _panel(context, rubric, staff=staff, judges={"pm": pm, "pm-screening": second}, now=now)


def _screenable_first(startups, judges):
    """The startups in ``PLAN``'s order, those of the screening rows first chosen among startups none of
    whose people share a judge's address domain (the engine would not let them score it)."""
    domains = {user.email.rpartition("@")[2].lower() for user in judges}
    emails = Membership.objects.filter(organisation__in=startups).values_list("organisation_id", "user__email")
    tied = {org_id for org_id, email in emails if (email or "").rpartition("@")[2].lower() in domains}
    free = [startup for startup in startups if startup.pk not in tied]
    screening = [n for n, (path, *_rest) in enumerate(PLAN) if path[-1] == S.SCREENING]
    chosen = {n: free[i] for i, n in enumerate(screening) if i < len(free)}
    rest = iter(startup for startup in startups if startup not in chosen.values())
    ordered = []
    for n in range(len(PLAN)):
        found = chosen.get(n) or next(rest, None)
        if found is not None:
            ordered.append(found)
    return ordered


def _ago(now, startup, days: int, what: str = "stage") -> datetime.datetime:
    """``days`` working days back (``portal.demo.clock``), at an hour of ``startup``'s own: a card's
    stage changes, its note and its tasks are made in working hours."""
    return clock.before(now, days=days, key=f"pipeline:{startup.slug}:{days}:{what}")


def _card(context, startup, path, days, source, note, *, now, today, pm, staff):
    if PipelineCard.objects.filter(startup=startup).exists():
        context.record("pipeline card", False)
        return
    stage = path[-1]
    card = PipelineCard.objects.create(
        startup=startup,
        stage=stage,
        source=source,
        source_note=note,
        project_manager=pm,
        stage_changed_at=_ago(now, startup, days[-1]),
        created_by=staff,
        version=len(path),
    )
    PipelineCard.objects.filter(pk=card.pk).update(created_at=_ago(now, startup, days[0]))
    previous = ""
    for to_stage, ago in zip(path, days, strict=True):
        change = StageChange.objects.create(
            card=card, from_stage=previous, to_stage=to_stage, by=staff if not previous else pm
        )
        StageChange.objects.filter(pk=change.pk).update(at=_ago(now, startup, ago))
        previous = to_stage
    context.record("pipeline card", True)
    note_row = PipelineNote.objects.create(card=card, text=NOTES[stage], author=pm)
    PipelineNote.objects.filter(pk=note_row.pk).update(created_at=_ago(now, startup, max(0, days[-1] - 1), "note"))
    for title, due in TASKS.get(stage, []):
        done = _ago(now, startup, 1, title) if due < 0 and stage == S.CULTIVATING else None
        PipelineTask.objects.create(
            card=card,
            title=title,
            due_on=today + datetime.timedelta(days=due),
            assignee=pm,
            created_by=pm,
            done_at=done,
        )
    platform = (
        Organisation.objects.filter(kind__in=[OrganisationKind.SERVICE_PLATFORM, OrganisationKind.INCUBATOR])
        .order_by("slug")
        .first()
    )
    for kind, zh, en, amount, ago in SUPPORT.get(stage, []):
        SupportRecord.objects.create(
            card=card,
            kind=kind,
            description_zh=zh,
            description_en=en,
            amount_cny=amount,
            platform=platform if kind in (SupportKind.PLATFORM_BOOKING, SupportKind.INCUBATION) else None,
            on=today - datetime.timedelta(days=ago),
            created_by=pm,
        )


def _panel(context, rubric, *, staff, judges, now):
    if judging.screening_panels().filter(title_zh=PANEL_TITLE_ZH).exists():
        context.record("screening panel", False)
        return
    cards = list(PipelineCard.objects.filter(stage=S.SCREENING).order_by("startup__slug"))
    if not cards:
        return
    panel, _report = judging.open_screening(
        actor=staff,
        title_zh=PANEL_TITLE_ZH,
        title_en=PANEL_TITLE_EN,
        rubric=rubric,
        cards=cards,
        judges=list(judges.values()),
        judges_per_item=2,
        opens_at=clock.day_at(now - datetime.timedelta(days=5), clock.OPENS),
        closes_at=clock.day_at(now + datetime.timedelta(days=9), clock.CLOSES),
    )
    context.record("screening panel", True)
    criteria = list(rubric.criteria.order_by("order", "pk"))
    for key, rows in SCORES.items():
        assignments = Assignment.objects.filter(item__panel=panel, judge=judges[key]).order_by("item_id")
        for assignment, values in zip(assignments, rows, strict=False):
            scores = {criterion.pk: (value, "") for criterion, value in zip(criteria, values, strict=True)}
            with while_scoring(panel, f"screening:{key}:{assignment.item_id}"):
                engine.submit_scorecard(judge=judges[key], assignment=assignment, version=0, scores=scores)
            context.record("screening scorecard", True)


LOADERS = [Loader("incubator.pipeline", load, after=("incubator.profiles", "incubator.people", "competition"))]
