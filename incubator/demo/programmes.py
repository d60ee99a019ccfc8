"""Demo programme applications (``load_demo``): startups applying to the demo platforms and
incubators, in every state, and a demo login for an incubator's member.

``platform-manager`` (马骁) owns the incubator NeuroSpark Zhangjiang (``neurospark-zhangjiang``)
and finds applications there awaiting a decision; the ``startup-owner`` login's startup
(``yanqi-ai``) has one awaiting review, one accepted with next steps and one declined with a
reason. Runs after the profiles; the platforms must exist and take applications, else their rows
are skipped. Idempotent: an application is found by its startup and platform.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from incubator.demo.meetings import STARTUP_LOGIN, first_member, with_login_first
from incubator.models import PlatformProfile, ProgrammeApplication, StartupProfile
from incubator.vocabulary import ApplicationStatus
from portal.demo import clock
from portal.demo.registry import DemoContext, Loader
from portal.demo.users import DemoUser, ensure_account
from portal.organisations.models import MemberRole, Organisation, OrganisationKind

PLATFORM_MANAGER = DemoUser(
    "platform-manager",
    "马骁",
    "incubator owner · NeuroSpark Zhangjiang (decides programme applications)",
    organisation="neurospark-zhangjiang",
    membership_role=MemberRole.OWNER,
)

SUBMITTED, ACCEPTED = ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED
REJECTED, WITHDRAWN = ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN


@dataclass(frozen=True)
class Spec:
    startup: int  # the n-th verified startup, the login's first
    platform: str  # slug
    services: tuple[str, ...]
    status: str
    ask: int  # which of ASKS
    sent: int  # days ago
    note: str = ""


#: What the startups ask of the programme, in Chinese (their language; an English copy beside it read
#: as a mix). Each message opens with the startup's own summary (``message``): the same text for every
#: startup had a speech-decoding startup write of its exoskeleton.
ASKS = [
    "希望入驻孵化器并获得办公与实验空间，同时对接种子轮投资。",
    "团队来自高校神经工程实验室，申请概念验证资助，用于大动物实验和工艺定型。",
    "需要 GMP 微纳加工平台流片 8 英寸柔性电极，预计 2027 年一季度完成首批样品。",
    "计划开展 GLP 非人灵长类安全性研究，申请排期与方案设计支持。",
]


def message(startup: Organisation, ask: int) -> str:
    """The application's message: the startup's summary (from its profile, when it has one), then ``ASKS[ask]``."""
    profile = StartupProfile.objects.filter(organisation=startup).only("summary_zh").first()
    summary = profile.summary_zh.strip() if profile else ""
    if summary and not summary.endswith(("。", "！", "？")):
        summary += "。"
    return summary + ASKS[ask]


SPECS = [
    Spec(0, "neurospark-zhangjiang", ("incubation_space", "financing"), SUBMITTED, 0, sent=2),
    Spec(
        0,
        "bluebay-poc",
        ("proof_of_concept",),
        ACCEPTED,
        1,
        sent=20,
        note="欢迎加入本期概念验证计划。请于下周三前提交实验方案，项目经理将与您联系。",
    ),
    Spec(
        0,
        "weina-fab",
        ("gmp_fabrication",),
        REJECTED,
        2,
        sent=30,
        note="本季度工艺线排期已满，建议三个月后重新申请。",
    ),
    Spec(1, "neurospark-zhangjiang", ("incubation_space",), SUBMITTED, 0, sent=4),
    Spec(2, "neurospark-zhangjiang", ("incubation_space", "regulatory"), SUBMITTED, 1, sent=6),
    Spec(
        3,
        "neurospark-zhangjiang",
        ("financing",),
        ACCEPTED,
        0,
        sent=25,
        note="欢迎入驻，首年租金减半。",
    ),
    Spec(4, "shenyan-glp", ("glp_animal",), SUBMITTED, 3, sent=3),
    Spec(5, "bluebay-poc", ("proof_of_concept", "glp_animal"), WITHDRAWN, 1, sent=12),
]


def load(context: DemoContext) -> None:
    if Organisation.objects.filter(slug=PLATFORM_MANAGER.organisation).exists():
        ensure_account(context, PLATFORM_MANAGER)
    startups = with_login_first(
        list(Organisation.objects.verified().filter(kind=OrganisationKind.STARTUP)), STARTUP_LOGIN
    )
    platforms = {
        profile.organisation.slug: profile
        for profile in PlatformProfile.objects.filter(accepts_applications=True).select_related("organisation")
    }
    now = timezone.now()
    for spec in SPECS:
        profile = platforms.get(spec.platform)
        if spec.startup >= len(startups) or profile is None:
            continue
        startup, platform = startups[spec.startup], profile.organisation
        if ProgrammeApplication.objects.filter(startup=startup, platform=platform).exists():
            context.record("incubator.programme_application", False)
            continue
        decided = spec.status in (ACCEPTED, REJECTED)
        application = ProgrammeApplication.objects.create(
            startup=startup,
            platform=platform,
            services=[service for service in spec.services if service in (profile.services or [])],
            message=message(startup, spec.ask),
            status=spec.status,
            decision_note=spec.note,
            decided_at=clock.before(now, days=spec.sent - 2, key=f"{spec.platform}:{spec.startup}:decided")
            if decided
            else None,
            decided_by=first_member(platform) if decided else None,
            submitted_by=first_member(startup),
        )
        sent_at = clock.before(now, days=spec.sent, key=f"{spec.platform}:{spec.startup}:sent")
        ProgrammeApplication.objects.filter(pk=application.pk).update(created_at=sent_at)
        context.record("incubator.programme_application", True)


LOADERS = [Loader("incubator.programmes", load, after=("incubator.profiles", "incubator.people"))]
