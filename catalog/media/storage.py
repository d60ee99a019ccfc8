"""Storing product uploads as Wagtail images and documents, and the member's ordered lists of them (writes)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from catalog.models import Product, ProductBrochure, ProductImage, UploadsCollection
from portal import permissions as portal_permissions
from portal.db import object_lock
from portal.uploads import CleanImage, CleanPDF

logger = logging.getLogger(__name__)

#: The name a new uploads collection gets: Wagtail shows a collection's name untranslated, so it is
#: written in both languages (as the default workflow's is). ``UploadsCollection`` finds it, whatever its name.
COLLECTION_NAME = "产品上传 · Product uploads"
UPLOADS_COLLECTION_LOCK = "catalog.uploads_collection"


def uploads_collection() -> Collection:
    """The collection product images and brochures go to (made on first use), visible to staff only.

    Made under a lock (``portal.db.object_lock``, held until the upload's transaction ends): two
    first uploads at once on a new database would each find none and make one; the second now
    waits for the first and finds its collection.
    """
    known = UploadsCollection.objects.select_related("collection").first()
    if known is not None and CollectionViewRestriction.objects.filter(collection=known.collection).exists():
        return known.collection
    with transaction.atomic():
        object_lock(UPLOADS_COLLECTION_LOCK)
        return _make_uploads_collection()


def _make_uploads_collection() -> Collection:
    known = UploadsCollection.objects.select_related("collection").first()
    if known is not None:
        collection = known.collection
    else:
        collection = Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
        UploadsCollection.objects.create(collection=collection)
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
    """A Wagtail image from a validated upload, under review: its public renditions wait for the approval."""
    return _store(get_image_model(), clean, title=title, fallback="image", actor=actor)


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


def _kept_or_stored(product: Product, related_name: str, file_field: str, entries, store) -> list:
    """The file of each of ``entries``, in order: its new upload stored (``store(entry)``), or the one
    of the product's ``related_name`` list its ``<file_field>_id`` names. That id must be one the
    product's version being edited already has: a member cannot attach another organisation's file by its ID.
    """
    current = {getattr(item, f"{file_field}_id"): item for item in getattr(product, related_name).all()}
    files = []
    for entry in entries:
        file_id = getattr(entry, f"{file_field}_id")
        if entry.upload is not None:
            files.append(store(entry))
        elif file_id in current:
            files.append(getattr(current[file_id], file_field))
        else:
            raise ValueError(f"{file_field} {file_id} is not one of this product's {related_name}")
    return files


def set_images(product: Product, entries: list[ImageEntry], *, actor) -> None:
    """Replace the product's images (in memory) by ``entries``, storing new uploads."""
    images = _kept_or_stored(
        product, "images", "image", entries, lambda entry: store_image(entry.upload, title=entry.alt_zh, actor=actor)
    )
    product.images = [
        ProductImage(image=image, alt_zh=entry.alt_zh, alt_en=entry.alt_en, sort_order=position)
        for position, (entry, image) in enumerate(zip(entries, images, strict=True))
    ]


def set_brochures(product: Product, entries: list[BrochureEntry], *, actor) -> None:
    """Replace the product's brochures (in memory) by ``entries``, storing new uploads."""
    documents = _kept_or_stored(
        product,
        "brochures",
        "document",
        entries,
        lambda entry: store_document(entry.upload, title=entry.title_zh, actor=actor),
    )
    product.brochures = [
        ProductBrochure(document=document, title_zh=entry.title_zh, title_en=entry.title_en, sort_order=position)
        for position, (entry, document) in enumerate(zip(entries, documents, strict=True))
    ]
