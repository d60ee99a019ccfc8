"""Benchmark settings for ``make bench`` (bench/run.py) — never a deployment.

Production-like where it changes what a request costs: ``DEBUG = False``,
PostgreSQL with persistent connections, Redis cache (when reachable), database
sessions, hashed static file names served by whitenoise, the same middleware stack.
What differs from production: no TLS redirect or secure-only cookies (plain HTTP on
127.0.0.1), eager Celery, a bench-only URL module (``bench.urls``) that adds the
``/bench/bare/`` baseline view, an insecure secret key.

Safety: bench/run.py drops and recreates this database, so the module refuses to
load unless the database name contains ``bench``.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .services import reachable

DEBUG = False
SECRET_KEY = "bench-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

# The bench URL module mounts /bench/bare/ and then includes portal.urls.
ROOT_URLCONF = "bench.urls"

BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
DATABASES = {"default": dj_database_url.parse(BENCH_DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if "bench" not in str(DATABASES["default"].get("NAME", "")):
    raise ImproperlyConfigured(
        "portal.settings.bench drops and recreates its database: BENCH_DATABASE_URL must name a database "
        f"containing 'bench' (got {DATABASES['default'].get('NAME')!r})."
    )

# Redis as in production when it answers; otherwise local memory (reported by bench/run.py).
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
_redis_host, _, _redis_port = BENCH_REDIS_URL.split("://", 1)[1].split("/", 1)[0].rpartition(":")
if reachable(_redis_host or "127.0.0.1", int(_redis_port or 6379)):
    BENCH_CACHE = "redis"
    # As in production (portal/settings/production.py).
    _REDIS_CACHE = {
        "BACKEND": "portal.cache.ResilientRedisCache",
        "LOCATION": BENCH_REDIS_URL,
        "KEY_PREFIX": "portal-bench",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1},
    }
    CACHES = {
        "default": {**_REDIS_CACHE, "ALIAS": "default", "FALLBACK": "local"},
        "public": {**_REDIS_CACHE, "ALIAS": "public", "FALLBACK": "raise"},
    }
    PORTAL_PUBLIC_CACHE_ALIAS = "public"
else:
    BENCH_CACHE = "locmem"
    # The base settings' local-memory cache, under the bench's own name.
    CACHES = {"default": {**CACHES["default"], "LOCATION": "portal-bench"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"

# Hashed names as in production (bench/run.py runs collectstatic into its own root);
# compression is skipped because it only changes static file serving, which is not measured.
STATIC_ROOT = BASE_DIR / "var" / "bench-static"  # noqa: F405
MEDIA_ROOT = BASE_DIR / "var" / "bench-media"  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PORTAL_SHOW_DEMO_CREDENTIALS = False

# Quiet: one log line per request would be measured too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
