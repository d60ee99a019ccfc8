"""Member product form with images and brochures; public gallery and downloads; two editors at once."""

import re

import pytest
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.images import get_image_model

from catalog import services
from catalog.media import storage
from catalog.models import Product, ProductBrochure, ProductImage
from portal import public_cache, uploads
from portal.idempotency import issue_token
from tests import upload_samples as samples
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.factories import MembershipFactory
from tests.matrix import STAFF, world  # noqa: F401

pytestmark = pytest.mark.django_db


def _url(name, language="zh-hans", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


FIELDS = {
    "name_zh": "专注力脑电头环",
    "name_en": "Focus EEG headband",
    "model_number": "FB-2",
    "summary_zh": "课堂专注度监测。",
    "summary_en": "",
    "description_zh": "",
    "description_en": "",
    "bci_type": "non_invasive",
    "signal_modality": "eeg",
    "electrode_type": "dry",
    "functions": ["state_monitoring"],
    "application_fields": ["education"],
    "regulatory_class": "non_medical",
    "registration_number": "",
    "channels": "4",
    "sampling_rate_hz": "",
    "battery_hours": "",
    "weight_g": "",
    "website": "",
    "release_date": "",
}


def _management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "12",
    }


def form_data(images=(), brochures=(), initial_images=0, **overrides):
    """POST data: ``images`` / ``brochures`` are dicts of row fields (``file`` an upload)."""
    data = {**FIELDS, "creation_token": issue_token("catalog.product"), **overrides}
    data.update(_management("images", len(images), initial_images))
    data.update(_management("brochures", len(brochures)))
    for prefix, rows in (("images", images), ("brochures", brochures)):
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return data


def png(name="photo.png", **kwargs):
    return samples.upload(name, samples.png_bytes(**kwargs), "image/png")


def edit_data(product, rows, **overrides):
    """The edit form as loaded now, with image ``rows`` (kept rows carry ``image_id``)."""
    version = Product.objects.get(pk=product.pk)
    initial = sum(1 for row in rows if row.get("image_id"))
    return form_data(images=rows, initial_images=initial, base_revision=version.latest_revision_id, **overrides)


@pytest.fixture
def member(client, editor):
    client.force_login(editor)
    return client


# --- creating and editing ----------------------------------------------------------------


def test_member_creates_a_product_with_images_and_a_brochure(member, organisation):
    data = form_data(
        images=[
            {"file": png(), "alt_zh": "头环正面", "alt_en": "Front", "ORDER": "2"},
            {"file": png("side.png", colour=(0, 0, 200)), "alt_zh": "头环侧面", "ORDER": "1"},
        ],
        brochures=[
            {"file": samples.upload("手册.pdf", samples.pdf_bytes(), "application/pdf"), "title_zh": "产品手册"}
        ],
    )
    response = member.post(_url("catalog:product_create", organisation_pk=organisation.pk), data)
    product = Product.objects.get(organisation=organisation)
    assert response.status_code == 302
    assert [i.alt_zh for i in ProductImage.objects.filter(product=product)] == ["头环侧面", "头环正面"]
    assert ProductBrochure.objects.get(product=product).title_zh == "产品手册"
    page = member.get(_url("catalog:product_edit", pk=product.pk))
    assert page.status_code == 200 and "头环侧面" in page.text
    assert 'enctype="multipart/form-data"' in page.text


HOSTILE = [
    ("images", "shell.png", samples.PHP_AS_PNG, "markup (SVG, HTML or scripts)"),
    ("images", "page.png", samples.HTML_AS_PNG, "markup (SVG, HTML or scripts)"),
    ("images", "logo.svg", samples.SVG_WITH_SCRIPT, "markup (SVG, HTML or scripts)"),
    ("images", "brochure.png", b"%PDF-1.7 not really", "not a JPEG, PNG or WebP image"),
    ("images", "bomb.png", samples.png_declaring(30000, 30000), "megapixels"),
    ("images", "huge.png", samples.png_declaring(13000, 16), "neither side may exceed"),
    ("images", "broken.png", samples.truncated_png(), "damaged or incomplete"),
    ("brochures", "photo.pdf", samples.png_bytes(), "not a PDF document"),
    ("brochures", "script.pdf", samples.pdf_bytes(javascript=True), "contains scripts"),
]


@pytest.mark.parametrize(("kind", "name", "content", "message"), HOSTILE, ids=[row[1] for row in HOSTILE])
def test_hostile_upload_gets_its_error_beside_the_field_and_keeps_the_other_input(
    member, organisation, kind, name, content, message
):
    row = {"file": samples.upload(name, content), "alt_zh": "说明文字", "title_zh": "说明文字"}
    data = form_data(**{kind: [row]}, name_en="Kept English name", description_zh="保留的描述")
    response = member.post(_url("catalog:product_create", "en", organisation_pk=organisation.pk), data)
    assert response.status_code == 400
    assert not Product.objects.filter(organisation=organisation).exists()
    formset = getattr(response.context["media_forms"], kind)
    assert message in " ".join(formset.forms[0].errors["file"])
    # the message is rendered next to the file field, and every other input is kept
    assert message in response.text.replace("&#x27;", "'")
    assert 'value="Kept English name"' in response.text and "保留的描述" in response.text
    assert 'value="说明文字"' in response.text
    assert get_image_model().objects.count() == 0


def test_oversized_upload_request_gets_a_413_page(member, organisation, settings):
    settings.PORTAL_UPLOAD_MAX_REQUEST_BYTES = 50_000
    big = samples.upload("big.png", b"\x89PNG" + b"\0" * 60_000)
    response = member.post(
        _url("catalog:product_create", "en", organisation_pk=organisation.pk),
        form_data(images=[{"file": big, "alt_zh": "大图"}]),
    )
    assert response.status_code == 413
    assert "The upload is too large" in response.text


def test_a_valid_image_sent_back_for_another_fields_error_is_asked_for_again(member, organisation):
    """The browser cannot refill a file input: the page says to choose the file again (it was silently gone)."""
    data = form_data(images=[{"file": png(), "alt_zh": "头环正面"}], name_zh="")
    response = member.post(_url("catalog:product_create", "en", organisation_pk=organisation.pk), data)
    assert response.status_code == 400 and response.context["form"].has_error("name_zh")
    assert "A browser cannot keep the files you chose: choose them again before saving." in response.text
    html = member.post(_url("catalog:product_create", organisation_pk=organisation.pk), data).text
    assert "浏览器无法保留您已选择的文件" in html
    # Without a file, nothing to choose again.
    response = member.post(_url("catalog:product_create", "en", organisation_pk=organisation.pk), form_data(name_zh=""))
    assert "choose them again" not in response.text


def test_image_needs_alt_text_and_a_row_needs_a_file(member, organisation):
    data = form_data(images=[{"file": png(), "alt_zh": ""}, {"alt_zh": "没有文件"}])
    response = member.post(_url("catalog:product_create", "en", organisation_pk=organisation.pk), data)
    assert response.status_code == 400
    rows = response.context["media_forms"].images.forms
    assert "alt_zh" in rows[0].errors and "file" in rows[1].errors


def test_an_image_rows_error_is_listed_in_the_forms_error_box(member, organisation, editor):
    """An edit whose only error was an image without its description came back (400) without the error box:
    nothing at the top of the page said why it was not saved, the error was five phone screens below."""
    product = ProductFactory(organisation=organisation)
    services.update_product(
        actor=editor, product=product, images=[storage.ImageEntry(alt_zh="正面", upload=uploads.clean_image(png()))]
    )
    image = ProductImage.objects.get(product=product)
    rows = [{"image_id": image.image_id, "alt_zh": ""}]
    response = member.post(_url("catalog:product_edit", pk=product.pk), edit_data(product, rows))
    assert response.status_code == 400 and not response.context["form"].errors
    box = re.search(r'<div class="form-errors" role="alert">.*?</div>', response.text, re.S)
    assert box and '<a href="#id_images-0-alt_zh">图片说明（中文）：请用中文描述这张图片' in box.group(0)
    # With the product's own fields in error too, the box lists both, the product's first.
    data = form_data(images=[{"file": png(), "alt_zh": ""}], signal_modality="")
    html = member.post(_url("catalog:product_create", "en", organisation_pk=organisation.pk), data).text
    box = re.search(r'<div class="form-errors" role="alert">.*?</div>', html, re.S).group(0)
    assert box.index('href="#id_signal_modality"') < box.index('href="#id_images-0-alt_zh"')


def test_member_removes_and_reorders_images_and_the_change_waits_for_review(client, staff):
    product = PublishedProductFactory()
    editor = MembershipFactory(organisation=product.organisation).user
    entries = [storage.ImageEntry(alt_zh=alt, upload=uploads.clean_image(png())) for alt in ("甲", "乙", "丙")]
    services.update_product(actor=editor, product=product, images=entries)
    services.submit_for_review(actor=editor, product=product)
    services.approve(staff=staff, product=product)
    first, second, third = ProductImage.objects.filter(product=product)

    client.force_login(editor)
    rows = [
        {"image_id": first.image_id, "alt_zh": "甲", "ORDER": "2"},
        {"image_id": second.image_id, "alt_zh": "乙", "ORDER": "3", "DELETE": "on"},
        {"image_id": third.image_id, "alt_zh": "丙", "ORDER": "1"},
    ]
    response = client.post(
        _url("catalog:product_edit", pk=product.pk), edit_data(product, rows, name_zh=product.name_zh)
    )
    assert response.status_code == 302
    assert [i.alt_zh for i in ProductImage.objects.filter(product=product)] == ["甲", "乙", "丙"]  # still public
    pending = Product.objects.get(pk=product.pk).get_latest_revision_as_object()
    assert [i.alt_zh for i in pending.images.all()] == ["丙", "甲"]


def test_a_tampered_image_id_is_refused(member, organisation):
    other = ProductFactory()
    owner = MembershipFactory(organisation=other.organisation, role="owner").user
    services.update_product(
        actor=owner, product=other, images=[storage.ImageEntry(alt_zh="别人的", upload=uploads.clean_image(png()))]
    )
    foreign = ProductImage.objects.get(product=other)
    mine = ProductFactory(organisation=organisation)
    rows = [{"image_id": foreign.image_id, "alt_zh": "偷来的"}]
    response = member.post(_url("catalog:product_edit", "en", pk=mine.pk), edit_data(mine, rows))
    assert response.status_code == 400
    assert "no longer part of the product" in response.text
    assert not ProductImage.objects.filter(product=mine).exists()


def test_form_without_media_lists_leaves_images_alone(member, organisation, editor):
    product = ProductFactory(organisation=organisation)
    kept = storage.ImageEntry(alt_zh="保留", upload=uploads.clean_image(png()))
    services.update_product(actor=editor, product=product, images=[kept])
    data = {key: value for key, value in form_data().items() if not key.startswith(("images-", "brochures-"))}
    response = member.post(_url("catalog:product_edit", pk=product.pk), data)
    assert response.status_code == 302
    assert [i.alt_zh for i in ProductImage.objects.filter(product=product)] == ["保留"]


# --- two editors at once ----------------------------------------------------------------------


def test_two_editors_editing_at_once_see_a_conflict_and_keep_their_input(organisation, editor, owner):
    product = PublishedProductFactory(organisation=organisation)
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(owner)
    url = _url("catalog:product_edit", "en", pk=product.pk)
    loaded = [first.get(url), second.get(url)]
    base = [page.context["form"]["base_revision"].value() for page in loaded]
    assert base[0] == base[1] == product.latest_revision_id

    assert first.post(url, form_data(base_revision=base[0], name_zh="第一位的名称")).status_code == 302
    response = second.post(url, form_data(base_revision=base[1], name_zh="第二位的名称", summary_en="Second's summary"))
    assert response.status_code == 409
    assert "Someone else changed this product" in response.text
    assert "第一位的名称" in response.text  # what changed
    assert 'value="第二位的名称"' in response.text and "Second&#x27;s summary" in response.text  # input kept
    latest = Product.objects.get(pk=product.pk)
    assert latest.get_latest_revision_as_object().name_zh == "第一位的名称"
    # The kept form now names the newer revision: saving it again is a deliberate overwrite.
    rebased = re.search(r'name="base_revision" value="(\d+)"', response.text).group(1)
    assert int(rebased) == latest.latest_revision_id
    again = second.post(url, form_data(base_revision=rebased, name_zh="第二位的名称"))
    assert again.status_code == 302
    assert Product.objects.get(pk=product.pk).get_latest_revision_as_object().name_zh == "第二位的名称"


def test_an_edit_from_a_page_listing_an_image_removed_meanwhile_is_a_conflict_not_a_dead_end(
    organisation, editor, owner
):
    """A second tab still listed an image the first one removed: its save was refused with "This item is
    no longer part of the product. Reload the page", again at every save, so the member could keep what
    they typed only by giving it up. It is the conflict of two editors: their input is kept, the lists
    are the newer version's, and saving again goes in."""
    product = ProductFactory(organisation=organisation)
    entries = [storage.ImageEntry(alt_zh=alt, upload=uploads.clean_image(png())) for alt in ("甲", "乙")]
    services.update_product(actor=editor, product=product, images=entries)
    first_image, second_image = ProductImage.objects.filter(product=product)
    both = [{"image_id": first_image.image_id, "alt_zh": "甲"}, {"image_id": second_image.image_id, "alt_zh": "乙"}]
    stale = edit_data(product, both, summary_zh="第二个标签页里写的摘要。")
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(owner)
    url = _url("catalog:product_edit", "en", pk=product.pk)
    removed = [{**both[0], "DELETE": "on"}, both[1]]
    assert first.post(url, edit_data(product, removed)).status_code == 302

    response = second.post(url, stale)
    assert response.status_code == 409
    assert "Someone else changed this product" in response.text and "no longer part of the product" not in response.text
    assert "第二个标签页里写的摘要。" in response.text  # their input is kept
    images = response.context["media_forms"].images
    assert [form.initial["image_id"] for form in images.initial_forms] == [second_image.image_id]
    again = second.post(url, edit_data(product, [both[1]], summary_zh="第二个标签页里写的摘要。"))
    assert again.status_code == 302
    latest = Product.objects.get(pk=product.pk).get_latest_revision_as_object()
    assert latest.summary_zh == "第二个标签页里写的摘要。"
    assert [item.image_id for item in latest.images.all()] == [second_image.image_id]


def test_double_submitted_edit_and_submit_for_review(member, organisation):
    product = ProductFactory(organisation=organisation)
    url = _url("catalog:product_edit", pk=product.pk)
    data = edit_data(product, [{"file": png(), "alt_zh": "一张图"}], name_zh="新名称")
    assert member.post(url, data).status_code == 302
    data = edit_data(product, [{"file": png(), "alt_zh": "一张图"}], name_zh="新名称")
    data["base_revision"] = str(product.latest_revision_id)  # the same, stale form sent again
    revisions = product.revisions.count()
    assert member.post(url, data).status_code == 302
    assert product.revisions.count() == revisions
    assert ProductImage.objects.filter(product=product).count() == 1

    kept = [{"image_id": ProductImage.objects.get(product=product).image_id, "alt_zh": "一张图"}]
    data = edit_data(product, kept, name_zh="新名称")
    data["submit_for_review"] = "1"
    assert member.post(url, data).status_code == 302
    second = member.post(url, data, follow=True)
    assert second.status_code == 200
    messages = [str(m) for m in second.context["messages"]]
    assert not any("already" in m for m in messages)


# --- public pages -------------------------------------------------------------------------------


def _published_with_images(count, staff):
    product = PublishedProductFactory()
    editor = MembershipFactory(organisation=product.organisation).user
    entries = [
        storage.ImageEntry(
            alt_zh=f"图{n}", alt_en=f"Picture {n}", upload=uploads.clean_image(png(colour=(n * 30, 0, 0)))
        )
        for n in range(count)
    ]
    brochure = storage.BrochureEntry(
        title_zh="手册", upload=uploads.clean_pdf(samples.upload("b.pdf", samples.pdf_bytes()))
    )
    services.update_product(actor=editor, product=product, images=entries, brochures=[brochure])
    services.submit_for_review(actor=editor, product=product)
    with TestCase.captureOnCommitCallbacks(execute=True):  # renditions are made after the approval, as in production
        services.approve(staff=staff, product=product)
    return product


def test_gallery_query_count_does_not_grow_with_images(client, staff, user):
    client.force_login(user)  # signed in: the page is rendered, not served from the public cache
    counts = {}
    for count in (0, 1, 6):
        product = _published_with_images(count, staff) if count else PublishedProductFactory()
        url = _url("catalog:product_detail", "en", pk=product.pk)
        client.get(url)  # warm what the chrome remembers
        public_cache.invalidate("catalog")  # the product with its media is remembered too: read it afresh
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.text.count('<source type="image/webp"') == count
        counts[count] = len(queries)
    assert counts[1] == counts[6]
    # images with their Wagtail images (joined), their renditions, brochures with documents; nothing without media
    assert counts[1] - counts[0] == 3


def test_gallery_markup_offers_webp_and_a_jpeg_fallback(client, staff):
    product = _published_with_images(1, staff)
    response = client.get(_url("catalog:product_detail", pk=product.pk))
    source = re.search(r'<source type="image/webp" srcset="([^"]+)"', response.text).group(1)
    img = re.search(r'<img src="([^"]+)" srcset="([^"]+)"', response.text)
    assert ".webp" in source and img.group(1).endswith(".jpg") and ".jpg" in img.group(2)
    assert 'alt="图0"' in response.text
    assert product.brochures.first().get_absolute_url() in response.text


def test_brochure_downloads_only_from_the_published_version(client, staff):
    product = _published_with_images(1, staff)
    brochure = ProductBrochure.objects.get(product=product)
    response = client.get(brochure.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    # a brochure added in a pending edit is not downloadable yet
    editor = product.organisation.memberships.first().user
    pending = storage.BrochureEntry(
        title_zh="新手册", upload=uploads.clean_pdf(samples.upload("n.pdf", samples.pdf_bytes()))
    )
    kept = storage.BrochureEntry(title_zh="手册", document_id=brochure.document_id)
    services.update_product(actor=editor, product=product, brochures=[kept, pending])
    new_document = Product.objects.get(pk=product.pk).get_latest_revision_as_object().brochures.all()[1].document_id
    url = reverse("catalog:product_brochure", kwargs={"pk": product.pk, "document_pk": new_document})
    assert client.get(url).status_code == 404
    # nor a draft product's, nor another product's document under this product
    draft = ProductFactory()
    assert (
        client.get(
            reverse("catalog:product_brochure", kwargs={"pk": draft.pk, "document_pk": brochure.document_id})
        ).status_code
        == 404
    )
    services.unpublish(staff=staff, product=product)
    assert client.get(brochure.get_absolute_url()).status_code == 404


def test_list_shows_first_image_thumbnails_in_a_constant_number_of_queries(client, staff, user):
    client.force_login(user)  # rendered, not served from the public page cache
    url = _url("catalog:product_list", "en")
    _published_with_images(2, staff)
    client.get(url)  # warm the page chrome
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.text.count('class="product-thumbnail"') == 1
    for _ in range(5):
        _published_with_images(1, staff)
    PublishedProductFactory()  # a product without images shows no thumbnail
    client.get(url)  # what the list remembers (facet counts) was invalidated by publishing: warm it again
    with CaptureQueriesContext(connection) as more:
        response = client.get(url)
    assert response.text.count('class="product-thumbnail"') == 6
    assert len(more) == len(few)
    assert re.search(r'srcset="[^"]+fill-320x240[^"]*\.webp', response.text)
    assert 'alt="Picture 0"' in response.text


def test_staff_see_the_images_and_brochures_under_review_in_the_admin(client, world):  # noqa: F811
    product = PublishedProductFactory(organisation=world.org_a)
    editor = MembershipFactory(organisation=world.org_a).user
    image = storage.ImageEntry(alt_zh="待审核图片", alt_en="Pending picture", upload=uploads.clean_image(png()))
    brochure = storage.BrochureEntry(
        title_zh="待审核手册", upload=uploads.clean_pdf(samples.upload("p.pdf", samples.pdf_bytes()))
    )
    services.update_product(actor=editor, product=product, images=[image], brochures=[brochure])
    services.submit_for_review(actor=editor, product=product)
    client.force_login(world.user(STAFF))
    response = client.get(reverse("products:inspect", args=[product.pk]))
    assert response.status_code == 200
    assert "待审核图片" in response.text and "Pending picture" in response.text and "待审核手册" in response.text
    # the pending image is previewed through the staff-checked view (no public rendition) …
    pending = Product.objects.get(pk=product.pk).get_latest_revision_as_object().images.all()[0].image
    preview = reverse("catalog:product_image_preview", args=[product.pk, pending.pk])
    assert f'<img src="{preview}"' in response.text and client.get(preview).status_code == 200
    assert not pending.renditions.exists()
    # the pending brochure is served to staff through Wagtail's restricted document URL …
    document = Product.objects.get(pk=product.pk).get_latest_revision_as_object().brochures.all()[0].document
    assert client.get(document.url).status_code == 200
    # … and not to anyone else
    client.logout()
    assert client.get(document.url).status_code in (302, 403, 404)


def test_oversize_image_file_is_refused_beside_its_field(member, organisation, settings):
    settings.PORTAL_UPLOAD_IMAGE_MAX_BYTES = 2_000
    big = samples.upload("big.png", samples.png_bytes(300, 300, colour=None) + b"\0" * 3_000, "image/png")
    data = form_data(images=[{"file": big, "alt_zh": "大图"}], name_en="Kept")
    response = member.post(_url("catalog:product_create", "en", organisation_pk=organisation.pk), data)
    assert response.status_code == 400
    assert "files up to 2.0" in " ".join(response.context["media_forms"].images.forms[0].errors["file"])
    assert 'value="Kept"' in response.text
    assert not Product.objects.filter(organisation=organisation).exists()


def test_a_shared_product_link_previews_its_first_picture(client, staff):
    product = _published_with_images(2, staff)
    response = client.get(_url("catalog:product_detail", "en", pk=product.pk))
    first = re.search(r'<img src="([^"]+)"', response.text).group(1)
    assert f'<meta property="og:image" content="http://testserver{first}">' in response.text
    assert f'<meta property="og:title" content="{product.name_en}">' in response.text
