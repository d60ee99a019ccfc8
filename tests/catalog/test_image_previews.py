"""Images under review leave no public file (``catalog.media.renditions``): their previews are made in
memory for the product's editors and staff; renditions (public files under /media/images/) wait for
the approval. Before, every upload got its renditions at once, readable by anyone with the URL."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage

from catalog import services
from catalog.media import cleanup, renditions
from catalog.media import storage as media_storage
from catalog.models import Product, ProductImage
from portal import outbox, uploads
from portal.models import OutboxMessage
from tests import upload_samples as samples
from tests.catalog.factories import PublishedProductFactory
from tests.factories import MembershipFactory, ProjectManagerFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _entry(alt: str):
    clean = uploads.clean_image(samples.upload(f"{alt}.png", samples.png_bytes(), "image/png"))
    return media_storage.ImageEntry(alt_zh=alt, upload=clean)


@pytest.fixture
def pending(django_capture_on_commit_callbacks):
    """A live product whose editor added an image in an edit now awaiting review."""
    product = PublishedProductFactory()
    editor = MembershipFactory(organisation=product.organisation, role="editor").user
    with django_capture_on_commit_callbacks(execute=True):
        services.update_product(actor=editor, product=product, images=[_entry("待审核")])
        services.submit_for_review(actor=editor, product=Product.objects.get(pk=product.pk))
    image = Product.objects.get(pk=product.pk).get_latest_revision_as_object().images.all()[0].image
    return product, editor, image


def _preview(product, image):
    return reverse("catalog:product_image_preview", args=[product.pk, image.pk])


def test_an_image_under_review_has_no_rendition_only_a_preview_its_editor_sees(client, pending):
    product, editor, image = pending
    assert not image.renditions.exists()
    client.force_login(editor)
    response = client.get(_preview(product, image))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["Cache-Control"] == "private, max-age=86400"
    width, height = PILImage.open(io.BytesIO(response.content)).size
    assert width <= 160 and height <= 120
    assert not image.renditions.exists()  # made in memory, not stored


def test_the_members_form_shows_the_preview_not_a_media_file(client, pending):
    product, editor, image = pending
    client.force_login(editor)
    html = client.get(reverse("catalog:product_edit", args=[product.pk])).content.decode()
    assert f'src="{_preview(product, image)}"' in html and "/media/images/" not in html


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("stranger", 404), ("other editor", 404), ("staff", 200), ("project manager", 200)],
)
def test_who_sees_a_preview(pending, who, expected):
    product, _editor, image = pending
    users = {
        "stranger": UserFactory,
        "other editor": lambda: MembershipFactory(organisation=PublishedProductFactory().organisation).user,
        "staff": StaffFactory,
        "project manager": ProjectManagerFactory,
    }
    client = Client()
    if who in users:
        client.force_login(users[who]())
    assert client.get(_preview(product, image)).status_code == expected


def test_an_image_of_another_product_is_not_previewed_through_ones_own(client, pending):
    _product, _editor, image = pending
    own = PublishedProductFactory()
    own_editor = MembershipFactory(organisation=own.organisation, role="editor").user
    client.force_login(own_editor)
    assert client.get(_preview(own, image)).status_code == 404


def test_approval_makes_the_public_renditions_after_the_commit(pending, django_capture_on_commit_callbacks):
    product, _editor, image = pending
    renditions.make_renditions(image.pk)  # a stray effect (e.g. queued by an older version) makes nothing
    assert not image.renditions.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(staff=StaffFactory(), product=Product.objects.get(pk=product.pk))
    made = set(image.renditions.values_list("filter_spec", flat=True))
    assert made == set(renditions.PUBLIC_SPECS)
    assert all(rendition.url.startswith("/media/images/") for rendition in image.renditions.all())


def test_renditions_of_an_image_no_longer_public_are_withdrawn(pending, django_capture_on_commit_callbacks):
    product, _editor, image = pending
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(staff=staff, product=Product.objects.get(pk=product.pk))
    files = [rendition.file for rendition in image.renditions.all()]
    assert files
    # Staff looked at an image nothing uses yet in Wagtail's image library: a rendition of a draft.
    library = media_storage.store_image(_entry("草稿").upload, title="草稿", actor=staff)
    library.get_rendition("max-165x165")

    with django_capture_on_commit_callbacks(execute=True):
        assert cleanup.withdraw_renditions() == [library.pk]
        services.unpublish(staff=staff, product=Product.objects.get(pk=product.pk))
    with django_capture_on_commit_callbacks(execute=True):
        assert cleanup.withdraw_renditions() == [image.pk]
    assert not image.renditions.exists() and not any(file.storage.exists(file.name) for file in files)
    assert cleanup.withdraw_renditions() == []


def test_a_drafts_rendition_made_in_the_image_library_is_withdrawn_soon(
    staff_client, pending, django_capture_on_commit_callbacks
):
    """Staff looking at an image under review in Wagtail's library make a public file: it goes in minutes."""
    _product, _editor, image = pending
    public = PublishedProductFactory()
    shown = media_storage.store_image(_entry("公开").upload, title="公开", actor=StaffFactory())
    ProductImage.objects.create(product=public, image=shown, alt_zh="公开")
    shown.get_rendition("max-165x165")  # an image a public product shows: nothing to withdraw
    assert not OutboxMessage.objects.filter(effect=cleanup.WITHDRAW_EFFECT).exists()

    response = staff_client.get(reverse("wagtailimages:index"))
    assert response.status_code == 200 and image.renditions.exists()  # the library's thumbnail: a public file
    files = [rendition.file for rendition in image.renditions.all()]
    withdrawal = OutboxMessage.objects.get(effect=cleanup.WITHDRAW_EFFECT)
    assert withdrawal.available_at - withdrawal.created_at == cleanup.WITHDRAW_AFTER
    staff_client.get(reverse("wagtailimages:edit", args=[image.pk]))
    assert OutboxMessage.objects.filter(effect=cleanup.WITHDRAW_EFFECT).count() == 1  # one covers them all

    with django_capture_on_commit_callbacks(execute=True):  # the files leave storage after the commit
        assert outbox.deliver(withdrawal.pk) == "done"  # what the drain runs once it is due
    assert not image.renditions.exists() and not any(file.storage.exists(file.name) for file in files)
    assert shown.renditions.exists()


def test_the_public_specs_schedule_no_withdrawal_and_read_nothing(pending, django_assert_num_queries):
    """The pages' and an edition PDF's renditions are of public or frozen images: no query is spent on them."""
    _product, _editor, image = pending
    rendition = image.renditions.model(image=image, filter_spec=renditions.EDITION_PICTURE_SPEC, width=1, height=1)
    with django_assert_num_queries(0):
        cleanup.withdraw_soon(sender=type(rendition), instance=rendition, created=True)
    assert not OutboxMessage.objects.filter(effect=cleanup.WITHDRAW_EFFECT).exists()
