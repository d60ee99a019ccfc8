"""The database engine over the corpus: hits, facets, audiences, highlighting, sorting, paging."""

import datetime
import time

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search import declarations, indexing
from search.engines import database
from search.models import SearchDocument, audiences_of, audiences_text, facet_values_text, facets_of
from search.query import SearchQuery
from tests.search.corpus import EXPECTED


@pytest.fixture
def corpus(module_corpus):
    """The corpus built once for the module, a copy for each test (``tests/search/conftest.py``)."""
    return module_corpus


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


def test_a_search_is_one_pass_over_the_tokens_and_one_read_of_the_page(corpus, django_assert_num_queries):
    """Type counts, facet filters and counts, total and order all come from the one matching query."""
    query = SearchQuery(text="康复", types=["product"], filters={"application_field": ["medical"]})
    with django_assert_num_queries(2):
        result = database.search(query)
    assert product_keys(result) == corpus.keys("aphasia")
    assert result.type_counts == {"product": 1}  # the tabs count under the facet filters, not under the type
    assert {v.value: v.count for v in result.facets["application_field"]} == {"medical": 1, "rehabilitation": 1}


@pytest.mark.parametrize(("text", "names"), sorted(EXPECTED.items()))
def test_expected_hits_when_an_alternative_spans_several_token_masks(corpus, monkeypatch, text, names):
    """Two tokens a mask: 脑机接口's alternatives (脑机 机接 接口, brain computer interface…) straddle masks."""
    monkeypatch.setattr(database, "_MASK_BITS", 2)
    result = database.search(SearchQuery(text=text, per_page=50))
    assert product_keys(result) == corpus.keys(*names)


@pytest.mark.parametrize("mask_bits", [database._MASK_BITS, 2])
def test_a_document_holding_only_some_tokens_of_each_alternative_is_not_a_match(corpus, monkeypatch, mask_bits):
    """转机接口 holds 机接 and 接口 but neither 脑机 nor 脑: 脑机接口 must not find it."""
    monkeypatch.setattr(database, "_MASK_BITS", mask_bits)
    product = corpus.unverified  # its organisation's name holds no 脑
    product.summary_zh = "转机接口。"
    product.save()
    indexing.rebuild_database()
    staff = SearchQuery(text="脑机接口", per_page=50, audiences=None)
    assert product_keys(database.search(staff)) == corpus.keys("bci_only_en", "bci_zh")
    assert corpus.key("unverified") in product_keys(database.search(SearchQuery(text="机接口", audiences=None)))


def test_the_page_is_the_best_scored_rows_in_tie_breaker_order():
    """Only rows scoring at least the page's last score are ordered: the same page as sorting them all."""
    day = datetime.date(2026, 1, 1)
    rows = [
        (pk, doc_type, str(pk % 7), day - datetime.timedelta(days=pk % 5) if pk % 3 else None, "", float(pk % 4))
        for pk, doc_type in enumerate(["product", "case", "news"] * 40)
    ]
    everything = sorted(rows, key=database._relevance)
    for count in (1, 10, 35, 120, 500):
        assert database._best(rows, count, "relevance") == everything[:count]


def test_a_documents_row_holds_its_entrys_facet_values_and_audiences_and_reads_back(corpus):
    """What the engine filters and counts on is what the declarations built, and reads back as it went in."""
    documents = {(doc.doc_type, doc.object_id, doc.language): doc for doc in SearchDocument.objects.all()}
    entries = {
        (dt.name, str(entry.object_id), entry.language): entry
        for dt in declarations.document_types()
        for instance in dt.queryset()
        for entry in dt.build(instance)
    }
    assert documents.keys() == entries.keys()
    for key, entry in entries.items():
        document = documents[key]
        assert (document.facet_values, document.audiences) == (
            facet_values_text(entry.facets),
            audiences_text(entry.audiences),
        )
        assert audiences_of(document.audiences) == set(entry.audiences)
        assert facets_of(document.facet_values) == {
            name: sorted({str(value) for value in values}) for name, values in entry.facets.items() if values
        }
    rows = [(doc.facet_values, doc.audiences) for doc in documents.values()]
    assert any(facets for facets, _audiences in rows), "the corpus has facet values"
    assert {audiences for _facets, audiences in rows} >= {"|public|", ""}, "public and restricted documents"


def test_an_audience_holding_the_separator_is_refused():
    with pytest.raises(ValueError, match="may not contain"):
        audiences_text(["public", "a|b"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DDL inside the test's transaction: PostgreSQL")
def test_the_keyword_table_comes_back_filled_from_the_rows_when_its_removal_is_reversed(corpus):
    executor = MigrationExecutor(connection)
    executor.migrate([("search", "0004_document_rows_index")])
    SearchKeyword = executor.loader.project_state(("search", "0004_document_rows_index")).apps.get_model(
        "search", "SearchKeyword"
    )
    keywords: dict[int, tuple[dict, set]] = {}
    for document_id, name, value in sorted(SearchKeyword.objects.values_list("document_id", "name", "value")):
        facets, audiences = keywords.setdefault(document_id, ({}, set()))
        if name == "audience":
            audiences.add(value)
        else:
            facets.setdefault(name, []).append(value)
    rows = {
        pk: (facets_of(facets), audiences_of(audiences))
        for pk, facets, audiences in SearchDocument.objects.values_list("pk", "facet_values", "audiences")
        if facets or audiences
    }
    assert rows, "the corpus has facet values and audiences"
    assert keywords == rows
    MigrationExecutor(connection).migrate([("search", "0005_keywords_live_on_the_document_row")])
    assert "search_searchkeyword" not in connection.introspection.table_names()


def test_facet_counts_add_up_each_value_over_shared_combinations(corpus):
    """Documents sharing a combination of facet values are counted once per combination, then added."""
    both = "application_field=medical\nbci_type=invasive"
    combinations = [both, "application_field=medical", "", "bci_type=invasive"]
    rows = [(n, "product", str(n), None, combinations[n % 4], 1.0) for n in range(10)]
    counted = database._facet_counts(rows, SearchQuery(text="x", facets=["application_field", "bci_type"]))
    assert {name: {v.value: v.count for v in values} for name, values in counted.items()} == {
        "application_field": {"medical": 6},
        "bci_type": {"invasive": 5},
    }
