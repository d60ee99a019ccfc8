"""Purging product uploads that nothing needs any more (``purge_orphaned_uploads``).

``catalog.media.storage`` stores every image and brochure a member uploads at once, in the
product uploads collection, before the product's revision that uses it is saved. An
upload therefore outlives the edit it came with when the edit is rejected and replaced,
abandoned, or replaced by a later edit; and a request killed outright (SIGKILL) while it
stored them leaves files in storage with no row at all (any other failure deletes them at
the end of the request: ``portal.uploads.UploadScope``). This module deletes both kinds, daily
(``catalog.tasks.purge_orphaned_product_uploads``) or by hand
(``manage.py purge_product_uploads --dry-run``). The same daily task withdraws the renditions of
images no public product shows (``withdraw_renditions``); one made of such an image (staff in
Wagtail's image library) schedules the same withdrawal ``WITHDRAW_AFTER`` later (``withdraw_soon``).

What is *needed* (never deleted). An image or document of the collection is kept when:

1. a product's current child rows (``ProductImage`` / ``ProductBrochure``) use it: the
   published version of a live product, the draft of a product never published;
2. the content of a revision that can still become (or is) the product's version uses
   it: the product's **latest** revision (the pending edit: members always edit the
   latest version and staff approve only the latest, see ``catalog.services``), its
   **live** revision, and any revision **scheduled** to go live (``approved_go_live_at``);
3. a frozen edition entry points to it (``EditionEntry.image_ref``, any edition: entries
   are only written when an edition is published). Entries hold no brochures;
4. anything else Wagtail's reference index records as using it (a page or snippet that
   staff made with a product picture);
5. it, or a revision using it, is younger than ``PORTAL_ORPHAN_UPLOAD_DAYS`` (30 by
   default): an edit being made right now, or rejected last week and about to be redone,
   keeps its files; so does the revision history of the last month.

The trade-off of rule 2: revisions between the live one and the latest (an edit rejected
and then replaced, a draft saved twice) are superseded snapshots nobody can publish
through the portal, so once older than the grace period their files go. Keeping every
revision newer than the live one would keep forever the files of an edit that is never
approved. Such an older revision then names an image ID that no longer exists: it stays
readable as history, but ``as_object()`` of it leaves out the children whose image or
document is gone (modelcluster checks the foreign keys), so it shows fewer pictures than
it had. Nothing in the portal restores old product revisions (the admin has no revert
for products); the one reader of a non-latest revision is the edit conflict message
(``services._changes_since``), reached only when a form loaded from that revision is
submitted more than the grace period later: it then reports the images as changed.

Queries: a fixed number to decide (the candidates, the child rows, edition entries, the
reference index, and one streamed read of the revisions' ``images`` / ``brochures`` keys,
not their whole content), whatever the number of products and revisions (10,000 products
with 30,000 revisions: that read is one query of about 0.1 s on PostgreSQL); deleting then
costs a few queries per batch plus Wagtail's per-object signal handlers (reference and
search index clean-up), i.e. grows with what is deleted, not with the catalogue. Files
leave storage after the commit (Wagtail's ``post_delete`` handlers).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.db.models.fields.json import KeyTransform
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.models import get_rendition_storage
from wagtail.models import ReferenceIndex, Revision

from catalog.editions.models import EditionEntry
from catalog.media import renditions
from catalog.models import Product, ProductBrochure, ProductImage, UploadsCollection
from portal import outbox
from portal.models import OutboxMessage

logger = logging.getLogger(__name__)

DEFAULT_GRACE_DAYS = 30
#: Rows deleted per transaction; also the chunk of the streamed revision read.
BATCH_SIZE = 200
#: Where Wagtail writes original images and documents (the default, private storage) and renditions
#: (``WAGTAILIMAGES_RENDITION_STORAGE``, the public one): its ``upload_to`` folders.
ORIGINAL_DIRS = ("original_images", "documents")
RENDITION_DIR = "images"
IMAGE_REF_PREFIX = "wagtailimages.image:"


@dataclass
class PurgeResult:
    """What a purge deleted (or, in a dry run, would delete): row IDs and stray file names."""

    dry_run: bool
    cutoff: datetime
    images: list[int] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)
    stray_files: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"images": len(self.images), "documents": len(self.documents), "stray_files": len(self.stray_files)}


def grace_days() -> int:
    return int(getattr(settings, "PORTAL_ORPHAN_UPLOAD_DAYS", DEFAULT_GRACE_DAYS))


def purge_orphaned_uploads(*, dry_run: bool = False, now: datetime | None = None) -> PurgeResult:
    """Delete product uploads nothing needs (see the module docstring) and stray files; say what went.

    Images go with their renditions, documents alone; their files are deleted from storage
    after each batch commits. Safe to run twice or concurrently with members' edits: a row
    is re-checked under a row lock just before it is deleted.
    """
    cutoff = (now or timezone.now()) - timedelta(days=grace_days())
    image_ids, document_ids = orphaned_uploads(cutoff=cutoff)
    result = PurgeResult(dry_run=dry_run, cutoff=cutoff)
    stray = list(_stray(cutoff=cutoff))
    result.stray_files = sorted(name for _storage, name in stray)
    if dry_run:
        result.images, result.documents = image_ids, document_ids
        logger.info(
            "product uploads purge (dry run, older than %s): would delete images %s, documents %s, stray files %s",
            cutoff.isoformat(),
            image_ids,
            document_ids,
            result.stray_files,
        )
        return result
    result.images = _delete(get_image_model(), ProductImage, "image_id", image_ids)
    result.documents = _delete(get_document_model(), ProductBrochure, "document_id", document_ids)
    for storage, name in stray:
        storage.delete(name)
    logger.info(
        "product uploads purge (older than %s): deleted images %s, documents %s, stray files %s",
        cutoff.isoformat(),
        result.images,
        result.documents,
        result.stray_files,
    )
    return result


def withdraw_renditions() -> list[int]:
    """Delete the renditions of "Product uploads" images no public product shows; the IDs of those images.

    Renditions are public files (``catalog.media.renditions``): an image whose product went offline,
    whose edit was rejected, or that staff looked at in Wagtail's image library before the approval
    keeps none for longer than a day. Images an edition entry or a page uses keep theirs; a public
    page makes a missing one again on first view. The files leave storage after the commit.
    """
    collection_id = _collection_id()
    Rendition = get_image_model().get_rendition_model()
    shown = renditions.shown_publicly().values("image_id")
    candidates = set(
        Rendition.objects.filter(image__collection_id=collection_id)
        .exclude(image_id__in=shown)
        .values_list("image_id", flat=True)
        .distinct()
    )
    if candidates:
        candidates -= _edition_image_ids()
        candidates -= _referenced(get_image_model(), candidates)
    if candidates:
        with transaction.atomic():
            Rendition.objects.filter(image_id__in=candidates).delete()
        logger.info("renditions withdrawn from images no public product shows: %s", sorted(candidates))
    return sorted(candidates)


#: How long a rendition of a product upload no public product shows may stay: staff looking at a
#: draft's image in Wagtail's image library make one (a public file); it is withdrawn this much later.
WITHDRAW_AFTER = timedelta(minutes=10)
WITHDRAW_EFFECT = "catalog.withdraw_renditions"


#: Renditions made for what is public (the product pages', an edition PDF's): never a draft's.
_PUBLIC_SPECS = frozenset((*renditions.PUBLIC_SPECS, renditions.EDITION_PICTURE_SPEC))


def withdraw_soon(sender, instance, created, raw=False, **kwargs) -> None:
    """``post_save`` of a rendition: one of a product upload no public product shows is withdrawn soon.

    Wagtail makes a single rendition (the image library's thumbnail, the edit view's preview) with
    ``get_or_create``, which sends the signal. The public specs are skipped without a query (the
    pages' and an edition PDF's, of public or frozen images). One pending withdrawal covers the
    renditions made before it runs (best effort: one made while it runs waits for the daily purge).
    """
    if raw or not created or instance.filter_spec in _PUBLIC_SPECS:
        return
    if instance.image.collection_id != _collection_id():
        return
    if renditions.shown_publicly().filter(image_id=instance.image_id).exists():
        return
    pending = OutboxMessage.objects.filter(effect=WITHDRAW_EFFECT, done_at=None, gave_up_at=None)
    if not pending.exists():
        outbox.schedule(WITHDRAW_EFFECT, delay=WITHDRAW_AFTER)


def orphaned_uploads(*, cutoff: datetime) -> tuple[list[int], list[int]]:
    """IDs of the images and documents of "Product uploads", older than ``cutoff``, that nothing needs."""
    collection_id = _collection_id()
    if collection_id is None:
        return [], []
    Image, Document = get_image_model(), get_document_model()
    images = set(
        Image.objects.filter(collection_id=collection_id, created_at__lt=cutoff)
        .exclude(pk__in=ProductImage.objects.values("image_id"))
        .values_list("pk", flat=True)
    )
    documents = set(
        Document.objects.filter(collection_id=collection_id, created_at__lt=cutoff)
        .exclude(pk__in=ProductBrochure.objects.values("document_id"))
        .values_list("pk", flat=True)
    )
    if images:
        images -= _edition_image_ids()
        images -= _referenced(Image, images)
    if documents:
        documents -= _referenced(Document, documents)
    if images or documents:
        in_revisions_images, in_revisions_documents = _in_needed_revisions(cutoff=cutoff)
        images -= in_revisions_images
        documents -= in_revisions_documents
    return sorted(images), sorted(documents)


def _collection_id() -> int | None:
    return UploadsCollection.objects.values_list("collection_id", flat=True).first()


def _edition_image_ids() -> set[int]:
    ids = set()
    refs = EditionEntry.objects.filter(image_ref__startswith=IMAGE_REF_PREFIX).values_list("image_ref", flat=True)
    for ref in refs.iterator(chunk_size=2000):
        try:
            ids.add(int(ref.removeprefix(IMAGE_REF_PREFIX)))
        except ValueError:
            logger.warning("edition entry image reference %r is not an image ID", ref)
    return ids


def _referenced(model, ids: set[int]) -> set[int]:
    """Those of ``ids`` that Wagtail's reference index says something other than a product uses.

    A product's own references are left out: rules 1 and 2 decide for products, and the
    index's rows for a product can lag behind its versions (they are rebuilt when the row
    is saved, not for each revision), so they would keep a replaced brochure forever.
    """
    found = (
        ReferenceIndex.objects.filter(
            to_content_type=ContentType.objects.get_for_model(model), to_object_id__in=[str(pk) for pk in ids]
        )
        .exclude(base_content_type=ContentType.objects.get_for_model(Product))
        .values_list("to_object_id", flat=True)
    )
    return {int(pk) for pk in found}


def _in_needed_revisions(*, cutoff: datetime) -> tuple[set[int], set[int]]:
    """Image and document IDs in product revisions that are needed (rules 2 and 5), read in one stream."""
    products = Product.objects.all()
    needed = (
        Q(pk__in=products.filter(latest_revision__isnull=False).values("latest_revision_id"))
        | Q(pk__in=products.filter(live_revision__isnull=False).values("live_revision_id"))
        | Q(approved_go_live_at__isnull=False)
        | Q(created_at__gte=cutoff)
    )
    rows = (
        Revision.objects.filter(base_content_type=ContentType.objects.get_for_model(Product))
        .filter(needed)
        .values_list(KeyTransform("images", "content"), KeyTransform("brochures", "content"))
    )
    images, documents = set(), set()
    for image_rows, brochure_rows in rows.iterator(chunk_size=BATCH_SIZE):
        images.update(_ids(image_rows, "image"))
        documents.update(_ids(brochure_rows, "document"))
    return images, documents


def _ids(children, key: str):
    for child in children or ():
        value = child.get(key) if isinstance(child, dict) else None
        if value is not None:
            yield int(value)


def _delete(model, child_model, child_key: str, ids: list[int]) -> list[int]:
    """Delete ``ids`` of ``model`` in batches, skipping any that a child row came to use meanwhile."""
    deleted = []
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        with transaction.atomic():
            # The lock makes a concurrent insert of a child row pointing here (its foreign-key
            # check locks the row too) either commit first, and be seen below, or wait and fail.
            locked = set(model.objects.select_for_update().filter(pk__in=batch).values_list("pk", flat=True))
            locked -= set(child_model.objects.filter(**{f"{child_key}__in": locked}).values_list(child_key, flat=True))
            if locked:
                model.objects.filter(pk__in=locked).delete()
        deleted.extend(sorted(locked))
    return deleted


def stray_files(*, cutoff: datetime) -> list[str]:
    """Files in Wagtail's image and document folders that no row names, last written before ``cutoff``.

    What a request killed outright (SIGKILL) leaves behind: the upload (and its renditions)
    were written to storage, the rows never committed. (A request that ends in any other way
    deletes them itself: ``portal.uploads.UploadScope``.) A file without a row belongs to no
    collection, so this looks at every file Wagtail wrote, whichever app it came from; only
    Wagtail's image, rendition and document models write to these folders.
    """
    return sorted(name for _storage, name in _stray(cutoff=cutoff))


def _stray(*, cutoff: datetime):
    Image, Document = get_image_model(), get_document_model()
    known = set()
    for queryset in (Image.objects.all(), Image.get_rendition_model().objects.all(), Document.objects.all()):
        known.update(queryset.values_list("file", flat=True).iterator(chunk_size=2000))
    places = [(default_storage, folder) for folder in ORIGINAL_DIRS] + [(get_rendition_storage(), RENDITION_DIR)]
    for storage, folder in places:
        for name in _walk(storage, folder):
            if name not in known and _written_before(storage, name, cutoff):
                yield storage, name


def _walk(storage, folder: str):
    try:
        directories, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}")


def _written_before(storage, name: str, cutoff: datetime) -> bool:
    try:
        modified = storage.get_modified_time(name)
    except (NotImplementedError, OSError):
        return False  # unknown age: never delete
    if timezone.is_naive(modified):
        modified = timezone.make_aware(modified)
    return modified < cutoff
