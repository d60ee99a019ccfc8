"""Production: everything comes from the environment (see README, ``.env.example``).

PostgreSQL, Redis (cache and Celery broker), Elasticsearch 8/9, static files
served by whitenoise behind a TLS-terminating reverse proxy.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "https://" + (ALLOWED_HOSTS or ["localhost"])[0])
if not WAGTAILADMIN_BASE_URL.startswith("https://"):
    # Every e-mail's links start with it: a password reset or an invitation over plain HTTP, and a
    # one-click unsubscribe (RFC 8058) that mail programs refuse unless it is HTTPS.
    raise ImproperlyConfigured("WAGTAILADMIN_BASE_URL must be an https:// address.")

DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=60, conn_health_checks=True)}

REDIS_URL = env("REDIS_URL")
# Both caches fail open (portal/cache.py): while Redis is down the default cache (rate
# limits, Wagtail's lookups) lives in process memory for at most 30 s per entry, and the
# public page cache is skipped (pages are rendered, not stored). Short timeouts and a
# circuit breaker keep a request from waiting on a Redis that does not answer.
_REDIS_CACHE = {
    "BACKEND": "portal.cache.ResilientRedisCache",
    "LOCATION": REDIS_URL,
    "KEY_PREFIX": "portal",
    "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1},
    "RETRY_AFTER": 5,
}
CACHES = {
    "default": {**_REDIS_CACHE, "ALIAS": "default", "FALLBACK": "local"},
    "public": {**_REDIS_CACHE, "ALIAS": "public", "FALLBACK": "raise"},
}
PORTAL_PUBLIC_CACHE_ALIAS = "public"
# Sessions live in the database only: a cache outage cannot sign anybody out, and a
# session deleted (signed out) while Redis was down cannot come back from a stale cache.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = False
# Long outbox effects (edition exports) on their own queue, e.g. "long", for a worker of their own.
PORTAL_OUTBOX_LONG_QUEUE = env("PORTAL_OUTBOX_LONG_QUEUE", "") or None

PORTAL_SEARCH_ENGINE = env("PORTAL_SEARCH_ENGINE", "elasticsearch")
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
PORTAL_HEALTH_TOKEN = env("PORTAL_HEALTH_TOKEN", "")
PORTAL_ORPHAN_UPLOAD_DAYS = int(env("PORTAL_ORPHAN_UPLOAD_DAYS", "30"))

MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "var" / "media"))  # noqa: F405
# Private files (originals, documents, attachments, exports): never under MEDIA_ROOT (portal/storages.py).
PORTAL_PRIVATE_MEDIA_ROOT = env("DJANGO_PRIVATE_MEDIA_ROOT", "") or None
STATIC_ROOT = env("DJANGO_STATIC_ROOT", str(BASE_DIR / "var" / "static"))  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", "1") == "1"
# A hung SMTP server must not hold a Celery worker; the task retries instead.
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "15"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# TLS is terminated by the reverse proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# allauth's per-IP rate limits key on REMOTE_ADDR unless proxies are declared. Behind N
# proxies that each append to X-Forwarded-For, set ALLAUTH_TRUSTED_PROXY_COUNT=N so the limit
# sees the visitor's address. Never more than there are: with a count above 0, anyone who
# reaches gunicorn directly picks their own "address" with the header and escapes the limit.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
SECURE_SSL_REDIRECT = env("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

ADMINS = [("Alliance operators", addr) for addr in env_list("DJANGO_ADMINS", "")]

# base.LOGGING (every handler redacts secrets and identity numbers) at the configured level.
LOGGING = {
    **LOGGING,  # noqa: F405
    "root": {**LOGGING["root"], "level": env("DJANGO_LOG_LEVEL", "INFO")},  # noqa: F405
}
