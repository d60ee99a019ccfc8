"""JSON API of the public catalogue (mounted at ``/api/v1/products/`` in ``portal.api``).

Read-only and the same as the pages: only public products (published, of a verified
organisation); the list takes the catalogue page's parameters and goes through the same
``catalog.queries.catalogue_page``, so a filter means the same in HTML and JSON.
Both languages' text is returned; ``name``/``summary``/``description`` and the labels
follow the request's language (``Accept-Language``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from catalog import queries
from catalog.editions import api as editions_api
from catalog.vocabulary import MULTI_VALUED
from portal import richtext
from portal.api_errors import responses
from portal.converters import ApiId
from portal.listing import api as listing_api
from portal.listing.api import ListingOut, choice_label, choice_labels, facet_values, listing_data, sort_values
from search import services as search

router = Router(tags=["products"])


def _values(param: str):
    return facet_values(queries.CATALOGUE, param)


class ProductFilters(Schema):
    """The catalogue page's parameters. Repeat a parameter to select several values (OR); facets are AND-ed.

    A value outside a facet's vocabulary (its enum) or a sort the list does not have is a 422
    that says why, a page beyond the last a 404 that says how many there are; an enterprise or
    edition that no public product has is a well-formed value with no results.
    """

    type: list[_values("type")] = Field([], description="BCI type, e.g. non_invasive")
    modality: list[_values("modality")] = Field([], description="Signal modality, e.g. eeg, fnirs")
    electrode: list[_values("electrode")] = Field([], description="Electrode type, e.g. dry")
    function: list[_values("function")] = Field([], description="Function, e.g. motor_control")
    field: list[_values("field")] = Field([], description="Application field, e.g. rehabilitation")
    indication: list[_values("indication")] = Field([], description="Indication of a medical product, e.g. stroke")
    regulatory: list[_values("regulatory")] = Field([], description="Regulatory class, e.g. non_medical, class_ii")
    milestone: list[_values("milestone")] = Field([], description="Regulatory milestone, e.g. registered, ce_marked")
    enterprise: list[_values("enterprise")] = Field([], description="Enterprise slug")
    edition: list[_values("edition")] = Field([], description="Year of a published edition that recommends it")
    q: str = listing_api.search_param("the catalogue's search box", "products")
    sort: sort_values(queries.CATALOGUE) = listing_api.sort_param(queries.CATALOGUE)
    page: int = listing_api.page_param()


class Enterprise(Schema):
    slug: str
    name: str
    name_zh: str
    name_en: str
    url: str


class Label(Schema):
    value: str
    label: str


class ProductOut(Schema):
    id: int
    url: str
    name: str
    name_zh: str
    name_en: str
    model_number: str
    summary: str
    summary_zh: str
    summary_en: str
    enterprise: Enterprise
    bci_type: Label
    signal_modality: Label
    electrode_type: Label
    functions: list[Label]
    application_fields: list[Label]
    indications: list[Label]
    regulatory_class: Label
    registration_number: str
    milestones: list[Label]
    channels: int | None
    sampling_rate_hz: int | None
    wireless: bool
    battery_hours: Decimal | None
    weight_g: int | None
    release_date: date | None
    first_published_at: datetime | None


class ProductDetailOut(ProductOut):
    description: str = Field(description="Sanitised HTML (p, br, strong, em, ul, ol, li, a, h3, blockquote)")
    description_zh: str = Field(description="Sanitised HTML, Chinese")
    description_en: str = Field(description="Sanitised HTML, English (empty when not written)")
    website: str
    contact_name: str = Field(description="In the request's language (Chinese when no English is written)")
    contact_name_zh: str
    contact_name_en: str = Field(description="Empty when not written")
    contact_email: str
    contact_phone: str


class ProductPage(ListingOut):
    results: list[ProductOut]


def _labels(product, field: str) -> list[dict]:
    return choice_labels(MULTI_VALUED[field], getattr(product, field))


def product_data(product, *, detail: bool = False) -> dict:
    organisation = product.organisation
    data = {
        "id": product.pk,
        "url": product.get_absolute_url(),
        "name": product.name,
        "name_zh": product.name_zh,
        "name_en": product.name_en,
        "model_number": product.model_number,
        "summary": product.summary,
        "summary_zh": product.summary_zh,
        "summary_en": product.summary_en,
        "enterprise": {
            "slug": organisation.slug,
            "name": organisation.name,
            "name_zh": organisation.name_zh,
            "name_en": organisation.name_en,
            "url": reverse("catalog:enterprise_detail", kwargs={"slug": organisation.slug}),
        },
        "bci_type": choice_label(product, "bci_type"),
        "signal_modality": choice_label(product, "signal_modality"),
        "electrode_type": choice_label(product, "electrode_type"),
        "functions": _labels(product, "functions"),
        "application_fields": _labels(product, "application_fields"),
        "indications": _labels(product, "indications"),
        "regulatory_class": choice_label(product, "regulatory_class"),
        "registration_number": product.registration_number,
        "milestones": _labels(product, "milestones"),
        "channels": product.channels,
        "sampling_rate_hz": product.sampling_rate_hz,
        "wireless": product.wireless,
        "battery_hours": product.battery_hours,
        "weight_g": product.weight_g,
        "release_date": product.release_date,
        "first_published_at": product.first_published_at,
    }
    if detail:
        data.update(
            description=richtext.clean(product.description),
            description_zh=richtext.clean(product.description_zh),
            description_en=richtext.clean(product.description_en),
            website=product.website,
            contact_name=product.contact,
            contact_name_zh=product.contact_name,
            contact_name_en=product.contact_name_en,
            contact_email=product.contact_email,
            contact_phone=product.contact_phone,
        )
    return data


@router.get(
    "/",
    response=responses(ProductPage, paged=True),
    summary="List public products (the catalogue's filters, sort and pages)",
)
def list_products(request, filters: Query[ProductFilters]):
    # The page's own parser reads the raw parameters, so HTML and JSON filter alike.
    query = queries.CATALOGUE.parse(request.GET)
    query.page = filters.page
    listing = queries.catalogue_page(query, audiences=search.audiences_for(request.user))
    results = [product_data(product) for product in listing.page.object_list]
    return {**listing_data(listing, page=filters.page), "results": results}


@router.get("/{id:product_id}/", response=responses(ProductDetailOut, not_found=True), summary="One public product")
def get_product(request, product_id: ApiId):
    product = get_object_or_404(queries.public_products(), pk=product_id)
    return product_data(product, detail=True)


#: Mounted by portal.api under /api/v1/ (portal.discovery finds this name).
ROUTERS = {"/products/": router, "/editions/": editions_api.router}
