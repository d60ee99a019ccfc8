"""The same corpus and queries on both engines give the same hits (Elasticsearch: noida-db in tests).

noida-db is a test stand-in implementing the Elasticsearch 8 API; production uses
real Elasticsearch 8/9 with the same index definition.

Every test here only searches: the corpus is built and indexed once for the module
(``read_only_es_corpus``). A parity test that writes first is ``test_parity_after_writes.py``'s.
"""

import time

import pytest

from search.analysis import analyse
from search.engines import database
from search.query import SearchQuery
from tests.search.corpus import EXPECTED

pytestmark = pytest.mark.services


@pytest.fixture
def es_corpus(read_only_es_corpus, db):
    """The module's corpus (not a test's own: see the docstring)."""
    return read_only_es_corpus.corpus


@pytest.fixture
def elasticsearch(read_only_es_corpus):
    """The Elasticsearch engine holding the module's corpus."""
    return read_only_es_corpus.engine


QUERIES = sorted(EXPECTED) + ["失语 康复", "rehabilitation", "Speech", "脑", "ALS signals", "*", '"', "AND ("]


def _es_tokens(es_engine, text):
    response = es_engine.client().indices.analyze(
        index=es_engine.alias(), body={"analyzer": "portal_text", "text": text}
    )
    return [t["token"] for t in response["tokens"]]


@pytest.mark.parametrize(
    "text",
    [
        "下肢外骨骼康复机器人",
        "Physiological Signals and BCI interfaces",
        "脑-机接口 ＢＣＩ 3.5mm",
        "脑 康复",
        "therapies",
    ],
)
def test_the_index_analyser_is_the_shared_analyser(es_corpus, elasticsearch, text):
    assert _es_tokens(elasticsearch, text) == analyse(text)


@pytest.mark.parametrize("text", QUERIES)
def test_same_hits_on_both_engines(es_corpus, elasticsearch, text):
    for audiences in (frozenset({"public"}), None):
        query = {"text": text, "per_page": 50, "audiences": audiences}
        db_result = database.search(SearchQuery(**query))
        es_result = elasticsearch.search(SearchQuery(**query))
        assert es_result.keys == db_result.keys, text
        assert es_result.total == db_result.total
        assert es_result.type_counts == db_result.type_counts


@pytest.mark.parametrize("text", sorted(EXPECTED))
def test_expected_hits_on_elasticsearch(es_corpus, elasticsearch, text):
    result = elasticsearch.search(SearchQuery(text=text, per_page=50))
    assert {k for k in result.keys if k[0] == "product"} == es_corpus.keys(*EXPECTED[text])


def test_facets_agree(es_corpus, elasticsearch):
    for filters in ({}, {"application_field": ["medical"]}):
        query = {"text": "康复", "filters": filters}
        db_result = database.search(SearchQuery(**query))
        es_result = elasticsearch.search(SearchQuery(**query))
        as_counts = lambda facets: {n: {v.value: v.count for v in vs} for n, vs in facets.items()}  # noqa: E731
        assert as_counts(es_result.facets) == as_counts(db_result.facets)
        # The tabs count each type under the facet filters, on either engine.
        assert es_result.type_counts == db_result.type_counts
        assert sum(db_result.type_counts.values()) == db_result.total


def test_highlighting_and_did_you_mean_on_elasticsearch(es_corpus, elasticsearch):
    hit = elasticsearch.search(SearchQuery(text="外骨")).hits[0]
    assert "<mark>外骨</mark>" in hit.title
    assert elasticsearch.search(SearchQuery(text="rehabilitaton")).suggestion == "rehabilitation"


def test_hostile_queries_on_elasticsearch(es_corpus, elasticsearch):
    for raw in ['"', "AND (", "*", "(?:.*)+$", "x" * 10_000, "\x00\x07", "失语\x00", '{"query": 1}']:
        started = time.monotonic()
        result = elasticsearch.search(SearchQuery(text=raw))
        assert result.total >= 0
        assert time.monotonic() - started < 3, f"{raw[:20]!r} took too long"


def test_autocomplete_respects_the_audience(es_corpus, elasticsearch):
    public = elasticsearch.autocomplete(SearchQuery(text="失语"), "")
    staff = elasticsearch.autocomplete(SearchQuery(text="失语", audiences=None), "")
    assert [s["title"] for s in public] == ["失语症言语康复训练系统"]
    assert {"失语评估草稿", "失语辅助沟通板"} <= {s["title"] for s in staff}


@pytest.mark.parametrize(
    "typed",
    ["康复", "脑控", "外骨", "失语", "rehab", "robo", "aphas", "sig", "signals", "activiti", "bci", "康复 rob"],
)
def test_autocomplete_is_the_same_on_both_engines(es_corpus, elasticsearch, typed):
    from search.analysis import prefix_query

    for language in ("zh-hans", "en"):
        parsed, prefix = prefix_query(typed)
        query = SearchQuery(text=parsed.text, language=language)
        db = database.autocomplete(query, prefix, 8)
        es = elasticsearch.autocomplete(query, prefix, 8)
        assert es == db, (typed, language)
        assert db, f"{typed!r} suggests nothing"


TOP_QUERIES = ["康复", "脑控", "失语", "外骨", "外骨骼", "rehabilitation", "exoskeleton", "推荐目录", "BCI", "脑机接口"]
TOP_QUERIES += ["失语 康复", "aphasia", "ALS", "signal", "训练", "system"]


@pytest.mark.parametrize("text", TOP_QUERIES)
def test_same_first_page_in_the_same_order_on_both_engines(es_corpus, elasticsearch, text):
    for language in ("zh-hans", "en"):
        for sort in ("relevance", "newest"):
            query = {"text": text, "language": language, "sort": sort, "audiences": None}
            db = database.search(SearchQuery(**query)).hits
            es = elasticsearch.search(SearchQuery(**query)).hits
            assert [(h.doc_type, h.object_id, h.score) for h in es] == [(h.doc_type, h.object_id, h.score) for h in db]
            assert [(h.title, h.snippet) for h in es] == [(h.title, h.snippet) for h in db]
    ids = elasticsearch.matching_ids(SearchQuery(text=text, types=["product"]), 10)
    assert ids == database.matching_ids(SearchQuery(text=text, types=["product"]), 10)


@pytest.mark.parametrize("text", ["rehabilitaton", "rehabilitaton robot", "exoskeletn", "aphasa", "signl", "失语 robt"])
def test_did_you_mean_is_the_same_on_both_engines(es_corpus, elasticsearch, text):
    db = database.search(SearchQuery(text=text)).suggestion
    assert elasticsearch.search(SearchQuery(text=text)).suggestion == db
    assert db, text
