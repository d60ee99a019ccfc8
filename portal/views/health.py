"""``/healthz``: one JSON document operators and load balancers poll.

Everybody gets the overall status and the HTTP code (200 ok / 503 degraded), which is all a
load balancer needs. The per-component details (which database vendor, which cache backend,
which check failed) are shown only to callers that prove they are operators: a request with
the ``X-Health-Token`` header equal to ``PORTAL_HEALTH_TOKEN``, or, when no token is
configured, a direct request from the loopback interface (not one relayed by a proxy: none carrying
a forwarding header).

The checks run at most once per ``PORTAL_HEALTH_MEMO_SECONDS`` in each process (``health.results``):
within that window every caller gets the remembered result. Operators read it too, with its age
(``age_s``); ``?fresh=1`` makes their request run the checks now (ignored for everybody else, who
could otherwise run them at will).
"""

import hmac
import ipaddress

from django.conf import settings
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
    operator = _may_see_details(request)
    results = health.results(fresh=operator and request.GET.get("fresh") == "1")
    body = {"status": "ok" if results.ok else "degraded"}
    if operator:
        body |= {"checks": results.checks, "took_ms": results.took_ms, "age_s": round(results.age(), 1)}
    return JsonResponse(body, status=200 if results.ok else 503)
