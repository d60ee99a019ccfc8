"""Read paths of the profiles: the startup directory, the investors' and platforms' lists, profile pages.

The lists are ``portal.listing.Listing``s. The startup directory shows only *listed* profiles of
*verified* startups. Its funding-ask facet exists only in ``STARTUPS_FOR_INVESTORS`` (the
directory of members of verified investor organisations and staff), and even there it counts
only the startups whose funding group is shown to every verified investor (``public`` or
``investors``): a startup that keeps its funding to matched investors is in no bucket, so the
facet cannot reveal its ask. The text filter (``q``) matches the startups' public text (name,
summary) in both languages.
"""

from __future__ import annotations

import hashlib

from django.db import models
from django.db.models import Case, CharField, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from catalog.vocabulary import ApplicationField, BCIType, ProductFunction
from incubator import money
from incubator.models import InvestorProfile, PlatformProfile, SavedSearch, StartupProfile
from incubator.profiles import permissions
from incubator.profiles.services import CACHE_TAG
from incubator.vocabulary import Need, PlatformService, Region, StartupStage, Visibility
from portal.db import by_name
from portal.listing.counting import others, selections
from portal.listing.facets import ChoiceFacet, MaskFacet
from portal.listing.listing import Listing, ListingQuery, Sort
from portal.organisations.models import OrganisationKind, VerificationStatus
from portal.vocabulary import Indication
from search import services as search

PER_PAGE = 20
TAGS = (CACHE_TAG, "organisations")
#: The longest text filter kept.
MAX_TEXT = 100


class TechnologyReadiness(models.TextChoices):
    TRL1 = "1", _("TRL 1")
    TRL2 = "2", _("TRL 2")
    TRL3 = "3", _("TRL 3")
    TRL4 = "4", _("TRL 4")
    TRL5 = "5", _("TRL 5")
    TRL6 = "6", _("TRL 6")
    TRL7 = "7", _("TRL 7")
    TRL8 = "8", _("TRL 8")
    TRL9 = "9", _("TRL 9")


class AskRange(models.TextChoices):
    """Buckets of the funding ask (its upper end, else its lower end), labelled as every amount reads
    (``incubator.money.cny_band``: ``CNY 5M–20M`` / ``500万–2000万元``)."""

    UNDER_5M = "under_5m", money.cny_band_lazy(0, 5_000_000)
    FROM_5M = "5m_20m", money.cny_band_lazy(5_000_000, 20_000_000)
    FROM_20M = "20m_50m", money.cny_band_lazy(20_000_000, 50_000_000)
    FROM_50M = "50m_100m", money.cny_band_lazy(50_000_000, 100_000_000)
    OVER_100M = "over_100m", money.cny_band_lazy(100_000_000, None)


#: (bucket, lower bound inclusive, upper bound exclusive) in yuan.
ASK_BOUNDS = (
    (AskRange.UNDER_5M, 0, 5_000_000),
    (AskRange.FROM_5M, 5_000_000, 20_000_000),
    (AskRange.FROM_20M, 20_000_000, 50_000_000),
    (AskRange.FROM_50M, 50_000_000, 100_000_000),
    (AskRange.OVER_100M, 100_000_000, None),
)
#: The funding visibilities whose ask the investors' facet may count.
ASK_COUNTED = (Visibility.PUBLIC, Visibility.INVESTORS)


def ask_bucket(amount: int | None) -> str:
    if amount is None:
        return ""
    for bucket, low, high in ASK_BOUNDS:
        if amount >= low and (high is None or amount < high):
            return bucket
    return ""


class TrlFacet(ChoiceFacet):
    """The integer ``trl`` column, chosen by its digits."""

    def sql(self, column, values):
        return f"{column} IN ({', '.join(['%s'] * len(values))})", [int(value) for value in values]

    def option_sql(self, column, value):
        return f"{column} = %s", [int(value)]


class AskFacet(ChoiceFacet):
    """The ``ask_bucket`` annotation (``with_ask_bucket``), not a column of the model."""

    def column(self, model) -> str:
        return self.field


def with_ask_bucket(rows):
    """Each startup's ask bucket, empty unless its funding group is shown to every verified investor."""
    amount = Coalesce("ask_max_cny", "ask_min_cny")
    whens = [
        When(
            Q(funding_visibility__in=ASK_COUNTED)
            & Q(**{"ask_amount__gte": low})
            & (Q() if high is None else Q(ask_amount__lt=high)),
            then=Value(bucket),
        )
        for bucket, low, high in ASK_BOUNDS
    ]
    return rows.annotate(ask_amount=amount).annotate(
        ask_bucket=Case(*whens, default=Value(""), output_field=CharField())
    )


def _by_name():
    """The profiles by their organisation's name in the page's language (``portal.db.by_name``)."""
    return by_name("organisation__name_zh", "organisation__name_en")


STARTUP_SORTS = {
    "name": Sort(_("Name"), lambda: [_by_name(), "pk"]),
    "newest": Sort(_("Newest first"), lambda: ["-created_at", "-pk"]),
    "trl": Sort(_("Technology readiness, highest first"), lambda: ["-trl", _by_name(), "pk"]),
}


def _startups(name: str, *, with_ask: bool) -> Listing:
    """The startup directory; investors' (``with_ask``) also filters by the funding ask."""
    facets = [
        ChoiceFacet("stage", "stage", StartupStage, _("Stage")),
        TrlFacet("trl", "trl", TechnologyReadiness, _("Technology readiness")),
        MaskFacet("type", "bci_types", BCIType, _("BCI type")),
        MaskFacet("function", "functions", ProductFunction, _("Function")),
        MaskFacet("indication", "indications", Indication, _("Indication")),
        MaskFacet("field", "application_fields", ApplicationField, _("Application field")),
        MaskFacet("need", "needs", Need, _("Needs")),
    ]
    if with_ask:
        facets.insert(2, AskFacet("ask", "ask_bucket", AskRange, _("Funding ask")))
    return Listing(
        name=name,
        facets=tuple(facets),
        sorts=STARTUP_SORTS,
        default_sort="name",
        tags=TAGS,
        doc_type="incubator_startup",
        per_page=PER_PAGE,
    )


STARTUPS = _startups("incubator-startups", with_ask=False)
STARTUPS_FOR_INVESTORS = _startups("incubator-startups-investors", with_ask=True)
INVESTORS = Listing(
    name="incubator-investors",
    facets=(
        MaskFacet("stage", "stages", StartupStage, _("Stages invested in")),
        MaskFacet("type", "bci_types", BCIType, _("BCI type")),
        MaskFacet("function", "functions", ProductFunction, _("Function")),
        MaskFacet("field", "application_fields", ApplicationField, _("Application field")),
        MaskFacet("region", "regions", Region, _("Region")),
    ),
    sorts={"name": Sort(_("Name"), lambda: [_by_name(), "pk"])},
    default_sort="name",
    tags=TAGS,
    doc_type="incubator_investor",
    per_page=PER_PAGE,
)
PLATFORMS = Listing(
    name="incubator-platforms",
    facets=(MaskFacet("service", "services", PlatformService, _("Services")),),
    sorts={"name": Sort(_("Name"), lambda: [_by_name(), "pk"])},
    default_sort="name",
    tags=TAGS,
    doc_type="incubator_platform",
    per_page=PER_PAGE,
)


def text_of(params) -> str:
    """The text filter (``q``): printable, trimmed."""
    return " ".join(search.box_text(params.get("q", "")).split())[:MAX_TEXT]


def _text_filter(rows, text: str, fields: tuple[str, ...]):
    for word in text.split():
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        rows = rows.filter(condition)
    return rows


def _scope(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16] if text else ""


def _run(listing: Listing, rows, params, text_fields: tuple[str, ...]):
    """``listing`` over ``rows`` for ``request.GET``-like ``params``, the text filter applied here."""
    text = text_of(params)
    query: ListingQuery = listing.parse(params)
    query.text = ""  # matched below by the database, not by the search app
    found = listing.run(query, _text_filter(rows, text, text_fields), audiences=None, scope=_scope(text))
    found.query.text = text
    return found


# --- startups ------------------------------------------------------------------------------


def verified(kind_filter: Q):
    return Q(organisation__verification_status=VerificationStatus.VERIFIED) & kind_filter


def public_startups():
    """Listed profiles of verified startups (the directory, the profile pages)."""
    return StartupProfile.objects.filter(
        verified(Q(organisation__kind=OrganisationKind.STARTUP)), listed=True
    ).select_related("organisation")


STARTUP_TEXT = ("organisation__name_zh", "organisation__name_en", "summary_zh", "summary_en")


def startup_page(params, *, investor: bool):
    """One page of the directory for ``params``; ``investor``: with the funding-ask facet."""
    if investor:
        return _run(STARTUPS_FOR_INVESTORS, with_ask_bucket(public_startups()), params, STARTUP_TEXT)
    return _run(STARTUPS, public_startups(), params, STARTUP_TEXT)


def profile_for(kind: str, slug: str, user):
    """The profile of ``kind`` (``permissions.PROFILE_MODELS``) shown at its page, ``<directory>/<slug>/``,
    if ``user`` may see it (``permissions.may_see_profile``: a public one, or the user's own before it is
    listed or verified); else ``None``."""
    model = permissions.PROFILE_MODELS[kind]
    found = model.objects.select_related("organisation").filter(organisation__slug=slug).first()
    return found if found is not None and permissions.may_see_profile(user, found) else None


def public_since():
    """Since when a startup's profile is in the directory: the later of its listing (its creation when
    it was listed from the start) and its organisation's verification."""
    return Greatest(Coalesce("listed_at", "created_at"), Coalesce("organisation__verified_at", "created_at"))


def new_matches(query: str, since, until=None):
    """Listed startups matching a saved search's query string that became public after ``since`` (and
    not after ``until``): a profile written before staff verified its startup, or listed later, is new
    when it reaches the directory, not when it was written."""
    params = QueryDict(query or "")
    rows = with_ask_bucket(public_startups()).annotate(public_since=public_since())
    listing = STARTUPS_FOR_INVESTORS
    parsed = listing.parse(params)
    rows = rows.filter(others(selections(listing.facets, parsed.selected, rows.model), None))
    rows = _text_filter(rows, text_of(params), STARTUP_TEXT)
    if since is not None:
        rows = rows.filter(public_since__gt=since)
    if until is not None:
        rows = rows.filter(public_since__lte=until)
    return rows.order_by(_by_name(), "pk")


# --- investors and platforms ---------------------------------------------------------------


def public_investors():
    return InvestorProfile.objects.filter(verified(Q(organisation__kind=OrganisationKind.INVESTOR))).select_related(
        "organisation"
    )


def public_platforms():
    return PlatformProfile.objects.filter(
        verified(Q(organisation__kind__in=(OrganisationKind.SERVICE_PLATFORM, OrganisationKind.INCUBATOR)))
    ).select_related("organisation")


def public_profile_of(organisation):
    """``organisation``'s profile if anyone may read it (``public_startups``, ``public_investors``,
    ``public_platforms``: its own page's rules), else ``None``; one query, none for a kind without one."""
    public = {"startup": public_startups, "investor": public_investors, "platform": public_platforms}
    kind = permissions.profile_kind(organisation)
    return None if kind is None else public[kind]().filter(organisation=organisation).first()


def investor_page(params):
    return _run(
        INVESTORS,
        public_investors(),
        params,
        ("organisation__name_zh", "organisation__name_en", "thesis_zh", "thesis_en"),
    )


def platform_page(params):
    return _run(
        PLATFORMS,
        public_platforms(),
        params,
        ("organisation__name_zh", "organisation__name_en", "capacity_zh", "capacity_en"),
    )


# --- members -------------------------------------------------------------------------------


def saved_searches_for(user):
    if not user.is_authenticated:
        return SavedSearch.objects.none()
    return SavedSearch.objects.filter(user=user)


def emailed_search_ids(user, ids) -> set[int]:
    """Those of ``ids`` that are ``user``'s saved searches with their e-mail on now."""
    return set(saved_searches_for(user).filter(pk__in=ids, digest=True).values_list("pk", flat=True))


def with_filters(searches) -> list[SavedSearch]:
    """The saved searches, each with ``filters``: what its query string filters the directory by, labelled in
    the active language by the investors' directory (``Listing.chosen``: no query per search)."""
    searches = list(searches)
    for saved in searches:
        params = QueryDict(saved.query or "")
        query = STARTUPS_FOR_INVESTORS.parse(params)
        query.text = text_of(params)  # as the directory and the digest read it
        saved.filters = STARTUPS_FOR_INVESTORS.chosen(query)
    return searches
