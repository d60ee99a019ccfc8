"""Branded, bilingual error pages. They render without the database so they work when it is down."""

import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

from portal import keep_input

logger = logging.getLogger(__name__)

#: Seconds a client is asked to wait before retrying while the database is unreachable.
RETRY_AFTER = 30


def _render(request, template, status, **context):
    return render(request, template, {"status": status, **context}, status=status)


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        # A form's texts over Django's limit (files apart): told as such, not as a garbled request.
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return _render(request, "errors/413.html", 413, text=True, limit=limit)
    return _render(request, "errors/400.html", 400)


def method_not_allowed(request, allowed: str):
    """A 405 page: the address of a button (a GET after signing in again, a bookmarked action)."""
    response = _render(request, "errors/405.html", 405)
    response["Allow"] = allowed
    return response


def permission_denied(request, exception=None):
    return _render(request, "errors/403.html", 403)


def page_not_found(request, exception=None):
    return _render(request, "errors/404.html", 404)


def server_error(request):
    """The 500 page, or the 503 page when the error was the database being unreachable.

    Django calls this while handling the uncaught exception, wherever it was raised (a view,
    the session or authentication middleware), so ``sys.exc_info`` names it. A lost or refused
    database connection is an outage, not a bug: the visitor is told to retry shortly, and
    nothing was half-written (every write is one transaction).
    """
    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        logger.warning("database unavailable: answered 503 for %s", request.path)
        response = _render(request, "errors/503.html", 503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return _render(request, "errors/500.html", 500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: an expired or missing form token, explained in both languages; a member's edit
    page shows its form again with what was typed (``portal.keep_input``)."""
    return keep_input.kept_after_csrf_failure(request, reason) or _render(request, "errors/403.html", 403, csrf=True)
