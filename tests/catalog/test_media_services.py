"""Product images and brochures go through review with the product; concurrent edits; decision e-mails."""

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import translation
from wagtail.images import get_image_model

from catalog import services
from catalog.media import renditions, storage
from catalog.models import Product, ProductBrochure, ProductImage
from catalog.vocabulary import ModerationStatus
from portal import uploads
from tests import upload_samples as samples
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def new_image(colour=(200, 30, 30), alt="脑电头环正面", alt_en="Front view"):
    clean = uploads.clean_image(samples.upload("photo.png", samples.png_bytes(colour=colour)))
    return storage.ImageEntry(alt_zh=alt, alt_en=alt_en, upload=clean)


def new_brochure(title="产品手册"):
    clean = uploads.clean_pdf(samples.upload("brochure.pdf", samples.pdf_bytes(pages=2)))
    return storage.BrochureEntry(title_zh=title, upload=clean)


def kept(product_image):
    return storage.ImageEntry(alt_zh=product_image.alt_zh, alt_en=product_image.alt_en, image_id=product_image.image_id)


@pytest.fixture
def live_product():
    return PublishedProductFactory(name_zh="原名称")


@pytest.fixture
def live_editor(live_product):
    return MembershipFactory(organisation=live_product.organisation, role="editor").user


def test_draft_product_gets_images_and_brochures_in_order(editor, organisation, django_capture_on_commit_callbacks):
    product = ProductFactory(organisation=organisation)
    with django_capture_on_commit_callbacks() as after_commit:
        services.update_product(
            actor=editor,
            product=product,
            images=[new_image(alt="第一张"), new_image(colour=(0, 90, 0), alt="第二张")],
            brochures=[new_brochure()],
        )
    assert [i.alt_zh for i in ProductImage.objects.filter(product=product)] == ["第一张", "第二张"]
    assert ProductBrochure.objects.get(product=product).document.file.name.endswith(".pdf")
    image = ProductImage.objects.filter(product=product).first().image
    assert image.collection.name == storage.COLLECTION_NAME
    # An image under review gets no rendition (renditions are public files): not now, not after the commit.
    for callback in after_commit:
        callback()
    assert not image.renditions.exists()


def test_images_added_to_a_live_product_wait_for_review(live_product, live_editor, staff):
    services.update_product(actor=live_editor, product=live_product, images=[new_image()], brochures=[new_brochure()])
    assert not ProductImage.objects.filter(product=live_product).exists()  # the public version has none
    pending = Product.objects.get(pk=live_product.pk).get_latest_revision_as_object()
    assert [i.alt_zh for i in pending.images.all()] == ["脑电头环正面"]
    assert [b.title_zh for b in pending.brochures.all()] == ["产品手册"]

    services.submit_for_review(actor=live_editor, product=live_product)
    services.approve(staff=staff, product=live_product)
    assert ProductImage.objects.filter(product=live_product).count() == 1
    assert ProductBrochure.objects.filter(product=live_product).count() == 1


def test_removing_and_reordering_wait_for_review_too(live_product, live_editor, staff):
    services.update_product(
        actor=live_editor, product=live_product, images=[new_image(alt="甲"), new_image(alt="乙"), new_image(alt="丙")]
    )
    services.submit_for_review(actor=live_editor, product=live_product)
    services.approve(staff=staff, product=live_product)
    first, _second, third = ProductImage.objects.filter(product=live_product)

    services.update_product(actor=live_editor, product=live_product, images=[kept(third), kept(first)])
    assert [i.alt_zh for i in ProductImage.objects.filter(product=live_product)] == ["甲", "乙", "丙"]
    services.submit_for_review(actor=live_editor, product=live_product)
    services.approve(staff=staff, product=live_product)
    assert [i.alt_zh for i in ProductImage.objects.filter(product=live_product)] == ["丙", "甲"]


def test_rejected_image_edit_leaves_the_approved_images_public(live_product, live_editor, staff):
    services.update_product(actor=live_editor, product=live_product, images=[new_image(alt="已批准")])
    services.submit_for_review(actor=live_editor, product=live_product)
    services.approve(staff=staff, product=live_product)
    services.update_product(actor=live_editor, product=live_product, images=[])
    services.submit_for_review(actor=live_editor, product=live_product)
    services.reject(staff=staff, product=live_product, reason="图片不能全部删除")
    assert [i.alt_zh for i in ProductImage.objects.filter(product=live_product)] == ["已批准"]


def test_members_cannot_attach_images_of_other_products(live_product, live_editor):
    other = ProductFactory()
    owner = MembershipFactory(organisation=other.organisation, role="owner").user
    services.update_product(actor=owner, product=other, images=[new_image()])
    foreign = ProductImage.objects.get(product=other)
    with pytest.raises(ValueError):
        services.update_product(actor=live_editor, product=live_product, images=[kept(foreign)])
    assert get_image_model().objects.count() == 1


# --- concurrent edits ---------------------------------------------------------------------


def test_saving_over_a_newer_revision_is_refused_with_what_changed(live_product, live_editor):
    base = live_product.latest_revision_id
    colleague = MembershipFactory(organisation=live_product.organisation, role="owner").user
    services.update_product(
        actor=colleague, product=live_product, base_revision_id=base, name_zh="同事的名称", images=[new_image()]
    )
    with pytest.raises(services.ProductConflict) as info, translation.override("en"):
        services.update_product(actor=live_editor, product=live_product, base_revision_id=base, name_zh="我的名称")
    labels = dict(info.value.changes)
    assert labels["name (Chinese)"] == "同事的名称"
    assert "Images" in labels
    latest = Product.objects.get(pk=live_product.pk)
    assert latest.get_latest_revision_as_object().name_zh == "同事的名称"
    assert info.value.latest_revision_id == latest.latest_revision_id

    # Saving again from the newer revision is a deliberate overwrite.
    services.update_product(
        actor=live_editor, product=live_product, base_revision_id=info.value.latest_revision_id, name_zh="我的名称"
    )
    assert Product.objects.get(pk=live_product.pk).get_latest_revision_as_object().name_zh == "我的名称"


def test_the_same_form_sent_twice_saves_once(live_product, live_editor):
    base = live_product.latest_revision_id
    image = new_image()
    services.update_product(
        actor=live_editor, product=live_product, base_revision_id=base, name_zh="新名称", images=[image]
    )
    revisions = live_product.revisions.count()
    # The second request carries the same fields and the same file again.
    services.update_product(
        actor=live_editor, product=live_product, base_revision_id=base, name_zh="新名称", images=[new_image()]
    )
    assert live_product.revisions.count() == revisions
    assert get_image_model().objects.count() == 1


def test_double_submit_for_review_is_idempotent(editor, organisation):
    product = ProductFactory(organisation=organisation)
    first = services.submit_for_review(actor=editor, product=product)
    submitted_at = first.submitted_at
    again = services.submit_for_review(actor=editor, product=product)
    assert again.moderation_status == ModerationStatus.SUBMITTED
    assert Product.objects.get(pk=product.pk).submitted_at == submitted_at


@pytest.mark.parametrize(("live", "edit"), [(False, {}), (False, {"name_zh": "新名称"}), (True, {"name_zh": "新名称"})])
def test_saving_and_submitting_locks_the_product_row_once(editor, organisation, monkeypatch, live, edit):
    """The form's "Submit for review" locked the row, then the save and the submission each locked it again."""
    product = (PublishedProductFactory if live else ProductFactory)(organisation=organisation)
    locks, lock = [], services._locked
    monkeypatch.setattr(services, "_locked", lambda product: locks.append(product.pk) or lock(product))
    submitted = services.save_and_submit(actor=editor, product=product, **edit)
    assert locks == [product.pk]
    assert submitted.moderation_status == ModerationStatus.SUBMITTED
    saved = Product.objects.get(pk=product.pk)
    assert saved.moderation_status == ModerationStatus.SUBMITTED and saved.submitted_at is not None
    assert saved.get_latest_revision_as_object().name_zh == edit.get("name_zh", product.name_zh)


# --- decision e-mails ----------------------------------------------------------------------


@pytest.fixture
def team(live_product):
    org = live_product.organisation
    return {
        "zh": MembershipFactory(organisation=org, role="owner", user=UserFactory(preferred_language="zh-hans")).user,
        "en": MembershipFactory(organisation=org, role="editor", user=UserFactory(preferred_language="en")).user,
    }


def _decide(decision, product, staff, editor, capture):
    services.update_product(actor=editor, product=product, name_zh="新名称", name_en="New name")
    services.submit_for_review(actor=editor, product=product)
    mail.outbox.clear()
    with capture(execute=True):
        if decision == "approved":
            services.approve(staff=staff, product=product)
        elif decision == "rejected":
            services.reject(staff=staff, product=product, reason="请补充注册证扫描件")
        else:
            services.unpublish(staff=staff, product=product)
    return {message.to[0]: message for message in mail.outbox}


@pytest.mark.parametrize(
    ("decision", "zh_phrase", "en_phrase"),
    [
        ("approved", "批准", "approved"),
        ("rejected", "请补充注册证扫描件", "did not approve"),
        ("unpublished", "下架", "took"),
    ],
)
def test_each_member_gets_the_decision_in_their_own_language(
    decision, zh_phrase, en_phrase, live_product, team, staff, django_capture_on_commit_callbacks
):
    sent = _decide(decision, live_product, staff, team["en"], django_capture_on_commit_callbacks)
    assert set(sent) == {team["zh"].email, team["en"].email}
    chinese, english = sent[team["zh"].email], sent[team["en"].email]
    assert chinese.extra_headers["Content-Language"] == "zh-hans"
    assert english.extra_headers["Content-Language"] == "en"
    assert zh_phrase in chinese.body and en_phrase in english.body
    if decision != "unpublished":  # the subject names the version decided on
        assert "New name" in english.subject and "新名称" in chinese.subject
    html_zh, html_en = chinese.alternatives[0].content, english.alternatives[0].content
    assert zh_phrase in html_zh and en_phrase in html_en
    # The link's label is followed as the language writes a colon: "编辑产品：http…" (it read "： http…"),
    # "Edit the product: http…"; the plain text keeps a space before its address, for mail clients to link it.
    assert "：http" in html_zh and "： " not in html_zh and ": http" in html_en
    assert "： http" in chinese.body
    assert f"/zh-hans/dashboard/products/{live_product.pk}/edit/" in chinese.body
    assert f"/en/dashboard/products/{live_product.pk}/edit/" in english.body
    if decision == "rejected":
        assert "请补充注册证扫描件" in english.body


def test_no_e_mail_when_the_decision_no_longer_holds(live_product, team, staff):
    from catalog import tasks

    mail.outbox.clear()
    tasks.send_product_decision_email(product_id=live_product.pk, decision="unpublished")  # it is live: not true
    tasks.send_product_decision_email(product_id=999999, decision="approved")
    assert mail.outbox == []


def test_demo_pictures_go_through_the_upload_path_once():
    from catalog.demo import media as demo_media
    from portal.demo.registry import DemoContext

    products = [PublishedProductFactory(signal_modality=m, channels=c) for m, c in (("eeg", 32), ("fnirs", 8))]
    ProductFactory()  # a draft gets no picture
    context = DemoContext()
    with TestCase.captureOnCommitCallbacks(execute=True):  # the renditions task runs after the commit
        demo_media.load(context)
        demo_media.load(context)
    assert context.counts[("product image", "created")] == 2
    assert context.counts[("product image", "existing")] == 2
    for product in products:
        item = ProductImage.objects.get(product=product)
        assert item.alt_en.startswith("Illustration of") and item.image.collection.name == storage.COLLECTION_NAME
        assert item.image.renditions.filter(filter_spec=renditions.THUMBNAIL_SPECS[0]).exists()
        assert not Product.objects.get(pk=product.pk).has_unpublished_changes


def test_a_product_taken_offline_while_an_edit_waited_is_edited_from_that_edit(live_product, live_editor, staff):
    """The member's form shows the pending edit (its new picture and brochure): saving it keeps them,
    and what is saved is that edit with the member's changes, not the old published version."""
    services.update_product(
        actor=live_editor,
        product=live_product,
        name_zh="待审名称",
        images=[new_image(alt="待审图片")],
        brochures=[new_brochure(title="待审手册")],
    )
    services.unpublish(staff=staff, product=live_product)
    offline = Product.objects.get(pk=live_product.pk)
    assert not offline.live
    pending = offline.get_latest_revision_as_object()
    image, brochure = pending.images.all()[0], pending.brochures.all()[0]

    services.update_product(
        actor=live_editor,
        product=offline,
        base_revision_id=offline.latest_revision_id,
        summary_zh="改过的简介",
        images=[kept(image)],
        brochures=[storage.BrochureEntry(title_zh="待审手册", document_id=brochure.document_id)],
    )
    saved = Product.objects.get(pk=live_product.pk)
    assert not saved.live and saved.moderation_status == ModerationStatus.DRAFT
    # What belongs to the row, not to a version of its content, is the row's still.
    assert saved.last_published_at == offline.last_published_at is not None
    assert saved.first_published_at == offline.first_published_at
    assert (saved.name_zh, saved.summary_zh) == ("待审名称", "改过的简介")
    assert [i.alt_zh for i in ProductImage.objects.filter(product=saved)] == ["待审图片"]
    assert [b.title_zh for b in ProductBrochure.objects.filter(product=saved)] == ["待审手册"]
    assert saved.get_latest_revision_as_object().summary_zh == "改过的简介"
    services.submit_for_review(actor=live_editor, product=saved)
    services.approve(staff=staff, product=saved)
    assert Product.objects.get(pk=live_product.pk).live
