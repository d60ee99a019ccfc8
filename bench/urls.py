"""URLs for the benchmark only (``portal.settings.bench``): the bare baseline view, the cache
emptier of the cold measurement, then the site.

``portal.urls`` uses ``i18n_patterns``, which Django does not allow inside ``include()``,
so its patterns are prepended to rather than included.
"""

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import path

from portal.urls import handler400, handler403, handler404, handler500
from portal.urls import urlpatterns as portal_urlpatterns

BARE_PATH = "/bench/bare/"
COLD_PATH = "/bench/cold/"


def bare(request):
    """The baseline: the full middleware stack, no template, no database."""
    return HttpResponse(b"bare", content_type="text/plain")


def empty_caches() -> None:
    """Every cache the portal keeps, emptied: as the first visitor after a publish finds them.

    The Django cache aliases hold all of them: the public page cache, and the routes, site
    settings, chrome rows and fragments remembered under its tags (portal/public_cache.py,
    portal/routing.py, portal/navigation.py), Wagtail's site root paths and renditions.
    """
    for alias in settings.CACHES:
        caches[alias].clear()


def cold(request):
    """Empty every cache (``empty_caches``); the harness calls it, untimed, before each cold request."""
    empty_caches()
    return HttpResponse(status=204)


urlpatterns = [
    path(BARE_PATH.strip("/") + "/", bare, name="bench_bare"),
    path(COLD_PATH.strip("/") + "/", cold, name="bench_cold"),
    *portal_urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
