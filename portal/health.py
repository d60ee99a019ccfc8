"""Health checks for ``/healthz``. Each returns ``{"status": "ok"|"error"|"skipped", ...}`` and never raises."""

import logging
import uuid

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
