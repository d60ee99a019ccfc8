"""The logging of every environment (``base.LOGGING``; production raises its level)."""

# Every handler passes each record through portal.logging.RedactingFilter first: no password,
# token, key, cookie, allauth link key or resident identity number reaches a log line or an
# error e-mail. Django's own loggers are declared here so that they use these handlers rather
# than Django's defaults (which have no filter); a new handler needs "filters": ["redact"]
# (tests/portal/test_logging.py checks every handler of this dict and of production's).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "portal.logging.RedactingFilter"},
        "refusals": {"()": "portal.logging.RefusalFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]},
        # Errors e-mailed to ADMINS (production: DJANGO_ADMINS); the report itself is cleaned too.
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "redact"],
            "reporter_class": "portal.logging.RedactingExceptionReporter",
        },
        # runserver's request lines (make run).
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # A 403 is logged as one line (portal.logging.RefusalFilter), not with a traceback.
        "django.request": {"filters": ["refusals"]},
        "django.db.backends": {"level": "WARNING"},
        "celery": {"level": "INFO"},
        # The catalogue PDF's font subsetting writes every glyph list at INFO.
        "fontTools": {"level": "WARNING"},
    },
}
