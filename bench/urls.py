"""URLs for the benchmark only (``portal.settings.bench``): the bare baseline view, then the site.

``portal.urls`` uses ``i18n_patterns``, which Django does not allow inside ``include()``,
so its patterns are prepended to rather than included.
"""

from django.http import HttpResponse
from django.urls import path

from portal.urls import handler400, handler403, handler404, handler500
from portal.urls import urlpatterns as portal_urlpatterns

BARE_PATH = "/bench/bare/"


def bare(request):
    """The baseline: the full middleware stack, no template, no database."""
    return HttpResponse(b"bare", content_type="text/plain")


urlpatterns = [path(BARE_PATH.strip("/") + "/", bare, name="bench_bare"), *portal_urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
