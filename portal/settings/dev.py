"""The embedded default: SQLite, database search, eager Celery, local media.

``make run`` uses this module; nothing but the virtualenv is needed.
"""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Show demo credentials in the terminal (make run) only in this environment.
PORTAL_SHOW_DEMO_CREDENTIALS = True
# Demo staff accounts are created without an authenticator; requiring MFA
# for them in dev would block the first look at the admin.
PORTAL_STAFF_MFA_REQUIRED = False

# Serve static files straight from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# runserver answers requests in threads, and SQLite allows one writer at a time. WAL lets pages
# read while a form writes. IMMEDIATE takes the write lock when a transaction begins, so a
# second submit waits its turn (up to `timeout` seconds) instead of failing with "database is
# locked": a DEFERRED transaction that has read cannot wait for a writer, SQLite refuses it.
DATABASES = {
    "default": {
        **DATABASES["default"],  # noqa: F405
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }
}

# The covering indexes (INCLUDE columns: search rows, the catalogue's facets) are PostgreSQL's.
# SQLite builds them without those columns, and Django says so at every start (models.W040):
# nothing to act on in development, so `make run` starts without three warnings.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
