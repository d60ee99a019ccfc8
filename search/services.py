"""Running a search on the configured engine, falling back to the database engine.

``PORTAL_SEARCH_ENGINE`` is ``"database"`` (default) or ``"elasticsearch"`` (with
``ELASTICSEARCH_URL``). While Elasticsearch is down or times out the database engine,
whose tables are always kept current (search/indexing.py), answers and the result says
so (``fallback``), so the page can tell the visitor.
"""

from __future__ import annotations

import logging

from search.engines import database
from search.engines import elasticsearch as es_engine
from search.indexing import elasticsearch_enabled
from search.query import SearchQuery, SearchResult

logger = logging.getLogger(__name__)


def run(query: SearchQuery) -> SearchResult:
    if elasticsearch_enabled():
        try:
            return es_engine.search(query)
        except es_engine.EngineUnavailable as exc:
            logger.warning("search: Elasticsearch unavailable, database engine answers: %s", exc)
            result = database.search(query)
            result.fallback = True
            return result
    return database.search(query)


def autocomplete(query: SearchQuery, prefix: str, limit: int = 8) -> list[dict]:
    if elasticsearch_enabled():
        try:
            return es_engine.autocomplete(query, prefix, limit)
        except es_engine.EngineUnavailable as exc:
            logger.warning("search: Elasticsearch unavailable for autocomplete: %s", exc)
    return database.autocomplete(query, prefix, limit)
