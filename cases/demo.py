# ruff: noqa: E501  (the demo tables keep one case per block, as written by an editor)
"""Demo cases for ``manage.py load_demo``: a bilingual case index, 26 cases, the 2026 selection.

Everything here is invented (演示数据 / demo data) and says so on every case: patients,
results, trial numbers and DOIs. Trial numbers are well-formed but outside the ranges the
registries have issued (NCT09…, ChiCTR29…), and DOIs use Crossref's example prefix
10.5555, so no link points at a real study. Each case is written in Chinese (the source
tree) and English (a Wagtail translation of the Chinese page, with English outcome rows).
Idempotent: a case is found by its slug under the index; a demo submission by its title.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from cases.models import (
    CaseIndexPage,
    CaseMilestone,
    CaseOutcome,
    CasePage,
    CasePublication,
    CaseSubmission,
    CaseSubmissionOutcome,
    CaseTrialRegistration,
    TypicalCaseSelection,
)
from cases.vocabulary import SubmissionStatus
from portal.demo.pages import PageSpec, ensure_translation, ensure_tree, publish
from portal.demo.registry import EN, DemoContext, Loader

ATTESTED_AT = datetime.datetime(2026, 1, 8, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DEMO_ZH = "（演示数据：患者、机构数据与结果均为虚构。）"
DEMO_EN = "(Demo data: the patients, figures and results are fictional.)"

#: The list of cases, beside the editorial "cases" page of portal's demo (the programme: what a case must contain).
INDEX = PageSpec(
    slug="case-library",
    model=CaseIndexPage,
    show_in_menus=True,
    zh={
        "title": "案例库",
        "introduction": "联盟遴选发布的侵入式、半侵入式脑机接口典型临床应用案例，按类型、技术路线、功能、适应症和机构检索。",
    },
    en={
        "title": "Case library",
        "introduction": "Typical clinical cases of invasive and semi-invasive BCI selected and published by the alliance, "
        "searchable by type, approach, function, indication and institution.",
    },
)

# An outcome: (measure zh, measure en), (time frame zh, en), (result zh, en), value, (unit zh, en)
# A case archetype: key, (title zh, en), (summary zh, en), type, approach, functions, indications, phase,
# products (model numbers), outcomes, (adverse events zh, en)
ARCHETYPES = [
    ("speech-als", ("渐冻症患者皮层内言语解码", "Intracortical speech decoding for a man with ALS"),
     ("植入四枚微电极阵列，实时将尝试说话的神经活动解码为文字和合成语音。",
      "Four microelectrode arrays decode attempted speech into text and a synthesised voice in real time."),
     "invasive", "intracortical_array", ["speech"], ["als", "aphasia"], "first_in_human", ["NY-Speech1"],
     [(("解码词汇准确率", "Word decoding accuracy"), ("8个月", "8 months"), ("词汇量 1.2 万词时准确率 97%", "97% with a 12,000-word vocabulary"), "97", ("%", "%")),
      (("交流速度", "Communication rate"), ("8个月", "8 months"), ("每分钟 32 个词", "32 words per minute"), "32", ("词/分钟", "words/min"))],
     ("术后一过性头痛，未见严重不良事件。", "Transient headache after surgery; no serious adverse events.")),
    ("tetraplegia-arm", ("高位截瘫患者脑控机械臂进食", "A man with tetraplegia feeds himself with a brain-controlled robotic arm"),
     ("运动皮层植入阵列驱动六自由度机械臂，完成抓取与进食等日常动作。",
      "Motor-cortex arrays drive a six-degree-of-freedom robotic arm for grasping and eating."),
     "invasive", "intracortical_array", ["motor_control"], ["paralysis", "spinal_cord_injury"], "first_in_human", ["LS-Arm1"],
     [(("动作研究上肢测试得分", "Action Research Arm Test score"), ("6个月", "6 months"), ("由 0 分提高至 21 分", "from 0 to 21 points"), "21", ("分", "points")),
      (("抓取成功率", "Grasp success rate"), ("6个月", "6 months"), ("91%", "91%"), "91", ("%", "%"))],
     ("一例切口浅表感染，经抗生素治愈。", "One superficial wound infection, resolved with antibiotics.")),
    ("cursor-typing", ("脊髓损伤患者脑控光标打字", "Brain-controlled cursor typing after spinal-cord injury"),
     ("柔性电极采集运动意图信号，患者通过光标在屏幕键盘上打字、浏览网页。",
      "Flexible electrodes record movement intent; the patient types on an on-screen keyboard and browses the web."),
     "invasive", "flexible_electrode", ["motor_control"], ["spinal_cord_injury", "paralysis"], "first_in_human", ["HX-SD8"],
     [(("打字速度", "Typing speed"), ("3个月", "3 months"), ("每分钟 62 个字符", "62 characters per minute"), "62", ("字符/分钟", "characters/min")),
      (("光标到达目标时间", "Time to target"), ("3个月", "3 months"), ("平均 1.4 秒", "1.4 s on average"), "1.4", ("秒", "s"))],
     ("无器械相关严重不良事件。", "No serious device-related adverse events.")),
    ("ecog-hand", ("半侵入式硬膜外电极恢复手部抓握", "Semi-invasive epidural electrodes restore hand grasp"),
     ("颅骨内硬膜外放置电极，无线采集皮层电信号，驱动气动手套完成抓握。",
      "Epidural electrodes under the skull wirelessly record cortical signals that drive a pneumatic glove."),
     "semi_invasive", "epidural", ["motor_control"], ["spinal_cord_injury"], "pilot", ["QH-SZ2", "JM-Epi3"],
     [(("抓握成功率", "Grasp success rate"), ("9个月", "9 months"), ("90% 以上", "above 90%"), "92", ("%", "%")),
      (("上肢运动功能评分", "Upper-limb motor score (Fugl-Meyer)"), ("9个月", "9 months"), ("提高 5 分", "up by 5 points"), "5", ("分", "points"))],
     ("无颅内感染或脑脊液漏。", "No intracranial infection or CSF leak.")),
    ("stent-als", ("血管内支架电极帮助渐冻症患者数字通讯", "An endovascular stent electrode lets people with ALS use digital devices"),
     ("经颈静脉植入支架电极至上矢状窦，无需开颅，患者以脑信号点击完成短信和购物。",
      "A stent electrode placed through the jugular vein in the superior sagittal sinus, without opening the skull, "
      "lets patients click to text and shop."),
     "interventional", "endovascular_stent", ["motor_control"], ["als", "paralysis"], "first_in_human", ["JM-Stent8", "JM-Link2"],
     [(("点击准确率", "Click accuracy"), ("12个月", "12 months"), ("93%", "93%"), "93", ("%", "%")),
      (("独立使用时长", "Independent use"), ("12个月", "12 months"), ("每周约 7 小时", "about 7 hours a week"), "7", ("小时/周", "h/week"))],
     ("未见支架移位或血栓。", "No stent migration or thrombosis.")),
    ("bsi-walk", ("脑脊接口帮助脊髓损伤患者重新行走", "A brain-spine interface helps a man with spinal-cord injury walk again"),
     ("皮层电极解码行走意图，无线驱动硬膜外脊髓刺激，患者在助行器辅助下自然行走。",
      "Cortical electrodes decode the intention to walk and wirelessly drive epidural spinal stimulation; the patient walks "
      "with a walker."),
     "semi_invasive", "brain_spine", ["motor_control"], ["spinal_cord_injury", "paralysis"], "first_in_human", ["QH-LX1"],
     [(("10 米步行时间", "10-metre walk time"), ("12个月", "12 months"), ("由无法行走到 24 秒", "from unable to 24 s"), "24", ("秒", "s")),
      (("6 分钟步行距离", "Six-minute walk distance"), ("12个月", "12 months"), ("110 米", "110 m"), "110", ("米", "m"))],
     ("刺激相关短暂肌肉痉挛，调整参数后缓解。", "Brief stimulation-related spasms, resolved by adjusting parameters.")),
    ("vision-cortex", ("视觉皮层刺激帮助失明患者感知光点", "Visual-cortex stimulation lets blind people perceive phosphenes"),
     ("在枕叶视觉皮层植入刺激电极阵列，配合外部摄像头，患者可辨认门框和大字母。",
      "A stimulating array in the occipital visual cortex, with an external camera, lets patients recognise doorways and "
      "large letters."),
     "invasive", "intracortical_array", ["vision"], ["blindness"], "first_in_human", ["SY-V100", "SY-Cam2"],
     [(("光幻视诱发率", "Phosphene induction rate"), ("3个月", "3 months"), ("电极 88% 可诱发光点", "88% of electrodes evoke phosphenes"), "88", ("%", "%")),
      (("大字母识别正确率", "Large-letter recognition"), ("6个月", "6 months"), ("76%", "76%"), "76", ("%", "%"))],
     ("一例刺激诱发的局灶性癫痫发作，降低电流后未再发生。", "One stimulation-induced focal seizure; none after lowering the current.")),
    ("sensation-hand", ("皮层内微刺激恢复手部触觉", "Intracortical microstimulation restores touch in the hand"),
     ("感觉皮层微刺激将机械手指的压力传感转化为触觉，抓握易碎物体更稳。",
      "Somatosensory microstimulation turns the robotic fingers' pressure sensors into touch, steadying grasps of fragile objects."),
     "invasive", "intracortical_array", ["sensation", "motor_control"], ["spinal_cord_injury"], "first_in_human", [],
     [(("物体转移时间", "Object transfer time"), ("6个月", "6 months"), ("缩短 45%", "45% shorter"), "45", ("%", "%")),
      (("触觉定位准确率", "Touch localisation accuracy"), ("6个月", "6 months"), ("84%", "84%"), "84", ("%", "%"))],
     ("未见严重不良事件。", "No serious adverse events.")),
    ("epilepsy-closed-loop", ("难治性癫痫闭环神经调控", "Closed-loop neuromodulation for refractory epilepsy"),
     ("植入式响应性神经刺激系统识别发作前脑电并即时刺激，减少发作。",
      "An implanted responsive neurostimulator detects pre-seizure activity and stimulates at once, reducing seizures."),
     "invasive", "deep_brain", ["neuromodulation"], ["epilepsy"], "pivotal", [],
     [(("发作频率下降", "Seizure frequency reduction"), ("12个月", "12 months"), ("中位下降 68%", "median 68% reduction"), "68", ("%", "%")),
      (("无发作患者比例", "Seizure-free patients"), ("12个月", "12 months"), ("18%", "18%"), "18", ("%", "%"))],
     ("两例植入部位疼痛，一例电极修正手术。", "Two cases of implant-site pain; one lead revision.")),
    ("depression-dbs", ("重度抑郁症闭环脑深部刺激", "Closed-loop deep-brain stimulation for severe depression"),
     ("识别个体化抑郁症状生物标志物，按需刺激腹侧纹状体。",
      "A personal biomarker of depressive symptoms triggers stimulation of the ventral striatum on demand."),
     "invasive", "deep_brain", ["neuromodulation"], ["depression"], "pilot", ["LS-Stim1"],
     [(("汉密尔顿抑郁量表评分", "Hamilton Depression Rating Scale"), ("6个月", "6 months"), ("由 33 分降至 12 分", "from 33 to 12 points"), "12", ("分", "points")),
      (("缓解率", "Remission rate"), ("12个月", "12 months"), ("50%", "50%"), "50", ("%", "%"))],
     ("一过性轻躁狂，调整刺激后缓解。", "Transient hypomania, resolved after adjusting stimulation.")),
    ("stroke-ecog", ("脑卒中后偏瘫的半侵入式康复训练", "Semi-invasive BCI rehabilitation after stroke"),
     ("硬膜外皮层电极解码患侧运动意图，驱动外骨骼完成闭环康复训练。",
      "Epidural cortical electrodes decode movement intent of the affected side and drive an exoskeleton in closed-loop therapy."),
     "semi_invasive", "ecog", ["motor_control"], ["stroke", "paralysis"], "pilot", ["QH-SZ2", "QH-NI5"],
     [(("上肢 Fugl-Meyer 评分", "Upper-limb Fugl-Meyer score"), ("3个月", "3 months"), ("提高 11 分", "up by 11 points"), "11", ("分", "points")),
      (("日常生活能力评分", "Barthel Index"), ("3个月", "3 months"), ("提高 15 分", "up by 15 points"), "15", ("分", "points"))],
     ("无严重不良事件。", "No serious adverse events.")),
    ("aphasia-ecog", ("卒中后失语患者的高密度皮层电图言语解码", "High-density ECoG speech decoding for post-stroke aphasia"),
     ("覆盖言语运动皮层的高密度电极阵列，将尝试发音解码为汉语音节。",
      "A high-density array over the speech motor cortex decodes attempted articulation into Mandarin syllables."),
     "semi_invasive", "ecog", ["speech"], ["aphasia", "stroke"], "first_in_human", ["NY-Speech1", "NY-Type1"],
     [(("音节解码准确率", "Syllable decoding accuracy"), ("4个月", "4 months"), ("常用 400 音节 71%", "71% over 400 common syllables"), "71", ("%", "%")),
      (("句子输出速度", "Sentence output rate"), ("4个月", "4 months"), ("每分钟 49 字", "49 characters per minute"), "49", ("字/分钟", "characters/min"))],
     ("无严重不良事件。", "No serious adverse events.")),
    ("noninvasive-stroke", ("脑卒中康复的非侵入式脑电对照研究", "A non-invasive EEG comparison study in stroke rehabilitation"),
     ("作为对照，头皮脑电运动想象驱动下肢外骨骼训练，与常规康复比较。",
      "For comparison, scalp-EEG motor imagery drives lower-limb exoskeleton training against usual rehabilitation."),
     "non_invasive", "scalp_eeg", ["motor_control"], ["stroke"], "investigator", ["QH-LX1", "LS-Cap64"],
     [(("下肢 Fugl-Meyer 评分", "Lower-limb Fugl-Meyer score"), ("8周", "8 weeks"), ("较对照组多提高 4 分", "4 points more than control"), "4", ("分", "points")),
      (("步速", "Gait speed"), ("8周", "8 weeks"), ("0.21 米/秒", "0.21 m/s"), "0.21", ("米/秒", "m/s"))],
     ("无不良事件。", "No adverse events.")),
]  # fmt: skip

# Variants of each archetype: institutions, start date, enrolment, status, follow-up months, selected for 2026,
# title suffix (zh, en), trial ID
VARIANTS = [
    (("binhai-neuro", "frontier-neuroeng"), datetime.date(2024, 3, 12), 1, "follow_up", 18, True, ("", ""), "NCT09{:06d}"),
    (("shencheng-rehab", "pudong-brain-intel"), datetime.date(2025, 6, 3), 3, "recruiting", 6, False,
     ("：多中心扩展", ": multicentre extension"), "ChiCTR29{:08d}"),
]  # fmt: skip
#: A third variant for some archetypes, so that the demo holds 26 cases and three start years.
EXTRA = {
    "speech-als": ((("pudong-brain-intel",), datetime.date(2023, 9, 20), 2, "completed", 24, False,
                    ("：长期随访", ": long-term follow-up"), "NCT09{:06d}")),
}  # fmt: skip


def _cases():
    """(slug, archetype, variant) for every demo case."""
    found = []
    for number, archetype in enumerate(ARCHETYPES):
        for v, variant in enumerate(VARIANTS):
            found.append((f"demo-{archetype[0]}-{v + 1}", archetype, variant, number * 10 + v))
        if archetype[0] in EXTRA:
            found.append((f"demo-{archetype[0]}-3", archetype, EXTRA[archetype[0]], number * 10 + 3))
    return found


def _outcomes(rows, language: int) -> list[CaseOutcome]:
    return [
        CaseOutcome(
            measure=measure[language],
            time_frame=time_frame[language],
            result=result[language],
            value=Decimal(value),
            unit=unit[language],
        )
        for measure, time_frame, result, value, unit in rows
    ]


def _milestones(start: datetime.date, language: int) -> list[CaseMilestone]:
    events = [
        (0, ("伦理委员会批准", "Ethics committee approval")),
        (45, ("首例植入手术", "First implantation")),
        (120, ("居家使用开始", "Home use began")),
    ]
    return [CaseMilestone(date=start + datetime.timedelta(days=days), event=texts[language]) for days, texts in events]


def load(context: DemoContext) -> None:
    from catalog.models import Product

    en = context.locale(EN)
    index = ensure_tree(context, context.home(), [INDEX], en)[INDEX.slug]
    index_zh, index_en = index["zh-hans"], index[EN]
    selection, created = TypicalCaseSelection.objects.get_or_create(
        slug="typical-2026",
        defaults={
            "name_zh": "2026 典型案例",
            "name_en": "2026 typical cases",
            "year": 2026,
            "introduction_zh": "联盟 2026 年遴选的侵入式、半侵入式脑机接口典型应用案例（演示数据）。",
            "introduction_en": "The alliance's 2026 selection of typical invasive and semi-invasive BCI cases (demo data).",
        },
    )
    context.record("case selection", created)
    staff = context.user("staff")
    for slug, archetype, variant, serial in _cases():
        (_key, title, summary, bci_type, approach, functions, indications, phase, products, outcomes, adverse) = (
            archetype
        )
        (institutions, start, enrolment, status, follow_up, selected, suffix, trial_format) = variant
        if CasePage.objects.child_of(index_zh).filter(slug=slug).exists():
            context.record("case", False)
            zh_page = CasePage.objects.child_of(index_zh).get(slug=slug)
        else:
            zh_page = CasePage(
                slug=slug,
                title=title[0] + suffix[0],
                summary=f"{summary[0]}{DEMO_ZH}",
                narrative=f"<p>{summary[0]}</p><p><i>{DEMO_ZH}</i></p>",
                bci_type=bci_type,
                approach=approach,
                functions=functions,
                indications=indications,
                phase=phase,
                enrolment=enrolment,
                enrolment_type="actual" if status != "recruiting" else "anticipated",
                start_date=start,
                case_status=status,
                follow_up_months=follow_up,
                adverse_events=adverse[0],
                team="神经外科、康复医学科与工程团队（演示）",
                consent_confirmed=True,
                consent_confirmed_by=staff,
                consent_confirmed_at=ATTESTED_AT,
                show_in_menus=False,
            )
            zh_page.outcomes = _outcomes(outcomes, 0)
            zh_page.milestones = _milestones(start, 0)
            zh_page.trial_registrations = [CaseTrialRegistration(registration_id=trial_format.format(100 + serial))]
            zh_page.publications = [CasePublication(doi=f"10.5555/bci-demo.{serial:03d}", citation="演示期刊（虚构）")]
            zh_page.institutions = [context.organisation(s) for s in institutions]
            zh_page.products = list(Product.objects.filter(model_number__in=products))
            zh_page.selections = [selection] if selected else []
            index_zh.add_child(instance=zh_page)
            publish(zh_page)
            context.record("case", True)
        ensure_translation(
            context,
            zh_page,
            en,
            {
                "title": title[1] + suffix[1],
                "summary": f"{summary[1]} {DEMO_EN}",
                "narrative": f"<p>{summary[1]}</p><p><i>{DEMO_EN}</i></p>",
                "adverse_events": adverse[1],
                "team": "Neurosurgery, rehabilitation medicine and engineering teams (demo)",
                "outcomes": _outcomes(outcomes, 1),
                "milestones": _milestones(start, 1),
                "publications": [
                    CasePublication(doi=f"10.5555/bci-demo.{serial:03d}", citation="Demo Journal (fictional)")
                ],
            },
        )
    _demo_submission(context)
    assert index_en.pk  # the English index exists for the English cases


def _demo_submission(context: DemoContext) -> None:
    """One case from the demo hospital member, waiting for staff review."""
    title = "脑卒中后失语患者的半侵入式言语康复（演示投稿）"
    if CaseSubmission.objects.filter(title=title).exists():
        context.record("case submission", False)
        return
    member = context.user("hospital")
    submission = CaseSubmission.objects.create(
        organisation=context.organisation("binhai-neuro"),
        created_by=member,
        status=SubmissionStatus.SUBMITTED,
        title=title,
        summary="硬膜外高密度电极辅助失语患者言语训练。（演示数据）",
        narrative="本投稿为演示数据，用于展示联盟审核流程。",
        bci_type="semi_invasive",
        approach="ecog",
        functions=["speech"],
        indications=["aphasia", "stroke"],
        phase="pilot",
        enrolment=4,
        start_date=datetime.date(2025, 10, 9),
        case_status="ongoing",
        follow_up_months=3,
        trial_ids="ChiCTR2900000999",
        consent_confirmed=True,
        attested_by=member,
        attested_at=ATTESTED_AT,
        submitted_at=ATTESTED_AT,
    )
    CaseSubmissionOutcome.objects.create(
        submission=submission,
        measure="西方失语成套测验评分",
        time_frame="3个月",
        result="提高 9 分",
        value=9,
        unit="分",
    )
    context.record("case submission", True)


LOADERS = [Loader("cases", load, after=("catalog.products",))]
