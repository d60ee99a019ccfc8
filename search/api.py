"""The JSON search API (mounted at ``/api/v1/search/`` in portal/api.py).

The same queries, engines and audience rules as the search page; the autocomplete
endpoint feeds the search box's combobox (static/search/autocomplete.js).
"""

from __future__ import annotations

from typing import Literal

from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils import translation
from ninja import Field, Query, Router, Schema
from pydantic import create_model

from portal.api_errors import responses
from portal.listing.api import check_page
from search import declarations, queries, services
from search.analysis import prefix_query
from search.query import current_language

router = Router(tags=["search"])

Language = Literal["zh-hans", "en"]


class HitOut(Schema):
    type: str
    id: str
    title: str
    url: str
    snippet: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    total: int
    page: int
    hits: list[HitOut]
    types: dict[str, int]
    facets: dict[str, list[FacetValueOut]]
    suggestion: str
    engine: str
    fallback: bool
    message: str


class SuggestionOut(Schema):
    type: str
    title: str
    url: str


#: The document types (``type``): a value the search does not know is a 422.
DocumentType = Literal[tuple(document_type.name for document_type in declarations.document_types())]
#: The deepest page the API serves.
MAX_PAGE = 1000


class BaseSearchParams(Schema):
    q: str = ""
    lang: Language | None = None  # default: the request's language (Accept-Language)
    type: list[DocumentType] = Field([], description="Repeat to search several types (at most 5 are read)")
    page: int = Field(1, ge=1, le=MAX_PAGE, description="From 1 to the last page of the hits (beyond: 404)")
    sort: Literal["relevance", "newest"] = "relevance"


def _facet_parameter(facet: declarations.Facet):
    values = Literal[tuple(facet.choices.values)] if facet.choices is not None else str
    description = f"Facet filter ({facet.name}): repeat for several values (any of them; at most 10 are read)"
    return list[values], Field([], description=description)


#: The query parameters, with one ``f_<facet>`` per declared facet (its values an enum: an unknown one is a 422).
SearchParams = create_model(
    "SearchParams",
    __base__=BaseSearchParams,
    **{
        queries.FACET_PREFIX + name: _facet_parameter(facet)
        for name, facet in sorted(declarations.all_facets().items())
    },
)


@router.get(
    "/", response=responses(SearchOut, paged=True), summary="Search products, cases and news", url_name="search"
)
def search(request, params: Query[SearchParams]):
    """Hits (``snippet`` and ``title`` are HTML: escaped text with ``<mark>`` around matches)."""
    data = QueryDict(mutable=True)
    data.update({"q": params.q[:1000], "page": str(params.page), "sort": params.sort})
    data.setlist("type", params.type[:5])
    for name in declarations.all_facets():
        data.setlist(queries.FACET_PREFIX + name, getattr(params, queries.FACET_PREFIX + name)[:10])
    lang = params.lang or current_language()
    with translation.override(lang):
        query = queries.query_from_params(data, request.user, language=lang)
        result = queries.run(query)
        check_page(params.page, Paginator(range(result.total), query.per_page).num_pages)
        message = str(queries.result_message(query, result))
        return {
            "total": result.total,
            "page": query.page,
            "hits": [
                {"type": h.doc_type, "id": h.object_id, "title": h.title, "url": h.url, "snippet": h.snippet}
                for h in result.hits
            ],
            "types": result.type_counts,
            "facets": {
                name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
                for name, values in result.facets.items()
            },
            "suggestion": result.suggestion,
            "engine": result.engine,
            "fallback": result.fallback,
            "message": message,
        }


@router.get(
    "/autocomplete",
    response=responses(list[SuggestionOut]),
    summary="Titles for what is typed so far",
    url_name="search_autocomplete",
)
def autocomplete(request, q: str = "", lang: Language | None = None):
    lang = lang or current_language()
    with translation.override(lang):
        parsed, prefix = prefix_query(q[:200])
        query = queries.query_from_params(QueryDict(mutable=True), request.user, language=lang)
        query.text = q[:200]
        query.parsed = parsed
        return services.autocomplete(query, prefix[:40])


#: Mounted by portal.api under /api/v1/ (portal.discovery finds this name).
ROUTERS = {"/search/": router}
