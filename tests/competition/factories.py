"""Competition factories: a running competition (submission open) with three tracks, teams and entries."""

from __future__ import annotations

from datetime import datetime, timedelta

import factory
from django.utils import timezone

from competition.models import Competition, Entry, Stage, Team, TeamMembership, Track, TrackField
from competition.vocabulary import CompetitionStatus, EntryStatus, FieldKind, StageKind, TeamRole
from tests.factories import UserFactory


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competition
        django_get_or_create = ("year",)

    year = 2026
    slug = factory.LazyAttribute(lambda o: f"bci-{o.year}")
    name_zh = factory.LazyAttribute(lambda o: f"{o.year} 脑机接口创新应用大赛")
    name_en = factory.LazyAttribute(lambda o: f"{o.year} BCI Innovation Application Competition")
    status = CompetitionStatus.OPEN


def add_stages(competition, *, submission_closes: datetime | None = None) -> Competition:
    """Submission (closing at ``submission_closes``, default in 10 days), then review, final and results."""
    closes = submission_closes or timezone.now() + timedelta(days=10)
    spans = [
        (StageKind.SUBMISSION, closes - timedelta(days=60), closes),
        (StageKind.PRELIMINARY, closes + timedelta(days=1), closes + timedelta(days=20)),
        (StageKind.FINAL, closes + timedelta(days=30), closes + timedelta(days=31)),
        (StageKind.RESULTS, closes + timedelta(days=35), closes + timedelta(days=60)),
    ]
    for order, (kind, opens, ends) in enumerate(spans):
        Stage.objects.create(
            competition=competition,
            kind=kind,
            opens_at=opens,
            closes_at=ends,
            sort_order=order,
            blind=kind == StageKind.PRELIMINARY,
        )
    return competition


def close_submissions(competition) -> Competition:
    """The submission deadline a minute ago (results are published only after it)."""
    competition.stages.filter(kind=StageKind.SUBMISSION).update(closes_at=timezone.now() - timedelta(minutes=1))
    return competition


def running_competition(**kwargs) -> Competition:
    closes = kwargs.pop("submission_closes", None)
    competition = CompetitionFactory(**kwargs)
    if not competition.stages.exists():
        add_stages(competition, submission_closes=closes)
        add_tracks(competition)
    return competition


def add_tracks(competition) -> list[Track]:
    tracks = []
    for order, (slug, kind, zh, en) in enumerate(
        [
            ("medical", "medical", "医疗健康", "Medical and health"),
            ("consumer", "consumer", "消费与非侵入式应用", "Consumer and non-invasive applications"),
            ("algorithm", "algorithm", "算法", "Algorithm"),
        ]
    ):
        track = Track.objects.create(
            competition=competition, slug=slug, kind=kind, name_zh=zh, name_en=en, sort_order=order
        )
        TrackField.objects.create(
            track=track,
            key="stage",
            label_zh="研发阶段",
            label_en="Development stage",
            kind=FieldKind.CHOICE,
            choices=["概念验证 / Proof of concept", "原型 / Prototype", "临床试验 / Clinical trial"],
            required=True,
        )
        TrackField.objects.create(
            track=track,
            key="team_size",
            label_zh="团队人数",
            label_en="Team size",
            kind=FieldKind.WHOLE_NUMBER,
            sort_order=1,
        )
        TrackField.objects.create(
            track=track, key="evidence", label_zh="证明材料", label_en="Evidence", kind=FieldKind.FILE, sort_order=2
        )
        tracks.append(track)
    return tracks


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    competition = factory.LazyFunction(running_competition)
    name = factory.Sequence(lambda n: f"测试团队{n}")
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def captain(obj, create, extracted, **kwargs):
        if create:
            TeamMembership.objects.create(team=obj, user=extracted or obj.created_by, role=TeamRole.CAPTAIN)


def add_member(team, user=None):
    user = user or UserFactory()
    TeamMembership.objects.create(team=team, user=user, role=TeamRole.MEMBER)
    return user


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    team = factory.SubFactory(TeamFactory)
    competition = factory.LazyAttribute(lambda o: o.team.competition)
    track = factory.LazyAttribute(lambda o: o.team.competition.tracks.order_by("sort_order").first())
    title = factory.Sequence(lambda n: f"柔性电极言语解码系统{n}")
    summary = "基于高密度柔性电极的实时言语解码。"
    answers = factory.LazyFunction(lambda: {"stage": "原型 / Prototype"})
    status = EntryStatus.DRAFT
    created_by = factory.LazyAttribute(lambda o: o.team.created_by)
