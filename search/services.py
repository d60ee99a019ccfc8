"""The search app's public interface for pages and other apps, and running a search.

Domain apps and the listing kit use this module and ``search.declarations`` only:
``matching_ids`` (a list's search box), ``box_text`` (the box's text from a URL),
``audiences_for`` (who the viewer is to the search), ``run`` / ``autocomplete``.

Running a search on the configured engine, falling back to the database engine:

``PORTAL_SEARCH_ENGINE`` is ``"database"`` (default) or ``"elasticsearch"`` (with
``ELASTICSEARCH_URL``). While Elasticsearch is down or times out the database engine,
whose tables are always kept current (search/indexing.py), answers and the result says
so (``fallback``), so the page can tell the visitor. A response rendered from the
fallback is never kept by the public page cache (``public_cache.mark_degraded``): once
Elasticsearch answers again, visitors get its results at once.

What an engine answers (a result, suggestions, a list's matching ids) is remembered per
query and viewer (``_remembered``) until the index of any document type changes: every
index write invalidates its type's ``search:<type>`` tag (``indexing.invalidate_pages``),
at once and at the commit. Only the database engine's answers are remembered (the
embedded default; Elasticsearch is fast and shows a write only at its next refresh). A
popular query costs the engine once or twice per change of the index (an answer is kept from
its second asking within ten minutes, so one-off searches do not fill the cache), not once per
visitor.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from portal import public_cache
from portal.public_cache import mark_degraded
from search import declarations
from search.analysis import MAX_QUERY_CHARS
from search.engines import database
from search.engines import elasticsearch as es_engine
from search.indexing import cache_tag, elasticsearch_enabled
from search.permissions import audiences_for
from search.query import SearchQuery, SearchResult, current_language

#: Suggestions asked of the engine per suggestion shown, so that every kind can take its turn.
AUTOCOMPLETE_POOL = 4

#: Seconds an engine's answer is remembered at most; an index write forgets it at once.
REMEMBERED_SECONDS = 600
#: In the keys of remembered answers: changed with the shape of what is remembered (``SearchResult``,
#: ``Matches``, suggestions), so that a deploy never reads an answer pickled by the code before it.
REMEMBERED_VERSION = 1

__all__ = ["MATCH_LIMIT", "Matches", "audiences_for", "autocomplete", "box_text", "matching_ids", "run"]

logger = logging.getLogger(__name__)


def _remembered(kind: str, query: SearchQuery, compute, *extra):
    """``compute()``, remembered per query, viewer and language until the index changes.

    The key holds everything the answer depends on: the page's language (labels), the query's
    text, language, types, filters, facets, sort and page, the viewer's audiences and hidden
    types, and ``extra`` (a prefix, a limit). The tags are every document type's (a result
    counts all of them). An answer is kept from the second time it is asked within
    ``REMEMBERED_SECONDS`` (``public_cache.first_asking``): the text is the visitor's, so a
    flood of one-off searches leaves small markers, not answers that push pages out of the cache.
    Only the database engine's answers are kept: its tables are written in the change's
    transaction, so the tags say exactly when an answer is stale. (So no fallback's answer is
    kept either: there is one only while Elasticsearch is configured.)
    """
    if elasticsearch_enabled():
        return compute()  # Elasticsearch answers fast, and shows a write only at its next refresh: not kept
    audiences = None if query.audiences is None else sorted(query.audiences)
    filters = sorted((name, sorted(values)) for name, values in query.filters.items())
    raw = repr(
        (kind, translation.get_language(), query.text, query.language, sorted(query.types))
        + (filters, sorted(query.facets), query.sort, query.page, query.per_page, audiences)
        + (sorted(query.hidden_types), extra)
    )
    key = f"search:v{REMEMBERED_VERSION}:" + hashlib.sha256(raw.encode()).hexdigest()
    tags = tuple(cache_tag(dt.name) for dt in declarations.document_types())
    stamp, answer = public_cache.recall(key, tags)
    if answer is public_cache.MISSING:
        answer = compute()
        if stamp is not None and not public_cache.first_asking(key, timeout=REMEMBERED_SECONDS):  # one-offs: not kept
            public_cache.store(key, stamp, answer, timeout=REMEMBERED_SECONDS)
    return answer


def run(query: SearchQuery) -> SearchResult:
    """The result of ``query`` on the configured engine (remembered: ``_remembered``)."""
    return _remembered("run", query, lambda: _run(query))


def _run(query: SearchQuery) -> SearchResult:
    result, fallback = _answer(lambda engine: engine.search(query))
    if fallback:
        result.fallback = True
    elif elasticsearch_enabled():
        result = _current_only(result, query)
    return result


def _answer(ask):
    """``(ask(engine), fallback)``: the configured engine's answer, the database engine's while Elasticsearch is down.

    Both engines (``search.engines``) answer ``search``, ``autocomplete`` and ``matching_ids``.
    """
    if elasticsearch_enabled():
        try:
            return ask(es_engine), False
        except es_engine.EngineUnavailable as exc:
            logger.warning("search: Elasticsearch unavailable, database engine answers: %s", exc)
            mark_degraded()
            return ask(database), True
    return ask(database), False


def _current_only(result: SearchResult, query: SearchQuery) -> SearchResult:
    """Drop hits Elasticsearch still holds but the database documents no longer show this viewer.

    Elasticsearch is updated after the commit (through the outbox); for the moment in between
    (or longer, while a broker or Elasticsearch is down) a document just unpublished may still
    be in it. The database documents are current, so a hit they do not show is never shown.
    Counts and facets stay Elasticsearch's until it catches up.
    """
    keys = [(hit.doc_type, hit.object_id, hit.language) for hit in result.hits]
    visible = database.visible_keys(keys, query.audiences)
    current = [hit for hit, key in zip(result.hits, keys, strict=True) if key in visible]
    if len(current) != len(result.hits):
        logger.info(
            "search: %s hit(s) not yet removed from Elasticsearch were left out", len(result.hits) - len(current)
        )
        result.hits = current
    return result


def autocomplete(query: SearchQuery, prefix: str, limit: int = 8) -> list[dict]:
    """Up to ``limit`` suggestions, the kinds taking turns (see ``take_turns``)."""
    return _remembered("autocomplete", query, lambda: _autocomplete(query, prefix, limit), prefix, limit)


def _autocomplete(query: SearchQuery, prefix: str, limit: int) -> list[dict]:
    found, fallback = _answer(lambda engine: engine.autocomplete(query, prefix, limit * AUTOCOMPLETE_POOL))
    if elasticsearch_enabled() and not fallback:
        # As ``_current_only``: what Elasticsearch still holds but the database no longer shows is left out.
        visible = database.visible_keys([suggestion["key"] for suggestion in found], query.audiences)
        found = [suggestion for suggestion in found if suggestion["key"] in visible]
    return take_turns([{k: v for k, v in suggestion.items() if k != "key"} for suggestion in found], limit)


def take_turns(suggestions: list[dict], limit: int) -> list[dict]:
    """The first ``limit`` suggestions with the kinds taking turns, each kind in the engine's order.

    One rule for both engines. Without it a kind with many similar titles fills the box (60 demo
    startups named …外骨骼科技有限公司 hide the 外骨骼 products from a visitor typing 外骨).
    """
    queues: dict[str, list[dict]] = {}
    for suggestion in suggestions:
        queues.setdefault(suggestion["type"], []).append(suggestion)
    out: list[dict] = []
    while len(out) < limit and any(queues.values()):
        for queue in queues.values():
            if queue and len(out) < limit:
                out.append(queue.pop(0))
    return out


def _printable(raw: str) -> str:
    return "".join(ch for ch in (raw or "")[: MAX_QUERY_CHARS * 2] if ch.isprintable()).strip()


def box_text(raw: str) -> str:
    """A search box's text from a URL: printable characters, bounded (``matching_ids`` cleans it further).

    One character more than the analyser uses, so that the search can tell the visitor it was cut.
    """
    return _printable(raw)[: MAX_QUERY_CHARS + 1]


#: The most matches a domain list (catalogue, case index) narrows to: the best ones by relevance.
MATCH_LIMIT = 500


@dataclass
class Matches:
    """What a list page's search box matched: object ids, best first, and how the search went."""

    text: str  # the query as used (cleaned, cut to the analyser's limit); "" when nothing to search
    ids: list[str]
    capped: bool = False  # more documents matched than MATCH_LIMIT: only the best are listed
    fallback: bool = False  # Elasticsearch was down: the database engine answered
    message: str = ""  # a sentence for the visitor when the query was changed or ignored

    @property
    def active(self) -> bool:
        return bool(self.text)


def matching_ids(
    doc_type: str, text: str, audiences: frozenset[str] | None, *, language: str | None = None, limit: int = MATCH_LIMIT
) -> Matches:
    """The ids of the ``doc_type`` documents matching ``text`` that ``audiences`` may see, best first.

    The search boxes of the domain lists call this: the same analyser, synonyms, audience
    rules and engine choice (with the database fallback) as the search page. ``audiences``
    as ``audiences_for`` (``None``: everything). Hostile text never raises: text without a
    searchable word is ignored and the message says so.
    """
    raw = _printable(text)
    if not raw:
        return Matches(text="", ids=[])
    query = SearchQuery(
        text=raw, language=language or current_language(), types=[doc_type], audiences=audiences, per_page=1
    )
    if not query.parsed:
        if query.parsed.only_stop_words:
            message = _(
                "Words such as “and” or “the” are not searched for: type a word that says what you are looking for."
            )
        else:
            message = _("Type a word to search for: punctuation and symbols on their own are ignored.")
        return Matches(text="", ids=[], message=message)
    message = ""
    if query.parsed.truncated:
        message = _("Your search was too long; only its first %(count)s characters were used.") % {
            "count": MAX_QUERY_CHARS
        }
    matches = _remembered("ids", query, lambda: _matching_ids(query, limit), limit)
    matches.text, matches.message = raw[:MAX_QUERY_CHARS], message
    return matches


def _matching_ids(query: SearchQuery, limit: int) -> Matches:
    """The engine's best ``limit`` ids (``text`` and ``message`` are the caller's to fill in)."""
    ids, fallback = _answer(lambda engine: engine.matching_ids(query, limit + 1))
    return Matches(text="", ids=ids[:limit], capped=len(ids) > limit, fallback=fallback)
