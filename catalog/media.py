"""Product images and brochures: storing validated uploads, renditions, the member's lists.

Files reach this module already validated and re-encoded by ``portal.uploads`` (the
forms' ``SafeImageField`` / ``SafePDFField``). Here they become Wagtail images and
documents in one "Product uploads" collection, and the member's ordered lists become
``ProductImage`` / ``ProductBrochure`` children of the product *in memory*: the service
then saves a revision, so the change waits for review like any other (see
``catalog.models``).

The collection carries a view restriction to alliance staff: Wagtail's own document
URLs (``/documents/<id>/…``) must not serve a brochure that is still under review.
The public downloads a brochure through ``catalog:product_brochure``, which only serves
documents of the published version of a public product.

Renditions are made after the commit that stores an image, by the Celery task
``make_renditions`` (eager in dev), not in the member's request: the form's request only
checks and re-encodes the uploads (``portal.uploads`` bounds that work). The pages prefetch
exactly the specs below (``prefetch_gallery``, ``prefetch_thumbnails``); one that is still
missing (the task has not run yet, or failed) is made when a page first asks for it, from
the stored original, which is at most ``PORTAL_UPLOAD_IMAGE_STORED_MAX_SIDE`` pixels wide.
A file stored by a request whose transaction rolls back is deleted at the end of that
request (``portal.storages``).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import FileResponse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Collection, CollectionViewRestriction

from catalog.models import Product, ProductBrochure, ProductImage
from portal import outbox
from portal import permissions as portal_permissions
from portal.uploads import CleanImage, CleanPDF

logger = logging.getLogger(__name__)

COLLECTION_NAME = "Product uploads"

#: Gallery widths (srcset) and the formats offered: WebP first, JPEG for older browsers.
GALLERY_WIDTHS = (480, 960, 1440)
GALLERY_FORMATS = ("webp", "jpeg")
#: The list page's thumbnail, cropped to one shape so rows line up.
THUMBNAIL_SIZE = (320, 240)
#: The member's form shows small previews.
PREVIEW_SPEC = "max-160x120"


def gallery_spec(width: int, fmt: str) -> str:
    return f"width-{width}|format-{fmt}"


def thumbnail_spec(fmt: str) -> str:
    return f"fill-{THUMBNAIL_SIZE[0]}x{THUMBNAIL_SIZE[1]}|format-{fmt}"


GALLERY_SPECS = tuple(gallery_spec(width, fmt) for fmt in GALLERY_FORMATS for width in GALLERY_WIDTHS)
THUMBNAIL_SPECS = tuple(thumbnail_spec(fmt) for fmt in GALLERY_FORMATS)
ALL_SPECS = (*GALLERY_SPECS, *THUMBNAIL_SPECS, PREVIEW_SPEC)


# --- storing ---------------------------------------------------------------------------


def uploads_collection() -> Collection:
    """The collection product images and brochures go to (made on first use), visible to staff only."""
    collection = Collection.objects.filter(name=COLLECTION_NAME).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(
            Group.objects.filter(name__in=[portal_permissions.STAFF_GROUP, portal_permissions.PROJECT_MANAGER_GROUP])
        )
    return collection


def _store(model, clean, *, title: str, fallback: str, actor):
    stored = model(
        title=title[:255] or clean.original_name[:255] or fallback,
        file=clean.file,
        collection=uploads_collection(),
        uploaded_by_user=actor,
    )
    stored.file.open()
    stored.file_size = stored.file.size
    stored._set_file_hash()  # Wagtail's own duplicate detection and our double-submit check use it
    stored.file.seek(0)
    stored.save()
    return stored


def store_image(clean: CleanImage, *, title: str, actor):
    """A Wagtail image from a validated upload; its renditions are made in the background after the commit."""
    image = _store(get_image_model(), clean, title=title, fallback="image", actor=actor)
    # An outbox effect (catalog.tasks.make_renditions): made once, after the commit, by a worker.
    outbox.schedule("catalog.make_renditions", {"image_id": image.pk})
    return image


def make_renditions(image_id: int) -> None:
    """Make every rendition the pages use of image ``image_id`` (idempotent: existing ones are kept)."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return  # deleted meanwhile (a purge): nothing to make
    image.get_renditions(*_filters(ALL_SPECS))


def store_document(clean: CleanPDF, *, title: str, actor):
    return _store(get_document_model(), clean, title=title, fallback="brochure", actor=actor)


# --- the member's lists ------------------------------------------------------------------


@dataclass(frozen=True)
class ImageEntry:
    """One row of the member's image list: an image the product has, or a new upload."""

    alt_zh: str
    alt_en: str = ""
    image_id: int | None = None
    upload: CleanImage | None = None


@dataclass(frozen=True)
class BrochureEntry:
    title_zh: str
    title_en: str = ""
    document_id: int | None = None
    upload: CleanPDF | None = None


def _sha1(content_file) -> str:
    content_file.seek(0)
    # A content fingerprint compared with Wagtail's file_hash (SHA-1 too), not a security control.
    digest = hashlib.sha1(content_file.read(), usedforsecurity=False).hexdigest()
    content_file.seek(0)
    return digest


def entries_signature(images: list[ImageEntry] | None, brochures: list[BrochureEntry] | None, known: dict):
    """What the lists amount to, comparable with ``media_signature`` of a version.

    ``known`` maps ("image"|"document", id) to the file hash of what the product has, so a
    kept image and the same file uploaded again compare equal (a double-submitted form).
    """

    def key(kind, object_id, upload):
        return _sha1(upload.file) if upload is not None else known.get((kind, object_id))

    return (
        None if images is None else tuple((key("image", e.image_id, e.upload), e.alt_zh, e.alt_en) for e in images),
        None
        if brochures is None
        else tuple((key("document", e.document_id, e.upload), e.title_zh, e.title_en) for e in brochures),
    )


def media_signature(product: Product):
    return (
        tuple((item.image.file_hash, item.alt_zh, item.alt_en) for item in product.images.all()),
        tuple((item.document.file_hash, item.title_zh, item.title_en) for item in product.brochures.all()),
    )


def known_hashes(product: Product) -> dict:
    found = {("image", item.image_id): item.image.file_hash for item in product.images.all()}
    found.update({("document", item.document_id): item.document.file_hash for item in product.brochures.all()})
    return found


def set_images(product: Product, entries: list[ImageEntry], *, actor) -> None:
    """Replace the product's images (in memory) by ``entries``, storing new uploads.

    An ``image_id`` must be one the product's version being edited already has: a member
    cannot attach another organisation's image by its ID.
    """
    current = {item.image_id: item for item in product.images.all()}
    children = []
    for position, entry in enumerate(entries):
        if entry.upload is not None:
            image = store_image(entry.upload, title=entry.alt_zh, actor=actor)
        elif entry.image_id in current:
            image = current[entry.image_id].image
        else:
            raise ValueError(f"image {entry.image_id} is not one of this product's images")
        children.append(ProductImage(image=image, alt_zh=entry.alt_zh, alt_en=entry.alt_en, sort_order=position))
    product.images = children


def set_brochures(product: Product, entries: list[BrochureEntry], *, actor) -> None:
    current = {item.document_id: item for item in product.brochures.all()}
    children = []
    for position, entry in enumerate(entries):
        if entry.upload is not None:
            document = store_document(entry.upload, title=entry.title_zh, actor=actor)
        elif entry.document_id in current:
            document = current[entry.document_id].document
        else:
            raise ValueError(f"document {entry.document_id} is not one of this product's brochures")
        children.append(
            ProductBrochure(document=document, title_zh=entry.title_zh, title_en=entry.title_en, sort_order=position)
        )
    product.brochures = children


# --- reading -----------------------------------------------------------------------------


def public_brochures():
    """Brochures of the published version of public products (the child rows are that version)."""
    return ProductBrochure.objects.filter(product__in=Product.objects.public()).select_related("document")


def brochure_response(brochure: ProductBrochure) -> FileResponse:
    document = brochure.document
    filename = safe_download_name(brochure.title_zh, document.file.name)
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def safe_download_name(title: str, stored_name: str) -> str:
    """The brochure's title as the download's file name (Chinese kept), without path or control characters."""
    cleaned = "".join(ch for ch in (title or "") if ch.isprintable() and ch not in '\\/:*?"<>|').strip()
    return f"{cleaned[:80]}.pdf" if cleaned else stored_name.rsplit("/", 1)[-1]


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


@dataclass(frozen=True)
class Picture:
    """What a ``<picture>`` element needs: a WebP ``srcset``, a JPEG fallback ``srcset``/``src`` and the size."""

    alt: str
    webp_srcset: str
    fallback_srcset: str
    src: str
    width: int
    height: int


def _srcset(renditions, specs) -> str:
    return ", ".join(f"{renditions[spec].url} {renditions[spec].width}w" for spec in specs)


#: Parsed filter specs, reused by every request: Wagtail parses a spec string each time it is
#: given one (a list page asks for two specs per product).
_FILTERS: dict[str, Filter] = {spec: Filter(spec=spec) for spec in ALL_SPECS}


def _filters(specs) -> list[Filter]:
    return [_FILTERS.get(spec) or Filter(spec=spec) for spec in specs]


def picture(product_image: ProductImage, *, webp_specs: list[str], fallback_specs: list[str]) -> Picture:
    """Renditions of one image (read from the prefetched ones; made here only if missing)."""
    renditions = product_image.image.get_renditions(*_filters([*webp_specs, *fallback_specs]))
    largest = renditions[fallback_specs[-1]]
    return Picture(
        alt=product_image.alt,
        webp_srcset=_srcset(renditions, webp_specs),
        fallback_srcset=_srcset(renditions, fallback_specs),
        src=renditions[fallback_specs[0]].url,
        width=largest.width,
        height=largest.height,
    )


def gallery(product: Product) -> list[Picture]:
    webp = [gallery_spec(width, "webp") for width in GALLERY_WIDTHS]
    jpeg = [gallery_spec(width, "jpeg") for width in GALLERY_WIDTHS]
    return [picture(item, webp_specs=webp, fallback_specs=jpeg) for item in product.images.all()]


def thumbnail(product: Product) -> Picture | None:
    first = next(iter(product.images.all()), None)
    if first is None:
        return None
    return picture(first, webp_specs=[thumbnail_spec("webp")], fallback_specs=[thumbnail_spec("jpeg")])


def preview_url(product_image: ProductImage) -> str:
    """A small preview for the member's form (member pages are not cached nor prefetched)."""
    return product_image.image.get_rendition(PREVIEW_SPEC).url
