"""Form fields whose cleaned value is a clean upload: every upload field of the portal is one of these."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.uploads.images import clean_image
from portal.uploads.pdfs import clean_pdf

# --- form fields ----------------------------------------------------------------------


class SafeImageField(forms.FileField):
    """A file field whose cleaned value is a ``CleanImage`` (validated and re-encoded)."""

    default_error_messages = {"invalid": _("No file was submitted. Check the encoding type on the form.")}

    def __init__(self, *, allow_gif: bool = False, **kwargs):
        self.allow_gif = allow_gif
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp" + (",image/gif" if allow_gif else "")}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_image(upload, allow_gif=self.allow_gif)


class SafePDFField(forms.FileField):
    """A file field whose cleaned value is a ``CleanPDF``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "application/pdf"}))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_pdf(upload)


#: The image checks' refusals that mean "not an image at all" (a PDF-or-image field says so for both).
NOT_AN_IMAGE = ("invalid_image",)


class SafePDFOrImageField(forms.FileField):
    """A PDF without active content or an image (re-encoded, EXIF removed), told apart by content.

    The cleaned value is ``(file, name, content type)`` for the attachment model's fields.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"})
        )
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        head = upload.read(5)
        upload.seek(0)
        if head == b"%PDF-":
            cleaned = clean_pdf(upload)
            return cleaned.file, cleaned.original_name or cleaned.file.name, "application/pdf"
        try:
            cleaned = clean_image(upload)
        except ValidationError as error:
            # Not an image either: say what the field takes (both kinds), not only what an image must be.
            if error.code == "markup":
                raise ValidationError(
                    _(
                        "Files containing markup (HTML, SVG or scripts) are not accepted. Upload a PDF, or a JPEG, "
                        "PNG or WebP image."
                    ),
                    code="markup",
                ) from None
            if error.code == "invalid_image_format":
                # An image, of a kind not taken (a GIF): "neither a PDF nor an image" would be false.
                raise ValidationError(
                    _(
                        "This file is a %(format)s image. Only PDF, JPEG, PNG or WebP files can be attached: "
                        "save it as PNG or JPEG and upload it again."
                    ),
                    code="invalid_image_format",
                    params={"format": error.params["format"]},
                ) from None
            if error.code in NOT_AN_IMAGE:
                raise ValidationError(
                    _("This file is neither a PDF document nor an image. Upload a PDF, or a JPEG, PNG or WebP image."),
                    code="not_pdf_or_image",
                ) from None
            raise
        return cleaned.file, cleaned.original_name or cleaned.file.name, cleaned.mime_type
