"""An engine's answer is remembered per query and viewer until the index changes (``services._remembered``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from portal import public_cache
from portal.models import OutboxMessage
from portal.tasks import invalidate_public_cache
from search import indexing, services
from search.query import SearchQuery
from tests.catalog.factories import PublishedProductFactory

pytestmark = pytest.mark.django_db

PUBLIC = frozenset({"public"})
CLOSED_PORT_URL = "http://127.0.0.1:9"


def _run(text="失语", **fields):
    """The result and the SQL statements running it took."""
    with CaptureQueriesContext(connection) as queries:
        result = services.run(SearchQuery(text=text, **fields))
    return result, len(queries)


def _kept(text="失语", **fields):
    """The result of a query asked until it is remembered (an answer is kept from its second asking)."""
    _run(text, **fields)
    _run(text, **fields)
    result, statements = _run(text, **fields)
    assert statements == 0, (text, fields)
    return result


def test_the_same_query_is_answered_again_without_sql(corpus):
    first, statements = _run()
    assert first.keys == corpus.keys("aphasia") and statements >= 2  # the one pass and the page's documents
    second, statements = _run()
    assert second.keys == first.keys and statements >= 2  # asked a second time: computed and kept
    again, statements = _run()
    assert again.keys == first.keys and again.total == first.total and statements == 0
    assert [hit.snippet for hit in again.hits] == [hit.snippet for hit in first.hits]


def test_a_search_asked_once_leaves_a_marker_not_its_answer(corpus):
    """A flood of one-off searches must not push the public pages out of the cache."""
    held = public_cache._cache()._cache  # the tests' local-memory cache: its keys, to see what the flood left
    before = set(held)
    for number in range(20):
        _run(f"失语 {number}")
    left = set(held) - before
    assert len(left) == 20 and all(":pcache:asked:" in key for key in left), sorted(left)[:3]
    assert _run("失语 3")[1] > 0 and _run("失语 3")[1] == 0  # asked again: kept from then on


def test_an_index_write_forgets_every_remembered_answer(corpus):
    _kept()
    _kept("康复")
    added = PublishedProductFactory(
        organisation=corpus.products["aphasia"].organisation,
        name_zh="失语康复训练仪",
        name_en="Aphasia trainer",
        summary_zh="失语症患者的语言康复。",
        summary_en="Speech rehabilitation.",
    )
    after, statements = _run()
    assert ("product", str(added.pk)) in after.keys and statements >= 2
    assert ("product", str(added.pk)) in _run("康复")[0].keys  # every query, not only the one that changed


def test_viewers_page_and_filters_are_told_apart(corpus):
    _kept()
    for fields in (
        {"audiences": None},  # staff
        {"audiences": PUBLIC, "hidden_types": ("startup",)},
        {"page": 2},
        {"per_page": 5},
        {"sort": "newest"},
        {"types": ["product"]},
        {"filters": {"application_field": ["rehabilitation"]}},
        {"language": "en"},
    ):
        assert _run(**fields)[1] > 0, fields


def test_labels_are_remembered_in_the_language_of_the_page(corpus):
    with translation.override("zh-hans"):
        chinese = _kept("康复")
    with translation.override("en"):
        english, statements = _run("康复")
    labels = {value.value: value.label for value in english.facets["application_field"]}
    assert statements > 0 and labels["rehabilitation"] == "Rehabilitation"
    assert {value.value: value.label for value in chinese.facets["application_field"]}["rehabilitation"] == "康复训练"


def test_a_lists_matching_ids_are_remembered_with_the_callers_text(corpus):
    services.matching_ids("product", "失语", PUBLIC)
    first = services.matching_ids("product", "失语", PUBLIC)
    with CaptureQueriesContext(connection) as queries:
        again = services.matching_ids("product", " 失语 ", PUBLIC)
    assert again.ids == first.ids == [str(corpus.products["aphasia"].pk)] and len(queries) == 0
    assert again.text == "失语"
    long = services.matching_ids("product", "失语 " + "康复" * 200, PUBLIC)
    assert long.message  # "Your search was too long": the caller's, not the remembered answer's


def test_suggestions_are_remembered_per_prefix(corpus):
    query = SearchQuery(text="", audiences=PUBLIC)
    services.autocomplete(query, "失")
    first = services.autocomplete(query, "失")
    with CaptureQueriesContext(connection) as queries:
        assert services.autocomplete(query, "失") == first
    assert first and len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        services.autocomplete(query, "康")
    assert len(queries) > 0


@pytest.mark.services
def test_an_answer_of_the_fallback_is_not_remembered(es_corpus, settings):
    good_url, settings.ELASTICSEARCH_URL = settings.ELASTICSEARCH_URL, CLOSED_PORT_URL
    degraded, _ = _run()
    assert degraded.fallback
    again, statements = _run()
    assert again.fallback and statements > 0  # asked again: once Elasticsearch is back it answers
    assert services.matching_ids("product", "失语", PUBLIC).fallback
    with CaptureQueriesContext(connection) as queries:
        assert services.matching_ids("product", "失语", PUBLIC).fallback
        services.autocomplete(SearchQuery(text="", audiences=PUBLIC), "失")
        suggested = len(queries)
        services.autocomplete(SearchQuery(text="", audiences=PUBLIC), "失")
    assert suggested > 0 and len(queries) > suggested  # the database engine answered again: nothing was kept
    settings.ELASTICSEARCH_URL = good_url
    back, _ = _run()
    assert not back.fallback and back.keys == es_corpus.keys("aphasia")


@pytest.mark.services
def test_elasticsearch_answers_are_not_remembered(es_corpus):
    """Only the database engine's answers are kept: Elasticsearch shows a write at its next refresh."""
    first, _ = _run()
    again, statements = _run()
    assert again.keys == first.keys == es_corpus.keys("aphasia") and statements > 0  # asked again


@pytest.mark.services
def test_an_elasticsearch_write_makes_its_pages_stale_again_once_the_index_shows_it(es_corpus, settings):
    """List pages with a search box are cached: Elasticsearch shows a write at its next refresh."""
    settings.SEARCH_ELASTICSEARCH_REFRESH = False  # production's: the write does not wait for a refresh
    product = es_corpus.products["aphasia"]
    indexing.sync_elasticsearch("product", str(product.pk))
    later = OutboxMessage.objects.get(effect="portal.invalidate_public_cache", topic="search-refreshed:product")
    assert later.payload == {"tags": ["search:product"]} and later.available_at > timezone.now()
    before = public_cache._tag_versions(["search:product"])
    invalidate_public_cache(**later.payload)  # what the outbox drain runs a moment later
    assert public_cache._tag_versions(["search:product"]) != before


@pytest.mark.services
def test_an_elasticsearch_rebuild_makes_search_pages_stale(es_corpus):
    before = public_cache._tag_versions(["search:product"])
    indexing.rebuild_elasticsearch()
    assert public_cache._tag_versions(["search:product"]) != before


def test_a_cache_outage_still_answers(corpus, settings):
    settings.CACHES = {
        **settings.CACHES,
        "dead": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"},
    }
    settings.PORTAL_PUBLIC_CACHE_ALIAS = "dead"  # connection refused: what clients see while Redis is down
    first, _ = _run()
    again, statements = _run()
    assert again.keys == first.keys == corpus.keys("aphasia") and statements > 0
