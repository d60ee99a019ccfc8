"""Keeping the indexes in step with the data, without losing a change.

1. A save, publish or delete writes an ``IndexOutbox`` row *in the same transaction*
   (search/signals.py) and, on commit, queues ``search.tasks.apply_outbox``.
2. The task rebuilds the documents of that object from its declaration, writes them to
   the database engine's tables and, when Elasticsearch is configured, to Elasticsearch
   (short timeouts). Only when every engine has the change is the row deleted; otherwise
   it stays, the task retries, and ``search.tasks.reconcile`` (Celery beat) drains what is
   left once Elasticsearch is back and repairs any drift it finds.

The database engine's tables are always kept, even when Elasticsearch is the engine:
they are what the search page falls back to while Elasticsearch is down.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from search import declarations
from search.analysis import analyse
from search.declarations import DocumentType, Entry
from search.models import IndexOutbox, SearchDocument, SearchKeyword, SearchToken

logger = logging.getLogger(__name__)


def cache_tag(doc_type: str) -> str:
    """The public page cache tag of pages whose content comes from a search (a list's search box).

    Invalidated whenever the index of ``doc_type`` changes, which happens after the commit
    that invalidated the domain's own tags: a page rendered in between is made stale here.
    """
    return f"search:{doc_type}"


def invalidate_pages(doc_types: Iterable[str]) -> None:
    from portal import public_cache

    tags = sorted({cache_tag(name) for name in doc_types})
    if tags:
        public_cache.invalidate(*tags)


def elasticsearch_enabled() -> bool:
    return settings.PORTAL_SEARCH_ENGINE == "elasticsearch" and bool(settings.ELASTICSEARCH_URL)


# --- Building documents ----------------------------------------------------------------------


def entries_for(dt: DocumentType, object_id) -> list[Entry]:
    """The documents an object should have now ([] when it is gone or out of scope)."""
    instance = dt.queryset().filter(pk=object_id).first()
    return list(dt.build(instance)) if instance is not None else []


def fingerprint(entry: Entry) -> str:
    payload = json.dumps(
        [entry.text, entry.display, sorted(entry.audiences), entry.facets, str(entry.date)],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def weighted_tokens(dt: DocumentType, entry: Entry) -> dict[str, float]:
    """Each token with the boost of the best field it occurs in."""
    weights: dict[str, float] = {}
    for f in dt.fields:
        for token in analyse(entry.text.get(f.name, "")):
            if weights.get(token, 0) < f.boost:
                weights[token] = f.boost
    return weights


# --- The database engine's tables ------------------------------------------------------------


@transaction.atomic
def store(dt: DocumentType, object_id: str, entries: list[Entry]) -> None:
    """Replace the database documents of one object by ``entries`` (unchanged ones are kept)."""
    object_id = str(object_id)
    wanted = {entry.language: (entry, fingerprint(entry)) for entry in entries}
    current = {doc.language: doc for doc in SearchDocument.objects.filter(doc_type=dt.name, object_id=object_id)}
    stale = [doc.pk for lang, doc in current.items() if lang not in wanted or doc.fingerprint != wanted[lang][1]]
    SearchDocument.objects.filter(pk__in=stale).delete()
    kept = {lang: doc.fingerprint for lang, doc in current.items() if doc.pk not in stale}
    changed = [entry for lang, (entry, print_) in wanted.items() if kept.get(lang) != print_]
    store_many(dt, changed)


# --- The outbox ----------------------------------------------------------------------------------


def enqueue(doc_type: str, object_ids: Iterable) -> None:
    """Record pending updates in the current transaction and apply them after it commits."""
    rows = IndexOutbox.objects.bulk_create(
        IndexOutbox(doc_type=doc_type, object_id=str(object_id)) for object_id in object_ids
    )
    if not rows:
        return
    ids = [row.pk for row in rows if row.pk is not None]
    if not ids:  # backends that do not return bulk ids: the reconcile task drains them
        return

    def send():
        from search import tasks

        try:
            tasks.apply_outbox.delay(ids)
        except Exception:  # a broker outage must not fail the request; reconcile drains the rows
            logger.exception("search: could not queue index update %s", ids)

    transaction.on_commit(send)


def apply(rows: Iterable[IndexOutbox]) -> list[IndexOutbox]:
    """Apply outbox rows to every engine; returns the rows that failed (kept for a retry)."""
    failed = []
    done_keys = {}
    try:
        _apply(rows, failed, done_keys)
    finally:
        invalidate_pages(doc_type for doc_type, _object_id in done_keys)
    return failed


def _apply(rows, failed, done_keys) -> None:
    from search.engines import elasticsearch as es_engine

    for row in rows:
        dt = declarations.get(row.doc_type)
        if dt is None:
            row.delete()
            continue
        key = (row.doc_type, row.object_id)
        if key not in done_keys:
            entries = entries_for(dt, row.object_id)
            store(dt, row.object_id, entries)
            error = ""
            if elasticsearch_enabled():
                try:
                    es_engine.write(dt, row.object_id, entries)
                except es_engine.EngineUnavailable as exc:
                    error = str(exc) or exc.__class__.__name__
                    logger.warning("search: Elasticsearch update of %s:%s failed: %s", *key, error)
            done_keys[key] = error
        error = done_keys[key]
        if error:
            IndexOutbox.objects.filter(pk=row.pk).update(attempts=row.attempts + 1, last_error=error[:1000])
            failed.append(row)
        else:
            # Delete this row and any older row for the same object: they are all satisfied.
            IndexOutbox.objects.filter(doc_type=row.doc_type, object_id=row.object_id, pk__lte=row.pk).delete()


def drain(limit: int = 500) -> int:
    """Apply the oldest pending rows; the number still pending afterwards."""
    rows = list(IndexOutbox.objects.order_by("pk")[:limit])
    apply(rows)
    return IndexOutbox.objects.count()


# --- Full passes -----------------------------------------------------------------------------


def iter_entries(dt: DocumentType, *, chunk_size: int = 500):
    for instance in dt.queryset().iterator(chunk_size=chunk_size):
        yield from dt.build(instance)


def rebuild_database(progress=None, *, batch: int = 500) -> int:
    """Rebuild the database engine's tables from the declarations; returns the object count.

    One transaction: on PostgreSQL readers keep seeing the old documents until it commits.
    """
    count = 0
    with transaction.atomic():
        for dt in declarations.document_types():
            SearchDocument.objects.filter(doc_type=dt.name).delete()
            chunk: list[Entry] = []
            for instance in dt.queryset().iterator(chunk_size=batch):
                chunk.extend(dt.build(instance))
                count += 1
                if progress:
                    progress(1)
                if len(chunk) >= batch:
                    store_many(dt, chunk)
                    chunk = []
            store_many(dt, chunk)
    invalidate_pages(dt.name for dt in declarations.document_types())
    return count


def store_many(dt: DocumentType, entries: list[Entry]) -> None:
    """Insert documents in bulk (four queries per batch); the caller removed any old ones."""
    if not entries:
        return
    docs = SearchDocument.objects.bulk_create(
        SearchDocument(
            doc_type=dt.name,
            object_id=str(entry.object_id),
            language=entry.language,
            title=(entry.display_for(settings.LANGUAGE_CODE).get("title") or "")[:300],
            display=entry.display,
            date=entry.date,
            fingerprint=fingerprint(entry),
        )
        for entry in entries
    )
    if any(doc.pk is None for doc in docs):  # backends that do not return ids from bulk inserts
        keys = [(d.object_id, d.language) for d in docs]
        found = {
            (d.object_id, d.language): d
            for d in SearchDocument.objects.filter(doc_type=dt.name, object_id__in=[k[0] for k in keys])
        }
        docs = [found[k] for k in keys]
    tokens, keywords = [], []
    for doc, entry in zip(docs, entries, strict=True):
        tokens += [SearchToken(document=doc, token=t, weight=w) for t, w in weighted_tokens(dt, entry).items()]
        keywords += [SearchKeyword(document=doc, name="audience", value=a) for a in set(entry.audiences)]
        for name, values in entry.facets.items():
            keywords += [SearchKeyword(document=doc, name=name, value=str(v)[:100]) for v in set(values)]
    SearchToken.objects.bulk_create(tokens, batch_size=5000)
    SearchKeyword.objects.bulk_create(keywords, batch_size=5000)


def reconcile_database() -> int:
    """Repair database documents that drifted from the data; returns the objects repaired."""
    repaired = 0
    for dt in declarations.document_types():
        indexed: dict[str, dict[str, str]] = {}
        for object_id, language, print_ in SearchDocument.objects.filter(doc_type=dt.name).values_list(
            "object_id", "language", "fingerprint"
        ):
            indexed.setdefault(object_id, {})[language] = print_
        seen = set()
        for instance in dt.queryset().iterator(chunk_size=500):
            entries = list(dt.build(instance))
            object_id = str(instance.pk)
            seen.add(object_id)
            if indexed.get(object_id, {}) != {e.language: fingerprint(e) for e in entries}:
                store(dt, object_id, entries)
                repaired += 1
        gone = set(indexed) - seen
        if gone:
            SearchDocument.objects.filter(doc_type=dt.name, object_id__in=gone).delete()
            repaired += len(gone)
    if repaired:
        invalidate_pages(dt.name for dt in declarations.document_types())
    return repaired


def reconcile_elasticsearch() -> int:
    """Make Elasticsearch hold what the database documents hold (by fingerprint)."""
    from search.engines import elasticsearch as es_engine

    try:
        es_engine.ensure_index()
        indexed = es_engine.indexed_fingerprints()
    except es_engine.EngineUnavailable as exc:
        logger.warning("search: reconcile skipped, Elasticsearch unavailable: %s", exc)
        return 0
    expected = {
        es_engine._doc_id(doc_type, object_id, language): (doc_type, object_id, print_)
        for doc_type, object_id, language, print_ in SearchDocument.objects.values_list(
            "doc_type", "object_id", "language", "fingerprint"
        )
    }
    keys = {(t, o) for doc_id, (t, o, p) in expected.items() if indexed.get(doc_id) != p}
    keys |= {tuple(doc_id.split(":", 2)[:2]) for doc_id in set(indexed) - set(expected)}
    for doc_type, object_id in sorted(keys):
        dt = declarations.get(doc_type)
        if dt is not None:
            es_engine.write(dt, object_id, entries_for(dt, object_id))
    if keys:
        invalidate_pages(doc_type for doc_type, _object_id in keys)
    return len(keys)
