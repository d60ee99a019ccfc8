"""Read paths of the edition pages, exports and API."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils import timezone

from catalog.editions.models import (
    ApplicationStatus,
    Edition,
    EditionApplication,
    EditionEntry,
    EditionStatus,
    RecommendationCategory,
)
from catalog.models import Product
from catalog.queries import PRODUCT_TAGS
from portal.judging import queries as judging_queries
from portal.judging.models import Item, Panel
from portal.judging.vocabulary import RankMethod

#: The tags the public edition pages are cached under: the editions (``services.CACHE_TAG``), and their
#: entries link to a product only while it is public, which also depends on its organisation's verification.
EDITION_PAGE_TAGS = ("editions", *PRODUCT_TAGS)


def public_editions():
    """Editions anyone may see: published ones (past editions stay browsable) and open calls."""
    return Edition.objects.filter(status__in=[EditionStatus.PUBLISHED, EditionStatus.OPEN])


def public_editions_with_counts():
    """``public_editions`` with each one's ``entry_count``, for the lists that show it (a GROUP BY join
    the other readers need not pay for)."""
    return public_editions().annotate(entry_count=Count("entries"))


def published_editions():
    return Edition.objects.filter(status=EditionStatus.PUBLISHED)


def open_editions(now=None):
    """Editions whose call is open right now."""
    now = now or timezone.now()
    return Edition.objects.filter(status=EditionStatus.OPEN, call_opens_at__lte=now, call_closes_at__gt=now)


def entries_of(edition) -> list[EditionEntry]:
    """The edition's entries in category order, each knowing whether its live product is still public.

    Two queries whatever the number of entries: the entries, then the public products among them.
    """
    entries = list(EditionEntry.objects.filter(edition=edition))
    rank = {value: index for index, value in enumerate(RecommendationCategory.values)}
    entries.sort(key=lambda entry: (rank.get(entry.category, len(rank)), entry.order, entry.pk))
    product_ids = {entry.product_id for entry in entries if entry.product_id}
    public = (
        set(Product.objects.public().filter(pk__in=product_ids).values_list("pk", flat=True)) if product_ids else set()
    )
    for entry in entries:
        entry.product_is_public = entry.product_id in public
    return entries


def group_by_category(entries) -> list[dict]:
    """``[{"value", "label", "entries"}]`` in the vocabulary's order, empty categories left out."""
    groups = []
    for value, label in RecommendationCategory.choices:
        members = [entry for entry in entries if entry.category == value]
        if members:
            groups.append({"value": value, "label": label, "entries": members})
    return groups


def recommendations_of(product) -> list[EditionEntry]:
    """The published editions that recommend ``product`` (newest first), for its badge."""
    return list(
        EditionEntry.objects.filter(product=product, edition__status=EditionStatus.PUBLISHED)
        .select_related("edition")
        .order_by("-edition__year")
    )


def applications_for(user):
    """Applications of the user's organisations: the only ones member pages may look up (others 404)."""
    if not user.is_authenticated:
        return EditionApplication.objects.none()
    return EditionApplication.objects.filter(organisation__memberships__user=user).select_related(
        "edition", "product", "organisation"
    )


def pending_application(edition, product) -> EditionApplication | None:
    """The product's application to the edition while it stands (submitted or accepted): one per pair."""
    return EditionApplication.objects.filter(
        edition=edition, product=product, status__in=(ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED)
    ).first()


def applications_awaiting_decision():
    return (
        EditionApplication.objects.filter(status=ApplicationStatus.SUBMITTED)
        .select_related("edition", "product", "organisation")
        .order_by("submitted_at")
    )


# --- an edition's expert panel (catalog.editions.panel) ------------------------------------------


def edition_panel(edition) -> Panel | None:
    """The panel scoring ``edition``'s applications (the judging engine's panel it owns), if staff opened one."""
    owner_type = ContentType.objects.get_for_model(Edition)
    return Panel.objects.filter(owner_type=owner_type, owner_id=edition.pk).select_related("rubric").first()


def panel_application_ids(panel: Panel) -> list[int]:
    application_type = ContentType.objects.get_for_model(EditionApplication)
    return sorted(Item.objects.filter(panel=panel, subject_type=application_type).values_list("subject_id", flat=True))


def panel_ranking(edition, *, method: str = RankMethod.RAW) -> list:
    """The panel's ``ItemResult``s for ``edition``, best first by ``method`` (staff only: the caller checks)."""
    panel = edition_panel(edition)
    return judging_queries.results(panel, method=method) if panel is not None else []


def panel_standing(application) -> dict | None:
    """Where ``application`` stands in its edition's panel: its ``ItemResult`` and how many are ranked,
    or ``None`` when the edition has no panel or the application is not before it."""
    ranking = panel_ranking(application.edition)
    row = next((row for row in ranking if row.item.subject_id == application.pk), None)
    if row is None:
        return None
    return {"row": row, "ranked": sum(1 for other in ranking if other.rank is not None), "total": len(ranking)}
