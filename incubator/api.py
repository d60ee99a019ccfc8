"""JSON API of the incubator's public directories (mounted at ``/api/v1/startups/`` and ``/api/v1/platforms/``).

Read-only and anonymous: what an anonymous visitor sees on the pages. The startup list takes the
directory page's parameters (without the funding-ask facet, which is for investors) and goes
through the same ``incubator.profiles.queries``; each startup carries its basics and only the
field groups its startup shows to everyone (``public`` visibility); the others are ``null``.
Text follows the request's language (``Accept-Language``); both languages are returned too.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from incubator.models.profiles import PLATFORM_MULTI_VALUED, STARTUP_MULTI_VALUED
from incubator.profiles import permissions, queries
from portal.api_errors import responses
from portal.converters import ApiSlug
from portal.listing import api as listing_api
from portal.listing.api import ListingOut, choice_label, choice_labels, facet_values, listing_data, sort_values

startups = Router(tags=["startups"])
platforms = Router(tags=["platforms"])


def _startup(param: str):
    return facet_values(queries.STARTUPS, param)


class StartupFilters(Schema):
    """The startup directory's parameters. Repeat a parameter to select several values (OR); facets are AND-ed.

    A value outside a facet's vocabulary (its enum) or a sort the list does not have is a 422
    that says why, a page beyond the last a 404 that says how many there are.
    """

    stage: list[_startup("stage")] = Field([], description="Stage, e.g. prototype, clinical_trial")
    trl: list[_startup("trl")] = Field([], description="Technology readiness level, 1 to 9")
    type: list[_startup("type")] = Field([], description="BCI type, e.g. non_invasive")
    function: list[_startup("function")] = Field([], description="Function, e.g. motor_control")
    indication: list[_startup("indication")] = Field([], description="Indication, e.g. stroke")
    field: list[_startup("field")] = Field([], description="Application field, e.g. rehabilitation")
    need: list[_startup("need")] = Field([], description="What the startup needs, e.g. investment")
    q: str = Field("", description="Text in the startups' names and summaries (Chinese or English)")
    sort: sort_values(queries.STARTUPS, relevance=False) = Field(queries.STARTUPS.default_sort)
    page: int = listing_api.page_param()


class PlatformFilters(Schema):
    """A service outside the vocabulary (the enum) is a 422, a page beyond the last a 404, each saying why."""

    service: list[facet_values(queries.PLATFORMS, "service")] = Field(
        [], description="Service offered, e.g. glp_animal"
    )
    q: str = Field("", description="Text in the platforms' names and capacity")
    page: int = listing_api.page_param()


class Label(Schema):
    value: str
    label: str


class Team(Schema):
    team_size: int | None
    key_people: str
    key_people_zh: str
    key_people_en: str


class Funding(Schema):
    funding_raised_cny: int | None
    ask_min_cny: int | None
    ask_max_cny: int | None
    use_of_funds: str
    use_of_funds_zh: str
    use_of_funds_en: str


class Traction(Schema):
    traction: str
    traction_zh: str
    traction_en: str


class IntellectualProperty(Schema):
    patents: int
    ip_notes: str
    ip_notes_zh: str
    ip_notes_en: str


class DirectoryEntry(Schema):
    """What every entry of a directory carries: its organisation's slug and names, its page."""

    slug: str
    url: str
    name: str
    name_zh: str
    name_en: str


class StartupOut(DirectoryEntry):
    summary: str
    summary_zh: str
    summary_en: str
    stage: Label
    trl: int
    founded: int | None
    bci_types: list[Label]
    functions: list[Label]
    indications: list[Label]
    application_fields: list[Label]
    needs: list[Label]
    team: Team | None = Field(description="Only when the startup shows its team to everyone")
    funding: Funding | None = Field(description="Only when the startup shows its funding to everyone")
    traction: Traction | None = Field(description="Only when the startup shows its traction to everyone")
    ip: IntellectualProperty | None = Field(description="Only when the startup shows its IP to everyone")


class StartupPage(ListingOut):
    results: list[StartupOut]


class PlatformOut(DirectoryEntry):
    kind: Label
    services: list[Label]
    capacity: str
    eligibility: str
    terms: str
    accepts_applications: bool


class PlatformPage(ListingOut):
    results: list[PlatformOut]


def _labels(profile, field: str, vocabulary: dict) -> list[dict]:
    return choice_labels(vocabulary[field], getattr(profile, field))


def _bilingual(profile, name: str) -> dict:
    return {
        name: getattr(profile, name),
        f"{name}_zh": getattr(profile, f"{name}_zh"),
        f"{name}_en": getattr(profile, f"{name}_en"),
    }


def _entry(profile) -> dict:
    """A ``DirectoryEntry``: the profile's organisation (slug and names) and the profile's page."""
    organisation = profile.organisation
    return {
        "slug": organisation.slug,
        "url": profile.get_absolute_url(),
        "name": organisation.name,
        "name_zh": organisation.name_zh,
        "name_en": organisation.name_en,
    }


def startup_data(profile) -> dict:
    """The startup as anyone may see it: the basics and its public groups only."""
    groups = permissions.groups_for(profile, permissions.ANONYMOUS)
    return {
        **_entry(profile),
        **_bilingual(profile, "summary"),
        "stage": choice_label(profile, "stage"),
        "trl": profile.trl,
        "founded": profile.founded,
        **{field: _labels(profile, field, STARTUP_MULTI_VALUED) for field in STARTUP_MULTI_VALUED},
        "team": {"team_size": profile.team_size, **_bilingual(profile, "key_people")} if "team" in groups else None,
        "funding": {
            "funding_raised_cny": profile.funding_raised_cny,
            "ask_min_cny": profile.ask_min_cny,
            "ask_max_cny": profile.ask_max_cny,
            **_bilingual(profile, "use_of_funds"),
        }
        if "funding" in groups
        else None,
        "traction": _bilingual(profile, "traction") if "traction" in groups else None,
        "ip": {"patents": profile.patents, **_bilingual(profile, "ip_notes")} if "ip" in groups else None,
    }


def platform_data(profile) -> dict:
    return {
        **_entry(profile),
        "kind": choice_label(profile.organisation, "kind"),
        "services": _labels(profile, "services", PLATFORM_MULTI_VALUED),
        "capacity": profile.capacity,
        "eligibility": profile.eligibility,
        "terms": profile.terms,
        "accepts_applications": profile.accepts_applications,
    }


def _page(found, params, rows) -> dict:
    data = listing_data(found, page=int(params["page"]))
    data["q"] = queries.text_of(params)
    return {**data, "results": rows}


@startups.get(
    "/", response=responses(StartupPage, paged=True), summary="List public startup profiles (the directory's filters)"
)
def list_startups(request, filters: Query[StartupFilters]):
    params = request.GET.copy()
    params["page"] = str(filters.page)
    found = queries.startup_page(params, investor=False)
    return _page(found, params, [startup_data(profile) for profile in found.page.object_list])


@startups.get("/{slug}/", response=responses(StartupOut, not_found=True), summary="One public startup profile")
def get_startup(request, slug: ApiSlug):
    profile = get_object_or_404(queries.public_startups(), organisation__slug=slug)
    return startup_data(profile)


@platforms.get("/", response=responses(PlatformPage, paged=True), summary="List service platforms and incubators")
def list_platforms(request, filters: Query[PlatformFilters]):
    params = request.GET.copy()
    params["page"] = str(filters.page)
    found = queries.platform_page(params)
    return _page(found, params, [platform_data(profile) for profile in found.page.object_list])


ROUTERS = {"/startups/": startups, "/platforms/": platforms}
