"""The demo cases: ≥ 25, both languages, linked to demo institutions and products, one selection scored by an
expert panel and confirmed from its ranking; idempotent."""

import pytest
from django.utils import translation
from wagtail.models import Locale

from cases import queries
from cases.models import CaseIndexPage, CasePage, CaseSubmission, TypicalCaseSelection
from portal.judging.models import Assignment, Item, Panel, Rubric, Scorecard
from portal.judging.queries import results
from portal.models import Organisation, StandardPage, User
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
    # One way in: the editorial "cases" page introduces the library, and its menu entry opens it.
    assert not CaseIndexPage.objects.filter(show_in_menus=True).exists()
    for index in CaseIndexPage.objects.all():
        introduction = StandardPage.objects.get(locale=index.locale, slug="cases", show_in_menus=True)
        assert introduction.list_page_id == index.pk
    submission = CaseSubmission.objects.get(status="submitted")
    assert submission.title_en and submission.summary_en  # accepting it makes an English page from them
    assert [row.measure for row in submission.english_outcomes] == ["Western Aphasia Battery score"]
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


def test_the_2026_selection_is_scored_by_a_panel_and_confirmed_from_its_ranking(demo, db):  # noqa: F811
    selection = TypicalCaseSelection.objects.get(slug="typical-2026")
    panel = queries.selection_panel(selection)
    assert [c.name_zh for c in panel.rubric.criteria.all()] == ["临床价值", "技术创新", "安全性", "可推广性"]
    assert all(c.descriptor_zh and c.descriptor_en for c in panel.rubric.criteria.all())
    assert panel.judges.count() == 5
    zh = CasePage.objects.live().filter(locale__language_code="zh-hans")
    assert queries.nominated_case_ids(panel) == sorted(zh.values_list("pk", flat=True))
    conflicted = User.objects.get(email="case-judge-4@demo.bci-alliance.example")
    binhai = Organisation.objects.get(slug="binhai-neuro")
    assert not Assignment.objects.filter(judge=conflicted, item__subject_id__in=zh.filter(institutions=binhai)).exists()
    cards = Scorecard.objects.filter(assignment__item__panel=panel)
    assert cards.filter(status="submitted").count() > Assignment.objects.filter(item__panel=panel).count() / 2
    ranked = [row.item.subject_id for row in results(panel, method="normalised") if row.rank is not None]
    assert queries.selected_case_ids(selection) == sorted(ranked[:12])
    assert selection.cases.filter(locale__language_code="en").count() == 12


def test_a_second_run_leaves_the_panel_as_it_is(demo, db):  # noqa: F811
    counts = [model.objects.count() for model in (Panel, Item, Assignment, Scorecard, Rubric)]
    selected = queries.selected_case_ids(TypicalCaseSelection.objects.get())
    run_load_demo()
    assert [model.objects.count() for model in (Panel, Item, Assignment, Scorecard, Rubric)] == counts
    assert queries.selected_case_ids(TypicalCaseSelection.objects.get()) == selected


def test_demo_cases_start_on_their_own_days_with_their_own_enrolment(demo, db):  # noqa: F811
    """Every case of a year started on one day with one patient count (2024-03-12, 1; 2025-06-03, 3)."""
    zh = CasePage.objects.live().filter(locale__language_code="zh-hans", slug__startswith="demo-")
    starts = list(zh.values_list("start_date", flat=True))
    assert len(set(starts)) >= len(starts) // 2
    assert len(set(zh.filter(case_status="recruiting").values_list("enrolment", flat=True))) >= 3
    pair = zh.filter(slug__in=["demo-speech-als-1", "demo-speech-als-2"])
    assert pair.count() == 2
    for case in pair:  # the English page says the same
        assert case.get_translation(Locale.objects.get(language_code="en")).specific.start_date == case.start_date
