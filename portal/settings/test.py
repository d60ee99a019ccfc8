"""Settings for ``make test``.

PostgreSQL is used when reachable on 127.0.0.1:5432 (``DATABASE_URL`` overrides),
SQLite otherwise. With ``REQUIRE_SERVICES=1`` an unreachable PostgreSQL is an error.
The broker is Redis for the tests that start a real Celery worker; every other test
runs tasks eagerly.

``make test`` runs the suite in pytest-xdist worker processes (``gw0``, ``gw1``…; tests/conftest.py,
"Workers"). Each has its own test database (pytest-django adds the worker to its name), its
own Redis database (counted down from the one ``REDIS_URL`` names: a worker flushing its cache
or purging its queue never touches another's) and its own media folder.
"""

import os

import dj_database_url

from .base import *  # noqa: F403
from .services import reachable, services_required

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
elif reachable("127.0.0.1", 5432):
    DATABASES = {"default": dj_database_url.parse("postgres://postgres@127.0.0.1:5432/portal")}
elif services_required():
    raise RuntimeError("REQUIRE_SERVICES=1 but PostgreSQL is not reachable on 127.0.0.1:5432")
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

#: "gw0", "gw1"… under pytest-xdist; "" in a single process.
TEST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def worker_redis(url: str, worker: str) -> str:
    """``url`` with its database number lowered by the worker's number (``…/15`` → ``…/14`` for gw1)."""
    base, _, number = url.rpartition("/")
    offset = int(worker.removeprefix("gw") or 0)
    if not number.isdigit() or not offset:
        return url
    return f"{base}/{(int(number) - offset) % 16}"


REDIS_URL = worker_redis(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"), TEST_WORKER)
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = True

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media" / (TEST_WORKER or "main")  # noqa: F405
PORTAL_STAFF_MFA_REQUIRED = True
PORTAL_SHOW_DEMO_CREDENTIALS = False
LOGGING = {"version": 1, "disable_existing_loggers": False}

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ELASTICSEARCH_TEST_URL = os.environ.get("ELASTICSEARCH_TEST_URL", "http://127.0.0.1:9200")
