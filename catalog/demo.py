"""Demo products for ``manage.py load_demo``: non-invasive products of the demo enterprises.

Every product is invented (the enterprises are fictional too) and described as such in
its English summary's last words; Chinese and English are both written out. Products of
verified enterprises are published as if staff had approved them; the unverified
enterprise's product stays a draft awaiting review, so staff have something to review.
Idempotent: a product is found by its organisation and model number.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from catalog.models import Product
from catalog.vocabulary import ModerationStatus
from portal.demo.registry import DemoContext

# slug, model, (name zh, name en), (summary zh, summary en), modality, electrodes, functions, fields,
# regulatory class, registration number, (channels, Hz, wireless, battery h, weight g), released
PRODUCTS = [
    ("qiheng-robotics", "QH-LX1", ("脑电驱动下肢外骨骼", "EEG-driven lower-limb exoskeleton"),
     ("运动想象脑电触发步态训练，用于脑卒中和脊髓损伤后的康复训练。",
      "Motor-imagery EEG triggers gait training after stroke or spinal-cord injury (demo product)."),
     "eeg", "wet", ["motor_control"], ["rehabilitation", "medical"], "class_ii", "沪械注准20242190031",
     (16, 500, True, "6", 18500), date(2024, 6, 18)),
    ("qiheng-robotics", "QH-SZ2", ("上肢脑控康复机器人", "Brain-controlled upper-limb rehabilitation robot"),
     ("脑电与肌电融合识别运动意图，驱动上肢康复训练。",
      "Fuses EEG and EMG to detect movement intent and drive upper-limb therapy (demo product)."),
     "emg_hybrid", "semi_dry", ["motor_control"], ["rehabilitation", "medical"], "class_ii", "沪械注准20232190118",
     (24, 1000, False, None, 42000), date(2023, 11, 2)),
    ("qiheng-robotics", "QH-HM1", ("居家康复脑电手套", "Home rehabilitation EEG glove"),
     ("干电极头带配合气动手套，支持居家手功能训练。",
      "A dry-electrode headband with a pneumatic glove for hand training at home (demo product)."),
     "eeg", "dry", ["motor_control", "sensation"], ["rehabilitation", "elderly_care"], "non_medical", "",
     (8, 250, True, "8", 420), date(2025, 3, 12)),
    ("qiheng-robotics", "QH-YL3", ("养老机构认知训练系统", "Cognitive training system for care homes"),
     ("以脑电反馈游戏开展注意力与记忆训练，面向养老机构。",
      "EEG-feedback games for attention and memory training in care homes (demo product)."),
     "eeg", "dry", ["state_monitoring"], ["elderly_care", "entertainment"], "non_medical", "",
     (4, 250, True, "10", 150), date(2025, 5, 20)),
    ("qiheng-robotics", "QH-NI5", ("近红外脑功能康复评估仪", "fNIRS rehabilitation assessment system"),
     ("近红外光谱监测运动皮层激活，量化评估康复进展。",
      "fNIRS monitors motor-cortex activation to quantify rehabilitation progress (demo product)."),
     "fnirs", "none", ["state_monitoring"], ["rehabilitation", "medical"], "class_ii", "沪械注准20252070045",
     (48, 10, True, "4", 900), date(2025, 8, 1)),
    ("huxin-micro", "HX-Dry32", ("32导干电极脑电帽", "32-channel dry-electrode EEG cap"),
     ("免导电膏的柔性干电极脑电帽，佩戴约两分钟，适用于科研与产品开发。",
      "A gel-free flexible dry-electrode cap that is on in about two minutes, for research and development "
      "(demo product)."),
     "eeg", "dry", ["state_monitoring"], ["education", "manufacturing"], "non_medical", "",
     (32, 1000, True, "7", 320), date(2024, 9, 9)),
    ("huxin-micro", "HX-SD8", ("半干电极脑电采集模块", "Semi-dry EEG acquisition module"),
     ("低功耗神经信号采集芯片与半干电极，供整机厂商集成。",
      "A low-power neural acquisition chip with semi-dry electrodes for device makers to integrate "
      "(demo product)."),
     "eeg", "semi_dry", ["state_monitoring"], ["smart_living", "manufacturing"], "non_medical", "",
     (8, 500, True, "24", 35), date(2024, 4, 15)),
    ("huxin-micro", "HX-Ear2", ("入耳式脑电耳机", "In-ear EEG earbuds"),
     ("耳道干电极采集脑电，用于睡眠与专注状态监测。",
      "Ear-canal dry electrodes record EEG for sleep and focus monitoring (demo product)."),
     "eeg", "dry", ["state_monitoring"], ["smart_living", "sports"], "non_medical", "",
     (4, 250, True, "12", 12), date(2025, 1, 8)),
    ("huxin-micro", "HX-EMG16", ("肌电-脑电混合采集臂环", "Hybrid EMG-EEG armband"),
     ("同步采集肌电和脑电信号，支持义肢与机械臂控制研究。",
      "Records EMG and EEG in sync for prosthesis and robotic-arm control research (demo product)."),
     "emg_hybrid", "dry", ["motor_control"], ["rehabilitation", "manufacturing"], "non_medical", "",
     (16, 2000, True, "10", 85), date(2024, 12, 3)),
    ("huxin-micro", "HX-US1", ("经颅超声神经调控原型机", "Transcranial ultrasound neuromodulation prototype"),
     ("低强度聚焦超声无创调控深部脑区，用于科研。",
      "Low-intensity focused ultrasound modulates deep brain regions non-invasively, for research "
      "(demo product)."),
     "ultrasound", "none", ["neuromodulation"], ["medical"], "non_medical", "",
     (None, None, False, None, 2600), date(2025, 7, 1)),
    ("lansi-neuro", "LS-Cap64", ("64导科研级脑电系统", "64-channel research EEG system"),
     ("湿电极高密度脑电系统，用于运动控制解码研究和临床前评估。",
      "A high-density wet-electrode EEG system for motor-decoding research and preclinical work "
      "(demo product)."),
     "eeg", "wet", ["motor_control", "speech"], ["medical"], "class_ii", "沪械注准20232070210",
     (64, 2000, False, None, 1200), date(2023, 5, 26)),
    ("lansi-neuro", "LS-Arm1", ("脑控机械臂演示系统", "Brain-controlled robotic arm demonstrator"),
     ("非侵入式脑电控制六轴机械臂，用于展示与教学。",
      "Non-invasive EEG controls a six-axis robotic arm, for demonstrations and teaching (demo product)."),
     "eeg", "wet", ["motor_control"], ["education", "entertainment"], "non_medical", "",
     (32, 1000, True, "5", 6800), date(2024, 10, 18)),
    ("lansi-neuro", "LS-Opt2", ("近红外-脑电融合头盔", "fNIRS-EEG hybrid helmet"),
     ("近红外与脑电同步采集，用于认知负荷与疲劳评估。",
      "Synchronised fNIRS and EEG for cognitive-load and fatigue assessment (demo product)."),
     "fnirs", "semi_dry", ["state_monitoring"], ["industrial_safety", "sports"], "non_medical", "",
     (40, 500, True, "5", 760), date(2025, 2, 27)),
    ("lansi-neuro", "LS-Safe1", ("矿山作业疲劳预警安全帽", "Fatigue-warning safety helmet for mining"),
     ("安全帽内置干电极，实时识别疲劳并向班组长预警。",
      "Dry electrodes inside a hard hat detect fatigue and warn the shift leader in real time (demo product)."),
     "eeg", "dry", ["state_monitoring"], ["industrial_safety", "manufacturing"], "non_medical", "",
     (4, 250, True, "16", 520), date(2025, 6, 6)),
    ("lansi-neuro", "LS-Stim1", ("经颅电刺激抑郁辅助治疗仪", "Transcranial stimulation device for depression"),
     ("闭环经颅直流电刺激，辅助治疗重度抑郁症。",
      "Closed-loop transcranial direct-current stimulation as an adjunct therapy for severe depression "
      "(demo product)."),
     "eeg", "wet", ["neuromodulation"], ["medical"], "class_iii", "国械注准20253090077",
     (8, 500, True, "3", 260), date(2025, 9, 30)),
    ("ruiting-eeg", "RT-Focus1", ("课堂专注度脑电头环", "Classroom attention EEG headband"),
     ("干电极脑电头环，面向课堂专注度监测。",
      "A dry-electrode EEG headband for classroom attention monitoring (demo product)."),
     "eeg", "dry", ["state_monitoring"], ["education"], "non_medical", "",
     (2, 250, True, "10", 60), date(2025, 4, 1)),
]  # fmt: skip


def load(context: DemoContext) -> None:
    for (
        slug,
        model_number,
        (name_zh, name_en),
        (summary_zh, summary_en),
        modality,
        electrodes,
        functions,
        fields,
        regulatory_class,
        registration_number,
        (channels, rate, wireless, battery, weight),
        released,
    ) in PRODUCTS:
        organisation = context.organisation(slug)
        if Product.objects.filter(organisation=organisation, model_number=model_number).exists():
            context.record("product", False)
            continue
        product = Product(
            organisation=organisation,
            model_number=model_number,
            name_zh=name_zh,
            name_en=name_en,
            summary_zh=summary_zh,
            summary_en=summary_en,
            description_zh=f"{summary_zh}\n\n本条目为演示数据，产品与企业均为虚构。",
            description_en=f"{summary_en}\n\nThis entry is demo content: the product and the company are fictional.",
            bci_type="non_invasive",
            signal_modality=modality,
            electrode_type=electrodes,
            functions=functions,
            application_fields=fields,
            regulatory_class=regulatory_class,
            registration_number=registration_number,
            channels=channels,
            sampling_rate_hz=rate,
            wireless=wireless,
            battery_hours=Decimal(battery) if battery else None,
            weight_g=weight,
            release_date=released,
            live=False,
        )
        product.full_clean()
        product.save()
        revision = product.save_revision()
        if organisation.is_verified:
            revision.publish(skip_permission_checks=True, log_action=False)
            Product.objects.filter(pk=product.pk).update(
                moderation_status=ModerationStatus.APPROVED, reviewed_at=timezone.now()
            )
        else:
            Product.objects.filter(pk=product.pk).update(
                moderation_status=ModerationStatus.SUBMITTED, submitted_at=timezone.now()
            )
        context.record("product", True)
