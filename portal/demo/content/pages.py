"""Editorial pages of the demo site, in Chinese and English.

Programme pages (catalogue, cases, competition, incubation, resources) describe
what the plan's items 5-7, 10, 16 and 17 ask the alliance to do; the apps that
implement them (catalog/, cases/, competition/, incubator/, search/) land later
and may hang their index pages under these pages or replace them. Details the
plan does not state (deadlines, review steps) are demo content and say so.
"""

from portal.demo.content.news import NEWS
from portal.demo.pages import PageSpec, bullets, callout, demo_note, heading, paragraph, table
from portal.demo.registry import EN, ZH
from portal.models import NewsIndexPage, StandardPage

PLAN_ZH = "《上海市脑机接口未来产业培育行动方案（2025-2030年）》"
PLAN_EN = "Shanghai Action Plan for Cultivating the Brain-Computer Interface Future Industry (2025-2030)"

# --- Home page ------------------------------------------------------------------------------

HOME = {
    ZH: {
        "title": "上海市脑机接口产业创新战略联盟",
        "hero_title": "携手培育脑机接口未来产业",
        "hero_text": (
            "联盟汇聚企业、高校、科研院所、医疗机构与投资机构，发布侵入式/半侵入式脑机接口典型应用案例"
            "和非侵入式脑机接口创新产品推荐目录，组织脑机接口创新应用大赛，以“发现—甄别—培育”机制"
            "加速脑机接口重大产品落地应用。"
        ),
        "listing_summary": "上海市脑机接口产业创新战略联盟门户：产品推荐目录、典型应用案例、创新应用大赛与孵化对接。",
    },
    EN: {
        "title": "Shanghai BCI Industry Innovation Strategic Alliance",
        "hero_title": "Building Shanghai's brain-computer interface industry, together",
        "hero_text": (
            "The alliance brings together companies, universities, research institutes, hospitals and investors. "
            "It publishes typical application cases of invasive and semi-invasive BCI and a recommended catalogue "
            "of innovative non-invasive BCI products, runs the BCI Innovation Application Competition, and uses a "
            "discover–screen–cultivate mechanism to bring major BCI products to patients and markets sooner."
        ),
        "listing_summary": (
            "Portal of the Shanghai BCI Industry Innovation Strategic Alliance: product catalogue, "
            "application cases, innovation competition, incubation and matchmaking."
        ),
    },
}

# Home-page cards: (slug path of the target page, icon, {language: (title, text)}).
SECTIONS = [
    (
        "catalogue",
        "catalogue",
        {
            ZH: (
                "创新产品推荐目录",
                "非侵入式脑机接口创新产品推荐目录：康复训练、养老康复、教育体育、智能生活等领域的优秀产品，"
                "由联盟组织专家遴选并逐年更新。",
            ),
            EN: (
                "Recommended product catalogue",
                "The recommended catalogue of innovative non-invasive BCI products for rehabilitation, elderly care, "
                "education, sport and smart living, selected by expert panels and renewed every year.",
            ),
        },
    ),
    (
        "cases",
        "cases",
        {
            ZH: (
                "典型应用案例",
                "侵入式/半侵入式脑机接口典型应用案例：运动控制、言语合成、视觉重建与神经调控的临床实践与成效。",
            ),
            EN: (
                "Typical application cases",
                "Typical application cases of invasive and semi-invasive BCI: clinical practice and outcomes in motor "
                "control, speech synthesis, vision restoration and neuromodulation.",
            ),
        },
    ),
    (
        "competition",
        "competition",
        {
            ZH: (
                "创新应用大赛",
                "脑机接口创新应用大赛：面向企业、高校院所和创业团队征集创新应用，优胜项目对接孵化、概念验证与投资。",
            ),
            EN: (
                "Innovation application competition",
                "The BCI Innovation Application Competition invites companies, research teams and start-ups to "
                "present new applications; winners are matched with incubation, proof of concept and investors.",
            ),
        },
    ),
    (
        "incubation",
        "incubator",
        {
            ZH: (
                "孵化与对接",
                "“发现—甄别—培育”：项目经理人全生命周期推进，对接概念验证平台、专业孵化器、投资机构与共性技术平台。",
            ),
            EN: (
                "Incubation and matchmaking",
                "Discover, screen, cultivate: project managers follow start-ups through their life cycle and connect "
                "them with proof-of-concept platforms, specialised incubators, investors and shared platforms.",
            ),
        },
    ),
    (
        "resources",
        "search",
        {
            ZH: (
                "资源检索",
                "一站式检索产品、案例、参赛项目、初创企业与共性技术服务平台，支持中英文检索。",
            ),
            EN: (
                "Search resources",
                "One search across products, cases, competition entries, start-ups and shared technology platforms, "
                "in Chinese or English.",
            ),
        },
    ),
]

HOME_CALLOUT = {
    ZH: (
        "加入联盟",
        "欢迎脑机接口产业链上下游企业、初创团队、投资机构、医疗机构、高校和科研院所、服务平台与孵化器加入联盟，"
        "共同推动脑机接口重大产品落地应用。",
        "了解入盟方式",
    ),
    EN: (
        "Join the alliance",
        "Companies across the BCI value chain, start-ups, investors, hospitals, universities and research institutes, "
        "service platforms and incubators are welcome to join and help bring major BCI products into use.",
        "How to join",
    ),
}

# --- About ------------------------------------------------------------------------------------------

MISSION = PageSpec(
    slug="mission",
    model=StandardPage,
    zh={
        "title": "联盟使命与任务",
        "introduction": (
            f"联盟依据{PLAN_ZH}第十七条设立：引导企业、高校、科研院所、医疗机构等建立产业创新战略联盟，"
            "加快产业链体系化突破。"
        ),
        "listing_summary": "行动方案第十七条赋予联盟的使命：典型案例、产品目录、创新应用大赛与“发现—甄别—培育”机制。",
        "body": [
            heading("行动方案赋予联盟的任务"),
            bullets(
                "发布<b>侵入式/半侵入式脑机接口典型应用案例</b>；",
                "发布<b>非侵入式脑机接口创新产品推荐目录</b>；",
                "组织开展<b>脑机接口创新应用大赛</b>；",
                "加速脑机接口重大产品落地应用。",
                intro="根据行动方案，联盟承担以下工作：",
            ),
            heading("“发现—甄别—培育”机制"),
            paragraph(
                "依托战略科学家、领军企业家、投资人，构建脑机接口未来产业“发现—甄别—培育”机制，"
                "通过全方位、多角度、系统性研判全球技术演进趋势，动态发现和有效甄别脑机接口领域颠覆性技术、"
                "标志性产品，挖掘潜在市场规模大、产业带动性强的产业化方向。",
            ),
            heading("项目经理人主导的全生命周期推进"),
            paragraph(
                "建立健全项目经理人主导的全生命周期推进机制，形成“技术攻关、概念验证、产品孵化、资源赋能、政策支撑、"
                "产业放大”的全链条联动、全过程创新和全产业链布局。",
            ),
            heading("引导资本与支付"),
            bullets(
                "引导金融资本加大对脑机接口前沿技术研究的投入力度，加速产品迭代，助力企业上市融资；",
                "引导医疗器械领域企业通过战略投资，推动脑机接口创新型企业持续创新发展；",
                "支持脑机接口产品纳入医疗保险收费目录。",
            ),
            paragraph(
                "联盟同时与行动方案第十六条提出的脑机接口专业孵化器和概念验证平台协同，"
                "通过物理空间、概念验证、投融资、合作对接等专业服务，加速创新技术的商业化。"
            ),
        ],
    },
    en={
        "title": "Mission and remit",
        "introduction": (
            f"The alliance is set up under item 17 of the {PLAN_EN}, which calls on companies, universities, "
            "research institutes and medical institutions to form an industry innovation strategic alliance and "
            "achieve systematic breakthroughs along the industry chain."
        ),
        "listing_summary": (
            "The remit item 17 of the action plan gives the alliance: typical cases, a product catalogue, "
            "an innovation competition and the discover–screen–cultivate mechanism."
        ),
        "body": [
            heading("What the action plan asks of the alliance"),
            bullets(
                "publish <b>typical application cases of invasive and semi-invasive BCI</b>;",
                "publish a <b>recommended catalogue of innovative non-invasive BCI products</b>;",
                "organise the <b>BCI Innovation Application Competition</b>;",
                "speed up the adoption of major BCI products.",
                intro="Under the action plan, the alliance is to:",
            ),
            heading("The discover–screen–cultivate mechanism"),
            paragraph(
                "Drawing on strategic scientists, leading entrepreneurs and investors, the alliance builds a "
                "“discover, screen, cultivate” mechanism for the BCI future industry. Through comprehensive, "
                "multi-angle and systematic assessment of how the technology is evolving worldwide, it continuously "
                "discovers and rigorously screens disruptive technologies and flagship products, and identifies "
                "directions with a large potential market and strong pull on the wider industry.",
            ),
            heading("A life cycle led by project managers"),
            paragraph(
                "Project managers lead each project through its whole life cycle — technical research, proof of "
                "concept, product incubation, resource support, policy support and industrial scale-up — so that "
                "the whole chain moves together, innovation runs through every stage and the full industry chain "
                "is covered.",
            ),
            heading("Capital and reimbursement"),
            bullets(
                "steer financial capital towards frontier BCI research, faster product iteration and public "
                "listings of BCI companies;",
                "encourage medical-device companies to support innovative BCI companies through strategic investment;",
                "support the inclusion of BCI products in the medical-insurance fee schedule.",
            ),
            paragraph(
                "The alliance also works with the specialised BCI incubators and proof-of-concept platforms called for "
                "in item 16 of the plan, which speed up commercialisation through space, proof of concept, investment "
                "and financing, and partner matchmaking."
            ),
        ],
    },
)

GOVERNANCE = PageSpec(
    slug="governance",
    model=StandardPage,
    zh={
        "title": "组织架构与成员",
        "introduction": "联盟实行成员大会、理事会、专家委员会和秘书处的治理结构，按工作组推进各项任务。",
        "listing_summary": "联盟的治理结构、工作组与成员类别。",
        "body": [
            heading("治理结构"),
            bullets(
                "<b>成员大会</b>：联盟最高议事机构，每年召开一次，审议年度工作报告和工作计划；",
                "<b>理事会</b>：由发起单位和骨干成员单位代表组成，决定重大事项；",
                "<b>专家委员会</b>：由战略科学家、临床专家、工程与监管专家及投资人组成，"
                "负责产品目录、典型案例和大赛的评审，以及“发现—甄别—培育”中的技术研判；",
                "<b>秘书处</b>：负责日常运行、成员核验与服务、门户运营。",
            ),
            heading("工作组"),
            table(
                "联盟工作组",
                [
                    ["工作组", "主要职责"],
                    ["产品目录工作组", "非侵入式脑机接口创新产品推荐目录的申报、评审与年度更新"],
                    ["临床应用与案例工作组", "侵入式/半侵入式典型应用案例的征集、审核与发布"],
                    ["大赛组委会", "脑机接口创新应用大赛的赛道设置、评审组织与赛后对接"],
                    ["孵化与投资工作组", "项目经理人机制、孵化器与概念验证平台对接、投融资服务"],
                    ["标准与检测工作组", "参与产品标准研究，协同检测机构开展测试验证"],
                ],
            ),
            heading("成员类别"),
            paragraph(
                "成员包括脑机接口企业、初创企业、投资机构、医疗机构、高校和科研院所、共性技术服务平台及专业孵化器。"
                "成员单位在门户完成核验后，其发布的产品、案例和创业信息方可公开展示。"
            ),
            demo_note(ZH),
        ],
    },
    en={
        "title": "Governance and members",
        "introduction": (
            "The alliance is governed by a general assembly of members, a council, an expert committee and a "
            "secretariat, and carries out its tasks through working groups."
        ),
        "listing_summary": "How the alliance is governed, its working groups and its categories of members.",
        "body": [
            heading("Governance"),
            bullets(
                "<b>General assembly</b>: the alliance's highest body, meeting once a year to approve the annual "
                "report and work plan;",
                "<b>Council</b>: representatives of the founding and leading members, deciding major matters;",
                "<b>Expert committee</b>: strategic scientists, clinicians, engineering and regulatory experts and "
                "investors, who review the product catalogue, the typical cases and the competition and assess "
                "technologies in the discover–screen–cultivate process;",
                "<b>Secretariat</b>: day-to-day operations, verification of and services to members, and this portal.",
            ),
            heading("Working groups"),
            table(
                "Working groups of the alliance",
                [
                    ["Working group", "Main responsibilities"],
                    [
                        "Product catalogue",
                        "Applications, review and yearly renewal of the non-invasive product catalogue",
                    ],
                    [
                        "Clinical applications and cases",
                        "Calls for, review and publication of typical invasive and semi-invasive cases",
                    ],
                    [
                        "Competition organising committee",
                        "Tracks, judging and follow-up matchmaking of the competition",
                    ],
                    [
                        "Incubation and investment",
                        "Project managers, incubators and proof-of-concept platforms, investment and financing",
                    ],
                    [
                        "Standards and testing",
                        "Contributing to product standards and test validation with testing institutions",
                    ],
                ],
            ),
            heading("Members"),
            paragraph(
                "Members are BCI companies, start-ups, investors, hospitals, universities and research institutes, "
                "shared technology platforms and specialised incubators. What a member publishes on the portal — "
                "products, cases, start-up profiles — becomes public once the secretariat has verified the member."
            ),
            demo_note(EN),
        ],
    },
)

ABOUT = PageSpec(
    slug="about",
    model=StandardPage,
    show_in_menus=True,
    zh={
        "title": "关于联盟",
        "introduction": (
            "上海市脑机接口产业创新战略联盟由企业、高校、科研院所、医疗机构和投资机构共同组成，"
            f"是落实{PLAN_ZH}、推动本市脑机接口产业链体系化突破的开放协作平台。"
        ),
        "listing_summary": "联盟的由来、使命、治理结构与成员。",
        "body": [
            heading("我们是谁"),
            paragraph(
                "脑机接口是通过神经工程手段实现大脑与外部设备信息交互的交叉前沿技术，在医疗、康养、教育、娱乐等领域"
                "有着广阔的应用前景。2025年1月，上海市科学技术委员会印发行动方案，提出建立脑机接口产业创新战略联盟。",
                "联盟连接产业链上下游：从柔性电极、低功耗神经信号采集及刺激芯片等关键零部件，到侵入式、半侵入式和"
                "非侵入式脑机接口产品，再到开展临床试验和应用示范的医疗机构与应用单位。",
            ),
            heading("我们做什么"),
            bullets(
                "发布非侵入式脑机接口创新产品推荐目录；",
                "发布侵入式/半侵入式脑机接口典型应用案例；",
                "组织脑机接口创新应用大赛；",
                "以“发现—甄别—培育”机制和项目经理人制度，陪伴初创企业从概念验证走向产业化，并对接投资机构。",
            ),
            paragraph("详见本栏目下的“联盟使命与任务”和“组织架构与成员”。"),
        ],
    },
    en={
        "title": "About the alliance",
        "introduction": (
            "The Shanghai BCI Industry Innovation Strategic Alliance brings together companies, universities, "
            "research institutes, hospitals and investors. It is an open platform for carrying out the "
            f"{PLAN_EN} and for systematic breakthroughs along Shanghai's BCI industry chain."
        ),
        "listing_summary": "Where the alliance comes from, its mission, governance and members.",
        "body": [
            heading("Who we are"),
            paragraph(
                "Brain-computer interfaces use neural engineering to let the brain exchange information with external "
                "devices. This interdisciplinary frontier technology has broad applications in medicine, "
                "rehabilitation "
                "and care, education and entertainment. In January 2025 the Shanghai Municipal Science and Technology "
                "Commission issued an action plan that calls for an industry innovation strategic alliance for BCI.",
                "The alliance links the whole value chain: key components such as flexible electrodes and low-power "
                "neural recording and stimulation chips; invasive, semi-invasive and non-invasive BCI products; and "
                "the hospitals and users who run clinical trials and demonstration projects.",
            ),
            heading("What we do"),
            bullets(
                "publish the recommended catalogue of innovative non-invasive BCI products;",
                "publish typical application cases of invasive and semi-invasive BCI;",
                "organise the BCI Innovation Application Competition;",
                "accompany start-ups from proof of concept to scale-up through the discover–screen–cultivate "
                "mechanism and project managers, and connect them with investors.",
            ),
            paragraph("See “Mission and remit” and “Governance and members” in this section."),
        ],
    },
    children=[MISSION, GOVERNANCE],
)

# --- The action plan ----------------------------------------------------------------------------------

ACTION_PLAN = PageSpec(
    slug="action-plan",
    model=StandardPage,
    show_in_menus=True,
    zh={
        "title": "行动方案解读",
        "seo_title": f"{PLAN_ZH}解读",
        "introduction": (
            f"2025年1月10日，上海市科学技术委员会印发{PLAN_ZH}（沪科〔2025〕5号）。"
            "本页概述方案的主要目标与重点任务，具体内容以市科委发布的原文为准。"
        ),
        "listing_summary": "2027年、2030年两个阶段目标，五个方面十七项重点任务。",
        "body": [
            heading("总体思路"),
            paragraph(
                "立足优势，多路并行、分策推进。以医疗级场景为核心，以战略产品为导向，推动脑机接口与具身智能等人工智能"
                "前沿技术的融合，加快侵入式、半侵入式脑机接口技术与产品的落地应用；鼓励非侵入式脑机接口技术在康复训练、"
                "教育娱乐、智能生活、生产制造等领域的应用。"
            ),
            heading("2027年目标：实现高质量脑控"),
            bullets(
                "半侵入式脑机接口产品在国内率先实现临床应用，侵入式脑机接口研发取得突破，脑机接口创新生态初步构建；",
                "推动5款以上侵入式、半侵入式脑机接口产品完成医疗器械型式检验，完成临床试验，面向失语、瘫痪等患者，"
                "实现部分语言和运动功能恢复；",
                "非侵入式脑机接口形成一批新业务、新应用、新模式、新业态，打造医疗级康复产品与消费级爆款应用；",
                "引育5家以上具有脑机接口核心技术与产品研发能力的自主创新企业、10家以上产业链骨干企业；",
                "形成脑机接口产品与检测评价标准规范。",
            ),
            heading("2030年目标：实现高质量控脑"),
            bullets(
                "脑机接口产品全面实现临床应用，打造全球脑机接口产品创新高地，产业链核心环节实现自主可控；",
                "系列侵入式、半侵入式脑机接口产品进入医疗器械注册审批阶段：帮助失明患者部分恢复视觉能力；"
                "帮助瘫痪患者部分恢复全身的触觉感知与运动能力；为难治性癫痫、重度抑郁症等脑疾病提供新型治疗手段；",
                "脑机接口上游产业链基本实现国产化，实现脑机接口与人工智能、虚拟现实融合发展；",
                "打造国家级脑机接口产业发展集聚区，多家脑机接口企业形成全球影响力，脑机接口产业发展成为"
                "战略性新兴产业中坚力量。",
            ),
            heading("五个方面十七项重点任务"),
            table(
                "行动方案重点任务一览",
                [
                    ["方面", "重点任务"],
                    [
                        "加速脑机接口产品化",
                        "1. 支持重大产品研发（运动控制、言语合成、神经疾病治疗、视觉重建）；"
                        "2. 加快软件算法和关键材料零部件研制（柔性电极、低功耗芯片、植入式电池）；"
                        "3. 协同开展核心外围设备自主研发（植入机器人、外骨骼、机械臂、义肢）；"
                        "4. 开展前沿与颠覆性技术研究（脑脊接口、介入式、光学或超声脑机接口）",
                    ],
                    [
                        "构建共性技术研发服务平台",
                        "5. 建设GMP标准的微纳加工平台；6. 建设含非人灵长类的GLP动物实验平台；"
                        "7. 构建不少于1000例病例的脑数据开放数据集；8. 布局上海市脑机接口重点实验室",
                    ],
                    [
                        "推动临床试验与应用示范",
                        "9. 完善科技伦理审查机制；10. 建设临床试验基地、临床评价体系和临床试验预备队列；"
                        "11. 推动养老康复、教育体育、工业安全、文化娱乐领域的应用示范",
                    ],
                    [
                        "健全产品标准与检测体系",
                        "12. 制定标准规范；13. 建立检测联合实验室；"
                        "14. 提升审评审批效率（第三类创新医疗器械专人专班辅导，加快第二类医疗器械审评）",
                    ],
                    [
                        "培育产业创新生态",
                        "15. 国际人才引进与成果转化；16. 建设专业孵化器、概念验证平台与产业集聚区；"
                        "17. 建立产业创新战略联盟与“发现—甄别—培育”机制",
                    ],
                ],
            ),
            heading("联盟如何落实"),
            paragraph(
                "本门户承载第十七条交给联盟的工作：产品推荐目录、典型应用案例、创新应用大赛和“发现—甄别—培育”"
                "孵化对接；同时汇集第五至七条的共性技术平台、第十条的临床试验基地和第十六条的专业孵化器与概念验证平台，"
                "便于企业和团队找到所需资源。"
            ),
            callout(
                "原文出处",
                "上海市科学技术委员会《关于印发〈上海市脑机接口未来产业培育行动方案（2025-2030年）〉的通知》，"
                "沪科〔2025〕5号，2025年1月10日（此件主动公开）。",
            ),
        ],
    },
    en={
        "title": "Action plan",
        "seo_title": f"The {PLAN_EN} explained",
        "introduction": (
            "On 10 January 2025 the Shanghai Municipal Science and Technology Commission issued the "
            f"{PLAN_EN} (Hu Ke [2025] No. 5). This page summarises its goals and key tasks; the official Chinese "
            "text published by the Commission is authoritative."
        ),
        "listing_summary": "Goals for 2027 and 2030, and seventeen key tasks in five areas.",
        "body": [
            heading("Approach"),
            paragraph(
                "Build on Shanghai's strengths and advance along several paths with tailored policies. With "
                "medical-grade applications at the core and strategic products as the guide, the plan promotes the "
                "fusion of BCI with frontier AI such as embodied intelligence and speeds up the clinical and market "
                "use of invasive and semi-invasive BCI. It encourages non-invasive BCI in rehabilitation, education "
                "and entertainment, smart living and manufacturing."
            ),
            heading("Goals for 2027: high-quality brain control"),
            bullets(
                "semi-invasive BCI products reach clinical use first in China, invasive BCI research achieves "
                "breakthroughs, and an innovation ecosystem for BCI takes shape;",
                "at least five invasive or semi-invasive BCI products complete medical-device type inspection and "
                "clinical trials, partly restoring speech and movement for patients with aphasia, paralysis and "
                "similar conditions;",
                "non-invasive BCI gives rise to new businesses, applications, models and formats, including "
                "medical-grade rehabilitation products and best-selling consumer applications;",
                "at least five innovative companies with their own core BCI technology and product development, and "
                "at least ten backbone companies along the industry chain, are attracted or grown;",
                "standards for BCI products and for their testing and evaluation are in place.",
            ),
            heading("Goals for 2030: high-quality brain modulation"),
            bullets(
                "BCI products are in full clinical use, Shanghai is a global centre of BCI product innovation, and "
                "the core links of the industry chain are under domestic control;",
                "a series of invasive and semi-invasive BCI products enter medical-device registration: partly "
                "restoring sight for blind patients, partly restoring whole-body touch and movement for paralysed "
                "patients, and offering new treatments for brain disorders such as refractory epilepsy and severe "
                "depression;",
                "the upstream supply chain is largely domestic, and BCI develops together with AI and virtual reality;",
                "a national-level BCI industry cluster is built, several BCI companies have global influence, and BCI "
                "becomes a mainstay of Shanghai's strategic emerging industries.",
            ),
            heading("Seventeen key tasks in five areas"),
            table(
                "Key tasks of the action plan",
                [
                    ["Area", "Key tasks"],
                    [
                        "Turning BCI into products",
                        "1. Support major product development (motor control, speech synthesis, treatment of "
                        "neurological disease, vision restoration); 2. Software, algorithms and key materials and "
                        "components (flexible electrodes, low-power chips, implantable batteries); 3. Core peripheral "
                        "devices (implant robots, exoskeletons, robotic arms, prostheses); 4. Frontier and disruptive "
                        "research (brain-spine interfaces, interventional, optical or ultrasound BCI)",
                    ],
                    [
                        "Shared R&D and service platforms",
                        "5. A GMP micro/nano fabrication platform; 6. A GLP animal-experiment platform including "
                        "non-human primates; 7. An open brain-data set of at least 1,000 cases; 8. A Shanghai key "
                        "laboratory for BCI",
                    ],
                    [
                        "Clinical trials and demonstration",
                        "9. Ethics review of BCI research; 10. Clinical trial bases, a clinical evaluation system and "
                        "pre-enrolment cohorts; 11. Demonstration in elderly care and rehabilitation, education and "
                        "sport, industrial safety, culture and entertainment",
                    ],
                    [
                        "Standards and testing",
                        "12. Standards; 13. Joint testing laboratories; 14. Faster review and approval (a dedicated "
                        "team for class III devices in the innovative-device special review, faster class II review)",
                    ],
                    [
                        "An innovation ecosystem",
                        "15. International talent and technology transfer; 16. Specialised incubators, "
                        "proof-of-concept platforms and industry clusters; 17. The industry innovation strategic "
                        "alliance and the discover–screen–cultivate mechanism",
                    ],
                ],
            ),
            heading("How the alliance delivers"),
            paragraph(
                "This portal carries the work item 17 gives the alliance — the product catalogue, the typical cases, "
                "the innovation competition and discover–screen–cultivate incubation and matchmaking — and brings "
                "together the shared platforms of items 5 to 7, the clinical trial bases of item 10 and the "
                "incubators and proof-of-concept platforms of item 16, so that companies and teams find what they need."
            ),
            callout(
                "Source",
                "Shanghai Municipal Science and Technology Commission, Notice on issuing the "
                f"{PLAN_EN}, Hu Ke [2025] No. 5, 10 January 2025 (published proactively). "
                "This English summary is the alliance's own and is not an official translation.",
            ),
        ],
    },
)

# --- Programme pages ---------------------------------------------------------------------------------

CATALOGUE = PageSpec(
    slug="catalogue",
    model=StandardPage,
    show_in_menus=True,
    zh={
        "title": "产品推荐目录",
        "seo_title": "非侵入式脑机接口创新产品推荐目录",
        "introduction": (
            "按照行动方案第十七条，联盟编制并发布《非侵入式脑机接口创新产品推荐目录》，向医疗机构、康养机构、"
            "学校和企业推荐技术先进、安全可靠、应用成效明确的非侵入式脑机接口产品。"
        ),
        "listing_summary": "非侵入式脑机接口创新产品推荐目录的收录范围、申报条件与评审流程。",
        "body": [
            paragraph(
                '<p><a href="/zh-hans/products/">浏览产品目录</a>：'
                "按脑机接口类型、信号模态、注册类别和企业筛选已发布的产品。</p>"
            ),
            heading("收录范围"),
            bullets(
                "康复训练与养老康复：脑卒中、脊髓损伤后的运动康复，认知训练与睡眠改善；",
                "教育与体育：注意力与学习状态监测、运动训练辅助；",
                "文化娱乐与智能生活：脑控交互、沉浸式娱乐、智能家居控制；",
                "生产制造与工业安全：疲劳与警觉度监测、脑控人机协作。",
                intro="目录收录基于脑电（EEG）、近红外（fNIRS）等非侵入式技术的产品，包括与外骨骼、机械臂、义肢等"
                "外围设备协同的系统，覆盖以下领域：",
            ),
            heading("申报条件"),
            bullets(
                "申报单位为在本门户完成核验的联盟成员企业；",
                "产品已定型，具备稳定供货和售后服务能力；",
                "用于医疗用途的产品已取得第二类或第三类医疗器械注册证，处于注册审评阶段的须如实标注；",
                "具备真实应用场景和可核查的用户使用数据；",
                "数据安全与个人信息保护符合国家相关规定。",
            ),
            heading("评审流程"),
            bullets(
                "成员单位在会员工作台在线填报产品信息并上传证明材料；",
                "秘书处形式审查；",
                "专家委员会从技术先进性、安全可靠性、应用成效和产业化水平四方面评审，必要时开展样机测试或实地核查；",
                "拟入选名单在门户公示；",
                "发布目录，此后每年更新一版，已入选产品须每年确认信息。",
                ordered=True,
            ),
            heading("入选产品可以获得什么"),
            paragraph(
                "入选产品在门户产品目录中展示，可按应用领域、技术路线和注册状态检索与比较；联盟向医疗机构及康养、"
                "教育等应用单位推介入选产品，并优先推荐参与应用示范项目。"
            ),
            demo_note(ZH),
        ],
    },
    en={
        "title": "Product catalogue",
        "seo_title": "Recommended catalogue of innovative non-invasive BCI products",
        "introduction": (
            "Under item 17 of the action plan, the alliance compiles and publishes a recommended catalogue of "
            "innovative non-invasive BCI products, pointing hospitals, care providers, schools and companies to "
            "products that are technically advanced, safe and reliable, and proven in use."
        ),
        "listing_summary": (
            "Scope, eligibility and review process of the recommended non-invasive BCI product catalogue."
        ),
        "body": [
            paragraph(
                '<p><a href="/en/products/">Browse the product catalogue</a>: published products by BCI type, '
                "signal modality, registration class and enterprise.</p>"
            ),
            heading("Scope"),
            bullets(
                "rehabilitation and elderly care: motor rehabilitation after stroke or spinal-cord injury, cognitive "
                "training, better sleep;",
                "education and sport: attention and learning-state monitoring, support for athletic training;",
                "culture, entertainment and smart living: brain-controlled interaction, immersive entertainment, "
                "smart-home control;",
                "manufacturing and industrial safety: fatigue and alertness monitoring, brain-controlled human-robot "
                "collaboration.",
                intro="The catalogue lists products based on non-invasive techniques such as EEG and fNIRS, including "
                "systems that work with exoskeletons, robotic arms or prostheses, in these fields:",
            ),
            heading("Who can apply"),
            bullets(
                "member companies that have been verified on this portal;",
                "finalised products with reliable supply and after-sales service;",
                "products for medical use must hold a class II or class III medical-device registration; products "
                "still under registration review must say so;",
                "real use settings and verifiable user data;",
                "data security and personal-information protection in line with Chinese law.",
            ),
            heading("Review process"),
            bullets(
                "members enter product details and upload evidence from their dashboard;",
                "the secretariat checks the application is complete;",
                "the expert committee reviews technical merit, safety and reliability, results in use and industrial "
                "maturity, testing samples or visiting sites where needed;",
                "the shortlist is published on the portal for comment;",
                "the catalogue is published and renewed every year; listed products confirm their details yearly.",
                ordered=True,
            ),
            heading("What listed products gain"),
            paragraph(
                "Listed products appear in the portal's catalogue, where they can be searched and compared by field of "
                "application, technique and registration status. The alliance presents them to hospitals, care "
                "providers and schools and recommends them first for demonstration projects."
            ),
            demo_note(EN),
        ],
    },
)

CASES = PageSpec(
    slug="cases",
    model=StandardPage,
    show_in_menus=True,
    zh={
        "title": "典型应用案例",
        "seo_title": "侵入式/半侵入式脑机接口典型应用案例",
        "introduction": (
            "联盟发布侵入式、半侵入式脑机接口典型应用案例，记录医疗机构与企业合作开展的临床研究和应用成效，"
            "为临床、产业和监管提供可参考的实践样本。"
        ),
        "listing_summary": "典型应用案例的方向、内容要求与征集发布流程。",
        "body": [
            heading("案例方向"),
            bullets(
                "运动控制：面向瘫痪、脊髓损伤、脑卒中、渐冻症患者的脑控机械臂、外骨骼与光标控制；",
                "言语合成：面向失语患者的言语解码与合成；",
                "视觉重建：面向失明患者的视觉功能部分恢复；",
                "触觉感知：感觉反馈与双向脑机接口；",
                "神经疾病治疗与调控：难治性癫痫、重度抑郁症等脑疾病的新型治疗手段。",
            ),
            heading("案例应包含的内容"),
            bullets(
                "适应症、入选与排除标准；",
                "伦理审查批件与知情同意情况；",
                "植入方式与器械信息，以及所处阶段（型式检验、临床试验、创新医疗器械特别审查、注册）；",
                "结局指标：功能恢复程度、解码准确率、安全性事件、随访时长；",
                "患者隐私保护：全部资料须去标识化。",
            ),
            heading("征集与发布"),
            paragraph(
                "案例由医疗机构与企业联合申报，经临床与伦理专家审核、联盟审定后发布。每个案例标注证据等级和更新日期，"
                "随随访数据持续更新。征集通知见“新闻与公告”栏目。",
                "<p><i>案例内容用于交流临床与产业实践，不构成诊疗建议。</i></p>",
            ),
            demo_note(ZH),
        ],
    },
    en={
        "title": "Application cases",
        "seo_title": "Typical application cases of invasive and semi-invasive BCI",
        "introduction": (
            "The alliance publishes typical application cases of invasive and semi-invasive BCI: clinical studies "
            "and their outcomes, run by hospitals together with companies, as reference points for clinicians, "
            "industry and regulators."
        ),
        "listing_summary": "Focus areas, required content and the call-and-review process for typical cases.",
        "body": [
            heading("Focus areas"),
            bullets(
                "motor control: brain-controlled robotic arms, exoskeletons and cursors for people with paralysis, "
                "spinal-cord injury, stroke or ALS;",
                "speech synthesis: decoding and synthesising speech for people with aphasia;",
                "vision restoration: partial restoration of sight for blind patients;",
                "touch and sensation: sensory feedback and bidirectional BCI;",
                "treatment and neuromodulation: new therapies for refractory epilepsy, severe depression and other "
                "brain disorders.",
            ),
            heading("What a case must document"),
            bullets(
                "indication, inclusion and exclusion criteria;",
                "ethics approval and informed consent;",
                "implantation approach and device, and its regulatory stage (type inspection, clinical trial, "
                "innovative-device special review, registration);",
                "outcome measures: functional recovery, decoding accuracy, adverse events, length of follow-up;",
                "patient privacy: all material must be de-identified.",
            ),
            heading("Calls and publication"),
            paragraph(
                "Hospitals and companies submit cases jointly. Clinical and ethics experts review them and the "
                "alliance approves them for publication. Each case shows its level of evidence and date of last "
                "update, and is updated as follow-up data arrive. Calls for cases are announced under News.",
                "<p><i>Cases share clinical and industrial practice; they are not medical advice.</i></p>",
            ),
            demo_note(EN),
        ],
    },
)

COMPETITION = PageSpec(
    slug="competition",
    model=StandardPage,
    show_in_menus=True,
    zh={
        "title": "创新应用大赛",
        "seo_title": "脑机接口创新应用大赛",
        "introduction": (
            "联盟组织开展脑机接口创新应用大赛，发现优秀团队和创新应用，推动优胜项目进入孵化、概念验证和投融资对接，"
            "加速脑机接口重大产品落地。"
        ),
        "listing_summary": "大赛的赛道、参赛对象、赛程、评审规则与赛后支持。",
        "body": [
            heading("赛道设置"),
            bullets(
                "<b>医疗健康赛道</b>：侵入式、半侵入式与非侵入式脑机接口在康复、诊疗和神经调控中的应用；",
                "<b>创新应用赛道</b>：非侵入式脑机接口在养老康复、教育体育、智能生活、工业安全、文化娱乐中的新应用；",
                "<b>算法赛道</b>：基于开放脑数据集的运动想象、言语解码等任务，提交结果自动评分、排行榜实时更新。",
            ),
            heading("谁可以参赛"),
            paragraph("企业、高校和科研院所团队、创业团队均可报名；同一项目只能参加一个赛道。"),
            heading("赛程"),
            bullets(
                "报名与提交材料（项目书、演示视频，算法赛道提交模型结果）；",
                "初赛：专家线上评审；",
                "复赛：路演答辩；",
                "决赛与颁奖。",
                ordered=True,
            ),
            heading("评审"),
            paragraph(
                "评委从技术创新性、临床或应用价值、产业化可行性和团队能力等方面打分；评委与参赛单位存在利益关系的须申报"
                "并回避。各阶段成绩经标准化处理后确定晋级名单。"
            ),
            heading("赛后支持"),
            bullets(
                "优先入驻合作专业孵化器，获得概念验证支持；",
                "项目经理人跟进，对接投资机构与医疗机构；",
                "符合条件的产品推荐进入创新产品推荐目录评审。",
            ),
            paragraph("大赛通知与日程见“新闻与公告”栏目。"),
            demo_note(ZH),
        ],
    },
    en={
        "title": "Innovation competition",
        "seo_title": "BCI Innovation Application Competition",
        "introduction": (
            "The alliance runs the BCI Innovation Application Competition to find outstanding teams and new "
            "applications, and to move winning projects into incubation, proof of concept and investment, so that "
            "major BCI products reach users sooner."
        ),
        "listing_summary": "Tracks, eligibility, stages, judging rules and follow-up support of the competition.",
        "body": [
            heading("Tracks"),
            bullets(
                "<b>Medicine and health</b>: invasive, semi-invasive and non-invasive BCI in rehabilitation, "
                "diagnosis, "
                "treatment and neuromodulation;",
                "<b>Innovative applications</b>: new uses of non-invasive BCI in elderly care, education and sport, "
                "smart living, industrial safety, culture and entertainment;",
                "<b>Algorithms</b>: tasks such as motor imagery and speech decoding on an open brain-data set, with "
                "automatic scoring and a live leaderboard.",
            ),
            heading("Who can enter"),
            paragraph(
                "Companies, university and research-institute teams and start-up teams; each project enters one track."
            ),
            heading("Stages"),
            bullets(
                "registration and submission (project plan, demonstration video; model results for the algorithm "
                "track);",
                "first round: online review by experts;",
                "second round: pitch and defence;",
                "final and award ceremony.",
                ordered=True,
            ),
            heading("Judging"),
            paragraph(
                "Judges score technical innovation, clinical or practical value, feasibility of industrialisation and "
                "the team. Judges declare any interest in an entrant and stand aside from it. Scores are normalised "
                "at each stage before the list of teams advancing is decided."
            ),
            heading("After the competition"),
            bullets(
                "priority places in partner incubators and proof-of-concept support;",
                "a project manager follows up and arranges meetings with investors and hospitals;",
                "eligible products are put forward for the recommended product catalogue.",
            ),
            paragraph("Calls and dates are announced under News."),
            demo_note(EN),
        ],
    },
)

INCUBATION = PageSpec(
    slug="incubation",
    model=StandardPage,
    show_in_menus=True,
    zh={
        "title": "孵化与对接",
        "seo_title": "“发现—甄别—培育”与孵化对接",
        "introduction": (
            "依托战略科学家、领军企业家和投资人，联盟构建脑机接口未来产业“发现—甄别—培育”机制，"
            "由项目经理人主导，陪伴项目从技术攻关走向产业放大。"
        ),
        "listing_summary": "发现—甄别—培育机制、项目经理人、专业孵化器与概念验证平台、投融资对接。",
        "body": [
            heading("发现—甄别—培育"),
            bullets(
                "<b>发现</b>：研判全球技术演进趋势，通过大赛、成员推荐和高校院所成果转化，动态发现颠覆性技术和标志性产品；",
                "<b>甄别</b>：专家委员会从技术、临床、市场和团队多角度评估，挖掘市场规模大、产业带动性强的方向；",
                "<b>培育</b>：入选项目由项目经理人跟进，配置概念验证、孵化空间、共性平台和资本等资源。",
            ),
            heading("项目经理人"),
            paragraph(
                "项目经理人主导全生命周期推进：技术攻关、概念验证、产品孵化、资源赋能、政策支撑、产业放大。"
                "项目经理人为每个项目制定里程碑，协调平台与临床资源，并定期向专家委员会报告进展。"
            ),
            heading("专业孵化器与概念验证平台"),
            paragraph(
                "按照行动方案第十六条，专业孵化器和概念验证平台通过物理空间、概念验证、投融资、合作对接等专业服务，"
                "加速脑机接口创新技术的商业化。联盟成员中的孵化器与概念验证平台在门户发布服务，初创企业可在线申请。"
            ),
            heading("共性技术平台"),
            bullets(
                "GMP微纳加工平台：柔性电极工艺研发与加工制造；",
                "GLP动物实验平台（含非人灵长类）：电极材料测试、解码算法有效性验证、临床前研究；",
                "数据服务平台：标准化采集、清洗标注的脑数据开放数据集；",
                "临床试验基地：临床评价体系、临床研究病房与临床试验预备队列。",
            ),
            heading("如何参与"),
            bullets(
                "初创企业：在会员工作台完善创业画像（技术路线、适应症、所处阶段、融资需求）；",
                "投资机构：登记投资偏好，浏览已核验的初创企业并发起会谈请求；",
                "服务平台与孵化器：发布服务项目，接受对接申请；",
                "双方确认后，敏感材料在签署保密协议后通过数据室共享。",
            ),
            demo_note(ZH),
        ],
    },
    en={
        "title": "Incubation",
        "seo_title": "Discover, screen, cultivate: incubation and matchmaking",
        "introduction": (
            "Drawing on strategic scientists, leading entrepreneurs and investors, the alliance runs a "
            "discover–screen–cultivate mechanism for the BCI future industry. Project managers lead each project "
            "from technical research to industrial scale-up."
        ),
        "listing_summary": (
            "The discover–screen–cultivate mechanism, project managers, specialised incubators and "
            "proof-of-concept platforms, and investor matchmaking."
        ),
        "body": [
            heading("Discover, screen, cultivate"),
            bullets(
                "<b>Discover</b>: follow how the technology evolves worldwide and find disruptive technologies and "
                "flagship products through the competition, members' referrals and university technology transfer;",
                "<b>Screen</b>: the expert committee assesses technology, clinical value, market and team, looking for "
                "directions with a large market and strong pull on the industry;",
                "<b>Cultivate</b>: a project manager follows each selected project and brings in proof of concept, "
                "incubation space, shared platforms and capital.",
            ),
            heading("Project managers"),
            paragraph(
                "Project managers lead the whole life cycle: technical research, proof of concept, product incubation, "
                "resource support, policy support and industrial scale-up. They set milestones for each project, "
                "coordinate platforms and clinical partners, and report progress to the expert committee."
            ),
            heading("Specialised incubators and proof-of-concept platforms"),
            paragraph(
                "As item 16 of the action plan sets out, specialised incubators and proof-of-concept "
                "platforms speed up "
                "the commercialisation of BCI through space, proof of concept, investment and financing, and partner "
                "matchmaking. Member incubators and platforms publish their services on the portal, and start-ups "
                "apply online."
            ),
            heading("Shared technology platforms"),
            bullets(
                "GMP micro/nano fabrication: process development and manufacturing of flexible electrodes;",
                "GLP animal experiments, including non-human primates: electrode-material testing, validation of "
                "decoding algorithms, preclinical studies;",
                "data services: open brain-data sets collected to common standards, cleaned and annotated;",
                "clinical trial bases: clinical evaluation, clinical research wards and pre-enrolment cohorts.",
            ),
            heading("How to take part"),
            bullets(
                "start-ups complete a profile in their dashboard (technique, indication, stage, funding needs);",
                "investors record their investment focus, browse verified start-ups and request meetings;",
                "service platforms and incubators publish their offers and receive requests;",
                "once both sides agree, sensitive documents are shared in a data room after signing an NDA.",
            ),
            demo_note(EN),
        ],
    },
)

RESOURCES = PageSpec(
    slug="resources",
    model=StandardPage,
    zh={
        "title": "平台与资源",
        "introduction": (
            "门户汇集产品、案例、大赛项目、初创企业和共性技术服务平台信息，支持中英文检索，"
            "如“康复”“失语”“外骨骼”“EEG”。"
        ),
        "listing_summary": "共性技术服务平台、临床试验基地，以及门户可检索的内容。",
        "body": [
            heading("可以检索什么"),
            bullets(
                "非侵入式脑机接口创新产品推荐目录中的产品；",
                "侵入式/半侵入式脑机接口典型应用案例；",
                "创新应用大赛的公开项目与获奖名单；",
                "已核验的初创企业、投资机构、服务平台与孵化器；",
                "新闻、公告与政策解读。",
            ),
            heading("检索小贴士"),
            paragraph(
                "同义词会一并检索：例如“脑卒中”“卒中”“中风”与“stroke”，“渐冻症”与“ALS”，“脑电”与“EEG”，"
                "“非侵入式”与“无创”。可按类别、应用领域、适应症和注册状态筛选结果。"
            ),
            heading("共性技术服务平台"),
            table(
                "行动方案提出的共性平台",
                [
                    ["平台", "服务内容", "方案条目"],
                    ["微纳加工平台（GMP）", "脑机接口电极新材料探索，柔性电极工艺研发与加工制造", "第5条"],
                    [
                        "动物实验平台（GLP）",
                        "含非人灵长类；电极材料研究与测试、脑电信号采集与解码算法验证、产品临床前研究",
                        "第6条",
                    ],
                    ["数据服务平台", "数据采集标准、清洗与标注，不少于1000例病例的开放数据集", "第7条"],
                    ["重点实验室", "基础研究、前沿技术研究与成果转化贯通", "第8条"],
                    ["临床试验基地", "临床评价体系、临床研究病房、临床试验预备队列", "第10条"],
                ],
            ),
        ],
    },
    en={
        "title": "Platforms and resources",
        "introduction": (
            "The portal brings together products, cases, competition entries, start-ups and shared technology "
            "platforms, searchable in Chinese or English — try “rehabilitation”, “aphasia”, “exoskeleton” or “EEG”."
        ),
        "listing_summary": "Shared technology platforms, clinical trial bases, and what you can search on the portal.",
        "body": [
            heading("What you can search"),
            bullets(
                "products in the recommended catalogue of innovative non-invasive BCI products;",
                "typical application cases of invasive and semi-invasive BCI;",
                "public entries and winners of the innovation competition;",
                "verified start-ups, investors, service platforms and incubators;",
                "news, announcements and policy explainers.",
            ),
            heading("Search tips"),
            paragraph(
                "Synonyms are searched together: “stroke” also finds 脑卒中, 卒中 and 中风; “ALS” finds 渐冻症; "
                "“EEG” finds 脑电; “non-invasive” finds 无创. Filter results by type, field of application, "
                "indication and registration status."
            ),
            heading("Shared technology platforms"),
            table(
                "Shared platforms named in the action plan",
                [
                    ["Platform", "Services", "Plan item"],
                    [
                        "Micro/nano fabrication (GMP)",
                        "New electrode materials; flexible-electrode process development and manufacturing",
                        "5",
                    ],
                    [
                        "Animal experiments (GLP)",
                        "Including non-human primates; electrode-material testing, signal acquisition and validation "
                        "of decoding algorithms, preclinical studies",
                        "6",
                    ],
                    [
                        "Data services",
                        "Collection standards, cleaning and annotation; an open data set of 1,000+ cases",
                        "7",
                    ],
                    ["Key laboratory", "Basic and frontier research linked to technology transfer", "8"],
                    [
                        "Clinical trial bases",
                        "Clinical evaluation, clinical research wards, pre-enrolment cohorts",
                        "10",
                    ],
                ],
            ),
        ],
    },
)

JOIN = PageSpec(
    slug="join",
    model=StandardPage,
    zh={
        "title": "加入联盟",
        "introduction": (
            "联盟面向脑机接口产业链上下游开放，欢迎企业、初创团队、投资机构、医疗机构、高校和科研院所、"
            "服务平台与专业孵化器加入。"
        ),
        "listing_summary": "谁可以加入、成员权益与入盟流程。",
        "body": [
            heading("成员权益"),
            bullets(
                "申报创新产品推荐目录和典型应用案例；",
                "参加创新应用大赛，获得孵化与投融资对接；",
                "使用门户发布产品、服务和创业信息，邀请同事共同维护；",
                "参加联盟工作组、专题研讨和标准研究；",
                "优先获得政策解读、临床资源与共性平台服务信息。",
            ),
            heading("入盟流程"),
            bullets(
                "在门户注册账号并验证电子邮箱；",
                "在会员工作台登记机构信息（名称、类别、统一社会信用代码、简介）；",
                "秘书处核验机构信息，一般在5个工作日内完成；",
                "核验通过后即可发布信息，并可邀请同事作为编辑加入。",
                ordered=True,
            ),
            heading("联系我们"),
            paragraph("如有疑问，请通过页脚的联系邮箱联系联盟秘书处。"),
            demo_note(ZH),
        ],
    },
    en={
        "title": "Join the alliance",
        "introduction": (
            "The alliance is open to the whole BCI value chain: companies, start-up teams, investors, hospitals, "
            "universities and research institutes, service platforms and specialised incubators."
        ),
        "listing_summary": "Who can join, what members gain and how to apply.",
        "body": [
            heading("What members gain"),
            bullets(
                "apply for the recommended product catalogue and submit typical application cases;",
                "enter the innovation competition and be matched with incubation and investors;",
                "publish products, services and start-up profiles on the portal, and invite colleagues to help;",
                "take part in working groups, workshops and standards work;",
                "hear first about policy explainers, clinical partners and shared-platform services.",
            ),
            heading("How to join"),
            bullets(
                "create an account on the portal and confirm your e-mail address;",
                "register your organisation in your dashboard (name, type, unified social credit code, description);",
                "the secretariat verifies your organisation, usually within five working days;",
                "once verified, you can publish and invite colleagues as editors.",
                ordered=True,
            ),
            heading("Contact"),
            paragraph("For questions, write to the secretariat at the address in the footer."),
            demo_note(EN),
        ],
    },
)

NEWS_INDEX = PageSpec(
    slug="news",
    model=NewsIndexPage,
    show_in_menus=True,
    zh={
        "title": "新闻与公告",
        "introduction": "联盟公告、案例征集、大赛通知、政策解读和产业动态。",
        "listing_summary": "联盟公告、案例征集、大赛通知、政策解读和产业动态。",
    },
    en={
        "title": "News",
        "introduction": (
            "Alliance announcements, calls for cases, competition calls, policy explainers and industry news."
        ),
        "listing_summary": (
            "Alliance announcements, calls for cases, competition calls, policy explainers and industry news."
        ),
    },
    children=NEWS,
)

# Order = menu order.
TREE = [ABOUT, CATALOGUE, CASES, COMPETITION, INCUBATION, NEWS_INDEX, ACTION_PLAN, RESOURCES, JOIN]
