"""Renditions of product images: the specs the pages use, making them, and what a ``<picture>`` needs.

Renditions are files in the public media folder (``WAGTAILIMAGES_RENDITION_STORAGE``), served
without a check, so only images a public product shows get them. They are made after the commit
that publishes a product, by the outbox effect ``catalog.make_renditions`` (``make_renditions``;
eager in dev), not in the staff member's request. The pages prefetch exactly the specs below
(``catalog.media.queries``); one that is still missing (the effect has not run yet, or failed,
or the organisation was verified after the product was approved) is made when a public page
first asks for it, from the stored original, which is at most
``PORTAL_UPLOAD_IMAGE_STORED_MAX_SIDE`` pixels wide.

An image under review (a draft's, a pending edit's) is seen only by its organisation's editors
and alliance staff, through ``catalog.media.views.product_image_preview``: a small preview made
in memory from the private original, never stored.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from catalog.models import Product, ProductImage
from portal import outbox

#: Gallery widths (srcset) and the formats offered: WebP first, JPEG for older browsers.
GALLERY_WIDTHS = (480, 960, 1440)
GALLERY_FORMATS = ("webp", "jpeg")
#: The list page's thumbnail, cropped to one shape so rows line up.
THUMBNAIL_SIZE = (320, 240)
#: The member's form and the admin show small previews (made in memory: ``preview``).
PREVIEW_SPEC = "max-160x120"


def gallery_spec(width: int, fmt: str) -> str:
    return f"width-{width}|format-{fmt}"


def thumbnail_spec(fmt: str) -> str:
    return f"fill-{THUMBNAIL_SIZE[0]}x{THUMBNAIL_SIZE[1]}|format-{fmt}"


GALLERY_SPECS = tuple(gallery_spec(width, fmt) for fmt in GALLERY_FORMATS for width in GALLERY_WIDTHS)
THUMBNAIL_SPECS = tuple(thumbnail_spec(fmt) for fmt in GALLERY_FORMATS)
PUBLIC_SPECS = (*GALLERY_SPECS, *THUMBNAIL_SPECS)
#: An edition's PDF: an entry's picture (``catalog.editions.pdf``), of an image an edition entry keeps.
EDITION_PICTURE_SPEC = "max-800x600|format-jpeg"


def shown_publicly():
    """The product images public products show (their published rows): the only ones with renditions."""
    return ProductImage.objects.filter(product__in=Product.objects.public())


def schedule(product: Product) -> None:
    """After the commit that publishes ``product``, make its images' renditions (outbox effect, by a worker)."""
    for image_id in product.images.values_list("image_id", flat=True):
        outbox.schedule("catalog.make_renditions", {"image_id": image_id})


def make_renditions(image_id: int) -> None:
    """Make every rendition the public pages use of image ``image_id``, if a public product shows it.

    Idempotent: existing ones are kept. An image that is not public (any more, or not yet: the
    approval was undone before the effect ran) gets none.
    """
    if not shown_publicly().filter(image_id=image_id).exists():
        return
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return  # deleted meanwhile (a purge): nothing to make
    image.get_renditions(*_filters(PUBLIC_SPECS))


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
_FILTERS: dict[str, Filter] = {spec: Filter(spec=spec) for spec in (*PUBLIC_SPECS, PREVIEW_SPEC)}


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
    """The address of a small preview of an image of a product's version, seen by its editors and staff."""
    return reverse("catalog:product_image_preview", args=[product_image.product_id, product_image.image_id])


def preview(image) -> tuple[bytes, str]:
    """A small preview of ``image`` made in memory (no rendition file): its bytes and content type."""
    made = image.generate_rendition_file(_FILTERS[PREVIEW_SPEC])
    content_type = mimetypes.guess_type(made.name)[0] or "application/octet-stream"
    made.seek(0)  # left at the end by the writing
    return made.read(), content_type
