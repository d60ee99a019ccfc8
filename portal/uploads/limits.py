"""The upload limits, from settings with defaults (see the package's docstring)."""

from __future__ import annotations

from django.conf import settings

MB = 1024 * 1024


def _setting(name: str, default):
    return getattr(settings, name, default)


def image_max_bytes() -> int:
    return _setting("PORTAL_UPLOAD_IMAGE_MAX_BYTES", _setting("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * MB))


def image_max_pixels() -> int:
    return _setting("PORTAL_UPLOAD_IMAGE_MAX_PIXELS", _setting("WAGTAILIMAGES_MAX_IMAGE_PIXELS", 40_000_000))


def image_min_side() -> int:
    return _setting("PORTAL_UPLOAD_IMAGE_MIN_SIDE", 16)


def image_max_side() -> int:
    return _setting("PORTAL_UPLOAD_IMAGE_MAX_SIDE", 12_000)


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
