"""The database engine: the embedded default, on SQLite and PostgreSQL alike.

A query is answered from one pass over the token rows of its tokens (search/analysis.py),
grouped by document: the summed bits of the tokens a document holds say which it holds, so
every clause is checked in the ``HAVING`` of that pass (``_matches``), and the summed field
weights of the tokens it holds are its score. Each row also carries the
document's type, sort keys and facet values (``SearchDocument.facet_values``), so the type
counts, the facet filters and counts, the total and the order of the page are computed from
that one query's rows; a second query reads the page's documents. Plain SQL that both
databases run the same way, so they give the same hits; the order (score, then
``TIE_BREAKERS``) is applied in Python, one rule for every caller.
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter
from operator import itemgetter

from django.db import connections
from django.db.models import BigIntegerField, F, Func, Q, Sum
from django.db.models.expressions import CombinedExpression

from search import declarations
from search.analysis import synonym_groups, words_begun
from search.declarations import ALL_LANGUAGES
from search.highlight import highlight
from search.models import FACET_SEPARATOR, SearchDocument, SearchToken, audiences_text
from search.query import FacetValue, Hit, SearchQuery, SearchResult

NAME = "database"

#: After the score (or alone: "newest", suggestions): the same on Elasticsearch (``TIE_BREAKERS`` there).
TIE_BREAKERS = (F("date").desc(nulls_last=True), "doc_type", "object_id")

#: What the one pass gives of each match (``_match_rows``): plain tuples, read by these positions.
_MATCH_COLUMNS = ("pk", "doc_type", "object_id", "date", "facet_values", "score")
PK, DOC_TYPE, OBJECT_ID, DATE, FACETS, SCORE = range(len(_MATCH_COLUMNS))


def _audience(audiences) -> Q:
    """The documents shown to one of ``audiences`` (``SearchDocument.audiences``); none for no audience."""
    if not audiences:
        return Q(pk__in=[])
    condition = Q()
    for audience in sorted(audiences):
        condition |= Q(audiences__contains=audiences_text([audience]))
    return condition


def _scope(query: SearchQuery) -> Q:
    """The documents the viewer may see, in their language."""
    condition = Q(language__in=[ALL_LANGUAGES, query.language])
    if query.audiences is not None:
        condition &= _audience(query.audiences)
    return condition & ~Q(doc_type__in=query.hidden_types) if query.hidden_types else condition


#: Bits per held-token mask: masks are summed as signed 64-bit integers on both databases.
_MASK_BITS = 62


def _token_bits(tokens: list[str]) -> dict[str, tuple[str, int]]:
    """Each token's mask (an alias: ``held0``, ``held1``…) and bit in it."""
    return {token: (f"held{i // _MASK_BITS}", 1 << (i % _MASK_BITS)) for i, token in enumerate(tokens)}


class _TokenBits(Func):
    """``CASE WHEN token = %s THEN <bit> … ELSE 0 END``: the bit of each of a mask's tokens.

    One expression over the token column, compiled once: a ``Case`` of ``When(tokens__token=…)``
    resolves a lookup and its join per token, in every place the mask is tested. The bits are
    integers this module computed (written into the SQL); the tokens are parameters.
    """

    output_field = BigIntegerField()

    def __init__(self, column, bits: dict[str, int]):
        super().__init__(column)
        self.bits = bits

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        whens = " ".join(f"WHEN {column} = %s THEN {int(bit)}" for bit in self.bits.values())
        return f"CASE {whens} ELSE 0 END", [value for token in self.bits for value in (*params, token)]


def _matches(query: SearchQuery):
    """The documents the viewer may see that every clause matches, with their ``score``.

    One pass over the rows of the query's tokens, grouped by document. A document holds each
    token once (a unique constraint), so the sum of the bits of the tokens it holds is the set
    of them (a mask; 62 tokens a mask), and it holds all of an alternative's tokens exactly
    when the mask, ANDed with the alternative's bits, gives those bits back. The score is the
    summed field weights of the query's tokens it holds.
    """
    bits = _token_bits(query.parsed.all_tokens)
    of_mask: dict[str, dict[str, int]] = {}
    for token, (mask, bit) in bits.items():
        of_mask.setdefault(mask, {})[token] = bit
    masks = {mask: Sum(_TokenBits(F("tokens__token"), token_bits)) for mask, token_bits in of_mask.items()}
    tests: dict[str, CombinedExpression] = {}  # "held0_7": held0 & 7
    every_clause = Q()
    for clause in query.parsed.clauses:
        one_alternative = Q()
        for alternative in clause:
            wanted: Counter = Counter()
            for token in alternative:
                mask, bit = bits[token]
                wanted[mask] |= bit
            for mask, mask_bits in wanted.items():
                tests[f"{mask}_{mask_bits}"] = F(mask).bitand(mask_bits)
            one_alternative |= Q(**{f"{mask}_{mask_bits}": mask_bits for mask, mask_bits in wanted.items()})
        every_clause &= one_alternative
    return (
        SearchDocument.objects.filter(_scope(query), tokens__token__in=list(bits))
        .annotate(score=Sum("tokens__weight"))
        .alias(**masks)
        .alias(**tests)
        .filter(every_clause)
        .order_by()
    )


def base_queryset(query: SearchQuery):
    """Documents the viewer may see, in their language, matching the text (no type or facet filter)."""
    return SearchDocument.objects.filter(pk__in=_matches(query).values("pk"))


def _match_rows(query: SearchQuery) -> list[tuple]:
    """Every match the viewer may see (no type or facet filter), as ``_MATCH_COLUMNS`` tuples.

    Read straight from the cursor: a broad query matches most of the index (12,000 rows on the
    bench), and the ORM's per-row conversion cost more than the SQL. Both databases return the
    columns as Python values already (SQLite through Django's registered date converter).
    """
    queryset = _matches(query).values_list(*_MATCH_COLUMNS)
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _narrowed(rows: list, query: SearchQuery) -> list:
    """The ``rows`` of the query's types holding, for each facet filter, one of its values."""
    return _of_types(_filtered(rows, query), query)


def _filtered(rows: list, query: SearchQuery) -> list:
    """The ``rows`` holding, for each facet filter, one of its values (of every type: what the tabs count)."""
    wanted = [{f"{name}={value}" for value in values} for name, values in query.filters.items() if values]
    if wanted:
        rows = [row for row in rows if all(one_of & set(row[FACETS].split(FACET_SEPARATOR)) for one_of in wanted)]
    return rows


def _of_types(rows: list, query: SearchQuery) -> list:
    return [row for row in rows if row[DOC_TYPE] in query.types] if query.types else rows


def _tie_breakers(row) -> tuple:
    """``TIE_BREAKERS`` as a sort key: newest first, undated last, then type and object id."""
    return (-row[DATE].toordinal() if row[DATE] else 1, row[DOC_TYPE], row[OBJECT_ID])


def _relevance(row) -> tuple:
    return (-row[SCORE], *_tie_breakers(row))


def _best(rows: list, count: int, sort: str) -> list:
    """The first ``count`` rows by score (unless ``sort`` is "newest"), then ``TIE_BREAKERS``."""
    if sort == "newest":
        return heapq.nsmallest(count, rows, key=_tie_breakers)
    if len(rows) > count:
        # The count-th best score bounds the page: only rows scoring at least that much are ordered in full.
        floor = heapq.nlargest(count, map(itemgetter(SCORE), rows))[-1]
        rows = [row for row in rows if row[SCORE] >= floor]
    return heapq.nsmallest(count, rows, key=_relevance)


def _facet_counts(rows: list, query: SearchQuery) -> dict[str, list[FacetValue]]:
    """Each facet value's number of ``rows`` (``query.facets``, else every declared facet)."""
    names = set(query.facets or declarations.all_facets())
    counted: dict[str, int] = {}
    add = counted.get  # a dict's get: 3.0 ms against 4.3 ms for a Counter's += on the bench's 16,000 pairs
    for values, documents in Counter(map(itemgetter(FACETS), rows)).items():  # documents share combinations
        if values:
            for pair in values.split(FACET_SEPARATOR):
                counted[pair] = add(pair, 0) + documents
    pairs = ((*pair.split("=", 1), count) for pair, count in counted.items())
    return facet_values([(name, value, count) for name, value, count in pairs if name in names], query)


def visible_keys(keys, audiences: frozenset[str] | None) -> set[tuple[str, str, str]]:
    """Those of ``keys`` (``(doc_type, object_id, language)``) that the database documents show ``audiences`` now.

    The database documents are written in the transaction of each change, so they say what
    may be shown this instant; Elasticsearch follows a moment later (search/indexing.py).
    """
    if not keys:
        return set()
    condition = Q()
    for doc_type, object_id, language in keys:
        condition |= Q(doc_type=doc_type, object_id=object_id, language=language)
    docs = SearchDocument.objects.filter(condition)
    if audiences is not None:
        docs = docs.filter(_audience(audiences))
    return set(docs.values_list("doc_type", "object_id", "language"))


def search(query: SearchQuery) -> SearchResult:
    if not query.parsed:
        return SearchResult(hits=[], total=0, facets={}, type_counts={}, engine=NAME, truncated=query.parsed.truncated)
    filtered = _filtered(_match_rows(query), query)
    shown = _of_types(filtered, query)
    page = _best(shown, query.offset + query.per_page, query.sort)[query.offset :]
    documents = SearchDocument.objects.in_bulk([row[PK] for row in page])
    wanted = set(query.parsed.all_tokens)
    scored = query.sort != "newest"
    return SearchResult(
        hits=[_hit(documents[row[PK]], query, wanted, score=row[SCORE] if scored else 0.0) for row in page],
        total=len(shown),
        facets=_facet_counts(shown, query),
        # The tabs: each type's matches under the facet filters (a tab keeps them), whichever type is shown.
        type_counts=dict(Counter(map(itemgetter(DOC_TYPE), filtered))),
        suggestion=suggest(query) if not shown else "",
        engine=NAME,
        truncated=query.parsed.truncated,
    )


def matching_ids(query: SearchQuery, limit: int) -> list[str]:
    """The object ids of the best ``limit`` documents of ``query.types`` (relevance order), one query."""
    if not query.parsed:
        return []
    best = _best(_narrowed(_match_rows(query), query), limit, "relevance")
    return list(dict.fromkeys(row[OBJECT_ID] for row in best))


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


def _hit(doc: SearchDocument, query: SearchQuery, wanted: set[str], *, score: float = 0.0) -> Hit:
    shown = doc.display.get(query.language) or next(iter(doc.display.values()), {})
    return Hit(
        doc_type=doc.doc_type,
        object_id=doc.object_id,
        language=doc.language,
        title=highlight(shown.get("title", doc.title), wanted, length=None),
        url=shown.get("url", ""),
        snippet=highlight(shown.get("text", ""), wanted),
        date=doc.date,
        score=float(score or 0),
    )


def suggest(query: SearchQuery) -> str:
    """ "Did you mean": each Latin word replaced by the closest word of a document the viewer may
    see (``_scope``: a word only a draft or a confidential entry holds is never offered), if any changed."""
    words = query.parsed.latin_words
    if not words:
        return ""
    tokens = SearchToken.objects.filter(document__in=SearchDocument.objects.filter(_scope(query)).values("pk"))
    changed, out = False, []
    for word in words[:6]:
        if len(word) < 3 or tokens.filter(token=word).exists():
            out.append(word)
            continue
        candidates = list(
            tokens.filter(token__startswith=word[0]).values_list("token", flat=True).distinct().order_by("token")[:5000]
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
    """Titles of the best documents for what is typed so far (the last word as a prefix), each with its
    document's ``key`` (``(doc_type, object_id, language)``, as Elasticsearch's: ``search.services``
    checks those against the current documents and leaves the key out of what it returns)."""
    docs = base_queryset(query) if query.parsed else SearchDocument.objects.filter(_scope(query))
    if prefix:
        # The word being typed may be indexed in another form: "signals" as "signal", "studi(es)" as "study".
        typed = Q(token__startswith=prefix) | Q(token__in=words_begun(prefix))
        docs = docs.filter(pk__in=SearchToken.objects.filter(typed).values("document"))
    elif not query.parsed:
        return []
    rows = docs.order_by(*TIE_BREAKERS).values("doc_type", "object_id", "language", "display")[:limit]
    out = []
    for row in rows:
        shown = row["display"].get(query.language) or next(iter(row["display"].values()), {})
        key = (row["doc_type"], row["object_id"], row["language"])
        out.append({"type": row["doc_type"], "title": shown.get("title", ""), "url": shown.get("url", ""), "key": key})
    return out
