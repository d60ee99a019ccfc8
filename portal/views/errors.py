"""Branded, bilingual error pages. They render without the database so they work when it is down."""

from django.shortcuts import render


def _render(request, template, status, **context):
    return render(request, template, {"status": status, **context}, status=status)


def bad_request(request, exception=None):
    return _render(request, "errors/400.html", 400)


def permission_denied(request, exception=None):
    return _render(request, "errors/403.html", 403)


def page_not_found(request, exception=None):
    return _render(request, "errors/404.html", 404)


def server_error(request):
    return _render(request, "errors/500.html", 500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: an expired or missing form token, explained in both languages."""
    return _render(request, "errors/403.html", 403, csrf=True)
