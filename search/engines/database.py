"""The database engine: the embedded default, on SQLite and PostgreSQL alike.

A query's clauses (search/analysis.py) become ``pk IN (…)`` sub-queries on the token
table: an alternative of several tokens matches a document holding all of them. Facets
are counted with one grouped query; the score is the sum of the matched tokens' field
weights. Plain SQL that both databases run the same way, so they give the same hits.
"""

from __future__ import annotations

import difflib

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from search import declarations
from search.analysis import synonym_groups
from search.declarations import ALL_LANGUAGES
from search.highlight import highlight
from search.models import SearchDocument, SearchKeyword, SearchToken
from search.query import FacetValue, Hit, SearchQuery, SearchResult

NAME = "database"

#: After the score (or alone: "newest", suggestions): the same on Elasticsearch (``TIE_BREAKERS`` there).
TIE_BREAKERS = (F("date").desc(nulls_last=True), "doc_type", "object_id")


def _matching(alternative: tuple[str, ...]):
    tokens = set(alternative)
    rows = (
        SearchToken.objects.filter(token__in=tokens)
        if len(tokens) > 1
        else SearchToken.objects.filter(token=next(iter(tokens)))
    )
    if len(tokens) > 1:
        rows = rows.values("document").annotate(n=Count("token")).filter(n=len(tokens))
    return rows.values("document")


def _keyword(name: str, values) -> Q:
    return Q(pk__in=SearchKeyword.objects.filter(name=name, value__in=list(values)).values("document"))


def base_queryset(query: SearchQuery):
    """Documents the viewer may see, in their language, matching the text (no type or facet filter)."""
    docs = SearchDocument.objects.filter(language__in=[ALL_LANGUAGES, query.language])
    if query.audiences is not None:
        docs = docs.filter(_keyword("audience", query.audiences))
    for clause in query.parsed.clauses:
        condition = Q()
        for alternative in clause:
            condition |= Q(pk__in=_matching(alternative))
        docs = docs.filter(condition)
    return docs


def visible_keys(hits, audiences: frozenset[str] | None) -> set[tuple[str, str, str]]:
    """The ``(doc_type, object_id, language)`` of ``hits`` that the database documents show ``audiences`` now.

    The database documents are written in the transaction of each change, so they say what
    may be shown this instant; Elasticsearch follows a moment later (search/indexing.py).
    """
    if not hits:
        return set()
    condition = Q()
    for hit in hits:
        condition |= Q(doc_type=hit.doc_type, object_id=hit.object_id, language=hit.language)
    docs = SearchDocument.objects.filter(condition)
    if audiences is not None:
        docs = docs.filter(_keyword("audience", audiences))
    return set(docs.values_list("doc_type", "object_id", "language"))


def search(query: SearchQuery) -> SearchResult:
    if not query.parsed:
        return SearchResult(hits=[], total=0, facets={}, type_counts={}, engine=NAME, truncated=query.parsed.truncated)
    base = base_queryset(query)
    type_counts = dict(base.order_by().values_list("doc_type").annotate(n=Count("pk")).values_list("doc_type", "n"))
    docs = base
    if query.types:
        docs = docs.filter(doc_type__in=query.types)
    for name, values in query.filters.items():
        if values:
            docs = docs.filter(_keyword(name, values))
    facets = _facets(docs, query)
    total = sum(v for t, v in type_counts.items() if not query.types or t in query.types)
    if query.filters:
        total = docs.count()
    if query.sort == "newest":
        ordered = docs.order_by(*TIE_BREAKERS)
    else:
        score = _score(query)
        ordered = docs.annotate(score=Coalesce(Subquery(score), Value(0.0))).order_by("-score", *TIE_BREAKERS)
    page = list(ordered[query.offset : query.offset + query.per_page])
    wanted = set(query.parsed.all_tokens)
    hits = [_hit(doc, query, wanted) for doc in page]
    suggestion = suggest(query) if total == 0 else ""
    return SearchResult(
        hits=hits,
        total=total,
        facets=facets,
        type_counts=type_counts,
        suggestion=suggestion,
        engine=NAME,
        truncated=query.parsed.truncated,
    )


def _score(query: SearchQuery):
    """A document's relevance (``OuterRef("pk")``): the summed weights of its tokens the query asks for."""
    return (
        SearchToken.objects.filter(document=OuterRef("pk"), token__in=query.parsed.all_tokens)
        .order_by()
        .values("document")
        .annotate(s=Sum("weight"))
        .values("s")
    )


def matching_ids(query: SearchQuery, limit: int) -> list[str]:
    """The object ids of the best ``limit`` documents of ``query.types`` (relevance order), one query."""
    if not query.parsed:
        return []
    docs = base_queryset(query)
    if query.types:
        docs = docs.filter(doc_type__in=query.types)
    score = _score(query)
    rows = (
        docs.annotate(score=Coalesce(Subquery(score), Value(0.0)))
        .order_by("-score", *TIE_BREAKERS)
        .values_list("object_id", flat=True)[:limit]
    )
    return list(dict.fromkeys(rows))


def _facets(docs, query: SearchQuery) -> dict[str, list[FacetValue]]:
    names = query.facets or list(declarations.all_facets())
    if not names:
        return {}
    rows = (
        SearchKeyword.objects.filter(document__in=docs.values("pk"), name__in=names)
        .values_list("name", "value")
        .annotate(n=Count("document", distinct=True))
        .order_by()
    )
    return facet_values(rows, query)


def facet_values(rows, query: SearchQuery) -> dict[str, list[FacetValue]]:
    """(name, value, count) rows → facets with translated labels, most frequent first."""
    known = declarations.all_facets()
    out: dict[str, list[FacetValue]] = {}
    for name, value, count in rows:
        facet = known.get(name)
        if facet is None:
            continue
        selected = value in query.filters.get(name, [])
        out.setdefault(name, []).append(FacetValue(value, facet.label_for(value), count, selected))
    for values in out.values():
        values.sort(key=lambda v: (-v.count, v.label))
    return {name: out[name] for name in known if name in out}  # declaration order


def _hit(doc: SearchDocument, query: SearchQuery, wanted: set[str]) -> Hit:
    shown = doc.display.get(query.language) or next(iter(doc.display.values()), {})
    return Hit(
        doc_type=doc.doc_type,
        object_id=doc.object_id,
        language=doc.language,
        title=highlight(shown.get("title", doc.title), wanted, length=None),
        url=shown.get("url", ""),
        snippet=highlight(shown.get("text", ""), wanted),
        date=doc.date,
        score=float(getattr(doc, "score", 0) or 0),
    )


def suggest(query: SearchQuery) -> str:
    """ "Did you mean": each Latin word replaced by the closest indexed word, if any changed."""
    words = query.parsed.latin_words
    if not words:
        return ""
    changed, out = False, []
    for word in words[:6]:
        if len(word) < 3 or SearchToken.objects.filter(token=word).exists():
            out.append(word)
            continue
        candidates = list(
            SearchToken.objects.filter(token__startswith=word[0])
            .values_list("token", flat=True)
            .distinct()
            .order_by("token")[:5000]
        )
        candidates += [tok for group in synonym_groups() for term in group for tok in term if tok[0] == word[0]]
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
        if close:
            changed = True
            out.append(close[0])
        else:
            out.append(word)
    return " ".join(out) if changed else ""


def autocomplete(query: SearchQuery, prefix: str, limit: int = 8) -> list[dict]:
    """Titles of the best documents for what is typed so far (the last word as a prefix)."""
    docs = (
        base_queryset(query)
        if query.parsed
        else SearchDocument.objects.filter(language__in=[ALL_LANGUAGES, query.language])
    )
    if query.audiences is not None and not query.parsed:
        docs = docs.filter(_keyword("audience", query.audiences))
    if prefix:
        docs = docs.filter(pk__in=SearchToken.objects.filter(token__startswith=prefix).values("document"))
    elif not query.parsed:
        return []
    rows = docs.order_by(*TIE_BREAKERS).values("doc_type", "display")[:limit]
    out = []
    for row in rows:
        shown = row["display"].get(query.language) or next(iter(row["display"].values()), {})
        out.append({"type": row["doc_type"], "title": shown.get("title", ""), "url": shown.get("url", "")})
    return out
