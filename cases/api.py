"""JSON API of the published cases (mounted at ``/api/v1/cases/`` in ``portal.api``).

Read-only and the same as the pages: only live cases; the list takes the case index's
parameters and goes through the same ``cases.listing.case_listing``, so a filter means
the same in HTML and JSON. Cases are Wagtail pages with one tree per language: the list
shows the tree of ``language`` (default: the request's language, from Accept-Language);
each case carries its ``translations`` (the ids of the same case in the other languages).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Field, Query, Router, Schema

from cases import listing, queries
from cases.models import CasePage
from cases.vocabulary import CaseFunction, Indication
from portal.api_errors import responses
from portal.converters import ApiId
from portal.listing import api as listing_api
from portal.listing.api import (
    ListingOut,
    check_page,
    choice_label,
    choice_labels,
    facet_values,
    listing_data,
    sort_values,
)
from portal.restrictions import public_pages
from search import services as search

router = Router(tags=["cases"])


def _value(param: str):
    return facet_values(listing.CASE_LIBRARY, param) | None


class CaseFilters(Schema):
    """The case index's parameters (one value each); facets are AND-ed.

    A value outside a facet's vocabulary (its enum) or a sort the list does not have is a 422
    that says why, a page beyond the last a 404 that says how many there are; an institution or
    selection no published case has is a well-formed value with no results.
    """

    type: _value("type") = Field(None, description="BCI type: invasive, semi_invasive, interventional, non_invasive")
    approach: _value("approach") = Field(None, description="Approach, e.g. intracortical_array, ecog")
    function: _value("function") = Field(None, description="Function, e.g. motor_control, speech")
    indication: _value("indication") = Field(None, description="Indication, e.g. als, stroke, spinal_cord_injury")
    institution: _value("institution") = Field(None, description="Institution (organisation) slug")
    phase: _value("phase") = Field(None, description="Phase, e.g. first_in_human, pivotal")
    year: _value("year") = Field(None, description="Start year, e.g. 2025")
    selection: _value("selection") = Field(None, description="Typical-case selection slug")
    q: str = listing_api.search_param("the case index's search box", "cases")
    sort: sort_values(listing.CASE_LIBRARY) = listing_api.sort_param(listing.CASE_LIBRARY)
    page: int = listing_api.page_param()
    language: Literal["zh-hans", "en"] | None = Field(None, description="Default: Accept-Language")


class Label(Schema):
    value: str
    label: str


class Institution(Schema):
    slug: str
    name: str
    kind: str


class Outcome(Schema):
    measure: str
    time_frame: str
    result: str
    value: Decimal | None
    unit: str


class Link(Schema):
    id: str
    url: str


class CaseOut(Schema):
    id: int
    url: str
    language: str
    title: str
    summary: str
    bci_type: Label
    approach: Label
    functions: list[Label]
    indications: list[Label]
    phase: Label
    status: Label
    start_date: date
    institutions: list[Institution]


class CaseDetailOut(CaseOut):
    narrative_html: str
    enrolment: int | None
    enrolment_type: str
    follow_up_months: int | None
    adverse_events: str
    team: str
    outcomes: list[Outcome]
    trial_registrations: list[Link]
    publications: list[Link]
    products: list[Link]
    selections: list[Label]
    translations: dict[str, int]


class CasePageOut(ListingOut):
    results: list[CaseOut]


def case_data(case: CasePage) -> dict:
    return {
        "id": case.pk,
        "url": getattr(case, "listing_url", None) or case.url,  # listing_url: set by listing.case_listing
        "language": case.locale.language_code,
        "title": case.title,
        "summary": case.summary,
        "bci_type": choice_label(case, "bci_type"),
        "approach": choice_label(case, "approach"),
        "functions": choice_labels(CaseFunction, case.functions),
        "indications": choice_labels(Indication, case.indications),
        "phase": choice_label(case, "phase"),
        "status": choice_label(case, "case_status"),
        "start_date": case.start_date,
        "institutions": [{"slug": o.slug, "name": o.name, "kind": o.kind} for o in case.institutions.all()],
    }


def _language(requested: str | None) -> str:
    language = requested or translation.get_language() or "zh-hans"
    return "en" if language.startswith("en") else "zh-hans"


@router.get(
    "/",
    response=responses(CasePageOut, paged=True),
    summary="List published cases (the case index's filters, sort and pages)",
)
def list_cases(request, filters: Query[CaseFilters]):
    language = _language(filters.language)
    index = queries.case_index(language)
    if index is None:
        check_page(filters.page, 1)
        empty = {"count": 0, "page": 1, "pages": 1, "results": [], "facets": []}
        return {**empty, "sort": listing.CASE_LIBRARY.default_sort}
    with translation.override(language):
        # The page's own parser reads the raw parameters (the sort too: relevance is the default with q).
        query = listing.CASE_LIBRARY.parse(request.GET)
        query.page = filters.page
        found = listing.case_listing(index=index, query=query, audiences=search.audiences_for(request.user))
        results = [case_data(case) for case in found.page.object_list]
        return {**listing_data(found, page=filters.page), "results": results}


@router.get("/{id:case_id}/", response=responses(CaseDetailOut, not_found=True), summary="One published case")
def get_case(request, case_id: ApiId):
    case = get_object_or_404(CasePage.published().select_related("locale"), pk=case_id)
    context = listing.case_detail_context(case)
    with translation.override(case.locale.language_code):
        data = case_data(case)
        data.update(
            narrative_html=case.narrative,
            enrolment=case.enrolment,
            enrolment_type=case.enrolment_type,
            follow_up_months=case.follow_up_months,
            adverse_events=case.adverse_events,
            team=case.team,
            outcomes=[
                {"measure": o.measure, "time_frame": o.time_frame, "result": o.result, "value": o.value, "unit": o.unit}
                for o in context["outcomes"]
            ],
            trial_registrations=[{"id": t.registration_id, "url": t.url} for t in context["trial_registrations"]],
            publications=[{"id": p.doi, "url": p.url} for p in context["publications"]],
            products=[{"id": str(p.pk), "url": p.get_absolute_url()} for p in context["products"]],
            selections=[{"value": s.slug, "label": s.name} for s in context["selections"]],
            translations={
                t.locale.language_code: t.pk
                for t in public_pages(case.get_translations().live()).select_related("locale")
            },
        )
    return data


#: Mounted by portal.api under /api/v1/ (portal.discovery finds this name).
ROUTERS = {"/cases/": router}
