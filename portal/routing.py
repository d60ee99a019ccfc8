"""Remember where a page URL routes: Wagtail's routing costs five queries on every request.

``Page.route_for_request`` finds the request's ``Site`` (one query), the home page in the
active language (``Locale`` and the specific home page: two) and then walks to the page
(``HomePage.route``: the page and its specific row, two more). ``RouteCacheMiddleware``
remembers the outcome per host, port and path, as Wagtail itself keeps it on the request
(``request._wagtail_site``, ``request._wagtail_route_for_request``), so a page rendered
uncached (a signed-in member, a new query string) starts from a cache read instead.

Only a URL that routes to a page itself (no routable sub-path, whose arguments can be
anything) and answers 200 is remembered, so junk paths cannot fill the cache. Entries
carry the public cache's ``pages`` tag: publishing, unpublishing, moving or deleting a
page, a view restriction and a ``Site`` change (portal/signals.py) all make them stale.
Whether the visitor may see the page is still checked on every request, after routing
(Wagtail's ``before_serve_page`` hooks).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db.models import DEFERRED
from wagtail import views as wagtail_views

from portal import public_cache

logger = logging.getLogger(__name__)

TAGS = ("pages",)


def _key(request) -> str:
    return f"route:{request._get_raw_host()}:{request.get_port()}:{request.path}"


def pristine(page):
    """A copy of ``page`` as the database row holds it, without what rendering cached on the instance.

    The route is stored after the page was served: its instance may carry related objects,
    prefetched children or values a template computed. Those can change without the page
    being published (a linked product unpublished, a snippet edited), so only the row's own
    field values are remembered.
    """
    names = [field.attname for field in page._meta.concrete_fields]
    values = [page.__dict__.get(name, DEFERRED) for name in names]
    return type(page).from_db(page._state.db, names, values)


class RouteCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        stamp = getattr(request, "_portal_route_stamp", None)
        if stamp is not None and response.status_code == 200:
            route = getattr(request, "_wagtail_route_for_request", None)
            site = getattr(request, "_wagtail_site", None)
            if route is not None and site is not None and not route[1] and not route[2]:
                try:
                    # The site too: routing cached its root page (and that page's specific
                    # instance, rendered when it is the home page) on it.
                    public_cache.store(_key(request), stamp, (pristine(site), (pristine(route[0]), *route[1:])))
                except Exception:  # the cache is an optimisation: fail open
                    logger.warning("route cache unavailable", exc_info=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            view_func is not wagtail_views.serve
            or request.method not in ("GET", "HEAD")
            or not settings.PORTAL_PUBLIC_CACHE_ENABLED
        ):
            return None
        try:
            stamp, value = public_cache.recall(_key(request), TAGS)
        except Exception:
            logger.warning("route cache unavailable", exc_info=True)
            return None
        if value is public_cache.MISSING:
            request._portal_route_stamp = stamp  # remember what Wagtail finds
        else:
            request._wagtail_site, request._wagtail_route_for_request = value
        return None
