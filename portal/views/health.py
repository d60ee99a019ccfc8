"""``/healthz``: one JSON document operators and load balancers poll.

Everybody gets the overall status and the HTTP code (200 ok / 503 degraded), which is all a
load balancer needs. The per-component details (which database vendor, which cache backend,
which check failed) are shown only to callers that prove they are operators: a request with
the ``X-Health-Token`` header equal to ``PORTAL_HEALTH_TOKEN``, or, when no token is
configured, a direct request from the loopback interface (not one relayed by a proxy: none carrying
a forwarding header).
"""

import hmac
import ipaddress
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from portal import health


def _may_see_details(request) -> bool:
    token = settings.PORTAL_HEALTH_TOKEN
    if token:
        return hmac.compare_digest(request.headers.get("X-Health-Token", ""), token)
    # Relayed by a proxy: the production proxy sits on the same host and always sends
    # X-Forwarded-Proto, X-Forwarded-For only when configured to (README, "Running in production").
    if any(header in request.headers for header in ("X-Forwarded-For", "X-Forwarded-Proto", "Forwarded")):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


@never_cache
def healthz(request):
    started = time.monotonic()
    checks = {
        "database": health.check_database(connection),
        "cache": health.check_cache(caches["default"]),
        "broker": health.check_broker(settings),
        "search": health.check_search(settings),
    }
    ok = all(check["status"] in ("ok", "skipped") for check in checks.values())
    body = {"status": "ok" if ok else "degraded"}
    if _may_see_details(request):
        body["checks"] = checks
        body["took_ms"] = round((time.monotonic() - started) * 1000)
    return JsonResponse(body, status=200 if ok else 503)
