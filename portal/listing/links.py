"""The links of a listing page, built from what the visitor asked for (``ListingQuery``).

Every link keeps the search text (``q``), the other facets' values and the sort, goes back to
page 1 (the pagination keeps everything with ``{% querystring %}``), and carries ``keep``:
parameters of the page that are not the listing's (the catalogue's compare list, ``p``).
A listing's conventions (``Listing.multiple``, ``Listing.explicit_sort``) decide how a value
is chosen and when the sort is written.
"""

from __future__ import annotations

from urllib.parse import urlencode

from portal.listing.listing import RELEVANCE, Listing, ListingQuery


def query_url(pairs) -> str:
    """``?a=1&b=2`` for these pairs (``?`` alone for none: the list without parameters)."""
    return "?" + urlencode(pairs) if pairs else "?"


class FacetLinks:
    def __init__(self, listing: Listing, query: ListingQuery, *, keep=()):
        self.listing = listing
        self.query = query
        self.keep = list(keep)

    # --- the pairs of a link ----------------------------------------------------------

    def _text(self) -> list[tuple[str, str]]:
        return [("q", self.query.text)] if self.query.text else []

    def _facets(self, without: str | None = None) -> list[tuple[str, str]]:
        return [(param, value) for param, values in self.query.selected.items() if param != without for value in values]

    def _sort(self, sort: str | None = None, *, searching: bool | None = None) -> list[tuple[str, str]]:
        sort = self.query.sort if sort is None else sort
        searching = self.query.searching if searching is None else searching
        if self.listing.explicit_sort:
            return [("sort", sort)] if sort else []
        default = RELEVANCE if searching else self.listing.default_sort
        return [("sort", sort)] if sort and sort != default else []

    def pairs(self, *, keep: bool = True) -> list[tuple[str, str]]:
        """The page's own parameters in a stable order: search text, facets, sort (shareable URLs)."""
        return self._text() + self._facets() + self._sort() + (self.keep if keep else [])

    # --- links ------------------------------------------------------------------------

    def cleared(self, param: str) -> str:
        """The list without ``param``'s values (a facet's "All")."""
        return query_url(self._text() + self._facets(without=param) + self._sort() + self.keep)

    def filters_cleared(self) -> str:
        """The list without any facet's values (a filtered list's "Clear all filters"), keeping the
        search text and the sort; "" while no facet is chosen."""
        if not any(self.query.selected.values()):
            return ""
        return query_url(self._text() + self._sort() + self.keep)

    def sorted_by(self, sort: str) -> str:
        return query_url(self._text() + self._facets() + self._sort(sort) + self.keep)

    def option_urls(self, param: str, values) -> list[str]:
        """The link of each of ``param``'s ``values``: chosen (or, on a multi-valued listing, unchosen).

        On a multi-valued listing a value is added to or removed from the facet's values, which
        keep their place among the facets; otherwise it replaces them and goes last. The parts
        shared by a facet's links are encoded once: a facet may list hundreds of options.
        """
        multiple = self.listing.multiple
        before, after, seen = [], [], False
        for other, values_of_other in self.query.selected.items():
            if other == param:
                seen = multiple
                continue
            (after if seen else before).extend((other, value) for value in values_of_other)
        current = self.query.selected.get(param, []) if multiple else []
        head = urlencode(self._text() + before)
        tail = urlencode(after + self._sort() + self.keep)
        urls = []
        for value in values:
            own = [v for v in current if v != value] if value in current else [*current, value]
            middle = urlencode([(param, v) for v in own])
            urls.append("?" + "&".join(part for part in (head, middle, tail) if part))
        return urls

    def decorate(self, rows: list[dict]) -> list[dict]:
        """Set each facet row's ``all_url``, the ``url`` of each option shown (with rows, or selected)
        and ``multiple`` (how ``{% facet_option_items %}`` marks a chosen option)."""
        for row in rows:
            param = row["facet"].param
            row["all_url"] = self.cleared(param)
            row["multiple"] = self.listing.multiple
            shown = [option for option in row["options"] if option["count"] or option["selected"]]
            for option, url in zip(shown, self.option_urls(param, [o["value"] for o in shown]), strict=True):
                option["url"] = url
        return rows

    def sort_links(self, sorts) -> list[dict]:
        """``[{"value", "label", "url"}]`` for ``ListingPage.sorts``."""
        return [{"value": key, "label": label, "url": self.sorted_by(key)} for key, label in sorts]

    # --- the search box ---------------------------------------------------------------

    def search_keep(self) -> list[tuple[str, str]]:
        """The search box's hidden fields: the facets (a new text starts on page 1, sorted by relevance)."""
        return self._facets() + self.keep

    def search_cleared(self) -> str:
        """The list without the search text (relevance is no sort without one)."""
        sort = "" if self.query.sort == RELEVANCE else self.query.sort
        return query_url(self._facets() + self._sort(sort, searching=False) + self.keep)
