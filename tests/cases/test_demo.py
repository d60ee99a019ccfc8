"""The demo cases: ≥ 25, both languages, linked to demo institutions and products, one selection; idempotent."""

import pytest
from django.utils import translation

from cases.models import CaseIndexPage, CasePage, CaseSubmission, TypicalCaseSelection
from portal.organisations.models import OrganisationKind
from tests.portal.test_load_demo import demo, run_load_demo  # noqa: F401


def test_demo_cases_in_both_languages(demo, db):  # noqa: F811
    zh = CasePage.objects.live().filter(locale__language_code="zh-hans")
    en = CasePage.objects.live().filter(locale__language_code="en")
    assert zh.count() >= 25 and en.count() == zh.count()
    assert all("演示数据" in case.summary for case in zh) and all("demo data" in case.summary.lower() for case in en)
    english = en.first()
    assert english.outcomes.exists() and all(
        not any("\u4e00" <= c <= "\u9fff" for c in o.measure) for o in english.outcomes.all()
    )
    assert {case.bci_type for case in zh} >= {"invasive", "semi_invasive", "interventional"}
    kinds = {institution.kind for case in zh for institution in case.institutions.all()}
    assert {OrganisationKind.HOSPITAL, OrganisationKind.RESEARCH_INSTITUTE} <= kinds
    assert zh.filter(products__isnull=False).distinct().count() >= 10
    selection = TypicalCaseSelection.objects.get()
    assert selection.cases.filter(locale__language_code="zh-hans").count() >= 10
    assert CaseIndexPage.objects.filter(show_in_menus=True).count() == 2
    assert CaseSubmission.objects.filter(status="submitted").exists()
    for case in zh[:5]:
        case.full_clean()


@pytest.mark.django_db
def test_demo_case_pages_render(demo, client):  # noqa: F811
    for language in ("zh-hans", "en"):
        index = CaseIndexPage.objects.get(locale__language_code=language)
        with translation.override(language):
            response = client.get(index.url)
            assert response.status_code == 200 and response.context["listing"]["page_obj"].paginator.count >= 25
            case = CasePage.objects.live().filter(locale__language_code=language).first()
            assert client.get(case.url).status_code == 200


def test_second_run_creates_no_case(demo, db):  # noqa: F811
    assert "case:" in demo["output"] or "case" in demo["output"]
    before = CasePage.objects.count()
    run_load_demo()
    assert CasePage.objects.count() == before
