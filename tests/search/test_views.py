"""The search page and the JSON API: both languages, facets, audiences, hostile input, query counts."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from search import indexing
from tests.catalog.factories import PublishedProductFactory
from tests.search.corpus import PRODUCTS


@pytest.fixture
def corpus(module_corpus):
    """The corpus built once for the module, a copy for each test (``tests/search/conftest.py``)."""
    return module_corpus


def page(client, lang="zh-hans", **params):
    from django.utils import translation

    with translation.override(lang):
        url = reverse("search:search")
    return client.get(url, params)


def test_search_page_in_both_languages(client, corpus):
    zh = page(client, q="失语")
    assert zh.status_code == 200
    assert "<mark>失语</mark>" in zh.content.decode()
    assert corpus.products["aphasia"].get_absolute_url() in zh.content.decode()
    en = page(client, lang="en", q="aphasia")
    assert en.status_code == 200
    body = en.content.decode()
    assert "<mark>Aphasia</mark>" in body
    assert 'lang="en"' in body


def test_bci_finds_documents_that_only_say_bci(client, corpus):
    body = page(client, q="脑机接口").content.decode()
    assert "Neural decoding research platform" in body or "神经解码研究平台" in body


def test_facets_narrow_the_results(client, corpus):
    response = page(client, q="康复", f_application_field="medical")
    result = response.context["result"]
    assert result.total == 1 and result.keys == corpus.keys("aphasia")
    groups = {group["name"]: group for group in response.context["facet_groups"]}
    selected = [link for link in groups["application_field"]["links"] if link.selected]
    assert len(selected) == 1 and "f_application_field" not in selected[0].url


def test_type_tabs(client, corpus):
    response = page(client, q="康复", type="news")
    assert response.context["result"].total == 0
    tabs = {str(tab.label): tab.count for tab in response.context["tabs"]}
    assert tabs["产品目录"] == 2 if "产品目录" in tabs else tabs["Product catalogue"] == 2


def test_the_tabs_count_what_the_chosen_facets_leave_and_keep_them(client, corpus):
    """With a facet chosen, "All 78" stood beside "15 results": the tabs counted as if none was."""
    response = page(client, q="康复", f_application_field="medical")
    result, tabs = response.context["result"], response.context["tabs"]
    everything = tabs[0]
    assert everything.selected and everything.count == result.total == 1
    assert sum(tab.count for tab in tabs[1:]) == result.total
    # Each tab keeps the facet: its count is what it lists.
    for tab in tabs:
        assert "f_application_field=medical" in tab.url
    products = next(tab for tab in tabs if tab.url.endswith("type=product&f_application_field=medical"))
    assert (
        products.count == page(client, q="康复", type="product", f_application_field="medical").context["result"].total
    )


def test_a_search_that_finds_nothing_has_no_empty_filter_column(client, corpus):
    """The filters' column stood empty beside "Nothing found"; the answer now takes the page's width."""
    nothing = page(client, lang="en", q="zzyzx").content.decode()
    assert "Nothing found for" in nothing and "Narrow the results" not in nothing
    assert "Narrow the results" in page(client, lang="en", q="aphasia").content.decode()


def test_a_results_badge_names_one_of_its_kind(client, corpus):
    # The tabs are named as the lists ("Product catalogue"); a result is one of its kind ("Product").
    body = page(client, lang="en", q="aphasia").content.decode()
    badges = re.findall(r'<span class="badge badge-info">([^<]*)</span>', body)
    assert badges and "Product" in badges and "Product catalogue" not in badges
    assert "Product catalogue <span" in body  # the tab names the list


def test_a_type_tab_with_no_results_is_not_a_link(client, corpus):
    response = page(client, lang="en", q="aphasia")
    body = response.content.decode()
    empty = [tab for tab in response.context["tabs"] if not tab.count]
    assert empty and any(tab.count for tab in response.context["tabs"])
    for tab in empty:
        assert f'href="{tab.url}"' not in body
        shown = f'<span class="search-tab-empty" aria-disabled="true">{tab.label} <span class="badge">0</span></span>'
        assert shown in body
    chosen = page(client, lang="en", q="aphasia", type="news")  # the tab one is on stays the current page
    assert '<a href="?q=aphasia&amp;type=news" aria-current="page">News <span class="badge">0</span></a>' in (
        chosen.content.decode()
    )


def test_anonymous_sees_public_documents_only_staff_everything(client, corpus, staff):
    anonymous = page(client, q="失语", per_page=50).context["result"]
    assert corpus.key("draft") not in anonymous.keys
    client.force_login(staff)
    everything = page(client, q="失语").context["result"]
    assert corpus.keys("draft", "unverified") <= everything.keys


def test_did_you_mean_links_to_the_suggestion(client, corpus):
    body = page(client, lang="en", q="rehabilitaton").content.decode()
    assert "?q=rehabilitation" in body


@pytest.mark.parametrize(
    "raw", ['"', "AND (", "*", "(?:.*)+$", "x" * 10_000, "\x00", "失语\x00\x07", "<script>alert(1)</script>"]
)
def test_hostile_queries_on_the_page(client, corpus, raw):
    response = page(client, q=raw)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_hostile_parameters(client, corpus):
    for params in (
        {"page": "-1"},
        {"page": "9" * 50},
        {"sort": "'; drop"},
        {"type": "nope"},
        {"f_bci_type": "\x00" * 500},
    ):
        assert page(client, q="康复", **params).status_code == 200


def test_message_for_a_query_of_symbols_only(client, corpus):
    response = page(client, lang="en", q="***")
    assert response.status_code == 200
    assert "punctuation and symbols" in response.content.decode()


def test_a_word_too_long_to_search_is_not_called_punctuation(client, corpus):
    # 2,000 letters (a pasted token, a key held down) were answered "punctuation and symbols ... are ignored".
    body = page(client, lang="en", q="a" * 2000).content.decode()
    assert "Words longer than 40 characters are not searched for" in body and "punctuation" not in body
    assert "超过 40 个字符的词不参与检索" in page(client, q="x" * 41).content.decode()


def test_a_query_of_spaces_is_no_query(client, corpus):
    response = page(client, q="   ")
    body = response.content.decode()
    # The title read "检索：   ", and the box kept the spaces.
    assert "<title>搜索 ·" in body and '<input id="search-page-q" name="q" type="search" value=""' in body
    assert response.context["query"].text == ""


def test_search_page_renders_cold_within_12_queries(client, corpus, django_assert_max_num_queries):
    """Every cache emptied (the first visitor after a publish): the cold budget of issue #16."""
    from django.core.cache import caches

    for lang, q in (("zh-hans", "康复"), ("en", "rehabilitation")):
        page(client, lang=lang, q=q)
        for cache in caches.all():
            cache.clear()
        with django_assert_max_num_queries(12, info=q):
            assert page(client, lang=lang, q=q).status_code == 200


def test_page_query_count_is_constant(client, corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        page(client, q="康复")
    org = corpus.products["aphasia"].organisation
    for n in range(15):
        PublishedProductFactory(organisation=org, name_zh=f"康复设备{n}", summary_zh="康复。", summary_en="x")
    indexing.rebuild_database()
    with django_assert_max_num_queries(20):
        response = page(client, q="康复")
    assert response.context["result"].total == 17


def test_masthead_has_a_search_box(client, corpus):
    body = page(client, q="康复").content.decode()
    assert 'id="masthead-q"' in body and 'role="combobox"' in body
    assert "autocomplete.js" in body and "<script>" not in body.replace('<script src="', "")


# --- JSON API ------------------------------------------------------------------------------


def test_api_search(client, corpus):
    response = client.get("/api/v1/search/", {"q": "外骨", "lang": "en"})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 1 and data["hits"][0]["id"] == str(corpus.products["exoskeleton"].pk)
    assert data["hits"][0]["title"] == PRODUCTS["exoskeleton"]["name_en"]  # 外骨 is not in the English title
    assert data["facets"]["application_field"][0]["label"] == "Rehabilitation"
    # Without ``lang`` the request's Accept-Language decides.
    by_header = client.get("/api/v1/search/", {"q": "外骨"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert by_header["hits"][0]["title"] == PRODUCTS["exoskeleton"]["name_en"]
    chinese = client.get("/api/v1/search/", {"q": "外骨"}, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert "<mark>外骨</mark>" in chinese["hits"][0]["title"]


def test_api_hostile_and_audience(client, corpus):
    for raw in ['"', "AND (", "x" * 10_000, "\x00"]:
        assert client.get("/api/v1/search/", {"q": raw}).status_code == 200
    data = client.get("/api/v1/search/", {"q": "失语"}).json()
    assert str(corpus.draft.pk) not in {hit["id"] for hit in data["hits"]}
    assert client.get("/api/v1/search/", {"q": "x", "lang": "fr"}).status_code == 422


def test_a_type_the_viewer_is_not_offered_narrows_to_nothing(client, corpus):
    """The investors' startups are not offered to an anonymous client: asking for them is not asking for all."""
    everything = client.get("/api/v1/search/", {"q": "失语"}).json()
    assert everything["total"] > 0
    data = client.get("/api/v1/search/", {"q": "失语", "type": "incubator_startup_investor"}).json()
    assert data["total"] == 0 and data["hits"] == []
    page = client.get(reverse("search:search"), {"q": "失语", "type": "incubator_startup_investor"})
    assert page.context["result"].total == 0


def test_an_investor_asking_for_the_startups_gets_the_investors_view(db):
    from django.http import QueryDict

    from search import queries
    from tests import factories

    organisation = factories.OrganisationFactory(name_en="Gamma Capital", slug="gamma-search", kind="investor")
    investor = factories.UserFactory(email="investor-search@example.com")
    factories.MembershipFactory(organisation=organisation, user=investor, role="owner")
    query = queries.query_from_params(QueryDict("q=x&type=incubator_startup"), investor)
    assert query.types == ["incubator_startup_investor"]


def test_api_autocomplete(client, corpus):
    titles = [s["title"] for s in client.get("/api/v1/search/autocomplete", {"q": "外骨"}).json()]
    assert titles == [PRODUCTS["exoskeleton"]["name_zh"]]
    english = client.get("/api/v1/search/autocomplete", {"q": "aphas", "lang": "en"}).json()
    assert [s["title"] for s in english] == [PRODUCTS["aphasia"]["name_en"]]
    assert client.get("/api/v1/search/autocomplete", {"q": "失语"}).json()[0]["url"].startswith("/zh-hans/")


@pytest.mark.parametrize("typed", ["signal", "signals", "labs", "research labs"])
def test_autocomplete_still_suggests_once_a_plural_is_typed_out(client, corpus, typed):
    """The index holds "signal" for "signals": the whole word typed finds what its first letters found."""
    suggestions = client.get("/api/v1/search/autocomplete", {"q": typed, "lang": "en"}).json()
    expected = PRODUCTS["signals"]["name_en"] if "sig" in typed else PRODUCTS["bci_only_en"]["name_en"]
    assert expected in [s["title"] for s in suggestions]


@pytest.mark.parametrize("typed", ["activiti", "activitie", "activities"])
def test_autocomplete_follows_an_ies_plural_as_it_is_typed(client, corpus, typed):
    """The index holds "activity" for "activities": its unfinished forms begin no indexed word."""
    suggestions = client.get("/api/v1/search/autocomplete", {"q": typed, "lang": "en"}).json()
    assert PRODUCTS["als"]["name_en"] in [s["title"] for s in suggestions]


def test_openapi_documents_the_search_api(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/search/" in paths and "/api/v1/search/autocomplete" in paths


def test_sort_links_switch_both_ways(client, corpus):
    newest = page(client, q="康复", sort="newest").context["sorts"]
    relevance = {str(link.label): link for link in newest}
    links = {link.selected: link.url for link in newest}
    assert "sort=" not in links[False]  # back to relevance: the default needs no parameter
    assert "sort=newest" in links[True]
    assert len(relevance) == 2


LONE = (
    "Chinese is searched by words of two characters or more: “%(character)s” alone is found only where it "
    "stands alone. Try a word such as 脑机, 脑控 or 康复."
)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_lone_chinese_character_that_finds_nothing_is_explained(client, corpus, lang):
    """脑 alone found nothing (the index holds 脑机, 机接…), and the page said "try fewer or more general
    words", which one character cannot be: it says Chinese is searched by words of two characters."""
    with translation.override(lang):
        explained = translation.gettext(LONE) % {"character": "脑"}
        unexplained = translation.gettext(LONE) % {"character": "zzzzqq"}
    assert explained in page(client, lang, q="脑").content.decode()
    nothing = page(client, lang, q="zzzzqq").content.decode()
    assert "zzzzqq" in nothing and unexplained.split("“")[0] not in nothing
