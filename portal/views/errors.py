"""Branded, bilingual error pages. They render without the database so they work when it is down."""

from django.shortcuts import render


def _render(request, template, status):
    return render(request, template, {"status": status}, status=status)


def bad_request(request, exception=None):
    return _render(request, "errors/400.html", 400)


def permission_denied(request, exception=None):
    return _render(request, "errors/403.html", 403)


def page_not_found(request, exception=None):
    return _render(request, "errors/404.html", 404)


def server_error(request):
    return _render(request, "errors/500.html", 500)
