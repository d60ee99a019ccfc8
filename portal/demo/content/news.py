"""News and announcements of the demo site, one of each category at least.

Only the first item reports a real event (the action plan, 沪科〔2025〕5号); every
other item is invented for the demo and carries ``demo_note`` at the end of its body.
Organisations named here are the fictional ones of ``portal.demo.organisations``.
"""

from datetime import date

from portal.demo.pages import PageSpec, bullets, demo_note, heading, paragraph
from portal.demo.registry import EN, ZH
from portal.models import NewsPage
from portal.models.pages import NewsCategory

SECRETARIAT = {ZH: "上海市脑机接口产业创新战略联盟秘书处", EN: "Alliance Secretariat"}
STCSM = {ZH: "上海市科学技术委员会", EN: "Shanghai Municipal Science and Technology Commission"}


def news(
    slug: str,
    day: date,
    category: str,
    source: dict,
    zh: tuple[str, str, list],
    en: tuple[str, str, list],
    *,
    invented: bool = True,
) -> PageSpec:
    """A news page: (title, summary, body blocks) per language; invented items get the demo note."""

    def fields(language, title, summary, body):
        if invented:
            body = [*body, demo_note(language)]
        return {
            "title": title,
            "summary": summary,
            "listing_summary": summary,
            "body": body,
            "source": source[language],
        }

    return PageSpec(
        slug=slug,
        model=NewsPage,
        common={"date": day, "category": category},
        zh=fields(ZH, *zh),
        en=fields(EN, *en),
    )


NEWS = [
    news(
        "action-plan-issued",
        date(2025, 1, 10),
        NewsCategory.POLICY,
        STCSM,
        (
            "市科委印发《上海市脑机接口未来产业培育行动方案（2025-2030年）》",
            "方案提出到2027年实现高质量脑控、到2030年实现高质量控脑，部署五个方面十七项重点任务，"
            "并提出建立脑机接口产业创新战略联盟。",
            [
                paragraph(
                    "2025年1月10日，上海市科学技术委员会经市政府同意，印发《上海市脑机接口未来产业培育行动方案"
                    "（2025-2030年）》（沪科〔2025〕5号）。方案指出，脑机接口是通过神经工程手段实现大脑与外部设备"
                    "信息交互的交叉前沿技术，在医疗、康养、教育、娱乐等领域有着广阔的应用前景。",
                    "方案以医疗级场景为核心、以战略产品为导向，提出到2027年推动5款以上侵入式、半侵入式脑机接口产品"
                    "完成医疗器械型式检验和临床试验，面向失语、瘫痪等患者实现部分语言和运动功能恢复；引育5家以上"
                    "自主创新企业、10家以上产业链骨干企业。到2030年，系列产品进入医疗器械注册审批阶段，帮助失明患者"
                    "部分恢复视觉能力，为难治性癫痫、重度抑郁症等脑疾病提供新型治疗手段。",
                ),
                heading("五个方面重点任务"),
                bullets(
                    "加速脑机接口产品化；",
                    "构建共性技术研发服务平台（微纳加工、动物实验、数据服务平台和重点实验室）；",
                    "推动临床试验与应用示范；",
                    "健全产品标准与检测体系；",
                    "培育产业创新生态，包括建设专业孵化器与概念验证平台、建立产业创新战略联盟。",
                ),
                paragraph("方案全文以上海市科学技术委员会发布的文件为准，本站“行动方案解读”栏目提供要点梳理。"),
            ],
        ),
        (
            "Shanghai issues its action plan for the brain-computer interface future industry (2025-2030)",
            "The plan aims for high-quality brain control by 2027 and high-quality brain modulation by 2030, sets "
            "seventeen key tasks in five areas and calls for an industry innovation strategic alliance.",
            [
                paragraph(
                    "On 10 January 2025 the Shanghai Municipal Science and Technology Commission, with the approval of "
                    "the municipal government, issued the Shanghai Action Plan for Cultivating the Brain-Computer "
                    "Interface Future Industry (2025-2030) (Hu Ke [2025] No. 5). The plan describes BCI as an "
                    "interdisciplinary frontier technology that uses neural engineering to let the brain exchange "
                    "information with external devices, with broad applications in medicine, rehabilitation and care, "
                    "education and entertainment.",
                    "Centred on medical-grade applications and guided by strategic products, the plan aims by 2027 for "
                    "at least five invasive or semi-invasive BCI products to complete medical-device type inspection "
                    "and clinical trials, partly restoring speech and movement for patients with aphasia or paralysis, "
                    "and for at least five innovative BCI companies and ten backbone companies to be "
                    "attracted or grown. "
                    "By 2030 a series of products should enter registration, partly restoring sight for blind patients "
                    "and offering new treatments for refractory epilepsy, severe depression and other brain disorders.",
                ),
                heading("Key tasks in five areas"),
                bullets(
                    "turning BCI into products;",
                    "shared R&D and service platforms (micro/nano fabrication, animal experiments, data services and a "
                    "key laboratory);",
                    "clinical trials and demonstration projects;",
                    "product standards and testing;",
                    "an innovation ecosystem, including specialised incubators, proof-of-concept platforms and an "
                    "industry innovation strategic alliance.",
                ),
                paragraph(
                    "The Commission's Chinese text is authoritative; see “Action plan” on this site for a summary."
                ),
            ],
        ),
        invented=False,
    ),
    news(
        "alliance-founding-assembly",
        date(2025, 3, 18),
        NewsCategory.ANNOUNCEMENT,
        SECRETARIAT,
        (
            "上海市脑机接口产业创新战略联盟成立大会在张江召开",
            "来自企业、高校院所、医疗机构和投资机构的首批发起单位共同签署联盟章程，选举产生首届理事会和专家委员会。",
            [
                paragraph(
                    "3月18日，上海市脑机接口产业创新战略联盟成立大会在张江科学城召开。首批发起单位涵盖脑机接口企业、"
                    "初创企业、投资机构、医疗机构、高校院所、共性技术服务平台和专业孵化器，共同签署了联盟章程。",
                    "大会选举产生首届理事会，聘任由战略科学家、临床专家、工程与监管专家及投资人组成的专家委员会，"
                    "并发布联盟2025年工作计划：启动典型应用案例征集和创新产品推荐目录申报，举办首届脑机接口创新应用大赛，"
                    "建立项目经理人制度。",
                    "联盟秘书处表示，联盟门户将同步上线，成员单位可在线完成核验，发布产品、案例与创业信息。",
                ),
            ],
        ),
        (
            "Shanghai BCI Industry Innovation Strategic Alliance holds its founding assembly in Zhangjiang",
            "Founding members from industry, universities, hospitals and investment signed the alliance's charter and "
            "elected its first council and expert committee.",
            [
                paragraph(
                    "On 18 March the Shanghai BCI Industry Innovation Strategic Alliance held its founding assembly in "
                    "Zhangjiang Science City. The founding members — BCI companies, start-ups, investors, hospitals, "
                    "universities and research institutes, shared technology platforms and specialised incubators — "
                    "signed the alliance's charter.",
                    "The assembly elected the first council, appointed an expert committee of strategic scientists, "
                    "clinicians, engineering and regulatory experts and investors, and adopted the 2025 work plan: "
                    "a call for typical application cases, applications for the recommended product catalogue, the "
                    "first BCI Innovation Application Competition and a system of project managers.",
                    "The secretariat announced that the alliance portal opens at the same time, where members are "
                    "verified online and publish products, cases and start-up profiles.",
                ),
            ],
        ),
    ),
    news(
        "first-members-verified",
        date(2025, 5, 20),
        NewsCategory.ANNOUNCEMENT,
        SECRETARIAT,
        (
            "首批成员单位完成核验",
            "秘书处完成首批成员单位的信息核验，核验通过的成员已可在门户发布产品、服务和创业信息。",
            [
                paragraph(
                    "联盟秘书处完成首批成员单位的信息核验，涵盖企业、初创企业、投资机构、医疗机构、科研院所、"
                    "共性技术服务平台和专业孵化器七类成员。",
                    "核验内容包括机构名称、统一社会信用代码和业务范围等。核验通过后，成员单位可在会员工作台发布信息，"
                    "并邀请同事作为编辑共同维护。尚未提交材料的单位可随时在线补充，秘书处一般在5个工作日内完成核验。",
                ),
            ],
        ),
        (
            "First member organisations verified",
            "The secretariat has verified the first member organisations, which can now publish products, services "
            "and start-up profiles on the portal.",
            [
                paragraph(
                    "The alliance secretariat has completed verification of its first member organisations across all "
                    "seven categories: companies, start-ups, investors, hospitals, research institutes, shared "
                    "technology platforms and specialised incubators.",
                    "Verification covers the organisation's name, unified social credit code and scope of business. "
                    "Verified members publish from their dashboard and can invite colleagues as editors. Organisations "
                    "that have not yet sent their documents can do so online at any time; verification usually takes "
                    "up to five working days.",
                ),
            ],
        ),
    ),
    news(
        "call-for-cases-2025",
        date(2025, 6, 16),
        NewsCategory.CALL_FOR_CASES,
        SECRETARIAT,
        (
            "关于征集2025年度侵入式/半侵入式脑机接口典型应用案例的通知",
            "面向医疗机构与企业征集运动控制、言语合成、视觉重建和神经调控等方向的典型应用案例，截止日期为9月30日。",
            [
                paragraph(
                    "为落实行动方案第十七条，联盟现面向本市医疗机构及合作企业征集2025年度侵入式/半侵入式脑机接口"
                    "典型应用案例。",
                ),
                heading("征集方向"),
                bullets(
                    "运动控制（瘫痪、脊髓损伤、脑卒中、渐冻症）；",
                    "言语合成（失语）；",
                    "视觉重建（失明）；",
                    "神经疾病治疗与调控（难治性癫痫、重度抑郁症）。",
                ),
                heading("申报要求"),
                paragraph(
                    "案例须已获伦理审查批准并完成知情同意，提供适应症、入选与排除标准、器械信息及其监管阶段、"
                    "结局指标和随访数据，全部资料须去标识化。由医疗机构与企业联合在门户提交，截止日期为2025年9月30日。"
                ),
            ],
        ),
        (
            "Call for typical application cases of invasive and semi-invasive BCI, 2025",
            "Hospitals and companies are invited to submit typical cases in motor control, speech synthesis, vision "
            "restoration and neuromodulation by 30 September.",
            [
                paragraph(
                    "To carry out item 17 of the action plan, the alliance invites Shanghai hospitals and "
                    "their company "
                    "partners to submit typical application cases of invasive and semi-invasive BCI for 2025.",
                ),
                heading("Focus areas"),
                bullets(
                    "motor control (paralysis, spinal-cord injury, stroke, ALS);",
                    "speech synthesis (aphasia);",
                    "vision restoration (blindness);",
                    "treatment and neuromodulation (refractory epilepsy, severe depression).",
                ),
                heading("Requirements"),
                paragraph(
                    "Cases must have ethics approval and informed consent, and document the indication, inclusion and "
                    "exclusion criteria, the device and its regulatory stage, outcome measures and follow-up data; all "
                    "material must be de-identified. Hospitals and companies submit jointly on the portal by "
                    "30 September 2025."
                ),
            ],
        ),
    ),
    news(
        "catalogue-2025-applications",
        date(2025, 7, 8),
        NewsCategory.ANNOUNCEMENT,
        SECRETARIAT,
        (
            "《非侵入式脑机接口创新产品推荐目录（2025年版）》开始申报",
            "核验通过的成员企业可在会员工作台申报康复、养老、教育体育、智能生活和工业安全等领域的非侵入式产品。",
            [
                paragraph(
                    "联盟启动《非侵入式脑机接口创新产品推荐目录（2025年版）》申报工作。目录面向康复训练、养老康复、"
                    "教育体育、文化娱乐、智能生活、生产制造和工业安全等领域，收录技术先进、安全可靠、应用成效明确的产品。",
                    "用于医疗用途的产品须已取得第二类或第三类医疗器械注册证；处于注册审评阶段的产品可申报，须如实标注。"
                    "专家委员会将从技术先进性、安全可靠性、应用成效和产业化水平四方面评审。",
                    "申报截止日期为2025年10月15日，拟入选名单将在门户公示。",
                ),
            ],
        ),
        (
            "Applications open for the 2025 catalogue of innovative non-invasive BCI products",
            "Verified member companies can apply from their dashboard with non-invasive products for rehabilitation, "
            "elderly care, education and sport, smart living and industrial safety.",
            [
                paragraph(
                    "The alliance has opened applications for the 2025 edition of the recommended catalogue of "
                    "innovative non-invasive BCI products. The catalogue covers rehabilitation, elderly "
                    "care, education "
                    "and sport, culture and entertainment, smart living, manufacturing and industrial "
                    "safety, and lists "
                    "products that are technically advanced, safe and reliable, and proven in use.",
                    "Products for medical use must hold a class II or class III medical-device registration; products "
                    "under registration review may apply if they say so. The expert committee reviews technical merit, "
                    "safety and reliability, results in use and industrial maturity.",
                    "Applications close on 15 October 2025; the shortlist will be published on the portal.",
                ),
            ],
        ),
    ),
    news(
        "competition-2025-call",
        date(2025, 8, 1),
        NewsCategory.COMPETITION_CALL,
        SECRETARIAT,
        (
            "首届脑机接口创新应用大赛报名启动",
            "大赛设医疗健康、创新应用和算法三个赛道，面向企业、高校院所和创业团队，报名截止9月15日。",
            [
                paragraph(
                    "首届脑机接口创新应用大赛即日起接受报名。大赛设医疗健康赛道、创新应用赛道和算法赛道，"
                    "企业、高校和科研院所团队、创业团队均可参赛。",
                ),
                heading("赛程安排"),
                bullets(
                    "报名与材料提交：8月1日至9月15日；",
                    "初赛（线上评审）：9月下旬；",
                    "复赛（路演答辩）：11月；",
                    "决赛与颁奖：12月。",
                ),
                paragraph(
                    "算法赛道基于开放脑数据集设置运动想象解码任务，参赛团队提交预测结果后自动评分。"
                    "优胜项目将获得合作孵化器入驻、概念验证支持和投资机构对接机会。"
                ),
            ],
        ),
        (
            "First BCI Innovation Application Competition opens for entries",
            "Three tracks — medicine and health, innovative applications, and algorithms — are open to companies, "
            "research teams and start-ups until 15 September.",
            [
                paragraph(
                    "The first BCI Innovation Application Competition is now open for entries. It has three tracks — "
                    "medicine and health, innovative applications, and algorithms — and is open to companies, "
                    "university and research-institute teams and start-up teams.",
                ),
                heading("Timetable"),
                bullets(
                    "registration and submission: 1 August to 15 September;",
                    "first round (online review): late September;",
                    "second round (pitch and defence): November;",
                    "final and awards: December.",
                ),
                paragraph(
                    "The algorithm track sets a motor-imagery decoding task on an open brain-data set; teams submit "
                    "predictions and are scored automatically. Winners receive places in partner incubators, "
                    "proof-of-concept support and introductions to investors."
                ),
            ],
        ),
    ),
    news(
        "bluebay-poc-centre-opens",
        date(2025, 9, 12),
        NewsCategory.INDUSTRY,
        SECRETARIAT,
        (
            "蓝湾神经科技概念验证中心在临港投入运行",
            "中心为脑机接口初创团队提供样机验证、动物实验对接和投融资服务，首批五个项目入驻。",
            [
                paragraph(
                    "联盟成员单位蓝湾神经科技概念验证中心在临港新片区投入运行。中心按照行动方案第十六条的思路，"
                    "为脑机接口初创团队提供物理空间、概念验证、投融资和合作对接服务。",
                    "中心与微纳加工平台和GLP动物实验平台建立合作，帮助团队在早期完成电极样品加工和临床前验证；"
                    "首批五个项目已入驻，方向包括柔性电极、言语解码和视觉重建。",
                ),
            ],
        ),
        (
            "Blue Bay Neurotech Proof-of-Concept Centre opens in Lingang",
            "The centre offers BCI start-ups prototype validation, access to animal studies and investment services; "
            "five projects have moved in.",
            [
                paragraph(
                    "The Blue Bay Neurotech Proof-of-Concept Centre, an alliance member, has opened in the Lingang "
                    "Special Area. In the spirit of item 16 of the action plan, it offers BCI start-up teams space, "
                    "proof of concept, investment and financing, and partner matchmaking.",
                    "The centre works with the micro/nano fabrication platform and the GLP animal-research platform so "
                    "that teams can have electrode samples made and preclinical validation done early. The first five "
                    "projects, in flexible electrodes, speech decoding and vision restoration, have moved in.",
                ),
            ],
        ),
    ),
    news(
        "innovative-device-review-explained",
        date(2025, 10, 15),
        NewsCategory.POLICY,
        SECRETARIAT,
        (
            "政策解读：脑机接口产品如何用好审评审批支持措施",
            "行动方案第十四条提出对进入国家创新医疗器械特别审查程序的第三类医疗器械落实专人专班辅导，并加快第二类审评。",
            [
                paragraph(
                    "行动方案第十四条提出：积极开展脑机接口监管科学研究；对进入国家创新医疗器械特别审查程序的第三类"
                    "医疗器械，落实专人专班辅导机制；在临床试验、注册申报等关键环节，争取国家注册审评支持；"
                    "在检验检测、现场核查等环节，开展跨前服务；加快第二类医疗器械审评速度。",
                ),
                heading("对企业意味着什么"),
                bullets(
                    "侵入式、半侵入式产品多按第三类医疗器械管理，宜尽早评估是否符合创新医疗器械特别审查条件；",
                    "型式检验和临床试验方案应尽早与检验机构、临床试验基地沟通；",
                    "非侵入式康复类产品多为第二类医疗器械，可关注本市加快审评的安排。",
                ),
                paragraph("联盟标准与检测工作组将组织专题交流，具体要求以药品监管部门发布为准。"),
            ],
        ),
        (
            "Policy explainer: making the most of review and approval support for BCI products",
            "Item 14 of the action plan promises dedicated guidance for class III devices in the national "
            "innovative-device special review, and faster review of class II devices.",
            [
                paragraph(
                    "Item 14 of the action plan calls for regulatory-science research on BCI; a dedicated "
                    "team to guide "
                    "class III devices that enter the national special review procedure for innovative "
                    "medical devices; "
                    "support from national reviewers at key stages such as clinical trials and registration; early, "
                    "proactive service in testing and on-site inspection; and faster review of class II devices.",
                ),
                heading("What it means for companies"),
                bullets(
                    "invasive and semi-invasive products are mostly regulated as class III devices — assess early "
                    "whether yours qualifies for the innovative-device special review;",
                    "discuss type-inspection and clinical-trial plans early with testing institutes and clinical trial "
                    "bases;",
                    "non-invasive rehabilitation products are mostly class II devices and can benefit from Shanghai's "
                    "faster review.",
                ),
                paragraph(
                    "The alliance's standards and testing working group will hold a briefing; the drug regulators' "
                    "own publications are authoritative."
                ),
            ],
        ),
    ),
    news(
        "competition-2025-finalists",
        date(2025, 11, 20),
        NewsCategory.COMPETITION_CALL,
        SECRETARIAT,
        (
            "首届脑机接口创新应用大赛复赛结果公示及决赛安排",
            "三个赛道共18个项目晋级决赛，决赛将于12月在张江举行，公示期为7天。",
            [
                paragraph(
                    "首届脑机接口创新应用大赛复赛路演已经结束。经评委打分和成绩标准化处理，三个赛道共18个项目晋级决赛，"
                    "名单在门户大赛页面公示，公示期为7天，期间如有异议可向大赛组委会反映。",
                    "决赛将于12月在张江举行，采用现场路演和答辩方式。算法赛道排行榜已冻结，以隐藏测试集成绩为准。",
                ),
            ],
        ),
        (
            "First BCI Innovation Application Competition: finalists announced and final arranged",
            "Eighteen projects across the three tracks have reached the final, to be held in Zhangjiang in December; "
            "the list is open for comment for seven days.",
            [
                paragraph(
                    "The second-round pitches of the first BCI Innovation Application Competition are over. After "
                    "judging and score normalisation, eighteen projects across the three tracks have reached "
                    "the final. "
                    "The list is published on the competition page for seven days, during which objections can be "
                    "raised with the organising committee.",
                    "The final will take place in Zhangjiang in December, with live pitches and questions. "
                    "The algorithm "
                    "track's leaderboard is frozen; rankings are based on the hidden test set.",
                ),
            ],
        ),
    ),
    news(
        "open-brain-data-release",
        date(2025, 12, 10),
        NewsCategory.INDUSTRY,
        SECRETARIAT,
        (
            "海上脑数据开放服务平台发布首批标准化脑电数据集",
            "首批数据覆盖运动想象与言语任务范式，按统一标准采集、清洗与标注，向成员单位开放申请使用。",
            [
                paragraph(
                    "联盟成员单位海上脑数据开放服务平台发布首批标准化脑电数据集，覆盖运动想象和言语任务范式，"
                    "数据按统一的采集标准规范完成清洗与标注，并经去标识化处理。",
                    "行动方案第七条提出构建不少于1000例病例的高质量脑数据开放数据集。平台表示，将持续扩充视觉、"
                    "高级认知与情感等任务范式的数据，成员单位可在线申请使用，用于算法研发和科学研究。",
                ),
            ],
        ),
        (
            "Haishang Open Brain Data Platform releases its first standardised EEG data sets",
            "The first data sets cover motor-imagery and speech paradigms, collected, cleaned and annotated to common "
            "standards, and are open to members on application.",
            [
                paragraph(
                    "The Haishang Open Brain Data Platform, an alliance member, has released its first "
                    "standardised EEG "
                    "data sets, covering motor-imagery and speech paradigms. The data were collected to common "
                    "standards, cleaned, annotated and de-identified.",
                    "Item 7 of the action plan calls for a high-quality open brain-data set of at least 1,000 cases. "
                    "The platform will add visual, higher-cognition and emotion paradigms; members can apply online to "
                    "use the data for algorithm development and research.",
                ),
            ],
        ),
    ),
    news(
        "semi-invasive-motor-study-first-enrolment",
        date(2026, 1, 20),
        NewsCategory.INDUSTRY,
        SECRETARIAT,
        (
            "半侵入式脑机接口运动功能重建临床研究完成首例入组",
            "上海滨海神经医学中心联合澜思神经科技开展的临床研究完成首例脊髓损伤患者入组。",
            [
                paragraph(
                    "上海滨海神经医学中心联合澜思神经科技（上海）有限公司开展的半侵入式脑机接口运动功能重建临床研究"
                    "完成首例入组。受试者为颈髓损伤导致四肢瘫痪的成年患者，研究经医院伦理委员会审查批准，"
                    "受试者签署了知情同意书。",
                    "研究主要终点为脑控机械臂完成日常抓取任务的成功率，次要终点包括解码准确率和安全性事件，"
                    "计划随访12个月。研究团队表示，将按联盟典型应用案例要求整理并申报阶段性结果。",
                ),
            ],
        ),
        (
            "First participant enrolled in semi-invasive BCI study to restore movement",
            "Shanghai Binhai Neuromedical Centre and Lansi Neurotechnology have enrolled the first patient with "
            "spinal-cord injury in their clinical study.",
            [
                paragraph(
                    "A clinical study of semi-invasive BCI to restore movement, run by the Shanghai Binhai "
                    "Neuromedical "
                    "Centre with Lansi Neurotechnology (Shanghai) Co., Ltd., has enrolled its first participant: an "
                    "adult with tetraplegia after cervical spinal-cord injury. The study was approved by the "
                    "hospital's "
                    "ethics committee and the participant gave informed consent.",
                    "The primary end point is the success rate of everyday grasping tasks with a brain-controlled "
                    "robotic arm; secondary end points include decoding accuracy and adverse events, with 12 months of "
                    "follow-up. The team plans to submit interim results as a typical application case.",
                ),
            ],
        ),
    ),
    news(
        "catalogue-2025-published",
        date(2026, 2, 26),
        NewsCategory.ANNOUNCEMENT,
        SECRETARIAT,
        (
            "《非侵入式脑机接口创新产品推荐目录（2025年版）》发布",
            "经专家评审和公示，首版目录收录康复训练、养老康复、教育体育和工业安全等领域的非侵入式产品。",
            [
                paragraph(
                    "经形式审查、专家评审和公示，联盟发布《非侵入式脑机接口创新产品推荐目录（2025年版）》。"
                    "入选产品覆盖康复训练、养老康复、教育体育和工业安全等领域，其中既有已取得第二类医疗器械注册证的"
                    "康复产品，也有面向消费和工业场景的新应用。",
                    "入选产品已在门户产品目录中展示，可按应用领域、技术路线和注册状态检索与比较。"
                    "2026年版申报预计于年中启动。",
                ),
            ],
        ),
        (
            "2025 catalogue of innovative non-invasive BCI products published",
            "After expert review and public comment, the first catalogue lists non-invasive products for "
            "rehabilitation, elderly care, education and sport, and industrial safety.",
            [
                paragraph(
                    "After completeness checks, expert review and public comment, the alliance has published the 2025 "
                    "recommended catalogue of innovative non-invasive BCI products. Listed products serve "
                    "rehabilitation, elderly care, education and sport, and industrial safety; they include "
                    "rehabilitation devices with class II registration as well as new consumer and industrial "
                    "applications.",
                    "The products appear in the portal's catalogue, where they can be searched and compared "
                    "by field of "
                    "application, technique and registration status. Applications for the 2026 edition are expected to "
                    "open mid-year.",
                ),
            ],
        ),
    ),
    news(
        "call-for-cases-2026",
        date(2026, 3, 2),
        NewsCategory.CALL_FOR_CASES,
        SECRETARIAT,
        (
            "2026年度典型应用案例征集启动，新增触觉感知方向",
            "在运动控制、言语合成、视觉重建和神经调控基础上新增触觉感知与双向脑机接口方向，截止日期为6月30日。",
            [
                paragraph(
                    "联盟启动2026年度侵入式/半侵入式脑机接口典型应用案例征集。本年度在运动控制、言语合成、视觉重建和"
                    "神经疾病治疗与调控方向基础上，新增触觉感知与双向脑机接口方向。",
                    "已发布的2025年度案例可提交随访更新。申报要求与上一年度一致，截止日期为2026年6月30日。",
                ),
            ],
        ),
        (
            "2026 call for typical application cases adds touch and sensation",
            "Alongside motor control, speech synthesis, vision restoration and neuromodulation, this year's call adds "
            "touch and bidirectional BCI; deadline 30 June.",
            [
                paragraph(
                    "The alliance has opened its 2026 call for typical application cases of invasive and semi-invasive "
                    "BCI. Alongside motor control, speech synthesis, vision restoration and treatment and "
                    "neuromodulation, this year adds touch, sensation and bidirectional BCI.",
                    "Cases published in 2025 can submit follow-up updates. Requirements are unchanged; the deadline is "
                    "30 June 2026.",
                ),
            ],
        ),
    ),
]
