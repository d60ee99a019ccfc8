"""The search boxes of the catalogue list and the case index: the search app's query, the lists' facets.

Each list asks ``search.services.matching_ids`` for the matching ids (engine chosen by the
settings, database fallback), then applies its own facets, counts, sort and pages within them.
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from catalog.models import Product
from search import indexing, services
from tests.cases.factories import build_case_site, make_case, translate_case
from tests.catalog.factories import PublishedProductFactory

pytestmark = pytest.mark.django_db

HOSTILE = ['"', "AND (", "*", "x" * 10_000, "失语\x00\x07\x1b[31m", "((((", "a" * 300 + " 失语", "?q=", "\u202e失语"]


@pytest.fixture
def corpus(module_corpus):
    """The corpus built once for the module, a copy for each test (``tests/search/conftest.py``)."""
    return module_corpus


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.services)])
def engine(request, corpus):
    """The corpus, searched by each engine in turn."""
    if request.param == "elasticsearch":
        es_engine = request.getfixturevalue("elasticsearch")
        es_engine.rebuild()
    return request.param


def _list_url(query="", language="zh-hans"):
    with translation.override(language):
        return reverse("catalog:product_list") + query


def _names(response):
    return {product.name_zh for product in response.context["products"]}


def _corpus_names(corpus, *keys):
    return {corpus.products[key].name_zh for key in keys}


def _clear_caches():
    for cache in caches.all():
        cache.clear()


# --- catalogue -------------------------------------------------------------------------------


def test_catalogue_search_narrows_the_list_with_synonyms(client, engine, corpus):
    response = client.get(_list_url("?q=失语"))
    assert response.status_code == 200
    assert _names(response) == _corpus_names(corpus, "aphasia")  # not the draft, not the unverified company's
    response = client.get(_list_url("?q=脑机接口"))
    assert _names(response) == _corpus_names(corpus, "bci_only_en", "bci_zh")  # bci_only_en says only "BCI"
    assert response.context["page_obj"].paginator.count == 2
    assert 'value="脑机接口"' in response.text  # the box shows the text


def test_catalogue_facets_count_within_the_matches(client, engine, corpus):
    response = client.get(_list_url("?q=康复"))
    assert _names(response) == _corpus_names(corpus, "aphasia", "exoskeleton")
    field = next(row for row in response.context["facets"] if row["facet"].param == "field")
    counts = {option["value"]: option["count"] for option in field["options"]}
    assert counts["rehabilitation"] == 2 and counts["medical"] == 1 and counts["education"] == 0
    medical = next(option for option in field["options"] if option["value"] == "medical")
    assert "q=%E5%BA%B7%E5%A4%8D" in medical["url"]  # facet links keep the search
    narrowed = client.get(_list_url("?q=康复&field=medical"))
    assert _names(narrowed) == _corpus_names(corpus, "aphasia")


def test_catalogue_relevance_sort_is_offered_and_the_default_with_a_search(client, engine, corpus):
    plain = client.get(_list_url())
    assert "relevance" not in dict(plain.context["sorts"]) and plain.context["query"].sort == "name"
    searched = client.get(_list_url("?q=康复"))
    assert "relevance" in dict(searched.context["sorts"]) and searched.context["query"].sort == "relevance"
    assert searched.context["filter_pairs"] == [("q", "康复")]  # shareable: relevance is implied
    by_name = client.get(_list_url("?q=康复&sort=name"))
    assert by_name.context["filter_pairs"] == [("q", "康复"), ("sort", "name")]
    names = _corpus_names(corpus, "aphasia", "exoskeleton")
    assert names == {"失语症言语康复训练系统", "下肢外骨骼康复机器人"}
    # By name is the pinyin order on PostgreSQL (失 shī before 下 xià, which code points reverse).
    pinyin = ["失语症言语康复训练系统", "下肢外骨骼康复机器人"] if connection.vendor == "postgresql" else sorted(names)
    assert [p.name_zh for p in by_name.context["products"]] == pinyin
    # relevance without a search falls back to the default
    assert client.get(_list_url("?sort=relevance")).context["query"].sort == "name"


def test_catalogue_pagination_keeps_the_search(client, corpus):
    for i in range(25):
        PublishedProductFactory(
            name_zh=f"康复产品{i:02d}", summary_zh="康复训练。", organisation=corpus.products["aphasia"].organisation
        )
    indexing.rebuild_database()
    response = client.get(_list_url("?q=康复"))
    assert response.context["page_obj"].paginator.count == 27
    assert "q=%E5%BA%B7%E5%A4%8D&amp;page=2" in response.text
    second = client.get(_list_url("?q=康复&page=2"))
    assert len(second.context["products"]) == 7


def test_catalogue_api_accepts_q(client, engine, corpus):
    data = client.get("/api/v1/products/", {"q": "脑机接口"}).json()
    assert data["q"] == "脑机接口" and data["sort"] == "relevance" and data["count"] == 2
    assert {item["id"] for item in data["results"]} == {
        corpus.products["bci_only_en"].pk,
        corpus.products["bci_zh"].pk,
    }
    rows = {row["param"]: {o["value"]: o["count"] for o in row["options"]} for row in data["facets"]}
    assert rows["field"]["education"] == 2
    bad = client.get("/api/v1/products/", {"q": "*"}).json()
    assert bad["count"] == 7 and bad["message"]  # ignored, and said so (the 7 public products)


def test_catalogue_hostile_queries_never_fail(client, engine, corpus):
    # One corpus for every text (each is only read): the list and the API answer each with 200.
    statuses = {
        text[:20]: [client.get(url, {"q": text}).status_code for url in (_list_url(), "/api/v1/products/")]
        for text in HOSTILE
    }
    assert statuses == {text[:20]: [200, 200] for text in HOSTILE}


def test_catalogue_symbols_only_are_ignored_with_a_message(client, corpus):
    response = client.get(_list_url(), {"q": '" ( * -- ||'})
    assert response.context["page_obj"].paginator.count == 7  # the whole list
    message = response.context["matches"].message
    assert message and escape(message) in response.text
    long = client.get(_list_url(), {"q": "失语 " + "x" * 10_000})
    assert long.status_code == 200 and long.context["matches"].message  # "only its first 200 characters..."


def test_anonymous_search_pages_are_cached_and_refreshed_when_the_index_changes(client, corpus):
    url = _list_url("?q=失语")
    assert "X-Public-Cache" not in client.get(url).headers  # typed text: stored from its second asking
    assert client.get(url).headers["X-Public-Cache"] == "miss"
    assert client.get(url).headers["X-Public-Cache"] == "hit"
    # A change reaching the index (here without the domain's own invalidation) makes the
    # cached search page stale.
    product = corpus.products["exoskeleton"]
    Product.objects.filter(pk=product.pk).update(summary_zh="也适用于失语患者的下肢外骨骼。")
    indexing.changed("product", [product.pk])
    response = client.get(url)
    assert response.headers["X-Public-Cache"] == "miss"
    assert _names(response) == {corpus.products["aphasia"].name_zh, product.name_zh}


def test_search_page_refreshed_after_a_publish_through_the_outbox(client, corpus, django_capture_on_commit_callbacks):
    url = _list_url("?q=失语")
    client.get(url)
    client.get(url)  # typed text: stored from its second asking
    assert client.get(url).headers["X-Public-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        new = PublishedProductFactory(name_zh="失语沟通新品", organisation=corpus.products["aphasia"].organisation)
    response = client.get(url)
    assert response.headers["X-Public-Cache"] == "miss" and new.name_zh in _names(response)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_catalogue_query_count_is_constant_with_and_without_q(client, corpus, django_assert_max_num_queries, language):
    org = corpus.products["aphasia"].organisation
    client.get(_list_url(language=language))  # warm the site caches
    counts = {}
    for size in (0, 30):
        for _ in range(size):
            PublishedProductFactory(name_zh="康复训练设备", organisation=org)
        indexing.rebuild_database()
        for query in ("", "?q=康复", "?q=康复&field=rehabilitation&sort=newest"):
            _clear_caches()
            with django_assert_max_num_queries(12) as captured:
                response = client.get(_list_url(query, language))
            assert response.status_code == 200
            counts.setdefault(query, set()).add(len(captured.captured_queries))
    assert all(len(seen) == 1 for seen in counts.values()), counts
    assert counts["?q=康复"] == {next(iter(counts[""])) + 1}  # the search adds one query


def test_elasticsearch_down_falls_back_to_the_database(client, corpus, settings):
    settings.PORTAL_SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens
    settings.SEARCH_ELASTICSEARCH_TIMEOUT = 0.5
    response = client.get(_list_url("?q=失语"))
    assert response.status_code == 200 and response.context["matches"].fallback
    assert _names(response) == _corpus_names(corpus, "aphasia")


def test_matching_ids_respects_the_audience_and_caps(corpus):
    public = services.matching_ids("product", "失语", frozenset({"public"}))
    staff = services.matching_ids("product", "失语", None)
    assert public.ids == [str(corpus.products["aphasia"].pk)]
    assert set(staff.ids) == {str(corpus.products["aphasia"].pk), str(corpus.draft.pk), str(corpus.unverified.pk)}
    capped = services.matching_ids("product", "失语", None, limit=1)
    assert len(capped.ids) == 1 and capped.capped
    assert services.matching_ids("case", "失语", None).ids == []  # restricted to the document type


# --- case index ------------------------------------------------------------------------------


@pytest.fixture
def case_site(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        site = build_case_site()
        aphasia = make_case(site.index, title="言语解码案例", indications=["aphasia"], summary="植入高密度皮层电极。")
        stroke = make_case(site.index, title="卒中康复案例", indications=["stroke"], summary="脑卒中后上肢康复。")
        other = make_case(
            site.index, title="脊髓损伤行走案例", indications=["spinal_cord_injury"], bci_type="non_invasive"
        )
        draft = make_case(site.index, live=False, title="失语草稿案例", indications=["aphasia"])
        aphasia_en = translate_case(aphasia, site.tree.en, title="Speech decoding case")
    site.cases = {"aphasia": aphasia, "stroke": stroke, "other": other, "draft": draft, "aphasia_en": aphasia_en}
    return site


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.services)])
def case_engine(request, case_site):
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch").rebuild()
    return case_site


def _titles(response):
    return {case.title for case in response.context["listing"]["cases"]}


def test_case_index_search_narrows_with_facets_and_relevance(client, case_engine):
    site = case_engine
    response = client.get(site.index.url, {"q": "失语"})
    assert response.status_code == 200
    assert _titles(response) == {"言语解码案例"}  # the indication label; not the draft
    listing = response.context["listing"]
    assert listing["sort"] == "relevance" and "relevance" in dict(listing["sorts"])
    indications = next(row for row in listing["facets"] if row["facet"].param == "indication")
    counts = {option["value"]: option["count"] for option in indications["options"]}
    assert counts.get("aphasia") == 1 and not counts.get("stroke")
    shown = [option for option in indications["options"] if option["count"] or option["selected"]]
    assert shown and all("q=%E5%A4%B1%E8%AF%AD" in option["url"] for option in shown)
    # synonyms: 中风 finds the 脑卒中 case
    assert _titles(client.get(site.index.url, {"q": "中风"})) == {"卒中康复案例"}
    # facets AND the search
    assert _titles(client.get(site.index.url, {"q": "康复", "type": "non_invasive"})) == set()
    # the English tree searches the English documents
    assert _titles(client.get(site.index_en.url, {"q": "speech"})) == {"Speech decoding case"}


def test_case_api_accepts_q(client, case_engine):
    data = client.get("/api/v1/cases/", {"q": "失语", "language": "zh-hans"}).json()
    assert data["q"] == "失语" and data["count"] == 1 and data["sort"] == "relevance"
    assert [item["id"] for item in data["results"]] == [case_engine.cases["aphasia"].pk]


def test_case_index_hostile_queries_never_fail(client, case_engine):
    statuses = {
        text[:20]: [client.get(url, {"q": text}).status_code for url in (case_engine.index.url, "/api/v1/cases/")]
        for text in HOSTILE
    }
    assert statuses == {text[:20]: [200, 200] for text in HOSTILE}


def test_case_index_search_is_cached_and_refreshed_by_the_index(client, case_site):
    url = case_site.index.url + "?q=失语"
    assert "X-Public-Cache" not in client.get(url).headers  # typed text: stored from its second asking
    assert client.get(url).headers["X-Public-Cache"] == "miss"
    assert client.get(url).headers["X-Public-Cache"] == "hit"
    stroke = case_site.cases["stroke"]
    type(stroke).objects.filter(pk=stroke.pk).update(summary="伴失语的脑卒中后上肢康复。")
    indexing.changed("case", [stroke.pk])
    response = client.get(url)
    assert response.headers["X-Public-Cache"] == "miss"
    assert _titles(response) == {"言语解码案例", "卒中康复案例"}


@pytest.mark.parametrize("count", [3, 30])
def test_case_index_query_count_is_constant_with_q(client, case_site, count, django_assert_max_num_queries):
    for i in range(count):
        make_case(case_site.index, title=f"康复案例{i}", summary="康复。")
    indexing.rebuild_database()
    client.get(case_site.index.url)  # warm Wagtail's site root cache
    _clear_caches()
    with django_assert_max_num_queries(25):
        response = client.get(case_site.index.url, {"q": "康复", "indication": "paralysis"})
    assert response.status_code == 200 and len(response.context["listing"]["cases"]) == min(count, 12)


def test_a_text_without_a_word_to_search_offers_no_relevance_sort(client, corpus):
    """Both lists ignore such a text (and say so); the catalogue used to select "Relevance" for it."""
    response = client.get(_list_url("?q=%21%21%21"))
    assert response.context["query"].sort == "name" and "relevance" not in dict(response.context["sorts"])
    assert response.context["matches"].message and response.context["filter_pairs"] == [("q", "!!!")]
    assert client.get("/api/v1/products/?q=%21%21%21").json()["sort"] == "name"
