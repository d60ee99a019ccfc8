"""Demo organisations: at least two of every kind, fictional, bilingual, in Shanghai.

Names and websites are invented (``.example`` domains) and must not be mistaken
for real companies. Most are verified; ``PENDING`` ones give staff something to
verify in the admin. Later loaders find them by slug (``context.organisation``).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from portal.demo.registry import DemoContext
from portal.models import Organisation
from portal.organisations.models import OrganisationKind as Kind
from portal.organisations.models import VerificationStatus

VERIFIED_AT = datetime(2025, 5, 16, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

# slug, kind, (name zh, name en), (description zh, description en), verified
ORGANISATIONS = [
    (
        "lansi-neuro",
        Kind.ENTERPRISE,
        ("澜思神经科技（上海）有限公司", "Lansi Neurotechnology (Shanghai) Co., Ltd."),
        (
            "位于张江科学城，研发半侵入式和侵入式脑机接口系统，产品方向为瘫痪患者的运动控制与脑控机械臂，"
            "自主研制高通量柔性电极与植入式信号采集模块。",
            "Based in Zhangjiang Science City, Lansi develops semi-invasive and invasive BCI systems for motor control "
            "and brain-controlled robotic arms for people with paralysis, with its own high-channel-count flexible "
            "electrodes and implantable recording modules.",
        ),
        True,
    ),
    (
        "huxin-micro",
        Kind.ENTERPRISE,
        ("沪芯微电极科技有限公司", "Huxin Microelectrode Technology Co., Ltd."),
        (
            "位于临港新片区，专注柔性微电极阵列与低功耗神经信号采集及刺激芯片，为脑机接口企业和科研单位提供"
            "电极、芯片与高密度封装方案。",
            "Located in the Lingang Special Area, Huxin makes flexible microelectrode arrays and low-power neural "
            "recording and stimulation chips, supplying electrodes, chips and high-density packaging to BCI "
            "companies and laboratories.",
        ),
        True,
    ),
    (
        "qiheng-robotics",
        Kind.ENTERPRISE,
        ("启衡康复机器人（上海）有限公司", "Qiheng Rehabilitation Robotics (Shanghai) Co., Ltd."),
        (
            "位于漕河泾开发区，研发脑电驱动的下肢外骨骼和上肢康复机器人，面向脑卒中和脊髓损伤患者的康复训练，"
            "已进入多家康复医院和养老机构。",
            "Based in Caohejing Hi-Tech Park, Qiheng builds EEG-driven lower-limb exoskeletons and upper-limb "
            "rehabilitation robots for people recovering from stroke or spinal-cord injury, used in rehabilitation "
            "hospitals and care homes.",
        ),
        True,
    ),
    (
        "ruiting-eeg",
        Kind.ENTERPRISE,
        ("睿听脑电科技（上海）有限公司", "Ruiting EEG Technology (Shanghai) Co., Ltd."),
        (
            "位于杨浦区，研发干电极脑电头环，用于课堂专注度监测和工业岗位疲劳预警。",
            "Based in Yangpu District, Ruiting develops dry-electrode EEG headbands for attention monitoring in "
            "classrooms and fatigue warnings in industrial workplaces.",
        ),
        False,
    ),
    (
        "yanqi-ai",
        Kind.STARTUP,
        ("言启智能科技（上海）有限公司", "Yanqi Intelligence (Shanghai) Co., Ltd."),
        (
            "张江初创企业，研发面向失语患者的言语解码与合成算法，与医疗机构合作开展临床前研究。",
            "A Zhangjiang start-up developing speech decoding and synthesis for people with aphasia, running "
            "preclinical studies with hospital partners.",
        ),
        True,
    ),
    (
        "guangjue-med",
        Kind.STARTUP,
        ("光觉医疗科技（上海）有限公司", "Guangjue Medical Technology (Shanghai) Co., Ltd."),
        (
            "临港初创企业，探索基于皮层刺激的视觉重建和光学脑机接口，目标是帮助失明患者部分恢复视觉能力。",
            "A Lingang start-up exploring vision restoration through cortical stimulation and optical BCI, aiming "
            "to restore partial sight to blind patients.",
        ),
        True,
    ),
    (
        "zhimian-lab",
        Kind.STARTUP,
        ("知眠神经科技（上海）有限公司", "Zhimian Neurotech (Shanghai) Co., Ltd."),
        (
            "徐汇初创企业，研发闭环经颅电刺激设备，用于睡眠障碍和情绪调节。",
            "A Xuhui start-up developing closed-loop transcranial electrical stimulation for sleep disorders and "
            "mood regulation.",
        ),
        False,
    ),
    (
        "pujiang-fund",
        Kind.INVESTOR,
        ("浦江未来产业创业投资基金", "Pujiang Future Industries Venture Fund"),
        (
            "位于陆家嘴的早期投资基金，重点投资脑机接口、具身智能等未来产业的种子轮和天使轮项目。",
            "An early-stage fund in Lujiazui investing at seed and angel stage in future industries such as BCI and "
            "embodied intelligence.",
        ),
        True,
    ),
    (
        "yunshan-ventures",
        Kind.INVESTOR,
        ("云杉医疗健康创投", "Yunshan Healthcare Ventures"),
        (
            "位于徐汇滨江的医疗健康投资机构，关注创新医疗器械和神经调控，投资A轮至C轮项目。",
            "A healthcare investor on the Xuhui riverside focusing on innovative medical devices and "
            "neuromodulation, from series A to series C.",
        ),
        True,
    ),
    (
        "binhai-neuro",
        Kind.HOSPITAL,
        ("上海滨海神经医学中心", "Shanghai Binhai Neuromedical Centre"),
        (
            "位于浦东新区的神经医学中心，设有脑机接口临床研究病房，开展运动障碍和失语患者的脑机接口临床试验。",
            "A neuromedical centre in Pudong New Area with a BCI clinical research ward, running BCI clinical trials "
            "for patients with movement disorders and aphasia.",
        ),
        True,
    ),
    (
        "shencheng-rehab",
        Kind.HOSPITAL,
        ("申城康复医院", "Shencheng Rehabilitation Hospital"),
        (
            "位于闵行区的康复专科医院，开展脑卒中和脊髓损伤康复，参与非侵入式脑机接口康复产品的应用示范。",
            "A rehabilitation hospital in Minhang District treating stroke and spinal-cord injury, taking part in "
            "demonstration projects of non-invasive BCI rehabilitation products.",
        ),
        True,
    ),
    (
        "frontier-neuroeng",
        Kind.RESEARCH_INSTITUTE,
        ("上海神经工程前沿研究院", "Shanghai Institute for Frontier Neuroengineering"),
        (
            "位于张江的新型研发机构，研究超柔性电极、超低功耗芯片和神经解码调控算法，推动科研成果转化。",
            "A new-type research institute in Zhangjiang working on ultra-flexible electrodes, ultra-low-power chips "
            "and neural decoding and modulation algorithms, with a focus on technology transfer.",
        ),
        True,
    ),
    (
        "pudong-brain-intel",
        Kind.RESEARCH_INSTITUTE,
        ("浦东脑与智能交叉研究院", "Pudong Institute of Brain and Intelligence Sciences"),
        (
            "位于临港的交叉研究机构，探索脑脊接口、介入式脑机接口和基于超声的新型脑机接口。",
            "An interdisciplinary institute in Lingang exploring brain-spine interfaces, interventional BCI and "
            "ultrasound-based BCI.",
        ),
        True,
    ),
    (
        "weina-fab",
        Kind.SERVICE_PLATFORM,
        ("申微纳脑机接口微纳加工平台", "Shenweina BCI Micro/Nano Fabrication Platform"),
        (
            "位于临港的GMP标准微纳加工平台，为企业与科研单位提供柔性电极工艺研发与加工制造服务。",
            "A GMP micro/nano fabrication platform in Lingang offering flexible-electrode process development and "
            "manufacturing to companies and research teams.",
        ),
        True,
    ),
    (
        "shenyan-glp",
        Kind.SERVICE_PLATFORM,
        ("申研神经GLP动物实验平台", "Shenyan Neuro GLP Animal Research Platform"),
        (
            "位于松江的GLP动物实验平台，涵盖非人灵长类，提供电极材料测试、解码算法验证和临床前研究服务。",
            "A GLP animal-research platform in Songjiang, including non-human primates, offering electrode-material "
            "testing, validation of decoding algorithms and preclinical studies.",
        ),
        True,
    ),
    (
        "haishang-brain-data",
        Kind.SERVICE_PLATFORM,
        ("海上脑数据开放服务平台", "Haishang Open Brain Data Platform"),
        (
            "位于徐汇的脑数据服务平台，制定采集标准，开展数据清洗与标注，建设开放脑电数据集。",
            "A brain-data platform in Xuhui that sets collection standards, cleans and annotates data and builds "
            "open EEG data sets.",
        ),
        True,
    ),
    (
        "neurospark-zhangjiang",
        Kind.INCUBATOR,
        ("启脑空间·张江脑机接口专业孵化器", "NeuroSpark Zhangjiang BCI Incubator"),
        (
            "位于张江的脑机接口专业孵化器，提供实验与办公空间、创业辅导、投融资对接和医疗机构合作对接。",
            "A specialised BCI incubator in Zhangjiang offering lab and office space, mentoring, investor "
            "introductions and hospital partnerships.",
        ),
        True,
    ),
    (
        "bluebay-poc",
        Kind.INCUBATOR,
        ("蓝湾神经科技概念验证中心", "Blue Bay Neurotech Proof-of-Concept Centre"),
        (
            "位于临港新片区的概念验证中心，为早期项目提供样机验证、小试加工和动物实验对接服务。",
            "A proof-of-concept centre in the Lingang Special Area helping early projects validate prototypes, "
            "make pilot batches and arrange animal studies.",
        ),
        True,
    ),
    # Enterprises whose products fill the catalogue demo (catalog/demo.py).
    (
        "naoyu-speech",
        Kind.ENTERPRISE,
        ("脑语智能科技（上海）有限公司", "Naoyu Speech Neurotech (Shanghai) Co., Ltd."),
        (
            "研发面向失语患者的半侵入式言语解码系统与配套康复软件。（演示：虚构企业。）",
            "Develops semi-invasive speech-decoding systems and rehabilitation software for people with aphasia."
            " (Demo: a fictional company.)",
        ),
        True,
    ),
    (
        "shiyuan-vision",
        Kind.ENTERPRISE,
        ("视源神经工程有限公司", "Shiyuan Vision Neuroengineering Co., Ltd."),
        (
            "专注视觉皮层刺激与视觉重建，研制高通道植入式刺激电极。（演示：虚构企业。）",
            "Works on visual-cortex stimulation and vision restoration with high-channel implantable electrodes."
            " (Demo: a fictional company.)",
        ),
        True,
    ),
    (
        "jingmai-interventional",
        Kind.ENTERPRISE,
        ("经脉介入医疗科技有限公司", "Jingmai Interventional Medical Co., Ltd."),
        (
            "经血管介入植入支架电极，无需开颅采集运动皮层信号。（演示：虚构企业。）",
            "Places stent electrodes through blood vessels to record the motor cortex without open surgery."
            " (Demo: a fictional company.)",
        ),
        True,
    ),
    (
        "guangnao-optics",
        Kind.ENTERPRISE,
        ("光脑光电科技有限公司", "Guangnao Optoelectronics Co., Ltd."),
        (
            "研发可穿戴近红外与光学脑成像设备及算法。（演示：虚构企业。）",
            "Builds wearable fNIRS and optical brain-imaging devices and the algorithms behind them."
            " (Demo: a fictional company.)",
        ),
        True,
    ),
    (
        "shengbo-neurosonics",
        Kind.ENTERPRISE,
        ("声波神经调控技术有限公司", "Shengbo Neurosonics Co., Ltd."),
        (
            "聚焦超声神经调控与功能超声脑机接口的研发企业。（演示：虚构企业。）",
            "Develops focused-ultrasound neuromodulation and functional-ultrasound BCIs. (Demo: a fictional company.)",
        ),
        True,
    ),
    (
        "kangning-eldercare",
        Kind.ENTERPRISE,
        ("康宁智慧养老科技有限公司", "Kangning Smart Eldercare Co., Ltd."),
        (
            "为养老机构和居家老人提供脑电认知训练与跌倒风险监测产品。（演示：虚构企业。）",
            "EEG cognitive training and fall-risk monitoring for care homes and older people at home."
            " (Demo: a fictional company.)",
        ),
        True,
    ),
    (
        "xuezhi-neuroedu",
        Kind.ENTERPRISE,
        ("学知脑科学教育科技有限公司", "Xuezhi Neuro-Education Co., Ltd."),
        (
            "面向中小学和高校的脑机接口教学套件与课程。（演示：虚构企业。）",
            "BCI teaching kits and courses for schools and universities. (Demo: a fictional company.)",
        ),
        True,
    ),
    (
        "dongli-neurosport",
        Kind.ENTERPRISE,
        ("动力神经运动科技有限公司", "Dongli Neuro Sports Co., Ltd."),
        (
            "运动员专注度训练、疲劳评估与神经反馈产品。（演示：虚构企业。）",
            "Focus training, fatigue assessment and neurofeedback for athletes. (Demo: a fictional company.)",
        ),
        True,
    ),
    (
        "leyou-interactive",
        Kind.ENTERPRISE,
        ("乐游脑机互动娱乐有限公司", "Leyou BCI Interactive Entertainment Co., Ltd."),
        (
            "开发脑电控制的游戏、虚拟现实内容与沉浸式展陈。（演示：虚构企业。）",
            "Makes EEG-controlled games, virtual-reality content and immersive exhibits. (Demo: a fictional company.)",
        ),
        True,
    ),
    (
        "zhiju-home",
        Kind.ENTERPRISE,
        ("智居脑控科技有限公司", "Zhiju Brain-Controlled Home Co., Ltd."),
        (
            "为行动不便人群提供脑控家居、轮椅与环境控制系统。（演示：虚构企业。）",
            "Brain-controlled home, wheelchair and environment-control systems for people with limited mobility."
            " (Demo: a fictional company.)",
        ),
        True,
    ),
    (
        "anxin-industrial",
        Kind.ENTERPRISE,
        ("安芯工业安全科技有限公司", "Anxin Industrial Safety Co., Ltd."),
        (
            "高危岗位疲劳与注意力监测，以及产线人机协作脑控方案。（演示：虚构企业。）",
            "Fatigue and attention monitoring for high-risk jobs, and brain-controlled human–robot work on"
            " production lines."
            " (Demo: a fictional company.)",
        ),
        True,
    ),
    (
        "chudong-haptics",
        Kind.ENTERPRISE,
        ("触动感知科技有限公司", "Chudong Haptics Co., Ltd."),
        (
            "研制带触觉反馈的智能义肢与外周神经刺激模块。（演示：虚构企业。）",
            "Builds smart prostheses with touch feedback and peripheral-nerve stimulation modules."
            " (Demo: a fictional company.)",
        ),
        True,
    ),
]


def load(context: DemoContext) -> None:
    for slug, kind, (name_zh, name_en), (description_zh, description_en), verified in ORGANISATIONS:
        _organisation, created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "name_zh": name_zh,
                "name_en": name_en,
                "description_zh": description_zh,
                "description_en": description_en,
                "website": f"https://{slug}.example",
                "city": "上海",
                "verification_status": VerificationStatus.VERIFIED if verified else VerificationStatus.PENDING,
                "verified_at": VERIFIED_AT if verified else None,
                "verification_note": ""
                if verified
                else "演示：等待联盟秘书处核验营业执照。/ Demo: awaiting verification.",
            },
        )
        context.record("organisation", created)
