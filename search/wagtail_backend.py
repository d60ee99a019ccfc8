"""Wagtail's own search (the admin's page, image, document and snippet search), segmenting Chinese.

Wagtail's database backend hands text to SQLite FTS5 (``unicode61``) or PostgreSQL full text,
which both treat a run of Chinese characters as one word: 外骨 finds nothing in 外骨骼康复.
This backend wraps whichever database backend Wagtail picks and rewrites every CJK run into
the bigrams the portal search uses (search/analysis.py), both in the indexed text and in
the query, so staff find 外骨骼 by typing 外骨. Latin text is left to Wagtail's own analysis.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.wagtail_backend"}}``; after
switching, ``manage.py update_index`` rewrites the existing index entries.
"""

from __future__ import annotations

import importlib
import re

from modelsearch.backends import database

from search.analysis import _CJK

_CJK_RUN = re.compile(rf"[{_CJK}]+")
_INDEXER_MODULES = ("sqlite.sqlite", "postgres.postgres", "mysql.mysql")


def segment(text: str) -> str:
    """Each CJK run as space-separated overlapping bigrams (a single character stays)."""

    def bigrams(match):
        run = match.group()
        if len(run) == 1:
            return f" {run} "
        return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "

    return _CJK_RUN.sub(bigrams, text or "")


def _patch_indexers() -> None:
    """Make each vendor module's ObjectIndexer segment the text it prepares (once)."""
    for name in _INDEXER_MODULES:
        try:
            module = importlib.import_module(f"modelsearch.backends.database.{name}")
        except Exception:  # noqa: BLE001, S112 — a vendor whose driver is not installed
            continue
        base = module.ObjectIndexer
        if getattr(base, "segments_cjk", False):
            continue

        class SegmentingIndexer(base):
            segments_cjk = True

            def prepare_value(self, value):
                return segment(super().prepare_value(value))

        module.ObjectIndexer = SegmentingIndexer


def SearchBackend(params):
    _patch_indexers()
    backend = database.SearchBackend(params)
    vendor_class = type(backend)

    class SegmentingBackend(vendor_class):
        def search(self, query, *args, **kwargs):
            return super().search(segment(query) if isinstance(query, str) else query, *args, **kwargs)

        def autocomplete(self, query, *args, **kwargs):
            return super().autocomplete(segment(query) if isinstance(query, str) else query, *args, **kwargs)

    backend.__class__ = SegmentingBackend
    return backend
