"""A small bilingual corpus that exercises the analyser, the synonyms and the audiences."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog.vocabulary import ApplicationField, BCIType, SignalModality
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.factories import OrganisationFactory

PRODUCTS = {
    "aphasia": {
        "name_zh": "失语症言语康复训练系统",
        "name_en": "Aphasia speech therapy system",
        "summary_zh": "面向脑卒中后失语患者的言语康复训练。",
        "summary_en": "Speech therapy for people with aphasia after a stroke.",
        "application_fields": [ApplicationField.REHABILITATION, ApplicationField.MEDICAL],
    },
    "exoskeleton": {
        "name_zh": "下肢外骨骼康复机器人",
        "name_en": "Lower-limb rehabilitation robot",
        "summary_zh": "运动想象驱动的下肢外骨骼。",
        "summary_en": "A lower-limb robot driven by motor imagery.",
        "application_fields": [ApplicationField.REHABILITATION],
    },
    "bci_only_en": {
        "name_zh": "神经解码研究平台",
        "name_en": "Neural decoding research platform",
        "summary_zh": "科研用神经信号解码平台。",
        "summary_en": "An open BCI platform for research labs.",
        "application_fields": [ApplicationField.EDUCATION],
    },
    "bci_zh": {
        "name_zh": "脑机接口专注力训练头环",
        "name_en": "Attention training headband",
        "summary_zh": "基于脑机接口的儿童专注力训练。",
        "summary_en": "Attention training for children.",
        "application_fields": [ApplicationField.EDUCATION],
    },
    "signals": {
        "name_zh": "多通道生物电放大器",
        "name_en": "Multichannel biopotential amplifier",
        "summary_zh": "高采样率记录生物电。",
        "summary_en": "Records physiological signals at a high sampling rate.",
        "signal_modality": SignalModality.EMG_HYBRID,
        "application_fields": [ApplicationField.MANUFACTURING],
    },
    "als": {
        "name_zh": "眼动与脑电交流辅助器",
        "name_en": "Communication aid",
        "summary_zh": "帮助渐冻症患者交流。",
        "summary_en": "Helps people with ALS communicate in daily activities.",
        "application_fields": [ApplicationField.MEDICAL],
    },
    "brain_control": {
        "name_zh": "脑控智能轮椅",
        "name_en": "Mind-controlled wheelchair",
        "summary_zh": "用意念控制轮椅。",
        "summary_en": "Steer a wheelchair with prosthetics-grade decoding.",
        "bci_type": BCIType.SEMI_INVASIVE,
        "application_fields": [ApplicationField.SMART_LIVING],
    },
}


@dataclass
class Corpus:
    products: dict = field(default_factory=dict)
    draft: object = None
    unverified: object = None

    def key(self, name: str) -> tuple[str, str]:
        product = self.products.get(name) or getattr(self, name)
        return ("product", str(product.pk))

    def keys(self, *names: str) -> set[tuple[str, str]]:
        return {self.key(name) for name in names}


def build_corpus() -> Corpus:
    org = OrganisationFactory(name_zh="甲脑机科技有限公司", name_en="Alpha Neurotech", slug="alpha-search")
    pending = OrganisationFactory(
        name_zh="乙康复有限公司", name_en="Beta Rehab", slug="beta-search", verification_status="pending"
    )
    corpus = Corpus()
    for name, fields in PRODUCTS.items():
        corpus.products[name] = PublishedProductFactory(
            organisation=org, description_zh="", description_en="", **fields
        )
    corpus.draft = ProductFactory(
        organisation=org,
        name_zh="失语评估草稿",
        name_en="Aphasia assessment draft",
        summary_zh="草稿。",
        summary_en="Draft.",
    )
    corpus.unverified = PublishedProductFactory(
        organisation=pending,
        name_zh="失语辅助沟通板",
        name_en="Aphasia board",
        summary_zh="未审核企业。",
        summary_en="x",
    )
    return corpus


#: Query -> the corpus products an anonymous visitor must find (the same on both engines).
EXPECTED = {
    "失语": {"aphasia"},
    "aphasia": {"aphasia"},
    "康复": {"aphasia", "exoskeleton"},
    "脑控": {"brain_control"},
    "外骨": {"exoskeleton"},
    "外骨骼": {"exoskeleton"},
    "exoskeleton": {"exoskeleton"},
    "脑机接口": {"bci_only_en", "bci_zh"},
    "BCI": {"bci_only_en", "bci_zh"},
    "ALS": {"als"},
    "渐冻症": {"als"},
    "signal": {"signals"},
    "prosthetic": {"brain_control"},
    "脑卒中": {"aphasia"},
    "中风": {"aphasia"},
    "中风患者": {"aphasia"},  # 中风 is stroke here, and 患者 is in its text
    "中风险": set(),  # "medium risk": not a search for stroke
    "康复 外骨": {"exoskeleton"},
    "脑机接口康复": set(),
}
