"""``make bench`` for search: 20,000 documents, bulk indexing and search-page latency on both engines.

* ``search_page(q)`` — a page resolver (bench/pages.py) that first makes sure the database
  engine holds ``BENCH_DOCUMENTS`` documents (the demo data and seeded products, topped up with
  generated bilingual documents), then returns the search URL: the page is measured through
  gunicorn like every other page, as a ratio to the bare view.
* ``bulk_index_elasticsearch`` (job) — the same 20,000 documents indexed into a fresh
  Elasticsearch index through the engine's path (document building + ``streaming_bulk``),
  and the prebuilt sources through raw ``helpers.bulk``: the ratio is the engine's overhead.
* ``query_latency`` (job) — p50/p95 of the search view over Chinese and English queries on
  each engine (in-process, Django test client) and of a bare view, with their ratios. The
  engine answers every request: the answers ``search.services`` remembers are forgotten
  before each one (untimed). The bench's search page lines measure the page as visitors get
  it: the uncached line a remembered answer, the cold line (every cache emptied) the engine.

Elasticsearch parts are skipped (reported) when ``ELASTICSEARCH_URL``/``BENCH_ELASTICSEARCH_URL``
does not answer. In tests noida-db stands in; production numbers need a real cluster.
"""

from __future__ import annotations

import os
import random
import time
from urllib.parse import quote

from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from elasticsearch import helpers

from portal import public_cache
from portal.settings.services import reachable
from search import declarations, indexing
from search.declarations import PUBLIC, DocumentType, Entry
from search.engines import elasticsearch as es_engine
from search.models import SearchDocument, audiences_of, facets_of

#: Documents in the index (``BENCH_SEARCH_DOCUMENTS`` overrides it for a quick run).
BENCH_DOCUMENTS = int(os.environ.get("BENCH_SEARCH_DOCUMENTS", "20000"))
QUERIES = [
    "脑机接口",
    "康复",
    "失语",
    "外骨骼",
    "脑电 头环",
    "BCI",
    "rehabilitation",
    "EEG headband",
    "stroke",
    "aphasia",
]

_WORDS_ZH = [
    "脑电",
    "康复",
    "训练",
    "外骨骼",
    "失语",
    "头环",
    "监测",
    "睡眠",
    "专注力",
    "卒中",
    "渐冻症",
    "解码",
    "刺激",
    "轮椅",
]
_WORDS_EN = ["EEG", "rehabilitation", "training", "exoskeleton", "aphasia", "headband", "sleep", "attention", "stroke",
             "decoding", "stimulation", "wheelchair", "signals", "platform"]  # fmt: skip


def _generated_entries(count: int, start: int = 0):

    rng = random.Random(20_000)  # noqa: S311 - reproducible benchmark data
    for n in range(start, start + count):
        zh = "".join(rng.sample(_WORDS_ZH, 4))
        en = " ".join(rng.sample(_WORDS_EN, 5))
        title_zh, title_en = f"基准文档{n}{zh[:6]}", f"Bench document {n} {en.split()[0]}"
        yield Entry(
            object_id=f"bench-{n}",
            language="",
            text={"title": f"{title_zh} {title_en}", "summary": f"{zh}。{en}.", "body": f"{zh} {en} " * 3},
            display={
                "zh-hans": {"title": title_zh, "summary": zh, "text": zh, "url": "/zh-hans/"},
                "en": {"title": title_en, "summary": en, "text": en, "url": "/en/"},
            },
            audiences=[PUBLIC],
            facets={"application_field": [rng.choice(["rehabilitation", "education", "medical"])]},
        )


def _bench_type():
    """A document type for generated documents (never registered: nothing but the bench sees it)."""

    product = declarations.get("product")
    return DocumentType(
        name="product",
        label="bench",
        model="catalog.Product",
        fields=product.fields if product else declarations.TEXT_FIELDS,
        build=lambda obj: [],
        queryset=lambda: [],
    )


def ensure_documents(total: int = BENCH_DOCUMENTS) -> dict:

    if SearchDocument.objects.count() >= total:
        return {"documents": SearchDocument.objects.count()}
    started = time.monotonic()
    indexing.rebuild_database()
    missing = total - SearchDocument.objects.count()
    entries = list(_generated_entries(max(missing, 0)))
    dt = _bench_type()
    for i in range(0, len(entries), 1000):
        indexing.store_many(dt, entries[i : i + 1000])
    indexing.refresh_statistics()
    return {"documents": SearchDocument.objects.count(), "seconds": round(time.monotonic() - started, 1)}


def search_page(q: str, language: str = "zh-hans"):
    def resolve() -> str:

        if hasattr(settings, "BENCH_CACHE"):  # the bench settings only: tests resolve pages too
            ensure_documents()
        return f"/{language}/search/?q={quote(q)}"

    resolve.description = f"search {q} ({language}, {BENCH_DOCUMENTS} documents, database engine)"
    return resolve


def _elasticsearch(settings):

    url = os.environ.get("BENCH_ELASTICSEARCH_URL", settings.ELASTICSEARCH_URL or "http://127.0.0.1:9200")
    host, _, port = url.split("://", 1)[-1].rstrip("/").partition(":")
    return url if reachable(host, int(port or 9200)) else None


def bulk_index_elasticsearch() -> dict:

    url = _elasticsearch(settings)
    if not url:
        return {"skipped": "Elasticsearch not reachable"}

    dt = _bench_type()
    entries = list(_generated_entries(BENCH_DOCUMENTS))
    with override_settings(ELASTICSEARCH_URL=url, SEARCH_INDEX_PREFIX="bench-search-"):
        es = es_engine.bulk_client()
        es_engine.drop_all()
        ours, raw = "bench-search-documents-ours", "bench-search-documents-raw"
        es_engine.create_index(ours)
        es_engine.create_index(raw)
        sources = [es_engine._action(dt, entry, raw) for entry in entries]
        started = time.monotonic()
        for _ok, _item in helpers.streaming_bulk(es, (es_engine._action(dt, e, ours) for e in entries), chunk_size=500):
            pass
        ours_seconds = time.monotonic() - started
        started = time.monotonic()
        helpers.bulk(es, sources, chunk_size=500)
        raw_seconds = time.monotonic() - started
        es_engine.drop_all()
    return {
        "documents": len(entries),
        "engine_seconds": round(ours_seconds, 2),
        "raw_bulk_seconds": round(raw_seconds, 2),
        "ratio": round(ours_seconds / raw_seconds, 2) if raw_seconds else None,
    }


def _timings(client, paths, rounds: int, *, engine: bool = False) -> list[float]:
    """Milliseconds per request; ``engine``: the engine answers each (remembered answers forgotten, untimed)."""
    samples = []
    tags = [indexing.cache_tag(dt.name) for dt in declarations.document_types()]
    for _ in range(rounds):
        for path in paths:
            if engine:
                public_cache.invalidate(*tags)
            started = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
    return samples


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def query_latency(rounds: int = 10) -> dict:
    """p50/p95 (ms) of the search page over the query set, per engine, and of the bare view."""

    ensure_documents()
    client = Client()
    paths = [f"/{'en' if q.isascii() else 'zh-hans'}/search/?q={quote(q)}" for q in QUERIES]
    bare = _timings(client, ["/bench/bare/"], rounds * len(QUERIES))
    figures = {"bare_p50_ms": _pct(bare, 0.5), "bare_p95_ms": _pct(bare, 0.95)}
    runs = {"database": {"PORTAL_SEARCH_ENGINE": "database"}}
    url = _elasticsearch(settings)
    if url:
        runs["elasticsearch"] = {
            "PORTAL_SEARCH_ENGINE": "elasticsearch",
            "ELASTICSEARCH_URL": url,
            "SEARCH_INDEX_PREFIX": "bench-query-",
        }
    for engine, overrides in runs.items():
        with override_settings(**overrides):
            if engine == "elasticsearch":
                _fill_elasticsearch(es_engine)
            samples = _timings(client, paths, rounds, engine=True)
            if engine == "elasticsearch":
                es_engine.drop_all()
        figures[f"{engine}_p50_ms"] = _pct(samples, 0.5)
        figures[f"{engine}_p95_ms"] = _pct(samples, 0.95)
        figures[f"{engine}_p95_ratio"] = round(_pct(samples, 0.95) / max(figures["bare_p95_ms"], 0.01), 1)
    return figures


def _fill_elasticsearch(es_engine) -> None:
    """The database engine's documents, copied into a fresh Elasticsearch index behind the alias."""

    es_engine.drop_all()
    es_engine.ensure_index()
    es = es_engine.bulk_client()

    def actions():
        docs = SearchDocument.objects.order_by("pk")[:BENCH_DOCUMENTS]
        for doc in docs.iterator(chunk_size=1000):
            shown = doc.display.get("zh-hans") or next(iter(doc.display.values()), {})
            source = {
                "doc_type": doc.doc_type,
                "object_id": doc.object_id,
                "language": doc.language or es_engine.ANY_LANGUAGE,
                "audiences": sorted(audiences_of(doc.audiences)),
                "display": doc.display,
                "title": " ".join(d.get("title", "") for d in doc.display.values()),
                "summary": shown.get("summary", ""),
                "body": " ".join(d.get("text", "") for d in doc.display.values()),
            }
            for name, values in facets_of(doc.facet_values).items():
                source[f"facet_{name}"] = values
            yield {"_index": es_engine.alias(), "_id": f"{doc.doc_type}:{doc.object_id}:{doc.language or '*'}",
                   "_source": source}  # fmt: skip

    helpers.bulk(es, actions(), chunk_size=1000)
    es_engine.refresh()
