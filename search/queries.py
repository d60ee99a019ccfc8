"""Reading search parameters and shaping results for the page and the API (shared by both)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from search import declarations, services
from search.analysis import MAX_QUERY_CHARS, MAX_TOKEN_CHARS
from search.permissions import audiences_for
from search.query import SORTS, SearchQuery, SearchResult, current_language

PER_PAGE = 10
FACET_PREFIX = "f_"
#: A run of letters or digits the analyser leaves out (search.analysis.MAX_TOKEN_CHARS): no word.
LONGER_THAN_A_WORD = re.compile(rf"[^\W_]{{{MAX_TOKEN_CHARS + 1},}}")


def _clean(value: str, limit: int = 80) -> str:
    return "".join(ch for ch in (value or "")[:limit] if ch.isprintable())


def query_from_params(params, user, *, language: str | None = None, per_page: int = PER_PAGE) -> SearchQuery:
    """A SearchQuery from request parameters; unknown types, facets and values are dropped.

    A type the viewer is not offered narrows to nothing (the engines leave its documents out), not
    to every type; one replaced for this viewer (the investors' startups) stands for its replacement.
    """
    audiences = audiences_for(user)
    declared = {dt.name for dt in declarations.document_types()}
    replaced = {dt.replaces: dt.name for dt in declarations.offered_to(audiences) if dt.replaces}
    facets = declarations.all_facets()
    types = list(dict.fromkeys(replaced.get(t, t) for t in params.getlist("type")[:5] if t in declared))
    filters = {}
    for name in facets:
        values = [_clean(v) for v in params.getlist(FACET_PREFIX + name)[:10] if v]
        if values:
            filters[name] = values
    page = params.get("page", "1")
    sort = params.get("sort", "relevance")
    return SearchQuery(
        text=params.get("q", "").strip()[: MAX_QUERY_CHARS * 2],
        language=language or current_language(),
        types=types,
        filters=filters,
        sort=sort if sort in SORTS else "relevance",
        page=int(page) if page.isascii() and page.isdigit() and len(page) < 6 else 1,
        per_page=per_page,
        audiences=audiences,
        hidden_types=tuple(declarations.hidden_from(audiences)),
    )


def run(query: SearchQuery) -> SearchResult:
    return services.run(query)


def run_page(query: SearchQuery) -> tuple[SearchQuery, SearchResult]:
    """``run``, on a page that exists: a page number past the last (an old link, a typed URL)
    shows the last page, as the pager does, not "nothing found" beside the count."""
    result = run(query)
    if result.hits or not result.total or query.page == 1:
        return query, result
    query = dataclasses.replace(query, page=Paginator(range(result.total), query.per_page).num_pages)
    return query, run(query)


@dataclass
class Link:
    label: str
    url: str
    count: int
    selected: bool


def page_context(query: SearchQuery, result: SearchResult) -> dict:
    """Tabs, facets with toggle links, the paginator and messages for the search page."""

    def url(types, filters, sort=query.sort) -> str:
        pairs = [("q", query.parsed.text)] + [("type", t) for t in types]
        pairs += [(FACET_PREFIX + name, v) for name, values in filters.items() for v in values]
        if sort != "relevance":
            pairs.append(("sort", sort))
        return "?" + urlencode(pairs)

    # A tab keeps the chosen facets, and counts its matches under them (what the list beside it shows).
    all_count = sum(result.type_counts.values())
    tabs = [Link(_("All"), url([], query.filters), all_count, not query.types)]
    for dt in declarations.offered_to(query.audiences):
        tabs.append(
            Link(
                str(dt.label),
                url([dt.name], query.filters),
                result.type_counts.get(dt.name, 0),
                query.types == [dt.name],
            )
        )
    known = declarations.all_facets()
    facet_groups = []
    for name, values in result.facets.items():
        links = []
        for value in values:
            chosen = list(query.filters.get(name, []))
            chosen = [v for v in chosen if v != value.value] if value.selected else [*chosen, value.value]
            filters = {**query.filters, name: chosen}
            links.append(
                Link(
                    value.label, url(query.types, {k: v for k, v in filters.items() if v}), value.count, value.selected
                )
            )
        facet_groups.append({"name": name, "label": known[name].label, "links": links})
    labels = {dt.name: dt.label_one or dt.label for dt in declarations.document_types()}
    paginator = Paginator(range(result.total), query.per_page)
    page_obj = paginator.get_page(query.page)
    sorts = [
        Link(label, url(query.types, query.filters, key), 0, key == query.sort)
        for key, label in (("relevance", _("Relevance")), ("newest", _("Newest")))
    ]
    return {
        "query": query,
        "result": result,
        "tabs": tabs,
        "facet_groups": facet_groups,
        "page_obj": page_obj,
        "sorts": sorts,
        "suggestion_url": "?" + urlencode({"q": result.suggestion}) if result.suggestion else "",
        "hit_rows": [(hit, labels.get(hit.doc_type, hit.doc_type)) for hit in result.hits],
        "message": result_message(query, result),
    }


def result_message(query: SearchQuery, result: SearchResult) -> str:
    """A sentence for the visitor when the query was changed or could not be run as typed."""
    if query.parsed.only_stop_words:
        return _("Words such as “and” or “the” are not searched for: type a word that says what you are looking for.")
    if query.text and not query.parsed:
        if LONGER_THAN_A_WORD.search(query.parsed.text):
            return _("Words longer than %(count)s characters are not searched for: type a shorter word.") % {
                "count": MAX_TOKEN_CHARS
            }
        return _("Type a word to search for: punctuation and symbols on their own are ignored.")
    if result.truncated:
        return _("Your search was too long; only its first %(count)s characters were used.") % {
            "count": MAX_QUERY_CHARS
        }
    return ""
