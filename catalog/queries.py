"""Read paths of the catalogue: the public list with its facets, compare, enterprise pages.

The list is a ``portal.listing.Listing`` (``CATALOGUE``): the HTML page and the JSON API
(``catalog.api``) both go through ``catalogue_page``, so a filter means the same thing
everywhere. Its facets are declared below (add new ones there):

* ``ChoiceFacet`` — a single-valued column with a fixed vocabulary (BCI type...);
* ``MaskFacet`` — a multi-valued list (functions...) through its bit-mask column
  (see ``catalog.models``): a product matches when it has *any* selected value;
* ``GroupedFacet`` — values found in the data (enterprises, editions), counted with one
  grouped query each.

Several values of one facet are OR-ed, different facets AND-ed. A facet's counts apply
every *other* facet's selection, so a visitor sees what each choice would give. All
choice and mask facets are counted in **one** aggregate query (one conditional ``COUNT``
per option), grouped facets add one query each, the results one more: the number of
queries does not grow with the products or the selection.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from catalog.editions.facet import EDITION_FACET
from catalog.media import queries as media
from catalog.models import Product
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
from portal.dashboard import waiting_on
from portal.db import by_name
from portal.listing.facets import ChoiceFacet, GroupedFacet, MaskFacet
from portal.listing.listing import Listing, ListingPage, ListingQuery, Sort
from portal.organisations.models import Organisation, OrganisationKind, VerificationStatus

PER_PAGE = 20
#: What a product's remembered data depends on (``portal.public_cache`` tags).
PRODUCT_TAGS = ("catalog", "organisations")
#: What the list's remembered counts and pages depend on: the edition facet reads the editions.
FACET_COUNT_TAGS = (*PRODUCT_TAGS, "editions")
#: What a public product's page shows: the product, its "recommended in" badges (editions);
#: the other apps' panels add their tags (``catalog.panels.PRODUCT``).
PRODUCT_PAGE_TAGS = (*PRODUCT_TAGS, "editions")
#: The enterprise facet lists the enterprises with the most matching products (and the selected ones).
ENTERPRISE_FACET_LIMIT = 15
#: How many products the compare page shows side by side.
MAX_COMPARE = 4
#: The audiences of an anonymous visitor (``search.services.audiences_for``): the default of the search box.
PUBLIC_AUDIENCES = frozenset({"public"})


#: The public list: facets in the order the page shows them, sorts (the default first).
CATALOGUE = Listing(
    name="catalog",
    facets=(
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
    ),
    sorts={
        # On a Chinese page the index serves this order too (pinyin: portal.db.by_name).
        "name": Sort(_("Name"), lambda: [by_name("name_zh", "name_en"), "pk"]),
        # Public products are published, so first_published_at is set (and the index serves this order).
        "newest": Sort(_("Newest in the catalogue"), lambda: ["-first_published_at", "-pk"]),
        "released": Sort(_("Release date, latest first"), lambda: [F("release_date").desc(nulls_last=True), "-pk"]),
        "channels": Sort(_("Most channels"), lambda: [F("channels").desc(nulls_last=True), "pk"]),
    },
    default_sort="name",
    tags=FACET_COUNT_TAGS,
    doc_type="product",
    per_page=PER_PAGE,
)
#: Query parameters the list page varies on (declared to the public page cache): the compare list too.
LIST_PARAMS = (*CATALOGUE.params(), "p")


# --- The list --------------------------------------------------------------------------


def public_products():
    return Product.objects.public().select_related("organisation")


def _with_thumbnails(products, _ordering) -> list:
    return media.attach_thumbnails(products)


def catalogue_page(
    query: ListingQuery, *, per_page: int = PER_PAGE, audiences=PUBLIC_AUDIENCES, with_thumbnails: bool = False
) -> ListingPage:
    """One page of public products, sorted, plus every facet's counts.

    With a search text the list, its counts and its total are those of the matching
    products (one search, whatever the engine); ``audiences`` are the visitor's
    (``search.services.audiences_for``).

    ``with_thumbnails`` (the HTML list): the page's products come with their organisation
    and first-image thumbnails (``catalog.media.attach_thumbnails``), remembered like the
    counts, per selection, sort, page and language, under the same tags: a product
    published or withdrawn, or an organisation changed, refreshes them. A page rendered
    again (a signed-in member, a new compare selection) then runs no query.
    """
    return CATALOGUE.run(
        query,
        public_products(),
        audiences=audiences,
        per_page=per_page,
        fetch=_with_thumbnails if with_thumbnails else None,
    )


def product_page(pk) -> tuple | None:
    """A public product with its gallery and brochures (``catalog.media.load_media``), or ``None``.

    Remembered per product and language (the pictures' alt texts are the language's) under
    the product's tags: a publish, a withdrawal or an organisation change refreshes it. Only
    products that exist are remembered, so a guessed ID adds no cache entry.
    """
    key = f"catalog:product:{int(pk)}:{translation.get_language()}"
    stamp, found = public_cache.recall(key, PRODUCT_TAGS)
    if found is public_cache.MISSING:
        product = media.with_media_flags(public_products()).filter(pk=pk).first()
        if product is None:
            return None
        found = (product, *media.load_media(product))
        public_cache.store(key, stamp, found)
    return found


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
    return Organisation.objects.filter(
        kind=OrganisationKind.ENTERPRISE, verification_status=VerificationStatus.VERIFIED
    )


def organisation_products(organisation, *, limit: int) -> list[Product]:
    """The first ``limit`` public products of ``organisation`` by name, each with ``total``, how many
    public products it has: one query (the count is a window over the same rows)."""
    rows = Product.objects.public().filter(organisation=organisation).annotate(total=Window(Count("pk")))
    return list(rows.order_by(by_name("name_zh", "name_en"), "pk")[:limit])


def enterprise_products(organisation, *, page=None, per_page: int = PER_PAGE):
    products = public_products().filter(organisation=organisation).order_by(by_name("name_zh", "name_en"), "pk")
    return Paginator(products, per_page).get_page(page)


# --- Members and staff -----------------------------------------------------------------


def products_for(user):
    """Products of the user's organisations: the only ones member pages may look up (others 404)."""
    if not user.is_authenticated:
        return Product.objects.none()
    return Product.objects.filter(organisation__memberships__user=user).select_related("organisation")


def changes_requested_by_organisation(organisation_ids) -> dict[int, int]:
    """The products of each of ``organisation_ids`` whose review asked for changes (a dashboard ``awaiting``)."""
    returned = Product.objects.filter(organisation_id__in=organisation_ids, moderation_status=ModerationStatus.REJECTED)
    return waiting_on(returned, "organisation_id")


def version_loaded(product: Product, revision_id: int | None) -> Product | None:
    """The version of ``product`` its member's page was loaded from (``revision_id``), when it is not the
    latest any more (someone saved since); ``None`` otherwise, or for a revision of another product."""
    if revision_id is None or revision_id == product.latest_revision_id:
        return None
    revision = product.revisions.filter(pk=revision_id).first()
    return revision.as_object() if revision is not None else None


def products_awaiting_review():
    return (
        Product.objects.filter(moderation_status=ModerationStatus.SUBMITTED)
        .select_related("organisation")
        .order_by("submitted_at")
    )
