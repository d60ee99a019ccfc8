"""Private uploads have no URL (#11, finding 9): only renditions (and admin avatars) are under /media/.

``make run`` (DEBUG) served all of MEDIA_ROOT, so draft brochures, original images and case
attachments were downloadable by anyone at their /media/ URL. These tests load the DEBUG
URLconf (what the dev server serves) and fetch each private file's former URL anonymously.
"""

import importlib
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.urls import clear_url_caches, reverse
from wagtail.images.models import get_rendition_storage

from cases.models import CaseSubmissionAttachment
from catalog import services
from catalog.editions import exports
from catalog.media import renditions
from catalog.media import storage as media_storage
from catalog.models import Product
from portal import storages as portal_storages
from portal import uploads
from tests import upload_samples as samples
from tests.cases.factories import SubmissionFactory
from tests.catalog.factories import PublishedProductFactory
from tests.factories import MembershipFactory, ProjectManagerFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dev_urls(settings):
    """The URLconf as the dev server (DEBUG) builds it, with its /media/ serving."""
    import portal.urls

    settings.DEBUG = True
    importlib.reload(portal.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(portal.urls)
    clear_url_caches()


def _inside(path, root) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


@pytest.fixture
def pending_product_media():
    """A live product with an image and a brochure in a pending (unreviewed) edit."""
    product = PublishedProductFactory()
    editor = MembershipFactory(organisation=product.organisation).user
    image = media_storage.ImageEntry(
        alt_zh="待审核", upload=uploads.clean_image(samples.upload("p.png", samples.png_bytes(), "image/png"))
    )
    brochure = media_storage.BrochureEntry(
        title_zh="待审核手册", upload=uploads.clean_pdf(samples.upload("b.pdf", samples.pdf_bytes()))
    )
    services.update_product(actor=editor, product=product, images=[image], brochures=[brochure])
    pending = Product.objects.get(pk=product.pk).get_latest_revision_as_object()
    return pending.images.all()[0].image, pending.brochures.all()[0].document


@pytest.fixture
def attachment(client):
    submission = SubmissionFactory()
    member = MembershipFactory(organisation=submission.organisation).user
    clean = uploads.clean_pdf(samples.upload("ethics approval.pdf", samples.pdf_bytes()))
    stored = CaseSubmissionAttachment.objects.create(
        submission=submission, file=clean.file, name="ethics approval.pdf", content_type="application/pdf"
    )
    return stored, member


def test_private_storage_is_outside_media_root_and_renditions_inside():
    media_root = settings.MEDIA_ROOT
    for alias in ("default", "private"):
        assert not _inside(storages[alias].location, media_root), alias
    assert _inside(get_rendition_storage().location, media_root)
    assert get_rendition_storage().url("images/x.webp") == "/media/images/x.webp"
    # A private file's URL is the admin's staff-only view of it, never under MEDIA_URL.
    assert default_storage.url("original_images/x.png") == "/admin/private-media/original_images/x.png"


def test_anonymous_get_of_each_private_files_former_url_is_404(client, dev_urls, pending_product_media, attachment):
    image, document = pending_product_media
    export = default_storage.save("editions/2099/x/zh-hans/catalogue-2099-zh-hans.pdf", ContentFile(b"%PDF-1.7"))
    private_files = {
        "original image": (default_storage, image.file.name),
        "brochure under review": (default_storage, document.file.name),
        "case attachment": (attachment[0].file.storage, attachment[0].file.name),
        "edition export": (default_storage, export),
    }
    for label, (storage, name) in private_files.items():
        assert storage.exists(name), label
        assert not _inside(storage.path(name), settings.MEDIA_ROOT), label
        assert client.get(f"{settings.MEDIA_URL}{name}").status_code == 404, label
    assert attachment[0].file.name.startswith("cases/submissions/")
    # The image under review has no public rendition either; a published one has, and it is served.
    assert not image.renditions.exists()
    rendition = image.get_rendition(renditions.PUBLIC_SPECS[0])
    assert rendition.url.startswith("/media/images/")
    assert client.get(rendition.url).status_code == 200


def test_nothing_but_the_public_folders_is_served_under_media(client, dev_urls):
    stray = os.path.join(settings.MEDIA_ROOT, "documents", "left-over.pdf")
    os.makedirs(os.path.dirname(stray), exist_ok=True)
    Path(stray).write_bytes(b"%PDF-1.7 left in MEDIA_ROOT by an older version")
    try:
        assert client.get("/media/documents/left-over.pdf").status_code == 404
        assert client.get("/media/images/../documents/left-over.pdf").status_code in (400, 404)
    finally:
        os.remove(stray)


def test_admin_avatars_stay_public(client, dev_urls):
    name = default_storage.save("avatar_images/avatar_x.png", ContentFile(samples.png_bytes()))
    try:
        assert _inside(default_storage.path(name), settings.MEDIA_ROOT)
        assert default_storage.url(name) == f"/media/{name}"
        assert client.get(f"/media/{name}").status_code == 200
    finally:
        default_storage.delete(name)


def test_permitted_users_still_download_through_the_views(client, dev_urls, pending_product_media, attachment):
    _image, document = pending_product_media
    # Wagtail's document view applies the "Product uploads" collection's restriction: staff only.
    assert document.url == reverse("wagtaildocs_serve", args=[document.pk, document.filename])
    anonymous = client.get(document.url)
    assert anonymous.status_code in (302, 403)
    client.force_login(StaffFactory())
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.logout()

    stored, member = attachment
    url = reverse("cases:attachment_download", args=[stored.submission.pk, stored.pk])
    assert client.get(url).status_code in (302, 404)  # anonymous: to the login
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(MembershipFactory().user)  # another organisation's member
    assert client.get(url).status_code == 404


def test_published_brochures_and_exports_are_downloaded_through_their_views(client, staff):
    from tests.catalog.test_editions_views import publish_edition, zh

    product = PublishedProductFactory()
    editor = MembershipFactory(organisation=product.organisation).user
    brochure = media_storage.BrochureEntry(
        title_zh="手册", upload=uploads.clean_pdf(samples.upload("b.pdf", samples.pdf_bytes()))
    )
    services.update_product(actor=editor, product=product, brochures=[brochure])
    services.submit_for_review(actor=editor, product=product)
    services.approve(staff=staff, product=product)
    response = client.get(product.brochures.get().get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")

    edition = publish_edition(staff, [product], year=2031)
    response = client.get(zh("catalog:edition_download", 2031, "csv"))
    assert response.status_code == 200
    edition.refresh_from_db()
    name = exports.storage_name(edition, "zh-hans", "csv")
    assert default_storage.exists(name) and not _inside(default_storage.path(name), settings.MEDIA_ROOT)


def test_files_left_in_media_root_by_earlier_versions_move_to_the_private_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    old = {
        "original_images/a.png": b"png",
        "documents/b.pdf": b"%PDF",
        "cases/submissions/0f/c.pdf": b"%PDF",
        "editions/2025/x/zh-hans/catalogue.csv": b"csv",
    }
    public = {"images/a.width-480.webp": b"webp", "avatar_images/avatar.png": b"png"}
    for name, content in {**old, **public}.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    migration = importlib.import_module("cases.migrations.0004_private_attachments")
    migration.move_private_files(None, None)
    migration.move_private_files(None, None)  # twice: nothing left to move, nothing breaks
    for name, content in old.items():
        assert not (settings.MEDIA_ROOT / name).exists(), name
        assert (tmp_path / "private" / name).read_bytes() == content
        assert storages["private"].open(name).read() == content
    for name in public:
        assert (settings.MEDIA_ROOT / name).exists(), name


def test_private_storage_follows_its_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "m"
    assert default_storage.location == str(tmp_path / "m-private")
    assert portal_storages.private_media_root() == str(tmp_path / "m-private")
    settings.PORTAL_PRIVATE_MEDIA_ROOT = tmp_path / "elsewhere"
    assert storages["private"].location == str(tmp_path / "elsewhere")


def test_the_admin_shows_private_images_and_documents(client, settings, pending_product_media):
    settings.PORTAL_STAFF_MFA_REQUIRED = False  # as in dev: this is about the pages, not the second factor
    image, document = pending_product_media
    client.force_login(StaffFactory())
    for url in (
        reverse("wagtailimages:index"),
        reverse("wagtailimages:edit", args=[image.pk]),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:edit", args=[document.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f"/media/{image.file.name}" not in response.text and f"/media/{document.file.name}" not in response.text


def test_only_people_with_admin_access_open_a_private_file_by_its_url(client, pending_product_media, attachment):
    """Wagtail's admin links originals (image API download_url, image edit page): staff only, others 404/403."""
    from tests.factories import StaffFactory, UserFactory

    image, _document = pending_product_media
    url = image.file.url
    assert url.startswith("/admin/private-media/")
    assert client.get(url)["Location"].startswith("/admin/login/")  # anonymous: sign in, as in the whole admin
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(attachment[1])  # a member of an organisation: not admin
    assert client.get(url).status_code == 403
    staff = StaffFactory()
    client.force_login(staff)

    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert client.get("/admin/private-media/../../etc/passwd").status_code == 404
    assert client.get("/admin/private-media/avatar_images/x.png").status_code == 404  # public files are not here


def test_an_apps_own_private_file_is_for_staff_only_by_name(client, attachment):
    """Hidden labels, entry attachments, case attachments: their apps' views decide; by name here, staff only."""
    stored, _member = attachment
    url = f"/admin/private-media/{stored.file.name}"
    manager = ProjectManagerFactory()
    client.force_login(manager)
    assert client.get(url).status_code == 404
    # Another spelling of the same file, through a folder Wagtail's admin links, is no way round.
    for spelling in (f"original_images/../{stored.file.name}", f"documents/./../{stored.file.name}"):
        assert client.get(f"/admin/private-media/{spelling}").status_code == 404
    staff = StaffFactory()
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_a_data_room_document_is_not_served_by_name_even_to_staff(client):
    """Data rooms are read through their own views only (approval + NDA, every read logged)."""
    from django.core.files.base import ContentFile

    from incubator.models import DataRoomDocument
    from tests.factories import OrganisationFactory

    document = DataRoomDocument(startup=OrganisationFactory(kind="startup"), title="BP", name="bp.pdf")
    document.file.save("bp.pdf", ContentFile(b"%PDF-1.4 confidential"), save=False)
    document.save()
    staff = StaffFactory()
    client.force_login(staff)
    assert document.file.name.startswith("incubator/datarooms/")
    assert client.get(f"/admin/private-media/{document.file.name}").status_code == 404
    inside = document.file.name.removeprefix("incubator/datarooms/")
    for spelling in (f"incubator//datarooms/{inside}", f"incubator/./datarooms/{inside}", f"./{document.file.name}"):
        assert storages["private"].exists(spelling)  # the storage would open it
        assert client.get(f"/admin/private-media/{spelling}").status_code == 404
