"""Demo meetings of the incubator (``load_demo``): requests between demo organisations in every state.

Runs after the profiles (``incubator.profiles``), on the verified startups, investors and
platforms (service platforms and incubators) it finds there; with no startups, or neither
investors nor platforms, it does nothing. The demo logins come first in each list: the
``investor`` login's fund (``pujiang-fund``) and the ``startup-owner`` login's startup
(``yanqi-ai``) each have requests awaiting their answer and requests of their own awaiting the
other side's, plus accepted, declined, withdrawn and expired ones; nothing links those two
organisations, so the journey "the investor asks, the startup accepts" starts clean (the one
request awaiting an answer per pair would otherwise refuse it).

Times are relative to the run (a request expires when the live rule says,
``services.answer_deadline``: 14 days after it was sent, or at its last proposed time if that is
sooner; the proposed times of those awaiting an answer are ahead). Idempotent: each request has a fixed
``uid`` derived from its key, and only missing ones are created, never updated.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from incubator.meetings import services, timing
from incubator.models import MeetingRequest, MeetingSlot
from incubator.vocabulary import MeetingStatus
from portal.demo import clock
from portal.demo.registry import DemoContext, Loader, demo_email
from portal.models import Membership, User
from portal.organisations.models import Organisation, OrganisationKind

UID_NAMESPACE = uuid.UUID("5b0f6d2e-6a53-4d0c-9a57-3f1d2a7c9e41")
STARTUP_LOGIN, INVESTOR_LOGIN = "startup-owner", "investor"


@dataclass(frozen=True)
class Spec:
    """One request: ``sender``/``recipient`` as ``"I0"`` (the first investor), ``"S3"``, ``"P1"``."""

    key: str
    sender: str
    recipient: str
    status: str
    topic: int  # which of TOPICS
    #: Days from now: when it was sent, and each proposed time (the first is the one chosen when accepted).
    sent: int
    slots: tuple[int, ...]
    duration: int = 60
    online: bool = False


PENDING, ACCEPTED, DECLINED = MeetingStatus.PENDING, MeetingStatus.ACCEPTED, MeetingStatus.DECLINED
EXPIRED, CANCELLED = MeetingStatus.EXPIRED, MeetingStatus.CANCELLED

SPECS = [
    # The investor login's fund: sent (awaiting), received (to answer), and every other state.
    Spec("i0-s1-pending", "I0", "S1", PENDING, 0, sent=-2, slots=(3, 5, 8)),
    Spec("s2-i0-pending", "S2", "I0", PENDING, 1, sent=-1, slots=(4, 6), online=True),
    Spec("i0-s3-accepted", "I0", "S3", ACCEPTED, 2, sent=-6, slots=(4, 6), duration=90),
    Spec("s4-i0-declined", "S4", "I0", DECLINED, 1, sent=-9, slots=(-3, 2)),
    Spec("i0-s5-expired", "I0", "S5", EXPIRED, 0, sent=-20, slots=(-15, -13)),
    Spec("s6-i0-cancelled", "S6", "I0", CANCELLED, 1, sent=-5, slots=(6,), online=True),
    # The startup login's startup: the same, with other investors and a platform.
    Spec("s0-i1-pending", "S0", "I1", PENDING, 1, sent=-3, slots=(2, 7)),
    Spec("i2-s0-pending", "I2", "S0", PENDING, 0, sent=-1, slots=(5, 9, 12), online=True),
    Spec("s0-p0-accepted", "S0", "P0", ACCEPTED, 3, sent=-7, slots=(5, 6), duration=120),
    Spec("s0-i3-declined", "S0", "I3", DECLINED, 1, sent=-10, slots=(-4, 3)),
    Spec("i4-s0-expired", "I4", "S0", EXPIRED, 2, sent=-18, slots=(-12,)),
    # Platforms and incubators with startups, and a meeting that took place.
    Spec("p1-s7-pending", "P1", "S7", PENDING, 4, sent=-2, slots=(4, 5)),
    Spec("s8-p0-declined", "S8", "P0", DECLINED, 3, sent=-8, slots=(1, 2)),
    Spec("i5-s9-accepted", "I5", "S9", ACCEPTED, 2, sent=-25, slots=(-12, -10), duration=90),
    Spec("s10-p2-cancelled", "S10", "P2", CANCELLED, 3, sent=-4, slots=(9,)),
    Spec("s11-i6-expired", "S11", "I6", EXPIRED, 1, sent=-21, slots=(-16, -14), online=True),
]

#: Subject and message by topic, and the reasons for declining: written in Chinese, as the members
#: write them (a request is in its writer's language; an English summary beside the Chinese read as
#: the entry summaries that mixed languages).
TOPICS = [
    (
        "投资意向沟通：{recipient} 下一轮融资",
        "{recipient}团队您好：\n\n我们关注到贵公司在柔性电极与神经信号采集芯片方向的进展，"
        "与本基金“脑机接口与神经调控”的投资主题高度契合，希望约一次线上或线下交流，了解产品路线、"
        "临床试验计划与本轮融资安排。\n\n{sender}",
    ),
    (
        "{sender} A 轮融资路演预约",
        "尊敬的{recipient}投资团队：\n\n我们是专注于运动功能重建的脑机接口初创企业，已完成型式检验，"
        "正在筹备多中心临床试验，计划本轮融资用于临床与注册。希望向贵机构做一次 30 分钟路演，"
        "并交流贵机构对医疗器械赛道的关注点。\n\n{sender}",
    ),
    (
        "尽职调查会议：技术与临床",
        "{recipient}您好：\n\n感谢上次交流。投委会希望安排一次尽职调查会议，请技术负责人和临床负责人"
        "一同参加，重点讨论电极长期稳定性数据、动物实验（含非人灵长类）结果及创新医疗器械特别审查路径。"
        "\n\n{sender}",
    ),
    (
        "入驻与概念验证合作咨询：{sender}",
        "{recipient}老师您好：\n\n我们希望了解贵平台的入驻条件、GMP 微纳加工与 GLP 动物实验资源的预约方式，"
        "以及概念验证项目的申请流程，方便时可否安排一次参观交流？\n\n{sender}",
    ),
    (
        "平台资源对接：数据服务与临床试验基地",
        "{recipient}团队您好：\n\n本平台可提供千例级脑电开放数据集与临床试验基地对接服务。"
        "看到贵公司正在开发非侵入式康复训练产品，希望介绍平台服务并了解贵公司的需求。"
        "\n\n{sender}",
    ),
]

DECLINE_REASONS = [
    "本期基金已完成主要投资布局，暂不考虑该阶段项目，欢迎明年再联系。",
    "团队近期集中准备临床试验启动，暂无法安排会议，感谢关注。",
    "目前平台动物实验排期已满至明年一季度，建议届时重新预约。",
]

LOCATIONS = ["上海市浦东新区张江路 665 号 3 楼会议室", "上海市徐汇区云锦路 701 号西岸智塔 22 层"]
VIDEO_LINK = "https://meeting.tencent.com/dm/bci-demo"


def with_login_first(organisations: list, login_key: str) -> list:
    """``organisations`` with the demo login's organisation first, when it is among them."""
    mine = set(Membership.objects.filter(user__email=demo_email(login_key)).values_list("organisation_id", flat=True))
    return sorted(organisations, key=lambda organisation: (organisation.pk not in mine, organisation.slug))


def first_member(organisation) -> User | None:
    membership = organisation.memberships.select_related("user").order_by("-role", "pk").first()
    return membership.user if membership else None


def _at(now: datetime, days: int, hour: int) -> datetime:
    local = timing.in_zone(now + timedelta(days=days))
    return local.replace(hour=hour, minute=0 if hour % 2 == 0 else 30, second=0, microsecond=0)


def _create(context: DemoContext, spec: Spec, sender, recipient, now: datetime, n: int) -> None:
    uid = uuid.uuid5(UID_NAMESPACE, f"incubator.meeting:{spec.key}")
    if MeetingRequest.objects.filter(uid=uid).exists():
        context.record("incubator.meeting", False)
        return
    subject, message = TOPICS[spec.topic]
    names = {"sender": sender.name_zh, "recipient": recipient.name_zh}
    sent_at = clock.before(now, days=-spec.sent, key=f"{spec.key}:sent")  # in working hours, before now
    answered_at = clock.at_work(sent_at + timedelta(days=1), f"{spec.key}:answered")
    times = [_at(now, days, (10, 14, 15, 9)[i % 4]) for i, days in enumerate(spec.slots)]
    meeting = MeetingRequest.objects.create(
        uid=uid,
        sender=sender,
        recipient=recipient,
        sent_by=first_member(sender),
        subject=subject.format(**names)[:200],
        message=message.format(**names),
        duration_minutes=spec.duration,
        location=VIDEO_LINK if spec.online else LOCATIONS[n % len(LOCATIONS)],
        status=spec.status,
        expires_at=services.answer_deadline(sent_at, times),
        decline_reason=DECLINE_REASONS[n % len(DECLINE_REASONS)] if spec.status == DECLINED else "",
    )
    slots = [MeetingSlot.objects.create(request=meeting, starts_at=starts_at) for starts_at in times]
    answered = spec.status in (ACCEPTED, DECLINED, CANCELLED)
    MeetingRequest.objects.filter(pk=meeting.pk).update(
        created_at=sent_at,
        chosen_slot=slots[0] if spec.status == ACCEPTED else None,
        responded_by=first_member(sender if spec.status == CANCELLED else recipient) if answered else None,
        responded_at=answered_at if answered else None,
    )
    context.record("incubator.meeting", True)


def load(context: DemoContext) -> None:
    verified = Organisation.objects.verified()
    by_letter = {
        "S": with_login_first(list(verified.filter(kind=OrganisationKind.STARTUP)), STARTUP_LOGIN),
        "I": with_login_first(list(verified.filter(kind=OrganisationKind.INVESTOR)), INVESTOR_LOGIN),
        "P": sorted(
            verified.filter(kind__in=(OrganisationKind.INCUBATOR, OrganisationKind.SERVICE_PLATFORM)),
            key=lambda organisation: (organisation.kind != OrganisationKind.INCUBATOR, organisation.slug),
        ),
    }
    if not by_letter["S"] or not (by_letter["I"] or by_letter["P"]):
        context.log("  no verified startups, or no investors or platforms, yet: no meetings")
        return

    def find(reference: str):
        found = by_letter[reference[0]]
        index = int(reference[1:])
        return found[index] if index < len(found) else None

    now = timezone.now().replace(second=0, microsecond=0)
    for n, spec in enumerate(SPECS):
        sender, recipient = find(spec.sender), find(spec.recipient)
        if sender is None or recipient is None or sender.pk == recipient.pk:
            continue  # a small demo (fewer organisations than the specs name)
        _create(context, spec, sender, recipient, now, n)


LOADERS = [Loader("incubator.meetings", load, after=("incubator.profiles", "incubator.people"))]
