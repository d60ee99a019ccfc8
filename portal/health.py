"""Health checks for ``/healthz``. Each returns ``{"status": "ok"|"error"|"skipped", ...}`` and never raises.

``results()`` runs them all and remembers the outcome in the process for
``PORTAL_HEALTH_MEMO_SECONDS`` (counted from the end of the run): ``/healthz`` is public, and
while a service is down a run takes seconds (the broker check alone waits up to 2.5 s), so
without the memo anyone polling it could keep every worker busy with checks. Concurrent
requests wait for the one run under way instead of starting their own. The memo is a module
global, not the Django cache: the cache is one of the things checked, and may be what is down.
"""

import logging
import threading
import time
import uuid
from dataclasses import dataclass

from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection as default_connection
from elasticsearch import Elasticsearch

from portal.celery import app as celery_app

logger = logging.getLogger(__name__)


def _error(exc: Exception) -> dict:
    logger.warning("health check failed: %s", exc)
    return {"status": "error", "error": exc.__class__.__name__}


def check_database(connection) -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure means "unhealthy"
        return _error(exc)


def check_cache(cache) -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        if hasattr(cache, "ping"):  # portal.cache.ResilientRedisCache: ask Redis itself, not its fallback
            cache.ping()
        cache.set(key, "1", timeout=5)
        ok = cache.get(key) == "1"
        cache.delete(key)
        return {"status": "ok" if ok else "error", "backend": type(cache).__name__}
    except Exception as exc:  # noqa: BLE001
        return _error(exc)


def check_broker(settings) -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "skipped", "mode": "eager"}
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
        return {"status": "ok", "transport": transport}
    except Exception as exc:  # noqa: BLE001
        return _error(exc)


def check_search(settings) -> dict:
    engine = settings.PORTAL_SEARCH_ENGINE
    if engine != "elasticsearch":
        return {"status": "ok", "engine": engine}
    try:
        client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=2)
        info = client.cluster.health(timeout="2s")
        return {
            "status": "ok" if info["status"] in ("green", "yellow") else "error",
            "engine": engine,
            "cluster": info["status"],
        }
    except Exception as exc:  # noqa: BLE001
        return _error(exc)


@dataclass(frozen=True)
class Results:
    checks: dict
    took_ms: int
    finished: float  # ``time.monotonic()`` at the end of the run

    @property
    def ok(self) -> bool:
        return all(check["status"] in ("ok", "skipped") for check in self.checks.values())

    def age(self) -> float:
        return time.monotonic() - self.finished


_memo: Results | None = None
_running = threading.Lock()


def _remembered() -> Results | None:
    memo = _memo
    if memo is not None and memo.age() < django_settings.PORTAL_HEALTH_MEMO_SECONDS:
        return memo
    return None


def _run() -> Results:
    started = time.monotonic()
    checks = {
        "database": check_database(default_connection),
        "cache": check_cache(caches["default"]),
        "broker": check_broker(django_settings),
        "search": check_search(django_settings),
    }
    finished = time.monotonic()
    return Results(checks, round((finished - started) * 1000), finished)


def results(*, fresh: bool = False) -> Results:
    """Every check's result: the process's memo while it is younger than ``PORTAL_HEALTH_MEMO_SECONDS``,
    else (or ``fresh``: an operator asking) a new run, remembered."""
    global _memo
    if not fresh and (memo := _remembered()) is not None:
        return memo
    with _running:
        if not fresh and (memo := _remembered()) is not None:  # run by another thread while this one waited
            return memo
        _memo = _run()
        return _memo


def forget() -> None:
    """Drop the memo (tests: each starts without one)."""
    global _memo
    _memo = None
