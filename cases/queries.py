"""Read paths of the case pages, the API and the admin.

The index runs a fixed number of queries whatever the number of cases: one per facet
(grouped counts; the two list facets count every value in one conditional aggregate),
the page of results with its institutions in one prefetch, and the total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from cases.models import CaseIndexPage, CasePage, CaseSubmission, TypicalCaseSelection
from cases.vocabulary import AWAITING_STAFF, Approach, BCIType, CaseFunction, Indication, TrialPhase
from portal.i18n import is_english
from portal.models import Organisation

SLUG_RE = re.compile(r"^[-a-z0-9]{1,80}$")
YEAR_RE = re.compile(r"^(19|20)\d{2}$")


@dataclass(frozen=True)
class Facet:
    """One filter of the case index.

    ``kind``: ``choice`` (a field with a vocabulary), ``list`` (a JSON list of vocabulary
    values), ``related`` (an M2M by slug: institutions, selections) or ``year``.
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

    def condition(self, value: str) -> Q:
        if self.kind == "list":
            # JSON text containment of the quoted value: the same on PostgreSQL and SQLite
            # (JSON ``contains`` is not available on SQLite). Values are whole quoted tokens.
            return Q(**{f"{self.field}__icontains": f'"{value}"'})
        if self.kind == "year":
            return Q(start_date__year=int(value))
        return Q(**{self.field: value})


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


def filter_cases(cases, selected: dict[str, str], *, skip: str | None = None):
    for param, value in selected.items():
        if param != skip:
            cases = cases.filter(FACETS_BY_PARAM[param].condition(value))
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
):
    """One page of cases, the facets with counts and the chart data; a fixed number of queries.

    Each facet counts the cases matching the *other* selected facets, so a visitor sees how
    many cases each choice would give. With a search ``text`` all of it applies within the
    matching cases (``search_matches``), which can also be sorted by relevance.
    """
    matches = search_matches(index, text, audiences)
    ids = matches.ids if matches is not None and matches.active else None
    base = live_cases(index=index, ids=ids)
    if not (sort in SORTS or (sort == RELEVANCE and ids is not None)):
        sort = RELEVANCE if ids is not None else DEFAULT_SORT
    results = (
        filter_cases(base, selected)
        .order_by(*_ordering(sort, ids))
        .select_related("locale")
        .prefetch_related(
            Prefetch("institutions", queryset=Organisation.objects.only("pk", "slug", "kind", "name_zh", "name_en"))
        )
    )
    facet_rows = [
        {
            "facet": facet,
            "selected": selected.get(facet.param, ""),
            "options": facet_options(facet, filter_cases(base, selected, skip=facet.param)),
        }
        for facet in FACETS
    ]
    page_obj = Paginator(results, per_page).get_page(page)
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


def facet_options(facet: Facet, cases) -> list[dict]:
    """``[{"value", "label", "count"}]`` for ``facet`` over ``cases``: one query."""
    cases = cases.order_by()
    if facet.kind == "choice":
        counts = dict(cases.values_list(facet.field).annotate(n=Count("pk")).values_list(facet.field, "n"))
        return [
            {"value": value, "label": label, "count": counts.get(value, 0)} for value, label in facet.choices.choices
        ]
    if facet.kind == "list":
        counts = cases.aggregate(
            **{value: Count("pk", filter=facet.condition(value)) for value in facet.choices.values}
        )
        return [{"value": value, "label": label, "count": counts[value]} for value, label in facet.choices.choices]
    if facet.kind == "year":
        rows = (
            cases.annotate(y=ExtractYear("start_date"))
            .values_list("y")
            .annotate(n=Count("pk"))
            .values_list("y", "n")
            .order_by("-y")
        )
        return [{"value": str(year), "label": str(year), "count": n} for year, n in rows if year]
    prefix = facet.field.removesuffix("__slug")
    rows = (
        cases.filter(**{f"{facet.field}__isnull": False})
        .values_list(facet.field, f"{prefix}__name_zh", f"{prefix}__name_en")
        .annotate(n=Count("pk"))
        .order_by(f"{prefix}__name_zh")
    )
    english = is_english()
    return [
        {"value": slug, "label": (name_en if english and name_en else name_zh), "count": n}
        for slug, name_zh, name_en, n in rows
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


def case_detail_context(page: CasePage) -> dict:
    """Everything a case page shows besides its own fields: a fixed number of queries."""
    from catalog.models import Product

    institutions = list(page.institutions.all())
    related = list(
        live_cases(locale=page.locale_id)
        .filter(path__startswith=page.path[: -page.steplen], depth=page.depth)
        .exclude(pk=page.pk)
        .filter(Q(approach=page.approach) | Q(bci_type=page.bci_type))
        .prefetch_related("institutions")
        .order_by("-start_date")[:3]
    )
    return {
        "institutions": institutions,
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
