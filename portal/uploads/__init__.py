"""One upload defence for the whole portal: images and PDFs are judged by their content.

An uploaded file's name and ``Content-Type`` are whatever the sender chose, so neither is
trusted. ``clean_image`` opens the bytes with Pillow, refuses markup (SVG, HTML, PHP…),
anything that is not a JPEG, PNG or WebP (GIF where a caller allows it), decompression
bombs, and sizes outside the limits, then **re-encodes** the picture into a fresh file,
no larger than the portal shows (``PORTAL_UPLOAD_IMAGE_STORED_MAX_SIDE``; a JPEG is
decoded at 1/2, 1/4 or 1/8 of its size when that is still large enough): EXIF (GPS
position, camera serial…) is dropped, the EXIF orientation is applied to the pixels,
and an ICC colour profile is kept. ``clean_pdf`` checks the ``%PDF-`` header,
parses the document with pypdf and refuses encrypted files, active content (JavaScript,
embedded files, XFA forms) and every action that is not navigation within the document
(``_pdf_refusal``: a web address, a form submission, a launch, a sound…, wherever
the action sits); the stored bytes end at the last ``%%EOF``, so nothing appended after
the document (HTML, a ZIP archive) is kept, and a file that carries a ZIP archive is
refused. Both give stored files a fresh name (``safe_filename``) so nothing the sender
typed reaches a path.

Every refusal is a ``ValidationError`` with a translated message. Forms use the fields
at the bottom (``SafeImageField``, ``SafePDFField``). ``RequestSizeLimitMiddleware``
answers a request too large to parse with a translated 413 page, and gives every request
an ``UploadScope``: one request validates at most ``PORTAL_UPLOAD_REQUEST_MAX_FILES``
files and decodes at most ``PORTAL_UPLOAD_REQUEST_MAX_PIXELS`` pixels across all its
images (a file past either limit is refused beside its field), so no form costs more than
a few seconds of CPU; and a file the request wrote to storage inside a transaction that
did not commit (an error, a worker stopped by its timeout) is deleted when the request
ends (``track_written``, called by ``portal.storages``).

Limits come from settings, with defaults: ``PORTAL_UPLOAD_IMAGE_MAX_BYTES`` (Wagtail's
``WAGTAILIMAGES_MAX_UPLOAD_SIZE``, else 10 MB), ``PORTAL_UPLOAD_IMAGE_MAX_PIXELS``
(``WAGTAILIMAGES_MAX_IMAGE_PIXELS``, else 40 megapixels), ``PORTAL_UPLOAD_IMAGE_MIN_SIDE``
(16 px), ``PORTAL_UPLOAD_IMAGE_MAX_SIDE`` (12,000 px), ``PORTAL_UPLOAD_PDF_MAX_BYTES``
(20 MB), ``PORTAL_UPLOAD_PDF_MAX_PAGES`` (200), ``PORTAL_UPLOAD_MAX_REQUEST_BYTES`` (64 MB),
``PORTAL_UPLOAD_IMAGE_STORED_MAX_SIDE`` (2,000 px), ``PORTAL_UPLOAD_REQUEST_MAX_FILES`` (20),
``PORTAL_UPLOAD_REQUEST_MAX_PIXELS`` (100 megapixels decoded).
"""

from portal.uploads.fields import SafeImageField, SafePDFField, SafePDFOrImageField
from portal.uploads.files import CleanImage, CleanPDF, display_name, safe_filename
from portal.uploads.images import clean_image
from portal.uploads.limits import (
    image_max_bytes,
    image_max_pixels,
    max_request_bytes,
    pdf_max_bytes,
    pdf_max_pages,
    request_max_files,
    request_max_pixels,
    stored_max_side,
)
from portal.uploads.middleware import RequestSizeLimitMiddleware
from portal.uploads.notice import files_not_kept
from portal.uploads.pdfs import clean_pdf
from portal.uploads.scope import UploadScope, current_scope, track_written, upload_scope

__all__ = [
    "CleanImage",
    "CleanPDF",
    "RequestSizeLimitMiddleware",
    "SafeImageField",
    "SafePDFField",
    "SafePDFOrImageField",
    "UploadScope",
    "clean_image",
    "clean_pdf",
    "current_scope",
    "display_name",
    "files_not_kept",
    "image_max_bytes",
    "image_max_pixels",
    "max_request_bytes",
    "pdf_max_bytes",
    "pdf_max_pages",
    "request_max_files",
    "request_max_pixels",
    "safe_filename",
    "stored_max_side",
    "track_written",
    "upload_scope",
]
