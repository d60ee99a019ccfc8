"""portal.uploads: images and PDFs judged by content; every refusal a clear, translated error."""

import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image, ImageCms

from catalog.forms import ImageRowForm
from portal import uploads
from tests import upload_samples as samples


def _refusal(func, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        func(*args, **kwargs)
    return info.value


def _message(error: ValidationError, language="en") -> str:
    with translation.override(language):
        return " ".join(error.messages)


# --- images ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "mime", "extension"),
    [("PNG", "image/png", "png"), ("JPEG", "image/jpeg", "jpg"), ("WEBP", "image/webp", "webp")],
)
def test_accepted_formats_are_reencoded_under_a_fresh_name(fmt, mime, extension):
    clean = uploads.clean_image(samples.upload("../../etc/Product photo.PHP", samples.image_bytes(fmt)))
    assert clean.mime_type == mime
    assert (clean.width, clean.height) == (40, 30)
    assert clean.file.name.startswith("product-photo-") and clean.file.name.endswith("." + extension)
    assert "/" not in clean.file.name
    with Image.open(io.BytesIO(clean.file.read())) as reopened:
        assert reopened.format == fmt


def test_reencoding_strips_exif_gps_and_applies_orientation():
    original = samples.jpeg_with_gps(width=40, height=20, orientation=6)
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(0x8825)  # the sample really carries a GPS position
    clean = uploads.clean_image(samples.upload("holiday.jpg", original))
    data = clean.file.read()
    assert b"SpyCam" not in data and b"Exif" not in data
    with Image.open(io.BytesIO(data)) as after:
        assert not after.getexif()
        assert after.size == (20, 40)  # orientation 6 turned into pixels


def test_icc_profile_is_kept():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    clean = uploads.clean_image(samples.upload("p.png", samples.png_bytes(icc_profile=profile)))
    with Image.open(io.BytesIO(clean.file.read())) as after:
        assert after.info.get("icc_profile") == profile


def test_cmyk_jpeg_becomes_rgb():
    clean = uploads.clean_image(
        samples.upload("print.jpg", samples.image_bytes("JPEG", mode="CMYK", colour=(0, 0, 0, 0)))
    )
    with Image.open(io.BytesIO(clean.file.read())) as after:
        assert after.mode == "RGB"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("shell.png", samples.PHP_AS_PNG, "markup"),
        ("page.png", samples.HTML_AS_PNG, "markup"),
        ("logo.svg", samples.SVG_WITH_SCRIPT, "markup"),
        ("notes.png", b"just some text, not a picture", "invalid_image"),
        ("brochure.png", samples.pdf_bytes(), "invalid_image"),
        ("anim.gif", samples.image_bytes("GIF", mode="P", colour=1), "invalid_image_format"),
        ("bomb.png", samples.png_declaring(30000, 30000), "too_many_pixels"),
        ("big.png", samples.png_declaring(7000, 7000), "too_many_pixels"),
        ("wide.png", samples.png_declaring(13000, 16), "image_too_wide"),
        ("tiny.png", samples.png_bytes(8, 8), "image_too_small"),
        ("broken.png", samples.truncated_png(), "corrupt_image"),
        ("empty.png", b"", "empty"),
    ],
)
def test_hostile_images_are_refused_with_a_clear_reason(name, content, expected):
    error = _refusal(uploads.clean_image, samples.upload(name, content))
    assert error.code == expected


def test_refusal_messages_are_translated_and_specific():
    error = _refusal(uploads.clean_image, samples.upload("shell.png", samples.PHP_AS_PNG))
    assert "SVG" in _message(error, "en")
    assert _message(error, "zh-hans") != _message(error, "en")
    error = _refusal(uploads.clean_image, samples.upload("notes.png", b"plain text"))
    assert _message(error) == "This file is not a JPEG, PNG or WebP image."
    error = _refusal(uploads.clean_image, samples.upload("bomb.png", samples.png_declaring(30000, 30000)))
    assert "40 megapixels" in _message(error)


def test_the_pixel_limit_is_said_in_one_unit_in_the_help_and_the_refusal():
    """The Chinese help said 4000 万像素 and the refusal 40 百万像素: one number in two units."""
    error = _refusal(uploads.clean_image, samples.upload("bomb.png", samples.png_declaring(30000, 30000)))
    with translation.override("zh-hans"):
        help_text = str(ImageRowForm.base_fields["file"].help_text)
    assert "40 百万像素" in _message(error, "zh-hans") and "40 百万像素" in help_text


@pytest.mark.parametrize(
    "content",
    [
        samples.jpeg_html_polyglot("trailer"),
        samples.jpeg_html_polyglot("comment"),
        samples.png_html_polyglot("trailer"),
        samples.png_html_polyglot("text"),
        samples.webp_html_polyglot(),
    ],
    ids=["jpeg-after-end", "jpeg-comment", "png-after-end", "png-text-chunk", "webp-after-end"],
)
def test_a_picture_that_is_also_an_html_page_is_refused(content):
    assert content.find(b"<html") > 1024  # beyond a look at the first bytes
    assert _refusal(uploads.clean_image, samples.upload("photo", content)).code == "markup"


def _mpo_bytes(first=(2400, 1600), second=(600, 400)) -> bytes:
    """A JPEG holding two pictures (an MPF index), as phones write HDR photos with their gain map."""
    out = io.BytesIO()
    photo = Image.linear_gradient("L").resize(first).convert("RGB")
    photo.save(out, format="MPO", save_all=True, append_images=[Image.new("RGB", second, (90, 90, 90))])
    return out.getvalue()


def test_a_phone_photo_holding_several_pictures_is_accepted_as_one_jpeg():
    content = _mpo_bytes()
    with Image.open(io.BytesIO(content)) as before:
        assert before.format == "MPO" and before.n_frames == 2  # Pillow's name for such a JPEG
    clean = uploads.clean_image(samples.upload("IMG_0042.JPG", content))
    assert clean.mime_type == "image/jpeg" and clean.file.name.endswith(".jpg")
    assert (clean.width, clean.height) == (2000, 1333)  # the photo, no larger than stored
    with Image.open(io.BytesIO(clean.file.read())) as after:
        assert after.format == "JPEG" and getattr(after, "n_frames", 1) == 1


def test_a_16_bit_greyscale_png_keeps_its_shades():
    # A gradient from black to white in 16-bit greyscale, as scans and measurement plots are saved.
    gradient = Image.new("I;16", (256, 20))
    gradient.putdata([x * 257 for _row in range(20) for x in range(256)])
    out = io.BytesIO()
    gradient.save(out, format="PNG")
    with Image.open(io.BytesIO(out.getvalue())) as before:
        assert before.mode == "I;16"
    clean = uploads.clean_image(samples.upload("scan.png", out.getvalue()))
    with Image.open(io.BytesIO(clean.file.read())) as after:
        grey = after.convert("L")
        assert [grey.getpixel((x, 10)) for x in (0, 64, 128, 192, 255)] == [0, 64, 128, 192, 255]


def test_markup_after_the_pictures_of_a_multi_picture_jpeg_is_refused():
    content = _mpo_bytes(first=(400, 300), second=(40, 30)) + b"<html><script>alert(1)</script></html>"
    assert _refusal(uploads.clean_image, samples.upload("photo.jpg", content)).code == "markup"


def test_metadata_and_pixels_of_ordinary_pictures_are_not_mistaken_for_markup():
    for content in (
        samples.jpeg_with_gps(),
        samples.image_bytes("JPEG", 400, 300, progressive=True),
        samples.image_bytes("WEBP", 400, 300),
        samples.png_bytes(400, 300),
    ):
        assert uploads.clean_image(samples.upload("photo", content)).width > 0


def test_the_shown_name_has_no_folders_nor_direction_or_control_characters():
    clean = uploads.clean_image(samples.upload("../../x/photo\u202egnp.exe\x00", samples.png_bytes()))
    assert clean.original_name == "photognp.exe"
    pdf = uploads.clean_pdf(samples.upload("C:\\docs\\报告\u2067 2026.pdf", samples.pdf_bytes()))
    assert pdf.original_name == "报告 2026.pdf"


def test_gif_only_where_allowed_and_then_stored_as_png():
    gif = samples.image_bytes("GIF", mode="P", colour=1)
    clean = uploads.clean_image(samples.upload("anim.gif", gif), allow_gif=True)
    assert clean.mime_type == "image/png" and clean.file.name.endswith(".png")


def test_oversize_file_is_refused_before_decoding(settings):
    settings.PORTAL_UPLOAD_IMAGE_MAX_BYTES = 1000
    error = _refusal(
        uploads.clean_image, samples.upload("photo.png", samples.png_bytes(200, 200, colour=None) + b"\0" * 2000)
    )
    assert error.code == "file_too_large"
    assert "1000" in _message(error) or "1.0 KB" in _message(error) or "1000 bytes" in _message(error)


# --- PDFs -----------------------------------------------------------------------------


def test_plain_pdf_is_accepted_with_its_page_count():
    clean = uploads.clean_pdf(samples.upload("Brochure 2026.pdf", samples.pdf_bytes(pages=3)))
    assert clean.pages == 3
    assert clean.file.name.startswith("brochure-2026-") and clean.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("brochure.pdf", samples.png_bytes(), "not_pdf"),
        ("brochure.pdf", samples.HTML_AS_PNG, "not_pdf"),
        ("script.pdf", samples.pdf_bytes(javascript=True), "active_pdf"),
        ("attached.pdf", samples.pdf_bytes(attachment=True), "active_pdf"),
        ("launch.pdf", samples.pdf_bytes(launch=True), "active_pdf"),
        ("locked.pdf", samples.pdf_bytes(encrypt=True), "encrypted_pdf"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog", "corrupt_pdf"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_hostile_pdfs_are_refused(name, content, expected):
    assert _refusal(uploads.clean_pdf, samples.upload(name, content)).code == expected


def test_pdf_page_and_size_limits(settings):
    settings.PORTAL_UPLOAD_PDF_MAX_PAGES = 2
    error = _refusal(uploads.clean_pdf, samples.upload("long.pdf", samples.pdf_bytes(pages=3)))
    assert error.code == "too_many_pages" and "3" in _message(error)
    settings.PORTAL_UPLOAD_PDF_MAX_BYTES = 100
    assert _refusal(uploads.clean_pdf, samples.upload("a.pdf", samples.pdf_bytes())).code == "file_too_large"


def test_javascript_hidden_behind_a_name_escape_is_found():
    data = samples.pdf_bytes(javascript=True).replace(b"/JavaScript", b"/J#61vaScript")
    assert b"/JavaScript" not in data
    assert _refusal(uploads.clean_pdf, samples.upload("sneaky.pdf", data)).code == "active_pdf"


def test_navigation_within_the_document_is_accepted_wherever_it_sits():
    for where in samples.PDF_ACTION_PLACES:
        clean = uploads.clean_pdf(samples.upload("links.pdf", samples.pdf_with_action("/GoTo", where)))
        assert clean.pages == 1, where
    named = samples.pdf_with_action("/Named", "link", N="/NextPage")
    assert uploads.clean_pdf(samples.upload("next.pdf", named)).pages == 1


@pytest.mark.parametrize("where", samples.PDF_ACTION_PLACES)
@pytest.mark.parametrize("action", sorted(samples.HOSTILE_PDF_ACTIONS))
def test_every_action_but_internal_navigation_is_refused_wherever_it_sits(action, where):
    kind, entries = samples.HOSTILE_PDF_ACTIONS[action]
    data = samples.pdf_with_action(kind, where, **entries)
    error = _refusal(uploads.clean_pdf, samples.upload("brochure.pdf", data))
    # Launch and ImportData were refused as active content before; the rest are refused as actions.
    assert error.code in ("pdf_action", "active_pdf")
    assert error.code == "pdf_action" or kind in ("/Launch", "/ImportData")
    if error.code == "pdf_action":
        assert "links within the document" in _message(error)


def test_an_action_hidden_behind_name_escapes_is_found():
    data = samples.pdf_with_action("/URI", "link", URI="javascript:1").replace(b"/URI", b"/U#52I")
    assert b"/URI" not in data
    assert _refusal(uploads.clean_pdf, samples.upload("sneaky.pdf", data)).code == "pdf_action"


def test_what_trails_the_last_eof_is_not_stored():
    document = samples.pdf_bytes(pages=2)
    clean = uploads.clean_pdf(samples.upload("brochure.pdf", document + samples.HTML_TRAILER))
    stored = clean.file.read()
    assert stored == document  # byte for byte the document, nothing of the HTML after it
    assert b"<html" not in stored and stored.rstrip().endswith(b"%%EOF")
    # an incremental update (a second %%EOF) is part of the document and kept
    updated = document + b"% an incremental update\n" + document[document.index(b"xref") :]
    assert uploads.clean_pdf(samples.upload("updated.pdf", updated)).file.read() == updated


@pytest.mark.parametrize("eof_after", [False, True], ids=["zip-appended", "zip-then-eof"])
def test_a_pdf_that_is_also_a_zip_archive_is_refused(eof_after):
    import zipfile

    data = samples.pdf_zip_polyglot(eof_after=eof_after)
    assert zipfile.is_zipfile(io.BytesIO(data))  # the sample really is both
    error = _refusal(uploads.clean_pdf, samples.upload("brochure.pdf", data))
    assert error.code == "polyglot_pdf"


def test_a_pdf_without_an_end_marker_is_refused_as_damaged():
    data = samples.pdf_bytes().replace(b"%%EOF", b"")
    assert _refusal(uploads.clean_pdf, samples.upload("cut.pdf", data)).code == "corrupt_pdf"


# --- form fields and the request limit ---------------------------------------------------


class UploadForm(forms.Form):
    title = forms.CharField()
    picture = uploads.SafeImageField(required=False)
    brochure = uploads.SafePDFField(required=False)


def test_form_fields_clean_to_validated_files_and_errors_stay_on_their_field():
    form = UploadForm(
        {"title": "kept"},
        {
            "picture": samples.upload("x.png", samples.PHP_AS_PNG),
            "brochure": samples.upload("b.pdf", samples.pdf_bytes()),
        },
    )
    assert not form.is_valid()
    assert list(form.errors) == ["picture"]
    assert isinstance(form.cleaned_data["brochure"], uploads.CleanPDF)
    assert form.cleaned_data["title"] == "kept"
    form = UploadForm({"title": "t"}, {"picture": samples.upload("x.png", samples.png_bytes())})
    assert form.is_valid() and isinstance(form.cleaned_data["picture"], uploads.CleanImage)


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "text"), [("en", "The upload is too large"), ("zh-hans", "上传")])
def test_oversized_request_gets_a_translated_413_page(client, settings, language, text):
    settings.PORTAL_UPLOAD_MAX_REQUEST_BYTES = 2000
    response = client.post(f"/{language}/", {"file": samples.upload("big.png", b"\0" * 5000)})
    assert response.status_code == 413
    body = response.content.decode()
    assert text in body
    assert "2.0" in body or "2000" in body  # the limit is stated


def test_a_pdf_or_image_field_names_both_kinds_when_a_file_is_neither():
    """A case attachment takes a PDF or an image: an HTML page named .pdf was told what an image must be."""
    field = uploads.SafePDFOrImageField()
    with translation.override("en"):  # the messages are lazy: read in English
        with pytest.raises(ValidationError) as refused:
            field.clean(samples.upload("report.pdf", samples.zip_bytes(content=b"quarterly figures")))
        assert refused.value.code == "not_pdf_or_image"
        assert "neither a PDF document nor an image" in refused.value.messages[0]
        for name, content in (
            ("report.pdf", b"<html><body>not a pdf</body></html>"),
            ("a.png", samples.png_html_polyglot()),
        ):
            with pytest.raises(ValidationError) as refused:
                field.clean(samples.upload(name, content))
            assert refused.value.code == "markup" and "Upload a PDF, or a JPEG" in refused.value.messages[0]


def test_a_pdf_or_image_field_names_the_formats_it_takes_when_an_image_is_of_another_format():
    """A GIF (an image) was told it was "neither a PDF document nor an image"."""
    field = uploads.SafePDFOrImageField()
    with translation.override("en"):  # the messages are lazy: read in English
        with pytest.raises(ValidationError) as refused:
            field.clean(samples.upload("scan.gif", samples.image_bytes("GIF", mode="P", colour=1)))
        assert refused.value.code == "invalid_image_format"
        assert refused.value.messages == [
            "This file is a GIF image. Only PDF, JPEG, PNG or WebP files can be attached: save it as PNG or JPEG "
            "and upload it again."
        ]


@pytest.mark.django_db
def test_an_attachment_downloads_under_the_name_it_was_sent_with_in_any_script(client):
    """A case attachment 脑机报告.pdf downloaded as document-<hash>.pdf: the stored name is only a path."""
    from django.core.files.base import ContentFile
    from django.urls import reverse

    from cases.models import CaseSubmissionAttachment
    from tests.cases.factories import SubmissionFactory
    from tests.factories import MembershipFactory

    submission = SubmissionFactory()
    attachment = CaseSubmissionAttachment(submission=submission, name="脑机报告", content_type="application/pdf")
    attachment.file.save("naoji-baogao-0123456789ab.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    assert attachment.download_name == "脑机报告.pdf"  # the content's extension, added when the name lacks it
    client.force_login(MembershipFactory(organisation=submission.organisation, role="editor").user)
    with translation.override("zh-hans"):
        url = reverse("cases:attachment_download", args=[submission.pk, attachment.pk])
    disposition = client.get(url)["Content-Disposition"]
    assert "filename*=utf-8''%E8%84%91%E6%9C%BA%E6%8A%A5%E5%91%8A.pdf" in disposition
