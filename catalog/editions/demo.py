"""Demo editions for ``manage.py load_demo``: the published 2025 edition and the open 2026 call.

Runs after ``catalog.demo.load`` and finds its products by stable keys (organisation slug
and model number), never by primary key; a product that is missing or not published is
skipped. The 2025 edition is frozen with ``catalog.editions.services.freeze_entries`` (as
publication does) but without the e-mails and export tasks a real publication queues.
Idempotent: editions are found by year and applications by (edition, product).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from catalog.editions.models import ApplicationStatus, Edition, EditionApplication, EditionStatus
from catalog.editions.services import freeze_entries
from catalog.models import Product
from portal.demo.registry import DemoContext

SHANGHAI = ZoneInfo("Asia/Shanghai")

INTRO_2025 = (
    "<p>依据《上海市脑机接口未来产业培育行动方案（2025-2030年）》，上海脑机接口产业创新战略联盟"
    "首次发布非侵入式脑机接口创新产品推荐目录，覆盖康复、养老、教育、体育、智能生活与工业安全等场景。"
    "本目录为演示数据，产品与企业均为虚构。</p>",
    "<p>Following Shanghai's Action Plan for Cultivating the Brain-Computer Interface Future Industry "
    "(2025-2030), the alliance publishes its first recommended catalogue of innovative non-invasive BCI "
    "products, covering rehabilitation, elderly care, education, sports, smart living and industrial safety. "
    "This catalogue is demo content: the products and companies are fictional.</p>",
)
INTRO_2026 = (
    "<p>2026 年度推荐目录现接受申报。已在本平台发布产品的认证企业可在会员中心提交申请。</p>",
    "<p>Applications for the 2026 edition are open. Verified enterprises apply their published products "
    "from the member dashboard.</p>",
)

# organisation slug, model number, category, (rationale zh, rationale en)
ENTRIES_2025 = [
    ("qiheng-robotics", "QH-LX1", "medical_rehabilitation",
     ("已取得二类注册证，多家康复医院临床使用，步态训练效果数据完整。",
      "Class II registered and used in several rehabilitation hospitals, with complete gait-training outcome data.")),
    ("qiheng-robotics", "QH-SZ2", "medical_rehabilitation",
     ("脑肌电融合识别意图，上肢康复训练主动参与度高。",
      "Fusing EEG and EMG keeps patients actively engaged in upper-limb therapy.")),
    ("qiheng-robotics", "QH-NI5", "medical_rehabilitation",
     ("以近红外客观量化康复进展，填补评估环节空白。",
      "Objective fNIRS measurement of rehabilitation progress fills a gap in assessment.")),
    ("lansi-neuro", "LS-Stim1", "medical_rehabilitation",
     ("闭环经颅电刺激，三类注册，面向重度抑郁辅助治疗。",
      "Closed-loop transcranial stimulation, class III registered, as an adjunct therapy for severe depression.")),
    ("qiheng-robotics", "QH-HM1", "elderly_care",
     ("干电极与居家场景结合，降低康复训练的使用门槛。",
      "Dry electrodes designed for the home lower the threshold for rehabilitation training.")),
    ("qiheng-robotics", "QH-YL3", "elderly_care",
     ("养老机构认知训练落地案例多，操作简便。",
      "Widely deployed for cognitive training in care homes and simple to operate.")),
    ("lansi-neuro", "LS-Arm1", "education",
     ("脑控机械臂演示直观，适合科普与高校教学。",
      "An intuitive brain-controlled arm demonstrator for outreach and university teaching.")),
    ("huxin-micro", "HX-Ear2", "smart_living",
     ("入耳式形态佩戴无感，睡眠与专注监测体验好。",
      "In-ear form factor is unobtrusive, giving a good sleep and focus monitoring experience.")),
    ("lansi-neuro", "LS-Opt2", "sports",
     ("近红外与脑电融合评估疲劳，适用于运动训练监测。",
      "Hybrid fNIRS-EEG fatigue assessment suited to monitoring athletic training.")),
    ("lansi-neuro", "LS-Safe1", "industry",
     ("安全帽内置疲劳预警，已在矿山班组试点。",
      "Fatigue warning built into a hard hat, piloted with mining shift teams.")),
    ("huxin-micro", "HX-Dry32", "components",
     ("柔性干电极免导电膏，显著缩短佩戴时间。",
      "Gel-free flexible dry electrodes markedly shorten set-up time.")),
    ("huxin-micro", "HX-SD8", "components",
     ("低功耗采集芯片模组，便于整机厂商集成。",
      "A low-power acquisition module that device makers integrate easily.")),
]  # fmt: skip

# organisation slug, model number, proposed category, statement
APPLICATIONS_2026 = [
    ("huxin-micro", "HX-EMG16", "medical_rehabilitation", "肌电-脑电同步采集，已与两家义肢企业联合开发。"),
    ("lansi-neuro", "LS-Cap64", "components", "64 导高密度科研级系统，服务十余家高校与医院。"),
    ("huxin-micro", "HX-US1", "medical_rehabilitation", "经颅超声无创调控深部脑区，正在开展型式检验。"),
]


def _product(slug: str, model_number: str) -> Product | None:
    return (
        Product.objects.public()
        .select_related("organisation")
        .filter(organisation__slug=slug, model_number=model_number)
        .first()
    )


def _edition(context, year, *, titles, intro, opens, closes, status) -> Edition:
    edition, created = Edition.objects.get_or_create(
        year=year,
        defaults={
            "title_zh": titles[0],
            "title_en": titles[1],
            "intro_zh": intro[0],
            "intro_en": intro[1],
            "call_opens_at": opens,
            "call_closes_at": closes,
            "status": status,
        },
    )
    context.record("edition", created)
    return edition


def load(context: DemoContext) -> None:
    edition_2025 = _edition(
        context,
        2025,
        titles=("2025 年度非侵入式脑机接口创新产品推荐目录", "2025 Recommended Catalogue of Non-invasive BCI Products"),
        intro=INTRO_2025,
        opens=datetime(2025, 9, 1, 9, 0, tzinfo=SHANGHAI),
        closes=datetime(2025, 10, 31, 17, 0, tzinfo=SHANGHAI),
        status=EditionStatus.REVIEW,
    )
    if edition_2025.status != EditionStatus.PUBLISHED:
        for slug, model_number, category, (rationale_zh, rationale_en) in ENTRIES_2025:
            product = _product(slug, model_number)
            if product is None:
                context.log(f"2025 edition: {slug}/{model_number} is not a published demo product; skipped")
                continue
            _, created = EditionApplication.objects.get_or_create(
                edition=edition_2025,
                product=product,
                defaults={
                    "organisation": product.organisation,
                    "statement": "演示申请：产品已在本平台发布。",
                    "proposed_category": category,
                    "status": ApplicationStatus.ACCEPTED,
                    "category": category,
                    "rationale_zh": rationale_zh,
                    "rationale_en": rationale_en,
                    "submitted_at": datetime(2025, 10, 15, 10, 0, tzinfo=SHANGHAI),
                    "reviewed_at": datetime(2025, 11, 20, 15, 0, tzinfo=SHANGHAI),
                },
            )
            context.record("edition application", created)
        published_at = datetime(2025, 12, 18, 10, 0, tzinfo=SHANGHAI)
        freeze_entries(edition_2025, now=published_at)
        Edition.objects.filter(pk=edition_2025.pk).update(status=EditionStatus.PUBLISHED, published_at=published_at)

    now = timezone.now()
    edition_2026 = _edition(
        context,
        2026,
        titles=("2026 年度非侵入式脑机接口创新产品推荐目录", "2026 Recommended Catalogue of Non-invasive BCI Products"),
        intro=INTRO_2026,
        opens=min(datetime(2026, 9, 1, 9, 0, tzinfo=SHANGHAI), now - timedelta(days=1)),
        closes=max(datetime(2027, 1, 31, 17, 0, tzinfo=SHANGHAI), now + timedelta(days=60)),
        status=EditionStatus.OPEN,
    )
    for slug, model_number, category, statement in APPLICATIONS_2026:
        product = _product(slug, model_number)
        if product is None:
            continue
        _, created = EditionApplication.objects.get_or_create(
            edition=edition_2026,
            product=product,
            defaults={"organisation": product.organisation, "statement": statement, "proposed_category": category},
        )
        context.record("edition application", created)
