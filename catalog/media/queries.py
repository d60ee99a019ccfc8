"""Reading product pictures and brochures: a fixed number of queries for a page, renditions prefetched."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from wagtail.images import get_image_model

from catalog.media.renditions import GALLERY_SPECS, THUMBNAIL_SPECS, gallery
from catalog.models import Product, ProductBrochure, ProductImage


def public_brochures():
    """Brochures of the published version of public products (the child rows are that version)."""
    return ProductBrochure.objects.filter(product__in=Product.objects.public()).select_related("document")


def images_under_edit(product: Product):
    """The images of the product's published row and of its latest revision: what its editors and staff see."""
    latest = product.get_latest_revision_as_object()
    ids = {item.image_id for item in latest.images.all()} | set(product.images.values_list("image_id", flat=True))
    return get_image_model().objects.filter(pk__in=ids)


def _images_with_renditions(*specs) -> Prefetch:
    """The product images with their Wagtail image (joined) and its renditions of ``specs``.

    Two queries for any number of products. The renditions land where Wagtail's
    ``prefetch_renditions`` puts them (``image.prefetched_renditions``), so
    ``get_renditions`` reads them without a query.
    """
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
    return Prefetch(
        "images",
        queryset=ProductImage.objects.select_related("image")
        .order_by("sort_order", "pk")
        .prefetch_related(Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions")),
    )


def with_media_flags(products):
    """``products`` annotated with ``has_images`` / ``has_brochures`` (in the same query)."""
    return products.annotate(
        has_images=Exists(ProductImage.objects.filter(product=OuterRef("pk"))),
        has_brochures=Exists(ProductBrochure.objects.filter(product=OuterRef("pk"))),
    )


def load_media(product: Product) -> tuple[list, list]:
    """The gallery pictures and brochures of ``product`` (from ``with_media_flags``).

    No query for a product without images or brochures; otherwise a fixed number
    (images, their Wagtail images, their renditions; brochures with their documents),
    whatever the number of images.
    """
    lookups = []
    if product.has_images:
        lookups.append(_images_with_renditions(*GALLERY_SPECS))
    if product.has_brochures:
        lookups.append(
            Prefetch(
                "brochures", queryset=ProductBrochure.objects.select_related("document").order_by("sort_order", "pk")
            )
        )
    prefetch_related_objects([product], *lookups)
    return (
        gallery(product) if product.has_images else [],
        list(product.brochures.all()) if product.has_brochures else [],
    )


def prefetch_thumbnails() -> Prefetch:
    """The list page's first-image thumbnails: a fixed number of queries for a whole page."""
    return _images_with_renditions(*THUMBNAIL_SPECS)


def attach_thumbnails(products) -> list:
    """Prefetch the thumbnails of a page of products (a queryset is evaluated, its instances kept).

    One query when no product on the page has an image, three otherwise, whatever the number
    of products and images.
    """
    products = products if isinstance(products, list) else list(products)
    prefetch_related_objects(products, prefetch_thumbnails())
    return products
