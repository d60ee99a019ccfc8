"""Read paths of the catalogue: the public list with its facets, compare, enterprise pages.

The HTML pages and the JSON API (``catalog.api``) both go through ``catalogue_page``, so
a filter means the same thing everywhere.

Facets are declared in ``facets()``; each kind knows how to filter and how to count:

* ``ChoiceFacet`` — a single-valued column with a fixed vocabulary (BCI type...);
* ``MaskFacet`` — a multi-valued list (functions...) through its bit-mask column
  (see ``catalog.models``): a product matches when it has *any* selected value;
* ``GroupedFacet`` — values found in the data (enterprises...), counted with one
  grouped query each.

Several values of one facet are OR-ed, different facets AND-ed. A facet's counts apply
every *other* facet's selection, so a visitor sees what each choice would give. All
choice and mask facets are counted in **one** aggregate query (one conditional ``COUNT``
per option), grouped facets add one query each, the results one more: the number of
queries does not grow with the products or the selection.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import connection, connections
from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import GreaterThan
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from catalog.models import Product, choice_bit, choice_mask
from catalog.vocabulary import (
    ApplicationField,
    BCIType,
    ElectrodeType,
    Indication,
    ModerationStatus,
    ProductFunction,
    RegulatoryClass,
    RegulatoryMilestone,
    SignalModality,
)
from portal import public_cache
from portal.i18n import is_english
from portal.organisations.models import OrganisationKind, VerificationStatus
from portal.queries import CountedPaginator

SLUG_RE = re.compile(r"^[-a-z0-9]{1,80}$")
#: More values than this in one facet are ignored (a URL cannot make the query arbitrarily long).
MAX_VALUES_PER_FACET = 20
PER_PAGE = 20
#: What the remembered facet counts depend on (``portal.public_cache`` tags).
FACET_COUNT_TAGS = ("catalog", "organisations")
#: The enterprise facet lists the enterprises with the most matching products (and the selected ones).
ENTERPRISE_FACET_LIMIT = 15
#: How many products the compare page shows side by side.
MAX_COMPARE = 4
#: The audiences of an anonymous visitor (search.permissions): the default of the search box.
PUBLIC_AUDIENCES = frozenset({"public"})


# --- Facets ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceFacet:
    """A single-valued field with a fixed vocabulary."""

    param: str
    field: str
    choices: type
    label: str
    counted_in_aggregate = True

    def accepts(self, value: str) -> bool:
        return value in self.choices.values

    def ordered(self, values) -> list[str]:
        return [value for value in self.choices.values if value in values]

    def q(self, values) -> Q:
        return Q(**{f"{self.field}__in": values})

    def option_q(self, value) -> Q:
        return Q(**{self.field: value})

    @property
    def column(self) -> str:
        return Product._meta.get_field(self.field).column

    def sql(self, values) -> tuple[str, list]:
        """``q()`` as SQL over the ``p`` subquery of ``_count_in_one_scan``."""
        return f"p.{connection.ops.quote_name(self.column)} IN ({', '.join(['%s'] * len(values))})", list(values)

    def option_sql(self, value) -> tuple[str, list]:
        return f"p.{connection.ops.quote_name(self.column)} = %s", [value]

    def options(self, counts: dict) -> list[dict]:
        return [
            {"value": value, "label": label, "count": counts.get(value, 0)} for value, label in self.choices.choices
        ]


@dataclass(frozen=True)
class MaskFacet(ChoiceFacet):
    """A multi-valued list (``functions``...), filtered and counted through its ``<field>_mask`` column."""

    @property
    def mask(self) -> str:
        return f"{self.field}_mask"

    def q(self, values) -> Q:
        return Q(GreaterThan(F(self.mask).bitand(choice_mask(self.choices, values)), 0))

    def option_q(self, value) -> Q:
        return Q(GreaterThan(F(self.mask).bitand(choice_bit(self.choices, value)), 0))

    @property
    def column(self) -> str:
        return self.mask

    def sql(self, values) -> tuple[str, list]:
        return f"(p.{connection.ops.quote_name(self.mask)} & %s) > 0", [choice_mask(self.choices, values)]

    def option_sql(self, value) -> tuple[str, list]:
        return f"(p.{connection.ops.quote_name(self.mask)} & %s) > 0", [choice_bit(self.choices, value)]


@dataclass(frozen=True)
class GroupedFacet:
    """Values found in the data, counted with one grouped query.

    ``field`` is the lookup that holds the value (a slug); ``labels`` the two lookups of its
    Chinese and English names. ``to_many``: the lookup crosses a to-many relation, so the
    filter goes through a subquery and a product is never listed twice. ``limit``: show only
    the values with the most products (and the selected ones), so the page stays small
    however many enterprises there are.
    """

    param: str
    field: str
    labels: tuple[str, str]
    label: str
    to_many: bool = False
    limit: int | None = None
    counted_in_aggregate = False

    def accepts(self, value: str) -> bool:
        return bool(SLUG_RE.match(value))

    def ordered(self, values) -> list[str]:
        return sorted(values)

    def q(self, values) -> Q:
        lookup = Q(**{f"{self.field}__in": values})
        if self.to_many:
            return Q(pk__in=Product.objects.filter(lookup).values("pk"))
        return lookup

    def options(self, products, selected=()) -> list[dict]:
        name_zh, name_en = self.labels
        rows = (
            products.filter(**{f"{self.field}__isnull": False})
            .values_list(self.field, name_zh, name_en)
            .annotate(n=Count("pk", distinct=self.to_many))
            .order_by(name_zh)
        )
        if self.limit:
            # The selected values first, so that they stay listed (and can be unselected).
            chosen = Case(When(**{f"{self.field}__in": list(selected)}, then=Value(0)), default=Value(1))
            rows = rows.order_by(chosen, "-n", name_zh)[: self.limit + len(selected)]
        english = is_english()
        options = [
            {"value": value, "label": (label_en if english and label_en else label_zh), "count": n}
            for value, label_zh, label_en, n in rows
        ]
        if self.limit:
            options = sorted(options, key=lambda option: (-option["count"], option["label"]))
        return options


def facets() -> list:
    """Every facet of the catalogue, in the order the page shows them. Add new ones here."""
    from catalog.edition_facet import EDITION_FACET  # editions' own module; it imports this one

    return [
        ChoiceFacet("type", "bci_type", BCIType, _("BCI type")),
        ChoiceFacet("modality", "signal_modality", SignalModality, _("Signal modality")),
        ChoiceFacet("electrode", "electrode_type", ElectrodeType, _("Electrode type")),
        MaskFacet("function", "functions", ProductFunction, _("Function")),
        MaskFacet("field", "application_fields", ApplicationField, _("Application field")),
        MaskFacet("indication", "indications", Indication, _("Indication")),
        ChoiceFacet("regulatory", "regulatory_class", RegulatoryClass, _("Regulatory class")),
        MaskFacet("milestone", "milestones", RegulatoryMilestone, _("Regulatory milestone")),
        GroupedFacet(
            "enterprise",
            "organisation__slug",
            ("organisation__name_zh", "organisation__name_en"),
            _("Enterprise"),
            limit=ENTERPRISE_FACET_LIMIT,
        ),
        EDITION_FACET,
    ]


# --- Sorting ---------------------------------------------------------------------------


def _name_order(descending=False):
    if is_english():
        name = Coalesce(NullIf("name_en", Value("")), "name_zh")
        return [name.desc() if descending else name.asc(), "pk"]
    return ["-name_zh" if descending else "name_zh", "pk"]


#: param value → (label, ordering); the first is the default.
SORTS = {
    "name": (_("Name"), lambda: _name_order()),
    # Public products are published, so first_published_at is set (and the index serves this order).
    "newest": (_("Newest in the catalogue"), lambda: ["-first_published_at", "-pk"]),
    "released": (_("Release date, latest first"), lambda: [F("release_date").desc(nulls_last=True), "-pk"]),
    "channels": (_("Most channels"), lambda: [F("channels").desc(nulls_last=True), "pk"]),
}
DEFAULT_SORT = "name"
#: With a search text (``q``) the list can also be sorted by relevance, its default then.
RELEVANCE = "relevance"
RELEVANCE_LABEL = _("Relevance")


def sort_options(searching: bool = False) -> list[tuple[str, str]]:
    options = [(key, label) for key, (label, _order) in SORTS.items()]
    return [(RELEVANCE, RELEVANCE_LABEL), *options] if searching else options


# --- Parameters ------------------------------------------------------------------------


@dataclass
class CatalogueQuery:
    """What a visitor asked for: valid facet values, sort, page. Unknown values are dropped."""

    selected: dict[str, list[str]] = field(default_factory=dict)
    sort: str = DEFAULT_SORT
    page: str | int | None = None
    text: str = ""  # the search box (``q``), matched by the search app (search.services)

    @property
    def default_sort(self) -> str:
        return RELEVANCE if self.text else DEFAULT_SORT

    @classmethod
    def from_params(cls, params) -> CatalogueQuery:
        """From a QueryDict (``request.GET``): repeated parameters select several values."""
        selected = {}
        for facet in facets():
            values = {value for value in params.getlist(facet.param)[:MAX_VALUES_PER_FACET] if facet.accepts(value)}
            if values:
                selected[facet.param] = facet.ordered(values)
        text = search_text(params.get("q", ""))
        sort = params.get("sort", "")
        if not (sort in SORTS or (sort == RELEVANCE and text)):
            sort = RELEVANCE if text else DEFAULT_SORT
        return cls(selected=selected, sort=sort, page=params.get("page"), text=text)

    def params(self) -> list[tuple[str, str]]:
        """The query string's pairs, in a stable order (shareable URLs, cache keys)."""
        pairs = [("q", self.text)] if self.text else []
        pairs += [(param, value) for param, values in self.selected.items() for value in values]
        if self.sort != self.default_sort:
            pairs.append(("sort", self.sort))
        return pairs

    def toggled(self, param: str, value: str | None) -> list[tuple[str, str]]:
        """The pairs with ``value`` added to or removed from ``param`` (``None``: the whole facet cleared)."""
        current = self.selected.get(param, [])
        if value is None:
            values = []
        elif value in current:
            values = [v for v in current if v != value]
        else:
            values = [*current, value]
        selected = {**self.selected, param: values}
        query = CatalogueQuery(selected={k: v for k, v in selected.items() if v}, sort=self.sort, text=self.text)
        return query.params()


def search_text(raw: str) -> str:
    """The search box's text from a URL: printable characters, bounded (the search app cleans it further)."""
    from search.analysis import MAX_QUERY_CHARS

    # One character more than the analyser uses, so that the search can tell the visitor it was cut.
    return "".join(ch for ch in (raw or "")[: MAX_QUERY_CHARS * 2] if ch.isprintable()).strip()[: MAX_QUERY_CHARS + 1]


#: Query parameters the list page varies on (declared to the public page cache).
def list_params() -> tuple[str, ...]:
    return (*(facet.param for facet in facets()), "q", "sort", "page", "p")


# --- The list --------------------------------------------------------------------------


def public_products():
    return Product.objects.public().select_related("organisation")


@dataclass
class CataloguePage:
    page: object  # django.core.paginator.Page
    facets: list[dict]
    total: int
    matches: object = None  # search.services.Matches when the query has a search text


def search_matches(query: CatalogueQuery, audiences):
    """The products matching the search box, best first (through the search app), or ``None`` without a text."""
    if not query.text:
        return None
    from search import services

    return services.matching_ids("product", query.text, audiences)


def catalogue_page(
    query: CatalogueQuery, *, per_page: int = PER_PAGE, audiences=PUBLIC_AUDIENCES, with_thumbnails: bool = False
) -> CataloguePage:
    """One page of public products, sorted, plus every facet's counts.

    With a search text the list, its counts and its total are those of the matching
    products (``search_matches``: one search, whatever the engine); ``audiences`` are the
    visitor's (``search.permissions.audiences_for``).

    ``with_thumbnails`` (the HTML list): the page's products come with their organisation
    and first-image thumbnails (``catalog.media.attach_thumbnails``), remembered like the
    counts, per selection, sort, page and language, under the same tags: a product
    published or withdrawn, or an organisation changed, refreshes them. A page rendered
    again (a signed-in member, a new compare selection) then runs no query.
    """
    matches = search_matches(query, audiences)
    matched = Q()
    if matches is not None and matches.active:
        # [0] when nothing matched: no product has pk 0, and an empty IN list would not compile to SQL.
        matched = Q(pk__in=[int(pk) for pk in matches.ids if pk.isascii() and pk.isdigit()] or [0])
    all_facets = facets()
    by_param = {
        facet.param: facet.q(query.selected[facet.param]) for facet in all_facets if facet.param in query.selected
    }

    def others(param) -> Q:
        q = Q()
        for other, condition in by_param.items():
            if other != param:
                q &= condition
        return q

    everything = others(None) & matched
    base = Product.objects.public().filter(matched).order_by()
    # The counts are the same for every visitor: remembered until a product or an organisation changes.
    # With a search text they are keyed by the matched ids, so a change of the index changes the key.
    selection = json.dumps(
        [query.selected, matches.ids if matches is not None and matches.active else None], sort_keys=True
    )
    digest = hashlib.sha256(selection.encode()).hexdigest()
    counted = public_cache.remember(
        "catalog:facet-counts:" + digest,
        FACET_COUNT_TAGS,
        lambda: _count_in_one_scan(all_facets, query.selected, base.filter(_grouped_q(all_facets, by_param))),
    )

    rows = []
    for facet in all_facets:
        if facet.counted_in_aggregate:
            options = facet.options(counted[facet.param])
        else:
            # A grouped query per facet (enterprises, editions), remembered like the counts; per
            # language, as its labels are chosen by language. Editions changing invalidate "catalog".
            options = public_cache.remember(
                f"catalog:facet-options:{facet.param}:{translation.get_language()}:{digest}",
                FACET_COUNT_TAGS,
                lambda facet=facet: facet.options(
                    base.filter(others(facet.param)), query.selected.get(facet.param, [])
                ),
            )
        rows.append({"facet": facet, "selected": query.selected.get(facet.param, []), "options": options})

    results = public_products().filter(everything).order_by(*_ordering(query, matches))
    paginator = CountedPaginator(results, per_page, count=counted["total"])
    page = paginator.get_page(query.page)
    if with_thumbnails:
        from catalog import media

        # The page number is the paginator's (an out-of-range one is the last page's); the
        # language orders the names (``_name_order``).
        key = f"catalog:page:{translation.get_language()}:{query.sort}:{per_page}:{page.number}:{digest}"
        objects = page.object_list
        page.object_list = public_cache.remember(key, FACET_COUNT_TAGS, lambda: media.attach_thumbnails(objects))
    return CataloguePage(page=page, facets=rows, total=counted["total"], matches=matches)


def product_page(pk) -> tuple | None:
    """A public product with its gallery and brochures (``catalog.media.load_media``), or ``None``.

    Remembered per product and language (the pictures' alt texts are the language's) under
    the list's tags: a publish, a withdrawal or an organisation change refreshes it. Only
    products that exist are remembered, so a guessed ID adds no cache entry.
    """
    from catalog import media

    key = f"catalog:product:{int(pk)}:{translation.get_language()}"
    stamp, found = public_cache.recall(key, FACET_COUNT_TAGS)
    if found is public_cache.MISSING:
        product = media.with_media_flags(public_products()).filter(pk=pk).first()
        if product is None:
            return None
        found = (product, *media.load_media(product))
        public_cache.store(key, stamp, found)
    return found


def _ordering(query: CatalogueQuery, matches) -> list:
    if query.sort != RELEVANCE:
        return SORTS[query.sort][1]()
    if matches is None or not matches.active or not matches.ids:
        return SORTS[DEFAULT_SORT][1]()
    rank = Case(
        *(When(pk=int(pk), then=Value(i)) for i, pk in enumerate(matches.ids) if pk.isascii() and pk.isdigit()),
        default=Value(len(matches.ids)),
    )
    return [rank, "pk"]


def _grouped_q(all_facets, by_param) -> Q:
    q = Q()
    for facet in all_facets:
        if not facet.counted_in_aggregate and facet.param in by_param:
            q &= by_param[facet.param]
    return q


def _count_in_one_scan(all_facets, selected, products) -> dict:
    """The total and every option count of the choice and mask facets, in one query.

    ``products`` already applies the grouped facets' selections (they restrict every count
    here). Each count is ``COUNT(*) FILTER (WHERE <other facets' selections> AND <option>)``
    over the products' facet columns, written as SQL directly: building the same ~50
    filtered aggregates with the ORM cost more time than running them. Bitwise ``&`` and
    ``FILTER`` work alike on PostgreSQL and SQLite (3.30+).
    """
    counted = [facet for facet in all_facets if facet.counted_in_aggregate]
    inner = products.values(*(facet.column for facet in counted))
    inner_sql, inner_params = inner.query.sql_with_params()
    conditions = {facet.param: facet.sql(selected[facet.param]) for facet in counted if facet.param in selected}

    def where(*parts) -> tuple[str, list]:
        parts = [part for part in parts if part]
        return (" AND ".join(f"({sql})" for sql, _params in parts) or "1 = 1"), [
            param for _sql, params in parts for param in params
        ]

    columns, params, keys = [], [], []
    for key, parts in [("total", list(conditions.values()))] + [
        ((facet.param, value), [c for p, c in conditions.items() if p != facet.param] + [facet.option_sql(value)])
        for facet in counted
        for value in facet.choices.values
    ]:
        sql, where_params = where(*parts)
        columns.append(f"COUNT(*) FILTER (WHERE {sql})")
        params.extend(where_params)
        keys.append(key)
    # Only quoted column names and placeholders are interpolated; every value is a parameter.
    statement = f"SELECT {', '.join(columns)} FROM ({inner_sql}) AS p"  # noqa: S608
    with connections[products.db].cursor() as cursor:
        cursor.execute(statement, [*params, *inner_params])
        row = cursor.fetchone()
    result = {facet.param: {} for facet in counted}
    for key, count in zip(keys, row, strict=True):
        if key == "total":
            result["total"] = int(count)
        else:
            result[key[0]][key[1]] = int(count)
    return result


# --- Compare ---------------------------------------------------------------------------


@dataclass
class Comparison:
    products: list
    too_many: bool = False
    missing: list[str] = field(default_factory=list)


def is_product_id(raw: str) -> bool:
    """Whether ``raw`` (from a URL) is a product ID: ASCII digits (``"²".isdigit()`` is true), not absurdly long."""
    return raw.isascii() and raw.isdigit() and len(raw) <= 12


def comparison(raw_ids) -> Comparison:
    """Up to ``MAX_COMPARE`` public products, in the order asked; what could not be shown is reported."""
    ids, missing = [], []
    for raw in raw_ids:
        if is_product_id(raw):
            if int(raw) not in ids:
                ids.append(int(raw))
        elif raw.strip():
            missing.append(raw[:20])
    too_many = len(ids) > MAX_COMPARE
    ids = ids[:MAX_COMPARE]
    found = public_products().in_bulk(ids) if ids else {}
    missing.extend(str(pk) for pk in ids if pk not in found)
    return Comparison(products=[found[pk] for pk in ids if pk in found], too_many=too_many, missing=missing)


# --- Enterprises -----------------------------------------------------------------------


def public_enterprises():
    from portal.models import Organisation

    return Organisation.objects.filter(
        kind=OrganisationKind.ENTERPRISE, verification_status=VerificationStatus.VERIFIED
    )


def enterprise_products(organisation, *, page=None, per_page: int = PER_PAGE):
    products = public_products().filter(organisation=organisation).order_by(*_name_order())
    return Paginator(products, per_page).get_page(page)


# --- Members and staff -----------------------------------------------------------------


def products_for(user):
    """Products of the user's organisations: the only ones member pages may look up (others 404)."""
    if not user.is_authenticated:
        return Product.objects.none()
    return Product.objects.filter(organisation__memberships__user=user).select_related("organisation")


def products_awaiting_review():
    return (
        Product.objects.filter(moderation_status=ModerationStatus.SUBMITTED)
        .select_related("organisation")
        .order_by("submitted_at")
    )
