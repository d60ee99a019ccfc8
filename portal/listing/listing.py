"""A declared listing: its facets, sorts and cache tags, and one page of it with every facet's counts.

``Listing.run`` asks the search app for the search box's matches (``search.services``), counts
the facets (``portal.listing.counting``: one scan plus one query per grouped facet) and pages
the rows, and remembers the counts and the page's rows per selection (``public_cache.remember``,
under the listing's ``tags``), so an uncached page (a signed-in member, a new query string)
mostly renders templates. With a search text the counts, the total and the rows are those of
the matching rows, which can also be sorted by relevance (their default then).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.db.models import Case, Value, When
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal import public_cache
from portal.i18n import join_words, written
from portal.listing.counting import count_facets, facet_rows, others, selections
from portal.listing.paginator import CountedPaginator
from search import services as search

#: The sort of a search's matches, best first; offered only while a text is searched.
RELEVANCE = "relevance"
RELEVANCE_LABEL = _("Relevance")
#: The search box's text among a query's filters (``Listing.chosen``).
TEXT_LABEL = _("Search")


@dataclass(frozen=True)
class Sort:
    """A sort order: ``order()`` gives the ``order_by`` arguments (per request: it may depend on the language)."""

    label: object
    order: Callable[[], list]


@dataclass
class ListingQuery:
    """What a visitor asked for: valid facet values, search text, sort, page. Unknown values are dropped."""

    selected: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""  # the search box (``q``), matched by the search app
    sort: str = ""  # as asked until ``Listing.run`` resolves it
    page: object = None
    searching: bool = False  # set by ``Listing.run``: the text had words to search for


@dataclass
class ListingPage:
    page: object  # django.core.paginator.Page
    facets: list[dict]  # ``counting.facet_rows``
    total: int
    query: ListingQuery  # the sort resolved, ``searching`` set
    matches: object = None  # search.services.Matches when the query has a search text
    sorts: list[tuple[str, object]] = field(default_factory=list)


@dataclass(frozen=True)
class Chosen:
    """One filter of a query as a reader reads it: the facet's label and its chosen values, as one list."""

    label: object
    values: str


def selection_digest(selected: dict, ids) -> str:
    """A cache key part for the selected values and the search's matches (``None`` without a search)."""
    return hashlib.sha256(json.dumps([selected, ids], sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Listing:
    """A faceted list: declared once in the app's ``queries.py``, shared by its page and its JSON API.

    ``name`` prefixes the cache keys; ``tags`` are what the remembered counts and rows depend
    on (a writer invalidating one of them refreshes them); ``doc_type`` is the search
    declaration the search box matches. ``multiple``: several values per facet (OR-ed; else
    one, which a link replaces); ``explicit_sort``: links always write the sort.
    """

    name: str
    facets: tuple
    sorts: dict[str, Sort]
    default_sort: str
    tags: tuple[str, ...]
    doc_type: str
    per_page: int = 20
    multiple: bool = True
    explicit_sort: bool = False
    #: More values than this in one facet are ignored (a URL cannot make the query arbitrarily long).
    max_values: int = 20

    def params(self) -> tuple[str, ...]:
        """The query parameters the list varies on (declared to the public page cache)."""
        return (*(facet.param for facet in self.facets), "q", "sort", "page")

    def parse(self, params) -> ListingQuery:
        """From ``request.GET`` (or a dict on a single-valued listing); repeated parameters select several values."""
        selected = {}
        for facet in self.facets:
            if self.multiple:
                raw = params.getlist(facet.param)[: self.max_values]
            else:
                raw = [(params.get(facet.param) or "").strip()]
            values = {value for value in raw if value and facet.accepts(value)}
            if values:
                selected[facet.param] = facet.ordered(values)
        return ListingQuery(
            selected=selected,
            text=search.box_text(params.get("q", "")),
            sort=params.get("sort", ""),
            page=params.get("page"),
        )

    def chosen(self, query: ListingQuery) -> list[Chosen]:
        """What ``query`` filters by, in the active language, without a query to the database (a saved
        search's summary): the search text, then each facet with values chosen, in the facets' order."""
        found = [Chosen(TEXT_LABEL, written(query.text))] if query.text else []
        for facet in self.facets:
            if values := query.selected.get(facet.param):
                found.append(Chosen(facet.label, join_words(facet.value_label(value) for value in values)))
        return found

    def sort_options(self, searching: bool) -> list[tuple[str, object]]:
        options = [(key, sort.label) for key, sort in self.sorts.items()]
        return [(RELEVANCE, RELEVANCE_LABEL), *options] if searching else options

    def resolved_sort(self, sort: str, searching: bool) -> str:
        if sort in self.sorts or (sort == RELEVANCE and searching):
            return sort
        return RELEVANCE if searching else self.default_sort

    def ordering(self, sort: str, ids: list[int] | None) -> list:
        if sort != RELEVANCE or not ids:
            return list(self.sorts[sort if sort != RELEVANCE else self.default_sort].order())
        rank = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)), default=Value(len(ids)))
        return [rank, "pk"]

    def run(
        self,
        query: ListingQuery,
        rows,
        *,
        audiences,
        language=None,
        scope="",
        per_page=None,
        fetch=None,
        ids_only=False,
    ) -> ListingPage:
        """One page of ``rows`` (the queryset of everything the list may show) for ``query``, with the facets' counts.

        ``audiences``: the visitor's (``search.services.audiences_for``); ``language``: the
        search's (default: the active one). ``scope`` sets the cache keys apart (an index page, a
        language the order depends on). ``fetch(rows, ordering)`` turns the page's rows into what
        the page shows (prefetches); its result is remembered. ``ids_only``: page through the
        ordered ids only (narrow rows sort faster) and let ``fetch`` read the page's rows.
        """
        matches = search.matching_ids(self.doc_type, query.text, audiences, language=language) if query.text else None
        active = matches is not None and matches.active
        ids = [int(pk) for pk in matches.ids if pk.isascii() and pk.isdigit()] if active else None
        query = replace(query, searching=active, sort=self.resolved_sort(query.sort, active))
        base = rows if ids is None else rows.filter(pk__in=ids or [0])  # [0]: no row has pk 0; an empty IN is not SQL
        digest = selection_digest(query.selected, matches.ids if active else None)
        counted = public_cache.remember(
            f"{self.name}:facet-counts:{scope}:{digest}",
            self.tags,
            lambda: count_facets(self.facets, query.selected, base.order_by()),
        )
        ordering = self.ordering(query.sort, ids)
        results = base.filter(others(selections(self.facets, query.selected, base.model), None)).order_by(*ordering)
        per_page = per_page or self.per_page
        page = CountedPaginator(results.values("pk") if ids_only else results, per_page, count=counted["total"])
        page = page.get_page(query.page)
        if fetch is not None:
            # The page number is the paginator's (an out-of-range one is the last page's); the
            # language may order the rows (names) and label what fetch adds (alt texts).
            shown = page.object_list
            language = translation.get_language()
            key = f"{self.name}:page:{scope}:{language}:{query.sort}:{per_page}:{page.number}:{digest}"
            page.object_list = public_cache.remember(key, self.tags, lambda: fetch(shown, ordering))
        return ListingPage(
            page=page,
            facets=facet_rows(self.facets, counted, query.selected),
            total=counted["total"],
            query=query,
            matches=matches,
            sorts=self.sort_options(active),
        )
