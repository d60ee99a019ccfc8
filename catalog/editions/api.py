"""JSON API of the recommended-catalogue editions (mounted at ``/api/v1/editions/`` in ``portal.api``).

Read-only, the same visibility as the public pages: published editions (and open calls,
without entries). Entries come from the frozen snapshots; translated fields follow the
request's language (``Accept-Language`` or the language prefix).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema

from catalog.editions import exports, queries
from catalog.editions.models import EditionStatus
from portal.api_errors import responses
from portal.converters import ApiId

router = Router(tags=["editions"])


class EditionOut(Schema):
    year: int
    title: str
    status: str
    status_label: str
    call_opens_at: datetime
    call_closes_at: datetime
    published_at: datetime | None
    entry_count: int
    url: str
    downloads: dict[str, str] = Field(
        description="A published edition's files in the request's language, by format (pdf, xlsx, csv); empty before"
    )


class EntryOut(Schema):
    category: str
    category_label: str
    order: int
    name: str
    model_number: str
    enterprise: str
    summary: str
    bci_type: str
    signal_modality: str
    electrode_type: str
    functions: list[str]
    application_fields: list[str]
    regulatory_class: str
    registration_number: str
    milestones: list[str]
    channels: int | None
    sampling_rate_hz: int | None
    wireless: bool
    battery_hours: Decimal | None
    weight_g: int | None
    rationale: str
    product_id: int | None
    product_url: str | None


class EditionDetailOut(EditionOut):
    intro: str
    entries: list[EntryOut]


def _edition(edition) -> dict:
    return {
        "year": edition.year,
        "title": str(edition.title),
        "status": edition.status,
        "status_label": str(edition.get_status_display()),
        "call_opens_at": edition.call_opens_at,
        "call_closes_at": edition.call_closes_at,
        "published_at": edition.published_at,
        "entry_count": edition.entry_count,
        "url": edition.get_absolute_url(),
        "downloads": _downloads(edition),
    }


def _downloads(edition) -> dict[str, str]:
    if edition.status != EditionStatus.PUBLISHED:
        return {}
    return {fmt: reverse("catalog:edition_download", args=[edition.year, fmt]) for fmt in exports.FORMATS}


def _entry(entry) -> dict:
    data = {name: getattr(entry, name) for name in EntryOut.model_fields if hasattr(entry, name)}
    data.update(
        category_label=str(entry.get_category_display()),
        name=str(entry.name),
        enterprise=str(entry.enterprise),
        summary=str(entry.summary),
        rationale=str(entry.rationale),
        product_id=entry.product_id if entry.product_is_public else None,
        product_url=reverse("catalog:product_detail", args=[entry.product_id]) if entry.product_is_public else None,
    )
    return data


@router.get("/", response=list[EditionOut], summary="Editions of the recommended catalogue")
def list_editions(request):
    return [_edition(edition) for edition in queries.public_editions_with_counts().order_by("-year")]


@router.get(
    "/{id:year}/",
    response=responses(EditionDetailOut, not_found=True),
    summary="One edition with its recommended products",
)
def edition_detail(request, year: ApiId):
    edition = get_object_or_404(queries.public_editions_with_counts(), year=year)
    entries = queries.entries_of(edition) if edition.is_published else []
    return {**_edition(edition), "intro": str(edition.intro), "entries": [_entry(entry) for entry in entries]}
