"""The public case pages: index (facets, sort, chart, cache, query counts), detail, selection, product page."""

import copy
import datetime
import re
from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.utils import translation

from cases import listing, services
from cases.listing import CASE_LIBRARY, INSTITUTION_FACET_LIMIT
from cases.models import CaseMilestone, CaseOutcome, CasePage, CaseTrialRegistration
from catalog.models import Product
from portal import db
from portal.listing.counting import count_grouped_together
from portal.organisations import verification
from portal.vocabulary import Indication
from tests.cases.factories import (
    HospitalFactory,
    SelectionFactory,
    SubmissionFactory,
    build_case_site,
    make_case,
    translate_case,
)
from tests.catalog.factories import PublishedProductFactory
from tests.conftest import module_world
from tests.factories import MembershipFactory, StaffFactory

pytestmark = pytest.mark.django_db


site_built = module_world(lambda: build_case_site(), name="site_built")


@pytest.fixture
def site(site_built):
    """This test's copy of the module's case site (built once for the module)."""
    return copy.deepcopy(site_built)


def _facet(response, param):
    row = next(row for row in response.context["listing"]["facets"] if row["facet"].param == param)
    return {option["value"]: option["count"] for option in row["options"]}, row


def test_index_lists_live_cases_with_facet_counts(client, site):
    hospital = HospitalFactory(name_zh="瑞华医院", slug="ruihua")
    make_case(
        site.index, title="言语解码案例", indications=["als", "aphasia"], functions=["speech"], institutions=[hospital]
    )
    make_case(site.index, title="运动控制案例", indications=["paralysis"], start_date=datetime.date(2024, 1, 5))
    make_case(site.index, title="未发布案例", live=False)
    response = client.get(site.index.url)
    assert response.status_code == 200
    assert "言语解码案例" in response.text and "运动控制案例" in response.text and "未发布案例" not in response.text
    indications, _ = _facet(response, "indication")
    assert indications["als"] == 1 and indications["paralysis"] == 1 and indications["aphasia"] == 1
    years, _ = _facet(response, "year")
    assert years == {"2025": 1, "2024": 1}
    institutions, _ = _facet(response, "institution")
    assert institutions == {"ruihua": 1}


def test_index_filters_each_facet_counts_under_the_others(client, site):
    make_case(site.index, title="甲", indications=["als"], bci_type="invasive")
    make_case(site.index, title="乙", indications=["als"], bci_type="interventional", approach="endovascular_stent")
    make_case(site.index, title="丙", indications=["stroke"], bci_type="interventional", approach="endovascular_stent")
    response = client.get(site.index.url + "?indication=als&type=interventional")
    assert response.context["listing"]["page_obj"].paginator.count == 1
    types, row = _facet(response, "type")
    assert types["invasive"] == 1 and types["interventional"] == 1 and row["selected"] == ["interventional"]
    indications, _ = _facet(response, "indication")
    assert indications["als"] == 1 and indications["stroke"] == 1
    # unknown values are ignored, never an error
    assert (
        client.get(site.index.url + "?indication=telepathy&year=x").context["listing"]["page_obj"].paginator.count == 3
    )


def test_an_index_with_no_matching_case_offers_to_clear_the_filters_and_draws_no_empty_chart(client, site):
    make_case(site.index, indications=["paralysis"])
    empty = client.get(site.index.url + "?indication=blindness&sort=title").text
    assert "没有符合筛选条件的案例。" in empty and '<a href="?sort=title">清除全部筛选条件</a>' in empty
    # The summary of nothing read "No cases yet." three times above the answer.
    assert "case-summary-heading" not in empty and "暂无案例。" not in empty
    text_only = client.get(site.index.url + "?q=zzzqqq").text
    assert "没有符合此搜索的案例。" in text_only and "清除全部筛选条件" not in text_only
    assert "case-summary-heading" in client.get(site.index.url).text


def test_index_sorts(client, site):
    make_case(site.index, title="较早", start_date=datetime.date(2023, 1, 1), enrolment=10)
    make_case(site.index, title="较晚", start_date=datetime.date(2025, 1, 1), enrolment=1)
    titles = lambda response: [case.title for case in response.context["listing"]["cases"]]  # noqa: E731
    assert titles(client.get(site.index.url)) == ["较晚", "较早"]
    assert titles(client.get(site.index.url + "?sort=oldest")) == ["较早", "较晚"]
    assert titles(client.get(site.index.url + "?sort=enrolment")) == ["较早", "较晚"]


def test_chart_data_and_table_fallback(client, site):
    make_case(site.index, indications=["als"])
    response = client.get(site.index.url)
    assert all(f'id="case-chart-{key}"' in response.text for key in ("indication", "type", "year"))
    assert "vendor/echarts/echarts.min.js" in response.text and "<script>" not in response.text
    chart = response.context["listing"]["chart"]
    assert chart["indication"]["values"] == [1]
    assert "<table" in response.text
    captions = ["按适应症统计的案例", "按脑机接口类型统计的案例", "按年份统计的案例"]
    assert all(f"<figcaption>{caption}</figcaption>" in response.text for caption in captions)


def test_the_charts_captions_read_as_english_sentences(client, site):
    """They were "Cases by" + the facet's label: "Cases by Indication", "Cases by BCI type", "Cases by Year"."""
    case = make_case(site.index, indications=["als"])
    translate_case(case, site.tree.en, title="English case")
    text = client.get(site.index_en.url).text
    for caption in ("Cases by indication", "Cases by BCI type", "Cases by year"):
        assert f"<figcaption>{caption}</figcaption>" in text


def test_an_anticipated_enrolment_reads_in_lower_case_in_both_languages(client, site):
    # It read "3 (Anticipated)" in English.
    case = make_case(site.index, enrolment=3, enrolment_type="anticipated")
    english = translate_case(case, site.tree.en, enrolment=3, enrolment_type="anticipated")
    assert "<dd>3 (anticipated)</dd>" in client.get(english.url).text
    assert "<dd>3（预计）</dd>" in client.get(case.url).text


def test_index_is_cached_for_anonymous_visitors_with_declared_params(client, site):
    make_case(site.index)
    url = site.index.url + "?indication=paralysis&sort=oldest&page=1"
    assert "X-Public-Cache" not in client.get(url).headers  # a query string: stored from its second asking
    assert client.get(url).headers["X-Public-Cache"] == "miss"
    assert client.get(url).headers["X-Public-Cache"] == "hit"
    assert "X-Public-Cache" not in client.get(site.index.url + "?junk=1").headers
    make_case(site.index, title="新发布案例")
    response = client.get(url)
    assert response.headers["X-Public-Cache"] == "miss" and "新发布案例" in response.text


@pytest.mark.parametrize("count", [5, 40])
def test_index_query_count_is_constant(client, site, count, django_assert_max_num_queries):
    hospitals = [HospitalFactory() for _ in range(3)]
    selection = SelectionFactory()
    for i in range(count):
        make_case(site.index, institutions=hospitals[: 1 + i % 3], selections=[selection] if i % 2 else [])
    client.get(site.index.url)  # warm Wagtail's site root cache

    for cache in caches.all():
        cache.clear()
    # every cache empty: the sites, settings and root paths (1: portal.sites), routing (2), the
    # view restrictions, the facet scan, the two related facets (one query), the page of results,
    # its institutions and the selections, the chrome, the page introducing the library (7 once
    # the counts and the page's ids are remembered).
    with django_assert_max_num_queries(11):
        response = client.get(site.index.url + "?sort=title&indication=paralysis")
    assert response.status_code == 200
    assert len(response.context["listing"]["cases"]) == min(count, 12)


def test_case_detail_shows_facts_outcomes_links(client, site):
    hospital = HospitalFactory(name_zh="瑞华医院")
    product = PublishedProductFactory(name_zh="植入式采集芯片")
    selection = SelectionFactory()
    case = make_case(site.index, title="详细案例", institutions=[hospital], products=[product], selections=[selection])
    related = make_case(site.index, title="相关案例")
    response = client.get(case.url)
    text = response.text
    assert response.status_code == 200
    assert "打字速度" in text and "光标控制成功率" in text
    assert "https://clinicaltrials.gov/study/NCT01234567" in text
    assert "https://doi.org/10.1000/demo.2025.001" in text
    assert "瑞华医院" in text and "植入式采集芯片" in text and "2026 典型案例" in text
    assert related.title in text
    assert response.public_cache_tags[:2] == ("pages", "cases")
    # On a phone the outcomes table scrolls sideways in its wrapper: a region the keyboard can reach, named
    # by the heading (the only landmark of that name: its section is no landmark).
    assert '<div class="table-wrap" tabindex="0" role="region" aria-labelledby="outcomes-heading">' in text
    assert '<h2 id="outcomes-heading">结局指标</h2>' in text
    assert text.count('aria-labelledby="outcomes-heading"') == 1


def test_related_cases_share_the_condition_or_the_function_before_the_bci_type(client, site):
    """An ALS speech case is shown beside the other speech and aphasia cases, not the newest invasive ones."""
    case = make_case(
        site.index,
        title="渐冻症言语解码",
        functions=["speech"],
        indications=["als", "aphasia"],
        start_date=datetime.date(2024, 3, 1),
    )
    # Newer, invasive and intracortical too, but about movement after paralysis (the factory's case).
    for month in (4, 5, 6):
        make_case(site.index, title=f"运动控制案例{month}", start_date=datetime.date(2025, month, 1))
    aphasia = make_case(
        site.index,
        title="失语皮层电图言语解码",
        bci_type="semi_invasive",
        approach="ecog",
        functions=["speech"],
        indications=["aphasia", "stroke"],
        start_date=datetime.date(2023, 1, 1),
    )
    speech = make_case(
        site.index,
        title="言语解码随访",
        functions=["speech"],
        indications=["als"],
        start_date=datetime.date(2023, 6, 1),
    )
    related = client.get(case.url).context["related_cases"]
    assert [page.title for page in related] == [speech.title, aphasia.title, "运动控制案例6"]


def test_case_detail_query_count(client, site, django_assert_max_num_queries):
    case = make_case(site.index, institutions=[HospitalFactory()])
    for _ in range(5):
        make_case(site.index, institutions=[HospitalFactory()])
    client.get(case.url)

    for cache in caches.all():
        cache.clear()
    # every cache empty: the sites, settings and root paths (1: portal.sites), routing (2), the view
    # restrictions, whether the organisation that published the case is verified, the related
    # cases (two: the candidates scored, then the chosen), every institution shown, the inlines and
    # selections (one query), the products, the chrome; 5 once the detail context is remembered
    # (tests/cases/test_listing_counts.py).
    with django_assert_max_num_queries(11):
        assert client.get(case.url).status_code == 200


def test_case_detail_reads_the_relations_as_separate_queries_would(site, django_assert_num_queries):
    """The inlines read in one query are the objects, values and order the page's managers give."""
    hospitals = [HospitalFactory(name_zh="乙医院"), HospitalFactory(name_zh="甲医院")]
    selections = [SelectionFactory(year=2025, name_zh="乙"), SelectionFactory(year=2026), SelectionFactory(year=2025)]
    case = make_case(site.index, institutions=hospitals, selections=selections, products=[PublishedProductFactory()])
    for date, event in [(datetime.date(2025, 6, 1), "随访"), (datetime.date(2025, 3, 1), "植入")]:
        CaseMilestone.objects.create(page=case, date=date, event=event)
    CaseOutcome.objects.create(page=case, sort_order=-1, measure="误码率", result="0.21", value="0.210", unit="")
    make_case(site.index, institutions=hospitals[:1])
    page = CasePage.objects.get(pk=case.pk)

    def rows(context):
        return {
            key: [
                (type(row), row.pk, {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields})
                for row in value
            ]
            if key not in ("institutions", "related_cases")
            else [row.pk for row in value]
            for key, value in context.items()
        }

    with django_assert_num_queries(5):
        together = listing._case_detail_context(page, saved=True)
    separately = listing._case_detail_context(CasePage.objects.get(pk=case.pk), saved=False)
    assert rows(together) == rows(separately)
    # The factory's rows have no sort_order: where NULLs sort differs by database, hence sorted().
    assert sorted(outcome.value_display for outcome in together["outcomes"]) == ["0.21", "62", "92"]
    assert [selection.year for selection in together["selections"]] == [2026, 2025, 2025]
    assert [milestone.event for milestone in together["milestones"]] == ["植入", "随访"]
    assert {institution.pk for institution in together["institutions"]} == {hospital.pk for hospital in hospitals}
    assert "_prefetched_objects_cache" not in vars(page) or not page._prefetched_objects_cache


def test_the_relations_query_is_compiled_once_and_bound_to_each_page(site, django_assert_num_queries):
    """``portal.db.relations_in_one_query`` compiles a model's relations once; each call reads its own page's."""
    cases = [make_case(site.index, selections=[SelectionFactory(year=year)]) for year in (2024, 2026)]
    for case, event in zip(cases, ("植入", "随访"), strict=True):
        CaseMilestone.objects.create(page=case, date=datetime.date(2025, 3, 1), event=event)
    pages = [CasePage.objects.get(pk=case.pk) for case in cases]
    db._COMPILED.pop(f"cases.CasePage:{','.join(listing._RELATIONS)}", None)
    for page, event, year in zip(pages, ("植入", "随访"), (2024, 2026), strict=True):
        with django_assert_num_queries(1):
            rows = db.relations_in_one_query(page, listing._RELATIONS)
        assert [milestone.event for milestone in rows["milestones"]] == [event]
        assert [milestone.page_id for milestone in rows["milestones"]] == [page.pk]
        assert [selection.year for selection in rows["selections"]] == [year]
    assert f"cases.CasePage:{','.join(listing._RELATIONS)}" in db._COMPILED
    with pytest.raises(ValueError, match="not a reverse foreign key"):
        db.relations_in_one_query(pages[0], ("title",))


def test_rows_without_a_sort_order_come_in_pk_order_whatever_order_they_are_stored_in(site):
    """Outcomes made outside the editor have no sort_order. The database returns ties in the order it
    stores them, which an update or a restore changes: the page (and its search document) would then
    change with no edit. ``portal.models.Orderable`` breaks ties by pk."""
    case = make_case(site.index, title="无排序案例")
    case.outcomes.all().delete()
    # Stored first, but with the larger pk: what an updated or restored row looks like to a scan.
    CaseOutcome.objects.create(pk=900_002, page=case, measure="后建", result="2")
    CaseOutcome.objects.create(pk=900_001, page=case, measure="先建", result="1")
    assert [o.measure for o in CasePage.objects.get(pk=case.pk).outcomes.all()] == ["先建", "后建"]


def test_english_tree_shows_translated_cases(client, site):
    case = make_case(site.index, title="中文案例")
    translate_case(case, site.tree.en, title="English case")
    response = client.get(site.index_en.url)
    assert "English case" in response.text and "中文案例" not in response.text
    en_case = response.context["listing"]["cases"][0]
    assert [o.measure for o in en_case.outcomes.all()] == ["打字速度", "光标控制成功率"]


def test_selection_page(client, site):
    selection = SelectionFactory(slug="typical-2026")
    make_case(site.index, title="入选案例", selections=[selection])
    make_case(site.index, title="未入选案例")
    response = client.get(site.index.url + "selections/typical-2026/")
    assert response.status_code == 200
    assert "入选案例" in response.text and "未入选案例" not in response.text and "2026 典型案例" in response.text
    assert client.get(site.index.url + "selections/nope/").status_code == 404


def test_product_page_lists_its_cases(client, site):
    product = PublishedProductFactory(name_zh="柔性电极")
    case = make_case(site.index, title="柔性电极案例", products=[product])
    translate_case(case, site.tree.en, title="Flexible electrode case")
    with translation.override("zh-hans"):
        zh = client.get(product.get_absolute_url())
    assert "柔性电极案例" in zh.text and "Flexible electrode case" not in zh.text
    assert list(Product.objects.get(pk=product.pk).cases.live().filter(locale=site.tree.zh)) == [case]


def _links(html: str, start: str, end: str) -> list[tuple[str, str]]:
    """``(href, attributes after it)`` of the links between ``start`` and ``end`` in ``html``."""
    section = html[html.index(start) : html.index(end, html.index(start))]
    return re.findall(r'<a href="([^"]*)"([^>]*)>', section)


def test_index_cards_link_to_the_cases_and_show_their_labels(client, site):
    """The cards' URLs come from the index's URL (no per-case resolution) and equal Wagtail's own."""
    hospital = HospitalFactory(name_zh="瑞华医院")
    first = make_case(site.index, title="卡片甲", bci_type="interventional", phase="pivotal", institutions=[hospital])
    second = make_case(site.index, title="卡片乙", indications=[], start_date=datetime.date(2024, 2, 1))
    client.cookies["sessionid"] = "x"
    response = client.get(site.index.url)
    cards = {case.title: case for case in response.context["listing"]["cases"]}
    assert cards["卡片甲"].listing_url == first.get_url() and cards["卡片乙"].listing_url == second.get_url()
    html = response.text
    assert f'<a href="{first.get_url()}">卡片甲</a>' in html and f'<a href="{second.get_url()}">卡片乙</a>' in html
    assert '<span class="badge badge-info">介入式（血管内）</span>' in html
    assert '<span class="case-card-meta">' not in html and '<p class="case-card-meta">瑞华医院 · 2025</p>' in html
    assert '<p class="case-card-meta">2024</p>' in html
    assert "<strong>适应症：</strong>" in html  # Chinese punctuation, not "适应症:"
    # the detail page's related cases too
    related = _links(client.get(second.url).text, 'id="related-heading"', "</section>")
    assert (first.get_url(), "") in related


def test_a_case_cards_label_and_a_cases_lists_are_written_as_the_language_writes_them(client, site):
    # The Chinese card read "适应症： 瘫痪" (a space after the full-width colon) and the case page listed
    # its selections as "2026 典型案例, 2027 典型案例" (an English comma).
    selections = [SelectionFactory(), SelectionFactory(name_zh="2027 典型案例", name_en="2027 typical cases")]
    case = make_case(site.index, title="标点案例", selections=selections)
    english = translate_case(case, site.tree.en, title="Punctuation case")
    for page in (case, english):
        CaseTrialRegistration.objects.create(page=page, registration_id="ChiCTR2400000001")
    for language, index, page, gap, comma in (
        ("zh-hans", site.index, case, "", "、"),
        ("en", site.index_en, english, " ", ", "),
    ):
        with translation.override(language):
            label, paralysis = translation.gettext("Indications:"), str(Indication.PARALYSIS.label)
            selection_names = [str(selection.name) for selection in selections]
            html = client.get(index.url).text
            detail = client.get(page.url).text
        assert f"<strong>{label}</strong>{gap}{paralysis}</p>" in html
        assert f"{selection_names[0]}</a>{comma}<a " in detail
        assert f"NCT01234567</a>{comma}<a " in detail


def test_index_facet_links_keep_the_other_filters_the_search_and_the_sort(client, site):
    hospital = HospitalFactory(name_zh="瑞华医院", slug="ruihua")
    make_case(site.index, indications=["als"], institutions=[hospital])
    make_case(site.index, indications=["stroke"], bci_type="interventional")
    client.cookies["sessionid"] = "x"
    html = client.get(site.index.url + "?indication=als&sort=oldest").text
    indications = _links(html, 'id="facet-indication"', "</nav>")
    assert indications[0] == ("?sort=oldest", "")  # "All"
    assert ("?indication=als&amp;sort=oldest", ' aria-current="page" rel="nofollow"') in indications
    assert ("?indication=stroke&amp;sort=oldest", ' rel="nofollow"') in indications
    assert not any("paralysis" in href for href, _ in indications)  # no case: not listed
    institutions = _links(html, 'id="facet-institution"', "</nav>")
    assert institutions == [
        ("?indication=als&amp;sort=oldest", ' aria-current="page"'),  # "All", the page itself: followed
        ("?indication=als&amp;institution=ruihua&amp;sort=oldest", ' rel="nofollow"'),
    ]
    assert '瑞华医院 <span class="badge">1</span></a></li>' in html
    # a selected option with no case left is still shown, so it can be unselected
    html = client.get(site.index.url + "?indication=als&type=interventional").text
    assert ("?indication=als&amp;type=interventional&amp;sort=newest", ' aria-current="page" rel="nofollow"') in _links(
        html, 'id="facet-type"', "</nav>"
    )


def test_index_facet_urls_keep_the_search_the_other_facets_and_the_sort(client, site):
    """Each option's URL (built per facet, sharing parts): the text, the other facets, the option last, the sort."""
    make_case(site.index, indications=["als"], institutions=[HospitalFactory(slug="ruihua")])
    client.cookies["sessionid"] = "x"
    for query in ("", "?q=电极 阵列&type=invasive&indication=als&sort=oldest", "?institution=ruihua&year=2025"):
        response = client.get(site.index.url + query)
        shown = response.context["listing"]
        text, sort = shown["text"], shown["sort"]
        selected = {row["facet"].param: row["selected"][0] for row in shown["facets"] if row["selected"]}
        for row in shown["facets"]:
            param = row["facet"].param
            for option in row["options"]:
                if option["count"] or option["selected"]:
                    pairs = [("q", text)] * bool(text) + [(p, v) for p, v in selected.items() if p != param]
                    assert option["url"] == "?" + urlencode([*pairs, (param, option["value"]), ("sort", sort)])


def test_api_lists_each_case_with_its_page_url(client, site):
    """The list's URLs come from the index's URL (``listing_url``), the detail's from Wagtail: the same."""
    cases = [make_case(site.index) for _ in range(3)]
    data = client.get("/api/v1/cases/?language=zh-hans").json()
    assert {row["id"]: row["url"] for row in data["results"]} == {case.pk: case.url for case in cases}
    assert client.get(f"/api/v1/cases/{cases[0].pk}/").json()["url"] == cases[0].url


def test_index_counts_both_related_facets_in_one_query_as_each_alone(site, django_assert_num_queries):
    hospitals = [HospitalFactory(name_zh=name) for name in ("乙医院", "甲医院", "丙医院")]
    selections = [SelectionFactory(name_zh=name) for name in ("乙", "甲")]
    for i in range(5):
        make_case(site.index, institutions=hospitals[i % 3 :], selections=selections[: i % 3])
    facets = [facet for facet in CASE_LIBRARY.facets if not facet.scanned]
    rows = {facet.param: site.index.live_cases() for facet in facets}
    with django_assert_num_queries(1):
        together = count_grouped_together(facets, rows)
    assert together == {facet.param: facet.count(rows[facet.param]) for facet in facets}
    assert [n for _value, _zh, _en, n in together["institution"]] and len(together["selection"]) == 2


def test_the_institution_facet_offers_the_15_with_most_cases_and_the_selected_one(site):
    """Hundreds of hospitals made the sidebar pages long (319 in the bench: 28,900 px): the 15 with
    the most cases are offered, as the catalogue's enterprises, and a selected one stays."""
    hospitals = [HospitalFactory(name_zh=f"医院{n:02d}") for n in range(INSTITUTION_FACET_LIMIT + 2)]
    make_case(site.index, institutions=hospitals)
    make_case(site.index, institutions=hospitals[-1:])  # the last by name has the most cases
    facet = next(facet for facet in CASE_LIBRARY.facets if facet.param == "institution")
    offered = [value for value, *_rest in facet.count(site.index.live_cases())]
    assert len(offered) == INSTITUTION_FACET_LIMIT and hospitals[-1].slug in offered
    kept = [value for value, *_rest in facet.count(site.index.live_cases(), [hospitals[-2].slug])]
    assert len(kept) == INSTITUTION_FACET_LIMIT + 1 and hospitals[-2].slug in kept


def test_a_suspended_hospitals_published_cases_are_hidden_until_it_is_verified_again(client, site):
    """Suspending "hides the organisation's public page and everything it published until it is verified
    again": its cases leave their pages (in both languages), the case library and the API, and come back."""
    hospital = HospitalFactory(name_zh="暂停认证的医院")
    member = MembershipFactory(organisation=hospital, role="editor").user
    staff = StaffFactory()
    submission = SubmissionFactory(
        organisation=hospital, created_by=member, title_en="Speech BCI", summary_en="An English summary."
    )
    services.submit(actor=member, submission=submission, version=submission.version, consent_confirmed=True)
    services.accept(staff=staff, submission=submission)
    zh_page, en_page = services.publish(staff=staff, submission=submission)
    other = make_case(site.index, title="其他医院的案例")
    assert client.get(zh_page.url).status_code == 200 and client.get(en_page.url).status_code == 200

    verification.suspend_organisation(staff=staff, organisation=hospital, note="资质复核中")

    assert client.get(zh_page.url).status_code == 404 and client.get(en_page.url).status_code == 404
    library = client.get(site.index.url)
    assert zh_page.title not in library.text and other.title in library.text
    assert set(CasePage.published().values_list("pk", flat=True)) == {other.pk}
    assert client.get(f"/api/v1/cases/{zh_page.pk}/").status_code == 404

    verification.verify_organisation(staff=staff, organisation=hospital)

    assert client.get(zh_page.url).status_code == 200 and zh_page.title in client.get(site.index.url).text
