"""An edition's entries: each accepted product, as it stands when the edition is published, frozen.

``freeze_entries`` is part of ``catalog.editions.services.publish`` (which holds the edition's
row lock) and of the demo loader; later edits of a product never change an entry.
"""

from __future__ import annotations

from catalog.editions.models import ApplicationStatus, Edition, EditionApplication, EditionEntry
from catalog.models import PRODUCT_FIELDS, Product
from portal.db import by_name

#: What members edit that an entry does not freeze (the long description, milestones, release date).
NOT_SNAPSHOT = frozenset({"description_zh", "description_en", "milestones", "release_date"})
#: Product fields copied verbatim into an entry's snapshot.
SNAPSHOT_FIELDS = tuple(name for name in PRODUCT_FIELDS if name not in NOT_SNAPSHOT)


def snapshot_of(product: Product) -> dict:
    """The product as it stands now, as an entry's frozen fields."""
    data = {name: getattr(product, name) for name in SNAPSHOT_FIELDS}
    data["enterprise_zh"] = product.organisation.name_zh
    data["enterprise_en"] = product.organisation.name_en
    data["milestones"] = list(getattr(product, "milestones", None) or [])
    data["image_ref"] = _image_ref(product)
    return data


def _image_ref(product: Product) -> str:
    """The product's first image, if the product has images (``catalog.ProductImage``)."""
    images = getattr(product, "images", None)
    if images is None:
        return ""
    first = images.all().first() if hasattr(images, "all") else None
    image_id = getattr(first, "image_id", None)
    return f"wagtailimages.image:{image_id}" if image_id else ""


def freeze_entries(edition: Edition, *, now) -> list[EditionApplication]:
    """Copy every accepted application's product, as it is now, into the edition's entries.

    Part of ``publish`` (which holds the edition's row lock); also used by the demo loader.
    Returns the accepted applications (empty: nothing was frozen).
    """
    accepted = list(
        EditionApplication.objects.filter(edition=edition, status=ApplicationStatus.ACCEPTED)
        .select_related("product__organisation")
        .order_by("category", by_name("product__name_zh"), "pk")
    )
    order_in_category: dict[str, int] = {}
    entries = []
    for application in accepted:
        order = order_in_category.get(application.category, 0) + 1
        order_in_category[application.category] = order
        entries.append(
            EditionEntry(
                edition=edition,
                application=application,
                product=application.product,
                category=application.category,
                rationale_zh=application.rationale_zh,
                rationale_en=application.rationale_en,
                order=order,
                frozen_at=now,
                **snapshot_of(application.product),
            )
        )
    EditionEntry.objects.bulk_create(entries)
    return accepted
