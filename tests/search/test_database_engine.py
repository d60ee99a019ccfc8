"""The database engine over the corpus: hits, facets, audiences, highlighting, sorting, paging."""

import time

import pytest

from search.engines import database
from search.query import SearchQuery
from tests.search.corpus import EXPECTED


def product_keys(result):
    return {key for key in result.keys if key[0] == "product"}


@pytest.mark.parametrize(("text", "names"), sorted(EXPECTED.items()))
def test_expected_hits(corpus, text, names):
    result = database.search(SearchQuery(text=text, per_page=50))
    assert product_keys(result) == corpus.keys(*names)


def test_anonymous_never_sees_drafts_or_unverified_products_staff_do(corpus):
    public = database.search(SearchQuery(text="失语", per_page=50))
    staff = database.search(SearchQuery(text="失语", per_page=50, audiences=None))
    assert corpus.key("draft") not in public.keys and corpus.key("unverified") not in public.keys
    assert corpus.keys("draft", "unverified", "aphasia") <= staff.keys


def test_facets_count_and_narrow(corpus):
    result = database.search(SearchQuery(text="康复"))
    fields = {v.value: v.count for v in result.facets["application_field"]}
    assert fields == {"rehabilitation": 2, "medical": 1}
    narrowed = database.search(SearchQuery(text="康复", filters={"application_field": ["medical"]}))
    assert product_keys(narrowed) == corpus.keys("aphasia")
    assert narrowed.total == 1
    assert result.type_counts == {"product": 2}


def test_snippets_are_escaped_except_the_marks(corpus):
    product = corpus.products["aphasia"]
    product.summary_zh = "<script>alert(1)</script> 失语康复"
    product.save()
    from search import indexing

    indexing.rebuild_database()
    hit = database.search(SearchQuery(text="失语")).hits[0]
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<mark>失语</mark>" in hit.snippet


def test_relevance_prefers_title_matches(corpus):
    # Both mention 康复 in their titles; 失语 only in the aphasia product's title.
    result = database.search(SearchQuery(text="失语 康复"))
    assert result.hits[0].object_id == str(corpus.products["aphasia"].pk)


def test_pagination_and_total(corpus):
    first = database.search(SearchQuery(text="BCI", per_page=1, page=1))
    second = database.search(SearchQuery(text="BCI", per_page=1, page=2))
    assert first.total == second.total == 2
    assert first.keys.isdisjoint(second.keys)


def test_did_you_mean_for_a_typo(corpus):
    result = database.search(SearchQuery(text="rehabilitaton robot"))
    assert result.total == 0
    assert result.suggestion == "rehabilitation robot"
    # A word only the synonyms file knows is suggested too.
    assert database.search(SearchQuery(text="exoskeletn")).suggestion == "exoskeleton"


def test_type_filter(corpus):
    assert database.search(SearchQuery(text="康复", types=["news"])).total == 0


@pytest.mark.parametrize("raw", ['"', "AND (", "*", "(?:.*)+$", "x" * 10_000, "\x00\x07", "失语\x00", "' OR 1=1 --"])
def test_hostile_queries_never_fail(corpus, raw, django_assert_max_num_queries):
    started = time.monotonic()
    with django_assert_max_num_queries(12):
        result = database.search(SearchQuery(text=raw))
    assert result.total >= 0
    assert time.monotonic() - started < 2, "a hostile query must answer in bounded time"


def test_query_count_is_constant_as_results_grow(corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        database.search(SearchQuery(text="康复"))
