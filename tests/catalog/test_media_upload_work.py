"""The work one upload request may cause is bounded, and a request that fails leaves no file behind (#11, 3)."""

import io
import os
import time

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from catalog.models import Product
from portal import uploads
from tests import upload_samples as samples
from tests.catalog.test_media_views import form_data

pytestmark = pytest.mark.django_db


def _create_url(organisation):
    with translation.override("en"):
        return reverse("catalog:product_create", kwargs={"organisation_pk": organisation.pk})


def _stored_files() -> set[str]:
    """Every file under the media roots (originals, renditions, documents, private files)."""
    found = set()
    for root in {str(settings.MEDIA_ROOT), *(str(location) for location in _storage_locations())}:
        for folder, _dirs, files in os.walk(root):
            found.update(os.path.join(folder, name) for name in files)
    return found


def _storage_locations():
    from django.core.files.storage import storages

    for alias in settings.STORAGES:
        location = getattr(storages[alias], "location", None)
        if location and alias != "staticfiles":
            yield location


@pytest.fixture(scope="module")
def huge_single_colour_jpeg():
    """The attack of issue #11: 6,300 × 6,300 pixels of one colour, about 620 KB."""
    out = io.BytesIO()
    Image.new("RGB", (6300, 6300), (20, 120, 200)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # this test's files alone (the private root follows it)


@pytest.fixture
def member(client, editor):
    client.force_login(editor)
    return client


def test_twelve_huge_jpegs_in_one_form_cost_seconds_not_a_worker(member, organisation, huge_single_colour_jpeg):
    rows = [
        {"file": samples.upload(f"big{n}.jpg", huge_single_colour_jpeg, "image/jpeg"), "alt_zh": f"图{n}"}
        for n in range(12)
    ]
    before = _stored_files()
    cpu = time.process_time()
    response = member.post(_create_url(organisation), form_data(images=rows, name_en="Kept English name"))
    cpu = time.process_time() - cpu
    # Measured: 2.3 s here, against 83 s (and 120 files left on disk) before the budget, draft decoding
    # and background renditions. The bound leaves room for a slow CI machine.
    assert cpu < 10, f"the upload request took {cpu:.1f} s of CPU"
    assert response.status_code == 400
    errors = [form.errors.get("file") for form in response.context["media_forms"].images.forms]
    # Each decodes at 3,150 × 3,150 (draft): ten fit in the 100-megapixel budget, the last two are refused.
    assert [bool(error) for error in errors] == [False] * 10 + [True] * 2
    assert "too large together" in errors[-1][0] and "100 megapixels" in errors[-1][0]
    assert "too large together" in response.text  # beside the field, in the page
    assert 'value="Kept English name"' in response.text
    assert not Product.objects.exists() and not get_image_model().objects.exists()
    assert _stored_files() == before


def test_a_request_checks_a_limited_number_of_files(member, organisation, settings):
    settings.PORTAL_UPLOAD_REQUEST_MAX_FILES = 2
    rows = [{"file": samples.upload(f"p{n}.png", samples.png_bytes(), "image/png"), "alt_zh": "图"} for n in range(2)]
    brochure = {"file": samples.upload("b.pdf", samples.pdf_bytes(), "application/pdf"), "title_zh": "手册"}
    response = member.post(_create_url(organisation), form_data(images=rows, brochures=[brochure]))
    assert response.status_code == 400
    media_forms = response.context["media_forms"]
    assert not any(form.errors for form in media_forms.images.forms)
    assert "more files than can be checked at once (up to 2)" in media_forms.brochures.forms[0].errors["file"][0]
    assert not get_document_model().objects.exists()


def test_the_pixel_budget_counts_every_image_of_the_request():
    with uploads.upload_scope() as scope:
        uploads.clean_image(samples.upload("a.png", samples.png_bytes(100, 100)))
        uploads.clean_image(samples.upload("b.png", samples.png_bytes(50, 40)))
    assert (scope.files, scope.pixels) == (2, 100 * 100 + 50 * 40)
    # outside a request there is no budget (a task, the demo loader)
    assert uploads.current_scope() is None


def test_a_large_jpeg_is_decoded_reduced_and_stored_no_larger_than_shown(huge_single_colour_jpeg):
    with uploads.upload_scope() as scope:
        clean = uploads.clean_image(samples.upload("big.jpg", huge_single_colour_jpeg))
    assert scope.pixels == 3150 * 3150  # decoded at half size, not 6,300 × 6,300
    assert (clean.width, clean.height) == (2000, 2000)
    with Image.open(io.BytesIO(clean.file.read())) as stored:
        assert stored.size == (2000, 2000)


def test_pngs_and_portraits_are_stored_no_larger_than_shown_too(settings):
    settings.PORTAL_UPLOAD_IMAGE_STORED_MAX_SIDE = 100
    clean = uploads.clean_image(samples.upload("tall.png", samples.png_bytes(150, 600)))
    assert (clean.width, clean.height) == (25, 100)
    rotated = uploads.clean_image(samples.upload("r.jpg", samples.jpeg_with_gps(width=400, height=200)))
    assert (rotated.width, rotated.height) == (50, 100)  # orientation applied, then reduced


def _fail_after_storing(monkeypatch, exception):
    def save_revision(self, *args, **kwargs):
        raise exception

    monkeypatch.setattr(Product, "save_revision", save_revision)


@pytest.mark.parametrize(
    "exception",
    [RuntimeError("the service failed after storing the uploads"), SystemExit(1)],
    ids=["error", "worker-timeout"],  # gunicorn stops a worker past its timeout with SystemExit
)
def test_a_request_that_dies_leaves_no_file_behind(member, organisation, monkeypatch, exception):
    _fail_after_storing(monkeypatch, exception)
    rows = [{"file": samples.upload("p.png", samples.png_bytes(), "image/png"), "alt_zh": "图"}]
    brochure = {"file": samples.upload("b.pdf", samples.pdf_bytes(), "application/pdf"), "title_zh": "手册"}
    before = _stored_files()
    with pytest.raises(type(exception)):
        member.post(_create_url(organisation), form_data(images=rows, brochures=[brochure]))
    assert not Product.objects.exists() and not get_image_model().objects.exists()
    assert _stored_files() == before


def test_a_saved_form_keeps_its_files_and_makes_no_public_rendition(
    member, organisation, django_capture_on_commit_callbacks
):
    rows = [{"file": samples.upload("p.png", samples.png_bytes(), "image/png"), "alt_zh": "图"}]
    before = _stored_files()
    with django_capture_on_commit_callbacks() as after_commit:
        response = member.post(_create_url(organisation), form_data(images=rows))
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert _stored_files() - before == {image.file.path}  # the original only: no rendition in the request
    for callback in after_commit:
        callback()
    assert not image.renditions.exists()  # a draft's image: made when a public product shows it
