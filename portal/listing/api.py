"""A listing in the JSON API (django-ninja): the facets' schema and the page's common fields."""

from __future__ import annotations

from ninja import Schema

from portal.listing.listing import ListingPage


class FacetOption(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    param: str
    label: str
    options: list[FacetOption]


def listing_data(found: ListingPage) -> dict:
    """What every listing's JSON page says besides its ``results``: search text, counts, page, sort, facets."""
    page = found.page
    return {
        "q": found.query.text,
        "message": found.matches.message if found.matches is not None else "",
        "count": found.total,
        "page": page.number,
        "pages": page.paginator.num_pages,
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
