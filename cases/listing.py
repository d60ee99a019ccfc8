"""The case library: the index's listing (``portal.listing``) and what the case pages show.

The page models (``cases.models``) call this module, so it imports none of them: a page
passes the cases it lists (``CaseIndexPage.live_cases``), and a case page itself.

The index runs a fixed number of queries whatever the number of cases, as the catalogue's
list: every choice, list and year facet and the total are counted in **one** scan (one
conditional ``COUNT`` per option, grouped by start year), the two related facets
(institutions, selections) in one more query (``count_grouped_together``), and these counts are remembered per
index and selection until a case, a selection or an organisation changes
(``portal.public_cache.remember``). The page of results is one more query (the filtered,
sorted scan of ids as its subquery), its institutions one prefetch, and remembered too.
Functions and indications are filtered and counted through their bit-mask columns
(``CasePage.functions_mask``...). One value per facet: a link replaces it.
"""

from __future__ import annotations

import copy
from functools import partial

from django.db.models import Prefetch, Value, prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from cases.vocabulary import Approach, BCIType, CaseFunction, Indication, TrialPhase
from catalog.models import Product
from portal import prepared, public_cache
from portal.db import by_name, relations_in_one_query
from portal.listing.choices import choice_mask
from portal.listing.facets import ChoiceFacet, GroupedFacet, MaskFacet, YearFacet
from portal.listing.links import FacetLinks
from portal.listing.listing import Listing, ListingPage, ListingQuery, Sort
from portal.organisations.models import Organisation

#: What the remembered facet counts depend on (``portal.public_cache`` tags): cases and
#: selections invalidate ``cases``, organisations (institution names) ``organisations``, a
#: page moved or deleted (no publish signal) ``pages``.
FACET_COUNT_TAGS = ("pages", "cases", "organisations")
#: The audiences of an anonymous visitor (``search.services.audiences_for``): the default of the search box.
PUBLIC_AUDIENCES = frozenset({"public"})


#: The institution facet lists the institutions with the most matching cases (and the selected
#: one), as the catalogue's enterprise facet: hundreds of hospitals would make a sidebar pages long.
INSTITUTION_FACET_LIMIT = 15


def _related(param: str, relation: str, label, limit: int | None = None) -> GroupedFacet:
    # One value per facet on this list: a join on it cannot list a case twice (``to_many`` not needed).
    return GroupedFacet(
        param, f"{relation}__slug", (f"{relation}__name_zh", f"{relation}__name_en"), label, limit=limit
    )


#: The case index: facets in the order the page shows them, sorts (the default first).
CASE_LIBRARY = Listing(
    name="cases",
    facets=(
        ChoiceFacet("type", "bci_type", BCIType, _("BCI type")),
        ChoiceFacet("approach", "approach", Approach, _("Approach")),
        MaskFacet("function", "functions", CaseFunction, _("Function")),
        MaskFacet("indication", "indications", Indication, _("Indication")),
        _related("institution", "institutions", _("Institution"), limit=INSTITUTION_FACET_LIMIT),
        ChoiceFacet("phase", "phase", TrialPhase, _("Phase")),
        YearFacet("year", "start_date", _("Year")),
        _related("selection", "selections", _("Typical-case selection")),
    ),
    sorts={
        "newest": Sort(_("Newest first"), lambda: ["-start_date", "-pk"]),
        "oldest": Sort(_("Oldest first"), lambda: ["start_date", "pk"]),
        "enrolment": Sort(_("Largest enrolment"), lambda: ["-enrolment", "-start_date", "-pk"]),
        "title": Sort(_("Title"), lambda: [by_name("title"), "pk"]),
    },
    default_sort="newest",
    tags=FACET_COUNT_TAGS,
    doc_type="case",
    per_page=12,
    multiple=False,
    explicit_sort=True,
)
#: The query parameters the index varies on (declared to the public page cache).
INDEX_PARAMS = CASE_LIBRARY.params()
_INSTITUTIONS = Prefetch(
    "institutions",
    queryset=Organisation.objects.only("pk", "slug", "kind", "name_zh", "name_en").order_by(by_name("name_zh"), "pk"),
)


def case_listing(
    *,
    index,
    query: ListingQuery,
    per_page: int | None = None,
    audiences=PUBLIC_AUDIENCES,
    index_url: str | None = None,
) -> ListingPage:
    """One page of ``index``'s cases and the facets with counts; a fixed number of queries.

    With a search text all of it applies within the matching cases (in the index's
    language), which can also be sorted by relevance. The cases' ``listing_url`` is
    ``index_url`` (``index.get_url(request)`` in a page) plus their slug. The page's cases
    are remembered like the counts (same tags: a case, a selection or an institution
    changing refreshes them).
    """
    cases = index.live_cases()

    def fetch(ids, ordering) -> list:
        return list(
            cases.model.objects.filter(pk__in=ids)
            .order_by(*ordering)
            .select_related("locale")
            .prefetch_related(_INSTITUTIONS)
        )

    listing = CASE_LIBRARY.run(
        query,
        cases,
        audiences=audiences,
        language=index.locale.language_code if query.text else None,  # a query: only for a search
        scope=str(index.pk),
        per_page=per_page,
        fetch=fetch,
        ids_only=True,
    )
    listing.page.object_list = with_listing_urls(
        listing.page.object_list,
        parent_url_path=index.url_path,
        parent_url=index_url if index_url is not None else index.url,
    )
    return listing


def index_context(listing: ListingPage) -> dict:
    """What the index's templates show (``listing.*``): the page, the facets with their links, the chart."""
    links = FacetLinks(CASE_LIBRARY, listing.query)
    return {
        "page_obj": listing.page,
        "cases": listing.page.object_list,
        "facets": links.decorate(listing.facets),
        "sort": listing.query.sort,
        "sorts": listing.sorts,
        "sort_links": links.sort_links(listing.sorts),
        "chart": chart_data(listing.facets),
        "matches": listing.matches,
        "text": listing.query.text,
        # The search box keeps the filters; a new text starts on page 1, sorted by relevance.
        "search_keep": links.search_keep(),
        "search_clear_url": links.search_cleared(),
        "filters_clear_url": links.filters_cleared(),
    }


def with_listing_urls(cases, *, parent_url_path: str, parent_url: str | None) -> list:
    """``cases`` as a list, each below ``parent_url_path`` (the index's) with ``listing_url`` set.

    A case's URL is its index's plus the rest of its URL path: one URL resolution for the
    index instead of one per case (Wagtail's ``get_url`` reverses a URL per page). The case
    card falls back to ``get_url`` for a case without one.
    """
    cases = list(cases)
    if parent_url:
        for case in cases:
            if case.url_path.startswith(parent_url_path):
                case.listing_url = parent_url + case.url_path[len(parent_url_path) :]
    return cases


#: Each chart's caption, a sentence of its own in each language (not "Cases by" + the facet's label:
#: in English that read "Cases by Indication" beside "Cases by BCI type").
CHART_CAPTIONS = {
    "indication": _("Cases by indication"),
    "type": _("Cases by BCI type"),
    "year": _("Cases by year"),
}


def chart_data(facet_rows: list[dict]) -> dict:
    """Cases by indication, BCI type and year, from the facet counts (no extra query)."""
    by_param = {row["facet"].param: row for row in facet_rows}

    def series(param, *, skip_empty=True):
        row = by_param[param]
        return {
            "title": str(row["facet"].label),
            "labels": [str(option["label"]) for option in row["options"] if option["count"] or not skip_empty],
            "values": [option["count"] for option in row["options"] if option["count"] or not skip_empty],
        }

    years = series("year")
    years["labels"].reverse()
    years["values"].reverse()
    charts = {"indication": series("indication"), "type": series("type"), "year": years}
    for key, chart in charts.items():
        chart["caption"] = str(CHART_CAPTIONS[key])
        chart["pairs"] = list(zip(chart["labels"], chart["values"], strict=True))
    return charts


def case_detail_context(page, *, remember: bool = True) -> dict:
    """Everything a case page shows besides its own fields: a fixed number of queries.

    Shared by every visitor of a live case, so remembered (under the case page's own cache
    tags, as the rendered page would be) until a case, a product or an organisation changes.
    ``remember=False`` for a preview: its inlines are the unsaved draft's.
    """
    if not remember or page.pk is None:
        return _case_detail_context(page, saved=False)
    key = f"cases:detail:{page.pk}:{page.last_published_at.isoformat() if page.last_published_at else ''}"
    return public_cache.remember(key, page.public_cache_tags, lambda: _case_detail_context(page))


#: How much each thing two cases share counts towards their being related: the condition treated
#: first, then what the BCI restores, then how it is built.
RELATED_WEIGHTS = {"indications": 8, "functions": 4, "approach": 2, "bci_type": 1}
#: The related cases a case page shows.
RELATED_COUNT = 3
#: They are chosen among the library's newest cases (the start date's index walked backwards),
#: so that a cold case page does not score every case of a library of thousands.
RELATED_CANDIDATES = 200


def related_cases(page) -> list:
    """The published cases beside ``page`` (same library and language) that share the most with it.

    A case sharing an indication or a function comes before one that only shares the BCI type
    (ALS speech decoding beside the other ALS and speech cases, not beside any invasive case);
    among equals, the newest first. Only the ``RELATED_CANDIDATES`` newest cases are scored: their
    masks and types are read as values and scored here (compiling the score into the SQL cost more
    than the query), then the chosen few are read (two queries).
    """
    model = type(page)
    if page.depth is None:  # not placed in the tree (a page being created, previewed): no library yet
        return []
    candidates = prepared.rows(
        f"related-cases:{model._meta.label}",
        partial(_related_candidates, model),
        locale=page.locale_id,
        parent_path=page.path[: -page.steplen],
        depth=page.depth,
        exclude=page.pk or 0,  # 0: a new page's preview, nothing of its own to leave out
    )
    score = _related_score(page)
    ranked = sorted((-score(*shares), -start.toordinal(), pk) for pk, start, *shares in candidates)
    chosen = [pk for minus_points, _start, pk in ranked[:RELATED_COUNT] if minus_points]
    if not chosen:
        return []
    found = {
        case.pk: case
        for case in prepared.instances(f"related-cases-chosen:{model._meta.label}", partial(_cases, model), pks=chosen)
    }
    return [found[pk] for pk in chosen if pk in found]


def _cases(model, *, pks):
    """The cases ``pks`` (``portal.prepared``: compiled once per number of cases)."""
    return model.objects.filter(pk__in=pks)


def _related_candidates(model, *, locale, parent_path, depth, exclude):
    """The ``RELATED_CANDIDATES`` newest published cases beside a case, what scores them first."""
    return (
        model.published()
        .filter(locale=locale, depth=depth, path__startswith=Value(parent_path))
        .exclude(pk=exclude)
        .order_by("-start_date")
        .values_list("pk", "start_date", "indications_mask", "functions_mask", "approach", "bci_type")
    )[:RELATED_CANDIDATES]


def _related_score(page):
    """``score(indications_mask, functions_mask, approach, bci_type)`` of another case against ``page``
    (``RELATED_WEIGHTS`` of what the two share)."""
    indications = choice_mask(Indication, page.indications or [])
    functions = choice_mask(CaseFunction, page.functions or [])
    weights = RELATED_WEIGHTS

    def score(indications_mask, functions_mask, approach, bci_type) -> int:
        return (
            (weights["indications"] if indications_mask & indications else 0)
            + (weights["functions"] if functions_mask & functions else 0)
            + (weights["approach"] if approach == page.approach else 0)
            + (weights["bci_type"] if bci_type == page.bci_type else 0)
        )

    return score


#: The case page's inlines and selections, read together.
_RELATIONS = ("outcomes", "trial_registrations", "publications", "milestones", "selections")


def _case_detail_context(page, *, saved: bool = True) -> dict:
    """The case page's relations in five queries: the related cases (two), every institution shown
    (the page's and the related cases', one prefetch), the inlines and selections (one
    ``UNION ALL`` compiled once per process: ``portal.db.relations_in_one_query``) and the public products.

    ``saved=False`` (a preview): the page's inlines and relations as edited, not as saved.
    """
    related = related_cases(page)
    if saved:
        # The page itself is not prefetched into (it is the routed, maybe remembered, object).
        shown = copy.copy(page)
        shown._prefetched_objects_cache = {}
        prefetch_related_objects([shown, *related], _INSTITUTIONS)
        rows = relations_in_one_query(page, _RELATIONS)
        institutions = list(shown.institutions.all())
    else:
        prefetch_related_objects(related, _INSTITUTIONS)
        rows = {name: list(getattr(page, name).all()) for name in _RELATIONS}
        # In the published page's order: modelcluster sorts the edited relation by code point in Python.
        chosen = [institution.pk for institution in page.institutions.all()]
        institutions = list(_INSTITUTIONS.queryset.filter(pk__in=chosen))
    return {
        "institutions": institutions,
        "outcomes": rows["outcomes"],
        "trial_registrations": rows["trial_registrations"],
        "publications": rows["publications"],
        "milestones": sorted(rows["milestones"], key=lambda milestone: milestone.date),
        "products": list(
            Product.objects.public()
            .filter(cases=page)
            .select_related("organisation")
            .order_by(by_name("name_zh", "name_en"), "pk")
        ),
        "selections": rows["selections"],
        "related_cases": related,
    }
