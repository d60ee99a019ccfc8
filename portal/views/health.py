"""``/healthz``: one JSON document operators and load balancers poll."""

import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from portal import health


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
    body = {
        "status": "ok" if ok else "degraded",
        "checks": checks,
        "took_ms": round((time.monotonic() - started) * 1000),
    }
    return JsonResponse(body, status=200 if ok else 503)
