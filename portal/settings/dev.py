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
