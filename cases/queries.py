"""Read paths of the case pages, the API and the admin.

The index runs a fixed number of queries whatever the number of cases (as the catalogue,
``catalog.queries``): every choice, list and year facet and the total are counted in **one**
scan (one conditional ``COUNT`` per option, grouped by start year), the two related facets
(institutions, selections) in one grouped query each, and these counts are remembered per
index and selection until a case, a selection or an organisation changes
(``portal.public_cache.remember``). The page of results is one more query (the filtered,
sorted scan of ids as its subquery), its institutions one prefetch, and remembered too.
Functions and indications are filtered and counted through their bit-mask columns
(``CasePage.functions_mask``...).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from django.db import connection, connections
from django.db.models import Case, Count, F, Prefetch, Q, Value, When
from django.db.models.functions import ExtractYear
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from cases.models import CaseIndexPage, CasePage, CaseSubmission, TypicalCaseSelection
from cases.vocabulary import AWAITING_STAFF, Approach, BCIType, CaseFunction, Indication, TrialPhase
from catalog.models import choice_bit
from portal import public_cache
from portal.i18n import is_english
from portal.models import Organisation
from portal.queries import CountedPaginator

SLUG_RE = re.compile(r"^[-a-z0-9]{1,80}$")
YEAR_RE = re.compile(r"^(19|20)\d{2}$")
#: What the remembered facet counts depend on (``portal.public_cache`` tags): cases and
#: selections invalidate ``cases``, organisations (institution names) ``organisations``, a
#: page moved or deleted (no publish signal) ``pages``.
FACET_COUNT_TAGS = ("pages", "cases", "organisations")


@dataclass(frozen=True)
class Facet:
    """One filter of the case index.

    ``kind``: ``choice`` (a field with a vocabulary), ``list`` (a JSON list of vocabulary
    values, filtered through its ``<field>_mask`` column), ``related`` (an M2M by slug:
    institutions, selections) or ``year``. Choice, list and year facets are counted in the
    one scan of ``_count_in_one_scan``; related facets with one grouped query each.
    """

    param: str
    field: str
    kind: str
    label: str
    choices: type | None = None

    def accepts(self, value: str) -> bool:
        if self.kind in ("choice", "list"):
            return value in self.choices.values
        if self.kind == "year":
            return bool(YEAR_RE.match(value))
        return bool(SLUG_RE.match(value))

    @property
    def scanned(self) -> bool:
        return self.kind != "related"

    def condition(self, value: str) -> Q:
        if self.kind == "list":
            return Q(GreaterThan(F(f"{self.field}_mask").bitand(choice_bit(self.choices, value)), 0))
        if self.kind == "year":
            return Q(start_date__year=int(value))
        return Q(**{self.field: value})

    @property
    def column(self) -> str:
        """The column of the scan's ``p`` subquery."""
        if self.kind == "list":
            return f"{self.field}_mask"
        if self.kind == "year":
            return "y"
        return CasePage._meta.get_field(self.field).column

    def sql(self, value: str) -> tuple[str, list]:
        """``condition()`` as SQL over the ``p`` subquery of ``_count_in_one_scan``."""
        column = "p." + connection.ops.quote_name(self.column)
        if self.kind == "list":
            return f"({column} & %s) > 0", [choice_bit(self.choices, value)]
        if self.kind == "year":
            return f"{column} = %s", [int(value)]
        return f"{column} = %s", [value]


FACETS = [
    Facet("type", "bci_type", "choice", _("BCI type"), BCIType),
    Facet("approach", "approach", "choice", _("Approach"), Approach),
    Facet("function", "functions", "list", _("Function"), CaseFunction),
    Facet("indication", "indications", "list", _("Indication"), Indication),
    Facet("institution", "institutions__slug", "related", _("Institution")),
    Facet("phase", "phase", "choice", _("Phase"), TrialPhase),
    Facet("year", "start_date", "year", _("Year")),
    Facet("selection", "selections__slug", "related", _("Typical-case selection")),
]
FACETS_BY_PARAM = {facet.param: facet for facet in FACETS}

SORTS = {
    "newest": (("-start_date", "-pk"), _("Newest first")),
    "oldest": (("start_date", "pk"), _("Oldest first")),
    "enrolment": (("-enrolment", "-start_date", "-pk"), _("Largest enrolment")),
    "title": (("title", "pk"), _("Title")),
}
DEFAULT_SORT = "newest"
#: The query parameters the index varies on (declared to the public page cache).
INDEX_PARAMS = (*FACETS_BY_PARAM, "q", "sort", "page")
#: With a search text (``q``) the index can also be sorted by relevance, its default then.
RELEVANCE = "relevance"
#: The audiences of an anonymous visitor (search.permissions): the default of the search box.
PUBLIC_AUDIENCES = frozenset({"public"})


def selected_filters(params) -> dict[str, str]:
    """The valid facet values in ``params`` (a QueryDict or dict): unknown values are ignored."""
    selected = {}
    for facet in FACETS:
        value = (params.get(facet.param) or "").strip()
        if value and facet.accepts(value):
            selected[facet.param] = value
    return selected


def live_cases(*, index: CaseIndexPage | None = None, locale=None, ids=None):
    """Live cases below ``index`` (or in ``locale``'s tree when no index is given); ``ids``: only those."""
    cases = CasePage.objects.live()
    if ids is not None:
        cases = cases.filter(pk__in=ids or [0])  # [0]: no page has pk 0; an empty IN is not SQL
    if index is not None:
        cases = cases.child_of(index)
    elif locale is not None:
        cases = cases.filter(locale=locale)
    return cases


def filter_cases(cases, selected: dict[str, str], *, skip: str | None = None, only_related: bool = False):
    for param, value in selected.items():
        facet = FACETS_BY_PARAM[param]
        if param != skip and not (only_related and facet.scanned):
            cases = cases.filter(facet.condition(value))
    return cases


def case_listing(
    *,
    index: CaseIndexPage,
    selected: dict[str, str],
    sort: str = "",
    page=None,
    per_page: int = 12,
    text: str = "",
    audiences=PUBLIC_AUDIENCES,
    index_url: str | None = None,
):
    """One page of cases, the facets with counts and the chart data; a fixed number of queries.

    Each facet counts the cases matching the *other* selected facets, so a visitor sees how
    many cases each choice would give. With a search ``text`` all of it applies within the
    matching cases (``search_matches``), which can also be sorted by relevance. The cases'
    ``listing_url`` is ``index_url`` (``index.get_url(request)`` in a page) plus their slug.
    """
    matches = search_matches(index, text, audiences)
    ids = matches.ids if matches is not None and matches.active else None
    base = live_cases(index=index, ids=ids)
    if not (sort in SORTS or (sort == RELEVANCE and ids is not None)):
        sort = RELEVANCE if ids is not None else DEFAULT_SORT
    counted = facet_counts(index, selected, ids=ids)
    matching = filter_cases(base, selected).order_by(*_ordering(sort, ids)).values("pk")
    facet_rows = [
        {"facet": facet, "selected": selected.get(facet.param, ""), "options": facet_options(facet, counted)}
        for facet in FACETS
    ]
    page_obj = CountedPaginator(matching, per_page, count=counted["total"]).get_page(page)
    # The filtered, sorted scan picks only the page's ids (narrow rows: sorting whole page rows
    # costs several times more at a few thousand cases) as the subquery of the one query that
    # reads the cases; the page is remembered like the counts (same tags: a case, a selection
    # or an institution changing refreshes it).
    key = f"cases:page:{index.pk}:{sort}:{per_page}:{page_obj.number}:{_selection_digest(selected, ids)}"
    fetched = public_cache.remember(
        key,
        FACET_COUNT_TAGS,
        lambda: list(
            CasePage.objects.filter(pk__in=page_obj.object_list)
            .order_by(*_ordering(sort, ids))
            .select_related("locale")
            .prefetch_related(
                Prefetch("institutions", queryset=Organisation.objects.only("pk", "slug", "kind", "name_zh", "name_en"))
            )
        ),
    )
    page_obj.object_list = with_listing_urls(
        fetched,
        parent_url_path=index.url_path,
        parent_url=index_url if index_url is not None else index.url,
    )
    return {
        "page_obj": page_obj,
        "cases": page_obj.object_list,
        "facets": facet_rows,
        "sort": sort,
        "sorts": [(RELEVANCE, _("Relevance"))] * (ids is not None)
        + [(key, label) for key, (_order, label) in SORTS.items()],
        "chart": chart_data(facet_rows),
        "matches": matches,
        "text": text,
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


def search_text(raw: str) -> str:
    """The search box's text from a URL: printable characters, bounded (the search app cleans it further)."""
    from search.analysis import MAX_QUERY_CHARS

    # One character more than the analyser uses, so that the search can tell the visitor it was cut.
    return "".join(ch for ch in (raw or "")[: MAX_QUERY_CHARS * 2] if ch.isprintable()).strip()[: MAX_QUERY_CHARS + 1]


def search_matches(index: CaseIndexPage, text: str, audiences):
    """The index's cases matching ``text``, best first (through the search app); ``None`` without text."""
    if not text:
        return None
    from search import services

    return services.matching_ids("case", text, audiences, language=index.locale.language_code)


def _ordering(sort: str, ids) -> list:
    if sort != RELEVANCE:
        return list(SORTS[sort][0])
    rank = Case(
        *(When(pk=int(pk), then=Value(i)) for i, pk in enumerate(ids) if pk.isascii() and pk.isdigit()),
        default=Value(len(ids)),
    )
    return [rank, "pk"]


def facet_counts(index: CaseIndexPage, selected: dict[str, str], *, ids=None) -> dict:
    """The total and every facet's counts under ``selected``, remembered until a case changes.

    ``{"total": n, <param>: {value: n}}`` for the scanned facets and
    ``{<param>: [(slug, name_zh, name_en, n)]}`` for the related ones (labels are chosen by
    language when shown, so both languages share the entry).
    """
    key = f"cases:facet-counts:{index.pk}:{_selection_digest(selected, ids)}"
    return public_cache.remember(key, FACET_COUNT_TAGS, lambda: _count_facets(index, selected, ids))


def _selection_digest(selected: dict[str, str], ids) -> str:
    """A cache key part for the selected filters and the search's matches (``ids``, or ``None``)."""
    return hashlib.sha256(json.dumps([selected, ids], sort_keys=True).encode()).hexdigest()


def _count_facets(index: CaseIndexPage, selected: dict[str, str], ids=None) -> dict:
    base = live_cases(index=index, ids=ids).order_by()
    counted = _count_in_one_scan(selected, filter_cases(base, selected, only_related=True))
    for facet in FACETS:
        if not facet.scanned:
            counted[facet.param] = _related_counts(facet, filter_cases(base, selected, skip=facet.param))
    return counted


def _count_in_one_scan(selected: dict[str, str], cases) -> dict:
    """The total and every option count of the choice, list and year facets, in one query.

    ``cases`` already applies the related facets' selections. Each count is
    ``COUNT(*) FILTER (WHERE <other facets' selections> AND <option>)`` over the cases'
    facet columns, grouped by start year: a year's row gives the year facet's count for that
    year, the other counts are summed over the years. Written as SQL, as the catalogue's.
    """
    scanned = [facet for facet in FACETS if facet.scanned]
    inner = cases.annotate(y=ExtractYear("start_date")).values(
        *(facet.column for facet in scanned if facet.kind != "year"), "y"
    )
    inner_sql, inner_params = inner.query.sql_with_params()
    conditions = {facet.param: facet.sql(selected[facet.param]) for facet in scanned if facet.param in selected}

    def where(parts) -> tuple[str, list]:
        return (" AND ".join(f"({sql})" for sql, _params in parts) or "1 = 1"), [
            param for _sql, params in parts for param in params
        ]

    columns, params, keys = [], [], []
    for key, parts in [
        ("total", list(conditions.values())),
        ("year", [c for p, c in conditions.items() if p != "year"]),
    ] + [
        ((facet.param, value), [c for p, c in conditions.items() if p != facet.param] + [facet.sql(value)])
        for facet in scanned
        if facet.kind != "year"
        for value in facet.choices.values
    ]:
        sql, where_params = where(parts)
        columns.append(f"COUNT(*) FILTER (WHERE {sql})")
        params.extend(where_params)
        keys.append(key)
    # Only quoted column names and placeholders are interpolated; every value is a parameter.
    statement = f"SELECT p.y, {', '.join(columns)} FROM ({inner_sql}) AS p GROUP BY p.y"  # noqa: S608
    with connections[cases.db].cursor() as cursor:
        cursor.execute(statement, [*params, *inner_params])
        rows = cursor.fetchall()
    result = {facet.param: {} for facet in scanned}
    result["total"] = 0
    for year, *counts in rows:
        for key, count in zip(keys, counts, strict=True):
            if key == "total":
                result["total"] += int(count)
            elif key == "year":
                if year and count:
                    result["year"][int(year)] = int(count)
            else:
                result[key[0]][key[1]] = result[key[0]].get(key[1], 0) + int(count)
    return result


def _related_counts(facet: Facet, cases) -> list[tuple]:
    prefix = facet.field.removesuffix("__slug")
    return list(
        cases.filter(**{f"{facet.field}__isnull": False})
        .values_list(facet.field, f"{prefix}__name_zh", f"{prefix}__name_en")
        .annotate(n=Count("pk"))
        .order_by(f"{prefix}__name_zh")
    )


def facet_options(facet: Facet, counted: dict) -> list[dict]:
    """``[{"value", "label", "count"}]`` for ``facet`` from ``facet_counts``: no query."""
    counts = counted[facet.param]
    if facet.kind in ("choice", "list"):
        return [
            {"value": value, "label": label, "count": counts.get(value, 0)} for value, label in facet.choices.choices
        ]
    if facet.kind == "year":
        years = sorted(counts, reverse=True)
        return [{"value": str(year), "label": str(year), "count": counts[year]} for year in years]
    english = is_english()
    return [
        {"value": slug, "label": (name_en if english and name_en else name_zh), "count": n}
        for slug, name_zh, name_en, n in counts
    ]


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
    for chart in charts.values():
        chart["pairs"] = list(zip(chart["labels"], chart["values"], strict=True))
    return charts


def case_detail_context(page: CasePage, *, remember: bool = True) -> dict:
    """Everything a case page shows besides its own fields: a fixed number of queries.

    Shared by every visitor of a live case, so remembered (under the case page's own cache
    tags, as the rendered page would be) until a case, a product or an organisation changes.
    ``remember=False`` for a preview: its inlines are the unsaved draft's.
    """
    if not remember or page.pk is None:
        return _case_detail_context(page)
    key = f"cases:detail:{page.pk}:{page.last_published_at.isoformat() if page.last_published_at else ''}"
    return public_cache.remember(key, CasePage.public_cache_tags, lambda: _case_detail_context(page))


def _case_detail_context(page: CasePage) -> dict:
    from catalog.models import Product

    related = list(
        live_cases(locale=page.locale_id)
        .filter(path__startswith=page.path[: -page.steplen], depth=page.depth)
        .exclude(pk=page.pk)
        .filter(Q(approach=page.approach) | Q(bci_type=page.bci_type))
        .prefetch_related(
            Prefetch("institutions", queryset=Organisation.objects.only("pk", "slug", "kind", "name_zh", "name_en"))
        )
        .order_by("-start_date")[:3]
    )
    return {
        "institutions": list(page.institutions.all()),
        "outcomes": list(page.outcomes.all()),
        "trial_registrations": list(page.trial_registrations.all()),
        "publications": list(page.publications.all()),
        "milestones": sorted(page.milestones.all(), key=lambda milestone: milestone.date),
        "products": list(Product.objects.public().filter(cases=page).select_related("organisation")),
        "selections": list(page.selections.all()),
        "related_cases": related,
    }


def cases_for_product(product, *, locale_code: str):
    """Live cases in ``locale_code``'s tree that name ``product``."""
    return (
        CasePage.objects.live()
        .filter(products=product, locale__language_code=locale_code)
        .select_related("locale")
        .order_by("-start_date")
    )


def case_index(locale_code: str) -> CaseIndexPage | None:
    return CaseIndexPage.objects.live().filter(locale__language_code=locale_code).order_by("path").first()


def selections():
    return TypicalCaseSelection.objects.all()


def selection_list() -> list:
    """Every selection (the index's links), remembered until a selection changes (tag ``cases``)."""
    return public_cache.remember("cases:selections", ("cases",), lambda: list(selections()))


# --- submissions -------------------------------------------------------------------------


def submissions_for(user):
    """Submissions of the user's organisations: the only ones member pages may look up (others 404)."""
    if not user.is_authenticated:
        return CaseSubmission.objects.none()
    return CaseSubmission.objects.filter(organisation__memberships__user=user).select_related("organisation")


def submissions_visible_to(user):
    """What a submission's read-only pages may show: the organisation's members and alliance staff."""
    from cases.permissions import can_review_cases

    if can_review_cases(user):
        return CaseSubmission.objects.select_related("organisation")
    return submissions_for(user)


def submissions_awaiting_review():
    return (
        CaseSubmission.objects.filter(status__in=AWAITING_STAFF).select_related("organisation").order_by("submitted_at")
    )
