"""Case factories: a bilingual case index under the test site, published cases, submissions."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

import factory

from cases.models import (
    CaseIndexPage,
    CaseOutcome,
    CasePage,
    CasePublication,
    CaseSubmission,
    CaseSubmissionOutcome,
    CaseTrialRegistration,
    TypicalCaseSelection,
)
from portal.organisations.models import OrganisationKind
from tests.factories import OrganisationFactory, UserFactory
from tests.portal.page_factories import SiteTree, add_child, build_site, publish, translate

_n = itertools.count(1)


class HospitalFactory(OrganisationFactory):
    name_zh = factory.Sequence(lambda n: f"测试医院{n}")
    name_en = factory.Sequence(lambda n: f"Test Hospital {n}")
    slug = factory.Sequence(lambda n: f"hospital-{n}")
    kind = OrganisationKind.HOSPITAL


class SelectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TypicalCaseSelection

    name_zh = "2026 典型案例"
    name_en = "2026 typical cases"
    slug = factory.Sequence(lambda n: f"typical-{n}")
    year = 2026


@dataclass
class CaseSite:
    tree: SiteTree
    index: CaseIndexPage
    index_en: CaseIndexPage


def build_case_site() -> CaseSite:
    tree = build_site(news_items=0)
    index = add_child(
        tree.home, CaseIndexPage(title="典型应用案例", slug="cases", introduction="侵入式与半侵入式案例。")
    )
    index_en = translate(index, tree.en, title="Typical application cases", introduction="Invasive cases.")
    return CaseSite(tree=tree, index=index, index_en=index_en)


def make_case(index: CaseIndexPage, *, live: bool = True, institutions=(), products=(), selections=(), **fields):
    """A case under ``index`` with two outcome measures, a trial registration and a publication."""
    n = next(_n)
    values = {
        "title": f"侵入式脑机接口案例{n}",
        "slug": f"case-{n}",
        "summary": f"案例摘要{n}：高位截瘫患者植入微电极阵列。",
        "bci_type": "invasive",
        "approach": "intracortical_array",
        "functions": ["motor_control"],
        "indications": ["paralysis"],
        "phase": "first_in_human",
        "enrolment": 2,
        "start_date": datetime.date(2025, 3, 1),
        "case_status": "follow_up",
        "follow_up_months": 6,
        "consent_confirmed": True,
    }
    values.update(fields)
    page = CasePage(**values)
    page.outcomes = [
        CaseOutcome(measure="打字速度", time_frame="6个月", result="每分钟 62 个字符", value=62, unit="字符/分钟"),
        CaseOutcome(measure="光标控制成功率", time_frame="3个月", result="92%", value=92, unit="%"),
    ]
    page.trial_registrations = [CaseTrialRegistration(registration_id="NCT01234567")]
    page.publications = [CasePublication(doi="10.1000/demo.2025.001", citation="演示期刊 2025")]
    page.institutions = list(institutions)
    page.products = list(products)
    page.selections = list(selections)
    return add_child(index, page, live=live)


def translate_case(page: CasePage, locale, **fields) -> CasePage:
    fields.setdefault("title", f"Invasive BCI case {page.pk}")
    fields.setdefault("summary", "A man with tetraplegia received a microelectrode array.")
    return translate(page, locale, **fields)


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A complete draft (ready to submit) of a hospital's case."""

    class Meta:
        model = CaseSubmission
        skip_postgeneration_save = True

    organisation = factory.SubFactory(HospitalFactory)
    created_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"脊髓损伤患者脑脊接口行走案例{n}")
    summary = "硬膜外脑脊接口帮助脊髓损伤患者恢复行走。"
    narrative = "患者于 2024 年接受植入。"
    bci_type = "semi_invasive"
    approach = "brain_spine"
    functions = factory.LazyFunction(lambda: ["motor_control"])
    indications = factory.LazyFunction(lambda: ["spinal_cord_injury"])
    phase = "first_in_human"
    enrolment = 3
    start_date = datetime.date(2024, 9, 1)
    case_status = "follow_up"
    follow_up_months = 12
    trial_ids = "NCT01234567\nChiCTR2000012345"
    dois = "10.1000/demo.2025.002"
    consent_confirmed = True

    @factory.post_generation
    def outcomes(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            CaseSubmissionOutcome.objects.create(
                submission=obj,
                sort_order=0,
                measure="10 米步行时间",
                time_frame="6个月",
                result="18 秒",
                value=18,
                unit="秒",
            )


__all__ = ["publish"]


def submitted_submission() -> CaseSubmission:
    """A hospital member's case submission, sent to the alliance (awaiting staff's review)."""
    from cases import services
    from tests.factories import MembershipFactory

    hospital = HospitalFactory()
    member = MembershipFactory(organisation=hospital).user
    submission = SubmissionFactory(organisation=hospital, created_by=member, title="待审核的案例")
    return services.submit(actor=member, submission=submission, version=submission.version, consent_confirmed=True)
