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

from __future__ import annotations

import contextlib
import contextvars
import io
import logging
import math
import re
import struct
import unicodedata
import uuid
import warnings
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

MB = 1024 * 1024

#: Pillow format → (stored extension, MIME type). GIF is re-encoded as PNG (first frame).
IMAGE_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
GIF = "GIF"

#: PDF names that make a document do something on its own: refused wherever they appear.
PDF_ACTIVE_NAMES = frozenset(
    {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA", "/ImportData"}
)
#: How many PDF objects the scan visits at most: a bigger file is refused rather than scanned forever.
PDF_MAX_OBJECTS = 200_000
#: Keys whose value is an action (a link's or bookmark's /A, the document's /OpenAction, a chain's
#: /Next, a link's former URI action /PA) and the key of additional-action dictionaries (trigger → action).
PDF_ACTION_KEYS = frozenset({"/A", "/OpenAction", "/Next", "/PA"})
PDF_TRIGGER_KEY = "/AA"
#: The only actions a stored PDF may hold: going to a place in the same document.
PDF_NAVIGATION_ACTION = "/GoTo"
PDF_NAVIGATION_NAMED = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})
#: A ZIP reader looks for its end record in the last 64 KiB (+22 bytes) of a file: a PDF/ZIP polyglot has it there.
ZIP_END_RECORD = b"PK\x05\x06"
ZIP_SEARCH_WINDOW = 65_557

#: Leading bytes that mark a text/markup file (after whitespace and a UTF-8 BOM).
MARKUP_PREFIXES = (b"<", b"<?", b"<!")


def _setting(name: str, default):
    return getattr(settings, name, default)


def image_max_bytes() -> int:
    return _setting("PORTAL_UPLOAD_IMAGE_MAX_BYTES", _setting("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * MB))


def image_max_pixels() -> int:
    return _setting("PORTAL_UPLOAD_IMAGE_MAX_PIXELS", _setting("WAGTAILIMAGES_MAX_IMAGE_PIXELS", 40_000_000))


def pdf_max_bytes() -> int:
    return _setting("PORTAL_UPLOAD_PDF_MAX_BYTES", 20 * MB)


def pdf_max_pages() -> int:
    return _setting("PORTAL_UPLOAD_PDF_MAX_PAGES", 200)


def max_request_bytes() -> int:
    return _setting("PORTAL_UPLOAD_MAX_REQUEST_BYTES", 64 * MB)


def stored_max_side() -> int:
    return _setting("PORTAL_UPLOAD_IMAGE_STORED_MAX_SIDE", 2000)


def request_max_files() -> int:
    return _setting("PORTAL_UPLOAD_REQUEST_MAX_FILES", 20)


def request_max_pixels() -> int:
    return _setting("PORTAL_UPLOAD_REQUEST_MAX_PIXELS", 100_000_000)


# --- the request's scope: its work budget and the files it wrote ------------------------


@dataclass
class _Written:
    storage: object
    name: str
    committed: bool = False

    def commit(self) -> None:
        self.committed = True


@dataclass
class UploadScope:
    """What one request has validated so far (files, decoded pixels) and the files it wrote to storage."""

    files: int = 0
    pixels: int = 0
    written: list[_Written] = field(default_factory=list)

    def charge_file(self) -> None:
        self.files += 1
        limit = request_max_files()
        if self.files > limit:
            raise ValidationError(
                _(
                    "This form carries more files than can be checked at once (up to %(limit)s). "
                    "Save it with fewer files, then add the others."
                ),
                code="request_files",
                params={"limit": limit},
            )

    def charge_pixels(self, pixels: int) -> None:
        limit = request_max_pixels()
        if self.pixels + pixels > limit:
            raise ValidationError(
                _(
                    "The images of this form are too large together to be processed at once "
                    "(%(limit)s megapixels). Save it with fewer or smaller images, then add the others."
                ),
                code="request_pixels",
                params={"limit": f"{limit / 1_000_000:g}"},
            )
        self.pixels += pixels

    def discard_uncommitted(self) -> list[str]:
        """Delete the files written in a transaction that rolled back; return their names.

        A file whose ``on_commit`` callback still waits for an outer transaction (a test's)
        is kept: its transaction has not decided yet.
        """
        # Django's queue of callbacks for the commit that has not happened yet: (savepoints, callback, robust).
        waiting = {id(getattr(callback, "__self__", None)) for _sids, callback, *_rest in connection.run_on_commit}
        discarded = []
        for written in self.written:
            if written.committed or id(written) in waiting:
                continue
            try:
                written.storage.delete(written.name)
            except OSError:
                logger.exception("could not delete %s, written by a request that did not commit", written.name)
                continue
            discarded.append(written.name)
        if discarded:
            logger.info("deleted %s file(s) written by a request that did not commit: %s", len(discarded), discarded)
        return discarded


_scope: contextvars.ContextVar[UploadScope | None] = contextvars.ContextVar("upload_scope", default=None)


def current_scope() -> UploadScope | None:
    return _scope.get()


@contextlib.contextmanager
def upload_scope():
    """One request's (or task's) ``UploadScope``: limits its work; on leaving, deletes what it wrote uncommitted."""
    scope = UploadScope()
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)
        scope.discard_uncommitted()


def track_written(storage, name: str) -> None:
    """Remember that ``name`` was written to ``storage``, to delete it if its transaction does not commit.

    Outside a request nothing is tracked (the daily purge of ``catalog.media_cleanup``
    finds such files); outside a transaction the file counts as committed at once.
    """
    scope = _scope.get()
    if scope is None:
        return
    written = _Written(storage=storage, name=name)
    scope.written.append(written)
    # Run at once outside a transaction; dropped by Django if the transaction (or savepoint) rolls back.
    transaction.on_commit(written.commit)


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded picture, ready to store: ``file`` has a fresh, safe name; ``original_name`` is for display."""

    file: ContentFile
    width: int
    height: int
    mime_type: str
    original_name: str


@dataclass(frozen=True)
class CleanPDF:
    file: ContentFile
    pages: int
    original_name: str


def display_name(original: str) -> str:
    """The sender's file name as it may be shown: no folders, no control or direction-changing characters.

    ``invoice\u202efdp.exe`` would otherwise show as "invoiceexe.pdf" (a right-to-left override),
    and ``../../x`` names a path. Shown escaped, never used as a path (see ``safe_filename``).
    """
    base = (original or "").replace("\\", "/").rsplit("/", 1)[-1]
    visible = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp"))
    return " ".join(visible.split())[:200]


def safe_filename(original: str, extension: str, *, fallback: str = "file") -> str:
    """``<ascii-slug-of-the-name>-<random>.<extension>``: no path, no markup, no collisions."""
    stem = (original or "").replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    slug = slugify(stem)[:40].strip("-") or fallback
    return f"{slug}-{uuid.uuid4().hex[:12]}.{extension}"


def _read_limited(upload, limit: int) -> bytes:
    """All of ``upload``'s bytes, refusing it when it is larger than ``limit``."""
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_large(size, limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(len(data), limit)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    return data


def _too_large(size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("This file is %(size)s; files up to %(limit)s are accepted."),
        code="file_too_large",
        params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
    )


def _looks_like_markup(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n\x00")
    lowered = head.lower()
    return head.startswith(MARKUP_PREFIXES) or any(
        marker in lowered for marker in (b"<svg", b"<script", b"<?php", b"<html", b"<!doctype")
    )


#: What makes bytes an HTML page or a script to a browser that sniffs them (case-insensitive).
HIDDEN_MARKUP = re.compile(
    rb"<(?:script|html|body|iframe|object|embed|svg|!doctype|\?php)[\s/>]|javascript:", re.IGNORECASE
)
#: A JPEG marker after entropy-coded data: 0xFF followed by anything but stuffing (00), a restart (D0-D7) or fill (FF).
JPEG_MARKER = re.compile(rb"\xff[\x01-\xcf\xd8-\xfe]")


def _hidden_markup(data: bytes, image_format: str) -> bool:
    """Whether markup hides where a picture carries no pixels: metadata, comments or bytes after its end.

    A JPEG with an HTML page in a comment or after its end marker is a picture to Pillow and
    a page to a browser that sniffs it (a polyglot). Pixel data is not searched: compressed,
    it holds such bytes by chance, and re-encoding would drop them anyway. Formats this does
    not parse (GIF) are searched whole.
    """
    regions = {"JPEG": _jpeg_regions, "PNG": _png_regions, "WEBP": _webp_regions}.get(image_format)
    parts = regions(data) if regions else [data]
    return any(HIDDEN_MARKUP.search(part) for part in parts)


def _jpeg_regions(data: bytes) -> list[bytes]:
    """APPn and comment segments of each image in ``data`` (an MPF file holds several), and what trails the last."""
    regions, pos, size = [], 2, len(data)
    while pos + 4 <= size:
        if data[pos] != 0xFF:
            regions.append(data[pos:])  # not a marker where one must be: what follows is not the picture
            break
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
        elif marker == 0xD9:  # end of image: another image (MPF) or trailing bytes follow
            pos += 2
            if not data.startswith(b"\xff\xd8", pos):
                regions.append(data[pos:])
                break
            pos += 2
        elif 0xD0 <= marker <= 0xD8 or marker == 0x01:
            pos += 2
        else:
            length = int.from_bytes(data[pos + 2 : pos + 4], "big")
            if 0xE0 <= marker <= 0xEF or marker == 0xFE:
                regions.append(data[pos + 4 : pos + 2 + length])
            pos += 2 + length
            if marker == 0xDA:  # start of scan: skip the entropy-coded data to the next marker
                found = JPEG_MARKER.search(data, pos)
                pos = found.start() if found else size
    return regions


def _png_regions(data: bytes) -> list[bytes]:
    """Every chunk but the pixel data (text and private chunks), and what trails the end chunk."""
    regions, pos, size = [], 8, len(data)
    while pos + 8 <= size:
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if kind not in (b"IDAT", b"fdAT"):
            regions.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
        if kind == b"IEND":
            break
    regions.append(data[pos:])
    return regions


def _webp_regions(data: bytes) -> list[bytes]:
    """Metadata and unknown chunks of a WebP (RIFF) file, and what trails the RIFF length."""
    end = min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    regions, pos = [data[end:]], 12
    while pos + 8 <= end:
        kind = data[pos : pos + 4]
        length = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if kind not in (b"VP8 ", b"VP8L", b"ALPH", b"ANMF"):
            regions.append(data[pos + 8 : pos + 8 + length])
        pos += 8 + length + (length & 1)
    return regions


# --- images ---------------------------------------------------------------------------


def _image_formats_message(allow_gif: bool):
    if allow_gif:
        return _("This file is not a JPEG, PNG, WebP or GIF image.")
    return _("This file is not a JPEG, PNG or WebP image.")


def clean_image(
    upload,
    *,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
    min_side: int | None = None,
    max_side: int | None = None,
    allow_gif: bool = False,
) -> CleanImage:
    """Validate ``upload`` (a Django ``UploadedFile`` or any file object) and re-encode it."""
    max_bytes = max_bytes or image_max_bytes()
    max_pixels = max_pixels or image_max_pixels()
    min_side = min_side or _setting("PORTAL_UPLOAD_IMAGE_MIN_SIDE", 16)
    max_side = max_side or _setting("PORTAL_UPLOAD_IMAGE_MAX_SIDE", 12_000)
    scope = _scope.get()
    if scope is not None:
        scope.charge_file()
    name = getattr(upload, "name", "") or ""
    data = _read_limited(upload, max_bytes)
    not_an_image = _image_formats_message(allow_gif)
    markup = ValidationError(
        _("Images containing markup (SVG, HTML or scripts) are not accepted. Upload a JPEG, PNG or WebP image."),
        code="markup",
    )
    if _looks_like_markup(data):
        raise markup
    allowed = {*IMAGE_FORMATS, *([GIF] if allow_gif else [])}
    too_many_pixels = ValidationError(
        _("This image is too large in pixels; images up to %(limit)s megapixels are accepted."),
        code="too_many_pixels",
        params={"limit": f"{max_pixels / 1_000_000:g}"},
    )
    with warnings.catch_warnings():
        # Pillow warns (DecompressionBombWarning) or raises (…Error) above its own limit.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                width, height = probe.size
                if image_format not in allowed:
                    raise ValidationError(not_an_image, code="invalid_image_format")
                _check_dimensions(width, height, max_pixels, min_side, max_side, too_many_pixels)
                if _hidden_markup(data, image_format):
                    raise markup  # a polyglot: also an HTML page (or a script) for whoever sniffs it
                probe.verify()
            with Image.open(io.BytesIO(data)) as picture:
                _decode_no_larger_than_stored(picture, stored_max_side())
                if scope is not None:
                    scope.charge_pixels(picture.width * picture.height)
                picture.load()
                encoded, mime_type, extension, (width, height) = _reencode(picture, image_format)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_many_pixels from None
        except UnidentifiedImageError:
            raise ValidationError(not_an_image, code="invalid_image") from None
        except (OSError, SyntaxError, ValueError, EOFError, TypeError, IndexError, struct.error):
            raise ValidationError(
                _("This image is damaged or incomplete and cannot be read. Export it again and upload the new file."),
                code="corrupt_image",
            ) from None
    file = ContentFile(encoded, name=safe_filename(name, extension, fallback="image"))
    return CleanImage(file=file, width=width, height=height, mime_type=mime_type, original_name=display_name(name))


def _check_dimensions(width, height, max_pixels, min_side, max_side, too_many_pixels) -> None:
    if width * height > max_pixels:
        raise too_many_pixels
    if width > max_side or height > max_side:
        raise ValidationError(
            _("This image is %(width)s × %(height)s pixels; neither side may exceed %(limit)s pixels."),
            code="image_too_wide",
            params={"width": width, "height": height, "limit": max_side},
        )
    if width < min_side or height < min_side:
        raise ValidationError(
            _("This image is %(width)s × %(height)s pixels; each side must be at least %(limit)s pixels."),
            code="image_too_small",
            params={"width": width, "height": height, "limit": min_side},
        )


def _decode_no_larger_than_stored(picture: Image.Image, largest: int) -> None:
    """Let a JPEG decode at 1/2, 1/4 or 1/8 of its size when the result still covers what is stored.

    libjpeg scales while it decodes (Pillow's ``draft``), so a 6,300 × 6,300 photo stored at
    2,000 px is decoded as 3,150 × 3,150: a quarter of the pixels, of the memory and of the
    time. Other formats decode at full size (their pixel count is limited per file and per
    request). ``picture.size`` is the size that will be decoded afterwards.
    """
    if picture.format != "JPEG" or max(picture.size) <= largest:
        return
    ratio = largest / max(picture.size)
    picture.draft(None, (math.ceil(picture.width * ratio), math.ceil(picture.height * ratio)))


def _reencode(picture: Image.Image, image_format: str) -> tuple[bytes, str, str, tuple[int, int]]:
    """Fresh bytes of ``picture`` and their size: orientation applied, no larger than stored, no metadata, ICC kept."""
    icc_profile = picture.info.get("icc_profile")
    if image_format == GIF:
        image_format = "PNG"
    picture = ImageOps.exif_transpose(picture) or picture
    if image_format == "JPEG":
        picture = picture.convert("RGB") if picture.mode != "L" else picture
        if picture.mode == "RGB" and icc_profile and _icc_colour_space(icc_profile) != "RGB":
            icc_profile = None  # a CMYK profile does not describe the converted RGB pixels
        options = {"quality": 88, "optimize": True, "progressive": True}
    elif image_format == "PNG":
        if picture.mode not in ("RGB", "RGBA", "L", "LA"):
            picture = picture.convert("RGBA")
        # zlib level 3: about a third of the default's time on photographs, no larger (level 9 is 4x slower).
        options = {"compress_level": 3}
    else:
        if picture.mode not in ("RGB", "RGBA"):
            picture = picture.convert("RGBA")
        # method 2: half the time of method 4 for the same size on photographs.
        options = {"quality": 85, "method": 2}
    largest = stored_max_side()
    if max(picture.size) > largest:
        picture.thumbnail((largest, largest))  # a copy already (exif_transpose, convert): resized in place
    # A new image from the pixels alone: nothing of the original's info dict travels along.
    fresh = Image.new(picture.mode, picture.size)
    fresh.paste(picture)
    if icc_profile:
        options["icc_profile"] = icc_profile
    out = io.BytesIO()
    fresh.save(out, format=image_format, **options)
    extension, mime_type = IMAGE_FORMATS[image_format]
    return out.getvalue(), mime_type, extension, fresh.size


def _icc_colour_space(icc_profile: bytes) -> str:
    # Bytes 16-19 of an ICC header name the data colour space ('RGB ', 'CMYK', 'GRAY').
    return icc_profile[16:20].decode("ascii", "replace").strip() if len(icc_profile) >= 20 else ""


# --- PDFs -----------------------------------------------------------------------------


def clean_pdf(upload, *, max_bytes: int | None = None, max_pages: int | None = None) -> CleanPDF:
    """Validate ``upload`` as a PDF without active content; the bytes are stored up to the last ``%%EOF``."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    max_bytes = max_bytes or pdf_max_bytes()
    max_pages = max_pages or pdf_max_pages()
    scope = _scope.get()
    if scope is not None:
        scope.charge_file()
    name = getattr(upload, "name", "") or ""
    data = _read_limited(upload, max_bytes)
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("This file is not a PDF document."), code="not_pdf")
    unreadable = ValidationError(
        _("This PDF is damaged and cannot be read. Export it again and upload the new file."), code="corrupt_pdf"
    )
    document = _pdf_without_trailer(data)
    if document is None:
        raise unreadable
    if ZIP_END_RECORD in data[max(0, len(document) - ZIP_SEARCH_WINDOW) :]:
        # Readable as a ZIP archive too (a polyglot), even once cut at %%EOF: refused.
        raise ValidationError(
            _("This file is a PDF and another kind of file at once, which is not accepted. Export the PDF again."),
            code="polyglot_pdf",
        )
    try:
        # What is checked is exactly what is stored: the document up to its last %%EOF.
        reader = PdfReader(io.BytesIO(document), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("Password-protected PDFs are not accepted. Upload the document without a password."),
                code="encrypted_pdf",
            )
        pages = len(reader.pages)
        refusal = _pdf_refusal(reader.trailer)
    except ValidationError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, IndexError):
        raise unreadable from None
    if pages == 0:
        raise unreadable
    if pages > max_pages:
        raise ValidationError(
            _("This PDF has %(pages)s pages; documents up to %(limit)s pages are accepted."),
            code="too_many_pages",
            params={"pages": pages, "limit": max_pages},
        )
    if refusal == "active_pdf":
        raise ValidationError(
            _(
                "This PDF contains scripts, embedded files or launch actions, which are not accepted. "
                "Save it again without them (for example with “Print to PDF”) and upload the new file."
            ),
            code="active_pdf",
        )
    if refusal == "pdf_action":
        raise ValidationError(
            _(
                "This PDF contains actions other than links within the document (links to web addresses, "
                "forms that send data, sounds, films or commands), which are not accepted. Save it again "
                "without them (for example with “Print to PDF”) and upload the new file."
            ),
            code="pdf_action",
        )
    file = ContentFile(document, name=safe_filename(name, "pdf", fallback="document"))
    return CleanPDF(file=file, pages=pages, original_name=display_name(name))


def _pdf_without_trailer(data: bytes) -> bytes | None:
    """``data`` up to and including its last ``%%EOF`` marker (and that line's end), or ``None`` without one.

    A PDF reader starts from the end of the file (the cross-reference table the last
    ``%%EOF`` closes), so anything after it is not part of the document: HTML or an archive
    appended there would make the stored file something else as well.
    """
    end = data.rfind(b"%%EOF")
    if end < 0:
        return None
    end += len(b"%%EOF")
    for eol in (b"\r\n", b"\n", b"\r"):
        if data.startswith(eol, end):
            end += len(eol)
            break
    return data[:end]


def _pdf_refusal(root) -> str | None:
    """Why the document reachable from ``root`` is refused (``active_pdf``, ``pdf_action``), or ``None``.

    Walks the object graph (through indirect references, object streams included) rather
    than searching the raw bytes, which compressed object streams and ``#xx`` name escapes
    would hide from a byte search. Page content streams are not decoded: they draw, they
    cannot act. Any dictionary naming JavaScript, a launch action, an embedded file, rich
    media or an XFA form is ``active_pdf``; any action (see ``PDF_ACTION_KEYS``) other than
    navigation within the document is ``pdf_action``.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    seen: set[tuple[int, int]] = set()
    stack = [root]
    visited = 0
    refusal = None
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            raise ValueError("too many objects to scan")
        if isinstance(node, DictionaryObject):
            for key, value in node.items():
                if key in PDF_ACTIVE_NAMES:
                    return "active_pdf"
                if refusal is None and key in PDF_ACTION_KEYS and not _pdf_navigation(value, key):
                    refusal = "pdf_action"
                if refusal is None and key == PDF_TRIGGER_KEY and not _pdf_triggers_navigate(value):
                    refusal = "pdf_action"
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, NameObject) and node in PDF_ACTIVE_NAMES:
            return "active_pdf"
    # Active content is the more serious finding, so the whole graph is walked before an action is reported.
    return refusal


def _pdf_triggers_navigate(triggers) -> bool:
    """Whether every action of an additional-actions dictionary (``/AA``: on open, on close, on focus…) navigates."""
    from pypdf.generic import DictionaryObject

    triggers = triggers.get_object()
    if not isinstance(triggers, DictionaryObject):
        return True  # not a dictionary of actions: nothing a viewer would run
    return all(_pdf_navigation(action, "/AA") for action in triggers.values())


def _pdf_navigation(value, key: str) -> bool:
    """Whether ``value``, found under ``key``, is harmless: navigation within the document or no action at all."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    value = value.get_object()
    if isinstance(value, ArrayObject):
        # /OpenAction may be a destination ([page /Fit]); /Next may be a list of actions.
        return key != "/Next" or all(_pdf_navigation(item, key) for item in value)
    if not isinstance(value, DictionaryObject):
        return True
    kind = value.get("/S")
    if kind is None:
        # A structure element's attributes (/A) or other dictionary that is no action.
        return value.get("/Type") != "/Action"
    kind = kind.get_object()
    if kind == PDF_NAVIGATION_ACTION:
        destination = value.get("/D")
        return destination is not None and isinstance(destination.get_object(), (ArrayObject, NameObject, str, bytes))
    if kind == "/Named":
        return value.get("/N") in PDF_NAVIGATION_NAMED
    return False


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


# --- request size ---------------------------------------------------------------------


class RequestSizeLimitMiddleware:
    """Answer a request whose body exceeds ``PORTAL_UPLOAD_MAX_REQUEST_BYTES`` with a translated 413 page;
    give every other request its ``UploadScope``.

    Checked from ``Content-Length`` before anything parses the body (CSRF checking reads
    ``request.POST``), so a huge upload is neither read into memory nor spooled to disk
    and the member sees what happened instead of a 500 or a reset connection. Put it
    before ``CsrfViewMiddleware``, after ``LocaleMiddleware`` (the page is translated).

    The scope bounds the files and pixels the request's forms validate and, when the
    request ends in any way (a response, an exception, or the ``SystemExit`` with which
    gunicorn stops a worker past its timeout), deletes the files it wrote in transactions
    that did not commit. Only a worker killed outright (SIGKILL) leaves files behind, for
    the daily purge (``catalog.media_cleanup.stray_files``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        allowed = max_request_bytes()
        if length > allowed:
            return render(request, "errors/413.html", {"status": 413, "limit": filesizeformat(allowed)}, status=413)
        with upload_scope():
            return self.get_response(request)
