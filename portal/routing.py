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
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Page

from portal import navigation, prepared, public_cache
from portal.models.pages import HomePage
from portal.public_cache import pristine

logger = logging.getLogger(__name__)

TAGS = ("pages",)


def _key(request) -> str:
    return f"route:{request._get_raw_host()}:{request.get_port()}:{request.path}"


def route_from_root_paths(request, path: str) -> None:
    """Wagtail's routing for a URL under the portal's home page, in two queries fewer.

    Wagtail finds the active ``Locale`` and the home page in that language (its specific row)
    before ``HomePage.route`` looks for the page: with the cache emptied (the first visitor after
    a publish) that is two queries more on every page. The home page's URL path in each language
    is already in the site root paths, which every page reads for its links anyway
    (``navigation``): the home page and the deepest page under it whose URL path is a prefix of
    the request's are found together in one query, and the page's own ``route`` takes the rest.

    Sets what Wagtail's ``Page.route_for_request`` reads (``request._wagtail_site``,
    ``request._wagtail_route_for_request``); leaves both to Wagtail where its rule could
    differ: no site, a site root that is not the portal's home page, a home page not live in
    the visitor's language (Wagtail falls back to the site's root then).
    """
    if navigation.site_for(request) is None:
        return
    language = navigation.content_language(translation.get_language())
    home_path = next(
        (srp.root_path for srp in navigation.site_root_paths(request) if srp.language_code == language), None
    )
    if home_path is None:
        return
    components = [component for component in path.split("/") if component]
    prefixes = [home_path] + [home_path + "/".join(components[:n]) + "/" for n in range(1, len(components) + 1)]
    rows = prepared.instances("route", _pages_at, url_paths=prefixes)
    home = next((row for row in rows if row.url_path == home_path), None)
    if home is None or not home.live or home.content_type_id != ContentType.objects.get_for_model(HomePage).pk:
        return
    target = max((row for row in rows if row.path.startswith(home.path)), key=lambda row: row.depth)
    try:
        if target is home and components:
            raise Http404  # HomePage.route: no page's URL path is a prefix of the request's
        route = target.specific.route(request, components[target.depth - home.depth :])
    except Http404:
        route = None
    request._wagtail_route_for_request = route


def _pages_at(*, url_paths):
    """The pages at these URL paths, shallowest first (compiled once per number of paths: ``portal.prepared``)."""
    return Page.objects.filter(url_path__in=url_paths).order_by("depth", "path")


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
            path = view_kwargs.get("path", view_args[0] if view_args else "")
            try:
                route_from_root_paths(request, path)
            except Exception:  # Wagtail's own routing answers instead
                logger.warning("routing from the site root paths failed", exc_info=True)
        else:
            request._wagtail_site, request._wagtail_route_for_request = value
        return None
