"""What a clean upload is, and how its name is shown and stored."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


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
