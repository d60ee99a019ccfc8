"""Helpers for building search documents in a domain app's ``search.py``."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils import translation


def per_language(render: Callable[[], dict[str, str]]) -> dict[str, dict[str, str]]:
    """``render()`` (title, summary, text, url) called once with each portal language active."""
    out = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out[code] = {key: str(value or "") for key, value in render().items()}
    return out


def join(*parts) -> str:
    return "\n".join(str(part) for part in parts if part)
