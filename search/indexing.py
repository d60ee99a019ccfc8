"""Keeping the indexes in step with the data, without losing a change.

1. A save, publish or delete (search/signals.py) calls ``changed``, which rebuilds the
   object's documents from its declaration and writes them to the database engine's
   tables *in the change's own transaction*: the database engine (the embedded default,
   and the fallback while Elasticsearch is down) is never stale and never shows a document
   that was unpublished, whatever the broker or the workers are doing.
2. When Elasticsearch is configured, ``changed`` also schedules the outbox effect
   ``search.sync_elasticsearch`` (portal/outbox.py) in the same transaction; a worker
   applies it after the commit, retries while Elasticsearch is down, and one run covers
   every earlier pending update of the same object (the outbox topic).
3. Writers of one object's documents are serialised by a transaction-level lock on the
   object (``portal.db.object_lock``) taken *before* the documents are built, so the last
   writer reads the newest data and the newest version always wins; two workers never
   race on the unique ``(doc_type, object_id, language)`` rows.
4. ``search.tasks.reconcile`` (Celery beat) repairs any drift between the data and both
   indexes by fingerprint.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from portal import outbox, public_cache
from portal.db import analyze, object_lock, object_locks
from search import declarations
from search.analysis import analyse
from search.declarations import DocumentType, Entry
from search.engines import elasticsearch as es_engine
from search.models import SearchDocument, SearchToken, audiences_text, facet_values_text

logger = logging.getLogger(__name__)


def cache_tag(doc_type: str) -> str:
    """The public page cache tag of pages whose content comes from a search (a list's search box).

    Invalidated whenever the index of ``doc_type`` changes, which happens after the commit
    that invalidated the domain's own tags: a page rendered in between is made stale here.
    """
    return f"search:{doc_type}"


def invalidate_pages(doc_types: Iterable[str]) -> None:
    """Make stale the pages whose content came from these types' index (now and at the commit)."""
    tags = sorted({cache_tag(name) for name in doc_types})
    if tags:
        public_cache.invalidate_on_commit(*tags)


#: How long after an Elasticsearch write its pages are made stale again (the index refreshes every second).
AFTER_REFRESH = timedelta(seconds=2)


def invalidate_after_refresh(doc_type: str) -> None:
    """Make stale again, once Elasticsearch shows a write, what was computed from it before.

    Elasticsearch shows a write at its next refresh (every second), unless the write waited
    for one (``SEARCH_ELASTICSEARCH_REFRESH``, tests): a page made in between (a list with a
    search box) is stored under the tags' new versions. The outbox drain (every 30 s) runs this
    invalidation after ``AFTER_REFRESH``; a later write's covers an earlier one (one topic).
    """
    if not settings.SEARCH_ELASTICSEARCH_REFRESH:
        outbox.schedule(
            "portal.invalidate_public_cache",
            {"tags": [cache_tag(doc_type)]},
            topic=f"search-refreshed:{doc_type}",
            delay=AFTER_REFRESH,
        )


def elasticsearch_enabled() -> bool:
    return settings.PORTAL_SEARCH_ENGINE == "elasticsearch" and bool(settings.ELASTICSEARCH_URL)


# --- Building documents ----------------------------------------------------------------------


def entries_for(dt: DocumentType, object_id) -> list[Entry]:
    """The documents an object should have now ([] when it is gone or out of scope)."""
    instance = dt.queryset().filter(pk=object_id).first()
    return list(dt.build(instance)) if instance is not None else []


def fingerprint(entry: Entry) -> str:
    return entry.fingerprint


def weighted_tokens(dt: DocumentType, entry: Entry) -> dict[str, float]:
    """Each token with the boost of the best field it occurs in."""
    weights: dict[str, float] = {}
    for f in dt.fields:
        for token in analyse(entry.text.get(f.name, "")):
            if weights.get(token, 0) < f.boost:
                weights[token] = f.boost
    return weights


# --- The database engine's tables ------------------------------------------------------------


def lock(doc_type: str, object_id) -> None:
    """Serialise the writers of one object's documents until the current transaction ends."""
    object_lock(f"search:{doc_type}:{object_id}")


@transaction.atomic
def store(dt: DocumentType, object_id: str, entries: list[Entry]) -> bool:
    """Replace the database documents of one object by ``entries`` (unchanged ones are kept).

    The caller holds ``lock(dt.name, object_id)`` and built ``entries`` after taking it.
    Returns whether any document changed.
    """
    object_id = str(object_id)
    wanted = {entry.language: (entry, fingerprint(entry)) for entry in entries}
    current = {doc.language: doc for doc in SearchDocument.objects.filter(doc_type=dt.name, object_id=object_id)}
    stale = [doc.pk for lang, doc in current.items() if lang not in wanted or doc.fingerprint != wanted[lang][1]]
    SearchDocument.objects.filter(pk__in=stale).delete()
    kept = {lang: doc.fingerprint for lang, doc in current.items() if doc.pk not in stale}
    changed = [entry for lang, (entry, print_) in wanted.items() if kept.get(lang) != print_]
    store_many(dt, changed)
    return bool(stale or changed)


# --- Changes -----------------------------------------------------------------------------------


def changed(doc_type: str, object_ids: Iterable) -> None:
    """Bring the index of these objects up to date in the current transaction (see the module's docstring).

    Many objects (a panel's entries after an automatic assignment) are written in batches of
    ``BATCH``: a fixed number of queries per batch, not per object (``_store_batch``).
    """
    dt = declarations.get(doc_type)
    if dt is None:
        return
    ids = list(dict.fromkeys(str(object_id) for object_id in object_ids))
    if not ids:
        return
    written: list[str] = []
    with transaction.atomic():
        if len(ids) == 1 or not hasattr(dt.queryset(), "filter"):
            # A save that leaves the documents as they are (a member's draft, a pending edit, a
            # rejection) writes nothing, schedules nothing and keeps the public pages cached.
            written = [object_id for object_id in ids if _store_current(dt, object_id)]
        else:
            for start in range(0, len(ids), BATCH):
                written += _store_batch(dt, ids[start : start + BATCH])
        if elasticsearch_enabled():
            for object_id in written:
                outbox.schedule(
                    "search.sync_elasticsearch",
                    {"doc_type": doc_type, "object_id": object_id},
                    topic=f"search:{doc_type}:{object_id}",
                )
    if written:
        invalidate_pages([doc_type])


#: Objects written together by ``changed`` (one lock query, one read, one delete, one insert each).
BATCH = 500


def _delete_documents(pks: list[int]) -> None:
    """Delete documents with their tokens in two statements.

    ``QuerySet.delete`` would read every token and delete them 100 at a time, to send
    ``post_delete`` signals no receiver acts on for search rows.
    """
    for model, lookup in (
        (SearchToken, "document_id__in"),
        (SearchDocument, "pk__in"),
    ):
        rows = model.objects.filter(**{lookup: pks})
        rows._raw_delete(rows.db)


def _store_batch(dt: DocumentType, object_ids: list[str]) -> list[str]:
    """``_store_current`` for many objects at once; returns those whose documents changed.

    Locks all, then reads the objects in one query (with what the type's queryset prefetches),
    their current documents in one, deletes the stale ones in one and inserts the new ones in
    bulk. An integrity conflict (a full rebuild committing meanwhile) is retried once.
    """
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                object_locks(f"search:{dt.name}:{object_id}" for object_id in object_ids)
                instances = {str(instance.pk): instance for instance in dt.queryset().filter(pk__in=object_ids)}
                wanted = {object_id: [] for object_id in object_ids}
                for object_id, instance in instances.items():
                    wanted[object_id] = list(dt.build(instance))
                current: dict[str, dict[str, SearchDocument]] = {}
                for doc in SearchDocument.objects.filter(doc_type=dt.name, object_id__in=object_ids):
                    current.setdefault(doc.object_id, {})[doc.language] = doc
                stale, new, written = [], [], []
                for object_id in object_ids:
                    prints = {entry.language: (entry, fingerprint(entry)) for entry in wanted[object_id]}
                    docs = current.get(object_id, {})
                    gone = [d.pk for lang, d in docs.items() if lang not in prints or d.fingerprint != prints[lang][1]]
                    kept = {lang: d.fingerprint for lang, d in docs.items() if d.pk not in gone}
                    added = [entry for lang, (entry, print_) in prints.items() if kept.get(lang) != print_]
                    stale += gone
                    new += added
                    if gone or added:
                        written.append(object_id)
                if stale:
                    _delete_documents(stale)
                store_many(dt, new)
                return written
        except IntegrityError:
            if attempt == 2:
                raise
            logger.warning("search: index write of %d %s documents conflicted; retrying", len(object_ids), dt.name)
    return []


def _store_current(dt: DocumentType, object_id: str) -> bool:
    """Lock, build and store one object's documents (whether any changed); an integrity conflict is retried once.

    A conflict can only come from a writer that does not take the lock (a full rebuild
    committing meanwhile): the second attempt reads what it wrote.
    """
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                lock(dt.name, object_id)
                return store(dt, object_id, entries_for(dt, object_id))
        except IntegrityError:
            if attempt == 2:
                raise
            logger.warning("search: index write of %s:%s conflicted; retrying", dt.name, object_id)


def sync_elasticsearch(doc_type: str, object_id: str) -> None:
    """Make Elasticsearch hold the object's documents as they are now (raises ``EngineUnavailable``)."""
    dt = declarations.get(doc_type)
    if dt is None or not elasticsearch_enabled():
        return
    lock(doc_type, object_id)  # one writer per object; the data is read after the lock
    es_engine.write(dt, object_id, entries_for(dt, object_id))
    invalidate_pages([doc_type])
    invalidate_after_refresh(doc_type)


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
    refresh_statistics()
    invalidate_pages(dt.name for dt in declarations.document_types())
    return count


def rebuild_elasticsearch(progress=None) -> str:
    """Fill a fresh Elasticsearch index and swap the alias to it (``es_engine.rebuild``; raises
    ``EngineUnavailable``); pages computed from the old index are made stale."""
    name = es_engine.rebuild(progress=progress)
    invalidate_pages(dt.name for dt in declarations.document_types())
    return name


def refresh_statistics() -> None:
    """The planner's statistics of the search tables, after a bulk write (``rebuild_database``).

    Measured on 20,000 documents right after a rebuild: a search for 康复 took 287 ms with the
    planner estimating one row per table (nested loops over 19,870 documents), 77 ms after ANALYZE;
    脑机接口 (12,000 hits) 621 ms, 261 ms after VACUUM (ANALYZE) (the deleted rows' index entries gone).
    """
    analyze(SearchDocument, SearchToken)


def store_many(dt: DocumentType, entries: list[Entry]) -> None:
    """Insert documents, then their tokens, in bulk; the caller removed any old ones."""
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
            facet_values=facet_values_text(entry.facets),
            audiences=audiences_text(entry.audiences),
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
    tokens = []
    for doc, entry in zip(docs, entries, strict=True):
        tokens += [SearchToken(document=doc, token=t, weight=w) for t, w in weighted_tokens(dt, entry).items()]
    SearchToken.objects.bulk_create(tokens, batch_size=5000)


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
                _store_current(dt, object_id)
                repaired += 1
        gone = set(indexed) - seen
        if gone:
            SearchDocument.objects.filter(doc_type=dt.name, object_id__in=gone).delete()
            repaired += len(gone)
    if repaired:
        invalidate_pages(dt.name for dt in declarations.document_types())
    return repaired


#: Writes failing one after the other that end a reconciliation pass (Elasticsearch went down).
RECONCILE_FAILURES_IN_A_ROW = 10


def reconcile_elasticsearch() -> int:
    """Make Elasticsearch hold what the database documents hold (by fingerprint)."""
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
    failed_in_a_row = 0
    for doc_type, object_id in sorted(keys):
        if declarations.get(doc_type) is None:
            continue
        try:
            with transaction.atomic():
                sync_elasticsearch(doc_type, object_id)
        except es_engine.EngineUnavailable as exc:
            # One object Elasticsearch refuses must not stop the repair of those after it (the
            # order is fixed: it would stop there at every pass); many failures in a row mean
            # Elasticsearch is down again, and the next pass starts over.
            logger.warning("search: reconcile could not write %s:%s to Elasticsearch: %s", doc_type, object_id, exc)
            failed_in_a_row += 1
            if failed_in_a_row >= RECONCILE_FAILURES_IN_A_ROW:
                break
        else:
            failed_in_a_row = 0
    return len(keys)
