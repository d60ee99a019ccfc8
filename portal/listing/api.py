"""A listing in the JSON API (django-ninja): the facets' schema and the page's common fields.

A list endpoint types each facet parameter with ``facet_values`` (its vocabulary as an OpenAPI
``enum``, or the pattern its values follow) and its sort with ``sort_values``, so a value the
list does not know is a 422 naming what it accepts instead of a filter silently dropped; and a
page beyond the last is a 404 saying how many pages there are (``listing_data(…, page=)``,
declared with ``responses(…, paged=True)``), instead of the last page under another number.
Its ``q``, ``sort`` and ``page`` parameters take their defaults and help from ``search_param``,
``sort_param`` and ``page_param``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from portal.api_errors import PageOutOfRange
from portal.listing.facets import YEAR
from portal.listing.listing import RELEVANCE, ListingPage


class FacetOption(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    param: str
    label: str
    options: list[FacetOption]


class ListingOut(Schema):
    """What ``listing_data`` answers; a list endpoint's page adds ``results: list[<its item schema>]``."""

    count: int
    page: int
    pages: int
    sort: str
    q: str = ""
    message: str = ""
    facets: list[FacetOut]


def choice_label(obj, field: str) -> dict:
    """``{"value", "label"}`` of one choice field of ``obj``, the label in the request's language."""
    return {"value": getattr(obj, field), "label": str(getattr(obj, f"get_{field}_display")())}


def choice_labels(choices, values) -> list[dict]:
    """``choice_label`` for each of a multi-valued field's ``values`` that ``choices`` still knows."""
    return [{"value": value, "label": str(choices(value).label)} for value in values or () if value in choices.values]


def facet_values(listing, param: str):
    """The type of one value of ``listing``'s facet ``param``: its vocabulary, else its pattern."""
    facet = next(facet for facet in listing.facets if facet.param == param)
    choices = getattr(facet, "choices", None)
    if choices is not None:
        return Literal[tuple(str(value) for value in choices.values)]
    pattern = getattr(facet, "pattern", YEAR)  # YEAR: a YearFacet's
    return Annotated[str, StringConstraints(pattern=f"^{pattern.pattern}$")]


def sort_values(listing, *, relevance: bool = True):
    """The type of ``listing``'s ``sort`` parameter: its sorts (and relevance, the default with a search text)."""
    return Literal[(*listing.sorts, *((RELEVANCE,) if relevance else ()))]


# --- a list endpoint's common parameters ------------------------------------------------------


def search_param(box: str, records: str):
    """The ``q`` parameter of a list with a search box: ``box`` names the page's box ("the catalogue's
    search box"), ``records`` what it matches ("products")."""
    return Field(
        "",
        description=f"Search text (Chinese or English, synonyms included), as {box}: "
        f"results, counts and facets are those of the matching {records}",
    )


def sort_param(listing):
    """The default and the help of the ``sort`` parameter of a list sorted by relevance too (``sort_values``)."""
    return Field(listing.default_sort, description=f"{RELEVANCE}: best match first (with q: the default)")


def page_param():
    """The ``page`` parameter: from 1; a page beyond the last is a 404 (``check_page``)."""
    return Field(1, ge=1, description="From 1 to the answer's pages (beyond: 404)")


def check_page(requested: int, pages: int) -> None:
    """A 404 saying how many pages there are when ``requested`` is beyond the last of ``pages``."""
    if requested > pages:
        raise PageOutOfRange(requested, pages)


def listing_data(found: ListingPage, *, page: int | None = None) -> dict:
    """What every listing's JSON page says besides its ``results``: search text, counts, page, sort, facets.

    ``page``: the page the client asked for; beyond the last it is a 404 (``check_page``).
    """
    shown = found.page
    if page is not None:
        check_page(page, shown.paginator.num_pages)
    return {
        "q": found.query.text,
        "message": found.matches.message if found.matches is not None else "",
        "count": found.total,
        "page": shown.number,
        "pages": shown.paginator.num_pages,
        "sort": found.query.sort,
        "facets": [
            {
                "param": row["facet"].param,
                "label": str(row["facet"].label),
                "options": [{**option, "label": str(option["label"])} for option in row["options"]],
            }
            for row in found.facets
        ],
    }
