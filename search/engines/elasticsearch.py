"""The Elasticsearch engine (production: Elasticsearch 8/9; tests: noida-db).

The index mapping is an elasticsearch-dsl ``Document`` class built from the declarations
(search/declarations.py). Text fields use an analyser that does in Elasticsearch what
search/analysis.py does in Python — ``standard`` tokenizer, ``cjk_width``, ``lowercase``,
``cjk_bigram``, ``minimal_english`` stemming — so indexed tokens are the same on both
engines (tests/search/test_parity.py checks it with ``_analyze``).

Queries are built from the shared analyser's clauses as ``term`` queries (synonym groups
become ``should`` alternatives), never from the visitor's raw text, so hostile input
cannot reach Elasticsearch's query parser and both engines match the same documents.
Synonyms are expanded by the shared analyser rather than by a ``synonym_graph`` filter:
the test server flattens multi-token synonym paths (a query 脑机接口 with ``operator: and``
finds nothing there), and one expansion in Python is also what keeps the engines in parity.

Relevance, tie-breakers, suggestions, "did you mean" and snippets follow the database engine's
rules (``_text_query``, ``TIE_BREAKERS``, ``autocomplete``, ``database.suggest``,
search/highlight.py), so both engines show the same first page (tests/search/test_parity.py).

Reads live behind an alias; ``rebuild`` fills a fresh index and swaps the alias.
Every call has a short timeout and no retries: a save never waits on Elasticsearch
(the outbox retries later) and the search page falls back to the database engine.
"""

from __future__ import annotations

import logging
import time
from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_exceptions
from elasticsearch_dsl import Date, Document, Index, Keyword, Object, Text, analyzer, token_filter

from search import declarations
from search.analysis import words_begun
from search.engines import database
from search.highlight import highlight
from search.query import Hit, SearchQuery, SearchResult

logger = logging.getLogger(__name__)

NAME = "elasticsearch"
ANY_LANGUAGE = "*"

TEXT_ANALYZER = analyzer(
    "portal_text",
    tokenizer="standard",
    filter=["cjk_width", "lowercase", "cjk_bigram", token_filter("portal_stem", "stemmer", language="minimal_english")],
)


class EngineUnavailable(Exception):
    """Elasticsearch did not answer (down, timed out) or refused the request."""


_ERRORS = (es_exceptions.ConnectionError, es_exceptions.ApiError, es_exceptions.TransportError, helpers.BulkIndexError)


@lru_cache(maxsize=4)
def _client(url: str, timeout: float) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


def client() -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL, float(getattr(settings, "SEARCH_ELASTICSEARCH_TIMEOUT", 2.0)))


def bulk_client() -> Elasticsearch:
    """For rebuilds and bulk loads (management commands, beat): minutes, not the request timeout."""
    return client().options(request_timeout=float(getattr(settings, "SEARCH_ELASTICSEARCH_BULK_TIMEOUT", 120.0)))


def alias() -> str:
    return f"{getattr(settings, 'SEARCH_INDEX_PREFIX', 'portal-')}documents"


def document_class(index_name: str):
    """The ``Document`` for the current declarations (fields, facets) in ``index_name``."""
    attrs = {
        "doc_type": Keyword(),
        "object_id": Keyword(),
        "language": Keyword(),
        "audiences": Keyword(),
        "date": Date(),
        "fingerprint": Keyword(),
        "display": Object(enabled=False),
    }
    for field in declarations.text_fields():
        attrs[field.name] = Text(analyzer=TEXT_ANALYZER)
    for name in declarations.all_facets():
        attrs[f"facet_{name}"] = Keyword()
    attrs["Index"] = type("Index", (), {"name": index_name, "settings": {"number_of_shards": 1}})
    return type("PortalSearchDocument", (Document,), attrs)


def _doc_id(doc_type: str, object_id, language: str) -> str:
    return f"{doc_type}:{object_id}:{language or ANY_LANGUAGE}"


def to_source(dt, entry) -> dict:

    source = {
        "doc_type": dt.name,
        "object_id": str(entry.object_id),
        "language": entry.language or ANY_LANGUAGE,
        "audiences": sorted(set(entry.audiences)),
        "date": entry.date.isoformat() if entry.date else None,
        "fingerprint": entry.fingerprint,
        "display": entry.display,
    }
    for field in dt.fields:
        source[field.name] = entry.text.get(field.name, "")
    for name, values in entry.facets.items():
        source[f"facet_{name}"] = [str(v) for v in values]
    return source


def _action(dt, entry, index: str) -> dict:
    return {
        "_op_type": "index",
        "_index": index,
        "_id": _doc_id(dt.name, entry.object_id, entry.language),
        "_source": to_source(dt, entry),
    }


# --- Index management -------------------------------------------------------------------------


def create_index(name: str) -> None:
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(document_class(name))
    index.create(using=client())


def ensure_index() -> None:
    """Create a first index behind the alias when there is none (a new deployment)."""
    es = client()
    try:
        if es.indices.exists_alias(name=alias()):
            return
        create_index(f"{alias()}-{int(time.time() * 1000)}")
        physical = _newest_unaliased()
        es.indices.update_aliases(actions=[{"add": {"index": physical, "alias": alias()}}])
    except _ERRORS as exc:
        raise EngineUnavailable(str(exc)) from exc


def _newest_unaliased() -> str:
    names = sorted(client().indices.get(index=f"{alias()}-*").keys())
    return names[-1]


def rebuild(progress=None) -> str:
    """Fill a fresh index from the declarations, swap the alias to it, delete the old ones."""
    es = bulk_client()
    new = f"{alias()}-{int(time.time() * 1000)}"
    try:
        create_index(new)

        def actions():
            for dt in declarations.document_types():
                for instance in dt.queryset().iterator(chunk_size=500):
                    for entry in dt.build(instance):
                        yield _action(dt, entry, new)
                    if progress:
                        progress(1)

        for _ok, _item in helpers.streaming_bulk(es, actions(), chunk_size=500):
            pass
        es.indices.refresh(index=new)
        old = list(es.indices.get_alias(name=alias()).keys()) if es.indices.exists_alias(name=alias()) else []
        swap = [{"remove": {"index": name, "alias": alias()}} for name in old]
        swap.append({"add": {"index": new, "alias": alias()}})
        es.indices.update_aliases(actions=swap)
        leftovers = [name for name in es.indices.get(index=f"{alias()}-*") if name != new]
        for name in leftovers:
            es.indices.delete(index=name)
    except _ERRORS as exc:
        raise EngineUnavailable(str(exc)) from exc
    return new


def drop_all() -> None:
    """Delete every index of this prefix (tests)."""
    es = client()
    for name in es.indices.get(index=f"{alias()}-*", ignore_unavailable=True):
        es.indices.delete(index=name)


def refresh() -> None:
    client().indices.refresh(index=alias())


# --- Writes -------------------------------------------------------------------------------------


def write(dt, object_id, entries) -> None:
    """Make Elasticsearch hold exactly ``entries`` for this object (raises EngineUnavailable)."""
    ensure_index()
    wanted = {entry.language for entry in entries}
    languages = {"", *(code for code, _ in settings.LANGUAGES)}
    actions = [_action(dt, entry, alias()) for entry in entries]
    actions += [
        {"_op_type": "delete", "_index": alias(), "_id": _doc_id(dt.name, object_id, lang)}
        for lang in languages - wanted
    ]
    try:
        helpers.bulk(
            client(),
            actions,
            ignore_status=(404,),
            refresh=bool(getattr(settings, "SEARCH_ELASTICSEARCH_REFRESH", False)),
        )
    except _ERRORS as exc:
        raise EngineUnavailable(str(exc)) from exc


def indexed_fingerprints() -> dict[str, str]:
    """Document id → fingerprint of everything in the index (for reconciliation)."""
    try:
        return {
            hit["_id"]: hit["_source"].get("fingerprint", "")
            for hit in helpers.scan(
                client(), index=alias(), query={"query": {"match_all": {}}}, _source=["fingerprint"]
            )
        }
    except _ERRORS as exc:
        raise EngineUnavailable(str(exc)) from exc


# --- Reads ---------------------------------------------------------------------------------------


def _token_query(token: str) -> dict:
    return {
        "dis_max": {
            "queries": [{"term": {f.name: {"value": token, "boost": f.boost}}} for f in declarations.text_fields()]
        }
    }


def _score_query(token: str) -> dict:
    """The weight of ``token`` in a document: the boost of the best field holding it (as the database engine's)."""
    return {
        "dis_max": {
            "queries": [
                {"constant_score": {"filter": {"term": {f.name: token}}, "boost": f.boost}}
                for f in declarations.text_fields()
            ]
        }
    }


def _text_query(query: SearchQuery) -> dict:
    """Matching in filter context (every clause, any alternative); the score is the database engine's.

    A document scores the summed weights of the query's tokens it holds (``_score_query``), so
    with the same tie-breakers (``RELEVANCE_SORT``) both engines list the same first page.
    """
    filters = [{"terms": {"language": [ANY_LANGUAGE, query.language]}}]
    if query.audiences is not None:
        filters.append({"terms": {"audiences": sorted(query.audiences)}})
    if query.hidden_types:
        filters.append({"bool": {"must_not": {"terms": {"doc_type": list(query.hidden_types)}}}})
    for clause in query.parsed.clauses:
        alternatives = [{"bool": {"must": [_token_query(t) for t in alt]}} for alt in clause]
        filters.append({"bool": {"should": alternatives, "minimum_should_match": 1}})
    scoring = [_score_query(token) for token in query.parsed.all_tokens]
    return {"bool": {"filter": filters, "should": scoring}}


#: Tie-breakers after the score, the same on both engines (search/engines/database.py).
TIE_BREAKERS = [{"date": {"order": "desc", "missing": "_last"}}, {"doc_type": "asc"}, {"object_id": "asc"}]
RELEVANCE_SORT = ["_score", *TIE_BREAKERS]


def _narrowing(query: SearchQuery) -> list[dict]:
    return ([{"terms": {"doc_type": list(query.types)}}] if query.types else []) + _facet_filters(query)


def _facet_filters(query: SearchQuery) -> list[dict]:
    return [{"terms": {f"facet_{name}": list(values)}} for name, values in query.filters.items() if values]


def search(query: SearchQuery) -> SearchResult:
    if not query.parsed:
        return SearchResult(hits=[], total=0, facets={}, type_counts={}, engine=NAME, truncated=query.parsed.truncated)
    facet_names = query.facets or list(declarations.all_facets())
    narrowing = _narrowing(query)
    body = {
        "query": _text_query(query),
        "post_filter": {"bool": {"filter": narrowing}},
        "track_total_hits": True,
        "from": query.offset,
        "size": query.per_page,
        "_source": ["doc_type", "object_id", "language", "display", "date"],
        "aggs": {
            # The tabs: each type's matches under the facet filters (a tab keeps them), as the database engine's.
            "filtered": {
                "filter": {"bool": {"filter": _facet_filters(query)}},
                "aggs": {"types": {"terms": {"field": "doc_type", "size": 50}}},
            },
            "narrowed": {
                "filter": {"bool": {"filter": narrowing}},
                "aggs": {name: {"terms": {"field": f"facet_{name}", "size": 50}} for name in facet_names},
            },
        },
    }
    if query.sort == "newest":
        body["sort"] = TIE_BREAKERS
    else:
        body["sort"] = RELEVANCE_SORT
    try:
        response = client().search(index=alias(), body=body)
    except _ERRORS as exc:
        raise EngineUnavailable(str(exc)) from exc
    wanted = set(query.parsed.all_tokens)
    hits = [_hit(item, query, wanted) for item in response["hits"]["hits"]]
    total = response["hits"]["total"]["value"]
    aggs = response.get("aggregations", {})
    type_counts = {b["key"]: b["doc_count"] for b in aggs.get("filtered", {}).get("types", {}).get("buckets", [])}
    rows = [
        (name, bucket["key"], bucket["doc_count"])
        for name in facet_names
        for bucket in aggs.get("narrowed", {}).get(name, {}).get("buckets", [])
    ]
    # "Did you mean": one rule for both engines, on the database engine's vocabulary (always current).
    suggestion = database.suggest(query) if total == 0 else ""
    return SearchResult(
        hits=hits,
        total=total,
        facets=database.facet_values(rows, query),
        type_counts=type_counts,
        suggestion=suggestion,
        engine=NAME,
        truncated=query.parsed.truncated,
    )


def matching_ids(query: SearchQuery, limit: int) -> list[str]:
    """The object ids of the best ``limit`` documents of ``query.types`` (relevance order)."""
    if not query.parsed:
        return []
    text = _text_query(query)
    text["bool"]["filter"] = text["bool"]["filter"] + _narrowing(query)
    body = {
        "query": text,
        "size": limit,
        "_source": ["object_id"],
        "sort": RELEVANCE_SORT,
    }
    try:
        response = client().search(index=alias(), body=body)
    except _ERRORS as exc:
        raise EngineUnavailable(str(exc)) from exc
    return list(dict.fromkeys(str(item["_source"]["object_id"]) for item in response["hits"]["hits"]))


def _hit(item: dict, query: SearchQuery, wanted: set[str]) -> Hit:
    source = item["_source"]
    display = source.get("display") or {}
    shown = display.get(query.language) or next(iter(display.values()), {})
    language = source.get("language", "")
    return Hit(
        doc_type=source["doc_type"],
        object_id=source["object_id"],
        language="" if language == ANY_LANGUAGE else language,
        title=highlight(shown.get("title", ""), wanted, length=None),
        url=shown.get("url", ""),
        snippet=highlight(shown.get("text", ""), wanted),
        date=source.get("date"),
        score=float(item.get("_score") or 0),
    )


def autocomplete(query: SearchQuery, prefix: str, limit: int = 8) -> list[dict]:
    """Titles of the newest documents for what is typed so far: the database engine's rule.

    Every finished word must match (the same clauses as a search) and the last, unfinished Latin
    word is a prefix of any word of the title, summary or body, so "rehab" and "exo" suggest as
    they do on the database engine (a completion field would only match a title's start).
    """
    if not query.parsed and not prefix:
        return []
    text = _text_query(query)
    if prefix:
        # The word being typed may be indexed in another form (``words_begun``, the database engine's rule).
        fields = [f.name for f in declarations.text_fields()]
        typed = [{"prefix": {name: {"value": prefix}}} for name in fields]
        typed += [{"terms": {name: sorted(words_begun(prefix))}} for name in fields]
        text["bool"]["filter"].append({"dis_max": {"queries": typed}})
    body = {
        "query": text,
        "size": limit,
        "_source": ["doc_type", "object_id", "language", "display"],
        "sort": TIE_BREAKERS,
    }
    try:
        response = client().search(index=alias(), body=body)
    except _ERRORS as exc:
        raise EngineUnavailable(str(exc)) from exc
    out = []
    for item in response["hits"]["hits"]:
        source = item["_source"]
        display = source.get("display") or {}
        shown = display.get(query.language) or next(iter(display.values()), {})
        language = source.get("language")
        key = (source.get("doc_type"), source.get("object_id"), "" if language == ANY_LANGUAGE else language)
        out.append({"type": key[0], "title": shown.get("title", ""), "url": shown.get("url", ""), "key": key})
    return out
