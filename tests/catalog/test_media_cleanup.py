"""Orphaned product uploads are purged after the grace period; whatever a product or an edition needs stays."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.models import get_rendition_storage

from catalog import services, tasks
from catalog.media import cleanup, renditions, storage
from catalog.models import Product, ProductBrochure, ProductImage
from tests.catalog.edition_factories import published_edition
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.catalog.test_media_services import kept, new_brochure, new_image
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()
GRACE = timedelta(days=30)


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Files of this module's tests only: the stray-file sweep must not see other tests' files."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.PORTAL_ORPHAN_UPLOAD_DAYS = 30


def later(days: int):
    return time_machine.travel(timezone.now() + timedelta(days=days), tick=False)


def purge(**kwargs):
    return cleanup.purge_orphaned_uploads(**kwargs)


def editor_of(product):
    return MembershipFactory(organisation=product.organisation, role="editor").user


def approve(product, editor, staff, **edit):
    services.update_product(actor=editor, product=product, **edit)
    services.submit_for_review(actor=editor, product=product)
    services.approve(staff=staff, product=product)


def pending_images(product):
    return list(Product.objects.get(pk=product.pk).get_latest_revision_as_object().images.all())


def pending_brochures(product):
    return list(Product.objects.get(pk=product.pk).get_latest_revision_as_object().brochures.all())


@pytest.fixture
def history(staff):
    """A live product whose approved images/brochure stay, an edit rejected and then replaced.

    Returns the IDs: approved (public), rejected (replaced, so an orphan), pending (the latest edit).
    """
    product = PublishedProductFactory()
    editor = editor_of(product)
    approve(product, editor, staff, images=[new_image(alt="已批准")], brochures=[new_brochure("已批准手册")])
    approved = ProductImage.objects.get(product=product)
    approved_brochure = ProductBrochure.objects.get(product=product)

    services.update_product(
        actor=editor,
        product=product,
        images=[kept(approved), new_image(colour=(0, 0, 200), alt="被退回")],
        brochures=[new_brochure("被退回手册")],
    )
    services.submit_for_review(actor=editor, product=product)
    services.reject(staff=staff, product=product, reason="图片不清晰")
    rejected = pending_images(product)[1].image_id
    rejected_brochure = pending_brochures(product)[0].document_id

    services.update_product(
        actor=editor,
        product=product,
        images=[kept(approved), new_image(colour=(0, 150, 0), alt="重新上传")],
        brochures=[new_brochure("新手册")],
    )
    pending = pending_images(product)[1].image_id
    pending_brochure = pending_brochures(product)[0].document_id
    return {
        "product": product,
        "approved": approved.image_id,
        "approved_brochure": approved_brochure.document_id,
        "rejected": rejected,
        "rejected_brochure": rejected_brochure,
        "pending": pending,
        "pending_brochure": pending_brochure,
    }


def test_an_edit_rejected_then_replaced_loses_its_uploads_after_the_grace_period(history):
    with later(29):
        result = purge()
    assert result.images == [] and result.documents == []
    assert Image.objects.filter(pk=history["rejected"]).exists()

    with later(31):
        result = purge()
    assert result.images == [history["rejected"]]
    assert result.documents == [history["rejected_brochure"]]
    assert not Image.objects.filter(pk=history["rejected"]).exists()
    assert not Document.objects.filter(pk=history["rejected_brochure"]).exists()
    kept_images = {history["approved"], history["pending"]}
    assert set(Image.objects.values_list("pk", flat=True)) == kept_images
    assert set(Document.objects.values_list("pk", flat=True)) == {
        history["approved_brochure"],
        history["pending_brochure"],
    }
    # The pending edit and the public version still read as before.
    product = history["product"]
    assert [i.alt_zh for i in pending_images(product)] == ["已批准", "重新上传"]
    assert [i.alt_zh for i in ProductImage.objects.filter(product=product)] == ["已批准"]
    # The rejected revision stays readable as history: its child naming the deleted image is dropped.
    rejected_revision = product.revisions.get(content__images__1__alt_zh="被退回")
    assert [i.alt_zh for i in rejected_revision.as_object().images.all()] == ["已批准"]
    assert rejected_revision.as_object().brochures.count() == 0


def test_counts_are_returned_and_logged(history, caplog):
    with later(31), caplog.at_level("INFO", logger="catalog.media.cleanup"):
        result = purge()
    assert result.counts() == {"images": 1, "documents": 1, "stray_files": 0}
    assert str(history["rejected"]) in caplog.text


def test_files_and_renditions_leave_storage(history, django_capture_on_commit_callbacks):
    image = Image.objects.get(pk=history["rejected"])
    image.get_renditions(*renditions.PUBLIC_SPECS)  # what a public page made while the image was shown
    files = [image.file, Document.objects.get(pk=history["rejected_brochure"]).file]
    files += [rendition.file for rendition in image.renditions.all()]
    assert str(image.file.path).startswith(str(default_storage.location))
    assert len(files) == 2 + len(renditions.PUBLIC_SPECS)
    assert all(file.storage.exists(file.name) for file in files)

    with later(31), django_capture_on_commit_callbacks(execute=True):
        purge()
    assert not any(file.storage.exists(file.name) for file in files)
    kept_image = Image.objects.get(pk=history["approved"])
    assert default_storage.exists(kept_image.file.name)


def test_a_dry_run_deletes_nothing(history, django_capture_on_commit_callbacks):
    stray = default_storage.save("original_images/stray.png", ContentFile(b"x"))
    with later(31), django_capture_on_commit_callbacks(execute=True):
        result = purge(dry_run=True)
    assert result.images == [history["rejected"]]
    assert result.documents == [history["rejected_brochure"]]
    assert result.stray_files == [stray]
    assert Image.objects.filter(pk=history["rejected"]).exists()
    assert Document.objects.filter(pk=history["rejected_brochure"]).exists()
    assert default_storage.exists(Image.objects.get(pk=history["rejected"]).file.name)
    assert default_storage.exists(stray)


def test_uploads_replaced_by_an_approved_edit_go_but_an_edition_keeps_its_snapshot_image(staff):
    recommended = PublishedProductFactory()
    other = PublishedProductFactory()
    for product in (recommended, other):
        approve(product, editor_of(product), staff, images=[new_image(alt="旧图")], brochures=[new_brochure("旧手册")])
    old_recommended = ProductImage.objects.get(product=recommended).image_id
    old_other = ProductImage.objects.get(product=other).image_id
    old_brochures = set(ProductBrochure.objects.values_list("document_id", flat=True))
    edition = published_edition(year=2099, products=[recommended])
    assert edition.entries.get().image_ref == f"wagtailimages.image:{old_recommended}"

    for product in (recommended, other):
        approve(product, editor_of(product), staff, images=[new_image(colour=(9, 9, 9), alt="新图")], brochures=[])

    with later(31):
        result = purge()
    assert result.images == [old_other]
    assert sorted(result.documents) == sorted(old_brochures)  # editions freeze no brochures
    assert Image.objects.filter(pk=old_recommended).exists()


def test_a_draft_product_keeps_its_current_upload_and_loses_the_replaced_one(editor, organisation):
    product = ProductFactory(organisation=organisation)
    services.update_product(actor=editor, product=product, images=[new_image(alt="第一版")])
    first = ProductImage.objects.get(product=product).image_id
    services.update_product(actor=editor, product=product, images=[new_image(colour=(1, 2, 3), alt="第二版")])
    second = ProductImage.objects.get(product=product).image_id

    with later(31):
        assert purge().images == [first]
    assert Image.objects.filter(pk=second).exists()


def test_an_upload_no_revision_names_yet_waits_for_the_grace_period(history, staff):
    """A form still saving (or one that stored the file and then failed) has an image no version uses."""
    image = storage.store_image(new_image(colour=(5, 5, 5)).upload, title="保存中", actor=staff)
    assert image.pk not in purge().images
    with later(31):
        assert image.pk in purge().images


def test_an_old_revision_is_history_for_the_grace_period(history):
    """The superseded revision younger than the grace period keeps its files, even if the file is older."""
    product = history["product"]
    with later(20):
        # A copy of the rejected edit's revision, made 20 days on: younger than the grace period.
        revision = product.revisions.filter(content__images__1__image=history["rejected"]).get()
        revision.pk = None
        revision.created_at = timezone.now()
        revision.save()
    with later(31):
        assert history["rejected"] not in purge().images
    with later(51):
        assert history["rejected"] in purge().images


def test_a_scheduled_revision_keeps_its_files(history):
    product = history["product"]
    revision = product.revisions.filter(content__images__1__image=history["rejected"]).get()
    revision.approved_go_live_at = timezone.now() + timedelta(days=60)
    revision.save(update_fields=["approved_go_live_at"])
    with later(31):
        assert history["rejected"] not in purge().images


def test_child_rows_written_without_a_revision_keep_their_files(history):
    """Demo and bench data write ``ProductImage`` rows directly: the row alone keeps the image."""
    product = ProductFactory()
    ProductImage.objects.create(product=product, image_id=history["rejected"], alt_zh="演示")
    ProductBrochure.objects.create(product=product, document_id=history["rejected_brochure"], title_zh="演示")
    with later(31):
        would = purge(dry_run=True)
        result = purge()
    assert (would.images, would.documents) == ([], [])
    assert (result.images, result.documents) == ([], [])


def test_a_page_using_a_product_upload_keeps_it(history):
    from wagtail.models import Page, ReferenceIndex

    from portal.models.pages import HomePage

    page = HomePage(title="专题", slug="feature-cleanup", hero_title="专题", hero_image_id=history["rejected"])
    Page.get_first_root_node().add_child(instance=page)
    ReferenceIndex.create_or_update_for_object(page)
    with later(31):
        assert purge().images == []


def test_uploads_outside_the_product_collection_are_left_alone(history):
    Image.objects.filter(pk=history["rejected"]).update(collection=storage.uploads_collection().get_parent())
    with later(31):
        result = purge()
    assert result.images == []
    assert Image.objects.filter(pk=history["rejected"]).exists()


def test_an_image_a_product_came_to_use_meanwhile_is_not_deleted(history):
    """The last check before deleting: a child row written after the candidates were chosen wins."""
    ProductImage.objects.create(product=history["product"], image_id=history["rejected"], alt_zh="并发")
    assert cleanup._delete(Image, ProductImage, "image_id", [history["rejected"]]) == []
    assert Image.objects.filter(pk=history["rejected"]).exists()


def test_stray_files_of_a_failed_form_are_deleted_after_the_grace_period(history, django_capture_on_commit_callbacks):
    stray_original = default_storage.save("original_images/rolled_back.png", ContentFile(b"png"))
    stray_rendition = get_rendition_storage().save("images/rolled_back.width-480.webp", ContentFile(b"webp"))
    stray_document = default_storage.save("documents/rolled_back.pdf", ContentFile(b"%PDF"))
    elsewhere = default_storage.save("editions/2099/export.pdf", ContentFile(b"%PDF"))
    approved_file = Image.objects.get(pk=history["approved"]).file.name

    with later(29):
        assert purge().stray_files == []
    with later(31), django_capture_on_commit_callbacks(execute=True):
        result = purge()
    assert result.stray_files == sorted([stray_original, stray_rendition, stray_document])
    assert not default_storage.exists(stray_original) and not default_storage.exists(stray_document)
    assert not get_rendition_storage().exists(stray_rendition)
    assert default_storage.exists(elsewhere)
    assert default_storage.exists(approved_file)


def test_the_grace_period_is_a_setting(history, settings):
    settings.PORTAL_ORPHAN_UPLOAD_DAYS = 5
    with later(6):
        assert purge().images == [history["rejected"]]


def test_the_task_and_the_command(history):
    with later(31):
        out = StringIO()
        call_command("purge_product_uploads", "--dry-run", stdout=out)
        assert f"Would delete 1 images: {history['rejected']}" in out.getvalue()
        assert f"Would delete 1 documents: {history['rejected_brochure']}" in out.getvalue()
        assert Image.objects.filter(pk=history["rejected"]).exists()
        counts = tasks.purge_orphaned_product_uploads.delay().get()
        assert counts == {"images": 1, "documents": 1, "stray_files": 0, "renditions_withdrawn": 0}
    assert not Image.objects.filter(pk=history["rejected"]).exists()


# --- queries -----------------------------------------------------------------------------------


def edited_products(count: int, staff) -> None:
    """``count`` live products, each with an approved image and two superseded pending edits."""
    for _ in range(count):
        product = PublishedProductFactory()
        editor = editor_of(product)
        approve(product, editor, staff, images=[new_image()])
        approved = ProductImage.objects.get(product=product)
        for colour in ((1, 1, 1), (2, 2, 2)):
            services.update_product(actor=editor, product=product, images=[kept(approved), new_image(colour=colour)])


def queries_to_purge() -> int:
    with later(31), CaptureQueriesContext(connection) as captured:
        purge(dry_run=True)
    return len(captured)


def test_deciding_takes_the_same_queries_whatever_the_number_of_products(staff):
    edited_products(1, staff)
    small = queries_to_purge()
    assert small <= 10  # collection, candidates x2, editions, reference index, revisions, stored files x3
    edited_products(4, staff)
    assert queries_to_purge() == small
    with later(31):
        assert len(purge(dry_run=True).images) == 5  # the first superseded edit of each product


def test_deleting_grows_with_what_is_deleted_not_with_the_catalogue(staff):
    edited_products(1, staff)
    with later(31), CaptureQueriesContext(connection) as one_deleted:
        assert len(purge().images) == 1
    edited_products(3, staff)
    with later(62), CaptureQueriesContext(connection) as three_deleted:
        assert len(purge().images) == 3
    # Deciding is constant; each deleted image costs Wagtail's per-object signal handlers
    # (15 today: mostly one per rendition, whose handler loads its image), never a query per product.
    per_image = (len(three_deleted) - len(one_deleted)) / 2
    assert per_image <= 20, [q["sql"][:150] for q in three_deleted.captured_queries]
