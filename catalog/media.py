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

Renditions are made when an image is stored, so public pages only read them; the pages
prefetch exactly the specs below (``prefetch_gallery``, ``prefetch_thumbnails``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db.models import Prefetch
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from catalog.models import Product, ProductBrochure, ProductImage
from portal import permissions as portal_permissions
from portal.uploads import CleanImage, CleanPDF

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


def store_image(clean: CleanImage, *, title: str, actor) -> object:
    """A Wagtail image from a validated upload, with its renditions made now."""
    image = get_image_model()(
        title=title[:255] or clean.original_name[:255] or "image",
        file=clean.file,
        collection=uploads_collection(),
        uploaded_by_user=actor,
    )
    image._set_image_file_metadata()
    image.save()
    image.get_renditions(*ALL_SPECS)
    return image


def store_document(clean: CleanPDF, *, title: str, actor) -> object:
    document = get_document_model()(
        title=title[:255] or clean.original_name[:255] or "brochure",
        file=clean.file,
        collection=uploads_collection(),
        uploaded_by_user=actor,
    )
    document._set_document_file_metadata()
    document.save()
    return document


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
    digest = hashlib.sha1(content_file.read()).hexdigest()  # noqa: S324 - Wagtail's file_hash is SHA-1 too
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


def _images_with_renditions(*specs) -> Prefetch:
    return Prefetch(
        "images",
        queryset=ProductImage.objects.order_by("sort_order", "pk").prefetch_related(
            Prefetch("image", queryset=get_image_model().objects.prefetch_renditions(*specs))
        ),
    )


def prefetch_gallery():
    """What the product page needs, in three queries whatever the number of images."""
    return (
        _images_with_renditions(*GALLERY_SPECS),
        Prefetch("brochures", queryset=ProductBrochure.objects.select_related("document").order_by("sort_order", "pk")),
    )


def prefetch_thumbnails() -> Prefetch:
    """The list page's first-image thumbnails: a fixed number of queries for a whole page."""
    return _images_with_renditions(*THUMBNAIL_SPECS)


@dataclass(frozen=True)
class Picture:
    """What a ``<picture>`` element needs: one ``srcset`` per format, a fallback ``src`` and the size."""

    alt: str
    sources: list[tuple[str, str]]  # (MIME type, srcset)
    src: str
    width: int
    height: int


def picture(product_image: ProductImage, *, specs_by_format: dict[str, list[str]]) -> Picture:
    renditions = product_image.image.get_renditions(*(spec for specs in specs_by_format.values() for spec in specs))
    sources = []
    for fmt, specs in specs_by_format.items():
        srcset = ", ".join(f"{renditions[spec].url} {renditions[spec].width}w" for spec in specs)
        sources.append((f"image/{fmt}", srcset))
    fallback = renditions[specs_by_format[GALLERY_FORMATS[-1]][0]]
    largest = renditions[specs_by_format[GALLERY_FORMATS[-1]][-1]]
    return Picture(alt=product_image.alt, sources=sources, src=fallback.url, width=largest.width, height=largest.height)


def gallery(product: Product) -> list[Picture]:
    specs = {fmt: [gallery_spec(width, fmt) for width in GALLERY_WIDTHS] for fmt in GALLERY_FORMATS}
    return [picture(item, specs_by_format=specs) for item in product.images.all()]


def thumbnail(product: Product) -> Picture | None:
    first = next(iter(product.images.all()), None)
    if first is None:
        return None
    return picture(first, specs_by_format={fmt: [thumbnail_spec(fmt)] for fmt in GALLERY_FORMATS})
