"""``clean_pdf``: a PDF judged by its content, stored without anything after its end (see the package's docstring)."""

from __future__ import annotations

import io
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from portal.uploads.files import CleanPDF, _read_limited, display_name, safe_filename
from portal.uploads.limits import pdf_max_bytes, pdf_max_pages
from portal.uploads.scope import current_scope

logger = logging.getLogger(__name__)


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


# --- PDFs -----------------------------------------------------------------------------


def clean_pdf(upload, *, max_bytes: int | None = None, max_pages: int | None = None) -> CleanPDF:
    """Validate ``upload`` as a PDF without active content; the bytes are stored up to the last ``%%EOF``."""
    max_pages = max_pages or pdf_max_pages()
    scope = current_scope()
    if scope is not None:
        scope.charge_file()
    name = getattr(upload, "name", "") or ""
    data = _read_limited(upload, max_bytes or pdf_max_bytes())
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("This file is not a PDF document."), code="not_pdf")
    document = _pdf_without_trailer(data)
    if document is None:
        raise _unreadable()
    if ZIP_END_RECORD in data[max(0, len(document) - ZIP_SEARCH_WINDOW) :]:
        # Readable as a ZIP archive too (a polyglot), even once cut at %%EOF: refused.
        raise ValidationError(
            _("This file is a PDF and another kind of file at once, which is not accepted. Export the PDF again."),
            code="polyglot_pdf",
        )
    pages = _check_document(document, max_pages)
    file = ContentFile(document, name=safe_filename(name, "pdf", fallback="document"))
    return CleanPDF(file=file, pages=pages, original_name=display_name(name))


def _unreadable() -> ValidationError:
    return ValidationError(
        _("This PDF is damaged and cannot be read. Export it again and upload the new file."), code="corrupt_pdf"
    )


def _check_document(document: bytes, max_pages: int) -> int:
    """Parse exactly what will be stored; its page count, or the refusal."""
    try:
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
        raise _unreadable() from None
    if pages == 0:
        raise _unreadable()
    if pages > max_pages:
        raise ValidationError(
            _("This PDF has %(pages)s pages; documents up to %(limit)s pages are accepted."),
            code="too_many_pages",
            params={"pages": pages, "limit": max_pages},
        )
    if refusal:
        raise ValidationError(REFUSALS[refusal], code=refusal)
    return pages


#: What ``_pdf_refusal`` finds, said to the member.
REFUSALS = {
    "active_pdf": _(
        "This PDF contains scripts, embedded files or launch actions, which are not accepted. "
        "Save it again without them (for example with “Print to PDF”) and upload the new file."
    ),
    "pdf_action": _(
        "This PDF contains actions other than links within the document (links to web addresses, "
        "forms that send data, sounds, films or commands), which are not accepted. Save it again "
        "without them (for example with “Print to PDF”) and upload the new file."
    ),
}


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
    triggers = triggers.get_object()
    if not isinstance(triggers, DictionaryObject):
        return True  # not a dictionary of actions: nothing a viewer would run
    return all(_pdf_navigation(action, "/AA") for action in triggers.values())


def _pdf_navigation(value, key: str) -> bool:
    """Whether ``value``, found under ``key``, is harmless: navigation within the document or no action at all."""
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
