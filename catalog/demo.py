"""Demo products for ``manage.py load_demo``: non-invasive products of the demo enterprises.

Every product is invented (the enterprises are fictional too) and described as such in
its English summary's last words; Chinese and English are both written out. Products of
verified enterprises are published as if staff had approved them; the unverified
enterprise's product stays a draft awaiting review, so staff have something to review.
Idempotent: a product is found by its organisation and model number (the stable key other
demo loaders, e.g. ``catalog.editions.demo``, use), an enterprise by its slug.

The products span the whole vocabulary: every BCI type, modality, electrode type,
function, application field, regulatory class and milestone has products (enterprises
come from ``portal.demo.organisations``).
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from catalog import demo_media
from catalog.editions import demo as editions_demo
from catalog.models import Product
from catalog.vocabulary import ApplicationField, ModerationStatus, ProductFunction
from portal.demo.registry import DemoContext, Loader
from portal.i18n import join_labels

# slug, model, (name zh, name en), (summary zh, summary en), modality, electrodes, functions, fields,
# regulatory class, registration number, (channels, Hz, wireless, battery h, weight g), released
# [, {"bci_type": ..., "milestones": [...]} when not a plain non-invasive product without milestones]
PRODUCTS = [
    ("qiheng-robotics", "QH-LX1", ("脑电驱动下肢外骨骼", "EEG-driven lower-limb exoskeleton"),
     ("运动想象脑电触发步态训练，用于脑卒中和脊髓损伤后的康复训练。",
      "Motor-imagery EEG triggers gait training after stroke or spinal-cord injury (demo product)."),
     "eeg", "wet", ["motor_control"], ["rehabilitation", "medical"], "class_ii", "沪械注准20242190031",
     (16, 500, True, "6", 18500), date(2024, 6, 18), {"milestones": ["type_inspection", "registered"]}),
    ("qiheng-robotics", "QH-SZ2", ("上肢脑控康复机器人", "Brain-controlled upper-limb rehabilitation robot"),
     ("脑电与肌电融合识别运动意图，驱动上肢康复训练。",
      "Fuses EEG and EMG to detect movement intent and drive upper-limb therapy (demo product)."),
     "emg_hybrid", "semi_dry", ["motor_control"], ["rehabilitation", "medical"], "class_ii", "沪械注准20232190118",
     (24, 1000, False, None, 42000), date(2023, 11, 2),
     {"milestones": ["type_inspection", "registered", "insurance_listed"]}),
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
     (48, 10, True, "4", 900), date(2025, 8, 1), {"milestones": ["registered"]}),
    ("huxin-micro", "HX-Dry32", ("32导干电极脑电帽", "32-channel dry-electrode EEG cap"),
     ("免导电膏的柔性干电极脑电帽，佩戴约两分钟，适用于科研与产品开发。",
      "A gel-free flexible dry-electrode cap that is on in about two minutes, for research and development "
      "(demo product)."),
     "eeg", "dry", ["state_monitoring"], ["education", "manufacturing"], "non_medical", "",
     (32, 1000, True, "7", 320), date(2024, 9, 9), {"milestones": ["ce_marked", "fda_cleared"]}),
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
     (64, 2000, False, None, 1200), date(2023, 5, 26), {"milestones": ["registered", "ce_marked"]}),
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
     (8, 500, True, "3", 260), date(2025, 9, 30),
     {"milestones": ["type_inspection", "clinical_trial", "innovative_review", "registered"]}),
    ("ruiting-eeg", "RT-Focus1", ("课堂专注度脑电头环", "Classroom attention EEG headband"),
     ("干电极脑电头环，面向课堂专注度监测。",
      "A dry-electrode EEG headband for classroom attention monitoring (demo product)."),
     "eeg", "dry", ["state_monitoring"], ["education"], "non_medical", "",
     (2, 250, True, "10", 60), date(2025, 4, 1)),
    # --- the catalogue's own demo enterprises ------------------------------------------------
    ("naoyu-speech", "NY-Speech1", ("半侵入式言语解码系统", "Semi-invasive speech decoding system"),
     ("硬膜外柔性电极采集语言皮层信号，实时合成语音，面向失语患者。",
      "Epidural flexible electrodes record the speech cortex and synthesise speech in real time for people "
      "with aphasia (demo product)."),
     "eeg", "implanted", ["speech"], ["medical", "rehabilitation"], "class_iii", "国械注准20263210041",
     (128, 2000, True, "24", 35), date(2026, 3, 18),
     {"bci_type": "semi_invasive", "milestones": ["type_inspection", "clinical_trial", "innovative_review",
                                                   "registered"]}),
    ("naoyu-speech", "NY-Aph2", ("失语康复脑电训练系统", "EEG aphasia rehabilitation trainer"),
     ("非侵入式脑电反馈配合语言任务，辅助脑卒中后失语康复训练。",
      "Non-invasive EEG feedback with language tasks supports aphasia therapy after stroke (demo product)."),
     "eeg", "wet", ["speech"], ["rehabilitation", "medical"], "class_ii", "沪械注准20252190087",
     (32, 1000, False, None, 2100), date(2025, 10, 9), {"milestones": ["registered"]}),
    ("naoyu-speech", "NY-Type1", ("脑控打字沟通板", "Brain-controlled typing board"),
     ("基于稳态视觉诱发电位的拼写器，帮助渐冻症患者与家人交流。",
      "An SSVEP speller that helps people with ALS talk with their families (demo product)."),
     "eeg", "semi_dry", ["speech", "motor_control"], ["medical", "smart_living"], "class_ii", "沪械注准20242210102",
     (8, 500, True, "8", 380), date(2024, 8, 22), {"milestones": ["registered", "ce_marked"]}),
    ("shiyuan-vision", "SY-V100", ("视觉皮层刺激视觉重建系统", "Visual-cortex prosthesis for vision restoration"),
     ("植入式微电极阵列刺激视觉皮层，帮助失明患者感知光点与轮廓。",
      "Implanted microelectrode arrays stimulate the visual cortex so blind patients perceive light points "
      "and outlines (demo product)."),
     "other", "implanted", ["vision"], ["medical"], "class_iii", "国械注准20263120015",
     (1024, 30000, True, "16", 48), date(2026, 5, 6),
     {"bci_type": "invasive", "milestones": ["type_inspection", "clinical_trial", "innovative_review",
                                              "registered"]}),
    ("shiyuan-vision", "SY-Cam2", ("视觉假体外部图像处理单元", "External camera unit for visual prostheses"),
     ("眼镜式摄像与边缘计算单元，把图像转换为刺激模式。",
      "A camera on glasses with an edge processor that turns images into stimulation patterns (demo product)."),
     "other", "none", ["vision"], ["medical", "smart_living"], "class_ii", "沪械注准20262160033",
     (None, None, True, "10", 95), date(2026, 5, 6), {"milestones": ["registered"]}),
    ("shiyuan-vision", "SY-Eval1", ("视觉诱发电位评估仪", "Visual evoked potential assessment system"),
     ("测量视觉通路功能，用于视觉重建术前评估与随访。",
      "Measures the visual pathway before vision-restoration surgery and at follow-up (demo product)."),
     "eeg", "wet", ["vision", "state_monitoring"], ["medical"], "class_ii", "沪械注准20242070066",
     (16, 5000, False, None, 3200), date(2024, 2, 28), {"milestones": ["registered", "insurance_listed"]}),
    ("jingmai-interventional", "JM-Stent8", ("血管内支架电极脑机接口", "Endovascular stent-electrode BCI"),
     ("经颈静脉植入支架电极，采集运动皮层信号，帮助瘫痪患者操作电脑。",
      "A stent electrode implanted through the jugular vein records the motor cortex so people with paralysis "
      "can use a computer (demo product)."),
     "eeg", "implanted", ["motor_control"], ["medical"], "class_iii", "国械注准20263010028",
     (16, 2000, True, "72", 28), date(2026, 1, 15),
     {"bci_type": "interventional", "milestones": ["type_inspection", "clinical_trial", "innovative_review",
                                                    "registered", "fda_cleared"]}),
    ("jingmai-interventional", "JM-Link2", ("介入式脑机接口体外通讯单元", "External link unit for interventional BCI"),
     ("胸前佩戴的无线供电与数据通讯单元，配合支架电极使用。",
      "A chest-worn wireless power and data unit used with the stent electrode (demo product)."),
     "eeg", "none", ["motor_control"], ["medical", "smart_living"], "class_iii", "国械注准20263010029",
     (None, None, True, "20", 140), date(2026, 1, 15),
     {"bci_type": "interventional", "milestones": ["registered"]}),
    ("jingmai-interventional", "JM-Epi3",
     ("难治性癫痫介入监测系统", "Interventional monitoring for refractory epilepsy"),
     ("血管内电极长期记录癫痫放电，辅助定位致痫灶。",
      "Endovascular electrodes record seizures over weeks to help locate the epileptic focus (demo product)."),
     "eeg", "implanted", ["neuromodulation", "state_monitoring"], ["medical"], "class_iii", "国械注准20253070091",
     (32, 4000, True, "30", 32), date(2025, 11, 20),
     {"bci_type": "interventional", "milestones": ["clinical_trial", "innovative_review", "registered"]}),
    ("guangnao-optics", "GN-Wear16", ("可穿戴近红外脑成像头带", "Wearable fNIRS headband"),
     ("轻量近红外头带，监测前额叶血氧变化，用于认知与情绪研究。",
      "A lightweight fNIRS headband tracks prefrontal oxygenation for cognition and emotion research "
      "(demo product)."),
     "fnirs", "none", ["state_monitoring"], ["education", "sports"], "non_medical", "",
     (16, 10, True, "6", 180), date(2025, 4, 12), {"milestones": ["ce_marked"]}),
    ("guangnao-optics", "GN-DOT64", ("高密度漫射光学脑成像系统", "High-density diffuse optical tomography system"),
     ("64 源高密度光学成像，在床旁评估脑卒中后皮层功能。",
      "64-source diffuse optical tomography assesses cortical function at the bedside after stroke "
      "(demo product)."),
     "optical", "none", ["state_monitoring", "motor_control"], ["medical", "rehabilitation"], "class_ii",
     "苏械注准20252070154", (64, 20, False, None, 5400), date(2025, 9, 3),
     {"milestones": ["type_inspection", "registered"]}),
    ("guangnao-optics", "GN-Kid1", ("儿童注意力近红外训练仪", "fNIRS attention trainer for children"),
     ("近红外反馈游戏训练儿童注意力，适用于学校心理辅导室。",
      "fNIRS-feedback games train children's attention in school counselling rooms (demo product)."),
     "fnirs", "none", ["state_monitoring"], ["education", "entertainment"], "non_medical", "",
     (8, 10, True, "5", 210), date(2025, 12, 1)),
    ("shengbo-neurosonics", "SB-FUS2", ("聚焦超声抑郁调控系统", "Focused-ultrasound system for depression"),
     ("低强度经颅聚焦超声调控情绪环路，辅助治疗重度抑郁症。",
      "Low-intensity transcranial focused ultrasound modulates mood circuits as an adjunct therapy for severe "
      "depression (demo product)."),
     "ultrasound", "none", ["neuromodulation"], ["medical"], "class_iii", "国械注准20263090052",
     (None, None, False, None, 8200), date(2026, 4, 2),
     {"milestones": ["type_inspection", "clinical_trial", "innovative_review", "registered"]}),
    ("shengbo-neurosonics", "SB-fUS1", ("功能超声脑机接口研究平台", "Functional-ultrasound BCI research platform"),
     ("经颅骨窗功能超声成像解码运动意图，供科研机构使用。",
      "Functional ultrasound through a cranial window decodes movement intent, for research labs "
      "(demo product)."),
     "ultrasound", "none", ["motor_control"], ["medical", "education"], "non_medical", "",
     (128, 500, False, None, 12000), date(2025, 7, 21),
     {"bci_type": "semi_invasive", "milestones": ["type_inspection"]}),
    ("shengbo-neurosonics", "SB-Sleep1", ("超声助眠头戴", "Ultrasound sleep headset"),
     ("低能量超声配合脑电监测改善入睡，面向消费者。",
      "Low-energy ultrasound with EEG monitoring helps people fall asleep; a consumer product (demo product)."),
     "ultrasound", "dry", ["neuromodulation", "state_monitoring"], ["smart_living"], "non_medical", "",
     (2, 250, True, "9", 240), date(2026, 2, 14), {"milestones": ["ce_marked"]}),
    ("kangning-eldercare", "KN-Mem1", ("老年认知训练脑电平板", "EEG cognitive-training tablet for older people"),
     ("干电极头环加平板游戏，延缓轻度认知障碍进展。",
      "A dry-electrode headband with tablet games to slow mild cognitive impairment (demo product)."),
     "eeg", "dry", ["state_monitoring"], ["elderly_care", "entertainment"], "non_medical", "",
     (4, 250, True, "12", 90), date(2025, 3, 3)),
    ("kangning-eldercare", "KN-Fall2", ("跌倒风险脑肌电监测腰带", "EEG-EMG fall-risk belt"),
     ("肌电与平衡信号融合，提前提示养老院老人的跌倒风险。",
      "Combines EMG and balance signals to warn care-home staff of fall risk (demo product)."),
     "emg_hybrid", "dry", ["state_monitoring"], ["elderly_care", "industrial_safety"], "non_medical", "",
     (6, 1000, True, "36", 160), date(2024, 11, 11)),
    ("kangning-eldercare", "KN-Hand3", ("养老院手功能脑控康复仪", "Brain-controlled hand therapy for care homes"),
     ("运动想象驱动软体手套，适合养老机构集中康复。",
      "Motor imagery drives a soft robotic glove for group therapy in care homes (demo product)."),
     "eeg", "semi_dry", ["motor_control"], ["elderly_care", "rehabilitation"], "class_ii", "沪械注准20252190140",
     (16, 500, True, "6", 650), date(2025, 6, 30), {"milestones": ["registered", "insurance_listed"]}),
    ("xuezhi-neuroedu", "XZ-Kit1", ("脑机接口教学实验箱", "BCI teaching lab kit"),
     ("八导干电极采集板与开源课程，覆盖信号处理到机器人控制。",
      "An eight-channel dry-electrode board with open courses from signal processing to robot control "
      "(demo product)."),
     "eeg", "dry", ["motor_control", "state_monitoring"], ["education"], "non_medical", "",
     (8, 250, True, "8", 120), date(2024, 9, 1)),
    ("xuezhi-neuroedu", "XZ-Class30", ("课堂脑电教学平台", "Classroom EEG teaching platform"),
     ("三十套头环同时采集，教师端实时展示全班脑电实验数据。",
      "Thirty headbands record at once; the teacher's screen shows the whole class's experiment live "
      "(demo product)."),
     "eeg", "dry", ["state_monitoring"], ["education"], "non_medical", "",
     (2, 250, True, "10", 55), date(2025, 9, 1)),
    ("xuezhi-neuroedu", "XZ-Arm2", ("脑控机械臂竞赛套件", "Brain-controlled robot arm competition kit"),
     ("面向脑机接口创新应用大赛的脑控机械臂开发套件。",
      "A brain-controlled robot-arm kit for the BCI innovation application competition (demo product)."),
     "emg_hybrid", "semi_dry", ["motor_control"], ["education", "entertainment"], "non_medical", "",
     (16, 1000, True, "4", 2300), date(2026, 3, 1)),
    ("dongli-neurosport", "DL-Focus2", ("射击运动员专注训练系统", "Focus training system for shooters"),
     ("脑电神经反馈训练射击与射箭运动员的赛前专注状态。",
      "EEG neurofeedback trains shooters and archers to reach their pre-competition focus (demo product)."),
     "eeg", "dry", ["state_monitoring"], ["sports"], "non_medical", "",
     (4, 500, True, "10", 70), date(2025, 5, 18), {"milestones": ["ce_marked"]}),
    ("dongli-neurosport", "DL-Fat1", ("运动疲劳近红外评估仪", "fNIRS sports fatigue monitor"),
     ("近红外监测训练中的中枢疲劳，帮助教练调整训练量。",
      "fNIRS tracks central fatigue during training so coaches can adjust the load (demo product)."),
     "fnirs", "none", ["state_monitoring"], ["sports", "rehabilitation"], "non_medical", "",
     (8, 10, True, "8", 140), date(2025, 8, 8)),
    ("dongli-neurosport", "DL-Stim3", ("经颅电刺激运动表现训练仪", "tDCS trainer for motor performance"),
     ("经颅直流电刺激配合动作训练，提升精细动作学习效率。",
      "Transcranial direct-current stimulation with movement practice to speed up fine motor learning "
      "(demo product)."),
     "eeg", "wet", ["neuromodulation", "motor_control"], ["sports"], "non_medical", "",
     (4, 250, True, "6", 110), date(2026, 1, 20)),
    ("leyou-interactive", "LY-Game1", ("脑控赛车游戏头环", "Brain-controlled racing game headband"),
     ("专注度驱动赛车速度的家庭娱乐头环。",
      "A family game headband where focus drives the racing car (demo product)."),
     "eeg", "dry", ["state_monitoring"], ["entertainment"], "non_medical", "",
     (1, 250, True, "12", 45), date(2024, 6, 1), {"milestones": ["ce_marked", "fda_cleared"]}),
    ("leyou-interactive", "LY-VR2", ("脑电虚拟现实头显", "EEG virtual-reality headset"),
     ("头显内置脑电电极，用注意与放松状态控制虚拟场景。",
      "EEG electrodes inside a VR headset let attention and relaxation steer the scene (demo product)."),
     "eeg", "dry", ["state_monitoring", "motor_control"], ["entertainment", "education"], "non_medical", "",
     (8, 500, True, "3", 520), date(2025, 11, 11)),
    ("leyou-interactive", "LY-Expo3", ("沉浸式脑控展陈系统", "Immersive brain-controlled exhibit"),
     ("科技馆互动展项，观众用脑电点亮灯光与音乐。",
      "A science-museum exhibit where visitors light up lights and music with their EEG (demo product)."),
     "eeg", "semi_dry", ["state_monitoring"], ["entertainment", "education"], "non_medical", "",
     (4, 250, False, None, 3500), date(2025, 4, 28)),
    ("zhiju-home", "ZJ-Home1", ("脑控智能家居中枢", "Brain-controlled smart-home hub"),
     ("稳态视觉诱发电位选择灯光、窗帘与呼叫，服务行动不便人群。",
      "SSVEP selection of lights, curtains and calls for people with limited mobility (demo product)."),
     "eeg", "dry", ["motor_control"], ["smart_living", "elderly_care"], "non_medical", "",
     (8, 250, True, "10", 95), date(2025, 2, 2)),
    ("zhiju-home", "ZJ-Chair2", ("脑控电动轮椅", "Brain-controlled power wheelchair"),
     ("脑电与眼动混合控制的电动轮椅，内置避障。",
      "A power wheelchair controlled by EEG and eye movements, with obstacle avoidance (demo product)."),
     "emg_hybrid", "semi_dry", ["motor_control"], ["smart_living", "rehabilitation"], "class_ii",
     "沪械注准20252190201", (16, 500, True, "14", 68000), date(2025, 10, 30),
     {"milestones": ["type_inspection", "registered"]}),
    ("zhiju-home", "ZJ-Sleep3", ("睡眠脑电监测床垫伴侣", "Sleep EEG bedside companion"),
     ("额贴干电极记录睡眠分期，联动卧室灯光与空调。",
      "A forehead patch records sleep stages and adjusts the bedroom's lights and air conditioning "
      "(demo product)."),
     "eeg", "dry", ["state_monitoring"], ["smart_living", "elderly_care"], "non_medical", "",
     (2, 250, True, "30", 20), date(2026, 2, 26)),
    ("anxin-industrial", "AX-Drive1", ("驾驶员疲劳脑电预警系统", "Driver fatigue EEG warning system"),
     ("耳挂式干电极实时识别疲劳驾驶，用于危化品运输车队。",
      "Ear-worn dry electrodes spot fatigue at the wheel for hazardous-goods fleets (demo product)."),
     "eeg", "dry", ["state_monitoring"], ["industrial_safety"], "non_medical", "",
     (2, 250, True, "20", 25), date(2024, 7, 7), {"milestones": ["ce_marked"]}),
    ("anxin-industrial", "AX-Cobot2", ("产线脑控协作机器人", "Brain-controlled collaborative robot"),
     ("工人用运动想象与肌电指令协同机械臂完成装配。",
      "Workers guide a collaborative arm through assembly with motor imagery and EMG commands (demo product)."),
     "emg_hybrid", "dry", ["motor_control"], ["manufacturing"], "non_medical", "",
     (12, 1000, True, "8", 140), date(2025, 9, 19)),
    ("anxin-industrial", "AX-Tower3", ("高空作业注意力监测安全帽", "Attention-monitoring helmet for work at height"),
     ("高空与电力作业中的注意力下降预警。",
      "Warns of falling attention during work at height and on power lines (demo product)."),
     "fnirs", "none", ["state_monitoring"], ["industrial_safety", "manufacturing"], "non_medical", "",
     (4, 10, True, "12", 560), date(2026, 4, 15)),
    ("chudong-haptics", "CD-Hand5", ("触觉反馈智能假手", "Smart prosthetic hand with touch feedback"),
     ("肌电控制五指假手，指尖传感器经神经刺激回传触觉。",
      "An EMG-controlled five-finger hand whose fingertip sensors return touch through nerve stimulation "
      "(demo product)."),
     "emg_hybrid", "dry", ["motor_control", "sensation"], ["rehabilitation", "medical"], "class_ii",
     "沪械注准20252190177", (8, 1000, True, "16", 480), date(2025, 12, 12),
     {"milestones": ["type_inspection", "registered", "insurance_listed"]}),
    ("chudong-haptics", "CD-Nerve2", ("植入式外周神经触觉接口", "Implanted peripheral-nerve touch interface"),
     ("植入袖套电极为截肢者恢复触觉与本体感觉。",
      "Implanted cuff electrodes restore touch and position sense for people with amputations (demo product)."),
     "other", "implanted", ["sensation"], ["medical"], "class_iii", "国械注准20263130019",
     (16, 10000, True, "48", 22), date(2026, 6, 1),
     {"bci_type": "invasive", "milestones": ["clinical_trial", "innovative_review", "registered"]}),
    ("chudong-haptics", "CD-Glove1", ("触觉感知康复手套", "Sensory rehabilitation glove"),
     ("振动与电刺激触觉训练，用于脑卒中后感觉障碍康复。",
      "Vibration and electrical touch training for sensory loss after stroke (demo product)."),
     "emg_hybrid", "semi_dry", ["sensation"], ["rehabilitation", "elderly_care"], "non_medical", "",
     (6, 500, True, "7", 230), date(2024, 10, 10)),
]  # fmt: skip


DEMO_NOTICE_ZH = "本条目为演示数据，产品与企业均为虚构。"
DEMO_NOTICE_EN = "This entry is demo content: the product and the company are fictional."


def _description(language, summary, functions, fields, notice) -> str:
    """A short rich-text description: the summary, what the product does and where, and the demo notice."""
    with translation.override(language):
        items = [
            (_("Functions"), join_labels(ProductFunction, functions)),
            (_("Application fields"), join_labels(ApplicationField, fields)),
        ]
        colon = ": " if language == "en" else "："
        rows = format_html_join("", "<li><strong>{}</strong>{}{}</li>", ((str(k), colon, v) for k, v in items if v))
        return format_html("<p>{}</p><ul>{}</ul><p><em>{}</em></p>", summary, rows, notice)


#: What a medical demo product is indicated for, from what it does (the plan's indications).
INDICATIONS_BY_FUNCTION = {
    "motor_control": ["stroke", "spinal_cord_injury", "paralysis"],
    "speech": ["aphasia", "als"],
    "vision": ["blindness"],
    "neuromodulation": ["depression", "epilepsy"],
}


def _indications(functions, fields, regulatory_class) -> list[str]:
    if regulatory_class == "non_medical" and "medical" not in fields:
        return []
    found = []
    for function in functions:
        found += [value for value in INDICATIONS_BY_FUNCTION.get(function, []) if value not in found]
    return found


def _contact(slug: str, model_number: str) -> dict:
    """A fictional contact: the enterprise's product desk, an example.com address, a Shanghai number."""
    seed = sum(map(ord, model_number))
    return {
        "contact_name": "产品咨询 Product enquiries",
        "contact_email": f"products@{slug}.example.com",
        "contact_phone": f"021-{5000 + seed % 5000:04d} {seed * 37 % 10000:04d}",
    }


def load(context: DemoContext) -> None:
    for entry in PRODUCTS:
        _load_product(context, *entry)


def _load_product(
    context,
    slug,
    model_number,
    names,
    summaries,
    modality,
    electrodes,
    functions,
    fields,
    regulatory_class,
    registration_number,
    specs,
    released,
    extra=None,
) -> None:
    (name_zh, name_en), (summary_zh, summary_en) = names, summaries
    channels, rate, wireless, battery, weight = specs
    extra = extra or {}
    organisation = context.organisation(slug)
    if Product.objects.filter(organisation=organisation, model_number=model_number).exists():
        context.record("product", False)
        return
    product = Product(
        organisation=organisation,
        model_number=model_number,
        name_zh=name_zh,
        name_en=name_en,
        summary_zh=summary_zh,
        summary_en=summary_en,
        description_zh=_description("zh-hans", summary_zh, functions, fields, DEMO_NOTICE_ZH),
        description_en=_description("en", summary_en, functions, fields, DEMO_NOTICE_EN),
        bci_type=extra.get("bci_type", "non_invasive"),
        signal_modality=modality,
        electrode_type=electrodes,
        functions=functions,
        application_fields=fields,
        regulatory_class=regulatory_class,
        registration_number=registration_number,
        milestones=extra.get("milestones", []),
        indications=extra.get("indications", _indications(functions, fields, regulatory_class)),
        channels=channels,
        sampling_rate_hz=rate,
        wireless=wireless,
        battery_hours=Decimal(battery) if battery else None,
        weight_g=weight,
        release_date=released,
        **_contact(slug, model_number),
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


LOADERS = [
    Loader("catalog.products", load, after=("portal.users",)),
    Loader("catalog.media", demo_media.load, after=("catalog.products",)),
    Loader("catalog.editions", editions_demo.load, after=("catalog.media",)),
]
