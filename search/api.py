"""The JSON search API (mounted at ``/api/v1/search/`` in portal/api.py).

The same queries, engines and audience rules as the search page; the autocomplete
endpoint feeds the search box's combobox (static/search/autocomplete.js).
"""

from __future__ import annotations

from typing import Literal

from django.http import QueryDict
from django.utils import translation
from ninja import Query, Router, Schema

from portal.api_errors import responses
from search import queries, services
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


class SearchParams(Schema):
    q: str = ""
    lang: Language | None = None  # default: the request's language (Accept-Language)
    type: list[str] = []
    page: int = 1
    sort: Literal["relevance", "newest"] = "relevance"


@router.get("/", response=responses(SearchOut), summary="Search products, cases and news", url_name="search")
def search(request, params: Query[SearchParams]):
    """Hits (``snippet`` and ``title`` are HTML: escaped text with ``<mark>`` around matches)."""
    data = QueryDict(mutable=True)
    data.update({"q": params.q[:1000], "page": str(max(1, min(params.page, 1000))), "sort": params.sort})
    data.setlist("type", params.type[:5])
    for name, value in request.GET.lists():
        if name.startswith(queries.FACET_PREFIX):
            data.setlist(name, value[:10])
    lang = params.lang or current_language()
    with translation.override(lang):
        query = queries.query_from_params(data, request.user, language=lang)
        result = queries.run(query)
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
