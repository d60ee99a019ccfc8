"""The request size limit (a translated 413 page) and each request's ``UploadScope``."""

from __future__ import annotations

from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

from portal.uploads.limits import max_request_bytes
from portal.uploads.scope import upload_scope

# --- request size ---------------------------------------------------------------------


class RequestSizeLimitMiddleware:
    """Answer a request whose body exceeds ``PORTAL_UPLOAD_MAX_REQUEST_BYTES`` with a translated 413 page;
    give every other request its ``UploadScope``.

    Checked from ``Content-Length`` before anything parses the body (CSRF checking reads
    ``request.POST``), so a huge upload is neither read into memory nor spooled to disk
    and the member sees what happened instead of a 500 or a reset connection. Put it
    before ``CsrfViewMiddleware``, after ``LocaleMiddleware`` (the page is translated).

    The scope bounds the files and pixels the request's forms validate and, when the
    request ends in any way (a response, an exception, or the ``SystemExit`` with which
    gunicorn stops a worker past its timeout), deletes the files it wrote in transactions
    that did not commit. Only a worker killed outright (SIGKILL) leaves files behind, for
    the daily purge (``catalog.media_cleanup.stray_files``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        allowed = max_request_bytes()
        if length > allowed:
            return render(request, "errors/413.html", {"status": 413, "limit": filesizeformat(allowed)}, status=413)
        with upload_scope():
            return self.get_response(request)
